"""Rough edges of the paper's files, read back from a full report (example goals
and own tables, both languages): Excel sheet names that stay readable, Word
captions kept with their pictures."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from jobstats.cli import main
from jobstats.tables.excel import sheet_name

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module", params=["da", "en"])
def out(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp(f"report_{request.param}")
    assert main(["report", "--area", "Gentofte", "--year", "2018", "--language", request.param,
                 "--goals", str(REPO / "docs" / "goals.toml"),
                 "--tables", str(REPO / "docs" / "usertables.toml"),
                 "--compare", "Østdanmark,Nordlige omegnskommuner",
                 "--out", str(folder), "--quiet"]) == 0
    return folder


def _words(text: str) -> list[str]:
    """The words of a title as a sheet name may hold them (Excel's forbidden characters
    removed), less the punctuation a cut may drop after the last one."""
    return [w.rstrip(",;.-–") for w in re.sub(r"[\[\]:*?/\\]", "", text).split()]


def test_every_sheet_name_is_valid_unique_and_ends_on_a_whole_word(out: Path) -> None:
    wb = load_workbook(out / "bilag.xlsx")
    names = [ws.title for ws in wb.worksheets]
    assert len({n.casefold() for n in names}) == len(names) >= 12
    for ws in wb.worksheets:
        name, title = ws.title, str(ws["A1"].value)  # A1 holds the table's full title
        assert 1 <= len(name) <= 31, name
        assert not set("[]:*?/\\") & set(name), name
        assert name == name.strip() and not name.startswith("'"), repr(name)
        shown = re.sub(r" \(\d+\)$", "", name)
        cut = shown.endswith("…")
        words = [w.rstrip(",;.-–") for w in shown.removesuffix("…").split()]
        # every word of the name is a whole word of the title, in the title's order
        # (the part after a colon may stand alone, capitalised)
        full = _words(title)
        starts = [i for i, w in enumerate(full) if w.casefold() == words[0].casefold()]
        assert any([w.casefold() for w in full[i:i + len(words)]]
                   == [w.casefold() for w in words] for i in starts), (name, title)
        # a name is cut only when the title does not fit, and then says so
        whole = " ".join(re.sub(r"[\[\]:*?/\\]", "", title).split())
        if len(whole) <= 31:
            assert shown == whole, (name, title)
        else:  # cut with an ellipsis, or the whole part after the colon
            tail = _words(title.partition(":")[2])
            assert cut or [w.casefold() for w in words] == [w.casefold() for w in tail], (
                name, title)


def test_word_figure_captions_keep_with_their_picture(out: Path) -> None:
    document = docx.Document(str(out / "bilag.docx"))
    paragraphs = document.paragraphs
    captions = [(i, p) for i, p in enumerate(paragraphs)
                if re.match(r"(Figur|Figure) \d+: ", p.text)]
    assert len(captions) >= 6
    for i, p in captions:
        assert p.paragraph_format.keep_with_next is True, p.text
        # the next paragraph is the picture
        assert paragraphs[i + 1]._p.xpath(".//pic:pic"), p.text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="abcæøå ABÆ:/[]*?\\'-,.1", max_size=60)
                | st.sampled_from(["History", "history", "' History '", "x: history"]),
                min_size=1, max_size=12))
def test_sheet_names_of_any_titles_are_valid_and_unique(titles: list[str]) -> None:
    taken: set[str] = set()
    names = [sheet_name(t, taken) for t in titles]
    assert len({n.casefold() for n in names}) == len(names)
    for name in names:
        assert 1 <= len(name) <= 31 and name == name.strip(), repr(name)
        assert not set("[]:*?/\\") & set(name), repr(name)
        assert not name.startswith("'") and not name.endswith("'"), repr(name)
        assert name.casefold() != "history", name  # Excel's own
