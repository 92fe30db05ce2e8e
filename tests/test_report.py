"""The main job: ``jobstats report`` on the demo data, its verification and bad input."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from jobstats.cli import main
from jobstats.demodata import demo
from jobstats.load import write_parquet
from jobstats.report import (
    ReportOptions,
    build_report,
    report_all,
    verify_appendix,
    write_report,
)
from jobstats.tables import Bilag, Table


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return demo()


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report")
    assert main(["report", "--area", "Gentofte", "--year", "2018", "--out", str(out),
                 "--quiet"]) == 0
    return out


def test_report_writes_every_output(report_dir: Path) -> None:
    for name in ("bilag.xlsx", "bilag.html", "bilag.pdf", "verifikation.txt",
                 "verifikation.csv"):
        assert (report_dir / name).stat().st_size > 0, name
    pngs = sorted((report_dir / "figurer").glob("*.png"))
    svgs = sorted((report_dir / "figurer").glob("*.svg"))
    assert len(pngs) == len(svgs) >= 8
    assert not list(report_dir.glob(".jobstats-*")), "staging folder left behind"


def test_report_shows_the_published_gentofte_figures(report_dir: Path) -> None:
    # DOMAIN.md: Førtidspension 2016 1.126 and 0,53%; I alt 2018 3.999 and 0,65%
    html = (report_dir / "bilag.html").read_text(encoding="utf-8")
    for text in ("1.126", "0,53%", "3.999", "0,65%", "Syntetiske demodata"):
        assert text in html
    wb = load_workbook(report_dir / "bilag.xlsx")
    values = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert 1126 in [round(v) for v in values if isinstance(v, float | int)]


def test_verification_of_the_demo_appendix_is_clean(report_dir: Path) -> None:
    text = (report_dir / "verifikation.txt").read_text(encoding="utf-8")
    assert " 0 stemmer ikke" in text  # a Danish report: verifikation.txt in Danish
    checks = pd.read_csv(report_dir / "verifikation.csv")
    # the tables' own relations, and every number of the generated text ("text")
    assert set(checks["relation"]) == {"change", "share", "children", "total", "text"}
    # the blinded 2018 integrationsydelse sub-groups are not checkable, never passed
    blinded = checks[checks["row"].str.contains("integrationsprogram", regex=False)
                     & checks["column"].str.startswith("2018")
                     & (checks["table"] == "maalgruppeoversigt")]
    assert not blinded.empty
    assert set(blinded["status"]) == {"not checkable"}


def _with_cell(table: Table, row_label: str, column: str, value: float) -> Table:
    i = next(i for i, r in enumerate(table.rows) if r.label.endswith(row_label))
    j = next(j for j, c in enumerate(table.columns) if f"{c.group} {c.label}" == column)
    values = [list(v) for v in table.values]
    values[i][j] = value
    return dataclasses.replace(table, values=tuple(tuple(v) for v in values))


def test_verification_finds_a_planted_wrong_percentage(frame: pd.DataFrame) -> None:
    report = build_report(frame, ReportOptions("Gentofte", 2018, figures=False))
    first = report.bilag["maalgruppeoversigt"]
    # Sygedagpenge 562 -> 543 is -3,38% (within rounding -3,47%..-3,29%); print -4,38%
    wrong = _with_cell(first, "Sygedagpenge", "2018 Udvikling i procent", -4.38)
    # and a national share off by 0,10 points: 0,83% -> 0,93%
    wrong = _with_cell(wrong, "Sygedagpenge", "2018 Landsandel", 0.93)
    tables = tuple(wrong if t.name == first.name else t for t in report.bilag)
    planted = dataclasses.replace(report.bilag, tables=tables)
    assert isinstance(planted, Bilag)
    summary = verify_appendix(planted, frame, area="Gentofte")
    bad = [(c.row, c.column, c.relation) for c in summary.checks if c.verdict.inconsistent]
    assert ("Sygedagpenge", "2018 Udvikling i procent", "change") in bad
    assert ("Sygedagpenge", "2018 Landsandel", "share") in bad
    assert not summary.ok


def test_a_failure_leaves_no_half_written_report(frame: pd.DataFrame, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    report = build_report(frame, ReportOptions("Gentofte", 2018, figures=False))

    def broken(*args: object) -> None:
        raise RuntimeError("disk full")

    import jobstats.paper.pdf

    monkeypatch.setattr(jobstats.paper.pdf, "write_paper_pdf", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        write_report(report, tmp_path / "out")
    assert list((tmp_path / "out").iterdir()) == []


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--area", "Hilleroed", "--year", "2018"], "did you mean 'Hillerød'?"),
        (["--area", "Gentofte", "--year", "2030"], "choose a year from 2015 to 2025"),
        (["--area", "Gentofte", "--year", "2018", "--compare", "Østdanmak"], "Østdanmark"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(argv: list[str], message: str, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["report", *argv, "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert message in err[0]
    assert not out.exists()


def test_data_without_appendix_series(tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    # population only: a valid frame, but no series any appendix table needs
    population = demo()
    population = population[population["measure"] == "population_16_66"]
    path = tmp_path / "population.parquet"
    write_parquet(population, path)
    assert main(["report", "--area", "Gentofte", "--year", "2018", "--data", str(path),
                 "--out", str(tmp_path / "out")]) == 2
    assert "[nothing_to_report]" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_english_report_verifies_english_number_text(frame: pd.DataFrame) -> None:
    report = build_report(frame, ReportOptions("Gentofte", 2018, language="en", figures=False))
    table = report.bilag["maalgruppeoversigt"]
    row = next(i for i, r in enumerate(table.rows) if r.key == "foertidspension")
    assert table.text(row, 0) == "1,126"  # DOMAIN.md: 1.126 in Danish
    counts = report.verification.counts()
    assert counts["inconsistent"] == 0
    assert counts["consistent"] > 200


def test_wrong_kind_of_data_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "download.csv"
    page.write_text("<!DOCTYPE html><html><body>Login required</body></html>", encoding="utf-8")
    assert main(["report", "--area", "Gentofte", "--year", "2018", "--data", str(page),
                 "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "download.csv" in err
    assert not (tmp_path / "out").exists()


def test_unwritable_output_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    assert main(["report", "--area", "Gentofte", "--year", "2018", "--no-figures",
                 "--out", str(blocker / "out")]) == 2
    err = capsys.readouterr().err
    assert "cannot write to the output folder" in err
    assert "--out" in err


def test_options_are_immutable_and_default_to_ostdanmark() -> None:
    opts = ReportOptions("Gentofte", 2018)
    assert opts.compare == "Østdanmark"
    with pytest.raises(dataclasses.FrozenInstanceError):
        opts.year = 2019  # type: ignore[misc]


def test_batch_writes_each_area_and_records_failures(tmp_path: Path) -> None:
    summary = report_all(demo, ["Gentofte", "Hilleroed", "Læsø"],
                         ReportOptions("", 2018, figures=False), tmp_path, jobs=2,
                         progress=False)
    status = {r.area: r.status for r in summary.results}
    assert status == {"Gentofte": "written", "Hilleroed": "failed", "Læsø": "written"}
    assert "Hillerød" in next(r.reason for r in summary.results if r.area == "Hilleroed")
    assert (tmp_path / "Læsø" / "bilag.xlsx").is_file()
    assert not (tmp_path / "Hilleroed").exists() or not any((tmp_path / "Hilleroed").iterdir())
    again = report_all(demo, ["Gentofte"], ReportOptions("", 2018, figures=False), tmp_path,
                       jobs=1, progress=False, skip_existing=True)
    assert [r.status for r in again.results] == ["skipped"]
    assert "2 written, 0 skipped, 1 failed" in summary.format()
