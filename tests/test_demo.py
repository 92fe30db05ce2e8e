"""The synthetic demo data, its generator and the published Gentofte figures.

Sums, annual averages and shares are recomputed here with plain pandas; the
expected texts come from the published table (typed from DOMAIN.md, and checked
against DOMAIN.md itself when ../shared is present).
"""

from __future__ import annotations

import importlib.util
import math
import os
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from types import ModuleType
from typing import cast

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from jobstats import demo, taxonomy, validate
from jobstats.demodata import demo_path
from jobstats.published_numbers import gentofte_maalgruppeoversigt
from tests.conftest import REPO, shared_data_dir

MEASURES = {"full_time_persons", "activated_full_time_persons", "long_term_unemployed",
            "persons", "unsubsidised_employment", "pct_unsubsidised_employment",
            "ordinary_hours_persons", "population_16_66"}
OFFER_TYPES = ["ordinær uddannelse", "vejledning og opkvalificering", "løntilskud",
               "virksomhedspraktik", "nyttejob"]
INTEGRATION_CHILDREN = ["integrationsydelse.jobparate", "integrationsydelse.aktivitetsparate",
                        "integrationsydelse.aabenlyst_uddannelsesparate",
                        "integrationsydelse.uddannelsesparate", "integrationsydelse.andre"]


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    return demo()


@pytest.fixture(scope="module")
def ftp(data: pd.DataFrame) -> pd.DataFrame:
    """full_time_persons, wide: rows (area, period), columns target groups."""
    f = data[data["measure"] == "full_time_persons"]
    return f.pivot_table(index=["area", "period"], columns="target_group", values="value",
                         observed=True, dropna=False, aggfunc="first")


def shared_domain() -> Path:
    """../shared/DOMAIN.md, or skip (fail under JOBSTATS_REQUIRE_SHARED=1)."""
    path = shared_data_dir().parent / "DOMAIN.md"
    if not path.is_file():
        reason = f"{path} is not present (it lives outside the repository)"
        if os.environ.get("JOBSTATS_REQUIRE_SHARED") == "1":
            pytest.fail(reason + "; JOBSTATS_REQUIRE_SHARED=1 makes it mandatory")
        pytest.skip(reason)
    return path


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_demo", REPO / "data" / "make_demo.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_demo"] = module
    spec.loader.exec_module(module)
    return module


def half_up(x: float, decimals: int) -> Decimal:
    return Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def danish_int(x: float) -> str:
    return f"{int(half_up(x, 0)):,}".replace(",", ".")


def danish_pct(x: float) -> str:
    return f"{half_up(x, 2):.2f}".replace(".", ",") + "%"


# ---- shape, dtypes, labels ------------------------------------------------------------


def test_demo_is_a_valid_canonical_frame(data: pd.DataFrame) -> None:
    validate(data)
    assert str(data["period"].dtype) == "period[M]"
    for col in ("area", "target_group", "measure", "offer_type"):
        assert isinstance(data[col].dtype, pd.CategoricalDtype), col
    assert data["value"].dtype == np.float64
    assert "ikke rigtige tal" in data.attrs["source"]
    assert "Syntetiske" in data.attrs["source"]
    assert set(data["measure"].unique()) == MEASURES


def test_demo_returns_a_new_frame_each_call() -> None:
    first = demo()
    first.loc[:, "value"] = -1.0
    first.attrs["source"] = "changed"
    second = demo()
    assert (second["value"].dropna() >= 0).all()
    assert second.attrs["source"] != "changed"


def test_jobstats_demo_stays_a_function_after_importing_its_module() -> None:
    code = ("from jobstats.demodata import demo_path\n"
            "import jobstats\n"
            "print(len(jobstats.demo()), jobstats.demo().attrs['source'])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=REPO)
    # 116 areas x 132 months x (30 groups + 10 groups x 5 offer types + 7 long-term
    # unemployed + 3 refugee series + 1 hours + 1 persons of the hours' group + 1 population)
    assert out.stdout.split()[0] == str(116 * 132 * (30 + 10 * 5 + 7 + 3 + 1 + 1 + 1))
    assert "Syntetiske" in out.stdout


def test_published_function_and_published_numbers_do_not_clash() -> None:
    code = ("import jobstats\n"
            "before = jobstats.published('0,93%').value\n"
            "from jobstats.published_numbers import gentofte_maalgruppeoversigt\n"
            "after = jobstats.published('0,93%').value\n"
            "print(before, after, len(jobstats.published_numbers.gentofte_maalgruppeoversigt()))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=REPO)
    assert out.stdout.split() == ["0.93", "0.93", "180"]


def test_areas_periods_and_groups(data: pd.DataFrame) -> None:
    tx = taxonomy.default()
    expected_areas = {*tx.kommuner(), "Hele landet", "Østdanmark",
                      *tx.areas_of_kind("region"), *tx.areas_of_kind("landsdel")}
    assert len(tx.kommuner()) == 98
    assert len(expected_areas) == 98 + 1 + 5 + 11 + 1
    assert set(data["area"].unique()) == expected_areas
    # every series is complete: 132 months, 2015-01 .. 2025-12
    n = data.groupby(["measure", "target_group", "area", "offer_type"], observed=True,
                     dropna=False)["period"].agg(["count", "min", "max"])
    assert (n["count"] == 132).all()
    assert (n["min"] == pd.Period("2015-01", "M")).all()
    assert (n["max"] == pd.Period("2025-12", "M")).all()
    groups = set(data.loc[data["measure"] == "full_time_persons", "target_group"].unique())
    published = set(gentofte_maalgruppeoversigt()["target_group"])
    assert groups == published
    assert len(groups) == 30


def test_nothing_is_missing_and_only_the_published_cells_are_blinded(data: pd.DataFrame
                                                                      ) -> None:
    missing = data["value"].isna() & ~data["blinded"]
    assert not missing.any()
    hidden = data[data["blinded"]]
    assert len(hidden) == 5 * 12
    assert set(hidden["area"]) == {"Gentofte"}
    assert set(hidden["target_group"]) == set(INTEGRATION_CHILDREN)
    assert set(hidden["period"].dt.year) == {2018}
    assert set(hidden["measure"]) == {"full_time_persons"}
    assert hidden["value"].isna().all()  # never 0
    parent = data[(data["area"] == "Gentofte") & (data["target_group"] == "integrationsydelse")
                  & (data["measure"] == "full_time_persons")
                  & (data["period"].dt.year == 2018)]
    assert len(parent) == 12 and not parent["blinded"].any() and (parent["value"] > 0).all()


# ---- sums ------------------------------------------------------------------------------


def test_children_sum_to_parents(ftp: pd.DataFrame) -> None:
    tx = taxonomy.default()
    parents = {g.parent for g in tx.groups.values()
               if g.parent is not None and g.id in ftp.columns}
    assert parents == {"i_alt", "forsikrede", "kontanthjaelp", "integrationsydelse",
                       "revalidering", "fleksjobberettiget", "uddannelseshjaelp"}
    checked = 0
    for parent in parents:
        kids = [g for g in ftp.columns if tx.groups[g].parent == parent]
        visible = ftp[kids].notna().all(axis=1)
        total = ftp.loc[visible, kids].sum(axis=1)
        np.testing.assert_allclose(total, ftp.loc[visible, parent], atol=1e-6, err_msg=parent)
        checked += int(visible.sum())
        hidden = ftp.loc[~visible]
        assert set(hidden.index.get_level_values("area")) <= {"Gentofte"}
    assert checked == 7 * 116 * 132 - 12  # Gentofte 2018: integrationsydelse's children


def test_kommuner_sum_to_every_aggregate(data: pd.DataFrame) -> None:
    tx = taxonomy.default()
    kommuner = [a for a in tx.areas.values() if a.kind == "kommune"]
    members = {"Hele landet": [a.name for a in kommuner],
               "Østdanmark": [a.name for a in kommuner
                              if a.region in ("Region Hovedstaden", "Region Sjælland")]}
    for a in kommuner:
        assert a.region is not None and a.landsdel is not None
        members.setdefault(a.region, []).append(a.name)
        members.setdefault(a.landsdel, []).append(a.name)
    assert len(members) == 1 + 1 + 5 + 11
    assert len(members["Hele landet"]) == 98
    additive = data[data["measure"] != "pct_unsubsidised_employment"]
    additive = additive.assign(offer=additive["offer_type"].astype(object).fillna("-"))
    keys = ["measure", "target_group", "offer", "period"]
    for aggregate, names in members.items():
        part = additive[additive["area"].isin(names)]
        visible = part.groupby(keys, observed=True)["value"].sum()
        n_hidden = part.groupby(keys, observed=True)["blinded"].sum()
        agg = additive[additive["area"] == aggregate].set_index(keys)["value"]
        agg = agg.reindex(visible.index)
        assert agg.notna().all()
        full = n_hidden == 0
        np.testing.assert_allclose(visible[full], agg[full], atol=1e-6, err_msg=aggregate)
        if "Gentofte" in names:
            # the blinded Gentofte cells are inside the aggregate: what is missing from
            # the visible sum is exactly Gentofte's (visible) integrationsydelse total
            gap = (agg[~full] - visible[~full]).groupby(level="period").sum()
            g = additive[(additive["area"] == "Gentofte") & (additive["measure"]
                         == "full_time_persons") & (additive["target_group"]
                         == "integrationsydelse")].set_index("period")["value"]
            assert len(gap) == 12
            np.testing.assert_allclose(gap, g.reindex(gap.index), atol=1e-6)
        else:
            assert full.all()


def test_unsubsidised_share_follows_from_its_counts(data: pd.DataFrame) -> None:
    f = data[data["target_group"] == "flygtninge"].pivot_table(
        index=["area", "period"], columns="measure", values="value", observed=True)
    assert (f["persons"] > 0).all()
    assert (f["unsubsidised_employment"] <= f["persons"]).all()
    share = 100 * f["unsubsidised_employment"] / f["persons"]
    assert (abs(share - f["pct_unsubsidised_employment"]) <= 0.005 + 1e-9).all()
    for col in ("persons", "unsubsidised_employment"):
        assert (f[col] == f[col].round()).all()


def test_activation_by_offer_type_fits_inside_the_group(data: pd.DataFrame) -> None:
    act = data[data["measure"] == "activated_full_time_persons"]
    assert set(act["offer_type"].unique()) == set(OFFER_TYPES)
    assert set(act["target_group"].unique()) >= {
        "forsikrede", "kontanthjaelp", "integrationsydelse", "uddannelseshjaelp",
        "uddannelseshjaelp_aktivitetsparate", "sygedagpenge", "ressourceforloeb",
        "jobafklaringsforloeb", "revalidering", "fleksjobberettiget.ledighedsydelse"}
    assert data.loc[data["measure"] != "activated_full_time_persons", "offer_type"].isna().all()
    tenths = act["value"] * 10
    assert np.allclose(tenths, tenths.round(), atol=1e-6)  # at most one decimal
    total = act.groupby(["area", "target_group", "period"], observed=True)["value"].sum()
    ftp = data[data["measure"] == "full_time_persons"].set_index(
        ["area", "target_group", "period"])["value"]
    group = ftp.reindex(total.index)
    assert group.notna().all()
    assert (total <= group + 1e-6).all()
    assert (total > 0).mean() > 0.8


def test_long_term_unemployed_and_ordinary_hours(data: pd.DataFrame) -> None:
    ltu = data[data["measure"] == "long_term_unemployed"].pivot_table(
        index=["area", "period"], columns="target_group", values="value", observed=True)
    # the published definition: a-dagpenge, jobparate kontanthjælp and jobparate
    # integrationsydelse
    assert set(ltu.columns) == {"forsikrede.dagpenge", "forsikrede", "kontanthjaelp.jobparate",
                                "kontanthjaelp", "integrationsydelse.jobparate",
                                "integrationsydelse", "i_alt"}
    np.testing.assert_allclose(ltu["forsikrede"], ltu["forsikrede.dagpenge"])
    np.testing.assert_allclose(ltu["kontanthjaelp"], ltu["kontanthjaelp.jobparate"])
    np.testing.assert_allclose(ltu["integrationsydelse"], ltu["integrationsydelse.jobparate"])
    np.testing.assert_allclose(ltu["i_alt"], ltu["forsikrede.dagpenge"]
                               + ltu["kontanthjaelp.jobparate"]
                               + ltu["integrationsydelse.jobparate"], atol=1e-6)
    ftp = data[data["measure"] == "full_time_persons"].pivot_table(
        index=["area", "period"], columns="target_group", values="value", observed=True)
    for g in ("forsikrede.dagpenge", "kontanthjaelp.jobparate"):
        assert (ltu[g] <= ftp[g] + 1e-6).all()
        assert (ltu[g] > 0).mean() > 0.9
    hours = data[data["measure"] == "ordinary_hours_persons"]
    assert set(hours["target_group"]) == {"kontanthjaelp.aktivitetsparate"}
    assert (hours["value"] == hours["value"].round()).all()
    # the share's denominator: all persons of the group, at least those with hours and
    # at least the group's full-time persons
    persons = data[(data["measure"] == "persons")
                   & (data["target_group"] == "kontanthjaelp.aktivitetsparate")]
    both = hours.merge(persons, on=["area", "period"], suffixes=("_h", "_p"))
    assert len(both) == len(hours)
    assert (both["value_h"] <= both["value_p"]).all()
    akt = ftp["kontanthjaelp.aktivitetsparate"].rename("ftp").reset_index()
    with_ftp = persons.merge(akt, on=["area", "period"])
    assert (with_ftp["value"] >= with_ftp["ftp"] - 1e-9).all()
    pop = data[data["measure"] == "population_16_66"]
    assert set(pop["target_group"]) == {"befolkning"}
    national = pop[pop["area"] == "Hele landet"]["value"]
    assert national.between(3_000_000, 4_500_000).all()


def test_groups_are_zero_outside_their_validity(ftp: pd.DataFrame) -> None:
    tx = taxonomy.default()
    periods = ftp.index.get_level_values("period")
    limited = [g for g in ftp.columns
               if tx.groups[g].valid_from is not None or tx.groups[g].valid_to is not None]
    assert "forsikrede.mam" in limited and "kontanthjaelp.ip_jobparate" in limited
    months = pd.period_range("2015-01", "2025-12", freq="M")
    for g in limited:
        valid = {p: tx.groups[g].valid_in(p) for p in months}
        outside = ~periods.map(valid).to_numpy(dtype=bool)
        assert outside.any()
        assert (ftp.loc[outside, g] == 0).all(), g
        assert (ftp.loc[~outside, g].dropna() >= 0).all()


def annual_means(ftp: pd.DataFrame, area: str) -> pd.DataFrame:
    """Mean of the months of each year (NaN if a month is blinded), plain pandas."""
    series = pd.DataFrame(ftp.xs(area, level="area"))
    years = pd.PeriodIndex(series.index).year
    n = series.groupby(years).count()
    assert (series.groupby(years).size() == 12).all()
    means: pd.DataFrame = series.groupby(years).mean()
    return means.where(pd.DataFrame(n == 12))


def test_stories_of_the_trends(ftp: pd.DataFrame) -> None:
    yearly = annual_means(ftp, "Hele landet")
    kh = yearly["kontanthjaelp"].to_dict()
    dp = yearly["forsikrede.dagpenge"].to_dict()
    assert kh[2025] < 0.6 * kh[2015]
    assert yearly["integrationsydelse"].idxmax() in (2017, 2018)
    assert dp[2020] > 1.2 * dp[2019]


# ---- calibration against the published Målgruppeoversigt ------------------------------


def test_gentofte_2016_2018_reproduce_the_published_table(ftp: pd.DataFrame) -> None:
    own = annual_means(ftp, "Gentofte")
    nation = annual_means(ftp, "Hele landet")
    monthly = ftp.xs("Hele landet", level="area")
    national_months = monthly.groupby(pd.PeriodIndex(monthly.index).year)
    checked = 0
    for row in gentofte_maalgruppeoversigt().to_dict("records"):
        year, group, printed = row["year"], row["target_group"], row["text"]
        avg = float(cast(float, own.at[year, group]))
        nat = float(cast(float, nation.at[year, group]))
        assert not math.isnan(nat)
        if row["measure"] == "full_time_persons":
            text = "." if math.isnan(avg) else danish_int(avg)
        else:
            if math.isnan(avg):
                text = "."
            elif nat == 0:
                text = ""
            else:
                text = danish_pct(100 * avg / nat)
            if printed == "0,00%":
                assert avg == 0 and nat > 0, row
            if printed == "":
                assert avg == 0 and (national_months.get_group(year)[group] == 0).all(), row
        assert text == printed, (group, year, row["measure"])
        checked += 1
    assert checked == 180


def test_published_table_facts() -> None:
    t = gentofte_maalgruppeoversigt()
    assert len(t) == 30 * 3 * 2
    assert int(t["blinded"].sum()) == 10  # 5 sub-groups x 2018 x (average, share)
    assert int(t["empty"].sum()) == 6
    i_alt = t[(t["target_group"] == "i_alt") & (t["measure"] == "full_time_persons")]
    assert i_alt["value"].tolist() == [4194.0, 4103.0, 3999.0]
    share = t[(t["target_group"] == "forsikrede.nmk") & (t["year"] == 2016)
              & (t["measure"] == "full_time_persons:national_share")]
    assert share["value"].tolist() == [1.45] and share["decimals"].tolist() == [2]
    assert t["area"].eq("Gentofte").all()
    assert t.attrs["source"].endswith("Kilde: Jobindsats.dk")
    t.loc[:, "text"] = "x"
    assert gentofte_maalgruppeoversigt()["text"].iloc[0] == "782"


def test_published_csv_matches_domain_md() -> None:
    lines = shared_domain().read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| målgruppe |"))
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        rows.append([c.strip() for c in line.strip().strip("|").split("|")])
    t = gentofte_maalgruppeoversigt()
    tx = taxonomy.default()
    assert len(rows) == 30
    for order, cells in enumerate(rows):
        mine = t[t["order"] == order]
        label = mine["label"].iloc[0]
        sub = cells[0].startswith("- ")
        assert cells[0].removeprefix("- ") == label
        assert sub == (tx.depth(mine["target_group"].iloc[0]) == 1)
        texts = [mine[(mine["year"] == y) & (mine["measure"] == m)]["text"].item()
                 for y in (2016, 2017, 2018)
                 for m in ("full_time_persons", "full_time_persons:national_share")]
        assert texts == cells[1:], label


# ---- the file and its generator ----------------------------------------------------------


def test_parquet_metadata_says_synthetic() -> None:
    path = demo_path()
    meta = pq.read_schema(path).metadata
    assert meta[b"jobstats.synthetic"] == b"true"
    assert "ikke rigtige tal" in meta[b"jobstats.source"].decode()
    assert b"SYNTHETIC" in meta[b"jobstats.description"]
    assert path.stat().st_size < 20_000_000


def test_generator_is_deterministic_and_the_committed_file_is_current(tmp_path: Path
                                                                      ) -> None:
    gen = load_generator()
    a = gen.main(tmp_path / "a.parquet")
    b = gen.main(tmp_path / "b.parquet")
    assert a.read_bytes() == b.read_bytes()
    fresh, committed = pd.read_parquet(a), pd.read_parquet(demo_path())
    assert list(fresh.columns) == list(committed.columns)
    assert fresh.dtypes.astype(str).tolist() == committed.dtypes.astype(str).tolist()
    assert fresh.equals(committed), "data/demo.parquet is stale: rerun data/make_demo.py"


def test_largest_remainder_splits_exactly() -> None:
    gen = load_generator()
    totals = np.array([10, 7, 0], dtype=np.int64)
    weights = np.array([[1.0, 1.0, 1.0], [3.0, 0.0, 1.0], [1.0, 2.0, 3.0]])
    parts = gen.largest_remainder(totals, weights)
    # 10/3 = 3.33 each -> 3,3,3 + 1 to the first; 7 * 3/4 = 5.25, 1.75 -> 5, 2; 0 -> 0
    assert parts.tolist() == [[4, 3, 3], [5, 0, 2], [0, 0, 0]]
