"""Published tables: read them (TSV, CSV, XLSX) and check every declared relation.

>>> from jobstats.verify.spec import ChildrenSum, RowSum, VerifySpec
>>> t = PublishedTable.from_rows(
...     ["group", "2017"],
...     [["Forsikrede", "804"], ["- Dagpenge", "802"], ["- MA", "0"], ["- NMK", "3"],
...      ["Sygedagpenge", "562"], ["I alt", "1.366"]])
>>> report = verify_table(t, VerifySpec(rules=(ChildrenSum(("2017",)),
...                                            RowSum("I alt", ("2017",)))))
>>> bool(report), len(report.checks), len(report.findings)
(True, 2, 0)
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from importlib import import_module
from pathlib import Path
from typing import Any

import pandas as pd

from jobstats.errors import FormatError, Problem, ValidationError, close_matches
from jobstats.numbers import format_number
from jobstats.verify._text import text_table
from jobstats.verify.number import PublishedNumber, published
from jobstats.verify.relations import (
    Consistency,
    Verdict,
    change_consistent,
    difference_consistent,
    ratio_consistent,
    share_consistent,
    sum_consistent,
)
from jobstats.verify.spec import (
    Change,
    ChildrenSum,
    ColumnFormat,
    ColumnSum,
    CopiedColumns,
    Difference,
    Ratio,
    RowSum,
    Share,
    VerifySpec,
    load_spec,
)

__all__ = [
    "CellCheck",
    "CopiedColumn",
    "PublishedRow",
    "PublishedTable",
    "VerifyReport",
    "read_published_table",
    "verify_table",
]


@dataclass(frozen=True)
class PublishedRow:
    """One row of a published table: its label, source line and parsed cells."""

    label: str
    line: int | None
    cells: tuple[PublishedNumber, ...]


@dataclass(frozen=True)
class PublishedTable:
    """A published table: row labels × numeric columns, each cell a :class:`PublishedNumber`."""

    source: str
    label_column: str
    columns: tuple[str, ...]
    rows: tuple[PublishedRow, ...]

    @classmethod
    def from_rows(cls, header: Sequence[str], rows: Sequence[Sequence[object]], *,
                  source: str = "<table>", label_column: str | None = None,
                  columns: Mapping[str, ColumnFormat] | None = None, decimal: str = ",",
                  first_line: int = 2) -> PublishedTable:
        """Build a table from a header and rows of cells (text or numbers).

        ``first_line`` is the source line of the first data row (for messages).
        Every unparseable cell is reported at once.
        """
        header = [" ".join(str(h).split()) for h in header]
        label = label_column if label_column is not None else header[0]
        found: list[Problem] = []
        if label not in header:
            raise ValidationError([Problem("unknown_column", f"no label column {label!r}",
                                           source=source, column=label,
                                           suggestions=close_matches(label, header))])
        li = header.index(label)
        formats = dict(columns or {})
        for name in formats:
            if name not in header:
                found.append(Problem("unknown_column", f"[columns] names {name!r}, which the "
                                     "table does not have", source=source, column=name,
                                     suggestions=close_matches(name, header)))
        value_columns = tuple(h for i, h in enumerate(header) if i != li)
        out_rows = []
        for r, raw in enumerate(rows):
            line = first_line + r
            cells = list(raw) + [""] * (len(header) - len(raw))
            if all(_blank(c) for c in cells):
                continue
            parsed = []
            for i, name in enumerate(header):
                if i == li:
                    continue
                fmt = formats.get(name, ColumnFormat())
                try:
                    parsed.append(published(_cell_input(cells[i]), unit=fmt.unit,
                                            decimals=fmt.decimals, decimal=decimal))
                except ValidationError as exc:
                    for p in exc.problems:
                        found.append(Problem(p.code, p.message, source=source, row=line,
                                             column=name, value=cells[i]))
                    parsed.append(published(""))
            label_text = "" if _blank(cells[li]) else str(cells[li])
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
                "unknown_column", f"no column {name!r}; columns: {', '.join(self.columns)}",
                source=self.source, column=name,
                suggestions=close_matches(name, self.columns))]) from None

    def cell(self, row: str, column: str) -> PublishedNumber:
        """The cell of a row (by label) and a column."""
        return self.rows[_find_row(self, row, "- ")].cells[self.column_index(column)]

    def to_frame(self) -> pd.DataFrame:
        """The table as printed texts (labels as index)."""
        return pd.DataFrame([[str(c) for c in r.cells] for r in self.rows],
                            index=pd.Index([r.label for r in self.rows], name=self.label_column),
                            columns=list(self.columns))


def _blank(x: object) -> bool:
    return x is None or (isinstance(x, str) and x.strip() == "") or (
        isinstance(x, float) and x != x)


def _cell_input(x: object) -> Any:
    if isinstance(x, bool):
        return str(x)
    return x


def _norm(label: str) -> str:
    return " ".join(label.split()).casefold()


def _find_row(table: PublishedTable, label: str, prefix: str) -> int:
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
        raise ValidationError([Problem("unknown_row", f"no row {label!r}", source=table.source,
                                       value=label, suggestions=close_matches(label, labels))])
    lines = ", ".join(str(table.rows[i].line) for i in hits)
    raise ValidationError([Problem("ambiguous_row", f"{len(hits)} rows are labelled {label!r} "
                                   f"(lines {lines})", source=table.source, value=label)])


# -- reading -----------------------------------------------------------------------------

def read_published_table(path: str | os.PathLike[str], *, spec: VerifySpec | None = None,
                         sheet: str | None = None) -> PublishedTable:
    """Read a published table from TSV, CSV (``;`` or ``,``) or XLSX.

    The first row is the header; the label column is ``spec.label_column`` or the
    first column. Text cells are parsed in Danish format (``spec.decimal``).
    Numeric XLSX cells are taken as displayed by their number format
    (``0.00%`` shows 0.0093 as ``0,93%``). Encoding: UTF-8 (BOM optional), else
    Windows-1252.
    """
    spec = spec or VerifySpec()
    p = Path(path)
    source = os.fspath(path)
    if p.suffix.lower() in (".xlsx", ".xlsm"):
        header, rows = _read_xlsx(p, sheet, spec.decimal)
    else:
        header, rows = _read_delimited(p)
    if not header:
        raise FormatError([Problem("empty_file", "the table has no header row", source=source)])
    return PublishedTable.from_rows(header, rows, source=source, label_column=spec.label_column,
                                    columns=spec.columns, decimal=spec.decimal)


def _read_delimited(p: Path) -> tuple[list[str], list[list[object]]]:
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise FormatError([Problem("unreadable", f"cannot read the table: {exc.strerror}",
                                   source=str(p))]) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    lines = text.splitlines()
    first = next((ln for ln in lines if ln.strip()), "")
    if p.suffix.lower() == ".tsv" or "\t" in first:
        delimiter = "\t"
    else:
        delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    all_rows: list[list[object]] = [list(r) for r in reader]
    while all_rows and all(_blank(c) for c in all_rows[0]):
        all_rows.pop(0)
    if not all_rows:
        return [], []
    return [str(h) for h in all_rows[0]], all_rows[1:]


def _format_decimals(number_format: str) -> tuple[int | None, bool]:
    """Decimals and percent of an Excel number format (``None`` for General)."""
    fmt = number_format.split(";")[0]
    percent = "%" in fmt
    if fmt.lower() == "general":
        return None, False
    cleaned = "".join(part for i, part in enumerate(fmt.split('"')) if i % 2 == 0)
    if "." not in cleaned:
        return 0, percent
    after = cleaned.split(".", 1)[1]
    decimals = 0
    for ch in after:
        if ch in "0#?":
            decimals += 1
        else:
            break
    return decimals, percent


def _read_xlsx(p: Path, sheet: str | None,
               decimal: str) -> tuple[list[str], list[list[object]]]:
    openpyxl: Any = import_module("openpyxl")  # untyped library: keep it Any
    try:
        wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a bad file
        raise FormatError([Problem("not_xlsx", f"not a readable XLSX file: {exc}",
                                   source=str(p))]) from None
    try:
        if sheet is not None and sheet not in wb.sheetnames:
            raise FormatError([Problem("unknown_sheet", f"no sheet {sheet!r}", source=str(p),
                                       value=sheet,
                                       suggestions=close_matches(sheet, wb.sheetnames))])
        ws = wb[sheet] if sheet is not None else wb.worksheets[0]
        locale = "da_DK" if decimal == "," else "en_GB"
        rows: list[list[object]] = []
        for row in ws.iter_rows():
            out: list[object] = []
            for cell in row:
                v = cell.value
                if isinstance(v, int | float) and not isinstance(v, bool):
                    decimals, percent = _format_decimals(str(cell.number_format or "General"))
                    shown = v * 100 if percent else v
                    if decimals is None:
                        out.append(v)
                    else:
                        out.append(format_number(float(Fraction(repr(float(shown)))), decimals,
                                                 percent=percent, locale=locale))
                else:
                    out.append("" if v is None else str(v))
            rows.append(out)
    finally:
        wb.close()
    while rows and all(_blank(c) for c in rows[0]):
        rows.pop(0)
    if not rows:
        return [], []
    return [str(h) for h in rows[0]], rows[1:]


# -- checking ----------------------------------------------------------------------------

@dataclass(frozen=True)
class CellCheck:
    """One relation checked at one cell: where, which rule, and the verdict."""

    row: str
    line: int | None
    column: str
    rule: str
    verdict: Verdict

    @property
    def status(self) -> Consistency:
        """The verdict's status."""
        return self.verdict.status


@dataclass(frozen=True)
class CopiedColumn:
    """Column ``column`` repeats column ``copy_of`` value for value in ``rows`` rows."""

    column: str
    copy_of: str
    rows: int

    def __str__(self) -> str:
        return (f"column {self.column!r} repeats column {self.copy_of!r} value for value "
                f"({self.rows} rows)")


_HEADERS = ("line", "row", "column", "rule", "published", "reachable", "prints as", "verdict")


@dataclass(frozen=True)
class VerifyReport:
    """Every check of a published table, and what was found."""

    source: str
    checks: tuple[CellCheck, ...]
    copied: tuple[CopiedColumn, ...] = ()

    @property
    def findings(self) -> tuple[CellCheck, ...]:
        """The inconsistent cells."""
        return tuple(c for c in self.checks if c.verdict.inconsistent)

    @property
    def not_checkable(self) -> tuple[CellCheck, ...]:
        """Checks with a blinded, empty or undefined input."""
        return tuple(c for c in self.checks if not c.verdict.checkable)

    @property
    def ok(self) -> bool:
        """No inconsistent cell and no copied column."""
        return not self.findings and not self.copied

    def __bool__(self) -> bool:
        return self.ok

    def rows(self, *, all_checks: bool = False) -> list[list[object]]:
        """The table rows of :meth:`format` (findings only unless ``all_checks``)."""
        chosen = self.checks if all_checks else self.findings
        return [[c.line, c.row, c.column, c.rule, str(c.verdict.published) or "(empty)",
                 c.verdict.reachable_text(), c.verdict.printable(),
                 f"{c.status.value} ({c.verdict.reason})" if c.verdict.reason
                 else c.status.value] for c in chosen]

    def to_frame(self) -> pd.DataFrame:
        """Every check as a DataFrame (one row per check), copied columns excluded."""
        return pd.DataFrame(self.rows(all_checks=True), columns=list(_HEADERS))

    def summary(self) -> str:
        """One line: counts of checks, findings, not checkable, copied columns."""
        n_ok = sum(1 for c in self.checks if c.verdict.consistent)
        return (f"{self.source}: {len(self.checks)} checks, {n_ok} consistent, "
                f"{len(self.findings)} inconsistent, {len(self.not_checkable)} not checkable, "
                f"{len(self.copied)} copied column{'s' if len(self.copied) != 1 else ''}")

    def format(self, *, all_checks: bool = False) -> str:
        """The summary, the findings table and the copied columns, as text."""
        parts = [self.summary()]
        table_rows = self.rows(all_checks=all_checks)
        if table_rows:
            parts.append(text_table(_HEADERS, table_rows))
        parts.extend(str(c) for c in self.copied)
        return "\n".join(parts)

    def __str__(self) -> str:
        return self.format()


def _rows_filter(table: PublishedTable, rows: Sequence[str], prefix: str) -> list[int]:
    if not rows:
        return list(range(len(table.rows)))
    return [_find_row(table, r, prefix) for r in rows]


def _referenced_columns(rule: object) -> list[str]:
    if isinstance(rule, Change):
        return [rule.before, rule.after, rule.change]
    if isinstance(rule, Share):
        return [rule.part, rule.share, *([rule.whole] if rule.whole else [])]
    if isinstance(rule, Difference):
        return [rule.a, rule.b, rule.diff]
    if isinstance(rule, Ratio):
        return [rule.numerator, rule.denominator, rule.ratio]
    if isinstance(rule, ColumnSum):
        return [rule.total, *rule.parts]
    if isinstance(rule, ChildrenSum | RowSum):
        return list(rule.columns)
    return []


def _check_spec(table: PublishedTable, spec: VerifySpec) -> None:
    found: list[Problem] = []
    for rule in spec.rules:
        for col in _referenced_columns(rule):
            if col not in table.columns:
                found.append(Problem("unknown_column", f"{type(rule).__name__} names column "
                                     f"{col!r}; columns: {', '.join(table.columns)}",
                                     source=table.source, column=col,
                                     suggestions=close_matches(col, table.columns)))
        if isinstance(rule, Share) and (rule.whole is None) == (rule.whole_row is None):
            found.append(Problem("bad_spec", "Share needs exactly one of whole= (a column) or "
                                 "whole_row= (a row)", source=table.source))
        labels: list[str] = list(getattr(rule, "rows", ()))
        if isinstance(rule, Share) and rule.whole_row:
            labels.append(rule.whole_row)
        if isinstance(rule, RowSum):
            labels.append(rule.total)
            if rule.parts != "parents":
                labels.extend(rule.parts)
        for label in labels:
            try:
                _find_row(table, label, spec.child_prefix)
            except ValidationError as exc:
                found.extend(exc.problems)
    if spec.copied_columns is not None:
        for col in spec.copied_columns.columns:
            if col not in table.columns:
                found.append(Problem("unknown_column", f"copied_columns names {col!r}",
                                     source=table.source, column=col,
                                     suggestions=close_matches(col, table.columns)))
    if found:
        raise ValidationError(found)


def _is_child(label: str, prefix: str) -> bool:
    return bool(prefix) and label.startswith(prefix)


def _run_rule(table: PublishedTable, rule: object, spec: VerifySpec) -> list[CellCheck]:
    out: list[CellCheck] = []
    prefix = spec.child_prefix

    def cell(i: int, col: str) -> PublishedNumber:
        return table.rows[i].cells[table.column_index(col)]

    def add(i: int, col: str, text: str, verdict: Verdict) -> None:
        row = table.rows[i]
        out.append(CellCheck(row.label, row.line, col, text, verdict))

    if isinstance(rule, Change):
        for i in _rows_filter(table, rule.rows, prefix):
            add(i, rule.change, f"change {rule.before} → {rule.after}",
                change_consistent(cell(i, rule.before), cell(i, rule.after),
                                  cell(i, rule.change)))
    elif isinstance(rule, Share):
        whole_i = None if rule.whole_row is None else _find_row(table, rule.whole_row, prefix)
        for i in _rows_filter(table, rule.rows, prefix):
            if whole_i is not None:
                whole, text = cell(whole_i, rule.part), f"share of {rule.part} in {rule.whole_row}"
            else:
                assert rule.whole is not None
                whole, text = cell(i, rule.whole), f"share {rule.part} / {rule.whole}"
            add(i, rule.share, text, share_consistent(cell(i, rule.part), whole,
                                                      cell(i, rule.share)))
    elif isinstance(rule, Difference):
        for i in _rows_filter(table, rule.rows, prefix):
            add(i, rule.diff, f"difference {rule.a} − {rule.b}",
                difference_consistent(cell(i, rule.a), cell(i, rule.b), cell(i, rule.diff)))
    elif isinstance(rule, Ratio):
        for i in _rows_filter(table, rule.rows, prefix):
            add(i, rule.ratio, f"ratio {rule.numerator} / {rule.denominator}",
                ratio_consistent(cell(i, rule.numerator), cell(i, rule.denominator),
                                 cell(i, rule.ratio), scale=rule.scale))
    elif isinstance(rule, ColumnSum):
        for i in _rows_filter(table, rule.rows, prefix):
            add(i, rule.total, f"sum of columns {' + '.join(rule.parts)}",
                sum_consistent([cell(i, c) for c in rule.parts], cell(i, rule.total)))
    elif isinstance(rule, ChildrenSum):
        i = 0
        while i < len(table.rows):
            j = i + 1
            while j < len(table.rows) and _is_child(table.rows[j].label, prefix):
                j += 1
            if j > i + 1 and not _is_child(table.rows[i].label, prefix):
                for col in rule.columns:
                    add(i, col, f"sum of {j - i - 1} sub-rows",
                        sum_consistent([cell(k, col) for k in range(i + 1, j)], cell(i, col)))
            i = j
    elif isinstance(rule, RowSum):
        total_i = _find_row(table, rule.total, prefix)
        if rule.parts == "parents":
            parts = [k for k, r in enumerate(table.rows)
                     if k != total_i and not _is_child(r.label, prefix)]
            text = f"sum of {len(parts)} parent rows"
        else:
            parts = [_find_row(table, p, prefix) for p in rule.parts]
            text = f"sum of rows {' + '.join(rule.parts)}"
        for col in rule.columns:
            add(total_i, col, text, sum_consistent([cell(k, col) for k in parts],
                                                   cell(total_i, col)))
    return out


def _cell_key(n: PublishedNumber) -> tuple[str, Fraction | None]:
    if n.blinded:
        return ("blinded", None)
    if n.exact is None:
        return ("empty", None)
    return ("value", n.exact)


def _copied(table: PublishedTable, setting: CopiedColumns) -> list[CopiedColumn]:
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


def verify_table(table: PublishedTable | str | os.PathLike[str] | pd.DataFrame,
                 spec: VerifySpec | str | os.PathLike[str] | None = None) -> VerifyReport:
    """Check every relation a spec declares on a published table; return all findings.

    ``table`` is a :class:`PublishedTable`, a path (TSV/CSV/XLSX, read with
    :func:`read_published_table`) or a DataFrame of printed cells (first column,
    or ``spec.label_column``, holds the labels). ``spec`` is a
    :class:`~jobstats.verify.spec.VerifySpec` or the path of a TOML/JSON spec. The
    spec is validated against the table first (unknown columns and rows are
    reported together, with close matches). The report lists one
    :class:`CellCheck` per checked cell and every :class:`CopiedColumn`.
    """
    if spec is None:
        spec = VerifySpec()
    elif not isinstance(spec, VerifySpec):
        spec = load_spec(spec)
    if isinstance(table, pd.DataFrame):
        table = PublishedTable.from_rows(
            [str(c) for c in table.columns], table.astype(object).values.tolist(),
            source="<DataFrame>", label_column=spec.label_column, columns=spec.columns,
            decimal=spec.decimal)
    elif not isinstance(table, PublishedTable):
        table = read_published_table(table, spec=spec)
    _check_spec(table, spec)
    checks: list[CellCheck] = []
    for rule in spec.rules:
        checks.extend(_run_rule(table, rule, spec))
    copied = _copied(table, spec.copied_columns) if spec.copied_columns is not None else []
    return VerifyReport(table.source, tuple(checks), tuple(copied))
