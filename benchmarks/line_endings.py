"""Benchmark: loading a file with CR-only (old Mac) line ends costs what CRLF costs.

    python benchmarks/line_endings.py [--repeat 5]

Loads the real AUK01 and FOLK1AM files (``../shared/data``) with their own CRLF line
ends, with LF and with CR only, best of ``--repeat`` each, and prints each variant's
time as a ratio of the CRLF time measured in the same run. CR-only files were once
read as one enormous header line (34 s for AUK01, quadratic in the file size); the
ratio must stay near 1. A script to run by hand, not a timed unit test.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from jobstats.load.statbank import read_statbank

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
FILES = {"AUK01": "dst_auk01_social_assistance_2007Q1-2025Q4.csv",
         "FOLK1AM": "dst_folk1am_population_2021M10-2026M02.csv"}


def best(data: bytes, table: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        read_statbank(data, table=table)
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"{'table':8} {'size':>9} {'CRLF':>8} {'LF':>14} {'CR only':>14}")
    for table, name in FILES.items():
        crlf = (DATA / name).read_bytes()
        base = best(crlf, table, args.repeat)
        lf = best(crlf.replace(b"\r\n", b"\n"), table, args.repeat)
        cr = best(crlf.replace(b"\r\n", b"\r"), table, args.repeat)
        print(f"{table:8} {len(crlf):>9,} {base * 1000:>6.0f}ms {lf * 1000:>6.0f}ms "
              f"({lf / base:.2f}x) {cr * 1000:>6.0f}ms ({cr / base:.2f}x)")


if __name__ == "__main__":
    main()
