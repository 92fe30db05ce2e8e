"""Bar figures of the quarterly report (figures 1-4).

Target groups have long Danish names, so the bars run horizontally with the
names readable on the left; the first group is at the top, as in the appendix.
A blinded value draws no bar (never a zero bar) and prints "." instead; the
note under the figure says what "." means.
"""

from __future__ import annotations

from collections.abc import Sequence

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
    "plot_area_comparison",
    "plot_changes",
    "plot_company_offers",
    "plot_target_groups",
]

COMPANY_OFFERS: tuple[str, ...] = _taxonomy.default().ordered_offer_types(company_based=True)


def _year_label(period: pd.Period, pts: list[D.Point], language: str) -> str:
    lang = check_language(language)
    label = period_label(period, lang)
    months = {p.n_months for p in pts if p.partial and p.n_months is not None}
    if months:
        label += f" ({max(months)} {text('months', lang)})"
    return label


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


def _group_axis(ax: Axes, labels: Sequence[str], style: HouseStyle) -> None:
    ax.set_yticks(np.arange(len(labels)), [wrap(s, style.wrap) for s in labels])
    ax.set_ylim(len(labels) - 0.5, -0.5)  # first group on top
    ax.tick_params(axis="y", length=0)


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
    where = "plot_target_groups"
    lang = check_language(language)
    tx = taxonomy or _taxonomy.default()
    rows, m, a, group_ids = D.group_series(annual, area, groups, measure=measure,
                                           where=where, taxonomy=tx)
    periods = D.year_periods(rows, years, 3, where)
    pts = D.points(rows, [D.TARGET_GROUP, D.PERIOD], where)
    missing = D.Point(float("nan"), False)

    n, k = len(group_ids), len(periods)
    height = max(style.height, 1.3 + n * (0.12 * k + 0.12))
    with styled(style):
        fig, axes = new_figure(style, ax, height=height)
        style_axes(axes, style, grid="x")
        colours = style.year_colours(k)
        bar_h = 0.8 / k
        y = np.arange(n, dtype=float)
        blinded_any = False
        handles, labels = [], []
        for j, p in enumerate(periods):
            col = [pts.get((g, p), missing) for g in group_ids]
            widths = [c.value for c in col]
            offs = y + (j - (k - 1) / 2) * bar_h
            axes.barh(offs, widths, height=bar_h * 0.92, color=colours[j],
                      edgecolor="none", label=period_label(p, lang))
            for yy, c in zip(offs, col, strict=True):
                if c.blinded:
                    blinded_any = True
                    _mark(axes, 0.0, yy, ".", style)
            handles.append(Patch(facecolor=colours[j]))
            labels.append(_year_label(p, col, lang))
        _group_axis(axes, [group_label(g, lang, tx, qualified=True) for g in group_ids], style)
        axes.xaxis.set_major_formatter(NumberFormatter(lang))
        axes.set_xlabel(f"{measure_label(m, lang, tx)}, {area_label(a, lang)}")
        leg = top_legend(axes, handles, labels, style)
        finish(axes, text("fig1_title", lang) if title is None else title,
               source_line(annual, lang, source), style, above=leg, align="labels",
               note=text("blinded_note", lang) if blinded_any else "")
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
    height = max(style.height, 1.3 + n * 0.36)
    with styled(style):
        fig, axes = new_figure(style, ax, height=height)
        style_axes(axes, style, grid="x")
        y = np.arange(n, dtype=float)
        bar_h = 0.38
        colours = (style.grey, style.green)
        names = (text("change_persons", lang), text("change_share", lang))
        blinded_any = False
        for j, m in enumerate((m_persons, m_share)):
            col = [pts.get((g, m), missing) for g in group_ids]
            offs = y + (j - 0.5) * bar_h
            axes.barh(offs, [c.value for c in col], height=bar_h * 0.92, color=colours[j],
                      edgecolor="none", label=names[j])
            for yy, c in zip(offs, col, strict=True):
                if c.blinded:
                    blinded_any = True
                    _mark(axes, 0.0, yy, ".", style)
                elif np.isnan(c.value):
                    _mark(axes, 0.0, yy, "–", style)
                else:
                    _mark(axes, c.value, yy, fmt(c.value, 1, lang, percent=True), style,
                          negative=c.value < 0)
        axes.axvline(0, color=style.text_soft, linewidth=0.8)
        axes.margins(x=0.14)
        _group_axis(axes, [group_label(g, lang, tx, qualified=True) for g in group_ids], style)
        axes.xaxis.set_major_formatter(NumberFormatter(lang, percent=True))
        axes.set_xlabel(f"{text('change_pct', lang)}, {area_label(a, lang)}")
        leg = top_legend(axes, [Patch(facecolor=c) for c in colours], list(names), style)
        default = text("fig2_title", lang, prev=p.year - 1, year=period_label(p, lang))
        finish(axes, default if title is None else title, source_line(yoy, lang, source), style,
               above=leg, align="labels", note=text("blinded_note", lang) if blinded_any else "")
    return fig


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
        headers.append((g, ypos))
        ypos += 0.9
        for p in periods:
            positions.append((g, p, ypos))
            ypos += 1.0
        ypos += 0.4
    height = max(style.height, 1.3 + ypos * 0.2)
    with styled(style):
        fig, axes = new_figure(style, ax, height=height)
        style_axes(axes, style, grid="x")
        colours = [style.green, style.grey, style.green_light, style.grey_dark,
                   style.grey_light][: len(offers)]
        ys = [yy for _, _, yy in positions]
        left = np.zeros(len(positions))
        blinded_any = False
        for j, offer in enumerate(offers):
            col = [pts.get((g, p, offer), missing) for g, p, _ in positions]
            widths = np.array([c.value for c in col])
            axes.barh(ys, widths, left=left.copy(), height=0.78, color=colours[j],
                      edgecolor="white", linewidth=0.4, label=offer_label(offer, lang))
            blinded_any |= any(c.blinded for c in col)
            left = left + np.nan_to_num(widths)
        for i, (g, p, yy) in enumerate(positions):
            col = [pts.get((g, p, o), missing) for o in offers]
            if any(c.blinded for c in col):
                _mark(axes, float(left[i]), yy, ".", style)
            elif all(not np.isnan(c.value) for c in col):
                _mark(axes, float(left[i]), yy, fmt(float(left[i]), 0, lang), style)
        axes.set_yticks(ys, [period_label(p, lang) for _, p, _ in positions])
        axes.set_ylim(ypos - 0.2, -0.6)
        axes.tick_params(axis="y", length=0)
        for g, yy in headers:
            axes.annotate(group_label(g, lang, tx, qualified=True), xy=(0, yy + 0.05),
                          xycoords=(left_edge(axes), "data"),
                          ha="left", va="center",
                          fontweight="bold", fontsize=style.font_size, color=style.text,
                          annotation_clip=False)
        axes.margins(x=0.08)
        axes.set_xlim(left=0)
        axes.xaxis.set_major_formatter(NumberFormatter(lang))
        axes.set_xlabel(f"{measure_label(m, lang, tx)}, {area_label(a, lang)}")
        leg = top_legend(axes, [Patch(facecolor=c) for c in colours],
                         [offer_label(o, lang) for o in offers], style)
        finish(axes, text("fig3_title", lang) if title is None else title,
               source_line(activation, lang, source), style, above=leg, align="labels",
               note=text("blinded_note", lang) if blinded_any else "")
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

    with styled(style):
        fig, axes = new_figure(style, ax, width=min(style.width, 4.6))
        style_axes(axes, style, grid="y")
        own_c, cmp_c, nat_c = style.area_colours()
        colours = [own_c, *([cmp_c] if compare is not None else []),
                   *([nat_c] if national is not None else [])]
        x = np.arange(len(areas), dtype=float)
        axes.bar(x, [c.value for c in col], width=0.62, color=colours, edgecolor="none")
        blinded_any = False
        for xx, c in zip(x, col, strict=True):
            if c.blinded:
                blinded_any = True
                _mark(axes, xx, 0.0, ".", style, horizontal=False)
            elif np.isnan(c.value):
                _mark(axes, xx, 0.0, "–", style, horizontal=False)
            else:
                _mark(axes, xx, c.value, fmt(c.value, dec, lang, percent=percent), style,
                      horizontal=False, negative=c.value < 0)
        axes.set_xticks(x, [wrap(area_label(a, lang), 16) for a in areas])
        axes.tick_params(axis="x", length=0)
        axes.margins(y=0.12)
        if all(np.nan_to_num(c.value) >= 0 for c in col):
            axes.set_ylim(bottom=0)
        axes.yaxis.set_major_formatter(NumberFormatter(lang, percent=percent))
        axes.axhline(0, color=style.text_soft, linewidth=0.6)
        default = (f"{measure_label(m, lang, tx)}, {group_label(tg, lang, tx, qualified=True)}, "
                   f"{period_label(p, lang)}")
        finish(axes, wrap(default, 60) if title is None else title,
               source_line(frame, lang, source), style, align="labels",
               note=text("blinded_note", lang) if blinded_any else "")
    return fig
