"""The quarterly-report notebook runs from top to bottom (it is stored as text)."""

from __future__ import annotations

import os
import runpy
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK = REPO / "notebooks" / "quarterly_report.py"


def test_notebook_is_a_valid_jupytext_notebook() -> None:
    jupytext = pytest.importorskip("jupytext")
    nb = jupytext.read(NOTEBOOK)
    kinds = [cell.cell_type for cell in nb.cells]
    assert kinds.count("markdown") >= 6
    assert kinds.count("code") >= 8


def test_notebook_executes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.chdir(REPO)
    out = REPO / "notebook_output"
    try:
        runpy.run_path(str(NOTEBOOK), run_name="__main__")
        for name in ("bilag.xlsx", "bilag.pdf", "bilag.html", "figur1.png", "figur2.svg"):
            assert (out / name).stat().st_size > 0, name
    finally:
        for f in out.glob("*"):
            f.unlink()
        if out.exists():
            os.rmdir(out)
