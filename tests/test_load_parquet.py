"""write_parquet/read_parquet round-trip canonical frames exactly."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import jobstats
from jobstats import frame as jframe
from jobstats.errors import FormatError, ValidationError
from jobstats.load.parquet import read_parquet, write_parquet
from jobstats.periods import parse_period

AREAS = ["Hele landet", "Gentofte", "Hillerød", "Læsø", "Region Sjælland"]
GROUPS = ["i_alt", "kontanthjaelp", "kontanthjaelp.jobparate", "bm.i_alt", "sygedagpenge"]
MEASURES = ["full_time_persons", "persons", "pct_population",
            "full_time_persons:national_share:yoy"]
CODES = {
    "M": ["2021M01", "2021M02", "2021M12"],
    "Q": ["2024Q1", "2024Q4"],
    "Y": ["2023Y01", "2022"],
    "QMAT": ["2022QMAT02", "2021QMAT02"],  # one anchor: a period[Y-JUN] column
    "mixed": ["2022QMAT02", "2022QMAT04", "2021M03", "2020Q2"],  # object column
}


def roundtrip(f: pd.DataFrame, tmp: Path) -> pd.DataFrame:
    # the round trip itself; generated frames may break rules (validation is tested apart)
    return read_parquet(write_parquet(f, tmp / "f.parquet"), validate=False)


@st.composite
def frames(draw: st.DrawFn) -> pd.DataFrame:
    n = draw(st.integers(min_value=0, max_value=25))
    kind = draw(st.sampled_from(sorted(CODES)))
    rows = []
    for _ in range(n):
        blinded = draw(st.booleans())
        value = np.nan if blinded else draw(st.one_of(
            st.floats(min_value=0, max_value=1e7, allow_nan=False), st.just(np.nan)))
        rows.append({
            "area": draw(st.sampled_from(AREAS)),
            "target_group": draw(st.sampled_from(GROUPS)),
            "period": parse_period(draw(st.sampled_from(CODES[kind]))),
            "measure": draw(st.sampled_from(MEASURES)),
            "value": value,
            "blinded": blinded,
            "gender": draw(st.sampled_from(["total", "Mænd", "Kvinder"])),
        })
    cols = ["area", "target_group", "period", "measure", "value", "blinded", "gender"]
    data = pd.DataFrame(rows, columns=cols)
    if kind != "mixed" and n > 0:
        data["period"] = pd.PeriodIndex(data["period"].tolist())
    elif n > 0:
        data["period"] = data["period"].astype(object)
    f = jframe.make_frame(data)
    if draw(st.booleans()):  # unused categories must survive
        f["area"] = f["area"].cat.add_categories(["Ærø"])
    if draw(st.booleans()) and n > 0:  # a helper column and a non-range index
        f["n_months"] = np.arange(n, dtype="int64")
        f.index = pd.Index(np.arange(n) * 3 + 7)
    if not draw(st.booleans()):
        f = f.drop(columns="gender")
    return f


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(f=frames())
def test_roundtrip_is_exact(f: pd.DataFrame) -> None:
    with tempfile.TemporaryDirectory() as d:
        back = roundtrip(f, Path(d))
    pd.testing.assert_frame_equal(back, f, check_exact=True, check_categorical=True)
    for col in f.columns:
        assert back[col].dtype == f[col].dtype, col
        if isinstance(f[col].dtype, pd.CategoricalDtype):
            assert list(back[col].cat.categories) == list(f[col].cat.categories)


def test_qmat_and_object_periods(tmp_path: Path) -> None:
    mixed = jframe.make_frame(pd.DataFrame({
        "area": ["Gentofte"] * 3, "target_group": ["bm.i_alt"] * 3,
        "period": [parse_period("2022QMAT02"), parse_period("2022QMAT04"),
                   parse_period("2022QMAT01")],
        "measure": ["full_time_persons"] * 3, "value": [1.0, np.nan, 3.5],
        "blinded": [False, True, False]}))
    assert mixed["period"].dtype == object
    back = roundtrip(mixed, tmp_path)
    assert back["period"].tolist() == mixed["period"].tolist()
    assert [p.freqstr for p in back["period"]] == ["Y-JUN", "Y-DEC", "Y-MAR"]
    assert back["blinded"].tolist() == [False, True, False]
    assert np.isnan(back["value"].iloc[1])
    pd.testing.assert_frame_equal(back, mixed)


def test_input_not_modified(tmp_path: Path) -> None:
    f = jframe.make_frame(pd.DataFrame({
        "area": ["Læsø"], "target_group": ["sygedagpenge"],
        "period": [pd.Period("2021-01", "M")], "measure": ["persons"], "value": [3.0]}))
    before = f.copy()
    write_parquet(f, tmp_path / "f.parquet")
    pd.testing.assert_frame_equal(f, before)


def test_missing_core_column(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as info:
        write_parquet(pd.DataFrame({"area": ["x"]}), tmp_path / "f.parquet")
    assert info.value.codes == {"missing_column"}


def test_not_a_parquet_file(tmp_path: Path) -> None:
    path = tmp_path / "f.parquet"
    path.write_text("Area;Periode\n", encoding="utf-8")
    with pytest.raises(FormatError) as info:
        read_parquet(path)
    assert info.value.codes == {"bad_parquet"}
    other = tmp_path / "plain.parquet"
    pd.DataFrame({"a": [1]}).to_parquet(other)
    with pytest.raises(FormatError, match="jobstats metadata"):
        read_parquet(other)


def test_public_names() -> None:
    assert jobstats.write_parquet is write_parquet
    assert jobstats.read_parquet is read_parquet
