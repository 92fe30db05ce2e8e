"""Benchmark of the report's data part: reports of different kommuner built one after the
other in one batch cache, no figures.

    python benchmarks/bundle.py [--areas Gentofte,Aarhus,...|N] [--rounds 3] [--against DIR]

Builds the reports (2018, demo data) of several different kommuner one after the
other inside one batch cache, as a ``report_all`` worker does, without figures:
the key figures, the tables, the checks and the paper. The batch cache is filled
first by one report of another kommune (Læsø; in a batch of 98 that cost is
shared by all) and printed apart as "batch setup". Different kommuner, not one
repeated: a report repeated finds its own numbers in warm caches. Prints the CPU
seconds of each round (less disturbed by other work on a shared machine than the
wall clock) and, per kommune, each part of ``Report.timings``.

``--against DIR`` runs the same in a checkout of another version (e.g. a ``git
worktree`` of ``main``) in alternating rounds, each in a fresh interpreter, and
prints the medians per kommune and part side by side with their ratio (other /
this: how many times faster this version is). A script to run by hand, not a test.
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

AREAS = ("Gentofte", "Aarhus", "Odense", "Aalborg", "Esbjerg", "Vejle", "Randers", "Viborg",
         "Kolding")

_RUN = """
import json, sys, time
sys.path.insert(0, {root!r})
import jobstats
from jobstats import taxonomy
from jobstats.report import ReportOptions, build_report
from jobstats.batch_cache import sharing
frame = jobstats.demo()
areas = {areas!r}
build_report(frame, ReportOptions(area="Gentofte", year=2018, figures=False))  # imports
parts = {{}}
with sharing(frame):
    setup = time.process_time()
    build_report(frame, ReportOptions(area="Læsø", year=2018, figures=False))
    setup = time.process_time() - setup
    wall, cpu = time.perf_counter(), time.process_time()
    for area in areas:
        report = build_report(frame, ReportOptions(area=area, year=2018, figures=False))
        for key, seconds in report.timings.items():
            parts[key] = parts.get(key, 0.0) + seconds
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
print(json.dumps({{"wall": wall, "cpu": cpu, "setup": setup, "parts": parts,
                  "module": jobstats.__file__}}))
"""


def _round(root: Path, areas: tuple[str, ...]) -> dict[str, object]:
    out = subprocess.run([sys.executable, "-c", _RUN.format(root=str(root), areas=areas)],
                         capture_output=True, text=True, check=True, cwd=root,
                         env={**os.environ, "MPLBACKEND": "Agg"})
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    if not str(result["module"]).startswith(str(root)):
        raise SystemExit(f"{root} did not provide jobstats ({result['module']})")
    return result


def _areas(text: str) -> tuple[str, ...]:
    if text.isdigit():
        from jobstats import taxonomy

        return tuple(a for a in taxonomy.default().kommuner() if a != "Læsø")[:int(text)]
    return tuple(a.strip() for a in text.split(",") if a.strip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--areas", type=_areas, default=AREAS,
                        help="kommuner (comma-separated) or a number of them")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--against", type=Path, help="a checkout of another version")
    args = parser.parse_args(argv)
    areas: tuple[str, ...] = args.areas
    versions = {"this": ROOT}
    if args.against is not None:
        versions["other"] = args.against.resolve()
    runs: dict[str, list[dict[str, object]]] = {name: [] for name in versions}
    for n in range(args.rounds):
        for name, root in versions.items():
            result = _round(root, areas)
            runs[name].append(result)
            parts = result["parts"]
            assert isinstance(parts, dict)
            split = ", ".join(f"{k} {v:.2f}" for k, v in parts.items())
            print(f"round {n + 1} {name:5s}: {len(areas)} reports in "
                  f"{result['wall']:.2f} s wall, {result['cpu']:.2f} s CPU ({split}); "
                  f"batch setup {result['setup']:.2f} s CPU")
    rows: dict[str, dict[str, float]] = {}
    for name, rs in runs.items():
        per = {"CPU, all parts": statistics.median(float(str(r["cpu"])) for r in rs),
               "wall, all parts": statistics.median(float(str(r["wall"])) for r in rs)}
        keys = [k for k in rs[0]["parts"] if k != "figures"]  # type: ignore[attr-defined]
        for k in keys:
            per[f"wall, {k}"] = statistics.median(
                float(r["parts"][k]) for r in rs)  # type: ignore[index]
        rows[name] = {k: v / len(areas) for k, v in per.items()}
        rows[name]["batch setup, CPU (once)"] = statistics.median(
            float(str(r["setup"])) for r in rs)
    print(f"\nmedian of {args.rounds} rounds, seconds per kommune over {len(areas)} "
          f"different kommuner ({', '.join(areas)}):")
    header = f"{'':28s}" + "".join(f"{n:>10s}" for n in rows)
    print(header + ("   other/this" if "other" in rows else ""))
    for key in rows["this"]:
        line = f"{key:28s}" + "".join(f"{rows[n].get(key, float('nan')):10.3f}" for n in rows)
        if "other" in rows and rows["this"].get(key):
            line += f"   x{rows['other'].get(key, float('nan')) / rows['this'][key]:.2f}"
        print(line)
    if "other" in rows:  # each round's pair ran back to back: less disturbed by drift
        pairs = sorted(float(str(o["cpu"])) / float(str(t["cpu"]))
                       for t, o in zip(runs["this"], runs["other"], strict=True))
        print(f"CPU other/this per round: {', '.join(f'x{p:.2f}' for p in pairs)} "
              f"(median x{statistics.median(pairs):.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
