"""Interrupting ``jobstats report``: real signals sent to a real ``jobstats`` process.

The batch runs on a small data file (six kommuner of the demo data, two years), so
the other 92 kommuner fail fast with ``area_not_in_data`` and a whole run takes
seconds. Each test starts the command in its own session, waits until a worker is
writing a report (a staging folder exists) or one is written, sends the signal and
checks: the command stops within a few seconds, prints a summary, leaves no staging
folder and no worker process behind.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from jobstats.demodata import demo
from jobstats.load.parquet import write_parquet
from jobstats.report.batch import remove_stale_staging

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

KEEP = ["København", "Frederiksberg", "Dragør", "Tårnby", "Albertslund", "Ballerup",
        "Hele landet", "Østdanmark", "Region Hovedstaden", "Landsdel Byen København",
        "Landsdel Københavns omegn"]
JOBSTATS = [sys.executable, "-c", "import sys; from jobstats.cli import main; sys.exit(main())"]


@pytest.fixture(scope="module")
def small_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    f = demo()
    year = f["period"].dt.year
    part = f[(year >= 2017) & (year <= 2018) & f["area"].isin(KEEP)]
    part = part.assign(area=part["area"].cat.remove_unused_categories())
    return write_parquet(part, tmp_path_factory.mktemp("data") / "small.parquet")


def _start(args: list[str], out: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "MPLBACKEND": "Agg"}
    return subprocess.Popen([*JOBSTATS, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env, start_new_session=True, cwd=out.parent)


def _batch(data: Path, out: Path, *extra: str) -> list[str]:
    return ["report", "--all", "--year", "2018", "--data", str(data), "--out", str(out),
            "--jobs", "2", "--quiet", *extra]


def _staging(out: Path) -> list[Path]:
    return sorted(out.glob("*/.jobstats-*")) + sorted(out.glob(".jobstats-*"))


def _wait_until_writing(proc: subprocess.Popen[str], out: Path, timeout: float = 90.0
                        ) -> list[psutil.Process]:
    """Wait until two workers exist and a report is being written (or was written)."""
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        workers = parent.children()
        if len(workers) >= 2 and (_staging(out) or list(out.glob("*/bilag.xlsx"))):
            return workers
        time.sleep(0.02)
    raise AssertionError("no report was being written within the timeout")


def _gone(procs: list[psutil.Process], timeout: float) -> list[psutil.Process]:
    return psutil.wait_procs(procs, timeout=timeout)[1]


@pytest.fixture
def cleanup() -> Iterator[list[subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []
    yield started
    for proc in started:  # a failing test must not leave its processes running
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()


@pytest.mark.parametrize(("sig", "code", "name"), [(signal.SIGINT, 130, "SIGINT"),
                                                   (signal.SIGTERM, 143, "SIGTERM")])
def test_batch_stops_cleanly_on_a_signal(small_data: Path, tmp_path: Path, sig: int, code: int,
                                         name: str,
                                         cleanup: list[subprocess.Popen[str]]) -> None:
    out = tmp_path / "out"
    proc = _start(_batch(small_data, out), out)
    cleanup.append(proc)
    workers = _wait_until_writing(proc, out)
    t0 = time.monotonic()
    if sig == signal.SIGINT:  # Ctrl-C in a terminal: the whole process group gets SIGINT
        os.killpg(proc.pid, sig)
    else:
        proc.send_signal(sig)
    stdout, stderr = proc.communicate(timeout=20)
    took = time.monotonic() - t0
    assert took < 12, f"took {took:.1f} s to stop"  # 5 s grace for the workers at most
    assert proc.returncode == code, (stdout, stderr)
    assert f"interrupted ({name})" in stderr
    assert "not done" in stderr and "Traceback" not in stderr
    assert _staging(out) == []
    assert _gone(workers, timeout=3) == [], "worker processes outlived the batch"
    # what was written is complete: every written folder has its whole report
    for folder in out.iterdir():
        assert {"bilag.xlsx", "bilag.pdf", "bilag.html", "verifikation.txt"} <= {
            p.name for p in folder.iterdir()}, folder


def test_workers_exit_when_the_parent_is_killed_and_a_rerun_cleans_up(
        small_data: Path, tmp_path: Path, cleanup: list[subprocess.Popen[str]]) -> None:
    out = tmp_path / "out"
    proc = _start(_batch(small_data, out), out)
    cleanup.append(proc)
    workers = _wait_until_writing(proc, out)
    proc.send_signal(signal.SIGKILL)  # the parent only: no chance to clean up
    proc.communicate(timeout=10)
    assert _gone(workers, timeout=5) == [], "workers were left running as orphans"
    assert _staging(out) == []  # each worker removed the staging of its report

    # a run killed outright (workers too) leaves staging folders; the rerun removes them
    proc = _start(_batch(small_data, out), out)
    cleanup.append(proc)
    _wait_until_writing(proc, out)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=10)
    stale = out / "Dragør" / ".jobstats-999999999-planted"  # a pid that cannot exist
    stale.mkdir(parents=True)
    (stale / "bilag.xlsx").write_bytes(b"partial")
    proc = _start(_batch(small_data, out, "--skip-existing", "--no-figures"), out)
    cleanup.append(proc)
    stdout, stderr = proc.communicate(timeout=240)
    assert proc.returncode == 1, stderr  # the kommuner without data fail; nothing else
    assert "Traceback" not in stderr
    assert "92 failed" in stdout + stderr
    assert _staging(out) == []
    for area in KEEP[:6]:
        assert (out / area / "bilag.xlsx").stat().st_size > 1000, area


def test_ctrl_c_on_a_single_report(small_data: Path, tmp_path: Path,
                                   cleanup: list[subprocess.Popen[str]]) -> None:
    out = tmp_path / "single"
    proc = _start(["report", "--area", "København", "--year", "2018", "--data",
                   str(small_data), "--out", str(out)], out)
    cleanup.append(proc)
    deadline = time.monotonic() + 60
    while not _staging(out) and time.monotonic() < deadline:
        assert proc.poll() is None
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=20)
    assert proc.returncode == 130, (stdout, stderr)
    assert "interrupted" in stderr and "Traceback" not in stderr
    assert _staging(out) == []
    assert not (out / "bilag.xlsx").exists()  # nothing half-written


def test_stale_staging_of_a_live_process_is_kept(tmp_path: Path) -> None:
    mine = tmp_path / f".jobstats-{os.getppid()}-x"  # the parent of this test: alive
    dead = tmp_path / ".jobstats-999999999-y"
    old = tmp_path / ".jobstats-abc123"  # the naming of older versions: no pid
    other = tmp_path / "figurer"
    for d in (mine, dead, old, other):
        d.mkdir()
    assert remove_stale_staging(tmp_path) == 2
    assert mine.is_dir() and other.is_dir()
    assert not dead.exists() and not old.exists()


def test_a_swallowed_ctrl_c_still_stops_the_commit(tmp_path: Path) -> None:
    # A KeyboardInterrupt raised inside a C extension's import can be swallowed (lxml,
    # under openpyxl): the signal is remembered and the staging folder never commits.
    from jobstats.interrupts import stop_signals_raise
    from jobstats.report.build import _staging as staging

    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt), stop_signals_raise(), staging(out) as stage:  # noqa: PT012
        (stage / "bilag.xlsx").write_text("partial")
        try:  # a library that swallows the interrupt
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(1)
        except KeyboardInterrupt:
            pass
    assert not (out / "bilag.xlsx").exists()
    assert _staging(out) == []
    # outside the block the signal is forgotten: the next run commits normally
    with staging(out) as stage:
        (stage / "bilag.xlsx").write_text("whole")
    assert (out / "bilag.xlsx").read_text() == "whole"


def test_a_deferred_stop_signal_is_raised_after_the_clean_up() -> None:
    # real signals to this process: held while the block runs, the first one delivered
    # after it to the handler in place (here: raise), a second one not at all
    from jobstats.interrupts import stop_signals_deferred, stop_signals_ignored, stop_signals_raise

    done = []
    with (pytest.raises(KeyboardInterrupt) as info, stop_signals_raise(),  # noqa: PT012
          stop_signals_deferred()):
        os.kill(os.getpid(), signal.SIGINT)
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(0.1)
        done.append("cleaned up")
    assert done == ["cleaned up"]
    assert type(info.value) is KeyboardInterrupt  # the first signal: SIGINT, not SIGTERM
    with stop_signals_ignored(), stop_signals_deferred():  # ignored before: ignored after
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(0.1)


_WORKER = """
import os, signal, sys, threading, time
from pathlib import Path
from jobstats.report import batch
from jobstats.report.build import _staging

batch._IN_WORKER = batch._BUSY = True  # a batch worker writing a report
signal.signal(signal.SIGTERM, batch._worker_sigterm)

def keep_terminating():  # the parent's death: PR_SET_PDEATHSIG, then the watchdog, ...
    for _ in range(3000):
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(0.001)

try:
    with _staging(Path(sys.argv[1])) as stage:
        for i in range(3000):  # a staging folder that takes a while to remove
            (stage / f"f{i}.png").write_bytes(b"x")
        threading.Thread(target=keep_terminating, daemon=True).start()
        time.sleep(10)
finally:
    print("unwound", flush=True)
"""


def test_a_worker_removes_its_staging_although_sigterm_keeps_coming(tmp_path: Path) -> None:
    # when the parent dies a worker gets SIGTERM more than once; the first unwinds the
    # report, the others must not cut the removal of its staging folder short
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-c", _WORKER, str(out)], capture_output=True,
                          text=True, timeout=60, check=False)
    assert proc.returncode == 128 + signal.SIGTERM, proc.stderr[-2000:]
    assert "unwound" in proc.stdout
    assert _staging(out) == []
