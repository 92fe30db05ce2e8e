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
"""

from __future__ import annotations

from jobstats.figures.bars import (
    plot_area_comparison,
    plot_changes,
    plot_company_offers,
    plot_target_groups,
)
from jobstats.figures.goals import plot_goals
from jobstats.figures.lines import plot_area_lines, plot_monthly
from jobstats.figures.maps import (
    Boundaries,
    MapClasses,
    areas_above,
    classify,
    plot_map,
    plot_tile_map,
    read_boundaries,
    tile_grid,
)
from jobstats.figures.save import save_figure, save_figures
from jobstats.figures.style import HOUSE_STYLE, HouseStyle

__all__ = [
    "HOUSE_STYLE",
    "Boundaries",
    "HouseStyle",
    "MapClasses",
    "areas_above",
    "classify",
    "plot_area_comparison",
    "plot_area_lines",
    "plot_changes",
    "plot_company_offers",
    "plot_goals",
    "plot_map",
    "plot_monthly",
    "plot_target_groups",
    "plot_tile_map",
    "read_boundaries",
    "save_figure",
    "save_figures",
    "tile_grid",
]
