"""yoy_change, share_change, point_change: the edge cases of the table in methodology.md."""

from __future__ import annotations

import warnings
from collections.abc import Mapping

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobstats import annual_average, make_frame, point_change, share_change, yoy_change
from jobstats.errors import ValidationError
from jobstats.keyfigures import PartialComparisonWarning


def is_nan(x: object) -> bool:
    """NaN (a float64 value that is not a number)."""
    return isinstance(x, float) and x != x


def annual(values: Mapping[int, float | None], group: str = "sygedagpenge",
           blinded: tuple[int, ...] = ()) -> pd.DataFrame:
    data = pd.DataFrame({
        "area": "Gentofte", "target_group": group,
        "period": [pd.Period(str(y), "Y") for y in values],
        "measure": "full_time_persons",
        "value": [np.nan if v is None else v for v in values.values()]})
    data["blinded"] = [y in blinded for y in values]
    return make_frame(data)


def yoy_of(values: Mapping[int, float | None], blinded: tuple[int, ...] = ()
           ) -> pd.DataFrame:
    return yoy_change(annual(values, blinded=blinded)).set_index(
        pd.Index([p.year for p in annual(values)["period"]]))


def test_hand_computed_change() -> None:
    y = yoy_of({2016: 804.0, 2017: 816.0})
    assert y.loc[2017, "value"] == pytest.approx((816 / 804 - 1) * 100)  # 1.4925...
    assert y.loc[2017, "previous"] == 804.0
    assert y.loc[2017, "measure"] == "full_time_persons:yoy"
    assert not y.loc[2017, "undefined"]


def test_zero_to_zero_is_undefined_not_zero() -> None:
    # the published definition: a change of nothing is printed "–" and is not checkable;
    # "0,00 %" would claim a verified stability that no number supports
    y = yoy_of({2017: 0.0, 2018: 0.0})
    assert y["value"].isna().tolist() == [True, True]  # 2017: no previous year; 2018: 0 → 0
    assert y.loc[2018, "undefined"] and not y.loc[2018, "blinded"]


def test_x_to_zero_is_minus_100() -> None:
    assert yoy_of({2017: 26.0, 2018: 0.0}).loc[2018, "value"] == -100.0


def test_zero_to_x_is_undefined_never_inf() -> None:
    y = yoy_of({2017: 0.0, 2018: 3.0})
    assert is_nan(y.loc[2018, "value"])
    assert y.loc[2018, "undefined"]
    assert not y.loc[2018, "blinded"]


def test_missing_previous_year_is_undefined_not_a_change_against_another_year() -> None:
    y = yoy_of({2015: 100.0, 2017: 150.0})  # 2016 is missing
    assert is_nan(y.loc[2017, "value"])
    assert y.loc[2017, "undefined"]
    assert is_nan(y.loc[2015, "value"])  # first year: nothing to compare with


def test_blinded_in_blinded_out() -> None:
    y = yoy_of({2016: 10.0, 2017: None, 2018: 12.0}, blinded=(2017,))
    assert y.loc[2017, "blinded"] and is_nan(y.loc[2017, "value"])
    assert y.loc[2018, "blinded"] and is_nan(y.loc[2018, "value"])  # previous blinded
    assert not y.loc[2018, "undefined"]


def test_monthly_input_is_refused() -> None:
    f = make_frame(pd.DataFrame({
        "area": "Gentofte", "target_group": "sygedagpenge",
        "period": pd.period_range("2018-01", periods=3, freq="M"),
        "measure": "full_time_persons", "value": 1.0}))
    with pytest.raises(ValidationError) as err:
        yoy_change(f)
    assert "not_annual" in err.value.codes


def test_partial_year_against_full_year_warns_and_is_flagged() -> None:
    f = make_frame(pd.DataFrame({
        "area": "Gentofte", "target_group": "sygedagpenge",
        "period": pd.period_range("2018-01", periods=15, freq="M"),
        "measure": "full_time_persons", "value": 10.0}))
    with pytest.warns(PartialComparisonWarning):
        y = yoy_change(annual_average(f))
    assert bool(y["partial"].iloc[1])


def test_year_to_date_comparison_does_not_warn() -> None:
    f = make_frame(pd.DataFrame({
        "area": "Gentofte", "target_group": "sygedagpenge",
        "period": pd.period_range("2022-01", periods=18, freq="M"),
        "measure": "full_time_persons", "value": [10.0] * 12 + [11.0] * 6}))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y = yoy_change(annual_average(f, months=range(1, 7)))
    assert y["value"].iloc[1] == pytest.approx(10.0)


def test_share_change_is_relative_not_points() -> None:
    s = make_frame(pd.DataFrame({
        "area": "Gentofte", "target_group": "forsikrede",
        "period": [pd.Period("2016", "Y"), pd.Period("2017", "Y")],
        "measure": "full_time_persons:national_share", "value": [0.93, 0.99]}))
    c = share_change(s)
    assert c["measure"].iloc[1] == "full_time_persons:national_share:yoy"
    assert c["value"].iloc[1] == pytest.approx((0.99 / 0.93 - 1) * 100)
    with pytest.raises(ValidationError):
        share_change(annual({2016: 1.0, 2017: 2.0}))


def test_point_change_december_vs_december_for_several_areas() -> None:
    rows = []
    for area, dec24, dec25 in (("Gentofte", 200.0, 180.0), ("Hele landet", 50000.0, 52000.0)):
        for p in pd.period_range("2024-01", "2025-12", freq="M"):
            v = dec24 if p == pd.Period("2024-12", "M") else dec25 if p.month == 12 else 1.0
            rows.append((area, "kontanthjaelp", p, "full_time_persons", v))
    f = make_frame(pd.DataFrame(rows, columns=["area", "target_group", "period", "measure",
                                               "value"]))
    pc = point_change(f, month=12)
    assert len(pc) == 4  # two Decembers per area
    later = pc[pc["period"] == pd.Period("2025-12", "M")].set_index("area")
    assert later.loc["Gentofte", "value"] == pytest.approx(-10.0)
    assert later.loc["Hele landet", "value"] == pytest.approx(4.0)
    assert later.loc["Gentofte", "previous"] == 200.0
    assert pc[pc["period"] == pd.Period("2024-12", "M")]["undefined"].all()


@settings(max_examples=40, deadline=None)
@given(values=st.lists(st.one_of(st.just(0.0),  # counts: 0 or well above underflow
                                 st.floats(min_value=1e-3, max_value=1e6)),
                       min_size=2, max_size=8),
       k=st.floats(min_value=1e-3, max_value=1e3))
def test_scaling_leaves_yoy_unchanged(values: list[float], k: float) -> None:
    years = dict(zip(range(2010, 2010 + len(values)), values, strict=True))
    a = yoy_change(annual(years))
    b = yoy_change(annual({y: v * k for y, v in years.items()}))
    np.testing.assert_allclose(a["value"], b["value"], rtol=1e-9, atol=1e-9)
    assert (a["undefined"] == b["undefined"]).all()
    assert np.isfinite(a["value"].dropna()).all()
