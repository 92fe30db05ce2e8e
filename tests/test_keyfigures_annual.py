"""annual_average: hand-computed examples, edge cases, properties, fast vs general path."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobstats import annual_average, make_frame
from jobstats.errors import ValidationError


def monthly(values: list[float], start: str = "2018-01", area: str = "Gentofte",
            group: str = "sygedagpenge", blinded: list[bool] | None = None) -> pd.DataFrame:
    data = pd.DataFrame({
        "area": area, "target_group": group,
        "period": pd.period_range(start, periods=len(values), freq="M"),
        "measure": "full_time_persons", "value": values})
    if blinded is not None:
        data["blinded"] = blinded
        data.loc[data["blinded"], "value"] = np.nan
    return make_frame(data)


def test_full_year_mean_by_hand() -> None:
    # 1..12 -> mean 6.5
    a = annual_average(monthly([float(m) for m in range(1, 13)]))
    assert len(a) == 1
    assert a["period"].iloc[0] == pd.Period("2018", "Y-DEC")
    assert a["value"].iloc[0] == 6.5
    assert a["n_months"].iloc[0] == 12
    assert not a["partial"].iloc[0]
    assert a["measure"].iloc[0] == "full_time_persons"


def test_partial_year_is_flagged_not_passed_off_as_complete() -> None:
    a = annual_average(monthly([10.0] * 12 + [20.0, 40.0]))
    last = a.iloc[1]
    assert last["value"] == 30.0  # mean of the two months present, not /12
    assert last["n_months"] == 2
    assert bool(last["partial"])


def test_missing_month_inside_the_year_makes_it_partial() -> None:
    values = [12.0] * 12
    values[5] = np.nan  # June missing (not blinded)
    a = annual_average(monthly(values))
    assert a["value"].iloc[0] == 12.0
    assert a["n_months"].iloc[0] == 11
    assert bool(a["partial"].iloc[0])
    assert not bool(a["blinded"].iloc[0])


def test_a_blinded_month_blinds_the_year_and_is_never_zero() -> None:
    blinded = [False] * 12
    blinded[3] = True
    a = annual_average(monthly([5.0] * 12, blinded=blinded))
    assert bool(a["blinded"].iloc[0])
    assert np.isnan(a["value"].iloc[0])
    assert a["n_months"].iloc[0] == 12


def test_year_to_date_first_half() -> None:
    # 2022: Jan-Jun = 1..6 (mean 3.5); 2023: Jan-Jun = 11..16 (mean 13.5), Jul only 100
    values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 11, 12, 13, 14, 15, 16, 100]
    a = annual_average(monthly([float(v) for v in values], start="2022-01"),
                       months=range(1, 7))
    assert a["value"].tolist() == [3.5, 13.5]
    assert a["n_months"].tolist() == [6, 6]
    assert a["partial"].tolist() == [False, False]  # all requested months present


def test_year_to_date_with_a_missing_requested_month_is_partial() -> None:
    a = annual_average(monthly([1.0, 2.0, 3.0], start="2023-01"), months=range(1, 7))
    assert a["value"].iloc[0] == 2.0
    assert a["n_months"].iloc[0] == 3
    assert bool(a["partial"].iloc[0])


def test_quarterly_input_averages_quarters() -> None:
    f = make_frame(pd.DataFrame({
        "area": "Gentofte", "target_group": "kontanthjaelp",
        "period": pd.period_range("2020Q1", periods=6, freq="Q"),
        "measure": "full_time_persons", "value": [100.0, 110.0, 120.0, 130.0, 10.0, 20.0]}))
    a = annual_average(f)
    assert a["value"].tolist() == [115.0, 15.0]
    assert a["n_months"].tolist() == [12, 6]
    assert a["partial"].tolist() == [False, True]


def test_qmat_rolling_year_from_quarters() -> None:
    # 2022QMAT02 = 2021Q3..2022Q2
    f = make_frame(pd.DataFrame({
        "area": "Gentofte", "target_group": "kontanthjaelp",
        "period": pd.period_range("2021Q1", periods=8, freq="Q"),
        "measure": "full_time_persons",
        "value": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]}))
    a = annual_average(f, year_end=6)
    assert str(a["period"].dtype) == "period[Y-JUN]"
    by_year = dict(zip(a["period"].dt.year, a["value"], strict=True))
    assert by_year[2022] == (3 + 4 + 5 + 6) / 4
    assert a.loc[a["period"].dt.year == 2022, "partial"].item() is False
    assert bool(a.loc[a["period"].dt.year == 2021, "partial"].item())  # only Q1, Q2


def test_qmat_input_passes_through() -> None:
    f = make_frame(pd.DataFrame({
        "area": "Gentofte", "target_group": "bm.i_alt",
        "period": [pd.Period("2022", "Y-JUN"), pd.Period("2022", "Y-DEC")],
        "measure": "full_time_persons", "value": [4000.0, 3990.0]}).iloc[:1])
    a = annual_average(f)
    assert a["value"].tolist() == [4000.0]
    assert a["n_months"].tolist() == [12]
    with pytest.raises(ValidationError):
        annual_average(f, months=[1])


def test_duplicate_months_are_refused() -> None:
    f = monthly([1.0] * 12)
    dup = make_frame(pd.concat([f, f.iloc[:1]], ignore_index=True))
    with pytest.raises(ValidationError) as err:
        annual_average(dup)
    assert "duplicate_key" in err.value.codes


def test_unknown_measure_is_refused_with_suggestion() -> None:
    f = monthly([1.0] * 3)
    f["measure"] = f["measure"].cat.rename_categories(["full_time_person"])
    with pytest.raises(ValidationError) as err:
        annual_average(f)
    assert "unknown_measure" in err.value.codes
    assert "full_time_persons" in str(err.value)


def test_input_is_not_modified() -> None:
    f = monthly([1.0] * 14)
    before = f.copy()
    annual_average(f)
    pd.testing.assert_frame_equal(f, before)


def grid(n_areas: int, n_groups: int, years: int, seed: int) -> pd.DataFrame:
    """A complete frame, nested area > group > month (the fast-path layout)."""
    rng = np.random.default_rng(seed)
    areas = ["Gentofte", "Gladsaxe", "Herlev", "Furesø", "Hele landet"][:n_areas]
    groups = ["sygedagpenge", "kontanthjaelp", "revalidering"][:n_groups]
    periods = pd.period_range("2019-01", periods=12 * years, freq="M")
    idx = pd.MultiIndex.from_product([areas, groups, periods],
                                     names=["area", "target_group", "period"])
    data = idx.to_frame(index=False)
    data["measure"] = "full_time_persons"
    data["value"] = rng.integers(0, 500, len(data)).astype(float)
    return make_frame(data)


def test_fast_path_equals_general_path() -> None:
    f = grid(4, 3, 3, seed=1)
    dense = annual_average(f)  # ordered complete grid: dense path
    shuffled = f.sample(frac=1.0, random_state=3).reset_index(drop=True)
    general = annual_average(shuffled)
    key = ["area", "target_group", "period"]
    a = dense.sort_values(key).reset_index(drop=True)
    b = general.sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b)
    # and against a plain pandas groupby
    ref = f.assign(year=f["period"].dt.year).groupby(
        ["area", "target_group", "year"], observed=True)["value"].mean()
    got = dense.set_index(["area", "target_group", dense["period"].dt.year])["value"]
    np.testing.assert_allclose(got.sort_index().to_numpy(), ref.sort_index().to_numpy())


def test_fast_path_with_blinded_and_missing_matches_general_path() -> None:
    f = grid(3, 2, 2, seed=2)
    f.loc[5, "value"] = np.nan
    f.loc[30, ["value", "blinded"]] = [np.nan, True]
    dense = annual_average(f)
    general = annual_average(f.iloc[::-1].reset_index(drop=True))
    key = ["area", "target_group", "period"]
    pd.testing.assert_frame_equal(dense.sort_values(key).reset_index(drop=True),
                                  general.sort_values(key).reset_index(drop=True))
    assert dense["blinded"].sum() == 1
    assert (dense["n_months"] == 11).sum() == 1


@settings(max_examples=40, deadline=None)
@given(c=st.floats(min_value=0, max_value=1e6, allow_nan=False),
       n=st.integers(min_value=1, max_value=30))
def test_constant_series_averages_to_the_constant(c: float, n: int) -> None:
    a = annual_average(monthly([c] * n))
    np.testing.assert_allclose(a["value"].to_numpy(), c, rtol=1e-12)
    assert a["n_months"].sum() == n


@settings(max_examples=30, deadline=None)
@given(values=st.lists(st.floats(min_value=0, max_value=1e5, allow_nan=False),
                       min_size=12, max_size=36),
       seed=st.integers(0, 10_000))
def test_row_order_does_not_matter(values: list[float], seed: int) -> None:
    f = monthly(values)
    a = annual_average(f)
    b = annual_average(f.sample(frac=1.0, random_state=seed).reset_index(drop=True))
    pd.testing.assert_frame_equal(a, b.sort_values("period").reset_index(drop=True))
