"""Shared machinery of the key figures: cheap validation, integer key encoding,
vectorised look-ups and the assembly of result frames.

Everything here works on integer codes (categorical codes, period ordinals), so a
key figure over millions of rows is a handful of numpy passes:

* :func:`encode` turns key columns into one int64 "linear id" per row (mixed radix
  over the categorical codes), without hashing or sorting;
* :func:`compact` numbers the distinct ids ``0..g-1`` in id order (a bincount over
  the id range when it is small, else :func:`numpy.unique`);
* :func:`lookup` finds, for each query id, the row holding that id in a target set
  (e.g. the previous year, or the national row), or ``-1``.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from jobstats import frame as _frame
from jobstats import taxonomy as _taxonomy
from jobstats.errors import Problem, ValidationError, close_matches
from jobstats.frame import AREA, BLINDED, MEASURE, PERIOD, TARGET_GROUP, VALUE
from jobstats.identity_memo import IdentityMemo

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

_MAX_TABLE = 1 << 26  # largest id range handled with a dense table (64M entries)
_MAX_RADIX = 1 << 62


class DroppedRowsWarning(UserWarning):
    """A key figure left rows out of its result; the message says which and why.

    The same records are in ``result.attrs["dropped"]`` as :class:`Problem` objects.
    """


class PartialComparisonWarning(UserWarning):
    """A change compares periods with different coverage (e.g. 6 months vs 12)."""


class ImpreciseChangeWarning(UserWarning):
    """A relative change of a rounded rate so small that its rounding leaves the
    change uncertain by more than 20 percentage points (e.g. 0.1 % → 0.3 %)."""


# ---------------------------------------------------------------------------
# validation


def check_frame(frame: pd.DataFrame, where: str, *, measures: bool = True,
                taxonomy: _taxonomy.Taxonomy | None = None) -> pd.DataFrame:
    """Cheap checks of a canonical frame: columns, dtypes, known measures.

    Returns the frame, with key columns made categorical and ``period`` made a
    period dtype if they were not (a new frame then; the input is never changed).
    Costs O(columns + categories), plus one pass for columns that must be converted;
    no duplicate scan (pass ``check=True`` to the key figure for a full
    :func:`jobstats.frame.validate`).
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{where}: expected a pandas DataFrame, got {type(frame).__name__}")
    found: list[Problem] = []
    # one look-up of the names and dtypes: each ``col in frame.columns`` or ``frame[col]``
    # on a new frame costs microseconds (Arrow string column names)
    dtypes = dict(zip(frame.columns.tolist(), frame.dtypes.tolist(), strict=True))
    for col in (*_frame.KEY_COLUMNS, VALUE):
        if col not in dtypes:
            found.append(Problem("missing_column",
                                 f"{where}: the frame has no column {col!r} "
                                 f"(columns: {', '.join(map(str, frame.columns))})",
                                 column=col, suggestions=close_matches(col, map(str,
                                                                             frame.columns))))
    if found:
        raise ValidationError(found)
    out = frame
    dims = [c for c in dtypes if c not in _frame.CORE_COLUMNS and c not in _frame.HELPER_COLUMNS]
    convert = [c for c in (AREA, TARGET_GROUP, MEASURE, *dims)
               if not isinstance(dtypes[c], pd.CategoricalDtype)]
    if (BLINDED not in dtypes or not pd.api.types.is_bool_dtype(dtypes[BLINDED])
            or not pd.api.types.is_float_dtype(dtypes[VALUE])
            or not isinstance(dtypes[PERIOD], pd.PeriodDtype) or convert):
        if BLINDED in frame.columns and not pd.api.types.is_bool_dtype(frame[BLINDED].dtype):
            bad = frame[BLINDED].dropna()
            if not bad.isin([True, False]).all():
                found.append(Problem("bad_dtype", f"{where}: 'blinded' must be True/False, "
                                     f"not {frame[BLINDED].dtype}", column=BLINDED))
        if not (pd.api.types.is_numeric_dtype(frame[VALUE].dtype)
                or frame[VALUE].isna().all()):
            found.append(Problem("bad_dtype", f"{where}: 'value' must be numeric, not "
                                 f"{frame[VALUE].dtype}; build the frame with make_frame",
                                 column=VALUE))
        if found:
            raise ValidationError(found)
        out = _frame.make_frame(frame)
        helpers = [c for c in frame.columns if c in _frame.HELPER_COLUMNS]
        out = out[[*_frame.CORE_COLUMNS, *_frame.dimensions(out), *helpers]]
    if measures:
        tx = taxonomy or _taxonomy.default()
        m_dtype = dtypes[MEASURE] if out is frame else out[MEASURE].dtype
        assert isinstance(m_dtype, pd.CategoricalDtype)
        if _KNOWN_DTYPES.get((tx, m_dtype)):
            return out  # this very dtype was checked against this taxonomy before
        cats = [str(m) for m in m_dtype.categories.tolist()]
        if not _KNOWN_MEASURES.get((tx,), tuple(cats)):
            for m in cats:
                if not _frame.is_known_measure(m, tx):
                    base = _frame.measure_base(m)
                    known = [*tx.measures,
                             *(f"{base}:{s}" for s in _frame.DERIVED_MEASURES)]
                    found.append(Problem("unknown_measure", f"{where}: unknown measure {m!r}",
                                         column=MEASURE, value=m,
                                         suggestions=close_matches(m, known)))
            if found:
                raise ValidationError(found)
            _KNOWN_MEASURES.put((tx,), tuple(cats), True)
        _KNOWN_DTYPES.put((tx, m_dtype), None, True)
    return out


_KNOWN_MEASURES: IdentityMemo[bool] = IdentityMemo(limit=256)
"""Measure categories found known, per taxonomy and categories."""

_KNOWN_DTYPES: IdentityMemo[bool] = IdentityMemo(limit=256)
"""The same per taxonomy and measure dtype: a dtype's categories cannot change, so its
identity names them without listing them."""


def full_check(frame: pd.DataFrame, where: str) -> None:
    """The full (sorting) validation, run when a key figure is called with ``check=True``."""
    found = _frame.problems(frame, source=where)
    if found:
        raise ValidationError(found)


def period_freq(frame: pd.DataFrame, where: str) -> str:
    """``"M"``, ``"Q"`` or ``"Y-<anchor>"`` of a frame's period column (one frequency)."""
    dtype = frame[PERIOD].dtype
    if not isinstance(dtype, pd.PeriodDtype):
        kinds = sorted({p.freqstr for p in frame[PERIOD].head(100_000)
                        if isinstance(p, pd.Period)})
        qmat = (" (QMAT02 rolling years end in June: Y-JUN; QMAT04 in December: Y-DEC)"
                if {"Y-JUN", "Y-DEC"} <= set(kinds) else "")
        raise ValidationError([Problem(
            "mixed_frequency", f"{where}: the periods mix frequencies "
            f"{', '.join(kinds) or '(months, quarters, years)'}{qmat}; split the frame by "
            "frequency first", column=PERIOD)])
    name = str(dtype)[len("period["):-1]
    if name == "M":
        return "M"
    if name == "Q-DEC":
        return "Q"
    if name.startswith("Y-"):
        return name
    raise ValidationError([Problem("bad_period", f"{where}: unsupported period frequency "
                                   f"{name!r}; expected months, calendar quarters or years",
                                   column=PERIOD, value=name)])


def check_additive(frame: pd.DataFrame, where: str,
                   taxonomy: _taxonomy.Taxonomy | None = None) -> None:
    """Raise unless every measure in the frame is an additive count (sums make sense)."""
    tx = taxonomy or _taxonomy.default()
    column = frame[MEASURE]
    dtype = column.dtype
    assert isinstance(dtype, pd.CategoricalDtype)
    if _ADDITIVE.get((tx, dtype)):
        return  # every category of this very dtype is additive in this taxonomy
    bad = []
    for m in dtype.categories:
        measure = tx.measures.get(str(m))
        if measure is None or not measure.additive:
            bad.append(str(m))
    if not bad:
        _ADDITIVE.put((tx, dtype), None, True)
    if bad:  # only then look at which categories occur (one pass over the rows)
        used = set(map(str, column.unique()))
        bad = [m for m in bad if m in used]
    if bad:
        raise ValidationError([Problem(
            "not_additive", f"{where}: measure {m!r} is not an additive count; shares, "
            "sums and aggregates need counts (e.g. full_time_persons)", column=MEASURE,
            value=m, suggestions=tuple(k for k, v in tx.measures.items() if v.additive)[:3])
            for m in bad])


_ADDITIVE: IdentityMemo[bool] = IdentityMemo(limit=256)
"""Measure dtypes whose categories are all additive, per taxonomy and dtype."""


# ---------------------------------------------------------------------------
# integer encoding


def codes_of(series: pd.Series) -> tuple[IntArray, int]:
    """Codes ``0..k-1`` of a key column (missing values get code 0, others 1..) and k."""
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        codes = np.asarray(series.array.codes).astype(np.int64)
        codes += 1
        return codes, len(dtype.categories) + 1
    if isinstance(dtype, pd.PeriodDtype):
        ords = np.asarray(series.array.asi8, dtype=np.int64)
        if len(ords) == 0:
            return ords.copy(), 1
        lo = int(ords.min())
        return ords - lo, int(ords.max()) - lo + 1
    factor, uniques = pd.factorize(series, use_na_sentinel=True)
    codes = np.asarray(factor, dtype=np.int64) + 1
    return codes, len(uniques) + 1


def encode(frame: pd.DataFrame, cols: Sequence[str]) -> tuple[IntArray, int]:
    """One int64 id per row for the combination of ``cols`` (mixed radix), and the id range.

    Ids order like the tuple of (category code, ...) of the columns. When the
    radix product would overflow, falls back to a pandas groupby numbering.
    """
    n = len(frame)
    lin = np.zeros(n, dtype=np.int64)
    size = 1
    parts = [codes_of(frame[c]) for c in cols]
    total = 1
    for _, k in parts:
        total *= k
    if total >= _MAX_RADIX:
        ngroup = frame.groupby(list(cols), observed=True, dropna=False, sort=True).ngroup()
        ids: IntArray = np.asarray(ngroup.to_numpy(), dtype=np.int64)
        return ids, int(ids.max()) + 1 if n else 1
    for codes, k in parts:
        if size > 1:
            lin *= k
        lin += codes
        size *= k
    return lin, size


@dataclass(frozen=True)
class Groups:
    """Rows numbered by group: ``gid[i]`` in ``0..n_groups-1`` (in id order), and one
    representative row per group (``rep``)."""

    gid: IntArray
    n_groups: int
    rep: IntArray
    counts: IntArray


def compact(ids: IntArray, size: int) -> Groups:
    """Number the distinct ids in increasing order (O(n + size) when size is small)."""
    n = len(ids)
    if size <= max(4 * n, 1 << 16) and size <= _MAX_TABLE:
        counts_full = np.bincount(ids, minlength=size)
        present = counts_full > 0
        mapping = np.cumsum(present) - 1
        gid = mapping[ids]
        counts = counts_full[present]
    else:
        _, gid_raw, counts = np.unique(ids, return_inverse=True, return_counts=True)
        gid = np.asarray(gid_raw, dtype=np.int64).ravel()
    n_groups = len(counts)
    rep = np.zeros(n_groups, dtype=np.int64)
    rep[gid] = np.arange(n, dtype=np.int64)  # any row of the group will do
    return Groups(gid.astype(np.int64, copy=False), n_groups, rep, counts.astype(np.int64))


def lookup(query: IntArray, target: IntArray, target_rows: IntArray, size: int) -> IntArray:
    """For each query id, the row (from ``target_rows``) whose id equals it, else -1.

    Target ids must be unique (callers check duplicates where they matter).
    """
    if size <= max(4 * (len(query) + len(target)), 1 << 16) and size <= _MAX_TABLE:
        table = np.full(size, -1, dtype=np.int64)
        table[target] = target_rows
        inside = (query >= 0) & (query < size)
        out = np.full(len(query), -1, dtype=np.int64)
        out[inside] = table[query[inside]]
        return out
    order = np.argsort(target, kind="stable")
    sorted_ids = target[order]
    pos = np.searchsorted(sorted_ids, query)
    pos_clip = np.minimum(pos, max(len(sorted_ids) - 1, 0))
    hit = (len(sorted_ids) > 0) & (sorted_ids[pos_clip] == query) if len(sorted_ids) else \
        np.zeros(len(query), dtype=bool)
    out = np.full(len(query), -1, dtype=np.int64)
    out[hit] = target_rows[order[pos_clip[hit]]]
    return out


def duplicate_rows(ids: IntArray, size: int, limit: int = 20) -> IntArray:
    """Positions of rows whose id occurs more than once (first ``limit``); O(n + size)."""
    if size <= max(4 * len(ids), 1 << 16) and size <= _MAX_TABLE:
        counts = np.bincount(ids, minlength=size)
        if counts.max(initial=0) <= 1:
            return np.zeros(0, dtype=np.int64)
        return np.flatnonzero(counts[ids] > 1)[:limit].astype(np.int64)
    _, inverse, counts = np.unique(ids, return_inverse=True, return_counts=True)
    return np.flatnonzero(counts[inverse.ravel()] > 1)[:limit].astype(np.int64)


def raise_duplicates(frame: pd.DataFrame, rows: IntArray, where: str) -> None:
    """Raise a ValidationError naming duplicate keys, if ``rows`` is not empty."""
    if len(rows) == 0:
        return
    keys = _frame.key_columns(frame)
    found = []
    for pos in rows:
        key = ", ".join(f"{k}={frame[k].iloc[int(pos)]}" for k in keys)
        found.append(Problem("duplicate_key", f"{where}: duplicate key ({key}); each area, "
                             "target group, period, measure and dimension may occur once",
                             row=int(pos)))
    raise ValidationError(found)


# ---------------------------------------------------------------------------
# results


KeyColumn = pd.Series | pd.api.extensions.ExtensionArray
"""A key column of a result being built: an array (or a Series, whose array is used)."""


def column_array(column: KeyColumn) -> pd.api.extensions.ExtensionArray:
    """The array of a key column given as a Series or as an array."""
    return column.array if isinstance(column, pd.Series) else column


def key_frame(frame: pd.DataFrame, rows: IntArray | None = None,
              looked_up: Mapping[str, pd.Series] | None = None) -> dict[str, KeyColumn]:
    """The key columns (four keys + dimensions) of ``frame`` at ``rows`` (all rows if None),
    as arrays (no index). ``looked_up``: key columns of ``frame`` already at hand (e.g.
    ``Layout.series``), not looked up again."""
    cols = _frame.key_columns(frame)
    out: dict[str, KeyColumn] = {}
    for c in cols:
        s = looked_up[c] if looked_up is not None and c in looked_up else frame[c]
        out[c] = s.array if rows is None else s.array.take(rows)
    return out


def assemble(keys: Mapping[str, KeyColumn], value: FloatArray, blinded: BoolArray,
             helpers: Mapping[str, npt.NDArray[np.generic]] | None = None) -> pd.DataFrame:
    """A canonical result frame: keys, value, blinded, dimensions, helpers (in that order).

    The arrays are used as they are (not copied): the caller hands them over."""
    n = len(value)
    data: dict[str, object] = {}
    for c in _frame.KEY_COLUMNS:
        data[c] = column_array(keys[c])
    data[VALUE] = np.asarray(value, dtype=np.float64)
    data[BLINDED] = np.asarray(blinded, dtype=bool)
    for c, s in keys.items():
        if c not in data:
            data[c] = column_array(s)
    for c, arr in (helpers or {}).items():
        data[c] = arr
    return pd.DataFrame(data, index=pd.RangeIndex(n), copy=False)


def renamed_measure(measure: KeyColumn, suffix: str) -> pd.Categorical:
    """``measure`` with ``:suffix`` appended to every category (cheap: categories only)."""
    arr = column_array(measure)
    dtype = arr.dtype
    assert isinstance(dtype, pd.CategoricalDtype) and isinstance(arr, pd.Categorical)
    new = _suffixed_dtype(dtype, suffix)
    return pd.Categorical.from_codes(np.asarray(arr.codes), dtype=new, validate=False)


_SUFFIXED: IdentityMemo[pd.CategoricalDtype] = IdentityMemo(limit=256)
"""Suffixed dtypes per dtype and suffix."""


def _suffixed_dtype(dtype: pd.CategoricalDtype, suffix: str) -> pd.CategoricalDtype:
    """The categorical dtype of ``dtype``'s categories with ``:suffix`` appended, made once
    per dtype and suffix (building a dtype of strings costs ~60 µs; a dtype's categories
    cannot change, so its identity names them)."""
    return _SUFFIXED.get_or_make((dtype,), suffix, lambda: _suffixed_by_categories(
        tuple(dtype.categories.tolist()), suffix))


@functools.lru_cache(maxsize=256)
def _suffixed_by_categories(categories: tuple[object, ...], suffix: str
                            ) -> pd.CategoricalDtype:
    """One suffixed dtype per distinct categories and suffix (equal inputs, one dtype)."""
    return pd.CategoricalDtype([f"{c}:{suffix}" for c in categories])


def set_measure(keys: Mapping[str, KeyColumn], measure: KeyColumn) -> dict[str, KeyColumn]:
    """A copy of ``keys`` with a new measure column."""
    out = dict(keys)
    out[MEASURE] = measure
    return out


def note_dropped(result: pd.DataFrame, problems: Iterable[Problem], where: str, *,
                 warn: bool = True) -> pd.DataFrame:
    """Record dropped rows in ``result.attrs["dropped"]`` and warn once with a summary."""
    found = list(problems)
    if not found:
        return result
    result.attrs["dropped"] = [*result.attrs.get("dropped", []), *found]
    if warn:
        shown = "; ".join(str(p) for p in found[:5])
        more = f" (and {len(found) - 5} more)" if len(found) > 5 else ""
        warnings.warn(f"{where}: left out {len(found)} row group(s): {shown}{more}",
                      DroppedRowsWarning, stacklevel=3)
    return result


def helper_or(frame: pd.DataFrame, name: str, rows: IntArray | None,
              default: npt.NDArray[np.generic]) -> npt.NDArray[np.generic]:
    """The helper column ``name`` of ``frame`` at ``rows`` if present, else ``default``."""
    if name not in frame.columns:
        return default
    arr = frame[name].to_numpy()
    return arr if rows is None else arr[rows]


def national_code(series: pd.Series, name: str) -> int | None:
    """The 1-based code (as in :func:`codes_of`) of category ``name``, or None."""
    cats = series.cat.categories  # shared by every frame of the dtype: its look-up is warm
    if name not in cats:
        return None
    at = cats.get_loc(name)  # categories are unique: one position
    if not isinstance(at, int):
        at = int(cats.get_indexer(pd.Index([name]))[0])
    return at + 1


def align_codes(a: pd.Series, b: pd.Series) -> tuple[IntArray, IntArray, int]:
    """Codes of two key columns in one shared code space (missing = 0)."""
    if isinstance(a.dtype, pd.PeriodDtype) and isinstance(b.dtype, pd.PeriodDtype):
        if a.dtype != b.dtype:
            raise ValidationError([Problem(
                "mixed_frequency", f"the periods differ in frequency ({a.dtype} vs "
                f"{b.dtype}); bring them to the same frequency first", column=PERIOD)])
        oa = np.asarray(a.array.asi8, dtype=np.int64)
        ob = np.asarray(b.array.asi8, dtype=np.int64)
        both = [x for x in (oa, ob) if len(x)]
        lo = min(int(x.min()) for x in both) if both else 0
        hi = max(int(x.max()) for x in both) if both else 0
        return oa - lo, ob - lo, hi - lo + 1
    ca = a if isinstance(a.dtype, pd.CategoricalDtype) else a.astype("category")
    cb = b if isinstance(b.dtype, pd.CategoricalDtype) else b.astype("category")
    da, db = ca.dtype, cb.dtype
    assert isinstance(da, pd.CategoricalDtype) and isinstance(db, pd.CategoricalDtype)
    map_a, map_b, k = _MAPS_BY_DTYPE.get_or_make((da, db), None, lambda: _category_maps(
        tuple(da.categories.tolist()), tuple(db.categories.tolist())))
    codes_a = map_a[np.asarray(ca.array.codes).astype(np.int64) + 1]
    codes_b = map_b[np.asarray(cb.array.codes).astype(np.int64) + 1]
    return codes_a, codes_b, k


_MAPS_BY_DTYPE: IdentityMemo[tuple[IntArray, IntArray, int]] = IdentityMemo(limit=64)
""":func:`_category_maps` per pair of dtypes: a dtype's categories cannot change, so the
pair of identities names them."""


@functools.lru_cache(maxsize=64)
def _category_maps(cats_a: tuple[object, ...], cats_b: tuple[object, ...]
                   ) -> tuple[IntArray, IntArray, int]:
    """Maps from the 1-based codes (0 = missing) of two category lists to codes in their
    union (``cats_a``, then the new ones of ``cats_b``); made once per pair of lists."""
    index_a = pd.Index(cats_a, dtype=object)
    index_b = pd.Index(cats_b, dtype=object)
    union = index_a.append(index_b[~index_b.isin(index_a)])
    map_a = np.concatenate([[0], union.get_indexer(index_a) + 1]).astype(np.int64)
    map_b = np.concatenate([[0], union.get_indexer(index_b) + 1]).astype(np.int64)
    map_a.flags.writeable = False
    map_b.flags.writeable = False
    return map_a, map_b, len(union) + 1
