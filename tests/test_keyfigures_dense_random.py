"""Random complete frames: every dense fast path equals the general path.

Each example draws a complete grid (areas, target groups, an optional dimension,
months or years) with ties, zeros, blinded and missing values, computes every key
figure on it (the dense paths) and on a shuffled copy (the general paths, since a
shuffled frame is not a grid), and requires the same frames. Sums over months add
the same numbers in another order on a shuffled frame, so annual averages are
compared to 1e-13; every other figure must agree exactly.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from jobstats import (
    annual_average,
    make_frame,
    national_share,
    point_change,
    population_share,
    rank,
    yoy_change,
)
from jobstats import frame as _frame
from jobstats.keyfigures import PartialComparisonWarning, _dense

# Hele landet and a region are not ranked; the others are kommuner
AREAS = ["Hele landet", "Region Hovedstaden", "Gentofte", "Gladsaxe", "Herlev", "Furesø",
         "Ballerup"]
GROUPS = ["sygedagpenge", "kontanthjaelp", "revalidering"]


@st.composite
def grids(draw: st.DrawFn, *, annual: bool) -> pd.DataFrame:
    """A complete frame in nested order area > group > (gender) > period."""
    areas = draw(st.lists(st.sampled_from(AREAS[1:]), min_size=1, max_size=5, unique=True))
    areas = ["Hele landet", *areas] if draw(st.booleans()) or annual else areas
    groups = draw(st.lists(st.sampled_from(GROUPS), min_size=1, max_size=3, unique=True))
    if annual:
        periods = pd.period_range(str(draw(st.integers(2010, 2020))),
                                  periods=draw(st.integers(1, 4)), freq="Y")
    else:
        periods = pd.period_range(f"2018-{draw(st.integers(1, 12)):02d}",
                                  periods=draw(st.integers(1, 30)), freq="M")
    levels: list[Any] = [areas, groups]
    names = ["area", "target_group"]
    if draw(st.booleans()):
        levels.append(["Mænd", "Kvinder"])
        names.append("gender")
    levels.append(periods)
    names.append("period")
    data: pd.DataFrame = pd.MultiIndex.from_product(levels, names=names).to_frame(
        index=False)
    data["measure"] = "full_time_persons"
    n = len(data)
    kind = draw(st.sampled_from(["few", "fractions"]))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    # few distinct values: ties and zeros; fractions: the last bit of a sum could differ
    value = (rng.integers(0, 4, n).astype(float) if kind == "few"
             else rng.integers(0, 500, n) + rng.random(n))
    blinded = rng.random(n) < draw(st.sampled_from([0.0, 0.05, 0.3]))
    missing = rng.random(n) < draw(st.sampled_from([0.0, 0.05, 0.3]))
    value[blinded | missing] = np.nan
    data["value"] = value
    data["blinded"] = blinded
    frame = make_frame(data)
    assert _dense.detect(frame, _frame.key_columns(frame)) is not None
    return frame


def _shuffled(f: pd.DataFrame, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(f))
    if len(f) > 1 and (order == np.arange(len(f))).all():
        order = order[::-1]
    return f.iloc[order].reset_index(drop=True)


def _general(f: pd.DataFrame, seed: int) -> pd.DataFrame:
    """A shuffled copy that is no grid (a tiny frame can shuffle into another grid)."""
    out = _shuffled(f, seed)
    assume(_dense.detect(out, _frame.key_columns(out)) is None)
    return out


def _same(a: pd.DataFrame, b: pd.DataFrame, *, exact: bool = True) -> None:
    key = _frame.key_columns(a)
    pd.testing.assert_frame_equal(a.sort_values(key).reset_index(drop=True),
                                  b.sort_values(key).reset_index(drop=True),
                                  check_exact=exact, rtol=1e-13, atol=0.0)


@settings(max_examples=40, deadline=None)
@given(f=grids(annual=False), seed=st.integers(0, 1000),
       months=st.sampled_from([None, (1, 2, 3, 4, 5, 6), (2, 11)]),
       year_end=st.sampled_from([12, 6]))
def test_monthly_figures_dense_equal_general(f: pd.DataFrame, seed: int,
                                             months: tuple[int, ...] | None,
                                             year_end: int) -> None:
    g = _general(f, seed)
    _same(annual_average(f, months=months, year_end=year_end),
          annual_average(g, months=months, year_end=year_end), exact=False)
    _same(point_change(f, month=12), point_change(g, month=12))


@settings(max_examples=60, deadline=None)
@given(a=grids(annual=True), seed=st.integers(0, 1000))
def test_annual_figures_dense_equal_general(a: pd.DataFrame, seed: int) -> None:
    g = _general(a, seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PartialComparisonWarning)
        _same(yoy_change(a), yoy_change(g))
    _same(national_share(a), national_share(g))
    areas = [str(x) for x in a["area"].cat.categories]
    years = a["period"].unique()
    pop = make_frame(pd.DataFrame({
        "area": np.repeat(areas, len(years)), "target_group": "befolkning",
        "period": np.tile(np.asarray(years), len(areas)), "measure": "population_16_66",
        "value": 1000.0 + 37.0 * np.arange(len(areas) * len(years))}))
    _same(population_share(a, pop), population_share(g, pop))


@settings(max_examples=80, deadline=None)
@given(a=grids(annual=True), seed=st.integers(0, 1000), n=st.integers(1, 7),
       ascending=st.booleans(),
       keep=st.sampled_from([(), ("Hele landet",), ("Region Hovedstaden", "Hele landet")]),
       own=st.sampled_from([None, "Herlev", "Hele landet", "Ballerup"]))
def test_rank_dense_equals_general(a: pd.DataFrame, seed: int, n: int, ascending: bool,
                                   keep: tuple[str, ...], own: str | None) -> None:
    shares = a.assign(measure=pd.Categorical(["full_time_persons:population_share"] * len(a)))
    g = _general(shares, seed)
    dense = rank(shares, n=n, ascending=ascending, keep=keep, own=own)
    general = rank(g, n=n, ascending=ascending, keep=keep, own=own)
    pd.testing.assert_frame_equal(dense, general, check_exact=True)
    # the rows left out as not rankable name the same kommuner (row numbers differ)
    assert sorted(p.message for p in dense.attrs.get("dropped", [])) == \
        sorted(p.message for p in general.attrs.get("dropped", []))
