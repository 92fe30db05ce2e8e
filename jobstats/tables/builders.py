"""Builders of the appendix tables: canonical frame in, immutable :class:`Table` out.

Every builder takes the canonical long frame (monthly series as loaded, or the
demo data), computes the key figures with :mod:`jobstats.keyfigures` and lays
them out; the numbers stay numeric, the table carries the formatting. The
source line comes from the data (``frame.attrs["source"]``, else
"Kilde: Jobindsats.dk"). ``language="en"`` gives English group names from the
taxonomy, English headers and English number format.

>>> import pandas as pd
>>> from jobstats import make_frame
>>> months = pd.period_range("2017-01", "2018-12", freq="M")
>>> rows = [{"area": a, "target_group": g, "period": p, "measure": "full_time_persons",
...          "value": v * (1.1 if p.year == 2018 else 1.0)}
...         for a, scale in (("Gentofte", 1.0), ("Hele landet", 100.0))
...         for g, v in (("sygedagpenge", 500.0 * scale), ("i_alt", 500.0 * scale))
...         for p in months]
>>> t = maalgruppeoversigt(make_frame(pd.DataFrame(rows)), "Gentofte", years=[2017, 2018])
>>> [t.row_label(i) for i in range(len(t.rows))]
['Sygedagpenge', 'I alt']
>>> [t.text(0, j) for j in range(len(t.columns))]
['500', '1,00%', '', '550', '1,00%', '10,00%']
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from jobstats import frame as _frame
from jobstats import taxonomy as _taxonomy
from jobstats.errors import Problem, ValidationError
from jobstats.keyfigures import (
    OFFER_TYPES,
    annual_average,
    national_share,
    yoy_change,
)
from jobstats.labels import group_label, offer_label, source_line, text
from jobstats.selection import select, years_of
from jobstats.tables._common import Cells, in_tree
from jobstats.tables.table import Column, Language, Row, Table

__all__ = [
    "aktivitetsoversigt",
    "langtidsledighed",
    "maalgruppeoversigt",
    "virksomhedsrettet_tilbud",
]

FULL_TIME = "full_time_persons"
LONG_TERM = "long_term_unemployed"
ACTIVATED = "activated_full_time_persons"
COMPANY_OFFERS = _taxonomy.default().ordered_offer_types(company_based=True)


def _years(annual: pd.DataFrame, area: str, years: Sequence[int] | None,
           n: int = 3) -> list[int]:
    if years is not None:
        return sorted(int(y) for y in years)
    own = annual[_frame.rows_where(annual, area=area)]
    present = sorted({int(y) for y in years_of(own[_frame.PERIOD])})
    if not present:
        raise ValidationError([Problem("no_data", f"no rows for area {area!r}",
                                       column=_frame.AREA, value=area)])
    return present[-n:]


def _partial_notes(annual: pd.DataFrame, area: str, years: Sequence[int],
                   language: Language) -> tuple[str, ...]:
    if "partial" not in annual.columns:
        return ()
    own = annual[_frame.rows_where(annual, area=area) & annual["partial"].to_numpy(dtype=bool)]
    notes = []
    for year in years:
        hits = own[years_of(own[_frame.PERIOD]) == year]
        if len(hits):
            n = int(hits["n_months"].min()) if "n_months" in hits else 0
            notes.append(text("partial", language, year=year, n=n))
    return tuple(notes)


def _year_filter(frame: pd.DataFrame, first: int, last: int) -> pd.DataFrame:
    years = years_of(frame[_frame.PERIOD])
    mask = (first <= years) & (years <= last)
    out = frame.loc[mask].reset_index(drop=True)
    out.attrs = dict(frame.attrs)
    return out


def _ordered(tx: _taxonomy.Taxonomy, groups: set[str], *, total_first: bool = False
             ) -> list[str]:
    order = [g for g in tx.ordered_groups() if g in groups]
    if total_first and "i_alt" in order:
        order = ["i_alt", *[g for g in order if g != "i_alt"]]
    return order


def _depth(tx: _taxonomy.Taxonomy, group: str, present: set[str]) -> int:
    """Depth counting only the ancestors shown in the table."""
    depth, parent = 0, tx.groups[group].parent
    while parent is not None:
        if parent in present and parent != "i_alt":
            depth += 1
        parent = tx.groups[parent].parent if parent in tx.groups else None
    return depth


def _yearly_table(annual: pd.DataFrame, yoy: pd.DataFrame, share: pd.DataFrame, area: str,
                  groups: list[str], years: list[int], language: Language,
                  tx: _taxonomy.Taxonomy, *, total_first: bool = False
                  ) -> tuple[tuple[Column, ...], tuple[Row, ...],
                             tuple[tuple[float, ...], ...], tuple[tuple[bool, ...], ...]]:
    """Columns (average, national share, yoy) per year; rows per target group."""
    keys = [_frame.AREA, _frame.TARGET_GROUP, _frame.PERIOD]
    cells = {"avg": Cells(annual, keys), "share": Cells(share, keys), "yoy": Cells(yoy, keys)}
    columns = tuple(
        col for y in years for col in (
            Column(text("annual_average", language), str(y), 0),
            Column(text("share", language), str(y), 2, percent=True),
            Column(text("change_pct", language), str(y), 2, percent=True, change=True)))
    present = set(groups)
    rows = []
    values = []
    blinded = []
    for g in groups:
        label = text("ltu_total", language) if (total_first and g == "i_alt") else \
            group_label(g, language, tx)
        rows.append(Row(label, key=g, depth=_depth(tx, g, present),
                        total=(g == "i_alt" and not total_first)))
        vals: list[float] = []
        mask: list[bool] = []
        for y in years:
            for kind in ("avg", "share", "yoy"):
                v, b = cells[kind].get(area, g, y)
                vals.append(v)
                mask.append(b)
        values.append(tuple(vals))
        blinded.append(tuple(mask))
    return columns, tuple(rows), tuple(values), tuple(blinded)


def maalgruppeoversigt(frame: pd.DataFrame, area: str, years: Sequence[int] | None = None, *,
                       measure: str = FULL_TIME, national: str = _taxonomy.NATIONAL,
                       language: Language = "da", source: str | None = None,
                       taxonomy: _taxonomy.Taxonomy | None = None) -> Table:
    """Målgruppeoversigt: target groups × years (Årsgennemsnit, Landsandel, Udvikling).

    Rows are the target groups of the ``i_alt`` tree present for ``area``, in the
    taxonomy's appendix order, sub-groups indented, "I alt" last. ``years``
    defaults to the three latest years of the data; the change of the first
    year uses the year before it when the frame has it (else it is blank).
    The frame must hold ``area`` and ``national`` rows of ``measure``.
    See the module docstring for an example.
    """
    tx = taxonomy or _taxonomy.default()
    area = tx.resolve_area(area)
    national = tx.resolve_area(national)
    data = select(frame, measures=[measure], areas=[area, national],
                  where="maalgruppeoversigt")
    in_total = [g for g in map(str, data[_frame.TARGET_GROUP].dropna().unique())
                if in_tree(tx, g, "i_alt")]
    data = data[_frame.rows_where(data, target_group=in_total)].reset_index(drop=True)
    annual = annual_average(data)
    years = _years(annual, area, years)
    annual = _year_filter(annual, years[0] - 1, years[-1])
    return target_group_table(annual, yoy_change(annual),
                              national_share(annual, national=national), area, years,
                              national=national, language=language,
                              source=source_line(frame, language, source), taxonomy=tx)


def target_group_table(annual: pd.DataFrame, yoy: pd.DataFrame, share: pd.DataFrame,
                       area: str, years: Sequence[int], *,
                       national: str = _taxonomy.NATIONAL, language: Language = "da",
                       source: str, taxonomy: _taxonomy.Taxonomy) -> Table:
    """The Målgruppeoversigt laid out from key figures: ``annual`` averages (with
    ``n_months``/``partial``), their ``yoy`` changes and national ``share``s (frames
    that may hold more areas, groups and years than shown: cells are looked up).
    The rows are the groups of the ``i_alt`` tree ``area`` has in ``years``."""
    tx = taxonomy
    years = sorted(int(y) for y in years)
    own = annual[_frame.rows_where(annual, area=area)]
    shown = {str(g) for g, y in zip(own[_frame.TARGET_GROUP].astype(object),
                                    years_of(own[_frame.PERIOD]).tolist(),
                                    strict=True) if y in years and in_tree(tx, str(g), "i_alt")}
    groups = _ordered(tx, shown)
    if not groups:
        found = sorted({str(g) for g in own[_frame.TARGET_GROUP].astype(object)})
        raise ValidationError([Problem(
            "no_data", f"no target group under 'I alt' for {area} {years[0]}-{years[-1]}; "
            f"the data have: {', '.join(found)[:100] or 'none'}")])
    notes = list(_partial_notes(annual, area, years, language))
    if "i_alt" not in shown:
        notes.append(text("no_total", language, area=area))
    columns, rows, values, blinded = _yearly_table(annual, yoy, share, area, groups, years,
                                                   language, tx)
    if language == "da":
        title = "Målgruppeoversigt"
        description = (f"Fuldtidspersoner i {area} efter målgruppe: årsgennemsnit, andel af "
                       f"{national.lower() if national == _taxonomy.NATIONAL else national} "
                       "(landsandel) og udvikling i procent i forhold til året før.")
    else:
        title = "Target groups"
        description = (f"Full-time persons in {area} by target group: annual average, share of "
                       f"{'the whole country' if national == _taxonomy.NATIONAL else national}"
                       " and change in % on the year before.")
    return Table(name="maalgruppeoversigt", title=title, columns=columns, rows=rows,
                 values=values, blinded=blinded, stub=text("group", language),
                 description=description, source=source,
                 notes=tuple(notes), language=language)


def langtidsledighed(frame: pd.DataFrame, area: str, years: Sequence[int] | None = None, *,
                     measure: str = LONG_TERM, national: str = _taxonomy.NATIONAL,
                     language: Language = "da", source: str | None = None,
                     taxonomy: _taxonomy.Taxonomy | None = None) -> Table:
    """Øvrige opgørelser: Langtidsledigheden — total first, then by target group.

    Per year: annual average, landsandel and yoy change of the long-term
    unemployed (``measure``), for every target group the frame has them for.

    >>> import pandas as pd
    >>> from jobstats import make_frame
    >>> rows = [{"area": a, "target_group": g, "period": p, "measure": "long_term_unemployed",
    ...          "value": v * s} for a, s in (("Gentofte", 1.0), ("Hele landet", 200.0))
    ...         for g, v in (("i_alt", 30.0), ("forsikrede.dagpenge", 20.0),
    ...                      ("kontanthjaelp.jobparate", 10.0))
    ...         for p in pd.period_range("2018-01", "2018-12", freq="M")]
    >>> t = langtidsledighed(make_frame(pd.DataFrame(rows)), "Gentofte")
    >>> [(t.row_label(i), t.text(i, 0), t.text(i, 1)) for i in range(3)]
    [('Langtidsledige i alt', '30', '0,50%'), ('Dagpengemodtagere', '20', '0,50%'), \
('Jobparate', '10', '0,50%')]
    """
    tx = taxonomy or _taxonomy.default()
    area = tx.resolve_area(area)
    national = tx.resolve_area(national)
    data = select(frame, measures=[measure], areas=[area, national], where="langtidsledighed")
    annual = annual_average(data)
    years = _years(annual, area, years)
    annual = _year_filter(annual, years[0] - 1, years[-1])
    return long_term_table(annual, yoy_change(annual), national_share(annual, national=national),
                           area, years, language=language,
                           source=source_line(frame, language, source), taxonomy=tx)


def long_term_table(annual: pd.DataFrame, yoy: pd.DataFrame, share: pd.DataFrame, area: str,
                    years: Sequence[int], *, language: Language = "da", source: str,
                    taxonomy: _taxonomy.Taxonomy) -> Table:
    """Langtidsledigheden laid out from key figures (see :func:`target_group_table`):
    the total first, then every target group ``area`` has."""
    tx = taxonomy
    years = sorted(int(y) for y in years)
    own = annual[_frame.rows_where(annual, area=area)]
    groups = _ordered(tx, {str(g) for g in own[_frame.TARGET_GROUP].astype(object)},
                      total_first=True)
    columns, rows, values, blinded = _yearly_table(annual, yoy, share, area, groups, years,
                                                   language, tx, total_first=True)
    if language == "da":
        title = "Øvrige opgørelser: Langtidsledigheden"
        description = (f"Langtidsledige fuldtidspersoner i {area} i alt og efter målgruppe: "
                       "årsgennemsnit, landsandel og udvikling i procent.")
    else:
        title = "Other key figures: long-term unemployment"
        description = (f"Long-term unemployed full-time persons in {area}, total and by "
                       "target group: annual average, national share and change in %.")
    return Table(name="langtidsledighed", title=title, columns=columns, rows=rows,
                 values=values, blinded=blinded, stub=text("group", language),
                 description=description, source=source,
                 notes=_partial_notes(annual, area, years, language), language=language)


def _sum_offer_types(annual: pd.DataFrame, offers: Sequence[str]) -> pd.DataFrame:
    """The sum over ``offer_type`` values per remaining key; blinded if any part is.

    A layout step (two columns of the table added for their common change),
    kept here because the key-figure layer has no sum over a dimension.
    """
    part = annual[_frame.rows_where(annual, offer_type=offers)]
    keys = [c for c in _frame.key_columns(part) if c != "offer_type"]
    grouped = part.groupby(keys, observed=True, sort=False)
    out = grouped[_frame.VALUE].sum(min_count=1).to_frame()
    out[_frame.BLINDED] = grouped[_frame.BLINDED].any()
    out["n_parts"] = grouped[_frame.VALUE].size()
    out = out.reset_index()
    out.loc[out[_frame.BLINDED] | (out["n_parts"] < len(offers)), _frame.VALUE] = math.nan
    out = out.drop(columns="n_parts")
    return _frame.make_frame(out)


def virksomhedsrettet_tilbud(frame: pd.DataFrame, area: str,
                             years: Sequence[int] | None = None, *,
                             measure: str = ACTIVATED, language: Language = "da",
                             source: str | None = None,
                             taxonomy: _taxonomy.Taxonomy | None = None) -> Table:
    """Virksomhedsrettet tilbud: løntilskud and virksomhedspraktik per group and year.

    Per year: annual average full-time persons in løntilskud, in
    virksomhedspraktik, and the yoy change of the two together (green).
    Needs the extra dimension ``offer_type``.

    >>> import pandas as pd
    >>> from jobstats import make_frame
    >>> rows = [{"area": "Gentofte", "target_group": "kontanthjaelp", "period": p,
    ...          "measure": "activated_full_time_persons", "offer_type": o,
    ...          "value": v * (1.5 if p.year == 2018 else 1.0)}
    ...         for o, v in (("løntilskud", 4.0), ("virksomhedspraktik", 6.0))
    ...         for p in pd.period_range("2017-01", "2018-12", freq="M")]
    >>> t = virksomhedsrettet_tilbud(make_frame(pd.DataFrame(rows)), "Gentofte")
    >>> [t.text(0, j) for j in range(6)]
    ['4,0', '6,0', '', '6,0', '9,0', '50,00%']
    """
    tx = taxonomy or _taxonomy.default()
    area = tx.resolve_area(area)
    data = select(frame, measures=[measure], areas=[area], where="virksomhedsrettet_tilbud")
    return company_offers_table(annual_average(_company_offers(data)), area, years,
                                language=language, source=source_line(frame, language, source),
                                taxonomy=tx)


def _company_offers(data: pd.DataFrame) -> pd.DataFrame:
    """The rows of løntilskud and virksomhedspraktik (refused without ``offer_type``)."""
    if "offer_type" not in data.columns:
        raise ValidationError([Problem(
            "missing_column", "virksomhedsrettet_tilbud: the frame has no column 'offer_type'",
            column="offer_type")])
    out = data[_frame.rows_where(data, offer_type=COMPANY_OFFERS)].reset_index(drop=True)
    out.attrs = dict(data.attrs)
    return out


def company_offers_table(annual: pd.DataFrame, area: str, years: Sequence[int] | None = None,
                         *, language: Language = "da", source: str,
                         taxonomy: _taxonomy.Taxonomy) -> Table:
    """Virksomhedsrettet tilbud laid out from the annual averages of ``area``'s activated
    full-time persons (any offer types; løntilskud and virksomhedspraktik are shown)."""
    tx = taxonomy
    annual = _company_offers(annual)
    years = _years(annual, area, years)
    annual = _year_filter(annual, years[0] - 1, years[-1])
    both = yoy_change(_sum_offer_types(annual, COMPANY_OFFERS))
    keys = [_frame.TARGET_GROUP, _frame.PERIOD]
    parts = Cells(annual, [*keys, "offer_type"])
    change = Cells(both, keys)
    groups = _ordered(tx, {str(g) for g in annual[_frame.TARGET_GROUP].astype(object)})
    columns = tuple(
        col for y in years for col in (
            Column(text("loentilskud", language), str(y), 1),
            Column(text("virksomhedspraktik", language), str(y), 1),
            Column(text("change_both", language), str(y), 2, percent=True, change=True)))
    present = set(groups)
    rows, values, blinded = [], [], []
    for g in groups:
        rows.append(Row(group_label(g, language, tx), key=g, depth=_depth(tx, g, present),
                        total=g == "i_alt"))
        cells = [c for y in years for c in (parts.get(g, y, COMPANY_OFFERS[0]),
                                            parts.get(g, y, COMPANY_OFFERS[1]),
                                            change.get(g, y))]
        values.append(tuple(v for v, _ in cells))
        blinded.append(tuple(b for _, b in cells))
    if language == "da":
        title = "Virksomhedsrettet tilbud"
        description = (f"Fuldtidspersoner i løntilskud og virksomhedspraktik i {area} efter "
                       "målgruppe (årsgennemsnit) og udviklingen i procent for de to i alt.")
    else:
        title = "Company-based offers"
        description = (f"Full-time persons in wage subsidy and company internship in {area} by "
                       "target group (annual average) and the change in % of the two together.")
    return Table(name="virksomhedsrettet_tilbud", title=title, columns=columns,
                 rows=tuple(rows), values=tuple(values), blinded=tuple(blinded),
                 stub=text("group", language), description=description, source=source,
                 notes=_partial_notes(annual, area, years, language), language=language)


def aktivitetsoversigt(frame: pd.DataFrame, area: str, year: int, *,
                       language: Language = "da", source: str | None = None,
                       taxonomy: _taxonomy.Taxonomy | None = None) -> Table:
    """Aktivitetsoversigt for one year: activated full-time persons per offer type,
    *Aktiverede* (their sum) and *Passive* (the group's average minus the activated),
    per target group, one decimal. Computed by
    :func:`~jobstats.keyfigures.activation_overview`.

    >>> import pandas as pd
    >>> from jobstats import make_frame
    >>> f = make_frame(pd.DataFrame({
    ...     "area": "Gentofte", "target_group": "kontanthjaelp",
    ...     "period": pd.Period("2018", "Y"),
    ...     "measure": ["full_time_persons"] + ["activated_full_time_persons"] * 2,
    ...     "offer_type": [None, "løntilskud", "virksomhedspraktik"],
    ...     "value": [465.0, 12.5, 30.0]}))
    >>> t = aktivitetsoversigt(f, "Gentofte", 2018)
    >>> [c.label for c in t.columns][-3:], [t.text(0, j) for j in range(len(t.columns))][-3:]
    (['Nyttejob', 'Aktiverede', 'Passive'], ['', '42,5', '422,5'])
    """
    from jobstats.keyfigures.bundle import activation

    tx = taxonomy or _taxonomy.default()
    area = tx.resolve_area(area)
    return activity_table(activation(frame, area, int(year)), area, int(year),
                          language=language, source=source_line(frame, language, source),
                          taxonomy=tx)


def activity_table(overview: pd.DataFrame, area: str, year: int, *, language: Language = "da",
                   source: str, taxonomy: _taxonomy.Taxonomy) -> Table:
    """Aktivitetsoversigt laid out from ``area``'s
    :func:`~jobstats.keyfigures.activation_overview` of ``year``."""
    tx = taxonomy
    cells = Cells(overview, [_frame.TARGET_GROUP, "offer_type"])
    offer_keys = [*OFFER_TYPES, "aktiverede", "passive"]
    columns = tuple(Column(offer_label(o, language), decimals=1) for o in offer_keys)
    groups = _ordered(tx, {str(g) for g in overview[_frame.TARGET_GROUP].astype(object)})
    present = set(groups)
    rows, values, blinded = [], [], []
    for g in groups:
        rows.append(Row(group_label(g, language, tx), key=g, depth=_depth(tx, g, present),
                        total=g == "i_alt"))
        got = [cells.get(g, o) for o in offer_keys]
        values.append(tuple(v for v, _ in got))
        blinded.append(tuple(b for _, b in got))
    notes: tuple[str, ...] = ()
    if "partial" in overview.columns and overview["partial"].astype(bool).any():
        n = int(overview["n_months"].min()) if "n_months" in overview else 0
        notes = (text("partial", language, year=year, n=n),)
    if language == "da":
        title = f"Aktivitetsoversigt {year}"
        description = (f"Aktiverede fuldtidspersoner i {area} efter tilbudstype og målgruppe "
                       f"(årsgennemsnit {year}); passive = målgruppens fuldtidspersoner minus "
                       "de aktiverede.")
    else:
        title = f"Activity overview {year}"
        description = (f"Activated full-time persons in {area} by offer type and target group "
                       f"(annual average {year}); passive = the group's full-time persons minus "
                       "the activated.")
    return Table(name="aktivitetsoversigt", title=title, columns=columns, rows=tuple(rows),
                 values=tuple(values), blinded=tuple(blinded), stub=text("group", language),
                 description=description, source=source,
                 notes=notes, language=language)
