"""Published numbers: parsing, rounding precision and the interval of true values."""

from __future__ import annotations

from fractions import Fraction

import pytest

from jobstats.errors import ValidationError
from jobstats.verify import Interval, published
from jobstats.verify.interval import IntervalSet, divide


def F(text: str | int) -> Fraction:  # noqa: N802 - short name for exact literals
    return Fraction(text)


@pytest.mark.parametrize(
    ("text", "value", "decimals", "percent"),
    [
        ("4.194", 4194.0, 0, False),
        ("0,93%", 0.93, 2, True),
        ("-2,17%", -2.17, 2, True),
        ("1,3", 1.3, 1, False),
        ("38%", 38.0, 0, True),
        ("-0,17", -0.17, 2, False),
        ("+1,05%", 1.05, 2, True),
        ("1.126", 1126.0, 0, False),
    ],
)
def test_parses_danish_cells(text: str, value: float, decimals: int, percent: bool) -> None:
    n = published(text)
    assert (n.value, n.decimals, n.percent, n.blinded, n.empty) == (
        value, decimals, percent, False, False)


def test_english_format_is_opt_in() -> None:
    assert published("4,194", decimal=".").value == 4194.0
    assert published("0.93%", decimal=".").value == 0.93
    with pytest.raises(ValidationError) as info:
        published("0.93%")  # a decimal point in Danish text
    assert info.value.codes == {"not_a_number"}


def test_blinded_and_empty_have_no_interval() -> None:
    for marker in (".", "..", "-"):
        n = published(marker)
        assert n.blinded and not n.checkable and n.interval is None and n.value is None
    e = published("")
    assert e.empty and not e.blinded and e.interval is None


def test_positive_interval_is_half_open_above() -> None:
    # 816 stands for every true value from 815.5 (rounds up to 816) to below 816.5
    i = published("816").interval
    assert i == Interval(F("815.5"), F("816.5"), True, False)
    assert i is not None and i.contains(F("815.5")) and not i.contains(F("816.5"))


def test_negative_interval_mirrors_half_away_from_zero() -> None:
    # -2.175 rounds away from zero to -2.18, so it is not in the interval of -2,17
    i = published("-2,17%").interval
    assert i == Interval(F("-2.175"), F("-2.165"), False, True)
    assert i is not None and not i.contains(F("-2.175")) and i.contains(F("-2.165"))


def test_zero_interval_is_open_on_both_sides() -> None:
    i = published("0,00").interval
    assert i == Interval(F("-0.005"), F("0.005"), False, False)


def test_unit_rounding_for_counts_rounded_to_tens() -> None:
    n = published("44010", unit=10)
    assert n.step == 10 and n.interval == Interval(F("44005"), F("44015"), True, False)
    assert published(-280, unit=10).interval == Interval(F("-285"), F("-275"), False, True)
    with pytest.raises(ValidationError) as info:
        published("44015", unit=10)
    assert info.value.codes == {"not_a_multiple"}


def test_bare_numbers_with_decimals() -> None:
    assert published(816).interval == Interval(F("815.5"), F("816.5"), True, False)
    n = published(1.3, decimals=2)  # printed without its trailing zero
    assert n.step == F("0.01") and n.interval == Interval(F("1.295"), F("1.305"), True, False)
    assert published(1.05).decimals == 2
    with pytest.raises(ValidationError):
        published("1,35", decimals=1)  # prints more decimals than it was rounded to


def test_exact_numbers_have_a_point_interval() -> None:
    assert published(80215, exact=True).interval == Interval(F("80215"), F("80215"))


@pytest.mark.parametrize(
    ("text", "x", "expected"),
    [
        ("0,13", 0.125, True),   # half rounds up ...
        ("0,12", 0.125, False),
        ("-0,13", -0.125, True),  # ... and away from zero for negatives
        ("-0,12", -0.125, False),
        ("1", 0.5, True),
        ("0", 0.5, False),
        ("-1", -0.5, True),
        ("0", -0.4999, True),
        ("1,01", 1.005, True),   # 1.005 is the decimal 1.005, not the binary 1.00499...
    ],
)
def test_rounds_to_this_is_half_away_from_zero(text: str, x: float, expected: bool) -> None:
    assert published(text).rounds_to_this(x) is expected


def test_division_by_an_interval_around_zero_splits() -> None:
    # 1 / (-1, 2]: every y in (-1, 0) gives 1/y < -1; every y in (0, 2] gives 1/y >= 0.5
    parts = divide(Interval.point(1), Interval(F("-1"), F("2"), False, True))
    assert parts == (Interval(None, F("-1"), False, False), Interval(F("0.5"), None, True, False))
    assert divide(Interval.point(1), Interval.point(0)) == ()


def test_interval_set_merges_touching_parts() -> None:
    s = IntervalSet.of([Interval(F(0), F(1), True, False), Interval(F(1), F(2), True, True),
                        Interval(F(3), F(4))])
    assert s.parts == (Interval(F(0), F(2)), Interval(F(3), F(4)))
    # open meets open at 1: the point 1 is missing, so they stay apart
    t = IntervalSet.of([Interval(F(0), F(1), True, False), Interval(F(1), F(2), False, True)])
    assert len(t.parts) == 2 and not t.contains(1)


def test_product_ends_open_or_closed() -> None:
    # [1, 2] * (3, 4] = (3, 8]; [-1, 2) * [0, 0] = [0, 0]
    assert Interval(F(1), F(2)) * Interval(F(3), F(4), False, True) == Interval(
        F(3), F(8), False, True)
    assert Interval(F(-1), F(2), True, False) * Interval.point(0) == Interval.point(0)
    # (0, 1] * [2, 3]: 0 is never reached
    assert Interval(F(0), F(1), False, True) * Interval(F(2), F(3)) == Interval(
        F(0), F(3), False, True)
