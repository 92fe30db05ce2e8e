"""``bilag.pptx``: the paper's figures as slides (python-pptx), for the committee
meeting.

A title slide with the front page's facts (:meth:`Paper.front_lines
<jobstats.paper.document.Paper.front_lines>`: kommune, period, *data til og
med*, sources), then one slide per figure in paper order: the caption
"Figur N: ..." as the slide title (a real title placeholder, so the slide
master restyles every slide and PowerPoint's outline lists them), the picture
scaled to fit below it, centred and never cropped or stretched. The source line
is the one the figure carries under its plot (as in the PDF, the Word file and the
HTML page): a second one in a text box would print it twice on every slide.

The PNG files are embedded as they were saved (no decoding or re-encoding), so
the file is about the size of the pictures: ~0.7 MB for a whole report.
Slides are 16:9 (33.867 × 19.05 cm), PowerPoint's default.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from pptx import Presentation
from pptx.text.text import TextFrame
from pptx.util import Emu, Pt

from jobstats.paper.document import Paper, png_size

__all__ = ["SLIDE_HEIGHT", "SLIDE_WIDTH", "picture_box", "write_pptx"]

SLIDE_WIDTH = Emu(12_192_000)
"""16:9 slide width (13.333 in) in EMU."""
SLIDE_HEIGHT = Emu(6_858_000)
"""16:9 slide height (7.5 in) in EMU."""

_MARGIN = Emu(457_200)  # 0.5 in
_TITLE_TOP = Emu(228_600)
_TITLE_HEIGHT = Emu(731_520)
_GAP = Emu(91_440)
_TITLE_LAYOUT = 0  # "Title Slide" of python-pptx's default template
_TITLE_ONLY_LAYOUT = 5  # "Title Only"


def picture_box(pixels: tuple[int, int], *, width: int = SLIDE_WIDTH,
                height: int = SLIDE_HEIGHT) -> tuple[int, int, int, int]:
    """``(left, top, width, height)`` in EMU of a picture of ``pixels`` on a figure
    slide: as large as fits between the title and the bottom margin, aspect ratio
    kept, centred horizontally."""
    top = _TITLE_TOP + _TITLE_HEIGHT + _GAP
    box_w = width - 2 * _MARGIN
    box_h = height - top - _MARGIN // 2
    w_px, h_px = pixels
    scale = min(box_w / w_px, box_h / h_px)
    pic_w, pic_h = int(w_px * scale), int(h_px * scale)
    return (width - pic_w) // 2, top, pic_w, pic_h


def _text(tf: TextFrame, lines: list[str], size: float, *, bold_lead: bool = False) -> None:
    """Replace the text of a text frame by ``lines`` (``"Label: value"`` with the
    label bold when ``bold_lead``)."""
    tf.clear()  # type: ignore[no-untyped-call]
    tf.word_wrap = True
    for n, line in enumerate(lines):
        para = tf.paragraphs[0] if n == 0 else tf.add_paragraph()  # type: ignore[no-untyped-call]
        label, sep, value = line.partition(": ")
        if bold_lead and sep:
            run = para.add_run()
            run.text = label + sep
            run.font.bold = True
            run.font.size = Pt(size)
            line = value
        run = para.add_run()
        run.text = line
        run.font.size = Pt(size)


def write_pptx(paper: Paper, path: str | os.PathLike[str],
               images: Mapping[str, Path]) -> None:
    """Write the figures of ``paper`` as a PowerPoint file (see the module);
    ``images`` maps figure names to PNG files. A figure without a file is left out
    (as in the PDF and Word file)."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    inner = SLIDE_WIDTH - 2 * _MARGIN

    front = deck.slides.add_slide(deck.slide_layouts[_TITLE_LAYOUT])
    title, subtitle = front.placeholders[0], front.placeholders[1]
    title.left, title.top, title.width, title.height = (
        _MARGIN, Emu(1_371_600), inner, Emu(1_280_160))
    title.text_frame.text = paper.title
    subtitle.left, subtitle.top, subtitle.width, subtitle.height = (
        _MARGIN, Emu(2_834_640), inner, Emu(2_743_200))
    _text(subtitle.text_frame, [f"{label}: {value}" for label, value in paper.front_lines()],
          18, bold_lead=True)

    layout = deck.slide_layouts[_TITLE_ONLY_LAYOUT]
    for fig in paper.figures:
        file = images.get(fig.name)
        if file is None:
            continue
        slide = deck.slides.add_slide(layout)
        head = slide.shapes.title
        head.left, head.top, head.width, head.height = _MARGIN, _TITLE_TOP, inner, _TITLE_HEIGHT
        _text(head.text_frame, [fig.caption(paper.language)], 28)
        left, top, width, height = picture_box(png_size(file))
        slide.shapes.add_picture(str(file), Emu(left), Emu(top), Emu(width), Emu(height))
    deck.core_properties.title = paper.title
    deck.core_properties.subject = f"{paper.area}, {paper.period}"
    deck.core_properties.author = "jobstats"
    deck.save(str(path))
