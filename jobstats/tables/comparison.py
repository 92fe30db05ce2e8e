"""Comparison tables: the December-vs-December point comparison and a composition.

>>> import pandas as pd
>>> from jobstats import make_frame
>>> f = make_frame(pd.DataFrame({
...     "area": "Gentofte", "period": pd.Period("2018-12", "M"),
...     "target_group": ["kontanthjaelp.jobparate", "kontanthjaelp.aktivitetsparate",
...                      "uddannelseshjaelp"],
...     "measure": "full_time_persons", "value": [100.0, 100.0, 100.0]}))
>>> t = composition_table(f, "Gentofte")
>>> [(t.row_label(i), t.text(i, 0), t.text(i, 1)) for i in range(len(t.rows))]
[('Jobparate', '100', '34%'), ('Aktivitetsparate', '100', '33%'), \
('Uddannelseshjælp', '100', '33%'), ('I alt', '300', '100%')]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from jobstats import frame as _frame
from jobstats import taxonomy as _taxonomy
from jobstats.errors import Problem, ValidationError
from jobstats.keyfigures import composition
from jobstats.labels import area_label, group_label, measure_label, month_name, source_line, text
from jobstats.selection import select
from jobstats.tables._common import Cells
from jobstats.tables.table import Column, Language, Row, Table

if TYPE_CHECKING:
    from jobstats.keyfigures.bundle import PointComparison

__all__ = ["composition_table", "point_comparison_table", "point_table"]

POPULATION = "population_16_66"


def point_comparison_table(frame: pd.DataFrame, area: str,
                           compare: str | Sequence[str] | None = None, *,
                           year: int, month: int = 12, target_group: str = "kontanthjaelp",
                           measure: str = "full_time_persons",
                           national: str = _taxonomy.NATIONAL, language: Language = "da",
                           source: str | None = None,
                           taxonomy: _taxonomy.Taxonomy | None = None) -> Table:
    """Point comparison: ``month`` of ``year`` vs a year earlier, for the area, the
    comparison area(s) and Hele landet: the values, the % change (green) and the
    value as % of the population 16-66 (when the frame has ``population_16_66``).

    ``compare`` is one area or a sequence of them (``--compare A,B``). A comparison
    area without rows in the frame (a cluster of kommuner) is summed from its
    kommuner (:func:`~jobstats.keyfigures.aggregate.aggregate`), and its % of the
    population is the ratio of those sums.

    >>> import pandas as pd
    >>> from jobstats import make_frame
    >>> rows = [{"area": a, "target_group": "kontanthjaelp", "period": pd.Period(p, "M"),
    ...          "measure": "full_time_persons", "value": v}
    ...         for a, vals in (("Gentofte", (200.0, 190.0)), ("Hele landet", (1e5, 1.1e5)))
    ...         for p, v in zip(("2017-12", "2018-12"), vals)]
    >>> t = point_comparison_table(make_frame(pd.DataFrame(rows)), "Gentofte", year=2018)
    >>> [[t.text(i, j) for j in range(3)] for i in range(2)]
    [['200', '190', '-5,00%'], ['100.000', '110.000', '10,00%']]
    """
    from jobstats.keyfigures.bundle import point_comparison

    tx = taxonomy or _taxonomy.default()
    figures = point_comparison(frame, area, compare, year=year, month=month,
                               target_group=target_group, measure=measure, national=national,
                               taxonomy=tx)
    return point_table(figures, language=language,
                       source=source_line(frame, language, source), taxonomy=tx)


def point_table(figures: PointComparison, *, language: Language = "da", source: str,
                taxonomy: _taxonomy.Taxonomy) -> Table:
    """The point comparison laid out from its key figures
    (:func:`jobstats.keyfigures.bundle.point_comparison`); the first area is highlighted."""
    tx = taxonomy
    year, month, measure = figures.year, figures.month, figures.measure
    target_group = figures.target_group
    areas = list(figures.areas)
    area = areas[0]
    months = [pd.Period(year=year - 1, month=month, freq="M"),
              pd.Period(year=year, month=month, freq="M")]
    keys = [_frame.AREA, _frame.PERIOD]
    levels = Cells(figures.levels, keys)  # keyed by year: one month per year is selected
    changes = Cells(figures.change, keys)
    pop_cells = Cells(figures.population_share, keys) \
        if figures.population_share is not None else None
    name = month_name(month, language)
    heads = [f"{name.capitalize()} {p.year}" for p in months]
    columns = [Column(heads[0]), Column(heads[1]),
               Column(text("change_pct", language), decimals=2, percent=True, change=True)]
    if pop_cells is not None:
        columns.append(Column(f"{text('population', language)} ({heads[1].lower()})"
                              if language == "da" else
                              f"{text('population', language)} ({heads[1]})",
                              decimals=2, percent=True))
    rows, values, blinded = [], [], []
    later = year
    for a in areas:
        cells = [levels.get(a, year - 1), levels.get(a, later), changes.get(a, later)]
        if pop_cells is not None:
            cells.append(pop_cells.get(a, later))
        rows.append(Row(area_label(a, language), key=a, highlight=a == area))
        values.append(tuple(v for v, _ in cells))
        blinded.append(tuple(b for _, b in cells))
    group = group_label(target_group, language, tx)
    what = measure_label(measure, language, tx)
    if language == "da":
        title = f"{group}: {name} {year} mod {name} {year - 1}"
        description = (f"{what}, {group.lower()}, {name} {year} sammenlignet med "
                       "samme måned året før.")
    else:
        title = f"{group}: {name} {year} vs {name} {year - 1}"
        description = f"{what}, {group}, {name} {year} vs a year earlier."
    return Table(name=f"punkt_{target_group}", title=title, columns=tuple(columns),
                 rows=tuple(rows), values=tuple(values), blinded=tuple(blinded),
                 stub=text("area", language), description=description,
                 source=source, language=language)


def _first_rows(data: pd.DataFrame, column: str) -> dict[str, int]:
    """The position of the first row of each value of the categorical ``column`` with
    string categories (empty for another column: the caller then selects)."""
    col = data[column]
    if not isinstance(col.dtype, pd.CategoricalDtype) or \
            not pd.api.types.is_string_dtype(col.dtype.categories):
        return {}
    codes = np.asarray(col.array.codes)
    names = col.dtype.categories.tolist()
    first: dict[str, int] = {}
    for pos, code in enumerate(codes.tolist()):
        if code >= 0:
            first.setdefault(str(names[code]), pos)
    return first


def composition_table(frame: pd.DataFrame, area: str, period: object = None, *,
                      by: str = _frame.TARGET_GROUP, measure: str | None = None,
                      title: str | None = None, description: str = "",
                      language: Language = "da", source: str | None = None,
                      taxonomy: _taxonomy.Taxonomy | None = None) -> Table:
    """Composition: the parts of a population, their count and whole-% share.

    Shares are whole percentages summing to 100 (largest remainder, from
    :func:`~jobstats.keyfigures.composition.composition`); the "I alt" row is
    the sum of the parts. ``period`` defaults to the latest period; ``by`` is
    ``target_group`` or an extra dimension (e.g. ``offer_type``).
    """
    tx = taxonomy or _taxonomy.default()
    area = tx.resolve_area(area)
    data = select(frame, measures=[measure] if measure else None, areas=[area],
                  where="composition_table")
    periods = sorted(set(data[_frame.PERIOD].unique()))  # each distinct period boxed once
    if not periods:
        raise ValidationError([Problem("no_data", f"composition_table: no rows for {area!r}",
                                       column=_frame.AREA, value=area)])
    chosen = periods[-1] if period is None else pd.Period(str(period), freq=periods[-1].freq)
    data = data[data[_frame.PERIOD] == chosen].reset_index(drop=True)
    comp = composition(data, by=by, whole_percent=True)
    if by == _frame.TARGET_GROUP:  # the taxonomy's order, whatever the input order
        rank = {g: i for i, g in enumerate(tx.ordered_groups())}
        keys = comp[by].tolist()
        order = sorted(range(len(comp)), key=lambda i: rank.get(str(keys[i]), 10**6))
        comp = comp.iloc[order].reset_index(drop=True)
    parts = [str(p) for p in comp[by].astype(object)]
    comp_blinded = comp[_frame.BLINDED].tolist()
    comp_shares = comp["share_rounded"].tolist()
    first = _first_rows(data, by)
    data_values = data[_frame.VALUE].to_numpy(dtype="float64")
    rows, values, blinded = [], [], []
    for pos, part in enumerate(parts):
        label = group_label(part, language, tx) if (by == _frame.TARGET_GROUP
                                                 and part in tx.groups) else part
        rows.append(Row(label, key=part))
        b = bool(comp_blinded[pos])
        count = float(data_values[first[part]]) if part in first else \
            float(data.loc[_frame.rows_where(data, **{by: part}), _frame.VALUE].iloc[0])
        values.append((count, float(comp_shares[pos])))
        blinded.append((b, b))
    counts = [v[0] for v in values]
    total_blind = any(b for b, _ in blinded)
    total = math.nan if total_blind else math.fsum(counts)
    shares = [v[1] for v in values]
    rows.append(Row(text("total", language), key="i_alt", total=True))
    values.append((total, math.nan if total_blind else math.fsum(shares)))
    blinded.append((total_blind, total_blind))
    if title is None:
        title = ("Sammensætning" if language == "da" else "Composition") + f", {chosen}"
    return Table(name="sammensaetning", title=title,
                 columns=(Column(text("count", language)),
                          Column(text("pct_share", language), decimals=0, percent=True)),
                 rows=tuple(rows), values=tuple(values), blinded=tuple(blinded),
                 stub=text("group", language) if by == _frame.TARGET_GROUP else by,
                 description=description, source=source_line(frame, language, source),
                 language=language)
