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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from jobstats import taxonomy as _taxonomy
from jobstats.errors import JobstatsError, Problem, ValidationError
from jobstats.frame import AREA, MEASURE, PERIOD, rows_where
from jobstats.report.figures import FigureSpec, report_figures
from jobstats.report.verification import VerificationSummary, verify_appendix
from jobstats.verify._text import counted

if TYPE_CHECKING:
    from jobstats.keyfigures.bundle import KeyFigures
    from jobstats.paper.document import Paper
    from jobstats.paper.goals import GoalResult
    from jobstats.paper.usertables import UserTable
    from jobstats.tables import Bilag
    from jobstats.tables.table import Omission

__all__ = ["OutputError", "Report", "ReportOptions", "ReportPeriod", "build_report",
           "report_period", "write_report"]


class OutputError(JobstatsError, OSError):
    """The output folder cannot be written."""


@dataclass(frozen=True)
class ReportOptions:
    """What to build: the area, the year, the comparison area and the outputs.

    ``boundaries`` is an optional GeoJSON/TopoJSON file of municipality
    boundaries for the choropleth map (the tile-grid map needs none).
    ``comparisons`` are further comparison areas (``--compare A,B``; ``compare``
    is the first); ``goals``, ``user_tables`` and ``clusters`` are the paper's
    files (see ``docs/goals.md``); ``docx`` writes ``bilag.docx``, ``pptx``
    ``bilag.pptx`` (a slide per figure);
    ``figure_selection`` names the figures to draw, in the report's order (empty: all).
    """

    area: str
    year: int
    compare: str | None = "Østdanmark"
    language: str = "da"
    figures: bool = True
    figure_formats: tuple[str, ...] = ("png", "svg")
    boundaries: Path | None = None
    period: str | None = None
    """``None``: whole years. ``"2023Q2"`` / ``"2023M05"``: year to date through that
    quarter or month, each year against the same months (the year is the period's).
    ``"latest"``: the latest month of the data only, against the same month of the
    years before. Every title then names the partial period."""
    comparisons: tuple[str, ...] = ()
    goals: Path | None = None
    user_tables: Path | None = None
    clusters: Path | None = None
    docx: bool = True
    pptx: bool = False
    figure_selection: tuple[str, ...] = ()


@dataclass(frozen=True)
class Report:
    """A built report: the appendix tables, the figures and the verification."""

    options: ReportOptions
    bilag: Bilag
    figures: tuple[FigureSpec, ...]
    verification: VerificationSummary
    omitted: tuple[Omission, ...] = ()
    timings: dict[str, float] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    paper: Paper | None = None
    goals: tuple[GoalResult, ...] = ()
    key_figures: KeyFigures | None = field(default=None, repr=False)
    """The bundle every table, figure, check and sentence of the report was read from."""


def _comparisons(options: ReportOptions, compare: str | None,
                 tx: _taxonomy.Taxonomy) -> tuple[str, ...]:
    """The comparison areas in order: ``compare`` first, then the rest of ``comparisons``."""
    from jobstats.paper.clusters import parse_compare

    rest = parse_compare(",".join(options.comparisons), taxonomy=tx)
    return tuple(dict.fromkeys([*([compare] if compare else []), *rest]))


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
    from jobstats.batch_cache import shared
    from jobstats.selection import present_values, years_of

    # the same for every area of a batch: computed once
    years = shared(frame, ("period_years",), lambda: years_of(frame[PERIOD].dropna()))
    if not len(years):
        problems.append(Problem("no_periods", "the data have no periods", column="period"))
        raise ValidationError(problems)
    first, last = int(years.min()), int(years.max())
    if not first <= options.year <= last:
        problems.append(Problem(
            "year_out_of_range", f"year {options.year} is outside the data; choose a year "
            f"from {first} to {last}", column="year", value=options.year))
    areas = shared(frame, ("present", AREA), lambda: present_values(frame, AREA)) \
        if isinstance(frame[AREA].dtype, pd.CategoricalDtype) else None
    if area is not None and (area not in areas if areas is not None
                             else not rows_where(frame, area=area).any()):
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
    year outside the data, naming the valid choices. The data flow one way: the
    key figures of the area and period are computed once
    (:func:`~jobstats.keyfigures.bundle.key_figures`, kept in
    :attr:`Report.key_figures`), and the tables, figures, checks and the paper's
    sentences read only that bundle. Inside a batch its area-independent parts
    come from the batch cache (:mod:`jobstats.batch_cache`).
    """
    from jobstats.batch_cache import sharing

    with sharing(frame):
        return _build_report(frame, options, taxonomy)


def _build_report(frame: pd.DataFrame, options: ReportOptions,
                  taxonomy: _taxonomy.Taxonomy | None) -> Report:
    from jobstats.keyfigures.bundle import key_figures
    from jobstats.paper.report import extend_appendix, paper_taxonomy

    tx = paper_taxonomy(options, taxonomy or _taxonomy.default())
    frame, dropped = _monthly_part(frame, options.language)
    span: ReportPeriod | None = None
    if options.period:
        span = report_period(options.period, frame)
        frame = span.select(frame)
        options = replace(options, year=span.year)
    area, compare = _check_options(frame, options, tx)
    t0 = time.perf_counter()
    # every area of --compare (the point comparison shows them all; the figures the first)
    compares = _comparisons(options, compare, tx)
    figures = key_figures(frame, area=area, year=options.year, compare=compares, taxonomy=tx)
    notes = (*dropped, *_provenance(frame, options.language))
    real = _real_data(frame)
    seconds = time.perf_counter() - t0

    def goals_and_user_tables(appendix: Bilag) -> tuple[Bilag, tuple[GoalResult, ...],
                                                        tuple[UserTable, ...]]:
        # the paper's goals file (jobstats.paper) still reads the frame: a goal may
        # measure any series, for areas of its own
        return extend_appendix(appendix, frame, options, area=area, taxonomy=tx)

    measures = frozenset(map(str, frame[MEASURE].unique())) if real else frozenset()
    report = _report_of(figures, options, span, goals_and_user_tables, notes, needs=real,
                        measures=measures)
    report.timings["key figures"] = seconds
    return report


def _report_of(figures: KeyFigures, options: ReportOptions, span: ReportPeriod | None,
               extend: Callable[[Bilag], tuple[Bilag, tuple[GoalResult, ...],
                                               tuple[UserTable, ...]]],
               notes: tuple[str, ...], *, needs: bool,
               measures: frozenset[str] = frozenset()) -> Report:
    """Tables, figures, checks and the paper, from the bundle of key figures only
    (``extend`` adds the paper's goals file and own tables; ``needs``: say what each
    omitted table needs; ``measures``: the data's measures, for those notes)."""
    from jobstats.paper.report import left_out_sentences, paper_checks, paper_of
    from jobstats.tables.appendix import appendix_of

    area = figures.area
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    appendix = appendix_of(figures, language="en" if options.language == "en" else "da")
    appendix, goal_results, user_tables = extend(appendix)
    timings["tables"] = time.perf_counter() - t0
    if span is not None:
        appendix = span.retitle(appendix, options.language)
    if len(appendix) == 0:
        raise ValidationError([Problem(
            "nothing_to_report", "the data hold none of the series the appendix needs "
            "(full-time persons by target group, activation, long-term unemployed, ...): "
            + "; ".join(map(str, appendix.omitted)), value=options.area)])
    t0 = time.perf_counter()
    drawn: list[FigureSpec] = []
    omitted = list(appendix.omitted)
    if options.figures:
        drawn, fig_omitted = report_figures(figures, bilag=appendix,
                                            boundaries=options.boundaries,
                                            language=options.language,
                                            only=options.figure_selection)
        omitted += fig_omitted
    if span is not None:
        label = span.label(options.language)
        for f in drawn:  # the period in the picture too, not only in the caption
            f.figure.text(0.995, 0.995, label, ha="right", va="top", fontsize=8,
                          style="italic", color="#444444")
        drawn = [replace(f, title=f"{f.title} — {label}") for f in drawn]
    timings["figures"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    verification = verify_appendix(appendix, figures)
    report = Report(options, appendix, tuple(drawn), verification, tuple(omitted), timings,
                    goals=goal_results, key_figures=figures)
    paper = paper_of(report, figures, goal_results, area=area)
    verification = replace(verification,
                           checks=verification.checks + paper_checks(paper, user_tables))
    timings["verification"] = time.perf_counter() - t0
    return replace(report, verification=verification, paper=paper,
                   omitted=(*report.omitted, *left_out_sentences(paper)),
                   notes=(*notes, *(_needs(omitted, measures, options.language) if needs else ())))


_MONTHS = {"da": ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
                   "september", "oktober", "november", "december"),
           "en": ("January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December")}


@dataclass(frozen=True)
class ReportPeriod:
    """A reporting period: ``year`` and the ``months`` of every year it compares."""

    year: int
    months: tuple[int, ...]
    latest: bool = False

    def label(self, language: str = "da") -> str:
        """"januar-juni 2023 (år til dato)", "juli 2023 (seneste måned)", …"""
        names = _MONTHS["en" if language == "en" else "da"]
        if self.latest:
            what = "seneste måned" if language != "en" else "latest month"
            return f"{names[self.months[0] - 1]} {self.year} ({what})"
        if self.months == (1, 2, 3, 4, 5, 6):
            head = "første halvår" if language != "en" else "first half of"
        else:
            head = f"{names[0]}-{names[self.months[-1] - 1]}" if len(self.months) > 1 \
                else names[0]
        what = "år til dato" if language != "en" else "year to date"
        return f"{head} {self.year} ({what})"

    def select(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The monthly rows of the period's months (in every year)."""
        periods = frame[PERIOD]
        if str(periods.dtype) != "period[M]":
            raise ValidationError([Problem(
                "not_monthly", "a reporting period needs monthly series (jobindsats months)",
                column="period", value=str(periods.dtype))])
        keep = periods.dt.month.isin(self.months).to_numpy()
        out: pd.DataFrame = frame.loc[keep].reset_index(drop=True)
        out.attrs = dict(frame.attrs)
        return out

    def retitle(self, appendix: Bilag, language: str) -> Bilag:
        """Every table title (and the appendix title) names the partial period."""
        label = self.label(language)
        tables = tuple(t if ("delvist år" in t.title or "partial year" in t.title)
                       else replace(t, title=f"{t.title} — {label}") for t in appendix.tables)
        return replace(appendix, tables=tables, title=f"{appendix.title} — {label}")


def report_period(text: str, frame: pd.DataFrame) -> ReportPeriod:
    """Parse ``2023Q2``, ``2023M05`` or ``latest`` (the data's last month).

    >>> report_period("2023Q2", pd.DataFrame({"period": []})).label()
    'første halvår 2023 (år til dato)'
    >>> report_period("2023M03", pd.DataFrame({"period": []})).label("en")
    'January-March 2023 (year to date)'
    """
    code = str(text).strip()
    if code.lower() == "latest":
        periods = frame[PERIOD].dropna()
        if not len(periods) or not isinstance(periods.dtype, pd.PeriodDtype):
            raise ValidationError([Problem("no_periods", "the data have no monthly periods",
                                           column="period")])
        last = periods.max()
        return ReportPeriod(int(last.year), (int(last.month),), latest=True)
    from jobstats.periods import frequency_of, parse_period

    try:
        p = parse_period(code)
    except ValidationError:
        raise ValidationError([Problem(
            "bad_period", "not a reporting period; use a quarter (2023Q2), a month "
            "(2023M05) or 'latest'", value=code[:100])]) from None
    freq = frequency_of(p)
    if freq == "Q":
        return ReportPeriod(int(p.year), tuple(range(1, 3 * int(p.quarter) + 1)))
    if freq == "M":
        return ReportPeriod(int(p.year), tuple(range(1, int(p.month) + 1)))
    raise ValidationError([Problem(
        "bad_period", "a reporting period is a quarter (2023Q2), a month (2023M05) or "
        "'latest'; for a whole year use --year", value=code[:100])])


def _monthly_part(frame: pd.DataFrame,
                  language: str = "da") -> tuple[pd.DataFrame, tuple[str, ...]]:
    """The monthly rows of a frame that mixes frequencies (e.g. jobindsats months with
    DST quarters or QMAT rolling years), and a note naming what was set aside: the
    appendix's annual averages are means of months."""
    periods = frame[PERIOD]
    if isinstance(periods.dtype, pd.PeriodDtype) or not len(periods):
        return frame, ()
    monthly = np.fromiter((isinstance(p, pd.Period) and p.freqstr.startswith("M")
                           for p in periods), dtype=bool, count=len(periods))
    if monthly.all() or not monthly.any():
        return frame, ()
    rest = frame.loc[~monthly]
    kinds = sorted({f"{m} ({p.freqstr})" for m, p in zip(
        rest[MEASURE].astype(str), rest[PERIOD], strict=True)})
    out = frame.loc[monthly].reset_index(drop=True)
    out[PERIOD] = pd.Series(pd.PeriodIndex(list(out[PERIOD]), freq="M"), index=out.index)
    out.attrs = dict(frame.attrs)
    shown = ", ".join(kinds)[:200]
    if language == "en":
        note = (f"set aside {counted(len(rest), 'row', 'rows')} of non-monthly series "
                f"({shown}): the appendix is built from monthly series")
    else:
        note = (f"tilsidesat {counted(len(rest), 'række', 'rækker', 'da')} af serier, der ikke er "
                f"månedlige ({shown}): bilaget bygger på månedlige serier")
    return out, (note,)


def _provenance(frame: pd.DataFrame, language: str = "da") -> tuple[str, ...]:
    """The data's month and fetch dates, a reform's break and stale sources (none for
    the demo data)."""
    from jobstats.report.sources import data_note, stale_sources

    if not _real_data(frame):
        return ()
    notes = [data_note(frame, "en" if language == "en" else "da")]
    notes += [str(n) for n in frame.attrs.get("notes", [])]  # e.g. a reform's break
    stale = "stale" if language == "en" else "forældet"
    notes += [f"{stale}: {s}" for s in stale_sources(frame)]
    return tuple(n for n in notes if n)


def _real_data(frame: pd.DataFrame) -> bool:
    """Whether the frame's sources are other than the demo data."""
    sources = frame.attrs.get("sources", [])
    return bool(sources) and not all(s.get("source") == "demo" for s in sources)


def _needs(omitted: list[Omission], measures: frozenset[str],
           language: str = "da") -> tuple[str, ...]:
    """What each omitted table needs and how to get it. A DST table names its measure:
    FOLK1AM as downloaded is the population of all ages, the appendix needs 16-66."""
    from jobstats.load.recipe import recipe

    rec = recipe()
    notes = []
    for o in omitted:
        rows = rec.needs(o.name)
        if rows:
            what = ", ".join(f"{r.table or r.series} ({r.source}"
                             + (f": {', '.join(r.measures)})" if r.source == "statbank"
                                else ")") for r in rows)
            all_ages = (any("population_16_66" in r.measures for r in rows)
                        and "population" in measures and "population_16_66" not in measures)
            if language == "en":
                ages = "; the data's 'population' is all ages, not 16-66" if all_ages else ""
                them = "it" if len(rows) == 1 else "them"
                notes.append(f"{o.name} needs {what}: `jobstats fetch` downloads {them}{ages}")
            else:
                ages = "; dataenes 'population' er alle aldre, ikke 16-66" if all_ages else ""
                dem = "den" if len(rows) == 1 else "dem"
                notes.append(f"{o.name} kræver {what}: `jobstats fetch` henter {dem}{ages}")
    return tuple(notes)


@contextmanager
def _staging(out: Path) -> Iterator[Path]:
    """A temporary folder beside ``out``; its files move into ``out`` only on success."""
    from jobstats.interrupts import raise_if_stopped, stop_signals_deferred
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
        raise_if_stopped()  # a Ctrl-C swallowed on the way still stops the commit
        for item in sorted(stage.rglob("*")):
            target = out / item.relative_to(stage)
            if item.is_dir():
                target.mkdir(exist_ok=True)
            else:
                os.replace(item, target)
    finally:
        with stop_signals_deferred():  # a second stop signal must not cut the removal short
            shutil.rmtree(stage, ignore_errors=True)


def write_report(report: Report, out: str | Path) -> list[Path]:
    """Write ``bilag.xlsx``, ``bilag.pdf`` (front page, contents, text, figures beside
    their tables), ``bilag.html`` (self-contained), ``bilag.docx`` (Word), ``bilag.pptx``
    (with ``options.pptx``), the figures
    (PNG, SVG) and ``verifikation.txt``/``verifikation.csv`` into ``out``; returns the
    paths written.

    Everything is written into a staging folder first and moved into ``out`` at
    the end: an error leaves no half-written report behind. When ``out`` held an
    earlier report, its figure files that this report does not write again (another
    area's omitted figure, another format) are removed, so the folder never mixes two
    reports (see :func:`previous_report`).
    """
    from jobstats.figures import save_figures
    from jobstats.paper.report import write_paper

    out = Path(out)
    earlier = (out / "verifikation.txt").is_file()
    names: list[str] = []
    with _staging(out) as stage:
        report.bilag.to_excel(stage / "bilag.xlsx")
        (stage / "figurer").mkdir()
        formats = report.options.figure_formats
        images: dict[str, Path] = {}
        svgs: dict[str, Path] = {}
        scratch = stage / ".png"  # PNGs for the PDF and Word when not asked for
        for spec in report.figures:  # one layout per figure, reused by every format
            files = [stage / f"figurer/{spec.name}.{suffix}" for suffix in formats]
            if "png" not in formats:
                scratch.mkdir(exist_ok=True)
                files.append(scratch / f"{spec.name}.png")
            save_figures(spec.figure, files)
            images[spec.name] = next(f for f in files if f.suffix == ".png")
            if "svg" in formats:
                svgs[spec.name] = stage / f"figurer/{spec.name}.svg"
            names += [f"figurer/{spec.name}.{suffix}" for suffix in formats]
        if report.paper is not None:
            paper_files = write_paper(report, stage, images, svgs)
        else:
            report.bilag.to_pdf(stage / "bilag.pdf")
            (stage / "bilag.html").write_text(_html_page(report), encoding="utf-8")
            paper_files = ["bilag.pdf", "bilag.html"]
        shutil.rmtree(scratch, ignore_errors=True)
        (stage / "verifikation.txt").write_text(_verification_text(report), encoding="utf-8")
        report.verification.to_frame().to_csv(stage / "verifikation.csv", index=False)
        names = ["bilag.xlsx", *paper_files, "verifikation.txt", "verifikation.csv", *names]
    if earlier:
        for old in (out / "figurer").glob("*"):
            if old.suffix in (".png", ".svg", ".pdf") and f"figurer/{old.name}" not in names:
                old.unlink(missing_ok=True)
        for paper_file in ("bilag.docx", "bilag.pptx"):  # an earlier report's, not asked now
            if paper_file not in names:
                (out / paper_file).unlink(missing_ok=True)
    return [out / n for n in names]


def previous_report(out: str | Path) -> str | None:
    """``"<area> <year>"`` of the report already in ``out`` (from its verifikation.txt),
    or None. The CLI names it when a report of another area or year replaces it."""
    try:
        with open(Path(out) / "verifikation.txt", encoding="utf-8") as fh:
            first = fh.readline(300)
    except (OSError, UnicodeDecodeError):
        return None
    head, sep, rest = first.partition(": ")
    return rest.strip() or None if sep and head in _VERIFICATION_HEAD.values() else None


_VERIFICATION_HEAD = {"da": "Verifikation af nøgletalsbilag", "en": "Verification of the appendix"}


def _verification_text(report: Report) -> str:
    """``verifikation.txt`` in the report's language: heading, counts, verdicts, notes."""
    language = "en" if report.options.language == "en" else "da"
    lines = [f"{_VERIFICATION_HEAD[language]}: {report.options.area} {report.options.year}",
             *report.notes, report.verification.format(language)]
    if report.omitted:
        lines.append("Udeladt (data mangler):" if language == "da" else "Omitted (data missing):")
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
