"""The short ways of scaling and shifting an interval give what the general product and
sum give: the same ends, open or closed as before (every kind of end, 0 and infinity)."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from jobstats.verify.interval import Interval

ends = st.one_of(st.none(), st.fractions(min_value=-50, max_value=50, max_denominator=40),
                 st.fractions(min_value=Fraction(1, 40), max_value=50, max_denominator=40),
                 st.sampled_from([Fraction(0)]))


@st.composite
def intervals(draw: st.DrawFn) -> Interval:
    lo, hi = draw(ends), draw(ends)
    if lo is not None and hi is not None and lo > hi:
        lo, hi = hi, lo
    lo_closed, hi_closed = draw(st.booleans()), draw(st.booleans())
    if lo is not None and lo == hi:
        lo_closed = hi_closed = True
    return Interval(lo, hi, lo_closed, hi_closed)


@given(intervals(), st.fractions(min_value=-20, max_value=20, max_denominator=30))
def test_scale_is_the_product_with_a_point(x: Interval, k: Fraction) -> None:
    assert x.scale(k) == x * Interval(k, k)


@given(intervals(), st.fractions(min_value=-20, max_value=20, max_denominator=30))
def test_shift_is_the_sum_with_a_point(x: Interval, c: Fraction) -> None:
    assert x.shift(c) == x + Interval(c, c)


def test_scaling_keeps_open_and_closed_ends() -> None:
    # [0, 2) * 3 = [0, 6); (0, 2] * 1/2 = (0, 1]; (-inf, 0] * 100 = (-inf, 0]
    assert Interval(Fraction(0), Fraction(2), True, False).scale(Fraction(3)) == \
        Interval(Fraction(0), Fraction(6), True, False)
    assert Interval(Fraction(0), Fraction(2), False, True).scale(Fraction(1, 2)) == \
        Interval(Fraction(0), Fraction(1), False, True)
    assert Interval(None, Fraction(0), False, True).scale(Fraction(100)) == \
        Interval(None, Fraction(0), False, True)


@given(intervals(), intervals())
def test_product_is_the_product_of_the_corners(x: Interval, y: Interval) -> None:
    assert x * y == x._product(y)
    assert y * x == y._product(x)


@given(intervals())
def test_reciprocal_of_a_positive_interval(x: Interval) -> None:
    assert x.reciprocal() == x._reciprocal()


def test_positive_product_and_reciprocal_by_hand() -> None:
    # [2, 3) * (1/2, 4] = (1, 12); 1 / [2, 4) = (1/4, 1/2]
    assert Interval(Fraction(2), Fraction(3), True, False) * \
        Interval(Fraction(1, 2), Fraction(4), False, True) == \
        Interval(Fraction(1), Fraction(12), False, False)
    assert Interval(Fraction(2), Fraction(4), True, False).reciprocal() == \
        (Interval(Fraction(1, 4), Fraction(1, 2), False, True),)
