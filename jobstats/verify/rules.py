"""The relation rules of a published table, each with its own ``columns()`` and ``check()``.

=====================  ========================================================
rule                   holds in every row (or the rows listed in ``rows``)
=====================  ========================================================
:class:`Change`        ``change`` = (``after`` / ``before`` − 1) × 100
:class:`Share`         ``share`` = ``part`` / ``whole`` × 100 (``whole`` is a
                       column, or the ``part`` column in row ``whole_row``)
:class:`Difference`    ``diff`` = ``a`` − ``b``
:class:`Ratio`         ``ratio`` = ``numerator`` / ``denominator`` × ``scale``
:class:`ColumnSum`     ``total`` = sum of the ``parts`` columns
:class:`ChildrenSum`   each parent row = sum of its sub-rows (rows with the
                       child prefix), in ``columns``
:class:`RowSum`        row ``total`` = sum of rows ``parts`` (or all parent rows)
:class:`ImpliedDe…`    ``count`` / ``share`` × 100 is one denominator for all
                       rows (:class:`ImpliedDenominator`)
=====================  ========================================================

:func:`copied_columns` finds a column that repeats another value for value.

>>> from jobstats.verify.engine import PublishedTable
>>> t = PublishedTable.from_rows(["g", "2017", "2018", "yoy"], [["A", "804", "816", "+1,39%"]])
>>> [c.verdict.status.value for c in Change("2017", "2018", "yoy").check(t, "- ")]
['consistent']
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import ClassVar, Literal

from jobstats.errors import Problem, ValidationError
from jobstats.verify._text import counted
from jobstats.verify.engine import (
    CellCheck,
    CopiedColumn,
    PublishedTable,
    find_row,
    is_child,
    rows_filter,
)
from jobstats.verify.interval import Interval, IntervalSet, divide
from jobstats.verify.number import PublishedNumber
from jobstats.verify.relations import (
    Consistency,
    Verdict,
    change_consistent,
    difference_consistent,
    ratio_consistent,
    share_consistent,
    sum_consistent,
)

__all__ = [
    "Change",
    "ChildrenSum",
    "ColumnSum",
    "CopiedColumns",
    "Difference",
    "ImpliedDenominator",
    "Ratio",
    "RowSum",
    "Rule",
    "Share",
    "common_denominator",
    "copied_columns",
]


def _row_problems(table: PublishedTable, labels: list[str], prefix: str) -> list[Problem]:
    found: list[Problem] = []
    for label in labels:
        try:
            find_row(table, label, prefix)
        except ValidationError as exc:
            found.extend(exc.problems)
    return found


def _check(table: PublishedTable, i: int, column: str, text: str, kind: str,
           verdict: Verdict, related: tuple[int, ...] = ()) -> CellCheck:
    row = table.rows[i]
    return CellCheck(row.label, row.line, column, text, verdict, kind,
                     related_lines=tuple(x for x in related if x is not None))


def _lines(table: PublishedTable, rows: list[int]) -> tuple[int, ...]:
    return tuple(ln for ln in (table.rows[k].line for k in rows) if ln is not None)


class _EachRow:
    """A relation that holds in every row (or the rows named in ``rows``) between
    columns of the same row. A rule says which column it checks (``_target``), in
    what words (``_relation``, ``_kind``) and the verdict of one row (``_verdict``);
    the unknown-row problems and the one check per row are shared."""

    rows: tuple[str, ...]
    _kind: ClassVar[str]
    _target: ClassVar[str]  # the field naming the checked column

    def _checked(self) -> str:
        return str(getattr(self, self._target))

    def _relation(self) -> str:
        raise NotImplementedError

    def _verdict(self, table: PublishedTable, i: int) -> Verdict:
        raise NotImplementedError

    def problems(self, table: PublishedTable, prefix: str) -> list[Problem]:
        """Unknown rows."""
        return _row_problems(table, list(self.rows), prefix)

    def check(self, table: PublishedTable, prefix: str) -> list[CellCheck]:
        """One check per row: the checked column against the columns it follows from."""
        column, relation = self._checked(), self._relation()
        return [_check(table, i, column, relation, self._kind, self._verdict(table, i))
                for i in rows_filter(table, self.rows, prefix)]


@dataclass(frozen=True)
class Change(_EachRow):
    """Column ``change`` is the relative change in % from ``before`` to ``after``."""

    before: str
    after: str
    change: str
    rows: tuple[str, ...] = ()
    _kind: ClassVar[str] = "change"
    _target: ClassVar[str] = "change"

    def columns(self) -> tuple[str, ...]:
        """The columns read and checked."""
        return (self.before, self.after, self.change)

    def _relation(self) -> str:
        return f"change {self.before} → {self.after}"

    def _verdict(self, table: PublishedTable, i: int) -> Verdict:
        return change_consistent(table.at(i, self.before), table.at(i, self.after),
                                 table.at(i, self.change))


@dataclass(frozen=True)
class Share:
    """Column ``share`` is ``part`` as % of ``whole`` (a column) or of row ``whole_row``."""

    part: str
    share: str
    whole: str | None = None
    whole_row: str | None = None
    rows: tuple[str, ...] = ()

    def columns(self) -> tuple[str, ...]:
        """The columns read and checked."""
        return (self.part, self.share, *([self.whole] if self.whole else []))

    def problems(self, table: PublishedTable, prefix: str) -> list[Problem]:
        """Unknown rows; exactly one of ``whole`` and ``whole_row``."""
        found: list[Problem] = []
        if (self.whole is None) == (self.whole_row is None):
            found.append(Problem("bad_spec", "Share needs exactly one of whole= (a column) or "
                                 "whole_row= (a row)", source=table.source))
        labels = [*self.rows, *([self.whole_row] if self.whole_row else [])]
        return found + _row_problems(table, labels, prefix)

    def check(self, table: PublishedTable, prefix: str) -> list[CellCheck]:
        """One check per row: the share against its part and whole."""
        whole_i = None if self.whole_row is None else find_row(table, self.whole_row, prefix)
        out = []
        for i in rows_filter(table, self.rows, prefix):
            if whole_i is not None:
                whole = table.at(whole_i, self.part)
                text = f"share of {self.part} in {self.whole_row}"
                related = _lines(table, [whole_i])
            else:
                assert self.whole is not None
                whole, text, related = table.at(i, self.whole), \
                    f"share {self.part} / {self.whole}", ()
            out.append(_check(table, i, self.share, text, "share",
                              share_consistent(table.at(i, self.part), whole,
                                               table.at(i, self.share)), related))
        return out


@dataclass(frozen=True)
class Difference(_EachRow):
    """Column ``diff`` is ``a`` − ``b`` (counts or percentage points)."""

    a: str
    b: str
    diff: str
    rows: tuple[str, ...] = ()
    _kind: ClassVar[str] = "difference"
    _target: ClassVar[str] = "diff"

    def columns(self) -> tuple[str, ...]:
        """The columns read and checked."""
        return (self.a, self.b, self.diff)

    def _relation(self) -> str:
        return f"difference {self.a} − {self.b}"

    def _verdict(self, table: PublishedTable, i: int) -> Verdict:
        return difference_consistent(table.at(i, self.a), table.at(i, self.b),
                                     table.at(i, self.diff))


@dataclass(frozen=True)
class Ratio(_EachRow):
    """Column ``ratio`` is ``numerator`` / ``denominator`` × ``scale`` (100 if printed with %)."""

    numerator: str
    denominator: str
    ratio: str
    scale: int | None = None
    rows: tuple[str, ...] = ()
    _kind: ClassVar[str] = "ratio"
    _target: ClassVar[str] = "ratio"

    def columns(self) -> tuple[str, ...]:
        """The columns read and checked."""
        return (self.numerator, self.denominator, self.ratio)

    def _relation(self) -> str:
        return f"ratio {self.numerator} / {self.denominator}"

    def _verdict(self, table: PublishedTable, i: int) -> Verdict:
        return ratio_consistent(table.at(i, self.numerator), table.at(i, self.denominator),
                                table.at(i, self.ratio), scale=self.scale)


@dataclass(frozen=True)
class ColumnSum(_EachRow):
    """Column ``total`` is the sum of the ``parts`` columns (e.g. Aktiverede)."""

    total: str
    parts: tuple[str, ...]
    rows: tuple[str, ...] = ()
    _kind: ClassVar[str] = "sum"
    _target: ClassVar[str] = "total"

    def columns(self) -> tuple[str, ...]:
        """The columns read and checked."""
        return (self.total, *self.parts)

    def _relation(self) -> str:
        return f"sum of columns {' + '.join(self.parts)}"

    def _verdict(self, table: PublishedTable, i: int) -> Verdict:
        return sum_consistent([table.at(i, c) for c in self.parts], table.at(i, self.total))


@dataclass(frozen=True)
class ChildrenSum:
    """Each parent row is the sum of its sub-rows, in ``columns``.

    Sub-rows are the rows right below a parent whose label starts with the
    spec's ``child_prefix`` (``"- "``). Parents without sub-rows are skipped.
    """

    columns_: tuple[str, ...]

    def __init__(self, columns: tuple[str, ...]) -> None:
        object.__setattr__(self, "columns_", tuple(columns))

    def __repr__(self) -> str:
        return f"ChildrenSum(columns={self.columns_!r})"

    def columns(self) -> tuple[str, ...]:
        """The columns checked."""
        return self.columns_

    def problems(self, table: PublishedTable, prefix: str) -> list[Problem]:
        """Nothing beyond unknown columns."""
        return []

    def check(self, table: PublishedTable, prefix: str) -> list[CellCheck]:
        """One check per parent with sub-rows and column."""
        out: list[CellCheck] = []
        rows = table.rows
        i = 0
        while i < len(rows):
            j = i + 1
            while j < len(rows) and is_child(rows[j].label, prefix):
                j += 1
            if j > i + 1 and not is_child(rows[i].label, prefix):
                kids = list(range(i + 1, j))
                what = "sum of " + counted(len(kids), "sub-row", "sub-rows")
                for col in self.columns_:
                    out.append(_check(table, i, col, what, "children",
                                      sum_consistent([table.at(k, col) for k in kids],
                                                     table.at(i, col)),
                                      _lines(table, kids)))
            i = j
        return out


@dataclass(frozen=True)
class RowSum:
    """Row ``total`` is the sum of rows ``parts`` in ``columns``.

    ``parts="parents"``: every row without the child prefix, except ``total``.
    """

    total: str
    columns_: tuple[str, ...]
    parts: tuple[str, ...] | Literal["parents"] = "parents"

    def __init__(self, total: str, columns: tuple[str, ...],
                 parts: tuple[str, ...] | Literal["parents"] = "parents") -> None:
        object.__setattr__(self, "total", total)
        object.__setattr__(self, "columns_", tuple(columns))
        object.__setattr__(self, "parts", parts if parts == "parents" else tuple(parts))

    def __repr__(self) -> str:
        return f"RowSum(total={self.total!r}, columns={self.columns_!r}, parts={self.parts!r})"

    def columns(self) -> tuple[str, ...]:
        """The columns checked."""
        return self.columns_

    def problems(self, table: PublishedTable, prefix: str) -> list[Problem]:
        """Unknown total or part rows."""
        labels = [self.total, *([] if self.parts == "parents" else self.parts)]
        return _row_problems(table, labels, prefix)

    def check(self, table: PublishedTable, prefix: str) -> list[CellCheck]:
        """One check per column: the total row against its parts."""
        total_i = find_row(table, self.total, prefix)
        if self.parts == "parents":
            parts = [k for k, r in enumerate(table.rows)
                     if k != total_i and not is_child(r.label, prefix)]
            text = "sum of " + counted(len(parts), "parent row", "parent rows")
        else:
            parts = [find_row(table, p, prefix) for p in self.parts]
            text = f"sum of rows {' + '.join(self.parts)}"
        return [_check(table, total_i, col, text, "total",
                       sum_consistent([table.at(k, col) for k in parts],
                                      table.at(total_i, col)), _lines(table, parts))
                for col in self.columns_]


def common_denominator(pairs: Sequence[tuple[PublishedNumber, PublishedNumber]],
                       relation: str = "implied denominator") -> list[Verdict]:
    """Check that counts and their shares (in %) imply one common denominator.

    Each pair ``(count, share)`` implies a denominator ``count / share × 100``
    (an interval, from the rounding of both). Rows that share a denominator (the
    same area's population, the same period) must all reach one value. The
    largest group of pairs that reach a common value decides: a pair outside it
    is inconsistent, and its verdict shows the shares its count would print with
    that group's denominator. When two equally large groups disagree, the pairs
    that are not in both are all inconsistent (one of them is off; the numbers
    cannot tell which). Pairs with a blinded/empty cell or a share of 0 are
    not checkable.

    >>> from jobstats.verify.number import published as p
    >>> [v.status.value for v in common_denominator(
    ...     [(p("44.010"), p("9,28")), (p("15.890"), p("3,35")), (p("15.890"), p("3,45"))])]
    ['consistent', 'consistent', 'inconsistent']
    """
    implied: list[Interval | None] = []
    verdicts: list[Verdict | None] = []
    for count, share in pairs:
        if not count.checkable or not share.checkable:
            what = "blinded" if (count.blinded or share.blinded) else "empty"
            verdicts.append(Verdict(relation, Consistency.NOT_CHECKABLE, share, None,
                                    (count, share), f"a cell is {what}"))
            implied.append(None)
            continue
        ci, si = count.interval, share.interval
        assert ci is not None and si is not None
        if si.contains(0) or ci.contains(0):
            verdicts.append(Verdict(relation, Consistency.NOT_CHECKABLE, share, None,
                                    (count, share), "a count or share of 0 implies no "
                                    "denominator"))
            implied.append(None)
            continue
        parts = IntervalSet.of(divide(ci, si)).affine(Fraction(100), Fraction(0))
        implied.append(parts.parts[0] if len(parts.parts) == 1 else None)
        verdicts.append(None)
    live = [iv for iv in implied if iv is not None]
    ends = sorted({e for iv in live for e in (iv.lo, iv.hi) if e is not None})
    # the most-covered points are ends or lie between two neighbouring ends
    candidates = ends + [(x + y) / 2 for x, y in itertools.pairwise(ends)]
    cover = [(x, frozenset(k for k, iv in enumerate(live) if iv.contains(x)))
             for x in candidates]
    best_n = max((len(c) for _, c in cover), default=0)
    cliques = {c for _, c in cover if len(c) == best_n}
    # rows in every largest agreeing group are consistent; a row outside all of them, or
    # in only some of several equally large groups (then one of them is off, and the
    # rows cannot tell which), is not
    trusted = frozenset.intersection(*cliques) if cliques and best_n > 1 else frozenset()
    out: list[Verdict] = []
    k = -1
    for (count, share), iv, done in zip(pairs, implied, verdicts, strict=True):
        if done is not None:
            out.append(done)
            continue
        k += 1
        assert iv is not None
        if len(live) < 2:
            out.append(Verdict(relation, Consistency.NOT_CHECKABLE, share, None,
                               (count, share), "no other row shares its denominator"))
            continue
        ci = count.interval
        assert ci is not None
        agrees = k in trusted
        group = [live[j] for j in sorted(trusted) if j != k] or \
            [o for j, o in enumerate(live) if j != k]
        common: Interval | None = group[0]
        for o in group[1:]:
            common = None if common is None else common.intersection(o)
        pieces = [common] if common is not None else group
        reachable = IntervalSet.of(
            [r for o in pieces for r in divide(ci, o)]).affine(Fraction(100), Fraction(0))
        status = Consistency.CONSISTENT if agrees else Consistency.INCONSISTENT
        out.append(Verdict(f"{relation} {count} / {share}", status, share, reachable,
                           (count, share)))
    return out


@dataclass(frozen=True)
class ImpliedDenominator:
    """Counts in ``count`` and their shares in ``share`` (%) imply one denominator.

    For tables whose shares all have the same base (e.g. "pct. af befolkningen"
    for every group of one area and period), see :func:`common_denominator`.
    """

    count: str
    share: str
    rows: tuple[str, ...] = ()

    def columns(self) -> tuple[str, ...]:
        """The columns read and checked."""
        return (self.count, self.share)

    def problems(self, table: PublishedTable, prefix: str) -> list[Problem]:
        """Unknown rows."""
        return _row_problems(table, list(self.rows), prefix)

    def check(self, table: PublishedTable, prefix: str) -> list[CellCheck]:
        """One check per row: its implied denominator against the other rows'."""
        rows = rows_filter(table, self.rows, prefix)
        verdicts = common_denominator([(table.at(i, self.count), table.at(i, self.share))
                                       for i in rows])
        return [_check(table, i, self.share, f"denominator of {self.count} / {self.share}",
                       "implied_denominator", v, _lines(table, [k for k in rows if k != i]))
                for i, v in zip(rows, verdicts, strict=True)]


@dataclass(frozen=True)
class CopiedColumns:
    """Report a column equal to another, value for value, in at least ``min_rows`` rows.

    Columns that are constant (e.g. all 0) are not reported. ``columns`` limits
    the comparison to those columns (default: all).
    """

    min_rows: int = 3
    columns: tuple[str, ...] = ()


Rule = Change | Share | Difference | Ratio | ColumnSum | ChildrenSum | RowSum | ImpliedDenominator
"""Any relation rule of a :class:`~jobstats.verify.spec.VerifySpec`."""


def _cell_key(n: PublishedNumber) -> tuple[str, Fraction | None]:
    if n.blinded:
        return ("blinded", None)
    if n.exact is None:
        return ("empty", None)
    return ("value", n.exact)


def copied_columns(table: PublishedTable, setting: CopiedColumns) -> list[CopiedColumn]:
    """Every column that repeats an earlier one value for value (non-constant)."""
    names = setting.columns or table.columns
    keys = {c: [_cell_key(r.cells[table.column_index(c)]) for r in table.rows] for c in names}
    out = []
    seen: set[str] = set()
    for j, later in enumerate(names):
        for earlier in names[:j]:
            if later in seen:
                break
            a, b = keys[earlier], keys[later]
            values = [x[1] for x in a if x[0] == "value"]
            if a == b and len(values) >= setting.min_rows and len(set(values)) > 1:
                out.append(CopiedColumn(later, earlier, len(values)))
                seen.add(later)
    return out
