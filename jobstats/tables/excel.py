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
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.merge import MergedCellRange
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
_TITLE_FONT = Font(bold=True, size=13)
_BOLD = Font(bold=True)
_WHITE_BOLD = Font(bold=True, color="FFFFFF")
_NOTE_FONT = Font(italic=True, size=9, color="444444")
_CENTRE = Alignment(horizontal="center", vertical="bottom", wrap_text=True)
_STUB = Alignment(horizontal="left", vertical="bottom")
_RIGHT = Alignment(horizontal="right")
_NO_WRAP = Alignment(wrap_text=False)
_INDENT = tuple(Alignment(indent=d) for d in range(4))
_VERDICT_FILLS: dict[str, PatternFill] = {}

_SLOTS = {"font": ("_fonts", "fontId"), "fill": ("_fills", "fillId"),
          "border": ("_borders", "borderId"), "alignment": ("_alignments", "alignmentId")}


class _Styles:
    """Sets a cell's font, fill, border or alignment as openpyxl's ``cell.font = ...``
    does (the object joins the workbook's list, the cell keeps its index), but looks
    each object up in the workbook's list once: openpyxl hashes the whole style object
    on every assignment. The objects are the module's constants (never changed), so
    the indexes, and the file, are the same as with openpyxl's assignments."""

    def __init__(self, workbook: Workbook) -> None:
        self.workbook = workbook
        self.found: dict[tuple[str, int], tuple[int, Any]] = {}
        self.merged: dict[tuple[int, int, tuple[int, ...]], list[Any]] = {}

    def set(self, cell: Cell | MergedCell, slot: str, value: Any) -> None:
        hit = self.found.get((slot, id(value)))
        collection, key = _SLOTS[slot]
        if hit is None:  # keeps the object: its id is not reused while cached
            hit = getattr(self.workbook, collection).add(value), value
            self.found[(slot, id(value))] = hit
        styled: Any = cell  # (its style array is not in the type stubs)
        if not styled._style:  # as openpyxl: a cell gets its style array when first styled
            styled._style = StyleArray()
        setattr(styled._style, key, hit[0])

    def merge(self, ws: Worksheet, top: int, left: int, bottom: int, right: int) -> None:
        """``ws.merge_cells(...)``: the first merge of a shape and a style is openpyxl's;
        a repeat gets the styles that merge left on its cells (openpyxl gives the cells
        at the edges their part of the first cell's border, looking each border up)."""
        grid: Any = ws._cells  # (not in the type stubs)
        first = grid[(top, left)]
        key = (bottom - top, right - left, tuple(first._style or ()))
        cells = [(r, c) for r in range(top, bottom + 1) for c in range(left, right + 1)]
        done = self.merged.get(key)
        if done is None:
            ws.merge_cells(start_row=top, start_column=left, end_row=bottom, end_column=right)
            self.merged[key] = [None if grid[at]._style is None else StyleArray(grid[at]._style)
                                for at in cells]
            return
        coord = CellRange(min_col=left, min_row=top, max_col=right, max_row=bottom).coord
        ws.merged_cells.add(MergedCellRange(ws, coord))
        for (row, column), style in zip(cells, done, strict=True):
            cell: Any = first if (row, column) == (top, left) else MergedCell(ws, row, column)
            cell._style = None if style is None else StyleArray(style)
            grid[(row, column)] = cell


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
_SHEET_MAX = 31
_ELLIPSIS = "…"


def _clean(text: str) -> str:
    return " ".join(_BAD_SHEET.sub("", text).split()).strip("' ")


def _shorten(text: str, limit: int) -> str:
    """``text`` if it fits in ``limit`` characters, else cut after its last whole word
    that fits with an ellipsis (a single over-long word is cut inside itself)."""
    if len(text) <= limit:
        return text
    room = text[: limit - 1]
    cut = room.rsplit(" ", 1)[0] if " " in room and text[limit - 1] != " " else room
    cut = cut.rstrip(" ,;.-–'") or room.rstrip()
    return cut + _ELLIPSIS


def sheet_name(title: str, taken: set[str]) -> str:
    """A valid, unique sheet name (≤ 31 characters, no ``[]:*?/\\``) from a title.

    A long title is cut after a whole word and ends in "…"; when that would keep
    only the part before a colon (``"Øvrige opgørelser: Langtidsledigheden"``), the
    part after it is the name, as it says which table it is. A name already taken
    (compared as Excel does, ignoring case) gets " (2)", " (3)", ...

    >>> sheet_name("Mål: 1/3", set())
    'Mål 13'
    >>> sheet_name("Øvrige opgørelser: Langtidsledigheden", set())
    'Langtidsledigheden'
    >>> sheet_name("Mål 1A: Andelen af befolkningen 16-66 år på offentlig forsørgelse", set())
    'Mål 1A Andelen af befolkningen…'
    """
    base = _clean(title) or "Tabel"
    head, colon, rest = title.partition(":")
    tail = _clean(rest)
    if (colon and tail and len(base) > _SHEET_MAX
            and len(_shorten(base, _SHEET_MAX)) <= len(_clean(head)) + 1):
        base = tail[0].upper() + tail[1:]
    if base.casefold() == "history":  # a name Excel keeps for itself
        base += " (1)"
    folded = {t.casefold() for t in taken}
    name, n = _shorten(base, _SHEET_MAX), 2
    while name.casefold() in folded:
        suffix = f" ({n})"
        name, n = _shorten(base, _SHEET_MAX - len(suffix)) + suffix, n + 1
    taken.add(name)
    return name


def _text(cell: Cell | MergedCell, text: str) -> None:
    """Write text that stays text (never a formula)."""
    cell.value = text
    cell.data_type = "s"


def _write_table(ws: Worksheet, table: Table, styles: _Styles) -> None:
    put = styles.set
    ncols = len(table.columns) + 1
    r = 1
    _text(ws.cell(r, 1), table.title)
    put(ws.cell(r, 1), "font", _TITLE_FONT)
    r += 1
    if table.description:
        _text(ws.cell(r, 1), table.description)
        put(ws.cell(r, 1), "alignment", _NO_WRAP)
        r += 1
    if table.verdict:
        cell = ws.cell(r, 1)
        _text(cell, f"Status: {table.verdict}")
        colour = verdict_colour(table.verdict)
        if colour not in _VERDICT_FILLS:
            _VERDICT_FILLS[colour] = _fill(colour)
        put(cell, "fill", _VERDICT_FILLS[colour])
        put(cell, "font", _WHITE_BOLD)
        r += 1
    r += 1
    header_top = r
    header_rows = table.header_rows
    for rr in range(header_top, header_top + header_rows):
        for c in range(1, ncols + 1):
            cell = ws.cell(rr, c)
            put(cell, "fill", HEADER_FILL)
            put(cell, "font", _BOLD)
            put(cell, "border", _BORDER)
            put(cell, "alignment", _CENTRE)
    for hc in table.header_cells():
        top, left = header_top + hc.row, hc.col + 1
        _text(ws.cell(top, left), hc.text)
        if hc.rowspan > 1 or hc.colspan > 1:
            styles.merge(ws, top, left, top + hc.rowspan - 1, left + hc.colspan - 1)
    put(ws.cell(header_top, 1), "alignment", _STUB)
    first_data = header_top + header_rows
    formats = [number_format(c) for c in table.columns]
    for i, row in enumerate(table.rows):
        rr = first_data + i
        border = _TOTAL_BORDER if row.total else _BORDER
        label = ws.cell(rr, 1)
        _text(label, table.row_label(i))
        put(label, "alignment", _INDENT[min(row.depth, 3)])
        put(label, "border", border)
        cells = [label]
        for j, col in enumerate(table.columns):
            cell = ws.cell(rr, j + 2)
            if table.blinded[i][j]:
                _text(cell, ".")
                put(cell, "alignment", _RIGHT)
            else:
                cell.value = cell_value(table.values[i][j], col)
                cell.number_format = formats[j]
            put(cell, "border", border)
            if col.change:
                put(cell, "fill", CHANGE_FILL)
            cells.append(cell)
        if row.highlight:
            for cell in cells:
                put(cell, "fill", HIGHLIGHT_FILL)
                put(cell, "font", _BOLD)
        if row.total:
            for cell in cells:
                put(cell, "font", _BOLD)
    r = first_data + len(table.rows) + 1
    for line in ([table.source] if table.source else []) + list(table.notes):
        _text(ws.cell(r, 1), line)
        put(ws.cell(r, 1), "font", _NOTE_FONT)
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
    styles = _Styles(wb)
    for table in tables:
        ws = wb.create_sheet(sheet_name(table.title, taken))
        _write_table(ws, table, styles)
    wb.save(path)
