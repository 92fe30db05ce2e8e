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


@pytest.mark.parametrize("areas", [["Læsø"], ["Fanø", "Hele landet", "Læsø"],
                                   ["Læsø", "Læsø", "Gentofte"], ["Østdanmark"],
                                   ["Gentofte", "Østdanmark", "Hele landet"], []])
def test_rows_of_areas_from_shared_positions_are_the_scanned_rows(
        frame: pd.DataFrame, areas: list[str]) -> None:
    """Inside a batch the rows of an area are taken by positions found once: the same
    rows in the same order, index, dtypes and categories as a scan of the whole frame
    (the demo's blinded Gentofte cells stay blinded, a cluster without rows gives none)."""
    from jobstats import frame as _frame
    from jobstats.selection import select, select_rows

    outside_rows = _frame.select_rows(frame, measure="full_time_persons")
    expected = _frame.select_rows(outside_rows, area=areas)
    with sharing(frame):
        rows = measure_rows(frame, "full_time_persons")
        assert batch_cache.positions(rows, "area") is not None  # shared like its parent
        got = select_rows(rows, area=areas)
        again = select_rows(rows, area=areas, target_group="kontanthjaelp")
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    assert got.attrs == expected.attrs
    pd.testing.assert_frame_equal(
        again, _frame.select_rows(outside_rows, area=areas, target_group="kontanthjaelp"),
        check_exact=True)
    if "Gentofte" in areas:
        assert got["blinded"].sum() == 60  # every blinded cell of the demo data
        assert got.loc[got["blinded"], "value"].isna().all()
    assert not batch_cache._STORE  # the derived rows leave with their parent
    present = [a for a in areas if a != "Østdanmark"]
    if present:
        with sharing(frame):
            inside = select(measure_rows(frame, "full_time_persons"),
                            measures=["full_time_persons"], areas=present)
        pd.testing.assert_frame_equal(
            inside, select(outside_rows, measures=["full_time_persons"], areas=present),
            check_exact=True)
