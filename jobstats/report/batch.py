"""Reports for many municipalities: one folder each, in parallel, with a summary.

Workers are processes (matplotlib and pandas hold the GIL); each loads the data
once and computes once what every municipality shares (the rows of each
measure, the national annual averages, the kommune population shares behind
the ranking and the map; see :mod:`jobstats.tables.batch_cache`). A failure in one
municipality is recorded and the others go on.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from jobstats.errors import JobstatsError
from jobstats.report.build import ReportOptions, build_report, write_report

__all__ = ["BatchResult", "BatchSummary", "report_all"]

_FRAME: pd.DataFrame | None = None


@dataclass(frozen=True)
class BatchResult:
    """The outcome for one area: ``written``, ``skipped`` or ``failed`` (with a reason)."""

    area: str
    status: str
    reason: str = ""
    seconds: float = 0.0
    inconsistent: int = 0


@dataclass(frozen=True)
class BatchSummary:
    """Every area's outcome and the wall time."""

    results: tuple[BatchResult, ...]
    seconds: float

    def count(self, status: str) -> int:
        """How many areas ended with ``status``."""
        return sum(r.status == status for r in self.results)

    def format(self) -> str:
        """Written / skipped / failed, then one line per area that was not written."""
        lines = [f"{self.count('written')} written, {self.count('skipped')} skipped, "
                 f"{self.count('failed')} failed in {self.seconds:.1f} s"]
        lines += [f"  {r.status}: {r.area}: {r.reason}" for r in self.results
                  if r.status != "written"]
        flagged = [r for r in self.results if r.inconsistent]
        lines += [f"  verification: {r.area}: {r.inconsistent} inconsistent printed numbers"
                  for r in flagged]
        return "\n".join(lines)


def _init(loader: Callable[[], pd.DataFrame], figures: bool = True) -> None:
    """A worker process: load the data and share area-independent work for its life
    (and, with figures, keep the figure renderers and their text metrics)."""
    from jobstats.tables.batch_cache import share_from_now_on

    global _FRAME
    os.environ.setdefault("MPLBACKEND", "Agg")
    _FRAME = loader()
    share_from_now_on(_FRAME)
    if figures:
        from jobstats.figures.save import keep_renderers

        keep_renderers()


def _one(options: ReportOptions, out: Path) -> BatchResult:
    assert _FRAME is not None
    t0 = time.perf_counter()
    try:
        report = build_report(_FRAME, options)
        write_report(report, out)
    except JobstatsError as exc:
        reason = str(exc).splitlines()[-1].strip(" -")
        return BatchResult(options.area, "failed", reason, time.perf_counter() - t0)
    except Exception as exc:  # one municipality must not stop the other 97
        return BatchResult(options.area, "failed", f"{type(exc).__name__}: {exc}",
                           time.perf_counter() - t0)
    bad = sum(c.verdict.inconsistent for c in report.verification.checks)
    return BatchResult(options.area, "written", "", time.perf_counter() - t0, bad)


def report_all(loader: Callable[[], pd.DataFrame], areas: Sequence[str], options: ReportOptions,
               out: str | Path, *, jobs: int | None = None, progress: bool = True,
               skip_existing: bool = False) -> BatchSummary:
    """Build and write a report per area into ``out/<area>/``.

    ``loader`` returns the data (it runs once per worker process, so it must be
    a picklable, module-level function such as :func:`jobstats.demo`). ``jobs``
    defaults to the number of CPU cores. ``skip_existing`` skips areas whose
    folder already holds a ``bilag.xlsx``.
    """
    from tqdm import tqdm

    out = Path(out)
    t0 = time.perf_counter()
    results: list[BatchResult] = []
    todo: list[tuple[ReportOptions, Path]] = []
    for area in areas:
        folder = out / area
        if skip_existing and (folder / "bilag.xlsx").is_file():
            results.append(BatchResult(area, "skipped", "already written"))
        else:
            todo.append((replace(options, area=area), folder))
    workers = max(1, min(jobs or os.cpu_count() or 1, len(todo) or 1))
    bar = tqdm(total=len(todo), unit="kommune", disable=not progress, file=sys.stderr)
    if workers == 1:
        from contextlib import AbstractContextManager, nullcontext

        from jobstats.tables.batch_cache import sharing

        global _FRAME
        os.environ.setdefault("MPLBACKEND", "Agg")
        _FRAME = loader()
        renderers: AbstractContextManager[None]
        if options.figures:
            from jobstats.figures.save import keeping_renderers

            renderers = keeping_renderers()
        else:
            renderers = nullcontext()
        try:
            with sharing(_FRAME), renderers:
                for opts, folder in todo:
                    results.append(_one(opts, folder))
                    bar.set_postfix_str(opts.area)
                    bar.update()
        finally:
            _FRAME = None
    else:
        with ProcessPoolExecutor(workers, initializer=_init,
                                 initargs=(loader, options.figures)) as pool:
            futures = [pool.submit(_one, opts, folder) for opts, folder in todo]
            for fut in as_completed(futures):
                result = fut.result()
                results.append(result)
                bar.set_postfix_str(result.area)
                bar.update()
    bar.close()
    order = {a: i for i, a in enumerate(areas)}
    results.sort(key=lambda r: order.get(r.area, len(order)))
    return BatchSummary(tuple(results), time.perf_counter() - t0)
