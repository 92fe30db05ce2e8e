"""The whole appendix (nøgletalsbilag) of one municipality and year, in order.

:func:`bilag` builds every table the data allow, in the published order:

1. Målgruppeoversigt (three years up to ``year``)
2. Øvrige opgørelser: Langtidsledigheden
3. Virksomhedsrettet tilbud
4. Aktivitetsoversigt ``year``
5. Beskæftigelsesplan goals, each with its verdict: share of the population
   16-66 on public benefits; aktivitetsparate kontanthjælp recipients with
   ordinary paid hours (år til dato); refugees in unsubsidised employment; the
   top-10 ranking of the share of the population on uddannelseshjælp (goal:
   among the 3 lowest)
6. Report tables: December-vs-December point comparison (kontanthjælp) for
   the area, ``compare`` and Hele landet; composition of the area's full-time
   persons by target group

A table whose series are not in the frame is left out and named in
:attr:`Bilag.omitted`, with the reason.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from jobstats import frame as _frame
from jobstats import taxonomy as _taxonomy
from jobstats.errors import JobstatsError, Problem, Reason
from jobstats.keyfigures import (
    Direction,
    Goal,
    annual_average,
    goal_status,
    population_share,
    yoy_change,
)
from jobstats.labels import month_name
from jobstats.tables._common import present_values, select, year_of, years_of
from jobstats.tables.batch_cache import measure_rows, shared
from jobstats.tables.builders import (
    FULL_TIME,
    aktivitetsoversigt,
    langtidsledighed,
    maalgruppeoversigt,
    virksomhedsrettet_tilbud,
)
from jobstats.tables.comparison import (
    POPULATION,
    composition_table,
    point_comparison_table,
)
from jobstats.tables.goals import goal_table, ranking_table
from jobstats.tables.table import Bilag, Language, Omission, Table

__all__ = ["bilag"]

_GOAL_TITLES = {
    "population": ("Mål: Andelen af befolkningen 16-66 år på offentlig forsørgelse skal falde",
                   "Goal: the share of the population 16-66 on public benefits must fall"),
    "hours": ("Mål: Flere aktivitetsparate kontanthjælpsmodtagere med ordinære løntimer "
              "(år til dato)",
              "Goal: more activity-ready social assistance recipients with ordinary paid "
              "hours (year to date)"),
    "refugees": ("Mål: Flere flygtninge og familiesammenførte i ustøttet beskæftigelse",
                 "Goal: more refugees and family-reunified in unsubsidised employment"),
    "ranking": ("Mål: Blandt de 3 kommuner med laveste andel af befolkningen på "
                "uddannelseshjælp",
                "Goal: among the 3 municipalities with the lowest share of the population "
                "on education benefit"),
}


def _has(frame: pd.DataFrame, measure: str, group: str | None = None) -> bool:
    rows = measure_rows(frame, measure)
    return bool(len(rows)) if group is None else \
        bool(_frame.rows_where(rows, target_group=group).any())


def _annual_years(frame: pd.DataFrame, first: int, last: int,
                  months: range | None = None) -> pd.DataFrame:
    annual = annual_average(frame, months=months)
    years = years_of(annual[_frame.PERIOD])
    keep = (first <= years) & (years <= last)
    out = annual.loc[keep].reset_index(drop=True)
    out.attrs = dict(frame.attrs)
    return out


def _status(goal: Goal, current: float, previous: float) -> object:
    try:
        return goal_status(goal, current, previous)
    except JobstatsError:
        return None  # undefined or blinded: no colour is guessed


def _value(frame: pd.DataFrame, area: str, year: int, measure: str | None = None) -> float:
    in_year = years_of(frame[_frame.PERIOD]) == year
    rows = frame[_frame.rows_where(frame, area=area) & in_year]
    if measure is not None:
        rows = rows[_frame.rows_where(rows, measure=measure)]
    return float(rows[_frame.VALUE].iloc[0]) if len(rows) else float("nan")


def _goal_population(frame: pd.DataFrame, area: str, year: int, language: Language,
                     tx: _taxonomy.Taxonomy) -> Table:
    ftp = select(measure_rows(frame, FULL_TIME), measures=[FULL_TIME], areas=[area],
                 groups=["i_alt"])
    pop = select(measure_rows(frame, POPULATION), measures=[POPULATION], areas=[area])
    share = population_share(_annual_years(ftp, year - 2, year),
                             _annual_years(pop, year - 2, year))
    share.attrs = dict(frame.attrs)
    goal = Goal(_GOAL_TITLES["population"][0], Direction.LOWER, tolerance=0.005)
    verdict = _status(goal, _value(share, area, year), _value(share, area, year - 1))
    return goal_table(share, area, name="maal_befolkningsandel",
                      title=_GOAL_TITLES["population"][language == "en"],
                      description=("Fuldtidspersoner på offentlig forsørgelse (alle målgrupper) "
                                   "i pct. af befolkningen 16-66 år, årsgennemsnit."
                                   if language == "da" else
                                   "Full-time persons on public benefits (all target groups) "
                                   "in % of the population 16-66, annual average."),
                      verdict=verdict, language=language, taxonomy=tx)


def _goal_hours(frame: pd.DataFrame, area: str, year: int, language: Language,
                tx: _taxonomy.Taxonomy) -> Table:
    """Year to date through the last published month of ``year``: the average number of
    aktivitetsparate kontanthjælp recipients with ordinary paid hours per month, their
    share of all the group's recipients (when the data hold the group's persons), and
    the change of the count against the same months a year earlier."""
    hours_m = "ordinary_hours_persons"
    group = "kontanthjaelp.aktivitetsparate"
    data = select(measure_rows(frame, hours_m), measures=[hours_m], areas=[area])
    latest = max(p for p in data[_frame.PERIOD] if year_of(p) == year)
    months = range(1, int(latest.month) + 1)
    atd = _annual_years(data, year - 3, year, months=months)
    core = list(_frame.CORE_COLUMNS)
    parts = [atd[core]]
    measures = [hours_m]
    persons = select(measure_rows(frame, "persons"), measures=["persons"], areas=[area],
                     groups=[group]) if _has(frame, "persons", group) else None
    if persons is not None and len(persons):
        atd_p = _annual_years(persons, year - 3, year, months=months)
        share = _frame.make_frame(_ratio(atd[core], atd_p[core], "pct_ordinary_hours"))
        parts.append(share[core])
        measures.append("pct_ordinary_hours")
    change = yoy_change(_frame.make_frame(atd[core]))
    parts.append(change[core])
    measures.append(f"{hours_m}:yoy")
    table_data = _frame.make_frame(pd.concat(parts, ignore_index=True))
    table_data.attrs = dict(frame.attrs)
    goal = Goal(_GOAL_TITLES["hours"][0], Direction.HIGHER)
    verdict = _status(goal, _value(atd, area, year), _value(atd, area, year - 1))
    span = f"{month_name(1, language)}-{month_name(int(latest.month), language)}"
    partial = int(latest.month) < 12
    return goal_table(table_data, area, name="maal_loentimer", measures=measures,
                      years=[year - 2, year - 1, year],
                      title=_GOAL_TITLES["hours"][language == "en"]
                      + ((f" — {span} {year} (delvist år)" if language == "da" else
                          f" — {span} {year} (partial year)") if partial else ""),
                      description=(f"Gennemsnitligt antal personer pr. måned, {span} "
                                   "(år til dato), andelen af alle aktivitetsparate "
                                   "kontanthjælpsmodtagere og udviklingen i procent i forhold "
                                   "til de samme måneder året før." if language == "da" else
                                   f"Average number of persons per month, {span} "
                                   "(year to date), their share of all activity-ready "
                                   "recipients and the change in % on the same months a "
                                   "year earlier."),
                      decimals={"pct_ordinary_hours": 1},
                      verdict=verdict, language=language, taxonomy=tx)


def _ratio(part: pd.DataFrame, whole: pd.DataFrame, measure: str) -> pd.DataFrame:
    """100 × part / whole per area and period (blinded if either is; NaN for a 0 whole)."""
    keys = [_frame.AREA, _frame.PERIOD]
    w = whole[[*keys, _frame.VALUE, _frame.BLINDED]].astype({_frame.AREA: str})
    p = part.astype({_frame.AREA: str})
    merged = p.merge(w, on=keys, how="left", suffixes=("", "_whole"))
    denom = merged[f"{_frame.VALUE}_whole"].to_numpy(dtype=float)
    num = merged[_frame.VALUE].to_numpy(dtype=float)
    with np.errstate(all="ignore"):
        value = np.where(denom > 0, 100.0 * num / denom, np.nan)
    blinded = merged[_frame.BLINDED].to_numpy(dtype=bool) | \
        merged[f"{_frame.BLINDED}_whole"].fillna(False).to_numpy(dtype=bool)
    value[blinded] = np.nan
    return pd.DataFrame({_frame.AREA: merged[_frame.AREA],
                         _frame.TARGET_GROUP: merged[_frame.TARGET_GROUP],
                         _frame.PERIOD: merged[_frame.PERIOD], _frame.MEASURE: measure,
                         _frame.VALUE: value, _frame.BLINDED: blinded})


def _goal_refugees(frame: pd.DataFrame, area: str, year: int, language: Language,
                   tx: _taxonomy.Taxonomy) -> Table:
    measures = ["unsubsidised_employment", "pct_unsubsidised_employment"]
    data = select(frame, measures=measures, areas=[area], groups=["flygtninge"])
    annual = _annual_years(data, year - 2, year)
    goal = Goal(_GOAL_TITLES["refugees"][0], Direction.HIGHER)
    verdict = _status(goal, _value(annual, area, year, measures[0]),
                      _value(annual, area, year - 1, measures[0]))
    return goal_table(annual, area, name="maal_flygtninge", measures=measures,
                      title=_GOAL_TITLES["refugees"][language == "en"],
                      description=("Årsgennemsnit af personer i ustøttet beskæftigelse og "
                                   "deres andel af gruppen." if language == "da" else
                                   "Annual average of persons in unsubsidised employment "
                                   "and their share of the group."),
                      decimals={measures[1]: 1}, verdict=verdict, language=language,
                      taxonomy=tx)


def _goal_ranking(frame: pd.DataFrame, area: str, year: int, language: Language,
                  tx: _taxonomy.Taxonomy) -> Table:
    """Top-10 on the 4th quarter (the published definition): the share of the population
    16-66 on uddannelseshjælp, October-December average, with Antal beside the share."""
    share, counts = shared(frame, ("ranking_share_q", year),
                           lambda: _ranking_share(frame, year, tx))
    q = _quarter(frame, year)
    months_da = f"{month_name(3 * q - 2, 'da')}-{month_name(3 * q, 'da')}"
    months_en = f"{month_name(3 * q - 2, 'en')}-{month_name(3 * q, 'en')}"
    from jobstats.keyfigures import rank

    places = {}
    for y in (year - 1, year):
        one = share[years_of(share[_frame.PERIOD]) == y].reset_index(drop=True)
        ranked = rank(one, n=10, own=area, taxonomy=tx)
        own = ranked[ranked["own_area"].astype(bool)]
        places[y] = float(own["place"].iloc[0]) if len(own) else float("nan")
    goal = Goal(_GOAL_TITLES["ranking"][0], Direction.LOWER, target=3)
    verdict = _status(goal, places[year], places[year - 1])
    data = _frame.make_frame(pd.concat([share[list(_frame.CORE_COLUMNS)],
                                        counts[list(_frame.CORE_COLUMNS)]], ignore_index=True))
    data.attrs = dict(frame.attrs)
    return ranking_table(data, area, n=10, period=year,
                         by="full_time_persons:population_share", count=FULL_TIME,
                         title=_GOAL_TITLES["ranking"][language == "en"],
                         description=(f"Hele landet og de 10 kommuner med den laveste andel af "
                                      f"befolkningen 16-66 år på uddannelseshjælp, {q}. kvartal "
                                      f"{year} (gennemsnit {months_da}), og antal "
                                      "fuldtidspersoner; lige store andele deler placering."
                                      if language == "da" else
                                      f"The whole country and the 10 municipalities with the "
                                      f"lowest share of the population 16-66 on education "
                                      f"benefit, quarter {q} {year} ({months_en} "
                                      "average), and the number of full-time persons; ties "
                                      "share a place."),
                         verdict=verdict, language=language, taxonomy=tx)


def _last_month(frame: pd.DataFrame, year: int, group: str) -> int:
    """The last month of ``year`` the full-time persons of ``group`` have (12 for a whole
    year; the period's last month when the report covers part of the year)."""
    rows = select(measure_rows(frame, FULL_TIME), measures=[FULL_TIME], groups=[group])
    months = [int(p.month) for p in set(rows[_frame.PERIOD])
              if isinstance(p, pd.Period) and p.freqstr.startswith("M") and p.year == year]
    return max(months) if months else 12


def _quarter(frame: pd.DataFrame, year: int) -> int:
    """The ranking's quarter: the 4th, or the last complete one the data of ``year`` have."""
    return max(1, _last_month(frame, year, "uddannelseshjaelp") // 3)


def _ranking_share(frame: pd.DataFrame, year: int,
                   tx: _taxonomy.Taxonomy) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The 4th-quarter share of the population on uddannelseshjælp of every kommune and
    the country in ``year`` and the year before, and the full-time persons it rests on
    (the same for every area's appendix). A report of part of a year ranks on its last
    complete quarter."""
    q = _quarter(frame, year)
    quarter = range(3 * q - 2, 3 * q + 1)
    areas = [*tx.kommuner(), _taxonomy.NATIONAL]
    present = shared(frame, ("present", _frame.AREA),
                     lambda: present_values(frame, _frame.AREA))
    areas = [a for a in areas if a in present]
    ftp = select(measure_rows(frame, FULL_TIME), measures=[FULL_TIME], areas=areas,
                 groups=["uddannelseshjaelp"])
    pop = select(measure_rows(frame, POPULATION), measures=[POPULATION], areas=areas)
    counts = _annual_years(ftp, year - 1, year, months=quarter)
    share = population_share(counts, _annual_years(pop, year - 1, year, months=quarter))
    share.attrs = dict(frame.attrs)
    return share, counts


def _composition(frame: pd.DataFrame, area: str, year: int, language: Language,
                 tx: _taxonomy.Taxonomy) -> Table:
    top = list(tx.children("i_alt"))
    present = shared(frame, ("present", _frame.TARGET_GROUP),
                     lambda: present_values(frame, _frame.TARGET_GROUP))
    data = select(measure_rows(frame, FULL_TIME), measures=[FULL_TIME], areas=[area],
                  groups=[g for g in top if g in present])
    annual = _annual_years(data, year, year)
    annual = annual.drop(columns=[c for c in annual.columns if c in _frame.HELPER_COLUMNS])
    return composition_table(annual, area, year,
                             title=(f"Sammensætning af fuldtidspersoner på offentlig "
                                    f"forsørgelse, {year}" if language == "da" else
                                    f"Composition of full-time persons on public benefits, "
                                    f"{year}"),
                             description=("Årsgennemsnit efter målgruppe og andel af i alt "
                                          "(hele procent, summerer til 100)."
                                          if language == "da" else
                                          "Annual average by target group and share of the "
                                          "total (whole %, summing to 100)."),
                             language=language, taxonomy=tx)


def bilag(frame: pd.DataFrame, *, area: str, year: int, compare: str | None = None,
          language: Language = "da", taxonomy: _taxonomy.Taxonomy | None = None) -> Bilag:
    """The whole appendix for ``area`` and ``year`` (see the module docstring).

    >>> import jobstats
    >>> b = bilag(jobstats.demo(), area="Gentofte", year=2018,
    ...           compare="Østdanmark")  # doctest: +SKIP
    >>> b.names  # doctest: +SKIP
    ('maalgruppeoversigt', 'langtidsledighed', ...)
    """
    tx = taxonomy or _taxonomy.default()
    area = tx.resolve_area(area)
    year = int(year)
    years = [year - 2, year - 1, year]
    steps: list[tuple[str, bool, Callable[[], Table]]] = [
        ("maalgruppeoversigt", _has(frame, FULL_TIME),
         lambda: maalgruppeoversigt(measure_rows(frame, FULL_TIME), area, years,
                                    language=language, taxonomy=tx)),
        ("langtidsledighed", _has(frame, "long_term_unemployed"),
         lambda: langtidsledighed(measure_rows(frame, "long_term_unemployed"), area, years,
                                  language=language, taxonomy=tx)),
        ("virksomhedsrettet_tilbud", _has(frame, "activated_full_time_persons"),
         lambda: virksomhedsrettet_tilbud(measure_rows(frame, "activated_full_time_persons"),
                                          area, years, language=language, taxonomy=tx)),
        ("aktivitetsoversigt", _has(frame, "activated_full_time_persons"),
         lambda: aktivitetsoversigt(frame, area, year, language=language, taxonomy=tx)),
        ("maal_befolkningsandel", _has(frame, FULL_TIME, "i_alt") and _has(frame, POPULATION),
         lambda: _goal_population(frame, area, year, language, tx)),
        ("maal_loentimer", _has(frame, "ordinary_hours_persons"),
         lambda: _goal_hours(frame, area, year, language, tx)),
        ("maal_flygtninge", _has(frame, "unsubsidised_employment", "flygtninge")
         and _has(frame, "pct_unsubsidised_employment", "flygtninge"),
         lambda: _goal_refugees(frame, area, year, language, tx)),
        ("rangliste_uddannelseshjaelp", _has(frame, FULL_TIME, "uddannelseshjaelp")
         and _has(frame, POPULATION),
         lambda: _goal_ranking(frame, area, year, language, tx)),
        ("punkt_kontanthjaelp", _has(frame, FULL_TIME, "kontanthjaelp"),
         lambda: point_comparison_table(frame, area, compare, year=year,
                                        month=_last_month(frame, year, "kontanthjaelp"),
                                        language=language, taxonomy=tx)),
        ("sammensaetning", _has(frame, FULL_TIME),
         lambda: _composition(frame, area, year, language, tx)),
    ]
    tables: list[Table] = []
    omitted: list[Omission] = []
    for name, available, build in steps:
        if not available:
            omitted.append(Omission(name, (Problem(Reason.NO_DATA,
                                                   "the frame lacks its series"),)))
            continue
        try:
            table = build()
        except JobstatsError as exc:
            omitted.append(Omission.of(name, exc))
            continue
        tables.append(table)
    title = (f"Nøgletalsbilag, {area} {year}" if language == "da"
             else f"Key figures appendix, {area} {year}")
    return Bilag(tables=tuple(tables), title=title, omitted=tuple(omitted), language=language)
