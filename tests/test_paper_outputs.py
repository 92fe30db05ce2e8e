"""The paper's outputs read back: bilag.docx with python-docx, bilag.pdf with pypdf
(golden order of headings, tables and pictures), bilag.html self-contained."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import docx
import pytest

import jobstats
from jobstats.figures import save_figures
from jobstats.paper.document import build_paper, is_landscape
from jobstats.paper.docx import write_docx
from jobstats.paper.goals import evaluate_goals, goal_lines, read_goals
from jobstats.paper.html import write_paper_html
from jobstats.paper.pdf import write_paper_pdf
from jobstats.report.build import ReportOptions, build_report


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("paper")
    report = build_report(jobstats.demo(), ReportOptions(area="Gentofte", year=2018))
    images, svgs = {}, {}
    for spec in report.figures:
        images[spec.name] = out / f"{spec.name}.png"
        svgs[spec.name] = out / f"{spec.name}.svg"
        save_figures(spec.figure, [images[spec.name], svgs[spec.name]])
    goals = read_goals(Path(__file__).resolve().parents[1] / "docs" / "goals.toml")
    overview = goal_lines(evaluate_goals(goals, jobstats.demo(), area="Gentofte"))
    paper = build_paper(report.bilag.tables, [(f.name, f.title) for f in report.figures],
                        area="Gentofte", period="2016-2018", data_until="december 2018",
                        title=report.bilag.title, overview=overview)
    write_docx(paper, out / "bilag.docx", images)
    write_paper_pdf(paper, out / "bilag.pdf", images)
    write_paper_html(paper, out / "bilag.html", svgs)
    return out / "bilag.docx", paper


def _body(path: Path) -> list[tuple[str, str]]:
    """The document body in order: ("heading N"/"title"/"table"/"picture", text)."""
    document = docx.Document(str(path))
    out = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "tbl":
            out.append(("table", ""))
        elif tag == "p":
            style = block.pPr.pStyle.val if block.pPr is not None and \
                block.pPr.pStyle is not None else ""
            if block.xpath(".//pic:pic"):
                out.append(("picture", ""))
            elif style in ("Title", "Heading1", "Heading2"):
                out.append((style, "".join(t.text or "" for t in block.iter(
                    "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"))))
    return out


def test_golden_structure(written: tuple[Path, object]) -> None:
    path, _ = written
    body = _body(path)
    kinds = [k for k, _ in body]
    assert body[0] == ("Title", "Nøgletalsbilag, Gentofte 2018")
    assert body[1] == ("Heading1", "Indhold")
    headings = [t for k, t in body if k == "Heading1"]
    assert headings[1:4] == ["Målopfølgning", "Målgruppeoversigt",
                             "Øvrige opgørelser: Langtidsledigheden"]
    # every figure caption is followed by its picture, numbered in order
    captions = [(i, t) for i, (k, t) in enumerate(body) if k == "Heading2"]
    assert [t.split(":")[0] for _, t in captions] == [f"Figur {n}" for n in
                                                      range(1, len(captions) + 1)]
    assert all(body[i + 1][0] == "picture" for i, _ in captions)
    # the Målgruppeoversigt: heading, its table, then its two figures
    start = body.index(("Heading1", "Målgruppeoversigt"))
    assert kinds[start + 1] == "table"
    assert body[start + 2][1].startswith("Figur 2: Årsgennemsnit")
    assert kinds.count("table") == 10 + 1  # the appendix tables + the goal overview
    assert kinds.count("picture") >= 7
    # the contents is a page of its own, as in the PDF: a page break before the first
    # section's heading
    document = docx.Document(str(path))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    blocks = list(document.element.body.iterchildren())
    first = next(i for i, b in enumerate(blocks) if "".join(
        t.text or "" for t in b.iter(f"{w}t")) == "Målopfølgning")
    assert blocks[first - 1].findall(f".//{w}br[@{w}type='page']")
    overview = document.tables[0]
    assert overview.cell(1, 1).text == "opnået"
    assert overview.cell(5, 1).text == "baseline ikke fastlagt"


def test_table_cells_are_the_printed_numbers(written: tuple[Path, object]) -> None:
    path, paper = written
    document = docx.Document(str(path))
    tables = paper.tables  # type: ignore[attr-defined]
    word = document.tables[1]  # [0] is the goal overview
    first = tables[0]
    assert first.name == "maalgruppeoversigt"
    assert word.cell(0, 1).text == "2016"  # merged year header
    assert word.cell(1, 1).text == "Årsgennemsnit"
    last = len(first.rows) - 1
    assert word.cell(2 + last, 0).text == "I alt"
    assert [word.cell(2 + last, 1 + j).text for j in range(len(first.columns))] == \
        [first.text(last, j) for j in range(len(first.columns))]
    # the header rows repeat on every page
    tr_pr = word.rows[0]._tr.trPr
    assert tr_pr is not None
    assert tr_pr.xpath("./w:tblHeader")


def test_front_page_and_restylable_headings(written: tuple[Path, object]) -> None:
    path, _ = written
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs[:6]]
    assert "Kommune: Gentofte" in texts
    assert "Data til og med: december 2018" in texts
    assert any(t.startswith("Kilder: ") for t in texts)
    styles = {p.style.name for p in document.paragraphs if p.style is not None}
    assert {"Title", "Heading 1", "Heading 2"} <= styles
    assert document.styles["Tabeltal"].paragraph_format.alignment is not None


# ---- PDF ----------------------------------------------------------------------
def test_pdf_front_page_contents_and_order(written: tuple[Path, object]) -> None:
    from pypdf import PdfReader

    path, paper = written
    reader = PdfReader(str(path.with_suffix(".pdf")))
    pages = [p.extract_text() for p in reader.pages]
    front = pages[0]
    for line in ("Nøgletalsbilag, Gentofte 2018", "Kommune: Gentofte", "Periode: 2016-2018",
                 "Data til og med: december 2018", "Kilder: "):
        assert line in front
    assert "Indhold" in pages[1]
    assert "Målgruppeoversigt" in pages[1] and "Sammensætning" in pages[1]
    # sections in paper order, each heading an outline entry (bookmark)
    outline = [str(entry["/Title"]) for entry in reader.outline
               if not isinstance(entry, list)]
    assert outline == [s.heading for s in paper.sections]  # type: ignore[attr-defined]
    text = " ".join("\n".join(pages[2:]).split())  # headings may wrap
    positions = [text.index(" ".join(h.split())) for h in outline]
    assert positions == sorted(positions)
    # every figure, numbered, and as many pictures as figures
    captions = [f.caption("da") for f in paper.figures]  # type: ignore[attr-defined]
    assert all(c in text for c in captions)
    assert sum(len(p.images) for p in reader.pages) == len(captions)


def test_pdf_contents_page_numbers_are_where_the_headings_are(
        written: tuple[Path, object]) -> None:
    import re

    from pypdf import PdfReader

    path, _ = written
    reader = PdfReader(str(path.with_suffix(".pdf")))
    contents = " ".join(reader.pages[1].extract_text().split())
    for entry in reader.outline:
        if isinstance(entry, list):
            continue
        title = " ".join(str(entry["/Title"]).split())
        number = reader.get_destination_page_number(entry)
        assert number is not None
        page = number + 1
        match = re.search(re.escape(title) + r" (\d+)", contents)
        assert match is not None, title
        assert int(match.group(1)) == page, title
        assert title.split(":")[0] in " ".join(reader.pages[page - 1].extract_text().split())


def test_pdf_figure_follows_its_table_and_no_page_is_near_empty(
        written: tuple[Path, object]) -> None:
    from pypdf import PdfReader

    path, _ = written
    reader = PdfReader(str(path.with_suffix(".pdf")))
    pages = [p.extract_text() for p in reader.pages]
    assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height)))
            for p in reader.pages} == {(595, 842), (842, 595)}
    for number, (page, text) in enumerate(list(zip(reader.pages, pages, strict=True))[2:],
                                          start=3):
        assert page.images or len(text) > 400, f"page {number} is nearly empty"
    text = "\n".join(pages[2:])
    table_at = text.index("Virksomhedsrettet tilbud\nAntallet af fuldtidspersoner")
    figure_at = text.index("Virksomhedsrettet tilbud", table_at + 30)
    assert text.index("Figur 5: Virksomhedsrettet tilbud") == figure_at - len("Figur 5: ")
    assert text.index("Aktivitetsoversigt") > figure_at


def _printed_pictures(path: Path) -> list[tuple[int, float, float, int, int]]:
    """Every picture drawn in the PDF: (page, printed width and height in points,
    its width and height in pixels), read from the pages' content streams (the
    transformation in force where the image is drawn: an image fills the unit
    square of its space)."""
    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    reader = PdfReader(str(path))
    out = []
    for number, page in enumerate(reader.pages, start=1):
        resources: Any = page["/Resources"]
        xobjects = resources.get("/XObject", {})
        ctm, stack = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0], []
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"q":
                stack.append(ctm)
            elif operator == b"Q":
                ctm = stack.pop()
            elif operator == b"cm":
                a, b, c, d, e, f = (float(x) for x in operands)
                m = ctm  # the new matrix times the one in force
                ctm = [a * m[0] + b * m[2], a * m[1] + b * m[3], c * m[0] + d * m[2],
                       c * m[1] + d * m[3], e * m[0] + f * m[2] + m[4],
                       e * m[1] + f * m[3] + m[5]]
            elif operator == b"Do":
                image = xobjects[operands[0]].get_object()
                if image["/Subtype"] == "/Image":
                    out.append((number, abs(ctm[0]), abs(ctm[3]), int(image["/Width"]),
                                int(image["/Height"])))
    return out


def test_pdf_figures_print_at_80_percent_of_their_size_or_more(
        written: tuple[Path, object]) -> None:
    """The figures are drawn 16 cm wide at 150 dpi with 8,5 pt labels; printed below
    80 % of that their labels shrink under ~6,8 pt. Figur 5 (company-based offers,
    taller than wide) under the wide table on its landscape page printed at 66 % and
    Figur 2 (annual averages) at 67 %; a row that does not fit at 80 % goes on to the
    next page (after the last wide table: the portrait page that follows)."""
    from pypdf import PdfReader

    path, paper = written
    pictures = _printed_pictures(path.with_suffix(".pdf"))
    assert len(pictures) == len(paper.figures)  # type: ignore[attr-defined]
    for page, width, height, px_w, px_h in pictures:
        drawn_w, drawn_h = px_w * 72 / 150, px_h * 72 / 150
        assert width / drawn_w == pytest.approx(height / drawn_h, rel=0.01)  # its shape
        assert width / drawn_w >= 0.8 - 1e-6, (page, width / drawn_w)
    # Figur 5 stands after its table, at the top of the portrait page with the
    # Aktivitetsoversigt, before its heading
    reader = PdfReader(str(path.with_suffix(".pdf")))
    at = _heading_pages(reader)
    upright = reader.pages[at["Aktivitetsoversigt 2018"]]
    assert upright.mediabox.width < upright.mediabox.height
    text = upright.extract_text()
    assert text.index("Figur 5: Virksomhedsrettet tilbud") < text.index("Aktivitetsoversigt")
    assert at["Virksomhedsrettet tilbud"] == at["Aktivitetsoversigt 2018"] - 1


def test_pdf_a_goals_target_and_baseline_stay_with_its_table(tmp_path: Path) -> None:
    from pypdf import PdfReader

    from jobstats.cli import main

    repo = Path(__file__).resolve().parents[1]
    # in English goal 3B's "Baseline: 72%" was the first line of the next page
    assert main(["report", "--area", "Gentofte", "--year", "2018", "--language", "en",
                 "--goals", str(repo / "docs" / "goals.toml"), "--tables",
                 str(repo / "docs" / "usertables.toml"), "--compare",
                 "Østdanmark,Nordlige omegnskommuner", "--no-docx", "--out", str(tmp_path),
                 "--quiet"]) == 0
    reader = PdfReader(str(tmp_path / "bilag.pdf"))
    at = _heading_pages(reader)
    for heading, notes in (("Goal 2B", ["Target: 3"]),
                           ("Goal 3B", ["Target: 80%", "Baseline: 72%"])):
        (title,) = [t for t in at if t.startswith(heading)]
        text = reader.pages[at[title]].extract_text()
        assert all(n in text for n in notes), (heading, text[-300:])


# ---- HTML ---------------------------------------------------------------------
def test_html_is_self_contained(written: tuple[Path, object]) -> None:
    import re

    path, paper = written
    html = path.with_suffix(".html").read_text(encoding="utf-8")
    links = re.findall(r"""(?:src|href)\s*=\s*["']([^"']*)["']""", html)
    assert links, "the page has figures and a contents list"
    local = [link for link in links if not link.startswith(("data:", "#"))]
    assert local == []
    images = re.findall(r'<img src="data:image/svg\+xml;base64,', html)
    assert len(images) == len(paper.figures)  # type: ignore[attr-defined]
    assert "<link" not in html and "@import" not in html
    assert "Data til og med</dt><dd>december 2018" in html


def test_html_prints_each_table_title_once_and_captions_above_figures(
        written: tuple[Path, object]) -> None:
    import re

    path, paper = written
    html = path.with_suffix(".html").read_text(encoding="utf-8")
    visible = re.sub(r"<[^>]+>", "\n", re.sub(r'<img [^>]*>', "", html))
    lines = [line.strip() for line in visible.splitlines() if line.strip()]
    for table in paper.tables:  # type: ignore[attr-defined]
        # the contents' link and the section's heading; the table no third time
        assert lines.count(table.title) == 2, table.title
    assert "Beskrivelse: Fuldtidspersoner i Gentofte efter målgruppe" in html
    for fig in paper.figures:  # type: ignore[attr-defined]
        at = html.index(f'id="{fig.name}"')
        assert html.index("<figcaption>", at) < html.index("<img ", at)


def test_word_goal_overview_gives_the_goals_text_the_room(
        written: tuple[Path, object]) -> None:
    from docx.shared import Cm

    path, _ = written
    overview = docx.Document(str(path)).tables[0]
    assert overview.cell(0, 0).text == "Mål"
    # half the text width for the goal, a sixth for its state, a third for the numbers
    # (python-docx's default gave each a third: the state's column as wide as the goal's)
    widths = [overview.cell(1, j).width for j in range(3)]
    expected = [Cm(8.5), Cm(17.0 * 0.17), Cm(17.0 * 0.33)]
    assert widths == pytest.approx(expected, abs=635)  # (stored in twips: 635 EMU)


def test_word_keeps_a_small_table_with_its_heading_and_text(
        written: tuple[Path, object]) -> None:
    """Word splits a table anywhere: a goal's two rows under its header on the next
    page, or the heading and the text at the foot of a page and the table on the next.
    A table of 20 rows or fewer keeps its rows together (each but the last "keep with
    next"), and the text before it keeps with it."""
    path, _ = written
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    body = list(docx.Document(str(path)).element.body.iterchildren())
    tables = [i for i, b in enumerate(body) if b.tag == f"{w}tbl"][1:]  # not the overview
    assert len(tables) == 10
    for at in tables:
        rows = body[at].findall(f"{w}tr")
        kept = [bool(r.findall(f".//{w}keepNext")) for r in rows]
        if len(rows) - len(body[at].findall(f"{w}tr/{w}trPr/{w}tblHeader")) <= 20:
            assert kept == [True] * (len(rows) - 1) + [False]
        else:  # a long table breaks over pages where Word needs
            assert not any(kept[-20:])
        before = body[at - 1]  # the paragraph before the table: text or status line
        assert before.findall(f"{w}pPr/{w}keepNext"), "".join(
            t.text or "" for t in before.iter(f"{w}t"))


def test_docx_escapes_markup_and_drops_characters_xml_cannot_hold(tmp_path: Path) -> None:
    from jobstats.tables.table import Column, Row, Table

    table = Table(name="egen", title="Egen tabel", stub="Post",
                  columns=(Column("Antal"),), rows=(Row("A & B <x>\x07"), Row("I alt", total=True)),
                  values=((1234.0,), (1234.0,)))
    paper = build_paper([table], [], area="Gentofte", period="2016-2018",
                        data_until="december 2018", title="Bilag")
    write_docx(paper, tmp_path / "b.docx", {})
    (word,) = docx.Document(str(tmp_path / "b.docx")).tables
    assert [word.cell(1, 0).text, word.cell(1, 1).text] == ["A & B <x>", "1.234"]
    assert word.cell(2, 0).paragraphs[0].style.name == "Tabeltekst fed"


def _heading_pages(reader: object) -> dict[str, int]:
    out = {}
    for entry in reader.outline:  # type: ignore[attr-defined]
        if not isinstance(entry, list):
            out[str(entry["/Title"])] = reader.get_destination_page_number(entry)  # type: ignore[attr-defined]
    return out


def test_pdf_wide_tables_get_landscape_pages_and_print_at_85_percent_or_more(
        written: tuple[Path, object]) -> None:
    from pypdf import PdfReader

    from jobstats.paper.document import is_landscape

    path, paper = written
    reader = PdfReader(str(path.with_suffix(".pdf")))
    # nine value columns (three years × average, share, change) cannot fit a portrait
    # page at 85 %; the seven columns of the Aktivitetsoversigt and the narrow tables can
    wide = [t.name for t in paper.tables if is_landscape(t)]  # type: ignore[attr-defined]
    assert wide == ["maalgruppeoversigt", "langtidsledighed", "virksomhedsrettet_tilbud"]
    # one run of landscape pages: from the Målgruppeoversigt to the page before the
    # Aktivitetsoversigt (the run of wide tables ends there), portrait elsewhere
    at = _heading_pages(reader)
    first, after = at["Målgruppeoversigt"], at["Aktivitetsoversigt 2018"]
    flat = [i for i, p in enumerate(reader.pages) if p.mediabox.width > p.mediabox.height]
    assert flat == list(range(first, after))
    assert at["Virksomhedsrettet tilbud"] < after
    # every table cell (set in 8.5 pt) prints at 85 % or more of its size: the
    # Målgruppeoversigt was at 66 % on a portrait page
    sizes: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip() and size == 8.5:
            sizes.append(size * tm[3] * cm[3])

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    assert len(sizes) > 500
    assert min(sizes) >= 0.85 * 8.5


def test_word_turns_at_the_same_tables_as_the_pdf(written: tuple[Path, object]) -> None:
    path, _ = written
    document = docx.Document(str(path))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    landscape, headings = [], []
    for block in document.element.body.iterchildren():
        if block.tag == f"{w}p":
            style = block.find(f"{w}pPr/{w}pStyle")
            if style is not None and style.get(f"{w}val") == "Heading1":
                headings.append("".join(t.text or "" for t in block.iter(f"{w}t")))
        sect = block if block.tag == f"{w}sectPr" else block.find(f"{w}pPr/{w}sectPr")
        if sect is not None:  # the end of a section: the headings since the last one
            size = sect.find(f"{w}pgSz")
            if size is not None and int(size.get(f"{w}w")) > int(size.get(f"{w}h")):
                landscape += headings
            headings = []
    assert landscape == ["Målgruppeoversigt", "Øvrige opgørelser: Langtidsledigheden",
                         "Virksomhedsrettet tilbud"]


def test_word_pictures_fit_their_page_under_the_caption(written: tuple[Path, object]) -> None:
    from docx.shared import Cm

    path, paper = written
    shapes = list(docx.Document(str(path)).inline_shapes)
    figures = paper.figures  # type: ignore[attr-defined]
    assert len(shapes) == len(figures)
    # Figur 2-5 stand beside the wide tables, on landscape pages: 21 cm less 2 × 2 cm
    # margins and the caption leaves 14,5 cm; a portrait page 22 cm
    for n, shape in enumerate(shapes, start=1):
        limit = Cm(14.5) if 2 <= n <= 5 else Cm(22.0)
        assert shape.height <= limit + 1000, figures[n - 1].name
        assert shape.width <= (Cm(23.0) if 2 <= n <= 5 else Cm(16.5)) + 1000
    # every picture keeps its shape; Figur 2 (taller than wide) is limited by the height
    from jobstats.paper.document import png_size

    for shape, fig in zip(shapes, figures, strict=True):
        w, h = png_size(path.parent / f"{fig.name}.png")
        assert shape.width / shape.height == pytest.approx(w / h, rel=0.01)
    w, h = png_size(path.parent / f"{figures[1].name}.png")
    if h * 23.0 > w * 14.5:
        assert shapes[1].height == pytest.approx(Cm(14.5), abs=2000)


def test_png_size_reads_the_header() -> None:
    from jobstats.paper.document import png_size

    samples = Path(__file__).resolve().parents[1] / "docs" / "samples" / "figures"
    assert png_size(samples / "fig1_target_groups.png")[0] > 0
    with pytest.raises(ValueError, match="not a PNG"):
        png_size(Path(__file__))


@pytest.mark.parametrize("mode", ["RGB", "L", "RGBA", "P"])
def test_pdf_pictures_are_embedded_pixel_for_pixel(tmp_path: Path, mode: str) -> None:
    """An RGB or grey PNG goes in as it is (its rows and the PNG predictor), an RGBA
    one as its colours and a soft mask, a palette PNG through reportlab: in every case
    the PDF's picture holds the PNG's pixels."""
    import io

    import numpy as np
    from PIL import Image as PilImage
    from pypdf import PdfReader

    rng = np.random.default_rng(7)
    pixels = rng.integers(0, 256, size=(37, 53, 4), dtype=np.uint8)
    pixels[:, :, 3] = 255
    pixels[:5, :5, 3] = 0  # a transparent corner (the mask must keep it)
    source = PilImage.fromarray(pixels, "RGBA")
    picture = source if mode == "RGBA" else source.convert(mode)
    png = tmp_path / "figur1_maalgrupper.png"
    picture.save(png)
    paper = build_paper([], [("figur1_maalgrupper", "Årsgennemsnit")], area="Gentofte",
                        period="2016-2018", data_until="december 2018", title="Bilag")
    write_paper_pdf(paper, tmp_path / "b.pdf", {"figur1_maalgrupper": png})
    (image,) = [i for p in PdfReader(str(tmp_path / "b.pdf")).pages for i in p.images]
    shown = PilImage.open(io.BytesIO(image.data))
    assert shown.size == (53, 37)
    expected = picture.convert("RGB") if mode != "L" else picture
    assert shown.convert(expected.mode).tobytes() == expected.tobytes()
    page: Any = PdfReader(str(tmp_path / "b.pdf")).pages[2]
    (xobject,) = [x.get_object() for x in page["/Resources"]["/XObject"].values()]
    filters, parms = xobject["/Filter"], xobject.get("/DecodeParms")
    if parms is not None and isinstance(filters, list):
        # PDF 32000-1, 7.3.8.2: one parameter dictionary per filter, in an array when
        # the filters are (pypdf reads a lone dictionary; poppler ignores it and shows
        # the PNG's filtered rows: a black picture with bright edges)
        assert isinstance(parms, list) and len(parms) == len(filters)
    if shutil.which("pdfimages"):  # poppler, as most PDF viewers read it
        subprocess.run(["pdfimages", "-png", str(tmp_path / "b.pdf"), str(tmp_path / "pop")],
                       check=True)
        with PilImage.open(tmp_path / "pop-000.png") as popped:
            assert popped.convert(expected.mode).tobytes() == expected.tobytes()
    if mode == "RGBA":  # the alpha channel is the picture's soft mask
        mask = xobject["/SMask"].get_object()
        assert mask["/ColorSpace"] == "/DeviceGray"
        assert mask.get_data() == picture.getchannel("A").tobytes()


@pytest.mark.parametrize("language", ["da", "en"])
def test_word_value_columns_hold_their_longest_number_on_one_line(
        language: str, written: tuple[Path, object], tmp_path: Path) -> None:
    """Word cannot shrink a table to its page as the PDF does, so a column narrower
    than its text breaks a number over two lines ("-2,5" / "4 %"). Every value column
    of every appendix table is at least as wide as its longest printed cell in
    Helvetica Bold (wider than Word's Calibri) at the table's text size, plus the
    cell's left and right margins (108 twips each), and the table fits its page.
    (In English more tables stay portrait: their labels are shorter.)"""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    path, paper = written
    if language == "en":
        report = build_report(jobstats.demo(), ReportOptions(area="Gentofte", year=2018,
                                                             language="en", figures=False))
        paper = build_paper(report.bilag.tables, [], area="Gentofte", period="2016-2018",
                            data_until="December 2018", title=report.bilag.title,
                            language="en")
        path = tmp_path / "bilag.docx"
        write_docx(paper, path, {})
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    document = docx.Document(str(path))
    tables = [s.table for s in paper.sections if s.table is not None]  # type: ignore[attr-defined]
    word = document.tables[-len(tables):]  # after the goal overview, if any
    assert len(tables) > 5
    smaller = 0
    for table, ours in zip(tables, word, strict=True):
        grid = [int(c.get(f"{w}w")) for c in ours._tbl.find(f"{w}tblGrid")]
        assert len(grid) == len(table.columns) + 1
        sizes = {int(s.get(f"{w}val")) / 2 for s in ours._tbl.iter(f"{w}sz")}
        assert len(sizes) <= 1  # one text size for the whole table
        size = sizes.pop() if sizes else 8.0
        smaller += size < 8.0
        landscape = is_landscape(table)
        assert sum(grid) <= (25.7 if landscape else 17.0) * 567 + len(grid)  # the page
        for j in range(len(table.columns)):
            longest = max(stringWidth(table.text(i, j), "Helvetica-Bold", size)
                          for i in range(len(table.rows)))
            assert grid[1 + j] >= longest * 20 + 2 * 108, (table.name, j, size)
    assert smaller  # some portrait tables are set smaller, as the PDF prints them
