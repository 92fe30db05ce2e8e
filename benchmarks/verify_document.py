"""Benchmark of ``jobstats verify-document`` on a paper of about 150 kB.

    python benchmarks/verify_document.py [--kb 150] [--repeat 3]

The paper is built in this run from the test papers (tests/fixtures/verify/papers)
and, when present, the real 2023 Gentofte paper in ../shared/papers, repeated
with renumbered headings until it has ``--kb`` kilobytes. Prints, best of
``--repeat`` runs, all measured in this run:

1. the baseline: reading the file and finding every number in it with the
   extraction regex (the floor any checker must pay);
2. ``check_document`` in-process (tables, prose claims, cross checks);
3. the command ``jobstats verify-document PAPER --json`` end to end in a fresh
   interpreter (import included);

and the ratios 2/1 and 3/1, and whether 3 is under the 5 s target.
This is a script to run by hand, not a timed unit test.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from jobstats.verify import check_document
from jobstats.verify.extract import _QUANTITY

REPO = Path(__file__).resolve().parents[1]
SOURCES = [REPO / "tests" / "fixtures" / "verify" / "papers" / "kvartal_ok.md",
           REPO / "tests" / "fixtures" / "verify" / "papers" / "kvartal_errors.md",
           REPO.parent / "shared" / "papers" / "gentofte_ebi_2023-08-29.txt"]


def build_paper(kb: int) -> str:
    """A paper of at least ``kb`` kilobytes from the sources, headings renumbered."""
    texts = [p.read_text(encoding="utf-8") for p in SOURCES if p.is_file()]
    parts: list[str] = []
    size = 0
    n = 0
    while size < kb * 1000:
        for text in texts:
            n += 1
            part = f"# Del {n}\n\n" + text.replace("Tabel ", f"Tabel {n}.")
            parts.append(part)
            size += len(part.encode("utf-8"))
    return "\n\n".join(parts)


def best(fn: object, repeat: int) -> float:
    assert callable(fn)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--kb", type=int, default=150)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "paper.md"
        path.write_text(build_paper(args.kb), encoding="utf-8")
        size = path.stat().st_size

        def baseline() -> int:
            return sum(1 for _ in _QUANTITY.finditer(path.read_text(encoding="utf-8")))

        numbers = baseline()
        report = check_document(path)
        t_base = best(baseline, args.repeat)
        t_check = best(lambda: check_document(path), args.repeat)
        cmd = [sys.executable, "-m", "jobstats.cli", "verify-document", str(path), "--json"]
        t_cli = best(lambda: subprocess.run(cmd, capture_output=True, check=False),
                     args.repeat)
    n = report.counts()
    print(f"paper: {size / 1000:.0f} kB, {numbers} numbers, {report.tables} tables, "
          f"{report.checked} claims ({n['inconsistent']} inconsistent), "
          f"{len(report.unparsed)} unparsed")
    print(f"1. baseline (read + find numbers):   {t_base * 1000:8.1f} ms")
    print(f"2. check_document, in-process:       {t_check * 1000:8.1f} ms  "
          f"({t_check / t_base:.0f}× baseline)")
    print(f"3. jobstats verify-document --json:  {t_cli * 1000:8.1f} ms  "
          f"({t_cli / t_base:.0f}× baseline)")
    print(f"target < 5 s for a {args.kb} kB paper: {'met' if t_cli < 5 else 'MISSED'}")


if __name__ == "__main__":
    main()
