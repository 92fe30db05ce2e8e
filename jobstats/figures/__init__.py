"""The figures of the quarterly report, in one house style (matplotlib).

Every function takes a canonical frame (usually the output of a key-figure
function), returns a :class:`matplotlib.figure.Figure` created without pyplot
(no global state: a batch of 98 reports does not grow memory), draws Danish
labels and number formats (``language="en"`` for English), and puts the source
line under the plot. :func:`save_figure` writes PNG, SVG or PDF by suffix;
:func:`save_figures` writes several formats from one layout.

=====================  ==================================================
function               figure
=====================  ==================================================
plot_target_groups     1: annual averages per target group, three years
plot_changes           2: % change in full-time persons and national share
plot_company_offers    3: løntilskud and virksomhedspraktik per group/year
plot_area_comparison   4: one share: municipality, comparison, Hele landet
plot_monthly           5: monthly lines per target group
plot_area_lines        6: a monthly share for three areas
plot_map               7a: choropleth from boundaries (GeoJSON/TopoJSON)
plot_tile_map          7b: tile-grid map of the 98 kommuner (no geodata)
plot_goals             8: goal overview with traffic lights
=====================  ==================================================

Each ``plot_*`` runs three layers: a pure ``prepare_*`` (the frame in, a small
frozen dataclass of what to draw out: values, labels, colours, notes — testable
without matplotlib drawing anything), a ``draw_*`` onto an axes, and the shared
decorate step (:mod:`jobstats.figures.decorate`). The house style is one
:class:`HouseStyle` (:mod:`jobstats.figures.style`).
"""

from __future__ import annotations

from jobstats.figures.bars import (
    AreaBars,
    Bar,
    BarSeries,
    GroupBars,
    StackedBars,
    draw_area_comparison,
    draw_company_offers,
    draw_group_bars,
    plot_area_comparison,
    plot_changes,
    plot_company_offers,
    plot_target_groups,
    prepare_area_comparison,
    prepare_changes,
    prepare_company_offers,
    prepare_target_groups,
)
from jobstats.figures.goals import GoalOverview, GoalRow, draw_goals, plot_goals, prepare_goals
from jobstats.figures.lines import (
    LineChart,
    LineSeries,
    MonthTicks,
    draw_lines,
    plot_area_lines,
    plot_monthly,
    prepare_area_lines,
    prepare_monthly,
)
from jobstats.figures.maps import (
    Boundaries,
    MapClasses,
    MapData,
    areas_above,
    classify,
    plot_map,
    plot_tile_map,
    prepare_map,
    read_boundaries,
    tile_grid,
)
from jobstats.figures.save import save_figure, save_figures
from jobstats.figures.style import HOUSE_STYLE, HouseStyle

__all__ = [
    "HOUSE_STYLE",
    "AreaBars",
    "Bar",
    "BarSeries",
    "Boundaries",
    "GoalOverview",
    "GoalRow",
    "GroupBars",
    "HouseStyle",
    "LineChart",
    "LineSeries",
    "MapClasses",
    "MapData",
    "MonthTicks",
    "StackedBars",
    "areas_above",
    "classify",
    "draw_area_comparison",
    "draw_company_offers",
    "draw_goals",
    "draw_group_bars",
    "draw_lines",
    "plot_area_comparison",
    "plot_area_lines",
    "plot_changes",
    "plot_company_offers",
    "plot_goals",
    "plot_map",
    "plot_monthly",
    "plot_target_groups",
    "plot_tile_map",
    "prepare_area_comparison",
    "prepare_area_lines",
    "prepare_changes",
    "prepare_company_offers",
    "prepare_goals",
    "prepare_map",
    "prepare_monthly",
    "prepare_target_groups",
    "read_boundaries",
    "save_figure",
    "save_figures",
    "tile_grid",
]
