"""Work shared across the areas of a batch must not change any area's report."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import jobstats
from jobstats import batch_cache
from jobstats.batch_cache import measure_rows, shared, sharing
from jobstats.report import ReportOptions, build_report, report_all, write_report

AREAS = ["Lolland", "Gentofte"]


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return jobstats.demo()


def test_batch_with_shared_work_writes_what_single_reports_write(
        frame: pd.DataFrame, tmp_path: Path) -> None:
    options = ReportOptions(area=AREAS[0], year=2018, figure_formats=("png", "svg"))
    summary = report_all(jobstats.demo, AREAS, options, tmp_path / "batch", jobs=1,
                         progress=False)
    assert summary.count("written") == len(AREAS), summary.format()
    assert not batch_cache._STORE  # nothing kept after the batch
    for area in AREAS:
        alone = build_report(frame, ReportOptions(area=area, year=2018,
                                                  figure_formats=("png", "svg")))
        write_report(alone, tmp_path / "alone" / area)
        for name in ("bilag.html", "verifikation.txt", "verifikation.csv",
                     "figurer/kort_kontanthjaelp.svg", "figurer/figur2_udvikling.svg"):
            batch = (tmp_path / "batch" / area / name).read_text(encoding="utf-8")
            assert batch == (tmp_path / "alone" / area / name).read_text(encoding="utf-8"), \
                (area, name)
        # the batch keeps its figure renderers from kommune to kommune: same PNG bytes
        for name in ("figurer/kort_kontanthjaelp.png", "figurer/figur1_maalgrupper.png"):
            assert (tmp_path / "batch" / area / name).read_bytes() == \
                (tmp_path / "alone" / area / name).read_bytes(), (area, name)


def test_shared_results_are_reused_only_inside_sharing(frame: pd.DataFrame) -> None:
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert shared(frame, "k", compute) == 1
    assert shared(frame, "k", compute) == 2  # outside: always computed
    with sharing(frame):
        assert shared(frame, "k", compute) == 3
        assert shared(frame, "k", compute) == 3
        assert shared(frame.copy(), "k", compute) == 4  # another frame is not this one
        rows = measure_rows(frame, "population_16_66")
        assert measure_rows(frame, "population_16_66") is rows
    assert shared(frame, "k", compute) == 5
    assert set(rows["measure"].astype(str)) == {"population_16_66"}
    assert len(rows) == int((frame["measure"] == "population_16_66").sum())
    assert rows.attrs == frame.attrs


def test_one_report_shares_its_selections_only_while_it_is_built(frame: pd.DataFrame) -> None:
    report = build_report(frame, ReportOptions(area="Gentofte", year=2018, figures=False))
    assert not batch_cache._STORE  # nothing kept after the report
    # the same tables as bilag() computed without any sharing
    plain = jobstats.bilag(frame, area="Gentofte", year=2018, compare="Østdanmark")
    assert [t.name for t in report.bilag] == [t.name for t in plain]
    for built, alone in zip(report.bilag, plain, strict=True):
        assert built.to_html() == alone.to_html(), built.name
