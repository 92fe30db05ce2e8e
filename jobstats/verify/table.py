"""Published tables: check every relation a spec declares.

The table itself and the rules live in :mod:`jobstats.verify.engine` and
:mod:`jobstats.verify.rules`; the reader in :mod:`jobstats.load.published`
(re-exported here as :func:`read_published_table`).

>>> from jobstats.verify.spec import ChildrenSum, RowSum, VerifySpec
>>> t = PublishedTable.from_rows(
...     ["group", "2017"],
...     [["Forsikrede", "804"], ["- Dagpenge", "802"], ["- MA", "0"], ["- NMK", "3"],
...      ["Sygedagpenge", "562"], ["I alt", "1.366"]])
>>> report = verify_table(t, VerifySpec(rules=(ChildrenSum(("2017",)),
...                                            RowSum("I alt", ("2017",)))))
>>> bool(report), len(report.checks), len(report.findings)
(True, 2, 0)
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import pandas as pd

from jobstats.errors import Problem, ValidationError, close_matches
from jobstats.load.published import read_published_table
from jobstats.verify._text import counted, text_table
from jobstats.verify.engine import (
    CellCheck,
    CopiedColumn,
    PublishedRow,
    PublishedTable,
    rule_problems,
    run_rules,
)
from jobstats.verify.rules import copied_columns
from jobstats.verify.spec import VerifySpec, load_spec

__all__ = [
    "CellCheck",
    "CopiedColumn",
    "PublishedRow",
    "PublishedTable",
    "VerifyReport",
    "read_published_table",
    "verify_table",
]


_HEADERS = ("line", "row", "column", "rule", "published", "reachable", "prints as", "verdict")


@dataclass(frozen=True)
class VerifyReport:
    """Every check of a published table, and what was found."""

    source: str
    checks: tuple[CellCheck, ...]
    copied: tuple[CopiedColumn, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def findings(self) -> tuple[CellCheck, ...]:
        """The inconsistent cells."""
        return tuple(c for c in self.checks if c.verdict.inconsistent)

    @property
    def not_checkable(self) -> tuple[CellCheck, ...]:
        """Checks with a blinded, empty or undefined input."""
        return tuple(c for c in self.checks if not c.verdict.checkable)

    @property
    def ok(self) -> bool:
        """No inconsistent cell and no copied column."""
        return not self.findings and not self.copied

    def __bool__(self) -> bool:
        return self.ok

    def rows(self, *, all_checks: bool = False) -> list[list[object]]:
        """The table rows of :meth:`format` (findings only unless ``all_checks``)."""
        chosen = self.checks if all_checks else self.findings
        return [[c.line, c.row, c.column, c.rule, str(c.verdict.published) or "(empty)",
                 c.verdict.reachable_text(), c.verdict.printable(),
                 f"{c.status.value} ({c.verdict.reason})" if c.verdict.reason
                 else c.status.value] for c in chosen]

    def to_frame(self) -> pd.DataFrame:
        """Every check as a DataFrame (one row per check), copied columns excluded."""
        return pd.DataFrame(self.rows(all_checks=True), columns=list(_HEADERS))

    def summary(self) -> str:
        """One line: counts of checks, findings, not checkable, copied columns."""
        n_ok = sum(1 for c in self.checks if c.verdict.consistent)
        return (f"{self.source}: {counted(len(self.checks), 'check', 'checks')}, "
                f"{n_ok} consistent, "
                f"{len(self.findings)} inconsistent, {len(self.not_checkable)} not checkable, "
                f"{counted(len(self.copied), 'copied column', 'copied columns')}")

    def format(self, *, all_checks: bool = False) -> str:
        """The summary, the findings table and the copied columns, as text."""
        parts = [self.summary()]
        table_rows = self.rows(all_checks=all_checks)
        if table_rows:
            parts.append(text_table(_HEADERS, table_rows))
        parts.extend(str(c) for c in self.copied)
        parts.extend(f"warning: {w}" for w in self.warnings)
        return "\n".join(parts)

    def __str__(self) -> str:
        return self.format()


def verify_table(table: PublishedTable | str | os.PathLike[str] | pd.DataFrame,
                 spec: VerifySpec | str | os.PathLike[str] | None = None) -> VerifyReport:
    """Check every relation a spec declares on a published table; return all findings.

    ``table`` is a :class:`PublishedTable`, a path (TSV/CSV/XLSX, read with
    :func:`read_published_table`) or a DataFrame of printed cells (first column,
    or ``spec.label_column``, holds the labels). ``spec`` is a
    :class:`~jobstats.verify.spec.VerifySpec` or the path of a TOML/JSON spec. The
    spec is validated against the table first (unknown columns and rows are
    reported together, with close matches). The report lists one
    :class:`CellCheck` per checked cell and every :class:`CopiedColumn`.
    """
    if spec is None:
        spec = VerifySpec()
    elif not isinstance(spec, VerifySpec):
        spec = load_spec(spec)
    if isinstance(table, pd.DataFrame):
        table = PublishedTable.from_rows(
            [str(c) for c in table.columns], table.astype(object).values.tolist(),
            source="<DataFrame>", label_column=spec.label_column, columns=spec.columns,
            decimal=spec.decimal, rounding=spec.rounding)
    elif not isinstance(table, PublishedTable):
        table = read_published_table(table, spec=spec)
    found = rule_problems(table, spec.rules, spec.child_prefix)
    if spec.copied_columns is not None:
        for col in spec.copied_columns.columns:
            if col not in table.columns:
                found.append(Problem("unknown_column", f"copied_columns names {col!r}",
                                     source=table.source, column=col,
                                     suggestions=close_matches(col, table.columns)))
    if found:
        raise ValidationError(found)
    checks = run_rules(table, spec.rules, prefix=spec.child_prefix)
    copied = (copied_columns(table, spec.copied_columns)
              if spec.copied_columns is not None else [])
    return VerifyReport(table.source, tuple(checks), tuple(copied), table.warnings)
