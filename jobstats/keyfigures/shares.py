"""Shares: ``national_share`` (landsandel) and ``population_share`` (pct. af befolkningen).

A share is ``100 * value / reference`` in %: 0.93 means 0,93%.

* national share: the reference is the national row ("Hele landet") with the same
  target group, measure, period and dimensions. The national row itself gets 100.
* population share: the reference is the population 16-66 of the same area and
  period (and of the same dimensions, e.g. gender, when the population has them).

The reference is written to the helper ``reference``. A share is undefined
(``undefined`` True, ``value`` NaN) when the reference is 0 or missing; it is
blinded when the value or the reference is blinded. Rows are never dropped.
Shares are only taken of additive counts (a share of a percentage is refused).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from jobstats import frame as _frame
from jobstats import taxonomy as _taxonomy
from jobstats.errors import Problem, ValidationError, close_matches
from jobstats.frame import AREA, BLINDED, MEASURE, PERIOD, VALUE
from jobstats.keyfigures import _dense
from jobstats.keyfigures._common import (
    BoolArray,
    FloatArray,
    IntArray,
    align_codes,
    assemble,
    check_additive,
    check_frame,
    codes_of,
    duplicate_rows,
    encode,
    full_check,
    key_frame,
    lookup,
    national_code,
    period_freq,
    raise_duplicates,
    renamed_measure,
    set_measure,
)

__all__ = ["national_share", "population_share"]

POPULATION_MEASURE = "population_16_66"


def _gather(ref: IntArray, ref_values: FloatArray, ref_blind: BoolArray
            ) -> tuple[FloatArray, BoolArray]:
    """The reference value (NaN where none) and its blinded flag for each row of ``ref``."""
    has_ref = ref >= 0
    if not len(ref_values):
        return np.full(len(ref), np.nan), np.zeros(len(ref), dtype=bool)
    safe = np.where(has_ref, ref, 0)
    r = ref_values[safe]
    r[~has_ref] = np.nan
    rb = ref_blind[safe]
    rb &= has_ref
    return r, rb


def _share_result(frame: pd.DataFrame, r: FloatArray, rb: BoolArray,
                  suffix: str, layout: _dense.Layout | None = None) -> pd.DataFrame:
    """``100 * value / r`` with the rules of the module doc; ``r``: the reference of each
    row (NaN where there is none), ``rb``: whether it is blinded. Takes ``r`` over."""
    values = frame[VALUE].to_numpy(dtype=np.float64)
    blind = frame[BLINDED].to_numpy(dtype=bool)
    blinded = blind | rb
    with np.errstate(all="ignore"):
        value = values / r
        value *= 100.0
    # a reference of 0 gives ±inf or NaN, as does a missing value or reference: undefined
    undefined = np.isfinite(value)
    np.logical_not(undefined, out=undefined)
    value[undefined | blinded] = np.nan
    undefined &= ~blinded
    r[rb] = np.nan
    helpers: dict[str, np.ndarray] = {"reference": r, "undefined": undefined}
    columns = frame.columns
    for h in ("n_months", "partial"):
        if h in columns:
            helpers[h] = frame[h].to_numpy()
    keys = key_frame(frame, looked_up=layout.series if layout is not None else None)
    keys = set_measure(keys, renamed_measure(keys[MEASURE], suffix))
    return assemble(keys, value, blinded, helpers)


def _dense_national(annual: pd.DataFrame, code: int, layout: _dense.Layout
                    ) -> tuple[FloatArray, BoolArray, _dense.Layout] | None:
    """The national value and blinded flag of each row by broadcasting the national
    slice of a complete, ordered frame (of ``layout``) along its area axis; None if the
    national area is not on the grid."""
    a = layout.axis(AREA)
    at = np.flatnonzero(layout.levels[a] == code - 1)
    if len(at) != 1:
        return None
    nat = int(at[0])
    shape = (int(np.prod(layout.shape[:a], dtype=np.int64)), layout.shape[a],
             layout.stride(AREA))
    values = annual[VALUE].to_numpy(dtype=np.float64).reshape(shape)
    blind = annual[BLINDED].to_numpy(dtype=bool).reshape(shape)
    return (_spread(values[:, nat:nat + 1, :], shape), _spread(blind[:, nat:nat + 1, :], shape),
            layout)


def _spread(small: npt.NDArray[Any], shape: Sequence[int]) -> npt.NDArray[Any]:
    """``small`` broadcast to ``shape``, as a new writable flat array."""
    out = np.empty(tuple(shape), dtype=small.dtype)
    out[...] = small
    return out.reshape(-1)


def national_share(annual: pd.DataFrame, national: str = _taxonomy.NATIONAL, *,
                   check: bool = False) -> pd.DataFrame:
    """Each row as % of the national value for the same group, measure and period.

    Works for any period (annual averages for the appendix, months for a
    figure). Measure ``<m>:national_share``; helpers ``reference`` (the national
    value) and ``undefined`` (national value 0 or missing).

    >>> import pandas as pd
    >>> from jobstats import make_frame
    >>> a = make_frame(pd.DataFrame({
    ...     "area": ["Gentofte", "Hele landet", "Gentofte", "Hele landet"],
    ...     "target_group": ["sygedagpenge"] * 2 + ["forsikrede.mam"] * 2,
    ...     "period": pd.Period("2018", "Y"), "measure": "full_time_persons",
    ...     "value": [543.0, 65421.0, 0.0, 0.0]}))
    >>> national_share(a)[["area", "target_group", "value", "undefined"]].round(4)
              area    target_group   value  undefined
    0     Gentofte    sygedagpenge    0.83      False
    1  Hele landet    sygedagpenge  100.00      False
    2     Gentofte  forsikrede.mam     NaN       True
    3  Hele landet  forsikrede.mam     NaN       True
    """
    where = "national_share"
    annual = check_frame(annual, where)
    if check:
        full_check(annual, where)
    check_additive(annual, where)
    layout = _dense.detect(annual, _frame.key_columns(annual))
    code = national_code(layout.series[AREA] if layout is not None else annual[AREA],
                         national)
    dense = (_dense_national(annual, code, layout)
             if code is not None and layout is not None else None)
    if dense is not None:
        return _share_result(annual, dense[0], dense[1], "national_share", dense[2])
    if code is None or not (annual[AREA] == national).any():
        present = [str(a) for a in annual[AREA].unique()]
        raise ValidationError([Problem(
            "no_national_rows", f"{where}: no rows for the national area {national!r}; "
            "load Hele landet with the series (or name another reference area)",
            column=AREA, value=national,
            suggestions=close_matches(national, present) or tuple(present[:3]))])
    other = [c for c in _frame.key_columns(annual) if c != AREA]
    lin, size = encode(annual, other)
    area_codes, _ = codes_of(annual[AREA])
    nat_rows = np.flatnonzero(area_codes == code).astype(np.int64)
    raise_duplicates(annual, nat_rows[duplicate_rows(lin[nat_rows], size)], where)
    # any other duplicated key would get two different shares: refuse (as annual_average
    # and yoy_change do), also with check=False; O(n)
    full, full_size = encode(annual, _frame.key_columns(annual))
    raise_duplicates(annual, duplicate_rows(full, full_size), where)
    ref = lookup(lin, lin[nat_rows], nat_rows, size)
    r, rb = _gather(ref, annual[VALUE].to_numpy(dtype=np.float64),
                    annual[BLINDED].to_numpy(dtype=bool))
    return _share_result(annual, r, rb, "national_share")


def _population_rows(population: pd.DataFrame, where: str) -> pd.DataFrame:
    """The ``population_16_66`` rows of ``population``. Any other measure is refused:
    ``population`` (all ages, as DST's FOLK1A/FOLK1AM give it) divides into a share
    that looks like "pct. af befolkningen 16-66 år" but is far too low."""
    col = population[MEASURE]
    dtype = col.dtype
    if (isinstance(dtype, pd.CategoricalDtype) and len(dtype.categories) == 1
            and dtype.categories[0] == POPULATION_MEASURE
            and len(col) and (np.asarray(col.array.codes) == 0).all()):
        return population  # one measure, on every row: nothing to choose
    measures = [str(m) for m in col.unique()]
    if POPULATION_MEASURE not in measures:
        others = [m for m in measures if m != "population"]
        listed = ", ".join(["'population' (all ages: DST FOLK1AM)"] * (len(others) < len(
            measures)) + [repr(m) for m in others]) or "none"
        raise ValidationError([Problem(
            "no_population", f"{where}: the share is of the population 16-66, measure "
            f"{POPULATION_MEASURE!r}; the population frame has {listed}", column=MEASURE,
            value=measures[0] if len(measures) == 1 else None,
            suggestions=close_matches(POPULATION_MEASURE, others))])
    if len(measures) == 1:
        return population
    return population[(population[MEASURE] == POPULATION_MEASURE).to_numpy()]


def _population_totals(population: pd.DataFrame, dims: list[str], where: str
                       ) -> pd.DataFrame:
    """The population rows of the totals of its dimensions the series lack (gender
    ``total`` when the series are not by gender); a dimension without a total row
    (single ages) is refused: its rows would each claim to be the area's population."""
    for d in _frame.dimensions(population):
        if d in dims or not population[d].notna().any():
            continue
        values = [str(v) for v in population[d].dropna().unique()]
        if "total" in values:
            population = population[(population[d].astype(object) == "total").to_numpy()]
            continue
        raise ValidationError([Problem(
            "population_dimension", f"{where}: the population is split by {d!r} "
            f"({len(values)} values: {', '.join(values[:3])}{', …' if len(values) > 3 else ''}"
            f") without a total, and the series are not: sum the population over {d!r} "
            "first (e.g. ages 16-66)", column=d)])
    return population


def population_share(frame: pd.DataFrame, population: pd.DataFrame, *,
                     check: bool = False) -> pd.DataFrame:
    """Each row as % of the population 16-66 of the same area and period.

    ``population`` is a canonical frame with measure ``population_16_66`` (any
    target group, usually ``befolkning``). When ``frame`` is annual and the
    population monthly or quarterly, the population is averaged over each year
    first (:func:`annual_average`). Extra dimensions are matched when the
    population has them (e.g. gender); a population dimension the series lack is
    reduced to its ``total`` rows, and refused (``population_dimension``) without them.
    Measure ``<m>:population_share``; helpers ``reference`` and ``undefined``.

    >>> import pandas as pd
    >>> from jobstats import make_frame
    >>> f = make_frame(pd.DataFrame({
    ...     "area": ["Gentofte", "Lyngby-Taarbæk"], "target_group": "uddannelseshjaelp",
    ...     "period": pd.Period("2018", "Y"), "measure": "full_time_persons",
    ...     "value": [52.0, 40.0]}))
    >>> pop = make_frame(pd.DataFrame({
    ...     "area": ["Gentofte", "Lyngby-Taarbæk"], "target_group": "befolkning",
    ...     "period": pd.Period("2018", "Y"), "measure": "population_16_66",
    ...     "value": [47000.0, 0.0]}))
    >>> population_share(f, pop)[["area", "value", "reference", "undefined"]].round(4)
                 area   value  reference  undefined
    0        Gentofte  0.1106    47000.0      False
    1  Lyngby-Taarbæk     NaN        0.0       True
    """
    where = "population_share"
    frame = check_frame(frame, where)
    population = check_frame(population, f"{where} (population)")
    if check:
        full_check(frame, where)
        full_check(population, f"{where} (population)")
    check_additive(frame, where)
    population = _population_rows(population, where)
    f_freq = period_freq(frame, where)
    p_freq = period_freq(population, f"{where} (population)")
    if f_freq != p_freq:
        if f_freq.startswith("Y-") and not p_freq.startswith("Y-"):
            from jobstats.keyfigures.annual import annual_average

            population = annual_average(population,
                                        year_end=_year_end(f_freq))
        else:
            raise ValidationError([Problem(
                "mixed_frequency", f"{where}: the series are {f_freq} but the population "
                f"is {p_freq}; bring the population to the series' frequency",
                column=PERIOD, value=p_freq)])
    dims = [d for d in _frame.dimensions(frame)
            if d in population.columns and population[d].notna().any()]
    population = _population_totals(population, dims, where)
    join = [AREA, PERIOD, *dims]
    pop_values = population[VALUE].to_numpy(dtype=np.float64)
    pop_blind = population[BLINDED].to_numpy(dtype=bool)
    layout = _dense.detect(frame, _frame.key_columns(frame))
    if layout is not None:
        # look up each combination of the join axes' levels once, then broadcast
        lin_g = np.zeros((1,) * len(layout.shape), dtype=np.int64)
        lin_p = np.zeros(len(population), dtype=np.int64)
        size = 1
        for col in join:
            ax = layout.axis(col)
            levels = pd.Series(_dense.column_from_levels(layout.series[col], layout.levels[ax]))
            ca, cb, k = align_codes(levels, population[col])
            lin_g = lin_g * k + ca.reshape([-1 if i == ax else 1
                                            for i in range(len(layout.shape))])
            lin_p = lin_p * k + cb
            size *= k
        _check_population(population, lin_p, size, where)
        small = lookup(lin_g.reshape(-1), lin_p, np.arange(len(population), dtype=np.int64),
                       size)
        r_small, rb_small = _gather(small, pop_values, pop_blind)
        r = _spread(r_small.reshape(lin_g.shape), layout.shape)
        rb = _spread(rb_small.reshape(lin_g.shape), layout.shape)
        return _share_result(frame, r, rb, "population_share", layout)
    lin_f = np.zeros(len(frame), dtype=np.int64)
    lin_p = np.zeros(len(population), dtype=np.int64)
    size = 1
    for col in join:
        ca, cb, k = align_codes(frame[col], population[col])
        lin_f = lin_f * k + ca
        lin_p = lin_p * k + cb
        size *= k
    _check_population(population, lin_p, size, where)
    ref = lookup(lin_f, lin_p, np.arange(len(population), dtype=np.int64), size)
    r, rb = _gather(ref, pop_values, pop_blind)
    return _share_result(frame, r, rb, "population_share")


def _check_population(population: pd.DataFrame, lin_p: IntArray, size: int,
                      where: str) -> None:
    dups = duplicate_rows(lin_p, size)
    if len(dups):
        raise_duplicates(population, dups, f"{where} (population)")


def _year_end(freq: str) -> int:
    anchors = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT",
               "NOV", "DEC"]
    return anchors.index(freq.split("-", 1)[1]) + 1
