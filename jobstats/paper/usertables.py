"""Tables the user enters: economic status, kontanthjælpsloftet, virksomhedsbesøg,
status after a forløb.

These numbers do not come from jobindsats but from the municipality's own
systems. They are typed into a small TOML file (``docs/usertables.toml`` is an
example; the format is described in ``docs/goals.md``), rendered in the house
style like every other :class:`~jobstats.tables.Table`, and verified on their
printed numbers with :mod:`jobstats.verify`:

* ``economy`` — columns Budget, Korrigeret budget, Forventet regnskab,
  Afvigelse; every row's *afvigelse = forventet regnskab − korrigeret budget*
  within rounding (:func:`~jobstats.verify.difference_consistent`), and an
  "I alt" row is the sum of the rows above (:func:`~jobstats.verify.sum_consistent`).
* ``status`` — status some months after a forløb: Antal and Andel; every
  share is its count of the "I alt" row (:func:`~jobstats.verify.share_consistent`).
* ``counts`` — any table of counts (kontanthjælpsloftet, virksomhedsbesøg):
  the user names the columns; an "I alt" row is the column sum.

A printed number that cannot follow from the numbers beside it is refused with
an error naming the line of the file: a wrong number that looks right must not
reach the committee.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jobstats.errors import Problem, ValidationError, close_matches
from jobstats.paper._toml import key_lines, load_toml, shown
from jobstats.tables.table import Column, Language, Row, Table
from jobstats.verify import (
    PublishedNumber,
    Verdict,
    difference_consistent,
    published,
    share_consistent,
    sum_consistent,
)

__all__ = ["KINDS", "UserTable", "parse_user_tables", "read_user_tables", "user_kind"]

_ECONOMY = {"da": ("Budget", "Korrigeret budget", "Forventet regnskab", "Afvigelse"),
            "en": ("Budget", "Revised budget", "Expected accounts", "Deviation")}
_STATUS = {"da": ("Antal", "Andel"), "en": ("Count", "Share")}
KINDS = ("economy", "status", "counts")
_KEYS = ("kind", "name", "title", "description", "source", "unit", "decimals", "columns",
         "rows", "notes")
_ROW_KEYS = ("label", "values", "total", "depth")


@dataclass(frozen=True)
class UserTable:
    """A user-entered table with the checks its printed numbers passed."""

    table: Table
    checks: tuple[tuple[str, Verdict], ...]
    kind: str
    line: int = 0


def user_kind(table: Table) -> str | None:
    """The kind (``economy``, ``status``, ``counts``) of a table built by
    :func:`parse_user_tables`, read from its shape, or None for any other table.

    An economy table has the four economy columns, a status table the columns
    Antal and Andel (a percent); a counts table is any other table with no row
    header (``stub``) and no percent column — the appendix's own tables all
    name their rows (Målgruppe, Område, År, ...).
    """
    labels = tuple(c.label for c in table.columns)
    if table.stub:
        return None
    if labels in _ECONOMY.values():
        return "economy"
    if labels in _STATUS.values() and table.columns[1].percent:
        return "status"
    if labels and not any(c.percent or c.change for c in table.columns):
        return "counts"
    return None


def _is_number(v: object) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def parse_user_tables(data: Mapping[str, Any], text: str, *, source: str = "<tables>",
                      language: Language = "da") -> tuple[UserTable, ...]:
    """Build and verify the tables of a parsed user-tables file (see the module)."""
    lines = key_lines(text)
    problems: list[Problem] = []

    text_lines = text.splitlines()

    def add(code: str, message: str, index: int, key: str = "", value: object = None,
            suggestions: Sequence[str] = (), label: str | None = None) -> None:
        keys = lines.get(("table", (index,)), {})
        line = keys.get(key) or keys.get("")
        if label is not None and line:  # the line of that row, when it can be found
            needle = f'"{label}"'
            line = next((n for n in range(line, len(text_lines) + 1)
                         if needle in text_lines[n - 1]), line)
        problems.append(Problem(code, f"line {line}: {message}" if line else message,
                                source=source, row=line, column=key or None,
                                value=None if value is None else shown(value),
                                suggestions=tuple(suggestions)))

    raw_tables = data.get("table")
    if not isinstance(raw_tables, list) or not raw_tables:
        raise ValidationError([Problem("no_tables", "the file has no [[table]] entries",
                                       source=source)])
    out: list[UserTable] = []
    for index, raw in enumerate(raw_tables):
        before = len(problems)
        for key in raw:
            if key not in _KEYS:
                add("unknown_key", f"unknown key {key!r}", index, key, None,
                    close_matches(key, _KEYS) or _KEYS)
        kind = raw.get("kind", "counts")
        if kind not in KINDS:
            add("unknown_kind", "unknown table kind", index, "kind", kind,
                close_matches(str(kind), KINDS) or KINDS)
            continue
        title = raw.get("title")
        if not isinstance(title, str) or not title.strip():
            add("missing_title", "the table has no title", index, "title")
        decimals = raw.get("decimals", 1 if kind == "economy" else 0)
        if not isinstance(decimals, int) or isinstance(decimals, bool) or not 0 <= decimals <= 4:
            add("bad_type", "decimals must be a whole number 0-4", index, "decimals", decimals)
            decimals = 0
        if kind == "economy":
            labels: tuple[str, ...] = _ECONOMY[language]
        elif kind == "status":
            labels = _STATUS[language]
        else:
            cols = raw.get("columns")
            if not isinstance(cols, list) or not cols or not all(isinstance(c, str)
                                                                 for c in cols):
                add("bad_columns", "a counts table needs columns = [\"...\", ...]", index,
                    "columns", cols)
                continue
            labels = tuple(cols)
        rows_raw = raw.get("rows")
        if not isinstance(rows_raw, list) or not rows_raw:
            add("no_rows", "the table has no rows = [{ label = ..., values = [...] }, ...]",
                index, "rows")
            continue
        rows: list[Row] = []
        values: list[tuple[float, ...]] = []
        for r_index, row in enumerate(rows_raw):
            where = f"row {r_index + 1}"
            if not isinstance(row, dict):
                add("bad_row", f"{where} must be {{ label = ..., values = [...] }}", index,
                    "rows", row)
                continue
            for key in row:
                if key not in _ROW_KEYS:
                    add("unknown_key", f"{where}: unknown key {key!r}", index, "rows", None,
                        close_matches(key, _ROW_KEYS) or _ROW_KEYS)
            label = row.get("label")
            vals = row.get("values")
            if not isinstance(label, str) or not label:
                add("bad_row", f"{where} has no label", index, "rows")
            if not isinstance(vals, list) or len(vals) != len(labels) \
                    or not all(_is_number(v) for v in vals):
                add("bad_row", f"{where} ({label}) needs {len(labels)} numbers "
                    f"({', '.join(labels)})", index, "rows", vals)
                continue
            total = bool(row.get("total", str(label).casefold() in ("i alt", "total")))
            rows.append(Row(str(label), key=str(label), total=total,
                            depth=int(row.get("depth", 0))))
            values.append(tuple(float(v) for v in vals))
        if len(problems) > before:
            continue
        columns = tuple(Column(c, decimals=decimals, percent=kind == "status" and j == 1,
                               group=str(raw.get("unit", "")))
                        for j, c in enumerate(labels))
        if kind == "status":
            columns = (Column(labels[0], decimals=0),
                       Column(labels[1], decimals=decimals, percent=True))
        notes = raw.get("notes", [])
        table = Table(
            name=str(raw.get("name") or f"egen_{index + 1}"), title=str(title),
            columns=columns, rows=tuple(rows), values=tuple(values),
            stub="", description=str(raw.get("description", "")),
            source=str(raw.get("source") or ("Kilde: Egne opgørelser" if language == "da"
                                             else "Source: Own records")),
            notes=tuple(str(n) for n in notes) if isinstance(notes, list) else (),
            language=language)
        checks = _checks(table, kind, exact=kind != "economy" and decimals == 0)
        for what, verdict in checks:
            if verdict.inconsistent:
                add("inconsistent", f"{table.title}: {what} does not hold within rounding "
                    f"({verdict})", index, "rows", label=what.split(":")[0].split(",")[0])
        out.append(UserTable(table, tuple(checks), str(kind),
                             lines.get(("table", (index,)), {}).get("", 0)))
    if problems:
        raise ValidationError(problems)
    return tuple(out)


def _checks(table: Table, kind: str, *, exact: bool) -> list[tuple[str, Verdict]]:
    """The relations the printed numbers must satisfy. Whole counts of persons or
    visits entered by hand are exact (``exact``); amounts in mio. kr. are rounded."""
    out: list[tuple[str, Verdict]] = []

    decimal = "," if table.language == "da" else "."

    def cell(i: int, j: int) -> PublishedNumber:
        number = published(table.text(i, j), decimal=decimal)
        return published(number, exact=True) if exact and not table.columns[j].percent \
            else number

    body = [i for i, r in enumerate(table.rows) if not r.total]
    totals = [i for i, r in enumerate(table.rows) if r.total]
    if kind == "economy":
        for i in range(len(table.rows)):
            out.append((f"{table.rows[i].label}: afvigelse = forventet regnskab − "
                        "korrigeret budget",
                        difference_consistent(cell(i, 2), cell(i, 1), cell(i, 3))))
    sum_columns = range(len(table.columns)) if kind != "status" else range(1)
    for t in totals:
        for j in sum_columns:
            out.append((f"{table.rows[t].label}, {table.columns[j].label}: sum of the rows",
                        sum_consistent([cell(i, j) for i in body if i < t], cell(t, j))))
    if kind == "status" and totals:
        whole = cell(totals[0], 0)
        for i in range(len(table.rows)):
            out.append((f"{table.rows[i].label}: andel = antal / i alt",
                        share_consistent(cell(i, 0), whole, cell(i, 1))))
    return out


def read_user_tables(path: str | os.PathLike[str], *, language: Language = "da"
                     ) -> tuple[UserTable, ...]:
    """Read, build and verify the tables of a user-tables file."""
    data, text = load_toml(path, "tables file")
    return parse_user_tables(data, text, source=str(path), language=language)
