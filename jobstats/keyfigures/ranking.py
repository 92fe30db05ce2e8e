"""Ranking kommuner: top-n with ties, kept reference rows, the analyst's own area.

Within each target group, measure, period and dimensions, the kommuner (areas of
kind ``kommune`` in the taxonomy) are ranked by ``value``, lowest first when
``ascending`` (the usual goal "lowest % of the population"):

* ties share a place and the next place is skipped ("competition" ranking:
  1, 2, 2, 4), so the top 10 can hold more than 10 rows;
* ``keep`` areas (default Hele landet) are always returned, before the ranking,
  with ``kept`` True and ``place`` NaN (NaN because they are not ranked);
* ``own`` (the analyst's kommune) is flagged ``own_area`` and is always returned:
  inside the top n as a normal row, outside it with ``kept`` True and its real place;
* kommuner whose value is blinded or missing cannot be ranked; they are left out
  and listed in ``result.attrs["dropped"]`` (no warning: this is routine).

Rows within a place are ordered by Danish alphabetical order of the area name,
so the result does not depend on the row order of the input. ``place`` is a
float column (whole numbers, NaN for unranked kept rows) so it formats like the
other numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd

from jobstats import frame as _frame
from jobstats import taxonomy as _taxonomy
from jobstats.errors import Problem, ValidationError, close_matches
from jobstats.frame import AREA, BLINDED, MEASURE, VALUE
from jobstats.keyfigures import _dense
from jobstats.keyfigures._common import (
    assemble,
    check_frame,
    codes_of,
    compact,
    encode,
    full_check,
    key_frame,
    note_dropped,
)

__all__ = ["danish_sort_key", "rank"]

_DANISH = str.maketrans({"æ": "{", "ø": "|", "å": "}", "Æ": "{", "Ø": "|", "Å": "}"})


def danish_sort_key(name: str) -> str:
    """A sort key giving Danish alphabetical order (… z, æ, ø, å), case-insensitive.

    >>> sorted(["Aarhus", "Ærø", "Århus", "Odense"], key=danish_sort_key)
    ['Aarhus', 'Odense', 'Ærø', 'Århus']
    """
    return name.casefold().translate(_DANISH)


def _general_places(values: np.ndarray, rankable: np.ndarray, gid: np.ndarray,
                    ascending: bool) -> np.ndarray:
    """Competition places within groups ``gid`` (NaN where not rankable)."""
    cand = np.flatnonzero(rankable)
    vkey = values[cand] if ascending else -values[cand]
    order = cand[np.lexsort((vkey, gid[cand]))]
    g_sorted = gid[order]
    v_sorted = values[order]
    m = len(order)
    idx = np.arange(m, dtype=np.int64)
    new_group = np.ones(m, dtype=bool)
    new_group[1:] = g_sorted[1:] != g_sorted[:-1]
    new_value = new_group.copy()
    new_value[1:] |= v_sorted[1:] != v_sorted[:-1]
    group_start = np.maximum.accumulate(np.where(new_group, idx, 0))
    first_equal = np.maximum.accumulate(np.where(new_value, idx, 0))
    place = np.full(len(values), np.nan)
    place[order] = (first_equal - group_start + 1).astype(np.float64)
    return place


_FEW = 16  # up to this n, places come from the first n sorted values of each group


def _group_places(key: np.ndarray, rankable: np.ndarray, n: int, own: int | None
                  ) -> np.ndarray:
    """Competition places within each row of ``key`` (one group per row, the lower the
    better, ``inf`` where not rankable): NaN where not rankable. When ``n`` is small,
    only the places of the top ``n`` (with ties) and of column ``own`` are computed (the
    others are NaN too): one sort of each row, no arg-sort."""
    groups, width = key.shape
    place = np.full(key.shape, np.nan)
    if key.size == 0:
        return place
    if n <= _FEW and n < width:
        srt = np.sort(key, axis=1)
        top = key <= srt[:, n - 1:n]
        top &= rankable
        # a value in the top n has every smaller value among the first n sorted ones:
        # its place is 1 + how many of those are smaller (counted one sorted column at a
        # time over the top values only)
        at = np.flatnonzero(top)
        x = key.reshape(-1)[at]
        first = at - at % width  # where each top value's group starts in ``srt``
        flat_srt = srt.reshape(-1)
        count = np.ones(len(at), dtype=np.int64)
        for j in range(n):
            count += flat_srt[first + j] < x
        place.reshape(-1)[at] = count
        if own is not None:
            mine = rankable[:, own]
            place[mine, own] = (srt[mine] < key[mine, own][:, None]).sum(axis=1) + 1
        return place
    # competition places do not depend on how ties are ordered: any sort will do
    order = np.argsort(key, axis=1)
    order += (np.arange(groups, dtype=np.int64) * width)[:, None]
    at = order.reshape(-1)  # flat positions, each row in increasing order
    srt = key.reshape(-1)[at]
    # the place of a sorted value: 1 + the position of the first equal one in its row
    new = np.empty(len(srt), dtype=bool)
    new[1:] = srt[1:] != srt[:-1]
    new[::width] = True
    first = np.flatnonzero(new)[np.cumsum(new) - 1]
    first %= width
    first += 1
    flat = place.reshape(-1)
    flat[at] = first
    flat[~rankable.reshape(-1)] = np.nan
    return place


def _dense_group_ids(keys: Sequence[str], layout: _dense.Layout, rows: np.ndarray
                     ) -> np.ndarray:
    """Group numbers of ``rows`` (all keys but the area) in the order the general path
    gives them (key columns' codes, lexicographically), from the grid position."""
    axis = layout.axis(AREA)
    shape = [s for i, s in enumerate(layout.shape) if i != axis]
    cols = [c for c in keys if c != AREA]
    sort_keys = []
    for c in reversed(cols):  # lexsort: last key is the primary one
        i = layout.order.index(c)
        j = i if i < axis else i - 1
        sort_keys.append(_dense.broadcast_axis(layout.levels[i], j, shape))
    n_small = int(np.prod(shape, dtype=np.int64))
    order = np.lexsort(sort_keys) if sort_keys else np.zeros(n_small, dtype=np.int64)
    gid_small = np.empty(n_small, dtype=np.int64)
    gid_small[order] = np.arange(n_small, dtype=np.int64)
    stride = layout.stride(AREA)
    block = stride * layout.shape[axis]
    return np.asarray(gid_small[(rows // block) * stride + rows % stride], dtype=np.int64)


_AREA_TABLES: dict[tuple[int, tuple[str, ...]],
                   tuple[_taxonomy.Taxonomy, list[str], np.ndarray, np.ndarray]] = {}


def _area_tables(areas: tuple[str, ...], tx: _taxonomy.Taxonomy
                 ) -> tuple[list[str], np.ndarray, np.ndarray]:
    """For code 0 (missing) and each area category: the names, whether the area is a
    kommune, and its Danish alphabetical position; made once per area categories and
    taxonomy (the entry keeps its taxonomy alive, so its id is not reused meanwhile)."""
    key = (id(tx), areas)
    hit = _AREA_TABLES.get(key)
    if hit is not None and hit[0] is tx:
        return hit[1], hit[2], hit[3]
    names = ["", *areas]
    is_kommune = np.array([tx.areas.get(a) is not None and
                           tx.areas[a].kind == _taxonomy.AreaKind.KOMMUNE for a in names])
    alpha = np.argsort(np.argsort(np.array([danish_sort_key(a) for a in names]),
                                  kind="stable")).astype(np.int64)
    is_kommune.flags.writeable = False
    alpha.flags.writeable = False
    if len(_AREA_TABLES) >= 64:
        _AREA_TABLES.clear()
    _AREA_TABLES[key] = (tx, names, is_kommune, alpha)
    return names, is_kommune, alpha


_AREA_TABLES_BY_DTYPE: dict[tuple[int, int], tuple[
    _taxonomy.Taxonomy, pd.CategoricalDtype, tuple[list[str], np.ndarray, np.ndarray]]] = {}


def _area_tables_of(dtype: pd.CategoricalDtype, tx: _taxonomy.Taxonomy
                    ) -> tuple[list[str], np.ndarray, np.ndarray]:
    """:func:`_area_tables` of an area dtype's categories, by the dtype's identity (its
    categories cannot change; the entry keeps the dtype and the taxonomy alive)."""
    key = (id(tx), id(dtype))
    hit = _AREA_TABLES_BY_DTYPE.get(key)
    if hit is not None and hit[0] is tx and hit[1] is dtype:
        return hit[2]
    tables = _area_tables(tuple(map(str, dtype.categories.tolist())), tx)
    if len(_AREA_TABLES_BY_DTYPE) >= 64:
        _AREA_TABLES_BY_DTYPE.clear()
    _AREA_TABLES_BY_DTYPE[key] = (tx, dtype, tables)
    return tables


def _row_order(g_rows: np.ndarray, section: np.ndarray, within: np.ndarray,
               alpha: np.ndarray, n_names: int, n_keep: int, *,
               unique: bool = False) -> np.ndarray:
    """The order of ``np.lexsort((alpha, within, section, g_rows))``, by one stable sort
    of a combined int64 key when it fits (``within``: whole places >= 1, keep positions
    >= 0, or inf; ``alpha`` < ``n_names``). ``unique``: no area occurs twice in a group
    (a complete grid), so the keys differ and a faster, unstable sort gives the order."""
    width = max(n_names, n_keep) + 2  # places and keep positions are below n_names+1
    n_groups = int(g_rows.max()) + 1 if len(g_rows) else 1
    if float(n_groups) * 2 * width * n_names >= 2.0 ** 62:
        return np.lexsort((alpha, within, section, g_rows))
    w = np.where(np.isfinite(within), within, width - 1).astype(np.int64)
    key = g_rows.astype(np.int64) * 2
    key += section
    key *= width
    key += w
    key *= n_names
    key += alpha
    return np.argsort(key, kind="quicksort" if unique else "stable")


class _Chosen(NamedTuple):
    """The rows a ranking returns (in row order) with their area code, place and group,
    and the kommune rows that could not be ranked (blinded or missing)."""

    rows: np.ndarray
    area: np.ndarray
    place: np.ndarray
    group: np.ndarray
    excluded: np.ndarray


def _general_chosen(frame: pd.DataFrame, area_col: pd.Series, keys: Sequence[str],
                    values: np.ndarray, blind: np.ndarray, is_kommune: np.ndarray,
                    special: np.ndarray, ascending: bool, n: int) -> _Chosen:
    """Any row order: places within integer group ids, rows picked one by one."""
    area_codes, _ = codes_of(area_col)  # 1-based; 0 = missing
    kommune_row = is_kommune[area_codes]
    rankable = ~np.isnan(values)
    rankable &= kommune_row
    rankable &= ~blind
    lin, size = encode(frame, [c for c in keys if c != AREA])
    gid = compact(lin, size).gid
    place = _general_places(values, rankable, gid, ascending)
    rows = np.flatnonzero((place <= n) | special[area_codes]).astype(np.int64)
    return _Chosen(rows, area_codes[rows], place[rows], gid[rows],
                   np.flatnonzero(kommune_row & ~rankable))


def _dense_chosen(values: np.ndarray, blind: np.ndarray, layout: _dense.Layout,
                  keys: Sequence[str], is_kommune: np.ndarray, special: np.ndarray,
                  own_code: int, ascending: bool, n: int) -> _Chosen:
    """A complete ordered frame: the kommuner's places by sorting along the area axis of
    the grid, the kept and own areas as whole slices of it; per-row work only for the
    rows returned."""
    axis = layout.axis(AREA)
    codes = layout.levels[axis] + 1  # the 1-based area code of each position on the axis
    n_area = len(codes)
    post = layout.stride(AREA)
    pre = int(np.prod(layout.shape[:axis], dtype=np.int64))
    cand = np.flatnonzero(is_kommune[codes])
    width = len(cand)
    # (outer, inner, kommune), C-ordered: each group's values one contiguous row
    sub = np.ascontiguousarray(values.reshape(pre, n_area, post)[:, cand, :]
                               .transpose(0, 2, 1))
    rankable = ~np.isnan(sub)
    rankable &= ~np.ascontiguousarray(blind.reshape(pre, n_area, post)[:, cand, :]
                                      .transpose(0, 2, 1))
    key = np.where(rankable, sub if ascending else -sub, np.inf).reshape(pre * post, width)
    mine = np.flatnonzero(codes[cand] == own_code)
    place_g = _group_places(key, rankable.reshape(pre * post, width), n,
                            int(mine[0]) if len(mine) else None)
    chosen = np.zeros((pre, n_area, post), dtype=bool)
    chosen.transpose(0, 2, 1)[:, :, cand] = (place_g <= n).reshape(pre, post, width)
    chosen[:, special[codes], :] = True
    rows = np.flatnonzero(chosen).astype(np.int64)
    pos = (rows // post) % n_area
    cand_of = np.full(n_area, -1, dtype=np.int64)
    cand_of[cand] = np.arange(width, dtype=np.int64)
    at = cand_of[pos]
    place = np.full(len(rows), np.nan)
    has = at >= 0
    r = rows[has]
    place[has] = place_g[(r // (n_area * post)) * post + r % post, at[has]]
    bad = np.flatnonzero(~rankable)  # in (outer, inner, kommune) order
    excluded = np.sort(((bad // (width * post)) * n_area + cand[bad % width]) * post
                       + (bad // width) % post) if width else bad
    return _Chosen(rows, codes[pos], place, _dense_group_ids(keys, layout, rows),
                   excluded.astype(np.int64))


def rank(frame: pd.DataFrame, by: str | None = None, ascending: bool = True, n: int = 10,
         keep: Sequence[str] = (_taxonomy.NATIONAL,), own: str | None = None, *,
         taxonomy: _taxonomy.Taxonomy | None = None, check: bool = False) -> pd.DataFrame:
    """The top ``n`` kommuner of each target group, measure and period, with ties.

    ``by`` names the measure to rank on (e.g. ``"full_time_persons:population_share"``)
    when the frame holds several; None ranks every measure separately. Helpers:
    ``place`` (competition rank), ``own_area``, ``kept``. Other helper columns of
    the input (``reference``, ``partial``, ...) are carried along.

    >>> import pandas as pd
    >>> from jobstats import make_frame
    >>> f = make_frame(pd.DataFrame({
    ...     "area": ["Hele landet", "Gentofte", "Gladsaxe", "Herlev", "Furesø"],
    ...     "target_group": "uddannelseshjaelp", "period": pd.Period("2018", "Y"),
    ...     "measure": "full_time_persons:population_share",
    ...     "value": [1.1, 0.3, 0.5, 0.3, 0.9]}))
    >>> rank(f, n=2, own="Furesø")[["area", "value", "place", "kept", "own_area"]]
              area  value  place   kept  own_area
    0  Hele landet    1.1    NaN   True     False
    1     Gentofte    0.3    1.0  False     False
    2       Herlev    0.3    1.0  False     False
    3       Furesø    0.9    4.0   True      True
    """
    where = "rank"
    frame = check_frame(frame, where)
    if check:
        full_check(frame, where)
    tx = taxonomy or _taxonomy.default()
    if n < 1:
        raise ValidationError([Problem("bad_n", f"{where}: n must be at least 1", value=n)])
    if by is not None:
        measures = [str(m) for m in frame[MEASURE].unique()]
        if by not in measures:
            raise ValidationError([Problem(
                "unknown_measure", f"{where}: the frame has no measure {by!r}",
                column=MEASURE, value=by,
                suggestions=close_matches(by, measures) or tuple(measures[:5]))])
        if len(measures) > 1:
            frame = frame[(frame[MEASURE] == by).to_numpy()].reset_index(drop=True)
    keys = _frame.key_columns(frame)
    layout = _dense.detect(frame, keys)
    area_col = layout.series[AREA] if layout is not None else frame[AREA]
    area_dtype = area_col.dtype
    assert isinstance(area_dtype, pd.CategoricalDtype)
    bad_keep = [a for a in (*keep, *([own] if own else [])) if a not in tx.areas]
    if bad_keep:
        raise ValidationError([Problem(
            "unknown_area", f"{where}: unknown area {a!r}", column=AREA, value=a,
            suggestions=close_matches(a, list(tx.areas))) for a in bad_keep])

    names, is_kommune, alpha = _area_tables_of(area_dtype, tx)
    keep_order = {a: i for i, a in enumerate(keep)}
    keep_pos = np.array([keep_order.get(a, -1) for a in names], dtype=np.int64)
    own_code = names.index(own) if own in names else -1
    keep_code = keep_pos >= 0
    special = keep_code.copy()  # areas returned whatever their place: kept and own
    if own_code >= 0:
        special[own_code] = True

    values = frame[VALUE].to_numpy(dtype=np.float64)
    blind = frame[BLINDED].to_numpy(dtype=bool)
    if layout is not None:
        chosen = _dense_chosen(values, blind, layout, keys, is_kommune, special, own_code,
                               ascending, n)
    else:
        chosen = _general_chosen(frame, area_col, keys, values, blind, is_kommune, special,
                                 ascending, n)
    rows, area, place, group = chosen.rows, chosen.area, chosen.place, chosen.group
    in_top = place <= n
    is_own = area == own_code if own_code >= 0 else np.zeros(len(rows), dtype=bool)
    is_keep = keep_code[area]
    # order: group, then kept reference rows (in keep order), then place, then name
    section = np.where(in_top | (is_own & ~is_keep), 1, 0)
    within = np.where(section == 0, keep_pos[area].astype(np.float64),
                      np.nan_to_num(place, nan=np.inf))
    order = _row_order(group, section, within, alpha[area], len(names), len(keep),
                       unique=layout is not None)
    rows, place, in_top, is_own, is_keep = (rows[order], place[order], in_top[order],
                                            is_own[order], is_keep[order])
    place_out = np.where(is_keep & ~in_top & ~is_own, np.nan, place)
    helpers: dict[str, np.ndarray] = {}
    for h in frame.columns:
        if h in _frame.HELPER_COLUMNS and h not in ("place", "own_area", "kept"):
            helpers[h] = frame[h].to_numpy()[rows]
    helpers["place"] = place_out
    helpers["own_area"] = is_own
    helpers["kept"] = ~in_top
    result = assemble(key_frame(frame, rows,
                                looked_up=layout.series if layout is not None else None),
                      values[rows], blind[rows], helpers)
    excluded = chosen.excluded
    dropped = [Problem("not_ranked", f"{frame[AREA].iloc[i]}: value "
                       f"{'blinded' if blind[i] else 'missing'}, cannot be ranked",
                       row=int(i), column=VALUE) for i in excluded[:200]]
    return note_dropped(result, dropped, where, warn=False)
