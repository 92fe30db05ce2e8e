"""The one verification engine: rules with columns()/check(), one result type for tables, the
appendix verification and documents."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jobstats
from jobstats.errors import ValidationError
from jobstats.report.build import ReportOptions, build_report
from jobstats.verify import (
    CellCheck,
    Change,
    ChildrenSum,
    ImpliedDenominator,
    PublishedTable,
    RowSum,
    Share,
    VerifySpec,
    common_denominator,
    published,
    run_rules,
    verify_table,
)

TABLE = PublishedTable.from_rows(
    ["gruppe", "2017", "2018", "yoy", "andel"],
    [["A", "804", "816", "+1,49%", "60%"], ["- a1", "802", "816", "+1,75%", "60%"],
     ["- a2", "3", "0", "-100,00%", "0%"], ["B", "541", "544", "+0,55%", "40%"],
     ["I alt", "1.345", "1.360", "+1,12%", "100%"]])


def test_every_rule_names_its_columns() -> None:
    assert Change("2017", "2018", "yoy").columns() == ("2017", "2018", "yoy")
    assert Share("2018", "andel", whole_row="I alt").columns() == ("2018", "andel")
    assert ChildrenSum(("2017", "2018")).columns() == ("2017", "2018")
    assert RowSum("I alt", ("2018",)).columns() == ("2018",)
    assert ImpliedDenominator("2018", "andel").columns() == ("2018", "andel")


def test_run_rules_reports_every_unknown_column_and_row_at_once() -> None:
    with pytest.raises(ValidationError) as info:
        run_rules(TABLE, [Change("2016", "2018", "yoy"), RowSum("Total", ("2019",))])
    assert [p.code for p in info.value.problems] == ["unknown_column", "unknown_column",
                                                     "unknown_row"]


def test_one_result_type_for_a_table_and_an_appendix() -> None:
    checks = run_rules(TABLE, [Change("2017", "2018", "yoy"), ChildrenSum(("2017", "2018")),
                               RowSum("I alt", ("2017", "2018")),
                               Share("2018", "andel", whole_row="I alt")])
    assert all(isinstance(c, CellCheck) for c in checks)
    # 804 = 802 + 3 within ±1 (1,5 for three parts: two here); 816 = 816 + 0
    by = {(c.kind, c.row, c.column): c.verdict.status.value for c in checks}
    assert by[("children", "A", "2017")] == "consistent"
    assert by[("total", "I alt", "2017")] == "consistent"       # 804 + 541 = 1.345
    assert by[("change", "- a2", "yoy")] == "consistent"        # 3 -> 0 reaches -100 %
    assert by[("share", "A", "andel")] == "consistent"          # 816 / 1.360 = 60,0 %
    report = build_report(jobstats.demo(), ReportOptions("Gentofte", 2018, figures=False))
    assert report.verification.checks
    assert all(isinstance(c, CellCheck) for c in report.verification.checks)
    assert {c.kind for c in report.verification.checks} >= {"change", "share", "children",
                                                           "total"}


def test_a_zero_to_zero_change_is_not_checkable_in_the_appendix_too() -> None:
    report = build_report(jobstats.demo(), ReportOptions("Gentofte", 2018, figures=False))
    zero = [c for c in report.verification.checks if c.kind == "change"
            and c.verdict.inputs and all(n.exact == 0 for n in c.verdict.inputs)]
    # DOMAIN.md: Midlertidig Arbejdsmarkedsydelse 0 in 2017 and 2018 (and others)
    assert zero and all(c.verdict.status.value == "not checkable" for c in zero)


def test_verify_table_runs_implied_denominator_rules() -> None:
    t = PublishedTable.from_rows(
        ["ydelse", "antal", "pct. af befolkningen"],
        [["Dagpenge", "816", "1,78%"], ["Kontanthjælp", "465", "1,03%"],
         ["Sygedagpenge", "543", "1,18%"]])
    report = verify_table(t, VerifySpec(rules=(ImpliedDenominator("antal",
                                                                  "pct. af befolkningen"),)))
    assert [c.row for c in report.findings] == ["Kontanthjælp"]


def test_common_denominator_needs_two_rows_and_nonzero_shares() -> None:
    alone = common_denominator([(published("10"), published("1,00"))])
    assert [v.status.value for v in alone] == ["not checkable"]
    zero = common_denominator([(published("0"), published("0,00")),
                               (published("10"), published("1,00")),
                               (published("20"), published("2,00"))])
    assert [v.status.value for v in zero] == ["not checkable", "consistent", "consistent"]
    # two rows that disagree: neither can be trusted, both are flagged
    two = common_denominator([(published("10"), published("1,00")),
                              (published("10"), published("2,00"))])
    assert [v.status.value for v in two] == ["inconsistent", "inconsistent"]


def _share_text(x: float) -> str:
    from decimal import ROUND_HALF_UP, Decimal

    return str(Decimal(repr(x)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)).replace(
        ".", ",")


populations = st.integers(min_value=10_000, max_value=2_000_000)


@settings(max_examples=150, deadline=None)
@given(populations, st.lists(st.floats(min_value=0.002, max_value=0.1), min_size=3,
                             max_size=6))
def test_shares_of_one_population_never_flag(population: int, fractions: list[float]) -> None:
    counts = [max(1, round(population * f)) for f in fractions]
    pairs = [(published(str(c)), published(_share_text(c / population * 100)))
             for c in counts]
    assert not any(v.inconsistent for v in common_denominator(pairs))


@settings(max_examples=150, deadline=None)
@given(populations, st.lists(st.floats(min_value=0.002, max_value=0.1), min_size=3,
                             max_size=6), st.integers(min_value=1, max_value=5))
def test_a_share_moved_outside_its_reachable_interval_always_flags(
        population: int, fractions: list[float], steps: int) -> None:
    counts = [max(1, round(population * f)) for f in fractions]
    # the shares as printed (2 decimals), as numbers
    shares = [float(_share_text(c / population * 100).replace(",", ".")) for c in counts]
    # the population the other rows allow (each count ±0,5, each share ±0,005), by floats
    d_lo = max((c - 0.5) / (s + 0.005) for c, s in zip(counts[1:], shares[1:], strict=True))
    d_hi = min((c + 0.5) / (s - 0.005) for c, s in zip(counts[1:], shares[1:], strict=True))
    # the first row's reachable share, and a printed share wholly above it
    hi = (counts[0] + 0.5) / d_lo
    moved = (int((hi + 0.005) * 100) + steps) / 100 + 0.001
    pairs = [(published(str(c)), published(_share_text(s))) for c, s in
             zip(counts, [moved, *shares[1:]], strict=True)]
    verdicts = common_denominator(pairs)
    assert d_lo <= d_hi
    assert verdicts[0].inconsistent
    # when the moved row meets no other row on its own, the others stay consistent (else
    # it ties with some of them, and those are flagged too: one of them is off)
    printed = float(_share_text(moved).replace(",", "."))
    r_lo, r_hi = (counts[0] - 0.5) / (printed + 0.005), (counts[0] + 0.5) / (printed - 0.005)
    alone = all((c + 0.5) / (s - 0.005) < r_lo or (c - 0.5) / (s + 0.005) > r_hi
                for c, s in zip(counts[1:], shares[1:], strict=True))
    if alone:
        assert not any(v.inconsistent for v in verdicts[1:])


def test_the_rule_names_a_count_of_one_in_the_singular() -> None:
    t = PublishedTable.from_rows(["gruppe", "2018"],
                                 [["A", "10"], ["- a1", "10"], ["B", "7"], ["- b1", "3"],
                                  ["- b2", "4"], ["I alt", "17"]])
    rules = {c.row: c.rule for c in run_rules(t, [ChildrenSum(("2018",))], prefix="- ")}
    assert rules == {"A": "sum of 1 sub-row", "B": "sum of 2 sub-rows"}
    total = run_rules(t, [RowSum("I alt", ("2018",))], prefix="- ")
    assert [c.rule for c in total] == ["sum of 2 parent rows"]
