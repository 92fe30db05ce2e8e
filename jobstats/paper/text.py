"""Text that verifies itself: sentences in the style of the committee paper.

For each table :func:`describe` writes a few Danish (or English) sentences,
e.g. *"Antallet af fuldtidspersoner i alt er faldet fra 4.103 i 2017 til 3.999
i 2018, svarende til et fald på 2,5 pct."*, and checks **every number in the
sentence** with :mod:`jobstats.verify` against the printed cells of the table
it describes: a level must be the cell (within its rounding), a change in
pct. must follow from the two levels (:func:`~jobstats.verify.change_consistent`),
a difference in points from the two shares
(:func:`~jobstats.verify.difference_consistent`), a share from its count and
the total (:func:`~jobstats.verify.share_consistent`). A sentence whose check
fails is not printed (and the failure is reported), so text and table never
disagree. The Aktivitetsoversigt gets its activation rate, the group with the
highest rate and the largest offer type (totals as sums of the printed cells,
*Aktiverede* also as the sum of the offer types); the user-entered tables
(:func:`~jobstats.paper.usertables.user_kind`) the expected accounts against the
revised budget, the change of a count, and each status row's share.

Each table also gets its notes: *Beskrivelse* (what the table shows) and
*Bemærk* (blinded cells, undefined shares, the 2025 kontanthjælp reform's data
break, target groups that begin or end inside the years shown).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from jobstats import taxonomy as _taxonomy
from jobstats.labels import month_name
from jobstats.numbers import Locale, format_number
from jobstats.paper.usertables import user_kind
from jobstats.tables.table import Language, Table
from jobstats.verify import (
    PublishedNumber,
    Verdict,
    change_consistent,
    difference_consistent,
    published,
    same_consistent,
    share_consistent,
    sum_consistent,
)

__all__ = ["Sentence", "TableText", "describe", "describe_all", "notes_for"]

_NUMBER = re.compile(r"(?<![\w])[+-]?\d+(?:[.,]\d+)*")


@dataclass(frozen=True)
class Sentence:
    """A generated sentence and the checks of the numbers it prints."""

    text: str
    checks: tuple[tuple[str, Verdict], ...]
    labels: tuple[str, ...] = ()
    """Labels of the table the sentence quotes ("1. kvt.", "Dec. 2022"): their digits
    are words, not numbers to check."""

    @property
    def ok(self) -> bool:
        """Every check consistent."""
        return all(v.consistent for _, v in self.checks)


@dataclass(frozen=True)
class TableText:
    """The text of one table: its sentences, Beskrivelse and Bemærk notes."""

    table: str
    sentences: tuple[Sentence, ...]
    description: str
    remarks: tuple[str, ...]
    rejected: tuple[Sentence, ...] = ()

    @property
    def paragraph(self) -> str:
        """The sentences as one paragraph."""
        return " ".join(s.text for s in self.sentences)


def _same(cell: PublishedNumber, shown: PublishedNumber) -> Verdict:
    """``shown`` (the number as the sentence prints it) is the table's ``cell``."""
    return same_consistent(cell, shown)


class _Writer:
    def __init__(self, table: Table, language: Language) -> None:
        self.t = table
        self.da = language == "da"
        self.locale = Locale.DANISH if self.da else Locale.ENGLISH
        self.checks: list[tuple[str, Verdict]] = []
        self.out: list[Sentence] = []
        self.exact = False
        """Whole counts are exact (typed by hand in a user table), not rounded."""

    def pub(self, text: str) -> PublishedNumber:
        """A printed number of this language as :mod:`jobstats.verify` reads it."""
        return published(text, decimal="," if self.da else ".")

    def cell(self, i: int, j: int) -> PublishedNumber:
        number = self.pub(self.t.text(i, j))
        if self.exact and not self.t.columns[j].percent and self.t.columns[j].decimals == 0:
            return published(number, exact=True)
        return number

    def level(self, i: int, j: int) -> str:
        """The cell as a sentence prints it (percent as "pct."/"per cent"), checked."""
        cell = self.t.text(i, j)
        col = self.t.columns[j]
        number = cell.rstrip("%")
        self.checks.append((f"{self.t.row_label(i)} / {col.group} {col.label}",
                            _same(self.pub(cell), self.pub(number + ("%" if col.percent
                                                                     else "")))))
        if col.percent:
            return number + (" pct." if self.da else " per cent")
        return number

    def change(self, i_a: int, j_a: int, i_b: int, j_b: int) -> tuple[str, bool] | None:
        """The relative change between two count cells, 1 decimal, checked."""
        a, b = self.t.values[i_a][j_a], self.t.values[i_b][j_b]
        if not (a == a and b == b) or a == 0:
            return None
        pct = (b / a - 1) * 100
        shown = format_number(abs(pct), 1, locale=self.locale)
        signed = ("-" if pct < 0 else "") + shown + "%"
        self.checks.append((f"{self.t.row_label(i_b)}: change",
                            change_consistent(self.cell(i_a, j_a), self.cell(i_b, j_b),
                                              self.pub(signed))))
        return shown, pct < 0

    def points(self, i_a: int, j_a: int, i_b: int, j_b: int) -> tuple[str, bool] | None:
        """The difference of two percent cells in points, checked."""
        a, b = self.t.values[i_a][j_a], self.t.values[i_b][j_b]
        if not (a == a and b == b):
            return None
        col = self.t.columns[j_b]
        # from the printed (rounded) shares, so the reader can redo the subtraction
        diff = round(float(self.pub(self.t.text(i_b, j_b)).value or 0), col.decimals) - \
            round(float(self.pub(self.t.text(i_a, j_a)).value or 0), col.decimals)
        shown = format_number(abs(diff), col.decimals, locale=self.locale)
        signed = ("-" if diff < 0 else "") + shown
        self.checks.append((f"{self.t.row_label(i_b)}: difference in points",
                            difference_consistent(self.pub(self.t.text(i_b, j_b).rstrip("%")),
                                                  self.pub(self.t.text(i_a, j_a).rstrip("%")),
                                                  self.pub(signed))))
        return shown, diff < 0

    def sum_of(self, cells: Sequence[tuple[int, int]], decimals: int, what: str) -> str:
        """The sum of printed cells as the sentence prints it, checked as their sum."""
        total = sum(float(self.cell(i, j).value or 0.0) for i, j in cells)
        shown = format_number(round(total, decimals), decimals, locale=self.locale)
        self.checks.append((f"{what}: sum", sum_consistent(
            [self.cell(i, j) for i, j in cells], self.pub(shown))))
        return shown

    def share_of(self, part: str, whole: str, what: str) -> str | None:
        """``part`` of ``whole`` (two printed numbers) in % with 1 decimal, checked."""
        a, b = self.pub(part), self.pub(whole)
        if not b.value:
            return None
        shown = format_number(float(a.value or 0.0) / float(b.value) * 100, 1,
                              locale=self.locale)
        self.checks.append((f"{what}: share", share_consistent(a, b, self.pub(shown + "%"))))
        return shown

    def pct(self, shown: str) -> str:
        """``"19,6 pct."`` / ``"19.6 per cent"``."""
        return f"{shown} {'pct.' if self.da else 'per cent'}"

    def say(self, text: str, labels: Sequence[str] = ()) -> None:
        if text.endswith(".."):  # a unit that ends with a full stop ("mio. kr.")
            text = text[:-1]
        self.out.append(Sentence(text, tuple(self.checks), tuple(labels)))
        self.checks = []

    def moved(self, fell: bool, zero: bool) -> str:
        if zero:
            return "uændret" if self.da else "unchanged"
        if self.da:
            return "faldet" if fell else "steget"
        return "fallen" if fell else "risen"


def _lower_first(label: str) -> str:
    """A row label inside an English sentence: "Long-term unemployed, total" →
    "long-term unemployed, total" (a label in capitals, "ABC", stays)."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def _year_groups(table: Table) -> list[str]:
    return [g for g, _, _ in table.header_groups() if re.fullmatch(r"\d{4}", g or "")]


def _col(table: Table, group: str, label: str) -> int | None:
    for j, c in enumerate(table.columns):
        if c.group == group and c.label == label:
            return j
    return None


def _total_row(table: Table) -> int:
    for i, r in enumerate(table.rows):
        if r.total or r.label.casefold().endswith(("i alt", "total")):
            return i
    return len(table.rows) - 1


def _by_year(w: _Writer) -> None:
    """Tables with a column group per year (Målgruppeoversigt, Langtidsledigheden)."""
    t = w.t
    years = _year_groups(t)
    if len(years) < 2:
        return
    y1, y2 = years[-2], years[-1]
    level_label = t.columns[0].label
    ja, jb = _col(t, y1, level_label), _col(t, y2, level_label)
    if ja is None or jb is None:
        return
    i = _total_row(t)
    what = t.row_label(i).lstrip("- ")
    a, b = w.level(i, ja), w.level(i, jb)
    ch = w.change(i, ja, i, jb)
    if ch is None:
        return
    pct, fell = ch
    zero = pct in ("0,0", "0.0")
    if w.da:
        subject = "Antallet af fuldtidspersoner" + (" i alt" if what.casefold() == "i alt"
                                                    else f" ({what.casefold()})")
        if zero:  # no change at one decimal: the same number, or nearly
            w.say(f"{subject} er uændret på {a} i {y1} og {y2}." if a == b else
                  f"{subject} er stort set uændret: {a} i {y1} og {b} i {y2}.")
        else:
            w.say(f"{subject} er {w.moved(fell, zero)} fra {a} i {y1} til {b} i {y2}, "
                  f"svarende til {'et fald' if fell else 'en stigning'} på {pct} pct.")
    else:
        subject = "The number of full-time persons" + ("" if what.casefold() in ("i alt",
                                                                                 "total")
                                                       else f" ({_lower_first(what)})")
        if zero:
            w.say(f"{subject} is unchanged at {a} in {y1} and {y2}." if a == b else
                  f"{subject} is almost unchanged: {a} in {y1} and {b} in {y2}.")
        else:
            w.say(f"{subject} has {w.moved(fell, zero)} from {a} in {y1} to {b} in {y2}, "
                  f"{'a fall' if fell else 'a rise'} of {pct} per cent.")
    share_label = t.columns[1].label if len(t.columns) > 1 and t.columns[1].percent else None
    if share_label:
        sa, sb = _col(t, y1, share_label), _col(t, y2, share_label)
        if sa is not None and sb is not None:
            pts = w.points(i, sa, i, sb)
            s1, s2 = w.level(i, sa), w.level(i, sb)
            if pts is not None:
                zero = pts[0].strip("0,.") == ""  # the same printed share
                if zero:
                    w.say(f"Landsandelen er uændret på {s2}." if w.da else
                          f"The national share is unchanged at {s2}.")
                elif w.da:
                    w.say(f"Landsandelen er {w.moved(pts[1], zero)} fra {s1} til {s2} "
                          f"({pts[0]} procentpoint).")
                else:
                    w.say(f"The national share has {w.moved(pts[1], zero)} from {s1} to {s2} "
                          f"({pts[0]} percentage points).")
    # the largest relative change among the top-level groups
    best: tuple[float, int] | None = None
    for r, row in enumerate(t.rows):
        if r == i or row.depth > 0:
            continue
        va, vb = t.values[r][ja], t.values[r][jb]
        if va == va and vb == vb and va >= 20:
            size = abs(vb / va - 1)
            if best is None or size > best[0]:
                best = (size, r)
    if best is not None:
        r = best[1]
        ch = w.change(r, ja, r, jb)
        if ch is not None:
            w.level(r, ja)
            w.level(r, jb)
            name = t.row_label(r)
            a, b = t.text(r, ja), t.text(r, jb)
            if w.da:
                w.say(f"Den største relative ændring ses for {name.casefold()}: "
                      f"fra {a} til {b} ({'-' if ch[1] else '+'}{ch[0]} pct.).")
            else:
                w.say(f"The largest relative change is for {_lower_first(name)}: from {a} to {b} "
                      f"({'-' if ch[1] else '+'}{ch[0]} per cent).")


def _by_row_year(w: _Writer) -> None:
    """Goal tables: a row per year or period, a column per measure or area."""
    t = w.t
    if len(t.rows) < 2:
        return
    i1, i2 = len(t.rows) - 2, len(t.rows) - 1
    p1, p2 = t.row_label(i1), t.row_label(i2)
    for j, col in enumerate(t.columns[:1]):
        a, b = t.values[i1][j], t.values[i2][j]
        if not (a == a and b == b):
            continue
        name = col.label
        if col.percent:
            pts = w.points(i1, j, i2, j)
            s1, s2 = w.level(i1, j), w.level(i2, j)
            if pts is None:
                continue
            zero = pts[0].strip("0,.") == ""
            if w.da:
                w.say(f"{name}: {s1} i {p1} og {s2} i {p2}"
                      + ("." if zero else f", {'et fald' if pts[1] else 'en stigning'} på "
                         f"{pts[0]} procentpoint."))
            else:
                w.say(f"{name}: {s1} in {p1} and {s2} in {p2}"
                      + ("." if zero else f", {'a fall' if pts[1] else 'a rise'} of "
                         f"{pts[0]} percentage points."))
        elif col.label in ("Placering", "Place"):
            s1, s2 = w.level(i1, j), w.level(i2, j)
            w.say(f"Placering {s1} i {p1} og {s2} i {p2}." if w.da
                  else f"Place {s1} in {p1} and {s2} in {p2}.")
        else:
            s1, s2 = w.level(i1, j), w.level(i2, j)
            ch = w.change(i1, j, i2, j)
            tail = ""
            if ch is not None and ch[0] not in ("0,0", "0.0"):
                tail = (f", svarende til {'et fald' if ch[1] else 'en stigning'} på {ch[0]} pct."
                        if w.da else f", {'a fall' if ch[1] else 'a rise'} of {ch[0]} per cent.")
            w.say((f"{name}: {s1} i {p1} og {s2} i {p2}" if w.da
                   else f"{name}: {s1} in {p1} and {s2} in {p2}") + (tail or "."))
    if t.verdict:
        w.out.append(Sentence("Status: " + t.verdict + ".", ()))


def _ranking(w: _Writer) -> None:
    t = w.t
    own = [i for i, r in enumerate(t.rows) if r.highlight]
    if not own:
        return
    i = own[0]
    last = len(t.columns) - 1  # the share is the last column (an "Antal" column may precede)
    place, share = w.level(i, 0), w.level(i, last)
    if w.da:
        w.say(f"{t.rows[i].label} ligger på plads {place} med {share} af befolkningen "
              "16-66 år.")
    else:
        w.say(f"{t.rows[i].label} is in place {place} with {share} of the population 16-66.")


def _point(w: _Writer) -> None:
    t = w.t
    parts = []
    for i, row in enumerate(t.rows):
        ch = w.change(i, 0, i, 1)
        if ch is None:
            continue
        a, b = w.level(i, 0), w.level(i, 1)
        sign = "-" if ch[1] else "+"
        if i == 0:
            parts.append(f"I {row.label} er antallet {w.moved(ch[1], False)} fra {a} til {b} "
                         f"({sign}{ch[0]} pct.)" if w.da else
                         f"In {row.label} the number has {w.moved(ch[1], False)} from {a} "
                         f"to {b} ({sign}{ch[0]} per cent)")
        else:
            parts.append(f"{sign}{ch[0]} pct. i {row.label}" if w.da
                         else f"{sign}{ch[0]} per cent in {row.label}")
    if parts:
        head = (t.columns[0].label + "–" + t.columns[1].label)
        head = head.lower() if w.da else head
        if len(parts) > 1:  # "mod a, b og c"
            others = ", ".join(parts[1:-1]) + (" og " if w.da else " and ") + parts[-1] \
                if len(parts) > 2 else parts[1]
            text = parts[0] + (", mod " if w.da else ", against ") + others
        else:
            text = parts[0]
        w.say(f"{text} ({head}).")


def _composition(w: _Writer) -> None:
    t = w.t
    body = [r for r, row in enumerate(t.rows)
            if not row.total and row.label.casefold() not in ("i alt", "total")
            and t.values[r][0] == t.values[r][0]]
    totals = [r for r in range(len(t.rows)) if r not in body and t.values[r][0] == t.values[r][0]]
    if not body or not totals:
        return
    i = max(body, key=lambda r: t.values[r][0])
    n = w.level(i, 0)
    total_text = w.level(totals[-1], 0)
    # the table's whole-% shares are rounded to sum to 100 (largest remainder), so the
    # text gives the share with one decimal, from the printed count and total
    count, whole = w.cell(i, 0), w.cell(totals[-1], 0)
    if not whole.value:
        return
    share = format_number((count.value or 0.0) / whole.value * 100, 1, locale=w.locale)
    w.checks.append(("share of the total", share_consistent(count, whole,
                                                            w.pub(share + "%"))))
    unit = "pct." if w.da else "per cent"
    if w.da:
        w.say(f"Den største gruppe er {t.rows[i].label.casefold()} med {n} fuldtidspersoner, "
              f"svarende til {share} {unit} af i alt {total_text}.")
    else:
        w.say(f"The largest group is {_lower_first(t.rows[i].label)} with {n} full-time persons, "
              f"{share} {unit} of the total {total_text}.")


def _company(w: _Writer) -> None:
    """Virksomhedsrettet tilbud: løntilskud and virksomhedspraktik together, all groups,
    the last two years (the sum of the printed cells, checked as a sum)."""
    t = w.t
    years = _year_groups(t)
    if len(years) < 2:
        return
    totals: list[tuple[str, str]] = []
    for year in years[-2:]:
        cols = [j for j, c in enumerate(t.columns) if c.group == year and not c.percent]
        cells = [(i, j) for i in range(len(t.rows)) for j in cols
                 if t.values[i][j] == t.values[i][j]]
        if not cells:
            return
        decimals = max(t.columns[j].decimals for j in cols)
        # the sum of the printed cells: what a reader adding up the table gets
        totals.append((year, w.sum_of(cells, decimals, year)))
    (y1, a), (y2, b) = totals
    before, after = w.pub(a), w.pub(b)
    if not before.value:
        return
    pct = ((after.value or 0.0) / before.value - 1) * 100
    pct_text = format_number(abs(pct), 1, locale=w.locale)
    w.checks.append(("change of the sum", change_consistent(
        before, after, w.pub(("-" if pct < 0 else "") + pct_text + "%"))))
    fell = pct < 0
    zero = pct_text in ("0,0", "0.0")
    if w.da:
        head = ("Antallet af fuldtidspersoner i virksomhedsrettet tilbud (løntilskud og "
                "virksomhedspraktik, alle målgrupper) er ")
        if zero:
            w.say(head + (f"uændret på {a} i {y1} og {y2}." if a == b else
                          f"stort set uændret: {a} i {y1} og {b} i {y2}."))
        else:
            w.say(head + f"{w.moved(fell, zero)} fra {a} i {y1} til {b} i {y2}, svarende "
                  f"til {'et fald' if fell else 'en stigning'} på {pct_text} pct.")
    else:
        head = ("Full-time persons in company-based offers (wage subsidy and internship, "
                "all groups) ")
        if zero:
            w.say(head + (f"are unchanged at {a} in {y1} and {y2}." if a == b else
                          f"are almost unchanged: {a} in {y1} and {b} in {y2}."))
        else:
            w.say(head + f"have {w.moved(fell, zero)} from {a} in {y1} to {b} in {y2}, "
                  f"{'a fall' if fell else 'a rise'} of {pct_text} per cent.")


def _present(w: _Writer, cells: Sequence[tuple[int, int]]) -> bool:
    """Every cell printed as a number (not blinded, not empty): a sum needs them all."""
    return all(not w.t.blinded[i][j] and w.t.values[i][j] == w.t.values[i][j]
               for i, j in cells)


def _activity(w: _Writer) -> None:
    """Aktivitetsoversigt (one year): the activation rate of all target groups, the
    group with the highest rate, and the largest offer type. Every total is the sum
    of the printed cells of the top-level groups; the *Aktiverede* printed in a
    sentence is also checked against the offer types it is the sum of, so a table
    whose *Aktiverede* does not follow from its offer types gets no sentence."""
    t = w.t
    if len(t.columns) < 3:
        return
    ja, jp = len(t.columns) - 2, len(t.columns) - 1  # Aktiverede, Passive
    offers = range(ja)
    totals = [i for i, r in enumerate(t.rows) if r.total]
    rows = totals[:1] or [i for i, r in enumerate(t.rows) if r.depth == 0]
    if not rows or not _present(w, [(i, j) for i in rows for j in (ja, jp)]):
        return
    year = next(iter(re.findall(r"\b(?:19|20)\d\d\b", t.title)), "")
    when = (f" i {year}" if w.da else f" in {year}") if year else ""
    dec = t.columns[ja].decimals
    offer_cells = [(i, j) for i in rows for j in offers if _present(w, [(i, j)])]

    def activated(what: str) -> str:
        """The printed Aktiverede total, checked as the sum of its cells and of the
        offer types."""
        shown = (w.level(rows[0], ja) if len(rows) == 1
                 else w.sum_of([(i, ja) for i in rows], dec, f"{what}: aktiverede"))
        w.checks.append((f"{what}: aktiverede = the offer types", sum_consistent(
            [w.cell(i, j) for i, j in offer_cells], w.pub(shown))))
        return shown

    # 1. the activation rate of the whole table
    act = activated("all groups")
    passive = (w.level(rows[0], jp) if len(rows) == 1
               else w.sum_of([(i, jp) for i in rows], dec, "all groups: passive"))
    whole = format_number(round(float(w.pub(act).value or 0.0)
                                + float(w.pub(passive).value or 0.0), dec), dec,
                          locale=w.locale)
    w.checks.append(("all groups: aktiverede + passive", sum_consistent(
        [w.pub(act), w.pub(passive)], w.pub(whole))))
    rate = w.share_of(act, whole, "activation rate")
    if rate is not None:
        if w.da:
            w.say(f"I alt var {act} fuldtidspersoner aktiveret{when} og {passive} passive, "
                  f"så aktiveringsgraden er {w.pct(rate)} af de {whole} fuldtidspersoner "
                  "i målgrupperne.")
        else:
            w.say(f"In all, {act} full-time persons were activated{when} and {passive} "
                  f"were passive: an activation rate of {w.pct(rate)} of the {whole} "
                  "full-time persons in the target groups.")
    else:
        w.checks = []
    # 2. the top-level group with the highest activation rate (groups of 20 or more)
    groups = [i for i, r in enumerate(t.rows) if r.depth == 0 and not r.total
              and _present(w, [(i, ja), (i, jp)])]
    best: tuple[float, int] | None = None
    for i in groups:
        on, off = float(w.cell(i, ja).value or 0.0), float(w.cell(i, jp).value or 0.0)
        if on + off >= 20 and (best is None or on / (on + off) > best[0]):
            best = (on / (on + off), i)
    if best is not None and len(groups) > 1:
        i = best[1]
        name = t.row_label(i)
        a, p = w.level(i, ja), w.level(i, jp)
        mine = [(i, j) for j in offers if _present(w, [(i, j)])]
        w.checks.append((f"{name}: aktiverede = the offer types", sum_consistent(
            [w.cell(r, j) for r, j in mine], w.pub(a))))
        both = format_number(round(float(w.pub(a).value or 0.0)
                                   + float(w.pub(p).value or 0.0), dec), dec, locale=w.locale)
        w.checks.append((f"{name}: aktiverede + passive", sum_consistent(
            [w.pub(a), w.pub(p)], w.pub(both))))
        share = w.share_of(a, both, f"{name}: activation rate")
        if share is not None:
            w.say(f"Den højeste aktiveringsgrad har {name.casefold()}: {a} af {both} "
                  f"fuldtidspersoner ({w.pct(share)})." if w.da else
                  f"The highest activation rate is for {_lower_first(name)}: {a} of {both} "
                  f"full-time persons ({w.pct(share)}).",
                  labels=(name, name.casefold(), _lower_first(name)))
        else:
            w.checks = []
    # 3. the largest offer type, as a share of the activated
    sums = []
    for j in offers:
        cells = [(i, j) for i in rows]
        if _present(w, cells):
            sums.append((sum(float(w.cell(i, j).value or 0.0) for i, j in cells), j))
    if not sums:
        return
    _, j = max(sums)
    label = t.columns[j].label
    size = (w.level(rows[0], j) if len(rows) == 1
            else w.sum_of([(i, j) for i in rows], t.columns[j].decimals, label))
    act = activated(label)
    share = w.share_of(size, act, f"{label} of the activated")
    if share is None:
        w.checks = []
        return
    if w.da:
        w.say(f"Den største tilbudstype er {label.casefold()} med {size} fuldtidspersoner, "
              f"{w.pct(share)} af de {act} aktiverede.", labels=(label.casefold(),))
    else:
        w.say(f"The largest offer type is {label.casefold()} with {size} full-time persons, "
              f"{w.pct(share)} of the {act} activated.", labels=(label.casefold(),))


def _total_is_sum(w: _Writer, total: int, j: int) -> None:
    """Check the printed total row of column ``j`` as the sum of the rows above it."""
    body = [i for i, r in enumerate(w.t.rows[:total]) if not r.total and r.depth == 0]
    if body and _present(w, [(i, j) for i in body]):
        w.checks.append((f"{w.t.row_label(total)} / {w.t.columns[j].label}: sum of the rows",
                         sum_consistent([w.cell(i, j) for i in body], w.cell(total, j))))


def _unit(t: Table, j: int) -> str:
    """`` mio. kr.`` after an amount when the table names its unit."""
    return f" {t.columns[j].group}" if t.columns[j].group else ""


def _economy(w: _Writer) -> None:
    """User-entered economic status: the expected accounts against the revised budget
    (on the "I alt" row, else the only row), and the row with the largest deviation.
    The deviation is the printed *Afvigelse* cell, checked as forventet − korrigeret."""
    t = w.t
    totals = [i for i, r in enumerate(t.rows) if r.total]
    i = totals[0] if totals else (0 if len(t.rows) == 1 else None)
    jk, jf, jd = 1, 2, 3  # korrigeret budget, forventet regnskab, afvigelse

    def deviation(r: int) -> tuple[str, str] | None:
        """The printed deviation without its sign and the direction, checked."""
        if not _present(w, [(r, jk), (r, jf), (r, jd)]):
            return None
        text = t.text(r, jd)
        w.checks.append((f"{t.row_label(r)}: afvigelse = forventet − korrigeret",
                         difference_consistent(w.cell(r, jf), w.cell(r, jk), w.pub(text))))
        value = float(w.pub(text).value or 0.0)
        if value == 0:
            return text.lstrip("-"), ""
        if w.da:
            return text.lstrip("-"), "under" if value < 0 else "over"
        return text.lstrip("-"), "below" if value < 0 else "above"

    if i is not None:
        got = deviation(i)
        if got is not None:
            f, k = w.level(i, jf), w.level(i, jk)
            if totals:
                _total_is_sum(w, i, jf)
                _total_is_sum(w, i, jk)
            amount, side = got
            uf, uk = _unit(t, jf), _unit(t, jk)
            if w.da:
                w.say(f"Det forventede regnskab er {f}{uf}, "
                      + (f"{amount}{_unit(t, jd)} {side} det korrigerede budget på {k}{uk}."
                         if side else f"det samme som det korrigerede budget på {k}{uk}."),
                      labels=(t.columns[jf].group,))
            else:
                w.say(f"The expected accounts are {f}{uf}, "
                      + (f"{amount}{_unit(t, jd)} {side} the revised budget of {k}{uk}."
                         if side else f"the same as the revised budget of {k}{uk}."),
                      labels=(t.columns[jf].group,))
    body = [r for r, row in enumerate(t.rows) if not row.total
            and _present(w, [(r, jk), (r, jf), (r, jd)])]
    if len(body) < 2:
        return
    r = max(body, key=lambda r: abs(t.values[r][jd]))
    got = deviation(r)
    if got is None or not got[1]:
        w.checks = []
        return
    amount, side = got
    name = t.row_label(r)
    w.say(f"Den største afvigelse er på {name.casefold()}: {amount}{_unit(t, jd)} {side} "
          "det korrigerede budget." if w.da else
          f"The largest deviation is for {name}: {amount}{_unit(t, jd)} {side} the revised "
          "budget.", labels=(name, name.casefold(), t.columns[jd].group))


def _status(w: _Writer) -> None:
    """User-entered status after a forløb: each row's count and share of the total."""
    t = w.t
    totals = [i for i, r in enumerate(t.rows) if r.total]
    body = [i for i, r in enumerate(t.rows) if not r.total]
    if not totals or not body or not _present(w, [(i, j) for i in (*body, totals[0])
                                                  for j in (0, 1)]):
        return
    whole = w.level(totals[0], 0)
    _total_is_sum(w, totals[0], 0)
    parts = []
    for i in body:
        n, share = w.level(i, 0), w.level(i, 1)
        w.checks.append((f"{t.row_label(i)}: andel = antal / i alt", share_consistent(
            w.cell(i, 0), w.cell(totals[0], 0), w.cell(i, 1))))
        label = t.row_label(i).casefold() if w.da else t.row_label(i)
        parts.append(f"{label} {n} ({share})")
    joined = (", ".join(parts[:-1]) + (" og " if w.da else " and ") + parts[-1]
              if len(parts) > 1 else parts[0])
    w.say(f"Af i alt {whole}: {joined}." if w.da else f"Of the total of {whole}: {joined}.",
          labels=tuple(t.row_label(i).casefold() if w.da else t.row_label(i) for i in body))


_MONTH = re.compile(
    r"(?:Januar|Februar|Marts|April|Maj|Juni|Juli|August|September|Oktober|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Okt|Nov|Dec)\.?(?=[\s\d]|$)")


def _in_sentence(label: str, da: bool) -> str:
    """A column label as a Danish sentence quotes it: a month (name or abbreviation)
    lower-cased, as Danish writes months ("30 i dec. 2021", not "i Dec. 2021"); every
    other label, and every label in English, as the user wrote it."""
    if da and _MONTH.match(label):
        return label[0].lower() + label[1:]
    return label


def _counts(w: _Writer) -> None:
    """User-entered counts: the total (or only) row from the first column to the last
    when the columns are periods (their labels hold a number: "Dec. 2022", "2. kvt."),
    and the largest row of the last column."""
    t = w.t
    totals = [i for i, r in enumerate(t.rows) if r.total]
    i = totals[0] if totals else (0 if len(t.rows) == 1 else None)
    last = len(t.columns) - 1
    periods = last > 0 and all(re.search(r"\d", c.label) for c in t.columns)
    if i is not None and periods and _present(w, [(i, 0), (i, last)]):
        a, b = w.level(i, 0), w.level(i, last)
        if totals:
            _total_is_sum(w, i, 0)
            _total_is_sum(w, i, last)
        p1, p2 = (_in_sentence(t.columns[j].label, w.da) for j in (0, last))
        what = t.title + ("" if not totals else (" i alt" if w.da else ", total"))
        ch = w.change(i, 0, i, last)
        tail = "."
        if ch is not None and ch[0] not in ("0,0", "0.0"):
            tail = (f", svarende til {'et fald' if ch[1] else 'en stigning'} på {ch[0]} pct."
                    if w.da else f", {'a fall' if ch[1] else 'a rise'} of {ch[0]} per cent.")
        w.say((f"{what}: {a} i {p1} og {b} i {p2}" if w.da
               else f"{what}: {a} in {p1} and {b} in {p2}") + tail, labels=(what, p1, p2))
    body = [r for r, row in enumerate(t.rows) if not row.total and _present(w, [(r, last)])]
    if totals and len(body) > 1 and _present(w, [(totals[0], last)]):
        r = max(body, key=lambda r: t.values[r][last])
        n, whole = w.level(r, last), w.level(totals[0], last)
        _total_is_sum(w, totals[0], last)
        col = _in_sentence(t.columns[last].label, w.da)
        name = t.row_label(r)
        w.say(f"Den største post ({col}) er {name.casefold()} med {n} af {whole}." if w.da
              else f"The largest item ({col}) is {name} with {n} of {whole}.",
              labels=(col, name, name.casefold()))


def describe(table: Table, *, language: Language | None = None,
             taxonomy: _taxonomy.Taxonomy | None = None) -> TableText:
    """The sentences, Beskrivelse and Bemærk of ``table`` (numbers checked)."""
    lang: Language = language or table.language
    t = table if table.language == lang else table.with_language(lang)
    w = _Writer(t, lang)
    if t.name == "rangliste_uddannelseshjaelp" or t.name.startswith("rangliste"):
        _ranking(w)
    elif t.name.startswith("punkt"):
        _point(w)
    elif t.name == "sammensaetning":
        _composition(w)
    elif t.name == "virksomhedsrettet_tilbud":
        _company(w)
    elif t.name == "aktivitetsoversigt":
        _activity(w)
    elif user_kind(t) == "economy":
        _economy(w)
    elif user_kind(t) == "status":
        w.exact = True  # as the user table's own checks take them
        _status(w)
    elif user_kind(t) == "counts":
        w.exact = True
        _counts(w)
    elif _year_groups(t):
        _by_year(w)
    elif t.stub in ("År", "Year", "Periode", "Period") or t.name.startswith("maal"):
        _by_row_year(w)
    good = tuple(s for s in w.out if s.ok)
    bad = tuple(s for s in w.out if not s.ok)
    return TableText(t.name, good, t.description, notes_for(t, taxonomy=taxonomy), bad)


def describe_all(tables: Iterable[Table], *, language: Language = "da",
                 taxonomy: _taxonomy.Taxonomy | None = None) -> tuple[TableText, ...]:
    """:func:`describe` of every table."""
    return tuple(describe(t, language=language, taxonomy=taxonomy) for t in tables)


def _years(table: Table) -> list[int]:
    found = {int(g) for g in _year_groups(table)}
    for row in table.rows:
        if re.fullmatch(r"\d{4}", row.label):
            found.add(int(row.label))
    for m in re.finditer(r"\b(20\d\d)\b", table.title):
        found.add(int(m.group(1)))
    return sorted(found)


def notes_for(table: Table, *, taxonomy: _taxonomy.Taxonomy | None = None
              ) -> tuple[str, ...]:
    """*Bemærk* notes of a table: blinded cells, undefined shares, data breaks."""
    tx = taxonomy or _taxonomy.default()
    da = table.language == "da"
    out: list[str] = []
    if any(any(r) for r in table.blinded):
        out.append("Bemærk: \".\" angiver diskretionerede tal (for få personer til at kunne "
                   "vises); de er ikke 0." if da else
                   "Note: \".\" marks blinded figures (too few persons to be shown); they are "
                   "not 0.")
    empty_share = any(not table.blinded[i][j] and table.values[i][j] != table.values[i][j]
                      and c.percent and not c.change
                      for i in range(len(table.rows)) for j, c in enumerate(table.columns))
    if empty_share:
        out.append("Bemærk: En tom andel betyder, at landets værdi er 0, så andelen er ikke "
                   "defineret." if da else
                   "Note: an empty share means the national value is 0, so the share is "
                   "undefined.")
    years = _years(table)
    labels = " ".join([table.title, *(r.label for r in table.rows)]).casefold()
    if years and years[-1] >= 2025 and years[0] <= 2025 and "kontanthjælp" in labels:
        out.append("Bemærk: Kontanthjælpsreformen 2025 giver et databrud: jobindsats-tabel "
                   "Y36A02 er afløst af Y60A02 fra juli 2025." if da else
                   "Note: the 2025 social assistance reform breaks the series: jobindsats "
                   "table Y36A02 is replaced by Y60A02 from July 2025.")
    if years:
        for row in table.rows:
            group = tx.groups.get(row.key)
            if group is None:
                continue
            spans = []
            for when, word_da, word_en in ((group.valid_from, "fra", "from"),
                                           (group.valid_to, "til", "until")):
                if when is not None and years[0] <= int(when.year) <= years[-1]:
                    spans.append((word_da if da else word_en,
                                  f"{month_name(when.month, 'da' if da else 'en')} "
                                  f"{when.year}"))
            if spans:
                span = " ".join(f"{w} {d}" for w, d in spans)
                out.append(f"Bemærk: {row.label} findes kun {span} (ændret lovgivning eller "
                           "definition); tal før og efter kan ikke sammenlignes direkte." if da
                           else f"Note: {row.label} exists only {span} (changed law or "
                           "definition); figures before and after are not directly "
                           "comparable.")
    return tuple(out)


def numbers_in(text: str) -> list[str]:
    """The numbers printed in a sentence (for tests and reviewers)."""
    return _NUMBER.findall(text)


def checked_numbers(sentence: Sentence) -> set[str]:
    """The printed forms of every number the sentence's checks cover."""
    out: set[str] = set()
    for _, v in sentence.checks:
        for n in (v.published, *v.inputs):
            text = str(n.text).lstrip("+").rstrip("%")
            out.add(text)
            out.add(text.lstrip("-"))
    return out


def unchecked(sentences: Sequence[Sentence]) -> list[tuple[str, str]]:
    """``(sentence, number)`` for every printed number no check covers (should be none,
    apart from years and the period labels)."""
    bad = []
    for s in sentences:
        covered = checked_numbers(s)
        text = s.text
        for label in sorted(s.labels, key=len, reverse=True):
            text = text.replace(label, " ")
        for n in numbers_in(text):
            plain = n.lstrip("+-")
            if re.fullmatch(r"(19|20)\d\d", plain) or plain in ("16", "66"):
                continue
            if plain not in covered:
                bad.append((s.text, n))
    return bad
