"""Saving figures faster must not change them: the axis boxes kept during a save
and one layout shared by PNG and SVG (``save_figures``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import matplotlib.style as mpl_style
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure

from jobstats.figures import (
    plot_area_lines,
    plot_changes,
    plot_company_offers,
    plot_target_groups,
    plot_tile_map,
    save_figure,
    save_figures,
)
from jobstats.figures.render_cache import _AXIS_BOXES
from tests import test_figures_bars as bars
from tests import test_figures_lines as lines
from tests import test_figures_maps as maps
from tests.conftest import real_file

CASES: dict[str, Callable[[], Figure]] = {
    "target_groups": lambda: plot_target_groups(bars.annual_frame()),
    "changes": lambda: plot_changes(bars.change_frame()),
    "company_offers": lambda: plot_company_offers(bars.offers_frame()),
    "area_lines": lambda: plot_area_lines(lines.share_frame(), "Gentofte", "Østdanmark"),
    "tile_map": lambda: plot_tile_map(maps.kommune_frame(), area="Gentofte",
                                      bins=[0, 2, 4, 6], threshold=3),
}


def _pixels(path: Path) -> np.ndarray:
    """RGBA pixels: a PNG saved without an alpha channel (all opaque) reads as alpha 255."""
    from PIL import Image

    with Image.open(path) as image:
        return np.asarray(image.convert("RGBA"))


def _texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def _text_positions(svg: str) -> np.ndarray:
    pos = re.findall(r'<text[^>]*\bx="(-?[\d.]+)"[^>]*\by="(-?[\d.]+)"', svg)
    return np.array([[float(x), float(y)] for x, y in pos])


@pytest.mark.parametrize("name", sorted(CASES))
def test_save_figure_is_the_same_as_a_plain_savefig(name: str, tmp_path: Path) -> None:
    """The axis boxes kept during save_figure give the very same picture as
    matplotlib computing every box again (a plain savefig keeps nothing)."""
    with mpl_style.context("default"):
        kept = save_figure(CASES[name](), tmp_path / "kept.png")
        plain = CASES[name]()
        assert _AXIS_BOXES.get() is None
        plain.savefig(tmp_path / "plain.png", dpi=plain.dpi, facecolor="white")
    assert np.array_equal(_pixels(kept), _pixels(tmp_path / "plain.png"))
    from PIL import Image

    with Image.open(kept) as image:  # opaque: saved without the alpha channel
        assert image.mode == "RGB"


@pytest.mark.parametrize("name", sorted(CASES))
def test_save_figures_png_is_pixel_identical_and_svg_keeps_every_text(
        name: str, tmp_path: Path) -> None:
    with mpl_style.context("default"):
        one = CASES[name]()
        engine = type(one.get_layout_engine())
        png, svg = save_figures(one, [tmp_path / "a.png", tmp_path / "a.svg"])
        assert type(one.get_layout_engine()) is engine  # restored
        save_figure(CASES[name](), tmp_path / "b.png")
        save_figure(CASES[name](), tmp_path / "b.svg")
    assert (png, svg) == (tmp_path / "a.png", tmp_path / "a.svg")
    assert np.array_equal(_pixels(png), _pixels(tmp_path / "b.png"))
    shared, separate = svg.read_text(), (tmp_path / "b.svg").read_text()
    assert _texts(shared) == _texts(separate) and _texts(shared)
    # the SVG takes the PNG's layout instead of its own 72-dpi one: text moves < 2 pt
    a, b = _text_positions(shared), _text_positions(separate)
    assert a.shape == b.shape and len(a)
    assert float(np.abs(a - b).max()) < 2.0


def test_save_figures_layout_is_computed_once(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    fig = CASES["target_groups"]()
    engine = fig.get_layout_engine()
    assert engine is not None
    calls = []
    original = type(engine).execute

    def counting(self: object, figure: Figure) -> None:
        calls.append(figure)
        original(self, figure)  # type: ignore[arg-type]

    monkeypatch.setattr(type(engine), "execute", counting)
    save_figures(fig, [tmp_path / "f.svg", tmp_path / "f.png", tmp_path / "f.pdf"])
    assert len(calls) == 1
    assert all((tmp_path / f"f.{s}").stat().st_size > 0 for s in ("svg", "png", "pdf"))


def test_save_figures_rejects_an_unknown_suffix_before_writing(tmp_path: Path) -> None:
    from jobstats.errors import ValidationError

    with pytest.raises(ValidationError, match="jpg"):
        save_figures(CASES["changes"](), [tmp_path / "f.png", tmp_path / "f.jpg"])
    assert not (tmp_path / "f.png").exists()


def test_kept_renderers_write_the_same_files_and_are_reused(tmp_path: Path) -> None:
    """A batch keeps one Agg renderer per figure size (and its text metrics) from
    figure to figure; every file must be byte-for-byte what a new renderer writes,
    also for the second and later figures that find the metrics already cached."""
    from jobstats.figures import save

    names = sorted(CASES)
    with mpl_style.context("default"):
        for name in names:
            save_figures(CASES[name](), [tmp_path / f"new_{name}.png",
                                         tmp_path / f"new_{name}.svg"])
        assert save._RENDERERS is None
        with save.keeping_renderers():
            figs = []
            for _ in range(2):  # the second round finds every text measured before
                for name in names:
                    fig = CASES[name]()
                    save_figures(fig, [tmp_path / f"kept_{name}.png",
                                       tmp_path / f"kept_{name}.svg"])
                    figs.append(fig)
            kept: dict[object, object] = dict(save._RENDERERS or {})
        assert save._RENDERERS is None  # dropped after the block
    for name in names:
        for suffix in ("png", "svg"):
            assert (tmp_path / f"kept_{name}.{suffix}").read_bytes() == \
                (tmp_path / f"new_{name}.{suffix}").read_bytes(), (name, suffix)
    # figures of one size drew with one renderer: fewer renderers than figures
    assert 0 < len(kept) < len(figs)
    canvases: list[Any] = [f.canvas for f in figs]
    assert {id(c.renderer) for c in canvases} <= {id(r) for r in kept.values()}


def _all_cases() -> dict[str, Callable[[], Figure]]:
    """Every figure type, English too, with a rotated y label and multi-line texts."""
    from jobstats.figures import plot_area_comparison, plot_goals, plot_map, plot_monthly

    return {
        **CASES,
        "target_groups_en": lambda: plot_target_groups(bars.annual_frame(), language="en"),
        "area_comparison": lambda: plot_area_comparison(bars.share_frame(), "Gentofte",
                                                        "Østdanmark"),
        "monthly": lambda: plot_monthly(lines.ltu_frame()),
        "goals": lambda: plot_goals([("Færre borgere på offentlig forsørgelse og flere i "
                                      "job, også blandt de unge", "opnået", "14,6% → 14,2%"),
                                     ("Flere flygtninge i job", "kræver opmærksomhed")]),
        # several axes (the map and its two insets), real boundaries
        "choropleth_map": lambda: plot_map(maps.kommune_frame(),
                                           real_file("dagi_kommuner_2014.topojson"),
                                           area="Gentofte", bins=[0, 2, 4, 6], threshold=3),
    }


@pytest.mark.parametrize("name", sorted(_all_cases()))
def test_reusing_layouts_and_axis_boxes_writes_the_very_same_files(
        name: str, tmp_path: Path) -> None:
    """The text layouts and axis boxes kept for a whole ``save_figures``, and the Agg
    and SVG text layouts kept from save to save (render_cache.REUSE), are a speed-up
    only: PNG and SVG are byte for byte those of the path without them, which lays
    every text out again and computes each box per file."""
    from jobstats.figures import render_cache

    make = _all_cases()[name]
    with mpl_style.context("default"):
        # twice: the second save finds the layouts kept from the first (render_cache._SHARED)
        save_figures(make(), [tmp_path / "first.png", tmp_path / "first.svg"])
        save_figures(make(), [tmp_path / "reuse.png", tmp_path / "reuse.svg"])
        assert render_cache.REUSE and render_cache._SHARED
        render_cache.REUSE = False
        try:
            save_figures(make(), [tmp_path / "plain.png", tmp_path / "plain.svg"])
        finally:
            render_cache.REUSE = True
    for suffix in ("png", "svg"):
        for run in ("first", "reuse"):
            assert (tmp_path / f"{run}.{suffix}").read_bytes() == \
                (tmp_path / f"plain.{suffix}").read_bytes(), (run, suffix)
    assert render_cache._LAYOUTS.get() is None and _AXIS_BOXES.get() is None  # nothing kept


@pytest.mark.parametrize(("size", "dpi"), [((6.58, 3.33), 97.0), ((4.6, 3.8), 150.0),
                                           ((2.01, 1.07), 72.0)])
def test_png_at_any_size_and_dpi_has_the_pixels_of_a_plain_savefig(
        size: tuple[float, float], dpi: float, tmp_path: Path) -> None:
    """Sizes that are not a whole number of pixels (6.58 in × 97 dpi = 638.26 px) are
    cut as matplotlib cuts them: the same width, height and pixels."""
    from matplotlib.figure import Figure

    def figure() -> Figure:
        fig = Figure(figsize=size, dpi=150)
        fig.add_subplot().plot([1, 3, 2], color="#1f6e43")
        return fig

    kept = save_figure(figure(), tmp_path / "kept.png", dpi=dpi)
    figure().savefig(tmp_path / "plain.png", dpi=dpi, facecolor="white")
    assert np.array_equal(_pixels(kept), _pixels(tmp_path / "plain.png"))


@settings(max_examples=60, deadline=None)
@given(text=st.text(alphabet="Kilde: Jobindsats.dk 0123456789,.-%ÆØÅæøå()–→", min_size=1,
                    max_size=30),
       x=st.floats(0, 300), y=st.floats(20, 190), angle=st.sampled_from([0.0, 90.0, 30.0, -45.0]),
       size=st.sampled_from([6.5, 9.0, 11.5]), antialiased=st.booleans())
def test_glyphs_kept_from_draw_to_draw_give_matplotlibs_pixels(
        text: str, x: float, y: float, angle: float, size: float, antialiased: bool) -> None:
    """A text drawn from the shaped strings and glyph bitmaps kept in
    render_cache has, at any position (any fraction of a pixel), rotation, size
    and antialiasing, exactly the pixels of matplotlib's own ``draw_text`` — also
    the second time, when every glyph comes from the memory and only the whole
    pixels it is moved by differ."""
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.font_manager import FontProperties

    from jobstats.figures import render_cache

    prop = FontProperties(family="DejaVu Sans", size=size)
    kept = RendererAgg(340, 220, 150)  # type: ignore[no-untyped-call]
    plain = RendererAgg(340, 220, 150)  # type: ignore[no-untyped-call]
    with render_cache.saving():
        assert render_cache._PLAIN_DRAW_TEXT, "the memory is installed for this matplotlib"
        for dx in (0.0, 17.0):  # the second draw: the same fractions, whole pixels further
            for renderer, draw in ((kept, RendererAgg.draw_text),
                                   (plain, render_cache._PLAIN_DRAW_TEXT[0])):
                gc = renderer.new_gc()
                gc.set_antialiased(antialiased)
                gc.set_foreground("#1a3d5c")
                draw(renderer, gc, x + dx, y, text, prop, angle)
                gc.restore()
    assert RendererAgg.draw_text is not render_cache._PLAIN_DRAW_TEXT[0]  # the kept path ran
    kept_pixels = np.asarray(kept.buffer_rgba())  # type: ignore[no-untyped-call]
    assert np.array_equal(kept_pixels, np.asarray(plain.buffer_rgba()))  # type: ignore[no-untyped-call]
    assert kept_pixels[..., 3].any() or not text.strip()


def test_a_png_that_cannot_be_written_fails_save_figures(tmp_path: Path) -> None:
    """The PNG is encoded in a thread of its own while the SVG is drawn: an error
    there reaches the caller as it would without the thread, and the SVG is
    still written."""
    with mpl_style.context("default"), pytest.raises(FileNotFoundError):
        save_figures(CASES["changes"](), [tmp_path / "no-such-folder" / "f.png",
                                          tmp_path / "f.svg"])
    assert (tmp_path / "f.svg").read_text(encoding="utf-8").rstrip().endswith("</svg>")


def test_ticks_kept_during_a_save_are_set_again_when_the_axes_box_changes() -> None:
    """The layout shrinks an axes between its passes, and the automatic locator then
    fits fewer ticks: the ticks kept during a save are those of the axes' current
    box, exactly as matplotlib sets them without the memory, and asked twice with
    nothing changed the same ticks come back."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from jobstats.figures import render_cache

    def locs(ax: Any) -> list[float]:
        return [float(t.get_loc()) for t in ax.yaxis._update_ticks()]

    def figure() -> Any:
        fig = Figure(figsize=(3, 4), dpi=100)
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        ax.set_ylim(0, 1000)
        return ax

    tall, short = [0.1, 0.1, 0.8, 0.8], [0.1, 0.1, 0.8, 0.12]
    plain = figure()
    expected_tall = locs(plain)
    plain.set_position(short)
    expected_short = locs(plain)
    assert len(expected_short) < len(expected_tall)  # the box decides how many ticks fit
    kept = figure()
    with render_cache.saving():
        assert render_cache._PLAIN_UPDATE_TICKS, "the memory is installed for this matplotlib"
        assert locs(kept) == locs(kept) == expected_tall
        kept.set_position(short)
        assert locs(kept) == expected_short
        kept.set_position(tall)
        assert locs(kept) == expected_tall


def test_an_error_drawing_the_svg_is_the_one_raised_and_the_png_is_complete(
        tmp_path: Path) -> None:
    """When a later file fails (its folder is missing) while the PNG is still being
    encoded in its thread, the caller gets that error — not one the PNG's thread
    met later (here its folder is missing too) — and a PNG that could be written is
    written whole before ``save_figures`` returns."""
    from PIL import Image

    with mpl_style.context("default"), pytest.raises(FileNotFoundError) as failed:
        save_figures(CASES["changes"](), [tmp_path / "no-png-folder" / "f.png",
                                          tmp_path / "no-svg-folder" / "f.svg"])
    assert "no-svg-folder" in str(failed.value)
    with mpl_style.context("default"), pytest.raises(FileNotFoundError):
        save_figures(CASES["changes"](), [tmp_path / "f.png",
                                          tmp_path / "no-svg-folder" / "f.svg"])
    with Image.open(tmp_path / "f.png") as image:
        image.load()  # the whole file decodes
        assert image.mode == "RGB" and image.width > 100
