"""The reason given for an omitted figure says what it needs and what the user can do."""

from __future__ import annotations

import pandas as pd
import pytest

import jobstats
from jobstats.report.build import ReportOptions, build_report
from jobstats.report.cli import load_data
from tests.conftest import real_file

Y60A02 = "jobindsats_y60a02_kontanthjaelp_dec2025_vs_dec2024.tsv"


def _reason(frame: pd.DataFrame, area: str, year: int, figure: str) -> str:
    report = build_report(frame, ReportOptions(area, year, figure_selection=(figure,),
                                               docx=False, figure_formats=("png",)))
    [omission] = [o for o in report.omitted if o.name == figure]
    return omission.reason


@pytest.mark.realdata
def test_figure_1_of_data_from_2024_names_the_years_and_what_to_do() -> None:
    # Y60A02 holds December 2024 and December 2025: Figure 1 of 2025 shows 2023-2025
    frame = load_data([str(real_file(Y60A02))])
    reason = _reason(frame, "Gentofte", 2025, "figur1_maalgrupper")
    assert "no year 2023" not in reason
    assert "2023-2025 (the report's year and the two before)" in reason
    assert "the data of Gentofte have 2024-2025 only" in reason
    # no year has its two years before in the data: only adding 2023 helps
    assert reason.endswith("add 2023 (`jobstats fetch`)")
    assert "…" not in reason  # the whole reason fits the one-line message


def test_a_year_too_early_for_the_data_names_a_year_that_works() -> None:
    # the demo data run 2015-2025: a report of 2016 lacks 2014; 2017 is the nearest
    # year whose two years before are in the data
    demo = jobstats.demo()
    reason = _reason(demo, "Gentofte", 2016, "figur1_maalgrupper")
    assert "2014-2016" in reason
    assert "the data of Gentofte have 2015-2025 only" in reason
    assert reason.endswith("add 2014 (`jobstats fetch`) or use --year 2017")
