"""A composition's whole percents come from the largest-remainder split (summing to
100), so each is the floor or the ceiling of the exact share — never further away.
The check reads them with ``rounding="largest_remainder"``."""

from __future__ import annotations

import pytest

from jobstats.verify import published, share_consistent


@pytest.mark.parametrize(("share", "consistent"), [
    ("34%", True),   # 34,57% given the floor by largest remainder (Aarhus 2018, demo)
    ("35%", True),   # the plain rounding
    ("33%", False),  # two points below: no largest-remainder split gives it
    ("36%", False),
])
def test_largest_remainder_share(share: str, consistent: bool) -> None:
    v = share_consistent(published("15.521"), published("44.895"),
                         published(share, rounding="largest_remainder"))
    assert v.consistent is consistent
    assert v.inconsistent is (not consistent)


def test_blinded_stays_not_checkable() -> None:
    v = share_consistent(published("."), published("44.895"),
                         published("34%", rounding="largest_remainder"))
    assert not v.consistent and not v.inconsistent
