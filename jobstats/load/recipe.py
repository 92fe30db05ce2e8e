"""The data recipe: which source table feeds which appendix table and figure.

One file in the package, ``jobstats/taxonomy/recipe.csv``, read by the fetcher
(what to download), the report (what a missing table needs) and the docs
(``jobstats tables --recipe``). One row per series:

==============  ===============================================================
column          meaning
==============  ===============================================================
``series``      a short name of the series (unique)
``source``      ``jobindsats`` or ``statbank`` (DST)
``table``       the source table id (``Y01A02``, ``FOLK1AM``); empty when the
                id is not fixed (the row is then skipped by the fetcher and
                named in its summary)
``measure``     the canonical measure(s) kept, ``|``-separated
``target_group``  the group the table covers
``groups``      the groups kept: ``tree`` (the group and its sub-groups), ``self``
                (the group only) or a ``|``-separated list of group ids — each
                group comes from exactly one table
``select``      DST value selections, ``VAR=a-b;VAR2=X`` (``ALDER=16-66``)
``valid_from``  first month the table holds (``2025-07``), empty: open
``valid_to``    last month, empty: open (a reform replaces the table)
``used_by``     the appendix tables and figures it feeds, ``|``-separated
``confirmed``   ``yes`` when the id was checked against the published catalogue
``note``        what the table is
==============  ===============================================================

>>> r = recipe()
>>> r.row("kontanthjaelp").table, r.row("kontanthjaelp_2025").table
('Y36A02', 'Y60A02')
>>> [x.series for x in r.rows_for("2025-01", "2025-12") if "punkt_kontanthjaelp" in x.used_by]
['kontanthjaelp', 'kontanthjaelp_2025']
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from types import MappingProxyType

import pandas as pd

from jobstats import taxonomy as _taxonomy
from jobstats.errors import Problem, UnknownNameError, ValidationError, close_matches

__all__ = ["Recipe", "RecipeRow", "read_recipe", "recipe"]

SOURCES = ("jobindsats", "statbank")
_COLUMNS = ("series", "source", "table", "measure", "target_group", "groups", "select",
            "valid_from",
            "valid_to", "used_by", "confirmed", "note")


@dataclass(frozen=True)
class RecipeRow:
    """One series of the recipe (see the module docstring for the columns)."""

    series: str
    source: str
    table: str
    measures: tuple[str, ...]
    target_group: str
    groups: str
    select: Mapping[str, tuple[str, ...]]
    valid_from: pd.Period | None
    valid_to: pd.Period | None
    used_by: tuple[str, ...]
    confirmed: bool
    note: str

    def keeps(self, group: str, tx: _taxonomy.Taxonomy) -> bool:
        """True when the row's table is the source of ``group``."""
        if self.groups == "self":
            return group == self.target_group
        if self.groups == "tree":
            g: str | None = group
            while g is not None:
                if g == self.target_group:
                    return True
                g = tx.groups[g].parent if g in tx.groups else None
            return False
        return group in _split_groups(self.groups)

    def valid_between(self, first: pd.Period, last: pd.Period) -> bool:
        """True when the table holds any month from ``first`` to ``last``."""
        return ((self.valid_to is None or first <= self.valid_to)
                and (self.valid_from is None or last >= self.valid_from))


@dataclass(frozen=True)
class Recipe:
    """The rows of a recipe, in file order."""

    rows: tuple[RecipeRow, ...]
    source: str = "jobstats/taxonomy/recipe.csv"

    def row(self, series: str) -> RecipeRow:
        """The row of ``series`` (UnknownNameError with close matches)."""
        for r in self.rows:
            if r.series == series:
                return r
        names = [r.series for r in self.rows]
        raise UnknownNameError([Problem("unknown_series", "not a series of the recipe",
                                        value=series, suggestions=close_matches(series, names))])

    def rows_for(self, first: str | pd.Period, last: str | pd.Period) -> tuple[RecipeRow, ...]:
        """The rows whose table is valid in some month from ``first`` to ``last``."""
        a = pd.Period(first, "M") if not isinstance(first, pd.Period) else first.asfreq("M", "S")
        b = pd.Period(last, "M") if not isinstance(last, pd.Period) else last.asfreq("M", "E")
        return tuple(r for r in self.rows if r.valid_between(a, b))

    def with_table(self, series: str, table: str) -> Recipe:
        """A copy with the table id of ``series`` set (e.g. an id found in the catalogue)."""
        self.row(series)
        return replace(self, rows=tuple(replace(r, table=table.strip().upper(), confirmed=True)
                                        if r.series == series else r for r in self.rows))

    def needs(self, name: str) -> tuple[RecipeRow, ...]:
        """The rows an appendix table or figure (by name) is built from."""
        return tuple(r for r in self.rows if name in r.used_by)

    def to_frame(self) -> pd.DataFrame:
        """The recipe as a frame (one row per series, the file's columns)."""
        return pd.DataFrame([{
            "series": r.series, "source": r.source, "table": r.table,
            "measure": "|".join(r.measures), "target_group": r.target_group,
            "groups": r.groups,
            "select": ";".join(f"{k}={_compact(v, '|')}" for k, v in r.select.items()),
            "valid_from": str(r.valid_from) if r.valid_from is not None else "",
            "valid_to": str(r.valid_to) if r.valid_to is not None else "",
            "used_by": "|".join(r.used_by), "confirmed": r.confirmed, "note": r.note}
            for r in self.rows], columns=list(_COLUMNS))

    def format(self) -> str:
        """A plain-text listing (``jobstats tables --recipe``)."""
        lines = [f"Data recipe ({self.source}): {len(self.rows)} series"]
        for r in self.rows:
            when = ""
            if r.valid_from is not None or r.valid_to is not None:
                when = (f" [{r.valid_from if r.valid_from is not None else '…'}–"
                        f"{r.valid_to if r.valid_to is not None else '…'}]")
            table = r.table or "(id not fixed)"
            sel = " " + ";".join(f"{k}={_compact(v)}" for k, v in r.select.items()) \
                if r.select else ""
            lines.append(f"  {r.series:<26} {r.source:<10} {table:<8}{when} "
                         f"{'|'.join(r.measures)} of {r.target_group}"
                         f"{' and sub-groups' if r.groups == 'tree' else ''}"
                         f"{'' if r.groups in ('tree', 'self') else ': ' + r.groups}{sel}")
            lines.append(f"  {'':<26} → {', '.join(r.used_by)}")
        return "\n".join(lines)


def recipe() -> Recipe:
    """The package's recipe (``jobstats/taxonomy/recipe.csv``)."""
    text = resources.files(_taxonomy.__name__).joinpath("recipe.csv").read_text(
        encoding="utf-8")
    return _parse(text, "jobstats/taxonomy/recipe.csv")


def read_recipe(path: str | os.PathLike[str]) -> Recipe:
    """A recipe from a CSV file with the package recipe's columns (e.g. the package
    recipe with the missing table ids filled in)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError([Problem("bad_recipe", f"cannot read the recipe: "
                                       f"{type(exc).__name__}", source=str(p))]) from None
    return _parse(text, str(p))


def _month(text: str, source: str, line: int, problems: list[Problem]) -> pd.Period | None:
    if not text.strip():
        return None
    try:
        return pd.Period(text.strip(), "M")
    except (ValueError, TypeError):
        problems.append(Problem("bad_period", "not a month (expected e.g. 2025-07)",
                                value=text, source=source, row=line))
        return None


def _select(text: str) -> dict[str, tuple[str, ...]]:
    """``ALDER=16-66;KØN=TOT`` → ``{"ALDER": ("16", …, "66"), "KØN": ("TOT",)}``."""
    out: dict[str, tuple[str, ...]] = {}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        var, eq, values = part.partition("=")
        if not eq or not var.strip() or not values.strip():
            raise ValueError(part)
        vals: list[str] = []
        for v in values.split("|"):
            a, dash, b = v.strip().partition("-")
            if dash and a.isdigit() and b.isdigit() and int(a) <= int(b):
                vals += [str(i) for i in range(int(a), int(b) + 1)]
            else:
                vals.append(v.strip())
        out[var.strip()] = tuple(vals)
    return out


def _compact(values: tuple[str, ...], sep: str = ",") -> str:
    """``("16", "17", …, "66")`` → ``"16-66"``; other lists joined by ``sep``."""
    if len(values) > 2 and all(v.isdigit() for v in values):
        nums = [int(v) for v in values]
        if nums == list(range(nums[0], nums[-1] + 1)):
            return f"{nums[0]}-{nums[-1]}"
    return sep.join(values)


def _split_groups(text: str) -> tuple[str, ...]:
    if text.strip() in ("", "tree", "self"):
        return ()
    return tuple(g.strip() for g in text.split("|") if g.strip())


def _parse(text: str, source: str, tx: _taxonomy.Taxonomy | None = None) -> Recipe:
    tx = tx or _taxonomy.default()
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in _COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ValidationError([Problem("missing_column", f"the recipe has no column {c!r}",
                                       source=source, column=c) for c in missing])
    problems: list[Problem] = []
    rows: list[RecipeRow] = []
    seen: set[str] = set()
    for line, raw in enumerate(reader, start=2):
        d = {k: (v or "").strip() for k, v in raw.items() if k is not None}
        if d["series"] in seen or not d["series"]:
            problems.append(Problem("duplicate_series", "the series name is empty or repeated",
                                    column="series", value=d["series"], source=source, row=line))
        seen.add(d["series"])
        if d["source"] not in SOURCES:
            problems.append(Problem("bad_source", f"unknown source; choose {' or '.join(SOURCES)}",
                                    column="source", value=d["source"], source=source, row=line))
        measures = tuple(m.strip() for m in d["measure"].split("|") if m.strip())
        for m in measures or ("",):
            if m not in tx.measures:
                problems.append(Problem("unknown_measure", "not a measure of the taxonomy",
                                        column="measure", value=m,
                                        suggestions=close_matches(m, tx.measures),
                                        source=source, row=line))
        if d["target_group"] not in tx.groups:
            problems.append(Problem("unknown_group", "not a target group of the taxonomy",
                                    column="target_group", value=d["target_group"],
                                    suggestions=close_matches(d["target_group"], tx.groups),
                                    source=source, row=line))
        for g in _split_groups(d["groups"]):
            if g not in tx.groups:
                problems.append(Problem("unknown_group", "not a target group of the taxonomy",
                                        column="groups", value=g, source=source, row=line,
                                        suggestions=close_matches(g, tx.groups)))
        try:
            select = _select(d["select"])
        except ValueError as exc:
            problems.append(Problem("bad_select", "expected VAR=a-b;VAR2=X", column="select",
                                    value=str(exc), source=source, row=line))
            select = {}
        table = d["table"].upper()
        if table and not table.isalnum():
            problems.append(Problem("bad_table_id", "not a table id (letters and digits)",
                                    column="table", value=d["table"], source=source, row=line))
        rows.append(RecipeRow(
            series=d["series"], source=d["source"], table=table, measures=measures,
            target_group=d["target_group"], groups=d["groups"] or "tree",
            select=MappingProxyType(select),
            valid_from=_month(d["valid_from"], source, line, problems),
            valid_to=_month(d["valid_to"], source, line, problems),
            used_by=tuple(u.strip() for u in d["used_by"].split("|") if u.strip()),
            confirmed=d["confirmed"].lower() in ("yes", "true", "1"), note=d["note"]))
    if problems:
        raise ValidationError(problems)
    return Recipe(tuple(rows), source)


def tables_of(rows: Iterable[RecipeRow]) -> tuple[str, ...]:
    """The distinct table ids of ``rows`` (in order, blanks left out)."""
    return tuple(dict.fromkeys(r.table for r in rows if r.table))
