"""Benchmark of the report's writers — ``bilag.pdf``, ``bilag.docx``, ``bilag.xlsx`` and
``bilag.html`` — this work tree against a baseline commit, measured in the same run
over several different kommuner, and a check that they write the same files.

    python benchmarks/paper.py [--baseline REV] [--rounds N] [--areas A,B,...]

The reports of the demo data (2018) are built once with this work tree, one per kommune,
as the batch (``jobstats.report_all``) builds them: some in English, one for the period
2018Q2, one with ``docs/goals.toml``. Their papers, appendices and figures (PNG) are
handed to fresh processes, one for this work tree and one for ``REV`` (checked out
into a temporary ``git worktree``), taking turns for ``--rounds`` rounds. Each process
writes the four files of every kommune in turn, once each, as one worker of the batch
does: a process-level cache warmed by one kommune does not hide the cost for the next.
The first kommune of a process pays for the imports and is left out of the mean. Before
a kommune's files are written, the text of every table cell is made once, untimed, as
the report's verification does before the files are written in a batch (number texts
are remembered per process).

Printed: per writer and kommune the CPU time of the process (best of the rounds;
steadier than wall time on a busy machine), the mean per kommune and the ratio
after / before, for each writer and for the three (PDF, Word, Excel) together. The
baseline runs without reportlab's C accelerator (``rl_accel``, which this version
installs), as it did.

Then the output of the last round is compared: the PDFs byte for byte (reportlab's
``invariant`` switch: no dates or random ids) and their pages rendered with
``pdftoppm -r 100`` pixel for pixel (when installed; ``--render N`` kommuner, the
English, the 2018Q2 and the goals paper first); the Word files part by part (all but
``docProps/core.xml``, which holds the time of writing); the workbooks part by part
likewise and read back with openpyxl (every cell's value, number format, font, fill,
border and alignment, the merged cells and the column widths); the HTML byte for byte.

This is a script to run by hand, not a timed unit test: the numbers depend on the
machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import json
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]

BASELINE = "a41d7c1"
"""main before the writers were made faster again (one layout pass, styles once)."""

AREAS = ("Gentofte", "Aarhus", "Odense", "Aalborg", "Esbjerg", "Vejle", "Randers", "Viborg",
         "Kolding")
"""The kommuner, in the order a process writes them (the first one warms it up)."""

EXTRA: dict[str, dict[str, str]] = {
    "Odense": {"language": "en"},
    "Aalborg": {"period": "2018Q2"},
    "Esbjerg": {"goals": "docs/goals.toml"},
    "Viborg": {"language": "en"},
}
"""Options beside the year: an English paper, a partial year, a paper with goals."""

WRITERS = ("pdf", "docx", "xlsx", "html")
ORDER = ("xlsx", "pdf", "html", "docx")
"""The order in which ``write_report`` writes them."""


def _prepare(areas: list[str], out: Path) -> Path:
    """Build each kommune's report and its figures; pickle what the writers need."""
    sys.path.insert(0, str(REPO))
    import jobstats
    from jobstats.figures import save_figures
    from jobstats.report.build import ReportOptions, build_report

    data = jobstats.demo()
    cases = []
    for area in areas:
        extra: dict[str, Any] = {k: (REPO / v if k == "goals" else v)
                                 for k, v in EXTRA.get(area, {}).items()}
        report = build_report(data, ReportOptions(area=area, year=2018, **extra))
        folder = out / "figures" / area
        folder.mkdir(parents=True)
        images = {}
        for spec in report.figures:
            images[spec.name] = folder / f"{spec.name}.png"
            save_figures(spec.figure, [images[spec.name]])
        cases.append((area, report.paper, report.bilag, images))
    path = out / "cases.pickle"
    path.write_bytes(pickle.dumps(cases))
    return path


def _child(tree: str, cases: str, out: str, accel: bool) -> None:
    """Write every kommune's files with the package of ``tree``; print the times."""
    if not accel:
        sys.modules["_rl_accel"] = None  # type: ignore[assignment]  # reportlab's Python code
    sys.path.insert(0, tree)
    from reportlab import rl_config

    rl_config.invariant = 1
    import jobstats
    from jobstats.paper.docx import write_docx
    from jobstats.paper.html import write_paper_html
    from jobstats.paper.pdf import write_paper_pdf

    if not str(Path(jobstats.__file__).resolve()).startswith(str(Path(tree).resolve())):
        raise SystemExit(f"jobstats came from {jobstats.__file__}, not {tree}")
    times: dict[str, dict[str, float]] = {}
    for area, paper, bilag, images in pickle.loads(Path(cases).read_bytes()):
        folder = Path(out) / area
        folder.mkdir(parents=True, exist_ok=True)
        for table in bilag.tables:  # as the report's verification does before (untimed):
            for i in range(len(table.rows)):  # every cell's text, so the remembered
                for j in range(len(table.columns)):  # number texts are there as in a batch
                    table.text(i, j)
        times[area] = {}
        for name in ORDER:
            target = folder / f"bilag.{name}"
            cpu = time.process_time()
            if name == "pdf":
                write_paper_pdf(paper, target, images)
            elif name == "docx":
                write_docx(paper, target, images)
            elif name == "xlsx":
                bilag.to_excel(target)
            else:
                write_paper_html(paper, target, images)
            times[area][name] = time.process_time() - cpu
    print(json.dumps(times))


def _run(tree: Path, cases: Path, out: Path, accel: bool) -> dict[str, dict[str, float]]:
    command = [sys.executable, __file__, "--child", str(tree), "--cases", str(cases),
               "--out", str(out)] + ([] if accel else ["--no-accel"])
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-3000:]}")
    result: dict[str, dict[str, float]] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _zip_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


def _workbook(path: Path) -> list[Any]:
    """What a reader of the workbook sees, sheet by sheet."""
    from openpyxl import load_workbook

    out: list[Any] = []
    for ws in load_workbook(path).worksheets:
        cells = [(c.coordinate, c.value, c.number_format, repr(c.font), repr(c.fill),
                  repr(c.border), repr(c.alignment))
                 for row in ws.iter_rows() for c in row]
        out.append((ws.title, cells, sorted(str(r) for r in ws.merged_cells.ranges),
                    {k: d.width for k, d in ws.column_dimensions.items()},
                    ws.freeze_panes))
    return out


def _pages(pdf: Path, folder: Path) -> list[bytes]:
    from PIL import Image

    folder.mkdir(parents=True)
    subprocess.run(["pdftoppm", "-r", "100", "-png", str(pdf), str(folder / "p")], check=True)
    pages = []
    for page in sorted(folder.glob("p-*.png")):
        with Image.open(page) as picture:
            pages.append(picture.convert("RGB").tobytes())
    return pages


def _compare(before: Path, after: Path, areas: list[str], render: int) -> bool:
    """Print, per kommune, whether each file is the same; True when all are."""
    order = [a for a in AREAS if a in EXTRA] + [a for a in areas if a not in EXTRA]
    shown = set([a for a in order if a in areas][:render]) if shutil.which("pdftoppm") else set()
    same_all = True
    for area in areas:
        old, new = before / area, after / area
        notes = []
        pdf_same = (old / "bilag.pdf").read_bytes() == (new / "bilag.pdf").read_bytes()
        notes.append(f"pdf {'same bytes' if pdf_same else 'bytes DIFFER'}")
        same_all &= pdf_same
        if area in shown:
            a = _pages(old / "bilag.pdf", old / "pages")
            b = _pages(new / "bilag.pdf", new / "pages")
            pixels = len(a) == len(b) and a == b
            notes.append(f"{len(b)} pages at 100 dpi {'same' if pixels else 'DIFFER'}")
            same_all &= pixels
        for kind in ("docx", "xlsx"):
            x, y = _zip_parts(old / f"bilag.{kind}"), _zip_parts(new / f"bilag.{kind}")
            differ = sorted(n for n in set(x) | set(y) if x.get(n) != y.get(n))
            notes.append(f"{kind} parts {'same' if not differ else 'DIFFER: ' + ', '.join(differ)}")
            same_all &= not differ
        read = _workbook(old / "bilag.xlsx") == _workbook(new / "bilag.xlsx")
        notes.append(f"xlsx read back {'same' if read else 'DIFFERS'}")
        html = (old / "bilag.html").read_bytes() == (new / "bilag.html").read_bytes()
        notes.append(f"html {'same' if html else 'DIFFERS'}")
        same_all &= read and html
        print(f"  {area:<9} {EXTRA.get(area, {})!s:<28} " + "; ".join(notes))
    return same_all


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", default=BASELINE, help="git revision to compare with")
    parser.add_argument("--rounds", "--repeat", type=int, default=3,
                        help="rounds of both (best taken)")
    parser.add_argument("--areas", default=",".join(AREAS),
                        help="kommuner, in order (the first warms the process up)")
    parser.add_argument("--render", type=int, default=4,
                        help="kommuner whose PDF pages are compared pixel for pixel")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--cases", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--no-accel", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.child, args.cases, args.out, not args.no_accel)
        return 0

    areas = [a.strip() for a in args.areas.split(",") if a.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        base = out / "baseline"
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", "-q", str(base),
                        args.baseline], check=True)
        try:
            start = time.perf_counter()
            cases = _prepare(areas, out)
            print(f"python {sys.version.split()[0]}; baseline {args.baseline} (without rl_accel); "
                  f"{len(areas)} kommuner prepared in {time.perf_counter() - start:.0f} s; "
                  f"{args.rounds} rounds")
            runs: dict[str, list[dict[str, dict[str, float]]]] = {"before": [], "after": []}
            for _ in range(max(1, args.rounds)):
                runs["before"].append(_run(base, cases, out / "before", accel=False))
                runs["after"].append(_run(REPO, cases, out / "after", accel=True))
            best = {side: {a: {w: min(r[a][w] for r in rs) for w in WRITERS} for a in areas}
                    for side, rs in runs.items()}
            print("CPU seconds per kommune (best of the rounds), before -> after:")
            print(f"  {'kommune':<9} " + "  ".join(f"{w:>17}" for w in WRITERS)
                  + f"  {'pdf+docx+xlsx':>17}")
            for area in areas:
                b, a = best["before"][area], best["after"][area]
                three = [sum(x[w] for w in WRITERS[:3]) for x in (b, a)]
                print(f"  {area:<9} " + "  ".join(f"{b[w]:7.3f} -> {a[w]:6.3f}" for w in WRITERS)
                      + f"  {three[0]:7.3f} -> {three[1]:6.3f}"
                      + ("  (first: imports)" if area == areas[0] else ""))
            rest = areas[1:] or areas
            mean = {side: {w: sum(best[side][a][w] for a in rest) / len(rest) for w in WRITERS}
                    for side in best}
            print(f"  mean of the {len(rest)} after the first:")
            for w in WRITERS:
                print(f"    {w:<5} {mean['before'][w]:6.3f} s -> {mean['after'][w]:6.3f} s   "
                      f"x{mean['before'][w] / mean['after'][w]:4.2f} faster")
            b3 = sum(mean["before"][w] for w in WRITERS[:3])
            a3 = sum(mean["after"][w] for w in WRITERS[:3])
            print(f"    pdf + docx + xlsx {b3:6.3f} s -> {a3:6.3f} s   x{b3 / a3:4.2f} faster")
            print("Output of the last round, before against after:")
            same = _compare(out / "before", out / "after", areas, args.render)
            print("  all the same" if same else "  SOME OUTPUT DIFFERS")
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(base)],
                           check=False)
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
