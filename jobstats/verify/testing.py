"""Assert helpers for an analyst's pytest suite.

>>> assert_consistent(change_consistent("804", "816", "+1,39%"))
>>> assert_consistent(change_consistent("300", "310", "+8,00%"))
Traceback (most recent call last):
...
AssertionError: 1 of 1 checks inconsistent
relation          published  reachable             prints as        verdict
----------------  ---------  --------------------  ---------------  ------------
change 300 → 310  +8,00%     (+2,9950%; +3,6728%)  +3,00% … +3,67%  inconsistent
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from jobstats.verify._text import text_table
from jobstats.verify.comparison import CompareReport, compare
from jobstats.verify.number import PublishedLike
from jobstats.verify.relations import Verdict, change_consistent
from jobstats.verify.table import VerifyReport

__all__ = ["assert_consistent", "assert_matches_published"]

_ = change_consistent  # used by the module doctest


def assert_consistent(result: VerifyReport | CompareReport | Verdict | Iterable[Verdict], *,
                      allow_not_checkable: bool = True) -> None:
    """Fail with a readable table when a report or verdicts hold an inconsistency.

    Accepts a :class:`~jobstats.verify.table.VerifyReport` (findings and copied
    columns), a :class:`~jobstats.verify.comparison.CompareReport` (differences), one
    :class:`~jobstats.verify.relations.Verdict` or several. Not-checkable
    verdicts pass unless ``allow_not_checkable=False``.
    """
    __tracebackhide__ = True
    if isinstance(result, VerifyReport):
        bad = list(result.findings)
        if not allow_not_checkable:
            bad += list(result.not_checkable)
        if bad or result.copied:
            shown = VerifyReport(result.source, tuple(bad), result.copied)
            raise AssertionError(shown.format())
        return
    if isinstance(result, CompareReport):
        if not result.ok:
            raise AssertionError(result.format())
        return
    verdicts = [result] if isinstance(result, Verdict) else list(result)
    failing = [v for v in verdicts
               if v.inconsistent or (not allow_not_checkable and not v.checkable)]
    if failing:
        rows = [[v.relation, str(v.published) or "(empty)", v.reachable_text(), v.printable(),
                 v.status.value + (f" ({v.reason})" if v.reason else "")] for v in failing]
        raise AssertionError(
            f"{len(failing)} of {len(verdicts)} checks "
            f"{'inconsistent' if allow_not_checkable else 'inconsistent or not checkable'}\n"
            + text_table(["relation", "published", "reachable", "prints as", "verdict"], rows))


def assert_matches_published(
        computed: pd.DataFrame | pd.Series | Mapping[Any, float | None],
        published_figures: pd.DataFrame | pd.Series | Mapping[Any, PublishedLike], *,
        on: Sequence[str] | None = None, decimals: int | None = None,
        unit: int | None = None) -> CompareReport:
    """:func:`~jobstats.verify.comparison.compare`, failing with the table of differences.

    >>> assert_matches_published({"2018": 815.6}, {"2018": "816"}).ok
    True
    """
    __tracebackhide__ = True
    report = compare(computed, published_figures, on=on, decimals=decimals, unit=unit)
    assert_consistent(report)
    return report
