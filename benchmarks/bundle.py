"""Benchmark of the report's data part: N reports built in one batch cache, no figures.

    python benchmarks/bundle.py [--areas 20] [--rounds 3] [--against DIR]

Builds the reports of the first ``--areas`` kommuner (2018, demo data) one after
the other inside one batch cache, as a ``report_all`` worker does, without
figures: the key figures, the tables, the checks and the paper. Prints the wall
and CPU seconds of each round (CPU time is less disturbed by other work on a
shared machine) and the sum of each part of ``Report.timings``.

``--against DIR`` runs the same in a checkout of another version (e.g. an
exported ``main``) in alternating rounds, each in a fresh interpreter, and prints
the ratio of the medians (this / other). A script to run by hand, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_RUN = """
import json, sys, time
sys.path.insert(0, {root!r})
import jobstats
from jobstats import taxonomy
from jobstats.report import ReportOptions, build_report
from jobstats.batch_cache import sharing
frame = jobstats.demo()
areas = taxonomy.default().kommuner()[:{areas}]
build_report(frame, ReportOptions(area=areas[0], year=2018, figures=False))  # imports
parts = {{}}
wall, cpu = time.perf_counter(), time.process_time()
with sharing(frame):
    for area in areas:
        report = build_report(frame, ReportOptions(area=area, year=2018, figures=False))
        for key, seconds in report.timings.items():
            parts[key] = parts.get(key, 0.0) + seconds
print(json.dumps({{"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu,
                  "parts": parts, "module": jobstats.__file__}}))
"""


def _round(root: Path, areas: int) -> dict[str, object]:
    out = subprocess.run([sys.executable, "-c", _RUN.format(root=str(root), areas=areas)],
                         capture_output=True, text=True, check=True, cwd=root,
                         env={**os.environ, "MPLBACKEND": "Agg"})
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    if not str(result["module"]).startswith(str(root)):
        raise SystemExit(f"{root} did not provide jobstats ({result['module']})")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--areas", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--against", type=Path, help="a checkout of another version")
    args = parser.parse_args(argv)
    versions = {"this": ROOT}
    if args.against is not None:
        versions["other"] = args.against.resolve()
    runs: dict[str, list[dict[str, object]]] = {name: [] for name in versions}
    for n in range(args.rounds):
        for name, root in versions.items():
            result = _round(root, args.areas)
            runs[name].append(result)
            parts = result["parts"]
            assert isinstance(parts, dict)
            split = ", ".join(f"{k} {v:.2f}" for k, v in parts.items())
            print(f"round {n + 1} {name:5s}: {args.areas} reports in "
                  f"{result['wall']:.2f} s wall, {result['cpu']:.2f} s CPU ({split})")
    medians = {name: {what: statistics.median(float(str(r[what])) for r in rs)
                      for what in ("wall", "cpu")} for name, rs in runs.items()}
    for name, m in medians.items():
        print(f"median {name:5s}: {m['wall']:.2f} s wall, {m['cpu']:.2f} s CPU")
    if "other" in medians:
        print(f"this / other: wall x{medians['this']['wall'] / medians['other']['wall']:.2f}, "
              f"CPU x{medians['this']['cpu'] / medians['other']['cpu']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
