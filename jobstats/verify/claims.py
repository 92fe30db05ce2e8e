"""Claims in a paper's Danish prose, each checked with the rounding-aware relations.

Patterns (the numbers are the published, rounded figures):

========================  ==========================================================
kind                      pattern
========================  ==========================================================
``change``                "fra 804 i 2017 til 816 i 2018, en stigning på 1,5 pct."
                          (a decrease word — fald, faldet, færre, lavere … — makes an
                          unsigned change negative; "procentpoint" makes it a
                          difference of two percentages)
``difference``            "fra 9,1 pct. til 8,6 pct., et fald på 0,5 procentpoint";
                          "12,3 mio. kr., hvilket er 1,2 mio. kr. under budgettet på
                          13,5 mio. kr." (``over``/``under``, ``mere``/``mindre end``)
``sum``                   "4 i løntilskud og 6 i praktik, i alt 10"
``share``                 "6 af de 39 borgere, svarende til 15 pct."
``part_of_whole``         "6 af de 39 borgere" (the part cannot exceed the whole);
                          "i alt 22 …, hvoraf 19 …"
``share_of_count``        "18 pct. af 40 unge" (a share of a head count must give a
                          whole number of people)
``implied_denominator``   "de 18 pct. udgøres af 5 unge" / "udgøres de 18 pct. af 5
                          unge" (5 people are 18 %: some whole number of people
                          must be the 100 %)
``rank``                  "nr. 3 af 98 kommuner" (1 ≤ rank ≤ count; 98 kommuner)
``impossible``            a share above 100 %, a fall of more than 100 %
========================  ==========================================================

Each claim gives a :class:`~jobstats.verify.relations.Verdict` and the
quantities it used; quantities no claim uses are listed as unparsed by the
document report, never guessed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from fractions import Fraction

from jobstats.errors import ValidationError
from jobstats.verify.extract import Quantity, Sentence, quantities
from jobstats.verify.interval import Interval, IntervalSet
from jobstats.verify.number import PublishedNumber, published
from jobstats.verify.relations import (
    Consistency,
    Verdict,
    change_consistent,
    difference_consistent,
    share_consistent,
    sum_consistent,
)

__all__ = ["Claim", "claims_of"]

_DECREASE = re.compile(r"\b(fald\w*|faldt|reducer\w*|reduktion\w*|nedgang\w*|færre|lavere|"
                       r"mindre|aftag\w*|nedbragt\w*|minus)\b", re.IGNORECASE)
_INCREASE = re.compile(r"\b(stig\w*|steg|øg\w*|vækst|flere|højere|mere|tilvækst|forøg\w*|"
                       r"plus)\b", re.IGNORECASE)
_SCALE = {"kr": Fraction(1), "mio_kr": Fraction(10**6), "mia_kr": Fraction(10**9)}


@dataclass(frozen=True)
class Claim:
    """One claim of a sentence: its kind, the claim as written, the verdict and inputs used."""

    kind: str
    text: str
    verdict: Verdict
    used: tuple[Quantity, ...]
    explanation: str = ""


def _num(q: Quantity, rounding: str) -> PublishedNumber:
    """The published number of a quantity, amounts in kroner (``1,2 mio. kr.`` = 1.200.000)."""
    n = published(q.number, rounding=rounding)
    n = replace(n, text=q.text)
    if q.unit == "percent":
        n = replace(n, percent=True)
    scale = _SCALE.get(q.unit)
    if scale is not None and scale != 1 and n.exact is not None:
        step = n.step or Fraction(1)
        n = replace(n, exact=n.exact * scale, unit=step * scale)
    return n


def _signed(n: PublishedNumber, negative: bool) -> PublishedNumber:
    if n.exact is None or not negative or n.exact < 0 or n.text.startswith("+"):
        return n
    return replace(n, exact=-n.exact, text="-" + n.text)


def _direction(sentence: str, at: int) -> bool | None:
    """True for a decrease, False for an increase, None when the sentence does not say.

    The direction word nearest before position ``at`` wins, else the nearest after
    (within 200 characters either side).
    """
    lo = max(0, at - 200)
    window = sentence[lo:at + 200]
    found: list[tuple[int, bool]] = []
    for m in _DECREASE.finditer(window):
        found.append((lo + m.start(), True))
    for m in _INCREASE.finditer(window):
        found.append((lo + m.start(), False))
    if not found:
        return None
    before = [f for f in found if f[0] < at]
    if before:
        return max(before)[1]
    return min(found)[1]


def _span(sentence: str, *qs: Quantity) -> str:
    """The claim as written: from a few words before its first number to its last."""
    lo = min(q.start for q in qs)
    hi = max(q.end for q in qs)
    left = sentence.rfind(" ", 0, max(0, lo - 12))
    return sentence[left + 1 if left >= 0 else 0: hi].strip().lstrip("-–• ").strip()


_WINDOW = 200  # claims are local: every search looks at most this far (linear time)


def _before(sentence: str, q: Quantity, pattern: str) -> bool:
    window = sentence[max(0, q.start - _WINDOW):q.start]
    return re.search(pattern + r"\s*$", window, re.IGNORECASE) is not None


def _between(sentence: str, a: Quantity, b: Quantity) -> str:
    """The text between two quantities ("" when they are too far apart to be one claim)."""
    if b.start - a.end > _WINDOW:
        return ""
    return sentence[a.end:b.start]


def _after(sentence: str, q: Quantity) -> str:
    return sentence[q.end:q.end + _WINDOW]


def claims_of(sentence: Sentence, *, rounding: str = "half_away") -> list[Claim]:
    """Every claim found in one sentence, checked."""
    s = sentence.text
    try:
        qs = quantities(s)
    except ValidationError:  # pragma: no cover - quantities() only matches numbers
        return []
    out: list[Claim] = []
    used: set[int] = set()

    def take(*items: Quantity) -> None:
        used.update(q.start for q in items)

    def free(q: Quantity) -> bool:
        return q.start not in used

    def number(q: Quantity) -> PublishedNumber | None:
        try:
            return _num(q, rounding)
        except ValidationError:
            return None

    # rankings: "nr. 3 af 98", "nr. 3 ud af 98 kommuner", "placering 63 af 98"
    for m in re.finditer(r"\b(?:nr\.|nummer|placering(?:en)?(?:\s+som)?(?:\s+nr\.)?)\s*"
                         r"(?P<r>\d+)\s+(?:ud\s+)?af\s+(?:de\s+|alle\s+)?(?P<n>\d+)"
                         r"(?P<rest>\s+\w+)?", s, re.IGNORECASE):
        r, n = int(m.group("r")), int(m.group("n"))
        rest = (m.group("rest") or "").lower()
        problems = []
        if not 1 <= r <= n:
            problems.append(f"rank {r} is not between 1 and {n}")
        if "kommune" in rest and n > 98:
            problems.append(f"there are 98 kommuner, not {n}")
        rank = published(str(r))
        status = Consistency.INCONSISTENT if problems else Consistency.CONSISTENT
        verdict = Verdict(f"rank {r} of {n}", status, rank,
                          IntervalSet((Interval(Fraction(1), Fraction(min(n, 98) if "kommune"
                                                                     in rest else n)),)),
                          (published(str(n)),))
        inside = tuple(q for q in qs if m.start() <= q.start < m.end())
        out.append(Claim("rank", m.group(0).strip(), verdict, inside,
                         "; ".join(problems) or f"a place from 1 to {n}"))
        take(*inside)

    # level-to-level changes: "fra A … til B …, en stigning på C pct."
    for i, a in enumerate(qs):
        if not free(a) or not _before(s, a, r"\bfra(\s+\S+){0,3}"):
            continue
        b = next((q for q in qs[i + 1:i + 8] if free(q) and q.unit == a.unit
                  and re.search(r"\btil(\s+\S+){0,3}\s*$", _between(s, a, q), re.IGNORECASE)),
                 None)
        if b is None:
            continue
        c = next((q for q in qs[max(0, i - 8):i + 16] if free(q) and q is not a and q is not b
                  and abs(q.start - a.start) <= 2 * _WINDOW and (
            q.unit in ("percent", "points") or (q.unit == a.unit and q.start > b.end))), None)
        if c is None:
            continue
        na, nb, nc = number(a), number(b), number(c)
        if na is None or nb is None or nc is None:
            continue
        decrease = _direction(s, c.start)
        text = _span(s, a, b, c)
        if c.unit == "percent" and a.unit != "points":
            candidates = [_signed(nc, True), nc] if decrease is None and not \
                nc.text.startswith(("+", "-", "−")) else [_signed(nc, bool(decrease))]
            verdicts = [change_consistent(na, nb, x) for x in candidates]
            verdict = next((v for v in verdicts if v.consistent), verdicts[-1])
            kind = "change"
            note = "" if decrease is not None else " (the sentence gives no direction)"
            explanation = verdict.explanation(f"the change from {a.text} to {b.text}") + note
            signed = _signed(nc, bool(decrease))
            if signed.exact is not None and signed.exact < -100:
                verdict = replace(verdict, status=Consistency.INCONSISTENT)
                kind = "impossible"
                explanation = f"a fall of {c.text} is more than 100 %: impossible"
        else:
            # percentage points, or the same unit: a difference after − before
            nc2 = _signed(nc, bool(decrease)) if decrease is not None else nc
            verdict = difference_consistent(nb, na, nc2)
            if decrease is None and not verdict.consistent:
                alt = difference_consistent(nb, na, _signed(nc, True))
                verdict = alt if alt.consistent else verdict
            kind = "difference"
            explanation = verdict.explanation(f"the difference {b.text} − {a.text}")
        out.append(Claim(kind, text, verdict, (a, b, c), explanation))
        take(a, b, c)

    # amounts: "A, hvilket er D under/over … B"
    for i, a in enumerate(qs):
        if not free(a) or a.unit not in _SCALE:
            continue
        for j in range(i + 1, min(len(qs), i + 8)):
            d = qs[j]
            if d.unit not in _SCALE or not re.search(r"hvilket er|dvs\.|altså|svarende til|"
                                                     r"eller", _between(s, a, d)):
                continue
            word_m = re.match(r"\s*(?:\S+\s+){0,2}?(under|over|mindre end|mere end|"
                              r"lavere end|højere end|større end)\b", _after(s, d), re.IGNORECASE)
            if word_m is None:
                continue
            b = next((q for q in qs[j + 1:j + 4] if q.unit in _SCALE), None)
            if b is None:
                # "… hvilket er 4,6 mio. kr. under korrigeret budget": the other amount is
                # not in the sentence, so the claim is found but cannot be checked here
                nd = number(d)
                if nd is None:
                    continue
                target = _after(s, d)[word_m.end():].strip().split(".")[0][:60]
                verdict = Verdict(f"difference {d.text}", Consistency.NOT_CHECKABLE, nd, None,
                                  (), "the amount it is compared with is not in the sentence")
                out.append(Claim("difference", _span(s, a, d), verdict, (a, d),
                                 f"{d.text} {word_m.group(1)} {target!r}: not checkable (the "
                                 "amount it is compared with is not in the sentence)"))
                take(a, d)
                break
            if a.unit == d.unit == b.unit:  # one unit: compare as printed
                na, nd, nb = number(replace(a, unit="count")), number(replace(d, unit="count")), \
                    number(replace(b, unit="count"))
                na, nd, nb = (None if x is None else replace(x, text=q.text)
                              for x, q in ((na, a), (nd, d), (nb, b)))
            else:
                na, nd, nb = number(a), number(d), number(b)
            if na is None or nd is None or nb is None:
                continue
            word = word_m.group(1).lower()
            below = word in ("under", "mindre end", "lavere end")
            verdict = difference_consistent(nb, na, nd) if below else \
                difference_consistent(na, nb, nd)
            what = f"{b.text} − {a.text}" if below else f"{a.text} − {b.text}"
            out.append(Claim("difference", _span(s, a, d, b), verdict, (a, d, b),
                             verdict.explanation(f"the difference {what}")))
            take(a, d, b)
            break

    # "af": "6 af de 39 borgere[, svarende til 15 pct.]" and "18 pct. af 40 unge"
    for i, a in enumerate(qs[:-1]):
        b = qs[i + 1]
        if not free(a) or not free(b) or b.unit != "count":
            continue
        link = _between(s, a, b)
        if not re.fullmatch(r"\s+(?:ud\s+)?af\s+(?:de\s+|i alt\s+|alle\s+|disse\s+)?", link,
                            re.IGNORECASE):
            continue
        na, nb = number(a), number(b)
        if na is None or nb is None:
            continue
        if a.unit == "count":
            p = next((q for q in qs[i + 2:i + 4] if free(q) and q.unit == "percent" and re.search(
                r"svarende til|dvs\.|eller|\(|,|hvilket er", _between(s, b, q))), None)
            if p is not None and (np_ := number(p)) is not None:
                verdict = share_consistent(na, nb, np_)
                out.append(Claim("share", _span(s, a, b, p), verdict, (a, b, p),
                                 verdict.explanation(f"{a.text} of {b.text}")))
                take(a, b, p)
            else:
                verdict = _at_most(na, nb, f"{a.text} of {b.text}")
                out.append(Claim("part_of_whole", _span(s, a, b), verdict, (a, b),
                                 "the part is at most the whole" if verdict.consistent else
                                 f"{a.text} is more than the {b.text} it is part of"))
                take(a, b)
        elif a.unit == "percent":
            if _before(s, a, r"udgør\w*(\s+\S+){0,2}"):
                verdict = _whole_count(nb, na)
                out.append(Claim("implied_denominator", _span(s, a, b), verdict, (a, b),
                                 _denominator_text(verdict, a, b, nb)))
                take(a, b)
            elif _people(_after(s, b)):
                verdict = _part_count(na, nb)
                out.append(Claim("share_of_count", _span(s, a, b), verdict, (a, b),
                                 verdict.explanation(f"{a.text} of {b.text} people")))
                take(a, b)

    # "18 pct. af de unge … udgøres af 5 unge": the count is the part of the share
    for i, a in enumerate(qs):
        if not free(a) or a.unit != "percent":
            continue
        b = next((q for q in qs[i + 1:i + 4] if free(q) and q.unit == "count"
                  and re.search(r"\budgø\w*\s+af\s+(?:\S+\s+){0,1}$", _between(s, a, q),
                                re.IGNORECASE)), None)
        na = number(a)
        nb = None if b is None else number(b)
        if b is None or na is None or nb is None:
            continue
        verdict = _whole_count(nb, na)
        out.append(Claim("implied_denominator", _span(s, a, b), verdict, (a, b),
                         _denominator_text(verdict, a, b, nb)))
        take(a, b)

    # sums: "A og B, i alt C" / "samlet C"
    for k, t in enumerate(qs):
        if not free(t) or not _before(s, t, r"\b(i alt|samlet|tilsammen|totalt)(\s+\S+){0,1}"):
            continue
        parts = [q for q in qs[max(0, k - 12):k] if free(q) and q.unit == t.unit
                 and t.start - q.end <= _WINDOW]
        after = _after(s, t)
        if len(parts) >= 2:
            nums = [number(q) for q in parts]
            nt = number(t)
            if nt is None or any(n is None for n in nums):
                continue
            verdict = sum_consistent([n for n in nums if n is not None], nt)
            out.append(Claim("sum", _span(s, *parts, t), verdict, (*parts, t),
                             verdict.explanation(" + ".join(q.text for q in parts))))
            take(*parts, t)
            continue
        of_m = re.match(r"(?:[^.;]|\.(?=\s*[a-zæøå,]))*?\bhvoraf\s+(?:\S+\s+){0,2}?", after,
                        re.IGNORECASE)
        if of_m:
            part = next((q for q in qs[k + 1:k + 4] if free(q) and q.unit == t.unit
                         and q.start >= t.end + of_m.end() - 1), None)
            if part is not None:
                npart, nt = number(part), number(t)
                if npart is not None and nt is not None:
                    verdict = _at_most(npart, nt, f"{part.text} of {t.text}")
                    out.append(Claim("part_of_whole", _span(s, t, part), verdict, (t, part),
                                     "the part is at most the whole" if verdict.consistent
                                     else f"{part.text} is more than the {t.text} in all"))
                    take(t, part)

    # impossible shares: "120 pct. af …"
    for q in qs:
        if free(q) and q.unit == "percent" and re.match(r"\s+af\b", _after(s, q)):
            pn = number(q)
            if pn is not None and pn.exact is not None and pn.exact > 100:
                verdict = Verdict(f"share {q.text}", Consistency.INCONSISTENT, pn,
                                  IntervalSet((Interval(Fraction(0), Fraction(100)),)), ())
                out.append(Claim("impossible", _span(s, q), verdict, (q,),
                                 f"a share of {q.text} is above 100 %"))
                take(q)
    return out


def _denominator_text(verdict: Verdict, share: Quantity, part: Quantity,
                      n: PublishedNumber) -> str:
    if not verdict.consistent:
        return f"no whole number of which {part.text} is {share.text}"
    wholes = [round(n.exact * 100 / p.lo) for p in verdict.reachable or ()
              if n.exact is not None and p.lo]
    return f"{part.text} as {share.text} implies a whole of {' or '.join(map(str, wholes))}"


_PEOPLE = re.compile(r"\s*(?:\w+\s+){0,1}?(borger\w*|person\w*|unge|ledige|modtagere|"
                     r"kommuner|virksomheder|sager|elever|deltagere|medarbejdere|"
                     r"flygtninge|familier)\b", re.IGNORECASE)


def _people(after: str) -> str:
    """The noun after a count when it counts whole people or things (not full-time persons)."""
    m = _PEOPLE.match(after)
    return m.group(1).lower() if m else ""


def _at_most(part: PublishedNumber, whole: PublishedNumber, relation: str) -> Verdict:
    pi, wi = part.interval, whole.interval
    assert pi is not None and wi is not None
    reachable = IntervalSet((Interval(None, wi.hi, False, wi.hi_closed),))
    ok = pi.lo is None or wi.hi is None or pi.lo < wi.hi or (
        pi.lo == wi.hi and pi.lo_closed and wi.hi_closed)
    return Verdict(relation, Consistency.CONSISTENT if ok else Consistency.INCONSISTENT, part,
                   reachable, (whole,))


def _integers_in(interval: Interval) -> list[int]:
    lo = interval.lo if interval.lo is not None else Fraction(0)
    hi = interval.hi
    if hi is None:
        return [math.ceil(lo)]
    first = math.ceil(lo)
    out = []
    for k in range(first, min(math.floor(hi), first + 3) + 1):
        if interval.contains(k):
            out.append(k)
    return out


def _part_count(share: PublishedNumber, whole: PublishedNumber) -> Verdict:
    """``share`` % of ``whole`` people must be a whole number of people (0 … whole)."""
    assert whole.exact is not None
    n = whole.exact
    relation = f"share {share} of {whole}"
    target = share.interval
    if n.denominator != 1 or n <= 0 or target is None:
        return Verdict(relation, Consistency.NOT_CHECKABLE, share, None, (whole,),
                       "the whole is not a count of people")
    # the parts k with k / n * 100 in the share's interval
    parts = Interval.make(None if target.lo is None else target.lo * n / 100,
                          None if target.hi is None else target.hi * n / 100,
                          target.lo_closed, target.hi_closed)
    hits = [k for k in ([] if parts is None else _integers_in(parts)) if 0 <= k <= n]
    if hits:
        reachable = IntervalSet.of(Interval.point(Fraction(100 * k) / n) for k in hits)
    else:
        mid = (share.exact or Fraction(0)) * n / 100
        near = [k for k in (math.floor(mid), math.ceil(mid)) if 0 <= k <= n]
        reachable = IntervalSet.of(Interval.point(Fraction(100 * k) / n) for k in near)
    return Verdict(relation, Consistency.CONSISTENT if hits else Consistency.INCONSISTENT,
                   share, reachable, (whole,))


def _whole_count(part: PublishedNumber, share: PublishedNumber) -> Verdict:
    """``part`` people being ``share`` % implies a whole number of people as the 100 %."""
    relation = f"{part} as {share}"
    assert part.exact is not None and share.exact is not None
    si = share.interval
    assert si is not None
    if part.exact.denominator != 1 or part.exact <= 0 or si.contains(0):
        return Verdict(relation, Consistency.NOT_CHECKABLE, share, None, (part,),
                       "not a count of people, or a share of 0")
    k = part.exact
    lo = k * 100 / si.hi if si.hi is not None else Fraction(0)
    hi = k * 100 / si.lo if si.lo is not None and si.lo > 0 else None
    wholes = Interval.make(lo, hi, si.hi_closed if si.hi is not None else True,
                           si.lo_closed)
    found = [] if wholes is None else _integers_in(wholes)
    found = [w for w in found if w >= k]
    reachable = IntervalSet(tuple(Interval.point(Fraction(100) * k / w) for w in found)) \
        if found else IntervalSet(())
    return Verdict(relation, Consistency.CONSISTENT if found else Consistency.INCONSISTENT,
                   share, reachable, (part,))


def claim_quantities(sentences: Sequence[Sentence]) -> list[tuple[Sentence, Quantity]]:
    """Every quantity of the sentences (for the list of unparsed numbers)."""
    return [(s, q) for s in sentences for q in quantities(s.text)]
