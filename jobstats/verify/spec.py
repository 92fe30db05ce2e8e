"""The declarative spec of a published table's relations, and its file format.

A :class:`VerifySpec` says how the table is laid out (which column holds the
row labels, how sub-rows are marked, how each column was rounded) and which
relations hold between its cells. Every rule is a small frozen dataclass:

=====================  ========================================================
rule                   holds in every row (or the rows listed in ``rows``)
=====================  ========================================================
:class:`Change`        ``change`` = (``after`` / ``before`` − 1) × 100
:class:`Share`         ``share`` = ``part`` / ``whole`` × 100 (``whole`` is a
                       column, or the ``part`` column in row ``whole_row``)
:class:`Difference`    ``diff`` = ``a`` − ``b``
:class:`Ratio`         ``ratio`` = ``numerator`` / ``denominator`` × ``scale``
:class:`ColumnSum`     ``total`` = sum of the ``parts`` columns
:class:`ChildrenSum`   each parent row = sum of its sub-rows (rows with
                       ``child_prefix``), in ``columns``
:class:`RowSum`        row ``total`` = sum of rows ``parts`` (or all parent rows)
=====================  ========================================================

Besides the rules, every pair of columns is compared for a column that repeats
another value for value (:class:`CopiedColumns`).

The same spec as a TOML (or JSON) file for ``jobstats verify``, see
:func:`load_spec` and ``docs/rounding.md``::

    label_column = "målgruppe"
    [columns."2016 avg"]
    decimals = 0
    [[children_sum]]
    columns = ["2016 avg", "2017 avg", "2018 avg"]
    [[row_sum]]
    total = "I alt"
    columns = ["2016 avg", "2017 avg", "2018 avg"]
    [[change]]
    before = "2017 avg"
    after = "2018 avg"
    change = "2018 yoy"
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from fractions import Fraction
from pathlib import Path
from typing import Any, Literal

from jobstats.errors import FormatError, Problem, ValidationError, close_matches

__all__ = [
    "Change",
    "ChildrenSum",
    "ColumnFormat",
    "ColumnSum",
    "CopiedColumns",
    "Difference",
    "Ratio",
    "RowSum",
    "Rule",
    "Share",
    "VerifySpec",
    "load_spec",
]


@dataclass(frozen=True)
class ColumnFormat:
    """How a column was rounded when the printed text does not say it all.

    ``unit=10``: counts rounded to tens; ``decimals=2``: two decimals even when a
    trailing zero was dropped (``"1,3"`` then stands for 1,30).
    """

    unit: int | Fraction | None = None
    decimals: int | None = None


@dataclass(frozen=True)
class Change:
    """Column ``change`` is the relative change in % from ``before`` to ``after``."""

    before: str
    after: str
    change: str
    rows: tuple[str, ...] = ()


@dataclass(frozen=True)
class Share:
    """Column ``share`` is ``part`` as % of ``whole`` (a column) or of row ``whole_row``."""

    part: str
    share: str
    whole: str | None = None
    whole_row: str | None = None
    rows: tuple[str, ...] = ()


@dataclass(frozen=True)
class Difference:
    """Column ``diff`` is ``a`` − ``b`` (counts or percentage points)."""

    a: str
    b: str
    diff: str
    rows: tuple[str, ...] = ()


@dataclass(frozen=True)
class Ratio:
    """Column ``ratio`` is ``numerator`` / ``denominator`` × ``scale`` (100 if printed with %)."""

    numerator: str
    denominator: str
    ratio: str
    scale: int | None = None
    rows: tuple[str, ...] = ()


@dataclass(frozen=True)
class ColumnSum:
    """Column ``total`` is the sum of the ``parts`` columns (e.g. Aktiverede)."""

    total: str
    parts: tuple[str, ...]
    rows: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChildrenSum:
    """Each parent row is the sum of its sub-rows, in ``columns``.

    Sub-rows are the rows right below a parent whose label starts with the
    spec's ``child_prefix`` (``"- "``). Parents without sub-rows are skipped.
    """

    columns: tuple[str, ...]


@dataclass(frozen=True)
class RowSum:
    """Row ``total`` is the sum of rows ``parts`` in ``columns``.

    ``parts="parents"``: every row without the child prefix, except ``total``.
    """

    total: str
    columns: tuple[str, ...]
    parts: tuple[str, ...] | Literal["parents"] = "parents"


@dataclass(frozen=True)
class CopiedColumns:
    """Report a column equal to another, value for value, in at least ``min_rows`` rows.

    Columns that are constant (e.g. all 0) are not reported. ``columns`` limits
    the comparison to those columns (default: all).
    """

    min_rows: int = 3
    columns: tuple[str, ...] = ()


Rule = Change | Share | Difference | Ratio | ColumnSum | ChildrenSum | RowSum
"""Any relation rule of a :class:`VerifySpec`."""


@dataclass(frozen=True)
class VerifySpec:
    """The layout and the relations of a published table.

    ``label_column`` names the column with the row labels (default: the first);
    ``columns`` maps a column to its :class:`ColumnFormat` where the text alone
    does not give the rounding; ``decimal`` is ``","`` (Danish) or ``"."``
    (English); ``copied_columns=None`` turns the copied-column check off.

    >>> spec = VerifySpec(rules=(ChildrenSum(columns=("2016",)),))
    >>> spec.child_prefix, spec.copied_columns
    ('- ', CopiedColumns(min_rows=3, columns=()))
    """

    rules: tuple[Rule, ...] = ()
    label_column: str | None = None
    child_prefix: str = "- "
    columns: Mapping[str, ColumnFormat] = field(default_factory=dict)
    decimal: str = ","
    copied_columns: CopiedColumns | None = CopiedColumns()


_RULE_KEYS: dict[str, type[Any]] = {
    "change": Change,
    "share": Share,
    "difference": Difference,
    "ratio": Ratio,
    "column_sum": ColumnSum,
    "children_sum": ChildrenSum,
    "row_sum": RowSum,
}
_TOP_KEYS = ("label_column", "child_prefix", "decimal", "columns", "copied_columns",
             *_RULE_KEYS)


def _build(cls: type[Any], data: object, where: str, source: str,
           found: list[Problem]) -> Any:
    if not isinstance(data, Mapping):
        found.append(Problem("bad_spec", f"{where} must be a table of keys", source=source,
                             value=data))
        return None
    names = {f.name: f for f in fields(cls)}
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        if key not in names:
            found.append(Problem("unknown_key", f"{where}: unknown key {key!r}; valid keys: "
                                 f"{', '.join(names)}", source=source, value=key,
                                 suggestions=close_matches(key, names)))
            continue
        if key == "parts" and value == "parents":
            kwargs[key] = value
        elif isinstance(value, list):
            kwargs[key] = tuple(value)
        elif key == "unit" and isinstance(value, float | str):
            kwargs[key] = Fraction(str(value))
        else:
            kwargs[key] = value
    try:
        return cls(**kwargs)
    except TypeError as exc:
        found.append(Problem("bad_spec", f"{where}: {exc}", source=source))
        return None


def spec_from_mapping(data: Mapping[str, Any], *, source: str = "<spec>") -> VerifySpec:
    """Build a :class:`VerifySpec` from parsed TOML/JSON; every problem is reported at once.

    >>> s = spec_from_mapping({"change": [{"before": "a", "after": "b", "change": "c"}],
    ...                        "columns": {"a": {"unit": 10}}})
    >>> s.rules, s.columns["a"].unit
    ((Change(before='a', after='b', change='c', rows=()),), 10)
    """
    found: list[Problem] = []
    rules: list[Rule] = []
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        if key in _RULE_KEYS:
            items = value if isinstance(value, list) else [value]
            for i, item in enumerate(items):
                rule = _build(_RULE_KEYS[key], item, f"[[{key}]] #{i + 1}", source, found)
                if rule is not None:
                    rules.append(rule)
        elif key == "columns":
            if not isinstance(value, Mapping):
                found.append(Problem("bad_spec", "[columns] must map column names to "
                                     "{unit = …} or {decimals = …}", source=source))
                continue
            formats = {}
            for name, fmt in value.items():
                built = _build(ColumnFormat, fmt, f"[columns.{name!r}]", source, found)
                if built is not None:
                    formats[str(name)] = built
            kwargs["columns"] = formats
        elif key == "copied_columns":
            if value is False:
                kwargs["copied_columns"] = None
            else:
                settings = dict(value) if isinstance(value, Mapping) else {}
                if settings.pop("enabled", True) is False:
                    kwargs["copied_columns"] = None
                else:
                    kwargs["copied_columns"] = _build(CopiedColumns, settings,
                                                      "[copied_columns]", source, found)
        elif key in ("label_column", "child_prefix", "decimal"):
            kwargs[key] = value
        else:
            found.append(Problem("unknown_key", f"unknown key {key!r}; valid keys: "
                                 f"{', '.join(_TOP_KEYS)}", source=source, value=key,
                                 suggestions=close_matches(key, _TOP_KEYS)))
    if found:
        raise ValidationError(found)
    return VerifySpec(rules=tuple(rules), **kwargs)


def load_spec(path: str | os.PathLike[str]) -> VerifySpec:
    """Read a spec file: TOML (``.toml``) or JSON (``.json``), same keys either way."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise FormatError([Problem("unreadable", f"cannot read the spec: {exc.strerror}",
                                   source=str(p))]) from None
    try:
        if p.suffix.lower() == ".json":
            data = json.loads(raw.decode("utf-8-sig"))
        else:
            data = tomllib.loads(raw.decode("utf-8-sig"))
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        raise FormatError([Problem("bad_spec", f"not valid {p.suffix.lstrip('.') or 'TOML'}: "
                                   f"{exc}", source=str(p))]) from None
    if not isinstance(data, Mapping):
        raise FormatError([Problem("bad_spec", "the spec must be a table of keys",
                                   source=str(p))])
    return spec_from_mapping(data, source=str(p))
