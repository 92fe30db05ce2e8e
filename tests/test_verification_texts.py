"""What verifikation.txt / verifikation.csv say: plain rows an analyst can read, in the
report's language, without weakening any check."""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

import jobstats
from jobstats.report.build import Report, ReportOptions, build_report
from jobstats.report.verification import VerificationSummary
from jobstats.verify import (
    CellCheck,
    change_consistent,
    difference_consistent,
    published,
    same_consistent,
    share_consistent,
)


@cache
def _report(language: str = "da") -> Report:
    return build_report(jobstats.demo(), ReportOptions("Gentofte", 2018, language=language,
                                                       figures=False, docx=False))


def test_a_number_quoted_by_the_text_is_shown_as_the_same_number() -> None:
    rows = _report().verification.to_frame()
    quoted = rows[rows["checked"].str.startswith("same number as")]
    # the sentences quote the annual averages and shares of both years of both tables
    assert len(quoted) >= 8
    # the quoted number and what its table cell allows: the same printed text, never a
    # difference "0" against "-1 … 1"
    assert (quoted["published"] == quoted["reachable"]).all()
    assert (quoted["checked"] == "same number as " + quoted["published"]).all()
    assert (quoted["status"] == "consistent").all()
    assert not rows["reachable"].eq("-1 … 1").any()


_printed = st.builds(lambda whole, dec, neg: (("-" if neg else "") + f"{whole:,}".replace(",", ".")
                                              + ("," + "5" * dec if dec else "")),
                     st.integers(0, 20_000), st.integers(0, 2), st.booleans())


@settings(max_examples=300, deadline=None)
@given(_printed, _printed)
def test_the_same_number_check_is_the_difference_zero_check(a: str, b: str) -> None:
    # not weakened: the same verdict as "the difference of the two is exactly 0"
    same = same_consistent(a, b)
    diff = difference_consistent(a, b, published("0", exact=True))
    assert same.status is diff.status


def test_the_same_number_check_catches_a_wrong_quote() -> None:
    assert same_consistent("816", "816")
    assert same_consistent("1.234,5", "1.234")   # [1234.45, 1234.55) meets [1233.5, 1234.5)
    assert same_consistent("0,66%", "0,66%")
    assert same_consistent("816", "817").inconsistent
    assert same_consistent("0,66%", "0,67%").inconsistent


def test_a_count_printed_0_cannot_stand_for_a_negative_count() -> None:
    zero = replace(published("0"), nonnegative=True)
    assert str(zero.interval) == "[0, 0.5)"
    # a share of a count printed 0 of a national 66.6: 0 % up to 0.5 / 66.6 = 0.75 %
    share = share_consistent(zero, published(66.6, exact=True), "0,00%")
    assert share.consistent and share.printable() == "0,00% … 0,75%"
    # a change from a count printed 0 to 3 is at least 2.5 / 0.5 - 1 = +400 %; without the
    # bound, a before in (-0.5, 0) made 3 / before - 1 below -600 % look reachable
    rise = change_consistent(zero, "3", "1.742,78%")
    assert rise.consistent and rise.printable() == "400,00% … +∞"
    assert change_consistent(zero, "3", "-700,00%").inconsistent
    assert change_consistent("0", "3", "-700,00%").consistent  # a quantity that can be < 0
    # a printed negative number keeps its whole interval
    assert str(replace(published("-2"), nonnegative=True).interval) == "(-2.5, -1.5]"


def test_the_appendix_checks_read_levels_as_counts() -> None:
    rows = _report().verification.to_frame()
    shares = rows[rows["relation"] == "share"]
    levels = rows[rows["relation"].isin(["children", "total"])]
    assert len(shares) and len(levels)
    for frame in (shares, levels):
        assert not frame["reachable"].str.startswith("-").any(), \
            frame.loc[frame["reachable"].str.startswith("-")].head().to_string()
    assert isinstance(rows, pd.DataFrame)


def test_verifikation_txt_follows_the_report_language(tmp_path: Path) -> None:
    from jobstats.report.build import previous_report, write_report

    da = replace(_report("da"), figures=())
    en = replace(_report("en"), figures=())
    write_report(da, tmp_path / "da")
    write_report(en, tmp_path / "en")
    text_da = (tmp_path / "da" / "verifikation.txt").read_text(encoding="utf-8")
    text_en = (tmp_path / "en" / "verifikation.txt").read_text(encoding="utf-8")
    n = len(da.verification.checks)
    counts = da.verification.counts()
    assert text_da.splitlines()[0] == "Verifikation af nøgletalsbilag: Gentofte 2018"
    assert text_en.splitlines()[0] == "Verification of the appendix: Gentofte 2018"
    assert (f"{n} kontroller af trykte tal: {counts['consistent']} stemmer, 0 stemmer ikke, "
            f"{counts['not checkable']} kan ikke kontrolleres") in text_da
    n_en, counts_en = len(en.verification.checks), en.verification.counts()
    assert (f"{n_en} checks of printed numbers: {counts_en['consistent']} consistent, "
            "0 inconsistent") in text_en
    for word in ("checks", "consistent", "Omitted", "set aside", "needs"):
        assert word not in text_da
    for word in ("kontrol", "stemmer", "Udeladt", "Verifikation"):
        assert word not in text_en
    # the national value a share is checked against is named in the report's language
    checked_en = en.verification.to_frame()["checked"]
    assert checked_en.str.contains("All Denmark (data)", regex=False).any()
    assert not checked_en.str.contains("Hele landet", regex=False).any()
    assert da.verification.to_frame()["checked"].str.contains("Hele landet (data)",
                                                              regex=False).any()
    # the CLI names the report a folder held, whatever its language
    assert previous_report(tmp_path / "da") == "Gentofte 2018"
    assert previous_report(tmp_path / "en") == "Gentofte 2018"


def test_an_inconsistent_check_is_told_in_the_report_language() -> None:
    wrong = CellCheck(row="I alt", line=None, column="2018 Udvikling i procent",
                      rule="change", verdict=change_consistent("804", "816", "+1,70%"),
                      kind="change", table="maalgruppeoversigt")
    one = VerificationSummary((wrong,))
    # 815.5/804.5 - 1 = 1.3673 %, 816.5/803.5 - 1 = 1.618 %: 1,37% … 1,62%, not 1,70%
    assert one.format("da").splitlines() == [
        "1 kontrol af trykte tal: 0 stemmer, 1 stemmer ikke, 0 kan ikke kontrolleres "
        "(diskretioneret eller udefineret).",
        "STEMMER IKKE maalgruppeoversigt / I alt / 2018 Udvikling i procent: udvikling 804 → "
        "816: trykt +1,70%, mulige værdier (+1,3673%; +1,6179%) (trykt som +1,37% … +1,62%)"
        ": stemmer ikke"]
    en = one.format("en").splitlines()
    assert en[0] == ("1 check of printed numbers: 0 consistent, 1 inconsistent, "
                     "0 not checkable (blinded or undefined).")
    assert en[1].startswith("INCONSISTENT maalgruppeoversigt / I alt / 2018 Udvikling i "
                            "procent: change 804 → 816: published +1,70%")
