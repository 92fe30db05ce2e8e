"""The per-call shortcuts of the key figures keep their results and their checks.

The key figures remember a few small things between calls (which measure categories
a taxonomy knows, the kommune/alphabet tables of an area list, the union of two
category lists) and sort ranked rows by one combined key instead of a lexsort. These
tests require that the remembered answers depend on the taxonomy and the categories
they were made for, and that the shortcuts order and match exactly like the plain
computations they replace.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from jobstats import make_frame, rank, taxonomy, yoy_change
from jobstats.errors import ValidationError
from jobstats.keyfigures._common import align_codes, check_frame
from jobstats.keyfigures.ranking import _row_order


def _annual(measure: str = "full_time_persons") -> pd.DataFrame:
    return make_frame(pd.DataFrame({
        "area": "Gentofte", "target_group": "sygedagpenge",
        "period": [pd.Period("2017", "Y"), pd.Period("2018", "Y")],
        "measure": measure, "value": [10.0, 12.0]}))


def test_known_measures_are_remembered_per_taxonomy() -> None:
    f = _annual()
    check_frame(f, "t")  # known to the default taxonomy (and now remembered)
    tx = taxonomy.default()
    without = dataclasses.replace(
        tx, measures={k: v for k, v in tx.measures.items() if k != "full_time_persons"})
    with pytest.raises(ValidationError, match="unknown measure 'full_time_persons'"):
        check_frame(f, "t", taxonomy=without)
    check_frame(f, "t")  # still fine with the default taxonomy


def test_unknown_measure_still_refused_after_known_ones() -> None:
    yoy_change(_annual())
    with pytest.raises(ValidationError, match="unknown measure"):
        yoy_change(_annual().assign(measure=pd.Categorical(["no_such_measure"] * 2)))


def test_rank_area_tables_follow_the_taxonomy() -> None:
    f = make_frame(pd.DataFrame({
        "area": ["Gentofte", "Gladsaxe", "Herlev"], "target_group": "sygedagpenge",
        "period": pd.Period("2018", "Y"), "measure": "full_time_persons:population_share",
        "value": [0.3, 0.5, 0.1]}))
    assert rank(f, n=3, keep=())["area"].tolist() == ["Herlev", "Gentofte", "Gladsaxe"]
    tx = taxonomy.default()
    # the same area categories, but Herlev no longer a kommune: it must not be ranked
    areas = dict(tx.areas)
    areas["Herlev"] = dataclasses.replace(areas["Herlev"], kind=taxonomy.AreaKind.REGION)
    other = dataclasses.replace(tx, areas=areas)
    assert rank(f, n=3, keep=(), taxonomy=other)["area"].tolist() == ["Gentofte",
                                                                       "Gladsaxe"]
    assert rank(f, n=3, keep=())["area"].tolist() == ["Herlev", "Gentofte", "Gladsaxe"]


def test_align_codes_matches_labels_whatever_the_category_order() -> None:
    a = pd.Series(pd.Categorical(["x", "y", None, "z", "x"], categories=["z", "y", "x"]))
    b = pd.Series(pd.Categorical(["y", "w", "x", None], categories=["w", "x", "y"]))
    for _ in range(2):  # the second call uses the remembered union
        ca, cb, k = align_codes(a, b)
        labels_a = a.astype(object).tolist()
        labels_b = b.astype(object).tolist()
        for i, la in enumerate(labels_a):
            for j, lb in enumerate(labels_b):
                same = la is not None and la == lb
                assert (ca[i] == cb[j] and ca[i] != 0) == same
        assert ca[2] == 0 and cb[3] == 0  # missing stays 0
        assert k == 5  # missing + w, x, y, z
        assert ca.max() < k and cb.max() < k


@pytest.mark.parametrize("seed", range(5))
def test_row_order_is_the_lexsort_order(seed: int) -> None:
    rng = np.random.default_rng(seed)
    m = 500
    n_names, n_keep = 12, 3
    g = rng.integers(0, 20, m).astype(np.int64)
    section = rng.integers(0, 2, m)
    within = np.where(section == 0, rng.integers(0, n_keep, m),
                      rng.integers(1, n_names, m)).astype(np.float64)
    within[rng.random(m) < 0.1] = np.inf  # own area that could not be ranked
    alpha = rng.integers(0, n_names, m).astype(np.int64)  # many full ties too
    expected = np.lexsort((alpha, within, section, g))
    np.testing.assert_array_equal(_row_order(g, section, within, alpha, n_names, n_keep),
                                  expected)
