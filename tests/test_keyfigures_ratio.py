"""The share of the ordinary-hours goal (100 × part / whole per area and period): the
lookup gives by hand-computed values what the merge gives, blinded stays blinded."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from jobstats import frame as _frame
from jobstats.keyfigures.bundle import _ratio, _ratio_by_lookup, _ratio_by_merge


def _annual(area: str, values: list[float], blinded: list[bool], group: str) -> pd.DataFrame:
    return _frame.make_frame(pd.DataFrame({
        "area": area, "target_group": group,
        "period": [pd.Period(str(y), "Y") for y in range(2016, 2016 + len(values))],
        "measure": "m", "value": values, "blinded": blinded}))


def test_share_by_hand() -> None:
    part = _annual("Gentofte", [30.0, 20.0, 5.0, np.nan], [False, False, False, True],
                   "ordinary_hours")
    whole = _annual("Gentofte", [120.0, 0.0, 50.0], [False, False, True], "persons")
    out = _ratio(part, whole, "pct_ordinary_hours")
    # 30/120 = 25 %; a 0 whole is undefined (NaN, not blinded); a blinded whole or part
    # blinds the share; 2019 has no whole: NaN, not blinded
    assert out["value"].tolist()[:1] == [25.0]
    assert np.isnan(out["value"].to_numpy()[1:]).all()
    assert out["blinded"].tolist() == [False, False, True, True]
    assert out["measure"].tolist() == ["pct_ordinary_hours"] * 4


@pytest.mark.parametrize("seed", range(40))
def test_lookup_is_the_merge(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 6))
    part = _annual("Aarhus", list(rng.integers(0, 50, n).astype(float)),
                   list(rng.random(n) < 0.3), "ordinary_hours")
    values = np.where(rng.random(n) < 0.3, 0.0, rng.integers(1, 200, n).astype(float))
    whole = _annual("Aarhus", list(values), list(rng.random(n) < 0.3), "persons")
    whole = whole.iloc[rng.permutation(n)[: int(rng.integers(0, n + 1))]]
    fast = _ratio_by_lookup(part, whole, "share")
    assert fast is not None
    pd.testing.assert_frame_equal(fast, _ratio_by_merge(part, whole, "share"),
                                  check_exact=True, check_index_type=True)


def test_a_key_twice_takes_the_merge() -> None:
    part = _annual("Odense", [1.0], [False], "ordinary_hours")
    whole = _annual("Odense", [2.0], [False], "persons")
    twice = pd.concat([whole, whole], ignore_index=True)
    assert _ratio_by_lookup(part, twice, "share") is None
    assert len(_ratio(part, twice, "share")) == 2  # the merge repeats the row, as before
