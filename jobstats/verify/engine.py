"""The verification engine: published tables, the one result type, and running rules.

A published table (:class:`PublishedTable`) is row labels × value columns of
:class:`~jobstats.verify.number.PublishedNumber` cells. A rule (see
:mod:`jobstats.verify.rules`) says which columns it reads (``columns()``) and
checks a table (``check()``), returning one :class:`CellCheck` per checked cell.
:func:`run_rules` validates every rule against the table (all problems at once)
and runs them. ``verify_table``, the appendix verification of a report and
``verify_document`` all go through :func:`run_rules`, so a published table and a
document are checked by the same code.

>>> from jobstats.verify.rules import ChildrenSum
>>> t = PublishedTable.from_rows(["group", "2017"], [["A", "5"], ["- a1", "2"], ["- a2", "3"]])
>>> [c.verdict.status.value for c in run_rules(t, [ChildrenSum(("2017",))])]
['consistent']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Protocol

import pandas as pd

from jobstats.errors import Problem, ValidationError, close_matches
from jobstats.verify._text import counted
from jobstats.verify.number import PublishedNumber, published
from jobstats.verify.relations import Consistency, Verdict

__all__ = [
    "CellCheck",
    "ColumnFormat",
    "CopiedColumn",
    "PublishedRow",
    "PublishedTable",
    "RuleLike",
    "find_row",
    "is_child",
    "run_rules",
]

MAX_CELL_CHARS = 131_072
"""A cell longer than this is refused (no published number is that long)."""


@dataclass(frozen=True)
class ColumnFormat:
    """How a column was rounded when the printed text does not say it all.

    ``unit=10``: counts rounded to tens; ``decimals=2``: two decimals even when a
    trailing zero was dropped (``"1,3"`` then stands for 1,30).
    """

    unit: int | Fraction | None = None
    decimals: int | None = None


@dataclass(frozen=True)
class PublishedRow:
    """One row of a published table: its label, source line and parsed cells."""

    label: str
    line: int | None
    cells: tuple[PublishedNumber, ...]


def _blank(x: object) -> bool:
    return x is None or (isinstance(x, str) and x.strip() == "") or (
        isinstance(x, float) and x != x)


def _cell_input(x: object) -> Any:
    if isinstance(x, bool):
        return str(x)
    return x


def _short(x: object) -> object:
    """A value as echoed in a message: text longer than 100 characters is cut."""
    if isinstance(x, str) and len(x) > 100:
        return x[:97] + "…"
    return x


@dataclass(frozen=True)
class PublishedTable:
    """A published table: row labels × numeric columns, each cell a :class:`PublishedNumber`.

    ``warnings`` holds what the reader noticed but did not refuse (e.g. a last
    line without a line ending); a report prints them.
    """

    source: str
    label_column: str
    columns: tuple[str, ...]
    rows: tuple[PublishedRow, ...]
    warnings: tuple[str, ...] = ()

    @classmethod
    def from_rows(cls, header: Sequence[str], rows: Sequence[Sequence[object]], *,
                  source: str = "<table>", label_column: str | None = None,
                  columns: Mapping[str, ColumnFormat] | None = None, decimal: str = ",",
                  first_line: int = 2, lines: Sequence[int] | None = None,
                  rounding: str = "half_away") -> PublishedTable:
        """Build a table from a header and rows of cells (text or numbers).

        ``first_line`` is the source line of the first data row (for messages);
        ``lines`` gives each row's line instead; ``rounding`` is how the cells
        were rounded. Every unparseable cell is reported at once.
        """
        header = [" ".join(str(h).split()) for h in header]
        label = label_column if label_column is not None else header[0]
        found: list[Problem] = []
        if label not in header:
            raise ValidationError([Problem("unknown_column", f"no label column {_short(label)!r}",
                                           source=source, column=label,
                                           suggestions=close_matches(label, header))])
        li = header.index(label)
        formats = dict(columns or {})
        for name in formats:
            if name not in header:
                found.append(Problem("unknown_column", f"[columns] names {_short(name)!r}, "
                                     "which the table does not have", source=source,
                                     column=name, suggestions=close_matches(name, header)))
        value_columns = tuple(h for i, h in enumerate(header) if i != li)
        out_rows = []
        for r, raw in enumerate(rows):
            line = lines[r] if lines is not None else first_line + r
            cells = list(raw) + [""] * (len(header) - len(raw))
            if all(_blank(c) for c in cells):
                continue
            if len(raw) > len(header) and not all(_blank(c) for c in raw[len(header):]):
                found.append(Problem("field_count", f"{len(raw)} cells, the header has "
                                     f"{len(header)}", source=source, row=line))
            parsed = []
            for i, name in enumerate(header):
                if i == li:
                    continue
                fmt = formats.get(name, ColumnFormat())
                value = cells[i]
                if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                    found.append(Problem("cell_too_long", f"a cell of {len(value)} characters",
                                         source=source, row=line, column=name,
                                         value=_short(value)))
                    parsed.append(published(""))
                    continue
                try:
                    parsed.append(published(_cell_input(value), unit=fmt.unit,
                                            decimals=fmt.decimals, decimal=decimal,
                                            rounding=rounding))
                except ValidationError as exc:
                    for p in exc.problems:
                        found.append(Problem(p.code, p.message, source=source, row=line,
                                             column=name, value=_short(value)))
                    parsed.append(published(""))
            label_text = "" if _blank(cells[li]) else str(cells[li])
            if len(label_text) > MAX_CELL_CHARS:
                found.append(Problem("cell_too_long", f"a label of {len(label_text)} characters",
                                     source=source, row=line, column=label,
                                     value=_short(label_text)))
                label_text = label_text[:100]
            out_rows.append(PublishedRow(" ".join(label_text.split()), line, tuple(parsed)))
        if found:
            raise ValidationError(found)
        return cls(source, label, value_columns, tuple(out_rows))

    def column_index(self, name: str) -> int:
        """Position of a value column (raises with close matches)."""
        try:
            return self.columns.index(name)
        except ValueError:
            raise ValidationError([Problem(
                "unknown_column", f"no column {_short(name)!r}; columns: "
                f"{', '.join(self.columns)}", source=self.source, column=str(_short(name)),
                suggestions=close_matches(name, self.columns))]) from None

    def cell(self, row: str, column: str) -> PublishedNumber:
        """The cell of a row (by label) and a column."""
        return self.rows[find_row(self, row, "- ")].cells[self.column_index(column)]

    def at(self, i: int, column: str) -> PublishedNumber:
        """The cell of row position ``i`` and a column."""
        return self.rows[i].cells[self.column_index(column)]

    def to_frame(self) -> pd.DataFrame:
        """The table as printed texts (labels as index)."""
        return pd.DataFrame([[str(c) for c in r.cells] for r in self.rows],
                            index=pd.Index([r.label for r in self.rows], name=self.label_column),
                            columns=list(self.columns))


def _norm(label: str) -> str:
    return " ".join(label.split()).casefold()


def find_row(table: PublishedTable, label: str, prefix: str) -> int:
    """Position of the row labelled ``label`` (the child ``prefix`` optional)."""
    key = _norm(label)
    hits = [i for i, r in enumerate(table.rows) if _norm(r.label) == key]
    if not hits and prefix.strip():
        stripped = _norm(prefix)
        hits = [i for i, r in enumerate(table.rows)
                if _norm(r.label).removeprefix(stripped).strip() == key]
    if len(hits) == 1:
        return hits[0]
    labels = [r.label for r in table.rows]
    if not hits:
        raise ValidationError([Problem("unknown_row", f"no row {_short(label)!r}",
                                       source=table.source, value=_short(label),
                                       suggestions=close_matches(label, labels))])
    lines = ", ".join(str(table.rows[i].line) for i in hits)
    raise ValidationError([Problem("ambiguous_row", f"{len(hits)} rows are labelled "
                                   f"{_short(label)!r} (lines {lines})", source=table.source,
                                   value=_short(label))])


def is_child(label: str, prefix: str) -> bool:
    """Whether a row label marks a sub-row."""
    return bool(prefix) and label.startswith(prefix)


def rows_filter(table: PublishedTable, rows: Sequence[str], prefix: str) -> list[int]:
    """The row positions a rule applies to (all rows when ``rows`` is empty)."""
    if not rows:
        return list(range(len(table.rows)))
    return [find_row(table, r, prefix) for r in rows]


@dataclass(frozen=True)
class CellCheck:
    """One relation checked at one cell: the one result type of every check.

    ``row``/``line``/``column`` say where the checked figure is printed, ``rule``
    describes the relation (``"change 2017 → 2018"``), ``kind`` names the check
    (``change``, ``share``, ``difference``, ``ratio``, ``sum``, ``children``,
    ``total``, ``copied_column``, ``same_value``, ``impossible`` …), ``table``
    the table it belongs to and ``related_lines`` the source lines of its inputs.
    """

    row: str
    line: int | None
    column: str
    rule: str
    verdict: Verdict
    kind: str = ""
    table: str = ""
    related_lines: tuple[int, ...] = ()

    @property
    def status(self) -> Consistency:
        """The verdict's status."""
        return self.verdict.status

    @property
    def relation(self) -> str:
        """The kind of check (``change``, ``share``, ``children``, ``total`` …)."""
        return self.kind


@dataclass(frozen=True)
class CopiedColumn:
    """Column ``column`` repeats column ``copy_of`` value for value in ``rows`` rows."""

    column: str
    copy_of: str
    rows: int

    def __str__(self) -> str:
        return (f"column {self.column!r} repeats column {self.copy_of!r} value for value "
                f"({counted(self.rows, 'row', 'rows')})")


class RuleLike(Protocol):
    """What the engine needs of a rule."""

    def columns(self) -> tuple[str, ...]:
        """Every column the rule reads or checks."""
        ...  # pragma: no cover

    def problems(self, table: PublishedTable, prefix: str) -> list[Problem]:
        """What is wrong with the rule on this table (beyond unknown columns)."""
        ...  # pragma: no cover

    def check(self, table: PublishedTable, prefix: str) -> list[CellCheck]:
        """Check the table: one :class:`CellCheck` per checked cell."""
        ...  # pragma: no cover


def rule_problems(table: PublishedTable, rules: Iterable[RuleLike],
                  prefix: str) -> list[Problem]:
    """Every unknown column, unknown row or bad setting of the rules on ``table``."""
    found: list[Problem] = []
    for rule in rules:
        for col in rule.columns():
            if col not in table.columns:
                found.append(Problem("unknown_column", f"{type(rule).__name__} names column "
                                     f"{_short(col)!r}; columns: {', '.join(table.columns)}",
                                     source=table.source, column=str(_short(col)),
                                     suggestions=close_matches(col, table.columns)))
        found.extend(rule.problems(table, prefix))
    return found


def run_rules(table: PublishedTable, rules: Iterable[RuleLike], *,
              prefix: str = "- ", table_name: str = "") -> list[CellCheck]:
    """Validate every rule against ``table`` (all problems at once), then run them."""
    rules = list(rules)
    found = rule_problems(table, rules, prefix)
    if found:
        raise ValidationError(found)
    out: list[CellCheck] = []
    for rule in rules:
        for check in rule.check(table, prefix):
            if table_name and not check.table:
                check = CellCheck(check.row, check.line, check.column, check.rule,
                                  check.verdict, check.kind, table_name, check.related_lines)
            out.append(check)
    return out
