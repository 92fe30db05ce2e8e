"""Benchmark of the paper writers: ``write_paper_pdf`` and ``write_docx``, this version
against a baseline version from git, measured in the same run.

    python benchmarks/paper.py [--baseline REV] [--repeat N]

Builds the Gentofte 2018 paper of the demo data (with ``docs/goals.toml`` and
``docs/usertables.toml``) and its figures once, then writes ``bilag.pdf`` and
``bilag.docx`` with the writers of this work tree and with those of ``REV`` (the
files ``jobstats/paper/pdf.py`` and ``jobstats/paper/docx.py`` as they were at that
commit, loaded beside the current package), alternately, and prints the best of
``--repeat`` runs of each and their ratio: wall time, and the CPU time of the process
(all its threads; steadier than wall time on a busy machine, but it does not show
work that threads do side by side).

It then checks that the output did not change: the two PDFs, written with
reportlab's ``invariant`` switch (no dates or random ids), are rendered page by page
with ``pdftoppm`` (when installed) and the pictures compared pixel for pixel, and
their texts compared; the two Word files' document, styles and pictures are compared
byte for byte.

This is a script to run by hand, not a timed unit test: the numbers depend on the
machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

BASELINE = "bc4b201"
"""The commit before the writers were made faster (landscape pages already in)."""


def _module_at(rev: str, path: str, name: str) -> ModuleType:
    """``path`` of the repository as it was at ``rev``, loaded as module ``name``."""
    source = subprocess.run(["git", "-C", str(REPO), "show", f"{rev}:{path}"],
                            capture_output=True, text=True, check=True).stdout
    spec = importlib.util.spec_from_loader(name, loader=None)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    exec(compile(source, f"{rev}:{path}", "exec"), module.__dict__)
    return module


def _best(function: Callable[[], Any], runs: list[tuple[float, float]]) -> None:
    """Run ``function``; record (wall seconds, CPU seconds of the process)."""
    start, cpu = time.perf_counter(), time.process_time()
    function()
    runs.append((time.perf_counter() - start, time.process_time() - cpu))


def _pages(pdf: Path, folder: Path) -> list[bytes]:
    folder.mkdir()
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(folder / "p")], check=True)
    return [p.read_bytes() for p in sorted(folder.glob("p-*.png"))]


def _pixels(png: bytes) -> bytes:
    import io

    from PIL import Image

    return Image.open(io.BytesIO(png)).convert("RGB").tobytes()


def _docx_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()
                if n in ("word/document.xml", "word/styles.xml") or n.startswith("word/media/")}


def _paper(out: Path) -> tuple[Any, dict[str, Path]]:
    """The Gentofte 2018 paper and its figure files (written into ``out``)."""
    import jobstats
    from jobstats.figures import save_figures
    from jobstats.report.build import ReportOptions, build_report

    report = build_report(jobstats.demo(), ReportOptions(
        area="Gentofte", year=2018, goals=REPO / "docs" / "goals.toml",
        user_tables=REPO / "docs" / "usertables.toml"))
    images = {}
    for spec in report.figures:
        images[spec.name] = out / f"{spec.name}.png"
        save_figures(spec.figure, [images[spec.name]])
    return report.paper, images


def _rgb(paper: Any, images: dict[str, Path], out: Path, repeat: int,
         write: Callable[..., None]) -> None:
    """The PDF writer with the figures as saved (RGBA) and as RGB PNGs."""
    from PIL import Image

    rgb = {}
    for name, path in images.items():
        rgb[name] = out / f"rgb_{path.name}"
        with Image.open(path) as picture:
            picture.convert("RGB").save(rgb[name])
    runs: dict[str, list[tuple[float, float]]] = {"rgba": [], "rgb": []}
    for _ in range(max(1, repeat)):
        for kind, files in (("rgba", images), ("rgb", rgb)):
            _best(functools.partial(write, paper, out / f"{kind}.pdf", files), runs[kind])
    (w0, c0), (w1, c1) = ((min(w for w, _ in runs[k]), min(c for _, c in runs[k]))
                          for k in ("rgba", "rgb"))
    s0, s1 = ((out / f"{k}.pdf").stat().st_size / 1e6 for k in ("rgba", "rgb"))
    print(f"  pdf with RGBA figures: wall {w0:6.3f} s  CPU {c0:6.3f} s  {s0:.3f} MB;  with RGB"
          f" figures: wall {w1:6.3f} s  CPU {c1:6.3f} s  {s1:.3f} MB  (x{w1 / w0:.2f} / "
          f"x{c1 / c0:.2f})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", default=BASELINE, help="git revision to compare with")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each writer (best)")
    parser.add_argument("--rgb", action="store_true",
                        help="also time this PDF writer with the figures as RGB PNGs (they "
                             "go in without decoding) against the RGBA PNGs as saved")
    args = parser.parse_args(argv)

    from jobstats.paper import docx as new_docx
    from jobstats.paper import pdf as new_pdf

    old_pdf = _module_at(args.baseline, "jobstats/paper/pdf.py", "baseline_paper_pdf")
    old_docx = _module_at(args.baseline, "jobstats/paper/docx.py", "baseline_paper_docx")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        paper, images = _paper(out)
        writers = {"pdf": (old_pdf.write_paper_pdf, new_pdf.write_paper_pdf),
                   "docx": (old_docx.write_docx, new_docx.write_docx)}
        print(f"python {sys.version.split()[0]}; baseline {args.baseline}; "
              f"Gentofte 2018, {len(paper.sections)} sections, {len(images)} figures")
        for kind, (old, new) in writers.items():
            for writer in (old, new):  # warm: lazy imports, font metrics
                writer(paper, out / f"warm.{kind}", images)
            before: list[tuple[float, float]] = []
            after: list[tuple[float, float]] = []
            for _ in range(max(1, args.repeat)):
                _best(functools.partial(old, paper, out / f"old.{kind}", images), before)
                _best(functools.partial(new, paper, out / f"new.{kind}", images), after)
            b, a = min(w for w, _ in before), min(w for w, _ in after)
            bc, ac = min(c for _, c in before), min(c for _, c in after)
            print(f"  {kind:<5} wall: before {b:6.3f} s  after {a:6.3f} s  x{a / b:.2f};  "
                  f"CPU: before {bc:6.3f} s  after {ac:6.3f} s  x{ac / bc:.2f}"
                  f"  (best of {len(before)})")
        # the output did not change
        from reportlab import rl_config

        invariant = rl_config.invariant
        rl_config.invariant = 1
        try:
            old_pdf.write_paper_pdf(paper, out / "old.pdf", images)
            new_pdf.write_paper_pdf(paper, out / "new.pdf", images)
        finally:
            rl_config.invariant = invariant
        from pypdf import PdfReader

        texts = [[p.extract_text() for p in PdfReader(str(out / f"{v}.pdf")).pages]
                 for v in ("old", "new")]
        print(f"  pdf: {len(texts[0])} pages before, {len(texts[1])} after; text "
              f"{'identical' if texts[0] == texts[1] else 'DIFFERS'}")
        if shutil.which("pdftoppm"):
            old_pages = _pages(out / "old.pdf", out / "old_pages")
            new_pages = _pages(out / "new.pdf", out / "new_pages")
            same = len(old_pages) == len(new_pages) and all(
                _pixels(a) == _pixels(b) for a, b in zip(old_pages, new_pages, strict=True))
            print(f"  pdf: pages rendered at 50 dpi {'identical' if same else 'DIFFER'} "
                  "pixel for pixel")
        else:
            print("  pdf: pdftoppm not found, pages not compared")
        sizes = [(out / f"{v}.pdf").stat().st_size for v in ("old", "new")]
        print(f"  pdf: {sizes[0] / 1e6:.3f} MB before, {sizes[1] / 1e6:.3f} MB after")
        parts = [_docx_parts(out / f"{v}.docx") for v in ("old", "new")]
        print(f"  docx: document, styles and {sum(n.startswith('word/media/') for n in parts[0])}"
              f" pictures {'identical' if parts[0] == parts[1] else 'DIFFER'}")
        if args.rgb:
            _rgb(paper, images, out, args.repeat, new_pdf.write_paper_pdf)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
