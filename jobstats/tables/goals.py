"""Beskæftigelsesplan goal tables and the top-10 ranking table.

A goal table shows the figures one political goal is measured by, one row per
year, one column per measure, with the goal's verdict (*opnået*, *på rette
vej*, *kræver opmærksomhed*) as a traffic light. The ranking table lists "Hele
landet" first, then the ``n`` kommuner with the lowest (or highest) value,
ties kept (equal values share a place), the own municipality highlighted.

>>> import pandas as pd
>>> from jobstats import make_frame
>>> f = make_frame(pd.DataFrame({
...     "area": ["Hele landet", "Gentofte", "Gladsaxe", "Herlev", "Furesø"],
...     "target_group": "uddannelseshjaelp", "period": pd.Period("2018", "Y"),
...     "measure": "full_time_persons:population_share",
...     "value": [1.1, 0.3, 0.5, 0.3, 0.9]}))
>>> t = ranking_table(f, area="Furesø", n=2)
>>> [(t.row_label(i), t.text(i, 0), t.text(i, 1), t.rows[i].highlight)
...  for i in range(len(t.rows))]
[('Hele landet', '', '1,10%', False), ('Gentofte', '1', '0,30%', False), \
('Herlev', '1', '0,30%', False), ('Furesø', '4', '0,90%', True)]
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd

from jobstats import frame as _frame
from jobstats import taxonomy as _taxonomy
from jobstats.errors import Problem, Reason, ValidationError
from jobstats.keyfigures import rank
from jobstats.labels import area_label, group_label, is_percent, measure_label, source_line, text
from jobstats.selection import select, year_of
from jobstats.tables._common import Cells
from jobstats.tables.table import Column, Language, Row, Table

__all__ = ["VERDICTS", "goal_table", "ranking_table", "verdict_text"]

VERDICTS: dict[str, str] = {
    "opnået": "achieved",
    "på rette vej": "on track",
    "kræver opmærksomhed": "needs attention",
}
"""Goal verdicts, Danish → English."""


def verdict_text(verdict: object, language: Language) -> str | None:
    """The printed verdict of a ``GoalStatus`` (or its text) in ``language``.

    >>> verdict_text("på rette vej", "en")
    'on track'
    """
    if verdict is None:
        return None
    value = str(getattr(verdict, "value", verdict))
    if value not in VERDICTS:
        raise ValidationError([Problem("unknown_verdict", f"unknown goal verdict {value!r}",
                                       value=value, suggestions=tuple(VERDICTS))])
    return value if language == "da" else VERDICTS[value]


_NOT_ONE: dict[str, Reason] = {_frame.MEASURE: Reason.NOT_ONE_MEASURE,
                               _frame.TARGET_GROUP: Reason.NOT_ONE_TARGET_GROUP}


def _single(frame: pd.DataFrame, column: str, where: str) -> str:
    values = sorted({str(v) for v in frame[column].dropna().unique()})
    if len(values) != 1:
        raise ValidationError([Problem(
            _NOT_ONE[column], f"{where}: expected one {column}, found {values}; "
            f"select one first", column=column, value=values)])
    return values[0]


def ranking_table(frame: pd.DataFrame, area: str | None = None, *, by: str | None = None,
                  n: int = 10, ascending: bool = True,
                  keep: Sequence[str] = (_taxonomy.NATIONAL,), period: object = None,
                  title: str | None = None, description: str = "",
                  decimals: int | None = None, verdict: object = None,
                  count: str | None = None,
                  language: Language = "da", source: str | None = None,
                  taxonomy: _taxonomy.Taxonomy | None = None) -> Table:
    """Top-``n`` ranking: kept areas (Hele landet) first, ties kept, own area marked.

    ``frame`` holds one value per area for one target group and measure (``by``
    picks the measure when there are several); ``count`` names a measure of the
    frame printed as "Antal" between the place and the value (e.g. the full-time
    persons a population share rests on); ``period`` picks the period
    (default: the latest). Calls :func:`jobstats.keyfigures.rank.rank`.
    """
    tx = taxonomy or _taxonomy.default()
    data = frame
    if by is not None:
        data = select(data, measures=[by], where="ranking_table")
    counts = select(frame, measures=[count], where="ranking_table") if count else None
    measure = _single(data, _frame.MEASURE, "ranking_table")
    group = _single(data, _frame.TARGET_GROUP, "ranking_table")
    periods = sorted(set(data[_frame.PERIOD].unique()))  # each distinct period boxed once
    chosen = periods[-1] if period is None else pd.Period(str(period), freq=periods[-1].freq)
    data = data[data[_frame.PERIOD] == chosen].reset_index(drop=True)
    own_name = tx.resolve_area(area) if area is not None else None
    ranked = rank(data, ascending=ascending, n=n, keep=tuple(keep), own=own_name, taxonomy=tx)
    percent = is_percent(measure, tx)
    places = ranked["place"].to_numpy(dtype="float64")
    value_col = Column(measure_label(measure, language, tx),
                       decimals=(2 if percent else 0) if decimals is None else decimals,
                       percent=percent)
    count_of: dict[str, tuple[float, bool]] = {}
    if counts is not None:
        at = counts[counts[_frame.PERIOD] == chosen]
        count_of = {str(a): (math.nan if b else float(v), bool(b)) for a, v, b in zip(
            at[_frame.AREA].astype(object), at[_frame.VALUE], at[_frame.BLINDED],
            strict=True)}
        columns: tuple[Column, ...] = (Column(text("place", language), decimals=0),
                                       Column(text("count", language), decimals=0), value_col)
    else:
        columns = (Column(text("place", language), decimals=0), value_col)
    rows: list[Row] = []
    values: list[tuple[float, ...]] = []
    blinded: list[tuple[bool, ...]] = []
    # each column read once, not a cell at a time
    ranked_areas = ranked[_frame.AREA].astype(object).tolist()
    ranked_own = ranked["own_area"].to_numpy().tolist()
    ranked_values = ranked[_frame.VALUE].to_numpy(dtype="float64").tolist()
    ranked_blinded = ranked[_frame.BLINDED].to_numpy().tolist()
    for pos in range(len(ranked)):
        name = str(ranked_areas[pos])
        rows.append(Row(area_label(name, language), key=name,
                        highlight=bool(ranked_own[pos])))
        v, b = float(ranked_values[pos]), bool(ranked_blinded[pos])
        if counts is not None:
            c, cb = count_of.get(name, (math.nan, False))
            values.append((float(places[pos]), c, v))
            blinded.append((False, cb, b))
        else:
            values.append((float(places[pos]), v))
            blinded.append((False, b))
    group_name = group_label(group, language, tx)
    if title is None:
        title = f"Top {n}: {group_name}, {year_of(chosen)}"
    return Table(name=f"rangliste_{group}", title=title, columns=columns, rows=tuple(rows),
                 values=tuple(values), blinded=tuple(blinded), stub=text("area", language),
                 description=description, source=source_line(frame, language, source),
                 verdict=verdict_text(verdict, language), language=language)


def goal_table(frame: pd.DataFrame, area: str, *, title: str, name: str = "maal",
               description: str = "", measures: Sequence[str] | None = None,
               years: Sequence[int] | None = None,
               decimals: Mapping[str, int] | None = None,
               labels: Mapping[str, str] | None = None, verdict: object = None,
               language: Language = "da", source: str | None = None,
               taxonomy: _taxonomy.Taxonomy | None = None) -> Table:
    """One goal's table: a row per year, a column per measure, and the verdict.

    ``frame`` holds the key figures the goal is measured by for ``area`` (e.g.
    annual averages and a share, or a population share); one target group per
    measure. ``decimals`` and ``labels`` override the defaults per measure
    (counts 0 decimals, percentages 2). ``verdict`` is a ``GoalStatus`` or its
    text.

    >>> import pandas as pd
    >>> from jobstats import make_frame
    >>> f = make_frame(pd.DataFrame({
    ...     "area": "Gentofte", "target_group": "flygtninge",
    ...     "period": [pd.Period(str(y), "Y") for y in (2017, 2018)] * 2,
    ...     "measure": ["unsubsidised_employment"] * 2 + ["pct_unsubsidised_employment"] * 2,
    ...     "value": [120.0, 151.0, 30.456, 35.0]}))
    >>> t = goal_table(f, "Gentofte", title="Flere flygtninge i job", verdict="opnået")
    >>> [(t.row_label(i), t.text(i, 0), t.text(i, 1)) for i in range(2)], t.verdict
    ([('2017', '120', '30,46%'), ('2018', '151', '35,00%')], 'opnået')
    """
    tx = taxonomy or _taxonomy.default()
    area = tx.resolve_area(area)
    data = select(frame, measures=measures, areas=[area], where="goal_table")
    chosen = list(measures) if measures is not None else \
        list(dict.fromkeys(str(m) for m in data[_frame.MEASURE].astype(object)))
    cells = Cells(data, [_frame.MEASURE, _frame.PERIOD])
    present_years = sorted({year_of(p) for p in data[_frame.PERIOD]})
    shown = sorted(int(y) for y in years) if years is not None else present_years
    columns = []
    for m in chosen:
        percent = is_percent(m, tx)
        d = (decimals or {}).get(m, 2 if percent else 0)
        label = (labels or {}).get(m, measure_label(m, language, tx))
        columns.append(Column(label, decimals=d, percent=percent))
    rows = tuple(Row(str(y), key=str(y)) for y in shown)
    values = tuple(tuple(cells.get(m, y)[0] for m in chosen) for y in shown)
    blinded = tuple(tuple(cells.get(m, y)[1] for m in chosen) for y in shown)
    values = tuple(tuple(math.nan if b else v for v, b in zip(vr, br, strict=True))
                   for vr, br in zip(values, blinded, strict=True))
    return Table(name=name, title=title, columns=tuple(columns), rows=rows, values=values,
                 blinded=blinded, stub=text("year", language), description=description,
                 source=source_line(frame, language, source),
                 verdict=verdict_text(verdict, language), language=language)
