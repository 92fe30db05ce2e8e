"""The data columns of the appendix checks: one row per target group is taken as the
group sum takes it (0.0 + value), a repeated group is summed."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from jobstats.report.verification import _single_sums


def test_one_row_per_key_is_its_group_sum() -> None:
    sel = pd.DataFrame({"value": [-0.0, np.nan, 1.5, 816.25]})
    keys: list[object] = ["a", "b", "c", "d"]
    got = _single_sums(keys, sel)
    assert got is not None
    expected = sel.groupby(pd.Series(keys))["value"].sum(min_count=1)
    for k in keys:
        x, y = got[k], float(expected[str(k)])
        assert (math.isnan(x) and math.isnan(y)) or (x == y and
                                                     np.signbit(x) == np.signbit(y))
    assert not np.signbit(got["a"])  # -0.0 printed as 0, as the sum gives it
    assert got["d"] == 816.25


def test_a_repeated_or_missing_key_is_left_to_the_group_sum() -> None:
    sel = pd.DataFrame({"value": [1.0, 2.0]})
    assert _single_sums([("a", 2018), ("a", 2018)], sel) is None
    assert _single_sums([("a", 2018), (np.nan, 2018)], sel) is None
    assert _single_sums(["a", np.nan], sel) is None
