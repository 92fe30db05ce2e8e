"""Monthly line figures of the quarterly report (figures 5 and 6), in three layers:
*prepare* (``prepare_*``, pure: a frame in, a frozen :class:`LineChart` out, with
every value, colour, dash, tick and text), *draw* (:func:`draw_lines`) and the
shared *decorate* step (:mod:`jobstats.figures.decorate`: legend, title, source).

The x axis holds dates (the first day of each month), so a user can add lines of
their own with ordinary dates; the tick labels are Danish month names ("jan",
"apr", ...) with the year under each January. A blinded month breaks the line
(no value is drawn, never a zero).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import matplotlib.dates as mdates
import matplotlib.ticker as mticker
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from jobstats import taxonomy as _taxonomy
from jobstats.errors import Problem, ValidationError
from jobstats.figures import _data as D  # noqa: N812
from jobstats.figures.decorate import (
    finish,
    new_figure,
    style_axes,
    top_legend,
)
from jobstats.figures.format import NumberFormatter, period_label
from jobstats.figures.style import HOUSE_STYLE, HouseStyle, styled
from jobstats.labels import (
    Language,
    area_label,
    check_language,
    group_label,
    is_percent,
    measure_label,
    month_name,
    source_line,
    text,
)

__all__ = ["LineChart", "LineSeries", "MonthTicks", "draw_lines", "month_ticks",
           "month_ticks_of", "plot_area_lines", "plot_monthly", "prepare_area_lines",
           "prepare_monthly"]

PeriodLike = pd.Period | str


def _as_period(value: PeriodLike, freq: str, where: str,
               how: Literal["start", "end"]) -> pd.Period:
    """A period in the series' frequency; ``"2024"`` as a start is January, as an end
    December."""
    if isinstance(value, pd.Period):
        p = value
    else:
        from jobstats.periods import parse_period

        try:
            p = parse_period(value)
        except ValidationError as exc:
            raise ValidationError([Problem(
                "bad_period", f"{where}: not a period: {value!r}", value=value,
                suggestions=("2024M01", "2024Q1", "2024"))]) from exc
    return p if p.freqstr == freq else p.asfreq(freq, how=how)


def _window(periods: list[pd.Period], start: PeriodLike | None, end: PeriodLike | None,
            where: str) -> list[pd.Period]:
    """The periods from ``start`` to ``end``; by default the last 24 months present."""
    if not periods:
        raise ValidationError([Problem("empty", f"{where}: no rows to draw")])
    freq = periods[-1].freqstr
    hi = periods[-1] if end is None else _as_period(end, freq, where, "end")
    lo = (_as_period(start, freq, where, "start") if start is not None
          else hi - (23 if freq.startswith("M") else 7 if freq.startswith("Q") else 4))
    out = [p for p in periods if lo <= p <= hi]
    if not out:
        raise ValidationError([Problem(
            "empty", f"{where}: no periods between {lo} and {hi} (the frame has "
            f"{periods[0]} … {periods[-1]})", column=D.PERIOD)])
    return out


def _x(periods: Sequence[pd.Period]) -> np.ndarray:
    return np.array([p.start_time.to_datetime64() for p in periods], dtype="datetime64[D]")


def _num(dates: Sequence[pd.Timestamp]) -> np.ndarray:
    """Matplotlib date numbers (days since the epoch) of timestamps."""
    return np.asarray(mdates.date2num([d.to_pydatetime() for d in dates]),  # type: ignore[no-untyped-call]
                      dtype="float64")


@dataclass(frozen=True)
class MonthTicks:
    """Where the month ticks go (matplotlib date numbers), their labels, and the
    x limits of the axis."""

    positions: tuple[float, ...]
    labels: tuple[str, ...]
    xlim: tuple[float, float]


def month_ticks_of(periods: Sequence[pd.Period], language: Language) -> MonthTicks:
    """Danish month ticks: quarters for up to three years (the year under "jan"),
    half years up to six, whole years beyond.

    >>> t = month_ticks_of(list(pd.period_range("2017-01", "2018-12", freq="M")), "da")
    >>> t.labels
    ('jan\\n2017', 'apr', 'jul', 'okt', 'jan\\n2018', 'apr', 'jul', 'okt')
    """
    first, last = periods[0].start_time, periods[-1].start_time
    months = (last.year - first.year) * 12 + last.month - first.month
    step = 3 if months <= 36 else 6 if months <= 72 else 12 if months <= 144 else 24
    ticks: list[pd.Timestamp] = []
    t = pd.Timestamp(year=first.year, month=1, day=1)
    while t <= last:
        if t >= first:
            ticks.append(t)
        t = t + pd.DateOffset(months=step)
    if not ticks:
        ticks = [first]
    labels = []
    for t in ticks:
        if step >= 12:
            labels.append(str(t.year))
        elif t.month == 1 or t == ticks[0]:
            labels.append(f"{month_name(t.month, language, short=True)}\n{t.year}")
        else:
            labels.append(month_name(t.month, language, short=True))
    span = _num([first, last])
    pad = max(10.0, (span[1] - span[0]) * 0.01)
    return MonthTicks(tuple(_num(ticks).tolist()), tuple(labels),
                      (float(span[0] - pad), float(span[1] + pad)))


def month_ticks(ax: Axes, periods: Sequence[pd.Period], language: Language) -> None:
    """Put :func:`month_ticks_of` on ``ax``'s x axis."""
    _apply_ticks(ax, month_ticks_of(periods, language))


def _apply_ticks(ax: Axes, ticks: MonthTicks) -> None:
    ax.xaxis.set_major_locator(mticker.FixedLocator(list(ticks.positions)))
    ax.xaxis.set_major_formatter(mticker.FixedFormatter(list(ticks.labels)))
    ax.xaxis.set_minor_locator(mticker.NullLocator())
    ax.set_xlim(*ticks.xlim)


@dataclass(frozen=True)
class LineSeries:
    """One line: its label, look, and a value per period (NaN: a gap — blinded or
    missing, never 0; ``blinded`` tells which)."""

    label: str
    colour: str
    linestyle: str
    linewidth: float
    values: tuple[float, ...]
    blinded: tuple[bool, ...]


@dataclass(frozen=True)
class LineChart:
    """What figures 5 and 6 draw: the periods (the x axis), the lines, the ticks and
    the texts."""

    periods: tuple[pd.Period, ...]
    series: tuple[LineSeries, ...]
    ticks: MonthTicks
    axis_label: str
    percent: bool
    from_zero: bool
    title: str
    source: str
    note: str
    language: Language


def _series(label: str, look: tuple[str, str], pts: Sequence[D.Point],
            linewidth: float) -> LineSeries:
    return LineSeries(label, look[0], look[1], linewidth, tuple(p.value for p in pts),
                      tuple(p.blinded for p in pts))


def _gap_note(series: Sequence[LineSeries], language: Language) -> str:
    return text("gap_note", language) if any(any(s.blinded) for s in series) else ""


def prepare_monthly(frame: pd.DataFrame, *, area: str | None = None,
                    groups: Sequence[str] | None = None, measure: str | None = None,
                    start: PeriodLike | None = None, end: PeriodLike | None = None,
                    title: str | None = None, language: str = "da",
                    source: str | None = None, style: HouseStyle = HOUSE_STYLE,
                    taxonomy: _taxonomy.Taxonomy | None = None) -> LineChart:
    """What figure 5 draws (see :func:`plot_monthly`): a line per target group."""
    where = "plot_monthly"
    lang = check_language(language)
    tx = taxonomy or _taxonomy.default()
    rows, m, a, group_ids = D.group_series(frame, area, groups, measure=measure,
                                           where=where, taxonomy=tx)
    rows = D.where_equal(rows, target_group=group_ids)
    periods = _window(D.periods_of(rows), start, end, where)
    pts = D.points(rows, [D.TARGET_GROUP, D.PERIOD], where)
    missing = D.Point(float("nan"), False)
    looks = style.series(len(group_ids))
    series = tuple(_series(group_label(g, lang, tx, qualified=True), look,
                           [pts.get((g, p), missing) for p in periods], style.line_width)
                   for g, look in zip(group_ids, looks, strict=True))
    percent = is_percent(m, tx)
    default = (f"{measure_label(m, lang, tx)}, {area_label(a, lang)}, "
               f"{period_label(periods[0], lang)} - {period_label(periods[-1], lang)}")
    return LineChart(
        periods=tuple(periods), series=series, ticks=month_ticks_of(periods, lang),
        axis_label=measure_label(m, lang, tx), percent=percent,
        from_zero=not percent and all(np.nan_to_num(v) >= 0 for s in series
                                      for v in s.values),
        title=default if title is None else title, source=source_line(frame, lang, source),
        note=_gap_note(series, lang), language=lang)


def prepare_area_lines(frame: pd.DataFrame, area: str, compare: str | None = None, *,
                       national: str | None = "Hele landet", target_group: str | None = None,
                       measure: str | None = None, start: PeriodLike | None = None,
                       end: PeriodLike | None = None, title: str | None = None,
                       language: str = "da", source: str | None = None,
                       style: HouseStyle = HOUSE_STYLE,
                       taxonomy: _taxonomy.Taxonomy | None = None) -> LineChart:
    """What figure 6 draws (see :func:`plot_area_lines`): a line per area."""
    where = "plot_area_lines"
    lang = check_language(language)
    tx = taxonomy or _taxonomy.default()
    areas, rows, m, tg = D.area_series(frame, (area, compare, national), measure=measure,
                                       target_group=target_group, where=where)
    periods = _window(D.periods_of(rows), start, end, where)
    pts = D.points(rows, [D.AREA, D.PERIOD], where)
    missing = D.Point(float("nan"), False)
    own_c, cmp_c, nat_c = style.area_colours()
    looks = [(own_c, "-"), *([(cmp_c, "--")] if compare is not None else []),
             *([(nat_c, ":")] if national is not None else [])]
    series = [_series(area_label(a, lang), look, [pts.get((a, p), missing) for p in periods],
                      style.line_width) for a, look in zip(areas, looks, strict=True)]
    if national is not None:  # a dotted line needs weight to be seen
        last = series[-1]
        series[-1] = LineSeries(last.label, last.colour, last.linestyle, style.dotted_width,
                                last.values, last.blinded)
    default = f"{measure_label(m, lang, tx)}, {group_label(tg, lang, tx, qualified=True)}"
    return LineChart(
        periods=tuple(periods), series=tuple(series), ticks=month_ticks_of(periods, lang),
        axis_label=measure_label(m, lang, tx), percent=is_percent(m, tx), from_zero=False,
        title=default if title is None else title, source=source_line(frame, lang, source),
        note=_gap_note(series, lang), language=lang)


def draw_lines(axes: Axes, data: LineChart, style: HouseStyle) -> list[Line2D]:
    """The lines, month ticks and y axis of figures 5 and 6 on ``axes``; returns the
    lines (the legend's handles)."""
    style_axes(axes, style, grid="y")
    x = _x(data.periods)
    lines: list[Line2D] = []
    for s in data.series:
        (line,) = axes.plot(x, np.array(s.values, dtype="float64"), color=s.colour,
                            linestyle=s.linestyle, linewidth=s.linewidth, label=s.label,
                            solid_capstyle="round")
        lines.append(line)
    _apply_ticks(axes, data.ticks)
    axes.yaxis.set_major_formatter(NumberFormatter(data.language, percent=data.percent))
    if data.from_zero:
        axes.set_ylim(bottom=0)
    axes.set_ylabel(data.axis_label)
    return lines


def _plot(data: LineChart, ax: Axes | None, style: HouseStyle) -> Figure:
    with styled(style):
        fig, axes = new_figure(style, ax)
        lines = draw_lines(axes, data, style)
        leg = top_legend(axes, lines, [s.label for s in data.series], style)
        finish(axes, data.title, data.source, style, above=leg, align="labels",
               note=data.note)
    return fig


def plot_monthly(frame: pd.DataFrame, *, area: str | None = None,
                 groups: Sequence[str] | None = None, measure: str | None = None,
                 start: PeriodLike | None = None, end: PeriodLike | None = None,
                 ax: Axes | None = None, title: str | None = None, language: str = "da",
                 source: str | None = None, style: HouseStyle = HOUSE_STYLE,
                 taxonomy: _taxonomy.Taxonomy | None = None) -> Figure:
    """Figure 5: a monthly line per target group over two (or more) years.

    ``frame`` holds monthly values (e.g. ``long_term_unemployed``) of one area
    (or choose it with ``area=``). ``groups`` defaults to the top-level groups
    present (else every group present);
    the window to the last 24 months (``start``/``end`` as ``Period`` or
    ``"2024M01"``). A counted measure starts the y axis at 0.

    >>> import pandas as pd
    >>> from jobstats import make_frame
    >>> months = pd.period_range("2017-01", "2018-12", freq="M")
    >>> f = make_frame(pd.DataFrame({"area": "Gentofte", "target_group": "kontanthjaelp",
    ...     "period": months, "measure": "long_term_unemployed",
    ...     "value": [float(100 + i) for i in range(24)]}))
    >>> fig = plot_monthly(f)
    >>> line = fig.axes[0].lines[0]
    >>> line.get_ydata()[:3].tolist(), line.get_label()
    ([100.0, 101.0, 102.0], 'Kontanthjælp')
    >>> [t.get_text() for t in fig.axes[0].get_xticklabels()][:3]
    ['jan\\n2017', 'apr', 'jul']
    """
    return _plot(prepare_monthly(frame, area=area, groups=groups, measure=measure,
                                 start=start, end=end, title=title, language=language,
                                 source=source, style=style, taxonomy=taxonomy), ax, style)


def plot_area_lines(frame: pd.DataFrame, area: str, compare: str | None = None, *,
                    national: str | None = "Hele landet", target_group: str | None = None,
                    measure: str | None = None, start: PeriodLike | None = None,
                    end: PeriodLike | None = None, ax: Axes | None = None,
                    title: str | None = None, language: str = "da", source: str | None = None,
                    style: HouseStyle = HOUSE_STYLE,
                    taxonomy: _taxonomy.Taxonomy | None = None) -> Figure:
    """Figure 6: a monthly value (typically a share) over time for the municipality
    (green, solid), the comparison area (dark grey, dashed) and Hele landet (grey,
    dotted).

    ``frame`` holds the monthly measure for the areas, e.g. ``population_share``
    output. The window defaults to the last 24 months.

    >>> import pandas as pd
    >>> from jobstats import make_frame
    >>> months = pd.period_range("2018-01", "2018-12", freq="M")
    >>> f = make_frame(pd.DataFrame({"area": ["Gentofte"] * 12 + ["Hele landet"] * 12,
    ...     "target_group": "kontanthjaelp", "period": list(months) * 2,
    ...     "measure": "pct_population", "value": [2.5] * 12 + [3.0] * 12}))
    >>> fig = plot_area_lines(f, "Gentofte")
    >>> [line.get_label() for line in fig.axes[0].lines]
    ['Gentofte', 'Hele landet']
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()][:2]
    ['2,4%', '2,5%']
    """
    return _plot(prepare_area_lines(frame, area, compare, national=national,
                                    target_group=target_group, measure=measure, start=start,
                                    end=end, title=title, language=language, source=source,
                                    style=style, taxonomy=taxonomy), ax, style)
