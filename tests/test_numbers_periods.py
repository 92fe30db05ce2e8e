"""Danish number text and period codes."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobstats.errors import ValidationError
from jobstats.numbers import format_number, parse_cell, parse_number, round_half_up
from jobstats.periods import format_period, frequency_of, parse_period


@pytest.mark.parametrize(
    ("text", "value", "decimals", "percent"),
    [
        ("4.194", 4194.0, 0, False),
        ("0,93%", 0.93, 2, True),
        ("-2,17%", -2.17, 2, True),
        ("1,3", 1.3, 1, False),
        ("38%", 38.0, 0, True),
        ("-0,17", -0.17, 2, False),
        ("44010", 44010.0, 0, False),
        ("1.234.567,5", 1234567.5, 1, False),
        ("\u22122,5", -2.5, 1, False),
        ("+1,05 %", 1.05, 2, True),
    ],
)
def test_parse_danish(text: str, value: float, decimals: int, percent: bool) -> None:
    cell = parse_cell(text)
    assert cell.value == pytest.approx(value)
    assert (cell.decimals, cell.percent, cell.blinded) == (decimals, percent, False)


@pytest.mark.parametrize("marker", [".", "..", "-"])
def test_blinded_markers_are_not_zero(marker: str) -> None:
    cell = parse_cell(marker)
    assert cell.blinded and cell.value is None
    assert math.isnan(parse_number(marker))


def test_empty_is_not_blinded() -> None:
    assert parse_cell("").empty and not parse_cell("").blinded


@pytest.mark.parametrize("text", ["1.5", "4,19,4", "1,000.5", "abc", "1.23"])
def test_decimal_point_where_comma_expected_is_rejected(text: str) -> None:
    with pytest.raises(ValueError, match="Danish"):
        parse_cell(text)


def test_english_format() -> None:
    assert parse_cell("4,194.5", decimal=".").value == 4194.5
    with pytest.raises(ValueError, match="English"):
        parse_cell("4.194,5", decimal=".")


@pytest.mark.parametrize(
    ("value", "decimals", "percent", "expected"),
    [
        (4194.4, 0, False, "4.194"),
        (0.925, 2, True, "0,93%"),  # half away from zero, not banker's rounding
        (-2.1749, 2, True, "-2,17%"),
        (-0.004, 2, True, "0,00%"),  # no "-0,00"
        (1.25, 1, False, "1,3"),
        (1234567.0, 0, False, "1.234.567"),
    ],
)
def test_format_danish(value: float, decimals: int, percent: bool, expected: str) -> None:
    assert format_number(value, decimals, percent=percent) == expected


def test_format_blinded_undefined_sign_english() -> None:
    assert format_number(None, blinded=True) == "."
    assert format_number(float("nan"), 2, percent=True) == ""
    assert format_number(1.5, 1, sign=True) == "+1,5"
    assert format_number(4194.5, 1, locale="en_GB") == "4,194.5"


@given(st.integers(min_value=-10**9, max_value=10**9), st.integers(min_value=0, max_value=3))
def test_format_then_parse_round_trips(n: int, decimals: int) -> None:
    value = n / 10**decimals
    text = format_number(value, decimals)
    assert parse_cell(text).value == pytest.approx(value)


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), st.integers(0, 3))
def test_round_half_up_is_within_half_a_unit(x: float, decimals: int) -> None:
    r = round_half_up(x, decimals)
    assert abs(r - x) <= 0.5 * 10**-decimals + 1e-9


@pytest.mark.parametrize(
    ("code", "start", "end", "freq"),
    [
        ("2021M01", "2021-01-01", "2021-01-31", "M"),
        ("2024Q1", "2024-01-01", "2024-03-31", "Q"),
        ("2024K1", "2024-01-01", "2024-03-31", "Q"),
        ("2023Y01", "2023-01-01", "2023-12-31", "Y"),
        ("2022QMAT04", "2022-01-01", "2022-12-31", "Y"),
        ("2022QMAT02", "2021-07-01", "2022-06-30", "Y"),
        ("2020QMAT01", "2019-04-01", "2020-03-31", "Y"),
    ],
)
def test_period_codes_cover_the_right_span(code: str, start: str, end: str, freq: str) -> None:
    p = parse_period(code)
    assert p.start_time == pd.Timestamp(start)
    assert p.end_time.normalize() == pd.Timestamp(end)
    assert frequency_of(p) == freq


def test_period_codes_round_trip_and_previous_year() -> None:
    for code in ("2021M01", "2024Q1", "2022QMAT02", "2022QMAT03"):
        assert format_period(parse_period(code)) == code
    assert format_period(parse_period("2022QMAT02") - 1) == "2021QMAT02"


@pytest.mark.parametrize("bad", ["2021M13", "21M01", "2021-1", "jan 2021", ""])
def test_bad_period_codes(bad: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_period(bad)
    assert info.value.codes == {"bad_period"}
