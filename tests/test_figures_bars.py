"""Figures 1-4 (bars): the drawn bars carry exactly the input numbers, labels are
Danish (or English), blinded values draw no bar, errors name what is wrong."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.patches import Rectangle

from jobstats import make_frame
from jobstats.errors import ValidationError
from jobstats.figures import (
    plot_area_comparison,
    plot_changes,
    plot_company_offers,
    plot_target_groups,
)
from jobstats.figures.style import HOUSE_STYLE

Y = "Y-DEC"


def annual_frame() -> pd.DataFrame:
    """Gentofte's published annual averages (DOMAIN.md), three groups, 2016-2018."""
    data = {
        "forsikrede": (782.0, 804.0, 816.0),
        "kontanthjaelp": (767.0, 541.0, 465.0),
        "foertidspension": (1126.0, 1086.0, 1058.0),
    }
    rows = [("Gentofte", g, pd.Period(str(2016 + i), Y), "full_time_persons", v)
            for g, vs in data.items() for i, v in enumerate(vs)]
    f = make_frame(pd.DataFrame(rows, columns=["area", "target_group", "period", "measure",
                                               "value"]))
    f.attrs["source"] = "Kilde: Jobindsats.dk (test)"
    return f


def change_frame() -> pd.DataFrame:
    rows = []
    values = {"forsikrede": (1.49, 4.04), "kontanthjaelp": (-14.05, -4.48),
              "sygedagpenge": (-3.38, float("nan"))}
    for g, (persons, share) in values.items():
        rows.append(("Gentofte", g, pd.Period("2018", Y), "full_time_persons:yoy", persons,
                     False))
        rows.append(("Gentofte", g, pd.Period("2018", Y), "full_time_persons:national_share:yoy",
                     share, False))
    f = pd.DataFrame(rows, columns=["area", "target_group", "period", "measure", "value",
                                    "undefined"])
    return make_frame(f.assign(undefined=f["value"].isna()))


def offers_frame() -> pd.DataFrame:
    rows = []
    values = {("kontanthjaelp", 2017): (12.0, 30.5), ("kontanthjaelp", 2018): (15.0, 25.0),
              ("integrationsydelse", 2017): (4.0, 40.0),
              ("integrationsydelse", 2018): (float("nan"), 38.0)}
    for (g, y), (lts, prak) in values.items():
        for offer, v in (("løntilskud", lts), ("virksomhedspraktik", prak),
                         ("nyttejob", 99.0)):
            rows.append(("Gentofte", g, pd.Period(str(y), Y), "activated_full_time_persons",
                         offer, v, math.isnan(v)))
    return make_frame(pd.DataFrame(rows, columns=["area", "target_group", "period", "measure",
                                                  "offer_type", "value", "blinded"]))


def share_frame() -> pd.DataFrame:
    return make_frame(pd.DataFrame({
        "area": ["Gentofte", "Østdanmark", "Hele landet", "Gentofte"],
        "target_group": "flygtninge",
        "period": [pd.Period("2018", Y)] * 3 + [pd.Period("2017", Y)],
        "measure": "pct_unsubsidised_employment", "value": [31.25, 28.0, 30.5, 20.0]}))


def legend_of(ax: Axes) -> Legend:
    leg = ax.get_legend()
    assert leg is not None
    return leg


def bars(container: object) -> list[Rectangle]:
    assert isinstance(container, BarContainer)
    return list(container.patches)


def drawn(fig: Figure) -> Figure:
    fig.draw_without_rendering()
    return fig


def texts(ax: Axes) -> list[str]:
    return [t.get_text() for t in ax.texts]


def all_texts(fig: Figure) -> str:
    out = [t.get_text() for ax in fig.axes for t in ax.texts]
    out += [t.get_text() for t in fig.texts]
    return "\n".join(out)


# ---------------------------------------------------------------- figure 1


def test_target_groups_bars_are_the_input_per_year() -> None:
    fig = drawn(plot_target_groups(annual_frame()))
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "Forsikrede ledige og\nmidlertidige ordninger", "Kontanthjælp", "Førtidspension"]
    widths = [[float(p.get_width()) for p in c] for c in ax.containers]
    assert widths == [[782.0, 767.0, 1126.0], [804.0, 541.0, 1086.0], [816.0, 465.0, 1058.0]]
    leg = legend_of(ax)
    assert [t.get_text() for t in leg.get_texts()] == ["2016", "2017", "2018"]
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert "1.000" in ticks and all("," not in t for t in ticks)
    # the latest year is green, older years grey and lighter the older
    faces = [to_hex(bars(c)[0].get_facecolor()) for c in ax.containers]
    assert faces[-1] == HOUSE_STYLE.green
    assert "Kilde: Jobindsats.dk (test)" in all_texts(fig)


def test_target_groups_first_group_is_drawn_on_top() -> None:
    ax = plot_target_groups(annual_frame()).axes[0]
    ys = [p.get_y() for p in ax.containers[0]]
    lo, hi = ax.get_ylim()
    assert lo > hi  # inverted: first group at the top
    assert ys == sorted(ys)


def test_target_groups_english() -> None:
    f = annual_frame()
    f.attrs.clear()  # an attrs source is printed as given; the default one is translated
    fig = drawn(plot_target_groups(f, language="en"))
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()][1] == "Social assistance"
    assert "1,000" in [t.get_text() for t in ax.get_xticklabels()]
    assert "Source: Jobindsats.dk" in all_texts(fig)


def test_target_groups_blinded_draws_no_bar_but_a_dot() -> None:
    f = annual_frame()
    mask = (f["target_group"] == "kontanthjaelp") & (f["period"] == pd.Period("2017", Y))
    f.loc[mask, "value"] = np.nan
    f.loc[mask, "blinded"] = True
    fig = plot_target_groups(f)
    ax = fig.axes[0]
    assert math.isnan(bars(ax.containers[1])[1].get_width())  # never a zero bar
    assert "." in texts(ax)
    assert "opgøres ikke" in all_texts(fig)


def test_target_groups_partial_year_says_how_many_months() -> None:
    f = annual_frame().assign(n_months=12, partial=False)
    latest = f["period"] == pd.Period("2018", Y)
    f.loc[latest, "n_months"] = 10
    f.loc[latest, "partial"] = True
    leg = legend_of(plot_target_groups(f).axes[0])
    assert [t.get_text() for t in leg.get_texts()][-1] == "2018 (10 mdr.)"


def test_target_groups_choose_years_groups_and_area() -> None:
    f = pd.concat([annual_frame(), annual_frame().assign(area="Lyngby-Taarbæk")])
    f = make_frame(f)
    with pytest.raises(ValidationError) as exc:
        plot_target_groups(f)
    assert exc.value.codes == {"ambiguous_area"}
    ax = plot_target_groups(f, area="Gentofte", years=[2016, 2018],
                            groups=["kontanthjaelp"]).axes[0]
    assert [[float(p.get_width()) for p in c] for c in ax.containers] == [[767.0], [465.0]]


def test_target_groups_unknown_names_suggest_close_ones() -> None:
    with pytest.raises(ValidationError) as exc:
        plot_target_groups(annual_frame(), area="Gentofe")
    assert exc.value.problems[0].suggestions == ("Gentofte",)
    with pytest.raises(ValidationError) as exc:
        plot_target_groups(annual_frame(), years=[2015, 2019])
    assert len(exc.value.problems) == 2
    with pytest.raises(ValidationError, match="language"):
        plot_target_groups(annual_frame(), language="de")


def test_target_groups_does_not_modify_the_input() -> None:
    f = annual_frame()
    before = f.copy()
    plot_target_groups(f)
    pd.testing.assert_frame_equal(f, before)


def test_target_groups_into_a_given_axes() -> None:
    fig = Figure()
    ax1, ax2 = fig.subplots(1, 2)
    out = plot_target_groups(annual_frame(), ax=ax2)
    assert out is fig
    assert len(ax2.containers) == 3 and not ax1.containers


def test_source_line_override_and_off() -> None:
    assert "Min kilde" in all_texts(plot_target_groups(annual_frame(), source="Min kilde"))
    f = annual_frame()
    f.attrs.clear()
    assert "Kilde: Jobindsats.dk" in all_texts(plot_target_groups(f))
    assert "Kilde" not in all_texts(plot_target_groups(f, source="", title=""))


# ---------------------------------------------------------------- figure 2


def test_changes_grey_persons_green_share_with_labels() -> None:
    f = change_frame()
    fig = plot_changes(f)
    ax = fig.axes[0]
    persons, share = ax.containers
    assert [float(p.get_width()) for p in persons] == [1.49, -14.05, -3.38]
    assert [float(p.get_width()) for p in share][:2] == [4.04, -4.48]
    assert math.isnan(bars(share)[2].get_width())
    assert to_hex(bars(persons)[0].get_facecolor()) == HOUSE_STYLE.grey
    assert to_hex(bars(share)[0].get_facecolor()) == HOUSE_STYLE.green
    labels = texts(ax)
    for expected in ("1,5%", "4,0%", "-14,1%", "-4,5%", "-3,4%", "–"):  # half up: -14,05 → -14,1
        assert expected in labels
    assert [t.get_text() for t in legend_of(ax).get_texts()] == [
        "Udvikling i fuldtidspersoner", "Udvikling i landsandel"]
    assert "2017-2018" in all_texts(fig)


def test_changes_from_two_frames_equals_one_frame() -> None:
    f = change_frame()
    a = f.loc[f["measure"] == "full_time_persons:yoy"]
    b = f.loc[f["measure"] != "full_time_persons:yoy"]
    one = plot_changes(f).axes[0]
    two = plot_changes(a, b).axes[0]
    assert [p.get_width() for c in one.containers for p in c][:5] == \
        [p.get_width() for c in two.containers for p in c][:5]


def test_changes_needs_both_measures() -> None:
    f = change_frame()
    with pytest.raises(ValidationError) as exc:
        plot_changes(f.loc[f["measure"] == "full_time_persons:yoy"])
    assert "full_time_persons:national_share:yoy" in str(exc.value)


# ---------------------------------------------------------------- figure 3


def test_company_offers_stack_loentilskud_and_praktik() -> None:
    fig = plot_company_offers(offers_frame())
    ax = fig.axes[0]
    lts, prak = ax.containers
    # groups in appendix order (kontanthjælp before integrationsydelse), years in order
    assert [float(p.get_width()) for p in lts][:3] == [12.0, 15.0, 4.0]
    assert math.isnan(bars(lts)[3].get_width())
    assert [float(p.get_x()) for p in prak] == [12.0, 15.0, 4.0, 0.0]
    assert [float(p.get_width()) for p in prak] == [30.5, 25.0, 40.0, 38.0]
    labels = texts(ax)
    assert {"43", "40", "44", ".", "Kontanthjælp", "Integrationsydelse"} <= set(labels)
    assert "99" not in labels  # nyttejob is no company-based offer
    assert [t.get_text() for t in legend_of(ax).get_texts()] == ["Løntilskud",
                                                                   "Virksomhedspraktik"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["2017", "2018"] * 2
    assert to_hex(bars(lts)[0].get_facecolor()) != to_hex(bars(prak)[0].get_facecolor())


def test_company_offers_needs_offer_type() -> None:
    with pytest.raises(ValidationError, match="offer_type"):
        plot_company_offers(annual_frame())


# ---------------------------------------------------------------- figure 4


def test_area_comparison_bars_and_labels() -> None:
    fig = drawn(plot_area_comparison(share_frame(), "Gentofte", "Østdanmark"))
    ax = fig.axes[0]
    bars = ax.containers[0]
    assert [float(p.get_height()) for p in bars] == [31.25, 28.0, 30.5]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Gentofte", "Østdanmark",
                                                           "Hele landet"]
    assert texts(ax)[:3] == ["31,3%", "28,0%", "30,5%"]
    assert [to_hex(p.get_facecolor()) for p in bars] == list(HOUSE_STYLE.area_colours())
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert all(t.endswith("%") for t in ticks if t)


def test_area_comparison_other_period_and_missing_area() -> None:
    ax = plot_area_comparison(share_frame(), "Gentofte", national=None, period="2017").axes[0]
    assert [float(p.get_height()) for p in ax.containers[0]] == [20.0]
    with pytest.raises(ValidationError) as exc:
        plot_area_comparison(share_frame(), "Gentofte", "Østjylland")
    assert exc.value.codes == {"unknown_area"}


def test_bars_are_rectangles_with_finite_or_nan_sizes() -> None:
    ax = plot_company_offers(offers_frame()).axes[0]
    for p in ax.patches:
        assert isinstance(p, Rectangle)
        assert p.get_width() >= 0 or math.isnan(p.get_width())
