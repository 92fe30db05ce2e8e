"""One municipality's report: the appendix, the figures and the verification, in memory.

:func:`build_report` computes; :func:`write_report` writes. Writing goes to a
temporary folder beside the output and is moved into place only when every
file is complete, so a failed run never leaves output that looks finished.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from jobstats import taxonomy as _taxonomy
from jobstats.errors import JobstatsError, Problem, ValidationError
from jobstats.frame import AREA, PERIOD, rows_where
from jobstats.report.figures import FigureSpec, report_figures
from jobstats.report.verification import VerificationSummary, verify_appendix

if TYPE_CHECKING:
    from jobstats.tables import Bilag
    from jobstats.tables.table import Omission

__all__ = ["OutputError", "Report", "ReportOptions", "build_report", "write_report"]


class OutputError(JobstatsError, OSError):
    """The output folder cannot be written."""


@dataclass(frozen=True)
class ReportOptions:
    """What to build: the area, the year, the comparison area and the outputs.

    ``boundaries`` is an optional GeoJSON/TopoJSON file of municipality
    boundaries for the choropleth map (the tile-grid map needs none).
    """

    area: str
    year: int
    compare: str | None = "Østdanmark"
    language: str = "da"
    figures: bool = True
    figure_formats: tuple[str, ...] = ("png", "svg")
    boundaries: Path | None = None


@dataclass(frozen=True)
class Report:
    """A built report: the appendix tables, the figures and the verification."""

    options: ReportOptions
    bilag: Bilag
    figures: tuple[FigureSpec, ...]
    verification: VerificationSummary
    omitted: tuple[Omission, ...] = ()
    timings: dict[str, float] = field(default_factory=dict)


def _check_options(frame: pd.DataFrame, options: ReportOptions,
                   tx: _taxonomy.Taxonomy) -> tuple[str, str | None]:
    problems: list[Problem] = []
    area = compare = None
    try:
        area = tx.resolve_area(options.area)
    except ValidationError as exc:
        problems.extend(exc.problems)
    if options.compare:
        try:
            compare = tx.resolve_area(options.compare)
        except ValidationError as exc:
            problems.extend(exc.problems)
    from jobstats.tables._common import years_of

    years = years_of(frame[PERIOD].dropna())
    if not len(years):
        problems.append(Problem("no_periods", "the data have no periods", column="period"))
        raise ValidationError(problems)
    first, last = int(years.min()), int(years.max())
    if not first <= options.year <= last:
        problems.append(Problem(
            "year_out_of_range", f"year {options.year} is outside the data; choose a year "
            f"from {first} to {last}", column="year", value=options.year))
    if area is not None and not rows_where(frame, area=area).any():
        present = sorted(map(str, frame[AREA].astype(object).unique()))
        problems.append(Problem("area_not_in_data", f"the data have no rows for {area!r}",
                                column="area", value=area,
                                suggestions=tuple(present[:5])))
    if problems:
        raise ValidationError(problems)
    assert area is not None
    return area, compare


def build_report(frame: pd.DataFrame, options: ReportOptions, *,
                 taxonomy: _taxonomy.Taxonomy | None = None) -> Report:
    """Build the appendix, the figures and the verification for one area and year.

    Raises :class:`~jobstats.errors.ValidationError` for an unknown area or a
    year outside the data, naming the valid choices. The tables, figures and
    checks of the report share their selections of ``frame`` (the batch cache,
    :mod:`jobstats.tables.batch_cache`, for the length of this call).
    """
    from jobstats.tables.batch_cache import sharing

    with sharing(frame):
        return _build_report(frame, options, taxonomy)


def _build_report(frame: pd.DataFrame, options: ReportOptions,
                  taxonomy: _taxonomy.Taxonomy | None) -> Report:
    from jobstats.tables import bilag as build_bilag

    tx = taxonomy or _taxonomy.default()
    area, compare = _check_options(frame, options, tx)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    appendix = build_bilag(frame, area=area, year=options.year, compare=compare,
                           language="en" if options.language == "en" else "da", taxonomy=tx)
    timings["tables"] = time.perf_counter() - t0
    if len(appendix) == 0:
        raise ValidationError([Problem(
            "nothing_to_report", "the data hold none of the series the appendix needs "
            "(full-time persons by target group, activation, long-term unemployed, ...): "
            + "; ".join(map(str, appendix.omitted)), value=options.area)])
    t0 = time.perf_counter()
    figures: list[FigureSpec] = []
    omitted = list(appendix.omitted)
    if options.figures:
        figures, fig_omitted = report_figures(frame, area=area, year=options.year,
                                              compare=compare, bilag=appendix,
                                              boundaries=options.boundaries,
                                              language=options.language)
        omitted += fig_omitted
    timings["figures"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    verification = verify_appendix(appendix, frame, area=area)
    timings["verification"] = time.perf_counter() - t0
    return Report(options, appendix, tuple(figures), verification, tuple(omitted), timings)


@contextmanager
def _staging(out: Path) -> Iterator[Path]:
    """A temporary folder beside ``out``; its files move into ``out`` only on success."""
    from jobstats.report.batch import remove_stale_staging

    try:
        out.mkdir(parents=True, exist_ok=True)
        remove_stale_staging(out)  # left by a run that was killed outright
        probe = tempfile.mkdtemp(prefix=f".jobstats-{os.getpid()}-", dir=out)
    except OSError as exc:
        raise OutputError(f"cannot write to the output folder {out}: {exc.strerror}; "
                          "choose another folder with --out") from None
    stage = Path(probe)
    try:
        yield stage
        for item in sorted(stage.rglob("*")):
            target = out / item.relative_to(stage)
            if item.is_dir():
                target.mkdir(exist_ok=True)
            else:
                os.replace(item, target)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def write_report(report: Report, out: str | Path) -> list[Path]:
    """Write ``bilag.xlsx``, ``bilag.html``, ``bilag.pdf``, the figures (PNG, SVG) and
    ``verifikation.txt``/``verifikation.csv`` into ``out``; returns the paths written.

    Everything is written into a staging folder first and moved into ``out`` at
    the end: an error leaves no half-written report behind.
    """
    from jobstats.figures import save_figures

    out = Path(out)
    names: list[str] = []
    with _staging(out) as stage:
        report.bilag.to_excel(stage / "bilag.xlsx")
        report.bilag.to_pdf(stage / "bilag.pdf")
        (stage / "figurer").mkdir()
        for spec in report.figures:  # one layout per figure, reused by every format
            files = [f"figurer/{spec.name}.{suffix}" for suffix in report.options.figure_formats]
            save_figures(spec.figure, [stage / f for f in files])
            names += files
        (stage / "bilag.html").write_text(_html_page(report), encoding="utf-8")
        (stage / "verifikation.txt").write_text(_verification_text(report), encoding="utf-8")
        report.verification.to_frame().to_csv(stage / "verifikation.csv", index=False)
        names = ["bilag.xlsx", "bilag.pdf", "bilag.html", "verifikation.txt",
                 "verifikation.csv", *names]
    return [out / n for n in names]


def _verification_text(report: Report) -> str:
    lines = [f"Verifikation af nøgletalsbilag: {report.options.area} {report.options.year}",
             report.verification.format()]
    if report.omitted:
        lines.append("Udeladt (data mangler):")
        lines += [f"  - {o}" for o in report.omitted]
    return "\n".join(lines) + "\n"


def _html_page(report: Report) -> str:
    """The appendix tables and the figures (as linked PNG/SVG) on one page."""
    import html

    suffix = "svg" if "svg" in report.options.figure_formats else (
        report.options.figure_formats[0] if report.options.figure_formats else "")
    figures = "".join(
        f'<figure><img src="figurer/{spec.name}.{suffix}" alt="{html.escape(spec.title)}" '
        f'style="max-width:100%"><figcaption>{html.escape(spec.title)}</figcaption></figure>'
        for spec in report.figures) if suffix else ""
    body = report.bilag.to_html(standalone=True)
    block = f'<section class="jobstats-figures"><h2>Figurer</h2>{figures}</section>'
    if "</body>" in body:
        return body.replace("</body>", block + "</body>", 1)
    return body + block
