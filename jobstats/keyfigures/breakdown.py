"""Composition: a population split into parts, with each part's share of the total.

``composition(frame, by="target_group")`` treats the rows that share every key
except ``by`` as the parts of one whole. The total is the sum of the parts, or
the row named ``total`` when given (e.g. ``total="i_alt"``; that row gets 100%).

``share`` is the part's % of the total. ``whole_percent=True`` adds
``share_rounded``: whole percentages that add up to exactly 100, by the
*largest remainder* method (Hamilton): take the integer part of every share,
then give the missing points, one each, to the parts with the largest
fractional remainders (ties: the earlier row). Plain rounding of 33⅓ + 33⅓ +
33⅓ gives 99; largest remainder gives 34 + 33 + 33.

A blinded part makes the sum-based total unknown: all shares of that whole are
NaN (the blinded part is blinded, the others ``undefined``). A total of 0 gives
undefined shares.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from jobstats import frame as _frame
from jobstats.errors import Problem, ValidationError
from jobstats.frame import BLINDED, TARGET_GROUP, VALUE
from jobstats.keyfigures._common import (
    check_additive,
    check_frame,
    compact,
    encode,
)

__all__ = ["composition", "largest_remainder"]


def largest_remainder(shares: np.ndarray, total: int = 100) -> np.ndarray:
    """Whole numbers summing to ``total`` that round ``shares`` (which sum to ``total``).

    >>> largest_remainder(np.array([100 / 3, 100 / 3, 100 / 3])).tolist()
    [34.0, 33.0, 33.0]
    >>> largest_remainder(np.array([12.6, 47.3, 40.1])).tolist()
    [13.0, 47.0, 40.0]
    """
    s = np.asarray(shares, dtype=np.float64)
    if len(s) == 0 or not np.isfinite(s).all():
        return np.full(len(s), np.nan)
    floor = np.floor(s + 1e-9)
    missing = round(float(total - floor.sum()))
    remainder = s - floor
    order = np.lexsort((np.arange(len(s)), -remainder))
    out = floor.copy()
    if missing > 0:
        out[order[:missing]] += 1
    elif missing < 0:
        out[order[::-1][:-missing]] -= 1
    return out


def composition(frame: pd.DataFrame, *, by: str = TARGET_GROUP, total: str | None = None,
                whole_percent: bool = False) -> pd.DataFrame:
    """Each part's share (%) of its whole; optional whole-% shares summing to 100.

    >>> import pandas as pd
    >>> from jobstats import make_frame
    >>> f = make_frame(pd.DataFrame({
    ...     "area": "Gentofte", "period": pd.Period("2018-12", "M"),
    ...     "target_group": ["kontanthjaelp.jobparate", "kontanthjaelp.aktivitetsparate",
    ...                      "uddannelseshjaelp"],
    ...     "measure": "full_time_persons", "value": [1.0, 1.0, 1.0]}))
    >>> c = composition(f, whole_percent=True)
    >>> c["share_rounded"].tolist(), round(float(c["share"].sum()), 9)
    ([34.0, 33.0, 33.0], 100.0)
    """
    where = "composition"
    frame = check_frame(frame, where)
    check_additive(frame, where)
    if by not in _frame.key_columns(frame):
        raise ValidationError([Problem(
            "bad_by", f"{where}: {by!r} is not a key column of the frame",
            value=by, suggestions=tuple(_frame.key_columns(frame)))])
    others = [c for c in _frame.key_columns(frame) if c != by]
    lin, size = encode(frame, others)
    groups = compact(lin, size)
    values = frame[VALUE].to_numpy(dtype=np.float64)
    blind = frame[BLINDED].to_numpy(dtype=bool)
    is_total = _frame.rows_where(frame, **{by: total}) if total is not None \
        else np.zeros(len(frame), dtype=bool)
    part = ~is_total
    g, k = groups.gid, groups.n_groups
    if total is None:
        denom = np.bincount(g, weights=np.where(part & ~np.isnan(values), values, 0.0),
                            minlength=k)
        unknown = np.bincount(g, weights=part & blind, minlength=k) > 0
    else:
        denom = np.full(k, np.nan)
        denom[g[is_total]] = values[is_total]
        unknown = np.zeros(k, dtype=bool)
        unknown[g[is_total & blind]] = True
        if not is_total.any():
            raise ValidationError([Problem(
                "no_total", f"{where}: no rows with {by} == {total!r}", column=by,
                value=total)])
    d = denom[g]
    with np.errstate(all="ignore"):
        share = 100.0 * values / d
    share = np.where(blind | unknown[g] | (d == 0) | ~np.isfinite(share), np.nan, share)
    out = frame.copy()
    out["share"] = share
    out["undefined"] = np.isnan(share) & ~blind
    if whole_percent:
        rounded = np.full(len(frame), np.nan)
        order = np.argsort(g, kind="stable")
        bounds = np.flatnonzero(np.diff(g[order])) + 1
        for idx in np.split(order, bounds):
            idx = idx[part[idx]]
            s = share[idx]
            if len(s) and np.isfinite(s).all() and abs(s.sum() - 100.0) < 1e-6:
                rounded[idx] = largest_remainder(s)
            elif len(s) and np.isfinite(s).all():
                rounded[idx] = np.floor(s + 0.5)  # parts do not add up to the total
        rounded[is_total & ~np.isnan(share)] = 100.0
        out["share_rounded"] = rounded
    return out
