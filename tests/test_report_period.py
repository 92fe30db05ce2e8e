"""``report --period``: year to date through a quarter or month, and the latest month."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import jobstats
from jobstats.cli import main
from jobstats.errors import ValidationError
from jobstats.report.build import ReportOptions, build_report, report_period


@pytest.fixture(scope="module")
def demo() -> pd.DataFrame:
    return jobstats.demo()


def _mean(demo: pd.DataFrame, area: str, group: str, year: int, months: range) -> float:
    rows = demo[(demo["area"] == area) & (demo["target_group"] == group)
                & (demo["measure"] == "full_time_persons")]
    p = rows["period"]
    keep = (p.dt.year == year) & p.dt.month.isin(list(months))
    return float(rows.loc[keep, "value"].mean())


def test_first_half_year_against_the_same_months_a_year_earlier(demo: pd.DataFrame) -> None:
    r = build_report(demo, ReportOptions(area="Gentofte", year=0, period="2023Q2",
                                         figures=False))
    t = next(t for t in r.bilag.tables if t.name == "maalgruppeoversigt")
    i = [row.key for row in t.rows].index("i_alt")
    first_half = range(1, 7)
    this = _mean(demo, "Gentofte", "i_alt", 2023, first_half)
    before = _mean(demo, "Gentofte", "i_alt", 2022, first_half)
    assert [c.group for c in t.columns][-3:] == ["2023"] * 3
    assert t.values[i][6] == pytest.approx(this, rel=1e-12)
    assert t.values[i][8] == pytest.approx((this / before - 1) * 100, rel=1e-9)
    # not the whole year
    assert t.values[i][6] != pytest.approx(_mean(demo, "Gentofte", "i_alt", 2023, range(1, 13)))
    assert r.verification.counts()["inconsistent"] == 0
    assert len(r.omitted) == 0


def test_every_title_names_the_partial_period(demo: pd.DataFrame) -> None:
    r = build_report(demo, ReportOptions(area="Gentofte", year=0, period="2023Q2",
                                         figures=False))
    assert "første halvår 2023 (år til dato)" in r.bilag.title
    for t in r.bilag.tables:
        assert ("første halvår 2023" in t.title or "januar-juni 2023" in t.title), t.title
    point = next(t for t in r.bilag.tables if t.name == "punkt_kontanthjaelp")
    assert "juni 2023 mod juni 2022" in point.title  # the period's last month, not December


def test_latest_month_view(demo: pd.DataFrame) -> None:
    r = build_report(demo, ReportOptions(area="Gentofte", year=0, period="latest",
                                         figures=False))
    assert r.options.year == 2025
    t = next(t for t in r.bilag.tables if t.name == "maalgruppeoversigt")
    i = [row.key for row in t.rows].index("sygedagpenge")
    dec = _mean(demo, "Gentofte", "sygedagpenge", 2025, range(12, 13))
    assert t.values[i][6] == pytest.approx(dec, rel=1e-12)
    assert all("december 2025 (seneste måned)" in t.title for t in r.bilag.tables)


@pytest.mark.parametrize(("code", "label"), [
    ("2023Q1", "januar-marts 2023 (år til dato)"),
    ("2023Q3", "januar-september 2023 (år til dato)"),
    ("2023M05", "januar-maj 2023 (år til dato)"),
    ("2023M01", "januar 2023 (år til dato)"),
])
def test_period_labels(code: str, label: str) -> None:
    assert report_period(code, pd.DataFrame({"period": []})).label() == label


@pytest.mark.parametrize("code", ["2023", "2023QMAT02", "23Q2", "2023Q5"])
def test_bad_periods_are_refused(code: str) -> None:
    with pytest.raises(ValidationError) as info:
        report_period(code, pd.DataFrame({"period": []}))
    assert info.value.codes == {"bad_period"}


def test_period_from_the_command_line(tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["report", "--area", "Gentofte", "--period", "2023Q2", "--out",
                 str(tmp_path), "--no-figures"])
    out = capsys.readouterr().out
    assert code == 0
    assert "Wrote the appendix of Gentofte første halvår 2023 (år til dato)" in out
    assert main(["report", "--area", "Gentofte", "--out", str(tmp_path / "x")]) == 2
    assert "--year" in capsys.readouterr().err


def test_figures_name_the_period_in_caption_and_picture(demo: pd.DataFrame) -> None:
    r = build_report(demo, ReportOptions(area="Gentofte", year=0, period="2023Q2",
                                         docx=False))
    assert r.figures
    for spec in r.figures:
        assert spec.title.endswith("første halvår 2023 (år til dato)")
        texts = [t.get_text() for t in spec.figure.texts]
        assert "første halvår 2023 (år til dato)" in texts, spec.name
