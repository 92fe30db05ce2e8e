"""``bilag.pptx``: the paper's figures as slides (python-pptx), for the committee
meeting.

A title slide with the front page's facts (:meth:`Paper.front_lines
<jobstats.paper.document.Paper.front_lines>`: kommune, period, *data til og
med*, sources), then one slide per figure in paper order: the caption
"Figur N: ..." as the slide title (a real title placeholder, so the slide
master restyles every slide and PowerPoint's outline lists them), the picture
scaled to fit below it, centred and never cropped or stretched; a tall picture
(Figur 2 and 3 of a report) takes the slide's whole height instead, its title in a
column to its left (:func:`picture_box`). The source line
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
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.text.text import TextFrame
from pptx.util import Emu, Pt

from jobstats.paper.document import Paper, png_size

__all__ = ["SLIDE_HEIGHT", "SLIDE_WIDTH", "picture_box", "side_title_size", "title_box",
           "write_pptx"]

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


_EDGE = Emu(228_600)  # 0.25 in above and below a picture beside its title
_SIDE_TITLE = Emu(2_651_760)  # 2.9 in: the title column beside a tall picture
_SIDE_GAP = Emu(182_880)  # 0.2 in between the title column and the picture
_BESIDE_GAIN = 1.1  # beside the title only when the picture grows by 10 % or more

Box = tuple[int, int, int, int]
"""``(left, top, width, height)`` in EMU."""


def _fit(pixels: tuple[int, int], left: int, top: int, width: int, height: int) -> Box:
    """The largest box of the picture's shape in the room ``(left, top, width,
    height)``, centred in it."""
    w_px, h_px = pixels
    if width * h_px <= height * w_px:  # the width limits it (integers: exact)
        pic_w, pic_h = width, width * h_px // w_px
    else:
        pic_w, pic_h = height * w_px // h_px, height
    return left + (width - pic_w) // 2, top + (height - pic_h) // 2, pic_w, pic_h


def _layout(pixels: tuple[int, int], width: int, height: int) -> tuple[Box, Box]:
    """The title's box and the picture's box of a figure slide."""
    top = _TITLE_TOP + _TITLE_HEIGHT + _GAP
    below = _fit(pixels, _MARGIN, top, width - 2 * _MARGIN, height - top - _MARGIN // 2)
    # below the title, at its top: a wide picture fills the width
    below = (below[0], top, below[2], below[3])
    title_above = (_MARGIN, _TITLE_TOP, width - 2 * _MARGIN, _TITLE_HEIGHT)
    room_left = _MARGIN + _SIDE_TITLE + _SIDE_GAP
    beside = _fit(pixels, room_left, _EDGE, width - _MARGIN - room_left, height - 2 * _EDGE)
    if beside[3] < _BESIDE_GAIN * below[3]:
        return title_above, below
    # a tall picture: the whole slide's height, its title in a column to the left
    return (_MARGIN, _EDGE, _SIDE_TITLE, height - 2 * _EDGE), beside


def side_title_size(caption: str) -> float:
    """The font size in pt of a title in the column beside a tall picture: 28 pt (as
    above a picture) unless its longest word would not fit the column's 2.7 in of
    text (2.9 in less PowerPoint's 0.1 in insets) at 0.62 em a character (wider than
    Calibri's average, so the estimate errs on the safe side), then smaller, down to
    14 pt: a word broken over two lines reads badly."""
    longest = max((len(word) for word in caption.split()), default=1)
    room = (_SIDE_TITLE - 2 * 91_440) / 12_700  # EMU → pt
    return max(14.0, min(28.0, float(int(room / (0.62 * longest)))))


def picture_box(pixels: tuple[int, int], *, width: int = SLIDE_WIDTH,
                height: int = SLIDE_HEIGHT) -> Box:
    """``(left, top, width, height)`` in EMU of a picture of ``pixels`` on a figure
    slide, aspect ratio kept, never cropped. A wide picture goes below the title, as
    large as fits between it and the bottom margin, centred horizontally. A tall one
    (one that would grow by 10 % or more so) takes the slide's whole height less
    0.25 in above and below, beside a 2.9 in column on the left holding the title,
    centred in the room right of it."""
    return _layout(pixels, width, height)[1]


def title_box(pixels: tuple[int, int], *, width: int = SLIDE_WIDTH,
              height: int = SLIDE_HEIGHT) -> Box:
    """``(left, top, width, height)`` in EMU of the title of a figure slide whose
    picture has ``pixels`` (see :func:`picture_box`): above the picture across the
    slide, or the column to its left."""
    return _layout(pixels, width, height)[0]


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
    # one size for every title beside its picture (the smallest any of them needs)
    side = min((side_title_size(fig.caption(paper.language)) for fig in paper.figures
                if fig.name in images and title_box(png_size(images[fig.name]))[2] < inner),
               default=28.0)
    for fig in paper.figures:
        file = images.get(fig.name)
        if file is None:
            continue
        slide = deck.slides.add_slide(layout)
        head = slide.shapes.title
        pixels = png_size(file)
        box = title_box(pixels)
        head.left, head.top, head.width, head.height = (Emu(v) for v in box)
        caption = fig.caption(paper.language)
        beside = box[2] < inner
        _text(head.text_frame, [caption], side if beside else 28)
        if beside:  # a column beside the picture: read from its top, left-aligned
            head.text_frame.vertical_anchor = MSO_ANCHOR.TOP
            head.text_frame.paragraphs[0].alignment = PP_ALIGN.LEFT
        left, top, width, height = picture_box(pixels)
        slide.shapes.add_picture(str(file), Emu(left), Emu(top), Emu(width), Emu(height))
    deck.core_properties.title = paper.title
    deck.core_properties.subject = f"{paper.area}, {paper.period}"
    deck.core_properties.author = "jobstats"
    deck.save(str(path))
