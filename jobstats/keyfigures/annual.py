"""Annual averages (årsgennemsnit), year to date and rolling (QMAT) years.

The annual average of a series is the mean of the months (or quarters) present
in the year, per area, target group, measure, extra dimensions and year. The
result says how many months it rests on (``n_months``) and whether that is
fewer than the full year or the requested months (``partial``): a partial year
is flagged, never passed off as complete.

Rules (see ``docs/methodology.md``):

* ``months=range(1, 7)`` averages January-June only: the year-to-date or
  first-half figure, comparable with the same months a year earlier.
* Quarterly input averages the quarters; ``n_months`` counts the months they
  cover (4 quarters = 12), so ``n_months == 12`` means "complete" for both.
  With ``months``, a quarter counts when all three of its months are selected.
* ``year_end`` (default 12) ends the year with another month: ``year_end=6``
  averages July-June into the rolling year ``2022QMAT02`` (a ``Y-JUN`` period).
  Input that is already annual (calendar or QMAT years) is returned as it is,
  with ``n_months`` 12.
* Blinded: if any month present is blinded the mean cannot be computed, so the
  year is blinded (``value`` NaN, ``blinded`` True). A missing month (no row,
  or NaN that is not blinded) is left out of the mean and makes the year partial.

Refinement of the contract: the ``year_end`` and ``check`` keywords are additions.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from jobstats import frame as _frame
from jobstats.errors import Problem, ValidationError
from jobstats.frame import BLINDED, PERIOD, VALUE
from jobstats.keyfigures import _dense
from jobstats.keyfigures._common import (
    _MAX_RADIX,
    _MAX_TABLE,
    BoolArray,
    FloatArray,
    IntArray,
    assemble,
    check_frame,
    compact,
    encode,
    full_check,
    key_frame,
    period_freq,
    raise_duplicates,
)

__all__ = ["annual_average"]

_ANCHOR = {1: "JAN", 2: "FEB", 3: "MAR", 4: "APR", 5: "MAY", 6: "JUN", 7: "JUL", 8: "AUG",
           9: "SEP", 10: "OCT", 11: "NOV", 12: "DEC"}


def _month_set(months: Iterable[int] | None) -> tuple[int, ...]:
    if months is None:
        return tuple(range(1, 13))
    chosen = sorted({int(m) for m in months})
    bad = [m for m in chosen if not 1 <= m <= 12]
    if not chosen or bad:
        raise ValidationError([Problem(
            "bad_months", "months must be calendar months 1-12, e.g. range(1, 7) for "
            "January-June", value=bad or list(chosen))])
    return tuple(chosen)


def annual_average(frame: pd.DataFrame, *, months: Iterable[int] | None = None,
                   year_end: int = 12, check: bool = False) -> pd.DataFrame:
    """The annual average of each series, with ``n_months`` and ``partial``.

    ``frame`` is a canonical frame of monthly or quarterly values. The result has
    one row per area, target group, measure, extra dimensions and year (period
    ``Y-DEC``, or ``Y-<month>`` with ``year_end``), the same measure, the mean in
    ``value``, and helpers ``n_months`` (months present; quarters count 3) and
    ``partial`` (fewer months than the year or than ``months``).

    >>> import pandas as pd
    >>> from jobstats import make_frame
    >>> f = make_frame(pd.DataFrame({
    ...     "area": "Gentofte", "target_group": "sygedagpenge",
    ...     "period": pd.period_range("2018-01", periods=15, freq="M"),
    ...     "measure": "full_time_persons", "value": [10.0] * 12 + [13.0, 14.0, 15.0]}))
    >>> a = annual_average(f)
    >>> a[["period", "value", "n_months", "partial"]]
      period  value  n_months  partial
    0   2018   10.0        12    False
    1   2019   14.0         3     True
    >>> annual_average(f, months=range(1, 4))["value"].tolist()  # Jan-Mar of each year
    [10.0, 14.0]

    Raises :class:`~jobstats.errors.ValidationError` for missing columns, unknown
    measures, mixed frequencies and duplicate keys (found while averaging).
    """
    where = "annual_average"
    frame = check_frame(frame, where)
    if check:
        full_check(frame, where)
    chosen = _month_set(months)
    if year_end not in _ANCHOR:
        raise ValidationError([Problem("bad_year_end", "year_end must be a month 1-12 "
                                       "(3, 6, 9 or 12 for QMAT years)", value=year_end)])
    freq = period_freq(frame, where)
    if freq.startswith("Y-"):
        if months is not None:
            raise ValidationError([Problem(
                "bad_months", f"{where}: the frame is already annual ({freq}); months= "
                "needs monthly or quarterly input", column=PERIOD)])
        keys = key_frame(frame)
        n = len(frame)
        n_months = frame["n_months"].to_numpy(dtype=np.int64) if "n_months" in frame else \
            np.full(n, 12, dtype=np.int64)
        partial = frame["partial"].to_numpy(dtype=bool) if "partial" in frame else \
            np.zeros(n, dtype=bool)
        return assemble(keys, frame[VALUE].to_numpy(dtype=np.float64, copy=True),
                        frame[BLINDED].to_numpy(dtype=bool, copy=True),
                        {"n_months": n_months, "partial": partial})
    quarterly = freq == "Q"
    if quarterly and year_end % 3:
        raise ValidationError([Problem(
            "bad_year_end", f"{where}: quarterly input needs year_end 3, 6, 9 or 12",
            value=year_end)])
    width = 4 if quarterly else 12
    shift = width - (year_end // 3 if quarterly else year_end)
    if quarterly:
        allowed = np.array([all(3 * q + m in chosen for m in (1, 2, 3)) for q in range(4)])
        if not allowed.any():
            raise ValidationError([Problem(
                "bad_months", f"{where}: no whole quarter in months {list(chosen)}",
                value=list(chosen))])
    else:
        allowed = np.array([m + 1 in chosen for m in range(12)])
    weight = 3 if quarterly else 1
    expected = int(allowed.sum()) * weight
    dtype = pd.PeriodDtype(f"Y-{_ANCHOR[year_end]}")

    result = _dense_annual(frame, allowed, width, shift, weight, expected, dtype)
    if result is not None:
        return result
    return _general_annual(frame, allowed, width, shift, weight, expected, dtype, where)


def _finish(value_sum: FloatArray, n_obs: FloatArray, n_blind: FloatArray, weight: int,
            expected: int) -> tuple[FloatArray, BoolArray, IntArray, BoolArray]:
    blinded = n_blind > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        value = np.where((n_obs > 0) & ~blinded, value_sum / np.maximum(n_obs, 1), np.nan)
    n_months = ((n_obs + n_blind) * weight).astype(np.int64)
    return value, blinded, n_months, n_months < expected


def _radix_annual(frame: pd.DataFrame, allowed: BoolArray, width: int, shift: int,
                  weight: int, expected: int, dtype: pd.PeriodDtype,
                  where: str) -> pd.DataFrame:
    """The general path when the mixed-radix ids would overflow (astronomically many
    categories): pandas group numbers and a representative row per group."""
    ords = np.asarray(frame[PERIOD].array.asi8, dtype=np.int64)
    rows: IntArray | None = None
    if not allowed.all():
        rows = np.flatnonzero(allowed[ords % width]).astype(np.int64)
        ords = ords[rows]
    sub = frame if rows is None else frame.take(rows)
    year = (ords + shift) // width
    n = len(sub)
    if n == 0:
        keys = key_frame(sub)
        keys[PERIOD] = pd.Series(pd.array([], dtype=dtype), name=PERIOD)
        return assemble(keys, np.zeros(0), np.zeros(0, dtype=bool),
                        {"n_months": np.zeros(0, dtype=np.int64),
                         "partial": np.zeros(0, dtype=bool)})
    y0 = int(year.min())
    n_years = int(year.max()) - y0 + 1
    series_cols = [c for c in _frame.key_columns(sub) if c != PERIOD]
    lin, size = encode(sub, series_cols)
    groups = compact(lin * n_years + (year - y0), size * n_years)
    if groups.counts.max(initial=0) * weight > expected:
        # more rows than months in some year: a duplicated key
        pos = np.flatnonzero(groups.counts[groups.gid] * weight > expected)[:20]
        raise_duplicates(sub, pos.astype(np.int64), where)
    values = sub[VALUE].to_numpy(dtype=np.float64)
    blind = sub[BLINDED].to_numpy(dtype=bool)
    observed = ~np.isnan(values) & ~blind
    g = groups.gid
    k = groups.n_groups
    value_sum = np.bincount(g, weights=np.where(observed, values, 0.0),
                            minlength=k).astype(np.float64)
    n_obs = np.bincount(g, weights=observed, minlength=k).astype(np.float64)
    n_blind = np.bincount(g, weights=blind, minlength=k).astype(np.float64)
    value, blinded, n_months, partial = _finish(value_sum, n_obs, n_blind, weight, expected)
    keys = key_frame(sub, groups.rep)
    keys[PERIOD] = pd.Series(pd.arrays.PeriodArray(year[groups.rep], dtype=dtype),
                             name=PERIOD)
    return assemble(keys, value, blinded, {"n_months": n_months, "partial": partial})


_CHUNK = 1 << 20  # rows per step of the general path (bounds temporary memory)


def _general_annual(frame: pd.DataFrame, allowed: BoolArray, width: int, shift: int,
                    weight: int, expected: int, dtype: pd.PeriodDtype,
                    where: str) -> pd.DataFrame:
    """Any row order, gaps and duplicates: one int64 id per row (series codes in mixed
    radix, then the year), numbered densely in place; sums with :func:`numpy.bincount`
    (or, when values must be masked, :func:`numpy.add.at` in chunks, the same
    sequential order). The result's keys are decoded from the ids, not taken from rows.
    Extra memory: 8 bytes per row plus O(id range) and O(chunk)."""
    n = len(frame)
    ords = np.asarray(frame[PERIOD].array.asi8)
    series_cols = [c for c in _frame.key_columns(frame) if c != PERIOD]
    radix = [codes_of_size(frame[c]) for c in series_cols]
    total = int(np.prod([float(k) for k in radix])) if radix else 1
    sel_all = bool(allowed.all())
    if n == 0 or (not sel_all and not allowed[ords % width].any()):
        return _radix_annual(frame, allowed, width, shift, weight, expected, dtype, where)
    y0 = (int(ords.min()) + shift) // width
    n_years = (int(ords.max()) + shift) // width - y0 + 1
    if total * (n_years + 1) >= _MAX_RADIX:
        return _radix_annual(frame, allowed, width, shift, weight, expected, dtype, where)
    id_range = total * n_years
    sentinel = id_range  # rows outside the chosen months
    # lin = sum((code_c + 1) * M_c) * n_years + year: Horner over the codes, and the
    # constant sum(M_c) (Horner over ones) added once with the year
    ones = 0
    for k in radix:
        ones = ones * k + 1
    offset = ones * n_years - y0
    lin = np.empty(n, dtype=np.int64)
    for start in range(0, n, _CHUNK):
        stop = min(start + _CHUNK, n)
        out = lin[start:stop]
        out[:] = 0
        for c, k in zip(series_cols, radix, strict=True):
            out *= k
            out += np.asarray(frame[c].array.codes[start:stop])
        out *= n_years
        o = ords[start:stop]
        year = o + shift
        year //= width
        year += offset
        out += year
        if not sel_all:
            out[~allowed[o % width]] = sentinel
    direct = id_range + 1 <= min(n // 4, _MAX_TABLE)
    if direct:  # small id range: reduce over it directly, keep the ids that occur
        gid = lin
        k = id_range + 1
    else:
        if id_range + 1 <= _MAX_TABLE:
            present = np.zeros(id_range + 1, dtype=bool)
            present[lin] = True
            mapping = np.cumsum(present, dtype=np.int64)
            mapping -= 1
            np.take(mapping, lin, out=lin)  # lin now holds the group number
            del mapping
            ids = np.flatnonzero(present)
            del present
        else:
            ids, inverse = np.unique(lin, return_inverse=True)
            lin[:] = inverse.ravel()
            del inverse
        gid = lin
        k = len(ids)
    counts = np.bincount(gid, minlength=k)
    if not sel_all and (direct or ids[-1] == sentinel):
        counts[-1] = 0  # the rows outside the chosen months
    if counts.max(initial=0) * weight > expected:
        # more rows than months in some year: a duplicated key
        pos = np.flatnonzero(counts[gid] * weight > expected)[:20]
        raise_duplicates(frame, pos.astype(np.int64), where)
    values = frame[VALUE].to_numpy(dtype=np.float64)
    blind = frame[BLINDED].to_numpy(dtype=bool)
    if not blind.any() and not np.isnan(values).any():
        value_sum = np.asarray(np.bincount(gid, weights=values, minlength=k), dtype=np.float64)
        n_obs = counts.astype(np.float64)
        n_blind = np.zeros(k)
    else:
        value_sum = np.zeros(k)
        n_obs = np.zeros(k)
        n_blind = np.zeros(k)
        for start in range(0, n, _CHUNK):
            g = gid[start:start + _CHUNK]
            v = values[start:start + _CHUNK]
            b = blind[start:start + _CHUNK]
            observed = ~np.isnan(v)
            observed &= ~b
            np.add.at(value_sum, g, np.where(observed, v, 0.0))
            n_obs += np.bincount(g[observed], minlength=k)
            n_blind += np.bincount(g[b], minlength=k)
    del gid, lin
    if direct:
        ids = np.flatnonzero(counts)
        value_sum, n_obs, n_blind = value_sum[ids], n_obs[ids], n_blind[ids]
    elif not sel_all and ids[-1] == sentinel:
        ids, value_sum, n_obs, n_blind = ids[:-1], value_sum[:-1], n_obs[:-1], n_blind[:-1]
    value, blinded, n_months, partial = _finish(value_sum, n_obs, n_blind, weight, expected)
    keys: dict[str, pd.Series] = {}
    rest = ids.copy()
    year = rest % n_years
    rest //= n_years
    decoded: dict[str, IntArray] = {}
    for c, k_c in zip(reversed(series_cols), reversed(radix), strict=True):
        decoded[c] = rest % k_c - 1
        rest //= k_c
    for c in _frame.key_columns(frame):
        if c == PERIOD:
            arr: object = pd.arrays.PeriodArray(year + y0, dtype=dtype)
        else:
            arr = _dense.column_from_levels(frame[c], decoded[c])
        keys[c] = pd.Series(arr, name=c, copy=False)
    return assemble(keys, value, blinded, {"n_months": n_months, "partial": partial})


def codes_of_size(series: pd.Series) -> int:
    """The radix of a categorical key column: its categories plus one for missing."""
    return len(series.cat.categories) + 1


_BLOCK = 1 << 17  # values per block of the running sum (1 MB of float64: stays in cache)


def _running_sum(values: FloatArray, pos: list[int],
                 observed: BoolArray | None = None) -> FloatArray:
    """``values[:, pos, :]`` summed over axis 1 one position after the other (the order
    :func:`numpy.bincount` adds them on the general path, so both paths agree to the
    last bit), in blocks of rows that stay in cache. ``observed``: add only those."""
    m, width, post = values.shape
    out = np.zeros((m, post), dtype=np.float64)
    # one value per row and position (periods innermost): add 1-D strided columns,
    # numpy's fastest loop; else rows of ``post`` values
    vals = values[:, :, 0] if post == 1 else values
    obs = None if observed is None else observed[:, :, 0] if post == 1 else observed
    acc_all = out[:, 0] if post == 1 else out
    step = max(1, _BLOCK // max(1, width * post))
    for start in range(0, m, step):
        acc = acc_all[start:start + step]
        for i in pos:
            col = vals[start:start + step, i]
            if obs is None:
                acc += col
            else:
                acc += np.where(obs[start:start + step, i], col, 0.0)
    return out


def _dense_annual(frame: pd.DataFrame, allowed: BoolArray, width: int, shift: int,
                  weight: int, expected: int, dtype: pd.PeriodDtype) -> pd.DataFrame | None:
    cols = _frame.key_columns(frame)
    layout = _dense.detect(frame, cols)
    if layout is None:
        return None
    p = layout.axis(PERIOD)
    lv = layout.levels[p]
    n_periods = len(lv)
    if (n_periods % width or (int(lv[0]) + shift) % width
            or not np.array_equal(lv, lv[0] + np.arange(n_periods))):
        return None  # not whole, consecutive years: the general path handles it
    pre = int(np.prod(layout.shape[:p], dtype=np.int64))
    post = layout.stride(PERIOD)
    n_years = n_periods // width
    m = pre * n_years
    values = frame[VALUE].to_numpy(dtype=np.float64).reshape(m, width, post)
    blind = frame[BLINDED].to_numpy(dtype=bool).reshape(m, width, post)
    # positions in the (shifted) year of the allowed calendar months/quarters
    pos = [i for i in range(width) if allowed[(int(lv[0]) + i) % width]]
    n_obs: FloatArray
    n_blind: FloatArray
    blinded: BoolArray | None = None
    value_sum = _running_sum(values, pos)
    if blind.any() or np.isnan(value_sum).any():
        observed = ~np.isnan(values)
        observed &= ~blind
        value_sum = _running_sum(values, pos, observed)
        n_obs = observed[:, pos, :].sum(axis=1).astype(np.float64)
        n_blind = blind[:, pos, :].sum(axis=1).astype(np.float64)
    elif pos:  # every month present and observed: what _finish gives, without the masks
        k = value_sum.size
        value = value_sum.ravel()
        value /= float(len(pos))  # = value_sum / maximum(n_obs, 1), bit for bit
        blinded = np.zeros(k, dtype=bool)
        n_months = np.full(k, len(pos) * weight, dtype=np.int64)
        partial = np.full(k, len(pos) * weight < expected, dtype=bool)
    else:
        n_obs = np.full(value_sum.shape, float(len(pos)))
        n_blind = np.zeros(value_sum.shape)
    if blinded is None:
        value, blinded, n_months, partial = _finish(value_sum.ravel(), n_obs.ravel(),
                                                    n_blind.ravel(), weight, expected)
    years = (lv[0] + shift) // width + np.arange(n_years, dtype=np.int64)
    keys = _dense.grid_keys(frame, layout, cols,
                            {PERIOD: pd.arrays.PeriodArray(years, dtype=dtype)})
    return assemble(keys, value, blinded, {"n_months": n_months, "partial": partial})
