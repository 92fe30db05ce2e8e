"""``jobstats report``: the quarterly appendix for one municipality, or for all 98.

Exit codes: 0 written (and every printed number consistent), 1 written but the
verification found an inconsistent printed number (or, with ``--all``, some
municipality failed), 2 bad input (unknown area, year outside the data, a
data file of the wrong kind, an unwritable output folder), 3 internal error,
130/143 interrupted by SIGINT/SIGTERM (see :mod:`jobstats.cli`).
"""

from __future__ import annotations

import argparse
import functools
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from jobstats.errors import FormatError, Problem
from jobstats.report.build import (
    ReportOptions,
    build_report,
    previous_report,
    write_report,
)

__all__ = ["load_data", "register", "run"]


def load_data(path: str | Sequence[str] | None) -> pd.DataFrame:
    """The report's input: the demo data (``None`` or ``"demo"``), or one or more files,
    folders or bundles (a parquet file written by :func:`jobstats.write_parquet` or
    ``jobstats fetch``, a jobindsats download, a DST StatBank CSV), combined by the
    canonical keys (:func:`jobstats.report.sources.load_sources`)."""
    from jobstats.report.sources import load_sources

    return load_sources(path)


def _formats(text: str) -> tuple[str, ...]:
    formats = tuple(f.strip().lower().lstrip(".") for f in text.split(",") if f.strip())
    bad = [f for f in formats if f not in ("png", "svg", "pdf")]
    if bad or not formats:
        raise argparse.ArgumentTypeError(
            f"unknown figure format {', '.join(bad) or text!r}; choose from png, svg, pdf")
    return formats


def _out_folder(text: str) -> Path:
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty folder name; give a folder, or '.' for "
                                         "the current folder")
    return Path(text)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``report`` subcommand."""
    parser = subparsers.add_parser(
        "report", help="write the quarterly appendix (Excel, HTML, PDF, figures)",
        description="Write the appendix (nøgletalsbilag) of one municipality: bilag.xlsx, "
                    "bilag.html, bilag.pdf, the figures as PNG and SVG, and a verification "
                    "of every printed percentage. Default data: the embedded synthetic demo.",
        epilog="example: jobstats report --area Gentofte --year 2018 --out out/")
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--area", help="the municipality, e.g. Gentofte")
    target.add_argument("--all", action="store_true", help="all 98 kommuner, one folder each")
    parser.add_argument("--year", type=int, default=None,
                        help="the latest year of the appendix (it shows this and the two before)")
    parser.add_argument("--period", default=None, metavar="PERIOD",
                        help="a partial period instead of whole years: 2023Q2 (year to date "
                             "through Q2 against the same months a year earlier), 2023M05, or "
                             "'latest' (the latest month); every title names it")
    parser.add_argument("--data", action="append", metavar="PATH",
                        help="input data, repeatable: 'demo' (default), a bundle from "
                             "`jobstats fetch`, a parquet file, a jobindsats download, a DST "
                             "StatBank CSV, or a folder of them; sources are combined by "
                             "their keys")
    parser.add_argument("--compare", default="Østdanmark",
                        help="comparison area(s), comma-separated, e.g. "
                             "\"Østdanmark,Region Hovedstaden\" or a cluster (default "
                             "Østdanmark; 'none' for no comparison)")
    parser.add_argument("--goals", type=Path, default=None, metavar="TOML",
                        help="goals file: goals and sub-goals with their measures and "
                             "targets (see docs/goals.md); replaces the built-in goals")
    parser.add_argument("--tables", type=Path, default=None, metavar="TOML",
                        dest="user_tables",
                        help="your own tables (economic status, virksomhedsbesøg, ...), "
                             "verified and added to the appendix")
    parser.add_argument("--clusters", type=Path, default=None, metavar="TOML",
                        help="named clusters of similar kommuner to compare with")
    parser.add_argument("--no-docx", action="store_true", help="do not write bilag.docx")
    parser.add_argument("--pptx", action="store_true",
                        help="also write bilag.pptx: a title slide and one slide per figure")
    parser.add_argument("--figures", default="", metavar="NAMES",
                        help="comma-separated figures to draw (e.g. figur1_maalgrupper,"
                             "kort_kontanthjaelp; default all); numbered Figur 1, 2, ... "
                             "in the paper in the report's order")
    parser.add_argument("--out", required=True, type=_out_folder,
                        help="output folder (created if needed; '.' for the current folder)")
    parser.add_argument("--boundaries", type=Path, default=None,
                        help="GeoJSON/TopoJSON municipality boundaries for the choropleth map")
    parser.add_argument("--language", choices=("da", "en"), default="da")
    parser.add_argument("--no-figures", action="store_true", help="tables only")
    parser.add_argument("--figure-formats", default="png,svg", type=_formats,
                        help="comma-separated figure formats: png, svg, pdf (default png,svg)")
    parser.add_argument("--jobs", type=int, default=None,
                        help="worker processes for --all (default: the number of cores)")
    parser.add_argument("--skip-existing", action="store_true",
                        help="with --all: skip kommuner whose folder already has bilag.xlsx")
    parser.add_argument("--quiet", action="store_true", help="no progress output")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run ``jobstats report``; returns the exit code."""
    names = [c.strip() for c in str(args.compare).split(",") if c.strip()]
    if not names or names[0].lower() == "none":
        names = []
    compare = names[0] if names else None
    for path in (args.goals, args.user_tables, args.clusters):
        if path is not None and not path.is_file():
            raise FormatError([Problem("no_such_file", "no such file", source=str(path))])
    if args.boundaries is not None and not args.boundaries.is_file():
        raise FormatError([Problem("no_such_file", "no such boundaries file",
                                   source=str(args.boundaries))])
    if args.year is None and args.period is None:
        raise FormatError([Problem("missing_year", "give --year (whole years) or --period "
                                   "(e.g. 2023Q2 or latest)", column="year")])
    options = ReportOptions(area=args.area or "", year=args.year or 0, compare=compare,
                            language=args.language, figures=not args.no_figures,
                            figure_formats=args.figure_formats, boundaries=args.boundaries,
                            period=args.period,
                            comparisons=tuple(names), goals=args.goals,
                            user_tables=args.user_tables, clusters=args.clusters,
                            docx=not args.no_docx, pptx=args.pptx,
                            figure_selection=tuple(f.strip() for f in args.figures.split(",")
                                                   if f.strip()))
    if args.all:
        return _run_all(args, options)
    t0 = time.perf_counter()
    frame = _with_data_note(load_data(args.data or ["demo"]))
    report = build_report(frame, options)
    before = previous_report(args.out)
    paths = write_report(report, args.out)
    this = f"{report.options.area} {report.options.year}"
    if before is not None and before != this:
        print(f"note: {args.out}/ held the appendix of {before}; it was replaced by {this} "
              "(its files that this report does not write were removed)", file=sys.stderr)
    if not args.quiet:
        when = report.bilag.title.split(" — ", 1)[1] if args.period else str(args.year)
        print(f"Wrote the appendix of {report.options.area} {when} to {args.out}/ "
              f"in {time.perf_counter() - t0:.1f} s:")
        for p in paths:
            print(f"  {p}")
        print(report.verification.format())
        for o in report.omitted:
            print(f"  omitted: {o}")
    for note in report.notes:
        stale = note.startswith(("stale", "forældet"))
        print(f"  note: {note}", file=sys.stderr if stale else sys.stdout)
    return 0 if report.verification.ok else 1


def _run_all(args: argparse.Namespace, options: ReportOptions) -> int:
    from jobstats import taxonomy
    from jobstats.report.batch import report_all

    data = args.data or ["demo"]
    frame = load_data(data)  # fail fast on bad input before starting workers
    build_report(frame, ReportOptions(area=taxonomy.default().kommuner()[0], year=options.year,
                                      compare=options.compare, figures=False,
                                      period=options.period))
    del frame
    loader = functools.partial(_load_with_note, tuple(data))
    summary = report_all(loader, taxonomy.default().kommuner(), options, args.out,
                         jobs=args.jobs, progress=not args.quiet,
                         skip_existing=args.skip_existing)
    print(summary.format(), file=sys.stderr if summary.count("failed") or summary.interrupted
          else sys.stdout)
    if summary.interrupted:
        return 128 + int(getattr(signal.Signals, summary.interrupted, signal.SIGINT))
    if any(r.status == "failed" and r.reason.startswith(_INTERNAL) for r in summary.results):
        return 3  # a bug hit some kommune (an internal error, not the data)
    return 0 if summary.count("failed") == 0 and all(
        r.inconsistent == 0 for r in summary.results) else 1


def _with_data_note(frame: pd.DataFrame) -> pd.DataFrame:
    """Real data: "data til og med <month>" and the fetch dates join the source line."""
    from jobstats.report.sources import data_note

    sources = frame.attrs.get("sources", [])
    if not sources or all(s.get("source") == "demo" for s in sources):
        return frame
    note = data_note(frame)
    if note:
        base = str(frame.attrs.get("source") or "Kilde: Jobindsats.dk")
        frame.attrs["source"] = f"{base}. {note}"
    return frame


def _load_with_note(paths: Sequence[str]) -> pd.DataFrame:
    return _with_data_note(load_data(paths))


_INTERNAL = "internal error"

