"""verify_table on published tables: the Gentofte Målgruppeoversigt, planted errors, XLSX, CLI."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from jobstats.cli import main
from jobstats.errors import ValidationError
from jobstats.verify import (
    Change,
    ChildrenSum,
    ColumnFormat,
    ColumnSum,
    Consistency,
    CopiedColumn,
    Difference,
    PublishedTable,
    RowSum,
    Share,
    VerifySpec,
    assert_consistent,
    load_spec,
    read_published_table,
    verify_table,
)

FIXTURES = Path(__file__).parent / "fixtures" / "verify"
GENTOFTE = FIXTURES / "gentofte_maalgruppeoversigt_2019.tsv"
AVG = ("2016 avg", "2017 avg", "2018 avg")


def test_reads_the_gentofte_table() -> None:
    t = read_published_table(GENTOFTE)
    assert t.label_column == "målgruppe"
    assert t.columns == ("2016 avg", "2016 share", "2017 avg", "2017 share", "2018 avg",
                         "2018 share")
    assert len(t.rows) == 30  # 29 groups and sub-groups + I alt
    assert t.cell("Førtidspension", "2016 avg").value == 1126.0
    assert t.cell("I alt", "2016 share").value == 0.65
    assert t.cell("- Jobparate (integrationsprogram)", "2018 avg").blinded
    assert t.cell("Midlertidig Arbejdsmarkedsydelse", "2018 share").empty  # "- " optional


def test_gentofte_parents_are_the_sum_of_children() -> None:
    report = verify_table(GENTOFTE, FIXTURES / "gentofte.toml")
    by_cell = {(c.row, c.column): c for c in report.checks}
    # Forsikrede 782 = 746 + 26 + 10 (DOMAIN.md)
    forsikrede = by_cell[("Forsikrede ledige og midlertidige ordninger", "2016 avg")]
    assert forsikrede.verdict.consistent
    assert [p.value for p in forsikrede.verdict.inputs] == [746.0, 26.0, 10.0]
    # 2017: 802 + 0 + 3 = 805 vs printed 804: consistent only thanks to rounding
    assert by_cell[("Forsikrede ledige og midlertidige ordninger", "2017 avg")].verdict
    # I alt 4.194 vs the 11 parents summing to 4.195: within 11 × 0,5
    i_alt = by_cell[("I alt", "2016 avg")]
    assert i_alt.verdict.consistent and len(i_alt.verdict.inputs) == 11
    # Integrationsydelse 2018: its sub-groups are blinded -> not checkable, not a failure
    blinded = by_cell[("Integrationsydelse", "2018 avg")]
    assert blinded.status is Consistency.NOT_CHECKABLE
    # parents with sub-rows: Forsikrede, Kontanthjælp, Integrationsydelse, Revalidering,
    # Fleksjobberettiget, Uddannelseshjælp (6 × 3 years) + I alt (3 years)
    assert len(report.checks) == 6 * 3 + 3
    assert report.ok and report.findings == () and report.copied == ()
    assert_consistent(report)


def test_json_spec_reads_like_toml() -> None:
    toml = load_spec(FIXTURES / "gentofte.toml")
    assert load_spec(FIXTURES / "gentofte.json").rules == toml.rules


def _gentofte_rows() -> tuple[list[str], list[list[str]]]:
    lines = GENTOFTE.read_text(encoding="utf-8").splitlines()
    return lines[0].split("\t"), [ln.split("\t") for ln in lines[1:]]


def test_planted_error_in_a_child_is_found() -> None:
    header, rows = _gentofte_rows()
    # Jobparate (kontanthjælp) 2017: 173 -> 183; the parent 541 can no longer be the sum
    for r in rows:
        if r[0] == "- Jobparate":
            r[3] = "183"
    spec = load_spec(FIXTURES / "gentofte.toml")
    report = verify_table(PublishedTable.from_rows(header, rows, source="planted"), spec)
    assert [(c.row, c.column) for c in report.findings] == [("Kontanthjælp", "2017 avg")]
    # the 11 parents sum to 4.195, so the true I alt is below 4.195 + 11 × 0,5 = 4.200,5:
    # a printed 4.200 is still possible, 4.201 (at least 4.200,5) is not
    rows[-1][1] = "4.200"
    report = verify_table(PublishedTable.from_rows(header, rows, source="planted"), spec)
    assert [(c.row, c.column) for c in report.findings] == [("Kontanthjælp", "2017 avg")]
    rows[-1][1] = "4.201"
    report = verify_table(PublishedTable.from_rows(header, rows, source="planted"), spec)
    assert {(c.row, c.column) for c in report.findings} == {("Kontanthjælp", "2017 avg"),
                                                            ("I alt", "2016 avg")}


def test_planted_copied_column_is_found(tmp_path: Path) -> None:
    header, rows = _gentofte_rows()
    for r in rows:
        r[6] = r[4]  # 2018 share := 2017 share, copied from the neighbouring year
    path = tmp_path / "copied.tsv"
    path.write_text("\n".join("\t".join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    report = verify_table(path, FIXTURES / "gentofte.toml")
    # 30 rows, of which 2 have an empty 2017 share (national value 0)
    assert report.copied == (CopiedColumn("2018 share", "2017 share", 28),)
    assert not report.ok
    with pytest.raises(AssertionError, match="'2018 share' repeats column '2017 share'"):
        assert_consistent(report)


def test_yoy_columns_recomputed_by_hand_are_consistent() -> None:
    report = verify_table(FIXTURES / "gentofte_yoy.tsv", FIXTURES / "gentofte_yoy.toml")
    assert len(report.checks) == 12 and report.ok


def test_yoy_column_copied_from_its_neighbour() -> None:
    # the real error of DOMAIN.md: the 2018 yoy column repeats the 2017 one; and
    # Førtidspension 2017 is printed -3,65% where 1.126 -> 1.086 allows -3,64% ... -3,47%
    report = verify_table(FIXTURES / "gentofte_yoy_errors.tsv", FIXTURES / "gentofte_yoy.toml")
    assert report.copied == (CopiedColumn("2018 yoy", "2017 yoy", 6),)
    found = {(c.row, c.column) for c in report.findings}
    assert ("Førtidspension", "2017 yoy") in found
    assert {r for r, col in found if col == "2018 yoy"} == {
        "Forsikrede ledige og midlertidige ordninger", "Kontanthjælp", "Sygedagpenge",
        "Førtidspension", "Revalidering", "I alt"}
    assert len(found) == 7
    f = next(c for c in report.findings if c.row == "Førtidspension" and c.column == "2017 yoy")
    assert f.line == 5 and str(f.verdict.published) == "-3,65%"
    assert "change 2016 avg → 2017 avg" in report.format()


def test_share_difference_ratio_and_column_sums() -> None:
    # a composition table: counts, whole-% shares of the total, an "activated" column
    header = ["gruppe", "løntilskud", "praktik", "i alt", "andel", "forventet", "forskel"]
    rows = [
        ["Dagpenge", "12,4", "30,1", "42,5", "38%", "40", "2,5"],
        ["Kontanthjælp", "20,0", "48,7", "68,8", "62%", "70", "-1,2"],
        ["I alt", "32,4", "78,8", "111,2", "100%", "110", "1,2"],
    ]
    spec = VerifySpec(rules=(
        ColumnSum("i alt", ("løntilskud", "praktik")),
        Share(part="i alt", share="andel", whole_row="I alt"),
        Difference("i alt", "forventet", "forskel"),
        RowSum("I alt", ("løntilskud", "praktik", "i alt"), parts=("Dagpenge", "Kontanthjælp")),
    ))
    report = verify_table(PublishedTable.from_rows(header, rows), spec)
    # hand check: 42,5/111,2 = 38.2%, 68,8/111,2 = 61.9%; 42,5 - 40 = 2,5 (40 is ±0,5)
    # Kontanthjælp: 68,8 - 70 = -1,2; I alt: 111,2 - 110 = 1,2
    assert report.ok, report.format()
    rows[1][5] = "60"  # 68,8 - 60 = 8,8, not -1,2
    rows[0][4] = "40%"  # 38.2% cannot print as 40%
    report = verify_table(PublishedTable.from_rows(header, rows), spec)
    assert {(c.row, c.column) for c in report.findings} == {("Kontanthjælp", "forskel"),
                                                            ("Dagpenge", "andel")}


def test_spec_errors_name_every_unknown_column_and_row() -> None:
    spec = VerifySpec(rules=(Change("2016 avg", "2017 avgs", "2017 yoy"),
                             RowSum("I alt", ("2016 avg",), parts=("Sygedagpnge",))))
    with pytest.raises(ValidationError) as info:
        verify_table(GENTOFTE, spec)
    assert info.value.codes == {"unknown_column", "unknown_row"}
    text = "\n".join(map(str, info.value.problems))  # the message shows what fits
    assert "'2017 avgs'" in text and "'2017 avg'" in text  # the close match
    assert "'2017 yoy'" in text and "'Sygedagpenge'" in text


def test_bad_cells_are_reported_with_file_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text("gruppe\t2017\t2018\nA\t1.5\t2\nB\t3\tfem\n", encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        read_published_table(path)
    problems = info.value.problems
    assert [(p.row, p.column, p.value) for p in problems] == [(2, "2017", "1.5"),
                                                              (3, "2018", "fem")]
    assert all(p.source == str(path) for p in problems)


def test_unit_columns_and_semicolon_csv_in_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "y30r21.csv"
    text = ("Område;Forventet;Faktisk;Forskel\nKøbenhavn;43070;44010;940\n"
            "Århus;1000;1030;10\n")
    path.write_bytes(text.encode("cp1252"))
    spec = VerifySpec(rules=(Difference("Faktisk", "Forventet", "Forskel"),),
                      columns={c: ColumnFormat(unit=10) for c in ("Forventet", "Faktisk",
                                                                   "Forskel")})
    report = verify_table(path, spec)
    # København: 44010 - 43070 = 940; Århus: 1030 - 1000 = 30, and 10 is more than
    # the 2 × 5 of rounding away -> found
    assert [(c.row, c.column) for c in report.findings] == [("Århus", "Forskel")]


def test_reads_xlsx_as_displayed(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["målgruppe", "2017 avg", "2018 avg", "2018 yoy"])
    ws.append(["Forsikrede", 804, 816, 0.0139])
    ws.append(["Sygedagpenge", 562.4, 543, -0.0338])
    ws.append(["Blinded", ".", ".", "."])
    for row in ws.iter_rows(min_row=2, max_row=3):
        row[1].number_format = "#,##0"
        row[2].number_format = "#,##0"
        row[3].number_format = "0.00%"
    path = tmp_path / "t.xlsx"
    wb.save(path)
    t = read_published_table(path)
    assert str(t.cell("Forsikrede", "2018 yoy")) == "1,39%"
    assert str(t.cell("Sygedagpenge", "2017 avg")) == "562"  # as displayed, not 562,4
    assert t.cell("Blinded", "2018 yoy").blinded
    report = verify_table(t, VerifySpec(rules=(Change("2017 avg", "2018 avg", "2018 yoy"),)))
    assert report.ok and len(report.not_checkable) == 1


def test_dataframe_input() -> None:
    frame = pd.DataFrame({"gruppe": ["A", "- a1", "- a2"], "2018": ["10", "4", "5"]})
    report = verify_table(frame, VerifySpec(rules=(ChildrenSum(("2018",)),)))
    # 4 + 5 = 9, at most 10 (exclusive) from the rounding, 10 needs >= 9,5: consistent
    assert report.ok
    frame.loc[0, "2018"] = "11"
    assert [c.row for c in verify_table(frame, VerifySpec(
        rules=(ChildrenSum(("2018",)),))).findings] == ["A"]


# -- the command line ---------------------------------------------------------------------


def test_cli_exit_0_when_consistent(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["verify", str(GENTOFTE), "--spec", str(FIXTURES / "gentofte.toml")])
    out = capsys.readouterr().out
    assert code == 0
    assert "21 checks, 20 consistent, 0 inconsistent, 1 not checkable" in out


def test_cli_exit_1_and_findings(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["verify", str(FIXTURES / "gentofte_yoy_errors.tsv"), "--spec",
                 str(FIXTURES / "gentofte_yoy.toml")])
    out = capsys.readouterr().out
    assert code == 1
    assert "7 inconsistent" in out and "-3,65%" in out
    assert "'2018 yoy' repeats column '2017 yoy'" in out


def test_cli_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    code = main(["verify", str(FIXTURES / "gentofte_yoy_errors.tsv"), "--spec",
                 str(FIXTURES / "gentofte_yoy.toml"), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 1 and len(data["checks"]) == 7
    assert data["copied_columns"] == [{"column": "2018 yoy", "copy_of": "2017 yoy", "rows": 6}]


def test_cli_exit_2_on_a_bad_spec(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "bad.toml"
    spec.write_text('[[change]]\nbefore = "2016 avg"\nafter = "2017 avg"\nchnage = "x"\n',
                    encoding="utf-8")
    code = main(["verify", str(GENTOFTE), "--spec", str(spec)])
    err = capsys.readouterr().err
    assert code == 2
    assert "unknown key 'chnage'" in err and "'change'" in err


def test_a_summary_counts_one_check_in_the_singular() -> None:
    table = PublishedTable.from_rows(["gruppe", "2017", "2018", "yoy"],
                                     [["A", "804", "816", "+1,49%"]], source="one")
    report = verify_table(table, VerifySpec(rules=(Change("2017", "2018", "yoy"),)))
    assert report.summary() == ("one: 1 check, 1 consistent, 0 inconsistent, "
                                "0 not checkable, 0 copied columns")
    assert str(CopiedColumn("b", "a", 1)) == "column 'b' repeats column 'a' value for value (1 row)"
