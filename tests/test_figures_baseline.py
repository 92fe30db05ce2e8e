"""Baseline images: every figure type drawn from small fixed frames and compared
with a stored PNG (DejaVu Sans, bundled with matplotlib; fixed size and DPI).

Refresh after an intended change of the look, then look at the PNGs:

    JOBSTATS_REFRESH_BASELINES=1 .venv/bin/pytest tests/test_figures_*.py
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import matplotlib.style as mpl_style
import pytest
from matplotlib.figure import Figure
from matplotlib.testing.compare import compare_images

from jobstats.figures import (
    plot_area_comparison,
    plot_area_lines,
    plot_changes,
    plot_company_offers,
    plot_goals,
    plot_map,
    plot_monthly,
    plot_target_groups,
    plot_tile_map,
    save_figure,
)
from jobstats.figures.style import HOUSE_STYLE
from tests import test_figures_bars as bars
from tests import test_figures_lines as lines
from tests import test_figures_maps as maps

BASELINE = Path(__file__).resolve().parent / "baseline" / "figures"
REFRESH = os.environ.get("JOBSTATS_REFRESH_BASELINES") == "1"
TOLERANCE = 3.0  # RMS over 0-255 pixel values; text or layout changes exceed it
STYLE = replace(HOUSE_STYLE, dpi=60)

CASES: dict[str, Callable[[Path], Figure]] = {
    "fig1_target_groups": lambda _: plot_target_groups(bars.annual_frame(), style=STYLE),
    "fig1_target_groups_en": lambda _: plot_target_groups(bars.annual_frame(), language="en",
                                                          style=STYLE),
    "fig2_changes": lambda _: plot_changes(bars.change_frame(), style=STYLE),
    "fig3_company_offers": lambda _: plot_company_offers(bars.offers_frame(), style=STYLE),
    "fig4_area_comparison": lambda _: plot_area_comparison(bars.share_frame(), "Gentofte",
                                                           "Østdanmark", style=STYLE),
    "fig5_monthly": lambda _: plot_monthly(lines.ltu_frame(), style=STYLE),
    "fig6_area_lines": lambda _: plot_area_lines(lines.share_frame(), "Gentofte", "Østdanmark",
                                                 style=STYLE),
    "fig7a_map": lambda tmp: plot_map(maps.kommune_frame(),
                                      maps.square_geojson(tmp / "squares.geojson"),
                                      area="Gentofte", bins=[0, 2, 4, 6], threshold=3,
                                      style=STYLE),
    "fig7b_tile_map": lambda _: plot_tile_map(maps.kommune_frame(), area="Gentofte",
                                              bins=[0, 2, 4, 6], threshold=3, style=STYLE),
    "fig8_goals": lambda _: plot_goals(
        [("Færre borgere på offentlig forsørgelse", "opnået", "14,6% → 14,2%"),
         ("Flere aktivitetsparate kontanthjælpsmodtagere med ordinære løntimer (år til dato)",
          "på rette vej"),
         ("Flere flygtninge i ustøttet beskæftigelse", "kræver opmærksomhed", "31% → 29%")],
        style=STYLE),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_figure_matches_baseline(name: str, tmp_path: Path) -> None:
    with mpl_style.context("default"):  # no user matplotlibrc leaks in
        fig = CASES[name](tmp_path)
        actual = save_figure(fig, tmp_path / f"{name}.png")
    expected = BASELINE / f"{name}.png"
    if REFRESH:
        BASELINE.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(actual, expected)
        return
    if not expected.is_file():
        pytest.fail(f"no baseline {expected}; create it with "
                    "JOBSTATS_REFRESH_BASELINES=1 .venv/bin/pytest tests/test_figures_*.py")
    diff = compare_images(str(expected), str(actual), tol=TOLERANCE)
    assert diff is None, diff
