"""Generated text: every number checked against the table it describes."""

from __future__ import annotations

import pytest

from jobstats.paper.text import describe, describe_all, notes_for, numbers_in, unchecked
from jobstats.tables.table import Column, Row, Table


def _table(before: float, after: float, share_a: float, share_b: float) -> Table:
    return Table(
        name="maalgruppeoversigt", title="Målgruppeoversigt", stub="Målgruppe",
        columns=(Column("Årsgennemsnit", group="2020"),
                 Column("Landsandel", group="2020", decimals=2, percent=True),
                 Column("Årsgennemsnit", group="2021"),
                 Column("Landsandel", group="2021", decimals=2, percent=True)),
        rows=(Row("Sygedagpenge", key="sygedagpenge"), Row("I alt", key="i_alt")),
        values=((500.0, 0.8, 520.0, 0.81), (before, share_a, after, share_b)))


def test_sentence_in_the_style_of_the_paper() -> None:
    # the paper: "et fald fra 2.310 fuldtidspersoner til 2.265 i 2021, svarende til et fald
    # på 1,9 pct." — (2265 / 2310 - 1) * 100 = -1,948... → 1,9
    text = describe(_table(2310.0, 2265.0, 0.66, 0.65))
    first = text.sentences[0].text
    assert first == ("Antallet af fuldtidspersoner i alt er faldet fra 2.310 i 2020 til 2.265 "
                     "i 2021, svarende til et fald på 1,9 pct.")
    assert text.sentences[1].text == ("Landsandelen er faldet fra 0,66 pct. til 0,65 pct. "
                                      "(0,01 procentpoint).")
    assert all(s.ok for s in text.sentences)
    assert unchecked(text.sentences) == []


def test_english_sentence() -> None:
    text = describe(_table(2310.0, 2265.0, 0.66, 0.65), language="en")
    assert text.sentences[0].text == ("The number of full-time persons has fallen from 2,310 "
                                      "in 2020 to 2,265 in 2021, a fall of 1.9 per cent.")


def test_each_printed_number_is_covered_by_a_check() -> None:
    text = describe(_table(2310.0, 2265.0, 0.66, 0.65))
    sentence = text.sentences[0]
    assert numbers_in(sentence.text) == ["2.310", "2020", "2.265", "2021", "1,9"]
    relations = [v.relation for _, v in sentence.checks]
    assert any(r.startswith("change") for r in relations)
    assert sum(r.startswith("difference") for r in relations) == 2  # both levels


def test_point_difference_is_from_the_printed_shares() -> None:
    # 8,924 → 8,655 prints 8,92 → 8,66 (half up): the text says 0,26 points, as a reader
    # subtracting the printed shares gets (the unrounded difference is 0,269)
    text = describe(_table(100.0, 90.0, 8.924, 8.655))
    assert "fra 8,92 pct. til 8,66 pct. (0,26 procentpoint)" in text.sentences[1].text


def test_demo_appendix_text_is_consistent_in_both_languages() -> None:
    import jobstats

    data = jobstats.demo()
    for language in ("da", "en"):
        appendix = jobstats.bilag(data, area="Gentofte", year=2018, compare="Østdanmark",
                                  language=language)
        texts = describe_all(appendix, language=language)
        assert sum(len(t.sentences) for t in texts) >= 12
        assert all(t.rejected == () for t in texts)
        for t in texts:
            assert unchecked(t.sentences) == [], t.table


@pytest.mark.parametrize("area", ["Aarhus", "Læsø", "København"])
def test_text_of_other_kommuner_is_consistent(area: str) -> None:
    import jobstats

    texts = describe_all(jobstats.bilag(jobstats.demo(), area=area, year=2018))
    assert [s.text for t in texts for s in t.rejected] == []
    (composition,) = [t for t in texts if t.table == "sammensaetning"]
    assert "pct. af i alt" in composition.paragraph


def test_a_sentence_with_a_failing_check_is_not_ok() -> None:
    from jobstats.paper.text import Sentence
    from jobstats.verify import change_consistent

    bad = Sentence("Antallet er steget fra 300 til 310, en stigning på 8,0 pct.",
                   (("change", change_consistent("300", "310", "+8,0%")),))
    good = Sentence("Antallet er steget fra 300 til 310, en stigning på 3,3 pct.",
                    (("change", change_consistent("300", "310", "+3,3%")),))
    assert not bad.ok and good.ok


def test_point_comparison_sentence() -> None:
    table = Table(name="punkt_kontanthjaelp", title="Kontanthjælp", stub="Område",
                  columns=(Column("December 2017"), Column("December 2018"),
                           Column("Udvikling i procent", decimals=2, percent=True,
                                  change=True)),
                  rows=(Row("Gentofte", highlight=True), Row("Hele landet")),
                  values=((200.0, 190.0, -5.0), (1000.0, 1100.0, 10.0)))
    (sentence,) = describe(table).sentences
    assert sentence.text == ("I Gentofte er antallet faldet fra 200 til 190 (-5,0 pct.), mod "
                             "+10,0 pct. i Hele landet (december 2017–december 2018).")
    assert sentence.ok


@pytest.mark.parametrize(("language", "word"), [("da", "Bemærk"), ("en", "Note")])
def test_notes_blinded_and_reform_break(language: str, word: str) -> None:
    table = Table(name="x", title="Kontanthjælp 2024-2025", stub="År",
                  columns=(Column("Antal"),), rows=(Row("2024"), Row("2025")),
                  values=((1.0,), (float("nan"),)), blinded=((False,), (True,)),
                  language=language)  # type: ignore[arg-type]
    notes = notes_for(table)
    assert len(notes) == 2
    assert all(n.startswith(word) for n in notes)
    assert "Y60A02" in notes[1]


def test_company_offers_sentence_sums_both_offers_of_every_group() -> None:
    table = Table(
        name="virksomhedsrettet_tilbud", title="Virksomhedsrettet tilbud", stub="Målgruppe",
        columns=(Column("Løntilskud", group="2017", decimals=1),
                 Column("Virksomhedspraktik", group="2017", decimals=1),
                 Column("Udvikling i procent (i alt)", group="2017", decimals=2, percent=True,
                        change=True),
                 Column("Løntilskud", group="2018", decimals=1),
                 Column("Virksomhedspraktik", group="2018", decimals=1),
                 Column("Udvikling i procent (i alt)", group="2018", decimals=2, percent=True,
                        change=True)),
        rows=(Row("Kontanthjælp"), Row("Sygedagpenge")),
        values=((10.0, 20.0, 5.0, 12.0, 21.0, 10.0), (5.0, 15.0, 1.0, 4.0, 13.0, -15.0)))
    (sentence,) = describe(table).sentences
    # 10 + 20 + 5 + 15 = 50,0 → 12 + 21 + 4 + 13 = 50,0: unchanged; the % columns are not
    # summed
    assert "fra 50,0 i 2017 til 50,0 i 2018" in sentence.text
    assert sentence.ok
