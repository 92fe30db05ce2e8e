"""compare(): computed figures against published ones, and the pytest assert helpers."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from jobstats.frame import make_frame
from jobstats.verify import (
    Match,
    assert_consistent,
    assert_matches_published,
    change_consistent,
    compare,
    sum_consistent,
)


def test_mapping_rounding_as_published() -> None:
    computed = {"2016": 4194.4, "2017": 4102.5, "2018": 3999.49, "share": 0.654999}
    published = {"2016": "4.194", "2017": "4.103", "2018": "3.999", "share": "0,65%"}
    # 4102.5 rounds half away from zero to 4.103; 0.654999 rounds to 0,65
    report = compare(computed, published)
    assert report.ok and all(c.match is Match.EQUAL for c in report.comparisons)


def test_differences_are_listed_readably() -> None:
    report = compare({"a": 816.5, "b": -2.175, "c": 1.0}, {"a": "816", "b": "-2,17", "d": "1"})
    by_key = {c.key: c for c in report.comparisons}
    assert by_key["a"].match is Match.DIFFERENT and by_key["a"].rounded == "817"
    assert by_key["b"].match is Match.DIFFERENT and by_key["b"].rounded == "-2,18"
    assert by_key["d"].match is Match.MISSING
    assert report.extra == 1  # "c" was computed but is not published
    text = report.format()
    assert text.splitlines()[0].startswith("3 published figures: 0 equal, 2 different, 1 missing")
    assert "816,5" not in text and "816.5" in text and "817" in text


def test_blinded_empty_and_undefined() -> None:
    report = compare({"x": 5.0, "y": math.nan, "z": math.nan, "w": 3.0},
                     {"x": ".", "y": "", "z": "0,5", "w": ""})
    by_key = {c.key: c.match for c in report.comparisons}
    assert by_key == {"x": Match.NOT_CHECKABLE, "y": Match.EQUAL, "z": Match.DIFFERENT,
                      "w": Match.DIFFERENT}


def test_numbers_with_decimals_and_units() -> None:
    assert compare({"k": 44012.0}, {"k": 44010}, unit=10).ok
    assert not compare({"k": 44016.0}, {"k": 44010}, unit=10).ok
    assert compare({"s": 9.2849}, {"s": 9.28}, decimals=2).ok
    assert not compare({"s": 9.2851}, {"s": 9.28}, decimals=2).ok


def test_canonical_frames_and_series() -> None:
    computed = make_frame(pd.DataFrame({
        "area": ["Gentofte", "Gentofte"], "target_group": ["sygedagpenge", "sygedagpenge"],
        "period": [pd.Period("2017", "Y"), pd.Period("2018", "Y")],
        "measure": ["full_time_persons", "full_time_persons"], "value": [561.6, 542.5]}))
    published = computed.assign(value=[562.0, 543.0])
    published["text"] = ["562", "543"]
    assert compare(computed, published).ok
    published["text"] = ["562", "542"]
    report = compare(computed, published)
    assert [c.key for c in report.differences] == [
        ("Gentofte", "sygedagpenge", pd.Period("2018", "Y"), "full_time_persons")]
    # a Series with a MultiIndex gives tuple keys
    s = computed.set_index(["area", "period"])["value"]
    p = pd.Series(["562", "543"], index=s.index)
    assert compare(s, p).ok


def test_assert_helpers_fail_with_a_table() -> None:
    assert_matches_published({"2018": 815.6}, {"2018": "816"})
    with pytest.raises(AssertionError) as info:
        assert_matches_published({"2018": 815.4, "2017": 804.0}, {"2018": "816", "2017": "804"})
    message = str(info.value)
    assert "1 different" in message and "815.4" in message and "815" in message
    assert_consistent([change_consistent("804", "816", "+1,39%"),
                       change_consistent(".", "816", "+1,39%")])
    with pytest.raises(AssertionError, match="not checkable"):
        assert_consistent(change_consistent(".", "816", "+1,39%"), allow_not_checkable=False)
    with pytest.raises(AssertionError, match=r"sum of 3 parts.*807"):
        assert_consistent(sum_consistent(["802", "0", "3"], "807"))
