"""aggregate, rollup_groups, consistency, activation_overview, composition, goal_status."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobstats import (
    Direction,
    Goal,
    GoalStatus,
    activation_overview,
    aggregate,
    composition,
    consistency,
    goal_status,
    make_frame,
    rollup_groups,
    taxonomy,
)
from jobstats.errors import ValidationError
from jobstats.keyfigures import IncompleteAggregateWarning, largest_remainder


def frame(values: Mapping[tuple[str, str], float | None], measure: str = "full_time_persons",
          blinded: tuple[tuple[str, str], ...] = ()) -> pd.DataFrame:
    data = pd.DataFrame({
        "area": [a for a, _ in values], "target_group": [g for _, g in values],
        "period": pd.Period("2018", "Y"), "measure": measure,
        "value": [np.nan if v is None else v for v in values.values()]})
    data["blinded"] = [k in blinded for k in values]
    return make_frame(data)


def test_aggregate_to_landsdel_by_hand() -> None:
    tx = taxonomy.default()
    members = tx.members("Landsdel Byen København")
    assert set(members) == {"København", "Frederiksberg", "Dragør", "Tårnby"}
    f = frame({(m, "sygedagpenge"): float(i + 1) for i, m in enumerate(members)})
    out = aggregate(f, to="landsdel")  # landsdele without any kommune rows give no rows
    assert out["area"].tolist() == ["Landsdel Byen København"]
    assert out["value"].item() == 1 + 2 + 3 + 4
    assert not out["undefined"].item()


def test_aggregate_user_defined_and_blinded_member() -> None:
    tx = taxonomy.default().with_aggregate("Nord", ["Hillerød", "Helsingør"])
    f = frame({("Hillerød", "sygedagpenge"): None, ("Helsingør", "sygedagpenge"): 3.0},
              blinded=(("Hillerød", "sygedagpenge"),))
    out = aggregate(f, to="Nord", taxonomy=tx)
    assert out["blinded"].item() and pd.isna(out["value"].item())


def test_aggregate_missing_member_is_undefined_and_warns() -> None:
    tx = taxonomy.default().with_aggregate("Nord", ["Hillerød", "Helsingør"])
    f = frame({("Hillerød", "sygedagpenge"): 5.0})
    with pytest.warns(IncompleteAggregateWarning, match="Helsingør"):
        out = aggregate(f, to="Nord", taxonomy=tx)
    assert out["undefined"].item() and pd.isna(out["value"].item())


def test_rollup_to_parents_and_i_alt_by_hand() -> None:
    f = frame({("Gentofte", "fleksjobberettiget.fleksjob"): 349.0,
               ("Gentofte", "fleksjobberettiget.ledighedsydelse"): 76.0,
               ("Gentofte", "sygedagpenge"): 543.0,
               ("Gentofte", "foertidspension"): 1058.0})
    out = rollup_groups(f).set_index("target_group")["value"]
    assert out["fleksjobberettiget"] == 425.0  # as published in DOMAIN.md
    assert out["i_alt"] == 425.0 + 543.0 + 1058.0


def test_consistency_finds_the_total_that_differs_from_its_parts() -> None:
    f = frame({("Gentofte", "revalidering"): 80.0,
               ("Gentofte", "revalidering.revalidender"): 52.0,
               ("Gentofte", "revalidering.forrevalidender"): 28.0,
               ("Gentofte", "fleksjobberettiget"): 405.0,
               ("Gentofte", "fleksjobberettiget.fleksjob"): 328.0,
               ("Gentofte", "fleksjobberettiget.ledighedsydelse"): 76.0})
    c = consistency(f)
    assert c["target_group"].tolist() == ["fleksjobberettiget"]  # no published i_alt
    row = c[c["target_group"] == "fleksjobberettiget"].iloc[0]
    assert (row["value"], row["computed"], row["difference"]) == (405.0, 404.0, 1.0)
    assert consistency(f, tolerance=1.0).empty


def test_consistency_by_area() -> None:
    kommuner = taxonomy.default().members("Landsdel Byen København")
    values = {(k, "sygedagpenge"): 10.0 for k in kommuner}
    values[("Landsdel Byen København", "sygedagpenge")] = 41.0
    c = consistency(frame(values), by="area")
    assert c["area"].tolist() == ["Landsdel Byen København"]
    assert c["computed"].item() == 40.0 and c["difference"].item() == 1.0


def test_activation_overview_by_hand() -> None:
    months = pd.period_range("2018-01", "2018-12", freq="M")
    rows: list[tuple[str, str, pd.Period, str, str | None, float]] = [
        ("Gentofte", "kontanthjaelp", p, "full_time_persons", None, 465.0) for p in months]
    for offer, v in (("løntilskud", 12.0), ("virksomhedspraktik", 30.0),
                     ("nyttejob", 2.5)):
        rows += [("Gentofte", "kontanthjaelp", p, "activated_full_time_persons", offer, v)
                 for p in months]
    f = make_frame(pd.DataFrame(rows, columns=["area", "target_group", "period", "measure",
                                               "offer_type", "value"]))
    ov = activation_overview(f, 2018).set_index("offer_type")
    assert ov.loc["aktiverede", "value"] == pytest.approx(44.5)
    assert ov.loc["passive", "value"] == pytest.approx(465.0 - 44.5)
    assert ov.loc["løntilskud", "value"] == 12.0
    assert list(ov.index) == ["løntilskud", "virksomhedspraktik", "nyttejob", "aktiverede",
                              "passive"]
    assert ov.loc["passive", "measure"] == "full_time_persons"
    assert ov.loc["aktiverede", "measure"] == "activated_full_time_persons"


def test_composition_shares_and_largest_remainder() -> None:
    f = frame({("Gentofte", "kontanthjaelp.jobparate"): 125.0,
               ("Gentofte", "kontanthjaelp.aktivitetsparate"): 340.0})
    c = composition(f, whole_percent=True).set_index("target_group")
    assert c.loc["kontanthjaelp.jobparate", "share"] == pytest.approx(100 * 125 / 465)
    # 26.88 -> 27, 73.12 -> 73
    assert c["share_rounded"].tolist() == [27.0, 73.0]


def test_composition_with_a_blinded_part() -> None:
    f = frame({("Gentofte", "kontanthjaelp.jobparate"): None,
               ("Gentofte", "kontanthjaelp.aktivitetsparate"): 340.0},
              blinded=(("Gentofte", "kontanthjaelp.jobparate"),))
    c = composition(f)
    assert c["share"].isna().all()


@settings(max_examples=60, deadline=None)
@given(parts=st.lists(st.integers(1, 10_000), min_size=1, max_size=12))
def test_largest_remainder_sums_to_100_and_is_within_one(parts: list[int]) -> None:
    shares = 100 * np.array(parts, dtype=float) / sum(parts)
    rounded = largest_remainder(shares)
    assert rounded.sum() == 100
    assert (np.abs(rounded - shares) < 1).all()


def test_goal_status_rule() -> None:
    fall = Goal("Andelen på offentlig forsørgelse skal falde", Direction.LOWER)
    assert goal_status(fall, 14.2, 14.6) is GoalStatus.MET
    assert goal_status(fall, 14.6, 14.6) is GoalStatus.ATTENTION
    more = Goal("Flere i ustøttet beskæftigelse", Direction.HIGHER, target=40.0)
    assert goal_status(more, 41.0, 30.0) is GoalStatus.MET
    assert goal_status(more, 35.0, 30.0) is GoalStatus.ON_TRACK
    assert goal_status(more, 29.0, 30.0) is GoalStatus.ATTENTION
    assert goal_status(more, 35.0) is GoalStatus.ATTENTION
    assert GoalStatus.ON_TRACK.value == "på rette vej"
    with pytest.raises(ValidationError):
        goal_status(fall, float("nan"), 1.0)
    with pytest.raises(ValidationError):
        goal_status(fall, 1.0)



@settings(max_examples=60, deadline=None)
@given(parts=st.lists(st.integers(1, 10_000), min_size=2, max_size=12))
def test_apportioned_shares_pass_the_largest_remainder_check(parts: list[int]) -> None:
    # every whole percent that largest_remainder prints is accepted by the check for
    # apportioned shares, and a percent two points away never is
    from jobstats.verify import published, share_consistent

    total = published(str(sum(parts)), exact=True)  # counts, not rounded
    rounded = largest_remainder(100 * np.array(parts, dtype=float) / sum(parts))
    for part, pct in zip(parts, rounded, strict=True):
        count = published(str(part), exact=True)
        ok = published(f"{int(pct)}%", rounding="largest_remainder")
        assert bool(share_consistent(count, total, ok))
        off = published(f"{int(pct) + 2}%", rounding="largest_remainder")
        assert not bool(share_consistent(count, total, off))


def test_an_apportioned_share_rounded_down_is_consistent_only_as_apportioned() -> None:
    # 15.521 of 44.895 = 34.57 %: plain rounding prints 35, apportionment may print 34
    from jobstats.verify import published, share_consistent

    assert not bool(share_consistent("15.521", "44.895", "34%"))
    assert bool(share_consistent("15.521", "44.895",
                                 published("34%", rounding="largest_remainder")))
    assert not bool(share_consistent("15.521", "44.895",
                                     published("33%", rounding="largest_remainder")))
