"""Relative change against a year earlier: ``yoy_change``, ``share_change``, ``point_change``.

The change is ``(this / previous - 1) * 100`` in %, with these rules:

========================  =============  ============================================
previous → this           value          flags
========================  =============  ============================================
0 → 0                     NaN            ``undefined`` True (printed "–"; a change
                                         of nothing is not checkable, never 0 %)
x → 0 (x ≠ 0)             −100
0 → x (x ≠ 0)             NaN            ``undefined`` True (never ±inf)
no previous year          NaN            ``undefined`` True (never another year)
missing value (NaN)       NaN            ``undefined`` True
either side blinded       NaN            ``blinded`` True (blinded in, blinded out)
========================  =============  ============================================

The previous value is the row with the same keys and the period exactly one
year earlier (``period - 1`` for years and QMAT years, ``- 12`` months,
``- 4`` quarters); a gap is never bridged. Every input row gives one output row.
If the input has ``partial``/``n_months`` helpers, ``partial`` is true when either
year is partial and a :class:`PartialComparisonWarning` is issued when the two
years rest on different numbers of months.

**Rounded rates.** A rate read from a published file (a base measure in per cent,
such as ``pct_workforce``) carries the rounding of the source: ``0.1`` stands for
any true rate in ``[0.05, 0.15)``. Its relative change can then be far from the
true one: 0.1 → 0.3 prints +200 %, but the true rates allow anything from +67 %
to +600 %. When the frame holds such rates (the values of a percent base measure
have at most 6 decimals, taken as their rounding), the result gets a helper
``imprecise``: True when the rounding of the two rates leaves the change uncertain
by more than :data:`IMPRECISE_SPREAD` (20) percentage points (± 10), and an
:class:`ImpreciseChangeWarning` names how many and the first. The value is kept
(it is the change of the published rates); a report should show such a change as
unreliable, or the difference in percentage points instead.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from jobstats import frame as _frame
from jobstats.errors import Problem, ValidationError
from jobstats.frame import BLINDED, MEASURE, PERIOD, VALUE
from jobstats.keyfigures import _dense
from jobstats.keyfigures._common import (
    BoolArray,
    ImpreciseChangeWarning,
    IntArray,
    PartialComparisonWarning,
    assemble,
    check_frame,
    duplicate_rows,
    encode,
    full_check,
    key_frame,
    lookup,
    period_freq,
    raise_duplicates,
    renamed_measure,
    set_measure,
)

__all__ = ["IMPRECISE_SPREAD", "point_change", "share_change", "yoy_change"]

IMPRECISE_SPREAD = 20.0
"""Percentage points: a relative change of a rounded rate whose possible true values
(given the rounding of both rates) spread wider than this is flagged ``imprecise``."""


def _decimals(values: npt.NDArray[np.float64]) -> int | None:
    """The most decimals any finite value shows (its shortest repr), taken as the
    rounding of published values; None beyond 6 (computed values, not rounded)."""
    most = 0
    for v in np.unique(values[np.isfinite(values)]):  # a rounded rate repeats its values
        text = repr(float(v))
        if "e" in text:
            return None
        digits = len(text.split(".")[1].rstrip("0")) if "." in text else 0
        if digits > 6:
            return None
        most = max(most, digits)
    return most


def _rounded_rates(frame: pd.DataFrame) -> dict[str, float]:
    """Half the rounding step of each percent base measure with rounded values."""
    from jobstats.labels import is_percent

    out: dict[str, float] = {}
    column = frame[MEASURE]
    names = column.cat.categories if isinstance(column.dtype, pd.CategoricalDtype) \
        else column.unique()
    for name in names:
        m = str(name)
        if ":" in m or not is_percent(m):
            continue
        rows = (column == name).to_numpy(dtype=bool, na_value=False)
        if not rows.any():
            continue
        d = _decimals(frame[VALUE].to_numpy(dtype=np.float64)[rows])
        if d is not None:
            out[m] = 0.5 * 10.0 ** -d
    return out


def _imprecise(cur: npt.NDArray[np.float64], prev: npt.NDArray[np.float64],
               half: npt.NDArray[np.float64]) -> BoolArray:
    """Whether the relative change of ``prev`` → ``cur``, each ± ``half``, spreads
    over more than IMPRECISE_SPREAD points (unbounded when ``prev`` may be 0)."""
    lo_p, hi_p = prev - half, prev + half
    lo_c, hi_c = cur - half, cur + half
    with np.errstate(all="ignore"):
        corners = np.stack([lo_c / lo_p, lo_c / hi_p, hi_c / lo_p, hi_c / hi_p])
        spread = (corners.max(axis=0) - corners.min(axis=0)) * 100.0
    spans_zero = (lo_p <= 0) & (hi_p >= 0)
    out: BoolArray = (spans_zero | ~np.isfinite(spread) | (spread > IMPRECISE_SPREAD)) \
        & (half > 0) & np.isfinite(cur) & np.isfinite(prev)
    return out


class _Earlier:
    """Values of the row ``lag`` periods earlier, for each queried row (or a fill value).

    Dense layout: a shift along the period axis of the grid (slices, no row ids).
    General: integer series ids and a look-up of ``id - lag``.
    """

    def __init__(self, frame: pd.DataFrame, lag: int, where: str,
                 rows: IntArray | None) -> None:
        self.rows = rows
        self.prev: IntArray | None = None
        self.src: IntArray | None = None
        self.has_prev: BoolArray | None = None
        n = len(frame)
        layout = _dense.detect(frame, _frame.key_columns(frame))
        self.layout = layout
        if layout is not None:
            p = layout.axis(PERIOD)
            lv = layout.levels[p]
            order = np.argsort(lv, kind="stable")
            at = np.minimum(np.searchsorted(lv[order], lv - lag), len(lv) - 1)
            hit = lv[order[at]] == lv - lag
            self.src = np.where(hit, order[at], -1).astype(np.int64)
            self.cube = (int(np.prod(layout.shape[:p], dtype=np.int64)), len(lv),
                         layout.stride(PERIOD))
            # consecutive periods: the earlier row is one step back along the period axis
            self.shift = bool(len(lv) > 1 and self.src[0] < 0
                              and np.array_equal(self.src[1:], np.arange(len(lv) - 1)))
            return
        series_cols = [c for c in _frame.key_columns(frame) if c != PERIOD]
        lin, size = encode(frame, series_cols)
        ords = np.asarray(frame[PERIOD].array.asi8, dtype=np.int64)
        o0 = int(ords.min()) if n else 0
        n_periods = (int(ords.max()) - o0 + 1) if n else 1
        pos = ords - o0
        lin *= n_periods
        lin += pos
        ids = lin
        id_size = size * n_periods
        raise_duplicates(frame, duplicate_rows(ids, id_size), where)
        if rows is None:
            q_ids, q_pos = ids, pos
        else:
            q_ids, q_pos = ids[rows], pos[rows]
        query = np.where(q_pos >= lag, q_ids - lag, -1)
        prev = lookup(query, ids, np.arange(n, dtype=np.int64), id_size)
        self.has_prev = prev >= 0
        self.prev = np.where(self.has_prev, prev, 0)

    def _select(self, arr: npt.NDArray[Any]) -> npt.NDArray[Any]:
        return arr if self.rows is None else arr[self.rows]

    def current(self, arr: npt.NDArray[Any]) -> npt.NDArray[Any]:
        """``arr`` at the queried rows."""
        return self._select(arr)

    def __call__(self, arr: npt.NDArray[Any], fill: Any = None) -> npt.NDArray[Any]:
        """``arr`` at the earlier row of each queried row; where there is none, ``fill``
        (None: the queried row's own value). Always a new array."""
        if self.prev is not None:
            assert self.has_prev is not None
            other = self.current(arr) if fill is None else fill
            return np.asarray(np.where(self.has_prev, arr[self.prev], other))
        assert self.src is not None
        pre, n_p, post = self.cube
        cube = arr.reshape(pre, n_p, post)
        src = self.src
        out = np.empty_like(cube)
        if self.shift:  # the earlier row is ``post`` rows back: one contiguous copy
            flat = arr.reshape(-1)
            out.reshape(-1)[post:] = flat[:len(flat) - post]
            out[:, 0, :] = cube[:, 0, :] if fill is None else fill  # (no earlier period)
        else:
            np.take(cube, np.maximum(src, 0), axis=1, out=out)
            none = src < 0
            out[:, none, :] = cube[:, none, :] if fill is None else fill
        return self._select(out.reshape(-1))


def _change(frame: pd.DataFrame, lag: int, suffix: str, where: str,
            rows: IntArray | None = None) -> pd.DataFrame:
    """Change of each row (or of ``rows``) against the row ``lag`` periods earlier."""
    earlier = _Earlier(frame, lag, where, rows)
    values = frame[VALUE].to_numpy(dtype=np.float64)
    blind = frame[BLINDED].to_numpy(dtype=bool)
    cur = earlier.current(values)
    pv = earlier(values, np.nan)
    pb = earlier(blind, False)
    blinded = earlier.current(blind) | pb
    with np.errstate(all="ignore"):
        value = cur / pv
        value -= 1.0
        value *= 100.0
    # a previous 0 (0 -> x and 0 -> 0 alike: no relative change exists) gives ±inf or NaN,
    # as does a missing value or year: all undefined
    undefined = np.isfinite(value)
    np.logical_not(undefined, out=undefined)
    value[undefined | blinded] = np.nan
    undefined &= ~blinded
    previous = pv
    previous[pb] = np.nan

    helpers: dict[str, np.ndarray] = {"previous": previous, "undefined": undefined}
    rates = _rounded_rates(frame)
    if rates:
        column = frame[MEASURE]
        half_all = np.zeros(len(frame))
        for m, h in rates.items():
            half_all[(column == m).to_numpy(dtype=bool, na_value=False)] = h
        half = np.nan_to_num(earlier.current(half_all), nan=0.0)
        imprecise = _imprecise(cur, pv, half) & ~undefined & ~blinded
        helpers["imprecise"] = imprecise
        if imprecise.any():
            i = int(np.flatnonzero(imprecise)[0])
            first = earlier.current(np.arange(len(frame)))[i]
            row = frame.iloc[int(first)]
            warnings.warn(
                f"{where}: {int(imprecise.sum())} change(s) of rounded rates are imprecise "
                f"(the rounding leaves them uncertain by more than {IMPRECISE_SPREAD:g} "
                f"points), e.g. {row[_frame.AREA]} {row[MEASURE]} {pv[i]:g} → {cur[i]:g}: "
                f"{value[i]:+.0f} %; they are flagged imprecise",
                ImpreciseChangeWarning, stacklevel=3)
    columns = frame.columns
    differ: BoolArray | None = None
    if "n_months" in columns:
        nm = frame["n_months"].to_numpy(dtype=np.int64)
        cur_nm = earlier.current(nm)
        differ = earlier(nm) != cur_nm  # no earlier row: compared with itself
        helpers["n_months"] = cur_nm
        if differ.any():
            bad = int(differ.sum())
            warnings.warn(f"{where}: {bad} change(s) compare periods resting on different "
                          "numbers of months (a partial year against a fuller one); they "
                          "are flagged partial", PartialComparisonWarning, stacklevel=3)
    if "partial" in columns or differ is not None:
        if "partial" in columns:
            part = frame["partial"].to_numpy(dtype=bool)
            partial = earlier.current(part) | earlier(part, False)
            if differ is not None:
                partial |= differ
        else:
            assert differ is not None
            partial = differ
        helpers["partial"] = partial
    keys = key_frame(frame, rows,
                     looked_up=earlier.layout.series if earlier.layout is not None else None)
    keys = set_measure(keys, renamed_measure(keys[MEASURE], suffix))
    return assemble(keys, value, blinded, helpers)


def yoy_change(annual: pd.DataFrame, *, check: bool = False) -> pd.DataFrame:
    """Year-over-year change in % of annual values ("udvikling i procent").

    ``annual`` has annual periods (calendar or QMAT years, e.g. from
    :func:`annual_average`). Returns one row per input row, measure ``<m>:yoy``,
    helpers ``previous`` and ``undefined`` (see the module doc for the rules).

    >>> import pandas as pd
    >>> from jobstats import make_frame
    >>> a = make_frame(pd.DataFrame({
    ...     "area": "Gentofte", "target_group": ["sygedagpenge"] * 3 + ["revalidering"] * 3,
    ...     "period": [pd.Period(str(y), "Y") for y in (2016, 2017, 2018)] * 2,
    ...     "measure": "full_time_persons", "value": [0.0, 0.0, 5.0, 80.0, 66.0, 0.0]}))
    >>> yoy_change(a)[["target_group", "value", "undefined"]]
       target_group  value  undefined
    0  sygedagpenge    NaN       True
    1  sygedagpenge    NaN       True
    2  sygedagpenge    NaN       True
    3  revalidering    NaN       True
    4  revalidering  -17.5      False
    5  revalidering -100.0      False
    """
    where = "yoy_change"
    annual = check_frame(annual, where)
    if check:
        full_check(annual, where)
    freq = period_freq(annual, where)
    if not freq.startswith("Y-"):
        raise ValidationError([Problem(
            "not_annual", f"{where}: periods are {freq}, not years; take annual_average "
            "first, or use point_change for the same month a year earlier",
            column=PERIOD, value=freq)])
    return _change(annual, 1, "yoy", where)


def share_change(shares: pd.DataFrame, *, check: bool = False) -> pd.DataFrame:
    """The relative change in % of national shares ("udvikling i landsandel").

    ``shares`` is the result of :func:`national_share` on annual values; the result
    has measure ``<m>:national_share:yoy``. It is the change of the share, not a
    difference in percentage points: 0,93% → 0,99% is +6,45%.

    >>> import pandas as pd
    >>> from jobstats import make_frame
    >>> s = make_frame(pd.DataFrame({
    ...     "area": "Gentofte", "target_group": "sygedagpenge",
    ...     "period": [pd.Period("2017", "Y"), pd.Period("2018", "Y")],
    ...     "measure": "full_time_persons:national_share", "value": [0.8, 0.84]}))
    >>> round(float(share_change(s)["value"].iloc[1]), 6)
    5.0
    """
    where = "share_change"
    shares = check_frame(shares, where)
    bad = [str(m) for m in shares[MEASURE].unique()
           if not str(m).endswith(":national_share")]
    if bad:
        raise ValidationError([Problem(
            "not_a_share", f"{where}: measure {m!r} is not a national share; compute "
            "national_share first", column=MEASURE, value=m) for m in bad])
    return yoy_change(shares, check=check)


def point_change(frame: pd.DataFrame, month: int = 12, *, check: bool = False
                 ) -> pd.DataFrame:
    """The change in % of one month against the same month a year earlier.

    For every year's ``month`` (December by default) in a monthly frame, the value
    against the same month of the previous year, for all areas at once (the
    report's "december vs december" comparisons). Quarterly input compares the
    quarter ending with ``month`` (3, 6, 9 or 12). Result: measure
    ``<m>:point_change``, period = the later month, helpers ``previous`` and
    ``undefined``; the rules of :func:`yoy_change` apply.

    >>> import pandas as pd
    >>> from jobstats import make_frame
    >>> f = make_frame(pd.DataFrame({
    ...     "area": "Gentofte", "target_group": "kontanthjaelp",
    ...     "period": pd.period_range("2024-01", periods=24, freq="M"),
    ...     "measure": "full_time_persons", "value": [200.0] * 11 + [250.0] + [210.0] * 12}))
    >>> point_change(f)[["period", "value", "previous", "undefined"]]
        period  value  previous  undefined
    0  2024-12    NaN       NaN       True
    1  2025-12  -16.0     250.0      False
    """
    where = "point_change"
    frame = check_frame(frame, where)
    if check:
        full_check(frame, where)
    freq = period_freq(frame, where)
    if not 1 <= int(month) <= 12:
        raise ValidationError([Problem("bad_month", f"{where}: month must be 1-12",
                                       value=month)])
    ords = np.asarray(frame[PERIOD].array.asi8, dtype=np.int64)
    if freq == "M":
        rows = np.flatnonzero(ords % 12 == int(month) - 1).astype(np.int64)
        lag = 12
    elif freq == "Q":
        if month % 3:
            raise ValidationError([Problem(
                "bad_month", f"{where}: quarterly input: month must end a quarter "
                "(3, 6, 9, 12)", value=month)])
        rows = np.flatnonzero(ords % 4 == int(month) // 3 - 1).astype(np.int64)
        lag = 4
    else:
        raise ValidationError([Problem(
            "not_monthly", f"{where}: periods are {freq}; point_change compares months or "
            "quarters (use yoy_change for years)", column=PERIOD, value=freq)])
    return _change(frame, lag, "point_change", where, rows)
