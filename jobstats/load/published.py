"""Read a published table (TSV, CSV or XLSX) as printed, for verification.

The reader refuses damaged input instead of checking half a table: a quote that
is never closed, a cell that swallows line breaks, a row with fewer cells than
the header (a cut row), a cell over 131,072 characters or a number too large
to be a published figure all raise a :class:`~jobstats.errors.FormatError`
naming the file, line and column. A last line without a line ending (where the
other lines have one) is accepted but reported in the table's ``warnings``: the
file may have been cut after its last number. CR-only, CRLF and LF line endings
are all read.
"""

from __future__ import annotations

import csv
import io
import math
import os
from dataclasses import replace
from fractions import Fraction
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jobstats.errors import FormatError, Problem, close_matches
from jobstats.numbers import format_number

if TYPE_CHECKING:
    from jobstats.verify.engine import PublishedTable
    from jobstats.verify.spec import VerifySpec

__all__ = ["read_published_table"]

_MAX_MAGNITUDE = 10**15
_MAX_CELL_CHARS = 131_072  # as jobstats.verify.engine.MAX_CELL_CHARS
_MAX_FILE_BYTES = 200_000_000


def read_published_table(path: str | os.PathLike[str], *, spec: VerifySpec | None = None,
                         sheet: str | None = None) -> PublishedTable:
    """Read a published table from TSV, CSV (``;`` or ``,``) or XLSX.

    The first row is the header; the label column is ``spec.label_column`` or the
    first column. Text cells are parsed in Danish format (``spec.decimal``).
    Numeric XLSX cells are taken as displayed by their number format
    (``0.00%`` shows 0.0093 as ``0,93%``). Encoding: UTF-8 (BOM optional), else
    Windows-1252. Damaged input raises (see the module documentation).
    """
    from jobstats.verify.engine import PublishedTable
    from jobstats.verify.spec import VerifySpec

    spec = spec or VerifySpec()
    p = Path(path)
    source = os.fspath(path)
    warnings: tuple[str, ...] = ()
    if p.suffix.lower() in (".xlsx", ".xlsm"):
        header, rows, lines = _read_xlsx(p, sheet, spec.decimal)
    else:
        header, rows, lines, warnings = _read_delimited(p)
    if not header:
        raise FormatError([Problem("empty_file", "the table has no header row", source=source)])
    table = PublishedTable.from_rows(header, rows, source=source,
                                     label_column=spec.label_column, columns=spec.columns,
                                     decimal=spec.decimal, lines=lines,
                                     rounding=spec.rounding)
    return replace(table, warnings=warnings) if warnings else table


def _blank(x: object) -> bool:
    return x is None or (isinstance(x, str) and x.strip() == "")


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _read_delimited(p: Path) -> tuple[list[str], list[list[object]], list[int],
                                      tuple[str, ...]]:
    source = str(p)
    try:
        if p.stat().st_size > _MAX_FILE_BYTES:
            raise FormatError([Problem("too_large", f"{p.stat().st_size:,} bytes is too large "
                                       "for a published table", source=source)])
        data = p.read_bytes()
    except OSError as exc:
        raise FormatError([Problem("unreadable", f"cannot read the table: {exc.strerror}",
                                   source=source)]) from None
    text = _decode(data)
    if "\x00" in text:
        raise FormatError([Problem("not_text", "the file holds NUL bytes: not a text table",
                                   source=source)])
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    raw_lines = text.split("\n")
    warnings: list[str] = []
    if len(raw_lines) >= 3 and raw_lines[-1].strip():
        warnings.append(f"{source}: the last line (line {len(raw_lines)}) has no line ending while "
                        "the others do: if the file was cut, its last number may be cut too")
    # '#' lines before the header (a '# source:' provenance line, as jobindsats
    # downloads and read_jobindsats carry) are not part of the table
    skip = 0
    while skip < len(raw_lines) and (not raw_lines[skip].strip()
                                     or raw_lines[skip].lstrip().startswith("#")):
        skip += 1
    if skip == len(raw_lines):
        skip = 0
    first = raw_lines[skip] if skip < len(raw_lines) else ""
    if p.suffix.lower() == ".tsv" or "\t" in first:
        delimiter = "\t"
    else:
        delimiter = ";" if first.count(";") >= first.count(",") else ","
    csv.field_size_limit(max(_MAX_CELL_CHARS * 2, 1 << 20))
    body = "\n".join(raw_lines[skip:])
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter, strict=True)
    rows: list[list[object]] = []
    lines: list[int] = []
    found: list[Problem] = []
    start = 1 + skip
    try:
        for record in reader:
            end = reader.line_num + skip
            for j, cell in enumerate(record):
                if "\n" in cell:
                    found.append(Problem(
                        "unbalanced_quote", f"a quoted cell runs from line {start} to line "
                        f"{end}: a stray '\"' swallows the lines after it", source=source,
                        row=start, value=cell[:60] + "…" if len(cell) > 60 else cell,
                        column=f"field {j + 1}"))
                    break
            rows.append(list(record))
            lines.append(start)
            start = end + 1
    except csv.Error as exc:
        found.append(Problem("unbalanced_quote", f"cannot read the line: {exc} (a quote "
                             "opened here is never closed)", source=source, row=start))
    if found:
        raise FormatError(found)
    while rows and all(_blank(c) for c in rows[0]):
        rows.pop(0)
        lines.pop(0)
    if not rows:
        return [], [], [], tuple(warnings)
    header = [str(h) for h in rows[0]]
    while header and not header[-1].strip() and len(header) > 1:
        header.pop()  # a trailing delimiter in the header adds no column
    short = []
    for row, line in zip(rows[1:], lines[1:], strict=True):
        if all(_blank(c) for c in row):
            continue
        if len(row) < len(header):
            short.append(Problem("short_row", f"{len(row)} cells where the header has "
                                 f"{len(header)}: the row is cut or damaged", source=source,
                                 row=line))
    if short:
        raise FormatError(short)
    return header, rows[1:], lines[1:], tuple(warnings)


def _format_decimals(number_format: str) -> tuple[int | None, bool]:
    """Decimals and percent of an Excel number format (``None`` for General)."""
    fmt = number_format.split(";")[0]
    percent = "%" in fmt
    if fmt.lower() == "general":
        return None, False
    cleaned = "".join(part for i, part in enumerate(fmt.split('"')) if i % 2 == 0)
    if "." not in cleaned:
        return 0, percent
    after = cleaned.split(".", 1)[1]
    decimals = 0
    for ch in after:
        if ch in "0#?":
            decimals += 1
        else:
            break
    return decimals, percent


def _read_xlsx(p: Path, sheet: str | None,
               decimal: str) -> tuple[list[str], list[list[object]], list[int]]:
    openpyxl: Any = import_module("openpyxl")  # untyped library: keep it Any
    try:
        wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a bad file
        message = str(exc)[:200]
        raise FormatError([Problem("not_xlsx", f"not a readable XLSX file: {message}",
                                   source=str(p))]) from None
    found: list[Problem] = []
    try:
        if sheet is not None and sheet not in wb.sheetnames:
            raise FormatError([Problem("unknown_sheet", f"no sheet {sheet[:100]!r}",
                                       source=str(p), value=sheet[:100],
                                       suggestions=close_matches(sheet, wb.sheetnames))])
        ws = wb[sheet] if sheet is not None else wb.worksheets[0]
        locale = "da_DK" if decimal == "," else "en_GB"
        rows: list[list[object]] = []
        for r, row in enumerate(ws.iter_rows(), start=1):
            out: list[object] = []
            for c, cell in enumerate(row, start=1):
                v = cell.value
                if isinstance(v, int | float) and not isinstance(v, bool):
                    decimals, percent = _format_decimals(str(cell.number_format or "General"))
                    shown = v * 100 if percent else v
                    if not math.isfinite(shown) or abs(shown) >= _MAX_MAGNITUDE:
                        found.append(Problem("number_too_large", f"{v!r} shown as "
                                             f"{'%' if percent else 'number'} is too large "
                                             "for a published figure", source=str(p), row=r,
                                             column=f"column {c}", value=v))
                        out.append("")
                    elif decimals is None:
                        out.append(v)
                    else:
                        out.append(format_number(float(Fraction(repr(float(shown)))),
                                                 min(decimals, 12), percent=percent,
                                                 locale=locale))
                else:
                    out.append("" if v is None else str(v))
            rows.append(out)
    finally:
        wb.close()
    if found:
        raise FormatError(found)
    lines = list(range(1, len(rows) + 1))
    while rows and all(_blank(c) for c in rows[0]):
        rows.pop(0)
        lines.pop(0)
    if not rows:
        return [], [], []
    return [str(h) for h in rows[0]], rows[1:], lines[1:]
