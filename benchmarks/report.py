"""Benchmark of the main job: one municipality's report, and all 98.

    python benchmarks/report.py [--all] [--pptx] [--area Gentofte] [--year 2018] [--repeat N]

Prints, all measured in this run on the demo data (``jobstats.demo()``):

1. ``import jobstats`` (a fresh interpreter, best of 5) against ``import pandas``
   alone, and whether importing jobstats pulled in matplotlib, openpyxl or
   reportlab (it must not: they load when a table or figure is rendered);
2. one report, warm (after one untimed run that loads the lazy imports): the
   build split into key figures / tables / figures / verification (the key
   figures: the bundle every other part reads), and the writing split into
   Excel / PDF / Word / HTML / figures (PNG + SVG) / the rest (verification files,
   moving into place); column *same* is the best of ``--repeat`` runs of the same
   report, column *others* the mean over the kommuner of ``--others``, each once
   in the same process, as a batch runs them (what a process keeps from one
   report to the next — text layouts, glyphs, formatted numbers — helps the same
   report again more than the next kommune); with ``--pptx`` also
   ``bilag.pptx`` (its write time and file size);
3. a cProfile top 10 (by own time) of one report, build and write;
4. with ``--all``: all 98 kommuner with ``jobs=1`` and ``jobs=2`` (the ratio is
   the parallel speed-up; on 2 cores it cannot exceed 2); ``--jobs 2`` runs only
   ``jobs=2``.

This is a script to run by hand, not a timed unit test: the numbers depend on
the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

os.environ.setdefault("MPLBACKEND", "Agg")

HEAVY = ("matplotlib", "openpyxl", "reportlab")


def _import_seconds(module: str, repeat: int = 5) -> tuple[float, list[str]]:
    """Best wall time of ``import module`` in a fresh interpreter, and the heavy
    modules that import pulled in."""
    code = (f"import sys, time; t = time.perf_counter(); import {module}; "
            "d = time.perf_counter() - t; "
            f"print(d, ','.join(h for h in {HEAVY!r} if h in sys.modules))"
            )
    best, loaded = float("inf"), []
    root = str(Path(__file__).resolve().parents[1])
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True, cwd=root).stdout.split()
        best = min(best, float(out[0]))
        loaded = out[1].split(",") if len(out) > 1 and out[1] else []
    return best, loaded


def _one_report(frame: object, area: str, year: int, out: Path,
                pptx: bool = False) -> dict[str, float]:
    """Build and write one report; seconds per part.

    The parts of writing are timed inside the real ``write_report`` call by
    wrapping the functions it calls (Excel, the paper's PDF / Word / HTML writers,
    figures) with a stopwatch."""
    import pandas as pd

    import jobstats.figures
    from jobstats.report import ReportOptions, build_report, write_report
    from jobstats.tables import Bilag

    assert isinstance(frame, pd.DataFrame)
    t0 = time.perf_counter()
    report = build_report(frame, ReportOptions(area=area, year=year, pptx=pptx))
    parts = {"build": time.perf_counter() - t0, **report.timings}
    import jobstats.paper.docx
    import jobstats.paper.html
    import jobstats.paper.pdf
    import jobstats.paper.pptx

    spent = {"write: excel": 0.0, "write: pdf": 0.0, "write: figures": 0.0,
             "write: docx": 0.0, "write: html": 0.0, "write: pptx": 0.0}
    paper_writers = [(jobstats.paper.pdf, "write_paper_pdf", "write: pdf"),
                     (jobstats.paper.docx, "write_docx", "write: docx"),
                     (jobstats.paper.html, "write_paper_html", "write: html"),
                     (jobstats.paper.pptx, "write_pptx", "write: pptx")]
    originals = [getattr(module, name) for module, name, _ in paper_writers]

    def timed(key: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[key] += time.perf_counter() - start
        return run

    excel, pdf = Bilag.to_excel, Bilag.to_pdf
    # save_figure too: what write_report called before save_figures existed
    savers = {name: getattr(jobstats.figures, name) for name in ("save_figure", "save_figures")
              if hasattr(jobstats.figures, name)}
    Bilag.to_excel = timed("write: excel", excel)  # type: ignore[method-assign]
    Bilag.to_pdf = timed("write: pdf", pdf)  # type: ignore[method-assign]
    for name, saver in savers.items():
        setattr(jobstats.figures, name, timed("write: figures", saver))
    for (module, name, key), original in zip(paper_writers, originals, strict=True):
        setattr(module, name, timed(key, original))
    try:
        t0 = time.perf_counter()
        write_report(report, out)
        parts["write"] = time.perf_counter() - t0
    finally:
        Bilag.to_excel, Bilag.to_pdf = excel, pdf  # type: ignore[method-assign]
        for name, saver in savers.items():
            setattr(jobstats.figures, name, saver)
        for (module, name, _), original in zip(paper_writers, originals, strict=True):
            setattr(module, name, original)
    parts.update(spent)
    parts["write: rest"] = parts["write"] - sum(spent.values())
    parts["total"] = parts["build"] + parts["write"]
    return parts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--all", action="store_true", help="also all 98 kommuner, jobs=1 and 2")
    parser.add_argument("--area", default="Gentofte")
    parser.add_argument("--year", type=int, default=2018)
    parser.add_argument("--pptx", action="store_true", help="also write bilag.pptx")
    parser.add_argument("--repeat", type=int, default=3, help="runs of one report (best)")
    parser.add_argument("--others", default="Aarhus,Odense,Aalborg,Esbjerg,Vejle",
                        help="kommuner each reported once after it (mean)")
    parser.add_argument("--jobs", default="1,2",
                        help="with --all: the worker counts to run, e.g. 2 (default 1,2)")
    args = parser.parse_args(argv)

    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    t_pd, _ = _import_seconds("pandas")
    t_js, heavy = _import_seconds("jobstats")
    print(f"import pandas           {t_pd:7.3f} s")
    print(f"import jobstats         {t_js:7.3f} s  (x{t_js / t_pd:.2f} of pandas alone; "
          f"heavy modules loaded: {', '.join(heavy) or 'none'})")

    import jobstats

    t0 = time.perf_counter()
    frame = jobstats.demo()
    print(f"load demo data          {time.perf_counter() - t0:7.3f} s  ({len(frame):,} rows)")

    with tempfile.TemporaryDirectory() as tmp:
        cold = _one_report(frame, args.area, args.year, Path(tmp) / "cold", args.pptx)
        print(f"first report (cold)     {cold['total']:7.3f} s  (includes lazy imports)")
        runs = []
        for i in range(max(1, args.repeat)):
            runs.append(_one_report(frame, args.area, args.year, Path(tmp) / f"run{i}",
                                    args.pptx))
        best = {k: min(r[k] for r in runs) for k in runs[0]}
        others = [_one_report(frame, other, args.year, Path(tmp) / f"other{i}", args.pptx)
                  for i, other in enumerate(a for a in args.others.split(",") if a)]
        mean = {k: sum(r[k] for r in others) / len(others) for k in runs[0]} if others else {}
        print(f"one report, {args.year}: same = {args.area} again (best of {len(runs)}), "
              f"others = mean of {len(others)} other kommuner")
        print(f"  {'':<24}{'same':>7}   {'others':>7}")
        for key in ("key figures", "tables", "figures", "verification", "build",
                    "write: excel", "write: pdf", "write: docx", "write: html",
                    *(["write: pptx"] if args.pptx else []), "write: figures",
                    "write: rest", "write", "total"):
            if key not in best:  # e.g. "key figures" before the bundle existed
                continue
            indent = "    " if key in ("key figures", "tables", "figures", "verification") or \
                key.startswith("write:") else "  "
            other = f"{mean[key]:7.3f} s" if key in mean else ""
            print(f"{indent}{key:<22}{best[key]:7.3f} s {other}")
        if args.pptx:
            size = (Path(tmp) / "run0" / "bilag.pptx").stat().st_size
            pngs = sum(p.stat().st_size for p in (Path(tmp) / "run0" / "figurer").glob("*.png"))
            print(f"bilag.pptx {size / 1e6:.2f} MB (the figure PNGs: {pngs / 1e6:.2f} MB)")

        profiler = cProfile.Profile()
        profiler.enable()
        _one_report(frame, args.area, args.year, Path(tmp) / "profile")
        profiler.disable()
        text = io.StringIO()
        stats = pstats.Stats(profiler, stream=text)
        stats.sort_stats("tottime").print_stats(10)
        lines = [ln for ln in text.getvalue().splitlines() if ln.strip()]
        start = next(i for i, ln in enumerate(lines) if ln.lstrip().startswith("ncalls"))
        print("cProfile of one report (build and write), top 10 by own time:")
        print("\n".join("  " + ln for ln in lines[start:start + 11]))

        if args.all:
            from jobstats import taxonomy
            from jobstats.report import ReportOptions, report_all

            kommuner = taxonomy.default().kommuner()
            options = ReportOptions(area=kommuner[0], year=args.year)
            seconds = {}
            for jobs in (int(j) for j in args.jobs.split(",")):
                summary = report_all(jobstats.demo, kommuner, options,
                                     Path(tmp) / f"all{jobs}", jobs=jobs, progress=False)
                seconds[jobs] = summary.seconds
                print(f"all {len(kommuner)} kommuner, jobs={jobs}: {summary.seconds:7.1f} s "
                      f"({summary.count('written')} written, {summary.count('failed')} "
                      f"failed; {summary.seconds / len(kommuner):.2f} s per kommune)")
            if 1 in seconds and 2 in seconds:
                print(f"parallel speed-up jobs=2 vs jobs=1: x{seconds[1] / seconds[2]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
