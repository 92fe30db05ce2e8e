"""The house style of the report figures, in one place: palette, fonts, sizes.

One :class:`HouseStyle` (a frozen dataclass) holds everything a figure needs to
look like the published quarterly reports: a grey/green palette, DejaVu Sans at
sizes readable at A4 width, the figure size and resolution. Every figure function
takes ``style=`` (default :data:`HOUSE_STYLE`) and ``language="da"|"en"``.

The palette is chosen for colour-blind readers: colours that appear together in
one figure differ in lightness (CIELAB L*) by at least 15, so they stay apart
when hue is lost; lines also differ in dash pattern.

A figure is made in three layers: *prepare* (pure data: each figure's
``prepare_*`` returns a frozen dataclass of the values, colours, marks and labels
to draw, with rows chosen by :mod:`jobstats.figures._data`), *draw* (the artists,
``draw_*`` in each figure module) and *decorate* (axes, title, legend and source
line, :mod:`jobstats.figures.decorate`); numbers on axes are formatted by
:mod:`jobstats.figures.format`, files written by :mod:`jobstats.figures.save`.
Every colour, font size and line width a figure uses comes from here.

>>> round(lightness("#ffffff"))
100
>>> HOUSE_STYLE.area_colours()
('#1f7a3f', '#404040', '#a6a6a6')
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import matplotlib as mpl
import numpy as np
from matplotlib.colors import to_rgb

__all__ = [
    "GOAL_COLOURS",
    "HOUSE_STYLE",
    "MAP_CMAP",
    "HouseStyle",
    "lightness",
    "styled",
]

# ---------------------------------------------------------------------------
# palette

GREEN = "#1f7a3f"  # L* ~45: the municipality, the latest year, national share
GREEN_LIGHT = "#8fc98a"  # L* ~75
GREY_DARK = "#404040"  # L* ~27: the comparison area
GREY = "#a6a6a6"  # L* ~68: change in full-time persons, Hele landet, older years
GREY_LIGHT = "#d9d9d9"  # L* ~87: the oldest year
TEXT = "#1a1a1a"
TEXT_SOFT = "#595959"

MAP_CMAP = "Greens"
"""The sequential colormap of map classes (ColorBrewer *Greens*, monotonic in
lightness); :meth:`HouseStyle.class_colours` picks classes evenly spaced in L*."""

MAP_MISSING = "#ffffff"  # "Opgøres ikke": white with grey hatching

GOAL_COLOURS: dict[str, str] = {
    "opnået": "#1f7a3f",
    "på rette vej": "#f2b705",
    "kræver opmærksomhed": "#c0392b",
}
"""Traffic-light colours; the lit lamp's position (and the word) also carries
the verdict, so the overview reads without colour vision."""


def lightness(colour: str) -> float:
    """CIELAB lightness L* (0 black … 100 white) of a matplotlib colour (D65)."""
    rgb = np.array(to_rgb(colour))
    lin = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    y = float(lin @ np.array([0.2126, 0.7152, 0.0722]))
    f = y ** (1 / 3) if y > (6 / 29) ** 3 else y / (3 * (6 / 29) ** 2) + 4 / 29
    return 116 * f - 16


@lru_cache(maxsize=64)
def _class_colours(cmap_name: str, hi: float, lo: float, n: int) -> tuple[str, ...]:
    """``HouseStyle.class_colours``, computed once per colour map, range and ``n``."""
    cmap = mpl.colormaps[cmap_name]
    ramp = [mpl.colors.to_hex(cmap(t)) for t in np.linspace(0.0, 1.0, 256)]
    ls = np.array([lightness(c) for c in ramp])
    targets = [0.5 * (hi + lo)] if n == 1 else list(np.linspace(hi, lo, n))
    return tuple(ramp[int(np.argmin(np.abs(ls - t)))] for t in targets)


@dataclass(frozen=True)
class HouseStyle:
    """Fonts, sizes and colours of every figure (frozen; use ``dataclasses.replace``).

    ``width`` is the printable width of an A4 page with 2.5 cm margins (16 cm).
    """

    font_family: str = "DejaVu Sans"
    font_size: float = 8.5
    title_size: float = 10.0
    small_size: float = 7.0
    width: float = 6.3  # inches
    height: float = 3.8  # inches
    dpi: float = 150.0
    green: str = GREEN
    green_light: str = GREEN_LIGHT
    grey_dark: str = GREY_DARK
    grey: str = GREY
    grey_light: str = GREY_LIGHT
    text: str = TEXT
    text_soft: str = TEXT_SOFT
    grid: str = "#e6e6e6"
    map_cmap: str = MAP_CMAP
    map_lightness: tuple[float, float] = (93.0, 25.0)  # lightest and darkest class
    wrap: int = 30  # characters per line of a category label
    line_width: float = 1.8  # a monthly line
    dotted_width: float = 2.3  # a dotted line (Hele landet) needs weight to be seen
    outline_width: float = 1.6  # the own kommune's outline on the maps
    lamp_off: str = "#ececec"  # an unlit lamp of the goal overview

    def year_colours(self, n: int) -> list[str]:
        """Colours of ``n`` years, oldest first: greys getting darker, the latest green."""
        if n <= 0:
            return []
        if n == 1:
            return [self.green]
        if n == 2:
            return [self.grey, self.green]
        if n == 3:
            return [self.grey_light, self.grey, self.green]
        greys = [mpl.colors.to_hex((v, v, v)) for v in np.linspace(0.88, 0.55, n - 1)]
        return [*greys, self.green]

    def class_colours(self, n: int) -> list[str]:
        """``n`` map-class colours from light to dark, evenly spaced in lightness L*
        (so every step is as visible as the next, with or without colour vision)."""
        hi, lo = self.map_lightness
        return list(_class_colours(self.map_cmap, float(hi), float(lo), n))

    def area_colours(self) -> tuple[str, str, str]:
        """Own municipality, comparison area, Hele landet."""
        return (self.green, self.grey_dark, self.grey)

    def series(self, n: int) -> list[tuple[str, str]]:
        """(colour, linestyle) of ``n`` line series; dash patterns never repeat before 4."""
        colours = [self.green, self.grey_dark, self.green_light, self.grey]
        styles = ["-", "--", "-.", ":"]
        return [(colours[i % 4], styles[(i + i // 4) % 4]) for i in range(n)]

    def rc(self) -> dict[str, Any]:
        """The matplotlib rcParams of the house style (applied while drawing)."""
        return {
            "font.family": [self.font_family],
            "font.size": self.font_size,
            "text.color": self.text,
            "axes.edgecolor": self.text_soft,
            "axes.labelcolor": self.text,
            "axes.linewidth": 0.6,
            "axes.titlesize": self.title_size,
            "legend.fontsize": self.font_size,
            "legend.frameon": False,
            "hatch.color": self.text_soft,
            "hatch.linewidth": 0.6,
            "svg.fonttype": "none",
            "pdf.fonttype": 42,
            "axes.unicode_minus": False,
        }


HOUSE_STYLE = HouseStyle()
"""The default house style."""


# rcParams whose default is a colour of the property cycle ("C0" …)
_CYCLE_COLOUR_KEYS = ("patch.facecolor", "lines.color")


def _cycle_colours_resolved() -> dict[str, Any]:
    """The rcParams of ``_CYCLE_COLOUR_KEYS`` that name a colour of the property
    cycle ("C0"), each as the colour of the cycle it names — what matplotlib looks
    up every time it resolves "Cn" (every bar and line made, before its own colour
    is set, walks the whole cycle), looked up once."""
    out: dict[str, Any] = {}
    params: dict[str, Any] = mpl.rcParams  # type: ignore[assignment]
    for key in _CYCLE_COLOUR_KEYS:
        value = params[key]
        if isinstance(value, str) and re.fullmatch(r"C[0-9]+", value):
            colours = params["axes.prop_cycle"].by_key().get("color", ["k"])
            out[key] = colours[int(value[1:]) % len(colours)]
    return out


@contextmanager
def styled(style: HouseStyle) -> Iterator[None]:
    """Apply the house style's rcParams inside a ``with`` block (restored after)."""
    # the second is entered inside the first: it resolves the house style's cycle
    with (mpl.rc_context(style.rc()),  # type: ignore[arg-type]
          mpl.rc_context(_cycle_colours_resolved())):  # type: ignore[arg-type]
        yield

