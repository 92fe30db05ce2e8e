"""Bad input to the loaders: each case raises a typed error naming file, line, column, value.

Line numbers are those of the source file (the header is line 1), counted by
hand from the texts below.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jobstats.errors import (
    FormatError,
    JobstatsError,
    Problem,
    UnknownNameError,
    ValidationError,
)
from jobstats.load.jobindsats import read_jobindsats
from jobstats.load.statbank import read_statbank

HEADER = ("Area;Periode;Antal fuldtidspersoner;"
          "Fuldtidspersoner i pct. af arbejdsstyrken 16-66 år")
PCT = "Fuldtidspersoner i pct. af arbejdsstyrken 16-66 år"
FTP = "Antal fuldtidspersoner"


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return path


def only(exc: JobstatsError, code: str) -> list[Problem]:
    assert isinstance(exc, ValidationError)
    found = [p for p in exc.problems if p.code == code]
    assert found, f"no {code!r} in {exc.codes}"
    return found


def test_wrong_separator_in_the_header(tmp_path: Path) -> None:
    path = write(tmp_path, "y01a02.csv",
                 "Area,Periode,Antal fuldtidspersoner\r\nGentofte,2021M01,410\r\n")
    with pytest.raises(FormatError) as info:
        read_jobindsats(path)
    (p,) = only(info.value, "wrong_separator")
    assert (p.source, p.row) == (str(path), 1)
    assert p.value == "Area,Periode,Antal fuldtidspersoner"
    assert "','" in p.message and "';'" in p.message
    assert str(path) in str(info.value)


def test_wrong_separator_in_one_line(tmp_path: Path) -> None:
    text = f"{HEADER}\r\nGentofte;2021M01;410;1,2\r\nHillerød,2021M01,530,1,4\r\n"
    path = write(tmp_path, "y01a02.csv", text)
    with pytest.raises(FormatError) as info:
        read_jobindsats(path)
    (p,) = only(info.value, "field_count")
    assert p.row == 3
    assert p.value == "Hillerød,2021M01,530,1,4"
    assert "','" in p.message


def test_decimal_point_where_a_comma_is_expected(tmp_path: Path) -> None:
    text = f"{HEADER}\r\nGentofte;2021M01;410;1,2\r\nHillerød;2021M01;530;1.4\r\n"
    path = write(tmp_path, "y01a02.csv", text)
    with pytest.raises(FormatError) as info:
        read_jobindsats(path)
    (p,) = only(info.value, "decimal_point")
    assert (p.source, p.row, p.column, p.value) == (str(path), 3, PCT, "1.4")


def test_decimal_comma_where_a_point_is_expected(tmp_path: Path) -> None:
    text = ("Område\ttotal 2026M07\ttotalRate 2026M07\n"
            "Ærø\t36\t1.6\n"
            "Aalborg\t4876\t4,2\n")
    path = write(tmp_path, "y25i01.tsv", text)
    with pytest.raises(FormatError) as info:
        read_jobindsats(path)
    (p,) = only(info.value, "decimal_comma")
    assert (p.row, p.column, p.value) == (3, "totalRate 2026M07", "4,2")


def test_unknown_area_suggests_the_danish_spelling(tmp_path: Path) -> None:
    text = f"{HEADER}\r\nGentofte;2021M01;410;1,2\r\nHilleroed;2021M01;530;1,4\r\n"
    path = write(tmp_path, "y01a02.csv", text)
    with pytest.raises(UnknownNameError) as info:
        read_jobindsats(path)
    (p,) = only(info.value, "unknown_area")
    assert (p.source, p.row, p.column, p.value) == (str(path), 3, "Area", "Hilleroed")
    assert p.suggestions == ("Hillerød",)
    assert "did you mean 'Hillerød'" in str(info.value)


def test_unknown_target_group(tmp_path: Path) -> None:
    text = ("Area;Periode;Ydelsesgrupper;Forventet og faktisk antal fuldtidspersoner på "
            "offentlig forsørgelse: Faktisk antal\n"
            "Gentofte;2022QMAT04;Kontanthjælp mv.;470\n"
            "Gentofte;2022QMAT04;Kontanthjaelp mw.;470\n")
    path = write(tmp_path, "y30r21.csv", text)
    with pytest.raises(UnknownNameError) as info:
        read_jobindsats(path)
    (p,) = only(info.value, "unknown_target_group")
    assert (p.row, p.column, p.value) == (3, "Ydelsesgrupper", "Kontanthjaelp mw.")
    assert "Kontanthjælp mv." in p.suggestions


def test_target_group_missing_without_table(tmp_path: Path) -> None:
    path = write(tmp_path, "export.csv", "Area;Periode;Antal fuldtidspersoner\nAarhus;2021M01;1\n")
    with pytest.raises(FormatError) as info:
        read_jobindsats(path)
    (p,) = only(info.value, "no_target_group")
    assert "table=" in p.message


def test_duplicate_keys_name_both_lines(tmp_path: Path) -> None:
    text = (f"{HEADER}\r\nGentofte;2021M01;410;1,2\r\nHillerød;2021M01;530;1,4\r\n"
            "Gentofte;2021M01;411;1,2\r\n")
    path = write(tmp_path, "y01a02.csv", text)
    with pytest.raises(ValidationError) as info:
        read_jobindsats(path)
    dups = only(info.value, "duplicate_key")
    assert {(p.row, p.column) for p in dups} == {(2, FTP), (4, FTP), (2, PCT), (4, PCT)}
    assert all(p.source == str(path) for p in dups)


def test_negative_count(tmp_path: Path) -> None:
    text = f"{HEADER}\r\nGentofte;2021M01;410;1,2\r\nHillerød;2021M01;-530;1,4\r\n"
    path = write(tmp_path, "y01a02.csv", text)
    with pytest.raises(ValidationError) as info:
        read_jobindsats(path)
    (p,) = only(info.value, "negative_count")
    assert (p.source, p.row, p.column, p.value) == (str(path), 3, FTP, -530.0)


def test_mixed_frequencies_in_one_series(tmp_path: Path) -> None:
    text = ("Area;Periode;Antal fuldtidspersoner\n"
            "Gentofte;2021M01;410\n"
            "Gentofte;2021M02;412\n"
            "Gentofte;2021Q1;411\n"
            "Hillerød;2021Q1;530\n")
    path = write(tmp_path, "y01a02.csv", text)
    with pytest.raises(ValidationError) as info:
        read_jobindsats(path)
    problems = only(info.value, "mixed_frequency")
    assert len(problems) == 1  # Hillerød is quarterly throughout: fine
    (p,) = problems
    assert (p.source, p.row, p.column, p.value) == (str(path), 4, "Periode", "2021Q1")
    assert "Gentofte" in p.message


def test_html_error_page_saved_as_csv(tmp_path: Path) -> None:
    page = ("\r\n<!DOCTYPE html>\r\n<html><head><title>401 - Unauthorized</title></head>"
            "<body><h1>Access denied</h1></body></html>\r\n")
    path = write(tmp_path, "y01a02.csv", page)
    with pytest.raises(FormatError) as info:
        read_jobindsats(path)
    (p,) = only(info.value, "html_page")
    assert (p.source, p.row, p.value) == (str(path), 2, "<!DOCTYPE html>")
    assert "401 - Unauthorized" in p.message and "download" in p.message


def test_html_page_is_rejected_by_statbank_too(tmp_path: Path) -> None:
    path = write(tmp_path, "auk01.csv", "<html><body>Server Error</body></html>")
    with pytest.raises(FormatError) as info:
        read_statbank(path)
    assert info.value.codes == {"html_page"}


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b" \r\n\r\n"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = write(tmp_path, "y01a02.csv", content)
    with pytest.raises(FormatError) as info:
        read_jobindsats(path)
    (p,) = only(info.value, "empty_file")
    assert p.source == str(path)


def test_header_without_rows(tmp_path: Path) -> None:
    path = write(tmp_path, "y01a02.csv", HEADER + "\r\n")
    with pytest.raises(FormatError) as info:
        read_jobindsats(path)
    (p,) = only(info.value, "no_rows")
    assert p.row == 2


def test_truncated_json(tmp_path: Path) -> None:
    doc = [{"Variables": [{"Name": "area", "Label": "Area"},
                          {"Name": "period", "Label": "Periode"},
                          {"Name": "f", "Label": "Antal fuldtidspersoner"}],
            "Data": [["Gentofte", "2021M01", 410], ["Hillerød", "2021M01", 530]]}]
    text = json.dumps(doc, indent=1, ensure_ascii=False)
    cut = text[: text.index("Hillerød") + 5]
    path = write(tmp_path, "y01a02.json", cut)
    with pytest.raises(FormatError) as info:
        read_jobindsats(path, table="Y01A02")
    (p,) = only(info.value, "bad_json")
    assert p.row == cut.count("\n") + 1  # the last (cut) line
    assert "ends too early" in p.message
    assert p.value is not None and "Hill" in str(p.value)


def test_truncated_json_lines(tmp_path: Path) -> None:
    good = json.dumps({"Area": "Gentofte", "Periode": "2022QMAT04",
                       "Ydelsesgrupper": "Sygedagpenge mv.",
                       "Placering på benchmarkranglisten": 7}, ensure_ascii=False)
    path = write(tmp_path, "y30r21.jsonl", good + "\n" + good.replace("Gentofte", "Aarhus")
                 + "\n" + good[:40] + "\n")
    with pytest.raises(FormatError) as info:
        read_jobindsats(path)
    (p,) = only(info.value, "bad_json")
    assert p.row == 3


def test_bad_period_code(tmp_path: Path) -> None:
    text = f"{HEADER}\r\nGentofte;2021M13;410;1,2\r\n"
    path = write(tmp_path, "y01a02.csv", text)
    with pytest.raises(FormatError) as info:
        read_jobindsats(path)
    (p,) = only(info.value, "bad_period")
    assert (p.row, p.column, p.value) == (2, "Periode", "2021M13")


def test_numbers_under_an_unknown_header(tmp_path: Path) -> None:
    path = write(tmp_path, "y01a02.csv",
                 "Area;Periode;Antal fuldtidspersonner\nGentofte;2021M01;410\n")
    with pytest.raises(UnknownNameError) as info:
        read_jobindsats(path, table="Y01A02")
    (p,) = only(info.value, "unknown_measure")
    assert (p.row, p.column) == (1, "Antal fuldtidspersonner")
    assert "Antal fuldtidspersoner" in p.suggestions


def test_every_cell_problem_is_collected(tmp_path: Path) -> None:
    text = (f"{HEADER}\r\nGentofte;2021M01;abc;1,2\r\nHilleroed;2021M01;530;1.4\r\n"
            "Aarhuus;2021M01;10;1,0\r\n")
    path = write(tmp_path, "y01a02.csv", text)
    with pytest.raises(FormatError) as info:
        read_jobindsats(path)
    rows = {(p.code, p.row) for p in info.value.problems}
    assert rows == {("bad_number", 2), ("unknown_area", 3), ("decimal_point", 3),
                    ("unknown_area", 4)}


def test_not_utf8_nor_cp1252(tmp_path: Path) -> None:
    path = write(tmp_path, "y01a02.csv", b"Area;Periode\r\nG\x81entofte;2021M01\r\n")
    with pytest.raises(FormatError) as info:
        read_jobindsats(path)
    (p,) = only(info.value, "bad_encoding")
    assert p.row == 2


def test_statbank_decimal_point_in_a_danish_file(tmp_path: Path) -> None:
    text = ("OMRÅDE;YDELSESTYPE;KØN;ALDER;TID;INDHOLD\r\n"
            "Hele landet;Net unemployed recipients of social assistance;I alt;Alder i alt;"
            "2024K1;19206\r\n"
            "København;Net unemployed recipients of social assistance;I alt;Alder i alt;"
            "2024K1;2850.5\r\n")
    path = write(tmp_path, "auk01.csv", text)
    with pytest.raises(FormatError) as info:
        read_statbank(path)
    (p,) = only(info.value, "decimal_point")
    assert (p.row, p.column, p.value) == (3, "INDHOLD", "2850.5")


def test_statbank_unknown_area(tmp_path: Path) -> None:
    text = ("OMRÅDE;KØN;ALDER;TID;INDHOLD\r\n"
            "All Denmark;Total;Age, total;2021M10;5867412\r\n"
            "Copenhagn;Total;Age, total;2021M10;644431\r\n")
    path = write(tmp_path, "folk1am.csv", text)
    with pytest.raises(UnknownNameError) as info:
        read_statbank(path)
    (p,) = only(info.value, "unknown_area")
    assert (p.row, p.column, p.value) == (3, "OMRÅDE", "Copenhagn")
    assert "Copenhagen" in str(info.value) or p.suggestions


def test_line_numbers_count_comment_and_blank_lines(tmp_path: Path) -> None:
    text = (f"# source: a provenance line\r\n\r\n{HEADER}\r\nGentofte;2021M01;410;1,2\r\n"
            "Hilleroed;2021M01;530;1,4\r\n\r\n")
    path = write(tmp_path, "y01a02.csv", text)
    with pytest.raises(UnknownNameError) as info:
        read_jobindsats(path)
    (p,) = only(info.value, "unknown_area")
    assert p.row == 5  # comment 1, blank 2, header 3, Gentofte 4, Hilleroed 5


def test_a_blank_line_between_data_lines_is_refused_with_its_line(tmp_path: Path) -> None:
    # "…;4100\r\n" with its last digit flipped into a line break reads as "…;410" and an
    # empty line: a complete-looking row with a wrong value, so blank lines inside the
    # data are refused (blank lines before the header and at the end are fine)
    text = (f"# source: a provenance line\r\n{HEADER}\r\nGentofte;2021M01;410;1,2\r\n\r\n"
            "Hillerød;2021M01;530;1,4\r\n")
    path = write(tmp_path, "y01a02.csv", text)
    with pytest.raises(FormatError) as info:
        read_jobindsats(path)
    (p,) = only(info.value, "blank_line")
    assert p.row == 4  # comment 1, header 2, Gentofte 3, blank 4


def test_a_dst_file_given_to_read_jobindsats_says_which_reader(tmp_path: Path) -> None:
    path = write(tmp_path, "data.csv", "OMRÅDE;KØN;ALDER;TID;INDHOLD\r\n"
                 "All Denmark;Total;Age, total;2021M10;5867412\r\n")
    with pytest.raises(FormatError) as info:
        read_jobindsats(path)
    (p,) = only(info.value, "statbank_csv")
    assert "read_statbank" in p.message and p.row == 1
