"""Shared machinery of the loaders: from a wide table of text cells to a canonical frame.

A loader reads its format into a :class:`Wide` table (cells as text or JSON
values, one source line per row) and says what each column is: the area, the
period, the target group, extra dimensions, and value columns with their
measure. :func:`assemble` then resolves every name through the taxonomy, parses
every number, melts the value columns into the long canonical frame and
validates it. Problems are collected per phase (cells first, then the frame)
and raised together; no partial frame is ever returned.

All work is vectorised over distinct values: a name or period code is resolved
once however often it occurs.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from jobstats import frame as _frame
from jobstats import taxonomy as _taxonomy
from jobstats.errors import (
    FormatError,
    JobstatsError,
    Problem,
    UnknownNameError,
    ValidationError,
    fold,
)
from jobstats.numbers import BLINDED_MARKERS, MAX_MAGNITUDE
from jobstats.periods import frequency_of, parse_period

__all__ = [
    "MAX_PER_COLUMN",
    "ValueColumn",
    "Wide",
    "assemble",
    "dimension_name",
    "header_key",
    "is_total",
    "parse_numbers",
    "raise_problems",
    "read_delimited",
]

MAX_DIGITS = 17
"""A number with more significant digits than this cannot be held as float64 and is
refused (a float64 is exact to 15-17 significant digits)."""

MAX_PER_COLUMN = 50
"""At most this many cell problems are reported per column (the count is given)."""

UNKNOWN_CODES = frozenset(
    {"unknown_area", "unknown_target_group", "ambiguous_target_group", "unknown_measure",
     "unknown_table"}
)
FRAME_CODES = frozenset({"negative_count", "duplicate_key", "mixed_frequency",
                         "blinded_with_value", "non_finite_value", "huge_value"})

_DIMENSIONS: dict[str, str] = {
    "køn": "gender", "koen": "gender", "kon": "gender", "gender": "gender", "sex": "gender",
    "alder": "age", "age": "age", "aldersgruppe": "age", "aldersgrupper": "age",
    "oprindelse": "origin", "herkomst": "origin", "origin": "origin", "ancestry": "origin",
    "uddannelse": "education", "education": "education",
    "branche": "industry", "industry": "industry",
    "varighed": "duration", "ledighedsvarighed": "duration", "duration": "duration",
    "tilbud": "offer_type", "tilbudstype": "offer_type", "indsats": "offer_type",
    "statsborgerskab": "citizenship", "civilstand": "marital_status",
}
"""Dimension headers (case-folded) and their snake-case English column names."""

_TOTAL = re.compile(r"^(?:.*\bi alt|(?:.*,\s*)?total|alle|both sexes|all ages)$", re.I)


def header_key(label: str) -> str:
    """A header compared case-insensitively, without leading underscores or extra spaces."""
    return " ".join(str(label).casefold().lstrip("_").split())


def dimension_name(label: str) -> str:
    """Snake-case English column name of a dimension header.

    >>> dimension_name("Køn"), dimension_name("ALDER"), dimension_name("Ledighedsvarighed")
    ('gender', 'age', 'duration')
    >>> dimension_name("Type af forløb")
    'type_af_forloeb'
    """
    key = header_key(label)
    if key in _DIMENSIONS:
        return _DIMENSIONS[key]
    return re.sub(r"[^0-9a-z]+", "_", fold(key)).strip("_") or "dimension"


def is_total(value: str) -> bool:
    """Whether a dimension value is the total over the dimension.

    >>> [is_total(v) for v in ("Køn i alt", "I alt", "Age, total", "Total", "Mænd")]
    [True, True, True, True, False]
    """
    return bool(_TOTAL.match(" ".join(str(value).split())))


@dataclass(frozen=True)
class ValueColumn:
    """A source column of numbers with the measure (and maybe group/period) it holds."""

    label: str
    measure: str
    raw: pd.Series
    group: str | None = None
    period: str | None = None


@dataclass
class Wide:
    """A source table before melting; every series is aligned with ``lines``."""

    source: str
    lines: np.ndarray
    area_label: str
    area: pd.Series
    values: list[ValueColumn]
    period_label: str | None = None
    period: pd.Series | None = None
    group_label: str | None = None
    group: pd.Series | None = None
    group_of_period: Callable[[pd.Period], str] | None = None
    group_hint: str = "pass table= (e.g. table='Y01A02')"
    dims: list[tuple[str, str, pd.Series]] = field(default_factory=list)
    decimal: str = ","
    grouping: bool = True
    header_line: int | None = None


# ---------------------------------------------------------------------------------
# raising


def raise_problems(found: Sequence[Problem]) -> None:
    """Raise the most specific error for a list of problems (nothing if empty)."""
    if not found:
        return
    codes = {p.code for p in found}
    if codes <= UNKNOWN_CODES:
        raise UnknownNameError(found)
    if codes - UNKNOWN_CODES - FRAME_CODES:
        raise FormatError(found)
    raise ValidationError(found)


# ---------------------------------------------------------------------------------
# delimited text


def read_delimited(text: str, name: str, sep: str, *, what: str,
                   skip_comments: bool = False
                   ) -> tuple[pd.DataFrame, np.ndarray, list[str], int]:
    """Parse ``sep``-separated text into a frame of text cells.

    Returns the cells (str dtype, header labels as columns), the 1-based source
    line of each row, the comment lines (``#``-prefixed, before the header)
    when ``skip_comments``, and the line of the header. Checks the separator in
    the header and in every line, so a wrong separator is a :class:`FormatError`
    naming the line.
    """
    comments: list[str] = []
    pos = 0
    line_no = 1
    while True:
        end = text.find("\n", pos)
        line = text[pos:] if end < 0 else text[pos:end]
        if (skip_comments and line.lstrip().startswith("#")) or not line.strip():
            if line.strip():
                comments.append(line.strip())
            if end < 0:
                raise FormatError([Problem("no_header", f"no header row: this is not {what}",
                                           source=name, row=line_no)])
            pos, line_no = end + 1, line_no + 1
            continue
        break
    header = line.rstrip("\r")
    header_line = line_no
    if sep not in header:
        found = [s for s in (";", ",", "\t", "|") if s != sep and s in header]
        used = f"it is separated by {found[0]!r}" if found else "it has a single column"
        raise FormatError(
            [
                Problem(
                    "wrong_separator",
                    f"the header has no {sep!r}: {used}, but {what} is {sep!r}-separated"
                    + (" with a decimal comma" if sep == ";" and "jobindsats" in what else "")
                    + "; export the table again in that format",
                    source=name,
                    row=header_line,
                    value=header[:200],
                )
            ]
        )
    body = "" if end < 0 else text[end + 1 :]
    last = body.rsplit("\n", 1)[-1]
    if last.strip(" \t\x1a") and body.strip():  # (trailing blanks or a DOS end mark: fine)
        raise FormatError([Problem(
            "truncated", "the last line has no line ending while every other line has one: "
            "the file seems cut off (an interrupted download?); download it again (if the "
            "file is complete, end it with a line break)", source=name,
            row=header_line + body.count("\n") + 1, value=last[-60:])])
    n_sep = header.count(sep)
    raw_lines = pd.Series(body.splitlines(), dtype="str")
    counts = raw_lines.str.count(re.escape(sep))
    nonblank = raw_lines.str.strip() != ""
    if header.rstrip(" \r").endswith(sep) and len(raw_lines) and bool(
            (counts[nonblank] == n_sep - 1).all()):
        # "A;B;C;" over rows "1;2;3": a stray separator ending the header only
        header = header.rstrip(" \r")[:-1]
        n_sep -= 1
    suspicious = (counts != n_sep) & (raw_lines.str.strip() != "") & ~raw_lines.str.contains(
        '"', regex=False)
    if suspicious.any():
        found_problems = []
        for idx in np.flatnonzero(suspicious.to_numpy())[:20]:
            bad_line = str(raw_lines.iloc[idx]).rstrip("\r")
            others = [s for s in (";", ",", "\t", "|") if s != sep and s in bad_line]
            hint = (f"; it seems separated by {others[0]!r} instead of {sep!r}"
                    if others and bad_line.count(sep) == 0 else "")
            found_problems.append(
                Problem(
                    "field_count",
                    f"{bad_line.count(sep) + 1} fields where the header has {n_sep + 1}{hint}",
                    source=name,
                    row=header_line + 1 + int(idx),
                    value=bad_line[:200],
                )
            )
        if int(suspicious.sum()) > 20:
            found_problems.append(Problem("field_count", f"... {int(suspicious.sum())} lines "
                                          "in all have the wrong number of fields", source=name))
        raise FormatError(found_problems)
    labels = [c.strip().strip('"').strip() for c in header.split(sep)]
    seen = Counter(labels)
    dupes = sorted(c for c, k in seen.items() if k > 1)
    if dupes:
        raise FormatError([Problem("duplicate_column", "the header names a column twice",
                                   source=name, row=header_line, column=d, value=d)
                           for d in dupes])
    _check_quotes(raw_lines, None, sep, len(labels), header_line, name)
    try:
        cells = pd.read_csv(io.StringIO(body), sep=sep, header=None, names=labels, dtype="str",
                            keep_default_na=False, na_filter=False, skip_blank_lines=False,
                            engine="c")
    except (pd.errors.ParserError, ValueError) as exc:
        raise FormatError([Problem("unreadable", f"cannot parse {what}: {_first_line(exc)}",
                                   source=name)]) from None
    _check_quotes(raw_lines, len(cells), sep, len(labels), header_line, name)
    if labels[-1] == "" and len(labels) > 1 and bool((cells.iloc[:, -1].str.strip() == "").all()):
        cells = cells.iloc[:, :-1]  # "A;B;" over "1;2;": every line ends with a separator
    lines = np.arange(header_line + 1, header_line + 1 + len(cells), dtype=np.int64)
    if len(raw_lines) == len(cells):  # one row per line (quotes were checked): blank lines
        blank = (raw_lines.str.strip() == "").to_numpy(dtype=bool)
    else:
        blank = (cells == "").all(axis=1).to_numpy() if len(cells.columns) else np.ones(0, bool)
    if blank.any():
        inner = np.flatnonzero(blank[: len(blank) - int(np.argmax(~blank[::-1]))])
        if len(inner) and not blank.all():
            raise FormatError([Problem(
                "blank_line", "a blank line between data lines: a line break too many "
                "(a damaged cell?); remove the blank line if the data are complete",
                source=name, row=int(lines[inner[0]]))])
        cells = cells.loc[~blank].reset_index(drop=True)
        lines = lines[~blank]
    if cells.empty:
        raise FormatError([Problem("no_rows", "the file has a header but no data rows",
                                   source=name, row=header_line + 1)])
    return cells, lines, comments, header_line


def _first_line(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 200 else text[:199] + "…"


def _check_quotes(raw_lines: pd.Series, n_rows: int | None, sep: str, n_fields: int,
                  header_line: int, name: str) -> None:
    """Lines with a double quote, read as CSV, must hold one row of ``n_fields`` cells: a
    stray ``"`` would otherwise swallow separators or the following lines unnoticed."""
    quoted = np.flatnonzero(raw_lines.str.contains('"', regex=False).to_numpy(dtype=bool))
    found: list[Problem] = []
    for idx in quoted:  # every quoted line: one stray quote anywhere joins cells
        line = str(raw_lines.iloc[idx])
        try:
            rows = list(csv.reader([line], delimiter=sep, strict=False))
        except csv.Error as exc:  # a quoted cell beyond csv's field size limit (131,072)
            found.append(Problem("huge_cell", f"a cell too large to be data ({exc})",
                                 source=name, row=header_line + 1 + int(idx),
                                 value=line[:80]))
            continue
        odd = line.count('"') % 2 == 1
        if odd or not rows or len(rows[0]) != n_fields:
            found.append(Problem(
                "stray_quote", "a double quote (\") that does not enclose one whole cell: it "
                "would join cells or lines; remove it or quote the whole cell",
                source=name, row=header_line + 1 + int(idx), value=line[:80]))
            if len(found) >= 20:
                break
    if not found and n_rows is not None and n_rows != len(raw_lines):
        found.append(Problem("stray_quote", f"{len(raw_lines)} lines but {n_rows} rows: a "
                             "quoted cell spans lines", source=name, row=header_line + 1))
    if found:
        raise FormatError(found)


# ---------------------------------------------------------------------------------
# numbers

_NUMBER = {
    (",", True): re.compile(r"[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?"),
    (",", False): re.compile(r"[+-]?\d+(?:,\d+)?"),
    (".", True): re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"),
    (".", False): re.compile(r"[+-]?\d+(?:\.\d+)?"),
}


_NON_FINITE = re.compile(r"[+-]?(?:inf|infinity|nan)", re.I)


def _number_problem(raw: object, decimal: str) -> tuple[str, str]:
    if isinstance(raw, float | int) and not isinstance(raw, bool):
        if raw != raw or raw in (float("inf"), float("-inf")):
            return "non_finite", "not a finite number"
        return "huge_number", "number too large (beyond ±2^53): a damaged cell"
    value = str(raw).strip(" \u00a0")
    if _NON_FINITE.fullmatch(value):
        return "non_finite", "not a finite number"
    plain = value.replace("\u2212", "-")
    if any(_NUMBER[(decimal, g)].fullmatch(plain) for g in (True, False)):  # valid, but huge
        digits = sum(c.isdigit() for c in plain.lstrip("+-").lstrip("0.,"))
        if digits > MAX_DIGITS and len(plain.split(decimal)[0].lstrip("+-0")) <= 16:
            return "too_many_digits", (f"more than {MAX_DIGITS} significant digits, more "
                                       "than a float64 holds: a damaged cell")
        return "huge_number", "number too large (beyond ±2^53): a damaged cell"
    if decimal == "," and re.fullmatch(r"[+-]?\d+\.\d+", value):
        return "decimal_point", "a decimal point where this format has a decimal comma"
    if decimal == "." and re.fullmatch(r"[+-]?\d+,\d+", value):
        return "decimal_comma", "a decimal comma where this format has a decimal point"
    return "bad_number", "not a number" + (" (decimal comma)" if decimal == "," else "")


def parse_numbers(raw: pd.Series, *, decimal: str = ",", grouping: bool = True
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Parse a column of cells vectorised: ``(values, blinded, bad)`` arrays.

    Strings follow the format (``decimal`` comma or point; ``grouping``:
    thousands separators allowed); JSON numbers are taken as they are. Blinded
    markers (``"."``, ``".."``, ``"-"``) give NaN with ``blinded`` True; empty
    cells and nulls give NaN with ``blinded`` False; anything else is ``bad``.

    >>> v, b, bad = parse_numbers(pd.Series(["4,2", "..", "144.315", "4.2", ""]))
    >>> v.tolist()[:3], b.tolist(), bad.tolist()
    ([4.2, nan, 144315.0], [False, True, False, False, False], [False, False, False, True, False])
    """
    n = len(raw)
    values = np.full(n, np.nan)
    blinded = np.zeros(n, dtype=bool)
    bad = np.zeros(n, dtype=bool)
    if n == 0:
        return values, blinded, bad
    if pd.api.types.is_numeric_dtype(raw.dtype) and not pd.api.types.is_bool_dtype(raw.dtype):
        values = raw.to_numpy(dtype="float64", na_value=np.nan)
        return _out_of_range(values, blinded, bad)
    obj = raw.astype(object)
    if pd.api.types.is_string_dtype(raw.dtype) and raw.dtype != object and not raw.hasnans:
        is_str = np.ones(n, dtype=bool)  # a str column from the CSV reader
    else:
        is_str = obj.map(lambda x: isinstance(x, str)).to_numpy(dtype=bool)
    if not is_str.all():
        others = obj[~is_str]
        is_num = others.map(lambda x: isinstance(x, int | float) and not isinstance(x, bool))
        num_pos = np.flatnonzero(~is_str)[is_num.to_numpy(dtype=bool)]
        values[num_pos] = [_as_float(x) for x in obj.iloc[num_pos]]
        bad[num_pos[np.isnan(values[num_pos])]] = True  # NaN, inf or an enormous integer
        null = others.isna().to_numpy(dtype=bool)
        bad[np.flatnonzero(~is_str)[~is_num.to_numpy(dtype=bool) & ~null]] = True
    if not is_str.any():
        return _out_of_range(values, blinded, bad)
    str_pos = np.flatnonzero(is_str)
    if is_str.all() and pd.api.types.is_string_dtype(raw.dtype) and raw.dtype != object:
        text = raw.reset_index(drop=True)
    else:
        text = pd.Series(obj.iloc[str_pos].to_numpy(), dtype="str")
    digits = text.str.isdigit().to_numpy(dtype=bool)  # the common case: a plain count
    plain = pd.to_numeric(text[digits], errors="coerce").to_numpy(dtype="float64")
    values[str_pos[digits]] = plain
    bad[str_pos[digits][np.isnan(plain)]] = True  # unicode digits such as "²"
    rest_pos = np.flatnonzero(~digits)
    text = text[~digits].reset_index(drop=True)
    str_pos = str_pos[rest_pos]
    # surrounding blanks go; a blank inside a number does not: no download writes one,
    # and "1443 5" must not silently become 14435
    text = text.str.strip(" \u00a0").str.replace("\u2212", "-", regex=False)
    empty = (text == "").to_numpy(dtype=bool)
    blind = text.isin(BLINDED_MARKERS).to_numpy(dtype=bool)
    ok = text.str.fullmatch(_NUMBER[(decimal, grouping)].pattern).to_numpy(dtype=bool)
    good = ok & ~blind & ~empty
    num = text[good]
    if decimal == ",":
        if grouping:
            num = num.str.replace(".", "", regex=False)
        num = num.str.replace(",", ".", regex=False)
    elif grouping:
        num = num.str.replace(",", "", regex=False)
    values[str_pos[good]] = pd.to_numeric(num).to_numpy(dtype="float64")
    # more significant digits than a float64 holds: "12,999…9" (400 nines) is not 13
    long = num.str.len().to_numpy() > MAX_DIGITS
    if long.any():
        sig = num[long].str.lstrip("+-").str.lstrip("0.").str.count(r"\d").to_numpy()
        too_long = np.flatnonzero(good)[np.flatnonzero(long)[sig > MAX_DIGITS]]
        values[str_pos[too_long]] = np.nan
        bad[str_pos[too_long]] = True
    blinded[str_pos[blind]] = True
    bad[str_pos[~(ok | blind | empty)]] = True
    return _out_of_range(values, blinded, bad)


def _as_float(x: object) -> float:
    """A JSON number as float; NaN (reported as bad) for an integer beyond float64."""
    try:
        v = float(x)  # type: ignore[arg-type]
    except (OverflowError, ValueError, TypeError):
        return float("nan")
    return v if abs(v) <= MAX_MAGNITUDE else float("nan")


def _out_of_range(values: np.ndarray, blinded: np.ndarray, bad: np.ndarray
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mark infinite values and values beyond :data:`MAX_MAGNITUDE` as bad (value NaN):
    ``"9"*400`` parses as ``inf``; a sum, share or change of it would be nonsense."""
    with np.errstate(invalid="ignore"):
        wild = ~(np.abs(values) <= MAX_MAGNITUDE) & ~np.isnan(values)
    if wild.any():
        bad = bad | wild
        values = values.copy()
        values[wild] = np.nan
    return values, blinded, bad


_GROUPED = r"[+-]?\d{1,3}(?:\.\d{3})+"


def _grouping_problems(raw: pd.Series, bad: np.ndarray, lines: np.ndarray, label: str,
                       source: str) -> list[Problem]:
    """Counts in a decimal-point format without thousands separators (DST's English CSV,
    the dashboard TSV) where a cell reads like a Danish thousands separator ("74.987")
    and no other cell of the column has a fraction: 74.987 persons is not a count,
    74,987 is, and neither can be told for sure, so the cell is refused."""
    obj = raw.astype(object)
    try:  # most columns have no point at all: one pass over the strings tells
        dotted = obj.str.contains(".", regex=False, na=False).to_numpy(dtype=bool)
    except AttributeError:  # no strings (JSON numbers say what they are)
        return []
    if not (dotted & ~bad).any():
        return []
    is_text = obj.map(lambda x: isinstance(x, str)).to_numpy(dtype=bool) & ~bad
    if not is_text.any():
        return []  # JSON numbers say what they are
    text = obj[is_text].astype(str).str.strip(" \u00a0")
    has_point = (text.str.contains(".", regex=False)
                 & ~text.isin(BLINDED_MARKERS)).to_numpy(dtype=bool)
    if not has_point.any():
        return []
    grouped = text[has_point].str.fullmatch(_GROUPED).to_numpy(dtype=bool)
    if not grouped.all():
        return []  # a real fraction elsewhere in the column: the points are decimals
    positions = np.flatnonzero(is_text)[np.flatnonzero(has_point)]
    found = [Problem("thousands_separator", f"a count: {_plain(raw.iloc[pos])} with a "
                     "Danish thousands separator, or a fraction? This file has none; write "
                     "the number without the '.'", source=source, row=int(lines[pos]),
                     column=label, value=str(raw.iloc[pos]).strip())
             for pos in positions[:MAX_PER_COLUMN]]
    if len(positions) > MAX_PER_COLUMN:
        found.append(Problem("thousands_separator", f"{len(positions)} cells in all",
                             source=source, column=label))
    return found


def _plain(cell: object) -> str:
    text = str(cell).strip(" \u00a0")
    return text[0].replace("+", "") + text[1:].replace(".", "") if text else text


def _number_problems(raw: pd.Series, bad: np.ndarray, lines: np.ndarray, label: str,
                     source: str, decimal: str) -> list[Problem]:
    found = []
    positions = np.flatnonzero(bad)
    for pos in positions[:MAX_PER_COLUMN]:
        value = raw.iloc[pos]
        code, why = _number_problem(value, decimal)
        found.append(Problem(code, why, source=source, row=int(lines[pos]), column=label,
                             value=value))
    if len(positions) > MAX_PER_COLUMN:
        found.append(Problem("bad_number", f"{len(positions)} cells in all are not numbers",
                             source=source, column=label))
    return found


# ---------------------------------------------------------------------------------
# names and periods


def _factorize(raw: pd.Series) -> tuple[np.ndarray, list[object]]:
    """Codes and distinct values of a column, ignoring surrounding spaces."""
    codes, uniques = pd.factorize(raw, use_na_sentinel=True)
    stripped = [v.strip() if isinstance(v, str) else v for v in uniques]
    final: dict[object, int] = {}
    remap = np.asarray([final.setdefault(v, len(final)) for v in stripped], dtype=np.int64)
    codes = codes.astype(np.int64)
    if len(final) < len(stripped):
        codes = np.where(codes >= 0, remap[np.maximum(codes, 0)], -1)
    return codes, list(final)


def _resolve(raw: pd.Series, lines: np.ndarray, label: str, source: str,
             resolver: Callable[[str], object], what: str
             ) -> tuple[np.ndarray, list[object], list[Problem]]:
    """Resolve the distinct values of a column; problems name each bad value's first line."""
    codes, uniques = _factorize(raw)
    found: list[Problem] = []
    resolved: list[object] = []
    first = pd.Series(np.arange(len(codes))).groupby(codes).first()
    for i, value in enumerate(uniques):
        row = int(lines[int(first.loc[i])])
        if value is None or (isinstance(value, str) and value == ""):
            found.append(Problem("missing_value", f"the {what} is empty", source=source,
                                 row=row, column=label, value=value))
            resolved.append(None)
            continue
        try:
            resolved.append(resolver(str(value)))
        except JobstatsError as exc:
            inner = getattr(exc, "problems", ())
            count = int((codes == i).sum())
            more = f" ({count} rows)" if count > 1 else ""
            for p in inner or (Problem("bad_value", str(exc)),):
                found.append(replace(p, source=source, row=row, column=label, value=value,
                                     message=p.message + more))
            resolved.append(None)
    if (codes < 0).any():
        pos = int(np.flatnonzero(codes < 0)[0])
        found.append(Problem("missing_value", f"the {what} is empty", source=source,
                             row=int(lines[pos]), column=label))
    return codes, resolved, found


def _categorical(codes: np.ndarray, uniques: Sequence[object]) -> pd.Categorical[str]:
    names = np.asarray([str(u) for u in uniques], dtype=object)
    cats = sorted(set(names.tolist()))
    index = {c: i for i, c in enumerate(cats)}
    remap = np.asarray([index[str(n)] for n in names], dtype=np.int64)
    final: np.ndarray = remap[codes] if len(remap) else codes
    dtype: pd.CategoricalDtype[str] = pd.CategoricalDtype(pd.Index(cats))
    return pd.Categorical.from_codes(final, dtype=dtype)


# ---------------------------------------------------------------------------------
# the assembly


def assemble(wide: Wide, taxonomy: _taxonomy.Taxonomy | None = None) -> pd.DataFrame:
    """Resolve, parse, melt and validate a :class:`Wide` table into a canonical frame."""
    tx = taxonomy or _taxonomy.default()
    src, lines = wide.source, wide.lines
    n, k = len(lines), len(wide.values)
    found: list[Problem] = []
    if k == 0:
        raise FormatError([Problem("no_values", "no column holds numbers of a known measure",
                                   source=src, row=wide.header_line)])

    area_codes, area_names, probs = _resolve(wide.area, lines, wide.area_label, src,
                                             tx.resolve_area, "area")
    found += probs

    # periods: one list of distinct periods; a code per (row, value column)
    periods: list[pd.Period | None] = []
    period_matrix = np.zeros((n, k), dtype=np.int64)
    if wide.period is not None:
        p_codes, p_values, probs = _resolve(wide.period, lines, wide.period_label or "period",
                                            src, parse_period, "period")
        found += probs
        periods.extend(p if isinstance(p, pd.Period) else None for p in p_values)
    for j, col in enumerate(wide.values):
        if col.period is not None:
            try:
                periods.append(parse_period(col.period))
            except JobstatsError as exc:
                found += [replace(p, source=src, row=wide.header_line, column=col.label,
                                  value=col.period) for p in getattr(exc, "problems", ())]
                periods.append(None)
            period_matrix[:, j] = len(periods) - 1
        elif wide.period is not None:
            period_matrix[:, j] = p_codes
        else:
            found.append(Problem("no_period", "no period column and no period in the header",
                                 source=src, column=col.label))

    # target groups
    groups: list[object] = []
    group_matrix = np.zeros((n, k), dtype=np.int64)
    if wide.group is not None:
        g_codes, g_values, probs = _resolve(wide.group, lines, wide.group_label or "group",
                                            src, tx.resolve_group, "target group")
        found += probs
        groups.extend(g_values)
    for j, col in enumerate(wide.values):
        if col.group is not None:
            groups.append(col.group)
            group_matrix[:, j] = len(groups) - 1
        elif wide.group is not None:
            group_matrix[:, j] = g_codes
    needs_period_group = [j for j, c in enumerate(wide.values)
                          if c.group is None and wide.group is None]
    if needs_period_group and wide.group_of_period is None:
        found.append(Problem("no_target_group",
                             "the table has no target-group column; " + wide.group_hint,
                             source=src))

    # numbers
    value_cols, blinded_cols = [], []
    for col in wide.values:
        v, b, bad = parse_numbers(col.raw, decimal=wide.decimal, grouping=wide.grouping)
        found += _number_problems(col.raw, bad, lines, col.label, src, wide.decimal)
        if wide.decimal == "." and not wide.grouping and col.measure in tx.measures \
                and tx.measures[col.measure].unit == "count":
            found += _grouping_problems(col.raw, bad, lines, col.label, src)
        value_cols.append(v)
        blinded_cols.append(b)

    # extra dimensions: totals become "total"; a dimension that is only totals is dropped
    dims: list[tuple[str, str, np.ndarray, list[object]]] = []
    for label, name, raw in wide.dims:
        d_codes, d_values = _factorize(raw)
        if (d_codes < 0).any():
            pos = int(np.flatnonzero(d_codes < 0)[0])
            found.append(Problem("missing_value", f"the {name} is empty", source=src,
                                 row=int(lines[pos]), column=label))
            continue
        normal = ["total" if is_total(str(v)) else str(v) for v in d_values]
        if all(v == "total" for v in normal):
            continue
        dims.append((label, name, d_codes, list(normal)))

    raise_problems(found)

    if needs_period_group and wide.group_of_period is not None:
        by_period = {i: wide.group_of_period(p) for i, p in enumerate(periods)
                     if p is not None}
        offset = len(groups)
        groups.extend(by_period[i] for i in range(len(periods)))
        for j in needs_period_group:
            group_matrix[:, j] = offset + period_matrix[:, j]

    # melt, row-major: each source row gives k consecutive rows
    period_long = period_matrix.ravel()
    column_long = np.tile(np.arange(k), n)
    measure_ids = [c.measure for c in wide.values]
    data: dict[str, object] = {
        _frame.AREA: _categorical(np.repeat(area_codes, k), area_names),
        _frame.TARGET_GROUP: _categorical(group_matrix.ravel(), groups),
        _frame.PERIOD: _period_values(periods, period_long),
        _frame.MEASURE: _categorical(column_long, measure_ids),
        _frame.VALUE: np.column_stack(value_cols).ravel(),
        _frame.BLINDED: np.column_stack(blinded_cols).ravel(),
    }
    for _label, name, d_codes, d_values in dims:
        data[name] = _categorical(np.repeat(d_codes, k), d_values)
    long = pd.DataFrame(data)
    out = _frame.make_frame(long, source=src)
    line_long = np.repeat(lines, k)

    frame_problems = [p for p in _frame.problems(out, source=src, taxonomy=tx)
                      if p.code != "mixed_frequency"]
    frame_problems += _mixed_frequency(out, periods, period_long, line_long, wide, column_long)
    labels = {
        _frame.AREA: wide.area_label, _frame.PERIOD: wide.period_label,
        _frame.TARGET_GROUP: wide.group_label,
        **{name: label for label, name, _c, _v in dims},
    }
    remapped = []
    for p in frame_problems:
        if p.row is None or p.source is None or p.code == "mixed_frequency_row":
            remapped.append(replace(p, code="mixed_frequency")
                            if p.code == "mixed_frequency_row" else p)
            continue
        pos = p.row
        col_label = wide.values[int(column_long[pos])].label
        column = col_label if p.column in (None, _frame.VALUE) else labels.get(
            p.column or "", col_label) or col_label
        remapped.append(replace(p, row=int(line_long[pos]), column=column))
    raise_problems(remapped)
    return out


def _period_values(periods: list[pd.Period | None], codes: np.ndarray) -> pd.Series:
    present = [p for p in periods if p is not None]
    freqs = {p.freqstr for p in present}
    if len(freqs) == 1:
        dtype = pd.PeriodDtype(next(iter(freqs)))
        fill = present[0]
        arr = pd.array([p if p is not None else fill for p in periods], dtype=dtype)
        return pd.Series(arr.take(codes))
    obj = np.empty(len(periods), dtype=object)
    obj[:] = periods
    return pd.Series(obj[codes], dtype=object)


def _mixed_frequency(out: pd.DataFrame, periods: list[pd.Period | None],
                     period_long: np.ndarray, line_long: np.ndarray, wide: Wide,
                     column_long: np.ndarray) -> list[Problem]:
    """One problem per series that mixes frequencies, naming the first odd line."""
    bases = [frequency_of(p) if p is not None else "" for p in periods]
    if len(set(bases)) <= 1:
        return []
    series_keys = [c for c in _frame.key_columns(out) if c != _frame.PERIOD]
    keys = pd.DataFrame({c: out[c].cat.codes for c in series_keys})
    freq = pd.Series(np.asarray(bases, dtype=object)[period_long], index=keys.index)
    grouped = freq.groupby([keys[c] for c in series_keys])
    mixed = grouped.transform("nunique").to_numpy() > 1
    odd = mixed & (freq.to_numpy() != grouped.transform("first").to_numpy())
    if not odd.any():
        return []
    first_of_series = grouped.transform("first").to_numpy()
    first_odd = keys[odd].drop_duplicates()
    found = []
    for pos in first_odd.index[:MAX_PER_COLUMN]:
        ipos = int(pos)
        label = ", ".join(f"{c}={out[c].iloc[ipos]}" for c in series_keys)
        column = wide.values[int(column_long[ipos])]
        where: str | None
        raw: object
        if column.period is not None:
            where, raw = column.label, column.period
        else:
            where = wide.period_label
            raw = wide.period.iloc[ipos // len(wide.values)] if wide.period is not None else None
        found.append(Problem(
            "mixed_frequency_row",
            f"one series mixes frequencies ({label}): this period has frequency "
            f"{bases[int(period_long[ipos])]}, the series' first period {first_of_series[ipos]}"
            "; split the series",
            source=wide.source, row=int(line_long[ipos]), column=where, value=raw))
    return found
