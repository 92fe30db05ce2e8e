"""The Table model and its renderers: HTML, Excel, PDF, frame and CSV."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from pypdf import PdfReader

from jobstats.errors import ValidationError
from jobstats.tables import Bilag, Column, Row, Table
from jobstats.tables.excel import number_format, sheet_name, write_excel
from jobstats.tables.pdf import is_wide

NAN = math.nan


def _table(language: str = "da") -> Table:
    columns = tuple(
        c for y in ("2017", "2018") for c in (
            Column("Årsgennemsnit", y), Column("Landsandel", y, 2, percent=True),
            Column("Udvikling i procent", y, 2, percent=True, change=True)))
    return Table(
        name="t", title="Målgruppeoversigt <test>", stub="Målgruppe",
        columns=columns,
        rows=(Row("Kontanthjælp", "kontanthjaelp"),
              Row("=SUM(A1)", "x", depth=1),
              Row("I alt", "i_alt", total=True)),
        values=((4194.4, 0.934, -2.1749, 4194.5, 0.925, 1.005),
                (1.0, NAN, 5.0, 2.0, NAN, 100.0),
                (12345.0, 0.65, NAN, 12000.0, 0.66, -2.8)),
        blinded=((False,) * 6,
                 (False, False, True, False, True, False),
                 (False,) * 6),
        description="Fuldtidspersoner & andele", source="Kilde: Jobindsats.dk",
        notes=("note <b>",), language=language)  # type: ignore[arg-type]


def test_text_uses_danish_format_half_up_blinded_dot_and_blank_undefined() -> None:
    t = _table()
    assert [t.text(0, j) for j in range(6)] == ["4.194", "0,93%", "-2,17%", "4.195", "0,93%",
                                                "1,01%"]
    # blinded prints ".", undefined (NaN, not blinded) prints blank
    assert t.text(1, 2) == "." and t.text(1, 1) == "" and t.text(1, 4) == "."
    assert t.row_label(1) == "- =SUM(A1)"


def test_english_number_format() -> None:
    t = _table("en")
    assert t.text(2, 0) == "12,345" and t.text(0, 1) == "0.93%" and t.text(0, 2) == "-2.17%"


def test_blinded_cells_are_nan_never_zero() -> None:
    t = _table()
    assert math.isnan(t.values[1][2]) and t.blinded[1][2]


def test_shape_errors_are_collected() -> None:
    with pytest.raises(ValidationError) as err:
        Table(name="bad", title="x", columns=(Column("a"), Column("b")),
              rows=(Row("r1"), Row("r2"), Row("r3")), values=((1.0,), (1.0, 2.0)))
    assert {p.code for p in err.value.problems} == {"bad_shape"}
    assert len(err.value.problems) >= 2


def test_header_groups_span_consecutive_columns() -> None:
    assert _table().header_groups() == [("2017", 0, 3), ("2018", 3, 3)]


def _mixed() -> Table:
    # a column outside any group, then a group of two, then one more outside
    return Table(name="m", title="m", stub="Område",
                 columns=(Column("Placering"), Column("Antal", "2018"), Column("Andel", "2018"),
                          Column("Note")),
                 rows=(Row("Gentofte"),), values=((1.0, 2.0, 3.0, 4.0),))


def test_header_cells_one_grid_for_every_renderer(tmp_path: Path) -> None:
    grid = [(c.text, c.row, c.col, c.rowspan, c.colspan, c.kind) for c in _mixed().header_cells()]
    assert grid == [("Område", 0, 0, 2, 1, "stub"), ("Placering", 0, 1, 2, 1, "column"),
                    ("2018", 0, 2, 1, 2, "group"), ("Note", 0, 4, 2, 1, "column"),
                    ("Antal", 1, 2, 1, 1, "column"), ("Andel", 1, 3, 1, 1, "column")]
    flat = Table(name="f", title="f", stub="År", columns=(Column("a"), Column("b")),
                 rows=(Row("x"),), values=((1.0, 2.0),))
    assert [(c.text, c.row, c.col, c.rowspan) for c in flat.header_cells()] == [
        ("År", 0, 0, 1), ("a", 0, 1, 1), ("b", 0, 2, 1)]
    # HTML: two header rows, spans as in the grid
    html = _mixed().to_html()
    head = html[html.index("<thead>"):html.index("</thead>")]
    assert ('<tr><th class="js-stub" rowspan="2">Område</th><th rowspan="2">Placering</th>'
            '<th colspan="2" class="js-group">2018</th><th rowspan="2">Note</th></tr>') in head
    assert "<tr><th>Antal</th><th>Andel</th></tr>" in head
    # Excel: the same texts in the same places, the same merged ranges
    path = tmp_path / "m.xlsx"
    _mixed().to_excel(path)
    ws = load_workbook(path).active
    assert ws is not None
    top = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Område")
    assert [ws.cell(top, c).value for c in range(1, 6)] == ["Område", "Placering", "2018",
                                                            None, "Note"]
    assert [ws.cell(top + 1, c).value for c in (3, 4)] == ["Antal", "Andel"]
    merged = {str(m) for m in ws.merged_cells.ranges}
    assert {f"A{top}:A{top + 1}", f"B{top}:B{top + 1}", f"C{top}:D{top}",
            f"E{top}:E{top + 1}"} <= merged
    # PDF: the header texts in reading order
    pdf = tmp_path / "m.pdf"
    _mixed().to_pdf(pdf)
    text = PdfReader(pdf).pages[0].extract_text()
    assert all(w in text for w in ("Område", "Placering", "2018", "Note", "Antal", "Andel"))


def test_html_escapes_spans_and_marks_change_cells() -> None:
    html = _table().to_html()
    assert "Målgruppeoversigt &lt;test&gt;" in html and "<test>" not in html
    assert "Fuldtidspersoner &amp; andele" in html and "note &lt;b&gt;" in html
    assert html.count('colspan="3"') == 2 and 'rowspan="2"' in html
    assert '<td class="js-num js-change">-2,17%</td>' in html
    assert '<td class="js-num">4.194</td>' in html
    assert 'class="js-depth-1"' in html and 'class="js-total"' in html
    assert _table()._repr_html_() == html
    page = _table().to_html(standalone=True)
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page


def test_excel_cells_are_numeric_with_formats_fills_and_formula_protection(
        tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    _table().to_excel(path)
    wb = load_workbook(path)
    ws = wb[wb.sheetnames[0]]
    # find the data rows by their labels
    labels = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
    r = labels["Kontanthjælp"]
    avg, share, change = ws.cell(r, 2), ws.cell(r, 3), ws.cell(r, 4)
    assert avg.data_type == "n" and avg.value == pytest.approx(4194.4)
    assert avg.number_format == "#,##0"
    # a true fraction with a percent format: any Excel formula on it is right
    assert share.value == pytest.approx(0.00934) and share.number_format == "0.00%"
    assert change.fill.fgColor.rgb.endswith("D8EBCF") and change.fill.fill_type == "solid"
    assert avg.fill.fill_type is None
    # the label "=SUM(A1)" (printed "- =SUM(A1)") and the title stay strings
    formula_like = "- =SUM(A1)"
    sub = labels[formula_like]
    assert ws.cell(sub, 1).data_type == "s"
    assert ws.cell(sub, 4).value == "." and ws.cell(sub, 4).data_type == "s"  # blinded
    assert ws.cell(sub, 3).value is None  # undefined -> empty
    assert ws.cell(labels["I alt"], 2).font.b
    assert ws.freeze_panes == f"B{r}"
    assert any(str(m) == f"B{r - 2}:D{r - 2}" for m in ws.merged_cells.ranges)
    assert ws.column_dimensions["A"].width >= len("Kontanthjælp")


def test_excel_label_starting_with_equals_is_text(tmp_path: Path) -> None:
    t = Table(name="f", title="=HYPERLINK(1)", columns=(Column("n"),),
              rows=(Row("=SUM(A1)"), Row("+1"), Row("@x")), values=((1.0,), (2.0,), (3.0,)))
    path = tmp_path / "f.xlsx"
    t.to_excel(path)
    ws = load_workbook(path).active
    assert ws is not None
    values = [(c.value, c.data_type) for row in ws.iter_rows() for c in row if c.value]
    assert ("=SUM(A1)", "s") in values and ("=HYPERLINK(1)", "s") in values
    assert all(dt != "f" for _, dt in values)


@given(st.floats(min_value=-1000, max_value=1000, allow_nan=False),
       st.integers(min_value=0, max_value=3))
def test_excel_percent_fraction_shows_the_printed_value(value: float, decimals: int) -> None:
    from jobstats.numbers import round_half_up
    from jobstats.tables.excel import cell_value

    column = Column("Andel", decimals=decimals, percent=True)
    stored = cell_value(value, column)
    assert stored is not None
    # what a percent format shows (the fraction × 100, rounded) is what the table prints
    assert round_half_up(stored * 100, decimals) == round_half_up(value, decimals)
    assert abs(stored * 100 - value) <= 0.5 * 10 ** -decimals + 1e-9


def test_excel_sheet_names_of_many_similar_titles_stay_unique(tmp_path: Path) -> None:
    # goal tables whose titles share their first 31 characters
    tables = [Table(name=f"maal_{k}", title=f"Mål: Flere borgere i beskæftigelse og uddannelse {k}",
                    columns=(Column("n"),), rows=(Row("a"),), values=((1.0,),))
              for k in range(12)]
    path = tmp_path / "m.xlsx"
    write_excel(tables, str(path))
    names = load_workbook(path).sheetnames
    assert len(names) == 12 == len({n.casefold() for n in names})
    assert all(len(n) <= 31 for n in names)


def test_number_format_codes() -> None:
    assert number_format(Column("x", decimals=1)) == "#,##0.0"
    assert number_format(Column("x", decimals=0, percent=True)) == "0%"


def test_sheet_names_are_valid_and_unique() -> None:
    taken: set[str] = set()
    a = sheet_name("Mål: en meget lang titel over 31 tegn / ja", taken)
    b = sheet_name("Mål: en meget lang titel over 31 tegn / ja", taken)
    assert len(a) <= 31 and len(b) <= 31 and a != b
    assert not set("[]:*?/\\") & set(a + b)


def test_pdf_contains_the_formatted_figures(tmp_path: Path) -> None:
    path = tmp_path / "t.pdf"
    _table().to_pdf(path)
    text = "".join(p.extract_text() for p in PdfReader(path).pages)
    for expected in ("Målgruppeoversigt <test>", "4.194", "0,93%", "-2,17%", "12.345",
                     "Kilde: Jobindsats.dk", "Årsgennemsnit"):
        assert expected in text.replace("\n", " ") or expected in text, expected


def test_wide_tables_go_landscape(tmp_path: Path) -> None:
    wide = Table(name="w", title="w", columns=tuple(Column(f"Kolonne {i}") for i in range(14)),
                 rows=(Row("a"),), values=((1.0,) * 14,))
    narrow = Table(name="n", title="n", columns=(Column("a"),), rows=(Row("a"),),
                   values=((1.0,),))
    assert is_wide(wide) and not is_wide(narrow)
    path = tmp_path / "b.pdf"
    Bilag((narrow, wide)).to_pdf(path)
    pages = PdfReader(path).pages
    sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in pages]
    assert sizes[0][0] < sizes[0][1]  # portrait
    assert sizes[-1][0] > sizes[-1][1]  # landscape


def test_pdf_repeats_header_rows_on_page_breaks(tmp_path: Path) -> None:
    rows = tuple(Row(f"Kommune {i}") for i in range(150))
    t = Table(name="long", title="Lang", stub="Område",
              columns=(Column("Antal", "2018"), Column("Andel", "2018", 2, True)),
              rows=rows, values=tuple((float(i), 1.0) for i in range(150)))
    path = tmp_path / "long.pdf"
    t.to_pdf(path)
    pages = PdfReader(path).pages
    assert len(pages) >= 2
    assert all("Andel" in p.extract_text() for p in pages)


def test_to_frame_is_tidy_and_numeric() -> None:
    f = _table().to_frame()
    assert len(f) == 3 * 6
    assert f["value"].dtype == "float64" and f["blinded"].dtype == bool
    cell = f[(f.key == "kontanthjaelp") & (f.group == "2017") & (f.column == "Landsandel")]
    assert cell["value"].item() == pytest.approx(0.934) and cell["text"].item() == "0,93%"
    wide = _table().to_wide()
    assert wide.loc["I alt", ("2018", "Årsgennemsnit")] == 12000.0


def test_csv_protects_formula_like_labels() -> None:
    text = _table().to_csv(sep=";", decimal=",")
    assert text is not None
    assert "'=SUM(A1)" in text
    assert ";4194,4;" in text  # numbers stay numbers, Danish decimal comma
    assert "'-2" not in text  # formatted numbers are not mangled


def test_bilag_collects_tables_in_order(tmp_path: Path) -> None:
    b = Bilag((_table(), Table(name="u", title="Anden", columns=(Column("a"),),
                               rows=(Row("x"),), values=((1.0,),))))
    assert b.names == ("t", "u") and b["u"].title == "Anden"
    with pytest.raises(ValidationError):
        b["nope"]
    html = b.to_html()
    assert html.index("Målgruppeoversigt") < html.index("Anden")
    b.to_excel(tmp_path / "b.xlsx")
    assert len(load_workbook(tmp_path / "b.xlsx").sheetnames) == 2
    assert len(b.to_frame()) == 18 + 1
