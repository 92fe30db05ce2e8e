"""Decorating a figure: the figure and its axes, spines and grid, the title above,
the source line below and legends, placed around the tick labels.

The title and source line are placed from the box of the axes with its tick
labels, computed once per save (see :func:`saving`).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import matplotlib as mpl
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.backend_bases import RendererBase
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox

from jobstats.figures.style import HouseStyle

__all__ = ["add_source", "add_title", "finish", "left_edge", "legend_columns", "new_figure",
           "saving", "style_axes", "top_legend"]

def style_axes(ax: Axes, style: HouseStyle, *, grid: str = "y") -> None:
    """Spines, ticks and grid of the house style (set explicitly, so ticks created
    later at draw time outside the style context look the same)."""
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(style.text_soft)
        ax.spines[side].set_linewidth(0.6)
    ax.tick_params(which="both", labelsize=style.font_size, labelcolor=style.text,
                   color=style.text_soft, width=0.6, length=3, pad=2,
                   labelfontfamily=style.font_family)
    ax.set_axisbelow(True)
    if grid:
        ax.grid(True, axis=grid, color=style.grid, linewidth=0.6)  # type: ignore[arg-type]
    ax.set_facecolor("white")



# ---------------------------------------------------------------------------
# figure, title and source line


def new_figure(style: HouseStyle, ax: Axes | None, *, height: float | None = None,
               width: float | None = None) -> tuple[Figure, Axes]:
    """A new :class:`Figure` with one axes (constrained layout), or ``ax``'s figure.

    Created with :class:`matplotlib.figure.Figure` directly, not pyplot: nothing is
    registered globally, so a dropped figure is garbage like any other object.
    """
    if ax is not None:
        fig = ax.get_figure(root=True)
        assert isinstance(fig, Figure)
        return fig, ax
    fig = Figure(figsize=(width or style.width, height or style.height), dpi=style.dpi,
                 facecolor="white", layout="constrained")
    engine = fig.get_layout_engine()
    if engine is not None:
        engine.set(w_pad=4 / 72, h_pad=4 / 72)  # type: ignore[call-arg]
    return fig, fig.add_subplot()


def _bbox_union(boxes: list[Bbox]) -> Bbox:
    good = [b for b in boxes if b is not None and b.width > 0 and b.height > 0]
    return Bbox.union(good) if good else Bbox.from_bounds(0, 0, 0, 0)


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


def _install_layout_cache() -> bool:
    """Route ``Text._get_layout`` and ``Axis.get_tightbbox`` through the per-save
    cache (once per process); False (and nothing changed) for a matplotlib version
    not checked."""
    if _PLAIN_LAYOUT:
        return True
    if not mpl.__version__.startswith(_LAYOUT_CACHE_VERSIONS):
        return False
    _PLAIN_LAYOUT.append(Text._get_layout)  # type: ignore[attr-defined]
    _PLAIN_AXIS_BOX.append(Axis.get_tightbbox)
    Text._get_layout = _cached_layout  # type: ignore[attr-defined]
    Axis.get_tightbbox = _cached_axis_box  # type: ignore[method-assign,assignment]
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


def _axis_box(ax: Axes, which: str, renderer: RendererBase) -> Bbox:
    """The union of the axes box and its x or y axis with tick labels (and label)."""
    # Only the x axis' vertical extent and the y axis' left edge are used, which
    # matplotlib's layout box of the axis (its label collapsed along the axis) has
    # as they are: so the box the layout engine computed is reused.
    axis = ax.yaxis if which == "y" else ax.xaxis
    boxes = _AXIS_BOXES.get()
    if boxes is None:
        return _bbox_union([ax.bbox, axis.get_tightbbox(  # type: ignore[list-item]
            renderer, for_layout_only=True)])
    if not REUSE:  # the code path before: a box of its own, label and all
        key = (id(ax), which, id(renderer), tuple(ax.bbox.bounds), tuple(ax.viewLim.bounds))
        if key not in boxes:
            boxes[key] = _bbox_union([ax.bbox, axis.get_tightbbox(  # type: ignore[list-item]
                renderer)])
        return boxes[key]
    key = (id(ax), which, id(renderer), tuple(ax.bbox.bounds), tuple(ax.viewLim.bounds))
    box = boxes.get(key)
    if box is None:
        box = boxes[key] = _bbox_union([ax.bbox, axis.get_tightbbox(  # type: ignore[list-item]
            renderer, for_layout_only=True)])
    return box


def left_edge(ax: Axes) -> Any:
    """A coordinate reference whose x = 0 is the left edge of the axes' y tick labels."""
    def left(renderer: RendererBase) -> Bbox:
        return _axis_box(ax, "y", renderer)
    return left


def add_title(ax: Axes, title: str, style: HouseStyle, *, above: Legend | None = None,
              align: str = "axes") -> Annotation | None:
    """A left-aligned bold title above the axes (and above a legend on top)."""
    if not title:
        return None

    def top(renderer: RendererBase) -> Bbox:
        boxes = [_axis_box(ax, "x", renderer)]
        if above is not None and above.get_visible():
            boxes.append(above.get_window_extent(renderer))
        return _bbox_union(boxes)

    x_ref = left_edge(ax) if align == "labels" else ax.transAxes
    return ax.annotate(title, xy=(0, 1), xycoords=(x_ref, top), xytext=(0, 6),
                       textcoords="offset points", ha="left", va="bottom",
                       fontsize=style.title_size, fontweight="bold", color=style.text,
                       annotation_clip=False)


def add_source(ax: Axes, line: str, style: HouseStyle, *, note: str = "",
               align: str = "axes") -> Annotation | None:
    """The source line (and an optional note) in small grey type under the axes."""
    full = "\n".join(t for t in (note, line) if t)
    if not full:
        return None

    def bottom(renderer: RendererBase) -> Bbox:
        return _axis_box(ax, "x", renderer)

    x_ref = left_edge(ax) if align == "labels" else ax.transAxes
    return ax.annotate(full, xy=(0, 0), xycoords=(x_ref, bottom), xytext=(0, -5),
                       textcoords="offset points", ha="left", va="top",
                       fontsize=style.small_size, color=style.text_soft,
                       annotation_clip=False)


def legend_columns(labels: Sequence[str], style: HouseStyle, width: float | None = None,
                   most: int = 4) -> int:
    """The most columns (≤ ``most``) in which a one-line legend fits the width.

    Matplotlib fills a legend column by column, so column ``c`` holds the labels
    ``c*rows … (c+1)*rows-1``; a label is about 0.55 em per character plus the
    handle and spacing (about 4 em).
    """
    avail = (width or style.width) * 72 / style.font_size - 2  # in em
    n = len(labels)
    for cols in range(min(n, most), 1, -1):
        rows = -(-n // cols)
        chunks = [labels[i:i + rows] for i in range(0, n, rows)]
        need = sum(max(len(s) for s in c) * 0.55 + 4.0 for c in chunks)
        if need <= avail:
            return cols
    return 1


def top_legend(ax: Axes, handles: Sequence[Any], labels: Sequence[str], style: HouseStyle,
               *, ncols: int | None = None, x: float = 0.0) -> Legend:
    """A frameless legend in one row (or a few) on top of the axes, left-aligned."""
    cols = ncols or legend_columns(labels, style)
    return ax.legend(list(handles), list(labels), loc="lower left",
                     bbox_to_anchor=(x, 1.01), ncols=cols, frameon=False, borderaxespad=0.0,
                     borderpad=0.0, handlelength=1.6, handletextpad=0.5, columnspacing=1.4,
                     fontsize=style.font_size)



def finish(ax: Axes, title: str, source: str, style: HouseStyle, *, note: str = "",
           above: Legend | None = None, align: str = "axes") -> None:
    """The closing of every figure: its title above the axes (and above a legend on
    top, ``above``), its source line and an optional note below."""
    add_title(ax, title, style, above=above, align=align)
    add_source(ax, source, style, note=note, align=align)
