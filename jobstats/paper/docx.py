"""``bilag.docx``: the paper as a Word document (python-docx).

Committee papers are written in Word, so the appendix must paste into one:

* a front page (kommune, period, *data til og med*, sources) and a contents list;
* headings in Word's built-in styles (*Title*, *Heading 1*, *Heading 2*), so a
  user restyles the whole document through the style gallery;
* real Word tables in the house style: header rows shaded, spanning year
  headers merged, change cells green, the own area highlighted, totals bold,
  numbers right-aligned and printed exactly as in the other outputs
  (:meth:`Table.text <jobstats.tables.Table.text>`); wide tables on landscape pages
  (the PDF's rule: :func:`~jobstats.paper.document.is_landscape`);
* the generated text, *Beskrivelse* and *Bemærk* notes, the source line;
* each figure embedded as a picture beside its table, captioned "Figur N: ...".
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape
from zipfile import ZIP_DEFLATED, ZIP_STORED, ZipFile

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.packuri import PackURI
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.shape import CT_Inline
from docx.shared import Cm, Length, Pt, RGBColor
from docx.table import _Cell

from jobstats.paper.document import Paper, is_landscape, png_size, table_layout
from jobstats.tables.pdf import SIZE as _PDF_SIZE
from jobstats.tables.style import CHANGE, HEADER, HIGHLIGHT, VERDICT_COLOURS
from jobstats.tables.table import Table

__all__ = ["write_docx"]


def _shade(cell: _Cell, colour: str) -> None:
    props = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), colour.lstrip("#"))
    props.append(shd)


_TABLE_FONT = "Arial"
"""The tables' font: Helvetica's widths (the PDF's font, by which the columns are
measured), so a number that fits its PDF column fits in Word, and in LibreOffice
(its Liberation Sans has the same widths)."""

_STYLES = {  # name: (bold, alignment); paragraph styles a user can restyle in Word
    "Tabeltekst": (False, None),
    "Tabeltekst fed": (True, None),
    "Tabeltal": (False, WD_ALIGN_PARAGRAPH.RIGHT),
    "Tabeltal fed": (True, WD_ALIGN_PARAGRAPH.RIGHT),
    "Tabeloverskrift": (True, WD_ALIGN_PARAGRAPH.CENTER),
}


def _add_styles(doc: DocumentObject) -> dict[str, str]:
    """Add the table styles (after the template's own, as ``styles.add_style`` adds
    them, without looking each name up among the template's ~170 styles); returns
    their style ids."""
    ids, xml = {}, []
    for name, (bold, align) in _STYLES.items():
        ids[name] = name.replace(" ", "")  # python-docx's id of a name that is no builtin
        jc = f'<w:jc w:val="{"right" if align == WD_ALIGN_PARAGRAPH.RIGHT else "center"}"/>'
        weight = "<w:b/>" if bold else '<w:b w:val="0"/>'
        xml.append(f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{ids[name]}">'
                   f'<w:name w:val="{name}"/><w:basedOn w:val="{_IDS["Normal"]}"/>'
                   f'<w:pPr><w:spacing w:after="0" w:before="0"/>{jc if align else ""}</w:pPr>'
                   f'<w:rPr><w:rFonts w:ascii="{_TABLE_FONT}" w:hAnsi="{_TABLE_FONT}" '
                   f'w:cs="{_TABLE_FONT}"/>{weight}<w:sz w:val="16"/>'
                   "</w:rPr></w:style>")
    styles = doc.styles.element
    for style in parse_xml(f"<w:styles {nsdecls('w')}>{''.join(xml)}</w:styles>"):
        styles.append(style)
    return ids


_IDS: dict[str, str] = {}


def _write(cell: _Cell, text: str, style: str, indent: int = 0) -> None:
    paragraph = cell.paragraphs[0]
    paragraph._p.get_or_add_pPr().style = _IDS[style]  # by id: by name is a slow lookup
    if indent:
        paragraph.paragraph_format.left_indent = Cm(0.35 * indent)
    paragraph.add_run(text)


_PT_PER_CM = 72 / 2.54
_WORD_SIZE = 8.0  # points: the table styles' text (``_add_styles``)
_MIN_SIZE = 6.0
_CELL_MARGINS = 2 * 108 / 20  # points: the left and right margin of a cell (Table Grid)


def _widths(table: Table, usable: float) -> tuple[list[float], float | None]:
    """Column widths in cm and the text size (points; None: the styles' own) of
    ``table`` in Word: the PDF's columns (:func:`~jobstats.paper.document.table_layout`,
    measured for its 8,5 pt text), narrowed to the page as the PDF shrinks a table
    wider than its page: the text part of each column and the text by one factor,
    Word's cell margins kept. Word cannot shrink a table to fit; columns narrower
    than their text would break numbers over lines ("-2,5" / "4 %")."""
    _landscape, points = table_layout(table)
    fixed = len(points) * _CELL_MARGINS
    scale = min(1.0, (usable * _PT_PER_CM - fixed) / (sum(points) - fixed))
    widths = [((w - _CELL_MARGINS) * scale + _CELL_MARGINS) / _PT_PER_CM for w in points]
    size = _PDF_SIZE * scale
    if size >= _WORD_SIZE:
        return widths, None
    return widths, max(_MIN_SIZE, math.floor(size * 2) / 2)


_KEEP_ROWS = 20
"""A table of this many rows or fewer is kept on one page (each row's paragraphs
"keep with next", as Word's own "keep table together" does)."""


def _body_rows(table: Table, widths: Sequence[int], size: str = "", keep: bool = False) -> str:
    """The body rows as WordprocessingML text, written in one go: building ~700 cells
    through python-docx's objects costs a good part of a second per report. ``keep``:
    each row but the last keeps with the next (the table is not split over pages)."""
    out = []
    for i, row in enumerate(table.rows):
        with_next = "<w:keepNext/>" if keep and i < len(table.rows) - 1 else ""
        strong = row.total or row.highlight
        cells = []
        texts = [table.row_label(i), *(table.text(i, j) for j in range(len(table.columns)))]
        for j, text in enumerate(texts):
            fill = HIGHLIGHT if row.highlight else (
                CHANGE if j > 0 and table.columns[j - 1].change else None)
            style = ("Tabeltekst" if j == 0 else "Tabeltal") + (" fed" if strong else "")
            shade = (f'<w:shd w:val="clear" w:color="auto" w:fill="{fill.lstrip("#")}"/>'
                     if fill else "")
            indent = (f'<w:ind w:left="{int(0.35 * row.depth * _DXA_PER_CM)}"/>'
                      if j == 0 and row.depth else "")
            shown = escape(_NOT_XML.sub("", text))
            cells.append(f'<w:tc><w:tcPr><w:tcW w:w="{widths[j]}" w:type="dxa"/>{shade}'
                         f'</w:tcPr><w:p><w:pPr><w:pStyle w:val="{_IDS[style]}"/>'
                         f"{with_next}{indent}"
                         f'</w:pPr><w:r>{size}<w:t xml:space="preserve">{shown}</w:t></w:r>'
                         "</w:p></w:tc>")
        out.append("<w:tr>" + "".join(cells) + "</w:tr>")
    return "".join(out)


_DXA_PER_CM = 567  # twentieths of a point per centimetre
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")  # characters XML 1.0 cannot hold


def _run(text: str, size: str = "") -> str:
    """A run holding ``text`` as python-docx's ``add_run`` writes it: a tab as
    ``<w:tab/>``, a line break as ``<w:br/>``, ``xml:space`` only where the text has
    spaces at an end; nothing for an empty text (characters XML cannot hold dropped)."""
    if not text:
        return "<w:r/>"
    parts = []
    for piece in _BREAKS.split(_NOT_XML.sub("", text)):
        if piece == "\t":
            parts.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            parts.append("<w:br/>")
        elif piece:
            keep = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            parts.append(f"<w:t{keep}>{escape(piece)}</w:t>")
    return "<w:r>" + size + "".join(parts) + "</w:r>"


_BREAKS = re.compile("([\t\r\n])")


def _head_cell(text: str, style: str, width: int, extra: str = "", size: str = "") -> str:
    """A shaded header cell (``extra``: its span or merge) with its paragraph; the
    header keeps with the first row."""
    return (f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/>{extra}'
            f'<w:shd w:val="clear" w:color="auto" w:fill="{HEADER.lstrip("#")}"/></w:tcPr>'
            f'<w:p><w:pPr><w:pStyle w:val="{_IDS[style]}"/><w:keepNext/></w:pPr>'
            f"{_run(text, size)}</w:p></w:tc>")


def _table(doc: DocumentObject, table: Table, usable: float) -> None:
    """The table as WordprocessingML written in one go, as python-docx builds it with
    ``add_table``, column and cell widths, merged header cells and shading (building
    the cells through python-docx's objects costs a good part of a second per report)."""
    groups = table.has_groups
    cm_widths, points = _widths(table, usable)
    size = "" if points is None else f'<w:rPr><w:sz w:val="{round(points * 2)}"/></w:rPr>'
    twips = [Cm(w).twips for w in cm_widths]  # what python-docx writes for a Cm width
    head = '<w:tr><w:trPr><w:tblHeader w:val="true"/></w:trPr>'  # repeats on every page
    top = [head]
    if groups:  # the stub merged down both rows, each group merged across its columns
        top.append(_head_cell(table.stub, "Tabeltekst fed", twips[0],
                              '<w:vMerge w:val="restart"/>', size))
        for text, at, span in table.header_groups():
            width = sum(twips[1 + at:1 + at + span])
            top.append(_head_cell(text, "Tabeloverskrift", width,
                                  f'<w:gridSpan w:val="{span}"/>' if span > 1 else "", size))
        labels = [head, f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{twips[0]}"/><w:vMerge/>'
                        "</w:tcPr><w:p/></w:tc>"]
    else:
        top.append(_head_cell(table.stub, "Tabeltekst fed", twips[0], size=size))
        labels = top  # one header row: the column labels beside the stub
    labels.extend(_head_cell(col.label, "Tabeloverskrift", twips[1 + j], size=size)
                  for j, col in enumerate(table.columns))
    rows = "".join(top) + "</w:tr>" + ("".join(labels) + "</w:tr>" if groups else "")
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in twips)
    tbl = parse_xml(
        f"<w:tbl {nsdecls('w')}><w:tblPr>"
        f'<w:tblStyle w:val="{_IDS["Table Grid"]}"/><w:tblW w:type="auto" w:w="0"/>'
        '<w:jc w:val="left"/><w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" '
        'w:noHBand="0" w:noVBand="1" w:val="04A0"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>{rows}"
        + _body_rows(table, [round(w * _DXA_PER_CM) for w in cm_widths], size,
                     keep=len(table.rows) <= _KEEP_ROWS)
        + "</w:tbl>")
    doc.element.body._insert_tbl(tbl)


def _styled(doc: DocumentObject, text: str, style: str) -> None:
    """A paragraph in one of Word's styles, set by its id (what ``add_heading`` and
    ``add_paragraph(style=...)`` write, without looking the name up each time)."""
    doc.add_paragraph(text)._p.style = _IDS[style]


def _paragraph(doc: DocumentObject, text: str, *, italic: bool = False,
               size: float | None = None, colour: str | None = None,
               keep: bool = False) -> None:
    p = doc.add_paragraph()
    if keep:
        p.paragraph_format.keep_with_next = True
    run = p.add_run(text)
    run.italic = italic
    if size:
        run.font.size = Pt(size)
    if colour:
        run.font.color.rgb = RGBColor.from_string(colour.lstrip("#"))


def _orient(doc: DocumentObject, landscape: bool) -> None:
    section = doc.sections[-1]
    if (section.orientation == WD_ORIENT.LANDSCAPE) == landscape:
        return
    new = doc.add_section(WD_SECTION.NEW_PAGE)
    width, height = new.page_width, new.page_height
    if landscape != (width > height):
        new.page_width, new.page_height = height, width
    new.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT


class _Pictures:
    """Adds pictures as ``Document.add_picture`` does, numbering their shapes from a
    counter: python-docx finds the next number by searching the whole document for
    ids, each time a picture is added."""

    def __init__(self) -> None:
        self.shape: int | None = None

    def add(self, doc: DocumentObject, path: Path, width: Length) -> None:
        part = doc.part
        if self.shape is None:
            self.shape = part.next_id  # once: the largest id in the document, plus 1
        rid, image = part.get_or_add_image(str(path))
        cx, cy = image.scaled_dimensions(width, None)
        inline = CT_Inline.new_pic_inline(self.shape, rid, image.filename, cx, cy)
        doc.add_paragraph().add_run()._r.add_drawing(inline)
        self.shape += 1


class _ZipWriter:
    """Writes the parts into the zip file as python-docx's writer does (deflated), except
    that pictures are stored as they are: a PNG is compressed already, and deflating it
    again took a third of the time to write the document for ~9 % of its size. Every
    part holds the same bytes."""

    def __init__(self, path: str) -> None:
        self.zip = ZipFile(path, "w", compression=ZIP_DEFLATED)

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        kind = ZIP_STORED if pack_uri.ext in _PICTURES else ZIP_DEFLATED
        self.zip.writestr(pack_uri.membername, blob, compress_type=kind)

    def close(self) -> None:
        self.zip.close()


_PICTURES = {"png", "jpeg", "jpg", "gif"}


def _save(doc: DocumentObject, path: str | os.PathLike[str]) -> None:
    """``doc.save(path)`` with pictures stored (see :class:`_ZipWriter`): the same parts
    in the same order."""
    package = doc.part.package
    for part in package.parts:
        part.before_marshal()
    writer: Any = _ZipWriter(os.fspath(path))  # what python-docx's writer offers
    steps: Any = PackageWriter  # (its steps have no types)
    try:
        steps._write_content_types_stream(writer, package.parts)
        steps._write_pkg_rels(writer, package.rels)
        steps._write_parts(writer, package.parts)
    finally:
        writer.close()


def write_docx(paper: Paper, path: str | os.PathLike[str],
               images: Mapping[str, Path]) -> None:
    """Write ``paper`` as a Word file; ``images`` maps figure names to PNG files."""
    da = paper.language == "da"
    pictures = _Pictures()
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10)
    if "Table Grid" not in _IDS:  # the template's styles: their ids, once (by name is slow)
        _IDS.update({name: doc.styles[name].style_id
                     for name in ("Normal", "Title", "Heading 1", "Heading 2", "Table Grid")})
    _IDS.update(_add_styles(doc))
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for s in (section,):
        s.left_margin = s.right_margin = Cm(2.0)
        s.top_margin = s.bottom_margin = Cm(2.0)
    # front page
    _styled(doc, paper.title, "Title")
    for label, value in paper.front_lines():
        p = doc.add_paragraph()
        p.add_run(f"{label}: ").bold = True
        p.add_run(value)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    # contents
    _styled(doc, "Indhold" if da else "Contents", "Heading 1")
    for number, sec in enumerate(paper.sections, start=1):
        doc.add_paragraph(f"{number}. {sec.heading}")
    if paper.sections and not (paper.sections[0].table is not None
                               and is_landscape(paper.sections[0].table)):
        # the contents is a page of its own, as in the PDF (a turn to landscape
        # starts a new page by itself)
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    for sec in paper.sections:
        # the PDF's rule (document.is_landscape), so both turn at the same tables
        landscape = sec.table is not None and is_landscape(sec.table)
        _orient(doc, landscape)
        _styled(doc, sec.heading, "Heading 1")
        if sec.overview:
            overview = doc.add_table(rows=1 + len(sec.overview), cols=3)
            overview._tbl.tblPr.style = _IDS["Table Grid"]
            heads = ("Mål", "Status", "Udvikling") if da else ("Goal", "Status", "Development")
            for j, h in enumerate(heads):
                _write(overview.cell(0, j), h, "Tabeloverskrift")
                _shade(overview.cell(0, j), HEADER)
            for i, (goal, state, detail) in enumerate(sec.overview, start=1):
                _write(overview.cell(i, 0), goal, "Tabeltekst")
                _write(overview.cell(i, 1), state, "Tabeltekst fed")
                colour = VERDICT_COLOURS.get(state)
                if colour:
                    _shade(overview.cell(i, 1), colour)
                    run = overview.cell(i, 1).paragraphs[0].runs[0]
                    run.font.color.rgb = RGBColor.from_string(
                        "FFFFFF" if state not in ("på rette vej", "on track") else "1A1A1A")
                _write(overview.cell(i, 2), detail, "Tabeltekst")
            # as the PDF's: the goal's text wide, the state narrow (not three thirds)
            shares = (0.5, 0.17, 0.33)
            for column, share in zip(overview.columns, shares, strict=True):
                column.width = Cm(17.0 * share)  # the grid (LibreOffice reads it)
            for row in overview.rows:
                for cell, share in zip(row.cells, shares, strict=True):
                    cell.width = Cm(17.0 * share)
        if sec.text is not None:  # (the heading, the text and the table on one page)
            if sec.text.paragraph:
                doc.add_paragraph(sec.text.paragraph).paragraph_format.keep_with_next = True
            if sec.text.description:
                _paragraph(doc, ("Beskrivelse: " if da else "Description: ")
                           + sec.text.description, italic=True, size=9, keep=True)
        if sec.table is not None:
            if sec.table.verdict:
                p = doc.add_paragraph()
                p.paragraph_format.keep_with_next = True
                run = p.add_run(f"Status: {sec.table.verdict}")
                run.bold = True
                colour = VERDICT_COLOURS.get(sec.table.verdict)
                if colour:
                    run.font.color.rgb = RGBColor.from_string(colour.lstrip("#"))
            _table(doc, sec.table, 25.7 if landscape else 17.0)
            for note in (*sec.table.notes, *(sec.text.remarks if sec.text else ())):
                _paragraph(doc, note, size=8.5)
            if sec.table.source:
                _paragraph(doc, sec.table.source, size=8, colour="#444444")
        # as wide as the text, but never taller than the page holds under its caption
        # (a taller picture would be cut off or pushed away from its caption)
        width, height = (23.0, 14.5) if landscape else (16.5, 22.0)
        for fig in sec.figures:
            if fig.name not in images:
                continue
            # the caption stays on the page of its picture (set on the paragraph: a
            # restyled Heading 2 must not let Word part them)
            caption = doc.add_paragraph(fig.caption(paper.language))
            caption._p.style = _IDS["Heading 2"]
            caption.paragraph_format.keep_with_next = True
            w_px, h_px = png_size(images[fig.name])
            pictures.add(doc, images[fig.name], Cm(min(width, height * w_px / h_px)))
    doc.core_properties.title = paper.title
    doc.core_properties.subject = f"{paper.area}, {paper.period}"
    _save(doc, path)
