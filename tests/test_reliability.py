"""Regression tests for hostile but realistic input: each case was once loaded silently
wrong, ended in a traceback, or gave a misleading error (see docs/reliability.md)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from jobstats import frame as jframe
from jobstats.cli import main
from jobstats.errors import FormatError, JobstatsError, Problem, ValidationError
from jobstats.keyfigures.shares import national_share
from jobstats.load.jobindsats import read_jobindsats
from jobstats.load.parquet import read_parquet, write_parquet
from jobstats.load.statbank import read_statbank
from jobstats.numbers import MAX_MAGNITUDE, parse_cell
from tests.conftest import REPO, real_file

FIXTURES = REPO / "tests" / "fixtures" / "load"
FOLK1AM = "dst_folk1am_population_2021M10-2026M02.csv"
AUK01 = "dst_auk01_social_assistance_2007Q1-2025Q4.csv"
Y25I01 = "jobindsats_y25i01_ledige_jul2026_vs_jul2025.tsv"
CSV = (FIXTURES / "y01a02_v2.csv").read_bytes()  # "Hele landet;2021M01;Køn i alt;144315;..."


def codes(exc: pytest.ExceptionInfo[JobstatsError]) -> set[str]:
    assert isinstance(exc.value, ValidationError)
    return exc.value.codes


def frames_equal(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True))


# ---------------------------------------------------------------------------------
# non-finite and huge numbers


@pytest.mark.parametrize(("cell", "code"), [
    (b"9" * 400, "huge_number"),  # parsed as inf before
    (b"9" * 5000, "huge_number"),
    (b"18014398509481984", "huge_number"),  # 2^54: beyond exact float64 integers
    (b"inf", "non_finite"),
    (b"NaN", "non_finite"),
    (b"1443 5", "bad_number"),  # a blank inside a number is not a group separator
    (b"144315\t", "bad_number"),  # nor is a tab padding
])
def test_csv_count_cells_that_are_not_finite_numbers(cell: bytes, code: str) -> None:
    data = CSV.replace(b";144315;", b";" + cell + b";", 1)
    assert data != CSV
    with pytest.raises(FormatError) as info:
        read_jobindsats(data, table="Y01A02")
    assert codes(info) == {code}
    (p,) = info.value.problems
    assert p.row == 2 and p.column == "Antal personer"
    assert len(str(info.value)) < 500  # a 5,000-digit value is not repeated in full


V3 = (FIXTURES / "y30r21_v3.json").read_bytes()  # Randers ... 7550 ...


@pytest.mark.parametrize(("number", "code"), [
    (b"Infinity", "non_finite"), (b"-Infinity", "non_finite"), (b"NaN", "non_finite"),
    (b"1e400", "non_finite"),  # json: float('inf')
    (b"1" + b"0" * 400, "huge_number"),  # an int above 1e308: OverflowError before
    (b"1" + b"0" * 5000, "huge_number"),  # beyond Python's 4,300-digit int limit
    (b'"12,' + b"9" * 400 + b'"', "too_many_digits"),  # would round to 13
])
def test_json_numbers_that_are_not_finite_or_exact(number: bytes, code: str) -> None:
    data = V3.replace(b"7550", number, 1)
    with pytest.raises(FormatError) as info:
        read_jobindsats(data)
    assert codes(info) == {code}
    assert info.value.problems[0].row == 1  # the first record
    assert len(str(info.value)) < 500


def test_validate_refuses_non_finite_and_huge_values() -> None:
    f = jframe.make_frame(pd.DataFrame({
        "area": ["Gentofte", "Hele landet", "Aarhus"], "target_group": "sygedagpenge",
        "period": pd.Period("2018", "Y"), "measure": "full_time_persons",
        "value": [np.inf, 1e300, 5.0]}))
    with pytest.raises(ValidationError) as info:
        jframe.validate(f)
    assert [(p.code, p.row) for p in info.value.problems] == [
        ("non_finite_value", 0), ("huge_value", 1)]


def test_parse_cell_refuses_huge_and_non_finite_numbers() -> None:
    for text in ("9" * 400, "1" + "0" * 5000, 10**400, float("inf"), float("-inf")):
        with pytest.raises(ValueError, match=r"too large|finite") as info:
            parse_cell(text)
        assert len(str(info.value)) < 120
    assert parse_cell(MAX_MAGNITUDE).value == 2.0**53


# ---------------------------------------------------------------------------------
# truncation, line ends, encodings, separators


def test_folk1am_cut_inside_its_last_number_is_refused() -> None:
    data = real_file(FOLK1AM).read_bytes()
    at = data.index(b";5944145\r\n") + len(b";5")  # the value "5944145" cut to "5"
    with pytest.raises(FormatError) as info:
        read_statbank(data[:at], table="FOLK1AM")
    assert codes(info) == {"truncated"}
    (p,) = info.value.problems
    assert p.row == data[:at].count(b"\n") + 1 and str(p.value).endswith(";5")


def test_a_tsv_cut_anywhere_in_its_last_line_is_refused() -> None:
    data = real_file(Y25I01).read_bytes()
    last = data.rstrip(b"\n").rfind(b"\n") + 1
    for at in range(last + 1, len(data) - 1, 7):
        with pytest.raises(FormatError) as info:
            read_jobindsats(data[:at])
        assert codes(info) == {"truncated"}, at


def test_a_file_cut_at_a_line_end_loads_exactly_its_rows() -> None:
    data = real_file(FOLK1AM).read_bytes()
    head = data[: data.index(b"\r\n", 5000) + 2]
    full, part = read_statbank(data, table="FOLK1AM"), read_statbank(head, table="FOLK1AM")
    assert len(part) == head.count(b"\r\n") - 1
    frames_equal(part.astype({"area": str}), full.iloc[: len(part)].astype({"area": str}))


def test_v3_json_cut_at_a_line_end_is_a_clear_error() -> None:
    lines = V3.split(b"\n")
    with pytest.raises(FormatError) as info:  # an IndexError before
        read_jobindsats(b"\n".join(lines[:2]) + b"\n")
    assert codes(info) == {"bad_json"}
    assert "ends too early" in str(info.value)


@pytest.mark.parametrize("name", [FOLK1AM, AUK01])
def test_cr_only_line_ends_load_like_crlf(name: str) -> None:
    data = real_file(name).read_bytes()
    table = "FOLK1AM" if name == FOLK1AM else "AUK01"
    crlf = read_statbank(data, table=table)
    # was 1,364 misleading duplicate_column problems (and quadratic time) for AUK01
    frames_equal(read_statbank(data.replace(b"\r\n", b"\r"), table=table), crlf)
    frames_equal(read_statbank(data.replace(b"\r\n", b"\n"), table=table), crlf)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_is_a_bad_encoding(encoding: str) -> None:
    text = real_file(FOLK1AM).read_bytes().decode("utf-8-sig")
    with pytest.raises(FormatError) as info:  # was field_count on every line
        read_statbank(text.encode(encoding), table="FOLK1AM")
    assert codes(info) == {"bad_encoding"}
    assert "UTF-8" in str(info.value)


def test_trailing_separators_add_no_column() -> None:
    data = real_file(FOLK1AM).read_bytes()
    want = read_statbank(data, table="FOLK1AM")
    every_line = data.replace(b"\r\n", b";\r\n")
    header_only = data.replace(b"INDHOLD\r\n", b"INDHOLD;\r\n", 1)
    for variant in (every_line, header_only):
        got = read_statbank(variant, table="FOLK1AM")
        assert list(got.columns) == list(want.columns)
        frames_equal(got, want)


def test_dashboard_series_names_ignore_case_and_a_trailing_tab() -> None:
    data = real_file(Y25I01).read_bytes()
    want = read_jobindsats(data)
    upper = data.replace(b"\ttotal 2026M07\ttotalRate 2026M07",
                         b"\tTOTAL 2026M07\tTOTALRATE 2026M07", 1)
    assert upper != data
    frames_equal(read_jobindsats(upper), want)
    header_end = data.index(b"2025M07\n") + len(b"2025M07")
    tab = data[:header_end] + b"\t" + data[header_end:]
    frames_equal(read_jobindsats(tab), want)  # was seven unknown_measure errors


def test_a_stray_quote_cannot_swallow_cells_or_lines() -> None:
    data = CSV.replace(b"\r\nHele landet;2021M01;M", b'\r\n"Hele landet;2021M01;M', 1)
    with pytest.raises(FormatError) as info:
        read_jobindsats(data, table="Y01A02")
    assert codes(info) == {"stray_quote"}
    assert info.value.problems[0].row == 3


def test_a_blank_line_inside_the_data_is_refused() -> None:
    # a digit flipped into a line break: "62980" -> "6298" + an empty line
    data = CSV.replace(b";62980;4,3;3,3\r\n", b";62980;4,3;3,3\r\n\r\n", 1)
    with pytest.raises(FormatError) as info:
        read_jobindsats(data, table="Y01A02")
    assert codes(info) == {"blank_line"}


def test_huge_cells_are_refused_and_not_echoed() -> None:
    data = CSV.replace(b"Hele landet;2021M01;M", b"X" * 140_000 + b";2021M01;M", 1)
    with pytest.raises(JobstatsError) as info:
        read_jobindsats(data, table="Y01A02")
    assert len(str(info.value)) < 500
    assert "140000 characters" in str(info.value)


def test_deeply_nested_json_is_a_clear_error() -> None:
    with pytest.raises(FormatError) as info:
        read_jobindsats(b'{"columns": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")
    assert codes(info) == {"bad_json"}


# ---------------------------------------------------------------------------------
# messages


def test_a_long_value_is_echoed_cut_to_about_100_characters() -> None:
    big = "Å" * 1_000_000
    p = Problem("unknown_area", f"unknown area {big!r}", source="f.csv", row=2,
                column="Area", value=big, suggestions=(big,))
    text = str(p)
    assert len(text) < 400
    assert "(1000000 characters)" in text
    err = ValidationError([p] * 30)
    assert len(str(err)) < 500
    shown = str(err).count("\n  - ")
    assert 1 <= shown < 30 and f"and {30 - shown} more" in str(err)
    assert len(err.problems) == 30  # nothing lost: every problem is on the error


# ---------------------------------------------------------------------------------
# parquet


@pytest.fixture
def good_frame() -> pd.DataFrame:
    return jframe.make_frame(pd.DataFrame({
        "area": ["Gentofte", "Hele landet"], "target_group": "sygedagpenge",
        "period": pd.Period("2018-01", "M"), "measure": "full_time_persons",
        "value": [561.0, 67000.0]}))


def test_read_parquet_validates(good_frame: pd.DataFrame, tmp_path: Path) -> None:
    path = write_parquet(good_frame, tmp_path / "ok.parquet")
    frames_equal(read_parquet(path), good_frame)
    negative = good_frame.assign(value=[-5.0, 67000.0])
    with pytest.raises(ValidationError) as info:
        read_parquet(write_parquet(negative, tmp_path / "neg.parquet"))
    assert codes(info) == {"negative_count"}
    renamed = good_frame.assign(area=pd.Categorical(["Gentofte Kommune", "Hele landet"]))
    with pytest.raises(ValidationError) as info:  # would silently miss from the map
        read_parquet(write_parquet(renamed, tmp_path / "renamed.parquet"))
    assert codes(info) == {"unknown_area"}
    assert "Gentofte" in str(info.value)


@pytest.mark.parametrize("meta", [
    b"{not json", b"[1, 2]", b'{"version": "1"}', b'{"version": 99}',
    b'{"version": 1, "period": "weird"}',
    b'{"version": 1, "categories": {"area": {"values": 5, "dtype": "object"}}}',
    b'{"version": 1, "categories": {"nope": {"values": [], "dtype": "object", '
    b'"ordered": false}}}',
    b'{"version": 1, "categories": {"area": {"values": ["Gentofte"], "dtype": "nonsense", '
    b'"ordered": false}}}',
    b'{"version": 1, "categories": {"area": {"values": ["Aarhus"], "dtype": "object", '
    b'"ordered": false}}}',
    b"\xff\xfe",
])
def test_damaged_parquet_metadata_is_a_format_error(good_frame: pd.DataFrame, tmp_path: Path,
                                                    meta: bytes) -> None:
    path = write_parquet(good_frame, tmp_path / "f.parquet")
    table = pq.read_table(path)
    pq.write_table(table.replace_schema_metadata({**(table.schema.metadata or {}),
                                                  b"jobstats": meta}), path)
    with pytest.raises(FormatError) as info:  # JSONDecodeError/KeyError tracebacks before
        read_parquet(path)
    assert codes(info) == {"bad_parquet"}


def test_report_refuses_a_parquet_file_with_negative_counts(
        good_frame: pd.DataFrame, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_parquet(good_frame.assign(value=[-5.0, 1.0]), tmp_path / "neg.parquet")
    code = main(["report", "--area", "Gentofte", "--year", "2018", "--data", str(path),
                 "--out", str(tmp_path / "out"), "--quiet"])
    assert code == 2
    assert "negative_count" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------------------------
# key figures


def test_national_share_refuses_duplicate_keys_without_check() -> None:
    a = jframe.make_frame(pd.DataFrame({
        "area": ["Gentofte", "Gentofte", "Hele landet"], "target_group": "sygedagpenge",
        "period": pd.Period("2018", "Y"), "measure": "full_time_persons",
        "value": [543.0, 600.0, 65421.0]}))
    with pytest.raises(ValidationError) as info:  # returned 0.83 and 0.92 for one key
        national_share(a)
    assert codes(info) == {"duplicate_key"}
    assert [p.row for p in info.value.problems] == [0, 1]


def test_national_share_of_a_clean_frame_is_unchanged() -> None:
    a = jframe.make_frame(pd.DataFrame({
        "area": ["Gentofte", "Hele landet"], "target_group": "sygedagpenge",
        "period": pd.Period("2018", "Y"), "measure": "full_time_persons",
        "value": [543.0, 65421.0]}))
    got = national_share(a)["value"].tolist()
    assert math.isclose(got[0], 100 * 543 / 65421) and got[1] == 100.0


# ---------------------------------------------------------------------------------
# the command line


def test_exit_code_2_for_bad_input_without_traceback(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]
                                                     ) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(CSV.replace(b";144315;", b";" + b"9" * 400 + b";", 1))
    code = main(["report", "--area", "Gentofte", "--year", "2018", "--data", str(bad),
                 "--out", str(tmp_path / "out"), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2
    assert "huge_number" in err and "Traceback" not in err
    assert all(len(line) < 500 for line in err.splitlines())


def test_exit_code_3_for_an_internal_error(monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    # a subcommand module that crashes like a bug would (a real module, registered the
    # way subcommands are)
    import jobstats.cli as cli

    monkeypatch.setattr(cli, "_SUBCOMMAND_MODULES",
                        (*cli._SUBCOMMAND_MODULES, "tests.crashing_command"))
    code = main(["crash"])
    err = capsys.readouterr().err
    assert code == 3
    assert "internal error: ZeroDivisionError" in err
    assert "this is a bug in jobstats" in err and "JOBSTATS_TRACEBACK" in err
    assert "Traceback" not in err


def test_out_must_not_be_empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as info:
        main(["report", "--area", "Gentofte", "--year", "2018", "--out", ""])
    assert info.value.code == 2
    assert "empty folder name" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_a_reused_out_folder_never_mixes_two_reports(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]
                                                     ) -> None:
    out = tmp_path / "out"
    assert main(["report", "--area", "Gentofte", "--year", "2018", "--out", str(out),
                 "--quiet"]) == 0
    svgs = sorted(p.name for p in (out / "figurer").glob("*.svg"))
    assert svgs
    capsys.readouterr()
    # the demo appendix of Aarhus is consistent: the report exits 0
    assert main(["report", "--area", "Aarhus", "--year", "2018", "--out", str(out),
                 "--quiet", "--figure-formats", "png"]) == 0
    err = capsys.readouterr().err
    assert "held the appendix of Gentofte 2018" in err and "Aarhus 2018" in err
    assert list((out / "figurer").glob("*.svg")) == []  # Gentofte's SVGs are gone
    assert (out / "verifikation.txt").read_text(encoding="utf-8").startswith(
        "Verifikation af nøgletalsbilag: Aarhus 2018")
    assert json.dumps(sorted(p.name for p in (out / "figurer").iterdir())) == json.dumps(
        sorted(s.replace(".svg", ".png") for s in svgs))


def test_trailing_blanks_after_the_last_line_are_not_truncation() -> None:
    want = read_jobindsats(CSV, table="Y01A02")
    for tail in (b"   ", b"  \r\n \r\n"):
        frames_equal(read_jobindsats(CSV + tail, table="Y01A02"), want)


def test_a_quoted_cell_beyond_the_csv_field_limit_is_refused() -> None:
    data = CSV.replace(b"Hele landet;2021M01;M", b'"' + b"X" * 140_000 + b'";2021M01;M', 1)
    with pytest.raises(FormatError) as info:  # csv.Error (a traceback) before
        read_jobindsats(data, table="Y01A02")
    assert codes(info) == {"huge_cell"}
    assert len(str(info.value)) < 500


def test_a_misspelt_measure_column_with_a_damaged_cell_is_not_a_dimension() -> None:
    # the header typo alone is an unknown measure; with one damaged cell the column used
    # to become a dimension of number texts and its measure vanished silently
    data = CSV.replace(b"i pct. af befolkningen", b"i pct. af befolknigen", 1).replace(
        b";4,3;3,3\r\n", b";4,3;3,\t\r\n", 1)
    with pytest.raises(JobstatsError) as info:
        read_jobindsats(data, table="Y01A02")
    assert "unknown_measure" in codes(info)
    assert "befolknigen" in str(info.value)
