"""Maps of Denmark: a choropleth from municipality boundaries, and a tile-grid map.

:func:`plot_map` draws a value per kommune in classes, from boundaries the user
passes (GeoJSON or TopoJSON, read by :func:`read_boundaries` without any GIS
library), matched to the taxonomy by kommunekode (``KOMKODE`` ``"0157"`` →
Gentofte). :func:`plot_tile_map` draws the same classes on a grid of 98 equal
squares built into jobstats (``tilegrid.csv``), so it needs no geodata and
small kommuner (Frederiksberg, Dragør) are as visible as large ones.

Classes are half-open intervals on the *printed* value (rounded half up to
``decimals``), so a kommune's class always agrees with the number printed for
it; each legend label carries the count ("30 - 39 (23)"), and blinded or missing
kommuner form the class "Opgøres ikke". The own kommune is outlined.

>>> c = classify({"A": 29.0, "B": 31.4, "C": 39.6, "D": float("nan")}, bins=[0, 30, 40, 50])
>>> c.legend_labels()
['0 - 29 (1)', '30 - 39 (1)', '40 - 49 (1)', 'Opgøres ikke (1)']
"""

from __future__ import annotations

import csv
import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import PatchCollection, PathCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch, PathPatch, Rectangle
from matplotlib.path import Path as MplPath

from jobstats import taxonomy as _taxonomy
from jobstats.errors import Problem, ValidationError
from jobstats.figures import _data as D  # noqa: N812
from jobstats.figures.decorate import finish, new_figure
from jobstats.figures.format import fmt, period_label, wrap
from jobstats.figures.style import HOUSE_STYLE, HouseStyle, lightness, styled
from jobstats.labels import (
    Language,
    check_language,
    group_label,
    is_percent,
    measure_label,
    source_line,
    text,
)
from jobstats.load.boundaries import Boundaries, Ring, read_boundaries
from jobstats.numbers import round_half_up

__all__ = [
    "Boundaries",
    "MapClasses",
    "MapData",
    "areas_above",
    "classify",
    "plot_map",
    "plot_tile_map",
    "prepare_map",
    "read_boundaries",
    "tile_grid",
]


# ---------------------------------------------------------------------------
# classes


@dataclass(frozen=True)
class MapClasses:
    """Values sorted into classes: the edges, a label and a count per class, and
    the class of each area (``-1``: not reported, i.e. blinded or missing)."""

    edges: tuple[float, ...]
    labels: tuple[str, ...]
    counts: tuple[int, ...]
    missing: int
    classes: Mapping[str, int]
    language: Language = "da"

    def legend_labels(self) -> list[str]:
        """``"30 - 39 (23)"`` per class, then ``"Opgøres ikke (n)"`` when n > 0."""
        out = [f"{label} ({n})" for label, n in zip(self.labels, self.counts, strict=True)]
        if self.missing:
            out.append(f"{text('not_reported', self.language)} ({self.missing})")
        return out


def _nice_bins(values: Sequence[float], decimals: int, n: int = 5) -> list[float]:
    unit = 10.0 ** -decimals
    lo, hi = min(values), max(values)
    span = max(hi - lo, unit)
    raw = span / n
    k = math.floor(math.log10(raw))
    step = unit
    for mult in (1, 2, 2.5, 5, 10, 20, 25, 50):
        cand = mult * 10.0 ** k
        if cand >= raw * 0.999 and abs(cand / unit - round(cand / unit)) < 1e-9:
            step = max(cand, unit)
            break
    start = math.floor(lo / step + 1e-9) * step
    edges = [round(start, decimals + 6)]
    while edges[-1] <= hi + 1e-9:
        edges.append(round(edges[-1] + step, decimals + 6))
    return edges


def classify(values: Mapping[str, float], *, bins: Sequence[float] | None = None,
             decimals: int = 0, percent: bool = False, language: str = "da") -> MapClasses:
    """Sort values into classes ``[edge_i, edge_i+1)`` of their printed value.

    ``values`` maps area → value (NaN: not reported). ``bins`` are the class edges
    (default: 4-6 round classes covering the data); the first edge may be
    ``-inf`` ("under 30") and the last ``inf`` ("60 og derover"). A class is
    labelled by its first and last printable value: with ``decimals=0`` the class
    ``[30, 40)`` reads "30 - 39"; with ``decimals=1`` ``[2.5, 3.0)`` reads
    "2,5 - 2,9". A value outside the edges raises :class:`ValidationError`
    naming the area and value.

    >>> classify({"A": 1.0, "B": 2.45}, bins=[1, 2, 3], decimals=1).legend_labels()
    ['1,0 - 1,9 (1)', '2,0 - 2,9 (1)']
    >>> classify({"A": 5.0, "B": 80.0}, bins=[float("-inf"), 30, float("inf")]).labels
    ('under 30', '30 og derover')
    """
    lang = check_language(language)
    unit = 10.0 ** -decimals
    shown = {a: round_half_up(float(v), decimals) for a, v in values.items()
             if v is not None and math.isfinite(float(v))}
    if bins is None:
        edges = _nice_bins(list(shown.values()) or [0.0], decimals)
    else:
        edges = [float(b) for b in bins]
    problems = []
    if len(edges) < 2 or any(b >= c for b, c in itertools.pairwise(edges)):
        problems.append(Problem("bad_bins", "bins must be at least two increasing edges",
                                column="bins", value=tuple(edges)))
    for e in edges:
        if math.isfinite(e) and abs(e / unit - round(e / unit)) > 1e-6:
            problems.append(Problem("bad_bins", f"edge {e} is not a multiple of {unit:g} "
                                    f"(decimals={decimals})", column="bins", value=e))
    if problems:
        raise ValidationError(problems)
    classes: dict[str, int] = {}
    counts = [0] * (len(edges) - 1)
    outside = []
    for area in values:
        if area not in shown:
            classes[area] = -1
            continue
        s = shown[area]
        i = int(np.searchsorted(edges, s + unit * 1e-6, side="right")) - 1
        if i < 0 or i >= len(counts):
            outside.append(Problem("outside_bins", f"{area}: value {s:g} lies outside the "
                                   f"classes {edges[0]:g} … {edges[-1]:g}", column="value",
                                   value=s))
            continue
        classes[area] = i
        counts[i] += 1
    if outside:
        raise ValidationError(outside)

    def f(x: float) -> str:
        return fmt(x, decimals, lang, percent=percent)

    labels = []
    for lo, hi in itertools.pairwise(edges):
        if not math.isfinite(lo):
            labels.append(f"{'under' if lang == 'da' else 'below'} {f(hi)}")
        elif not math.isfinite(hi):
            labels.append(f"{f(lo)} {'og derover' if lang == 'da' else 'and above'}")
        else:
            last = round(hi - unit, decimals + 6)
            labels.append(f(lo) if last <= lo else f"{f(lo)} - {f(last)}")
    return MapClasses(tuple(edges), tuple(labels), tuple(counts),
                      sum(1 for c in classes.values() if c < 0),
                      MappingProxyType(classes), lang)


def _signed_area(ring: Ring) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return float(0.5 * (np.dot(x, np.roll(y, -1)) - np.dot(np.roll(x, -1), y)))


_LAT0 = math.cos(math.radians(56.0))  # an equirectangular projection true at 56° N


def _path(polys: Sequence[Sequence[Ring]], shift: tuple[float, float] = (0.0, 0.0)) -> MplPath:
    """One compound path; outlines counter-clockwise, holes clockwise, so holes
    (Frederiksberg inside København) stay empty under any fill rule."""
    verts: list[Ring] = []
    codes: list[npt.NDArray[np.uint8]] = []
    for poly in polys:
        for k, ring in enumerate(poly):
            r = ring if (_signed_area(ring) > 0) == (k == 0) else ring[::-1]
            xy = np.column_stack([(r[:, 0] + shift[0]) * _LAT0, r[:, 1] + shift[1]])
            xy = np.vstack([xy, xy[:1]])
            c = np.full(len(xy), MplPath.LINETO, dtype=np.uint8)
            c[0], c[-1] = MplPath.MOVETO, MplPath.CLOSEPOLY
            verts.append(xy)
            codes.append(c)
    return MplPath(np.vstack(verts), np.concatenate(codes))


# ---------------------------------------------------------------------------
# values per kommune


def _kommune_values(frame: pd.DataFrame, where: str, measure: str | None,
                    target_group: str | None, period: pd.Period | str | None,
                    tx: _taxonomy.Taxonomy) -> tuple[dict[str, D.Point], str, str, pd.Period]:
    f = D.check_frame(frame, where)
    m = D.choose(f, D.MEASURE, measure, where)
    rows = D.where_equal(f, measure=m)
    tg = D.choose(rows, D.TARGET_GROUP, target_group, where)
    rows = D.totals(D.where_equal(rows, target_group=tg), where)
    kommuner = tx.kommuner()
    rows = D.where_equal(rows, area=list(kommuner))
    ps = D.periods_of(rows)
    if not ps:
        raise ValidationError([Problem("empty", f"{where}: the frame holds no kommune")])
    p = D.choose_period(ps, period, where)
    rows = D.where_equal(rows, period=p)
    pts = D.points(rows, [D.AREA], where)
    return ({k: pts.get((k,), D.Point(float("nan"), False)) for k in kommuner}, m, tg, p)


def areas_above(frame: pd.DataFrame, threshold: float, *, measure: str | None = None,
                target_group: str | None = None, period: pd.Period | str | None = None,
                decimals: int | None = None,
                taxonomy: _taxonomy.Taxonomy | None = None) -> pd.DataFrame:
    """The kommuner whose value is above ``threshold`` (strictly), highest first.

    Returns the frame's rows for those kommuner (one period: the latest unless
    ``period=``). With ``decimals``, the printed (rounded) value is compared, as on
    the map. Blinded kommuner are never listed.

    >>> import pandas as pd
    >>> from jobstats import make_frame
    >>> f = make_frame(pd.DataFrame({"area": ["Lolland", "Gentofte", "Odense"],
    ...     "target_group": "kontanthjaelp", "period": pd.Period("2018", "Y-DEC"),
    ...     "measure": "pct_population", "value": [5.21, 1.1, 4.0]}))
    >>> areas_above(f, 4.0)["area"].tolist()
    ['Lolland']
    """
    where = "areas_above"
    tx = taxonomy or _taxonomy.default()
    values, m, tg, p = _kommune_values(frame, where, measure, target_group, period, tx)
    shown = {a: (round_half_up(pt.value, decimals) if decimals is not None else pt.value)
             for a, pt in values.items() if math.isfinite(pt.value)}
    hits = sorted((a for a, v in shown.items() if v > threshold), key=lambda a: -shown[a])
    rows = D.where_equal(frame, measure=m, target_group=tg, area=hits)
    rows = D.totals(D.where_equal(rows, period=p), where)
    order = {a: i for i, a in enumerate(hits)}
    return rows.iloc[np.argsort([order[str(a)] for a in rows[D.AREA].astype(object)],
                                kind="stable")].reset_index(drop=True)


# ---------------------------------------------------------------------------
# drawing


def _legend(ax: Axes, classes: MapClasses, colours: Sequence[str], style: HouseStyle,
            own: str | None, title: str) -> Any:
    handles: list[Any] = [Patch(facecolor=c, edgecolor=style.grey, linewidth=0.4)
                          for c in colours]
    labels = classes.legend_labels()
    if classes.missing:
        handles.append(Patch(facecolor="white", edgecolor=style.grey, hatch="////",
                             linewidth=0.4))
    if own is not None:
        handles.append(Patch(facecolor="none", edgecolor=style.text, linewidth=style.outline_width))
        labels.append(own)
    return ax.legend(handles, labels, title=wrap(title, 28), loc="upper left",
                     bbox_to_anchor=(1.0, 1.0),
                     frameon=False, alignment="left", fontsize=style.font_size,
                     title_fontsize=style.font_size, handlelength=1.4, handleheight=1.1,
                     borderaxespad=0.0, borderpad=0.0)


def _threshold_text(ax: Axes, legend: Any, values: Mapping[str, D.Point], threshold: float,
                    decimals: int, percent: bool, lang: Language, style: HouseStyle,
                    most: int = 16) -> None:
    """Under the legend: the kommuner above ``threshold``, the ``most`` highest by
    name and the rest as a count (a longer list would run off the figure)."""
    shown = {a: round_half_up(p.value, decimals) for a, p in values.items()
             if math.isfinite(p.value)}
    hits = sorted((a for a, v in shown.items() if v > threshold), key=lambda a: -shown[a])
    lines = [text("above", lang, threshold=fmt(threshold, decimals, lang, percent=percent))]
    shown_hits = hits[:most]
    lines += [f"{a} ({fmt(shown[a], decimals, lang, percent=percent)})" for a in shown_hits]
    if len(hits) > len(shown_hits):
        more = len(hits) - len(shown_hits)
        lines.append(f"… {'og' if lang == 'da' else 'and'} {more} "
                     f"{'flere' if lang == 'da' else 'more'}")
    if not hits:
        lines.append(text("none", lang))
    ax.annotate("\n".join(lines), xy=(0, 0), xycoords=legend, xytext=(0, -10),
                textcoords="offset points", ha="left", va="top", fontsize=style.font_size,
                color=style.text, annotation_clip=False, linespacing=1.3)


@dataclass(frozen=True)
class MapData:
    """What a map draws, prepared from the frame (no matplotlib): every kommune's
    value and class, the class colours, the kommune to outline and the texts."""

    values: Mapping[str, D.Point]
    classes: MapClasses
    colours: tuple[str, ...]
    area: str | None
    legend_title: str
    title: str
    source: str
    threshold: float | None
    decimals: int
    percent: bool
    language: Language


def _prepare(frame: pd.DataFrame, where: str, *, area: str | None,
             bins: Sequence[float] | None, decimals: int, measure: str | None,
             target_group: str | None, period: pd.Period | str | None,
             threshold: float | None, title: str | None, language: str, source: str | None,
             style: HouseStyle, tx: _taxonomy.Taxonomy) -> MapData:
    """The prepare layer of both maps: choose the rows, check the outlined kommune,
    classify the values and write the texts."""
    lang = check_language(language)
    values, m, tg, p = _kommune_values(frame, where, measure, target_group, period, tx)
    if area is not None and area not in values:
        D.require(pd.DataFrame({D.AREA: list(values)}), D.AREA, [area], where)
    classes = classify({k: v.value for k, v in values.items()}, bins=bins, decimals=decimals,
                       language=lang)
    group = group_label(tg, lang, tx, qualified=True)
    default = f"{measure_label(m, lang, tx)}, {group}, {period_label(p, lang)}"
    return MapData(values=values, classes=classes,
                   colours=tuple(style.class_colours(len(classes.counts))), area=area,
                   legend_title=measure_label(m, lang, tx),
                   title=default if title is None else title,
                   source=source_line(frame, lang, source), threshold=threshold,
                   decimals=decimals, percent=is_percent(m, tx), language=lang)


def prepare_map(frame: pd.DataFrame, *, area: str | None = None,
                bins: Sequence[float] | None = None, decimals: int = 0,
                measure: str | None = None, target_group: str | None = None,
                period: pd.Period | str | None = None, threshold: float | None = None,
                title: str | None = None, language: str = "da", source: str | None = None,
                style: HouseStyle = HOUSE_STYLE,
                taxonomy: _taxonomy.Taxonomy | None = None) -> MapData:
    """What both maps draw (:func:`plot_map`, :func:`plot_tile_map`): every
    kommune's value and class, the class colours and the texts.

    >>> import pandas as pd
    >>> from jobstats import make_frame, taxonomy
    >>> names = taxonomy.default().kommuner()
    >>> f = make_frame(pd.DataFrame({"area": list(names), "target_group": "kontanthjaelp",
    ...     "period": pd.Period("2018", "Y-DEC"), "measure": "pct_population",
    ...     "value": [float(i % 5) for i in range(len(names))]}))
    >>> prepare_map(f, bins=[0, 2, 4, 6]).classes.legend_labels()
    ['0 - 1 (40)', '2 - 3 (39)', '4 - 5 (19)']
    """
    return _prepare(frame, "prepare_map", area=area, bins=bins, decimals=decimals,
                    measure=measure, target_group=target_group, period=period,
                    threshold=threshold, title=title, language=language, source=source,
                    style=style, tx=taxonomy or _taxonomy.default())


def _decorate(axes: Axes, data: MapData, style: HouseStyle, most: int = 16) -> None:
    """The decorate layer of both maps: legend, kommuner above the threshold (at most
    ``most`` by name), title and source line."""
    leg = _legend(axes, data.classes, data.colours, style, data.area, data.legend_title)
    if data.threshold is not None:
        _threshold_text(axes, leg, data.values, data.threshold, data.decimals, data.percent,
                        data.language, style, most)
    finish(axes, data.title, data.source, style)


def plot_map(frame: pd.DataFrame, boundaries: Boundaries | str | Path, *, area: str | None = None,
             bins: Sequence[float] | None = None, decimals: int = 0,
             measure: str | None = None, target_group: str | None = None,
             period: pd.Period | str | None = None, threshold: float | None = None,
             bornholm_inset: bool = True, capital_inset: bool = True,
             ax: Axes | None = None, title: str | None = None,
             language: str = "da", source: str | None = None,
             style: HouseStyle = HOUSE_STYLE,
             taxonomy: _taxonomy.Taxonomy | None = None) -> Figure:
    """Figure 7a: a map of Denmark, each kommune coloured by the class of its value.

    ``frame`` holds one value per kommune (rows of other areas are ignored) for
    one measure, target group and period (the latest unless ``period=``).
    ``boundaries`` is a :class:`Boundaries` or a GeoJSON/TopoJSON path (see
    :func:`read_boundaries`). Classes come from :func:`classify` (``bins``,
    ``decimals``); the legend gives each class its count and "Opgøres ikke" counts
    blinded or missing kommuner (hatched). ``area`` is outlined and named in the
    legend. ``threshold`` lists, under the legend, the kommuner above it.
    Bornholm is moved into a box in the Kattegat (``bornholm_inset=False`` keeps it
    in place). ``capital_inset`` adds a zoomed inset of the capital area (the
    kommuner of Region Hovedstaden but Bornholm) west of Jutland, so the small
    kommuner there — and the own kommune, outlined — can be seen. Shapes whose code is
    no kommune of the taxonomy (Christiansø) are drawn in light grey and not counted.
    """
    where = "plot_map"
    tx = taxonomy or _taxonomy.default()
    bounds = boundaries if isinstance(boundaries, Boundaries) else read_boundaries(boundaries)
    data = _prepare(frame, where, area=area, bins=bins, decimals=decimals, measure=measure,
                    target_group=target_group, period=period, threshold=threshold,
                    title=title, language=language, source=source, style=style, tx=tx)
    classes, colours = data.classes, data.colours
    by_code = {tx.areas[k].code: k for k in tx.kommuner()}
    absent = [k for c, k in by_code.items() if c not in bounds.shapes]
    if absent:
        raise ValidationError([Problem("missing_shape", f"{where}: the boundaries have no "
                                       f"shape for kommune {k} ({tx.areas[k].code})",
                                       source=bounds.source, value=k) for k in absent])
    bornholm = {tx.areas["Bornholm"].code, "0411"} if "Bornholm" in tx.areas else set()
    shift = (0.0, 0.0)
    if bornholm_inset and any(c in bounds.shapes for c in bornholm):
        pts = np.vstack([poly[0] for c in bornholm if c in bounds.shapes
                         for poly in bounds.shapes[c]])
        shift = (11.95 - float(pts[:, 0].min()), 57.25 - float(pts[:, 1].min()))

    with styled(style):
        fig, axes = new_figure(style, ax, height=max(style.height, 5.4))
        axes.set_axis_off()
        paths: list[MplPath] = []
        faces: list[str] = []
        missing_paths: list[MplPath] = []
        other_paths: list[MplPath] = []
        own_path: MplPath | None = None
        capital = set(_capital_area(tx)) if capital_inset else set()
        zoom: list[tuple[MplPath, str]] = []  # the capital area's paths and faces
        for code, polys in bounds.shapes.items():
            path = _path(polys, shift if code in bornholm else (0.0, 0.0))
            name = by_code.get(code)
            if name is None:
                other_paths.append(path)
                continue
            k = classes.classes[name]
            if name in capital:
                zoom.append((path, colours[k] if k >= 0 else "white"))
            if k < 0:
                missing_paths.append(path)
            else:
                paths.append(path)
                faces.append(colours[k])
            if name == area:
                own_path = path
        axes.add_collection(PathCollection(paths, facecolors=faces, edgecolors="white",
                                           linewidths=0.3), autolim=True)
        if missing_paths:
            axes.add_collection(PathCollection(missing_paths, facecolors="white",
                                               edgecolors=style.grey, linewidths=0.3,
                                               hatch="////"), autolim=True)
        if other_paths:
            axes.add_collection(PathCollection(other_paths, facecolors=style.grey_light,
                                               edgecolors="none"), autolim=True)
        if own_path is not None:
            axes.add_patch(PathPatch(own_path, facecolor="none", edgecolor=style.text,
                                     linewidth=style.outline_width, zorder=5))
        if shift != (0.0, 0.0):
            pts = np.vstack([poly[0] for c in bornholm if c in bounds.shapes
                             for poly in bounds.shapes[c]])
            x0 = (float(pts[:, 0].min()) + shift[0] - 0.08) * _LAT0
            y0 = float(pts[:, 1].min()) + shift[1] - 0.06
            w = (float(pts[:, 0].max() - pts[:, 0].min()) + 0.16) * _LAT0
            h = float(pts[:, 1].max() - pts[:, 1].min()) + 0.12
            axes.add_patch(Rectangle((x0, y0), w, h, fill=False, edgecolor=style.grey,
                                     linewidth=0.6))
        axes.autoscale_view()
        axes.set_aspect("equal")
        if zoom:
            _zoom_inset(axes, zoom, own_path if area in capital else None, style)
        _decorate(axes, data, style)
    return fig


def _capital_area(tx: _taxonomy.Taxonomy) -> tuple[str, ...]:
    """The kommuner of the capital-area inset: Region Hovedstaden without Bornholm."""
    if "Region Hovedstaden" not in tx.areas:
        return ()
    return tuple(k for k in tx.members("Region Hovedstaden") if k != "Bornholm")


def _zoom_inset(axes: Axes, zoom: Sequence[tuple[MplPath, str]], own: MplPath | None,
                style: HouseStyle) -> None:
    """Draw the capital area enlarged in a box west of Jutland (the map is widened to
    make room), with a frame around the area it enlarges on the main map."""
    x0, x1 = axes.get_xlim()
    y0, y1 = axes.get_ylim()
    width, height = x1 - x0, y1 - y0
    axes.set_xlim(x0 - 0.62 * width, x1)
    verts = np.vstack([p.vertices for p, _ in zoom])
    # the extent of the land, not of a few far islets (Hesselø) that would shrink it
    zx0, zy0 = np.percentile(verts, 0.3, axis=0)
    zx1, zy1 = np.percentile(verts, 99.7, axis=0)
    pad = 0.04 * max(zx1 - zx0, zy1 - zy0)
    inset = axes.inset_axes((x0 - 0.6 * width, y0 + 0.02 * height, 0.56 * width,
                             0.96 * height), transform=axes.transData)
    inset.add_collection(PathCollection([p for p, _ in zoom], facecolors=[f for _, f in zoom],
                                        edgecolors="white", linewidths=0.5))
    if own is not None:
        inset.add_patch(PathPatch(own, facecolor="none", edgecolor=style.text,
                                  linewidth=style.outline_width, zorder=5))
    inset.set_xlim(zx0 - pad, zx1 + pad)
    inset.set_ylim(zy0 - pad, zy1 + pad)
    inset.set_aspect("equal")
    inset.set_xticks([])
    inset.set_yticks([])
    for spine in inset.spines.values():
        spine.set_edgecolor(style.grey)
        spine.set_linewidth(0.6)
    axes.add_patch(Rectangle((zx0 - pad, zy0 - pad), zx1 - zx0 + 2 * pad, zy1 - zy0 + 2 * pad,
                             fill=False, edgecolor=style.grey, linewidth=0.6))


@cache
def _tile_rows() -> tuple[tuple[str, str, int, int, str], ...]:
    text_ = resources.files(__package__).joinpath("tilegrid.csv").read_text(encoding="utf-8")
    return tuple((r["name"], r["code"], int(r["row"]), int(r["col"]), r["abbr"])
                 for r in csv.DictReader(text_.splitlines()))


def tile_grid() -> pd.DataFrame:
    """The built-in tile layout: one row per kommune with ``name``, ``code``,
    ``row`` (0 = north), ``col`` (0 = west) and a 3-letter ``abbr``.

    >>> g = tile_grid()
    >>> len(g), g["abbr"].is_unique
    (98, True)
    """
    return pd.DataFrame(list(_tile_rows()), columns=["name", "code", "row", "col", "abbr"])


_TILE_BREAKS = {
    # the long kommune names broken where their parts meet (a reader sees "Jammer-
    # bugt", not "Jamme-rbugt"); "|" ends a line, after a hyphen added there
    "Albertslund": "Alberts|lund", "Brønderslev": "Brønder|slev",
    "Fredensborg": "Fredens|borg", "Fredericia": "Frede|ricia",
    "Frederiksberg": "Frederiks|berg", "Frederikshavn": "Frederiks|havn",
    "Frederikssund": "Frederiks|sund", "Guldborgsund": "Guldborg|sund",
    "Haderslev": "Hader|slev", "Hedensted": "Heden|sted", "Helsingør": "Hel|singør",
    "Holstebro": "Holste|bro", "Jammerbugt": "Jammer|bugt", "Kalundborg": "Kalund|borg",
    "Kerteminde": "Kerte|minde", "København": "Køben|havn", "Langeland": "Lange|land",
    "Mariagerfjord": "Mariager|fjord", "Middelfart": "Middel|fart",
    "Norddjurs": "Nord|djurs", "Odsherred": "Ods|herred", "Ringkøbing-Skjern":
    "Ringkø|bing-|Skjern", "Rudersdal": "Ruders|dal", "Silkeborg": "Silke|borg",
    "Skanderborg": "Skander|borg", "Svendborg": "Svend|borg",
    "Sønderborg": "Sønder|borg", "Vallensbæk": "Vallens|bæk",
    "Vesthimmerlands": "Vest|himmer|lands", "Vordingborg": "Vording|borg",
}


def tile_label(name: str, width: int = 8) -> str:
    r"""The name printed on a tile: the kommune's name, on two lines when it is long
    (where the parts of a compound name meet, else at its hyphen or space, else
    hyphenated in the middle), so a reader sees names, not codes.

    >>> [tile_label(n) for n in ("Gentofte", "Lyngby-Taarbæk", "Jammerbugt")]
    ['Gentofte', 'Lyngby-\nTaarbæk', 'Jammer-\nbugt']

    """
    if len(name) <= width:
        return name
    if name in _TILE_BREAKS:
        parts = _TILE_BREAKS[name].split("|")
        return "\n".join(p if p.endswith("-") or n == len(parts) - 1 else p + "-"
                         for n, p in enumerate(parts))
    for sep in ("-", " "):
        if sep in name:
            head, tail = name.split(sep, 1)
            return head + ("-" if sep == "-" else "") + "\n" + tail
    cut = (len(name) + 1) // 2
    return name[:cut] + "-\n" + name[cut:]


def plot_tile_map(frame: pd.DataFrame, *, area: str | None = None,
                  bins: Sequence[float] | None = None, decimals: int = 0,
                  measure: str | None = None, target_group: str | None = None,
                  period: pd.Period | str | None = None, threshold: float | None = None,
                  ax: Axes | None = None, title: str | None = None, language: str = "da",
                  source: str | None = None, style: HouseStyle = HOUSE_STYLE,
                  taxonomy: _taxonomy.Taxonomy | None = None) -> Figure:
    """Figure 7b: the same classes as :func:`plot_map` on a grid of 98 equal tiles.

    Needs no geodata: the layout (``tilegrid.csv``, see :func:`tile_grid`) keeps
    the regions in place — Jutland west, Fyn in the middle, the Copenhagen area
    as a block in the east, Bornholm in the south-east corner. Each tile shows
    the kommune's name (:func:`tile_label`); ``area`` is outlined.

    >>> import pandas as pd
    >>> from jobstats import make_frame, taxonomy
    >>> names = taxonomy.default().kommuner()
    >>> f = make_frame(pd.DataFrame({"area": list(names), "target_group": "kontanthjaelp",
    ...     "period": pd.Period("2018", "Y-DEC"), "measure": "pct_population",
    ...     "value": [float(i % 5) for i in range(len(names))]}))
    >>> fig = plot_tile_map(f, area="Gentofte", bins=[0, 2, 4, 6])
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    ['0 - 1 (40)', '2 - 3 (39)', '4 - 5 (19)', 'Gentofte']
    """
    tx = taxonomy or _taxonomy.default()
    data = _prepare(frame, "plot_tile_map", area=area, bins=bins, decimals=decimals,
                    measure=measure, target_group=target_group, period=period,
                    threshold=threshold, title=title, language=language, source=source,
                    style=style, tx=tx)
    classes, colours = data.classes, data.colours
    tiles = _tile_rows()
    with styled(style):
        fig, axes = new_figure(style, ax, height=max(style.height, 4.2))
        axes.set_axis_off()
        rects: list[Rectangle] = []
        faces: list[str] = []
        missing: list[Rectangle] = []
        size = 0.92
        for name, _code, row, col, _abbr in tiles:
            k = classes.classes.get(name, -1)
            r = Rectangle((col - size / 2, -row - size / 2), size, size)
            if k < 0:
                missing.append(r)
            else:
                rects.append(r)
                faces.append(colours[k])
            face = colours[k] if k >= 0 else "white"
            label = tile_label(name)
            axes.text(col, -row, label, ha="center", va="center", linespacing=0.95,
                      fontsize=style.small_size - 3.0,
                      color="white" if lightness(face) < 55 else style.text)
            if name == area:
                axes.add_patch(Rectangle((col - 0.5, -row - 0.5), 1.0, 1.0, fill=False,
                                         edgecolor=style.text, linewidth=style.outline_width,
                                         zorder=5))
        axes.add_collection(PatchCollection(rects, facecolors=faces, edgecolors="none"))
        if missing:
            axes.add_collection(PatchCollection(missing, facecolors="white",
                                                edgecolors=style.grey, linewidths=0.4,
                                                hatch="////"))
        rows_ = [t[2] for t in tiles]
        cols_ = [t[3] for t in tiles]
        axes.set_xlim(min(cols_) - 0.6, max(cols_) + 0.6)
        axes.set_ylim(-max(rows_) - 0.6, -min(rows_) + 0.6)
        axes.set_aspect("equal")
        _decorate(axes, data, style, most=9)  # a lower figure than the map's
    return fig
