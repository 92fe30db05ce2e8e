"""The paper's sentence on the largest group of a composition: its whole percent comes
from the largest-remainder split (summing to 100), so it is the floor or the ceiling of
the exact share — never further away."""

from __future__ import annotations

import pytest

from jobstats.paper.text import _whole_percent_share
from jobstats.verify import published


@pytest.mark.parametrize(("share", "consistent"), [
    ("34%", True),   # 34,57% given the floor by largest remainder (Aarhus 2018, demo)
    ("35%", True),   # the plain rounding
    ("33%", False),  # two points below: no largest-remainder split gives it
    ("36%", False),
])
def test_largest_remainder_share(share: str, consistent: bool) -> None:
    v = _whole_percent_share(published("15.521"), published("44.895"), published(share))
    assert v.consistent is consistent
    assert v.inconsistent is (not consistent)


def test_blinded_stays_not_checkable() -> None:
    v = _whole_percent_share(published("."), published("44.895"), published("34%"))
    assert not v.consistent and not v.inconsistent
