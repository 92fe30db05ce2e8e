"""What saving a figure remembers, so that matplotlib does not compute it again:
the boxes of the axes with their tick labels, the layout of each text, and the
glyphs the Agg renderer draws.

Matplotlib measures and draws every text anew, many times per save and again for
every figure: each layout pass lays out every tick label, and the Agg renderer
shapes each string and rasterises each of its glyphs every time it is drawn.
Within a save (:func:`saving`) and, for what depends only on the text and its
font, from save to save, jobstats keeps those results. Every file is byte for
byte what matplotlib writes without them (``tests/test_figures_save.py``); the
memories switch on only for the matplotlib versions in
``_LAYOUT_CACHE_VERSIONS``, whose internals they were checked against, and
:data:`REUSE` turns them off (``benchmarks/figures.py`` times both paths).
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import matplotlib as mpl
import numpy as np
from matplotlib.axis import Axis
from matplotlib.backend_bases import RendererBase
from matplotlib.text import Text
from matplotlib.transforms import Bbox

__all__ = ["REUSE", "saving"]


# While a figure is saved, the boxes of the axes with their tick labels, by axes,
# axis, renderer, axes position and view limits. The title, the source line and
# the left edge are placed from these boxes, and matplotlib asks for them many
# times per draw (layout passes, extents, drawing), each time laying out every
# tick label again. Within one save nothing else changes them, so each is
# computed once; outside a save (None) nothing is kept.
_AXIS_BOXES: ContextVar[dict[tuple[object, ...], Bbox] | None] = ContextVar(
    "jobstats_axis_boxes", default=None)


# While a figure is saved, the layout of each text (its box and lines relative to
# its anchor, matplotlib's ``Text._get_layout``) by everything that layout is made
# from. Matplotlib lays a text out again each time it is measured or drawn: five
# to eight times per text and save (two constrained-layout passes, the boxes the
# title and source line are placed from, the draw), each time looking up the font,
# its tables and the text's metrics. The layout depends only on the key below (the
# text, font, spacing, alignment, rotation, dpi and renderer — not on where the
# text is), so within one save it is computed once per key. Checked for the
# matplotlib versions in _LAYOUT_CACHE_VERSIONS (whose ``_get_layout`` reads
# exactly these); any other version lays out as matplotlib does.
#
# For Agg and SVG the renderer enters the key only as what its text metrics are
# made from (Agg: its dpi and the hinting settings; SVG: nothing, its metrics come
# from font outlines at a fixed size), so those layouts are kept from save to save
# (_SHARED, at most _SHARED_SIZE, least recently used out): the tick labels, group
# names, tile names and source lines that every figure and every kommune of a
# batch share are laid out once. Mathtext and TeX texts are kept per save only.
_LAYOUT_CACHE_VERSIONS = ("3.11.",)
REUSE = True
"""Whether saving reuses text layouts and axis boxes across layout passes and files
(``benchmarks/figures.py`` turns it off to time the code path before it: a memory
of axis boxes per file only; the files are the same either way)."""
_LAYOUTS: ContextVar[dict[tuple[object, ...], Any] | None] = ContextVar(
    "jobstats_text_layouts", default=None)
_PLAIN_LAYOUT: list[Any] = []
_SHARED: OrderedDict[tuple[object, ...], Any] = OrderedDict()
_SHARED_SIZE = 20_000


def _renderer_kind(renderer: Any) -> tuple[object, ...] | None:
    """What a text's metrics depend on in ``renderer``, for Agg and SVG; None for
    any other renderer (kept per save, by the renderer itself)."""
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.backends.backend_mixed import MixedModeRenderer

    if type(renderer) is RendererAgg:
        return ("agg", renderer.dpi, mpl.rcParams["text.hinting"],
                mpl.rcParams["text.hinting_factor"])
    if isinstance(renderer, MixedModeRenderer):
        inner = renderer._renderer
        if type(inner).__name__ == "RendererSVG" and \
                type(inner).__module__ == "matplotlib.backends.backend_svg":
            return ("svg", mpl.rcParams["text.hinting"], mpl.rcParams["text.hinting_factor"])
    return None


def _layout_key(text: Any, renderer: object) -> tuple[object, ...]:
    fig = text.get_figure(root=True)
    return (renderer, fig.dpi if fig is not None else None, text._get_wrapped_text(),
            hash(text.get_fontproperties()), text._linespacing, text.get_rotation(),
            text.get_rotation_mode(), text._horizontalalignment, text._verticalalignment,
            text._get_multialignment(), text.get_usetex(), text.get_parse_math())


def _cached_layout(text: Text, renderer: RendererBase) -> Any:
    layouts = _LAYOUTS.get()
    if layouts is None:
        return _PLAIN_LAYOUT[0](text, renderer)
    kind = _renderer_kind(renderer)
    if kind is None or text.get_usetex() or "$" in text.get_text():
        key, store = _layout_key(text, id(renderer)), layouts
    else:
        key, store = _layout_key(text, kind), _SHARED
    layout = store.get(key)
    if layout is None:
        bbox, lines, descent = _PLAIN_LAYOUT[0](text, renderer)
        layout = store[key] = (bbox.frozen(), tuple(lines), descent)
        if store is _SHARED and len(_SHARED) > _SHARED_SIZE:
            _SHARED.popitem(last=False)
    elif store is _SHARED:
        _SHARED.move_to_end(key)
    bbox, lines, descent = layout
    return bbox.frozen(), list(lines), descent


_PLAIN_AXIS_BOX: list[Any] = []
_NONE = object()


def _cached_axis_box(axis: Axis, renderer: RendererBase | None = None, *,
                     for_layout_only: bool = False) -> Bbox | None:
    """``Axis.get_tightbbox`` computed once per save for each axis, renderer, axes
    position, view limits and dpi (matplotlib asks for it in every layout pass, and
    the title and source line are placed from it)."""
    layouts = _LAYOUTS.get()
    if layouts is None or renderer is None:
        box: Bbox | None = _PLAIN_AXIS_BOX[0](axis, renderer, for_layout_only=for_layout_only)
        return box
    ax = axis.axes
    fig = axis.get_figure(root=True)
    key = ("axis", id(axis), id(renderer), for_layout_only,
           fig.dpi if fig is not None else None, tuple(ax.bbox.bounds),
           tuple(ax.viewLim.bounds))
    box = layouts.get(key, _NONE)
    if box is _NONE:
        box = _PLAIN_AXIS_BOX[0](axis, renderer, for_layout_only=for_layout_only)
        layouts[key] = None if box is None else box.frozen()
    return None if box is None else box.frozen()


# The ticks of an axis as ``Axis._update_ticks`` last set them, while a figure is
# saved. Matplotlib sets an axis' tick positions and labels anew every time it
# measures or draws it — about four times in five with nothing changed since the
# last time. The positions and labels follow from the locators and formatters, the
# view interval and the axes' size in pixels (the automatic locator picks how many
# ticks fit); while a figure is saved only the layout (the axes box) and the dpi
# (the SVG is drawn at 72) change. So when an axis is asked again with the same
# box, view interval, dpi, locators and formatters as the last time, the ticks
# are as that call left them and its answer is given again; anything else
# recomputes (and becomes the last time).
_PLAIN_UPDATE_TICKS: list[Any] = []


def _cached_update_ticks(axis: Axis) -> list[Any]:
    layouts = _LAYOUTS.get()
    if layouts is None:
        ticks: list[Any] = _PLAIN_UPDATE_TICKS[0](axis)
        return ticks
    ax = axis.axes
    fig = axis.get_figure(root=True)
    key = (tuple(ax.bbox.bounds), tuple(axis.get_view_interval()),
           fig.dpi if fig is not None else None, axis.get_scale(),
           id(axis.major.locator), id(axis.major.formatter),
           id(axis.minor.locator), id(axis.minor.formatter))
    slot = ("ticks", id(axis))
    last = layouts.get(slot)
    if last is not None and last[0] is axis and last[1] == key:
        return list(last[2])
    ticks = _PLAIN_UPDATE_TICKS[0](axis)
    layouts[slot] = (axis, key, tuple(ticks))  # the axis itself: its id is not reused
    return ticks


def _install_layout_cache() -> bool:
    """Route ``Text._get_layout``, ``Axis.get_tightbbox``, ``Axis._update_ticks``
    and Agg's ``draw_text`` through the memories above (once per process); False
    (and nothing changed) for a matplotlib version not checked."""
    if _PLAIN_LAYOUT:
        return True
    if not mpl.__version__.startswith(_LAYOUT_CACHE_VERSIONS):
        return False
    _PLAIN_LAYOUT.append(Text._get_layout)  # type: ignore[attr-defined]
    _PLAIN_AXIS_BOX.append(Axis.get_tightbbox)
    _PLAIN_UPDATE_TICKS.append(Axis._update_ticks)  # type: ignore[attr-defined]
    from matplotlib.backends.backend_agg import RendererAgg

    _PLAIN_DRAW_TEXT.append(RendererAgg.draw_text)
    Text._get_layout = _cached_layout  # type: ignore[attr-defined]
    Axis.get_tightbbox = _cached_axis_box  # type: ignore[method-assign,assignment]
    Axis._update_ticks = _cached_update_ticks  # type: ignore[attr-defined]
    RendererAgg.draw_text = _cached_draw_text  # type: ignore[method-assign]
    return True


@contextmanager
def saving() -> Iterator[None]:
    """While a figure is saved: remember the axis boxes and text layouts (see above).

    Nested (``save_figures`` lays out once and saves each file inside one
    ``saving``), the outer block's memory is used: the layout's last pass, the PNG
    and the SVG share what they have in common (every key names the renderer)."""
    if REUSE and _AXIS_BOXES.get() is not None:
        yield
        return
    token = _AXIS_BOXES.set({})
    layouts = _LAYOUTS.set({} if REUSE and _install_layout_cache() else None)
    try:
        yield
    finally:
        _LAYOUTS.reset(layouts)
        _AXIS_BOXES.reset(token)


# The glyphs the Agg renderer draws. Matplotlib's Agg ``draw_text`` shapes the
# string (``FT2Font._layout``) and then rasterises every glyph at its exact
# position, in 1/64 pixel. A glyph's bitmap depends only on the font and size,
# the glyph, the rotation, the hinting and antialiasing, and the fraction of a
# pixel where it starts; moved by whole pixels, FreeType draws the very same
# bitmap moved by whole pixels. So the shaped strings (by font, size, dpi, text,
# hinting, features and language) and the bitmaps (by all of the above and the
# pixel fraction) are kept from save to save, at most _GLYPHS_SIZE of each (the
# oldest half dropped when full): the tick labels, names, titles and source lines
# that every figure and every kommune of a batch share are shaped once, and their
# glyphs rasterised once per pixel fraction. The fonts are kept in the keys
# themselves (not their ids), so a key never outlives its font.
_PLAIN_DRAW_TEXT: list[Any] = []
_SHAPED: dict[tuple[object, ...], tuple[tuple[Any, int, float, float], ...]] = {}
_GLYPHS: dict[tuple[object, ...], tuple[Any, int, int]] = {}
_GLYPHS_SIZE = 40_000


def _bounded(store: dict[Any, Any]) -> None:
    if len(store) > _GLYPHS_SIZE:
        for key in list(store)[: len(store) // 2]:  # insertion order: the oldest half
            del store[key]


def _cached_draw_text(self: Any, gc: Any, x: float, y: float, s: str, prop: Any,
                      angle: float, ismath: bool | str = False, mtext: Text | None = None
                      ) -> None:
    """``RendererAgg.draw_text`` for plain text with the shaped string and glyph
    bitmaps kept (see above); mathtext, TeX and outside a save as matplotlib does."""
    if ismath or _LAYOUTS.get() is None:
        _PLAIN_DRAW_TEXT[0](self, gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)
        return
    from matplotlib.backends.backend_agg import get_hinting_flag
    from matplotlib.ft2font import RenderMode

    font = self._prepare_font(prop)
    flags = get_hinting_flag()  # type: ignore[no-untyped-call]
    features = mtext.get_fontfeatures() if mtext is not None else None
    language = mtext.get_language() if mtext is not None else None
    if isinstance(language, list):
        language = tuple(language)
    size = prop.get_size_in_points()
    dpi = self.dpi
    key = (font, size, dpi, s, flags, features, language)
    try:
        items = _SHAPED.get(key)
    except TypeError:  # a setting that cannot be a key: drawn as matplotlib does
        _PLAIN_DRAW_TEXT[0](self, gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)
        return
    if items is None:
        _bounded(_SHAPED)
        items = _SHAPED[key] = tuple(
            (item.ft_object, item.glyph_index, item.x, item.y)
            for item in font._layout(s, flags=flags, features=features, language=language))
    cos = math.cos(math.radians(angle))
    sin = math.sin(math.radians(angle))
    matrix = None
    turn = (round(0x10000 * cos), round(0x10000 * sin))
    antialiased = gc.get_antialiased()
    mode = RenderMode.NORMAL if antialiased else RenderMode.MONO
    height = self.height
    draw = self._renderer.draw_text_image
    sized: set[int] = set()
    for ft_object, glyph, dx, dy in items:  # dy is upwards, FreeType's y too
        fx, px = divmod(round(0x40 * (x + dx * cos - dy * sin)), 0x40)
        fy, py = divmod(round(0x40 * (height - y + dx * sin + dy * cos)), 0x40)
        gkey = (ft_object, size, dpi, glyph, turn, px, py, flags, mode)
        bitmap = _GLYPHS.get(gkey)
        if bitmap is None:
            if matrix is None:
                matrix = (0x10000 * np.array([[cos, -sin], [sin, cos]])).round().astype(int)
            if id(ft_object) not in sized:
                ft_object.set_size(size, dpi)
                sized.add(id(ft_object))
            ft_object._set_transform(matrix, [px, py])
            rendered = ft_object._render_glyph(glyph, flags, mode)
            buffer = rendered.buffer
            if not antialiased:
                buffer *= 0xff
            _bounded(_GLYPHS)
            bitmap = _GLYPHS[gkey] = (buffer, rendered.left, rendered.top)
        buffer, left, top = bitmap
        # draw_text_image's y is downwards and the bitmap's bottom side
        draw(buffer, left + fx, int(height) - (top + fy) + buffer.shape[0], 0, gc)
