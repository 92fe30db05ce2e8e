"""rank: ties, kept rows, own area, order invariance."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobstats import make_frame, rank, taxonomy


def shares(values: Mapping[str, float | None], year: int = 2018,
           blinded: tuple[str, ...] = ()) -> pd.DataFrame:
    data = pd.DataFrame({"area": list(values), "target_group": "uddannelseshjaelp",
                         "period": pd.Period(str(year), "Y"),
                         "measure": "full_time_persons:population_share",
                         "value": [np.nan if v is None else v for v in values.values()]})
    data["blinded"] = data["area"].isin(blinded)
    return make_frame(data)


def test_ties_share_a_place_and_the_next_is_skipped() -> None:
    f = shares({"Hele landet": 1.2, "Gentofte": 0.3, "Gladsaxe": 0.5, "Herlev": 0.3,
                "Furesø": 0.4, "Ballerup": 0.9})
    r = rank(f, n=3)
    assert r["area"].tolist() == ["Hele landet", "Gentofte", "Herlev", "Furesø"]
    assert r["place"].tolist()[1:] == [1.0, 1.0, 3.0]
    assert np.isnan(r["place"].iloc[0])
    assert r["kept"].tolist() == [True, False, False, False]


def test_ties_at_the_cut_keep_every_tied_row() -> None:
    f = shares({"Gentofte": 0.1, "Gladsaxe": 0.2, "Herlev": 0.2, "Furesø": 0.2,
                "Ballerup": 0.3})
    r = rank(f, n=2, keep=())
    assert r["area"].tolist() == ["Gentofte", "Furesø", "Gladsaxe", "Herlev"]
    assert r["place"].tolist() == [1.0, 2.0, 2.0, 2.0]


def test_descending_and_own_area_outside_the_top() -> None:
    f = shares({"Hele landet": 1.0, "Gentofte": 0.3, "Gladsaxe": 0.5, "Herlev": 0.8})
    r = rank(f, ascending=False, n=1, own="Gentofte")
    assert r["area"].tolist() == ["Hele landet", "Herlev", "Gentofte"]
    own = r.set_index("area").loc["Gentofte"]
    assert own["own_area"] and own["kept"] and own["place"] == 3.0


def test_blinded_kommune_is_not_ranked_and_is_recorded() -> None:
    f = shares({"Gentofte": None, "Gladsaxe": 0.5, "Herlev": 0.8}, blinded=("Gentofte",))
    r = rank(f, n=10, keep=())
    assert r["area"].tolist() == ["Gladsaxe", "Herlev"]
    dropped = r.attrs["dropped"]
    assert len(dropped) == 1 and "Gentofte" in dropped[0].message


def test_ranks_within_each_period_separately() -> None:
    f = make_frame(pd.concat([shares({"Gentofte": 0.1, "Herlev": 0.2}, year=2017),
                              shares({"Gentofte": 0.3, "Herlev": 0.2}, year=2018)]))
    r = rank(f, n=1, keep=())
    assert list(zip(r["period"].dt.year, r["area"], strict=True)) == [
        (2017, "Gentofte"), (2018, "Herlev")]


@settings(max_examples=40, deadline=None)
@given(values=st.lists(st.integers(0, 6), min_size=98, max_size=98),
       seed=st.integers(0, 10_000), n=st.integers(1, 15))
def test_ranking_is_invariant_to_row_order(values: list[int], seed: int, n: int) -> None:
    kommuner = taxonomy.default().kommuner()
    f = shares(dict(zip(kommuner, map(float, values), strict=True)) | {"Hele landet": 3.0})
    a = rank(f, n=n, own="Gentofte")
    b = rank(f.sample(frac=1.0, random_state=seed).reset_index(drop=True), n=n,
             own="Gentofte")
    pd.testing.assert_frame_equal(a, b)
    # competition ranking: place = 1 + number of strictly smaller values
    ranked = a[a["area"] != "Hele landet"].set_index("area")
    for area, row in ranked.iterrows():
        smaller = sum(v < row["value"] for v in values)
        assert row["place"] == smaller + 1, area
    assert (ranked.loc[~ranked["kept"], "place"] <= n).all()
    assert sum(p <= n for p in (sum(v < x for v in values) + 1 for x in values)) == \
        int((~ranked["kept"]).sum())


def test_by_selects_the_measure() -> None:
    f = make_frame(pd.concat([
        shares({"Gentofte": 0.1, "Herlev": 0.2}),
        make_frame(pd.DataFrame({"area": ["Gentofte", "Herlev"],
                                 "target_group": "uddannelseshjaelp",
                                 "period": pd.Period("2018", "Y"),
                                 "measure": "full_time_persons", "value": [50.0, 10.0]}))]))
    r = rank(f, by="full_time_persons", n=1, keep=())
    assert r["area"].tolist() == ["Herlev"]
    with pytest.raises(Exception, match="no measure"):
        rank(f, by="full_time_person")


def test_dense_and_general_places_agree() -> None:
    from jobstats import frame as _frame
    from jobstats.keyfigures import _common, _dense, ranking

    kommuner = taxonomy.default().kommuner()
    rng = np.random.default_rng(5)
    idx = pd.MultiIndex.from_product(
        [kommuner, ["sygedagpenge", "kontanthjaelp"],
         [pd.Period(str(y), "Y") for y in (2016, 2017, 2018)]],
        names=["area", "target_group", "period"])
    data = idx.to_frame(index=False)
    data["measure"] = "full_time_persons:population_share"
    data["value"] = rng.integers(0, 20, len(data)).astype(float)
    data.loc[7, "value"] = np.nan
    f = make_frame(data)
    values = f["value"].to_numpy()
    rankable = ~np.isnan(values)
    lin, size = _common.encode(f, ["target_group", "period", "measure"])
    gid = _common.compact(lin, size).gid
    layout = _dense.detect(f, _frame.key_columns(f))
    assert layout is not None and layout.shape[:layout.axis("area")] == (1,)  # outermost
    # one group per row: (area, rest) -> (rest, area)
    by_group = (layout.shape[layout.axis("area")], layout.stride("area"))
    for ascending in (True, False):
        key = np.where(rankable, values if ascending else -values, np.inf)
        general = ranking._general_places(values, rankable, gid, ascending)
        for n in (1, 3, 98):  # the top-n shortcut and the full ranking
            dense = ranking._group_places(key.reshape(by_group).T.copy(),
                                          rankable.reshape(by_group).T.copy(), n, None)
            got = dense.T.reshape(-1)
            wanted = np.where(general <= n, general, np.nan) if n < 98 else general
            np.testing.assert_array_equal(got[~np.isnan(wanted)], wanted[~np.isnan(wanted)])
            assert np.isnan(got[np.isnan(wanted)]).all()
    short = f.iloc[1:].reset_index(drop=True)
    assert _dense.detect(short, _frame.key_columns(short)) is None
