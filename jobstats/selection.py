"""Selecting rows of the canonical frame by name — every name the frame lacks
reported at once, with close matches — and the years of a period column.

Below the key figures and the tables: the bundle of key figures
(:mod:`jobstats.keyfigures.bundle`) and the table builders select with these.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from jobstats import frame as _frame
from jobstats.batch_cache import positions, shared
from jobstats.errors import Problem, Reason, ValidationError, close_matches
from jobstats.identity_memo import IdentityMemo

__all__ = ["present_values", "require", "select", "select_rows", "year_of", "years_of"]


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
    values = list(values)
    if _all_present(frame, column, values):
        return
    present = shared(frame, ("present", column), lambda: present_values(frame, column))
    missing = [v for v in values if v not in present]
    if missing:
        raise ValidationError([
            Problem(_MISSING[what], f"{where}: the frame has no rows for {what} {v!r}",
                    column=column, value=v,
                    suggestions=close_matches(v, sorted(present)) or tuple(sorted(present))[:5])
            for v in missing])


def _all_present(frame: pd.DataFrame, column: str, values: list[str]) -> bool:
    """Whether the categorical ``column`` has every one of ``values`` (a quick yes for
    the usual case; ``False`` also when it cannot tell quickly)."""
    if column not in frame or not values:
        return False
    col = frame[column]
    if not isinstance(col.dtype, pd.CategoricalDtype):
        return False
    codes = _frame.category_codes(col.dtype.categories, values)
    if len(codes) != len(set(values)):
        return False
    seen = shared(frame, ("codes_seen", column), lambda: _codes_seen(col.array))
    return bool(seen[codes].all())


def _codes_seen(values: pd.Categorical) -> npt.NDArray[np.bool_]:
    seen = np.zeros(len(values.categories) + 1, dtype=bool)
    seen[values.codes] = True  # a missing value (code -1) marks the last slot
    return seen


_DTYPES: IdentityMemo[pd.CategoricalDtype] = IdentityMemo(limit=1024)


def _without_unused(values: pd.Categorical) -> pd.Categorical | None:
    """``values.remove_unused_categories()`` (the same categories, codes and dtype), or
    ``None`` when every category is used. The smaller dtype is remembered per
    categories object and set of used categories (many small selections share them)."""
    categories = values.categories
    codes = values.codes
    used = np.zeros(len(categories) + 1, dtype=bool)
    used[codes] = True  # a missing value (code -1) marks the last slot
    kept = used[:-1]
    if kept.all():
        return None
    dtype = _DTYPES.get_or_make(
        (categories,), (bool(values.ordered), np.packbits(kept).tobytes()),
        lambda: pd.CategoricalDtype(categories.take(np.flatnonzero(kept)),
                                    ordered=values.ordered))
    remap = np.cumsum(kept) - 1
    new_codes = np.where(codes >= 0, remap[codes], -1)
    return pd.Categorical.from_codes(new_codes, dtype=dtype)


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
    out = _where(frame, wanted)
    drop = [c for c in _frame.dimensions(out) if out[c].isna().all()]
    if drop:
        out = out.copy(deep=False)  # a new frame of the selected rows: drop in place
        for c in drop:
            del out[c]
    for col in (_frame.AREA, _frame.TARGET_GROUP, _frame.MEASURE, *_frame.dimensions(out)):
        if isinstance(out[col].dtype, pd.CategoricalDtype):
            values = out[col].array
            assert isinstance(values, pd.Categorical)
            fewer = _without_unused(values)
            if fewer is not None:  # else the same categories: nothing to remove
                out[col] = fewer
    out = out.reset_index(drop=True)
    out.attrs = dict(frame.attrs)
    return out


def select_rows(frame: pd.DataFrame, **equal: object) -> pd.DataFrame:
    """:func:`jobstats.frame.select_rows` (same rows, index, dtypes and ``attrs``), from
    the row positions of each area shared in a batch (:func:`~jobstats.batch_cache.positions`)
    instead of a scan of the whole frame.

    >>> f = _frame.make_frame(pd.DataFrame({
    ...     "area": ["Gentofte", "Hele landet", "Gentofte"], "target_group": "sygedagpenge",
    ...     "period": pd.Period("2018-01", "M"), "measure": "full_time_persons",
    ...     "value": [561.0, 67000.0, 540.0]}))
    >>> select_rows(f, area="Gentofte").equals(_frame.select_rows(f, area="Gentofte"))
    True
    """
    out = _where(frame, equal)
    out.attrs = dict(frame.attrs)
    return out


def _where(frame: pd.DataFrame, equal: Mapping[str, object]) -> pd.DataFrame:
    """``frame.loc[rows_where(frame, **equal)]``; inside a batch the rows of the wanted
    areas are taken by their shared positions first (the same rows in the same order:
    a boolean mask takes its rows by ascending position too)."""
    wanted = equal.get(_frame.AREA)
    index = positions(frame, _frame.AREA) if wanted is not None else None
    if index is None:
        return frame.loc[_frame.rows_where(frame, **equal)]
    values = list(wanted) if (isinstance(wanted, Iterable)
                              and not isinstance(wanted, (str, bytes))) else [wanted]
    dtype = frame[_frame.AREA].dtype
    assert isinstance(dtype, pd.CategoricalDtype)
    codes = _frame.category_codes(dtype.categories, values)
    parts = [index[c] for c in codes]
    taken = parts[0] if len(parts) == 1 else \
        np.sort(np.concatenate(parts)) if parts else np.empty(0, dtype=np.intp)
    rows = frame.take(taken)
    rest = {k: v for k, v in equal.items() if k != _frame.AREA}
    return rows.loc[_frame.rows_where(rows, **rest)] if rest else rows
