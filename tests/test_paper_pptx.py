"""``bilag.pptx`` read back with python-pptx: a title slide, then one slide per figure
in paper order with its caption and its picture (the PNG as saved), whose own source
line is the slide's only one."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation
from pptx.shapes.autoshape import Shape
from pptx.shapes.picture import Picture
from pptx.slide import Slide

import jobstats
from jobstats.cli import main
from jobstats.paper.document import build_paper
from jobstats.paper.pptx import (
    SLIDE_HEIGHT,
    SLIDE_WIDTH,
    picture_box,
    side_title_size,
    title_box,
    write_pptx,
)

REPO = Path(__file__).resolve().parents[1]

# the figures of Gentofte 2018 with the example goals file, as the PDF captions them
GOLDEN_TITLES = [
    "Figur 1: Målopfølgning",
    "Figur 2: Årsgennemsnit pr. målgruppe",
    "Figur 3: Udvikling i fuldtidspersoner og landsandel",
    "Figur 4: Langtidsledige, månedlig",
    "Figur 5: Virksomhedsrettet tilbud",
    "Figur 6: Flygtninge i ustøttet beskæftigelse",
    "Figur 7: Kontanthjælp i pct. af befolkningen",
    "Figur 8: Kort: kontanthjælp i pct. af befolkningen",
]
# which PNG each of them is (the report's figure files)
GOLDEN_FILES = ["maal_oversigt", "figur1_maalgrupper", "figur2_udvikling",
                "figur5_langtidsledige", "figur3_virksomhedsrettet",
                "figur4_ustoettet_beskaeftigelse", "figur6_kontanthjaelp_andel",
                "kort_kontanthjaelp"]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pptx")
    assert main(["report", "--area", "Gentofte", "--year", "2018", "--goals",
                 str(REPO / "docs" / "goals.toml"), "--pptx", "--out", str(folder),
                 "--quiet"]) == 0
    return folder


def _pictures(slide: Slide) -> list[Picture]:
    return [s for s in slide.shapes if isinstance(s, Picture)]


def _texts(slide: Slide) -> list[str]:
    return [s.text_frame.text for s in slide.shapes if isinstance(s, Shape) and s.has_text_frame]


def test_golden_structure(out: Path) -> None:
    deck = Presentation(str(out / "bilag.pptx"))
    slides = list(deck.slides)
    pngs = sorted((out / "figurer").glob("*.png"))
    assert len(slides) == 1 + len(pngs) == 1 + len(GOLDEN_TITLES)
    front = "\n".join(_texts(slides[0]))
    assert slides[0].shapes.title.text == "Nøgletalsbilag, Gentofte 2018"
    for line in ("Kommune: Gentofte", "Periode: 2016-2018", "Data til og med: december 2018",
                 "Kilder: Syntetiske demodata"):
        assert line in front
    assert not _pictures(slides[0])
    assert [s.shapes.title.text for s in slides[1:]] == GOLDEN_TITLES
    for slide, name in zip(slides[1:], GOLDEN_FILES, strict=True):
        (picture,) = _pictures(slide)
        # the PNG as saved: not decoded, not re-encoded
        assert picture.image.blob == (out / "figurer" / f"{name}.png").read_bytes()
        # one source line per slide: the one drawn in the figure under its plot
        # (the same file's SVG holds its text), none printed a second time beside it
        assert not [t for t in _texts(slide) if "Kilde" in t or "Source" in t]
        svg = (out / "figurer" / f"{name}.svg").read_text(encoding="utf-8")
        assert svg.count("Kilde: Syntetiske demodata (jobstats) — ikke rigtige tal") == 1
        assert _texts(slide) == [slide.shapes.title.text]


def test_pictures_fit_the_slide_and_keep_their_shape(out: Path) -> None:
    deck = Presentation(str(out / "bilag.pptx"))
    assert (deck.slide_width, deck.slide_height) == (SLIDE_WIDTH, SLIDE_HEIGHT)
    slide_w, slide_h = int(SLIDE_WIDTH), int(SLIDE_HEIGHT)
    for slide in list(deck.slides)[1:]:
        (picture,) = _pictures(slide)
        title = slide.shapes.title
        assert title is not None
        left, top, width, height = picture.left, picture.top, picture.width, picture.height
        assert left >= 0 and top >= 0
        assert left + width <= slide_w and top + height <= slide_h
        px_w, px_h = picture.image.size
        assert width / height == pytest.approx(px_w / px_h, rel=0.005)
        if top >= title.top + title.height:  # below its title: centred across the slide
            assert abs(left - (slide_w - left - width)) <= 2
            # it fills the room: as tall as the room allows or as wide
            assert height >= 0.6 * slide_h or width >= 0.99 * (slide_w - 2 * 457_200)
        else:  # a tall picture beside its title column: (nearly) the slide's height
            assert left >= title.left + title.width
            assert height >= 0.9 * slide_h or width >= 0.69 * slide_w
    # Figur 2 and 3 (the bars by target group, 945 × 987 and 945 × 789 px) are tall:
    # beside their titles, 7 in tall (the slide's 7.5 in less 0.25 in above and below),
    # where below a title they had 6.1 in
    slides = list(deck.slides)
    for n in (2, 3):
        (picture,) = _pictures(slides[n])
        assert picture.height == 6_400_800, n


def test_picture_box_by_hand() -> None:
    # the room for a picture: 7.5 in tall less the title (0.25 in from the top, 0.8 in
    # tall, 0.1 in gap) and 0.25 in at the bottom = 6.1 in = 5,577,840 EMU (no caption
    # under it: the figure carries its source line); 13.333 in wide less two 0.5 in
    # margins = 11,277,600 EMU; the picture starts 1.15 in = 1,051,560 EMU from the top
    # a 3:1 picture is limited by the width
    assert picture_box((3000, 1000)) == ((12_192_000 - 11_277_600) // 2, 1_051_560,
                                         11_277_600, 3_759_200)
    # a 2:1 picture by the height: 5,577,840 tall, 11,155,680 wide, centred
    assert picture_box((1000, 500)) == ((12_192_000 - 11_155_680) // 2, 1_051_560,
                                        11_155_680, 5_577_840)


def test_tall_picture_box_by_hand() -> None:
    # beside the title column: the room starts 0.5 in margin + 2.9 in column + 0.2 in
    # gap = 3.6 in = 3,291,840 EMU from the left and ends 0.5 in from the right:
    # 12,192,000 − 457,200 − 3,291,840 = 8,442,960 wide; 7.5 in less 0.25 in above and
    # below = 6,400,800 tall, from 228,600
    # 945 × 987 px (Figur 2): the height limits it: 6,400,800 tall,
    # 6,400,800 × 945 / 987 = 6,128,425.5 → 6,128,425 wide, centred in the room:
    # 3,291,840 + (8,442,960 − 6,128,425) // 2 = 4,449,107; below a title it would be
    # 5,577,840 tall (6,400,800 is 14.8 % more)
    assert picture_box((945, 987)) == (4_449_107, 228_600, 6_128_425, 6_400_800)
    assert title_box((945, 987)) == (457_200, 228_600, 2_651_760, 6_400_800)
    # 945 × 711 px: the width limits it: 8,442,960 × 711 / 945 = 6,352,322.3 → 6,352,322
    # tall (13.9 % more than 5,577,840), centred: 228,600 + (6,400,800 − 6,352,322) // 2
    assert picture_box((945, 711)) == (3_291_840, 252_839, 8_442_960, 6_352_322)
    # 945 × 619 px (the goal overview): beside it would be 8,442,960 × 619 / 945 =
    # 5,530,362 tall, less than 5,577,840 below the title: it stays below, centred:
    # 5,577,840 × 945 / 619 = 8,515,442.6 → 8,515,442 wide,
    # left 457,200 + (11,277,600 − 8,515,442) // 2 = 1,838,279
    assert picture_box((945, 619)) == (1_838_279, 1_051_560, 8_515_442, 5_577_840)
    assert title_box((945, 619)) == (457_200, 228_600, 11_277_600, 731_520)


def test_side_title_size_keeps_words_whole() -> None:
    # the column's text is 2.9 in − 2 × 0.1 in = 2.7 in = 194.4 pt; at 0.62 em a
    # character a 16-letter word ("fuldtidspersoner") fits at 194.4 / (0.62 × 16) =
    # 19.6 → 19 pt; short words keep 28 pt; a 40-letter word gets the floor of 14 pt
    assert side_title_size("Figur 3: Udvikling i fuldtidspersoner og landsandel") == 19.0
    assert side_title_size("Figur 2: Ledige i alt") == 28.0
    assert side_title_size("Figur 9: " + "x" * 40) == 14.0


def test_no_pptx_unless_asked_and_an_earlier_one_is_removed(out: Path, tmp_path: Path) -> None:
    assert (out / "bilag.pptx").is_file()
    assert main(["report", "--area", "Gentofte", "--year", "2018", "--no-figures",
                 "--out", str(out), "--quiet"]) == 0
    assert not (out / "bilag.pptx").exists()  # it would belong to another run


def test_english_and_a_missing_picture(out: Path, tmp_path: Path) -> None:
    appendix = jobstats.bilag(jobstats.demo(), area="Gentofte", year=2018, language="en")
    images = {"figur1_maalgrupper": REPO / "docs/samples/figures/fig1_target_groups_en.png"}
    paper = build_paper(appendix.tables, [("figur1_maalgrupper", "x"), ("figur2_udvikling", "y")],
                        area="Gentofte", period="2016-2018", data_until="December 2018",
                        title="Key figures, Gentofte 2018", language="en")
    write_pptx(paper, tmp_path / "en.pptx", images)
    slides = list(Presentation(str(tmp_path / "en.pptx")).slides)
    front = "\n".join(_texts(slides[0]))
    assert "Municipality: Gentofte" in front
    assert "Data up to and including: December 2018" in front
    # figure 2 has no file: left out, as in the PDF and the Word file
    assert [s.shapes.title.text for s in slides[1:]] == [
        "Figure 1: Annual average by target group"]
    assert _texts(slides[1]) == ["Figure 1: Annual average by target group"]


def test_goal_overview_figure_names_the_source_of_every_goal(tmp_path: Path) -> None:
    # goals 3A and 3B are values the municipality entered ("Egne opgørelser"), the
    # others come from the data: the overview's source line names both
    assert main(["report", "--area", "Gentofte", "--year", "2018", "--goals",
                 str(REPO / "docs" / "goals.toml"), "--figures", "maal_oversigt",
                 "--figure-formats", "svg", "--no-docx", "--out", str(tmp_path),
                 "--quiet"]) == 0
    svg = (tmp_path / "figurer" / "maal_oversigt.svg").read_text(encoding="utf-8")
    assert ("Kilde: Syntetiske demodata (jobstats) — ikke rigtige tal; Egne opgørelser"
            in svg)
