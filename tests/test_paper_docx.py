"""bilag.docx: structure read back with python-docx (golden order of headings,
tables and pictures), numbers exactly as the tables print them."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

import jobstats
from jobstats.figures import save_figures
from jobstats.paper.document import build_paper
from jobstats.paper.docx import write_docx
from jobstats.paper.goals import evaluate_goals, goal_lines, read_goals
from jobstats.report.build import ReportOptions, build_report


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("docx")
    report = build_report(jobstats.demo(), ReportOptions(area="Gentofte", year=2018))
    images = {}
    for spec in report.figures:
        images[spec.name] = out / f"{spec.name}.png"
        save_figures(spec.figure, [images[spec.name]])
    goals = read_goals(Path(__file__).resolve().parents[1] / "docs" / "goals.toml")
    overview = goal_lines(evaluate_goals(goals, jobstats.demo(), area="Gentofte"))
    paper = build_paper(report.bilag.tables, [(f.name, f.title) for f in report.figures],
                        area="Gentofte", period="2016-2018", data_until="december 2018",
                        title=report.bilag.title, overview=overview)
    write_docx(paper, out / "bilag.docx", images)
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
    overview = docx.Document(str(path)).tables[0]
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
