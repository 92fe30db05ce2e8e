"""Bar figures of the quarterly report (figures 1-4), in three layers.

*Prepare* (``prepare_*``, pure: a frame in, a frozen dataclass out) picks the rows,
computes every bar, its colour and the text at its end, and writes the labels,
title, source line and note; *draw* (``draw_*``) puts those on an axes; the
shared *decorate* step (:mod:`jobstats.figures.decorate`) adds the legend, title
and source line. ``plot_*`` runs the three.

Target groups have long Danish names, so the bars run horizontally with the
names readable on the left; the first group is at the top, as in the appendix.
A blinded value draws no bar (never a zero bar) and prints "." instead; the
note under the figure says what "." means.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from jobstats import taxonomy as _taxonomy
from jobstats.errors import Problem, ValidationError
from jobstats.figures import _data as D  # noqa: N812
from jobstats.figures.decorate import (
    finish,
    left_edge,
    new_figure,
    style_axes,
    top_legend,
)
from jobstats.figures.format import NumberFormatter, fmt, period_label, wrap
from jobstats.figures.style import HOUSE_STYLE, HouseStyle, styled
from jobstats.labels import (
    Language,
    area_label,
    check_language,
    group_label,
    is_percent,
    measure_label,
    offer_label,
    source_line,
    text,
)

__all__ = [
    "AreaBars",
    "Bar",
    "BarSeries",
    "GroupBars",
    "StackedBars",
    "draw_area_comparison",
    "draw_company_offers",
    "draw_group_bars",
    "plot_area_comparison",
    "plot_changes",
    "plot_company_offers",
    "plot_target_groups",
    "prepare_area_comparison",
    "prepare_changes",
    "prepare_company_offers",
    "prepare_target_groups",
]

COMPANY_OFFERS: tuple[str, ...] = _taxonomy.default().ordered_offer_types(company_based=True)


# ---------------------------------------------------------------------------
# what to draw


@dataclass(frozen=True)
class Bar:
    """One bar: its length (NaN: no bar is drawn — blinded, undefined or missing,
    never 0) and the text at its end (``""`` none, ``"."`` blinded, ``"–"``
    undefined, else the printed value). A bar without a length has its text at 0."""

    value: float
    mark: str = ""
    blinded: bool = False

    @property
    def drawn(self) -> bool:
        """Whether a bar is drawn (its value is a number)."""
        return math.isfinite(self.value)


@dataclass(frozen=True)
class BarSeries:
    """Bars of one colour: one per category (``name`` labels the artist, ``legend``
    the legend entry)."""

    name: str
    legend: str
    colour: str
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class GroupBars:
    """Figures 1 and 2: horizontal bars, a group of ``series`` per category (the
    first category on top)."""

    categories: tuple[str, ...]
    series: tuple[BarSeries, ...]
    bar_height: float
    axis_label: str
    percent: bool
    zero_line: bool
    margin: float | None
    title: str
    source: str
    note: str
    height: float
    language: Language


@dataclass(frozen=True)
class StackedBars:
    """Figure 3: per row (a year of a group) one bar stacked from ``stacks`` (one
    series per offer), its total at the end; a bold header line per group."""

    rows: tuple[tuple[str, float], ...]  # (year label, y)
    headers: tuple[tuple[str, float], ...]  # (group label, y)
    stacks: tuple[BarSeries, ...]
    totals: tuple[Bar, ...]
    bottom: float  # the y limit under the last row
    axis_label: str
    title: str
    source: str
    note: str
    height: float
    language: Language


@dataclass(frozen=True)
class AreaBars:
    """Figure 4: one vertical bar per area, each with its colour and value."""

    labels: tuple[str, ...]
    bars: tuple[Bar, ...]
    colours: tuple[str, ...]
    percent: bool
    from_zero: bool
    title: str
    source: str
    note: str
    width: float
    language: Language


def _note(bars: Sequence[Bar], language: Language) -> str:
    return text("blinded_note", language) if any(b.blinded for b in bars) else ""


def _year_label(period: pd.Period, pts: list[D.Point], language: str) -> str:
    lang = check_language(language)
    label = period_label(period, lang)
    months = {p.n_months for p in pts if p.partial and p.n_months is not None}
    if months:
        label += f" ({max(months)} {text('months', lang)})"
    return label


def _value_bar(p: D.Point, decimals: int, lang: Language, percent: bool) -> Bar:
    """A bar labelled with its value: "." when blinded, "–" when undefined."""
    if p.blinded:
        return Bar(float("nan"), ".", blinded=True)
    if math.isnan(p.value):
        return Bar(float("nan"), "–")
    return Bar(p.value, fmt(p.value, decimals, lang, percent=percent))


# ---------------------------------------------------------------------------
# prepare


def prepare_target_groups(annual: pd.DataFrame, *, area: str | None = None,
                          years: Sequence[int] | None = None,
                          groups: Sequence[str] | None = None,
                          measure: str | None = "full_time_persons",
                          title: str | None = None, language: str = "da",
                          source: str | None = None, style: HouseStyle = HOUSE_STYLE,
                          taxonomy: _taxonomy.Taxonomy | None = None) -> GroupBars:
    """What figure 1 draws (see :func:`plot_target_groups`): a series per year,
    oldest first, a bar per group; a blinded value is no bar and prints "."."""
    where = "plot_target_groups"
    lang = check_language(language)
    tx = taxonomy or _taxonomy.default()
    rows, m, a, group_ids = D.group_series(annual, area, groups, measure=measure,
                                           where=where, taxonomy=tx)
    periods = D.year_periods(rows, years, 3, where)
    pts = D.points(rows, [D.TARGET_GROUP, D.PERIOD], where)
    missing = D.Point(float("nan"), False)
    n, k = len(group_ids), len(periods)
    colours = style.year_colours(k)
    series = []
    for j, p in enumerate(periods):
        col = [pts.get((g, p), missing) for g in group_ids]
        series.append(BarSeries(
            period_label(p, lang), _year_label(p, col, lang), colours[j],
            tuple(Bar(float("nan"), ".", blinded=True) if c.blinded else Bar(c.value)
                  for c in col)))
    return GroupBars(
        categories=tuple(group_label(g, lang, tx, qualified=True) for g in group_ids),
        series=tuple(series), bar_height=0.8 / k,
        axis_label=f"{measure_label(m, lang, tx)}, {area_label(a, lang)}", percent=False,
        zero_line=False, margin=None,
        title=text("fig1_title", lang) if title is None else title,
        source=source_line(annual, lang, source),
        note=_note([b for s in series for b in s.bars], lang),
        height=max(style.height, 1.3 + n * (0.12 * k + 0.12)), language=lang)


def prepare_changes(yoy: pd.DataFrame, share_change: pd.DataFrame | None = None, *,
                    area: str | None = None, year: int | None = None,
                    groups: Sequence[str] | None = None, measure: str = "full_time_persons",
                    title: str | None = None, language: str = "da",
                    source: str | None = None, style: HouseStyle = HOUSE_STYLE,
                    taxonomy: _taxonomy.Taxonomy | None = None) -> GroupBars:
    """What figure 2 draws (see :func:`plot_changes`): per group the % change in
    full-time persons (grey) and in national share (green), each labelled."""
    where = "plot_changes"
    lang = check_language(language)
    tx = taxonomy or _taxonomy.default()
    frame = D.check_frame(yoy, where)
    if share_change is not None:
        frame = pd.concat([frame, D.check_frame(share_change, where)], ignore_index=True)
    m_persons, m_share = f"{measure}:yoy", f"{measure}:national_share:yoy"
    D.require(frame, D.MEASURE, [m_persons, m_share], where)
    rows = D.where_equal(frame, measure=[m_persons, m_share])
    a = D.choose(rows, D.AREA, area, where)
    rows = D.totals(D.where_equal(rows, area=a), where)
    (p,) = D.year_periods(rows, None if year is None else [year], 1, where)
    rows = D.where_equal(rows, period=p)
    group_ids = list(groups) if groups is not None else D.default_groups(rows, tx)
    D.require(rows, D.TARGET_GROUP, group_ids, where)
    pts = D.points(rows, [D.TARGET_GROUP, D.MEASURE], where)
    missing = D.Point(float("nan"), False, undefined=True)
    n = len(group_ids)
    series = tuple(
        BarSeries(name, name, colour,
                  tuple(_value_bar(pts.get((g, m), missing), 1, lang, True)
                        for g in group_ids))
        for m, name, colour in ((m_persons, text("change_persons", lang), style.grey),
                                (m_share, text("change_share", lang), style.green)))
    default = text("fig2_title", lang, prev=p.year - 1, year=period_label(p, lang))
    return GroupBars(
        categories=tuple(group_label(g, lang, tx, qualified=True) for g in group_ids),
        series=series, bar_height=0.38,
        axis_label=f"{text('change_pct', lang)}, {area_label(a, lang)}", percent=True,
        zero_line=True, margin=0.14, title=default if title is None else title,
        source=source_line(yoy, lang, source),
        note=_note([b for s in series for b in s.bars], lang),
        height=max(style.height, 1.3 + n * 0.36), language=lang)


def prepare_company_offers(activation: pd.DataFrame, *, area: str | None = None,
                           groups: Sequence[str] | None = None,
                           years: Sequence[int] | None = None,
                           offers: Sequence[str] = COMPANY_OFFERS,
                           measure: str | None = None, title: str | None = None,
                           language: str = "da", source: str | None = None,
                           style: HouseStyle = HOUSE_STYLE,
                           taxonomy: _taxonomy.Taxonomy | None = None) -> StackedBars:
    """What figure 3 draws (see :func:`plot_company_offers`): per group and year a
    bar stacked from the offers, ending with the total ("." if an offer is
    blinded, nothing if one is missing)."""
    where = "plot_company_offers"
    lang = check_language(language)
    tx = taxonomy or _taxonomy.default()
    frame = D.check_frame(activation, where)
    if "offer_type" not in frame.columns:
        raise ValidationError([Problem(
            "missing_column", f"{where}: the frame has no column 'offer_type' "
            "(activated full-time persons by offer type)", column="offer_type")])
    rows = D.where_equal(frame, offer_type=offers)
    D.require(frame, "offer_type", offers, where)
    m = D.choose(rows, D.MEASURE, measure, where)
    rows = D.where_equal(rows, measure=m)
    a = D.choose(rows, D.AREA, area, where)
    rows = D.totals(D.where_equal(rows, area=a), where, keep=("offer_type",))
    group_ids = list(groups) if groups is not None else D.default_groups(rows, tx)
    D.require(rows, D.TARGET_GROUP, group_ids, where)
    periods = D.year_periods(rows, years, 3, where)
    pts = D.points(rows, [D.TARGET_GROUP, D.PERIOD, "offer_type"], where)
    missing = D.Point(float("nan"), False)

    # rows: for each group a header line, then one bar per year
    positions: list[tuple[str, pd.Period, float]] = []
    headers: list[tuple[str, float]] = []
    ypos = 0.0
    for g in group_ids:
        headers.append((group_label(g, lang, tx, qualified=True), ypos))
        ypos += 0.9
        for p in periods:
            positions.append((g, p, ypos))
            ypos += 1.0
        ypos += 0.4
    colours = [style.green, style.grey, style.green_light, style.grey_dark,
               style.grey_light][: len(offers)]
    stacks = []
    for j, offer in enumerate(offers):
        col = [pts.get((g, p, offer), missing) for g, p, _ in positions]
        stacks.append(BarSeries(offer_label(offer, lang), offer_label(offer, lang),
                                colours[j], tuple(Bar(c.value, blinded=c.blinded)
                                                  for c in col)))
    totals = []
    for i, (g, p, _) in enumerate(positions):
        col = [pts.get((g, p, o), missing) for o in offers]
        total = float(sum(np.nan_to_num(s.bars[i].value) for s in stacks)) if stacks else 0.0
        if any(c.blinded for c in col):
            totals.append(Bar(total, ".", blinded=True))
        elif all(not np.isnan(c.value) for c in col):
            totals.append(Bar(total, fmt(total, 0, lang)))
        else:
            totals.append(Bar(total))
    return StackedBars(
        rows=tuple((period_label(p, lang), yy) for _, p, yy in positions),
        headers=tuple(headers), stacks=tuple(stacks), totals=tuple(totals),
        bottom=ypos - 0.2,
        axis_label=f"{measure_label(m, lang, tx)}, {area_label(a, lang)}",
        title=text("fig3_title", lang) if title is None else title,
        source=source_line(activation, lang, source),
        note=_note([b for s in stacks for b in s.bars], lang),
        height=max(style.height, 1.3 + ypos * 0.2), language=lang)


def prepare_area_comparison(frame: pd.DataFrame, area: str, compare: str | None = None, *,
                            national: str | None = "Hele landet",
                            measure: str | None = None, target_group: str | None = None,
                            period: pd.Period | str | None = None,
                            decimals: int | None = None, title: str | None = None,
                            language: str = "da", source: str | None = None,
                            style: HouseStyle = HOUSE_STYLE,
                            taxonomy: _taxonomy.Taxonomy | None = None) -> AreaBars:
    """What figure 4 draws (see :func:`plot_area_comparison`): a bar per area, each
    labelled with its value."""
    where = "plot_area_comparison"
    lang = check_language(language)
    tx = taxonomy or _taxonomy.default()
    areas, rows, m, tg = D.area_series(frame, (area, compare, national), measure=measure,
                                       target_group=target_group, where=where)
    p = D.choose_period(D.periods_of(rows), period, where)
    rows = D.where_equal(rows, period=p)
    pts = D.points(rows, [D.AREA], where)
    percent = is_percent(m, tx)
    dec = decimals if decimals is not None else (1 if percent else 0)
    col = [pts.get((x,), D.Point(float("nan"), False)) for x in areas]
    bars = tuple(_value_bar(c, dec, lang, percent) for c in col)
    own_c, cmp_c, nat_c = style.area_colours()
    colours = (own_c, *([cmp_c] if compare is not None else []),
               *([nat_c] if national is not None else []))
    default = (f"{measure_label(m, lang, tx)}, {group_label(tg, lang, tx, qualified=True)}, "
               f"{period_label(p, lang)}")
    return AreaBars(
        labels=tuple(wrap(area_label(x, lang), 16) for x in areas), bars=bars,
        colours=colours, percent=percent,
        from_zero=all(np.nan_to_num(c.value) >= 0 for c in col),
        title=wrap(default, 60) if title is None else title,
        source=source_line(frame, lang, source), note=_note(bars, lang),
        width=min(style.width, 4.6), language=lang)


# ---------------------------------------------------------------------------
# draw


def _mark(ax: Axes, x: float, y: float, label: str, style: HouseStyle, *,
          horizontal: bool = True, negative: bool = False, bold: bool = False) -> None:
    """A small label at the end of a bar (right of it, or left when negative)."""
    bold = bold or label == "."
    if horizontal:
        ax.annotate(label, xy=(x, y), xytext=(-3 if negative else 3, 0),
                    textcoords="offset points", ha="right" if negative else "left",
                    va="center", fontsize=style.font_size if bold else style.small_size + 0.5,
                    fontweight="bold" if bold else "normal", color=style.text,
                    annotation_clip=False)
    else:
        ax.annotate(label, xy=(x, y), xytext=(0, -3 if negative else 3),
                    textcoords="offset points", ha="center",
                    va="top" if negative else "bottom", fontsize=style.font_size,
                    fontweight="bold" if bold else "normal", color=style.text,
                    annotation_clip=False)


def _mark_bar(ax: Axes, bar: Bar, y: float, style: HouseStyle, *,
              horizontal: bool = True) -> None:
    """The text at a bar's end (at 0 when no bar is drawn)."""
    if not bar.mark:
        return
    if bar.drawn:
        x = bar.value
        if horizontal:
            _mark(ax, x, y, bar.mark, style, negative=x < 0)
        else:
            _mark(ax, y, x, bar.mark, style, horizontal=False, negative=x < 0)
    elif horizontal:
        _mark(ax, 0.0, y, bar.mark, style)
    else:
        _mark(ax, y, 0.0, bar.mark, style, horizontal=False)


def _group_axis(ax: Axes, labels: Sequence[str], style: HouseStyle) -> None:
    ax.set_yticks(np.arange(len(labels)), [wrap(s, style.wrap) for s in labels])
    ax.set_ylim(len(labels) - 0.5, -0.5)  # first group on top
    ax.tick_params(axis="y", length=0)


def draw_group_bars(axes: Axes, data: GroupBars, style: HouseStyle) -> list[Patch]:
    """Figures 1 and 2 on ``axes``: the bars, their texts, the category axis; returns
    the legend handles (one per series)."""
    style_axes(axes, style, grid="x")
    k = len(data.series)
    y = np.arange(len(data.categories), dtype=float)
    for j, series in enumerate(data.series):
        offs = y + (j - (k - 1) / 2) * data.bar_height
        axes.barh(offs, [b.value for b in series.bars], height=data.bar_height * 0.92,
                  color=series.colour, edgecolor="none", label=series.name)
        for yy, bar in zip(offs, series.bars, strict=True):
            _mark_bar(axes, bar, float(yy), style)
    if data.zero_line:
        axes.axvline(0, color=style.text_soft, linewidth=0.8)
    if data.margin is not None:
        axes.margins(x=data.margin)
    _group_axis(axes, data.categories, style)
    axes.xaxis.set_major_formatter(NumberFormatter(data.language, percent=data.percent))
    axes.set_xlabel(data.axis_label)
    return [Patch(facecolor=s.colour) for s in data.series]


def draw_company_offers(axes: Axes, data: StackedBars, style: HouseStyle) -> list[Patch]:
    """Figure 3 on ``axes``; returns the legend handles (one per offer)."""
    style_axes(axes, style, grid="x")
    ys = [yy for _, yy in data.rows]
    left = np.zeros(len(ys))
    for series in data.stacks:
        widths = np.array([b.value for b in series.bars])
        axes.barh(ys, widths, left=left.copy(), height=0.78, color=series.colour,
                  edgecolor="white", linewidth=0.4, label=series.name)
        left = left + np.nan_to_num(widths)
    for yy, total in zip(ys, data.totals, strict=True):
        if total.mark:
            _mark(axes, total.value, yy, total.mark, style)
    axes.set_yticks(ys, [label for label, _ in data.rows])
    axes.set_ylim(data.bottom, -0.6)
    axes.tick_params(axis="y", length=0)
    for label, yy in data.headers:
        axes.annotate(label, xy=(0, yy + 0.05), xycoords=(left_edge(axes), "data"),
                      ha="left", va="center",
                      fontweight="bold", fontsize=style.font_size, color=style.text,
                      annotation_clip=False)
    axes.margins(x=0.08)
    axes.set_xlim(left=0)
    axes.xaxis.set_major_formatter(NumberFormatter(data.language))
    axes.set_xlabel(data.axis_label)
    return [Patch(facecolor=s.colour) for s in data.stacks]


def draw_area_comparison(axes: Axes, data: AreaBars, style: HouseStyle) -> None:
    """Figure 4 on ``axes``."""
    style_axes(axes, style, grid="y")
    x = np.arange(len(data.bars), dtype=float)
    axes.bar(x, [b.value for b in data.bars], width=0.62, color=list(data.colours),
             edgecolor="none")
    for xx, bar in zip(x, data.bars, strict=True):
        _mark_bar(axes, bar, float(xx), style, horizontal=False)
    axes.set_xticks(x, list(data.labels))
    axes.tick_params(axis="x", length=0)
    axes.margins(y=0.12)
    if data.from_zero:
        axes.set_ylim(bottom=0)
    axes.yaxis.set_major_formatter(NumberFormatter(data.language, percent=data.percent))
    axes.axhline(0, color=style.text_soft, linewidth=0.6)


# ---------------------------------------------------------------------------
# prepare, draw, decorate


def plot_target_groups(annual: pd.DataFrame, *, area: str | None = None,
                       years: Sequence[int] | None = None,
                       groups: Sequence[str] | None = None,
                       measure: str | None = "full_time_persons",
                       ax: Axes | None = None, title: str | None = None,
                       language: str = "da", source: str | None = None,
                       style: HouseStyle = HOUSE_STYLE,
                       taxonomy: _taxonomy.Taxonomy | None = None) -> Figure:
    """Figure 1: annual averages per target group for (by default) the last three years.

    ``annual`` is the output of ``annual_average`` (one area, or choose it with
    ``area=``). ``groups`` defaults to the top-level target groups present, in
    appendix order ("I alt" is left out: it would dwarf the groups); pass ids to
    choose (sub-groups are labelled "Parent: Child"). One bar per year, the
    oldest lightest, the latest green; a partial year says how many months.

    >>> import pandas as pd
    >>> from jobstats import make_frame
    >>> rows = [("sygedagpenge", 2017, 562.0), ("sygedagpenge", 2018, 543.0),
    ...         ("kontanthjaelp", 2017, 541.0), ("kontanthjaelp", 2018, 465.0)]
    >>> annual = make_frame(pd.DataFrame({"area": "Gentofte",
    ...     "target_group": [g for g, _, _ in rows],
    ...     "period": [pd.Period(str(y), "Y-DEC") for _, y, _ in rows],
    ...     "measure": "full_time_persons", "value": [v for _, _, v in rows]}))
    >>> fig = plot_target_groups(annual)
    >>> ax = fig.axes[0]
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['Kontanthjælp', 'Sygedagpenge']
    >>> [float(p.get_width()) for p in ax.containers[1]]  # 2018
    [465.0, 543.0]
    """
    data = prepare_target_groups(annual, area=area, years=years, groups=groups,
                                 measure=measure, title=title, language=language,
                                 source=source, style=style, taxonomy=taxonomy)
    return _plot_group_bars(data, ax, style)


def _plot_group_bars(data: GroupBars, ax: Axes | None, style: HouseStyle) -> Figure:
    with styled(style):
        fig, axes = new_figure(style, ax, height=data.height)
        handles = draw_group_bars(axes, data, style)
        leg = top_legend(axes, handles, [s.legend for s in data.series], style)
        finish(axes, data.title, data.source, style, above=leg, align="labels",
               note=data.note)
    return fig


def plot_changes(yoy: pd.DataFrame, share_change: pd.DataFrame | None = None, *,
                 area: str | None = None, year: int | None = None,
                 groups: Sequence[str] | None = None, measure: str = "full_time_persons",
                 ax: Axes | None = None, title: str | None = None, language: str = "da",
                 source: str | None = None, style: HouseStyle = HOUSE_STYLE,
                 taxonomy: _taxonomy.Taxonomy | None = None) -> Figure:
    """Figure 2: per target group, the % change in full-time persons (grey) beside the
    % change in national share (green), ``year`` against the year before.

    ``yoy`` is the output of ``yoy_change`` (measure ``<measure>:yoy``) and
    ``share_change`` that of ``share_change`` (``<measure>:national_share:yoy``);
    both may also come in one frame (pass it as ``yoy``). Each bar is labelled with
    its value ("-2,5%"); an undefined change (from 0, or no previous year) draws no
    bar and prints "–"; a blinded one prints ".". ``year`` defaults to the latest.

    >>> import pandas as pd
    >>> from jobstats import make_frame
    >>> f = make_frame(pd.DataFrame({"area": "Gentofte", "target_group": "sygedagpenge",
    ...     "period": [pd.Period("2018", "Y-DEC")] * 2,
    ...     "measure": ["full_time_persons:yoy", "full_time_persons:national_share:yoy"],
    ...     "value": [-3.4, -2.35]}))
    >>> fig = plot_changes(f)
    >>> [float(p.get_width()) for c in fig.axes[0].containers for p in c]
    [-3.4, -2.35]
    >>> sorted(t.get_text() for t in fig.axes[0].texts if "%" in t.get_text())
    ['-2,4%', '-3,4%']
    """
    data = prepare_changes(yoy, share_change, area=area, year=year, groups=groups,
                           measure=measure, title=title, language=language, source=source,
                           style=style, taxonomy=taxonomy)
    return _plot_group_bars(data, ax, style)


def plot_company_offers(activation: pd.DataFrame, *, area: str | None = None,
                        groups: Sequence[str] | None = None,
                        years: Sequence[int] | None = None,
                        offers: Sequence[str] = COMPANY_OFFERS,
                        measure: str | None = None, ax: Axes | None = None,
                        title: str | None = None, language: str = "da",
                        source: str | None = None, style: HouseStyle = HOUSE_STYLE,
                        taxonomy: _taxonomy.Taxonomy | None = None) -> Figure:
    """Figure 3: full-time persons in company-based offers per target group and year.

    ``activation`` holds annual averages of activated full-time persons with the
    extra dimension ``offer_type`` (``annual_average`` of the activation series, or
    ``activation_overview``). Each target group is a block with one bar per year
    (last three by default); each bar stacks the ``offers`` — løntilskud in green,
    virksomhedspraktik in grey — and ends with the total.

    >>> import pandas as pd
    >>> from jobstats import make_frame
    >>> f = make_frame(pd.DataFrame({"area": "Gentofte", "target_group": "kontanthjaelp",
    ...     "period": pd.Period("2018", "Y-DEC"), "measure": "activated_full_time_persons",
    ...     "offer_type": ["løntilskud", "virksomhedspraktik"], "value": [12.0, 30.5]}))
    >>> fig = plot_company_offers(f)
    >>> [(float(p.get_x()), float(p.get_width())) for c in fig.axes[0].containers for p in c]
    [(0.0, 12.0), (12.0, 30.5)]
    """
    data = prepare_company_offers(activation, area=area, groups=groups, years=years,
                                  offers=offers, measure=measure, title=title,
                                  language=language, source=source, style=style,
                                  taxonomy=taxonomy)
    with styled(style):
        fig, axes = new_figure(style, ax, height=data.height)
        handles = draw_company_offers(axes, data, style)
        leg = top_legend(axes, handles, [s.legend for s in data.stacks], style)
        finish(axes, data.title, data.source, style, above=leg, align="labels",
               note=data.note)
    return fig


def plot_area_comparison(frame: pd.DataFrame, area: str, compare: str | None = None, *,
                         national: str | None = "Hele landet", measure: str | None = None,
                         target_group: str | None = None, period: pd.Period | str | None = None,
                         decimals: int | None = None, ax: Axes | None = None,
                         title: str | None = None, language: str = "da",
                         source: str | None = None, style: HouseStyle = HOUSE_STYLE,
                         taxonomy: _taxonomy.Taxonomy | None = None) -> Figure:
    """Figure 4: one value (typically a share) for the municipality, the comparison
    area and Hele landet, side by side; each bar labelled with its value.

    The municipality is green, the comparison area dark grey, Hele landet grey.
    ``period`` defaults to the latest; a measure in per cent prints "%" with one
    decimal (``decimals=`` overrides).

    >>> import pandas as pd
    >>> from jobstats import make_frame
    >>> f = make_frame(pd.DataFrame({"area": ["Gentofte", "Østdanmark", "Hele landet"],
    ...     "target_group": "flygtninge", "period": pd.Period("2018", "Y-DEC"),
    ...     "measure": "pct_unsubsidised_employment", "value": [31.25, 28.0, 30.5]}))
    >>> fig = plot_area_comparison(f, "Gentofte", "Østdanmark")
    >>> [float(p.get_height()) for p in fig.axes[0].containers[0]]
    [31.25, 28.0, 30.5]
    >>> [t.get_text() for t in fig.axes[0].texts][:3]
    ['31,3%', '28,0%', '30,5%']
    """
    data = prepare_area_comparison(frame, area, compare, national=national, measure=measure,
                                   target_group=target_group, period=period,
                                   decimals=decimals, title=title, language=language,
                                   source=source, style=style, taxonomy=taxonomy)
    with styled(style):
        fig, axes = new_figure(style, ax, width=data.width)
        draw_area_comparison(axes, data, style)
        finish(axes, data.title, data.source, style, align="labels", note=data.note)
    return fig
