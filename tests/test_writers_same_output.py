"""What the faster writers must keep: the styles of every kind of Excel cell (each style
object is looked up in the workbook once), the contents' page numbers drawn in after a
single layout pass (also when the contents runs over two pages), paragraphs that break
their lines once per width, and Word header rows written as XML (merged cells, tabs,
spaces)."""

from __future__ import annotations

import re
from pathlib import Path

import docx
from openpyxl import load_workbook
from pypdf import PdfReader

from jobstats.paper.document import build_paper
from jobstats.paper.docx import write_docx
from jobstats.paper.pdf import write_paper_pdf
from jobstats.tables import Bilag, Column, Row, Table
from jobstats.tables.pdf import _LABEL, _Paragraph
from jobstats.tables.style import CHANGE as CHANGE_COLOUR
from jobstats.tables.style import GRID as GRID_COLOUR
from jobstats.tables.style import HEADER as HEADER_COLOUR
from jobstats.tables.style import HIGHLIGHT as HIGHLIGHT_COLOUR

# the house colours (tables/style.py) as Excel writes them
HEADER, CHANGE, HIGHLIGHT, GRID = (c.lstrip("#").upper() for c in (
    HEADER_COLOUR, CHANGE_COLOUR, HIGHLIGHT_COLOUR, GRID_COLOUR))


def _ranking(title: str) -> Table:
    return Table(
        name="r", title=title, stub="Område",
        columns=(Column("Antal", "2018"), Column("Andel", "2018", 2, percent=True),
                 Column("Udvikling", "2018", 2, percent=True, change=True), Column("Note")),
        rows=(Row("Gentofte", highlight=True), Row("Lyngby", depth=1),
              Row("Herlev", depth=2), Row("I alt", total=True)),
        values=((10.0, 1.5, 2.25, 1.0), (20.0, 2.5, -1.0, 2.0), (5.0, 0.5, 0.0, 3.0),
                (35.0, 4.5, 1.0, 6.0)),
        blinded=((False,) * 4, (False, True, False, False), (False,) * 4, (False,) * 4),
        description="En beskrivelse", source="Kilde: test", notes=("Bemærk: test",),
        verdict="på rette vej")


def _rgb(colour: object) -> str:
    return str(getattr(colour, "rgb", ""))[-6:]


def test_excel_styles_per_kind_of_cell_in_every_sheet_and_workbook(tmp_path: Path) -> None:
    small = Table(name="s", title="Lille", columns=(Column("n"),), rows=(Row("a"),),
                  values=((1.0,),))
    # two workbooks in one process, the style objects met in another order in each
    for name, tables in (("a.xlsx", (_ranking("Første"), small, _ranking("Anden"))),
                         ("b.xlsx", (small, _ranking("Tredje")))):
        Bilag(tables=tables).to_excel(tmp_path / name)
        wb = load_workbook(tmp_path / name)
        for ws in wb.worksheets:
            if ws.title == "Lille":
                assert ws["A1"].font.b and ws["A1"].font.sz == 13
                assert ws["A3"].fill.fgColor.rgb.endswith(HEADER) and ws["A4"].value == "a"
                continue
            title, description, verdict = ws["A1"], ws["A2"], ws["A3"]
            assert title.font.b and title.font.sz == 13 and title.fill.fill_type is None
            assert not description.alignment.wrap_text and not description.font.b
            assert verdict.font.b and _rgb(verdict.font.color) == "FFFFFF"
            assert verdict.fill.fill_type == "solid"
            # header rows 5-6: shaded, bold, thin grid, centred at the bottom; stub left
            for cell in (ws["B5"], ws["E5"], ws["B6"], ws["D6"]):
                assert cell.fill.fgColor.rgb.endswith(HEADER) and cell.font.b
                assert cell.alignment.horizontal == "center" and cell.alignment.wrap_text
                assert cell.alignment.vertical == "bottom"
                assert {s.style for s in (cell.border.left, cell.border.right,
                                          cell.border.top, cell.border.bottom)} == {"thin"}
                assert _rgb(cell.border.top.color) == GRID
            assert ws["A5"].alignment.horizontal == "left" and ws["A5"].fill.fgColor.rgb.endswith(
                HEADER)
            assert {str(r) for r in ws.merged_cells.ranges} == {"A5:A6", "B5:D5", "E5:E6"}
            # the right end of the merged group keeps the group's right, top and bottom rule
            assert (ws["D5"].border.right.style, ws["D5"].border.top.style,
                    ws["D5"].border.bottom.style, ws["D5"].border.left.style) == (
                "thin", "thin", "thin", None)
            # body rows 7-10
            own, sub, subsub, total = 7, 8, 9, 10
            for c in "ABCDE":  # the own area: highlighted and bold across the row
                assert ws[f"{c}{own}"].fill.fgColor.rgb.endswith(HIGHLIGHT)
                assert ws[f"{c}{own}"].font.b
            assert ws[f"D{sub}"].fill.fgColor.rgb.endswith(CHANGE)  # change column
            assert ws[f"B{sub}"].fill.fill_type is None and not ws[f"B{sub}"].font.b
            assert ws[f"C{sub}"].value == "." and ws[f"C{sub}"].alignment.horizontal == "right"
            assert [ws[f"A{r}"].alignment.indent for r in (own, sub, subsub)] == [0, 1, 2]
            assert ws[f"B{sub}"].number_format == "#,##0"
            assert ws[f"C{own}"].number_format == "0.00%" and ws[f"C{own}"].value == 0.015
            for c in "ABE":  # the sum row: bold, a medium rule above
                cell = ws[f"{c}{total}"]
                assert cell.font.b and cell.border.top.style == "medium"
                assert _rgb(cell.border.top.color) == "555555"
                assert cell.border.bottom.style == "thin"
            assert ws[f"B{sub}"].border.top.style == "thin"
            source, note = ws["A12"], ws["A13"]
            assert source.value == "Kilde: test" and note.value == "Bemærk: test"
            for line in (source, note):
                assert line.font.i and line.font.sz == 9 and _rgb(line.font.color) == "444444"


def test_pdf_contents_over_two_pages_gets_every_page_number(tmp_path: Path) -> None:
    tables = [Table(name=f"t{n}", title=f"Tabel {n} & co", columns=(Column("n"),),
                    rows=tuple(Row(f"r{i}") for i in range(12)),
                    values=tuple((float(i),) for i in range(12))) for n in range(70)]
    paper = build_paper(tables, [], area="Gentofte", period="2018", data_until="december 2018",
                        title="Bilag")
    write_paper_pdf(paper, tmp_path / "b.pdf", {})
    reader = PdfReader(str(tmp_path / "b.pdf"))
    headings = {}
    for entry in reader.outline:
        if not isinstance(entry, list):
            number = reader.get_destination_page_number(entry)
            assert number is not None
            headings[str(entry["/Title"])] = number + 1
    assert len(headings) == 70
    contents = " ".join(" ".join(reader.pages[p].extract_text().split()) for p in (1, 2))
    assert "Tabel 69 & co" in contents  # the contents runs over two pages
    for title, page in headings.items():
        match = re.search(re.escape(title) + r" (\d+)", contents)
        assert match is not None, title
        assert int(match.group(1)) == page, title
        assert title in reader.pages[page - 1].extract_text()
    assert page > 20  # numbers of two digits, right-aligned as the one-digit ones
    for page_object in reader.pages[:3]:  # no mark left where a number goes
        stream = page_object.get_contents()
        assert stream is not None and b"%\xef\xb7\x90" not in stream.get_data()


def test_paragraph_breaks_its_lines_again_at_another_width() -> None:
    text = "Langtidsledige i alt med en meget lang etiket der skal brydes over flere linjer"
    para = _Paragraph(text, _LABEL)
    wide = para.wrap(400, 1000)
    narrow = para.wrap(60, 1000)
    assert wide[1] < narrow[1] and narrow == (60, _Paragraph(text, _LABEL).wrap(60, 1000)[1])
    assert para.wrap(400, 1000) == wide and len(para.blPara.lines) == 1
    del para.blPara  # as a split that finds no room does
    assert para.wrap(400, 1000) == wide and len(para.blPara.lines) == 1


def test_word_header_rows_merged_and_their_text_as_written(tmp_path: Path) -> None:
    table = Table(name="h", title="H", stub=" Post ",
                  columns=(Column("Antal", "2017"), Column("Andel\tialt", "2017"),
                           Column("Linje\nto")),
                  rows=(Row("a"),), values=((1.0, 2.0, 3.0),))
    paper = build_paper([table], [], area="Gentofte", period="2018", data_until="december 2018",
                        title="Bilag")
    write_docx(paper, tmp_path / "b.docx", {})
    (word,) = docx.Document(str(tmp_path / "b.docx")).tables
    top, labels = word.rows[0]._tr, word.rows[1]._tr
    assert [tc.grid_span for tc in top.tc_lst] == [1, 2, 1]
    assert [tc.vMerge for tc in top.tc_lst] == ["restart", None, None]
    assert labels.tc_lst[0].vMerge == "continue"
    assert word.cell(0, 0).text == " Post " and word.cell(0, 1).text == "2017"
    assert word.cell(0, 3).text == ""  # no group over the last column
    assert [word.cell(1, j).text for j in (1, 2, 3)] == ["Antal", "Andel\tialt", "Linje\nto"]
    for row in word.rows[:2]:  # both repeat on every page
        assert row._tr.trPr is not None and row._tr.trPr.xpath("./w:tblHeader")
    assert word.cell(0, 1).paragraphs[0].style.name == "Tabeloverskrift"
    assert word.cell(0, 0).paragraphs[0].style.name == "Tabeltekst fed"
    shading = word.cell(0, 1)._tc.tcPr
    assert shading is not None and shading.xpath("./w:shd/@w:fill") == [HEADER]


def test_word_parts_are_python_docx_own_with_the_pictures_stored(tmp_path: Path) -> None:
    import zipfile

    from PIL import Image

    from jobstats.paper.docx import _save

    picture = tmp_path / "p.png"
    Image.new("RGB", (40, 30), (200, 30, 30)).save(picture)
    document = docx.Document()
    document.add_paragraph("Tekst & tal")
    document.add_picture(str(picture))
    _save(document, tmp_path / "ours.docx")
    document.save(str(tmp_path / "theirs.docx"))
    with zipfile.ZipFile(tmp_path / "ours.docx") as ours, \
            zipfile.ZipFile(tmp_path / "theirs.docx") as theirs:
        assert ours.namelist() == theirs.namelist()
        assert all(ours.read(n) == theirs.read(n) for n in theirs.namelist())
        kinds = {i.filename: i.compress_type for i in ours.infolist()}
    assert kinds.pop("word/media/image1.png") == zipfile.ZIP_STORED
    assert kinds.pop("docProps/thumbnail.jpeg") == zipfile.ZIP_STORED  # the template's
    assert set(kinds.values()) == {zipfile.ZIP_DEFLATED}
