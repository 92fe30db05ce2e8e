"""House style: Danish tick labels, a palette that survives colour blindness,
saving by suffix, the goal overview, and no memory growth over many figures."""

from __future__ import annotations

import gc
import itertools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from jobstats.errors import ValidationError
from jobstats.figures import plot_goals, plot_target_groups, save_figure
from jobstats.figures.decorate import legend_columns
from jobstats.figures.format import NumberFormatter
from jobstats.figures.style import GOAL_COLOURS, HOUSE_STYLE, lightness
from jobstats.keyfigures import Goal, GoalStatus
from tests.test_figures_bars import annual_frame


def test_lightness_of_known_colours() -> None:
    # CIELAB L* of sRGB greys: 50% grey (#777777) ≈ 50.0, black 0, white 100
    assert lightness("#777777") == pytest.approx(50.0, abs=0.3)
    assert lightness("#000000") == pytest.approx(0.0, abs=1e-6)
    assert lightness("#ffffff") == pytest.approx(100.0, abs=1e-6)


@pytest.mark.parametrize("colours", [
    HOUSE_STYLE.year_colours(3),
    HOUSE_STYLE.year_colours(2),
    list(HOUSE_STYLE.area_colours()),
    [HOUSE_STYLE.grey, HOUSE_STYLE.green],  # figure 2
    [HOUSE_STYLE.green, HOUSE_STYLE.grey],  # figure 3
])
def test_colours_shown_together_differ_in_lightness(colours: list[str]) -> None:
    """Without hue (deuteranopia, grey print) colours must still differ: ΔL* ≥ 15."""
    for a, b in itertools.combinations(colours, 2):
        assert abs(lightness(a) - lightness(b)) >= 15, (a, b)


@pytest.mark.parametrize("n", range(2, 9))
def test_map_classes_get_evenly_darker(n: int) -> None:
    ls = [lightness(c) for c in HOUSE_STYLE.class_colours(n)]
    steps = [a - b for a, b in itertools.pairwise(ls)]
    assert min(steps) >= 0.9 * (93 - 25) / (n - 1)  # even steps of L*, all visible
    assert ls[0] == pytest.approx(93, abs=1.5) and ls[-1] == pytest.approx(25, abs=1.5)


def test_lines_never_share_colour_and_dash_before_four() -> None:
    looks = HOUSE_STYLE.series(6)
    assert len(set(looks[:4])) == 4 and len({ls for _, ls in looks[:4]}) == 4
    assert len(set(looks)) == 6


@pytest.mark.parametrize(("values", "kwargs", "expected"), [
    ([0, 500, 1000, 1500], {}, ["0", "500", "1.000", "1.500"]),
    ([0.0, 2.5, 5.0], {}, ["0,0", "2,5", "5,0"]),
    ([-10.0, 0.0, 10.0], {"percent": True}, ["-10%", "0%", "10%"]),
    ([0.25, 0.5], {"percent": True}, ["0,25%", "0,50%"]),
    ([1000, 2500], {"language": "en"}, ["1,000", "2,500"]),
    ([1.5], {"language": "en"}, ["1.5"]),
    ([120000], {}, ["120.000"]),
])
def test_number_formatter(values: list[float], kwargs: dict[str, object],
                          expected: list[str]) -> None:
    assert NumberFormatter(**kwargs).format_ticks(values) == expected  # type: ignore[arg-type]


def test_legend_columns_fit_the_width() -> None:
    assert legend_columns(["2016", "2017", "2018"], HOUSE_STYLE) == 3
    long = ["Forsikrede ledige og midlertidige ordninger: Dagpengemodtagere"] * 2
    assert legend_columns(long, HOUSE_STYLE) == 1


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
def test_save_by_suffix(tmp_path: Path, suffix: str) -> None:
    fig = plot_target_groups(annual_frame())
    p = save_figure(fig, tmp_path / f"fig1{suffix}")
    head = p.read_bytes()[:8]
    assert {".png": head.startswith(b"\x89PNG"), ".pdf": head.startswith(b"%PDF"),
            ".svg": b"<?xml" in head}[suffix]
    if suffix != ".png":  # no creation date: the same figure gives the same file
        again = save_figure(plot_target_groups(annual_frame()), tmp_path / f"again{suffix}")
        assert again.read_bytes() == p.read_bytes()


def test_save_unknown_suffix(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as exc:
        save_figure(Figure(), tmp_path / "fig.jpg")
    assert exc.value.codes == {"unknown_output_format"}


# ---------------------------------------------------------------- figure 8


def test_goal_overview_lamps_words_and_order() -> None:
    goal = Goal("Færre på offentlig forsørgelse")
    fig = plot_goals([
        (goal, GoalStatus.MET, "14,6% → 14,2%"),
        ("Flere i ordinære løntimer", "på rette vej"),
        ("Flere flygtninge i job", "Needs attention"),
    ])
    ax = fig.axes[0]
    lit = [c for c in ax.collections if c.get_label() != "_off"]
    assert [c.get_label() for c in lit] == ["opnået", "på rette vej", "kræver opmærksomhed"]
    # the lit lamp's position carries the verdict: red left, amber middle, green right
    xs = [float(np.asarray(c.get_offsets())[0, 0]) for c in lit]
    assert xs[2] < xs[1] < xs[0]
    words = [t.get_text() for t in ax.texts]
    assert {"Opnået", "På rette vej", "Kræver opmærksomhed", "Færre på offentlig forsørgelse",
            "14,6% → 14,2%"} <= set(words)
    assert len(ax.collections) == 9  # three lamps per goal
    assert {c.get_label(): tuple(np.asarray(c.get_facecolor())[0, :3].round(3)) for c in lit} == {
        k: tuple(round(int(v[i:i + 2], 16) / 255, 3) for i in (1, 3, 5))
        for k, v in GOAL_COLOURS.items()}


def test_goal_overview_frame_english_and_errors() -> None:
    f = pd.DataFrame({"goal": ["A", "B"], "status": ["opnået", "kræver opmærksomhed"]})
    en = plot_goals(f, language="en").axes[0]
    assert {"Met", "Needs attention", "Goal follow-up"} <= {t.get_text() for t in en.texts}
    with pytest.raises(ValidationError) as exc:
        plot_goals([("A", "grøn"), ("B", "opnaaet"), ("C",)])
    assert exc.value.codes == {"unknown_status", "bad_goal"} and len(exc.value.problems) == 3
    assert "opnået" in exc.value.problems[1].suggestions


# ---------------------------------------------------------------- memory


def _live_figures() -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, Figure))


def test_no_figures_stay_alive_in_a_batch() -> None:
    """A batch draws 98 reports: dropped figures must be garbage (no pyplot registry)."""
    f = annual_frame()
    plot_target_groups(f)  # warm caches (fonts, taxonomy)
    before = _live_figures()
    for _ in range(40):
        fig = plot_target_groups(f)
        fig.draw_without_rendering()
        del fig
    assert _live_figures() == before


def test_styled_resolves_cycle_colours_to_the_colours_they_name() -> None:
    """Inside ``styled``, rcParams that name a colour of the property cycle ("C1")
    hold that colour itself (looked up once, not at every bar): whatever cycle the
    user has set, a bar or line drawn with the default colour gets the same colour
    as "Cn" would give."""
    import matplotlib as mpl
    from cycler import cycler
    from matplotlib.colors import to_rgba

    from jobstats.figures.style import HOUSE_STYLE, styled

    user = {"axes.prop_cycle": cycler(color=["#aa0000", "#00bb00", "#0000cc"]),
            "lines.color": "C4", "patch.facecolor": "C0"}
    with mpl.rc_context(user):  # type: ignore[arg-type]
        with styled(HOUSE_STYLE):
            assert to_rgba(mpl.rcParams["lines.color"]) == to_rgba("#00bb00")  # C4 = C1
            assert to_rgba(mpl.rcParams["patch.facecolor"]) == to_rgba("#aa0000")
            from matplotlib.patches import Rectangle

            assert Rectangle((0, 0), 1, 1).get_facecolor() == to_rgba("#aa0000")
        assert mpl.rcParams["lines.color"] == "C4"  # restored after the block
