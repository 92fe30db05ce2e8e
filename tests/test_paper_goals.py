"""Goals files: parsing, the five states, comparisons as ratios of sums, bad files."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from jobstats import make_frame
from jobstats.errors import FormatError, ValidationError
from jobstats.paper.goals import (
    GoalState,
    evaluate_goals,
    goal_lines,
    goal_tables,
    parse_goals,
    read_goals,
)

REPO = Path(__file__).resolve().parents[1]


def _monthly(area: str, group: str, measure: str, year: int, value: float,
             blinded_month: int | None = None) -> list[dict[str, object]]:
    return [{"area": area, "target_group": group, "measure": measure,
             "period": pd.Period(f"{year}-{m:02d}", "M"), "value": value,
             "blinded": m == blinded_month} for m in range(1, 13)]


def _frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    return make_frame(pd.DataFrame(rows))


def _goal(body: str, period: str = "2018") -> str:
    return f"""
[[goal]]
id = "1"
title = "Færre på forsørgelse"
[[goal.sub]]
id = "1A"
title = "Andelen skal falde"
period = "{period}"
{body}
"""


def _share_frame(ftp_2017: float, ftp_2018: float, *, blind_2018: bool = False
                 ) -> pd.DataFrame:
    rows = (_monthly("Gentofte", "i_alt", "full_time_persons", 2017, ftp_2017)
            + _monthly("Gentofte", "i_alt", "full_time_persons", 2018, ftp_2018,
                       blinded_month=3 if blind_2018 else None)
            + _monthly("Gentofte", "befolkning", "population_16_66", 2017, 1000.0)
            + _monthly("Gentofte", "befolkning", "population_16_66", 2018, 1000.0))
    return _frame(rows)


_SHARE = 'measure = "full_time_persons"\nstatistic = "population_share"\ndirection = "lower"\n'


def _state(frame: pd.DataFrame, body: str) -> GoalState:
    goals = parse_goals(_goal(body))
    (result,) = evaluate_goals(goals, frame, area="Gentofte")
    return result.state


def test_state_met_share_fell_against_previous_year() -> None:
    # 100 of 1000 = 10% in 2017, 90 of 1000 = 9% in 2018: lower is better
    f = _share_frame(100.0, 90.0)
    goals = parse_goals(_goal(_SHARE + 'baseline = "previous"'))
    (r,) = evaluate_goals(goals, f, area="Gentofte")
    assert r.current == pytest.approx(9.0)
    assert r.previous == pytest.approx(10.0)
    assert r.state is GoalState.MET


def test_state_on_track_towards_a_target() -> None:
    # 9% is better than last year's 10% but has not reached the target 5%
    f = _share_frame(100.0, 90.0)
    assert _state(f, _SHARE + 'target = 5\nbaseline = "previous"') is GoalState.ON_TRACK


def test_state_needs_attention_when_worse() -> None:
    f = _share_frame(100.0, 110.0)  # 10% → 11%
    assert _state(f, _SHARE + 'target = 5\nbaseline = "previous"') is GoalState.ATTENTION
    assert _state(f, _SHARE + 'baseline = "previous"') is GoalState.ATTENTION


def test_state_baseline_not_set() -> None:
    f = _share_frame(100.0, 90.0)
    assert _state(f, _SHARE) is GoalState.NO_BASELINE


def test_state_no_data_when_a_month_is_blinded() -> None:
    f = _share_frame(100.0, 90.0, blind_2018=True)
    goals = parse_goals(_goal(_SHARE + 'baseline = "previous"'))
    (r,) = evaluate_goals(goals, f, area="Gentofte")
    assert r.state is GoalState.NO_DATA
    assert math.isnan(r.current)
    assert "blinded" in r.reason


def test_state_no_data_for_a_user_value_not_entered() -> None:
    body = 'measure = "user"\ndirection = "higher"\ntarget = 80\nvalues = { "2017" = 70 }'
    goals = parse_goals(_goal(body))
    (r,) = evaluate_goals(goals, None, area="Gentofte")
    assert r.state is GoalState.NO_DATA


def test_user_measure_with_a_numeric_baseline() -> None:
    body = ('measure = "user"\nunit = "pct"\ndirection = "higher"\nbaseline = 72\n'
            'values = { "2017" = 70, "2018" = 76 }')
    (r,) = evaluate_goals(parse_goals(_goal(body)), None, area="Gentofte")
    assert (r.current, r.previous, r.baseline) == (76.0, 70.0, 72.0)
    assert r.state is GoalState.MET
    assert r.text(r.current) == "76,00%"


def test_tolerance_keeps_an_unchanged_printed_share_from_counting_as_a_fall() -> None:
    # 10.000% → 9.998%: both print 10,00%; with tolerance 0.005 this is no fall
    f = _share_frame(100.0, 99.98)
    assert _state(f, _SHARE + 'baseline = "previous"\ntolerance = 0.005') is \
        GoalState.ATTENTION


def test_comparison_cluster_is_a_ratio_of_sums() -> None:
    from jobstats import taxonomy

    tx = taxonomy.default().with_aggregate("Klynge", ["Rudersdal", "Hørsholm"])
    rows = []
    for area, ftp, pop in (("Gentofte", 50.0, 1000.0), ("Rudersdal", 10.0, 100.0),
                           ("Hørsholm", 90.0, 300.0)):
        for y in (2017, 2018):
            rows += _monthly(area, "i_alt", "full_time_persons", y, ftp)
            rows += _monthly(area, "befolkning", "population_16_66", y, pop)
    f = make_frame(pd.DataFrame(rows), taxonomy=tx)
    goals = parse_goals(_goal(_SHARE + 'compare = ["Klynge"]'), taxonomy=tx)
    (r,) = evaluate_goals(goals, f, area="Gentofte", taxonomy=tx)
    (name, current, _previous), = r.comparisons
    # (10 + 90) / (100 + 300) = 25%, not the mean of 10% and 30% (= 20%)
    assert name == "Klynge"
    assert current == pytest.approx(25.0)


def test_rank_goal_shows_last_and_this_years_place() -> None:
    rows = []
    shares = {"Gentofte": (3.0, 1.0), "Rudersdal": (1.0, 2.0), "Hørsholm": (2.0, 3.0)}
    for area, (s17, s18) in shares.items():
        rows += _monthly(area, "uddannelseshjaelp", "full_time_persons", 2017, s17 * 10)
        rows += _monthly(area, "uddannelseshjaelp", "full_time_persons", 2018, s18 * 10)
        for y in (2017, 2018):
            rows += _monthly(area, "befolkning", "population_16_66", y, 1000.0)
    body = ('measure = "full_time_persons"\ntarget_group = "uddannelseshjaelp"\n'
            'statistic = "rank"\ndirection = "lower"\ntarget = 1\nbaseline = "previous"')
    (r,) = evaluate_goals(parse_goals(_goal(body)), _frame(rows), area="Gentofte")
    assert (r.previous, r.current) == (3.0, 1.0)
    assert r.state is GoalState.MET
    (table,) = goal_tables([r])
    assert [table.text(i, 0) for i in range(2)] == ["3", "1"]
    assert [table.row_label(i) for i in range(2)] == ["2017", "2018"]
    assert table.verdict == "opnået"


def test_year_to_date_uses_the_same_months_a_year_earlier() -> None:
    rows = (_monthly("Gentofte", "kontanthjaelp.aktivitetsparate", "ordinary_hours_persons",
                     2017, 10.0)
            + [r for r in _monthly("Gentofte", "kontanthjaelp.aktivitetsparate",
                                   "ordinary_hours_persons", 2018, 12.0)
               if r["period"].month <= 9])  # type: ignore[attr-defined]
    rows[11]["value"] = 1000.0  # December 2017 must not count in Jan-Sep
    body = ('measure = "ordinary_hours_persons"\ntarget_group = '
            '"kontanthjaelp.aktivitetsparate"\nstatistic = "year_to_date"\n'
            'direction = "higher"\nbaseline = "previous"')
    (r,) = evaluate_goals(parse_goals(_goal(body)), _frame(rows), area="Gentofte")
    assert (r.previous, r.current) == (10.0, 12.0)
    assert r.period_label == "jan.-sep. 2018"
    assert r.state is GoalState.MET


def test_example_file_reproduces_the_built_in_goals() -> None:
    import jobstats

    data = jobstats.demo()
    results = evaluate_goals(read_goals(REPO / "docs" / "goals.toml"), data, area="Gentofte")
    built = jobstats.bilag(data, area="Gentofte", year=2018, compare="Østdanmark")
    by_id = {r.subgoal.id: r for r in results}
    pairs = {"1A": "maal_befolkningsandel", "1B": "maal_loentimer", "2A": "maal_flygtninge"}
    for sid, name in pairs.items():
        table = built[name]
        last = len(table.rows) - 1
        assert by_id[sid].current == pytest.approx(table.values[last][0]), sid
        assert by_id[sid].previous == pytest.approx(table.values[last - 1][0]), sid
        assert by_id[sid].state.value == table.verdict, sid
    ranking = built["rangliste_uddannelseshjaelp"]
    own = [i for i, row in enumerate(ranking.rows) if row.highlight]
    assert by_id["2B"].current == ranking.values[own[0]][0]
    assert by_id["2B"].state.value == ranking.verdict
    assert by_id["3A"].state is GoalState.NO_BASELINE
    lines = goal_lines(results)
    assert lines[3][2].startswith("plads")


@pytest.mark.parametrize("area", ["Hørsholm", "Odsherred"])
def test_example_ranking_goal_is_the_published_4th_quarter_ranking(area: str) -> None:
    import jobstats

    data = jobstats.demo()
    goals = read_goals(REPO / "docs" / "goals.toml")
    (result,) = [r for r in evaluate_goals(goals, data, area=area) if r.subgoal.id == "2B"]
    ranking = jobstats.bilag(data, area=area, year=2018)["rangliste_uddannelseshjaelp"]
    (own,) = [i for i, row in enumerate(ranking.rows) if row.highlight]
    assert result.current == ranking.values[own][0]
    assert result.period_label == "4. kvt. 2018"
    assert result.state.value == ranking.verdict


# ---- bad files ----------------------------------------------------------------
def _problems(text: str) -> list[str]:
    with pytest.raises(ValidationError) as info:
        parse_goals(text, source="goals.toml")
    return [str(p) for p in info.value.problems]


def test_unknown_measure_names_the_line_and_a_close_match() -> None:
    text = _goal('measure = "full_time_person"\nstatistic = "average"')
    (problem,) = _problems(text)
    line = text.splitlines().index('measure = "full_time_person"') + 1
    assert f"line {line}:" in problem
    assert "'full_time_persons'" in problem


def test_target_of_the_wrong_type_names_its_line() -> None:
    text = _goal(_SHARE + 'target = "2,5%"')
    (problem,) = _problems(text)
    line = text.splitlines().index('target = "2,5%"') + 1
    assert f"line {line}:" in problem
    assert "target must be a number" in problem


def test_goal_without_a_period_names_the_sub_goal_line() -> None:
    text = """
[[goal]]
id = "1"
title = "Mål"

[[goal.sub]]
id = "1A"
title = "Uden periode"
measure = "user"
values = { "2018" = 1 }
"""
    (problem,) = _problems(text)
    assert "line 6:" in problem
    assert "no period" in problem


def test_all_problems_are_collected() -> None:
    text = _goal('measure = "nope"\ndirection = "down"\ntarget = "x"\nwat = 1')
    problems = _problems(text)
    assert len(problems) == 4
    assert all("line " in p for p in problems)


def test_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "goals.toml"
    path.write_text('[[goal]]\nid = "1"\ntitle = "x\n', encoding="utf-8")
    with pytest.raises(FormatError) as info:
        read_goals(path)
    assert info.value.problems[0].row == 3


def test_unknown_comparison_area_suggests_a_spelling() -> None:
    (problem,) = _problems(_goal(_SHARE + 'compare = ["Region Hovedstadn"]'))
    assert "Region Hovedstaden" in problem


def test_a_compare_that_is_not_a_list_of_names_is_refused_at_every_level() -> None:
    """compare = 7 at the top of the file, on a goal and on a sub-goal: each a problem
    naming its own line, all reported together."""
    text = 'compare = 7\n' + _goal(_SHARE + "compare = [1, 2]").replace(
        'title = "Færre på forsørgelse"', 'title = "Færre på forsørgelse"\ncompare = true')
    with pytest.raises(ValidationError) as info:
        parse_goals(text, source="goals.toml")
    problems = info.value.problems
    assert len(problems) == 3
    assert all("compare must be a list of area names" in p.message for p in problems)
    lines = text.splitlines()
    expected = [i + 1 for i, line in enumerate(lines) if line.startswith("compare =")]
    assert sorted(p.row or 0 for p in problems) == expected


def test_goal_lines_and_tables_in_english() -> None:
    body = ('measure = "user"\nunit = "pct"\ndirection = "higher"\ntarget = 80\nbaseline = 72\n'
            'values = { "2017" = 70, "2018" = 76 }')
    results = evaluate_goals(parse_goals(_goal(body)), None, area="Gentofte", language="en")
    ((goal, state, detail),) = goal_lines(results, "en")
    assert goal == "1A. Andelen skal falde"
    assert state == "on track"
    assert detail == "70.00% (2017) → 76.00% (2018) · target: 80.00%"
    (table,) = goal_tables(results, language="en")
    assert table.verdict == "on track"
    assert table.title.startswith("Goal 1A")
    # capitalised as the data's sources beside it on the front page ("Sources: ...; Own
    # records; ..."), as the Danish "Egne opgørelser"
    assert table.source == "Source: Own records"


def test_english_figure_captions() -> None:
    from jobstats.paper.document import build_paper

    paper = build_paper([], [("figur5_langtidsledige", "Langtidsledige, månedlig")],
                        area="Gentofte", period="2016-2018", data_until="December 2018",
                        title="Key figures appendix", language="en")
    (figure,) = paper.figures
    assert figure.caption("en") == "Figure 1: Long-term unemployed, monthly"
    assert paper.front_lines()[2] == ("Data up to and including", "December 2018")


@pytest.mark.parametrize(("language", "national", "other"), [("da", "Hele landet", "All Denmark"),
                                                             ("en", "All Denmark", "Hele landet")])
def test_goal_table_columns_name_the_country_in_the_papers_language(
        language: str, national: str, other: str) -> None:
    import jobstats

    results = evaluate_goals(read_goals(REPO / "docs" / "goals.toml"), jobstats.demo(),
                             area="Gentofte", language=language)  # type: ignore[arg-type]
    tables = goal_tables(results, language=language)  # type: ignore[arg-type]
    heads = [c.label for t in tables for c in t.columns]
    # goal 1A compares with Østdanmark and the whole country (the file's default)
    (one_a,) = [t for t in tables if t.name == "maal_1a"]
    assert [c.label for c in one_a.columns] == ["Gentofte", "Østdanmark", national]
    assert other not in heads
