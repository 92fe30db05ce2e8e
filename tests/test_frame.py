"""The canonical frame and its validator."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from jobstats.errors import ValidationError
from jobstats.frame import dimensions, is_known_measure, make_frame, problems, validate
from jobstats.periods import parse_period


def _frame(**overrides: list[object]) -> pd.DataFrame:
    data: dict[str, list[object]] = {
        "area": ["Gentofte", "Gentofte", "Hele landet"],
        "target_group": ["sygedagpenge"] * 3,
        "period": [pd.Period("2018-01", "M"), pd.Period("2018-02", "M"),
                   pd.Period("2018-01", "M")],
        "measure": ["full_time_persons"] * 3,
        "value": [561.0, 560.5, 67000.0],
    }
    data.update(overrides)
    return pd.DataFrame(data)


def test_make_frame_gives_canonical_dtypes_and_does_not_mutate() -> None:
    raw = _frame()
    before = raw.copy()
    f = make_frame(raw, check=True)
    pd.testing.assert_frame_equal(raw, before)
    assert list(f.columns) == ["area", "target_group", "period", "measure", "value", "blinded"]
    assert isinstance(f["period"].dtype, pd.PeriodDtype)
    assert f["period"].dtype == pd.PeriodDtype("M")
    assert isinstance(f["area"].dtype, pd.CategoricalDtype)
    assert f["value"].dtype == np.float64
    assert not f["blinded"].any()


def test_extra_dimensions_are_kept_and_keyed() -> None:
    raw = _frame(offer_type=["løntilskud", "nyttejob", "løntilskud"])
    f = make_frame(raw, check=True)
    assert dimensions(f) == ["offer_type"]
    # same area/group/period/measure but a different offer type is not a duplicate
    dup = _frame(period=[pd.Period("2018-01", "M")] * 3,
                 area=["Gentofte"] * 3, offer_type=["a", "b", "a"])
    found = problems(make_frame(dup))
    assert [p.code for p in found] == ["duplicate_key", "duplicate_key"]
    assert [p.row for p in found] == [0, 2]


def test_blinded_is_not_missing_and_not_zero() -> None:
    raw = _frame(value=[np.nan, np.nan, 1.0])
    raw["blinded"] = [True, False, False]
    f = make_frame(raw, check=True)
    assert f["value"].isna().sum() == 2
    assert f["blinded"].tolist() == [True, False, False]
    bad = raw.assign(value=[0.0, np.nan, 1.0])
    assert [p.code for p in problems(make_frame(bad))] == ["blinded_with_value"]


def test_validator_reports_every_problem_at_once_with_rows_and_suggestions() -> None:
    raw = _frame(
        area=["Hilleroed", "Gentofte", "Hele landet"],
        target_group=["sygedagpenge", "Sygedagpenge?", "sygedagpenge"],
        value=[-1.0, 1.0, 2.0],
    )
    with pytest.raises(ValidationError) as info:
        validate(make_frame(raw), source="x.csv", source_rows=[2, 3, 4])
    err = info.value
    assert err.codes == {"unknown_area", "unknown_target_group", "negative_count"}
    by_code = {p.code: p for p in err.problems}
    assert by_code["unknown_area"].row == 2
    assert by_code["unknown_area"].suggestions == ("Hillerød",)
    assert by_code["unknown_target_group"].row == 3
    assert by_code["negative_count"].value == -1.0
    assert "found in x.csv:" in str(err) and "row 2, column 'area'" in str(err)


def test_derived_measures_are_known_and_may_be_negative() -> None:
    assert is_known_measure("full_time_persons:national_share:yoy")
    assert not is_known_measure("full_time_persons:bogus")
    raw = _frame(measure=["full_time_persons:yoy"] * 3, value=[-2.5, 1.0, 0.0])
    assert problems(make_frame(raw)) == []


def test_mixed_frequencies_in_one_series_are_reported() -> None:
    raw = _frame(period=[pd.Period("2018-01", "M"), pd.Period("2018Q1", "Q-DEC"),
                         pd.Period("2018-01", "M")])
    f = make_frame(raw)
    assert f["period"].dtype == object
    found = problems(f)
    assert [p.code for p in found] == ["mixed_frequency"]
    assert "area=Gentofte" in found[0].message


def test_qmat_periods_of_one_series_are_one_frequency() -> None:
    raw = _frame(period=[parse_period("2020QMAT02"), parse_period("2020QMAT04"),
                         parse_period("2020QMAT02")])
    assert problems(make_frame(raw)) == []


def test_missing_columns() -> None:
    with pytest.raises(ValidationError) as info:
        make_frame(pd.DataFrame({"area": ["Gentofte"], "value": [1.0]}))
    assert {p.column for p in info.value.problems} == {"target_group", "period", "measure"}
