"""One bundle of key figures per area and period; every layer of the report reads only it.

The proof of the one-way flow: the bundle is computed from a frame, then that
frame is emptied in place; the appendix, the figures, the checks and the paper
built afterwards from the bundle alone equal those of a report built normally.
Had any layer reached back into the frame, it would have found no columns.
"""

from __future__ import annotations

import dataclasses
import inspect
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import jobstats
from jobstats import taxonomy
from jobstats.frame import AREA, MEASURE, rows_where
from jobstats.keyfigures.bundle import KeyFigures, key_figures
from jobstats.paper.document import Paper
from jobstats.paper.report import paper_of, paper_taxonomy
from jobstats.report import ReportOptions, build_report
from jobstats.report.build import Report, _report_of
from jobstats.report.figures import report_figures
from jobstats.report.verification import _level_table_checks, _rules, verify_appendix
from jobstats.tables import (
    aktivitetsoversigt,
    appendix_of,
    langtidsledighed,
    maalgruppeoversigt,
    point_comparison_table,
    virksomhedsrettet_tilbud,
)

GOLDEN = Path(__file__).parent / "golden" / "tables"
OPTIONS = ReportOptions(area="Gentofte", year=2018, figure_formats=("png",))


def _png(figure: Any) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def _takes_no_frame(function: Callable[..., object]) -> list[str]:
    """The parameters of ``function`` annotated as a (raw) frame."""
    return [name for name, p in inspect.signature(function).parameters.items()
            if "DataFrame" in str(p.annotation) or name == "frame"]


def test_the_layers_after_the_bundle_take_no_frame() -> None:
    for function in (appendix_of, report_figures, paper_of, _report_of, _rules,
                     _level_table_checks):
        assert _takes_no_frame(function) == [], function.__name__
        annotations = [str(p.annotation) for p in inspect.signature(function).parameters.values()]
        assert any("KeyFigures" in a for a in annotations), function.__name__
    # the notebook entry point accepts a frame and turns it into a bundle first
    assert "KeyFigures" in str(inspect.signature(verify_appendix).parameters["figures"].annotation)


@pytest.fixture(scope="module")
def built() -> Report:
    return build_report(jobstats.demo(), OPTIONS)


@pytest.fixture(scope="module")
def from_emptied_frame() -> tuple[KeyFigures, pd.DataFrame]:
    frame = jobstats.demo()
    tx = paper_taxonomy(OPTIONS, taxonomy.default())
    figures = key_figures(frame, area=OPTIONS.area, year=OPTIONS.year,
                          compare=OPTIONS.compare, taxonomy=tx)
    for column in list(frame.columns):  # from now on the frame has nothing to read
        del frame[column]
    assert frame.columns.empty
    return figures, frame


def test_the_report_from_the_bundle_alone_equals_the_report(
        built: Report, from_emptied_frame: tuple[KeyFigures, pd.DataFrame]) -> None:
    figures, _ = from_emptied_frame
    appendix = appendix_of(figures)
    assert appendix.names == built.bilag.names
    assert appendix.omitted == built.bilag.omitted == ()
    for mine, theirs in zip(appendix, built.bilag, strict=True):
        assert mine.to_html() == theirs.to_html(), mine.name
        assert mine.to_frame().equals(theirs.to_frame()), mine.name

    checks = verify_appendix(appendix, figures)
    n = len(checks.checks)
    assert n > 100  # every level, share, change and sum of the two level tables
    assert checks.to_frame().equals(built.verification.to_frame().iloc[:n])
    assert checks.ok

    drawn, omitted = report_figures(figures, bilag=appendix)
    assert [(f.name, f.title) for f in drawn] == [(f.name, f.title) for f in built.figures]
    assert [o.name for o in omitted] == [o.name for o in built.omitted]
    for mine_fig, theirs_fig in zip(drawn, built.figures, strict=True):
        assert _png(mine_fig.figure) == _png(theirs_fig.figure), mine_fig.name

    report = Report(OPTIONS, appendix, tuple(drawn), checks, tuple(omitted))
    paper = paper_of(report, figures, (), area=figures.area)
    assert built.paper is not None
    assert dataclasses.replace(paper, sections=()) == \
        dataclasses.replace(built.paper, sections=())
    assert _sections(paper) == _sections(built.paper)
    assert paper.data_until == "december 2018"


def _sections(paper: Paper) -> list[tuple[object, ...]]:
    """What a section prints: heading, table, sentences (kept and left out), figures."""
    return [(s.heading, s.table.to_html() if s.table else None,
             s.text.paragraph if s.text else None,
             [r.text for r in s.text.rejected] if s.text else None, s.figures, s.overview)
            for s in paper.sections]


def test_the_bundle_path_agrees_with_each_builder_on_the_frame(
        from_emptied_frame: tuple[KeyFigures, pd.DataFrame]) -> None:
    """Each public builder selects and averages the frame itself; the appendix reads
    the bundle: two paths, one result (and the published Gentofte golden file)."""
    figures, _ = from_emptied_frame
    frame = jobstats.demo()
    appendix = appendix_of(figures)
    years = [2016, 2017, 2018]
    own = {
        "maalgruppeoversigt": maalgruppeoversigt(frame, "Gentofte", years),
        "langtidsledighed": langtidsledighed(frame, "Gentofte", years),
        "virksomhedsrettet_tilbud": virksomhedsrettet_tilbud(frame, "Gentofte", years),
        "aktivitetsoversigt": aktivitetsoversigt(frame, "Gentofte", 2018),
        "punkt_kontanthjaelp": point_comparison_table(frame, "Gentofte", "Østdanmark",
                                                      year=2018),
    }
    for name, table in own.items():
        assert appendix[name].to_html() == table.to_html(), name
    golden = (GOLDEN / "gentofte_maalgruppeoversigt_demo.html").read_text(encoding="utf-8")
    assert appendix["maalgruppeoversigt"].to_html(standalone=True) == golden


def test_the_bundle_is_frozen_and_holds_no_reference_to_the_frame(
        from_emptied_frame: tuple[KeyFigures, pd.DataFrame]) -> None:
    figures, frame = from_emptied_frame
    with pytest.raises(dataclasses.FrozenInstanceError):
        figures.year = 2017  # type: ignore[misc]
    with pytest.raises(TypeError):
        figures.annual["full_time_persons"] = frame  # type: ignore[index]
    held = [v for f in dataclasses.fields(figures) if f.name != "taxonomy"
            for v in _frames(getattr(figures, f.name))]
    assert held and all(h is not frame and len(h) for h in held)
    # what the bundle holds: the areas in play, every year of the data
    annual = figures.annual["full_time_persons"]
    assert set(annual[AREA].astype(str)) == {"Gentofte", "Østdanmark", "Hele landet"}
    assert figures.data_until == pd.Period("2018-12", "M")
    assert figures.ranking is not None and figures.ranking.quarter == 4


def _frames(value: object) -> list[pd.DataFrame]:
    if isinstance(value, pd.DataFrame):
        return [value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [v for f in dataclasses.fields(value) for v in _frames(getattr(value, f.name))]
    if hasattr(value, "values") and callable(value.values) and not isinstance(value, pd.Series):
        return [v for item in value.values() for v in _frames(item)]
    return []


def test_a_part_the_data_do_not_allow_omits_its_table_with_the_builders_problem() -> None:
    frame = jobstats.demo()
    national_ltu = rows_where(frame, area="Hele landet", measure="long_term_unemployed")
    lacking = frame.loc[~national_ltu].reset_index(drop=True)
    lacking.attrs = dict(frame.attrs)
    ltu = lacking.loc[rows_where(lacking, measure="long_term_unemployed")]
    with pytest.raises(jobstats.ValidationError) as direct:  # as the appendix called it
        langtidsledighed(ltu, "Gentofte", [2016, 2017, 2018])
    appendix = appendix_of(key_figures(lacking, area="Gentofte", year=2018))
    omitted = {o.name: o for o in appendix.omitted}
    assert list(omitted) == ["langtidsledighed"]
    got = omitted["langtidsledighed"].problems
    assert [(p.code, p.message, p.value) for p in got] == \
        [(p.code, p.message, p.value) for p in direct.value.problems]
    assert "maalgruppeoversigt" in appendix.names  # the other tables are unaffected


def test_a_frame_without_a_measure_gives_a_bundle_without_it() -> None:
    frame = jobstats.demo()
    keep = ~rows_where(frame, measure="population_16_66")
    lacking = frame.loc[keep].reset_index(drop=True)
    figures = key_figures(lacking, area="Gentofte", year=2018)
    assert not figures.has("population_16_66")
    assert figures.population_share is None and figures.kommune_shares is None
    assert "population_16_66" not in set(lacking[MEASURE].astype(str))
    names = appendix_of(figures).names
    assert "maal_befolkningsandel" not in names and "rangliste_uddannelseshjaelp" not in names


@pytest.mark.parametrize("through", ["2023-05", "2018-12", "2019-01"])
def test_the_last_month_of_the_year_follows_the_data(through: str) -> None:
    """The point comparison and the ranking use the last month the data have in the
    year: counted here from the period strings, independently of the ordinals."""
    frame = jobstats.demo()
    cut = frame.loc[frame["period"] <= pd.Period(through, "M")].reset_index(drop=True)
    year = int(through[:4])
    figures = key_figures(cut, area="Gentofte", year=year, compare="Østdanmark")
    months = {int(str(p)[5:7]) for p in cut["period"].astype(str).unique()
              if str(p).startswith(str(year))}
    assert figures.point is not None and figures.point.month == max(months)
    assert figures.ranking is not None and figures.ranking.quarter == max(1, max(months) // 3)


def test_without_the_country_the_change_figure_is_omitted_with_its_reason() -> None:
    frame = jobstats.demo()
    lacking = frame.loc[~rows_where(frame, area="Hele landet")].reset_index(drop=True)
    lacking.attrs = dict(frame.attrs)
    figures = key_figures(lacking, area="Gentofte", year=2018)
    drawn, omitted = report_figures(figures, only=("figur2_udvikling",))
    assert drawn == [] and [o.name for o in omitted] == ["figur2_udvikling"]
    assert [p.code for p in omitted[0].problems] == ["no_national_rows"]
    names = {o.name: o for o in appendix_of(figures).omitted}
    assert [p.code for p in names["maalgruppeoversigt"].problems] == ["missing_area"]
