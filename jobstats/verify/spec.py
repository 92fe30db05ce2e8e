"""The declarative spec of a published table's relations, and its file format.

A :class:`VerifySpec` says how the table is laid out (which column holds the
row labels, how sub-rows are marked, how each column was rounded) and which
relations hold between its cells. Every rule is a small frozen dataclass of
:mod:`jobstats.verify.rules` (its module doc lists what each one checks:
:class:`Change`, :class:`Share`, :class:`Difference`, :class:`Ratio`,
:class:`ColumnSum`, :class:`ChildrenSum`, :class:`RowSum`,
:class:`ImpliedDenominator`); a spec names them by their file keys below.

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

import inspect
import json
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from jobstats.errors import FormatError, Problem, ValidationError, close_matches
from jobstats.load._text import read_settings_text
from jobstats.verify.engine import ColumnFormat
from jobstats.verify.number import ROUNDING_MODES
from jobstats.verify.rules import (
    Change,
    ChildrenSum,
    ColumnSum,
    CopiedColumns,
    Difference,
    ImpliedDenominator,
    Ratio,
    RowSum,
    Rule,
    Share,
)

__all__ = [
    "Change",
    "ChildrenSum",
    "ColumnFormat",
    "ColumnSum",
    "CopiedColumns",
    "Difference",
    "ImpliedDenominator",
    "Ratio",
    "RowSum",
    "Rule",
    "Share",
    "VerifySpec",
    "load_spec",
]


@dataclass(frozen=True)
class VerifySpec:
    """The layout and the relations of a published table.

    ``label_column`` names the column with the row labels (default: the first);
    ``columns`` maps a column to its :class:`ColumnFormat` where the text alone
    does not give the rounding; ``decimal`` is ``","`` (Danish) or ``"."``
    (English); ``copied_columns=None`` turns the copied-column check off;
    ``rounding`` is how the table was rounded (``"half_away"`` from zero, the
    default; ``"half_even"``, ``"truncate"`` or ``"unknown"`` to accept any).

    >>> spec = VerifySpec(rules=(ChildrenSum(columns=("2016",)),))
    >>> spec.child_prefix, spec.copied_columns
    ('- ', CopiedColumns(min_rows=3, columns=()))
    """

    rules: tuple[Rule, ...] = ()
    label_column: str | None = None
    child_prefix: str = "- "
    columns: Mapping[str, ColumnFormat] = field(default_factory=dict)
    decimal: str = ","
    copied_columns: CopiedColumns | None = CopiedColumns()  # noqa: RUF009 - frozen, immutable
    rounding: str = "half_away"


_RULE_KEYS: dict[str, type[Any]] = {
    "change": Change,
    "share": Share,
    "difference": Difference,
    "ratio": Ratio,
    "column_sum": ColumnSum,
    "children_sum": ChildrenSum,
    "row_sum": RowSum,
    "implied_denominator": ImpliedDenominator,
}
_TOP_KEYS = ("label_column", "child_prefix", "decimal", "rounding", "columns", "copied_columns",
             *_RULE_KEYS)


_TEXT_KEYS = frozenset({"before", "after", "change", "part", "share", "whole", "whole_row", "count",
                        "a", "b", "diff", "numerator", "denominator", "ratio", "total"})
_LIST_KEYS = frozenset({"rows", "columns", "parts"})
_INT_KEYS = {"decimals": (0, 20), "scale": (1, 10**6), "min_rows": (1, 10**6)}
_MAX_UNIT = Fraction(10**12)


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 100 else text[:97] + "…"


def _typed(key: str, value: object, where: str, source: str,
           found: list[Problem]) -> tuple[bool, object]:
    """``(ok, value)``: the value of ``key`` checked for its type and range."""
    def bad(expected: str) -> tuple[bool, object]:
        found.append(Problem("bad_spec", f"{where}: {key} must be {expected}, not "
                             f"{_shown(value)}", source=source, column=key))
        return False, None

    if key in _TEXT_KEYS:
        if not isinstance(value, str) or not value.strip():
            return bad("a column or row name (text)")
        return True, value
    if key in _LIST_KEYS:
        if key == "parts" and value == "parents":
            return True, value
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            what = "a list of names (text)" + (' or "parents"' if key == "parts" else "")
            return bad(what)
        return True, tuple(value)
    if key in _INT_KEYS:
        lo, hi = _INT_KEYS[key]
        if isinstance(value, bool) or not isinstance(value, int):
            return bad(f"a whole number from {lo} to {hi}")
        if not lo <= value <= hi:
            return bad(f"a whole number from {lo} to {hi}")
        return True, value
    if key == "unit":
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            return bad("a positive number such as 10 or 0.5")
        try:
            unit = Fraction(str(value).strip()) if len(str(value)) <= 40 else None
        except (ValueError, ZeroDivisionError):
            unit = None
        if unit is None or unit <= 0 or unit > _MAX_UNIT:
            return bad("a positive number such as 10 or 0.5")
        return True, unit if unit.denominator != 1 else int(unit)
    return True, value


def _build(cls: type[Any], data: object, where: str, source: str,
           found: list[Problem]) -> Any:
    if not isinstance(data, Mapping):
        found.append(Problem("bad_spec", f"{where} must be a table of keys, not "
                             f"{_shown(data)}", source=source))
        return None
    names = list(inspect.signature(cls).parameters)
    kwargs: dict[str, Any] = {}
    ok = True
    for key, value in data.items():
        if key not in names:
            found.append(Problem("unknown_key", f"{where}: unknown key {_shown(key)}; valid "
                                 f"keys: {', '.join(names)}", source=source,
                                 suggestions=close_matches(str(key), names)))
            ok = False
            continue
        good, checked = _typed(key, value, where, source, found)
        ok = ok and good
        kwargs[key] = checked
    if not ok:
        return None
    try:
        return cls(**kwargs)
    except TypeError as exc:
        found.append(Problem("bad_spec", f"{where}: {exc}", source=source))
        return None


def spec_from_mapping(data: Mapping[str, Any], *, source: str = "<spec>") -> VerifySpec:
    """Build a :class:`VerifySpec` from parsed TOML/JSON; every problem is reported at once.

    Every value is checked for its type: names are text, ``decimals`` a whole
    number, ``unit`` a positive number.

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
                built = _build(ColumnFormat, fmt, f"[columns.{_shown(name)}]", source, found)
                if built is not None:
                    formats[str(name)] = built
            kwargs["columns"] = formats
        elif key == "copied_columns":
            if value is False:
                kwargs["copied_columns"] = None
            elif value is True:
                kwargs["copied_columns"] = CopiedColumns()
            elif isinstance(value, Mapping):
                settings = dict(value)
                enabled = settings.pop("enabled", True)
                if not isinstance(enabled, bool):
                    found.append(Problem("bad_spec", "[copied_columns] enabled must be true or "
                                         f"false, not {_shown(enabled)}", source=source))
                elif not enabled:
                    kwargs["copied_columns"] = None
                else:
                    kwargs["copied_columns"] = _build(CopiedColumns, settings,
                                                      "[copied_columns]", source, found)
            else:
                found.append(Problem("bad_spec", "copied_columns must be true, false or a "
                                     f"table of keys, not {_shown(value)}", source=source))
        elif key in ("label_column", "child_prefix"):
            if not isinstance(value, str):
                found.append(Problem("bad_spec", f"{key} must be text, not {_shown(value)}",
                                     source=source, column=key))
            else:
                kwargs[key] = value
        elif key == "rounding":
            if value not in ROUNDING_MODES:
                found.append(Problem("bad_spec", f"rounding must be one of "
                                     f"{', '.join(ROUNDING_MODES)}, not {_shown(value)}",
                                     source=source, column=key,
                                     suggestions=close_matches(str(value), ROUNDING_MODES)))
            else:
                kwargs[key] = value
        elif key == "decimal":
            if value not in (",", "."):
                found.append(Problem("bad_spec", f'decimal must be "," (Danish) or "." '
                                     f"(English), not {_shown(value)}", source=source,
                                     column=key))
            else:
                kwargs[key] = value
        else:
            found.append(Problem("unknown_key", f"unknown key {_shown(key)}; valid keys: "
                                 f"{', '.join(_TOP_KEYS)}", source=source,
                                 suggestions=close_matches(str(key), _TOP_KEYS)))
    if found:
        raise ValidationError(found)
    return VerifySpec(rules=tuple(rules), **kwargs)


_MAX_SPEC_BYTES = 1_000_000


def load_spec(path: str | os.PathLike[str]) -> VerifySpec:
    """Read a spec file: TOML (``.toml``) or JSON (``.json``), same keys either way.

    A spec that is not valid TOML/JSON, nested too deeply, larger than 1 MB or of
    the wrong types raises a :class:`~jobstats.errors.ValidationError` naming the
    problem.
    """
    p = Path(path)
    text = read_settings_text(p, "spec", max_bytes=_MAX_SPEC_BYTES)
    kind = "JSON" if p.suffix.lower() == ".json" else "TOML"
    try:
        data = json.loads(text) if kind == "JSON" else tomllib.loads(text)
    except RecursionError:
        raise FormatError([Problem("bad_spec", f"the {kind} is nested too deeply",
                                   source=str(p))]) from None
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        message = str(exc)
        if len(message) > 200:
            message = message[:197] + "…"
        raise FormatError([Problem("bad_spec", f"not valid {kind}: {message}",
                                   source=str(p))]) from None
    if not isinstance(data, Mapping):
        raise FormatError([Problem("bad_spec", "the spec must be a table of keys",
                                   source=str(p))])
    return spec_from_mapping(data, source=str(p))
