"""The paper's part of ``jobstats report``: goals file, own tables, clusters, text,
and the Word / PDF / HTML outputs.

:func:`paper_taxonomy` adds the comparison clusters before the options are
checked; :func:`extend_appendix` replaces the built-in goal tables by the goals
file's and adds the user-entered tables; :func:`paper_checks` turns the text's
and the user tables' checks into verification rows; :func:`write_paper` writes
``bilag.docx``, ``bilag.pdf``, the self-contained ``bilag.html`` and, when asked
(``--pptx``), ``bilag.pptx``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from jobstats import frame as _frame
from jobstats import taxonomy as _taxonomy
from jobstats.errors import Problem, Reason
from jobstats.paper.clusters import (
    example_clusters,
    parse_compare,
    read_clusters,
    with_clusters,
)
from jobstats.paper.document import Paper, build_paper
from jobstats.paper.goals import (
    GoalResult,
    Statistic,
    evaluate_goals,
    goal_lines,
    goal_tables,
    read_goals,
    slug,
)
from jobstats.paper.usertables import UserTable, read_user_tables
from jobstats.tables.table import Bilag, Language, Omission
from jobstats.verify.engine import CellCheck

if TYPE_CHECKING:
    from jobstats.report.build import Report, ReportOptions

__all__ = ["extend_appendix", "left_out_sentences", "paper_checks", "paper_of",
           "paper_taxonomy", "write_paper"]

_MONTHS_DA = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
              "september", "oktober", "november", "december")
_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")


def paper_taxonomy(options: ReportOptions, taxonomy: _taxonomy.Taxonomy
                   ) -> _taxonomy.Taxonomy:
    """The taxonomy with the example clusters and those of ``options.clusters``."""
    clusters = dict(example_clusters())
    if options.clusters is not None:
        clusters.update(read_clusters(options.clusters, taxonomy=taxonomy))
    return with_clusters(clusters, taxonomy)


def _is_builtin_goal(name: str) -> bool:
    return name.startswith(("maal_", "rangliste_"))


def extend_appendix(appendix: Bilag, frame: pd.DataFrame, options: ReportOptions, *,
                    area: str, taxonomy: _taxonomy.Taxonomy
                    ) -> tuple[Bilag, tuple[GoalResult, ...], tuple[UserTable, ...]]:
    """The appendix with the goals file's tables (instead of the built-in goal tables,
    at their place) and the user-entered tables at the end."""
    language: Language = "en" if options.language == "en" else "da"
    results: tuple[GoalResult, ...] = ()
    tables = list(appendix.tables)
    if options.goals is not None:
        goals = read_goals(options.goals, taxonomy=taxonomy)
        extra = parse_compare(",".join(options.comparisons), taxonomy=taxonomy)
        if extra:  # the --compare list for every data goal that names no areas itself
            goals = replace(goals, goals=tuple(
                replace(g, subgoals=tuple(
                    replace(s, compare=extra) if not s.compare and s.statistic not in
                    (Statistic.RANK, Statistic.USER) else s for s in g.subgoals))
                for g in goals.goals))
        results = evaluate_goals(goals, frame, area=area, language=language, taxonomy=taxonomy)
        source = next((t.source for t in tables if t.source), "")
        mine = list(goal_tables(results, language=language, source=source))
        first = next((i for i, t in enumerate(tables) if _is_builtin_goal(t.name)),
                     len(tables))
        rest = [t for t in tables if not _is_builtin_goal(t.name)]
        tables = rest[:first] + mine + rest[first:]
    compares = parse_compare(",".join(options.comparisons), taxonomy=taxonomy)
    if len(compares) > 1:  # the point comparison shows every area of --compare
        from jobstats.tables.comparison import point_comparison_table

        for i, t in enumerate(tables):
            if t.name == "punkt_kontanthjaelp":
                tables[i] = point_comparison_table(frame, area, compares, year=options.year,
                                                   language=language, taxonomy=taxonomy)
    users: tuple[UserTable, ...] = ()
    if options.user_tables is not None:
        users = read_user_tables(options.user_tables, language=language)
        tables += [u.table for u in users]
    return replace(appendix, tables=tuple(tables)), results, users


def _data_until(frame: pd.DataFrame, area: str, year: int, language: Language) -> str:
    rows = frame[_frame.rows_where(frame, area=area)]
    periods = rows[_frame.PERIOD]
    if isinstance(periods.dtype, pd.PeriodDtype) and len(periods):
        ends = periods.dt.end_time
        last = ends[ends.dt.year <= year].max()
        if isinstance(last, pd.Timestamp) and not pd.isna(last):
            names = _MONTHS_DA if language == "da" else _MONTHS_EN
            return f"{names[last.month - 1]} {last.year}"
    return str(year)


def paper_of(report: Report, frame: pd.DataFrame, results: Sequence[GoalResult], *,
             area: str) -> Paper:
    """The ordered paper (front page facts, sections, figures) of a built report."""
    language: Language = "en" if report.options.language == "en" else "da"
    year = report.options.year
    overview = goal_lines(results, language) if results else ()
    # a goal measured by the refugees' unsubsidised employment gets figure 4 beside it
    figures_of = {f"maal_{slug(r.subgoal.id)}": ("figur4_ustoettet_beskaeftigelse",)
                  for r in results if r.subgoal.measure in ("unsubsidised_employment",
                                                            "pct_unsubsidised_employment")}
    return build_paper(report.bilag.tables, [(f.name, f.title) for f in report.figures],
                       area=area, period=f"{year - 2}-{year}",
                       data_until=_data_until(frame, area, year, language),
                       title=report.bilag.title, language=language, overview=overview,
                       figures_of=figures_of)


def paper_checks(paper: Paper, users: Sequence[UserTable]) -> tuple[CellCheck, ...]:
    """Verification rows for every number of the printed text and the user tables (a
    sentence whose check failed is not printed: see :func:`left_out_sentences`)."""
    out: list[CellCheck] = []
    for sec in paper.sections:
        if sec.text is None:
            continue
        for n, sentence in enumerate(sec.text.sentences, start=1):
            for what, verdict in sentence.checks:
                out.append(CellCheck(row=f"tekst, sætning {n}", line=None, column=what,
                                     rule=verdict.relation, verdict=verdict, kind="text",
                                     table=sec.text.table))
    for user in users:
        for what, verdict in user.checks:
            out.append(CellCheck(row=what.split(":")[0], line=user.line or None, column=what,
                                 rule=verdict.relation, verdict=verdict, kind="user_table",
                                 table=user.table.name))
    return tuple(out)


def left_out_sentences(paper: Paper) -> list[Omission]:
    """An omission per generated sentence left out because a check failed."""
    return [Omission(sec.text.table, (Problem(
        Reason.INCONSISTENT, f"a sentence of its text was left out, its numbers do not "
        f"check: {sentence.text[:120]}"),), kind="text")
            for sec in paper.sections if sec.text is not None
            for sentence in sec.text.rejected]


def write_paper(report: Report, stage: Path, images: dict[str, Path],
                svgs: dict[str, Path]) -> list[str]:
    """Write ``bilag.pdf``, ``bilag.html``, ``bilag.docx`` and (``options.pptx``)
    ``bilag.pptx`` of ``report`` into ``stage``; returns the file names written."""
    from jobstats.paper.docx import write_docx
    from jobstats.paper.html import write_paper_html
    from jobstats.paper.pdf import write_paper_pdf

    paper = report.paper
    assert paper is not None
    write_paper_pdf(paper, stage / "bilag.pdf", images)
    write_paper_html(paper, stage / "bilag.html", {**images, **svgs})
    names = ["bilag.pdf", "bilag.html"]
    if report.options.docx:
        write_docx(paper, stage / "bilag.docx", images)
        names.append("bilag.docx")
    if report.options.pptx:
        from jobstats.paper.pptx import write_pptx

        write_pptx(paper, stage / "bilag.pptx", images)
        names.append("bilag.pptx")
    return names
