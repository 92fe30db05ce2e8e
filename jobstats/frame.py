"""The canonical series frame that every jobstats function consumes and returns.

A long-format :class:`pandas.DataFrame`, one row per observation:

=================  ==================  ==============================================
column             dtype               meaning
=================  ==================  ==============================================
``area``           category            canonical area name ("Gentofte", "Hele landet")
``target_group``   category            stable target-group id ("kontanthjaelp.jobparate")
``period``         ``period[M]`` /     month, quarter, year or QMAT rolling year
                   ``period[Q-DEC]`` / (see :mod:`jobstats.periods`); object dtype
                   ``period[Y-…]``     only when frequencies are mixed
``measure``        category            measure id ("full_time_persons", ...)
``value``          float64             the number; NaN when blinded or missing
``blinded``        bool                True: the source hid the value (".", "..", "-")
=================  ==================  ==============================================

*Blinded* and *missing* are different: a blinded row has ``value`` NaN and
``blinded`` True; a missing value is NaN with ``blinded`` False (or no row).
Blinded values are never 0.

Any other column is an extra dimension (køn, alder, oprindelse, ``offer_type``,
...) unless it is one of the helper columns key-figure functions add beside
``value`` (:data:`HELPER_COLUMNS`, e.g. ``n_months``).

>>> import pandas as pd
>>> f = make_frame(pd.DataFrame({
...     "area": ["Gentofte"], "target_group": ["sygedagpenge"],
...     "period": [pd.Period("2018-01", "M")], "measure": ["full_time_persons"],
...     "value": [561.0]}))
>>> list(f.columns)
['area', 'target_group', 'period', 'measure', 'value', 'blinded']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from jobstats import taxonomy as _taxonomy
from jobstats.errors import Problem, ValidationError, close_matches
from jobstats.identity_memo import IdentityMemo
from jobstats.numbers import MAX_MAGNITUDE
from jobstats.periods import frequency_of

__all__ = [
    "AREA",
    "BLINDED",
    "CORE_COLUMNS",
    "DERIVED_MEASURES",
    "HELPER_COLUMNS",
    "KEY_COLUMNS",
    "MEASURE",
    "PERIOD",
    "TARGET_GROUP",
    "VALUE",
    "dimensions",
    "is_known_measure",
    "key_columns",
    "make_frame",
    "measure_base",
    "problems",
    "rows_where",
    "select_rows",
    "validate",
]

AREA = "area"
TARGET_GROUP = "target_group"
PERIOD = "period"
MEASURE = "measure"
VALUE = "value"
BLINDED = "blinded"

KEY_COLUMNS: tuple[str, ...] = (AREA, TARGET_GROUP, PERIOD, MEASURE)
CORE_COLUMNS: tuple[str, ...] = (*KEY_COLUMNS, VALUE, BLINDED)

HELPER_COLUMNS: frozenset[str] = frozenset(
    {
        "n_months",  # annual_average: months (or quarters) present
        "partial",  # annual_average: fewer than a full year
        "undefined",  # yoy/share: result undefined (e.g. 0 -> x)
        "previous",  # yoy: the previous year's value
        "imprecise",  # yoy/point_change: change of a rounded rate too uncertain
        "reference",  # shares: the value divided by
        "place",  # rank: the place (ties share it)
        "own_area",  # rank: the analyst's own area
        "kept",  # rank: row kept outside the top n
        "computed",  # consistency: sum of children
        "difference",  # consistency: published minus computed
        "share",  # composition: share of total
        "share_rounded",  # composition: whole-% share summing to 100
    }
)
"""Columns key-figure functions add beside ``value``; they are not dimensions."""

_COUNT_UNITS = frozenset({"count", "pct", "rank"})

DERIVED_MEASURES: dict[str, tuple[str, str]] = {
    "yoy": ("Udvikling i procent", "Change in %"),
    "national_share": ("Landsandel", "National share"),
    "population_share": ("Pct. af befolkningen 16-66 år", "% of population 16-66"),
    "point_change": ("Udvikling i procent", "Change in %"),
    "share": ("Andel", "Share"),
}
"""Suffixes of derived measures. A key figure writes what it computed into
``measure`` as ``base:suffix[:suffix...]``: ``full_time_persons:national_share``
is the national share of full-time persons, ``full_time_persons:national_share:yoy``
the relative change of that share ("udvikling i landsandel")."""


def measure_base(measure: str) -> str:
    """The base measure id of a (possibly derived) measure id."""
    return measure.split(":", 1)[0]


def is_known_measure(measure: str, taxonomy: _taxonomy.Taxonomy | None = None) -> bool:
    """Whether ``measure`` is a taxonomy measure, optionally with derived suffixes."""
    tx = taxonomy or _taxonomy.default()
    base, *suffixes = str(measure).split(":")
    return base in tx.measures and all(s in DERIVED_MEASURES for s in suffixes)


def dimensions(frame: pd.DataFrame) -> list[str]:
    """The extra dimension columns of a canonical frame (beyond the core and helpers)."""
    return [c for c in frame.columns if c not in CORE_COLUMNS and c not in HELPER_COLUMNS]


def key_columns(frame: pd.DataFrame) -> list[str]:
    """The columns that identify a row: the four keys plus the extra dimensions."""
    return [*KEY_COLUMNS, *dimensions(frame)]


def _period_column(values: pd.Series) -> pd.Series:
    if isinstance(values.dtype, pd.PeriodDtype):
        return values
    freqs = {p.freqstr for p in values if isinstance(p, pd.Period)}
    if len(freqs) == 1 and values.map(lambda p: isinstance(p, pd.Period)).all():
        return pd.Series(pd.PeriodIndex(values.tolist()), index=values.index, name=values.name)
    return values.astype(object)


def make_frame(data: pd.DataFrame, *, check: bool = False, source: str | None = None,
               taxonomy: _taxonomy.Taxonomy | None = None) -> pd.DataFrame:
    """Return a new canonical frame with canonical dtypes and column order.

    Adds ``blinded`` (all False) when absent; makes ``area``, ``target_group``,
    ``measure`` and the extra dimensions categorical; makes ``period`` a period
    dtype when all periods share one frequency. ``check=True`` also runs
    :func:`validate`. The input is not modified.
    """
    missing = [c for c in (*KEY_COLUMNS, VALUE) if c not in data.columns]
    if missing:
        raise ValidationError(
            [
                Problem("missing_column", f"the frame has no column {c!r}", source=source,
                        column=c)
                for c in missing
            ]
        )
    out = data.copy()
    if BLINDED not in out.columns:
        out[BLINDED] = False
    # columns already of their canonical dtype are left as they are (the same values)
    if out[BLINDED].dtype != np.dtype(bool):
        out[BLINDED] = out[BLINDED].fillna(False).astype(bool)
    if out[VALUE].dtype != np.dtype("float64"):
        out[VALUE] = pd.to_numeric(out[VALUE], errors="coerce").astype("float64")
    if not isinstance(out[PERIOD].dtype, pd.PeriodDtype):
        out[PERIOD] = _period_column(out[PERIOD])
    for col in (AREA, TARGET_GROUP, MEASURE, *dimensions(out)):
        if not isinstance(out[col].dtype, pd.CategoricalDtype):
            out[col] = out[col].astype("category")
    helpers = [c for c in out.columns if c in HELPER_COLUMNS]
    order = [*CORE_COLUMNS, *dimensions(out), *helpers]
    if out.columns.tolist() != order:
        out = out[order]
    if check:
        validate(out, source=source, taxonomy=taxonomy)
    return out


def problems(frame: pd.DataFrame, *, source: str | None = None,
             taxonomy: _taxonomy.Taxonomy | None = None,
             source_rows: Sequence[int] | None = None) -> list[Problem]:
    """Every problem of a canonical frame, without raising (see :func:`validate`)."""
    tx = taxonomy or _taxonomy.default()
    found: list[Problem] = []

    def row_of(pos: int) -> int:
        return int(source_rows[pos]) if source_rows is not None else pos

    for col in CORE_COLUMNS:
        if col not in frame.columns:
            found.append(Problem("missing_column", f"the frame has no column {col!r}",
                                 source=source, column=col))
    if found:
        return found

    if not pd.api.types.is_float_dtype(frame[VALUE].dtype):
        found.append(Problem("bad_dtype", f"'value' must be float64, not {frame[VALUE].dtype}",
                             source=source, column=VALUE))
    if not pd.api.types.is_bool_dtype(frame[BLINDED].dtype):
        found.append(Problem("bad_dtype", f"'blinded' must be bool, not {frame[BLINDED].dtype}",
                             source=source, column=BLINDED))
    if not isinstance(frame[PERIOD].dtype, pd.PeriodDtype):
        bad = ~frame[PERIOD].map(lambda p: isinstance(p, pd.Period)).to_numpy(dtype=bool)
        for pos in np.flatnonzero(bad)[:50]:
            found.append(Problem("bad_period", "not a pandas Period", source=source,
                                 row=row_of(int(pos)), column=PERIOD,
                                 value=frame[PERIOD].iloc[pos]))
    if found:
        return found

    # unknown names, reported once per distinct value with its first row
    for col, known, code in (
        (AREA, tx.areas, "unknown_area"),
        (TARGET_GROUP, tx.groups, "unknown_target_group"),
        (MEASURE, tx.measures, "unknown_measure"),
    ):
        names = frame[col].astype(object)
        unknown = sorted({str(v) for v in names.unique()
                          if not (is_known_measure(v, tx) if col == MEASURE else v in known)})
        for name in unknown:
            pos = int(np.flatnonzero((names == name).to_numpy())[0])
            choices = list(known) if col != TARGET_GROUP else [
                *known, *(g.name_da for g in tx.groups.values())]
            found.append(Problem(code, f"unknown {col.replace('_', ' ')} {name!r}",
                                 source=source, row=row_of(pos), column=col, value=name,
                                 suggestions=close_matches(name, choices)))

    blinded = frame[BLINDED].to_numpy(dtype=bool)
    values = frame[VALUE].to_numpy(dtype="float64")
    for pos in np.flatnonzero(blinded & ~np.isnan(values))[:50]:
        found.append(Problem("blinded_with_value", "a blinded row must have value NaN",
                             source=source, row=row_of(int(pos)), column=VALUE,
                             value=float(values[pos])))

    with np.errstate(invalid="ignore"):
        wild = ~(np.abs(values) <= MAX_MAGNITUDE) & ~np.isnan(values)
    for pos in np.flatnonzero(wild)[:50]:
        v = float(values[pos])
        finite = bool(np.isfinite(v))
        found.append(Problem("huge_value" if finite else "non_finite_value",
                             "a value beyond ±2^53 (a damaged cell)" if finite
                             else "a value must be a finite number (or NaN when missing)",
                             source=source, row=row_of(int(pos)), column=VALUE, value=v))

    units = frame[MEASURE].astype(object).map(
        lambda m: tx.measures[m].unit if m in tx.measures else "")  # derived: may be < 0
    negative = (units.isin(_COUNT_UNITS).to_numpy(dtype=bool)) & (values < 0)
    for pos in np.flatnonzero(negative)[:50]:
        found.append(Problem("negative_count",
                             f"{frame[MEASURE].iloc[pos]} cannot be negative",
                             source=source, row=row_of(int(pos)), column=VALUE,
                             value=float(values[pos])))

    keys = key_columns(frame)
    dup = frame.duplicated(subset=keys, keep=False).to_numpy(dtype=bool)
    for pos in np.flatnonzero(dup)[:50]:
        key = ", ".join(f"{k}={frame[k].iloc[pos]}" for k in keys)
        found.append(Problem("duplicate_key", f"duplicate key ({key})", source=source,
                             row=row_of(int(pos))))

    if not isinstance(frame[PERIOD].dtype, pd.PeriodDtype):
        series_keys = [k for k in keys if k != PERIOD]
        freq = frame[PERIOD].map(frequency_of)
        n_freq = freq.groupby([frame[k] for k in series_keys], observed=True).nunique()
        for key_values in n_freq[n_freq > 1].index[:50]:
            kv = key_values if isinstance(key_values, tuple) else (key_values,)
            label = ", ".join(f"{k}={v}" for k, v in zip(series_keys, kv, strict=True))
            found.append(Problem("mixed_frequency",
                                 f"one series mixes frequencies ({label}); split it",
                                 source=source, column=PERIOD))
    return found


def validate(frame: pd.DataFrame, *, source: str | None = None,
             taxonomy: _taxonomy.Taxonomy | None = None,
             source_rows: Sequence[int] | None = None) -> None:
    """Check a canonical frame; raise one :class:`ValidationError` listing every problem.

    Checks: the core columns and their dtypes; known areas, target groups and
    measures (with close matches); blinded rows carry no value; values finite and
    within ±2^53 (:data:`jobstats.numbers.MAX_MAGNITUDE`); no negative counts
    or percentages; unique keys (area, target group, period, measure and the extra
    dimensions); one frequency per series.
    """
    found = problems(frame, source=source, taxonomy=taxonomy, source_rows=source_rows)
    if found:
        raise ValidationError(found)


def rows_where(frame: pd.DataFrame, **equal: object) -> npt.NDArray[np.bool_]:
    """A boolean mask of the rows whose columns equal the given values.

    Each keyword names a column; its value is one value (a string, a Period, a
    number) or a collection of values (list, tuple, set, Index, array: any of
    them). A categorical column is compared on its integer codes (the wanted
    values are looked up once in the categories), never as Python objects, so
    selecting from a frame of millions of rows is a vectorised integer
    comparison. Other columns use :meth:`pandas.Series.isin`. Missing values
    never match. The frame is not modified.

    >>> import pandas as pd
    >>> f = make_frame(pd.DataFrame({
    ...     "area": ["Gentofte", "Hele landet", "Gentofte"],
    ...     "target_group": ["sygedagpenge", "sygedagpenge", "kontanthjaelp"],
    ...     "period": [pd.Period("2018-01", "M")] * 3, "measure": "full_time_persons",
    ...     "value": [561.0, 67000.0, 465.0]}))
    >>> rows_where(f, area="Gentofte").tolist()
    [True, False, True]
    >>> rows_where(f, area=["Gentofte", "Odense"], target_group="sygedagpenge").tolist()
    [True, False, False]
    >>> rows_where(f, period=pd.Period("2018-01", "M")).tolist()
    [True, True, True]
    """
    mask = np.ones(len(frame), dtype=bool)
    for column, wanted in equal.items():
        values = list(wanted) if (isinstance(wanted, Iterable)
                                  and not isinstance(wanted, (str, bytes))) else [wanted]
        col = frame[column]
        if isinstance(col.dtype, pd.CategoricalDtype):
            positions = category_codes(col.dtype.categories, values)
            codes = np.asarray(col.array.codes)
            if len(positions) == 1:
                mask &= codes == positions[0]
            else:
                mask &= np.isin(codes, positions)
        else:
            mask &= col.isin(values).to_numpy(dtype=bool, na_value=False)
    return mask


_CODES: IdentityMemo[dict[str, int]] = IdentityMemo(limit=256)


def category_codes(categories: pd.Index, values: Sequence[object]) -> npt.NDArray[np.intp]:
    """The positions in ``categories`` of the distinct ``values`` found there (first
    occurrence order): ``categories.get_indexer`` of the distinct values without the
    misses. String categories are looked up in a dictionary remembered per
    categories object (selecting from many small frames of the same categories).

    >>> category_codes(pd.Index(["a", "b", "c"]), ["c", "x", "a", "c"]).tolist()
    [2, 0]
    """
    if all(type(v) is str for v in values) and pd.api.types.is_string_dtype(categories):
        lookup = _CODES.get_or_make((categories,), None, lambda: {
            str(c): i for i, c in enumerate(categories)})
        found = [lookup.get(str(v), -1) for v in dict.fromkeys(values)]
        return np.array([c for c in found if c >= 0], dtype=np.intp)
    wanted: pd.Index = pd.Index(list(values), dtype=object)
    positions = categories.get_indexer(wanted.drop_duplicates())
    return np.asarray(positions[positions >= 0], dtype=np.intp)


def select_rows(frame: pd.DataFrame, **equal: object) -> pd.DataFrame:
    """The rows whose columns equal the given values (see :func:`rows_where`),
    with the frame's ``attrs`` (the source line) kept and the index unchanged.

    >>> import pandas as pd
    >>> f = make_frame(pd.DataFrame({
    ...     "area": ["Gentofte", "Hele landet"], "target_group": "sygedagpenge",
    ...     "period": pd.Period("2018-01", "M"), "measure": "full_time_persons",
    ...     "value": [561.0, 67000.0]}))
    >>> f.attrs["source"] = "Jobindsats.dk"
    >>> g = select_rows(f, area="Hele landet")
    >>> g["value"].tolist(), g.attrs["source"]
    ([67000.0], 'Jobindsats.dk')
    """
    out = frame.loc[rows_where(frame, **equal)]
    out.attrs = dict(frame.attrs)
    return out
