"""``bilag.pdf``: the paper for the committee, on A4.

A front page (kommune, period, *data til og med*, sources), a contents list with
page numbers, then per section its heading, the generated text, the table, its
notes and source, and the figures that belong to it, each captioned "Figur N: ...".

Orientation (the rule, :func:`~jobstats.paper.document.is_landscape`): pages are
portrait. A table wider than the page first lets its row labels wrap in a
narrower column (down to 4,5 cm); a section whose table would still print at less
than 85 % of its size (:data:`~jobstats.paper.document.PORTRAIT_MIN_SCALE`) is,
with its heading, text, table, notes and figures, set on landscape pages, where
the table prints at (nearly) full size. Consecutive landscape sections
share their landscape pages, so the paper turns only where a run of wide tables
begins and ends (a turn starts a new page), and Word turns at the same tables. A
table between 85 % and 100 % is scaled to the portrait width.

Sections follow one another on the page — only the front page, the contents and a
turn end a page — so no page is left nearly empty. On a landscape page a
section's figures stand two side by side, each at the size it was drawn for (16 cm
wide, its labels at their type size) or as large as its half of the page allows.
A figure row shrinks to use the rest of a page before it moves to the next page
with its caption: between two wide tables to 65 % of its room (moving on would give
it a landscape page of its own); under the last wide table before the paper turns,
and on portrait pages, to no less than 80 % of the figure's size — there a row that
does not fit goes on to the portrait page that follows (under that last wide table
its figures then stand one under the other before the next section), rather than
printing a tall figure at two thirds of its size with labels too small to read.
Portrait figures print at their size, at most 36 % of the page's height, so a
figure usually shares its page with its table.
"""

from __future__ import annotations

import hashlib
import io
import os
import struct
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFImageXObject,
    PDFName,
    PDFStream,
)
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    KeepInFrame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as PdfTable
from reportlab.platypus.flowables import Flowable

from jobstats.paper.document import FigureRef, Paper, Section, png_size, table_layout
from jobstats.tables.pdf import BOLD, FONT, MARGIN, _Paragraph, _pdf_table
from jobstats.tables.style import HEADER, VERDICT_COLOURS

__all__ = ["write_paper_pdf"]

_WIDTH = A4[0] - 2 * MARGIN
_HEIGHT = A4[1] - 2 * MARGIN
_WIDE = landscape(A4)[0] - 2 * MARGIN  # the frame of a landscape page
_LOW = landscape(A4)[1] - 2 * MARGIN
_MIN_FIGURE_SCALE = 0.8
"""The smallest a figure prints on a portrait page, or under the last wide table
before the paper turns, as a share of the size it was drawn for (its labels then
print at 0.8 × 8.5 pt ≈ 6.8 pt): smaller, it goes on to the next page."""
_MIN_ROW_SCALE = 0.65
"""The smallest a figure row prints between two wide tables, as a share of its room:
there, moving on would give the figures a landscape page of their own."""
_FIGURE_HEIGHT = 0.8 * _LOW  # the tallest a figure prints on a landscape page
_PORTRAIT_FIGURE = 0.36 * A4[1]  # ... and on a portrait page (with room for its table)
_FRONT_TITLE = ParagraphStyle("front", fontName=BOLD, fontSize=22, leading=27,
                              spaceAfter=24)
_FRONT = ParagraphStyle("frontline", fontName=FONT, fontSize=12, leading=17, spaceAfter=4)
_H1 = ParagraphStyle("h1", fontName=BOLD, fontSize=13, leading=16, spaceBefore=10,
                     spaceAfter=4, keepWithNext=1)
_H2 = ParagraphStyle("h2", fontName=BOLD, fontSize=10, leading=12, spaceBefore=6,
                     spaceAfter=3, keepWithNext=1)
_BODY = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5, spaceAfter=5)
_DESC = ParagraphStyle("desc", parent=_BODY, fontSize=9, textColor=colors.HexColor("#333333"),
                       keepWithNext=1)
_SMALL = ParagraphStyle("small", fontName=FONT, fontSize=8, leading=10,
                        textColor=colors.HexColor("#444444"), spaceBefore=2)
_TOC_LEVEL = ParagraphStyle("toc", fontName=FONT, fontSize=10, leading=14)


class _Doc(BaseDocTemplate):  # type: ignore[misc]
    """Records the page of each section heading (for the contents) and bookmarks it."""

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 (reportlab's API)
        key = getattr(flowable, "_bookmark", None)
        if key and isinstance(flowable, Paragraph) and flowable.style.name == "h1":
            self.pages.setdefault(key, self.page)
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.getPlainText(), key, 0, 0)


class _Heading(_Paragraph):
    """A section heading; were it ever split over two pages, its first part keeps the
    bookmark (the contents gives the page where the heading begins)."""

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        parts: list[Flowable] = super().split(availWidth, availHeight)
        key = getattr(self, "_bookmark", None)
        if key and len(parts) > 1:
            parts[0]._bookmark = key
        return parts


_LATER = "\ufdd0"
"""Starts the text of a page number that the contents learns only when the pages are
laid out (a noncharacter: no text of a paper holds it)."""


class _Canvas(Canvas):  # type: ignore[misc]
    """A canvas that leaves a mark where a contents row's page number goes (a cell
    holding ``_LATER`` and the row's number) and draws the number there once every
    page is laid out (:meth:`fill_in`), with the same state and the same call as the
    table would have drawn it: the page needs no second layout pass."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.later: list[tuple[int, str, float, float, str, float, float]] = []

    def drawRightString(self, x: float, y: float, text: str,  # noqa: N802 (reportlab's)
                        *args: Any, **kwargs: Any) -> None:
        if text[:1] == _LATER and text[1:].isdigit() and not args and not kwargs:
            mark = f"%{text}"  # a line of its own in the page's stream
            self.later.append((int(text[1:]), mark, x, y, self._fontname, self._fontsize,
                               self._leading))
            self._code.append(mark)
            return
        super().drawRightString(x, y, text, *args, **kwargs)

    def fill_in(self, pages: Sequence[int]) -> None:
        """Draw ``pages[n]`` where row ``n``'s mark is (before the file is saved)."""
        canvas: Any = self  # (reportlab's canvas has no types)
        code, font = canvas._code, (canvas._fontname, canvas._fontsize, canvas._leading)
        streams = canvas._doc.Pages.pages
        try:
            for n, mark, x, y, *state in self.later:
                canvas._code = []
                canvas._fontname, canvas._fontsize, canvas._leading = state
                super().drawRightString(x, y, str(pages[n]))
                page = next(p for p in streams if mark in p.stream)
                page.stream = page.stream.replace(mark, "".join(canvas._code), 1)
        finally:
            canvas._code = code
            canvas._fontname, canvas._fontsize, canvas._leading = font


class _Turn(Spacer):  # type: ignore[misc]
    """The end of a run of landscape pages whose last figures may have gone on to the
    portrait page after it (the next page's template is already portrait): a new page
    if this one is landscape, nothing if it is that portrait page."""

    def __init__(self) -> None:
        super().__init__(1, 0)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        frame = self._doctemplateAttr("frame")
        if frame is not None and avail_width > _WIDTH + 1:
            from reportlab.platypus.doctemplate import FrameBreak

            frame.add_generated_content(FrameBreak)
        return 0, 0


def _heading(text: str, n: int) -> Paragraph:
    p = _Heading(escape(text), _H1)
    p._bookmark = f"afsnit{n}"
    return p


@dataclass(frozen=True)
class _Prepared:
    """A PNG as a PDF image: its stream (Flate) and what the image dictionary says."""

    name: str
    width: int
    height: int
    colour_space: str
    stream: bytes
    colours: int | None  # the PNG's own rows (predictor 15) with this many colours
    alpha: _Prepared | None = None  # the soft mask (the alpha channel)


def _prepare(path: Path) -> _Prepared | None:
    """The PDF image of a PNG file, or None for reportlab to embed it.

    An 8-bit RGB or grey PNG goes in as it is: its compressed rows are a PDF Flate
    stream with the PNG predictor, so nothing is decoded or compressed again. An
    8-bit PNG with an alpha channel (the report's figures) is decoded once, and its
    colours and its alpha channel (the soft mask) are compressed as reportlab
    compresses them: the same streams as reportlab's, which decodes each picture twice
    (once to name it by a digest of its pixels) and reads it again. Anything else
    (16-bit, palette, interlaced, a transparent colour): None."""
    data = path.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    chunks: dict[bytes, list[bytes]] = {}
    at = 8
    while at + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        chunks.setdefault(kind, []).append(data[at + 8:at + 8 + length])
        at += 12 + length
    head = chunks.get(b"IHDR", [b""])[0]
    if len(head) != 13 or b"IDAT" not in chunks:
        return None
    width, height, depth, kind, _, _, interlace = struct.unpack(">IIBBBBB", head)
    name = hashlib.md5(data, usedforsecurity=False).hexdigest()
    if depth != 8 or interlace or b"tRNS" in chunks:
        return None
    if kind in (0, 2):
        return _Prepared(name, width, height, "DeviceRGB" if kind == 2 else "DeviceGray",
                         b"".join(chunks[b"IDAT"]), 3 if kind == 2 else 1)
    if kind in (4, 6):
        from PIL import Image as PilImage

        with PilImage.open(io.BytesIO(data)) as picture:
            alpha = picture.getchannel("A").tobytes()
            colours = picture.convert("RGB" if kind == 6 else "L").tobytes()
        mask = _Prepared(name + "a", width, height, "DeviceGray", zlib.compress(alpha), None)
        return _Prepared(name, width, height, "DeviceRGB" if kind == 6 else "DeviceGray",
                         zlib.compress(colours), None, mask)
    return None


class _ImageXObject(PDFImageXObject):  # type: ignore[misc]
    """A :class:`_Prepared` image in reportlab's document (its image dictionary, with
    the PNG predictor when the stream holds the PNG's rows)."""

    def __init__(self, image: _Prepared, mask: bool = False) -> None:  # not the base:
        self.image = image                                              # it loads a file
        self.name = image.name
        self.width, self.height = image.width, image.height
        self.mask = None
        self.decode = mask  # a soft mask says Decode [0 1], as reportlab's
        self.smask: Any = None

    def format(self, document: Any) -> bytes:
        image = self.image
        stream = PDFStream(content=image.stream)
        info = stream.dictionary
        info["Type"] = PDFName("XObject")
        info["Subtype"] = PDFName("Image")
        info["Width"] = image.width
        info["Height"] = image.height
        info["BitsPerComponent"] = 8
        info["ColorSpace"] = PDFName(image.colour_space)
        info["Filter"] = PDFArray([PDFName("FlateDecode")])
        if image.colours is not None:
            # one parameter dictionary per filter: with /Filter an array, /DecodeParms
            # must be an array too (PDF 32000-1, 7.3.8.2) — a reader may ignore a lone
            # dictionary, take the PNG's filtered rows for pixels and show a black picture
            info["DecodeParms"] = PDFArray([PDFDictionary({
                "Predictor": 15, "Colors": image.colours, "BitsPerComponent": 8,
                "Columns": image.width})])
        if self.decode:
            info["Decode"] = PDFArray([0, 1])
        info["Length"] = len(image.stream)
        if self.smask is not None:
            info["SMask"] = self.smask
        return bytes(stream.format(document))


class _Pictures:
    """The prepared pictures (:func:`_prepare`) by file, each made once, when it is
    first drawn."""

    def __init__(self) -> None:
        self.done: dict[Path, _Prepared | None] = {}

    def get(self, path: Path) -> _Prepared | None:
        if path not in self.done:
            self.done[path] = _prepare(path)
        return self.done[path]


class _Picture(Flowable):  # type: ignore[misc]
    """A figure drawn from its prepared image (see :func:`_prepare`); reportlab's own
    image when there is none."""

    def __init__(self, path: Path, pictures: _Pictures, width: float,
                 height: float) -> None:
        super().__init__()
        self.path, self.pictures = path, pictures
        self.width, self.height = width, height
        self.hAlign = "LEFT"

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        image = self.pictures.get(self.path)
        if image is None:
            canvas.drawImage(str(self.path), 0, 0, self.width, self.height, mask="auto")
            return
        # as Canvas.drawImage registers and draws an image XObject
        doc = canvas._doc
        key = doc.getXObjectName(image.name)
        if doc.idToObject.get(key) is None:
            xobject = _ImageXObject(image)
            canvas._setXObjects(xobject)
            doc.Reference(xobject, key)
            doc.addForm(image.name, xobject)
            if image.alpha is not None:
                mask = _ImageXObject(image.alpha, mask=True)
                mask_key = doc.getXObjectName(image.alpha.name)
                canvas._setXObjects(mask)
                xobject.smask = doc.Reference(mask, mask_key)
        canvas._currentPageHasImages = 1
        canvas.saveState()
        canvas.scale(self.width, self.height)
        canvas._code.append(f"/{key} Do")
        canvas.restoreState()
        canvas._formsinuse.append(image.name)


def _drawn_size(path: Path) -> tuple[float, float]:
    """The size in points a PNG was drawn for: its pixels at the resolution its pHYs
    chunk gives (matplotlib writes it), else at 150 dpi (the figures' house style)."""
    w, h = png_size(path)
    ppi = 150.0
    with open(path, "rb") as fh:
        head = fh.read(4096)
    at = head.find(b"pHYs")
    if at >= 4 and len(head) >= at + 13:
        x, _, unit = struct.unpack(">IIB", head[at + 4:at + 13])
        if unit == 1 and x > 0:  # pixels per metre
            ppi = x * 0.0254
    return w * 72 / ppi, h * 72 / ppi


def _image(path: Path, width: float, max_height: float,
           pictures: _Pictures) -> Flowable:
    """A figure as large as fits ``width`` × ``max_height``."""
    try:
        w, h = png_size(path)
    except ValueError:
        w, h = ImageReader(str(path)).getSize()
    scale = min(width / w, max_height / h)
    return _Picture(Path(path), pictures, w * scale, h * scale)


class _FigureRow(Flowable):  # type: ignore[misc]
    """Captioned figures side by side across a landscape page. The pictures shrink to
    the rest of the page, to no less than ``floor`` of their size (smaller than that,
    the row moves to the next page); the captions keep their type size. Given
    ``upright`` flowables, a row that lands on a portrait page is set as those (the
    figures one under the other, as a portrait section's)."""

    def __init__(self, captions: Sequence[str], pictures: Sequence[Flowable],
                 column: float, gap: float, floor: float,
                 upright: Sequence[Flowable] = ()) -> None:
        super().__init__()
        self.captions, self.pictures = list(captions), list(pictures)
        self.column, self.gap, self.floor = column, gap, floor
        self.upright = list(upright)  # the same figures for a portrait page
        self.sizes = [p.wrap(column, 10 * A4[1]) for p in pictures]
        self.high = max(h for _, h in self.sizes)
        self.scale = 1.0
        self.heads: list[Paragraph] = []
        self.head = 0.0
        self.hAlign = "LEFT"

    def _wrap_heads(self, scale: float) -> float:
        self.heads = [_Paragraph(c, _H2) for c in self.captions]
        return float(max(p.wrap(self.column * scale, A4[1])[1] for p in self.heads)) + 3

    def _on_portrait(self, avail_width: float) -> bool:
        return bool(self.upright) and avail_width < _WIDE - 1

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        # on a portrait page: the upright figures (led by a spacer that always fits);
        # on a landscape page the row does not split: it moves to the next page
        return [Spacer(1, 0), *self.upright] if self._on_portrait(avail_width) else []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if self._on_portrait(avail_width):  # too tall here: split() sets it upright
            return avail_width, avail_height + 1
        head = self._wrap_heads(1.0)
        scale = max(min(1.0, (avail_height - head) / self.high), self.floor)
        self.head = self._wrap_heads(scale)  # narrower captions may take another line
        if self.head > head and scale > self.floor:
            scale = max(min(1.0, (avail_height - self.head) / self.high), self.floor)
        self.scale = scale
        n = len(self.pictures)
        return (n * self.column + (n - 1) * self.gap) * scale, self.head + self.high * scale

    def draw(self) -> None:
        s = self.scale
        x = 0.0
        for caption, picture, (_w, h) in zip(self.heads, self.pictures, self.sizes,
                                            strict=True):
            caption.drawOn(self.canv, x, self.high * s + 3)
            self.canv.saveState()
            self.canv.translate(x, (self.high - h) * s)
            self.canv.scale(s, s)
            picture.drawOn(self.canv, 0, 0)
            self.canv.restoreState()
            x += (self.column + self.gap) * s


def _figure_row(figures: Sequence[FigureRef], paper: Paper, images: Mapping[str, Path],
                pictures: _Pictures, *, wide: bool = True, upright: bool = False) -> Flowable:
    """Captioned figures in a row that shrinks to the rest of the page (to no less
    than :data:`_MIN_FIGURE_SCALE` of the size each was drawn for). ``wide``: one or
    two across a landscape page, each at the size it was drawn for or as large as
    its half of the page allows; ``upright`` then sets them one under the other
    should the row move on to a portrait page. Else one figure across a portrait
    page, as wide as the page or 40 % of its height."""
    gap = 12.0
    column = (_WIDE - gap * (len(figures) - 1)) / len(figures) if wide else _WIDTH
    drawn, floor = [], _MIN_FIGURE_SCALE
    for f in figures:
        natural_w, natural_h = _drawn_size(images[f.name])
        picture = _image(images[f.name], min(column, natural_w),
                         min(_FIGURE_HEIGHT if wide else _PORTRAIT_FIGURE, natural_h), pictures)
        drawn.append(picture)
        # a picture the room already holds below its size may shrink less
        floor = max(floor, min(1.0, _MIN_FIGURE_SCALE * natural_h / picture.height))
    if wide and not upright:
        floor = _MIN_ROW_SCALE
    return _FigureRow([escape(f.caption(paper.language)) for f in figures], drawn,
                      column, gap, floor,
                      _upright(figures, paper, images, pictures) if upright else ())


def _upright(figures: Sequence[FigureRef], paper: Paper, images: Mapping[str, Path],
             pictures: _Pictures) -> list[Flowable]:
    """Captioned figures one under the other across a portrait page."""
    out: list[Flowable] = []
    for fig in figures:
        out.append(Spacer(1, 6))
        out.append(_figure_row([fig], paper, images, pictures, wide=False))
    return out


def _contents(titles: Sequence[str]) -> PdfTable:
    """The contents: a row per section, its page number drawn once it is known (see
    :class:`_Canvas`)."""
    rows = [[_Paragraph(escape(title), _TOC_LEVEL), f"{_LATER}{n}"]
            for n, title in enumerate(titles)]
    return PdfTable(rows or [["", ""]], colWidths=[_WIDTH - 1.5 * cm, 1.5 * cm],
                    style=TableStyle([("ALIGN", (1, 0), (1, -1), "RIGHT"),
                                      ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                                      ("FONT", (1, 0), (1, -1), FONT, 10),
                                      ("LINEBELOW", (0, 0), (-1, -1), 0.3,
                                       colors.HexColor("#DDDDDD"))]), hAlign="LEFT")


def _overview(sec: Section, da: bool) -> PdfTable:
    heads = ("Mål", "Status", "Udvikling") if da else ("Goal", "Status", "Development")
    cell = ParagraphStyle("cell", fontName=FONT, fontSize=8, leading=10)
    rows: list[list[Any]] = [[_Paragraph(f"<b>{h}</b>", cell) for h in heads]]
    style: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#B7B7B7")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(HEADER)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    for i, (goal, state, detail) in enumerate(sec.overview, start=1):
        white = state not in ("på rette vej", "on track")
        colour = VERDICT_COLOURS.get(state)
        state_style = ParagraphStyle("state", parent=cell, fontName=BOLD,
                                     textColor=colors.white if white and colour
                                     else colors.black)
        rows.append([_Paragraph(escape(goal), cell), _Paragraph(escape(state), state_style),
                     _Paragraph(escape(detail), cell)])
        if colour:
            style.append(("BACKGROUND", (1, i), (1, i), colors.HexColor(colour)))
    return PdfTable(rows, colWidths=[0.5 * _WIDTH, 0.17 * _WIDTH, 0.33 * _WIDTH],
                    style=TableStyle(style), hAlign="LEFT", repeatRows=1)


def _section(sec: Section, n: int, paper: Paper, images: Mapping[str, Path],
             pictures: _Pictures,
             layout: tuple[bool, list[float]] | None = None,
             turn: bool = False) -> list[Flowable]:
    """The flowables of one section; ``layout``: whether it is on landscape pages and
    its table's column widths (:func:`~jobstats.paper.document.table_layout`);
    ``pictures``: the prepared pictures; ``turn``: a landscape section that ends a
    run of them — the pages after its table are portrait, so a figure row that
    does not fit the table's page goes on to the portrait page (and the next
    section follows it there)."""
    wide = layout is not None and layout[0]
    da = paper.language == "da"
    head: list[Flowable] = [_heading(sec.heading, n)]
    out = head
    if sec.overview:
        out.append(_overview(sec, da))
        out.append(Spacer(1, 6))
    if sec.text is not None:
        if sec.text.paragraph:
            out.append(_Paragraph(escape(sec.text.paragraph), _BODY))
        if sec.text.description:
            out.append(_Paragraph(f"<i>{'Beskrivelse' if da else 'Description'}:</i> "
                                 + escape(sec.text.description), _DESC))
    table = sec.table
    if table is not None:
        if table.verdict:
            colour = VERDICT_COLOURS.get(table.verdict, "#555555")
            out.append(_Paragraph(f"Status: {escape(table.verdict)}", ParagraphStyle(
                "verdict", parent=_DESC, fontName=BOLD, textColor=colors.white,
                backColor=colors.HexColor(colour), borderPadding=2)))
            out.append(Spacer(1, 3))
        widths = layout[1] if layout else table_layout(table)[1]
        body: Flowable = _pdf_table(table, widths)
        page_w, page_h = (_WIDE, _LOW) if wide else (_WIDTH, _HEIGHT)
        # the width is its columns' (given); the height matters on landscape pages only
        width, height = body.wrap(page_w, 10 * A4[1]) if wide else (sum(widths), 0.0)
        if width > page_w or (wide and height > page_h):  # scaled to the page
            body = KeepInFrame(page_w, page_h, [body], mode="shrink", hAlign="LEFT",
                               fakeWidth=False)
        tail = [_Paragraph(escape(table.source), _SMALL)] if table.source else []
        tail += [_Paragraph(escape(note), _SMALL) for note in table.notes]
        # the heading, the text and the table (with its source, and its notes when
        # they are few: a goal's target and baseline) stay on one page
        keep = len(tail) if len(tail) <= 3 else 1
        out = [KeepTogether([*head, body, *tail[:keep]])]
        out.extend(tail[keep:])
    if sec.text is not None:
        out.extend(_Paragraph(escape(r), _SMALL) for r in sec.text.remarks)
    drawn = [f for f in sec.figures if f.name in images]
    if wide and turn and drawn:
        out.append(NextPageTemplate("portrait"))
    if wide:  # two by two across the landscape page
        for k in range(0, len(drawn), 2):
            out.append(Spacer(1, 6))
            out.append(_figure_row(drawn[k:k + 2], paper, images, pictures, upright=turn))
    else:
        out.extend(_upright(drawn, paper, images, pictures))
    out.append(Spacer(1, 10))
    return out


def write_paper_pdf(paper: Paper, path: str | os.PathLike[str],
                    images: Mapping[str, Path]) -> None:
    """Write ``paper`` as an A4 PDF; ``images`` maps figure names to PNG files."""
    da = paper.language == "da"

    def footer(canvas: Any, doc: Any) -> None:
        if doc.page == 1:
            return
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(colors.HexColor("#666666"))
        canvas.drawString(MARGIN, MARGIN / 2, paper.title)
        canvas.drawRightString(canvas._pagesize[0] - MARGIN, MARGIN / 2,
                               f"{'Side' if da else 'Page'} {doc.page}")
        canvas.restoreState()

    def template(name: str, size: tuple[float, float]) -> PageTemplate:
        frame = Frame(MARGIN, MARGIN, size[0] - 2 * MARGIN, size[1] - 2 * MARGIN,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        return PageTemplate(id=name, frames=[frame], onPage=footer, pagesize=size)

    # each table measured once: its orientation and its column widths
    layouts = [table_layout(s.table) if s.table is not None else None
               for s in paper.sections]
    wide = [lay is not None and lay[0] for lay in layouts]

    def sections(pictures: _Pictures) -> list[Flowable]:
        """Every section after the contents, with the page turns."""
        story: list[Flowable] = []
        turned = False
        ends = [flat and n + 1 < len(wide) and not wide[n + 1] for n, flat in enumerate(wide)]
        for n, (sec, flat, lay) in enumerate(zip(paper.sections, wide, layouts, strict=True),
                                             start=1):
            if flat != turned:  # a run of wide tables begins or ends: a new page
                while n > 1 and isinstance(story[-1], Spacer):  # (it could start a page
                    story.pop()                                 # of its own)
                if n > 1 and ends[n - 2] and any(f.name in images
                                                 for f in paper.sections[n - 2].figures):
                    story.append(_Turn())  # the figures may already be on a portrait page
                else:
                    story.append(NextPageTemplate("landscape" if flat else "portrait"))
                    if n > 1:
                        story.append(PageBreak())
                turned = flat
            if n == 1:
                story.append(PageBreak())  # the end of the contents
            story.extend(_section(sec, n, paper, images, pictures, lay, ends[n - 1]))
        if not paper.sections:
            story.append(PageBreak())
        return story

    # One pass: the contents has a row per section whatever their pages, so the pages
    # after it do not depend on its numbers; they are drawn into the contents when
    # every page is laid out, before the file is saved (see _Canvas).
    doc = _Doc(str(path), pagesize=A4, title=paper.title, author="jobstats",
               subject=f"{paper.area}, {paper.period}",
               pageTemplates=[template("portrait", A4), template("landscape", landscape(A4))])
    doc.pages = {}  # bookmark of each heading: its page
    doc._doSave = 0  # saved below, once the page numbers are in
    story: list[Flowable] = [Spacer(1, 5 * cm), _Paragraph(escape(paper.title), _FRONT_TITLE)]
    for label, value in paper.front_lines():
        story.append(_Paragraph(f"<b>{escape(label)}:</b> {escape(value)}", _FRONT))
    story.append(PageBreak())
    story.append(_Paragraph("Indhold" if da else "Contents", _H1.clone("toch")))
    body = sections(_Pictures())
    titles = [f.getPlainText() for f in _headings(body)]
    story.append(_contents(titles))
    use_a85 = rl_config.useA85
    rl_config.useA85 = 0  # binary streams: ASCII85 of the pictures is slow and 25% larger
    try:
        doc.build([*story, *body], canvasmaker=_Canvas)
        pages = [doc.pages.get(f"afsnit{n}") for n in range(1, len(titles) + 1)]
        if None in pages or len(doc.pages) != len(titles):  # every heading placed once
            raise RuntimeError(f"{os.fspath(path)}: the contents lists {len(titles)} "
                               f"headings, the pages hold {len(doc.pages)}")
        doc.canv.fill_in(pages)
        doc.canv.save()
    finally:
        rl_config.useA85 = use_a85


def _headings(story: Sequence[Flowable]) -> list[Paragraph]:
    """The section headings of ``story`` in order (inside a section's block too)."""
    out: list[Paragraph] = []
    for flowable in story:
        if isinstance(flowable, KeepTogether):
            out.extend(_headings(flowable._content))
        elif isinstance(flowable, Paragraph) and flowable.style.name == "h1":
            out.append(flowable)
    return out
