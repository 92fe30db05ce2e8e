"""national_share and population_share: examples and properties."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobstats import aggregate, make_frame, national_share, population_share, taxonomy
from jobstats.errors import ValidationError


def is_nan(x: object) -> bool:
    """NaN (a float64 value that is not a number)."""
    return isinstance(x, float) and x != x


def rows(values: Mapping[str, float | None], group: str = "sygedagpenge", year: int = 2018,
         measure: str = "full_time_persons", blinded: tuple[str, ...] = ()) -> pd.DataFrame:
    data = pd.DataFrame({"area": list(values), "target_group": group,
                         "period": pd.Period(str(year), "Y"), "measure": measure,
                         "value": [np.nan if v is None else v for v in values.values()]})
    data["blinded"] = data["area"].isin(blinded)
    return make_frame(data)


def test_hand_computed_national_share() -> None:
    s = national_share(rows({"Gentofte": 782.0, "Hele landet": 84086.0})).set_index("area")
    assert s.loc["Gentofte", "value"] == pytest.approx(100 * 782 / 84086)  # 0.93%
    assert s.loc["Gentofte", "reference"] == 84086.0
    assert s.loc["Hele landet", "value"] == 100.0
    assert s.loc["Gentofte", "measure"] == "full_time_persons:national_share"


def test_zero_national_value_gives_undefined_share() -> None:
    s = national_share(rows({"Gentofte": 0.0, "Hele landet": 0.0})).set_index("area")
    assert is_nan(s.loc["Gentofte", "value"])
    assert s.loc["Gentofte", "undefined"]


def test_missing_national_row_for_one_group_is_undefined_not_dropped() -> None:
    f = make_frame(pd.concat([rows({"Gentofte": 5.0, "Hele landet": 50.0}),
                              rows({"Gentofte": 3.0}, group="revalidering")]))
    s = national_share(f)
    assert len(s) == 3
    reval = s[s["target_group"] == "revalidering"].iloc[0]
    assert pd.isna(reval["value"]) and reval["undefined"]


def test_blinded_area_or_national_gives_blinded_share() -> None:
    s = national_share(rows({"Gentofte": None, "Gladsaxe": 4.0, "Hele landet": 40.0},
                            blinded=("Gentofte",))).set_index("area")
    assert s.loc["Gentofte", "blinded"] and is_nan(s.loc["Gentofte", "value"])
    assert s.loc["Gladsaxe", "value"] == pytest.approx(10.0)
    s2 = national_share(rows({"Gentofte": 4.0, "Hele landet": None},
                             blinded=("Hele landet",))).set_index("area")
    assert s2.loc["Gentofte", "blinded"]


def test_no_national_rows_raises_with_hint() -> None:
    with pytest.raises(ValidationError) as err:
        national_share(rows({"Gentofte": 1.0}))
    assert "no_national_rows" in err.value.codes


def test_share_of_a_percentage_is_refused() -> None:
    with pytest.raises(ValidationError) as err:
        national_share(rows({"Gentofte": 1.0, "Hele landet": 3.0}, measure="pct_population"))
    assert "not_additive" in err.value.codes


def test_population_share_by_hand_and_monthly_population_is_averaged() -> None:
    f = rows({"Gentofte": 52.0, "Gladsaxe": 30.0}, group="uddannelseshjaelp")
    months = pd.period_range("2018-01", "2018-12", freq="M")
    pop = make_frame(pd.DataFrame({
        "area": ["Gentofte"] * 12 + ["Gladsaxe"] * 12, "target_group": "befolkning",
        "period": list(months) * 2, "measure": "population_16_66",
        "value": [47000.0] * 6 + [49000.0] * 6 + [45000.0] * 12}))
    s = population_share(f, pop).set_index("area")
    assert s.loc["Gentofte", "reference"] == 48000.0
    assert s.loc["Gentofte", "value"] == pytest.approx(100 * 52 / 48000)
    assert s.loc["Gladsaxe", "value"] == pytest.approx(100 * 30 / 45000)
    assert s.loc["Gentofte", "measure"] == "full_time_persons:population_share"


def test_population_share_missing_population_is_undefined() -> None:
    f = rows({"Gentofte": 52.0, "Herlev": 10.0})
    pop = rows({"Gentofte": 47000.0}, group="befolkning", measure="population_16_66")
    s = population_share(f, pop).set_index("area")
    assert s.loc["Herlev", "undefined"] and is_nan(s.loc["Herlev", "value"])


kommune_values = st.lists(st.one_of(st.just(0.0),  # counts: 0 or well above underflow
                                    st.floats(min_value=1e-3, max_value=1e5)),
                          min_size=3, max_size=3)


@settings(max_examples=40, deadline=None)
@given(values=kommune_values, k=st.floats(min_value=1e-3, max_value=1e3))
def test_scaling_leaves_national_share_unchanged(values: list[float], k: float) -> None:
    areas = ["Gentofte", "Gladsaxe", "Herlev"]
    base = dict(zip(areas, values, strict=True)) | {"Hele landet": sum(values) + 1.0}
    a = national_share(rows(base))
    b = national_share(rows({x: v * k for x, v in base.items()}))
    np.testing.assert_allclose(a["value"], b["value"], rtol=1e-9)


@settings(max_examples=40, deadline=None)
@given(values=st.lists(st.floats(min_value=0, max_value=1e5, allow_nan=False),
                       min_size=98, max_size=98).filter(lambda v: sum(v) > 0))
def test_kommune_shares_sum_to_100_when_they_sum_to_the_country(values: list[float]) -> None:
    kommuner = taxonomy.default().kommuner()
    base = dict(zip(kommuner, values, strict=True)) | {"Hele landet": float(sum(values))}
    s = national_share(rows(base))
    total = s.loc[s["area"] != "Hele landet", "value"].sum()
    assert total == pytest.approx(100.0, rel=1e-9)


@settings(max_examples=25, deadline=None)
@given(values=st.lists(st.floats(min_value=0, max_value=1e5, allow_nan=False),
                       min_size=98, max_size=98).filter(lambda v: sum(v) > 0))
def test_aggregate_then_share_equals_sum_of_shares(values: list[float]) -> None:
    tx = taxonomy.default()
    kommuner = tx.kommuner()
    base = dict(zip(kommuner, values, strict=True)) | {"Hele landet": float(sum(values))}
    f = rows(base)
    regions = aggregate(f, to="region")
    both = make_frame(pd.concat([f, regions[f.columns]], ignore_index=True))
    shares = national_share(both).set_index("area")["value"]
    for region in tx.areas_of_kind(taxonomy.AreaKind.REGION):
        summed = sum(shares[k] for k in tx.members(region))
        assert shares[region] == pytest.approx(summed, rel=1e-9, abs=1e-12)
