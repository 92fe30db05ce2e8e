"""Regression-testing published numbers, aware of rounding.

Published numbers are rounded, so an exact comparison is wrong both ways.
:func:`published` parses a printed cell and knows the interval of true values it
stands for; the relation checks (:func:`change_consistent`,
:func:`share_consistent`, :func:`sum_consistent`, :func:`difference_consistent`,
:func:`ratio_consistent`, :func:`same_consistent`) propagate those intervals exactly and return a
:class:`Verdict`; :func:`verify_table` checks a whole published table against a
declarative :class:`VerifySpec`; :func:`verify_document` checks every number of
a committee paper (its tables and Danish prose) against the others;
:func:`compare` tests computed figures against published ones. The rounding model
is described in ``docs/rounding.md``.

>>> bool(change_consistent("1.000", "1.010", "+1,05%"))
True
>>> bool(change_consistent("300", "310", "+8,00%"))
False
"""

from jobstats.verify.comparison import CompareReport, Comparison, Match, compare
from jobstats.verify.document import (
    DocumentReport,
    Finding,
    Unparsed,
    check_document,
    verify_document,
)
from jobstats.verify.engine import run_rules
from jobstats.verify.interval import Interval, IntervalSet
from jobstats.verify.number import PublishedNumber, published
from jobstats.verify.relations import (
    Consistency,
    Verdict,
    change_consistent,
    difference_consistent,
    ratio_consistent,
    same_consistent,
    share_consistent,
    sum_consistent,
)
from jobstats.verify.rules import common_denominator
from jobstats.verify.spec import (
    Change,
    ChildrenSum,
    ColumnFormat,
    ColumnSum,
    CopiedColumns,
    Difference,
    ImpliedDenominator,
    Ratio,
    RowSum,
    Rule,
    Share,
    VerifySpec,
    load_spec,
)
from jobstats.verify.table import (
    CellCheck,
    CopiedColumn,
    PublishedRow,
    PublishedTable,
    VerifyReport,
    read_published_table,
    verify_table,
)
from jobstats.verify.testing import assert_consistent, assert_matches_published

__all__ = [
    "CellCheck",
    "Change",
    "ChildrenSum",
    "ColumnFormat",
    "ColumnSum",
    "CompareReport",
    "Comparison",
    "Consistency",
    "CopiedColumn",
    "CopiedColumns",
    "Difference",
    "DocumentReport",
    "Finding",
    "ImpliedDenominator",
    "Interval",
    "IntervalSet",
    "Match",
    "PublishedNumber",
    "PublishedRow",
    "PublishedTable",
    "Ratio",
    "RowSum",
    "Rule",
    "Share",
    "Unparsed",
    "Verdict",
    "VerifyReport",
    "VerifySpec",
    "assert_consistent",
    "assert_matches_published",
    "change_consistent",
    "check_document",
    "common_denominator",
    "compare",
    "difference_consistent",
    "load_spec",
    "published",
    "ratio_consistent",
    "read_published_table",
    "run_rules",
    "same_consistent",
    "share_consistent",
    "sum_consistent",
    "verify_document",
    "verify_table",
]
