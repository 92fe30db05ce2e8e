"""Generated text: every number checked against the table it describes."""

from __future__ import annotations

import re

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
    assert sum(r.startswith("same number as") for r in relations) == 2  # both levels


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


@pytest.mark.parametrize(("language", "expected"), [
    ("da", "I Gentofte er antallet faldet fra 200 til 190 (-5,0 pct.), mod +10,0 pct. i "
           "Østdanmark, -2,0 pct. i Nordlige omegnskommuner og +1,0 pct. i Hele landet "
           "(december 2017–december 2018)."),
    ("en", "In Gentofte the number has fallen from 200 to 190 (-5.0 per cent), against "
           "+10.0 per cent in Østdanmark, -2.0 per cent in Nordlige omegnskommuner and "
           "+1.0 per cent in All Denmark (December 2017–December 2018)."),
])
def test_point_comparison_with_three_areas_is_a_list(language: str, expected: str) -> None:
    # three areas to compare with: "a, b og c", not "a og b og c"
    rows = ("Gentofte", "Østdanmark", "Nordlige omegnskommuner",
            "Hele landet" if language == "da" else "All Denmark")
    table = Table(name="punkt_kontanthjaelp", title="Kontanthjælp", stub="Område",
                  columns=(Column("December 2017"), Column("December 2018"),
                           Column("Udvikling i procent", decimals=2, percent=True,
                                  change=True)),
                  rows=(Row(rows[0], highlight=True), *(Row(r) for r in rows[1:])),
                  values=((200.0, 190.0, -5.0), (1000.0, 1100.0, 10.0), (500.0, 490.0, -2.0),
                          (3000.0, 3030.0, 1.0)),
                  language=language)  # type: ignore[arg-type]
    (sentence,) = describe(table, language=language).sentences  # type: ignore[arg-type]
    assert sentence.text == expected
    assert sentence.ok


@pytest.mark.parametrize(("language", "counts", "share"), [
    ("da", "Antallet af fuldtidspersoner i alt er uændret på 4.103 i 2020 og 2021.",
     "Landsandelen er uændret på 0,95 pct."),
    ("en", "The number of full-time persons is unchanged at 4,103 in 2020 and 2021.",
     "The national share is unchanged at 0.95 per cent."),
])
def test_unchanged_level_and_share(language: str, counts: str, share: str) -> None:
    # not "uændret fra 0,95 pct. til 0,95 pct." nor "has unchanged from ... to ..."
    text = describe(_table(4103.0, 4103.0, 0.95, 0.95), language=language)  # type: ignore[arg-type]
    assert [s.text for s in text.sentences[:2]] == [counts, share]
    assert all(s.ok for s in text.sentences)


def test_almost_unchanged_level_gives_both_numbers() -> None:
    # 4.103 → 4.104 is +0,02 %: printed as 0,0 pct. it is no rise, but not the same number
    text = describe(_table(4103.0, 4104.0, 0.95, 0.95))
    assert text.sentences[0].text == ("Antallet af fuldtidspersoner i alt er stort set "
                                      "uændret: 4.103 i 2020 og 4.104 i 2021.")
    text = describe(_table(4103.0, 4104.0, 0.95, 0.95), language="en")
    assert text.sentences[0].text == ("The number of full-time persons is almost unchanged: "
                                      "4,103 in 2020 and 4,104 in 2021.")


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
    assert "er uændret på 50,0 i 2017 og 2018." in sentence.text
    assert sentence.ok


def test_company_offers_total_is_the_sum_of_the_printed_cells() -> None:
    # 1,04 + 2,04 + 1,04 + 2,04 = 6,16 prints as 1,0 + 2,0 + 1,0 + 2,0: a reader adding
    # the table gets 6,0, so the sentence says 6,0 (not 6,2); 2018: 1 + 3 + 1 + 3 = 8,0,
    # 8,0 / 6,0 - 1 = +33,3 %
    change = Column("Udvikling i procent (i alt)", decimals=2, percent=True, change=True)
    table = Table(
        name="virksomhedsrettet_tilbud", title="Virksomhedsrettet tilbud", stub="Målgruppe",
        columns=tuple(c for y in ("2017", "2018") for c in (
            Column("Løntilskud", group=y, decimals=1),
            Column("Virksomhedspraktik", group=y, decimals=1),
            Column(change.label, group=y, decimals=2, percent=True, change=True))),
        rows=(Row("Kontanthjælp"), Row("Sygedagpenge")),
        values=((1.04, 2.04, 0.0, 1.0, 3.0, 30.0), (1.04, 2.04, 0.0, 1.0, 3.0, 30.0)))
    (sentence,) = describe(table).sentences
    assert sentence.text.endswith("er steget fra 6,0 i 2017 til 8,0 i 2018, svarende til "
                                  "en stigning på 33,3 pct.")
    assert sentence.ok


# ---- Aktivitetsoversigt -------------------------------------------------------------
_OFFERS = ("Ordinær uddannelse", "Vejledning og opkvalificering", "Løntilskud",
           "Virksomhedspraktik", "Nyttejob")


def _activity(revalidering_activated: float = 20.0, language: str = "da") -> Table:
    columns = tuple(Column(c, decimals=1) for c in (*_OFFERS, "Aktiverede", "Passive"))
    return Table(
        name="aktivitetsoversigt", title="Aktivitetsoversigt 2018", stub="Målgruppe",
        columns=columns,
        rows=(Row("Kontanthjælp"), Row("Sygedagpenge"), Row("Revalidering")),
        values=((10.0, 20.0, 5.0, 15.0, 0.0, 50.0, 150.0),
                (0.0, 4.0, 0.0, 6.0, 0.0, 10.0, 290.0),
                (12.5, 2.5, 1.0, 4.0, 0.0, revalidering_activated, 5.0)),
        language=language)  # type: ignore[arg-type]


def test_activity_sentences_by_hand() -> None:
    text = describe(_activity())
    # activated 50 + 10 + 20 = 80,0; passive 150 + 290 + 5 = 445,0; together 525,0;
    # 80 / 525 = 15,24 % → 15,2
    # rates: 50/200 = 25 %, 10/300 = 3,3 %, 20/25 = 80 % → Revalidering
    # offer types: 22,5 / 26,5 / 6,0 / 25,0 / 0,0 → vejledning 26,5 = 33,125 % of 80 → 33,1
    assert [s.text for s in text.sentences] == [
        "I alt var 80,0 fuldtidspersoner aktiveret i 2018 og 445,0 passive, så "
        "aktiveringsgraden er 15,2 pct. af de 525,0 fuldtidspersoner i målgrupperne.",
        "Den højeste aktiveringsgrad har revalidering: 20,0 af 25,0 fuldtidspersoner "
        "(80,0 pct.).",
        "Den største tilbudstype er vejledning og opkvalificering med 26,5 fuldtidspersoner, "
        "33,1 pct. af de 80,0 aktiverede.",
    ]
    assert text.rejected == ()
    assert unchecked(text.sentences) == []


def test_activity_sentences_in_english() -> None:
    english = _activity(language="en").with_language("en")
    text = describe(english, language="en")
    assert text.sentences[0].text == (
        "In all, 80.0 full-time persons were activated in 2018 and 445.0 were passive: an "
        "activation rate of 15.2 per cent of the 525.0 full-time persons in the target groups.")
    assert text.sentences[1].text.startswith("The highest activation rate is for ")
    assert "20.0 of 25.0 full-time persons (80.0 per cent)" in text.sentences[1].text
    assert unchecked(text.sentences) == []


def test_activity_with_an_activated_cell_that_is_not_its_offer_types_is_left_out() -> None:
    from jobstats.paper.document import build_paper
    from jobstats.paper.report import left_out_sentences, paper_checks

    # Revalidering's offer types add to 20,0, its Aktiverede says 30,0: every sentence
    # that prints an activated number is left out and listed
    wrong = _activity(revalidering_activated=30.0)
    text = describe(wrong)
    assert text.sentences == ()
    assert len(text.rejected) == 3
    paper = build_paper([wrong], [], area="Gentofte", period="2016-2018",
                        data_until="december 2018", title="Bilag")
    omitted = left_out_sentences(paper)
    assert len(omitted) == 3
    assert all(o.name == "aktivitetsoversigt" and o.kind == "text" for o in omitted)
    # the good table's checks reach the verification as text rows
    good = build_paper([_activity()], [], area="Gentofte", period="2016-2018",
                       data_until="december 2018", title="Bilag")
    rows = paper_checks(good, ())
    assert rows and all(r.kind == "text" and r.verdict.consistent for r in rows)


def test_demo_activity_overview_sentences() -> None:
    import jobstats

    appendix = jobstats.bilag(jobstats.demo(), area="Gentofte", year=2018)
    text = describe(appendix["aktivitetsoversigt"])
    # the printed Aktiverede of the ten groups: 87,0 + 112,1 + 126,7 + 32,9 + 20,2 + 19,9
    # + 48,8 + 16,5 + 33,9 + 10,5 = 508,5; Passive 729,0 + 352,9 + 100,3 + 37,1 + 522,8
    # + 56,1 + 107,2 + 35,5 + 79,1 + 63,5 = 2.083,5; 508,5 / 2.592,0 = 19,6 %
    assert text.sentences[0].text.startswith("I alt var 508,5 fuldtidspersoner aktiveret i "
                                             "2018 og 2.083,5 passive, så aktiveringsgraden "
                                             "er 19,6 pct. af de 2.592,0")
    # Integrationsydelse 126,7 / (126,7 + 100,3) = 55,8 %, the highest of the groups
    assert "integrationsydelse: 126,7 af 227,0 fuldtidspersoner (55,8 pct.)" in \
        text.sentences[1].text
    # Virksomhedspraktik 21,2 + 52,9 + 54,6 + 3,0 + 16,1 + 13,9 + 27,8 + 5,0 + 11,1 + 6,9
    # = 212,5 = 41,8 % of 508,5
    assert "virksomhedspraktik med 212,5 fuldtidspersoner, 41,8 pct. af de 508,5" in \
        text.sentences[2].text


# ---- user-entered tables ------------------------------------------------------------
def _user_texts(language: str = "da") -> dict[str, list[str]]:
    from pathlib import Path

    from jobstats.paper.usertables import read_user_tables

    path = Path(__file__).resolve().parents[1] / "docs" / "usertables.toml"
    out = {}
    for user in read_user_tables(path, language=language):  # type: ignore[arg-type]
        text = describe(user.table, language=language)  # type: ignore[arg-type]
        assert text.rejected == ()
        assert unchecked(text.sentences) == [], user.table.name
        out[user.table.name] = [s.text for s in text.sentences]
    return out


def test_user_table_sentences_by_hand() -> None:
    texts = _user_texts()
    # I alt: forventet 355,5, korrigeret 359,3, afvigelse 355,5 − 359,3 = −3,8 (under);
    # the largest deviation is Forsørgelsesydelser's −4,6 (Beskæftigelsesindsats +0,8)
    assert texts["oekonomi"] == [
        "Det forventede regnskab er 355,5 mio. kr., 3,8 mio. kr. under det korrigerede "
        "budget på 359,3 mio. kr.",
        "Den største afvigelse er på forsørgelsesydelser: 4,6 mio. kr. under det korrigerede "
        "budget."]
    # 30 → 29: 29 / 30 − 1 = −3,33 % → 3,3; Dec. 2022: Enlige 18 > Par 11
    assert texts["kontanthjaelpsloft"] == [
        "Borgere berørt af kontanthjælpsloftet i alt: 30 i dec. 2021 og 29 i dec. 2022, "
        "svarende til et fald på 3,3 pct.",
        "Den største post (dec. 2022) er enlige med 18 af 29."]
    # 86 → 90: 90 / 86 − 1 = +4,65 % → 4,7
    assert texts["virksomhedsbesoeg"][0].endswith("86 i 1. kvt. og 90 i 2. kvt., svarende "
                                                  "til en stigning på 4,7 pct.")
    # 5 / 28 = 17,9 % → 18, 4 / 28 = 14,3 % → 14, 19 / 28 = 67,9 % → 68 (as printed)
    assert texts["status_efter_forloeb"] == [
        "Af i alt 28: i uddannelse 5 (18 pct.), i job 4 (14 pct.) og øvrige 19 (68 pct.)."]


def test_user_table_sentences_in_english() -> None:
    texts = _user_texts("en")
    assert texts["oekonomi"][0] == ("The expected accounts are 355.5 mio. kr., 3.8 mio. kr. "
                                    "below the revised budget of 359.3 mio. kr.")
    assert texts["kontanthjaelpsloft"][0] == (
        "Borgere berørt af kontanthjælpsloftet, total: 30 in Dec. 2021 and 29 in Dec. 2022, "
        "a fall of 3.3 per cent.")
    assert texts["status_efter_forloeb"] == [
        "Of the total of 28: I uddannelse 5 (18 per cent), I job 4 (14 per cent) and "
        "Øvrige 19 (68 per cent)."]


def _economy(deviation: float, *, total: bool = True) -> Table:
    columns = tuple(Column(c, decimals=1, group="mio. kr.") for c in
                    ("Budget", "Korrigeret budget", "Forventet regnskab", "Afvigelse"))
    rows = (Row("Beskæftigelsesindsats"),) + ((Row("I alt", total=True),) if total else ())
    values = ((41.5, 42.3, 43.1, deviation),) + (((41.5, 42.3, 43.1, deviation),)
                                                 if total else ())
    return Table(name="oekonomi", title="Økonomi", columns=columns, rows=rows, values=values)


def test_economy_over_budget_and_a_wrong_deviation_is_left_out() -> None:
    # 43,1 − 42,3 = +0,8: over the budget
    (sentence,) = describe(_economy(0.8, total=False)).sentences
    assert sentence.text == ("Det forventede regnskab er 43,1 mio. kr., 0,8 mio. kr. over det "
                             "korrigerede budget på 42,3 mio. kr.")
    # a deviation of 1,8 cannot follow from 43,1 − 42,3
    text = describe(_economy(1.8, total=False))
    assert text.sentences == ()
    assert [s.text for s in text.rejected] == [
        "Det forventede regnskab er 43,1 mio. kr., 1,8 mio. kr. over det korrigerede budget "
        "på 42,3 mio. kr."]


def test_counts_and_status_with_a_wrong_number_are_left_out() -> None:
    # a total of 31 is not Enlige 18 + Par 11
    counts = Table(name="loft", title="Loftet", columns=(Column("Dec. 2021"),
                                                         Column("Dec. 2022")),
                   rows=(Row("Enlige"), Row("Par"), Row("I alt", total=True)),
                   values=((21.0, 18.0), (9.0, 11.0), (30.0, 31.0)))
    text = describe(counts)
    assert text.sentences == () and len(text.rejected) == 2
    # 5 of 28 is 17,9 %, not 20 %
    status = Table(name="status", title="Status", columns=(
        Column("Antal"), Column("Andel", percent=True)),
        rows=(Row("I uddannelse"), Row("Øvrige"), Row("I alt", total=True)),
        values=((5.0, 20.0), (23.0, 82.0), (28.0, 100.0)))
    text = describe(status)
    assert text.sentences == () and len(text.rejected) == 1


@pytest.mark.parametrize(("first", "last", "da", "en"), [
    # Danish writes months in lower case inside a sentence; English capitalises them
    ("Dec. 2021", "December 2022", ("dec. 2021", "december 2022"),
     ("Dec. 2021", "December 2022")),
    ("Maj 2021", "Sep 2022", ("maj 2021", "sep 2022"), ("Maj 2021", "Sep 2022")),
    # other labels are quoted as the user wrote them ("Markedsføring" is no month)
    ("1. kvt.", "Uge 7", ("1. kvt.", "Uge 7"), ("1. kvt.", "Uge 7")),
    ("Markedsføring 1", "Decemberhjælp 2", ("Markedsføring 1", "Decemberhjælp 2"),
     ("Markedsføring 1", "Decemberhjælp 2")),
])
def test_counts_quote_month_labels_as_each_language_writes_months(
        first: str, last: str, da: tuple[str, str], en: tuple[str, str]) -> None:
    counts = Table(name="loft", title="Loftet", columns=(Column(first), Column(last)),
                   rows=(Row("Enlige"), Row("Par"), Row("I alt", total=True)),
                   values=((21.0, 18.0), (9.0, 11.0), (30.0, 29.0)))
    dk = [s.text for s in describe(counts, language="da").sentences]
    assert dk == [f"Loftet i alt: 30 i {da[0]} og 29 i {da[1]}, svarende til et fald på 3,3 pct.",
                  f"Den største post ({da[1]}) er enlige med 18 af 29."]
    uk = [s.text for s in describe(counts, language="en").sentences]
    assert uk[0] == f"Loftet, total: 30 in {en[0]} and 29 in {en[1]}, a fall of 3.3 per cent."
    # the table's own column labels stay as written
    assert [c.label for c in counts.columns] == [first, last]


def test_user_kind_of_appendix_tables_is_none() -> None:
    import jobstats
    from jobstats.paper.usertables import user_kind

    appendix = jobstats.bilag(jobstats.demo(), area="Gentofte", year=2018)
    assert {user_kind(t) for t in appendix.tables} == {None}
    assert user_kind(_economy(0.8)) == "economy"


def test_english_row_labels_inside_a_sentence_start_in_lower_case() -> None:
    import jobstats

    appendix = jobstats.bilag(jobstats.demo(), area="Gentofte", year=2018, language="en")
    texts = {t.table: t.paragraph for t in describe_all(appendix, language="en")}
    # ressourceforløb 104 → 156 is the largest change of a group of 20 or more (the
    # Målgruppeoversigt); "Long-term unemployed, total" is the first row of its table
    assert "The largest relative change is for resource programme: from 104 to 156" in \
        texts["maalgruppeoversigt"]
    assert "The number of full-time persons (long-term unemployed, total)" in \
        texts["langtidsledighed"]
    assert "The largest group is disability pension with 1,058" in texts["sammensaetning"]


@pytest.mark.parametrize(("language", "expected"), [
    ("da", "Bemærk: Midlertidig Arbejdsmarkedsydelse findes kun fra juli 2016 til december "
           "2018 (ændret lovgivning eller definition)"),
    ("en", "Note: Temporary labour market benefit exists only from July 2016 until December "
           "2018 (changed law or definition)"),
])
def test_a_groups_period_of_validity_is_written_with_month_names(language: str,
                                                                  expected: str) -> None:
    import jobstats

    # midlertidig arbejdsmarkedsydelse: a benefit from July 2016 (the taxonomy's period)
    appendix = jobstats.bilag(jobstats.demo(), area="Gentofte", year=2018, language=language)  # type: ignore[arg-type]
    notes = notes_for(appendix["maalgruppeoversigt"])
    assert any(n.startswith(expected) for n in notes), notes
    assert not any(re.search(r"\b\d\d\.\d{4}\b", n) for n in notes)  # not "07.2016"
