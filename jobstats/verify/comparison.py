"""Regression-test computed figures against the published ones.

Every computed figure, rounded the way the published figure was rounded (half
away from zero, to its decimals or unit), must give the published figure;
equivalently, the computed value lies in the published interval.

>>> r = compare({"2016": 782.4, "2017": 804.5, "2018": 815.2},
...             {"2016": "782", "2017": "804", "2018": "816"})
>>> bool(r), [str(d.key) for d in r.differences]
(False, ['2017', '2018'])
>>> print(r.format())
3 published figures: 1 equal, 2 different, 0 missing, 0 not checkable
key   computed  rounded  published  verdict
----  --------  -------  ---------  ---------
2017  804.5     805      804        different
2018  815.2     815      816        different
"""

from __future__ import annotations

import enum
import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from jobstats.errors import Problem, ValidationError
from jobstats.frame import BLINDED, VALUE, key_columns
from jobstats.verify._text import text_table
from jobstats.verify.interval import to_fraction
from jobstats.verify.number import PublishedLike, PublishedNumber, published

__all__ = ["CompareReport", "Comparison", "Match", "compare"]


class Match(enum.Enum):
    """How one computed figure compares with its published figure."""

    EQUAL = "equal"
    DIFFERENT = "different"
    MISSING = "missing"
    NOT_CHECKABLE = "not checkable"


@dataclass(frozen=True)
class Comparison:
    """One published figure and the computed value for the same key."""

    key: Hashable
    computed: float | None
    published: PublishedNumber
    match: Match
    rounded: str = ""
    note: str = ""


@dataclass(frozen=True)
class CompareReport:
    """Every published figure compared; ``extra`` counts computed keys not published."""

    comparisons: tuple[Comparison, ...]
    extra: int = 0

    @property
    def differences(self) -> tuple[Comparison, ...]:
        """Different or missing figures."""
        return tuple(c for c in self.comparisons
                     if c.match in (Match.DIFFERENT, Match.MISSING))

    @property
    def ok(self) -> bool:
        """No difference and nothing missing."""
        return not self.differences

    def __bool__(self) -> bool:
        return self.ok

    def summary(self) -> str:
        """One line of counts."""
        n = {m: sum(1 for c in self.comparisons if c.match is m) for m in Match}
        text = (f"{len(self.comparisons)} published figures: {n[Match.EQUAL]} equal, "
                f"{n[Match.DIFFERENT]} different, {n[Match.MISSING]} missing, "
                f"{n[Match.NOT_CHECKABLE]} not checkable")
        return text + (f"; {self.extra} computed figures not published" if self.extra else "")

    def rows(self, *, all_rows: bool = False) -> list[list[object]]:
        """Rows of :meth:`format`."""
        chosen = self.comparisons if all_rows else self.differences
        return [[_key_text(c.key), "" if c.computed is None else repr(c.computed), c.rounded,
                 str(c.published) or "(empty)",
                 c.match.value + (f" ({c.note})" if c.note else "")] for c in chosen]

    def format(self, *, all_rows: bool = False) -> str:
        """Summary and the table of differences (or of all figures)."""
        rows = self.rows(all_rows=all_rows)
        if not rows:
            return self.summary()
        return self.summary() + "\n" + text_table(
            ["key", "computed", "rounded", "published", "verdict"], rows, max_width=60)

    def __str__(self) -> str:
        return self.format()

    def to_frame(self) -> pd.DataFrame:
        """All comparisons as a DataFrame."""
        return pd.DataFrame(self.rows(all_rows=True),
                            columns=["key", "computed", "rounded", "published", "verdict"])


def _key_text(key: Hashable) -> str:
    if isinstance(key, tuple):
        return " | ".join(str(k) for k in key)
    return str(key)


_BLINDED = object()


def _frame_mapping(frame: pd.DataFrame, on: Sequence[str], what: str) -> dict[Hashable, Any]:
    missing = [c for c in on if c not in frame.columns]
    if missing:
        raise ValidationError([Problem("missing_column", f"the {what} frame has no key column "
                                       f"{c!r}; its columns: {', '.join(map(str, frame.columns))}",
                                       column=c) for c in missing])
    value_col = "text" if what == "published" and "text" in frame.columns else VALUE
    if value_col not in frame.columns:
        raise ValidationError([Problem("missing_column", f"the {what} frame has no column "
                                       f"{value_col!r}", column=value_col)])
    blinded = frame[BLINDED].to_numpy(dtype=bool) if BLINDED in frame.columns else None
    out: dict[Hashable, Any] = {}
    keys = list(zip(*(frame[c].tolist() for c in on), strict=True))
    found: list[Problem] = []
    for pos, (key, value) in enumerate(zip(keys, frame[value_col].tolist(), strict=True)):
        k = key if len(on) > 1 else key[0]
        if k in out:
            found.append(Problem("duplicate_key", f"the {what} frame has the key {k!r} twice",
                                 row=pos, value=k))
        out[k] = _BLINDED if blinded is not None and blinded[pos] else value
    if found:
        raise ValidationError(found)
    return out


def _as_mapping(obj: object, on: Sequence[str] | None, what: str) -> dict[Hashable, Any]:
    if isinstance(obj, pd.DataFrame):
        if on is None:
            raise ValidationError([Problem("missing_key", f"give on= (the key columns) to "
                                           f"compare a {what} frame")])
        return _frame_mapping(obj, on, what)
    if isinstance(obj, pd.Series):
        return dict(zip(obj.index.tolist(), obj.tolist(), strict=True))
    if isinstance(obj, Mapping):
        return dict(obj)
    raise TypeError(f"{what} must be a DataFrame, Series or mapping, not {type(obj).__name__}")


def compare(computed: pd.DataFrame | pd.Series | Mapping[Any, float | None],
            published_figures: pd.DataFrame | pd.Series | Mapping[Any, PublishedLike], *,
            on: Sequence[str] | None = None, decimals: int | None = None,
            unit: int | None = None, decimal: str = ",") -> CompareReport:
    """Compare computed figures with published ones, key by key, with rounding.

    Both sides are keyed the same way: a mapping (key → value), a Series (index →
    value; a MultiIndex gives tuple keys) or a DataFrame with key columns ``on``
    (default for a canonical frame: its key columns). A published frame's figure
    is its ``text`` column when it has one (as in :mod:`jobstats.published_numbers`),
    else ``value``; a ``blinded`` column marks blinded rows. Published values
    given as numbers are taken with ``decimals`` / ``unit`` (else the decimals
    of the number itself).

    For each published key: ``EQUAL`` when the computed value rounds to the
    published figure; ``DIFFERENT`` when it does not, or when one side is
    undefined (NaN/empty) and the other is not; ``MISSING`` when nothing was
    computed for the key; ``NOT_CHECKABLE`` when the published cell is blinded.
    Computed keys that are not published are only counted (``extra``).
    """
    if on is None and isinstance(computed, pd.DataFrame):
        on = key_columns(computed)
    comp = _as_mapping(computed, on, "computed")
    pub = _as_mapping(published_figures, on, "published")
    out: list[Comparison] = []
    for key, raw in pub.items():
        if raw is _BLINDED:
            number = published(".")
        else:
            is_number = isinstance(raw, int | float) and not isinstance(raw, bool)
            number = published(raw, decimals=decimals if is_number and unit is None else None,
                               unit=unit if is_number else None, decimal=decimal)
        if key not in comp:
            out.append(Comparison(key, None, number, Match.MISSING, note="nothing computed"))
            continue
        value = comp[key]
        if value is _BLINDED:
            value = None
        x = None if value is None or (isinstance(value, float) and math.isnan(value)) \
            else float(value)
        if number.blinded:
            out.append(Comparison(key, x, number, Match.NOT_CHECKABLE, note="blinded"))
        elif x is None:
            match = Match.EQUAL if number.empty else Match.DIFFERENT
            out.append(Comparison(key, x, number, match,
                                  note="" if number.empty else "computed is undefined"))
        elif number.empty:
            out.append(Comparison(key, x, number, Match.DIFFERENT, number.format(x),
                                  note="published is empty"))
        else:
            rounded = number.format(number.round(to_fraction(x)))
            match = Match.EQUAL if number.rounds_to_this(x) else Match.DIFFERENT
            out.append(Comparison(key, x, number, match, rounded))
    extra = sum(1 for k in comp if k not in pub)
    return CompareReport(tuple(out), extra)
