"""Key figures over the canonical frame.

Every function takes a canonical long frame (:mod:`jobstats.frame`) and returns a
new one: the same key columns, the result in ``value``, ``blinded`` kept apart
from missing, what was computed in ``measure`` (``base:suffix``), and helper
columns beside the value. Inputs are never modified. The rules, with worked
examples, are in ``docs/methodology.md``.

=============================  ===========================  ==========================
function                       measure written              helpers
=============================  ===========================  ==========================
:func:`annual_average`         same                         n_months, partial
:func:`yoy_change`             ``<m>:yoy``                  previous, undefined
:func:`national_share`         ``<m>:national_share``       reference, undefined
:func:`share_change`           ``<m>:national_share:yoy``   previous, undefined
:func:`population_share`       ``<m>:population_share``     reference, undefined
:func:`point_change`           ``<m>:point_change``         previous, undefined
:func:`rank`                   same                         place, own_area, kept
:func:`aggregate`              same                         undefined
:func:`rollup_groups`          same
:func:`consistency`            same                         computed, difference
:func:`activation_overview`    see the function             n_months, partial, undefined
:func:`composition`            same                         share, share_rounded
=============================  ===========================  ==========================

:func:`goal_status` judges a :class:`Goal` (:class:`GoalStatus`).

Speed: complete, ordered inputs (every key combination once, in nested order)
take a dense numpy fast path (:mod:`jobstats.keyfigures._dense`); anything else
takes a general path on integer group codes. Both give the same result.
"""

from jobstats.keyfigures._common import (
    DroppedRowsWarning,
    ImpreciseChangeWarning,
    PartialComparisonWarning,
)
from jobstats.keyfigures.activation import OFFER_TYPES, activation_overview
from jobstats.keyfigures.aggregation import (
    IncompleteAggregateWarning,
    aggregate,
    consistency,
    rollup_groups,
)
from jobstats.keyfigures.annual import annual_average
from jobstats.keyfigures.breakdown import composition, largest_remainder
from jobstats.keyfigures.change import point_change, share_change, yoy_change
from jobstats.keyfigures.goals import Direction, Goal, GoalStatus, goal_status
from jobstats.keyfigures.ranking import danish_sort_key, rank
from jobstats.keyfigures.shares import national_share, population_share

__all__ = [
    "OFFER_TYPES",
    "Direction",
    "DroppedRowsWarning",
    "Goal",
    "GoalStatus",
    "ImpreciseChangeWarning",
    "IncompleteAggregateWarning",
    "PartialComparisonWarning",
    "activation_overview",
    "aggregate",
    "annual_average",
    "composition",
    "consistency",
    "danish_sort_key",
    "goal_status",
    "largest_remainder",
    "national_share",
    "point_change",
    "population_share",
    "rank",
    "rollup_groups",
    "share_change",
    "yoy_change",
]
