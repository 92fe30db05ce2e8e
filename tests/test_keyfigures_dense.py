"""The dense fast paths give exactly the results of the general path.

Every key figure recognises a complete frame in nested key order and computes on
a reshaped numpy array; any other frame (shuffled, a row missing) takes the
general path on integer ids. These tests build the same data both ways (the
shuffled copy cannot be dense) and require identical frames, bit for bit, plus a
few values worked out by hand on the dense path. They cover blinded and missing
months, zeros, gaps between years, QMAT years, quarters, months subsets and
extra dimensions; the last tests draw random grids (hypothesis) with ties, zeros,
blinded and missing values and compare every key figure on both paths.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd
import pytest
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

AREAS = ["Hele landet", "Gentofte", "Gladsaxe", "Herlev", "Furesø"]
GROUPS = ["sygedagpenge", "kontanthjaelp", "revalidering"]


def _product(outer: dict[str, list[str]], dims: bool, periods: pd.PeriodIndex
             ) -> pd.DataFrame:
    """Every combination of ``outer``'s levels, (genders) and periods, in nested order."""
    levels: dict[str, Any] = {**outer, **({"gender": ["Mænd", "Kvinder"]} if dims else {}),
                              "period": periods}
    data: pd.DataFrame = pd.MultiIndex.from_product(
        list(levels.values()), names=list(levels)).to_frame(index=False)
    return data


def grid(periods: pd.PeriodIndex, *, dims: bool = False, seed: int = 0,
         areas: list[str] = AREAS, groups: list[str] = GROUPS) -> pd.DataFrame:
    """A complete frame in nested order area > group > (gender) > period."""
    data = _product({"area": areas, "target_group": groups}, dims, periods)
    data["measure"] = "full_time_persons"
    rng = np.random.default_rng(seed)
    # non-integer values, so that the order of additions could show in the last bit
    data["value"] = rng.integers(0, 500, len(data)) + rng.random(len(data))
    return make_frame(data)


def blemish(f: pd.DataFrame, seed: int) -> pd.DataFrame:
    """Blind a few rows, make a few missing (NaN) and a few zero."""
    out = f.copy()
    rng = np.random.default_rng(seed)
    pos = rng.choice(len(out), size=min(12, len(out)), replace=False)
    out.loc[pos[:4], ["value", "blinded"]] = [np.nan, True]
    out.loc[pos[4:8], "value"] = np.nan
    out.loc[pos[8:], "value"] = 0.0
    return out


def reordered(f: pd.DataFrame, seed: int = 7) -> pd.DataFrame:
    """``f``'s rows in a random order (a tiny frame can come out as another grid)."""
    return f.sample(frac=1.0, random_state=seed).reset_index(drop=True)


def shuffled(f: pd.DataFrame, seed: int = 7) -> pd.DataFrame:
    out = reordered(f, seed)
    assert _dense.detect(out, _frame.key_columns(out)) is None  # general path
    return out


def is_dense(f: pd.DataFrame) -> bool:
    return _dense.detect(f, _frame.key_columns(f)) is not None


def same(a: pd.DataFrame, b: pd.DataFrame, *, exact: bool = True) -> None:
    """Equal frames up to row order; ``exact=False`` allows the last bits of a sum that
    added the same numbers in another order (a shuffled frame)."""
    key = _frame.key_columns(a)
    pd.testing.assert_frame_equal(a.sort_values(key).reset_index(drop=True),
                                  b.sort_values(key).reset_index(drop=True),
                                  check_exact=exact, rtol=1e-13, atol=0.0)


def without_nan_rows(f: pd.DataFrame) -> pd.DataFrame:
    """``f`` without its missing (NaN, not blinded) rows: no longer a complete grid,
    but every group's remaining rows in the same order."""
    out = f[~(f["value"].isna() & ~f["blinded"])].reset_index(drop=True)
    assert not is_dense(out)
    return out


MONTHS = pd.period_range("2016-01", "2019-12", freq="M")
YEARS = pd.period_range("2014", "2019", freq="Y")


@pytest.mark.parametrize("dims", [False, True])
@pytest.mark.parametrize("seed", [1, 2])
def test_annual_average_dense_equals_general(dims: bool, seed: int) -> None:
    f = blemish(grid(MONTHS, dims=dims, seed=seed), seed)
    assert is_dense(f)
    dense = annual_average(f)
    same(dense, annual_average(shuffled(f)), exact=False)
    # the same rows in the same order: the same additions, identical to the last bit
    same(dense, annual_average(without_nan_rows(f)))
    assert dense["blinded"].sum() >= 1 and (dense["n_months"] < 12).sum() >= 1


@pytest.mark.parametrize("kw", [{"months": range(1, 7)}, {"year_end": 6},
                                {"months": [2, 3, 11]}])
def test_annual_average_ytd_and_qmat_dense_equals_general(kw: dict[str, object]) -> None:
    f = blemish(grid(pd.period_range("2016-07", "2019-06", freq="M"), dims=True), 3)
    dense = annual_average(f, **kw)  # type: ignore[arg-type]
    same(dense, annual_average(shuffled(f), **kw), exact=False)  # type: ignore[arg-type]
    same(dense, annual_average(without_nan_rows(f), **kw))  # type: ignore[arg-type]


def test_annual_average_quarterly_dense_equals_general() -> None:
    f = blemish(grid(pd.period_range("2016Q1", "2019Q4", freq="Q"), dims=True), 4)
    same(annual_average(f), annual_average(shuffled(f)), exact=False)
    same(annual_average(f), annual_average(without_nan_rows(f)))
    same(annual_average(f, year_end=9), annual_average(shuffled(f), year_end=9),
         exact=False)


def test_annual_average_dense_by_hand_with_a_dimension() -> None:
    f = grid(pd.period_range("2018-01", "2018-12", freq="M"), dims=True)
    f["value"] = 0.0
    men = (f["area"] == "Gentofte") & (f["target_group"] == "sygedagpenge") & \
        (f["gender"] == "Mænd")
    f.loc[men, "value"] = [float(m) for m in range(1, 13)]  # mean 6.5
    f.loc[men & (f["period"] == pd.Period("2018-03", "M")), ["value", "blinded"]] = \
        [np.nan, True]
    women = (f["area"] == "Gentofte") & (f["target_group"] == "sygedagpenge") & \
        (f["gender"] == "Kvinder")
    f.loc[women, "value"] = [10.0] * 11 + [np.nan]  # one month missing: 10, partial
    a = annual_average(f)
    gs = (a["area"] == "Gentofte") & (a["target_group"] == "sygedagpenge")
    m = a[gs & (a["gender"] == "Mænd")].iloc[0]
    w = a[gs & (a["gender"] == "Kvinder")].iloc[0]
    assert bool(m["blinded"]) and np.isnan(m["value"]) and m["n_months"] == 12
    assert w["value"] == 10.0 and w["n_months"] == 11 and bool(w["partial"])
    assert len(a) == len(AREAS) * len(GROUPS) * 2


@pytest.mark.parametrize("dims", [False, True])
def test_yoy_dense_equals_general(dims: bool) -> None:
    a = blemish(grid(YEARS, dims=dims, seed=5), 5)
    a.loc[a.index[1], "value"] = 0.0  # 0 -> x and x -> 0 cases
    a.loc[a.index[2], "value"] = 0.0
    assert is_dense(a)
    same(yoy_change(a), yoy_change(shuffled(a)))


def test_yoy_dense_with_partial_years_equals_general() -> None:
    f = blemish(grid(pd.period_range("2016-01", "2019-06", freq="M"), dims=True), 6)
    a = annual_average(f)
    assert is_dense(a)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PartialComparisonWarning)
        dense = yoy_change(a)
        general = yoy_change(shuffled(a))
    same(dense, general)
    assert dense["partial"].any()


def test_yoy_dense_does_not_bridge_a_gap_between_years() -> None:
    years = pd.PeriodIndex([pd.Period(y, "Y") for y in ("2015", "2016", "2018")])
    a = grid(years, areas=["Gentofte"])
    a["value"] = 100.0
    a.loc[a["period"] == pd.Period("2016", "Y"), "value"] = 110.0
    a.loc[a["period"] == pd.Period("2018", "Y"), "value"] = 55.0
    assert is_dense(a)
    y = yoy_change(a)
    by_year = y.groupby(y["period"].dt.year)
    # 2015: no previous year; 2016: 100 -> 110 = +10%; 2018: 2017 is absent
    assert by_year["undefined"].all().to_dict() == {2015: True, 2016: False, 2018: True}
    assert np.allclose(y.loc[y["period"].dt.year == 2016, "value"], 10.0)
    assert y.loc[y["period"].dt.year == 2018, "value"].isna().all()
    same(y, yoy_change(shuffled(a)))


def test_point_change_dense_equals_general() -> None:
    f = blemish(grid(MONTHS, dims=True, seed=8), 8)
    same(point_change(f), point_change(shuffled(f)))
    same(point_change(f, month=6), point_change(shuffled(f), month=6))


@pytest.mark.parametrize("dims", [False, True])
def test_national_share_dense_equals_general(dims: bool) -> None:
    a = blemish(grid(YEARS, dims=dims, seed=9), 9)
    nat = a["area"] == "Hele landet"
    a.loc[a.index[nat][0], "value"] = 0.0  # national 0: undefined shares
    a.loc[a.index[nat][1], ["value", "blinded"]] = [np.nan, True]  # blinded national
    assert is_dense(a)
    dense = national_share(a)
    same(dense, national_share(shuffled(a)))
    assert dense["undefined"].any() and dense["blinded"].any()


def test_national_share_dense_by_hand() -> None:
    a = grid(pd.PeriodIndex([pd.Period("2018", "Y")]), areas=["Gentofte", "Hele landet"])
    a["value"] = [543.0, 0.0, 7.0, 65421.0, 0.0, 700.0]  # Gentofte x 3 groups, national
    s = national_share(a)
    assert np.isclose(s["value"].iloc[0], 100 * 543 / 65421)
    assert np.isnan(s["value"].iloc[1]) and bool(s["undefined"].iloc[1])
    assert np.isclose(s["value"].iloc[2], 1.0)
    assert s["value"].iloc[3:].tolist() == [100.0, pytest.approx(np.nan, nan_ok=True), 100.0]


def population(areas: list[str], years: pd.PeriodIndex, *, dims: bool = False,
               skip: str | None = None) -> pd.DataFrame:
    data = _product({"area": areas}, dims, years)
    data["target_group"] = "befolkning"
    data["measure"] = "population_16_66"
    data["value"] = 1000.0 + np.arange(len(data)) * 37.0
    if skip is not None:
        data = data[data["area"] != skip]
    return make_frame(data)


@pytest.mark.parametrize("pop_dims", [False, True])
def test_population_share_dense_equals_general(pop_dims: bool) -> None:
    a = blemish(grid(YEARS, dims=True, seed=10), 10)
    pop = population(AREAS, YEARS, dims=pop_dims, skip="Herlev")  # Herlev: undefined
    assert is_dense(a)
    dense = population_share(a, pop)
    same(dense, population_share(shuffled(a), pop))
    herlev = dense["area"] == "Herlev"
    assert dense.loc[herlev, "undefined"].where(~dense.loc[herlev, "blinded"], True).all()
    g = dense[(dense["area"] == "Gentofte") & ~dense["blinded"]
              & dense["value"].notna()].iloc[0]
    own = a[(a["area"] == g["area"]) & (a["target_group"] == g["target_group"])
            & (a["period"] == g["period"]) & (a["gender"] == g["gender"])]
    ref = pop[(pop["area"] == g["area"]) & (pop["period"] == g["period"])]
    if pop_dims:
        ref = ref[ref["gender"] == g["gender"]]
    assert len(own) == 1 and len(ref) == 1
    assert np.isclose(g["value"], 100 * own["value"].iloc[0] / ref["value"].iloc[0])


@pytest.mark.parametrize("dims", [False, True])
def test_rank_dense_equals_general_and_does_not_depend_on_row_order(dims: bool) -> None:
    a = blemish(grid(YEARS, dims=dims, seed=11), 11)
    a["value"] = np.round(a["value"] / 100.0)  # many ties
    a["measure"] = pd.Categorical(["full_time_persons:population_share"] * len(a))
    assert is_dense(a)
    for kw in ({"n": 2}, {"n": 1, "ascending": False, "own": "Furesø"}, {"n": 3, "keep": ()}):
        dense = rank(a, **kw)
        general = rank(shuffled(a), **kw)
        pd.testing.assert_frame_equal(dense, general, check_exact=True)


def test_rank_dense_places_by_hand() -> None:
    a = grid(pd.PeriodIndex([pd.Period("2018", "Y")]))
    a["measure"] = pd.Categorical(["full_time_persons:population_share"] * len(a))
    # per group: Hele landet, Gentofte, Gladsaxe, Herlev, Furesø
    by_group = {"sygedagpenge": [9.0, 0.3, 0.5, 0.3, 0.9],
                "kontanthjaelp": [9.0, 2.0, 1.0, 3.0, 1.0],
                "revalidering": [9.0, 1.0, 1.0, 1.0, 1.0]}
    a["value"] = [by_group[str(g)][AREAS.index(str(ar))]
                  for ar, g in zip(a["area"], a["target_group"], strict=True)]
    r = rank(a, n=10, keep=())
    got = {(str(g), str(ar)): p for g, ar, p in zip(r["target_group"], r["area"], r["place"],
                                                    strict=True)}
    assert got[("sygedagpenge", "Gentofte")] == 1 and got[("sygedagpenge", "Herlev")] == 1
    assert got[("sygedagpenge", "Gladsaxe")] == 3 and got[("sygedagpenge", "Furesø")] == 4
    assert got[("kontanthjaelp", "Gladsaxe")] == 1 and got[("kontanthjaelp", "Herlev")] == 4
    assert {got[("revalidering", x)] for x in AREAS[1:]} == {1}
    assert ("sygedagpenge", "Hele landet") not in got  # not a kommune: not ranked


def test_whole_pipeline_dense_equals_general() -> None:
    f = blemish(grid(MONTHS, dims=True, seed=12), 12)
    pop = population(AREAS, pd.period_range("2016", "2019", freq="Y"))
    outs = []
    for frame in (f, without_nan_rows(f)):
        a = annual_average(frame)
        with pytest.warns(PartialComparisonWarning, match="partial"):  # blemished months
            change = yoy_change(a)
        outs.append((a, change, national_share(a), population_share(a, pop)))
    for dense, general in zip(*outs, strict=True):
        same(dense, general)


# random grids: Hele landet and a region are not ranked, the others are kommuner
RANDOM_AREAS = ["Region Hovedstaden", "Gentofte", "Gladsaxe", "Herlev", "Furesø", "Ballerup"]


@st.composite
def random_grids(draw: st.DrawFn, *, annual: bool) -> pd.DataFrame:
    """A complete grid of a few areas, groups, (genders) and months or years, with ties,
    zeros, blinded and missing values."""
    areas = draw(st.lists(st.sampled_from(RANDOM_AREAS), min_size=1, max_size=5,
                          unique=True))
    areas = ["Hele landet", *areas] if draw(st.booleans()) or annual else areas
    groups = draw(st.lists(st.sampled_from(GROUPS), min_size=1, max_size=3, unique=True))
    if annual:  # consecutive years or with gaps (a gap is never bridged)
        years = sorted(draw(st.sets(st.integers(2010, 2016), min_size=1, max_size=4)))
        periods = pd.PeriodIndex([pd.Period(str(y), "Y") for y in years])
    else:
        periods = pd.period_range(f"2018-{draw(st.integers(1, 12)):02d}",
                                  periods=draw(st.integers(1, 30)), freq="M")
    seed = draw(st.integers(0, 2**32 - 1))
    frame = grid(periods, dims=draw(st.booleans()), seed=seed % 1000, areas=areas,
                 groups=groups)
    n = len(frame)
    rng = np.random.default_rng(seed)
    # few distinct values: ties and zeros; else fractions, where the order of additions
    # could show in the last bit
    value = (rng.integers(0, 4, n).astype(float) if draw(st.booleans())
             else frame["value"].to_numpy(copy=True))
    blinded = rng.random(n) < draw(st.sampled_from([0.0, 0.05, 0.3]))
    missing = rng.random(n) < draw(st.sampled_from([0.0, 0.05, 0.3]))
    value[blinded | missing] = np.nan
    frame["value"] = value
    frame["blinded"] = blinded
    if annual and draw(st.booleans()):  # annual averages resting on 6 or 12 months
        months = rng.choice(np.array([6, 12]), n)
        frame["n_months"] = months
        frame["partial"] = months < 12
    assert is_dense(frame)
    return frame


def general_copy(f: pd.DataFrame, seed: int) -> pd.DataFrame:
    """``f`` reordered so that it is no grid: the general paths take it."""
    out = reordered(f, seed)
    assume(not is_dense(out))
    return out


@settings(max_examples=40, deadline=None)
@given(f=random_grids(annual=False), seed=st.integers(0, 1000),
       months=st.sampled_from([None, (1, 2, 3, 4, 5, 6), (2, 11)]),
       year_end=st.sampled_from([12, 6]))
def test_random_monthly_grids_dense_equal_general(f: pd.DataFrame, seed: int,
                                                  months: tuple[int, ...] | None,
                                                  year_end: int) -> None:
    g = general_copy(f, seed)
    same(annual_average(f, months=months, year_end=year_end),
         annual_average(g, months=months, year_end=year_end), exact=False)
    same(point_change(f, month=12), point_change(g, month=12))


@settings(max_examples=60, deadline=None)
@given(a=random_grids(annual=True), seed=st.integers(0, 1000))
def test_random_annual_grids_dense_equal_general(a: pd.DataFrame, seed: int) -> None:
    g = general_copy(a, seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PartialComparisonWarning)
        same(yoy_change(a), yoy_change(g))
    same(national_share(a), national_share(g))
    pop = population([str(x) for x in a["area"].cat.categories],
                     pd.PeriodIndex(a["period"].unique()))
    same(population_share(a, pop), population_share(g, pop))


@settings(max_examples=80, deadline=None)
@given(a=random_grids(annual=True), seed=st.integers(0, 1000), n=st.integers(1, 7),
       ascending=st.booleans(),
       keep=st.sampled_from([(), ("Hele landet",), ("Region Hovedstaden", "Hele landet")]),
       own=st.sampled_from([None, "Herlev", "Hele landet", "Ballerup"]))
def test_random_grids_rank_dense_equals_general(a: pd.DataFrame, seed: int, n: int,
                                                ascending: bool, keep: tuple[str, ...],
                                                own: str | None) -> None:
    shares = a.assign(measure=pd.Categorical(["full_time_persons:population_share"] * len(a)))
    g = general_copy(shares, seed)
    dense = rank(shares, n=n, ascending=ascending, keep=keep, own=own)
    general = rank(g, n=n, ascending=ascending, keep=keep, own=own)
    pd.testing.assert_frame_equal(dense, general, check_exact=True)
    # the rows left out as not rankable name the same kommuner (row numbers differ)
    assert sorted(p.message for p in dense.attrs.get("dropped", [])) == \
        sorted(p.message for p in general.attrs.get("dropped", []))
