"""A relative change of a rounded rate whose rounding leaves it very uncertain is flagged."""

from __future__ import annotations

import warnings
from fractions import Fraction

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobstats import make_frame
from jobstats.keyfigures import ImpreciseChangeWarning, point_change
from jobstats.report.cli import load_data
from tests.conftest import real_file

Y25I01 = "jobindsats_y25i01_ledige_jul2026_vs_jul2025.tsv"


def _pair(before: float, after: float, measure: str = "pct_workforce") -> pd.DataFrame:
    """Fanø's rate ``before`` → ``after``; the national rates (2.3, 2.4) show that the
    measure is published with one decimal (the rounding is read from the data)."""
    return make_frame(pd.DataFrame({
        "area": ["Hele landet", "Hele landet", "Fanø", "Fanø"], "target_group": "ledige",
        "period": [pd.Period("2025-07", "M"), pd.Period("2026-07", "M")] * 2,
        "measure": measure, "value": [2.3, 2.4, before, after]}))


def _last(frame: pd.DataFrame) -> pd.Series:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ImpreciseChangeWarning)
        return point_change(frame, month=7).iloc[-1]


@pytest.mark.realdata
def test_fanoe_0_1_to_0_3_percent_is_flagged_imprecise() -> None:
    frame = load_data([str(real_file(Y25I01))])
    with pytest.warns(ImpreciseChangeWarning, match=r"point_change: \d+ change\(s\) of "
                      r"rounded rates are imprecise"):
        pc = point_change(frame, month=7)
    fanoe = pc[(pc["area"] == "Fanø") & (pc["period"] == pd.Period("2026-07", "M"))]
    rate = fanoe[(fanoe["target_group"] == "ledige.kontanthjaelp")
                 & (fanoe["measure"] == "pct_workforce:point_change")].iloc[0]
    # the published rates 0.1 → 0.3 give +200 %, but true rates in [0.05, 0.15) and
    # [0.25, 0.35) allow +67 % … +600 %
    assert rate["previous"] == 0.1 and rate["value"] == pytest.approx(200.0)
    assert bool(rate["imprecise"])
    # counts of persons are not rates: never flagged (26 / 18 - 1 = +44 %)
    counts = fanoe[fanoe["measure"] == "full_time_persons:point_change"]
    assert not counts["imprecise"].any()
    # a large rate of the same file: Hele landet's rates are some per cent, the change of
    # its total rate is known within a few points
    national = pc[(pc["area"] == "Hele landet") & (pc["target_group"] == "ledige")
                  & (pc["measure"] == "pct_workforce:point_change") & pc["value"].notna()]
    assert len(national) == 1 and not national["imprecise"].any()


@pytest.mark.parametrize(("before", "after", "flagged"), [
    (0.1, 0.3, True),     # +67 % … +600 %
    (1.0, 1.2, True),     # 1.15 / 1.05 - 1 = +9.5 % … 1.25 / 0.95 - 1 = +31.6 %: 22 points
    (2.3, 2.0, False),    # 1.95 / 2.35 - 1 = -17.0 % … 2.05 / 2.25 - 1 = -8.9 %: 8 points
    (10.0, 12.0, False),  # +18.9 % … +21.1 %
    (0.0, 0.4, False),    # 0 → x is undefined already (no change shown at all)
])
def test_the_spread_of_the_true_change_decides(before: float, after: float,
                                               flagged: bool) -> None:
    row = _last(_pair(before, after))
    assert bool(row["imprecise"]) is flagged


def test_computed_rates_and_counts_keep_their_columns() -> None:
    # many decimals: a computed rate, not a rounded one; counts: not a rate at all
    assert "imprecise" not in point_change(_pair(0.123456789, 0.3456789012), month=7).columns
    assert "imprecise" not in point_change(_pair(1.0, 3.0, "full_time_persons"),
                                           month=7).columns


def test_the_rounding_is_read_from_the_data() -> None:
    # a rate published in whole per cent: 7 → 8 stands for [6.5, 7.5) → [7.5, 8.5),
    # +0 % … +30.8 %: flagged; the same printed with one decimal elsewhere is not
    whole = make_frame(pd.DataFrame({
        "area": "Fanø", "target_group": "ledige",
        "period": [pd.Period("2025-07", "M"), pd.Period("2026-07", "M")],
        "measure": "pct_workforce", "value": [7.0, 8.0]}))
    assert bool(_last(whole)["imprecise"])
    assert not bool(_last(_pair(7.0, 8.0))["imprecise"])


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 300), st.integers(0, 300))
def test_flagged_exactly_when_the_true_change_spreads_over_20_points(b: int, a: int) -> None:
    before, after = Fraction(b, 10), Fraction(a, 10)
    h = Fraction(1, 20)
    ratios = [(after + da) / (before + db) for da in (-h, h) for db in (-h, h)]
    spread = (max(ratios) - min(ratios)) * 100
    row = _last(_pair(float(before), float(after)))
    assert bool(row["imprecise"]) is (spread > 20)
