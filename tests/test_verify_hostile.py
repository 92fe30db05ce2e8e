"""`jobstats verify` against hostile input: a clear error (exit 2) or a flag, never a traceback
or a silent half check."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobstats.cli import main
from jobstats.errors import ValidationError
from jobstats.verify import (
    Change,
    VerifySpec,
    change_consistent,
    load_spec,
    published,
    read_published_table,
    verify_table,
)

SPEC = '[[change]]\nbefore = "2017"\nafter = "2018"\nchange = "yoy"\n'
GOOD = "g\t2017\t2018\tyoy\nA\t804\t816\t+1,39%\nB\t100\t110\t10,00%\nC\t5\t6\t20,00%\n"


def _run(tmp_path: Path, table: str | bytes, spec: str = SPEC, *, name: str = "t.tsv",
         spec_name: str = "s.toml") -> tuple[int, str, str]:
    t = tmp_path / name
    if isinstance(table, bytes):
        t.write_bytes(table)
    else:
        t.write_text(table, encoding="utf-8", newline="")
    s = tmp_path / spec_name
    s.write_text(spec, encoding="utf-8")
    return main(["verify", str(t), "--spec", str(s)]), str(t), str(s)


def _err(capsys: pytest.CaptureFixture[str]) -> str:
    return capsys.readouterr().err


def test_the_good_table_passes(tmp_path: Path) -> None:
    assert _run(tmp_path, GOOD)[0] == 0


@pytest.mark.parametrize(("spec", "key", "shown"), [
    ('[columns."2017"]\ndecimals = "2"\n' + SPEC, "decimals", "'2'"),
    ('[columns."2017"]\ndecimals = 2.5\n' + SPEC, "decimals", "2.5"),
    ('[columns."2017"]\nunit = "abc"\n' + SPEC, "unit", "'abc'"),
    ('[columns."2017"]\nunit = -10\n' + SPEC, "unit", "-10"),
    ('[[change]]\nbefore = 2017\nafter = "2018"\nchange = "yoy"\n', "before", "2017"),
    ('[[children_sum]]\ncolumns = [2017, 2018]\n', "columns", "[2017, 2018]"),
    ('[[row_sum]]\ntotal = "A"\ncolumns = "2017"\n', "columns", "'2017'"),
    ('decimal = ";"\n' + SPEC, "decimal", "';'"),
    ('label_column = 1\n' + SPEC, "label_column", "1"),
    ('copied_columns = 3\n' + SPEC, "copied_columns", "3"),
    ('rounding = "bankers"\n' + SPEC, "rounding", "'bankers'"),
])
def test_a_spec_of_the_wrong_types_is_a_clear_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], spec: str, key: str,
        shown: str) -> None:
    code, _, s = _run(tmp_path, GOOD, spec)
    err = _err(capsys)
    assert code == 2
    assert "[bad_spec]" in err and key in err and shown in err and s in err
    assert "Traceback" not in err


def test_every_wrong_type_is_reported_at_once(tmp_path: Path) -> None:
    s = tmp_path / "s.toml"
    s.write_text('[columns."2017"]\ndecimals = "2"\n[columns."2018"]\nunit = "abc"\n'
                 '[[change]]\nbefore = 5\nafter = "2018"\nchange = "yoy"\n', encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        load_spec(s)
    assert [p.column for p in info.value.problems] == ["decimals", "unit", "before"]


@pytest.mark.parametrize(("name", "text"), [
    ("deep.toml", "a = " + "[" * 5000 + "]" * 5000),
    ("deep.json", '{"a": ' + "[" * 100_000 + "]" * 100_000 + "}"),
])
def test_a_very_deep_spec_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                     name: str, text: str) -> None:
    code, _, _ = _run(tmp_path, GOOD, text, spec_name=name)
    err = _err(capsys)
    assert code == 2 and "nested too deeply" in err and len(err) < 500


def test_a_5000_digit_number_is_refused_with_a_short_message(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = _run(tmp_path, "g\t2017\t2018\tyoy\nA\t" + "9" * 5000 + "\t816\t1,0%\n")
    err = _err(capsys)
    assert code == 2 and "[number_too_long]" in err and "row 2" in err and "'2017'" in err
    assert len(err) < 500


@pytest.mark.parametrize("text", ["9" * 16, "1" + ".000" * 5, "1e400", "inf", "Infinity"])
def test_huge_and_non_finite_numbers_are_never_a_published_figure(text: str) -> None:
    with pytest.raises(ValidationError):
        published(text)


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), 1e308, 10**20])
def test_huge_and_non_finite_python_numbers_are_refused(value: float) -> None:
    with pytest.raises(ValidationError):
        published(value)


def test_a_cell_over_131072_characters_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = _run(tmp_path, "g\t2017\t2018\tyoy\nA\t" + "1" * 140_000 + "\t816\t1,0%\n")
    err = _err(capsys)
    assert code == 2 and ("[cell_too_long]" in err or "[number_too_long]" in err)
    assert len(err) < 500
    code, _, _ = _run(tmp_path, "g\t2017\t2018\tyoy\n" + "x" * 140_000 + "\t804\t816\t1,0%\n")
    err = _err(capsys)
    assert code == 2 and "[cell_too_long]" in err and len(err) < 500


@pytest.mark.parametrize("ending", ["\r", "\r\n", "\n"])
def test_every_line_ending_reads_the_same_table(tmp_path: Path, ending: str) -> None:
    t = tmp_path / "t.tsv"
    t.write_bytes(GOOD.replace("\n", ending).encode())
    table = read_published_table(t)
    assert [r.label for r in table.rows] == ["A", "B", "C"]
    assert [r.line for r in table.rows] == [2, 3, 4]
    report = verify_table(table, VerifySpec(rules=(Change("2017", "2018", "yoy"),)))
    assert len(report.checks) == 3 and report.ok


def test_an_xlsx_cell_of_1e308_as_percent_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["g", "2017", "2018", "yoy"])
    ws.append(["A", 804, 816, 1e308])
    ws["D2"].number_format = "0.00%"
    path = tmp_path / "t.xlsx"
    wb.save(path)
    s = tmp_path / "s.toml"
    s.write_text(SPEC, encoding="utf-8")
    assert main(["verify", str(path), "--spec", str(s)]) == 2
    err = _err(capsys)
    assert "[number_too_large]" in err and "row 2" in err and "column 4" in err


@pytest.mark.parametrize("table", [
    # a stray quote before a label: the rest of the table would be one quoted label
    'g\t2017\t2018\tyoy\nA\t804\t816\t+1,39%\n"B\t100\t110\t10,00%\nC\t5\t6\t20,00%\n',
    # a stray quote that closes lines later: a label holding line breaks
    'g\t2017\t2018\tyoy\n"A\t804\t816\t+1,39%\nB"\t100\t110\t10,00%\nC\t5\t6\t20,00%\n',
])
def test_a_stray_quote_is_an_error_not_half_a_check(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], table: str) -> None:
    code, path, _ = _run(tmp_path, table)
    err = _err(capsys)
    assert code == 2 and "[unbalanced_quote]" in err and path in err


def test_a_truncated_row_says_the_table_is_damaged(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # the file was cut inside the last row: 2 of its 4 cells are left
    code, _, _ = _run(tmp_path, GOOD[: GOOD.rindex("\t6\t")])
    err = _err(capsys)
    assert code == 2 and "[short_row]" in err and "row 4" in err and "cut" in err


def test_a_missing_last_line_ending_is_flagged(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    # cut inside the last number, "20,00%" -> "20": the row still has all its cells
    # (and 5 -> 6 can give 20), so only the missing line ending shows the damage
    cut = GOOD[: GOOD.rindex("20,00%") + 2]
    code, _, _ = _run(tmp_path, cut)
    out = capsys.readouterr().out
    assert "warning" in out and "no line ending" in out and "line 4" in out
    assert code == 0
    # a file that simply ends without a line ending after one row is not flagged
    code, _, _ = _run(tmp_path, "g\t2017\t2018\tyoy\nA\t804\t816\t+1,39%")
    assert "no line ending" not in capsys.readouterr().out


def test_zero_to_zero_is_never_consistent() -> None:
    v = change_consistent("0", "0", "0,00%")
    assert v.status.value == "not checkable" and "0" in v.reason
    assert change_consistent("0", "0", "+5,00%").status.value == "not checkable"


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_any_text_is_a_number_or_a_validation_error(text: str) -> None:
    message = ""
    try:
        n = published(text)
    except ValidationError as exc:
        message = str(exc)
    else:
        assert n.exact is None or abs(n.exact) < 10**15
    assert len(message) < 500


@pytest.mark.parametrize(("content", "code"), [
    (None, "no_such_file"),
    (b"# \xff\xfe not UTF-8\n" + SPEC.encode(), "bad_encoding"),
    (SPEC.encode() + b"#" * 1_000_001, "too_large"),
])
def test_spec_and_goals_files_share_one_reader(tmp_path: Path, content: bytes | None,
                                               code: str) -> None:
    """A spec and a goals file that cannot be read give the same reason, naming the file."""
    from jobstats.errors import FormatError
    from jobstats.paper.goals import read_goals

    for reader, name in ((load_spec, "s.toml"), (read_goals, "goals.toml")):
        path = tmp_path / name
        if content is not None:
            path.write_bytes(content)
        if code == "too_large" and reader is read_goals:
            continue  # only a spec has a size limit
        with pytest.raises(FormatError) as info:
            reader(path)
        assert code in info.value.codes
        assert name in str(info.value)
