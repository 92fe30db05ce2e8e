"""``report --data`` with several sources: real files, folders, disagreement, notes."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest

from jobstats.cli import main
from jobstats.errors import ValidationError
from jobstats.report.sources import combine, data_note, load_sources, stale_sources
from tests.conftest import real_file

CSV_HEAD = "Area;Periode;Køn;Antal personer;Antal fuldtidspersoner\r\n"


def _write(path: Path, rows: list[str]) -> Path:
    path.write_bytes((CSV_HEAD + "".join(r + "\r\n" for r in rows)).encode("utf-8"))
    return path


@pytest.mark.realdata
def test_benchmark_file_alone_is_a_one_line_error_not_a_traceback(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = real_file("jobindsats_y30r21_benchmark_2020-2022.jsonl")
    code = main(["report", "--area", "Gentofte", "--year", "2022", "--data", str(path),
                 "--out", str(tmp_path / "out"), "--no-figures"])
    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback" not in err and "nothing_to_report" in err
    assert not (tmp_path / "out" / "bilag.xlsx").exists()


@pytest.mark.realdata
def test_all_real_files_in_one_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    names = ["jobindsats_y30r21_benchmark_2020-2022.jsonl",
             "dst_auk01_social_assistance_2007Q1-2025Q4.csv",
             "dst_folk1am_population_2021M10-2026M02.csv",
             "jobindsats_y60a02_kontanthjaelp_dec2025_vs_dec2024.tsv",
             "jobindsats_y25i01_ledige_jul2026_vs_jul2025.tsv"]
    args = ["report", "--area", "Gentofte", "--year", "2025", "--out", str(tmp_path / "out"),
            "--no-figures"]
    for n in names:
        args += ["--data", str(real_file(n))]
    code = main(args)
    printed = capsys.readouterr().out
    assert code == 0, printed
    # the Y60A02 series (kontanthjælp, December 2024 and 2025) give these two tables
    assert "omitted: table maalgruppeoversigt" not in printed
    assert "omitted: table punkt_kontanthjaelp" not in printed
    # the quarterly and rolling-year series are set aside, and it says so (in the
    # report's language, Danish here, as every note of verifikation.txt)
    assert "tilsidesat" in printed and "Y-JUN" in printed
    assert "Data til og med juli 2026" in printed  # Y25I01 runs to July 2026
    # a table without its series says which recipe tables it needs
    assert "langtidsledighed kræver" in printed
    # one table is "den", several "dem"
    assert "virksomhedsrettet_tilbud kræver PTVC01 (jobindsats): `jobstats fetch` henter den" \
        in printed
    assert "`jobstats fetch` henter dem" in printed
    # FOLK1AM was given, but as downloaded it is all ages: the note says the population
    # 16-66 is what is missing, not only "needs FOLK1AM"
    note = next(ln for ln in printed.splitlines() if "maal_befolkningsandel kræver" in ln)
    assert "FOLK1AM (statbank: population_16_66)" in note and "alle aldre" in note
    text = (tmp_path / "out" / "verifikation.txt").read_text(encoding="utf-8")
    assert "0 stemmer ikke" in text
    # the heading, the counts and the notes are Danish (an omission's reason is the
    # library's message, in English: docs/rounding.md)
    head = text.split("Udeladt (data mangler):")[0]
    assert not any(w in head for w in ("inconsistent", "set aside", " needs ", "stale"))
    assert re.search(r"tilsidesat \d{1,3}(\.\d{3})+ rækker af serier", head), head[:300]


def test_two_sources_disagreeing_on_a_key_are_an_error_naming_both(tmp_path: Path) -> None:
    a = _write(tmp_path / "y01a02_a.csv", ["Hele landet;2021M01;Køn i alt;144315;120525",
                                           "Gentofte;2021M01;Køn i alt;1711;1400"])
    b = _write(tmp_path / "y01a02_b.csv", ["Gentofte;2021M01;Køn i alt;1711;1401"])
    with pytest.raises(ValidationError) as info:
        load_sources([str(a), str(b)])
    assert info.value.codes == {"sources_disagree"}
    text = str(info.value)
    assert "y01a02_a.csv: 1400" in text and "y01a02_b.csv: 1401" in text
    assert "area=Gentofte" in text


def test_the_same_values_twice_are_kept_once_and_other_keys_added(tmp_path: Path) -> None:
    a = _write(tmp_path / "y01a02_a.csv", ["Gentofte;2021M01;Køn i alt;1711;1400"])
    b = _write(tmp_path / "y01a02_b.csv", ["Gentofte;2021M01;Køn i alt;1711;1400",
                                           "Gentofte;2021M02;Køn i alt;1700;."])
    f = load_sources([str(a), str(b)])
    ftp = f[f["measure"].astype(str) == "full_time_persons"]
    assert len(ftp) == 2
    feb = ftp[ftp["period"] == pd.Period("2021-02", "M")]
    assert feb["blinded"].tolist() == [True] and feb["value"].isna().all()  # "." stays blinded


def test_a_folder_is_every_data_file_in_it(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    _write(folder / "y01a02_jan.csv", ["Gentofte;2021M01;Køn i alt;1711;1400"])
    _write(folder / "y01a02_feb.csv", ["Gentofte;2021M02;Køn i alt;1700;1390"])
    (folder / "notes.md").write_text("not data", encoding="utf-8")
    f = load_sources([str(folder)])
    assert sorted(str(p) for p in f["period"].unique()) == ["2021-01", "2021-02"]
    assert {s["file"] for s in f.attrs["sources"]} == {"y01a02_jan.csv", "y01a02_feb.csv"}
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ValidationError, match="no data files"):
        load_sources([str(empty)])


def test_blinded_against_a_number_is_a_disagreement(tmp_path: Path) -> None:
    a = _write(tmp_path / "y01a02_a.csv", ["Gentofte;2021M01;Køn i alt;1711;."])
    b = _write(tmp_path / "y01a02_b.csv", ["Gentofte;2021M01;Køn i alt;1711;0"])
    with pytest.raises(ValidationError, match="sources_disagree"):
        combine([load_sources(str(a)), load_sources(str(b))], ["a", "b"])


def test_data_note_and_stale_sources() -> None:
    f = pd.DataFrame({"period": [pd.Period("2018-11", "M"), pd.Period("2018-12", "M")]})
    f.attrs["sources"] = [
        {"source": "jobindsats", "table": "Y01A02", "fetched_at": "2019-01-20T10:00:00+00:00",
         "next_update": "2019-02-15"},
        {"source": "statbank", "table": "FOLK1AM", "fetched_at": "2019-02-20T10:00:00+00:00",
         "next_update": "2019-02-15"}]
    assert data_note(f) == ("Data til og med december 2018; hentet: Y01A02 2019-01-20, "
                            "FOLK1AM 2019-02-20")
    now = dt.datetime(2019, 3, 1, tzinfo=dt.UTC)
    stale = stale_sources(f, now=now)
    assert len(stale) == 1 and stale[0].startswith("Y01A02 was fetched 2019-01-20")
    assert stale_sources(f, now=dt.datetime(2019, 2, 1, tzinfo=dt.UTC)) == []



@pytest.mark.realdata
def test_auk01_alone_omits_the_target_group_table_with_its_reason(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """AUK01 holds only net unemployed social-assistance recipients, a group outside the
    Målgruppeoversigt's "I alt" tree: the table is omitted, saying so (it was built with
    no rows, and the report stopped with an internal error)."""
    import jobstats

    path = real_file("dst_auk01_social_assistance_2007Q1-2025Q4.csv")
    appendix = jobstats.bilag(jobstats.read_statbank(path), area="Gentofte", year=2025)
    assert all(len(t.rows) > 0 for t in appendix.tables)
    reasons = {o.name: " ".join(map(str, o.problems)) for o in appendix.omitted}
    assert "no_data" in reasons["maalgruppeoversigt"]
    assert "nettoledige_kontanthjaelp" in reasons["maalgruppeoversigt"]
    code = main(["report", "--area", "Gentofte", "--year", "2025", "--data", str(path),
                 "--out", str(tmp_path / "out"), "--no-figures", "--no-docx"])
    captured = capsys.readouterr()
    # nothing else of the appendix is in AUK01 either: a clear input error, exit 2
    assert code == 2, captured.err
    assert "Traceback" not in captured.err and "internal error" not in captured.err
    assert "nothing_to_report" in captured.err and "nettoledige_kontanthjaelp" in captured.err


@pytest.mark.realdata
def test_y60a02_alone_prints_no_composition_of_one_group() -> None:
    """Y60A02 holds kontanthjælp only: a "Sammensætning af fuldtidspersoner på offentlig
    forsørgelse" would print Kontanthjælp 562 = 100 % of everyone on public benefits in
    Gentofte. It is omitted, with the reason; the tables the file does feed stay."""
    import jobstats

    path = real_file("jobindsats_y60a02_kontanthjaelp_dec2025_vs_dec2024.tsv")
    appendix = jobstats.bilag(jobstats.read_jobindsats(path), area="Gentofte", year=2025)
    assert "sammensaetning" not in appendix.names
    reasons = {o.name: " ".join(map(str, o.problems)) for o in appendix.omitted}
    assert "no_data" in reasons["sammensaetning"] and "kontanthjaelp" in reasons["sammensaetning"]
    assert {"maalgruppeoversigt", "punkt_kontanthjaelp"} <= set(appendix.names)
    point = appendix.tables[appendix.names.index("punkt_kontanthjaelp")]
    # the file's Gentofte row: 539 full-time persons in December 2024, 562 in December 2025
    assert [point.text(0, j) for j in range(3)] == ["539", "562", "4,27%"]  # 562/539 - 1
