"""Relations between published numbers, checked with their rounding.

Each check takes published figures (text like ``"1.010"`` or ``"+1,05%"``, or a
:class:`~jobstats.verify.number.PublishedNumber`), turns every input into the
interval of true values it stands for, propagates the intervals through the
relation with exact interval arithmetic, and asks whether the published result
can be the rounding of some reachable value. It returns a :class:`Verdict`:
truthy when consistent, with the reachable interval and the published value.

Averages printed as 1.000 → 1.010 allow any change from +0,90% to +1,10%:

>>> v = change_consistent("1.000", "1.010", "+1,05%")
>>> bool(v), v.printable()
(True, '+0,90% … +1,10%')
>>> bool(change_consistent("300", "310", "+8,00%"))
False
>>> change_consistent(".", "310", "+8,00%").status
<Consistency.NOT_CHECKABLE: 'not checkable'>
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from jobstats.verify._text import counted
from jobstats.verify.interval import Interval, IntervalSet
from jobstats.verify.number import (
    PublishedLike,
    PublishedNumber,
    published,
    round_to_step,
    rounding_interval,
)

__all__ = [
    "Consistency",
    "Verdict",
    "change_consistent",
    "difference_consistent",
    "ratio_consistent",
    "same_consistent",
    "share_consistent",
    "sum_consistent",
]


class Consistency(enum.Enum):
    """The three outcomes of a check."""

    CONSISTENT = "consistent"
    INCONSISTENT = "inconsistent"
    NOT_CHECKABLE = "not checkable"


@dataclass(frozen=True)
class Verdict:
    """The outcome of one relation check.

    ``reachable`` is the set of true values of the derived figure that the
    inputs allow (before rounding; ``None`` when not checkable), ``published`` the
    published figure it is compared with, ``inputs`` the published inputs.
    ``bool(verdict)`` is True only when consistent: a not-checkable verdict is
    falsy too, so test ``verdict.inconsistent`` to find errors.
    """

    relation: str
    status: Consistency
    published: PublishedNumber
    reachable: IntervalSet | None
    inputs: tuple[PublishedNumber, ...] = ()
    reason: str = ""

    def __bool__(self) -> bool:
        return self.status is Consistency.CONSISTENT

    @property
    def consistent(self) -> bool:
        """The published value can follow from the inputs."""
        return self.status is Consistency.CONSISTENT

    @property
    def inconsistent(self) -> bool:
        """The published value cannot follow from the inputs: an error."""
        return self.status is Consistency.INCONSISTENT

    @property
    def checkable(self) -> bool:
        """False when an input or the published value is blinded/empty/undefined."""
        return self.status is not Consistency.NOT_CHECKABLE

    def printable(self) -> str:
        """The published values the inputs allow, at the published precision.

        ``"0,90% … 1,10%"``; pieces of a split interval are joined by ``" | "``;
        an unbounded side prints ``-∞``/``+∞``.
        """
        if self.reachable is None:
            return ""
        step = self.published.step
        texts = []
        for part in self.reachable:
            lo, hi = _printable_ends(part, step)
            lo_text = "-∞" if lo is None else self.published.format(lo)
            hi_text = "+∞" if hi is None else self.published.format(hi)
            texts.append(lo_text if lo == hi and lo is not None else f"{lo_text} … {hi_text}")
        return " | ".join(texts)

    def explanation(self, what: str | None = None) -> str:
        """One line saying what the inputs allow and what was printed, for a report.

        ``what`` names the relation in the reader's words (default: ``relation``).
        Consistent: ``"change 804 → 816 allows 1,4% … 1,6%; printed 1,5%"``;
        inconsistent: ``"… allows 1,4% … 1,6%, not the printed 1,7%"`` (``nothing``
        when no value fits); not checkable: ``"…: not checkable (<reason>)"``.
        """
        what = self.relation if what is None else what
        if self.status is Consistency.NOT_CHECKABLE:
            return f"{what}: not checkable ({self.reason})"
        allowed = self.printable()
        if self.consistent:
            return f"{what} allows {allowed}; printed {self.published}"
        return f"{what} allows {allowed or 'nothing'}, not the printed {self.published}"

    def reachable_text(self, extra_decimals: int = 2) -> str:
        """The reachable interval printed in the published style, with more decimals."""
        if self.reachable is None:
            return ""
        out = []
        if all(e is None or e.denominator == 1 for p in self.reachable for e in (p.lo, p.hi)):
            extra_decimals = 0
        for part in self.reachable:
            lo = "-∞" if part.lo is None else self.published.format(
                part.lo, extra_decimals=extra_decimals)
            hi = "+∞" if part.hi is None else self.published.format(
                part.hi, extra_decimals=extra_decimals)
            out.append(f"{'[' if part.lo_closed else '('}{lo}; {hi}"
                       f"{']' if part.hi_closed else ')'}")
        return " ∪ ".join(out)

    def __str__(self) -> str:
        head = f"{self.relation}: published {str(self.published) or '(empty)'}"
        if self.status is Consistency.NOT_CHECKABLE:
            return f"{head}: not checkable ({self.reason})"
        return (f"{head}, reachable {self.reachable_text()} (prints as {self.printable()}): "
                f"{self.status.value}")


def _printable_ends(part: Interval, step: Fraction | None) -> tuple[Fraction | None,
                                                                    Fraction | None]:
    """The smallest and largest printed values whose rounding interval meets ``part``."""
    if step is None:
        return part.lo, part.hi

    def scan(x: Fraction, direction: int) -> Fraction:
        k = round_to_step(x, step)
        candidates = [k - step, k, k + step]
        hits = [c for c in candidates if rounding_interval(c, step).intersects(part)]
        return min(hits) if direction < 0 else max(hits)

    lo = None if part.lo is None else scan(part.lo, -1)
    hi = None if part.hi is None else scan(part.hi, +1)
    return lo, hi


def _coerce(x: PublishedLike) -> PublishedNumber:
    return published(x)


def _not_checkable(relation: str, result: PublishedNumber,
                   inputs: Sequence[PublishedNumber], names: Sequence[str]) -> Verdict | None:
    for name, number in (*zip(names, inputs, strict=True), ("published", result)):
        if not number.checkable:
            what = "blinded" if number.blinded else "empty"
            return Verdict(relation, Consistency.NOT_CHECKABLE, result, None, tuple(inputs),
                           f"{name} is {what}")
    return None


def _interval(number: PublishedNumber) -> IntervalSet:
    interval = number.interval
    assert interval is not None  # checked by _not_checkable
    return IntervalSet((interval,))


def _decide(relation: str, reachable: IntervalSet, result: PublishedNumber,
            inputs: Sequence[PublishedNumber], undefined: str) -> Verdict:
    if not reachable:
        return Verdict(relation, Consistency.NOT_CHECKABLE, result, reachable, tuple(inputs),
                       undefined)
    target = result.interval
    assert target is not None
    status = Consistency.CONSISTENT if reachable.intersects(target) else Consistency.INCONSISTENT
    return Verdict(relation, status, result, reachable, tuple(inputs))


_HUNDRED = Fraction(100)


def change_consistent(before: PublishedLike, after: PublishedLike,
                      change: PublishedLike) -> Verdict:
    """Whether a published relative change in % (``(after / before - 1) * 100``) can follow.

    The example of DOMAIN.md: Gentofte's insured unemployed 804 → 816, published
    as +1,39%. The exact ratio of the printed numbers gives +1,49%, but the true
    averages lie in [803.5, 804.5) and [815.5, 816.5), so +1,37% … +1,62% is
    reachable:

    >>> v = change_consistent("804", "816", "+1,39%")
    >>> bool(v), v.printable()
    (True, '+1,37% … +1,62%')

    When ``before`` is printed as 0, its true value may be tiny, so the reachable
    change is unbounded in size (though ``0 → 310`` still rules out +8,00%); when
    ``before`` is exactly 0 (``exact=True``) the change is undefined: not checkable.
    """
    b, a, c = _coerce(before), _coerce(after), _coerce(change)
    relation = f"change {b} → {a}"
    blocked = _not_checkable(relation, c, (b, a), ("before", "after"))
    if blocked is not None:
        return blocked
    if b.exact == 0 and a.exact == 0:
        # 0 -> 0: any change is reachable from two tiny true values, so nothing can be
        # learnt; it is never "consistent"
        return Verdict(relation, Consistency.NOT_CHECKABLE, c, None, (b, a),
                       "both levels are 0: the change is undefined")
    reachable = _interval(a).map(_interval(b), "/").affine(_HUNDRED, -_HUNDRED)
    return _decide(relation, reachable, c, (b, a), "before is exactly 0")


def share_consistent(part: PublishedLike, whole: PublishedLike,
                     share: PublishedLike) -> Verdict:
    """Whether a published share in % (``part / whole * 100``) can follow.

    >>> bool(share_consistent("746", "80.215", "0,93%"))
    True
    >>> bool(share_consistent("746", "80.215", "0,98%"))
    False
    """
    p, w, s = _coerce(part), _coerce(whole), _coerce(share)
    return _quotient(f"share {p} of {w}", p, w, s, _HUNDRED, ("part", "whole"),
                     "whole is exactly 0")


def ratio_consistent(numerator: PublishedLike, denominator: PublishedLike,
                     ratio: PublishedLike, *, scale: int | Fraction | None = None) -> Verdict:
    """Whether a published ratio ``numerator / denominator * scale`` can follow.

    ``scale`` defaults to 100 when the ratio is printed with ``%``, else 1.

    >>> bool(ratio_consistent("3,0", "1,5", "2,0")), bool(ratio_consistent("3,0", "1,5", "2,2"))
    (True, False)
    """
    n, d, r = _coerce(numerator), _coerce(denominator), _coerce(ratio)
    k = Fraction(scale) if scale is not None else (_HUNDRED if r.percent else Fraction(1))
    return _quotient(f"ratio {n} / {d}", n, d, r, k, ("numerator", "denominator"),
                     "denominator is exactly 0")


def _quotient(relation: str, top: PublishedNumber, bottom: PublishedNumber,
              printed: PublishedNumber, scale: Fraction, names: tuple[str, str],
              zero: str) -> Verdict:
    """Whether ``printed`` can be ``top / bottom * scale`` (a share, a ratio)."""
    blocked = _not_checkable(relation, printed, (top, bottom), names)
    if blocked is not None:
        return blocked
    reachable = _interval(top).map(_interval(bottom), "/").affine(scale, Fraction(0))
    return _decide(relation, reachable, printed, (top, bottom), zero)


def difference_consistent(a: PublishedLike, b: PublishedLike, diff: PublishedLike) -> Verdict:
    """Whether a published difference ``a - b`` can follow (counts, or % points).

    >>> bool(difference_consistent("9,28", "9,08", "0,20"))
    True
    >>> bool(difference_consistent("9,28", "9,08", "0,23"))
    False
    """
    x, y, d = _coerce(a), _coerce(b), _coerce(diff)
    relation = f"difference {x} − {y}"
    blocked = _not_checkable(relation, d, (x, y), ("a", "b"))
    if blocked is not None:
        return blocked
    return _decide(relation, _interval(x).map(_interval(y), "-"), d, (x, y), "")


def same_consistent(source: PublishedLike, copy: PublishedLike) -> Verdict:
    """Whether ``copy`` (a number a text prints) can be the same figure as ``source``
    (the table cell it quotes), each rounded as printed.

    The reachable set is the true values behind ``source``, so a report shows
    ``816`` against ``816`` (not a difference ``0`` against ``-1 … 1``). The test is
    the same as ``difference_consistent(source, copy, published("0", exact=True))``:
    the two rounding intervals meet.

    >>> v = same_consistent("816", "816")
    >>> bool(v), v.printable()
    (True, '816')
    >>> bool(same_consistent("1.234,5", "1.234")), bool(same_consistent("816", "817"))
    (True, False)
    """
    x, y = _coerce(source), _coerce(copy)
    relation = f"same number as {x}"
    blocked = _not_checkable(relation, y, (x,), ("source",))
    if blocked is not None:
        return blocked
    return _decide(relation, _interval(x), y, (x,), "")


def sum_consistent(parts: Iterable[PublishedLike], total: PublishedLike) -> Verdict:
    """Whether a published total can be the sum of the published parts.

    Each part was rounded on its own, so ``782 = 746 + 26 + 10`` and also
    ``804`` vs ``802 + 0 + 3 = 805`` are consistent (3 parts: ±1,5):

    >>> bool(sum_consistent(["802", "0", "3"], "804"))
    True
    >>> bool(sum_consistent(["802", "0", "3"], "807"))
    False
    """
    ps = tuple(_coerce(p) for p in parts)
    t = _coerce(total)
    relation = "sum of " + counted(len(ps), "part", "parts")
    blocked = _not_checkable(relation, t, ps, tuple(f"part {i + 1}" for i in range(len(ps))))
    if blocked is not None:
        return blocked
    acc = IntervalSet((Interval.point(0),))
    for p in ps:
        acc = acc.map(_interval(p), "+")
    return _decide(relation, acc, t, ps, "")
