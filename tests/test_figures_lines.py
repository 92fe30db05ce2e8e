"""Figures 5-6 (monthly lines): line data equal the input, Danish month ticks,
blinded months break the line, the window defaults to 24 months."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex
from matplotlib.lines import Line2D

from jobstats import make_frame
from jobstats.errors import ValidationError
from jobstats.figures import plot_area_lines, plot_monthly
from jobstats.figures.style import HOUSE_STYLE


def ydata(line: Line2D) -> np.ndarray:
    return np.asarray(line.get_ydata(), dtype="float64")


def ltu_frame() -> pd.DataFrame:
    """Long-term unemployed, 2016-01 … 2018-12, two groups, simple known values."""
    months = pd.period_range("2016-01", "2018-12", freq="M")
    rows = []
    for i, m in enumerate(months):
        rows.append(("Gentofte", "kontanthjaelp", m, "long_term_unemployed", 100.0 + i))
        rows.append(("Gentofte", "integrationsydelse", m, "long_term_unemployed", 50.0 - i / 2))
    return make_frame(pd.DataFrame(rows, columns=["area", "target_group", "period", "measure",
                                                  "value"]))


def share_frame() -> pd.DataFrame:
    months = pd.period_range("2017-01", "2018-12", freq="M")
    rows = []
    for area, base in (("Gentofte", 1.5), ("Østdanmark", 2.5), ("Hele landet", 3.0)):
        for i, m in enumerate(months):
            rows.append((area, "kontanthjaelp", m, "pct_population", base + i / 100))
    return make_frame(pd.DataFrame(rows, columns=["area", "target_group", "period", "measure",
                                                  "value"]))


def test_monthly_lines_hold_the_last_24_months() -> None:
    fig = plot_monthly(ltu_frame())
    ax = fig.axes[0]
    labels = [line.get_label() for line in ax.lines]
    assert labels == ["Kontanthjælp", "Integrationsydelse"]  # appendix order
    kh = ax.lines[0]
    # 2017-01 is month index 12 of the frame → value 112; 24 points up to 135
    assert ydata(kh).tolist() == [100.0 + i for i in range(12, 36)]
    x = np.asarray(kh.get_xdata(), dtype="datetime64[D]")
    assert x[0] == np.datetime64("2017-01-01") and x[-1] == np.datetime64("2018-12-01")
    assert ydata(ax.lines[1])[0] == 50.0 - 12 / 2


def test_monthly_ticks_are_danish_months_with_year_under_january() -> None:
    fig = plot_monthly(ltu_frame())
    fig.draw_without_rendering()
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert ticks[:5] == ["jan\n2017", "apr", "jul", "okt", "jan\n2018"]
    en = plot_monthly(ltu_frame(), language="en")
    en.draw_without_rendering()
    assert [t.get_text() for t in en.axes[0].get_xticklabels()][1] == "Apr"
    y = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert y[0] == "0"  # a count starts at zero


def long_frame(start: str, end: str) -> pd.DataFrame:
    months = pd.period_range(start, end, freq="M")
    return make_frame(pd.DataFrame({"area": "Gentofte", "target_group": "kontanthjaelp",
                                    "period": months, "measure": "long_term_unemployed",
                                    "value": 1.0}))


def test_monthly_tick_spacing_follows_the_window() -> None:
    three = plot_monthly(ltu_frame(), start="2016M01").axes[0]  # 36 months: quarters
    ticks = [t.get_text() for t in three.get_xticklabels()]
    assert len(ticks) == 12 and ticks[:2] == ["jan\n2016", "apr"]
    assert len(ydata(three.lines[0])) == 36
    six = plot_monthly(long_frame("2016-01", "2021-12"), start="2016").axes[0]
    assert [t.get_text() for t in six.get_xticklabels()][:3] == ["jan\n2016", "jul",
                                                                  "jan\n2017"]
    ten = plot_monthly(long_frame("2015-01", "2025-12"), start="2015").axes[0]
    assert [t.get_text() for t in ten.get_xticklabels()] == [str(y) for y in range(2015, 2026)]


def test_monthly_blinded_month_is_a_gap_not_zero() -> None:
    f = ltu_frame()
    hit = (f["period"] == pd.Period("2018-03", "M")) & (f["target_group"] == "kontanthjaelp")
    f.loc[hit, "value"] = np.nan
    f.loc[hit, "blinded"] = True
    fig = plot_monthly(f, groups=["kontanthjaelp"])
    y = ydata(fig.axes[0].lines[0])
    assert np.isnan(y[14]) and np.nansum(y == 0) == 0
    assert "Brud i linjen" in "\n".join(t.get_text() for t in fig.axes[0].texts)


def test_monthly_window_errors() -> None:
    with pytest.raises(ValidationError) as exc:
        plot_monthly(ltu_frame(), start="2020M01")
    assert exc.value.codes == {"empty"}
    with pytest.raises(ValidationError) as exc:
        plot_monthly(ltu_frame(), start="januar")
    assert exc.value.codes == {"bad_period"}
    with pytest.raises(ValidationError) as exc:
        plot_monthly(ltu_frame(), groups=["kontanthjælp"])
    assert exc.value.problems[0].suggestions[0] == "kontanthjaelp"


def test_area_lines_three_areas_distinct_in_lightness_and_dash() -> None:
    fig = plot_area_lines(share_frame(), "Gentofte", "Østdanmark")
    fig.draw_without_rendering()
    ax = fig.axes[0]
    assert [line.get_label() for line in ax.lines] == ["Gentofte", "Østdanmark", "Hele landet"]
    assert ydata(ax.lines[0])[:2].tolist() == [1.5, 1.51]
    assert ydata(ax.lines[2])[-1] == pytest.approx(3.23)
    assert [to_hex(line.get_color()) for line in ax.lines] == list(HOUSE_STYLE.area_colours())
    assert len({line.get_linestyle() for line in ax.lines}) == 3
    ticks = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert ticks and all(t.endswith("%") and "." not in t for t in ticks)
    assert any("," in t for t in ticks)  # decimal comma: "2,5%"


def test_area_lines_english_national_name() -> None:
    ax = plot_area_lines(share_frame(), "Gentofte", language="en").axes[0]
    assert [line.get_label() for line in ax.lines] == ["Gentofte", "All Denmark"]
