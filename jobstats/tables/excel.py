"""Excel rendering (openpyxl): one workbook, one sheet per table.

Numbers stay numeric cells with an Excel number format; the viewer's locale
supplies the separators, so a Danish Excel shows ``4.194`` and ``0,93%``.

*Percentages are true fractions* — 0.0093 for 0.93% — with Excel's percent
format ``0.00%``, so any formula a reader writes (``=B5*C5``, a sum of shares)
gives the right answer and a chart shows a percent axis. The frame holds
shares in % (0.93), so the cell is the frame's value / 100; in the rare case
where that division moves the value across a rounding boundary, the cell holds
the printed value / 100, so Excel always shows what every other output prints.

Blinded cells hold the text ``"."`` (never 0); undefined cells are empty.
Every text cell is written as a string (``data_type = "s"``), so a label like
``"=SUM(A1)"`` is never a formula.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from jobstats.numbers import round_half_up
from jobstats.tables.style import CHANGE, HEADER, HIGHLIGHT, verdict_colour
from jobstats.tables.table import Column, Table

__all__ = ["cell_value", "number_format", "sheet_name", "write_excel"]


def _fill(colour: str) -> PatternFill:
    rgb = colour.lstrip("#").upper()
    return PatternFill(fill_type="solid", start_color=rgb, end_color=rgb)


CHANGE_FILL = _fill(CHANGE)
HEADER_FILL = _fill(HEADER)
HIGHLIGHT_FILL = _fill(HIGHLIGHT)
_THIN = Side(style="thin", color="B7B7B7")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_TOTAL_BORDER = Border(left=_THIN, right=_THIN, top=Side(style="medium", color="555555"),
                       bottom=_THIN)


def number_format(column: Column) -> str:
    """The Excel number format of a column.

    >>> number_format(Column("Årsgennemsnit"))
    '#,##0'
    >>> number_format(Column("Landsandel", decimals=2, percent=True))
    '0.00%'
    """
    if column.percent:
        return "0" + ("." + "0" * column.decimals if column.decimals > 0 else "") + "%"
    return "#,##0" + ("." + "0" * column.decimals if column.decimals > 0 else "")


def cell_value(value: float, column: Column) -> float | None:
    """The number stored in a cell: NaN → empty; a percentage as a true fraction.

    >>> round(cell_value(0.934, Column("Landsandel", decimals=2, percent=True)), 12)
    0.00934
    >>> cell_value(4194.4, Column("Årsgennemsnit"))
    4194.4
    """
    if value != value:
        return None
    if not column.percent:
        return value
    fraction = value / 100.0
    shown = round_half_up(fraction * 100.0, column.decimals)
    if shown != round_half_up(value, column.decimals):  # a boundary moved by the division
        fraction = round_half_up(value, column.decimals) / 100.0
    return fraction


_BAD_SHEET = re.compile(r"[\[\]:*?/\\]")


def sheet_name(title: str, taken: set[str]) -> str:
    """A valid, unique sheet name (≤ 31 characters, no ``[]:*?/\\``) from a title.

    >>> sheet_name("Mål: 1/3", set())
    'Mål 13'
    """
    base = " ".join(_BAD_SHEET.sub("", title).split())[:31].strip("'") or "Tabel"
    name, n = base, 2
    while name.casefold() in {t.casefold() for t in taken}:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name)
    return name


def _text(cell: Cell | MergedCell, text: str) -> None:
    """Write text that stays text (never a formula)."""
    cell.value = text
    cell.data_type = "s"


def _write_table(ws: Worksheet, table: Table) -> None:
    ncols = len(table.columns) + 1
    r = 1
    _text(ws.cell(r, 1), table.title)
    ws.cell(r, 1).font = Font(bold=True, size=13)
    r += 1
    if table.description:
        _text(ws.cell(r, 1), table.description)
        ws.cell(r, 1).alignment = Alignment(wrap_text=False)
        r += 1
    if table.verdict:
        cell = ws.cell(r, 1)
        _text(cell, f"Status: {table.verdict}")
        cell.fill = _fill(verdict_colour(table.verdict))
        cell.font = Font(bold=True, color="FFFFFF")
        r += 1
    r += 1
    header_top = r
    header_rows = table.header_rows
    bold = Font(bold=True)
    centre = Alignment(horizontal="center", vertical="bottom", wrap_text=True)
    for rr in range(header_top, header_top + header_rows):
        for c in range(1, ncols + 1):
            cell = ws.cell(rr, c)
            cell.fill, cell.font, cell.border, cell.alignment = HEADER_FILL, bold, _BORDER, centre
    for hc in table.header_cells():
        top, left = header_top + hc.row, hc.col + 1
        _text(ws.cell(top, left), hc.text)
        if hc.rowspan > 1 or hc.colspan > 1:
            ws.merge_cells(start_row=top, start_column=left, end_row=top + hc.rowspan - 1,
                           end_column=left + hc.colspan - 1)
    ws.cell(header_top, 1).alignment = Alignment(horizontal="left", vertical="bottom")
    first_data = header_top + header_rows
    formats = [number_format(c) for c in table.columns]
    right = Alignment(horizontal="right")
    for i, row in enumerate(table.rows):
        rr = first_data + i
        label = ws.cell(rr, 1)
        _text(label, table.row_label(i))
        label.alignment = Alignment(indent=min(row.depth, 3))
        label.border = _TOTAL_BORDER if row.total else _BORDER
        for j, col in enumerate(table.columns):
            cell = ws.cell(rr, j + 2)
            if table.blinded[i][j]:
                _text(cell, ".")
                cell.alignment = right
            else:
                cell.value = cell_value(table.values[i][j], col)
                cell.number_format = formats[j]
            cell.border = _TOTAL_BORDER if row.total else _BORDER
            if col.change:
                cell.fill = CHANGE_FILL
        cells = [ws.cell(rr, c) for c in range(1, ncols + 1)]
        if row.highlight:
            for cell in cells:
                cell.fill = HIGHLIGHT_FILL
                cell.font = bold
        if row.total:
            for cell in cells:
                cell.font = bold
    r = first_data + len(table.rows) + 1
    for line in ([table.source] if table.source else []) + list(table.notes):
        _text(ws.cell(r, 1), line)
        ws.cell(r, 1).font = Font(italic=True, size=9, color="444444")
        r += 1
    ws.freeze_panes = f"B{first_data}"
    label_width = max([len(table.row_label(i)) + 2 * table.rows[i].depth
                       for i in range(len(table.rows))] + [len(table.stub), 12])
    ws.column_dimensions["A"].width = min(label_width + 2, 60)
    for j, col in enumerate(table.columns):
        texts = [table.text(i, j) for i in range(len(table.rows))]
        width = max([len(t) for t in texts] + [min(len(col.label), 16), 8]) + 2
        ws.column_dimensions[get_column_letter(j + 2)].width = width
    ws.sheet_view.showGridLines = False


def write_excel(tables: Sequence[Table], path: str) -> None:
    """Write ``tables`` to one workbook at ``path``, a sheet per table."""
    wb = Workbook()
    default = wb.active
    if default is not None:
        wb.remove(default)
    taken: set[str] = set()
    for table in tables:
        ws = wb.create_sheet(sheet_name(table.title, taken))
        _write_table(ws, table)
    wb.save(path)
