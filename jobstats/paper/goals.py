"""Goals as a file: ``jobstats report --goals goals.toml``.

A goals file lists the committee's goals and their sub-goals (1A, 1B, ...). Each
sub-goal is measured either from the data (a measure and target group of the
frame, as an annual average, a year-to-date average, a share of the population
16-66 or a place in the ranking of kommuner) or from values the user enters
(a survey result, a count from the municipality's own systems). The format is
described with an example in ``docs/goals.md``; ``docs/goals.toml`` reproduces
the appendix's built-in goals.

The state of a sub-goal (:class:`GoalState`) follows this rule, in order:

1. **ingen data** — the value for the period is missing or blinded (or, for a
   user measure, not entered).
2. **baseline ikke fastlagt** — the sub-goal has neither a ``target`` nor a
   ``baseline``: there is nothing to judge against.
3. With a **target**: *opnået* when the value has reached it (≤ target when
   lower is better, ≥ when higher is better); else *på rette vej* when the value
   is better than the baseline by more than ``tolerance``; else *kræver
   opmærksomhed* (also when the baseline is unknown).
4. With only a **baseline**: *opnået* when the value is better than the
   baseline by more than ``tolerance``; else *kræver opmærksomhed*.

``baseline`` is a number or ``"previous"``: the value of the same period one
year earlier. Steps 3 and 4 are :func:`jobstats.keyfigures.goal_status`.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import numpy as np
import pandas as pd

from jobstats import frame as _frame
from jobstats import taxonomy as _taxonomy
from jobstats.errors import Problem, UnknownNameError, ValidationError, close_matches
from jobstats.keyfigures.goals import Direction, Goal, goal_status
from jobstats.labels import area_label
from jobstats.numbers import Locale, format_number
from jobstats.paper._toml import KeyLines, key_lines, load_toml, shown
from jobstats.tables.table import Column, Language, Row, Table

__all__ = [
    "GoalGroup",
    "GoalResult",
    "GoalState",
    "GoalsFile",
    "Statistic",
    "SubGoal",
    "evaluate_goals",
    "goal_lines",
    "goal_state",
    "goal_tables",
    "parse_goals",
    "read_goals",
]

POPULATION = "population_16_66"
USER = "user"


class GoalState(StrEnum):
    """The state of a sub-goal (see the module docstring for the rule)."""

    MET = "opnået"
    ON_TRACK = "på rette vej"
    ATTENTION = "kræver opmærksomhed"
    NO_BASELINE = "baseline ikke fastlagt"
    NO_DATA = "ingen data"

    def text(self, language: Language) -> str:
        """The printed state: ``"opnået"`` / ``"met"``."""
        return self.value if language == "da" else _STATE_EN[self]


_STATE_EN = {GoalState.MET: "achieved", GoalState.ON_TRACK: "on track",
             GoalState.ATTENTION: "needs attention",
             GoalState.NO_BASELINE: "baseline not set", GoalState.NO_DATA: "no data"}


class Statistic(StrEnum):
    """How a sub-goal's value is computed from the data."""

    AVERAGE = "average"              # mean of the period's months (annual average)
    YEAR_TO_DATE = "year_to_date"    # January to the period's (latest) month
    POPULATION_SHARE = "population_share"  # average / population 16-66 × 100
    RANK = "rank"                    # place among the 98 kommuner by population share
    USER = "user"                    # values the user enters in the file


@dataclass(frozen=True)
class SubGoal:
    """One measurable sub-goal of a goals file (``[[goal.sub]]``)."""

    id: str
    title: str
    period: str
    statistic: Statistic
    direction: Direction = Direction.LOWER
    measure: str = USER
    target_group: str = "i_alt"
    target: float | None = None
    baseline: float | str | None = None
    compare: tuple[str, ...] = ()
    tolerance: float = 0.0
    values: Mapping[str, float] = field(default_factory=dict)
    decimals: int | None = None
    percent: bool | None = None
    unit: str = ""
    description: str = ""
    line: int = 0


@dataclass(frozen=True)
class GoalGroup:
    """A goal (``[[goal]]``) with its sub-goals."""

    id: str
    title: str
    subgoals: tuple[SubGoal, ...]
    line: int = 0


@dataclass(frozen=True)
class GoalsFile:
    """A parsed goals file."""

    goals: tuple[GoalGroup, ...]
    title: str = "Mål"
    source: str = "<goals>"
    clusters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def subgoals(self) -> tuple[SubGoal, ...]:
        """Every sub-goal, in file order."""
        return tuple(s for g in self.goals for s in g.subgoals)


_TOP_KEYS = ("title", "period", "compare", "goal")
_GOAL_KEYS = ("id", "title", "period", "compare", "sub")
_SUB_KEYS = ("id", "title", "measure", "target_group", "statistic", "direction", "target",
             "baseline", "compare", "period", "tolerance", "values", "decimals", "percent",
             "unit", "description")


class _Collector:
    def __init__(self, source: str, lines: KeyLines) -> None:
        self.source = source
        self.lines = lines
        self.problems: list[Problem] = []

    def line(self, where: tuple[str, tuple[int, ...]], key: str = "") -> int | None:
        keys = self.lines.get(where, {})
        return keys.get(key) or keys.get("")

    def area_names(self, raw: Mapping[str, Any], default: tuple[str, ...],
                   where: tuple[str, tuple[int, ...]]) -> tuple[str, ...]:
        """The ``compare`` list of an entry (``default`` when it has none); a value that
        is not a list of names is a problem, and gives no areas."""
        names = _strings(raw.get("compare", list(default)))
        if names is None:
            self.add("bad_type", "compare must be a list of area names", where, "compare",
                     raw.get("compare"))
            return ()
        return names

    def add(self, code: str, message: str, where: tuple[str, tuple[int, ...]], key: str = "",
            value: object = None, suggestions: Sequence[str] = ()) -> None:
        line = self.line(where, key)
        text = f"line {line}: {message}" if line else message
        self.problems.append(Problem(code, text, source=self.source, row=line,
                                     column=key or None,
                                     value=None if value is None else shown(value),
                                     suggestions=tuple(suggestions)))


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _period_ok(text: str) -> bool:
    try:
        p = pd.Period(text)
    except (ValueError, TypeError):
        return False
    return (p.freqstr in ("Y-DEC", "M") and len(text) in (4, 7)) or \
        (p.freqstr == "Q-DEC" and len(text) == 6)


def _strings(value: object) -> tuple[str, ...] | None:
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(",") if v.strip())
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return None


def parse_goals(text: str, *, source: str = "<goals>",
                taxonomy: _taxonomy.Taxonomy | None = None,
                data: Mapping[str, Any] | None = None) -> GoalsFile:
    """Parse and validate the text of a goals file; every problem is collected and
    raised together as :class:`~jobstats.errors.ValidationError`, each naming its line.

    >>> g = parse_goals('''
    ... [[goal]]
    ... id = "1"
    ... title = "Færre på offentlig forsørgelse"
    ... [[goal.sub]]
    ... id = "1A"
    ... title = "Andelen af befolkningen på offentlig forsørgelse skal falde"
    ... measure = "full_time_persons"
    ... statistic = "population_share"
    ... direction = "lower"
    ... baseline = "previous"
    ... period = "2018"
    ... ''')
    >>> s = g.subgoals[0]
    >>> (s.id, s.statistic.value, s.direction.value, s.baseline, s.line)
    ('1A', 'population_share', 'lower', 'previous', 5)
    """
    import tomllib

    tx = taxonomy or _taxonomy.default()
    lines = key_lines(text)
    if data is None:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ValidationError([Problem("bad_toml", f"not valid TOML: {exc}",
                                           source=source)]) from None
    col = _Collector(source, lines)
    top = ("", ())
    for key in data:
        if key not in _TOP_KEYS:
            col.add("unknown_key", f"unknown key {key!r}", top, key, None,
                    close_matches(key, _TOP_KEYS) or _TOP_KEYS)
    file_period = data.get("period")
    file_compare = col.area_names(data, (), top)
    goals_raw = data.get("goal", [])
    if not isinstance(goals_raw, list) or not goals_raw:
        col.add("no_goals", "the file has no [[goal]] entries", top)
        raise ValidationError(col.problems)
    groups: list[GoalGroup] = []
    seen: set[str] = set()
    for gi, graw in enumerate(goals_raw):
        where = ("goal", (gi,))
        if not isinstance(graw, dict):
            col.add("bad_type", "a goal must be a table", where)
            continue
        for key in graw:
            if key not in _GOAL_KEYS:
                col.add("unknown_key", f"goal: unknown key {key!r}", where, key, None,
                        close_matches(key, _GOAL_KEYS) or _GOAL_KEYS)
        gid = str(graw.get("id", gi + 1))
        gtitle = graw.get("title")
        if not isinstance(gtitle, str) or not gtitle.strip():
            col.add("missing_title", f"goal {gid} has no title", where, "title")
            gtitle = ""
        gperiod = graw.get("period", file_period)
        gcompare = col.area_names(graw, file_compare, where)
        subs: list[SubGoal] = []
        subs_raw = graw.get("sub", [])
        if not isinstance(subs_raw, list) or not subs_raw:
            col.add("no_subgoals", f"goal {gid} has no [[goal.sub]] entries", where)
            continue
        for si, sraw in enumerate(subs_raw):
            sub = _parse_sub(col, ("goal.sub", (gi, si)), sraw, gid, si, gperiod, gcompare, tx)
            if sub is None:
                continue
            if sub.id in seen:
                col.add("duplicate_id", f"sub-goal id {sub.id!r} is used twice",
                        ("goal.sub", (gi, si)), "id", sub.id)
            seen.add(sub.id)
            subs.append(sub)
        groups.append(GoalGroup(gid, str(gtitle), tuple(subs), col.line(where) or 0))
    if col.problems:
        raise ValidationError(col.problems)
    title = data.get("title", "Mål")
    return GoalsFile(tuple(groups), str(title), source)


def _parse_sub(col: _Collector, where: tuple[str, tuple[int, ...]], raw: object, gid: str,
               index: int, period: object, compare: tuple[str, ...],
               tx: _taxonomy.Taxonomy) -> SubGoal | None:
    if not isinstance(raw, dict):
        col.add("bad_type", "a sub-goal must be a table", where)
        return None
    before = len(col.problems)
    for key in raw:
        if key not in _SUB_KEYS:
            col.add("unknown_key", f"sub-goal: unknown key {key!r}", where, key, None,
                    close_matches(key, _SUB_KEYS) or _SUB_KEYS)
    sid = str(raw.get("id", f"{gid}{chr(ord('A') + index)}"))
    title = raw.get("title")
    if not isinstance(title, str) or not title.strip():
        col.add("missing_title", f"sub-goal {sid} has no title", where, "title")
        title = ""
    period = raw.get("period", period)
    if period is None:
        col.add("missing_period", f"sub-goal {sid} has no period (e.g. period = \"2018\" or "
                "\"2023M05\"; on the sub-goal, its goal or the file)", where)
    elif not isinstance(period, str | int) or isinstance(period, bool) \
            or not _period_ok(str(period)):
        col.add("bad_period", f"sub-goal {sid}: period must be a year \"2018\", a quarter "
                "\"2018Q4\" or a month \"2023M05\"", where, "period", period)
    measure = raw.get("measure", USER)
    statistic_raw = raw.get("statistic", "user" if measure == USER else "average")
    try:
        statistic = Statistic(statistic_raw)
    except ValueError:
        col.add("unknown_statistic", f"sub-goal {sid}: unknown statistic", where, "statistic",
                statistic_raw, close_matches(str(statistic_raw), [s.value for s in Statistic])
                or tuple(s.value for s in Statistic))
        statistic = Statistic.AVERAGE
    if not isinstance(measure, str):
        col.add("bad_type", f"sub-goal {sid}: measure must be a text", where, "measure",
                measure)
        measure = USER
    elif measure != USER:
        try:
            measure = tx.resolve_measure(measure)
        except UnknownNameError as exc:
            names = [USER, *tx.measures]
            col.add("unknown_measure", f"sub-goal {sid}: unknown measure {measure!r}; a "
                    "measure of the data or \"user\" for values entered in the file", where,
                    "measure", measure,
                    close_matches(measure, names) or exc.problems[0].suggestions)
    if (measure == USER) != (statistic is Statistic.USER):
        col.add("bad_statistic", f"sub-goal {sid}: statistic \"user\" goes with measure "
                "\"user\" (values entered in the file) and only with it", where, "statistic",
                statistic.value)
    group = raw.get("target_group", "i_alt")
    if measure != USER:
        try:
            group = tx.resolve_group(str(group))
        except UnknownNameError as exc:
            col.add("unknown_target_group", f"sub-goal {sid}: unknown target group", where,
                    "target_group", group, exc.problems[0].suggestions)
    direction_raw = raw.get("direction", "lower")
    try:
        direction = Direction(direction_raw)
    except ValueError:
        col.add("bad_direction", f"sub-goal {sid}: direction must be \"lower\" or \"higher\"",
                where, "direction", direction_raw, ("lower", "higher"))
        direction = Direction.LOWER
    target = raw.get("target")
    if target is not None and not _number(target):
        col.add("bad_type", f"sub-goal {sid}: target must be a number (without quotes or %)",
                where, "target", target)
        target = None
    baseline = raw.get("baseline")
    if baseline is not None and not _number(baseline) and baseline != "previous":
        col.add("bad_type", f"sub-goal {sid}: baseline must be a number or \"previous\"",
                where, "baseline", baseline)
        baseline = None
    tolerance = raw.get("tolerance", 0.0)
    if not _number(tolerance) or tolerance < 0:
        col.add("bad_type", f"sub-goal {sid}: tolerance must be a number ≥ 0", where,
                "tolerance", tolerance)
        tolerance = 0.0
    sub_compare = col.area_names(raw, compare, where)
    resolved: list[str] = []
    for name in sub_compare:
        try:
            resolved.append(tx.resolve_area(name))
        except UnknownNameError as exc:
            col.add("unknown_area", f"sub-goal {sid}: unknown comparison area {name!r}", where,
                    "compare", name, exc.problems[0].suggestions)
    values_raw = raw.get("values", {})
    values: dict[str, float] = {}
    if not isinstance(values_raw, dict):
        col.add("bad_type", f"sub-goal {sid}: values must be a table of period = number",
                where, "values", values_raw)
    else:
        for k, v in values_raw.items():
            if not _period_ok(str(k)):
                col.add("bad_period", f"sub-goal {sid}: values: {k!r} is not a period "
                        "(\"2022\" or \"2023M05\")", where, "values", k)
            elif not _number(v):
                col.add("bad_type", f"sub-goal {sid}: values: the value of {k} must be a "
                        "number", where, "values", v)
            else:
                values[str(k)] = float(v)
    if statistic is Statistic.USER and not values_raw:
        col.add("missing_values", f"sub-goal {sid}: a user measure needs values = {{ "
                "\"2022\" = ..., \"2023\" = ... }}", where, "measure")
    if statistic is not Statistic.USER and values_raw:
        col.add("bad_values", f"sub-goal {sid}: values are only for measure = \"user\"",
                where, "values")
    if statistic is Statistic.RANK and resolved:
        col.add("bad_compare", f"sub-goal {sid}: a ranking goal has no comparison areas "
                "(the ranking already compares every kommune)", where, "compare")
    decimals = raw.get("decimals")
    if decimals is not None and (not isinstance(decimals, int) or isinstance(decimals, bool)
                                 or not 0 <= decimals <= 4):
        col.add("bad_type", f"sub-goal {sid}: decimals must be a whole number 0-4", where,
                "decimals", decimals)
        decimals = None
    percent = raw.get("percent")
    if percent is not None and not isinstance(percent, bool):
        col.add("bad_type", f"sub-goal {sid}: percent must be true or false", where,
                "percent", percent)
        percent = None
    if len(col.problems) > before:
        return None
    return SubGoal(
        id=sid, title=str(title), period=str(period), statistic=statistic,
        direction=direction, measure=str(measure), target_group=str(group),
        target=None if target is None else float(target),
        baseline=baseline if baseline == "previous" or baseline is None else float(baseline),
        compare=tuple(resolved), tolerance=float(tolerance), values=values,
        decimals=decimals, percent=percent, unit=str(raw.get("unit", "")),
        description=str(raw.get("description", "")), line=col.line(where) or 0)


def read_goals(path: str | os.PathLike[str], *,
               taxonomy: _taxonomy.Taxonomy | None = None) -> GoalsFile:
    """Read and validate a goals file (see ``docs/goals.md``)."""
    data, text = load_toml(path, "goals file")
    return parse_goals(text, source=str(path), taxonomy=taxonomy, data=data)


# ---- the rule ---------------------------------------------------------------
def goal_state(current: float | None, *, direction: Direction | str = Direction.LOWER,
               target: float | None = None, baseline: float | None = None,
               has_baseline: bool | None = None, tolerance: float = 0.0) -> GoalState:
    """The state of a sub-goal with value ``current`` (see the module docstring).

    ``baseline`` is the number judged against (the previous value when the file
    says ``"previous"``); ``has_baseline`` says whether the goal has a baseline at
    all (default: ``baseline is not None``) — a baseline that is set but whose
    value is unknown judges as *kræver opmærksomhed*, not as *baseline ikke fastlagt*.

    >>> goal_state(2.9, direction="lower", baseline=3.1)
    <GoalState.MET: 'opnået'>
    >>> goal_state(5, direction="lower", target=3, baseline=8).value
    'på rette vej'
    >>> goal_state(71.0, direction="higher").value
    'baseline ikke fastlagt'
    >>> goal_state(float("nan"), target=3).value
    'ingen data'
    """
    if current is None or not math.isfinite(current):
        return GoalState.NO_DATA
    known = baseline is not None and math.isfinite(baseline)
    declared = known if has_baseline is None else has_baseline
    if target is None and not declared:
        return GoalState.NO_BASELINE
    if target is None and not known:
        return GoalState.ATTENTION
    goal = Goal("goal", Direction(direction), target, tolerance)
    return GoalState(goal_status(goal, current, baseline if known else None).value)


# ---- evaluation ---------------------------------------------------------------
@dataclass(frozen=True)
class GoalResult:
    """A sub-goal judged on the data: its values, baseline, comparisons and state."""

    subgoal: SubGoal
    area: str
    period_label: str
    previous_label: str
    current: float
    previous: float
    baseline: float | None
    state: GoalState
    comparisons: tuple[tuple[str, float, float], ...] = ()
    reason: str = ""
    goal_title: str = ""

    @property
    def percent(self) -> bool:
        """Whether the values are percentages."""
        s = self.subgoal
        if s.percent is not None:
            return s.percent
        return s.statistic is Statistic.POPULATION_SHARE or s.unit in ("pct", "%")

    @property
    def decimals(self) -> int:
        """Decimals the values are printed with."""
        s = self.subgoal
        if s.decimals is not None:
            return s.decimals
        if s.statistic is Statistic.RANK:
            return 0
        return 2 if self.percent else (1 if s.statistic is Statistic.YEAR_TO_DATE else 0)

    def text(self, value: float | None, language: Language = "da") -> str:
        """``value`` printed as this goal prints its numbers."""
        locale = Locale.DANISH if language == "da" else Locale.ENGLISH
        return format_number(value, self.decimals, percent=self.percent, locale=locale,
                             undefined="-")


_MONTHS_DA = ("jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.",
              "nov.", "dec.")
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
              "Dec")


def _months(period: pd.Period, statistic: Statistic, latest: pd.Period | None
            ) -> list[pd.Period]:
    year = int(period.year)
    if period.freqstr.startswith("Q"):
        first = 1 if statistic is Statistic.YEAR_TO_DATE else 3 * period.quarter - 2
        return [pd.Period(f"{year}-{m:02d}", "M") for m in range(first, 3 * period.quarter + 1)]
    if period.freqstr == "M":
        if statistic is Statistic.YEAR_TO_DATE:
            return [pd.Period(f"{year}-{m:02d}", "M") for m in range(1, period.month + 1)]
        return [period]
    last = 12
    if statistic is Statistic.YEAR_TO_DATE and latest is not None and latest.year == year:
        last = int(latest.month)
    return [pd.Period(f"{year}-{m:02d}", "M") for m in range(1, last + 1)]


def _label(months: Sequence[pd.Period], whole: pd.Period, language: Language) -> str:
    names = _MONTHS_DA if language == "da" else _MONTHS_EN
    if len(months) == 3 and months[0].month % 3 == 1 and months[-1].month == months[0].month + 2:
        quarter = (months[0].month + 2) // 3
        return (f"{quarter}. kvt. {months[0].year}" if language == "da"
                else f"Q{quarter} {months[0].year}")
    if len(months) == 1:
        return f"{names[months[0].month - 1]} {months[0].year}"
    if len(months) == 12:
        return str(whole.year)
    return f"{names[0]}-{names[months[-1].month - 1]} {months[-1].year}"


def _user_label(period: pd.Period, language: Language) -> str:
    if period.freqstr == "M" or period.freqstr.startswith("Q"):
        return _label(_months(period, Statistic.AVERAGE, None), period, language)
    return str(period)


class _Data:
    """Monthly sums per (measure, group, months) for any area or cluster of kommuner."""

    def __init__(self, frame: pd.DataFrame, tx: _taxonomy.Taxonomy) -> None:
        self.frame = frame
        self.tx = tx
        self._cache: dict[str, pd.DataFrame] = {}
        self.present = set(map(str, frame[_frame.AREA].cat.categories)) \
            if isinstance(frame[_frame.AREA].dtype, pd.CategoricalDtype) \
            else set(map(str, frame[_frame.AREA].unique()))

    def _measure(self, measure: str) -> pd.DataFrame:
        if measure not in self._cache:
            f = self.frame
            mask = _frame.rows_where(f, measure=measure)
            if "offer_type" in f.columns:
                mask &= f["offer_type"].isna().to_numpy()
            self._cache[measure] = f.loc[mask, [_frame.AREA, _frame.TARGET_GROUP,
                                                _frame.PERIOD, _frame.VALUE, _frame.BLINDED]]
        return self._cache[measure]

    def rows(self, measure: str, group: str | None, months: Sequence[pd.Period],
             areas: Sequence[str]) -> pd.DataFrame:
        f = self._measure(measure)
        equal: dict[str, object] = {"area": list(areas)}
        if group is not None:
            equal["target_group"] = group
        mask = _frame.rows_where(f, **equal)
        periods = f[_frame.PERIOD]
        if isinstance(periods.dtype, pd.PeriodDtype):
            wanted = np.array([m.ordinal for m in months], dtype=np.int64)
            mask &= np.isin(periods.array.asi8, wanted)
        else:
            mask &= periods.isin(list(months)).to_numpy()
        return f.loc[mask]

    def average(self, measure: str, group: str | None, months: Sequence[pd.Period],
                area: str) -> tuple[float, str]:
        """Mean over ``months`` of the area's value (a cluster: the sum of its kommuner)."""
        members = (area,) if area in self.present else self.tx.members(area)
        rows = self.rows(measure, group, months, members)
        if rows[_frame.BLINDED].any():
            return math.nan, "blinded"
        need = len(months) * len(members)
        values = rows[_frame.VALUE].to_numpy(dtype="float64")
        if len(rows) < need or np.isnan(values).any():
            return math.nan, f"{need - int(np.isfinite(values).sum())} of {need} values missing"
        return float(values.sum()) / len(months), ""

    def kommune_shares(self, measure: str, group: str, months: Sequence[pd.Period]
                       ) -> pd.Series:
        kommuner = [k for k in self.tx.kommuner() if k in self.present]
        num = self.rows(measure, group, months, kommuner)
        den = self.rows(POPULATION, None, months, kommuner)
        num = num[~num[_frame.BLINDED]]
        a = num.groupby(num[_frame.AREA].astype(str))[_frame.VALUE].agg(["sum", "count"])
        b = den.groupby(den[_frame.AREA].astype(str))[_frame.VALUE].agg(["sum", "count"])
        full = (a["count"] == len(months)) & (b["count"].reindex(a.index) == len(months))
        return (a["sum"] / b["sum"].reindex(a.index) * 100.0)[full]


def _value(data: _Data, sub: SubGoal, area: str, months: Sequence[pd.Period]
           ) -> tuple[float, str]:
    if sub.statistic is Statistic.POPULATION_SHARE:
        num, why = data.average(sub.measure, sub.target_group, months, area)
        den, why2 = data.average(POPULATION, None, months, area)
        if not (math.isfinite(num) and math.isfinite(den)) or den == 0:
            return math.nan, why or why2 or "population is 0"
        return num / den * 100.0, ""  # a group's share: ratio of its sums
    if sub.statistic is Statistic.RANK:
        shares = data.kommune_shares(sub.measure, sub.target_group, months)
        if area not in shares.index:
            return math.nan, f"{area} has no complete value"
        ascending = sub.direction is Direction.LOWER
        own = shares[area]
        better = (shares < own) if ascending else (shares > own)
        return float(better.sum() + 1), ""
    return data.average(sub.measure, sub.target_group, months, area)


def _latest_month(data: _Data, sub: SubGoal, area: str, year: int) -> pd.Period | None:
    members = (area,) if area in data.present else data.tx.members(area)
    months = [pd.Period(f"{year}-{m:02d}", "M") for m in range(1, 13)]
    rows = data.rows(sub.measure, sub.target_group, months, members)
    return None if rows.empty else max(rows[_frame.PERIOD])


def evaluate_goals(goals: GoalsFile, frame: pd.DataFrame | None, *, area: str,
                   language: Language = "da",
                   taxonomy: _taxonomy.Taxonomy | None = None) -> tuple[GoalResult, ...]:
    """Judge every sub-goal of ``goals`` for ``area`` on ``frame`` (see the rule above).

    A data measure's value is the mean of the period's months (a year: the annual
    average; ``year_to_date``: January to the latest month of that year in the
    data, compared with the same months a year earlier); a comparison area that
    is a cluster of kommuner is the sum of its kommuner, and its population share
    the ratio of those sums. Values that are missing or blinded give *ingen data*
    with the reason — never a guessed colour.
    """
    tx = taxonomy or _taxonomy.default()
    area = tx.resolve_area(area)
    data = _Data(frame, tx) if frame is not None else None
    out: list[GoalResult] = []
    for goal in goals.goals:
        for sub in goal.subgoals:
            out.append(_evaluate(sub, goal.title, data, area, language))
    return tuple(out)


def _evaluate(sub: SubGoal, goal_title: str, data: _Data | None, area: str,
              language: Language) -> GoalResult:
    period = pd.Period(sub.period)
    previous = period - (12 if period.freqstr == "M" else
                         4 if period.freqstr.startswith("Q") else 1)
    if sub.statistic is Statistic.USER:
        cur = sub.values.get(sub.period, math.nan)
        prev = sub.values.get(str(previous), math.nan)
        labels = (_user_label(period, language), _user_label(previous, language))
        reason = "" if math.isfinite(cur) else f"no value entered for {sub.period}"
        comps: list[tuple[str, float, float]] = []
    else:
        if data is None:
            raise ValidationError([Problem("no_data", f"sub-goal {sub.id} is measured from "
                                           "the data, but no data were given", row=sub.line)])
        latest = _latest_month(data, sub, area, int(period.year)) \
            if sub.statistic is Statistic.YEAR_TO_DATE else None
        months = _months(period, sub.statistic, latest)
        prev_months = [m - 12 for m in months]
        cur, reason = _value(data, sub, area, months)
        prev, _ = _value(data, sub, area, prev_months)
        labels = (_label(months, period, language), _label(prev_months, previous, language))
        comps = []
        for other in sub.compare:
            c, _ = _value(data, sub, other, months)
            p, _ = _value(data, sub, other, prev_months)
            comps.append((other, c, p))
    base = prev if sub.baseline == "previous" else sub.baseline
    base_f = None if base is None else float(base)
    state = goal_state(cur, direction=sub.direction, target=sub.target, baseline=base_f,
                       has_baseline=sub.baseline is not None, tolerance=sub.tolerance)
    return GoalResult(sub, area, labels[0], labels[1], float(cur), float(prev),
                      base_f, state, tuple(comps), reason, goal_title)


# ---- rendering ---------------------------------------------------------------
def goal_lines(results: Sequence[GoalResult], language: Language = "da"
               ) -> list[tuple[str, str, str]]:
    """``(goal, state, detail)`` per sub-goal, for :func:`jobstats.figures.plot_goals`
    (the state in ``language``: "opnået" / "achieved")."""
    out = []
    for r in results:
        s = r.subgoal
        if r.state is GoalState.NO_DATA:
            detail = r.reason
        elif s.statistic is Statistic.RANK:
            word = "plads" if language == "da" else "place"
            detail = (f"{word} {r.text(r.previous, language)} ({r.previous_label}) → "
                      f"{r.text(r.current, language)} ({r.period_label})")
        else:
            detail = (f"{r.text(r.previous, language)} ({r.previous_label}) → "
                      f"{r.text(r.current, language)} ({r.period_label})")
        if s.target is not None:
            detail += (" · mål: " if language == "da" else " · target: ") + r.text(s.target,
                                                                                 language)
        out.append((f"{s.id}. {s.title}", r.state.text(language), detail))
    return out


def goal_tables(results: Sequence[GoalResult], *, language: Language = "da",
                source: str = "") -> tuple[Table, ...]:
    """One table per sub-goal: a row for the previous and the current period, a column
    for the own area and each comparison area; the state as the table's verdict.

    A ranking sub-goal shows the place of last period beside this one.
    """
    tables = []
    for r in results:
        s = r.subgoal
        if s.statistic is Statistic.RANK:
            columns: tuple[Column, ...] = (Column("Placering" if language == "da"
                                                  else "Place"),)
            values: tuple[tuple[float, ...], ...] = ((r.previous,), (r.current,))
        else:
            columns = tuple(Column(area_label(a, language), decimals=r.decimals,
                                   percent=r.percent)
                            for a in (r.area, *(c[0] for c in r.comparisons)))
            values = ((r.previous, *(c[2] for c in r.comparisons)),
                      (r.current, *(c[1] for c in r.comparisons)))
        notes = []
        if s.target is not None:
            notes.append(("Mål: " if language == "da" else "Target: ") + r.text(s.target,
                                                                               language))
        if isinstance(s.baseline, float):
            notes.append("Baseline: "
                         + r.text(s.baseline, language))
        if r.reason:
            notes.append(("Ingen data: " if language == "da" else "No data: ") + r.reason)
        src = source if s.statistic is not Statistic.USER else (
            "Kilde: Egne opgørelser" if language == "da" else "Source: Own records")
        tables.append(Table(
            name=f"maal_{slug(s.id)}", title=f"{'Mål' if language == 'da' else 'Goal'} "
            f"{s.id}: {s.title}", columns=columns,
            rows=(Row(r.previous_label, key="previous"), Row(r.period_label, key="current")),
            values=values, stub="Periode" if language == "da" else "Period",
            description=s.description, source=src, notes=tuple(notes),
            verdict=r.state.text(language), language=language))
    return tuple(tables)


def slug(text: str) -> str:
    """A sub-goal id as part of a table name: ``"1A"`` → ``"1a"``."""
    return "".join(c if c.isalnum() else "_" for c in text.casefold())
