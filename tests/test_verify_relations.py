"""Relation checks over rounding intervals: the examples, boundaries, and properties."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import jobstats
from jobstats.numbers import format_number
from jobstats.verify import (
    Consistency,
    IntervalSet,
    PublishedNumber,
    Verdict,
    change_consistent,
    difference_consistent,
    published,
    ratio_consistent,
    share_consistent,
    sum_consistent,
)

# -- the examples of the issue and of DOMAIN.md ------------------------------------------


def test_small_change_within_rounding_is_consistent() -> None:
    # 1.000 -> 1.010: true averages in [999.5, 1000.5) and [1009.5, 1010.5), so the
    # change lies between 1009.5/1000.5 - 1 = 0.8995% and 1010.5/999.5 - 1 = 1.1006%
    v = change_consistent("1.000", "1.010", "+1,05%")
    assert v and v.status is Consistency.CONSISTENT
    assert v.printable() == "+0,90% … +1,10%"
    assert bool(change_consistent("1.000", "1.010", "+0,90%"))
    assert bool(change_consistent("1.000", "1.010", "+1,10%"))
    assert change_consistent("1.000", "1.010", "+1,11%").inconsistent
    assert change_consistent("1.000", "1.010", "+0,89%").inconsistent


def test_impossible_change_is_flagged() -> None:
    # 300 -> 310 is at most 310.5/299.5 - 1 = 3.67%: +8,00% cannot be right
    v = change_consistent("300", "310", "+8,00%")
    assert not v and v.inconsistent
    assert v.printable() == "+3,00% … +3,67%"


def test_domain_statement_804_to_816() -> None:
    # the printed numbers give 816/804 - 1 = 1.49%, but the unrounded averages allow
    # 815.5/804.5 - 1 = 1.367% ... 816.5/803.5 - 1 = 1.618%: +1,39% is consistent
    assert change_consistent("804", "816", "+1,39%")
    assert change_consistent("804", "816", "+1,36%").inconsistent
    assert change_consistent("804", "816", "+1,63%").inconsistent


def test_explanation_names_what_is_allowed_and_what_was_printed() -> None:
    # one wording for table cells and prose claims: the allowed values, then the printed
    # one (300 -> 310 allows +3,00% ... +3,67%, worked out above)
    bad = change_consistent("300", "310", "+8,00%")
    assert bad.explanation() == f"{bad.relation} allows +3,00% … +3,67%, not the printed +8,00%"
    assert bad.explanation("the change from 300 to 310") == \
        "the change from 300 to 310 allows +3,00% … +3,67%, not the printed +8,00%"
    good = change_consistent("300", "310", "+3,33%")
    assert good.explanation("the change") == "the change allows +3,00% … +3,67%; printed +3,33%"
    blinded = change_consistent(".", "310", "+8,00%")
    assert blinded.explanation("the change").startswith("the change: not checkable (")
    # no whole number of people fits (the reachable set is empty): "nothing"
    none = Verdict("share of a count", Consistency.INCONSISTENT, published("50%"),
                   IntervalSet(()))
    assert none.explanation() == "share of a count allows nothing, not the printed 50%"


def test_blinded_or_empty_input_is_not_checkable() -> None:
    for v in (change_consistent(".", "310", "+8,00%"), change_consistent("300", "..", "1%"),
              change_consistent("300", "310", "."), share_consistent("12", "", "1,00%"),
              sum_consistent(["1", "-", "3"], "4"), difference_consistent("1", "2", "")):
        assert v.status is Consistency.NOT_CHECKABLE
        assert not v.inconsistent and not v.consistent and not v.checkable
        assert v.reason


def test_verdict_carries_reachable_interval_and_published_value() -> None:
    v = sum_consistent(["746", "26", "10"], "782")  # Gentofte 2016, DOMAIN.md
    assert isinstance(v.published, PublishedNumber) and v.published.value == 782.0
    assert v.reachable is not None
    assert str(v.reachable) == "[780.5, 783.5)"  # three parts, each [x - 0.5, x + 0.5)
    assert [p.value for p in v.inputs] == [746.0, 26.0, 10.0]


def test_top_level_names_are_the_verify_functions() -> None:
    assert jobstats.change_consistent is change_consistent
    assert jobstats.Verdict is Verdict


# -- exact boundaries ---------------------------------------------------------------------


def test_open_end_of_the_reachable_interval_is_not_reached() -> None:
    # 10 - 9 with true values in [9.5, 10.5) and [8.5, 9.5): the difference is in (0, 2).
    # A difference rounded to fours: "4" stands for [2, 6), which starts where the
    # reachable interval ends (open), so it cannot be right; "0" stands for (-2, 2).
    assert difference_consistent("10", "9", published("4", unit=4)).inconsistent
    assert difference_consistent("10", "9", published("0", unit=4)).consistent


def test_closed_end_of_the_reachable_interval_is_reached() -> None:
    # 1 + 1 with true values in [0.5, 1.5): the sum is in [1, 3), 1 included.
    # Rounded to twos, "2" stands for [1, 3) and "0" for (-1, 1).
    assert sum_consistent(["1", "1"], published("2", unit=2)).consistent
    assert sum_consistent(["1", "1"], published("0", unit=2)).inconsistent
    # mirrored: -1 + -1 is in (-3, -1]; "-2" stands for (-3, -1], "0" for (-1, 1)
    assert sum_consistent(["-1", "-1"], published("-2", unit=2)).consistent
    assert sum_consistent(["-1", "-1"], published("0", unit=2)).inconsistent


def test_closed_end_reached_in_real_figures() -> None:
    # Revalidering 2017 (DOMAIN.md): 66 with sub-groups 41 and 26. The sum of the true
    # values lies in [40.5 + 25.5, 41.5 + 26.5) = [66, 68); 66 stands for [65.5, 66.5):
    # they meet in [66, 66.5), so 66 is consistent, and 65 ([64.5, 65.5)) is not.
    v = sum_consistent(["41", "26"], "66")
    assert v and str(v.reachable) == "[66, 68)"
    assert sum_consistent(["41", "26"], "65").inconsistent
    assert sum_consistent(["41", "26"], "68")  # [67.5, 68.5) meets [67.5, 68)
    assert sum_consistent(["41", "26"], "69").inconsistent  # [68.5, 69.5) does not


def test_negative_numbers() -> None:
    # -0,17 - 0,20: a in (-0.175, -0.165], b in [0.195, 0.205): a - b in (-0.38, -0.36)
    assert difference_consistent("-0,17", "0,20", "-0,37")
    assert difference_consistent("-0,17", "0,20", "-0,38")  # (-0.385, -0.375] meets it
    assert difference_consistent("-0,17", "0,20", "-0,39").inconsistent
    assert difference_consistent("-0,17", "0,20", "-0,35").inconsistent
    # a fall: 4.194 -> 4.103 is -2,17% (DOMAIN.md); -2,20% is out of reach
    assert change_consistent("4.194", "4.103", "-2,17%")
    assert change_consistent("4.194", "4.103", "-2,20%").inconsistent


def test_denominator_interval_containing_zero() -> None:
    # 1 / 0 with 1 in [0.5, 1.5) and 0 in (-0.5, 0.5): |ratio| > 1, either sign
    assert ratio_consistent("1", "0", "1")          # 1 stands for [0.5, 1.5), meets (1, inf)
    assert ratio_consistent("1", "0", "-3")
    assert ratio_consistent("1", "0", "0").inconsistent
    assert ratio_consistent("1", "0", "0,5").inconsistent
    # from a printed 0 the change is unbounded in size, but not every change is reachable
    assert change_consistent("0", "310", "+8,00%").inconsistent
    assert change_consistent("0", "310", "+100.000%")
    # exactly 0 (not rounded): the ratio is undefined, not a failure
    v = ratio_consistent("1", published(0, exact=True), "2")
    assert v.status is Consistency.NOT_CHECKABLE


def test_share_and_ratio() -> None:
    # 746 of 80.215 (exact national value) = 0.92999%; with 746 in [745.5, 746.5):
    # 0.9294% ... 0.9306% -> prints 0,93% only
    assert share_consistent("746", published(80215, exact=True), "0,93%")
    assert share_consistent("746", published(80215, exact=True), "0,94%").inconsistent
    # a ratio printed with % is scaled by 100; scale= overrides
    assert ratio_consistent("1", "4", "25%")
    assert ratio_consistent("1", "4", "0,25")
    assert ratio_consistent("1", "4", "25", scale=100)


# -- properties ---------------------------------------------------------------------------


def round_exact(x: Fraction, step: Fraction) -> Fraction:
    """Half away from zero, exactly (an implementation independent of jobstats)."""
    whole, rest = divmod(abs(x), step)
    n = whole + (1 if 2 * rest >= step else 0)
    return n * step if x >= 0 else -n * step


def printed(x: Fraction, decimals: int, *, percent: bool = False) -> str:
    """The Danish text of x rounded to decimals."""
    return format_number(float(round_exact(x, Fraction(1, 10**decimals))), decimals,
                         percent=percent)


# true values on a fine grid, so exact halves (boundary cases) occur often
levels = st.integers(min_value=1, max_value=2_000_000).map(lambda n: Fraction(n, 1000))
signed = st.integers(min_value=-2_000_000, max_value=2_000_000).map(lambda n: Fraction(n, 1000))
level_decimals = st.integers(min_value=0, max_value=2)
result_decimals = st.integers(min_value=0, max_value=3)


@settings(max_examples=300, deadline=None)
@given(before=levels, after=levels, d_in=level_decimals, d_out=result_decimals)
def test_change_never_flags_true_values(before: Fraction, after: Fraction, d_in: int,
                                        d_out: int) -> None:
    true_change = (after / before - 1) * 100
    v = change_consistent(printed(before, d_in), printed(after, d_in),
                          printed(true_change, d_out, percent=True))
    assert not v.inconsistent, str(v)


@settings(max_examples=300, deadline=None)
@given(part=levels, whole=levels, d_in=level_decimals, d_out=result_decimals)
def test_share_and_ratio_never_flag_true_values(part: Fraction, whole: Fraction, d_in: int,
                                                d_out: int) -> None:
    share = part / whole * 100
    assert not share_consistent(printed(part, d_in), printed(whole, d_in),
                                printed(share, d_out)).inconsistent
    assert not ratio_consistent(printed(part, d_in), printed(whole, d_in),
                                printed(part / whole, d_out)).inconsistent


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(signed, min_size=1, max_size=12), d=level_decimals)
def test_sum_and_difference_never_flag_true_values(parts: list[Fraction], d: int) -> None:
    assert not sum_consistent([printed(p, d) for p in parts], printed(sum(parts, Fraction(0)),
                                                                       d)).inconsistent
    a, b = parts[0], parts[-1]
    assert not difference_consistent(printed(a, d), printed(b, d),
                                     printed(a - b, d)).inconsistent


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(st.integers(min_value=0, max_value=100_000), min_size=2, max_size=4),
       unit=st.sampled_from([1, 10, 100]))
def test_counts_rounded_to_units_never_flag(parts: list[int], unit: int) -> None:
    u = Fraction(unit)
    shown = [published(int(round_exact(Fraction(p), u)), unit=unit) for p in parts]
    total = published(int(round_exact(Fraction(sum(parts)), u)), unit=unit)
    assert not sum_consistent(shown, total).inconsistent
    diff = published(int(round_exact(Fraction(parts[0] - parts[1]), u)), unit=unit)
    assert not difference_consistent(shown[0], shown[1], diff).inconsistent


def _outside(lo: Fraction, hi: Fraction, step: Fraction, k: int, above: bool) -> Fraction:
    """A grid value whose rounding interval lies entirely beyond [lo, hi]."""
    if above:  # smallest grid value g with g - step/2 >= hi, plus k - 1 more steps
        g = (hi / step + Fraction(1, 2)).__ceil__() * step
        return g + (k - 1) * step
    g = (lo / step - Fraction(1, 2)).__floor__() * step
    return g - (k - 1) * step


@settings(max_examples=300, deadline=None)
@given(before=levels, after=levels, d_in=level_decimals, d_out=result_decimals,
       k=st.integers(min_value=1, max_value=50), above=st.booleans())
def test_change_outside_reachable_always_flags(before: Fraction, after: Fraction, d_in: int,
                                               d_out: int, k: int, above: bool) -> None:
    step_in, step_out = Fraction(1, 10**d_in), Fraction(1, 10**d_out)
    b, a = round_exact(before, step_in), round_exact(after, step_in)
    assume(b - step_in / 2 > 0 and a - step_in / 2 >= 0)  # both intervals above 0
    # independent bounds of the change: extremes at the ends of the intervals
    lo = ((a - step_in / 2) / (b + step_in / 2) - 1) * 100
    hi = ((a + step_in / 2) / (b - step_in / 2) - 1) * 100
    wrong = _outside(lo, hi, step_out, k, above)
    v = change_consistent(printed(b, d_in), printed(a, d_in),
                          published(float(wrong), decimals=d_out))
    assert v.inconsistent, str(v)


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(signed, min_size=1, max_size=8), d=level_decimals,
       k=st.integers(min_value=1, max_value=50), above=st.booleans())
def test_sum_outside_reachable_always_flags(parts: list[Fraction], d: int, k: int,
                                            above: bool) -> None:
    step = Fraction(1, 10**d)
    shown = [round_exact(p, step) for p in parts]
    total = sum(shown, Fraction(0))
    half_width = len(parts) * step / 2
    wrong = _outside(total - half_width, total + half_width, step, k, above)
    v = sum_consistent([printed(p, d) for p in shown], published(float(wrong), decimals=d))
    assert v.inconsistent, str(v)


RELATIONS: list[tuple[str, Callable[..., Verdict]]] = [
    ("change", change_consistent), ("share", share_consistent),
    ("difference", difference_consistent), ("ratio", ratio_consistent)]


@pytest.mark.parametrize(("name", "check"), RELATIONS)
def test_every_relation_says_what_it_is(name: str, check: Callable[..., Verdict]) -> None:
    v = check("10", "5", "1")
    assert v.relation.startswith(name)
    assert name in str(v)
