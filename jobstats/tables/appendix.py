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

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from jobstats import frame as _frame
from jobstats import taxonomy as _taxonomy
from jobstats.errors import JobstatsError, Problem, Reason, ValidationError
from jobstats.keyfigures import Direction, Goal, goal_status
from jobstats.labels import month_name, source_line
from jobstats.selection import select, years_of
from jobstats.tables.builders import (
    ACTIVATED,
    FULL_TIME,
    LONG_TERM,
    activity_table,
    company_offers_table,
    long_term_table,
    target_group_table,
)
from jobstats.tables.comparison import POPULATION, composition_table, point_table
from jobstats.tables.goals import goal_table, ranking_table
from jobstats.tables.table import Bilag, Language, Omission, Table

if TYPE_CHECKING:
    from jobstats.keyfigures.bundle import KeyFigures, Ranking

__all__ = ["appendix_of", "bilag"]

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


def _years_of(data: pd.DataFrame, first: int, last: int) -> pd.DataFrame:
    """The rows of the years ``first``..``last`` (the bundle holds every year)."""
    years = years_of(data[_frame.PERIOD])
    out = data.loc[(first <= years) & (years <= last)].reset_index(drop=True)
    out.attrs = dict(data.attrs)
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


def _source(kf: KeyFigures, language: Language) -> str:
    """The source line of the data the bundle was computed from."""
    return source_line(kf.with_attrs(pd.DataFrame()), language)


def _annual(kf: KeyFigures, measure: str, areas: list[str], where: str) -> pd.DataFrame:
    """The bundle's annual averages of ``measure`` for ``areas`` (refused, naming the
    table, when an area has none)."""
    return select(kf.need(f"annual:{measure}", kf.annual.get(measure)), measures=[measure],
                  areas=areas, where=where)


def _target_groups(kf: KeyFigures, language: Language) -> Table:
    annual = _annual(kf, FULL_TIME, [kf.area, kf.national], "maalgruppeoversigt")
    return target_group_table(annual, kf.need(f"yoy:{FULL_TIME}", kf.yoy.get(FULL_TIME)),
                              kf.need(f"national_share:{FULL_TIME}",
                                      kf.national_share.get(FULL_TIME)),
                              kf.area, [kf.year - 2, kf.year - 1, kf.year],
                              national=kf.national, language=language,
                              source=_source(kf, language), taxonomy=kf.taxonomy)


def _long_term(kf: KeyFigures, language: Language) -> Table:
    annual = _annual(kf, LONG_TERM, [kf.area, kf.national], "langtidsledighed")
    return long_term_table(annual, kf.need(f"yoy:{LONG_TERM}", kf.yoy.get(LONG_TERM)),
                           kf.need(f"national_share:{LONG_TERM}",
                                   kf.national_share.get(LONG_TERM)),
                           kf.area, [kf.year - 2, kf.year - 1, kf.year], language=language,
                           source=_source(kf, language), taxonomy=kf.taxonomy)


def _company_offers(kf: KeyFigures, language: Language) -> Table:
    annual = _annual(kf, ACTIVATED, [kf.area], "virksomhedsrettet_tilbud")
    return company_offers_table(annual, kf.area, [kf.year - 2, kf.year - 1, kf.year],
                                language=language, source=_source(kf, language),
                                taxonomy=kf.taxonomy)


def _activity(kf: KeyFigures, language: Language) -> Table:
    return activity_table(kf.need("activation", kf.activation), kf.area, kf.year,
                          language=language, source=_source(kf, language),
                          taxonomy=kf.taxonomy)


def _goal_population(kf: KeyFigures, language: Language) -> Table:
    area, year = kf.area, kf.year
    share = select(kf.need("population_share", kf.population_share),
                   measures=[f"{FULL_TIME}:population_share"], areas=[area], groups=["i_alt"])
    share = kf.with_attrs(_years_of(share, year - 2, year))
    goal = Goal(_GOAL_TITLES["population"][0], Direction.LOWER, tolerance=0.005)
    verdict = _status(goal, _value(share, area, year), _value(share, area, year - 1))
    return goal_table(share, area, name="maal_befolkningsandel",
                      title=_GOAL_TITLES["population"][language == "en"],
                      description=("Fuldtidspersoner på offentlig forsørgelse (alle målgrupper) "
                                   "i pct. af befolkningen 16-66 år, årsgennemsnit."
                                   if language == "da" else
                                   "Full-time persons on public benefits (all target groups) "
                                   "in % of the population 16-66, annual average."),
                      verdict=verdict, language=language, taxonomy=kf.taxonomy)


def _goal_hours(kf: KeyFigures, language: Language) -> Table:
    """Year to date through the last published month of the year (see
    :class:`~jobstats.keyfigures.bundle.YearToDate`)."""
    area, year = kf.area, kf.year
    ytd = kf.need("year_to_date", kf.year_to_date)
    latest = ytd.latest_month
    goal = Goal(_GOAL_TITLES["hours"][0], Direction.HIGHER)
    verdict = _status(goal, _value(ytd.counts, area, year), _value(ytd.counts, area, year - 1))
    span = f"{month_name(1, language)}-{month_name(latest, language)}"
    partial = latest < 12
    return goal_table(ytd.table, area, name="maal_loentimer", measures=list(ytd.measures),
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
                      verdict=verdict, language=language, taxonomy=kf.taxonomy)


def _goal_refugees(kf: KeyFigures, language: Language) -> Table:
    area, year = kf.area, kf.year
    measures = ["unsubsidised_employment", "pct_unsubsidised_employment"]
    parts = [select(kf.need(f"annual:{m}", kf.annual.get(m)), measures=[m], areas=[area],
                    groups=["flygtninge"]) for m in measures]
    # two measure columns with rows of different categories: concat makes them strings
    # and make_frame one categorical again (as from objects; not for empty parts, whose
    # empty categories would keep another dtype)
    both = pd.concat(parts if all(len(p) for p in parts) else
                     [p.astype({_frame.MEASURE: object}) for p in parts], ignore_index=True)
    annual = kf.with_attrs(_years_of(_frame.make_frame(both), year - 2, year))
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
                      taxonomy=kf.taxonomy)


@dataclass(frozen=True)
class _RankingParts:
    """What the ranking table takes from a :class:`Ranking` whatever the own area: the
    shares of each year and the shares with the counts as one frame."""

    ranking: Ranking
    years: Mapping[int, pd.DataFrame]
    data: pd.DataFrame


_LAST_RANKING: list[_RankingParts] = []


def _ranking_parts(ranking: Ranking, years: tuple[int, ...]) -> _RankingParts:
    """The parts of ``ranking`` for ``years``, computed once for the last ranking seen (a
    batch shares one ranking between all its kommuner; treat them as read-only)."""
    for parts in _LAST_RANKING:
        if parts.ranking is ranking and all(y in parts.years for y in years):
            return parts
    share, counts = ranking.share, ranking.counts
    in_year = years_of(share[_frame.PERIOD])
    parts = _RankingParts(
        ranking, {y: share[in_year == y].reset_index(drop=True) for y in years},
        _frame.make_frame(pd.concat([share[list(_frame.CORE_COLUMNS)],
                                     counts[list(_frame.CORE_COLUMNS)]], ignore_index=True)))
    _LAST_RANKING[:] = [parts]
    return parts


def _goal_ranking(kf: KeyFigures, language: Language) -> Table:
    """Top-10 on the 4th quarter (the published definition): the share of the population
    16-66 on uddannelseshjælp, October-December average, with Antal beside the share."""
    area, year, tx = kf.area, kf.year, kf.taxonomy
    ranking = kf.need("ranking", kf.ranking)
    q = ranking.quarter
    months_da = f"{month_name(3 * q - 2, 'da')}-{month_name(3 * q, 'da')}"
    months_en = f"{month_name(3 * q - 2, 'en')}-{month_name(3 * q, 'en')}"
    from jobstats.keyfigures import rank

    places = {}
    shared_parts = _ranking_parts(ranking, (year - 1, year))
    for y in (year - 1, year):
        ranked = rank(shared_parts.years[y], n=10, own=area, taxonomy=tx)
        own = ranked[ranked["own_area"].astype(bool)]
        places[y] = float(own["place"].iloc[0]) if len(own) else float("nan")
    goal = Goal(_GOAL_TITLES["ranking"][0], Direction.LOWER, target=3)
    verdict = _status(goal, places[year], places[year - 1])
    data = kf.with_attrs(shared_parts.data.copy(deep=False))
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


def _point(kf: KeyFigures, language: Language) -> Table:
    return point_table(kf.need("point", kf.point), language=language,
                       source=_source(kf, language), taxonomy=kf.taxonomy)


def _composition(kf: KeyFigures, language: Language) -> Table:
    area, year, tx = kf.area, kf.year, kf.taxonomy
    annual = _annual(kf, FULL_TIME, [area], "table")
    annual = _years_of(_frame.select_rows(annual, target_group=list(tx.children("i_alt"))),
                       year, year)
    annual = annual.drop(columns=[c for c in annual.columns if c in _frame.HELPER_COLUMNS])
    groups = sorted({str(g) for g in annual[_frame.TARGET_GROUP].astype(object)})
    if len(groups) < 2:  # one group would print as 100 % of everyone on public benefits
        raise ValidationError([Problem(
            "no_data", f"a composition needs two or more target groups under 'I alt' for "
            f"{area} {year}; the data have: {', '.join(groups) or 'none'}")])
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
    """The whole appendix for ``area`` and ``year`` (see the module docstring), from a
    canonical monthly frame: computes the key figures
    (:func:`~jobstats.keyfigures.bundle.key_figures`) and lays them out with
    :func:`appendix_of`. To build tables, figures and checks from one computation,
    call ``key_figures`` once and pass the bundle on.

    >>> import jobstats
    >>> b = bilag(jobstats.demo(), area="Gentofte", year=2018,
    ...           compare="Østdanmark")  # doctest: +SKIP
    >>> b.names  # doctest: +SKIP
    ('maalgruppeoversigt', 'langtidsledighed', ...)
    """
    from jobstats.keyfigures.bundle import key_figures

    return appendix_of(key_figures(frame, area=area, year=year, compare=compare,
                                   taxonomy=taxonomy), language=language)


def appendix_of(figures: KeyFigures, *, language: Language = "da") -> Bilag:
    """The whole appendix laid out from one bundle of key figures (it reads nothing
    else): every table the data allow, in the published order, and the others in
    :attr:`Bilag.omitted` with their reasons.

    >>> import jobstats
    >>> kf = jobstats.key_figures(jobstats.demo(), area="Gentofte", year=2018,
    ...                           compare="Østdanmark")  # doctest: +SKIP
    >>> appendix_of(kf).names == bilag(jobstats.demo(), area="Gentofte", year=2018,
    ...                                compare="Østdanmark").names  # doctest: +SKIP
    True
    """
    kf = figures
    has = kf.has
    steps: list[tuple[str, bool, Callable[[KeyFigures, Language], Table]]] = [
        ("maalgruppeoversigt", has(FULL_TIME), _target_groups),
        ("langtidsledighed", has(LONG_TERM), _long_term),
        ("virksomhedsrettet_tilbud", has(ACTIVATED), _company_offers),
        ("aktivitetsoversigt", has(ACTIVATED), _activity),
        ("maal_befolkningsandel", has(FULL_TIME, "i_alt") and has(POPULATION),
         _goal_population),
        ("maal_loentimer", has("ordinary_hours_persons"), _goal_hours),
        ("maal_flygtninge", has("unsubsidised_employment", "flygtninge")
         and has("pct_unsubsidised_employment", "flygtninge"), _goal_refugees),
        ("rangliste_uddannelseshjaelp", has(FULL_TIME, "uddannelseshjaelp")
         and has(POPULATION), _goal_ranking),
        ("punkt_kontanthjaelp", has(FULL_TIME, "kontanthjaelp"), _point),
        ("sammensaetning", has(FULL_TIME), _composition),
    ]
    tables: list[Table] = []
    omitted: list[Omission] = []
    for name, available, build in steps:
        if not available:
            omitted.append(Omission(name, (Problem(Reason.NO_DATA,
                                                   "the frame lacks its series"),)))
            continue
        try:
            table = build(kf, language)
        except JobstatsError as exc:
            omitted.append(Omission.of(name, exc))
            continue
        tables.append(table)
    area, year = kf.area, kf.year
    title = (f"Nøgletalsbilag, {area} {year}" if language == "da"
             else f"Key figures appendix, {area} {year}")
    return Bilag(tables=tuple(tables), title=title, omitted=tuple(omitted), language=language)
