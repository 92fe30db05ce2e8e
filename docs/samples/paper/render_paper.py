"""Render the sample committee paper from the demo data (run by hand).

    .venv/bin/python docs/samples/paper/render_paper.py

Runs ``jobstats report`` for Gentofte 2018 with the example goals file and own
tables of ``docs/``, keeps ``bilag.pdf``, ``bilag.docx``, ``bilag.pptx``,
``bilag.html`` and ``bilag.xlsx`` here, and renders pictures of pages for the README:
PDF pages with ``pdftoppm`` (poppler-utils), a Word page and a slide by converting the
.docx and the .pptx with LibreOffice (``soffice --headless --convert-to pdf``) when it
is installed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
sys.path.insert(0, str(REPO))


def main() -> None:
    from jobstats.cli import main as cli

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        code = cli(["report", "--area", "Gentofte", "--year", "2018", "--out", str(out),
                    "--goals", str(REPO / "docs" / "goals.toml"),
                    "--tables", str(REPO / "docs" / "usertables.toml"),
                    "--compare", "Østdanmark,Nordlige omegnskommuner", "--pptx",
                    "--quiet"])
        if code != 0:
            raise SystemExit(f"jobstats report failed with exit code {code}")
        for name in ("bilag.pdf", "bilag.docx", "bilag.pptx", "bilag.html", "bilag.xlsx"):
            shutil.copy(out / name, HERE / name)
    for page in (1, 3, 4, 5):
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", str(page), "-l", str(page),
                        "-singlefile", str(HERE / "bilag.pdf"), str(HERE / f"pdf_side{page}")],
                       check=True)
    soffice = shutil.which("soffice")
    if soffice is None:
        print("soffice not found: the Word page picture is not rendered")
        return
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", tmp,
                        str(HERE / "bilag.docx")], check=True, capture_output=True)
        for page in (3, 4):
            subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", str(page), "-l", str(page),
                            "-singlefile", str(Path(tmp) / "bilag.pdf"),
                            str(HERE / f"word_side{page}")], check=True)
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", tmp,
                               str(HERE / "bilag.pptx")], capture_output=True)
        if done.returncode != 0 or not (Path(tmp) / "bilag.pdf").is_file():
            print("soffice could not convert the slides (Impress not installed?): "
                  "the slide picture is not rendered")
            return
        subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "3", "-l", "3", "-singlefile",
                        str(Path(tmp) / "bilag.pdf"), str(HERE / "pptx_slide3")], check=True)


if __name__ == "__main__":
    main()
