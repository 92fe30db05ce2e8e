"""rows_where / select_rows: the shared row selection, checked against a plain
object comparison (the slow reference it replaces)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobstats.frame import make_frame, rows_where, select_rows

NAMES = ["Gentofte", "Odense", "Lolland", "Hele landet", "Østdanmark"]


def _frame() -> pd.DataFrame:
    f = make_frame(pd.DataFrame({
        "area": ["Gentofte", "Odense", "Gentofte", "Hele landet", "Lolland"],
        "target_group": ["sygedagpenge", "sygedagpenge", "kontanthjaelp", "kontanthjaelp",
                         "sygedagpenge"],
        "period": pd.period_range("2018-01", periods=5, freq="M"),
        "measure": ["full_time_persons"] * 4 + ["long_term_unemployed"],
        "offer_type": ["løntilskud", None, "nyttejob", None, "løntilskud"],
        "value": [1.0, 2.0, 3.0, 4.0, 5.0]}))
    f.attrs["source"] = "Kilde: test"
    return f


def test_one_value_and_several_values() -> None:
    f = _frame()
    assert rows_where(f, area="Gentofte").tolist() == [True, False, True, False, False]
    assert rows_where(f, area=("Odense", "Lolland")).tolist() == [
        False, True, False, False, True]
    assert rows_where(f, area={"Odense"}).tolist() == [False, True, False, False, False]
    assert rows_where(f, area=pd.Index(["Hele landet"])).tolist() == [
        False, False, False, True, False]


def test_conditions_combine_with_and() -> None:
    f = _frame()
    got = rows_where(f, area="Gentofte", target_group="kontanthjaelp",
                     measure="full_time_persons")
    assert got.tolist() == [False, False, True, False, False]


def test_unknown_or_empty_wanted_selects_nothing() -> None:
    f = _frame()
    assert not rows_where(f, area="Aarhus").any()  # not a category at all
    assert not rows_where(f, area=[]).any()
    assert not rows_where(f, area=["Aarhus", "Gentofte"])[[1, 3, 4]].any()


def test_missing_values_never_match() -> None:
    f = _frame()
    assert rows_where(f, offer_type=[np.nan, None]).tolist() == [False] * 5
    assert rows_where(f, offer_type=["løntilskud", None]).tolist() == [
        True, False, False, False, True]


def test_non_categorical_columns_fall_back_to_isin() -> None:
    f = _frame()
    assert rows_where(f, period=pd.Period("2018-03", "M")).tolist() == [
        False, False, True, False, False]
    months = [pd.Period("2018-01", "M"), pd.Period("2018-05", "M")]
    assert rows_where(f, period=months).tolist() == [True, False, False, False, True]
    plain = f.assign(area=f["area"].astype(object))
    assert rows_where(plain, area="Gentofte").tolist() == [True, False, True, False, False]
    assert rows_where(f, value=[2.0, 5.0]).tolist() == [False, True, False, False, True]


def test_no_condition_selects_everything_and_unknown_column_raises() -> None:
    f = _frame()
    assert rows_where(f).all()
    with pytest.raises(KeyError):
        rows_where(f, no_such_column="x")


def test_select_rows_keeps_attrs_index_and_does_not_modify_the_input() -> None:
    f = _frame()
    before = f.copy()
    out = select_rows(f, target_group="sygedagpenge", area=["Gentofte", "Lolland"])
    assert out.index.tolist() == [0, 4]
    assert out["value"].tolist() == [1.0, 5.0]
    assert out.attrs == {"source": "Kilde: test"}
    out.attrs["source"] = "changed"
    assert f.attrs == {"source": "Kilde: test"}
    pd.testing.assert_frame_equal(f, before)


@settings(max_examples=80, deadline=None)
@given(values=st.lists(st.sampled_from([*NAMES, None]), min_size=0, max_size=40),
       unused=st.lists(st.sampled_from(["Aarhus", "Vejle"]), max_size=2, unique=True),
       wanted=st.lists(st.sampled_from([*NAMES, "Aarhus", "Skagen"]), max_size=4),
       scalar=st.booleans())
def test_matches_the_object_comparison(values: list[str | None], unused: list[str],
                                       wanted: list[str], scalar: bool) -> None:
    present = sorted({v for v in values if v is not None})
    column = pd.Categorical(values, categories=[*present, *unused])
    frame = pd.DataFrame({"area": column})
    if scalar and wanted:
        expected = (frame["area"].astype(object) == wanted[0]).to_numpy(dtype=bool)
        got = rows_where(frame, area=wanted[0])
    else:
        expected = frame["area"].astype(object).isin(wanted).to_numpy(dtype=bool)
        got = rows_where(frame, area=wanted)
    assert got.dtype == np.bool_
    assert got.tolist() == expected.tolist()
