"""PDF rendering (reportlab platypus): A4 pages a committee member can read.

Each table gets its title, description, verdict, the table itself (header rows
repeated on every page it spans) and its source line. A table wider than an A4
portrait page is set on landscape pages; the appendix switches orientation per
table (a switch starts a new page). Standard Helvetica covers æ, ø, å.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as PdfTable
from reportlab.platypus.flowables import Flowable

from jobstats.tables.style import CHANGE, GRID, HEADER, HIGHLIGHT, NOTE, RULE, verdict_colour
from jobstats.tables.table import Table

__all__ = ["MARGIN", "is_wide", "write_pdf"]

MARGIN = 1.5 * cm
FONT, BOLD, SIZE = "Helvetica", "Helvetica-Bold", 8.5
_PAD = 8.0  # left + right cell padding, points
_MAX_LABEL = 8.5 * cm

_TITLE = ParagraphStyle("title", fontName=BOLD, fontSize=12, leading=15, spaceAfter=3,
                        keepWithNext=1)  # a heading never ends a page alone
_DESC = ParagraphStyle("desc", fontName=FONT, fontSize=9, leading=11.5, spaceAfter=4,
                       keepWithNext=1)
_SOURCE = ParagraphStyle("source", fontName=FONT, fontSize=8, leading=10,
                         textColor=colors.HexColor(NOTE), spaceBefore=3)
_HEAD = ParagraphStyle("head", fontName=BOLD, fontSize=SIZE, leading=SIZE + 1.5,
                       alignment=TA_CENTER)
_HEAD_LEFT = ParagraphStyle("headleft", parent=_HEAD, alignment=0)
_LABEL = ParagraphStyle("label", fontName=FONT, fontSize=SIZE, leading=SIZE + 1.5)
_LABEL_BOLD = ParagraphStyle("labelbold", parent=_LABEL, fontName=BOLD)


class _Paragraph(Paragraph):  # type: ignore[misc]
    """A paragraph that breaks its lines once per width. reportlab wraps a paragraph
    again each time its table, its block or its frame asks (a table cell three or
    four times: to size the row, to fit the page, to split, to draw), always at the
    same width; the lines and the height depend on nothing else, so a repeated call
    returns what the first found."""

    _wrapped: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if availWidth == self._wrapped and hasattr(self, "blPara"):  # (a split that
            return self.width, self.height                             # failed drops it)
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        self._wrapped = availWidth if size[0] == availWidth else None
        return size


def _widths(table: Table) -> list[float]:
    """The natural column widths (points) of ``table``: its widest cell text, label or
    header word, with padding."""
    return list(_measured(table))


@functools.lru_cache(maxsize=256)
def _measured(table: Table) -> tuple[float, ...]:
    """:func:`_widths`, measured once per table (the PDF and Word both need them)."""
    labels = [stringWidth(table.row_label(i), BOLD, SIZE) + 10.0 * table.rows[i].depth
              for i in range(len(table.rows))]
    label = min(max([*labels, stringWidth(table.stub, BOLD, SIZE), 2 * cm]) + _PAD,
                _MAX_LABEL)
    out = [label]
    for j, col in enumerate(table.columns):
        values = [stringWidth(table.text(i, j), BOLD, SIZE) for i in range(len(table.rows))]
        words = [stringWidth(w, BOLD, SIZE) for w in col.label.split()]
        out.append(max([*values, *words, 1.3 * cm]) + _PAD + 3)
    return tuple(out)


def is_wide(table: Table) -> bool:
    """Whether the table needs a landscape page."""
    return bool(sum(_widths(table)) > A4[0] - 2 * MARGIN)


def _pdf_table(table: Table, widths: Sequence[float] | None = None) -> PdfTable:
    """The reportlab table of ``table``; ``widths`` (points) instead of :func:`_widths`."""
    nhead = table.header_rows
    ncols = len(table.columns) + 1
    head: list[list[Any]] = [["" for _ in range(ncols)] for _ in range(nhead)]
    style: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), FONT, SIZE),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor(GRID)),
        ("BACKGROUND", (0, 0), (-1, nhead - 1), colors.HexColor(HEADER)),
        ("VALIGN", (0, 0), (-1, nhead - 1), "BOTTOM"),
        ("VALIGN", (0, nhead), (-1, -1), "MIDDLE"),
        ("ALIGN", (1, nhead), (-1, -1), "RIGHT"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.0),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    for hc in table.header_cells():
        head[hc.row][hc.col] = _Paragraph(escape(hc.text),
                                         _HEAD_LEFT if hc.kind == "stub" else _HEAD)
        if hc.rowspan > 1 or hc.colspan > 1:
            style.append(("SPAN", (hc.col, hc.row),
                          (hc.col + hc.colspan - 1, hc.row + hc.rowspan - 1)))
    body: list[list[Any]] = []
    for i, row in enumerate(table.rows):
        r = nhead + i
        label_style = _LABEL_BOLD if (row.total or row.highlight) else _LABEL
        body.append([_Paragraph(escape(table.row_label(i)), label_style),
                     *(table.text(i, j) for j in range(len(table.columns)))])
        if row.depth:
            style.append(("LEFTPADDING", (0, r), (0, r), 4 + 10 * min(row.depth, 3)))
        if row.total:
            style.append(("FONT", (0, r), (-1, r), BOLD, SIZE))
            style.append(("LINEABOVE", (0, r), (-1, r), 1.0, colors.HexColor(RULE)))
        if row.highlight:
            style.append(("FONT", (0, r), (-1, r), BOLD, SIZE))
            style.append(("BACKGROUND", (0, r), (-1, r), colors.HexColor(HIGHLIGHT)))
    for j, col in enumerate(table.columns):
        if col.change and table.rows:
            style.append(("BACKGROUND", (j + 1, nhead), (j + 1, -1), colors.HexColor(CHANGE)))
    return PdfTable(head + body, colWidths=list(widths or _widths(table)), repeatRows=nhead,
                    style=TableStyle(style), hAlign="LEFT")


def _flowables(table: Table) -> list[Flowable]:
    out: list[Flowable] = [_Paragraph(escape(table.title), _TITLE)]
    if table.description:
        out.append(_Paragraph(escape(table.description), _DESC))
    if table.verdict:
        colour = verdict_colour(table.verdict)
        verdict = ParagraphStyle("verdict", parent=_DESC, fontName=BOLD,
                                 textColor=colors.white, backColor=colors.HexColor(colour),
                                 borderPadding=2, keepWithNext=1)
        out.append(_Paragraph(f"Status: {escape(table.verdict)}", verdict))
        out.append(Spacer(1, 3))
    body = _pdf_table(table)
    body.keepWithNext = bool(table.source)  # the source line stays under its table
    out.append(body)
    if table.source:
        out.append(_Paragraph(escape(table.source), _SOURCE))
    out.extend(_Paragraph(escape(note), _SOURCE) for note in table.notes)
    out.append(Spacer(1, 0.6 * cm))
    return out


def write_pdf(tables: Sequence[Table], path: str, *, title: str = "") -> None:
    """Write ``tables`` to one A4 PDF at ``path``."""
    wide = [is_wide(t) for t in tables]
    first = "landscape" if wide and wide[0] else "portrait"

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(colors.HexColor("#666666"))
        width = canvas._pagesize[0]
        canvas.drawString(MARGIN, MARGIN / 2, title)
        canvas.drawRightString(width - MARGIN, MARGIN / 2, f"Side {doc.page}")
        canvas.restoreState()

    def template(name: str, size: tuple[float, float]) -> PageTemplate:
        frame = Frame(MARGIN, MARGIN, size[0] - 2 * MARGIN, size[1] - 2 * MARGIN,
                      id=name, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        return PageTemplate(id=name, frames=[frame], pagesize=size, onPage=footer)

    templates = {"portrait": template("portrait", A4),
                 "landscape": template("landscape", landscape(A4))}
    order = [first, "landscape" if first == "portrait" else "portrait"]
    doc = BaseDocTemplate(path, pagesize=templates[first].pagesize, title=title,
                          author="jobstats", pageTemplates=[templates[o] for o in order],
                          leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                          bottomMargin=MARGIN)
    story: list[Flowable] = []
    current = first
    for table, is_wide_table in zip(tables, wide, strict=True):
        orient = "landscape" if is_wide_table else "portrait"
        if orient != current:
            story.append(NextPageTemplate(orient))
            story.append(PageBreak())
            current = orient
        story.extend(_flowables(table))
    if not story:
        story.append(Spacer(1, 1))
    doc.build(story)
