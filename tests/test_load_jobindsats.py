"""read_jobindsats on hand-made specimens of every format it detects.

Expected values are read off the specimen text in tests/fixtures/load/ by eye
(the files are short); they are not produced by the loader.
"""

from __future__ import annotations

import io
import json
import math
from pathlib import Path

import pandas as pd
import pytest

import jobstats
from jobstats import frame as jframe
from jobstats.errors import UnknownNameError
from jobstats.load._text import decode
from jobstats.load.jobindsats import detect_format, read_jobindsats

FIX = Path(__file__).parent / "fixtures" / "load"


def cell(f: pd.DataFrame, **keys: object) -> pd.Series:
    """The single row matching ``keys`` (fails unless exactly one)."""
    mask = pd.Series(True, index=f.index)
    for k, v in keys.items():
        mask &= f[k].astype(object) == v
    rows = f[mask]
    assert len(rows) == 1, f"{keys}: {len(rows)} rows"
    return rows.iloc[0]


# ----------------------------------------------------------------- API v2 CSV


@pytest.mark.parametrize("name", ["y01a02_v2.csv", "y01a02_v2_bom.csv", "y01a02_v2_cp1252.csv"])
def test_v2_csv_in_every_encoding(name: str) -> None:
    f = read_jobindsats(FIX / name, table="Y01A02")
    jframe.validate(f)
    assert len(f) == 9 * 4  # 9 data lines x 4 measure columns
    assert set(f["target_group"].astype(str)) == {"forsikrede.dagpenge"}
    assert set(f["area"].astype(str)) == {"Hele landet", "Hillerød", "Læsø"}
    assert str(f["period"].dtype) == "period[M]"
    assert set(f["period"].astype(str)) == {"2021-01"}
    assert set(f["gender"].astype(str)) == {"total", "Mænd", "Kvinder"}
    total = {"area": "Hele landet", "gender": "total"}
    assert cell(f, measure="persons", **total)["value"] == 144315
    assert cell(f, measure="full_time_persons", **total)["value"] == 120525
    assert cell(f, measure="pct_workforce", **total)["value"] == pytest.approx(4.2)
    assert cell(f, measure="pct_population", **total)["value"] == pytest.approx(3.2)


def test_encodings_are_detected() -> None:
    raw = (FIX / "y01a02_v2_cp1252.csv").read_bytes()
    assert decode(raw)[1] == "cp1252"
    assert decode((FIX / "y01a02_v2_bom.csv").read_bytes())[1] == "utf-8-sig"
    assert decode((FIX / "y01a02_v2.csv").read_bytes())[1] == "utf-8"
    # the same text, whatever the encoding
    a = read_jobindsats(FIX / "y01a02_v2.csv", table="Y01A02")
    b = read_jobindsats(FIX / "y01a02_v2_cp1252.csv", table="Y01A02")
    pd.testing.assert_frame_equal(a, b)


def test_blinded_markers_are_nan_and_flagged_never_zero() -> None:
    f = read_jobindsats(FIX / "y01a02_v2.csv", table="Y01A02")
    # Hillerød Kvinder: "." and ".." ; Læsø total: "-" ; Læsø Mænd: all "."
    for keys in (
        {"area": "Hillerød", "gender": "Kvinder", "measure": "pct_workforce"},
        {"area": "Hillerød", "gender": "Kvinder", "measure": "pct_population"},
        {"area": "Læsø", "gender": "total", "measure": "pct_workforce"},
        {"area": "Læsø", "gender": "Mænd", "measure": "persons"},
    ):
        row = cell(f, **keys)
        assert row["blinded"], keys
        assert math.isnan(row["value"]), keys
    assert cell(f, area="Læsø", gender="total", measure="pct_population")["value"] == 1.0
    assert int(f["blinded"].sum()) == 2 + 1 + 4 + 4
    assert not (f.loc[f["blinded"], "value"] == 0).any()


def test_a_dimension_of_only_totals_is_dropped() -> None:
    text = ("Area;Periode;Køn;Antal fuldtidspersoner\r\n"
            "Hele landet;2021M01;Køn i alt;120525\r\n"
            "Gentofte;2021M01;Køn i alt;410\r\n")
    f = read_jobindsats(text.encode(), table="Y01A02")
    assert list(f.columns) == list(jframe.CORE_COLUMNS)
    assert cell(f, area="Gentofte")["value"] == 410


def test_table_group_and_period_dependent_table() -> None:
    text = "Area;Periode;Antal fuldtidspersoner\nAarhus;2025M06;6302\nAarhus;2025M07;6197\n"
    for table in ("Y36A02", "Y60A02"):
        f = read_jobindsats(text.encode(), table=table)
        assert set(f["target_group"].astype(str)) == {"kontanthjaelp"}


def test_table_id_in_the_file_name_is_used(tmp_path: Path) -> None:
    path = tmp_path / "jobindsats_y07a02_2021.csv"
    path.write_text("Area;Periode;Antal fuldtidspersoner\nAarhus;2021M01;2100\n",
                    encoding="utf-8")
    f = read_jobindsats(path)
    assert set(f["target_group"].astype(str)) == {"sygedagpenge"}


def test_unknown_table_suggests() -> None:
    with pytest.raises(UnknownNameError) as info:
        read_jobindsats(b"Area;Periode;Antal personer\nAarhus;2021M01;1\n", table="Y01A2")
    assert "Y01A02" in info.value.problems[0].suggestions


def test_buffers_binary_and_text() -> None:
    raw = (FIX / "y01a02_v2.csv").read_bytes()
    a = read_jobindsats(io.BytesIO(raw), table="Y01A02")
    b = read_jobindsats(io.StringIO(raw.decode("utf-8")), table="Y01A02")
    pd.testing.assert_frame_equal(a, b)


def test_public_name() -> None:
    assert jobstats.read_jobindsats is read_jobindsats


# ----------------------------------------------------------------- JSON


def test_v2_json() -> None:
    f = read_jobindsats(FIX / "y30r21_v2.json")
    jframe.validate(f)
    assert len(f) == 4 * 4
    # QMAT04 is the calendar year 2022
    assert set(f["period"].astype(str)) == {"2022"}
    total = cell(f, target_group="bm.i_alt", measure="full_time_persons")
    assert total["value"] == 3310
    assert cell(f, target_group="bm.a_dagpenge", measure="actual_pct")["value"] == 2.33
    assert cell(f, target_group="bm.kontanthjaelp", measure="benchmark_rank")["value"] == 5
    assert cell(f, target_group="bm.kontanthjaelp",
                measure="expected_full_time_persons")["value"] == 560
    syg = f[f["target_group"] == "bm.sygedagpenge"].assign(
        measure=lambda d: d["measure"].astype(str)).set_index("measure")
    assert syg.loc["expected_full_time_persons", "value"] == 780
    assert syg.loc[["full_time_persons", "actual_pct", "benchmark_rank"], "blinded"].all()


def test_v3_json_with_bom() -> None:
    assert (FIX / "y30r21_v3.json").read_bytes().startswith(b"\xef\xbb\xbf")
    f = read_jobindsats(FIX / "y30r21_v3.json")
    assert len(f) == 3 * 2
    p = f["period"].iloc[0]
    assert p == pd.Period("2021", "Y-JUN")  # 2021QMAT02: 2020-07 ... 2021-06
    assert cell(f, area="Randers", target_group="bm.i_alt",
                measure="actual_pct")["value"] == 12.41
    national = cell(f, area="Hele landet", measure="actual_pct")
    assert national["blinded"] and math.isnan(national["value"])


def test_v3_json_with_column_objects() -> None:
    doc = {"columns": [{"name": "area", "label": "Område"}, {"name": "period", "label": "Periode"},
                       {"name": "ftp", "label": "Antal fuldtidspersoner"}],
           "rows": [["Gentofte", "2024Q1", 410], ["Gentofte", "2024Q2", "405"]]}
    f = read_jobindsats(json.dumps(doc).encode(), table="Y07A02")
    assert str(f["period"].dtype) == "period[Q-DEC]"
    assert f["value"].tolist() == [410.0, 405.0]


def test_json_lines() -> None:
    lines = [
        {"Area": "Gentofte", "Periode": "2022QMAT02", "Ydelsesgrupper": "Sygedagpenge mv.",
         "Placering på benchmarkranglisten": 7},
        {"Area": "Gentofte", "Periode": "2022QMAT04", "Ydelsesgrupper": "Sygedagpenge mv.",
         "Placering på benchmarkranglisten": "."},
    ]
    text = "\n".join(json.dumps(r, ensure_ascii=False) for r in lines) + "\n"
    f = read_jobindsats(text.encode())
    assert f["period"].dtype == object  # Y-JUN and Y-DEC: two anchors, one base frequency
    assert f["period"].tolist() == [pd.Period("2022", "Y-JUN"), pd.Period("2022", "Y-DEC")]
    assert f["value"].iloc[0] == 7 and f["blinded"].tolist() == [False, True]


# ----------------------------------------------------------------- dashboard TSV


DASHBOARD = (
    "# source: some dashboard, dataset y25i01 'Ledighed'\n"
    "Område\ttotal 2026M07\ttotalRate 2026M07\tdagpenge 2026M07\tdagpengeRate 2026M07\t"
    "kontanthjaelp 2026M07\tkontanthjaelpRate 2026M07\n"
    "Ærø\t36\t1.6\t30\t1.3\t6\t0.2\n"
    "Hele landet\t91583\t3\t77888\t2.6\t13695\t0.5\n"
)


def test_dashboard_tsv_y25i01() -> None:
    assert detect_format(DASHBOARD) == "dashboard_tsv"
    f = read_jobindsats(DASHBOARD.encode())
    assert len(f) == 2 * 6
    assert set(f["target_group"].astype(str)) == {"ledige", "ledige.dagpenge",
                                                  "ledige.kontanthjaelp"}
    assert cell(f, area="Ærø", target_group="ledige.dagpenge",
                measure="full_time_persons")["value"] == 30
    assert cell(f, area="Ærø", target_group="ledige.dagpenge",
                measure="pct_workforce")["value"] == 1.3
    assert cell(f, area="Hele landet", target_group="ledige",
                measure="pct_workforce")["value"] == 3
    assert set(f["period"].astype(str)) == {"2026-07"}


def test_dashboard_tsv_measures_take_the_group_from_the_table() -> None:
    text = ("Område\tpersons 2025M12\tfullTime 2025M12\tworkforceRate 2025M12\t"
            "populationRate 2025M12\nAabenraa\t651\t630\t2.4\t1.8\n")
    f = read_jobindsats(text.encode(), table="Y60A02")
    assert set(f["target_group"].astype(str)) == {"kontanthjaelp"}
    assert dict(zip(f["measure"].astype(str), f["value"], strict=True)) == {
        "persons": 651, "full_time_persons": 630, "pct_workforce": 2.4,
        "pct_population": 1.8}


def test_detect_format() -> None:
    assert detect_format('[{"Variables": [], "Data": []}]') == "json_v2"
    assert detect_format('{"columns": [],\n "rows": []}') == "json_v3"
    assert detect_format('{"Area": "x"}\n{"Area": "y"}') == "jsonl"
    assert detect_format("Area\tPeriode\tAntal personer\nx\t2021M01\t1") == "tsv"
    assert detect_format("Area,Periode\n") == "csv"
