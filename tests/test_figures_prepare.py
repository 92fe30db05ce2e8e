"""The prepare layer of the figures as pure data: a frame in, a frozen dataclass of
what to draw out. Expected values are worked out by hand from tiny frames; blinded
values stay blinded (no bar, no line point, a "." and a note), never 0."""

from __future__ import annotations

import dataclasses
import gc
import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure

from jobstats import annual_average, make_frame, national_share, share_change, yoy_change
from jobstats.errors import ValidationError
from jobstats.figures import (
    HOUSE_STYLE,
    Bar,
    prepare_area_comparison,
    prepare_area_lines,
    prepare_changes,
    prepare_company_offers,
    prepare_goals,
    prepare_map,
    prepare_monthly,
    prepare_target_groups,
)
from jobstats.taxonomy import default as default_taxonomy

Y = "Y-DEC"
BLINDED_NOTE = "“.” = opgøres ikke (diskretioneret)"


def _figures() -> int:
    return sum(1 for o in gc.get_objects() if isinstance(o, Figure))


def _monthly() -> pd.DataFrame:
    """Kontanthjælp 1, 2, ..., 22 in Jan 2017 … Oct 2018; sygedagpenge 100 every month."""
    months = pd.period_range("2017-01", "2018-10", freq="M")
    rows = [("Gentofte", "kontanthjaelp", p, "full_time_persons", float(i + 1))
            for i, p in enumerate(months)]
    rows += [("Gentofte", "sygedagpenge", p, "full_time_persons", 100.0) for p in months]
    return make_frame(pd.DataFrame(rows, columns=["area", "target_group", "period", "measure",
                                                  "value"]))


def test_target_group_bars_are_the_annual_averages_worked_out_by_hand() -> None:
    monthly = _monthly()
    before = monthly.copy()
    n_figures = _figures()
    data = prepare_target_groups(annual_average(monthly))
    assert _figures() == n_figures  # pure: nothing drawn
    pd.testing.assert_frame_equal(monthly, before)  # the input is not changed
    assert data.categories == ("Kontanthjælp", "Sygedagpenge")  # appendix order
    y2017, y2018 = data.series
    # 2017: mean of 1..12 = 6.5; 2018: mean of 13..22 = 17.5 (10 months)
    assert [b.value for b in y2017.bars] == [6.5, 100.0]
    assert [b.value for b in y2018.bars] == [17.5, 100.0]
    assert (y2017.legend, y2018.legend) == ("2017", "2018 (10 mdr.)")
    assert (y2017.colour, y2018.colour) == (HOUSE_STYLE.grey, HOUSE_STYLE.green)
    assert all(b.mark == "" and not b.blinded for s in data.series for b in s.bars)
    assert data.note == "" and not data.percent
    assert data.axis_label.endswith(", Gentofte")
    with pytest.raises(dataclasses.FrozenInstanceError):
        data.title = "x"  # type: ignore[misc]


def test_a_blinded_annual_value_is_no_bar_a_dot_and_a_note_never_zero() -> None:
    annual = make_frame(pd.DataFrame({
        "area": "Gentofte", "target_group": ["kontanthjaelp", "kontanthjaelp"],
        "period": [pd.Period("2017", Y), pd.Period("2018", Y)],
        "measure": "full_time_persons", "value": [40.0, float("nan")],
        "blinded": [False, True]}))
    data = prepare_target_groups(annual)
    (bar17,), (bar18,) = (s.bars for s in data.series)
    assert bar17 == Bar(40.0)
    assert bar18.blinded and bar18.mark == "." and math.isnan(bar18.value)
    assert not bar18.drawn and bar18.value != 0
    assert data.note == BLINDED_NOTE


def test_changes_are_the_percent_changes_worked_out_by_hand() -> None:
    # Gentofte 200 -> 150 full-time persons: -25 %; Hele landet 10,000 -> 12,000, so
    # Gentofte's national share goes 2 % -> 1.25 %: a change of -37.5 %
    annual = make_frame(pd.DataFrame({
        "area": ["Gentofte", "Gentofte", "Hele landet", "Hele landet"],
        "target_group": "kontanthjaelp", "period": [pd.Period("2017", Y),
                                                    pd.Period("2018", Y)] * 2,
        "measure": "full_time_persons", "value": [200.0, 150.0, 10000.0, 12000.0]}))
    data = prepare_changes(yoy_change(annual), share_change(national_share(annual)),
                           area="Gentofte")
    persons, share = data.series
    assert persons.bars == (Bar(-25.0, "-25,0%"),)
    assert share.bars == (Bar(-37.5, "-37,5%"),)
    assert (persons.colour, share.colour) == (HOUSE_STYLE.grey, HOUSE_STYLE.green)
    assert data.percent and data.zero_line and data.note == ""
    assert data.title.startswith("Udvikling") and "2017" in data.title and "2018" in data.title


def test_an_undefined_change_prints_a_dash_and_a_blinded_one_a_dot() -> None:
    rows = [("kontanthjaelp", "full_time_persons:yoy", float("nan"), False, True),
            ("kontanthjaelp", "full_time_persons:national_share:yoy", float("nan"), True,
             False)]
    f = make_frame(pd.DataFrame(
        [("Gentofte", g, pd.Period("2018", Y), m, v, b, u) for g, m, v, b, u in rows],
        columns=["area", "target_group", "period", "measure", "value", "blinded",
                 "undefined"]))
    persons, share = prepare_changes(f).series
    assert persons.bars[0].mark == "–" and not persons.bars[0].blinded
    assert share.bars[0].mark == "." and share.bars[0].blinded
    assert not persons.bars[0].drawn and not share.bars[0].drawn


def test_company_offers_stack_to_the_total_and_a_blinded_offer_blinds_the_total() -> None:
    rows = [("kontanthjaelp", 2017, "løntilskud", 12.0, False),
            ("kontanthjaelp", 2017, "virksomhedspraktik", 30.5, False),
            ("kontanthjaelp", 2018, "løntilskud", float("nan"), True),
            ("kontanthjaelp", 2018, "virksomhedspraktik", 25.0, False)]
    f = make_frame(pd.DataFrame(
        [("Gentofte", g, pd.Period(str(y), Y), "activated_full_time_persons", o, v, b)
         for g, y, o, v, b in rows],
        columns=["area", "target_group", "period", "measure", "offer_type", "value",
                 "blinded"]))
    data = prepare_company_offers(f)
    assert [label for label, _ in data.rows] == ["2017", "2018"]
    assert [label for label, _ in data.headers] == ["Kontanthjælp"]
    lts, prak = data.stacks
    assert [b.value for b in prak.bars] == [30.5, 25.0]
    assert lts.bars[0] == Bar(12.0) and lts.bars[1].blinded and not lts.bars[1].drawn
    # 12 + 30.5 = 42.5, printed without decimals and rounded half up: "43"
    assert data.totals[0] == Bar(42.5, "43")
    assert data.totals[1].mark == "." and data.totals[1].blinded
    assert data.note == BLINDED_NOTE


def test_area_comparison_bars_carry_the_values_colours_and_printed_shares() -> None:
    f = make_frame(pd.DataFrame({
        "area": ["Gentofte", "Østdanmark", "Hele landet"], "target_group": "flygtninge",
        "period": pd.Period("2018", Y), "measure": "pct_unsubsidised_employment",
        "value": [31.25, 28.0, float("nan")], "blinded": [False, False, True]}))
    data = prepare_area_comparison(f, "Gentofte", "Østdanmark")
    assert [b.value for b in data.bars[:2]] == [31.25, 28.0]
    assert [b.mark for b in data.bars] == ["31,3%", "28,0%", "."]
    assert data.bars[2].blinded and not data.bars[2].drawn
    assert data.colours == HOUSE_STYLE.area_colours()
    assert data.percent and data.from_zero and data.note == BLINDED_NOTE
    assert data.labels == ("Gentofte", "Østdanmark", "Hele landet")


def test_monthly_lines_keep_each_month_and_a_blinded_month_is_a_gap() -> None:
    months = pd.period_range("2017-01", "2018-12", freq="M")
    values = [float(100 + i) for i in range(24)]
    blinded = [i == 5 for i in range(24)]
    values[5] = float("nan")
    f = make_frame(pd.DataFrame({"area": "Gentofte", "target_group": "kontanthjaelp",
                                 "period": months, "measure": "long_term_unemployed",
                                 "value": values, "blinded": blinded}))
    data = prepare_monthly(f)
    (line,) = data.series
    assert len(line.values) == 24 and line.values[:2] == (100.0, 101.0)
    assert math.isnan(line.values[5]) and line.blinded[5] and sum(line.blinded) == 1
    assert (line.colour, line.linestyle) == HOUSE_STYLE.series(1)[0]
    assert data.from_zero and not data.percent
    assert data.note.startswith("Brud i linjen")
    assert data.ticks.labels == ("jan\n2017", "apr", "jul", "okt",
                                 "jan\n2018", "apr", "jul", "okt")
    lo, hi = data.ticks.xlim
    assert lo < data.ticks.positions[0] and hi > data.ticks.positions[-1]


def test_area_lines_look_apart_and_hele_landet_is_heavier() -> None:
    months = pd.period_range("2018-01", "2018-12", freq="M")
    f = make_frame(pd.DataFrame({
        "area": ["Gentofte"] * 12 + ["Østdanmark"] * 12 + ["Hele landet"] * 12,
        "target_group": "kontanthjaelp", "period": list(months) * 3,
        "measure": "pct_population", "value": [2.5] * 12 + [2.8] * 12 + [3.0] * 12}))
    data = prepare_area_lines(f, "Gentofte", "Østdanmark")
    assert [s.label for s in data.series] == ["Gentofte", "Østdanmark", "Hele landet"]
    assert [s.linestyle for s in data.series] == ["-", "--", ":"]
    assert [s.linewidth for s in data.series] == [1.8, 1.8, 2.3]
    assert [s.values[0] for s in data.series] == [2.5, 2.8, 3.0]
    assert data.percent and not data.from_zero and data.note == ""


def test_goal_rows_light_the_verdicts_lamp_and_size_by_hand() -> None:
    data = prepare_goals([("Færre på offentlig forsørgelse", "opnået", "14,6% → 14,2%"),
                          ("Flere i job", "kræver opmærksomhed"),
                          ("Et mål uden tal", "ingen data")])
    assert [r.lit for r in data.rows] == [2, 0, -1]  # green right, red left, none
    assert [r.word for r in data.rows] == ["Opnået", "Kræver opmærksomhed", "Ingen data"]
    # one line + detail: 1.25 + 1.05 + 0.9 = 3.2; one line alone: max(2.2, 2.15) = 2.2
    assert [r.height for r in data.rows] == pytest.approx([3.2, 2.2, 2.2])
    assert [r.top for r in data.rows] == pytest.approx([0.0, 3.2, 5.4])
    assert data.total == pytest.approx(7.6)
    assert data.height == pytest.approx(1.0 + 7.6 * 8.5 * 1.3 / 72)
    assert data.source == "Kilde: Jobindsats.dk"
    with pytest.raises(ValidationError, match="unknown verdict"):
        prepare_goals([("Mål", "grøn-ish")])


def test_map_data_classifies_every_kommune_and_keeps_blinded_ones_out() -> None:
    names = default_taxonomy().kommuner()
    values = [float(i % 5) for i in range(len(names))]
    values[0] = float("nan")
    f = make_frame(pd.DataFrame({
        "area": list(names), "target_group": "kontanthjaelp",
        "period": pd.Period("2018", Y), "measure": "pct_population", "value": values,
        "blinded": [i == 0 for i in range(len(names))]}))
    data = prepare_map(f, bins=[0, 2, 4, 6], area="Gentofte")
    assert data.classes.classes[names[0]] == -1 and data.classes.missing == 1
    assert data.values[names[0]].blinded
    # i % 5 over i = 1..97: 0/1 -> class 0, 2/3 -> class 1, 4 -> class 2
    expected = [sum(1 for i in range(1, len(names)) if i % 5 in ks)
                for ks in ((0, 1), (2, 3), (4,))]
    assert list(data.classes.counts) == expected
    assert len(data.colours) == 3 and data.area == "Gentofte"


def test_drawing_prepared_bars_draws_exactly_their_values_and_marks() -> None:
    from jobstats.figures import draw_group_bars

    annual = make_frame(pd.DataFrame({
        "area": "Gentofte", "target_group": ["kontanthjaelp", "sygedagpenge"],
        "period": pd.Period("2018", Y), "measure": "full_time_persons",
        "value": [465.0, float("nan")], "blinded": [False, True]}))
    data = prepare_target_groups(annual)
    ax = Figure().add_subplot()
    handles = draw_group_bars(ax, data, HOUSE_STYLE)
    widths = [float(p.get_width()) for p in ax.containers[0]]
    assert widths[0] == 465.0 and math.isnan(widths[1])  # no bar, never 0
    assert [t.get_text() for t in ax.texts] == ["."]
    assert len(handles) == 1 and [t.get_text() for t in ax.get_yticklabels()] == [
        "Kontanthjælp", "Sygedagpenge"]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(["Gentofte", "Læsø", "I alt", "3"]), st.none()),
                min_size=1, max_size=12),
       st.booleans())
def test_key_labels_are_each_rows_period_or_text(raw: list[str | None], as_periods: bool) -> None:
    """The keys a figure looks its points up by: a Period stays a Period, anything
    else becomes its text — made once per distinct value, the same as row by row."""
    from jobstats.figures._data import _key_labels

    if as_periods:
        years = {"Gentofte": "2016", "Læsø": "2017", "I alt": "2018", "3": "2019"}
        column = pd.Series(pd.PeriodIndex([None if r is None else years[r] for r in raw],
                                          freq="Y"))
    else:
        column = pd.Series(raw, dtype=object)
    expected = [v if isinstance(v, pd.Period) else str(v) for v in column.tolist()]
    assert _key_labels(column) == expected
