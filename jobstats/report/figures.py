"""The figures of one municipality's quarterly report, from its bundle of key figures.

Each figure is drawn from the key figures of exactly the series it shows (read
from :class:`~jobstats.keyfigures.bundle.KeyFigures`, never from the raw frame),
so every bar and line can be traced back to the data (see ``docs/figures.md``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from jobstats.errors import JobstatsError, Problem, Reason, ValidationError, close_matches
from jobstats.frame import AREA, PERIOD, TARGET_GROUP, VALUE, select_rows
from jobstats.keyfigures.bundle import (
    ACTIVATED,
    FULL_TIME,
    LONG_TERM,
    PCT_UNSUBSIDISED,
    POPULATION,
    KeyFigures,
)
from jobstats.tables.table import Omission
from jobstats.taxonomy import NATIONAL

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from jobstats.tables import Bilag

__all__ = ["FigureSpec", "report_figures"]

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


def report_figures(figures: KeyFigures, *, bilag: Bilag | None = None,
                   boundaries: Path | None = None, language: str = "da",
                   only: Sequence[str] = ()) -> tuple[list[FigureSpec], list[Omission]]:
    """Draw every report figure the key figures allow; returns (figures, omitted with
    reasons). Reads only the bundle (:func:`~jobstats.keyfigures.bundle.key_figures`)
    and the appendix built from it (the goals' verdicts).

    ``only`` selects figures by name (``figur1_maalgrupper``, ``kort_kontanthjaelp``,
    ...; empty: all); an unknown name is refused with the valid ones.

    ``boundaries`` (a GeoJSON/TopoJSON path) adds the choropleth map; the
    tile-grid map needs no geodata and is always drawn.
    """
    from jobstats import figures as fg

    kf = figures
    area, year, compare = kf.area, kf.year, kf.compare
    src = kf.source
    years = [year - 2, year - 1, year]
    areas = tuple(a for a in (area, compare, NATIONAL) if a)
    full_time = kf.annual.get(FULL_TIME)
    annual = _with_source(_where(full_time, area=areas), src) if full_time is not None \
        else None
    own_annual = _where(annual, area=area) if annual is not None else pd.DataFrame()

    def need(part: str, value: pd.DataFrame | None) -> pd.DataFrame:
        return kf.need(part, value)

    def fig_target_groups() -> Figure:
        return fg.plot_target_groups(own_annual, years=years, language=language)

    def fig_changes() -> Figure:
        yoy = _with_source(_where(need(f"yoy:{FULL_TIME}", kf.yoy.get(FULL_TIME)),
                                  area=areas), src)
        change = _where(need("share_change", kf.share_change), area=areas)
        return fg.plot_changes(yoy, change, area=area, year=year, language=language)

    def fig_company() -> Figure:
        act = need(f"annual:{ACTIVATED}", kf.annual.get(ACTIVATED))
        act_annual = _with_source(_where(act, area=area).reset_index(drop=True), src)
        present = set(act_annual[TARGET_GROUP].astype(object))
        groups = [g for g in COMPANY_GROUPS if g in present]
        return fg.plot_company_offers(act_annual, years=years, groups=groups,
                                      language=language)

    def fig_area_comparison() -> Figure:
        pct = need(f"annual:{PCT_UNSUBSIDISED}", kf.annual.get(PCT_UNSUBSIDISED))
        pct_annual = _with_source(_where(pct, area=areas), src)
        return fg.plot_area_comparison(pct_annual, area, compare,
                                       period=pd.Period(str(year), "Y-DEC"), language=language)

    def fig_monthly() -> Figure:
        ltu = _where(kf.monthly[LONG_TERM], area=area,
                     target_group=("forsikrede.dagpenge", "kontanthjaelp.jobparate"))
        return fg.plot_monthly(ltu, start=f"{year - 1}M01",
                               end=f"{year}M12", language=language)

    def fig_area_lines() -> Figure:
        share = _with_source(_where(need("monthly_population_share",
                                         kf.monthly_population_share), area=areas), src)
        return fg.plot_area_lines(share, area, compare, start=f"{year - 2}M01",
                                  end=f"{year}M12", language=language)

    def kommune_shares() -> pd.DataFrame:  # the same for every area: shared in a batch
        return need("kommune_shares", kf.kommune_shares)

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
        # the sources of the goals' tables (the data, and "Egne opgørelser" for values
        # the municipality entered), each once
        sources: list[str] = []
        for t in bilag:
            bare = t.source
            for lead in ("Kilde:", "Kilder:", "Source:", "Sources:"):
                bare = bare.removeprefix(lead)
            if t.verdict and bare.strip() and bare.strip() not in sources:
                sources.append(bare.strip())
        return fg.plot_goals(lines, language=language, source="; ".join(sources) if sources
                             else src if isinstance(src, str) else None)

    no_series = "the data lack its series"
    steps: list[tuple[str, str, str | None, Callable[[], Figure]]] = [
        ("figur1_maalgrupper", "Årsgennemsnit pr. målgruppe",
         _years_missing(own_annual, years, area, "each target group")
         if not own_annual.empty else no_series, fig_target_groups),
        ("figur2_udvikling", "Udvikling i fuldtidspersoner og landsandel",
         None if not own_annual.empty else no_series, fig_changes),
        ("figur3_virksomhedsrettet", "Virksomhedsrettet tilbud",
         _missing(kf, ACTIVATED) or _years_missing(
             _where(kf.annual[ACTIVATED], area=area) if ACTIVATED in kf.annual else None,
             years, area, "the company-based offers"), fig_company),
        ("figur4_ustoettet_beskaeftigelse", "Flygtninge i ustøttet beskæftigelse",
         _missing(kf, PCT_UNSUBSIDISED), fig_area_comparison),
        ("figur5_langtidsledige", "Langtidsledige, månedlig",
         _missing(kf, LONG_TERM), fig_monthly),
        ("figur6_kontanthjaelp_andel", "Kontanthjælp i pct. af befolkningen",
         _missing(kf, POPULATION), fig_area_lines),
        ("kort_kontanthjaelp", "Kort: kontanthjælp i pct. af befolkningen",
         _missing(kf, POPULATION), fig_tile_map),
        ("kort_kontanthjaelp_graenser", "Kort med kommunegrænser",
         "no boundaries file given (--boundaries)" if boundaries is None
         else _missing(kf, POPULATION), fig_map),
        ("maal_oversigt", "Målopfølgning",
         None if bilag is not None and any(t.verdict for t in bilag)
         else "no goal has a verdict", fig_goals),
    ]
    drawn: list[FigureSpec] = []
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
            drawn.append(FigureSpec(name, title, draw()))
        except JobstatsError as exc:
            omitted.append(Omission.of(name, exc, "figure"))
    return drawn, omitted


def _years_missing(annual: pd.DataFrame | None, years: Sequence[int], area: str,
                   what: str) -> str | None:
    """None when ``annual`` (one area's annual averages) has every year of ``years``,
    else the reason a three-year figure is left out: which years it shows and why,
    which the data have, and what the user can do (add the missing years, or a
    ``--year`` whose two years before are in the data)."""
    if annual is None or annual.empty:
        return None
    from jobstats.selection import years_of

    have = sorted({int(y) for y in years_of(annual[PERIOD])})
    missing = [y for y in years if y not in have]
    if not missing:
        return None
    latest = years[-1]
    fits = [y for y in have if y - 1 in have and y - 2 in have]
    held = (f"{have[0]}" if len(have) == 1 else
            f"{have[0]}-{have[-1]}" if have == list(range(have[0], have[-1] + 1)) else
            ", ".join(map(str, have)))
    lack = " and ".join(map(str, missing))
    todo = (f"add {lack} (`jobstats fetch`)"
            + (f" or use --year {min(fits, key=lambda y: abs(y - latest))}" if fits else ""))
    return (f"it shows {what} in {years[0]}-{latest} (the report's year and the two "
            f"before); the data of {area} have {held} only: {todo}")


def _missing(figures: KeyFigures, measure: str) -> str | None:
    """None when the data have rows of ``measure``, else the reason a figure is left out."""
    return None if figures.has(measure) else f"the data have no {measure}"
