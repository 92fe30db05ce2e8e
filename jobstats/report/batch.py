"""Reports for many municipalities: one folder each, in parallel, with a summary.

Workers are processes (matplotlib and pandas hold the GIL); each loads the data
once and computes once what every municipality shares (the rows of each
measure, the national annual averages, the kommune population shares behind
the ranking and the map; see :mod:`jobstats.batch_cache`). A failure in one
municipality is recorded and the others go on.

Interruption (see ``docs/reliability.md``): on SIGINT (Ctrl-C) or SIGTERM the
parent cancels what has not started, stops the workers (a worker removes the
staging folder of the report it was writing), and returns a summary of what
was written, marked interrupted. A worker exits by itself when its parent dies
(``PR_SET_PDEATHSIG`` on Linux, and a watchdog thread everywhere). Staging
folders ``<area>/.jobstats-<pid>-*`` left by a run that was killed outright
(SIGKILL) are removed by the next run.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, replace
from pathlib import Path
from types import FrameType
from typing import Any

import pandas as pd

from jobstats.errors import JobstatsError, one_line
from jobstats.interrupts import stop_signals_ignored, stop_signals_raise
from jobstats.report.build import ReportOptions, build_report, write_report

__all__ = ["BatchResult", "BatchSummary", "remove_stale_staging", "report_all"]

_FRAME: pd.DataFrame | None = None
_IN_WORKER = False  # this process is a batch worker (set by _init)
_BUSY = False  # a worker is building or writing a report (SIGTERM then cleans up first)
_GRACE = 5.0  # seconds the workers get to remove their staging folder when stopped


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
    interrupted: str | None = None
    """``"SIGINT"``/``"SIGTERM"`` when the run was stopped (areas not done: ``not_done``)."""

    def count(self, status: str) -> int:
        """How many areas ended with ``status``."""
        return sum(r.status == status for r in self.results)

    def format(self) -> str:
        """Written / skipped / failed, then one line per area that was not written."""
        head = (f"{self.count('written')} written, {self.count('skipped')} skipped, "
                f"{self.count('failed')} failed")
        if self.interrupted:
            not_done = [r.area for r in self.results if r.status == "not_done"]
            lines = [f"interrupted ({self.interrupted}) after {self.seconds:.1f} s: {head}, "
                     f"{len(not_done)} not done (no partial files were left)"]
            if not_done:
                shown = ", ".join(not_done[:10]) + (" ..." if len(not_done) > 10 else "")
                lines.append(f"  not done: {shown}; run again with --skip-existing to finish")
        else:
            lines = [f"{head} in {self.seconds:.1f} s"]
        lines += [f"  {r.status}: {r.area}: {r.reason}" for r in self.results
                  if r.status not in ("written", "not_done")]
        flagged = [r for r in self.results if r.inconsistent]
        lines += [f"  verification: {r.area}: {r.inconsistent} inconsistent printed numbers"
                  for r in flagged]
        return "\n".join(lines)


def _init(loader: Callable[[], pd.DataFrame], figures: bool = True,
          parent: int | None = None) -> None:
    """A worker process: load the data and share area-independent work for its life
    (and, with figures, keep the figure renderers and their text metrics).

    Ctrl-C is left to the parent (the terminal sends SIGINT to every process of the
    group); SIGTERM stops the worker after the report in progress has removed its
    staging folder; the worker exits when ``parent`` dies."""
    from jobstats.batch_cache import share_from_now_on

    global _FRAME, _IN_WORKER
    _IN_WORKER = True
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _worker_sigterm)
    if parent is not None:
        _exit_with_parent(parent)
    os.environ.setdefault("MPLBACKEND", "Agg")
    _FRAME = loader()
    share_from_now_on(_FRAME)
    if figures:
        from jobstats.figures.save import keep_renderers

        keep_renderers()


def _worker_sigterm(signum: int, _frame: FrameType | None) -> None:
    # once: the parent's death sends SIGTERM twice (PR_SET_PDEATHSIG and the watchdog),
    # and a second SystemExit would cut the removal of the staging folder short
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if _BUSY:
        raise SystemExit(128 + signum)  # unwinds write_report: its staging is removed
    os._exit(128 + signum)


def _exit_with_parent(parent: int) -> None:
    """SIGTERM this worker when ``parent`` dies: prctl(PR_SET_PDEATHSIG) on Linux, and a
    watchdog thread (any POSIX system) that checks the parent id twice a second."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGTERM, 0, 0, 0)  # PR_SET_PDEATHSIG = 1
        except (OSError, AttributeError):  # pragma: no cover - no libc prctl
            pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(_GRACE)
        os._exit(1)

    if os.getppid() != parent:  # pragma: no cover - the parent died while we started
        os._exit(1)
    threading.Thread(target=watch, name="jobstats-parent-watchdog", daemon=True).start()


def _one(options: ReportOptions, out: Path) -> BatchResult:
    global _BUSY
    assert _FRAME is not None
    t0 = time.perf_counter()
    _BUSY = True
    try:
        report = build_report(_FRAME, options)
        write_report(report, out)
    except SystemExit as exc:  # SIGTERM in a worker: the staging folder is gone by now
        if not _IN_WORKER:
            raise
        os._exit(exc.code if isinstance(exc.code, int) else 1)
    except JobstatsError as exc:
        return BatchResult(options.area, "failed", one_line(exc), time.perf_counter() - t0)
    except Exception as exc:  # one municipality must not stop the other 97
        text = " ".join(str(exc).split())[:200]
        return BatchResult(options.area, "failed",
                           f"internal error (a bug): {type(exc).__name__}: {text}",
                           time.perf_counter() - t0)
    finally:
        _BUSY = False
    bad = sum(c.verdict.inconsistent for c in report.verification.checks)
    return BatchResult(options.area, "written", "", time.perf_counter() - t0, bad)


_STAGING = re.compile(r"^\.jobstats-(?:(\d+)-)?")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def remove_stale_staging(folder: str | Path, only_pids: set[int] | None = None) -> int:
    """Remove the staging folders (``.jobstats-<pid>-*``) in ``folder`` whose writing
    process is gone (or, with ``only_pids``, that those processes wrote); returns how
    many were removed. A staging folder of a live process is left alone."""
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        m = _STAGING.match(entry.name)
        if m is None or not entry.is_dir(follow_symlinks=False):
            continue
        pid = int(m.group(1)) if m.group(1) else None
        if only_pids is not None:
            if pid not in only_pids:
                continue
        elif pid is not None and pid != os.getpid() and _alive(pid):
            continue
        shutil.rmtree(entry.path, ignore_errors=True)
        removed += 1
    return removed


def _stop_pool(pool: ProcessPoolExecutor) -> set[int]:
    """Cancel what has not started and stop the workers: SIGTERM (each removes the
    staging folder of the report it was writing), SIGKILL after a grace period."""
    processes = dict(getattr(pool, "_processes", None) or {})
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in processes.values():
        with contextlib.suppress(OSError, ValueError, AttributeError):
            proc.terminate()
    deadline = time.monotonic() + _GRACE
    for proc in processes.values():
        proc.join(max(0.0, deadline - time.monotonic()))
    for proc in processes.values():
        if proc.is_alive():
            proc.kill()
            proc.join(1.0)
    return set(processes)


def report_all(loader: Callable[[], pd.DataFrame], areas: Sequence[str], options: ReportOptions,
               out: str | Path, *, jobs: int | None = None, progress: bool = True,
               skip_existing: bool = False) -> BatchSummary:
    """Build and write a report per area into ``out/<area>/``.

    ``loader`` returns the data (it runs once per worker process, so it must be
    a picklable, module-level function such as :func:`jobstats.demo`). ``jobs``
    defaults to the number of CPU cores. ``skip_existing`` skips areas whose
    folder already holds a ``bilag.xlsx``. Staging folders left in ``out/<area>/`` by
    a run that was killed are removed first.

    SIGINT/SIGTERM (in the main thread) stop the run: what has not started is
    cancelled, the workers stop and remove their staging folders, and the summary
    returned has ``interrupted`` set and status ``not_done`` for the areas not written.
    """
    from tqdm import tqdm

    out = Path(out)
    t0 = time.perf_counter()
    results: list[BatchResult] = []
    todo: list[tuple[ReportOptions, Path]] = []
    for area in areas:
        folder = out / area
        remove_stale_staging(folder)
        if skip_existing and (folder / "bilag.xlsx").is_file():
            results.append(BatchResult(area, "skipped", "already written"))
        else:
            todo.append((replace(options, area=area), folder))
    workers = max(1, min(jobs or os.cpu_count() or 1, len(todo) or 1))
    bar = tqdm(total=len(todo), unit="kommune", disable=not progress, file=sys.stderr)
    interrupted: str | None = None
    with stop_signals_raise():
        try:
            if workers == 1:
                _run_here(loader, options, todo, results, bar)
            else:
                interrupted = _run_pool(loader, options, todo, results, bar, workers, out)
        except KeyboardInterrupt as exc:
            interrupted = _signal_name(exc)
    bar.close()
    if interrupted:
        done = {r.area for r in results}
        results += [BatchResult(o.area, "not_done", "interrupted") for o, _ in todo
                    if o.area not in done]
        for _opts, folder in todo:  # the area folders this run created and left empty
            with contextlib.suppress(OSError):
                folder.rmdir()
    order = {a: i for i, a in enumerate(areas)}
    results.sort(key=lambda r: order.get(r.area, len(order)))
    return BatchSummary(tuple(results), time.perf_counter() - t0, interrupted)


def _signal_name(exc: KeyboardInterrupt) -> str:
    signum = getattr(exc, "signum", signal.SIGINT)
    return signal.Signals(signum).name


def _run_here(loader: Callable[[], pd.DataFrame], options: ReportOptions,
              todo: list[tuple[ReportOptions, Path]], results: list[BatchResult],
              bar: Any) -> None:
    from contextlib import AbstractContextManager, nullcontext

    from jobstats.batch_cache import sharing

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


def _run_pool(loader: Callable[[], pd.DataFrame], options: ReportOptions,
              todo: list[tuple[ReportOptions, Path]], results: list[BatchResult],
              bar: Any, workers: int, out: Path) -> str | None:
    """Run the reports in worker processes; the signal name if interrupted."""
    pool = ProcessPoolExecutor(workers, initializer=_init,
                               initargs=(loader, options.figures, os.getpid()))
    try:
        futures: list[Future[BatchResult]] = []
        for opts, folder in todo:
            futures.append(pool.submit(_one, opts, folder))
        for fut in as_completed(futures):
            result = fut.result()
            results.append(result)
            bar.set_postfix_str(result.area)
            bar.update()
    except KeyboardInterrupt as exc:
        with stop_signals_ignored():
            pids = _stop_pool(pool)
            for f in futures:  # reports that finished while we were stopping
                if f.done() and not f.cancelled() and f.exception() is None:
                    r = f.result()
                    if r not in results:
                        results.append(r)
            for _opts, folder in todo:  # a worker killed outright left its staging
                remove_stale_staging(folder, only_pids=pids)
        return _signal_name(exc)
    pool.shutdown(wait=True)
    return None
