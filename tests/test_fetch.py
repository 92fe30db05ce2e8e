"""The fetcher end to end against a real local HTTP server answering like jobindsats
(v2 and v3) and DST StatBank with the demo data's numbers (tests/demo_api.py).

The independent reference: the appendix built straight from the same demo rows.
A bundle fetched over HTTP, parsed from the documented formats, filtered to the
totals and summed over single ages must give the same appendix, number for number.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import jobstats
from jobstats.cli import main
from jobstats.errors import ApiError, AuthenticationError, NotFoundError, ValidationError
from jobstats.load.fetch import Cache, bundle_info, fetch, read_bundle
from jobstats.load.recipe import Recipe, recipe
from jobstats.tables import bilag
from jobstats.taxonomy import default
from tests.demo_api import DemoApi
from tests.httpserver import Reply, Running, Seen, serve

TOKEN = "tok-e2e-7c1d-secret"
AREAS = ["Hele landet", "Østdanmark", "Gentofte", "Aarhus", "Lyngby-Taarbæk", "Rudersdal",
         "Furesø", "Allerød", "Hørsholm", "Egedal", "Gladsaxe", "Herlev", "Ballerup",
         "Dragør", "Odense", "Aalborg"]


def make_recipe() -> Recipe:
    # the package recipe leaves two ids open (not confirmed against the catalogue);
    # the local server serves them under these ids
    return recipe().with_table("langtidsledige", "TLTU01").with_table(
        "flygtninge_beskaeftigelse", "TFLY01").with_table("midlertidige_ordninger", "TMAM01")


@pytest.fixture(scope="module")
def demo_subset() -> pd.DataFrame:
    d = jobstats.demo()
    keep = d["area"].astype(str).isin(AREAS) & (d["period"].dt.year.between(2015, 2018))
    out = d[keep.to_numpy()].reset_index(drop=True)
    out["area"] = out["area"].cat.remove_unused_categories()
    assert isinstance(out, pd.DataFrame)
    return out


@pytest.fixture(scope="module")
def api(demo_subset: pd.DataFrame) -> DemoApi:
    return DemoApi(make_recipe(), frame=demo_subset, cell_limit=3000)


@pytest.fixture(scope="module")
def server(api: DemoApi) -> Iterator[Running]:
    with serve(api.routes()) as srv:
        yield srv


@pytest.fixture(scope="module")
def bundle(server: Running, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bundle")
    result = fetch(first=2015, last=2018, out=out, recipe=make_recipe(), token=TOKEN,
                   jobindsats_url=server.url + "v2/", statbank_url=server.url + "v1/",
                   max_cells=3000, cache_dir=out / "cache")
    assert result.skipped == ()
    return result.path


def _key(f: pd.DataFrame) -> pd.DataFrame:
    cols = ["area", "target_group", "period", "measure"] + \
        (["offer_type"] if "offer_type" in f.columns else [])
    g = f.assign(**{c: f[c].astype(str) for c in cols})
    return g.set_index(cols)[["value", "blinded"]].sort_index()


def test_bundle_holds_exactly_the_recipe_series_of_the_demo(bundle: Path,
                                                             demo_subset: pd.DataFrame) -> None:
    got = _key(read_bundle(bundle))
    tx = default()
    measures = demo_subset["measure"].astype(str)
    groups = demo_subset["target_group"].astype(str)
    wanted = {(m, g) for r in make_recipe().rows for m in r.measures
              for g in set(groups) if r.keeps(g, tx)}
    ref = demo_subset[[(m, g) in wanted for m, g in zip(measures, groups, strict=True)]]
    want = _key(ref)
    assert len(got) == len(want)
    assert got.index.equals(want.index)
    assert (got["blinded"] == want["blinded"]).all()
    both = got["value"].notna() == want["value"].notna()
    assert both.all()
    diff = (got["value"] - want["value"]).abs().max()
    assert diff == 0.0  # decimal comma, single ages summed: nothing lost


def test_bundle_provenance_names_every_series_without_the_token(bundle: Path) -> None:
    info = bundle_info(bundle)
    assert info is not None
    prov = {p["series"]: p for p in info["provenance"]}
    assert set(prov) == {r.series for r in make_recipe().rows_for("2015-01", "2018-12")}
    assert prov["dagpenge"]["table"] == "Y01A02" and prov["dagpenge"]["source"] == "jobindsats"
    assert prov["dagpenge"]["last_update"] == "2019-01-15"
    assert prov["befolkning_16_66"]["source"] == "statbank"
    assert json.loads(prov["befolkning_16_66"]["query"])["requests"] > 1  # split: 3000 cells
    raw = bundle.read_bytes()
    assert TOKEN.encode() not in raw
    for f in (bundle.parent / "cache").iterdir():
        assert TOKEN.encode() not in f.read_bytes()


def test_statbank_split_keeps_each_request_under_the_limit(api: DemoApi, server: Running) -> None:
    posted = [json.loads(s.body) for s in server.seen if s.path == "/v1/data"]
    assert posted
    for p in posted:
        var = {v["code"]: v["values"] for v in p["variables"]}
        assert len(AREAS) * len(var["ALDER"]) * len(var["Tid"]) <= 3000


@pytest.mark.parametrize("area", ["Gentofte", "Aarhus"])
def test_report_from_the_bundle_equals_the_report_from_the_same_rows(
        bundle: Path, demo_subset: pd.DataFrame, area: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / area
    code = main(["report", "--area", area, "--year", "2018", "--data", str(bundle),
                 "--out", str(out), "--no-figures"])
    printed = capsys.readouterr().out
    checks = pd.read_csv(out / "verifikation.csv")
    assert (checks["status"] == "inconsistent").sum() == 0, printed
    assert code == 0, printed
    assert "0 inconsistent" in printed
    assert "omitted: table" not in printed  # every table present
    got = bilag(read_bundle(bundle), area=area, year=2018, compare="Østdanmark")
    want = bilag(demo_subset, area=area, year=2018, compare="Østdanmark")
    assert got.names == want.names and len(want.omitted) == 0
    for a, b in zip(got.tables, want.tables, strict=True):
        np.testing.assert_allclose(np.array(a.values, dtype=float),
                                   np.array(b.values, dtype=float), rtol=1e-12, err_msg=a.name)
        assert a.blinded == b.blinded


def test_second_fetch_comes_from_the_cache(server: Running, api: DemoApi,
                                           tmp_path: Path) -> None:
    kwargs = {"first": "2018M01", "last": "2018M03", "recipe": make_recipe(), "token": TOKEN,
              "jobindsats_url": server.url + "v2/", "statbank_url": server.url + "v1/",
              "max_cells": 3000, "cache_dir": tmp_path / "cache"}
    first = fetch(out=tmp_path / "a", **kwargs)  # type: ignore[arg-type]
    before = api.data_requests
    second = fetch(out=tmp_path / "b", **kwargs)  # type: ignore[arg-type]
    assert api.data_requests == before
    assert all(p["from_cache"] for p in second.provenance)
    assert not any(p["from_cache"] for p in first.provenance)
    assert _key(first.frame).equals(_key(second.frame))
    # damage one cached body: noted, fetched again, same numbers
    victim = next((tmp_path / "cache").glob("*.body"))
    victim.write_bytes(victim.read_bytes()[:-10])
    third = fetch(out=tmp_path / "c", **kwargs)  # type: ignore[arg-type]
    assert any("damaged" in n for n in third.notes)
    assert api.data_requests + api.statbank_requests > before
    assert _key(third.frame).equals(_key(first.frame))


def test_cache_expires_after_its_ttl(tmp_path: Path) -> None:
    now = [1000.0]
    cache = Cache(tmp_path, ttl=60, clock=lambda: now[0])
    calls: list[int] = []

    def get() -> bytes:
        calls.append(1)
        return b"answer %d" % len(calls)

    assert cache.get("GET", "http://x/a", None, get).body == b"answer 1"
    now[0] += 59
    assert cache.get("GET", "http://x/a", None, get).body == b"answer 1"
    now[0] += 2
    assert cache.get("GET", "http://x/a", None, get).body == b"answer 2"
    assert Cache.key("GET", "http://x/a") != Cache.key("POST", "http://x/a")


def test_v3_fetch_gives_the_same_frame(server: Running, tmp_path: Path) -> None:
    kwargs = {"first": "2017M11", "last": "2018M02", "recipe": make_recipe(), "token": TOKEN,
              "statbank_url": server.url + "v1/", "max_cells": 3000}
    v2 = fetch(out=tmp_path / "v2", jobindsats_url=server.url + "v2/", **kwargs)  # type: ignore[arg-type]
    v3 = fetch(out=tmp_path / "v3", version=3, jobindsats_url=server.url + "v3/",
               **kwargs)  # type: ignore[arg-type]
    assert _key(v2.frame).equals(_key(v3.frame))
    v3_seen = [s for s in server.seen if s.path.startswith("/v3/data/")]
    assert v3_seen and all(s.headers["Authorization"] == f"Bearer {TOKEN}" for s in v3_seen)


def test_reform_break_fetches_both_tables_and_says_so(tmp_path: Path) -> None:
    d = jobstats.demo()
    keep = d["area"].astype(str).isin(["Hele landet", "Gentofte"]) \
        & d["period"].dt.year.eq(2025) & d["measure"].astype(str).eq("full_time_persons")
    sub = d[keep.to_numpy()].reset_index(drop=True)
    rec = Recipe(tuple(r for r in recipe().rows if r.series.startswith("kontanthjaelp")))
    with serve(DemoApi(rec, frame=sub).routes()) as srv:
        result = fetch(first=2025, last=2025, out=tmp_path, recipe=rec, token=TOKEN,
                       jobindsats_url=srv.url + "v2/")
        asked = {s.path: s.query["period"][0].split(",") for s in srv.seen
                 if "/data/" in s.path}
    assert asked["/v2/data/y36a02/json"][-1] == "2025M06"
    assert asked["/v2/data/y60a02/json"][0] == "2025M07"
    assert any("Y36A02" in n and "Y60A02" in n and "break" in n for n in result.notes)
    months = sorted({p.month for p in result.frame["period"]})
    assert months == list(range(1, 13))
    # the report built from the bundle says so too
    from jobstats.report.build import ReportOptions, build_report
    from jobstats.report.sources import load_sources

    report = build_report(load_sources([str(result.path)]),
                          ReportOptions(area="Gentofte", year=2025, compare=None,
                                        figures=False, docx=False))
    assert any("Y36A02" in n and "break" in n for n in report.notes)


def test_refused_token_writes_nothing(tmp_path: Path) -> None:
    def denied(_seen: Seen) -> Reply:
        return Reply(401, b'{"Message": "denied"}')

    with serve({"/v2/data/y01a02/json": denied, "/v2/tables/y01a02/json": denied}) as srv:
        rec = Recipe(tuple(r for r in recipe().rows if r.table == "Y01A02"))
        with pytest.raises(AuthenticationError):
            fetch(first=2018, last=2018, out=tmp_path / "out", recipe=rec, token=TOKEN,
                  jobindsats_url=srv.url + "v2/")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_statbank_over_its_limit_without_split_is_a_clear_error(server: Running,
                                                                tmp_path: Path) -> None:
    rec = Recipe(tuple(r for r in recipe().rows if r.source == "statbank"))
    with pytest.raises(ApiError, match="for stort"):
        fetch(first=2015, last=2018, out=tmp_path, recipe=rec,
              statbank_url=server.url + "v1/", max_cells=10**9)


def test_missing_ids_are_named_not_fetched(server: Running, tmp_path: Path) -> None:
    rec = Recipe(tuple(r for r in recipe().rows
                       if r.series in ("dagpenge", "langtidsledige")))
    result = fetch(first="2018M01", last="2018M01", out=tmp_path, recipe=rec, token=TOKEN,
                   jobindsats_url=server.url + "v2/")
    assert len(result.skipped) == 1 and "langtidsledige" in result.skipped[0]
    assert set(result.frame["measure"].astype(str)) == {"full_time_persons"}
    assert not math.isnan(float(result.frame["value"].sum()))


def test_unknown_table_id_names_close_matches_from_the_catalogue(server: Running,
                                                                 tmp_path: Path) -> None:
    rec = Recipe(tuple(r for r in recipe().rows if r.series == "dagpenge")).with_table(
        "dagpenge", "Y01A03")
    with pytest.raises(NotFoundError, match="did you mean Y01A02"):
        fetch(first=2018, last=2018, out=tmp_path, recipe=rec, token=TOKEN,
              jobindsats_url=server.url + "v2/")


def test_period_outside_the_tables_range_is_refused_before_downloading(
        server: Running, api: DemoApi, tmp_path: Path) -> None:
    rec = Recipe(tuple(r for r in recipe().rows if r.series == "dagpenge"))
    before = api.data_requests
    with pytest.raises(ValidationError) as info:
        fetch(first=2014, last=2015, out=tmp_path, recipe=rec, token=TOKEN,
              jobindsats_url=server.url + "v2/")
    assert info.value.codes == {"period_out_of_range"}
    assert "2015M01–2018M12" in str(info.value)
    assert api.data_requests == before


def test_fetch_and_report_from_the_command_line(server: Running, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    rec_file = tmp_path / "recipe.csv"
    make_recipe().to_frame().to_csv(rec_file, index=False)
    monkeypatch.setenv("JOBINDSATS_TOKEN", TOKEN)
    code = main(["fetch", "--area", "Gentofte", "--from", "2017M01", "--to", "2018M12",
                 "--out", str(tmp_path / "data"), "--recipe", str(rec_file),
                 "--cache", str(tmp_path / "cache"), "--jobindsats-url", server.url + "v2/",
                 "--statbank-url", server.url + "v1/", "--max-cells", "3000", "--quiet"])
    printed = capsys.readouterr().out
    assert code == 0, printed
    assert "Wrote" in printed and TOKEN not in printed
    bundles = list((tmp_path / "data").glob("*.parquet"))
    assert len(bundles) == 1
    code = main(["report", "--area", "Gentofte", "--year", "2018", "--data",
                 str(tmp_path / "data"), "--out", str(tmp_path / "out"), "--no-figures"])
    printed = capsys.readouterr().out
    assert code == 0, printed
    assert "Data til og med december 2018; hentet: Y01A02" in printed
    text = (tmp_path / "out" / "verifikation.txt").read_text(encoding="utf-8")
    assert "Data til og med december 2018" in text


@pytest.mark.parametrize("area", ["Gentofte", "Aarhus"])
def test_period_report_from_the_bundle(bundle: Path, area: str, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / area
    code = main(["report", "--area", area, "--period", "2018Q2", "--data", str(bundle),
                 "--out", str(out), "--no-figures"])
    printed = capsys.readouterr().out
    assert code == 0, printed
    assert "0 inconsistent" in printed
    assert "omitted: table" not in printed  # every table present
    html = (out / "bilag.html").read_text(encoding="utf-8")
    assert html.count("første halvår 2018 (år til dato)") >= 10


def test_online_catalogue_from_both_apis(server: Running, tmp_path: Path) -> None:
    from jobstats.load.catalogue import catalogue

    dst_tables = [{"id": "FOLK1AM", "text": "Befolkningen den 1. i måneden",
                   "updated": "2019-02-11T08:00:00", "firstPeriod": "2008M01",
                   "latestPeriod": "2019M01"}]
    routes = {"/v1/tables": lambda s: Reply(200, json.dumps(dst_tables).encode())}
    with serve(routes) as dst:
        f = catalogue(token=TOKEN, jobindsats_url=server.url + "v2/",
                      statbank_url=dst.url + "v1/", cache_dir=tmp_path)
        again = catalogue("befolkning", token=TOKEN, jobindsats_url=server.url + "v2/",
                          statbank_url=dst.url + "v1/", cache_dir=tmp_path)
        asked = len(dst.seen)
    assert {"Y01A02", "Y60A02", "FOLK1AM"} <= set(f["id"])
    folk = f[f["id"] == "FOLK1AM"].iloc[0]
    assert (folk["source"], folk["last_period"], folk["last_update"]) == (
        "statbank", "2019M01", "2019-02-11T08:00:00")
    assert again["id"].tolist() == ["FOLK1AM"]
    assert asked == 1  # the second listing came from the cache


def test_latest_months_from_the_command_line(server: Running, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    rec_file = tmp_path / "recipe.csv"
    Recipe(tuple(r for r in recipe().rows if r.series == "sygedagpenge")).to_frame().to_csv(
        rec_file, index=False)
    monkeypatch.setenv("JOBINDSATS_TOKEN", TOKEN)
    code = main(["fetch", "--all", "--latest", "3", "--to", "2018M12", "--out",
                 str(tmp_path / "data"), "--recipe", str(rec_file), "--cache",
                 str(tmp_path / "cache"), "--jobindsats-url", server.url + "v2/", "--quiet"])
    assert code == 0, capsys.readouterr().err
    f = read_bundle(next((tmp_path / "data").glob("*.parquet")))
    assert sorted({str(p) for p in f["period"]}) == ["2018-10", "2018-11", "2018-12"]
