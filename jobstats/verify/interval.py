"""Exact interval arithmetic with open and closed ends.

A published number stands for an interval of true values (``816`` for
``[815.5, 816.5)``); a relation between published numbers maps those intervals to
the interval of values the derived figure can take. The endpoints are exact
:class:`~fractions.Fraction` values, so a boundary case (a value exactly at a
rounding half) is decided exactly, never by binary floating point. An end is
``None`` when the interval is unbounded on that side (e.g. a change from a
value that may be 0).

>>> a = Interval(Fraction(1995, 2), Fraction(2001, 2), hi_closed=False)   # 1.000
>>> str(a)
'[997.5, 1000.5)'
>>> str(a + a)
'[1995, 2001)'
>>> [str(p) for p in divide(Interval.point(1), Interval(Fraction(-1), Fraction(1)))]
['(-inf, -1]', '[1, +inf)']
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from fractions import Fraction

__all__ = ["Interval", "IntervalSet", "divide", "to_fraction"]


def to_fraction(x: float | int | str | Fraction) -> Fraction:
    """The exact value of ``x``; a float is read by its shortest repr (``0.1`` → 1/10).

    >>> to_fraction(1.005)
    Fraction(201, 200)
    """
    if isinstance(x, Fraction):
        return x
    if isinstance(x, int):
        return Fraction(x)
    if isinstance(x, float):
        if not math.isfinite(x):
            raise ValueError(f"not a finite number: {x!r}")
        return Fraction(repr(x))
    return Fraction(x)


# extended reals: a Fraction, or +/-inf as float
_Ext = Fraction | float
_INF = math.inf


def _ext_mul(a: _Ext, b: _Ext) -> _Ext:
    if a == 0 or b == 0:
        return Fraction(0)  # 0 * inf is taken as 0: the other corners cover the limit
    if isinstance(a, float) or isinstance(b, float):
        return _INF if (a > 0) == (b > 0) else -_INF
    return a * b


@dataclass(frozen=True)
class Interval:
    """A non-empty interval of reals, each end open or closed, ``None`` = unbounded.

    Unbounded ends are always open. Use :meth:`make` to get ``None`` instead of an
    error for empty bounds.
    """

    lo: Fraction | None
    hi: Fraction | None
    lo_closed: bool = True
    hi_closed: bool = True

    def __post_init__(self) -> None:
        if self.lo is None and self.lo_closed:
            object.__setattr__(self, "lo_closed", False)
        if self.hi is None and self.hi_closed:
            object.__setattr__(self, "hi_closed", False)
        if self.lo is not None and self.hi is not None and (
            self.lo > self.hi or (self.lo == self.hi and not (self.lo_closed and self.hi_closed))
        ):
            raise ValueError(f"empty interval: {self._text()}")

    @classmethod
    def make(cls, lo: Fraction | None, hi: Fraction | None, lo_closed: bool = True,
             hi_closed: bool = True) -> Interval | None:
        """The interval, or ``None`` when it is empty."""
        if lo is not None and hi is not None and (
            lo > hi or (lo == hi and not (lo_closed and hi_closed))
        ):
            return None
        return cls(lo, hi, lo_closed, hi_closed)

    @classmethod
    def point(cls, x: float | int | str | Fraction) -> Interval:
        """The degenerate interval ``[x, x]``."""
        f = to_fraction(x)
        return cls(f, f)

    @classmethod
    def everything(cls) -> Interval:
        """``(-inf, +inf)``."""
        return cls(None, None, False, False)

    # -- queries ---------------------------------------------------------------
    @property
    def bounded(self) -> bool:
        """Whether both ends are finite."""
        return self.lo is not None and self.hi is not None

    def contains(self, x: float | int | str | Fraction) -> bool:
        """Whether ``x`` lies in the interval (respecting open ends)."""
        f = to_fraction(x)
        if self.lo is not None and (f < self.lo or (f == self.lo and not self.lo_closed)):
            return False
        return not (self.hi is not None and (f > self.hi or (f == self.hi and not self.hi_closed)))

    def intersection(self, other: Interval) -> Interval | None:
        """The common part, or ``None`` when the intervals are disjoint."""
        lo, lo_closed = self.lo, self.lo_closed
        if other.lo is not None and (lo is None or other.lo > lo or
                                     (other.lo == lo and not other.lo_closed)):
            lo, lo_closed = other.lo, other.lo_closed
        hi, hi_closed = self.hi, self.hi_closed
        if other.hi is not None and (hi is None or other.hi < hi or
                                     (other.hi == hi and not other.hi_closed)):
            hi, hi_closed = other.hi, other.hi_closed
        return Interval.make(lo, hi, lo_closed, hi_closed)

    def intersects(self, other: Interval) -> bool:
        """Whether the intervals share at least one point."""
        return self.intersection(other) is not None

    # -- arithmetic --------------------------------------------------------------
    def _ends(self) -> tuple[tuple[_Ext, bool], tuple[_Ext, bool]]:
        lo: _Ext = -_INF if self.lo is None else self.lo
        hi: _Ext = _INF if self.hi is None else self.hi
        return (lo, self.lo_closed), (hi, self.hi_closed)

    @staticmethod
    def _from_ext(lo: _Ext, lo_closed: bool, hi: _Ext, hi_closed: bool) -> Interval:
        return Interval(None if isinstance(lo, float) else lo,
                        None if isinstance(hi, float) else hi, lo_closed, hi_closed)

    def __add__(self, other: Interval) -> Interval:
        lo = None if self.lo is None or other.lo is None else self.lo + other.lo
        hi = None if self.hi is None or other.hi is None else self.hi + other.hi
        return Interval(lo, hi, self.lo_closed and other.lo_closed,
                        self.hi_closed and other.hi_closed)

    def __neg__(self) -> Interval:
        return Interval(None if self.hi is None else -self.hi,
                        None if self.lo is None else -self.lo, self.hi_closed, self.lo_closed)

    def __sub__(self, other: Interval) -> Interval:
        return self + (-other)

    def shift(self, c: Fraction) -> Interval:
        """``self + c``."""
        return Interval(None if self.lo is None else self.lo + c,
                        None if self.hi is None else self.hi + c, self.lo_closed,
                        self.hi_closed)

    def __mul__(self, other: Interval) -> Interval:
        a_lo, a_hi, b_lo, b_hi = self.lo, self.hi, other.lo, other.hi
        if a_lo is not None and b_lo is not None and a_hi is not None and b_hi is not None \
                and a_lo > 0 and b_lo > 0:
            # both positive: the smallest product is lo*lo, the largest hi*hi, each end
            # closed when both factors' ends are (a point has both ends closed)
            return Interval(a_lo * b_lo, a_hi * b_hi, self.lo_closed and other.lo_closed,
                            self.hi_closed and other.hi_closed)
        return self._product(other)

    def _product(self, other: Interval) -> Interval:
        """``self * other`` from the four corners (any signs, unbounded ends)."""
        corners: list[tuple[_Ext, bool]] = []
        for x, xc in self._ends():
            for y, yc in other._ends():
                corners.append((_ext_mul(x, y), xc and yc))
        lo = min(v for v, _ in corners)
        hi = max(v for v, _ in corners)

        def closed(v: _Ext) -> bool:
            if isinstance(v, float):
                return False
            if v == 0:  # a product is 0 exactly when a factor is 0
                return self.contains(0) or other.contains(0)
            # a non-zero extreme of x*y on a box is only reached at corners
            return any(c for w, c in corners if w == v)

        return Interval._from_ext(lo, closed(lo), hi, closed(hi))

    def scale(self, k: Fraction) -> Interval:
        """``self * k``."""
        if k > 0:  # the ends scale in place, open or closed as they were
            return Interval(None if self.lo is None else self.lo * k,
                            None if self.hi is None else self.hi * k, self.lo_closed,
                            self.hi_closed)
        return self * Interval(k, k)

    def reciprocal(self) -> tuple[Interval, ...]:
        """``{1/x : x in self, x != 0}``: no, one or two intervals."""
        if self.lo is not None and self.hi is not None and self.lo > 0:
            # positive and bounded: 1/x is decreasing, the ends swap
            return (Interval(1 / self.hi, 1 / self.lo, self.hi_closed, self.lo_closed),)
        return self._reciprocal()

    def _reciprocal(self) -> tuple[Interval, ...]:
        """:meth:`reciprocal` for any interval."""
        pieces: list[Interval] = []
        lo: Fraction | None
        hi: Fraction | None
        negative = self.intersection(Interval(None, Fraction(0), False, False))
        if negative is not None:  # 1/x is decreasing on x < 0: the ends swap
            assert negative.hi is not None
            lo = None if negative.hi == 0 else 1 / negative.hi
            hi = Fraction(0) if negative.lo is None else 1 / negative.lo
            pieces.append(Interval(lo, hi, negative.hi_closed and lo is not None,
                                   negative.lo_closed and negative.lo is not None))
        positive = self.intersection(Interval(Fraction(0), None, False, False))
        if positive is not None:
            assert positive.lo is not None
            lo = Fraction(0) if positive.hi is None else 1 / positive.hi
            hi = None if positive.lo == 0 else 1 / positive.lo
            pieces.append(Interval(lo, hi, positive.hi_closed and positive.hi is not None,
                                   positive.lo_closed and hi is not None))
        return tuple(pieces)

    # -- display -------------------------------------------------------------------
    def _text(self) -> str:
        lo = "-inf" if self.lo is None else _num(self.lo)
        hi = "+inf" if self.hi is None else _num(self.hi)
        return f"{'[' if self.lo_closed else '('}{lo}, {hi}{']' if self.hi_closed else ')'}"

    def __str__(self) -> str:
        return self._text()


def _num(f: Fraction) -> str:
    if f.denominator == 1:
        return str(f.numerator)
    return f"{float(f):.10g}"  # 10 significant digits


def divide(a: Interval, b: Interval) -> tuple[Interval, ...]:
    """``{x / y : x in a, y in b, y != 0}`` as one or two intervals (none if ``b == [0, 0]``)."""
    return tuple(a * r for r in b.reciprocal())


@dataclass(frozen=True)
class IntervalSet:
    """A finite union of disjoint intervals, sorted; empty when the result is undefined.

    Division by an interval that contains 0 splits the result in two:

    >>> s = IntervalSet.of(divide(Interval.point(1), Interval(Fraction(-1), Fraction(2))))
    >>> str(s)
    '(-inf, -1] ∪ [0.5, +inf)'
    """

    parts: tuple[Interval, ...]

    @classmethod
    def of(cls, intervals: Iterable[Interval]) -> IntervalSet:
        """Union of the intervals (merged where they overlap or touch)."""
        items = sorted(intervals, key=lambda i: (i.lo is not None, i.lo or 0, not i.lo_closed))
        merged: list[Interval] = []
        for item in items:
            if merged:
                last = merged[-1]
                touch = last.hi is None or item.lo is None or item.lo < last.hi or (
                    item.lo == last.hi and (last.hi_closed or item.lo_closed))
                if touch:
                    hi: Fraction | None
                    if last.hi is None or (item.hi is not None and (
                            item.hi < last.hi or (item.hi == last.hi and last.hi_closed))):
                        hi, hi_closed = last.hi, last.hi_closed
                    else:
                        hi, hi_closed = item.hi, item.hi_closed
                    merged[-1] = Interval(last.lo, hi, last.lo_closed, hi_closed)
                    continue
            merged.append(item)
        return cls(tuple(merged))

    def __iter__(self) -> Iterator[Interval]:
        return iter(self.parts)

    def __bool__(self) -> bool:
        return bool(self.parts)

    def __str__(self) -> str:
        return " ∪ ".join(str(p) for p in self.parts) if self.parts else "∅"

    def map(self, other: IntervalSet, op: str) -> IntervalSet:
        """Pairwise ``+``, ``-``, ``*`` or ``/`` of two unions."""
        out: list[Interval] = []
        for x in self.parts:
            for y in other.parts:
                if op == "+":
                    out.append(x + y)
                elif op == "-":
                    out.append(x - y)
                elif op == "*":
                    out.append(x * y)
                elif op == "/":
                    out.extend(divide(x, y))
                else:  # pragma: no cover - programming error
                    raise ValueError(op)
        return IntervalSet.of(out)

    def affine(self, scale: Fraction, shift: Fraction) -> IntervalSet:
        """``{x * scale + shift}``."""
        return IntervalSet.of(p.scale(scale).shift(shift) for p in self.parts)

    def intersects(self, interval: Interval) -> bool:
        """Whether some part meets ``interval``."""
        return any(p.intersects(interval) for p in self.parts)

    def contains(self, x: float | int | str | Fraction) -> bool:
        """Whether ``x`` lies in the union."""
        return any(p.contains(x) for p in self.parts)
