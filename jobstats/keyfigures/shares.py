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

import numpy as np
import pandas as pd

from jobstats import frame as _frame
from jobstats import taxonomy as _taxonomy
from jobstats.errors import Problem, ValidationError, close_matches
from jobstats.keyfigures._common import (
    AREA,
    BLINDED,
    MEASURE,
    PERIOD,
    VALUE,
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


def _share_result(frame: pd.DataFrame, ref: IntArray, ref_values: FloatArray,
                  ref_blind: np.ndarray, suffix: str) -> pd.DataFrame:
    values = frame[VALUE].to_numpy(dtype=np.float64)
    blind = frame[BLINDED].to_numpy(dtype=bool)
    has_ref = ref >= 0
    safe = np.where(has_ref, ref, 0)
    r = np.where(has_ref, ref_values[safe], np.nan) if len(ref_values) else \
        np.full(len(ref), np.nan)
    rb = has_ref & (ref_blind[safe] if len(ref_blind) else False)
    blinded = blind | rb
    with np.errstate(all="ignore"):
        value = 100.0 * values / r
    value = np.where(blinded | (r == 0) | ~np.isfinite(value), np.nan, value)
    undefined = ~blinded & np.isnan(value)
    helpers: dict[str, np.ndarray] = {"reference": np.where(rb, np.nan, r),
                                      "undefined": undefined}
    for h in ("n_months", "partial"):
        if h in frame.columns:
            helpers[h] = frame[h].to_numpy()
    keys = key_frame(frame)
    keys = set_measure(keys, renamed_measure(keys[MEASURE], suffix))
    return assemble(keys, value, blinded, helpers)


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
    code = national_code(annual[AREA], national)
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
    ref = lookup(lin, lin[nat_rows], nat_rows, size)
    return _share_result(annual, ref, annual[VALUE].to_numpy(dtype=np.float64),
                         annual[BLINDED].to_numpy(dtype=bool), "national_share")


def _population_rows(population: pd.DataFrame, where: str) -> pd.DataFrame:
    measures = [str(m) for m in population[MEASURE].unique()]
    if POPULATION_MEASURE in measures:
        chosen = POPULATION_MEASURE
    elif len(measures) == 1:
        chosen = measures[0]
    else:
        raise ValidationError([Problem(
            "no_population", f"{where}: the population frame has no measure "
            f"{POPULATION_MEASURE!r} (measures: {', '.join(measures) or 'none'})",
            column=MEASURE, suggestions=close_matches(POPULATION_MEASURE, measures))])
    if len(measures) == 1:
        return population
    return population[(population[MEASURE] == chosen).to_numpy()]


def population_share(frame: pd.DataFrame, population: pd.DataFrame, *,
                     check: bool = False) -> pd.DataFrame:
    """Each row as % of the population 16-66 of the same area and period.

    ``population`` is a canonical frame with measure ``population_16_66`` (any
    target group, usually ``befolkning``). When ``frame`` is annual and the
    population monthly or quarterly, the population is averaged over each year
    first (:func:`annual_average`). Extra dimensions are matched when the
    population has them (e.g. gender); otherwise the area total is used.
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
    join = [AREA, PERIOD, *dims]
    lin_f = np.zeros(len(frame), dtype=np.int64)
    lin_p = np.zeros(len(population), dtype=np.int64)
    size = 1
    for col in join:
        ca, cb, k = align_codes(frame[col], population[col])
        lin_f = lin_f * k + ca
        lin_p = lin_p * k + cb
        size *= k
    pop_rows = np.arange(len(population), dtype=np.int64)
    dups = duplicate_rows(lin_p, size)
    if len(dups):
        raise_duplicates(population, dups, f"{where} (population)")
    ref = lookup(lin_f, lin_p, pop_rows, size)
    return _share_result(frame, ref, population[VALUE].to_numpy(dtype=np.float64),
                         population[BLINDED].to_numpy(dtype=bool), "population_share")


def _year_end(freq: str) -> int:
    anchors = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT",
               "NOV", "DEC"]
    return anchors.index(freq.split("-", 1)[1]) + 1
