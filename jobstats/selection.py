"""Selecting rows of the canonical frame by name — every name the frame lacks
reported at once, with close matches — and the years of a period column.

Below the key figures and the tables: the bundle of key figures
(:mod:`jobstats.keyfigures.bundle`) and the table builders select with these.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from jobstats import frame as _frame
from jobstats.batch_cache import shared
from jobstats.errors import Problem, Reason, ValidationError, close_matches

__all__ = ["present_values", "require", "select", "year_of", "years_of"]


def year_of(period: object) -> int:
    """The (end) year of a period: 2018 for ``2018``, ``2018-12`` or ``2018QMAT04``."""
    if isinstance(period, pd.Period):
        return int(period.end_time.year)
    return int(str(period)[:4])


def years_of(periods: pd.Series) -> npt.NDArray[np.int64]:
    """:func:`year_of` of every element, vectorised for a period column.

    >>> years_of(pd.Series(pd.period_range("2017-11", periods=3, freq="M"))).tolist()
    [2017, 2017, 2018]
    >>> years_of(pd.Series([pd.Period("2022", "Y-MAR"), pd.Period("2022Q4", "Q-DEC")])).tolist()
    [2022, 2022]
    """
    if isinstance(periods.dtype, pd.PeriodDtype):
        freq = periods.dtype.freq
        ordinals = np.asarray(periods.array.asi8)
        if freq.n == 1 and not (ordinals == _NAT).any():
            # month and (anchored) year ordinals count from 1970: no timestamps needed
            if isinstance(freq, pd.offsets.MonthEnd):
                return ordinals // 12 + 1970
            if isinstance(freq, pd.offsets.YearEnd):
                return ordinals + 1970
        return np.asarray(periods.dt.end_time.dt.year, dtype=np.int64)
    return np.array([year_of(p) for p in periods], dtype=np.int64)


_NAT = np.iinfo(np.int64).min


def present_values(frame: pd.DataFrame, column: str) -> set[str]:
    """The distinct values of ``column`` (missing left out), as strings; empty when the
    frame has no such column. A categorical column is read from its codes.

    >>> f = pd.DataFrame({"area": pd.Categorical(["Gentofte", None, "Gentofte"],
    ...                                          categories=["Gentofte", "Odense"])})
    >>> present_values(f, "area")
    {'Gentofte'}
    """
    if column not in frame:
        return set()
    col = frame[column]
    if isinstance(col.dtype, pd.CategoricalDtype):
        codes = col.cat.codes.to_numpy()
        n = len(col.cat.categories)
        seen = np.zeros(n + 1, dtype=bool)
        seen[codes] = True  # a missing value (code -1) marks the extra last slot
        return {str(v) for v in col.cat.categories[seen[:n]]}
    return {str(v) for v in col.dropna().unique()}


_MISSING: dict[str, Reason] = {"measure": Reason.MISSING_MEASURE,
                               "area": Reason.MISSING_AREA,
                               "target_group": Reason.MISSING_TARGET_GROUP}


def require(frame: pd.DataFrame, column: str, values: Iterable[str], what: str,
            where: str) -> None:
    """Raise one :class:`ValidationError` listing every value absent from ``column``."""
    present = shared(frame, ("present", column), lambda: present_values(frame, column))
    missing = [v for v in values if v not in present]
    if missing:
        raise ValidationError([
            Problem(_MISSING[what], f"{where}: the frame has no rows for {what} {v!r}",
                    column=column, value=v,
                    suggestions=close_matches(v, sorted(present)) or tuple(sorted(present))[:5])
            for v in missing])


def select(frame: pd.DataFrame, *, measures: Sequence[str] | None = None,
           areas: Sequence[str] | None = None, groups: Sequence[str] | None = None,
           where: str = "table") -> pd.DataFrame:
    """Rows of the given measures/areas/groups, all-empty extra dimensions dropped."""
    wanted: dict[str, list[str]] = {}
    for column, values, what in ((_frame.MEASURE, measures, "measure"),
                                 (_frame.AREA, areas, "area"),
                                 (_frame.TARGET_GROUP, groups, "target_group")):
        if values is not None:
            require(frame, column, values, what, where)
            wanted[column] = list(values)
    out = frame.loc[_frame.rows_where(frame, **wanted)]
    drop = [c for c in _frame.dimensions(out) if out[c].isna().all()]
    out = out.drop(columns=drop)
    for col in (_frame.AREA, _frame.TARGET_GROUP, _frame.MEASURE, *_frame.dimensions(out)):
        if isinstance(out[col].dtype, pd.CategoricalDtype):
            out[col] = out[col].cat.remove_unused_categories()
    out = out.reset_index(drop=True)
    out.attrs = dict(frame.attrs)
    return out
