"""The loaders on every tabular real file in ../shared/data.

Expected values are read from the raw text with the standard library (json,
csv, str.split), independently of the loaders; aggregate checks use plain
pandas groupby on taxonomy membership and DST's own published rows.
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import pandas as pd
import pytest

from jobstats import frame as jframe
from jobstats import taxonomy
from jobstats.load.jobindsats import read_jobindsats
from jobstats.load.statbank import read_statbank
from tests.conftest import real_file

pytestmark = pytest.mark.realdata

Y30R21 = "jobindsats_y30r21_benchmark_2020-2022.jsonl"
Y60A02 = "jobindsats_y60a02_kontanthjaelp_dec2025_vs_dec2024.tsv"
Y25I01 = "jobindsats_y25i01_ledige_jul2026_vs_jul2025.tsv"
AUK01 = "dst_auk01_social_assistance_2007Q1-2025Q4.csv"
FOLK1AM = "dst_folk1am_population_2021M10-2026M02.csv"
MUNICIPALITIES = "municipalities_landsdel_region.csv"


def lookup(f: pd.DataFrame, **keys: object) -> pd.Series:
    mask = pd.Series(True, index=f.index)
    for k, v in keys.items():
        mask &= f[k].astype(str) == str(v)
    rows = f[mask]
    assert len(rows) == 1, keys
    return rows.iloc[0]


# ------------------------------------------------------------------ Y30R21 JSON lines


def test_y30r21_spot_check_against_the_raw_line() -> None:
    path = real_file(Y30R21)
    raw_line = next(ln for ln in path.read_text(encoding="utf-8").splitlines()
                    if '"København"' in ln and "2020QMAT02" in ln
                    and '"Ydelsesgrupper i alt"' in ln)
    assert ': Faktisk antal":44010,' in raw_line
    assert ': Faktisk andel (pct.)":"9,28",' in raw_line
    f = read_jobindsats(path)
    # 2020QMAT02 is the rolling year 2019-07 ... 2020-06: a Y-JUN year labelled 2020
    rows = f[(f["area"] == "København") & (f["target_group"] == "bm.i_alt")
             & (f["period"] == pd.Period("2020", "Y-JUN"))]
    by_measure = dict(zip(rows["measure"].astype(str), rows["value"], strict=True))
    assert by_measure["full_time_persons"] == 44010
    assert by_measure["actual_pct"] == 9.28
    assert by_measure["expected_full_time_persons"] == 43070
    assert by_measure["difference_full_time_persons"] == 940
    assert by_measure["benchmark_rank"] == 63


def test_y30r21_every_value_matches_the_raw_records() -> None:
    path = real_file(Y30R21)
    tx = taxonomy.default()
    records = [json.loads(ln) for ln in path.read_text(encoding="utf-8").splitlines()
               if ln.strip()]
    assert len(records) == 2352
    f = read_jobindsats(path)
    jframe.validate(f)
    measure_keys = [k for k in records[0] if k not in ("Area", "Periode", "Ydelsesgrupper")]
    assert len(f) == len(records) * len(measure_keys)
    expected = []
    for r in records:
        year, q = int(r["Periode"][:4]), int(r["Periode"][-2:])
        period = pd.Period(str(year), {1: "Y-MAR", 2: "Y-JUN", 3: "Y-SEP", 4: "Y-DEC"}[q])
        for k in measure_keys:
            v = r[k]
            blinded = v in (".", "..", "-")
            number = math.nan if blinded else float(str(v).replace(",", "."))
            expected.append((tx.resolve_area(r["Area"]), tx.resolve_group(r["Ydelsesgrupper"]),
                             period, tx.resolve_measure(k), number, blinded))
    exp = pd.DataFrame(expected, columns=list(jframe.CORE_COLUMNS))
    names = dict.fromkeys(("area", "target_group", "measure"), object)
    got = f[list(jframe.CORE_COLUMNS)].astype(names)
    pd.testing.assert_frame_equal(got.reset_index(drop=True), exp, check_dtype=False)
    assert set(f["target_group"].astype(str)) == {"bm.i_alt", "bm.a_dagpenge",
                                                  "bm.kontanthjaelp", "bm.sygedagpenge"}
    assert f["area"].nunique() == 98


# ------------------------------------------------------------------ dashboard TSVs


def _tsv_cells(path: Path) -> tuple[list[str], list[list[str]]]:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines()
             if not ln.startswith("#")]
    rows = [ln.split("\t") for ln in lines]
    return rows[0], rows[1:]


@pytest.mark.parametrize(
    ("name", "groups"),
    [
        (Y60A02, {"persons": "kontanthjaelp", "fullTime": "kontanthjaelp",
                  "workforceRate": "kontanthjaelp", "populationRate": "kontanthjaelp"}),
        (Y25I01, {"total": "ledige", "totalRate": "ledige", "dagpenge": "ledige.dagpenge",
                  "dagpengeRate": "ledige.dagpenge", "kontanthjaelp": "ledige.kontanthjaelp",
                  "kontanthjaelpRate": "ledige.kontanthjaelp"}),
    ],
)
def test_dashboard_tsv_every_cell(name: str, groups: dict[str, str]) -> None:
    path = real_file(name)
    measures = {"persons": "persons", "fullTime": "full_time_persons",
                "workforceRate": "pct_workforce", "populationRate": "pct_population",
                "total": "full_time_persons", "dagpenge": "full_time_persons",
                "kontanthjaelp": "full_time_persons", "totalRate": "pct_workforce",
                "dagpengeRate": "pct_workforce", "kontanthjaelpRate": "pct_workforce"}
    header, rows = _tsv_cells(path)
    f = read_jobindsats(path)
    jframe.validate(f)
    assert len(rows) == 99
    assert len(f) == 99 * (len(header) - 1)
    index = f.assign(**{c: f[c].astype(str) for c in ("area", "target_group", "measure",
                                                        "period")}).set_index(
        ["area", "target_group", "measure", "period"])["value"]
    tx = taxonomy.default()
    for row in rows:
        area = tx.resolve_area(row[0])
        for label, text in zip(header[1:], row[1:], strict=True):
            series, code = label.split(" ")
            period = f"{code[:4]}-{code[5:]}"
            value = index[(area, groups[series], measures[series], period)]
            if text == "":  # a null in the dashboard's JSON: loaded as missing, not blinded
                assert math.isnan(value), (row[0], label)
            else:
                assert value == float(text), (row[0], label)


def test_y25i01_hele_landet() -> None:
    f = read_jobindsats(real_file(Y25I01))
    row = lookup(f, area="Hele landet", target_group="ledige", measure="full_time_persons",
                 period="2026-07")
    assert row["value"] == 91583  # "Hele landet\t91583\t3\t77888..." in the file
    # "Fanø\t30\t2.3\t26\t2\t4\t0.3\t20\t1.5\t18\t1.4\t\t0.1": an empty cell is missing
    fanoe = lookup(f, area="Fanø", target_group="ledige.kontanthjaelp",
                   measure="full_time_persons", period="2025-07")
    assert math.isnan(fanoe["value"]) and not fanoe["blinded"]
    assert lookup(f, area="Fanø", target_group="ledige.kontanthjaelp",
                  measure="pct_workforce", period="2025-07")["value"] == 0.1


# ------------------------------------------------------------------ DST


def test_auk01_reads_all_areas_and_quarters() -> None:
    path = real_file(AUK01)
    raw = path.read_text(encoding="utf-8-sig").splitlines()
    f = read_statbank(path)
    jframe.validate(f)
    assert len(f) == len(raw) - 1 == 117 * 76
    assert str(f["period"].dtype) == "period[Q-DEC]"
    assert f["period"].min() == pd.Period("2007Q1", "Q-DEC")
    assert f["period"].max() == pd.Period("2025Q4", "Q-DEC")
    # first data line: All Denmark;...;2007Q1;19206
    assert raw[1].endswith(";2007Q1;19206")
    assert lookup(f, area="Hele landet", period="2007Q1")["value"] == 19206
    for dst, ours in (("Not stated municipality", "Uoplyst kommune"), ("Abroad", "Udlandet"),
                      ("Copenhagen", "København"), ("Province Fyn", "Landsdel Fyn")):
        last = next(ln for ln in reversed(raw) if ln.startswith(dst + ";"))
        assert last.split(";")[4] == "2025Q4"
        assert lookup(f, area=ours, period="2025Q4")["value"] == float(last.split(";")[5])


def _wide_auk01() -> pd.DataFrame:
    f = read_statbank(real_file(AUK01))
    return f.pivot_table(index="period", columns="area", values="value", observed=True,
                         aggfunc="sum")


@pytest.mark.parametrize("kind", ["landsdel", "region"])
def test_auk01_kommuner_sum_to_dsts_landsdele_and_regions(kind: str) -> None:
    tx = taxonomy.default()
    f = read_statbank(real_file(AUK01))
    kommuner = f[f["area"].isin(tx.kommuner())].copy()
    parent = kommuner["area"].astype(str).map(
        lambda k: getattr(tx.areas[k], kind))  # membership from the taxonomy
    sums = kommuner.groupby([parent, kommuner["period"]])["value"].agg(["sum", "count"])
    aggregates = f[f["area"].isin(tx.areas_of_kind(kind))]
    published = aggregates.set_index([aggregates["area"].astype(str), "period"])["value"]
    assert len(sums) == len(published) == len(tx.areas_of_kind(kind)) * 76
    joined = sums.join(published.rename("published"), how="inner")
    assert len(joined) == len(published)
    tolerance = 0.5 * joined["count"]  # each published kommune figure rounded on its own
    off = joined[(joined["sum"] - joined["published"]).abs() > tolerance]
    assert off.empty, off.head()


def test_auk01_all_denmark_is_regions_plus_not_stated_plus_abroad() -> None:
    tx = taxonomy.default()
    w = _wide_auk01()
    parts = [*tx.areas_of_kind("region"), "Uoplyst kommune", "Udlandet"]
    diff = (w[parts].sum(axis=1) - w["Hele landet"]).abs()
    assert len(diff) == 76
    assert (diff <= 0.5 * len(parts)).all()


def test_folk1am_all_denmark_is_kommuner_plus_christiansoe() -> None:
    path = real_file(FOLK1AM)
    tx = taxonomy.default()
    f = read_statbank(path)
    jframe.validate(f)
    assert len(f) == len(path.read_text(encoding="utf-8-sig").splitlines()) - 1
    assert set(f["target_group"].astype(str)) == {"befolkning"}
    assert str(f["period"].dtype) == "period[M]"
    w = f.pivot_table(index="period", columns="area", values="value", observed=True)
    assert len(w) == 53  # 2021M10 ... 2026M02
    # population counts are exact: no rounding tolerance
    total = w[list(tx.kommuner())].sum(axis=1) + w["Christiansø"]
    assert (total == w["Hele landet"]).all()


def test_municipality_list_agrees_with_the_taxonomy() -> None:
    tx = taxonomy.default()
    with real_file(MUNICIPALITIES).open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 98 == len(tx.kommuner())
    assert {r["kommune"] for r in rows} == set(tx.kommuner())
    for r in rows:
        area = tx.areas[r["kommune"]]
        assert (area.code, area.jobindsats_name, area.landsdel, area.region) == (
            r["kommunekode"], r["jobindsats_area"], r["landsdel"], r["region"])
        assert tx.areas[r["landsdel"]].region == r["region"]
    # and the DST hierarchy order of AUK01 is the taxonomy's kommune order
    dst_order = sorted(rows, key=lambda r: int(r["dst_order"]))
    assert [r["kommune"] for r in dst_order] == list(tx.kommuner())


# ------------------------------------------------------- thousands separators in counts


def test_folk1am_count_with_a_danish_thousands_separator_is_refused(tmp_path: Path) -> None:
    """DST's English CSV has a decimal point and no thousands separators: "74.987" in a
    column of whole populations is 74.987 or 74987, a population of 75 or of 75,000 (one
    month of Gentofte read as 75 lowers its 2023 average by ~6,000). It is refused, naming
    line, column and cell; the untouched file loads every value as written."""
    from jobstats.errors import FormatError

    text = real_file(FOLK1AM).read_text(encoding="utf-8-sig")
    lines = text.split("\n")
    i = next(k for k, ln in enumerate(lines) if ln.startswith("Gentofte;")
             and ";2023M06;" in ln)
    count = lines[i].rsplit(";", 1)[1].strip()
    assert count.isdigit() and len(count) == 5  # 7x,xxx people: a plain integer
    lines[i] = lines[i].rsplit(";", 1)[0] + f";{count[:2]}.{count[2:]}"
    path = tmp_path / "dst_folk1am_grouped.csv"
    path.write_text("\ufeff" + "\n".join(lines), encoding="utf-8")
    with pytest.raises(FormatError) as info:
        read_statbank(path)
    (p,) = info.value.problems
    assert (p.code, p.row, p.column, p.value) == (
        "thousands_separator", i + 1, "INDHOLD", f"{count[:2]}.{count[2:]}")
    assert count in p.message


def test_dashboard_count_with_a_thousands_separator_is_refused_rate_is_not(
        tmp_path: Path) -> None:
    """The dashboard TSV has a decimal point: Aalborg's 4609 full-time persons written
    "4.609" are refused; a rate "2.400" beside rates such as "2.4" is a decimal."""
    from jobstats.errors import FormatError

    text = real_file(Y60A02).read_text(encoding="utf-8")
    assert "\nAalborg\t4728\t4609\t3.9\t3\t" in text
    path = tmp_path / "y60a02.tsv"
    path.write_text(text.replace("\nAalborg\t4728\t4609\t", "\nAalborg\t4728\t4.609\t"),
                    encoding="utf-8")
    with pytest.raises(FormatError) as info:
        read_jobindsats(path)
    assert [(p.code, p.column, p.value) for p in info.value.problems] == [
        ("thousands_separator", "fullTime 2025M12", "4.609")]
    path.write_text(text.replace("\nAalborg\t4728\t4609\t3.9\t", "\nAalborg\t4728\t4609\t3.900\t"),
                    encoding="utf-8")
    f = read_jobindsats(path)
    assert lookup(f, area="Aalborg", measure="pct_workforce", period="2025-12")["value"] == 3.9


def test_auk01_tab_separated_loads_like_the_semicolon_file(tmp_path: Path) -> None:
    """StatBank also exports TSV: the same AUK01 table with tabs gives the same frame."""
    text = real_file(AUK01).read_text(encoding="utf-8-sig")
    path = tmp_path / "auk01.tsv"
    path.write_text("\ufeff" + text.replace(";", "\t"), encoding="utf-8")
    pd.testing.assert_frame_equal(read_statbank(path), read_statbank(real_file(AUK01)))


def test_report_data_reads_dst_files_by_their_statbank_reader(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`report --data` with a DST CSV whose value column is VALUE (read_statbank accepts it)
    or whose areas misspell a kommune gets the DST reader's answer, not a jobindsats
    "unknown measure" for the value column."""
    from jobstats.cli import main
    from jobstats.report.sources import load_one

    text = real_file(AUK01).read_text(encoding="utf-8-sig")
    assert text.startswith("OMRÅDE;YDELSESTYPE;KØN;ALDER;TID;INDHOLD\n")
    renamed = tmp_path / "auk01_value.csv"
    renamed.write_text(text.replace(";INDHOLD\n", ";VALUE\n", 1), encoding="utf-8")
    pd.testing.assert_frame_equal(load_one(renamed), read_statbank(real_file(AUK01)),
                                  check_like=True)
    tabbed = tmp_path / "auk01_tab.csv"
    tabbed.write_text(text.replace(";", "\t").replace("\nHillerød\t", "\nHilleroed\t"),
                      encoding="utf-8")
    code = main(["report", "--area", "Gentofte", "--year", "2025", "--data", str(tabbed),
                 "--out", str(tmp_path / "out"), "--no-figures", "--no-docx", "--quiet"])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert "unknown_area" in err and "'Hilleroed'" in err and "Hillerød" in err


def test_dashboard_layout_with_semicolons_is_one_clear_error(tmp_path: Path) -> None:
    """The dashboard layout ('<series> <period>' headers, decimal point) saved with ';'
    instead of tabs: one problem saying so, not one 'unknown measure' per column."""
    from jobstats.errors import FormatError

    text = real_file(Y60A02).read_text(encoding="utf-8")
    path = tmp_path / "y60a02.csv"
    path.write_text(text.replace("\t", ";"), encoding="utf-8")
    with pytest.raises(FormatError) as info:
        read_jobindsats(path)
    (p,) = info.value.problems
    assert p.code == "wrong_separator" and p.row == 2
    assert "tab" in p.message and "persons 2025M12" in p.message


def test_dashboard_renamed_series_header_lists_the_valid_series(tmp_path: Path) -> None:
    """Y60A02's 'fullTime 2025M12' renamed 'fulltime_persons 2025M12': refused, naming
    line, column and value, and listing the series that header can have."""
    from jobstats.errors import UnknownNameError

    text = real_file(Y60A02).read_text(encoding="utf-8")
    path = tmp_path / "y60a02.tsv"
    path.write_text(text.replace("\tfullTime 2025M12\t", "\tfulltime_persons 2025M12\t"),
                    encoding="utf-8")
    with pytest.raises(UnknownNameError) as info:
        read_jobindsats(path)
    (p,) = info.value.problems
    assert (p.row, p.column, p.value) == (2, "fulltime_persons 2025M12", "fulltime_persons")
    assert "fullTime" in p.suggestions
    assert "fullTime" in str(info.value)


def test_dst_file_with_its_value_column_renamed_names_the_missing_column(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """AUK01 with INDHOLD renamed ANTAL: the DST reader's missing_column (expected
    'INDHOLD'), not the jobindsats reader's 'unknown measure ANTAL'."""
    from jobstats.cli import main

    text = real_file(AUK01).read_text(encoding="utf-8-sig")
    path = tmp_path / "auk01.csv"
    path.write_text(text.replace(";INDHOLD\n", ";ANTAL\n", 1), encoding="utf-8")
    code = main(["report", "--area", "Gentofte", "--year", "2025", "--data", str(path),
                 "--out", str(tmp_path / "out"), "--no-figures", "--quiet"])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert "missing_column" in err and "INDHOLD" in err and "unknown_measure" not in err
