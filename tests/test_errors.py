"""Error reasons as data: a Reason enum with categories, problems as a frame, and
omitted tables and figures that keep their problems."""

from __future__ import annotations

import ast
from pathlib import Path

import pandas as pd
import pytest

import jobstats
from jobstats.errors import Category, Problem, Reason, ValidationError, one_line
from jobstats.figures import _data as D  # noqa: N812
from jobstats.report import ReportOptions, build_report

PACKAGE = Path(__file__).resolve().parents[1] / "jobstats"
# functions that pass their first argument on as a Problem's reason
HELPERS = {"Problem", "_problem", "add"}


def _reason_arguments() -> list[tuple[str, int, ast.expr]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else (
                node.func.attr if isinstance(node.func, ast.Attribute) else "")
            if name not in HELPERS:
                continue
            arg = node.args[0] if node.args else next(
                (k.value for k in node.keywords if k.arg == "code"), None)
            if arg is not None:
                found.append((f"{path.relative_to(PACKAGE.parent)}:{node.lineno}", name, arg))
    return [(where, getattr(arg, "lineno", 0), arg) for where, _, arg in found]


def test_no_reason_is_built_at_run_time_and_every_literal_is_a_reason() -> None:
    known = {r.value for r in Reason}
    built = [where for where, _, arg in _reason_arguments() if isinstance(arg, ast.JoinedStr)]
    assert built == [], f"reasons built with an f-string: {built}"
    unknown = sorted({(where, arg.value) for where, _, arg in _reason_arguments()
                      if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                      and arg.value not in known and arg.value.isidentifier()
                      and arg.value == arg.value.lower()})
    assert unknown == [], f"add these reasons to jobstats.errors.Reason: {unknown}"


def test_every_reason_has_one_of_the_five_categories() -> None:
    assert {r.category for r in Reason} == set(Category)
    assert Reason.UNKNOWN_AREA.category is Category.UNKNOWN_NAME
    assert Reason.BAD_ENCODING.category is Category.INPUT_FORMAT
    assert Reason.NEGATIVE_COUNT.category is Category.VALUE
    assert Reason.DUPLICATE_KEY.category is Category.RELATION
    assert Reason.UNWRITABLE.category is Category.OUTPUT


def test_text_reasons_become_members_and_still_compare_as_text() -> None:
    p = Problem("unknown_area", "unknown area 'X'")
    assert p.code is Reason.UNKNOWN_AREA
    code: str = p.code
    assert code == "unknown_area"
    assert p.category is Category.UNKNOWN_NAME
    assert "[unknown_area]" in p.describe()
    err = ValidationError([p])
    assert err.codes == {"unknown_area"}
    # a reason not (yet) in the enum is kept as given, without a category
    q = Problem("brand_new_reason", "x")
    assert q.code == "brand_new_reason" and q.category is None


def test_to_frame_lists_every_problem_with_its_category() -> None:
    long = "x" * 500
    err = ValidationError([
        Problem("unknown_area", "unknown area 'Hilleroed'", source="a.csv", row=3,
                column="area", value="Hilleroed", suggestions=("Hillerød",)),
        Problem("bad_number", "not a number", source="a.csv", row=4, column="value",
                value=long),
        Problem("duplicate_key", "two rows for one key", row=7),
    ])
    frame = err.to_frame()
    assert list(frame.columns) == ["code", "category", "source", "row", "column", "value",
                                   "message", "suggestions"]
    assert frame["code"].tolist() == ["unknown_area", "bad_number", "duplicate_key"]
    assert frame["category"].tolist() == ["unknown name", "input format", "relation"]
    assert frame["row"].tolist() == [3, 4, 7]
    assert frame.loc[0, "suggestions"] == "Hillerød"
    assert len(str(frame.loc[1, "value"])) < 130  # a long value is shortened, as in messages
    assert ValidationError([]).to_frame().empty


def test_one_line_keeps_the_first_problem_whole() -> None:
    problems = [Problem("unknown_area", f"unknown area {i}", column="area") for i in range(30)]
    line = one_line(ValidationError(problems))
    assert line.startswith("[unknown_area] column 'area': unknown area 0")
    assert line.endswith("(and 29 more)")
    assert one_line(RuntimeError("first\nsecond")) == "first"


def test_figure_and_table_selections_name_fixed_reasons() -> None:
    f = jobstats.make_frame(pd.DataFrame({
        "area": ["Gentofte", "Odense"], "target_group": "kontanthjaelp",
        "period": pd.Period("2018", "Y-DEC"),
        "measure": ["full_time_persons", "persons"], "value": [1.0, 2.0]}))
    with pytest.raises(ValidationError) as exc:
        D.choose(f, D.AREA, "Gentofe", "test")
    assert exc.value.problems[0].code is Reason.UNKNOWN_AREA
    assert exc.value.problems[0].suggestions == ("Gentofte",)
    with pytest.raises(ValidationError) as exc:
        D.choose(f, D.MEASURE, None, "test")
    assert exc.value.problems[0].code is Reason.AMBIGUOUS_MEASURE
    with pytest.raises(ValidationError) as exc:
        jobstats.ranking_table(f)
    assert exc.value.problems[0].code is Reason.NOT_ONE_MEASURE


def test_omitted_tables_and_figures_carry_their_problems() -> None:
    data = jobstats.demo()
    # without the population, the tables and figures that need it are left out
    lacking = data[data["measure"] != "population_16_66"].reset_index(drop=True)
    lacking.attrs = dict(data.attrs)
    report = build_report(lacking, ReportOptions(area="Gentofte", year=2018))
    assert report.omitted, "expected some tables or figures to be left out"
    kinds = {o.kind for o in report.omitted}
    assert kinds <= {"table", "figure"}
    for o in report.omitted:
        assert o.problems, o
        assert all(isinstance(p.code, Reason) for p in o.problems), o
        assert all(p.category is not None for p in o.problems)
        text = str(o)
        assert text.startswith(f"{o.kind} {o.name}: [")
        assert "... and" not in text and not o.reason.startswith("-")
    assert [str(o) for o in report.bilag.omitted] == [
        str(o) for o in report.omitted if o.kind == "table"]
