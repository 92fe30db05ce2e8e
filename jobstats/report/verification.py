"""Check every printed percentage and sum of an appendix against its neighbours and the data.

The checks read the appendix *as printed* (the rounded texts a committee member
sees) and use :mod:`jobstats.verify`, so a finding means the published appendix
contradicts itself or the data, whatever the rounding:

* **change** — each "Udvikling i procent" cell follows from the two printed
  annual averages it compares (for the first year of a table, the previous
  year's average comes from the data, rounded as it would be printed);
* **share** — each "Landsandel" cell follows from the printed average and the
  national value in the data;
* **children** — a target group's printed average equals the sum of its printed
  sub-groups, within their rounding;
* **total** — the "I alt" row equals the sum of the printed top-level groups.

Blinded or undefined cells are "not checkable", never a pass or a failure.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from jobstats.frame import PERIOD, TARGET_GROUP, VALUE, select_rows
from jobstats.numbers import format_number
from jobstats.verify._text import counted
from jobstats.verify.engine import CellCheck, PublishedTable, RuleLike, run_rules
from jobstats.verify.number import PublishedNumber, published
from jobstats.verify.relations import Verdict
from jobstats.verify.rules import Change, ChildrenSum, RowSum, Share

if TYPE_CHECKING:  # avoids importing the tables at import time
    from jobstats.keyfigures.bundle import KeyFigures
    from jobstats.tables import Bilag, Table

__all__ = ["Check", "VerificationSummary", "verify_appendix"]

# the measure behind each table whose columns are (level, share, change) per year
_LEVEL_TABLES: Mapping[str, str] = {
    "maalgruppeoversigt": "full_time_persons",
    "langtidsledighed": "long_term_unemployed",
}


Check = CellCheck
"""One check of one printed cell: the verification engine's one result type."""


@dataclass(frozen=True)
class VerificationSummary:
    """Every check of an appendix; ``ok`` when none is inconsistent."""

    checks: tuple[Check, ...]

    @property
    def ok(self) -> bool:
        """No printed number contradicts the others or the data."""
        return not any(c.verdict.inconsistent for c in self.checks)

    def counts(self) -> dict[str, int]:
        """Number of checks per status."""
        out = {"consistent": 0, "inconsistent": 0, "not checkable": 0}
        for c in self.checks:
            out[c.status.value] += 1
        return out

    def to_frame(self) -> pd.DataFrame:
        """One row per check: table, row, column, relation, status, published, reachable,
        checked.

        ``published`` is the checked figure as printed, ``reachable`` the printed
        values its inputs allow (in the unit and rounding of ``published``) and
        ``checked`` the relation in words (``"same number as 816"``: a number a
        sentence quotes from its table; ``"change 804 → 816"``; ``"sum of 2 parts"``).
        """
        return pd.DataFrame(
            [{"table": c.table, "row": c.row, "column": c.column, "relation": c.relation,
              "status": c.status.value, "published": str(c.verdict.published),
              "reachable": c.verdict.printable(), "checked": c.rule} for c in self.checks],
            columns=["table", "row", "column", "relation", "status", "published", "reachable",
                     "checked"])

    def format(self, language: str = "en") -> str:
        """A short text report: the counts, then every inconsistent check, in
        ``language`` (``"da"`` or ``"en"``; ``verifikation.txt`` follows the report's)."""
        n = self.counts()
        if language == "da":
            lines = [f"{counted(len(self.checks), 'kontrol', 'kontroller', 'da')} af trykte tal: "
                     f"{n['consistent']} stemmer, {n['inconsistent']} stemmer ikke, "
                     f"{n['not checkable']} kan ikke kontrolleres (diskretioneret eller "
                     "udefineret)."]
        else:
            lines = [f"{counted(len(self.checks), 'check', 'checks')} of printed numbers: "
                     f"{n['consistent']} consistent, {n['inconsistent']} inconsistent, "
                     f"{n['not checkable']} not checkable (blinded or undefined)."]
        for c in self.checks:
            if c.verdict.inconsistent:
                if language == "da":
                    lines.append(f"STEMMER IKKE {c.table} / {c.row} / {c.column}: "
                                 f"{_danish(c.verdict)}")
                else:
                    lines.append(f"INCONSISTENT {c.table} / {c.row} / {c.column}: {c.verdict}")
        return "\n".join(lines)


# the leading words of the relations' descriptions (jobstats.verify), in Danish
_RELATION_DA = (("same number as", "samme tal som"), ("change", "udvikling"),
                ("share", "andel"), ("sum of", "sum af"), ("difference", "forskel"),
                ("ratio", "forhold"))


def _danish(verdict: Verdict) -> str:
    """An inconsistent verdict in Danish: what the inputs allow, not the printed value."""
    what = verdict.relation
    for en, da in _RELATION_DA:
        if what.startswith(en):
            what = da + what[len(en):]
            break
    what = what.replace(" parts", " dele").replace(" part", " del")
    return (f"{what}: trykt {str(verdict.published) or '(tom)'}, mulige værdier "
            f"{verdict.reachable_text() or 'ingen'} (trykt som {verdict.printable() or 'intet'})"
            ": stemmer ikke")


def _national_annual(figures: KeyFigures, measure: str,
                     years: Iterable[int]) -> dict[object, float]:
    """The national annual averages of ``measure`` per (target group, year) for ``years``."""
    annual = figures.annual.get(measure)
    if annual is None:
        return {}
    sel = select_rows(annual, area=figures.national)
    sel = sel.loc[sel[PERIOD].dt.year.isin(list(years)) & sel[VALUE].notna()]
    if sel.empty:
        return {}
    # one value per (target group, year); extra dimensions are not part of these tables
    groups, in_year = sel[TARGET_GROUP].astype(object), sel[PERIOD].dt.year
    single = _single_sums(list(zip(groups.tolist(), in_year.tolist(), strict=True)), sel)
    if single is not None:
        return single
    return dict(sel.groupby([groups, in_year])[VALUE].sum().items())


def _own_annual(figures: KeyFigures, measure: str, year: int) -> dict[object, float]:
    """``area``'s annual averages of ``measure`` per target group in ``year``."""
    annual = figures.annual.get(measure)
    if annual is None:
        return {}
    sel = select_rows(annual, area=figures.area)
    sel = sel.loc[sel[PERIOD].dt.year == year]
    if sel.empty:
        return {}
    groups = sel[TARGET_GROUP].astype(object)
    single = _single_sums(groups.tolist(), sel)
    if single is not None:
        return single
    return dict(sel.groupby(groups)[VALUE].sum(min_count=1).items())


def _single_sums(keys: list[object], sel: pd.DataFrame) -> dict[object, float] | None:
    """Each key's value when every key has one row: what the group sum gives, ``0.0 +
    value`` (a missing value stays missing, -0.0 becomes 0.0); ``None`` when a key
    repeats or is missing (the caller then sums by groups)."""
    if len(set(keys)) != len(keys) or any(
            k != k or (isinstance(k, tuple) and any(p != p for p in k)) for k in keys):
        return None
    values = sel[VALUE].to_numpy(dtype=np.float64)
    return {k: np.float64(0.0) + v for k, v in zip(keys, values, strict=True)}


def _decimal(table: Table) -> str:
    """The decimal mark of the table's printed numbers."""
    return "." if table.language == "en" else ","


def _column_index(table: Table) -> dict[tuple[int, str], int]:
    """(year, kind) -> column position, kind being ``level``, ``share`` or ``change``."""
    index: dict[tuple[int, str], int] = {}
    for j, col in enumerate(table.columns):
        if not str(col.group).isdigit():
            continue
        kind = "change" if col.change else ("share" if col.percent else "level")
        index.setdefault((int(col.group), kind), j)
    return index


def _names(table: Table) -> list[str]:
    """Unique column names ``"<group> <label>"`` as the checks report them."""
    names: list[str] = []
    for col in table.columns:
        name = f"{col.group} {col.label}".strip()
        while name in names:
            name += " (2)"
        names.append(name)
    return names


def _printed(table: Table, extra: Mapping[str, list[object]]) -> PublishedTable:
    """The table as printed (sub-rows prefixed ``"- "``), plus columns taken from the data.

    Row ``i`` gets source line ``i`` so that checks map back to the table's rows.
    """
    names = _names(table)
    header = ["row", *names, *extra]
    rows: list[list[object]] = []
    counts = [not col.percent and not col.change for col in table.columns]
    decimal = _decimal(table)
    for i, row in enumerate(table.rows):
        cells: list[object] = [("- " if row.depth > 0 else "") + row.label]
        # the levels are counts of persons: a printed 0 stands for [0, 0.5), never less
        cells.extend(_count(table.text(i, j), decimal) if counts[j] else table.text(i, j)
                     for j in range(len(table.columns)))
        cells.extend(values[i] for values in extra.values())
        rows.append(cells)
    return PublishedTable.from_rows(header, rows, source=table.name, label_column="row",
                                    decimal=_decimal(table), lines=range(len(table.rows)))


def _count(text: str, decimal: str) -> PublishedNumber:
    """A printed count (never negative) as the checks read it."""
    return replace(published(text, decimal=decimal), nonnegative=True)


def _rules(table: Table, figures: KeyFigures,
           measure: str) -> tuple[dict[str, list[object]], list[RuleLike]]:
    """The data columns and the rules of a (level, share, change)-per-year table."""
    cols = _column_index(table)
    names = _names(table)
    years = sorted({year for year, _ in cols})
    extra: dict[str, list[object]] = {}
    rules: list[RuleLike] = []
    if not years:
        return extra, rules
    national = _national_annual(figures, measure, years)
    before_first = _own_annual(figures, measure, years[0] - 1)
    for n, year in enumerate(years):
        level = cols.get((year, "level"))
        if level is None:
            continue
        change = cols.get((year, "change"))
        if change is not None:
            prev = cols.get((years[n - 1], "level")) if n > 0 else None
            if prev is not None:
                before = names[prev]
            else:  # the year before the table, from the data, rounded as printed
                before = f"{years[0] - 1} (data)"
                extra[before] = [
                    _count(format_number(before_first.get(row.key, math.nan),
                                         table.columns[level].decimals, locale=table.locale),
                           _decimal(table))
                    for row in table.rows]
            rules.append(Change(before, names[level], names[change]))
        share = cols.get((year, "share"))
        if share is not None:
            whole = f"{year} {'All Denmark' if table.language == 'en' else 'Hele landet'} (data)"
            extra[whole] = [
                published(v, exact=True) if not math.isnan(v) else published("")
                for v in (national.get((row.key, year), math.nan) for row in table.rows)]
            rules.append(Share(names[level], names[share], whole=whole))
    return extra, rules


def _sum_rules(table: Table) -> list[RuleLike]:
    """Parents = sum of their printed sub-groups; the total row = sum of top-level rows."""
    names = _names(table)
    counts = tuple(names[j] for j, col in enumerate(table.columns)
                   if not col.percent and not col.change)
    rules: list[RuleLike] = []
    if not counts:
        return rules
    if any(r.depth > 0 for r in table.rows):
        rules.append(ChildrenSum(counts))
    totals = [r.label for r in table.rows if r.total]
    if len(totals) == 1:
        rules.append(RowSum(totals[0], counts))
    return rules


def _level_table_checks(table: Table, figures: KeyFigures, measure: str) -> list[Check]:
    if not _column_index(table):
        return []
    extra, rules = _rules(table, figures, measure)
    rules.extend(_sum_rules(table))
    grid = _printed(table, extra)
    out = []
    for c in run_rules(grid, rules, prefix="- ", table_name=table.name):
        i = c.line if c.line is not None else 0
        out.append(replace(c, row=table.rows[i].label, line=None,
                           related_lines=()))
    return out


def verify_appendix(bilag: Bilag, figures: KeyFigures | pd.DataFrame, *,
                    area: str | None = None) -> VerificationSummary:
    """Check the printed numbers of ``bilag`` against the key figures it was built from.

    ``figures`` is the bundle of key figures the appendix was laid out from
    (:func:`~jobstats.keyfigures.bundle.key_figures`); the checks read only it. A
    canonical frame (with ``area``) is accepted for notebooks: the bundle is then
    computed from it for the latest year the appendix prints.

    >>> import jobstats
    >>> d = jobstats.demo()
    >>> kf = jobstats.key_figures(d, area="Gentofte", year=2018)  # doctest: +SKIP
    >>> verify_appendix(jobstats.appendix_of(kf), kf).ok  # doctest: +SKIP
    True
    """
    if isinstance(figures, pd.DataFrame):
        from jobstats.keyfigures.bundle import key_figures

        if area is None:
            raise TypeError("verify_appendix: give the area when checking against a frame")
        figures = key_figures(figures, area=area, year=_printed_year(bilag, figures))
    elif area is not None and figures.taxonomy.resolve_area(area) != figures.area:
        raise ValueError(f"verify_appendix: the key figures are of {figures.area!r}, "
                         f"not {area!r}")
    checks: list[Check] = []
    for table in bilag:
        measure = _LEVEL_TABLES.get(table.name)
        if measure is not None:
            checks.extend(_level_table_checks(table, figures, measure))
    return VerificationSummary(tuple(checks))


def _printed_year(bilag: Bilag, frame: pd.DataFrame) -> int:
    """The latest year the level tables of ``bilag`` print (else the data's last)."""
    years = [year for table in bilag if table.name in _LEVEL_TABLES
             for year, _ in _column_index(table)]
    if years:
        return max(years)
    from jobstats.selection import years_of

    return int(years_of(frame[PERIOD].dropna()).max())
