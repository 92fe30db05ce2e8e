"""The figures of one municipality's quarterly report, from a canonical monthly frame.

Each figure is drawn from the key figures of exactly the series it shows, so
every bar and line can be traced back to the data (see ``docs/figures.md``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from jobstats import keyfigures as kf
from jobstats.errors import JobstatsError, Problem, Reason, ValidationError, close_matches
from jobstats.frame import AREA, PERIOD, TARGET_GROUP, VALUE, select_rows
from jobstats.tables.table import Omission
from jobstats.taxonomy import NATIONAL

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from jobstats.tables import Bilag

__all__ = ["FigureSpec", "report_figures"]

FULL_TIME = "full_time_persons"
COMPANY_GROUPS = ("forsikrede", "kontanthjaelp", "integrationsydelse", "sygedagpenge")


@dataclass(frozen=True)
class FigureSpec:
    """A rendered report figure: a file stem and what it shows."""

    name: str
    title: str
    figure: Figure


def _where(frame: pd.DataFrame, **equal: str | tuple[str, ...]) -> pd.DataFrame:
    return select_rows(frame, **equal)


def _with_source(result: pd.DataFrame, source: object) -> pd.DataFrame:
    result.attrs["source"] = source
    return result


def report_figures(frame: pd.DataFrame, *, area: str, year: int, compare: str | None,
                   bilag: Bilag | None = None, boundaries: Path | None = None,
                   language: str = "da", only: Sequence[str] = ()
                   ) -> tuple[list[FigureSpec], list[Omission]]:
    """Draw every report figure the data allow; returns (figures, omitted with reasons).

    ``only`` selects figures by name (``figur1_maalgrupper``, ``kort_kontanthjaelp``,
    ...; empty: all); an unknown name is refused with the valid ones.

    ``boundaries`` (a GeoJSON/TopoJSON path) adds the choropleth map; the
    tile-grid map needs no geodata and is always drawn.
    """
    from jobstats import figures as fg
    from jobstats.tables.batch_cache import measure_rows, shared

    src = frame.attrs.get("source")
    years = [year - 2, year - 1, year]
    areas = tuple(a for a in (area, compare, "Hele landet") if a)
    local = _where(frame, area=areas)
    monthly = _where(local, measure=FULL_TIME)
    annual = _with_source(kf.annual_average(monthly), src)
    own_annual = _where(annual, area=area)
    pop = measure_rows(frame, "population_16_66")

    def fig_target_groups() -> Figure:
        return fg.plot_target_groups(own_annual, years=years, language=language)

    def fig_changes() -> Figure:
        yoy = _with_source(kf.yoy_change(annual), src)
        change = kf.share_change(kf.national_share(annual))
        return fg.plot_changes(yoy, change, area=area, year=year, language=language)

    def fig_company() -> Figure:
        act = _where(measure_rows(frame, "activated_full_time_persons"), area=area)
        act_annual = _with_source(kf.annual_average(act), src)
        present = set(act_annual[TARGET_GROUP].astype(object))
        groups = [g for g in COMPANY_GROUPS if g in present]
        return fg.plot_company_offers(act_annual, years=years, groups=groups,
                                      language=language)

    def fig_area_comparison() -> Figure:
        pct = _where(local, measure="pct_unsubsidised_employment")
        pct_annual = _with_source(kf.annual_average(pct), src)
        return fg.plot_area_comparison(pct_annual, area, compare,
                                       period=pd.Period(str(year), "Y-DEC"), language=language)

    def fig_monthly() -> Figure:
        ltu = _where(measure_rows(frame, "long_term_unemployed"), area=area,
                     target_group=("forsikrede.dagpenge", "kontanthjaelp.jobparate"))
        return fg.plot_monthly(ltu, start=f"{year - 1}M01", end=f"{year}M12",
                               language=language)

    def fig_area_lines() -> Figure:
        kh = _where(monthly, target_group="kontanthjaelp")
        share = _with_source(kf.population_share(kh, _where(pop, area=areas)), src)
        return fg.plot_area_lines(share, area, compare, start=f"{year - 2}M01",
                                  end=f"{year}M12", language=language)

    def kommune_shares() -> pd.DataFrame:  # the same for every area: shared in a batch
        return shared(frame, ("kommune_shares", year), compute_kommune_shares)

    def compute_kommune_shares() -> pd.DataFrame:
        kh = _where(measure_rows(frame, FULL_TIME), target_group="kontanthjaelp")
        kh = kh.loc[kh[PERIOD].dt.year == year]
        kh_annual = kf.annual_average(kh)
        share = kf.population_share(kh_annual, kf.annual_average(
            pop.loc[pop[PERIOD].dt.year == year]))
        return _with_source(share, src)

    def top_level() -> float | None:
        """The map lists the kommuner with the highest shares: those above the 95th
        percentile of the kommuner, rounded down to the printed decimal (about 5)."""
        shares = kommune_shares()
        kommuner = shares.loc[shares[AREA].astype(str) != NATIONAL, VALUE].dropna()
        if len(kommuner) < 20:
            return None
        return math.floor(float(kommuner.quantile(0.95)) * 10) / 10

    def fig_tile_map() -> Figure:
        return fg.plot_tile_map(kommune_shares(), area=area, decimals=1, language=language,
                                threshold=top_level())

    def fig_map() -> Figure:
        assert boundaries is not None
        return fg.plot_map(kommune_shares(), boundaries, area=area, decimals=1,
                           language=language, threshold=top_level())

    def fig_goals() -> Figure:
        assert bilag is not None
        lines = [(t.title.removeprefix("Mål: ").removeprefix("Goal: "), t.verdict)
                 for t in bilag if t.verdict]
        return fg.plot_goals(lines, language=language, source=src if isinstance(src, str)
                             else None)

    no_series = "the data lack its series"
    steps: list[tuple[str, str, str | None, Callable[[], Figure]]] = [
        ("figur1_maalgrupper", "Årsgennemsnit pr. målgruppe",
         None if not own_annual.empty else no_series, fig_target_groups),
        ("figur2_udvikling", "Udvikling i fuldtidspersoner og landsandel",
         None if not own_annual.empty else no_series, fig_changes),
        ("figur3_virksomhedsrettet", "Virksomhedsrettet tilbud",
         _missing(frame, "activated_full_time_persons"), fig_company),
        ("figur4_ustoettet_beskaeftigelse", "Flygtninge i ustøttet beskæftigelse",
         _missing(frame, "pct_unsubsidised_employment"), fig_area_comparison),
        ("figur5_langtidsledige", "Langtidsledige, månedlig",
         _missing(frame, "long_term_unemployed"), fig_monthly),
        ("figur6_kontanthjaelp_andel", "Kontanthjælp i pct. af befolkningen",
         _missing(frame, "population_16_66"), fig_area_lines),
        ("kort_kontanthjaelp", "Kort: kontanthjælp i pct. af befolkningen",
         _missing(frame, "population_16_66"), fig_tile_map),
        ("kort_kontanthjaelp_graenser", "Kort med kommunegrænser",
         "no boundaries file given (--boundaries)" if boundaries is None
         else _missing(frame, "population_16_66"), fig_map),
        ("maal_oversigt", "Målopfølgning",
         None if bilag is not None and any(t.verdict for t in bilag)
         else "no goal has a verdict", fig_goals),
    ]
    figures: list[FigureSpec] = []
    omitted: list[Omission] = []
    known = [name for name, *_ in steps]
    unknown = [n for n in only if n not in known]
    if unknown:
        raise ValidationError([Problem(Reason.UNKNOWN_FIGURE, f"unknown figure {n!r}",
                                       column="figures", value=n,
                                       suggestions=close_matches(n, known) or tuple(known))
                               for n in unknown])
    for name, title, missing, draw in steps:
        if only and name not in only:
            continue
        if missing is not None:
            omitted.append(Omission(name, (Problem(Reason.NO_DATA, missing),), "figure"))
            continue
        try:
            figures.append(FigureSpec(name, title, draw()))
        except JobstatsError as exc:
            omitted.append(Omission.of(name, exc, "figure"))
    return figures, omitted


def _missing(frame: pd.DataFrame, measure: str) -> str | None:
    """None when ``frame`` has rows of ``measure``, else the reason a figure is left out."""
    from jobstats.tables.batch_cache import measure_rows

    return None if len(measure_rows(frame, measure)) else f"the data have no {measure}"
