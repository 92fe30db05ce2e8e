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
from dataclasses import dataclass

import pandas as pd

from jobstats import keyfigures as kf
from jobstats.frame import AREA, MEASURE, PERIOD, TARGET_GROUP, VALUE
from jobstats.numbers import format_number
from jobstats.taxonomy import NATIONAL
from jobstats.verify import (
    PublishedNumber,
    Verdict,
    change_consistent,
    published,
    share_consistent,
    sum_consistent,
)

if False:  # pragma: no cover - typing only, avoids importing the tables at import time
    from jobstats.tables import Bilag, Table

__all__ = ["Check", "VerificationSummary", "verify_appendix"]

# the measure behind each table whose columns are (level, share, change) per year
_LEVEL_TABLES: Mapping[str, str] = {
    "maalgruppeoversigt": "full_time_persons",
    "langtidsledighed": "long_term_unemployed",
}


@dataclass(frozen=True)
class Check:
    """One check of one printed cell."""

    table: str
    row: str
    column: str
    relation: str
    verdict: Verdict

    @property
    def status(self) -> str:
        """``consistent``, ``inconsistent`` or ``not checkable``."""
        return self.verdict.status.value


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
            out[c.status] += 1
        return out

    def to_frame(self) -> pd.DataFrame:
        """One row per check: table, row, column, relation, status, published, reachable."""
        return pd.DataFrame(
            [{"table": c.table, "row": c.row, "column": c.column, "relation": c.relation,
              "status": c.status, "published": str(c.verdict.published),
              "reachable": c.verdict.printable()} for c in self.checks],
            columns=["table", "row", "column", "relation", "status", "published", "reachable"])

    def format(self) -> str:
        """A short text report: the counts, then every inconsistent check."""
        n = self.counts()
        lines = [f"{len(self.checks)} checks of printed numbers: {n['consistent']} consistent, "
                 f"{n['inconsistent']} inconsistent, {n['not checkable']} not checkable "
                 "(blinded or undefined)."]
        for c in self.checks:
            if c.verdict.inconsistent:
                lines.append(f"INCONSISTENT {c.table} / {c.row} / {c.column}: {c.verdict}")
        return "\n".join(lines)


def _national_annual(frame: pd.DataFrame, measure: str, years: Iterable[int]) -> pd.Series:
    years = list(years)
    sel = frame.loc[(frame[AREA] == NATIONAL) & (frame[MEASURE] == measure)
                    & frame[PERIOD].dt.year.isin(years)]
    if sel.empty:
        return pd.Series(dtype="float64")
    annual = kf.annual_average(sel)
    annual = annual.loc[annual[VALUE].notna()]
    # one value per (target group, year); extra dimensions are not part of these tables
    return annual.groupby([annual[TARGET_GROUP].astype(object),
                           annual[PERIOD].dt.year])[VALUE].sum()


def _own_annual(frame: pd.DataFrame, area: str, measure: str, year: int) -> pd.Series:
    sel = frame.loc[(frame[AREA] == area) & (frame[MEASURE] == measure)
                    & (frame[PERIOD].dt.year == year)]
    if sel.empty:
        return pd.Series(dtype="float64")
    annual = kf.annual_average(sel)
    return annual.groupby(annual[TARGET_GROUP].astype(object))[VALUE].sum(min_count=1)


def _level_table_checks(table: Table, frame: pd.DataFrame, area: str,
                        measure: str) -> list[Check]:
    tidy = table.to_frame()
    years = sorted({int(g) for g in tidy["group"] if str(g).isdigit()})
    if not years:
        return []
    national = _national_annual(frame, measure, years)
    before_first = _own_annual(frame, area, measure, years[0] - 1)
    checks: list[Check] = []

    def cell(row: int, year: int, kind: str) -> pd.Series | None:
        sub = tidy.loc[(tidy["row"] == row) & (tidy["group"] == str(year))]
        if kind == "level":
            sub = sub.loc[~sub["percent"] & ~sub["change"]]
        elif kind == "share":
            sub = sub.loc[sub["percent"] & ~sub["change"]]
        else:
            sub = sub.loc[sub["change"]]
        return None if sub.empty else sub.iloc[0]

    rows = tidy.drop_duplicates("row")[["row", "key", "label", "depth"]]
    for r in rows.itertuples(index=False):
        for i, year in enumerate(years):
            level = cell(int(r.row), year, "level")
            if level is None:
                continue
            change = cell(int(r.row), year, "change")
            if change is not None:
                if i > 0:
                    prev = cell(int(r.row), years[i - 1], "level")
                    before: PublishedNumber | None = (
                        published(str(prev["text"])) if prev is not None else None)
                else:
                    value = before_first.get(str(r.key), math.nan)
                    before = published(format_number(value, int(level["decimals"])))
                if before is not None:
                    checks.append(Check(table.name, str(r.label), f"{year} {change['column']}",
                                        "change", change_consistent(
                                            before, published(str(level["text"])),
                                            published(str(change["text"])))))
            share = cell(int(r.row), year, "share")
            if share is not None:
                whole = national.get((str(r.key), year), math.nan)
                checks.append(Check(
                    table.name, str(r.label), f"{year} {share['column']}", "share",
                    share_consistent(published(str(level["text"])),
                                     published(whole, exact=True) if not math.isnan(whole)
                                     else published(""),
                                     published(str(share["text"])))))
    checks.extend(_sum_checks(table, tidy))
    return checks


def _sum_checks(table: Table, tidy: pd.DataFrame) -> list[Check]:
    """Parents = sum of their printed sub-groups; the total row = sum of top-level rows."""
    checks: list[Check] = []
    levels = tidy.loc[~tidy["percent"] & ~tidy["change"]]
    rows = list(table.rows)
    for col, block in levels.groupby(["group", "column"], sort=False):
        texts = dict(zip(block["row"], block["text"], strict=True))
        label = " ".join(str(c) for c in col if c)
        for i, row in enumerate(rows):
            if row.total:
                tops = [texts[j] for j, r in enumerate(rows) if r.depth == 0 and not r.total]
                checks.append(Check(table.name, row.label, label, "total",
                                    sum_consistent([published(t) for t in tops],
                                                   published(texts[i]))))
                continue
            if row.depth != 0:
                continue
            kids = []
            for j in range(i + 1, len(rows)):
                if rows[j].depth == 0 or rows[j].total:
                    break
                if rows[j].depth == 1:
                    kids.append(texts[j])
            if kids:
                checks.append(Check(table.name, row.label, label, "children",
                                    sum_consistent([published(t) for t in kids],
                                                   published(texts[i]))))
    return checks


def verify_appendix(bilag: Bilag, frame: pd.DataFrame, *, area: str) -> VerificationSummary:
    """Check the printed numbers of ``bilag`` (built from ``frame`` for ``area``).

    >>> import jobstats
    >>> from jobstats.tables import bilag
    >>> d = jobstats.demo()
    >>> summary = verify_appendix(bilag(d, area="Gentofte", year=2018), d,
    ...                           area="Gentofte")  # doctest: +SKIP
    >>> summary.ok  # doctest: +SKIP
    True
    """
    checks: list[Check] = []
    for table in bilag:
        measure = _LEVEL_TABLES.get(table.name)
        if measure is not None:
            checks.extend(_level_table_checks(table, frame, area, measure))
    return VerificationSummary(tuple(checks))
