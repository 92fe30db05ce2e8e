"""Goal status for the employment plan's political goals (trafiklys).

A :class:`Goal` has a direction (is lower or higher better?) and optionally a
target level. :func:`goal_status` judges the current value, against the
previous one where needed, with this rule:

1. **With a target** ("at most 2,5% of the population", "among the 3 lowest",
   i.e. place ≤ 3):

   * *opnået* — the current value has reached the target (≤ target when lower
     is better, ≥ when higher is better);
   * *på rette vej* — not reached, but better than the previous value by more
     than ``tolerance`` (moving towards the target);
   * *kræver opmærksomhed* — otherwise (unchanged, worse, or no previous value).

2. **Without a target** ("must fall compared with last year"): the target is the
   previous value itself:

   * *opnået* — better than the previous value by more than ``tolerance``;
   * *kræver opmærksomhed* — otherwise. (*På rette vej* needs a target to be
     on the way to.)

An undefined or blinded value cannot be judged: :func:`goal_status` raises
:class:`~jobstats.errors.ValidationError` (code ``undefined_value``) rather than
guess a colour.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from jobstats.errors import Problem, ValidationError

__all__ = ["Direction", "Goal", "GoalStatus", "goal_status"]


class GoalStatus(StrEnum):
    """The verdict on a goal (the 2023 reports' traffic light)."""

    MET = "opnået"
    ON_TRACK = "på rette vej"
    ATTENTION = "kræver opmærksomhed"


class Direction(StrEnum):
    """Which way is better for a goal's value."""

    LOWER = "lower"
    HIGHER = "higher"


@dataclass(frozen=True)
class Goal:
    """A political goal: its name, which direction is better, an optional target.

    ``tolerance`` is the smallest change that counts as a change (e.g. 0.005 for
    shares printed with 2 decimals).
    """

    name: str
    direction: Direction = Direction.LOWER
    target: float | None = None
    tolerance: float = 0.0

    def __post_init__(self) -> None:
        if not isinstance(self.direction, Direction):
            object.__setattr__(self, "direction", Direction(self.direction))
        if self.tolerance < 0:
            raise ValidationError([Problem("bad_tolerance", "tolerance must be >= 0",
                                           value=self.tolerance)])


def _defined(x: float | None) -> bool:
    return x is not None and isinstance(x, int | float) and math.isfinite(x)


def goal_status(goal: Goal, current: float, previous: float | None = None) -> GoalStatus:
    """The status of ``goal`` given the current (and previous) value.

    >>> g = Goal("Færre på offentlig forsørgelse", Direction.LOWER)
    >>> goal_status(g, 14.2, previous=14.6)
    <GoalStatus.MET: 'opnået'>
    >>> top3 = Goal("Blandt de 3 laveste", Direction.LOWER, target=3)
    >>> goal_status(top3, 5, previous=8).value
    'på rette vej'
    >>> goal_status(top3, 9, previous=8).value
    'kræver opmærksomhed'
    """
    if not _defined(current):
        raise ValidationError([Problem(
            "undefined_value", f"goal {goal.name!r}: the current value is undefined or "
            "blinded; a goal cannot be judged on it", value=current)])
    prev = previous if _defined(previous) else None

    def better(a: float, b: float) -> bool:
        if goal.direction is Direction.LOWER:
            return a < b - goal.tolerance
        return a > b + goal.tolerance

    if goal.target is not None:
        reached = (current <= goal.target if goal.direction is Direction.LOWER
                   else current >= goal.target)
        if reached:
            return GoalStatus.MET
        if prev is not None and better(current, prev):
            return GoalStatus.ON_TRACK
        return GoalStatus.ATTENTION
    if prev is None:
        raise ValidationError([Problem(
            "undefined_value", f"goal {goal.name!r} has no target, so it needs the "
            "previous value to compare with", value=previous)])
    return GoalStatus.MET if better(current, prev) else GoalStatus.ATTENTION
