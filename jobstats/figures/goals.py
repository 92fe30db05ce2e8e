"""The goal overview (figure 8): each political goal with its traffic light.

A row per goal: a small horizontal traffic light (red, amber, green from left to
right) with the verdict's lamp lit, the goal's text (and an optional detail line
such as "3,1% → 2,9%"), and the verdict in words. The lamp's *position* and the
word carry the verdict as well as its colour, so the overview reads without
colour vision and in black-and-white print.

In three layers: :func:`prepare_goals` (pure: the goals in, a frozen
:class:`GoalOverview` out — each row's wrapped text, lit lamp, verdict word and
place), :func:`draw_goals`, and the shared decorate step (title, source line).
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from jobstats.errors import Problem, ValidationError, close_matches
from jobstats.figures.decorate import finish, new_figure
from jobstats.figures.style import GOAL_COLOURS, HOUSE_STYLE, HouseStyle, styled
from jobstats.labels import Language, check_language, source_line, text

__all__ = ["GoalLine", "GoalOverview", "GoalRow", "draw_goals", "plot_goals", "prepare_goals"]

_ORDER = ("kræver opmærksomhed", "på rette vej", "opnået")  # lamps left to right
_ALIASES = {
    "opnået": "opnået", "met": "opnået", "achieved": "opnået",
    "på rette vej": "på rette vej", "on track": "på rette vej",
    "kræver opmærksomhed": "kræver opmærksomhed", "needs attention": "kræver opmærksomhed",
    "attention": "kræver opmærksomhed",
    # states of a goals file without a colour: no lamp is lit, the word says why
    "baseline ikke fastlagt": "baseline ikke fastlagt",
    "baseline not set": "baseline ikke fastlagt",
    "ingen data": "ingen data", "no data": "ingen data",
}
_WORDS = {
    "opnået": ("Opnået", "Met"),
    "på rette vej": ("På rette vej", "On track"),
    "kræver opmærksomhed": ("Kræver opmærksomhed", "Needs attention"),
    "baseline ikke fastlagt": ("Baseline ikke fastlagt", "Baseline not set"),
    "ingen data": ("Ingen data", "No data"),
}
_SYMBOLS = {"opnået": "✓", "på rette vej": "→", "kræver opmærksomhed": "!"}


@dataclass(frozen=True)
class GoalLine:
    """One row of the overview: the goal's text, its verdict, an optional detail."""

    goal: str
    status: str
    detail: str = ""


def _status(value: object, row: int) -> str:
    key = " ".join(str(getattr(value, "value", value)).casefold().split())
    if key in _ALIASES:
        return _ALIASES[key]
    raise ValidationError([Problem(
        "unknown_status", f"goal {row + 1}: unknown verdict {value!r}", row=row,
        column="status", value=value,
        suggestions=close_matches(str(value), list(_ALIASES)) or _ORDER)])


def _lines(goals: Any) -> list[GoalLine]:
    if isinstance(goals, pd.DataFrame):
        missing = [c for c in ("goal", "status") if c not in goals.columns]
        if missing:
            raise ValidationError([Problem("missing_column", f"the goals frame has no column "
                                           f"{c!r}", column=c) for c in missing])
        detail = goals["detail"] if "detail" in goals.columns else pd.Series("", goals.index)
        items: list[Any] = list(zip(goals["goal"], goals["status"], detail.fillna(""),
                                    strict=True))
    elif isinstance(goals, Mapping):
        items = list(goals.items())
    else:
        items = list(goals)
    out: list[GoalLine] = []
    problems: list[Problem] = []
    for i, item in enumerate(items):
        if isinstance(item, GoalLine):
            parts: tuple[Any, ...] = (item.goal, item.status, item.detail)
        else:
            parts = tuple(item)
        if len(parts) not in (2, 3):
            problems.append(Problem("bad_goal", f"goal {i + 1}: expected (goal, status) or "
                                    "(goal, status, detail)", row=i, value=item))
            continue
        goal = getattr(parts[0], "name", parts[0])  # a keyfigures Goal or its text
        try:
            status = _status(parts[1], i)
        except ValidationError as exc:
            problems.extend(exc.problems)
            continue
        out.append(GoalLine(str(goal), status, str(parts[2]) if len(parts) == 3 else ""))
    if problems:
        raise ValidationError(problems)
    if not out:
        raise ValidationError([Problem("empty", "no goals to draw")])
    return out


@dataclass(frozen=True)
class GoalRow:
    """One drawn row: the goal's text wrapped into ``lines``, its detail, verdict,
    the lit lamp (index into red, amber, green; -1: none lit), the verdict in words,
    and the row's top and height (in text lines, from the top)."""

    lines: tuple[str, ...]
    detail: str
    status: str
    lit: int
    word: str
    top: float
    height: float


@dataclass(frozen=True)
class GoalOverview:
    """What figure 8 draws: the rows, their total height (text lines), the texts
    and the figure height (inches)."""

    rows: tuple[GoalRow, ...]
    total: float
    title: str
    source: str
    height: float


def prepare_goals(goals: Sequence[Any] | Mapping[Any, Any] | pd.DataFrame, *,
                  title: str | None = None, language: str = "da", source: str | None = None,
                  style: HouseStyle = HOUSE_STYLE) -> GoalOverview:
    """What :func:`plot_goals` draws; an unknown verdict raises, naming the goal."""
    lang: Language = check_language(language)
    wrap_at = 62
    rows = []
    y = 0.0
    for r in _lines(goals):
        lines = textwrap.wrap(r.goal, wrap_at) or [r.goal]
        h = max(2.2, 1.25 * len(lines) + (1.05 if r.detail else 0.0) + 0.9)
        rows.append(GoalRow(tuple(lines), r.detail, r.status,
                            _ORDER.index(r.status) if r.status in _ORDER else -1,
                            _WORDS[r.status][0 if lang == "da" else 1], y, h))
        y += h
    line_in = style.font_size * 1.3 / 72
    return GoalOverview(tuple(rows), y, text("goals_title", lang) if title is None else title,
                        source_line(None, lang, source), 1.0 + y * line_in)


def draw_goals(axes: Axes, data: GoalOverview, style: HouseStyle) -> None:
    """The rows of figure 8 on ``axes``: lamps, goal text, detail, verdict, rule."""
    axes.set_axis_off()
    axes.set_xlim(0, 1)
    axes.set_ylim(data.total, 0)
    trans = axes.get_yaxis_transform()
    lamp_x = (0.025, 0.06, 0.095)
    for r in data.rows:
        mid = r.top + r.height / 2
        for j, name in enumerate(_ORDER):
            on = j == r.lit
            axes.scatter([lamp_x[j]], [mid], s=(style.font_size * 1.9) ** 2,
                         c=[GOAL_COLOURS[name] if on else style.lamp_off],
                         edgecolors=[style.text if on else style.grey],
                         linewidths=0.8 if on else 0.5, transform=trans, zorder=3,
                         clip_on=False, label=name if on else "_off")
            if on:
                axes.text(lamp_x[j], mid, _SYMBOLS[name], transform=trans, ha="center",
                          va="center", fontsize=style.font_size, fontweight="bold",
                          color="white" if name != "på rette vej" else style.text,
                          zorder=4)
        goal_h = 1.25 * len(r.lines)
        block_top = mid - (goal_h + (1.05 if r.detail else 0.0)) / 2
        axes.text(0.14, block_top + goal_h / 2, "\n".join(r.lines), transform=trans,
                  ha="left", va="center", fontsize=style.font_size, color=style.text,
                  linespacing=1.25)
        if r.detail:
            axes.text(0.14, block_top + goal_h + 0.5, r.detail, transform=trans,
                      ha="left", va="center", fontsize=style.small_size + 0.5,
                      color=style.text_soft)
        axes.text(1.0, mid, r.word, transform=trans, ha="right", va="center",
                  fontsize=style.font_size, fontweight="bold", color=style.text)
        axes.axhline(r.top + r.height, color=style.grid, linewidth=0.6)


def plot_goals(goals: Sequence[Any] | Mapping[Any, Any] | pd.DataFrame, *,
               ax: Axes | None = None, title: str | None = None, language: str = "da",
               source: str | None = None, style: HouseStyle = HOUSE_STYLE) -> Figure:
    """Figure 8: the goal overview, each goal with its traffic-light verdict.

    ``goals`` is a sequence of ``(goal, status)`` or ``(goal, status, detail)``
    (or :class:`GoalLine`), a mapping goal → status, or a frame with columns
    ``goal``, ``status`` and optionally ``detail``. A goal may be a text or a
    ``jobstats.keyfigures.Goal`` (its name is printed); a status a ``GoalStatus``
    or its text ("opnået", "på rette vej", "kræver opmærksomhed"; English "met",
    "on track", "needs attention"). ``source=""`` leaves out the source line
    (default "Kilde: Jobindsats.dk").

    >>> fig = plot_goals([("Færre borgere på offentlig forsørgelse", "opnået", "14,6% → 14,2%"),
    ...                   ("Blandt de 3 kommuner med lavest andel unge", "på rette vej")])
    >>> ax = fig.axes[0]
    >>> [t.get_text() for t in ax.texts if t.get_text() in ("Opnået", "På rette vej")]
    ['Opnået', 'På rette vej']
    >>> [c.get_label() for c in ax.collections if c.get_label() != "_off"]  # lit lamps
    ['opnået', 'på rette vej']
    """
    data = prepare_goals(goals, title=title, language=language, source=source, style=style)
    with styled(style):
        fig, axes = new_figure(style, ax, height=data.height)
        draw_goals(axes, data, style)
        finish(axes, data.title, data.source, style)
    return fig
