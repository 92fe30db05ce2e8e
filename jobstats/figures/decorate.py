"""Decorating a figure: the figure and its axes, spines and grid, the title above,
the source line below and legends, placed around the tick labels.

The title and source line are placed from the box of the axes with its tick
labels, computed once per save (see :func:`jobstats.figures.render_cache.saving`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.text import Annotation
from matplotlib.transforms import Bbox

from jobstats.figures import render_cache
from jobstats.figures.style import HouseStyle

__all__ = ["add_source", "add_title", "finish", "left_edge", "legend_columns", "new_figure",
           "style_axes", "top_legend"]

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


def _axis_box(ax: Axes, which: str, renderer: RendererBase) -> Bbox:
    """The union of the axes box and its x or y axis with tick labels (and label)."""
    # Only the x axis' vertical extent and the y axis' left edge are used, which
    # matplotlib's layout box of the axis (its label collapsed along the axis) has
    # as they are: so the box the layout engine computed is reused.
    axis = ax.yaxis if which == "y" else ax.xaxis
    boxes = render_cache._AXIS_BOXES.get()
    if boxes is None:
        return _bbox_union([ax.bbox, axis.get_tightbbox(  # type: ignore[list-item]
            renderer, for_layout_only=True)])
    if not render_cache.REUSE:  # the code path before: a box of its own, label and all
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
