"""The one label module: the decisions where tables and figures used to differ."""

from __future__ import annotations

import pandas as pd
import pytest

from jobstats import labels, make_frame
from jobstats.errors import ValidationError
from jobstats.figures.format import period_label
from jobstats.labels import (
    area_label,
    check_language,
    group_label,
    is_percent,
    measure_label,
    month_name,
    offer_label,
    source_line,
    text,
)
from jobstats.tables import point_comparison_table


def test_source_line_rules() -> None:
    f = pd.DataFrame()
    assert source_line(f, "da") == "Kilde: Jobindsats.dk"
    assert source_line(None, "en") == "Source: Jobindsats.dk"
    f.attrs["source"] = "Danmarks Statistik"
    assert source_line(f, "da") == "Kilde: Danmarks Statistik"
    f.attrs["source"] = "Kilde: STAR"
    assert source_line(f, "da") == "Kilde: STAR"
    # an explicit source wins over the frame's and gets the same prefix rule
    assert source_line(f, "da", "Egen opgørelse") == "Kilde: Egen opgørelse"
    assert source_line(f, "en", "Source: own figures") == "Source: own figures"
    # "source" inside the text is not a prefix
    f.attrs["source"] = "Open source data"
    assert source_line(f, "en") == "Source: Open source data"


def test_measure_labels_never_raise_and_never_mislabel() -> None:
    assert measure_label("full_time_persons", "da") == "Antal fuldtidspersoner"
    assert measure_label("full_time_persons:national_share:yoy", "en") == "Change in %"
    assert measure_label("full_time_persons:national_share", "da") == "Landsandel"
    # unknown base or unknown last suffix: the id, not some other measure's name
    assert measure_label("my_measure", "da") == "my_measure"
    assert measure_label("full_time_persons:odd", "da") == "full_time_persons:odd"


def test_is_percent() -> None:
    assert is_percent("full_time_persons:population_share")
    assert is_percent("full_time_persons:national_share:yoy")
    assert not is_percent("full_time_persons")
    assert not is_percent("my_measure")
    assert not is_percent("full_time_persons:odd")


def test_month_names_long_and_short() -> None:
    assert [month_name(m, "da") for m in (1, 3, 5, 12)] == ["januar", "marts", "maj",
                                                            "december"]
    assert [month_name(m, "da", short=True) for m in (1, 3, 5, 10)] == ["jan", "mar", "maj",
                                                                        "okt"]
    assert [month_name(m, "en", short=True) for m in (5, 6, 9)] == ["May", "Jun", "Sep"]
    assert period_label(pd.Period("2024-10", "M"), "da") == "okt 2024"


def test_group_offer_and_area_labels() -> None:
    assert group_label("kontanthjaelp", "da") == "Kontanthjælp"
    assert group_label("kontanthjaelp.jobparate", "da") == "Jobparate"
    assert group_label("kontanthjaelp.jobparate", "da", qualified=True) == \
        "Kontanthjælp: Jobparate"
    assert group_label("no_such_group", "da") == "no_such_group"
    assert offer_label("aktiverede", "en") == "Activated"
    assert offer_label("something", "da") == "Something"
    assert area_label("Hele landet", "en") == "All Denmark"
    assert area_label("Hele landet", "da") == "Hele landet"
    assert area_label("Gentofte", "en") == "Gentofte"


def test_text_catalogue_and_language_check() -> None:
    assert text("partial", "en", year=2018, n=9) == "2018: average of 9 months (partial year)"
    assert text("change_pct", "da") == "Udvikling i procent"
    with pytest.raises(ValidationError) as exc:
        check_language("dk")
    assert exc.value.problems[0].suggestions[0] == "da"
    assert set(labels.LANGUAGES) == {"da", "en"}


def test_tables_translate_hele_landet_in_english() -> None:
    rows = [{"area": a, "target_group": "kontanthjaelp", "period": pd.Period(p, "M"),
             "measure": "full_time_persons", "value": v}
            for a, vals in (("Gentofte", (200.0, 190.0)), ("Hele landet", (1e5, 1.1e5)))
            for p, v in zip(("2017-12", "2018-12"), vals, strict=True)]
    f = make_frame(pd.DataFrame(rows))
    en = point_comparison_table(f, "Gentofte", year=2018, language="en")
    da = point_comparison_table(f, "Gentofte", year=2018)
    assert [en.row_label(i) for i in range(len(en.rows))] == ["Gentofte", "All Denmark"]
    assert [da.row_label(i) for i in range(len(da.rows))] == ["Gentofte", "Hele landet"]
    assert en.text(1, 2) == "10.00%"  # 100,000 -> 110,000


@pytest.mark.parametrize("freq", ["M", "Y-DEC", "Y-MAR", "Y-JUN", "Y-SEP", "Q-DEC", "Q-NOV"])
def test_years_of_is_the_year_of_each_period_end(freq: str) -> None:
    from jobstats.selection import years_of

    s = pd.Series(pd.period_range("1950-01", periods=1000, freq=freq))
    expected = [p.end_time.year for p in s]
    assert years_of(s).tolist() == expected


def test_present_values_reads_categorical_codes_with_missing_values() -> None:
    from jobstats.selection import present_values

    cats = [f"a{i}" for i in range(128)]  # the largest count that keeps int8 codes
    col = pd.Categorical([None, "a127", "a0", None, "a5"], categories=cats)
    assert present_values(pd.DataFrame({"area": col}), "area") == {"a0", "a5", "a127"}
    assert present_values(pd.DataFrame({"area": pd.Categorical([None], categories=cats)}),
                          "area") == set()
    assert present_values(pd.DataFrame({"x": [1]}), "area") == set()


def test_a_count_of_one_takes_the_singular() -> None:
    # Danish "1 måned" / "2 måneder", English "1 month" / "2 months"
    assert text("partial", "da", year=2025, n=1) == "2025: gennemsnit af 1 måned (delvist år)"
    assert text("partial", "en", year=2025, n=1) == "2025: average of 1 month (partial year)"
    assert text("partial", "da", year=2025, n=2) == "2025: gennemsnit af 2 måneder (delvist år)"
    assert text("partial", "en", year=2025, n=11) == "2025: average of 11 months (partial year)"


@pytest.mark.filterwarnings("ignore::jobstats.keyfigures.PartialComparisonWarning")
def test_a_year_of_one_month_is_noted_in_the_singular() -> None:
    import jobstats
    from jobstats.tables import maalgruppeoversigt

    demo = jobstats.demo()
    # the demo data end in December 2025: keep January 2025 only of the last year
    cut = demo.loc[(demo["period"] <= pd.Period("2025-01", "M"))
                   & demo["area"].isin(["Gentofte", "Hele landet"])]
    da = maalgruppeoversigt(cut, "Gentofte", [2023, 2024, 2025])
    en = maalgruppeoversigt(cut, "Gentofte", [2023, 2024, 2025], language="en")
    assert "2025: gennemsnit af 1 måned (delvist år)" in da.notes
    assert "2025: average of 1 month (partial year)" in en.notes
    assert not any("måneder" in n or "months" in n for n in (*da.notes, *en.notes))
