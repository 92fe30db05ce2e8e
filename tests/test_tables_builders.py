"""The table builders, the whole appendix, golden HTML files and the Gentofte check.

Golden files live in ``tests/golden/tables/``; ``JOBSTATS_REFRESH_GOLDEN=1``
rewrites them (review the diff by eye before committing).
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import pandas as pd
import pytest

from jobstats import make_frame
from jobstats.errors import ValidationError
from jobstats.tables import (
    aktivitetsoversigt,
    bilag,
    composition_table,
    goal_table,
    langtidsledighed,
    maalgruppeoversigt,
    point_comparison_table,
    ranking_table,
    virksomhedsrettet_tilbud,
)
from jobstats.tables.table import Table

GOLDEN = Path(__file__).parent / "golden" / "tables"
REFRESH = os.environ.get("JOBSTATS_REFRESH_GOLDEN") == "1"

MONTHS = pd.period_range("2016-01", "2018-12", freq="M")
OFFERS = ("ordinær uddannelse", "vejledning og opkvalificering", "løntilskud",
          "virksomhedspraktik", "nyttejob")


def _frame() -> pd.DataFrame:
    """A small frame with constant values within each year (averages are exact).

    Gentofte per year 2016/2017/2018; Hele landet is 100 × Gentofte unless noted.
    """
    rows: list[dict[str, object]] = []

    def add(area: str, group: str, measure: str, per_year: tuple[float | None, ...],
            offer: str | None = None, blinded_months: tuple[str, ...] = ()) -> None:
        for p in MONTHS:
            v = per_year[p.year - 2016]
            blind = str(p) in blinded_months
            rows.append({"area": area, "target_group": group, "period": p,
                         "measure": measure, "offer_type": offer,
                         "value": None if (blind or v is None) else v, "blinded": blind})

    ftp = {
        "kontanthjaelp": (150.0, 120.0, 132.0),
        "kontanthjaelp.jobparate": (50.0, 40.0, 44.0),
        "kontanthjaelp.aktivitetsparate": (100.0, 80.0, 88.0),
        "sygedagpenge": (500.0, 550.0, 495.0),
        "uddannelseshjaelp": (10.0, 12.0, 9.0),
        "i_alt": (660.0, 682.0, 636.0),
    }
    for g, vals in ftp.items():
        blind = ("2018-03",) if g == "kontanthjaelp.aktivitetsparate" else ()
        add("Gentofte", g, "full_time_persons", vals, blinded_months=blind)
        add("Hele landet", g, "full_time_persons", tuple(100 * v for v in vals))
    # a group the country has none of in 2018: share undefined (blank)
    add("Gentofte", "forsikrede.mam", "full_time_persons", (26.0, 3.0, 0.0))
    add("Hele landet", "forsikrede.mam", "full_time_persons", (2600.0, 300.0, 0.0))
    for g, vals in {"i_alt": (30.0, 24.0, 18.0), "forsikrede.dagpenge": (20.0, 16.0, 12.0),
                    "kontanthjaelp.jobparate": (10.0, 8.0, 6.0)}.items():
        add("Gentofte", g, "long_term_unemployed", vals)
        add("Hele landet", g, "long_term_unemployed", tuple(200 * v for v in vals))
    for o, (lt, vp) in zip(OFFERS, ((2.0, 4.0), (3.0, 5.0), (4.0, 6.0), (6.0, 9.0),
                                    (1.0, 1.5)), strict=True):
        add("Gentofte", "kontanthjaelp", "activated_full_time_persons", (lt, lt, vp), offer=o)
    return make_frame(pd.DataFrame(rows))


def _golden(name: str, table_html: str) -> None:
    path = GOLDEN / f"{name}.html"
    if REFRESH or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(table_html, encoding="utf-8")
        if not REFRESH:
            pytest.fail(f"golden file {path} was missing and has been written; review it")
    assert table_html == path.read_text(encoding="utf-8"), (
        f"{name} differs from {path}; if intended, rerun with JOBSTATS_REFRESH_GOLDEN=1")


def _texts(t: Table, key: str) -> list[str]:
    i = [r.key for r in t.rows].index(key)
    return [t.text(i, j) for j in range(len(t.columns))]


# ---- Målgruppeoversigt ---------------------------------------------------------------
def test_maalgruppeoversigt_values_by_hand() -> None:
    t = maalgruppeoversigt(_frame(), "Gentofte", years=[2017, 2018])
    # row order from the taxonomy, sub-groups indented, I alt last
    assert [r.key for r in t.rows] == [
        "forsikrede.mam", "kontanthjaelp", "kontanthjaelp.jobparate",
        "kontanthjaelp.aktivitetsparate", "sygedagpenge", "uddannelseshjaelp", "i_alt"]
    assert t.rows[-1].total and t.rows[2].depth == 1 and t.rows[1].depth == 0
    # kontanthjælp: 120 -> 132 is +10%; 2017 vs 2016: 150 -> 120 is -20%; share 1%
    assert _texts(t, "kontanthjaelp") == ["120", "1,00%", "-20,00%", "132", "1,00%", "10,00%"]
    # one blinded month blinds the 2018 average, its share and its change
    assert _texts(t, "kontanthjaelp.aktivitetsparate")[3:] == [".", ".", "."]
    # 3 -> 0 is -100%; national 0 in 2018: share undefined (blank), never 0 or inf
    assert _texts(t, "forsikrede.mam") == ["3", "1,00%", "-88,46%", "0", "", "-100,00%"]
    assert [c.group for c in t.columns] == ["2017"] * 3 + ["2018"] * 3
    assert [c.change for c in t.columns] == [False, False, True] * 2
    assert t.source == "Kilde: Jobindsats.dk"


def test_maalgruppeoversigt_source_comes_from_the_data() -> None:
    f = _frame()
    f.attrs["source"] = "Syntetiske demodata"
    assert maalgruppeoversigt(f, "Gentofte").source == "Kilde: Syntetiske demodata"


def test_maalgruppeoversigt_english() -> None:
    t = maalgruppeoversigt(_frame(), "Gentofte", years=[2018], language="en")
    assert t.rows[1].label == "Social assistance" and t.columns[1].label == "National share"
    assert _texts(t, "sygedagpenge") == ["495", "1.00%", "-10.00%"]
    assert t.source == "Source: Jobindsats.dk"


def test_maalgruppeoversigt_unknown_area_lists_close_matches() -> None:
    with pytest.raises(ValidationError) as err:
        maalgruppeoversigt(_frame(), "Gentofe")
    assert "Gentofte" in str(err.value)


def test_maalgruppeoversigt_does_not_mutate_its_input() -> None:
    f = _frame()
    before = f.copy()
    maalgruppeoversigt(f, "Gentofte")
    pd.testing.assert_frame_equal(f, before)


# ---- other tables -----------------------------------------------------------------
def test_langtidsledighed_total_first() -> None:
    t = langtidsledighed(_frame(), "Gentofte", years=[2018])
    assert [r.key for r in t.rows] == ["i_alt", "forsikrede.dagpenge",
                                       "kontanthjaelp.jobparate"]
    # 24 -> 18 is -25%; national = 200 × Gentofte: share 0,50%
    assert _texts(t, "i_alt") == ["18", "0,50%", "-25,00%"]


def test_langtidsledighed_english_title_is_not_the_papers_figure_section() -> None:
    # "Øvrige opgørelser" are other key figures; "Other figures" is the English paper's
    # section for figures no table claims, so the table's title must not read as it
    t = langtidsledighed(_frame(), "Gentofte", years=[2018], language="en")
    assert t.title == "Other key figures: long-term unemployment"
    assert langtidsledighed(_frame(), "Gentofte", years=[2018]).title == \
        "Øvrige opgørelser: Langtidsledigheden"


def test_virksomhedsrettet_tilbud_change_of_both_together() -> None:
    t = virksomhedsrettet_tilbud(_frame(), "Gentofte", years=[2017, 2018])
    # 2017: løntilskud 4, praktik 6 (sum 10); 2018: 6 and 9 (sum 15): +50%
    assert _texts(t, "kontanthjaelp") == ["4,0", "6,0", "0,00%", "6,0", "9,0", "50,00%"]


def test_aktivitetsoversigt_passive_is_group_minus_activated() -> None:
    t = aktivitetsoversigt(_frame(), "Gentofte", 2018)
    # 2018 offers: 4 + 5 + 6 + 9 + 1,5 = 25,5 activated; 132 - 25,5 = 106,5 passive
    assert _texts(t, "kontanthjaelp") == ["4,0", "5,0", "6,0", "9,0", "1,5", "25,5", "106,5"]


def test_ranking_table_ties_national_first_own_marked() -> None:
    f = make_frame(pd.DataFrame({
        "area": ["Hele landet", "Gentofte", "Gladsaxe", "Herlev", "Furesø", "Rudersdal"],
        "target_group": "uddannelseshjaelp", "period": pd.Period("2018", "Y"),
        "measure": "full_time_persons:population_share",
        "value": [1.1, 0.5, 0.3, 0.3, 0.9, 0.4]}))
    t = ranking_table(f, area="Gentofte", n=3, verdict="på rette vej")
    assert [r.label for r in t.rows] == ["Hele landet", "Gladsaxe", "Herlev", "Rudersdal",
                                         "Gentofte"]
    assert [t.text(i, 0) for i in range(5)] == ["", "1", "1", "3", "4"]
    assert [r.highlight for r in t.rows] == [False, False, False, False, True]
    assert t.verdict == "på rette vej"
    assert ranking_table(f, area="Gentofte", n=3, verdict="på rette vej",
                         language="en").verdict == "on track"


def test_goal_table_rejects_unknown_verdict() -> None:
    f = make_frame(pd.DataFrame({"area": "Gentofte", "target_group": "i_alt",
                                 "period": pd.Period("2018", "Y"),
                                 "measure": "full_time_persons", "value": [1.0]}))
    with pytest.raises(ValidationError):
        goal_table(f, "Gentofte", title="x", verdict="grøn")


def test_point_comparison_sums_a_missing_comparison_area() -> None:
    rows = []
    for area, dec17, dec18 in (("Gentofte", 200.0, 190.0), ("Gladsaxe", 300.0, 330.0),
                               ("Hele landet", 1000.0, 1100.0)):
        for p, v in (("2017-12", dec17), ("2018-12", dec18)):
            rows.append({"area": area, "target_group": "kontanthjaelp",
                         "period": pd.Period(p, "M"), "measure": "full_time_persons",
                         "value": v})
    from jobstats import taxonomy
    tx = taxonomy.default().with_aggregate("Nabo", ["Gentofte", "Gladsaxe"])
    t = point_comparison_table(make_frame(pd.DataFrame(rows)), "Gentofte", "Nabo", year=2018,
                               taxonomy=tx)
    assert [r.label for r in t.rows] == ["Gentofte", "Nabo", "Hele landet"]
    # Nabo = 500 -> 520: +4%
    assert [t.text(1, j) for j in range(3)] == ["500", "520", "4,00%"]
    assert t.rows[0].highlight and t.columns[2].change


def test_composition_table_whole_percent_sums_to_100() -> None:
    f = make_frame(pd.DataFrame({
        "area": "Gentofte", "period": pd.Period("2018", "Y"),
        "target_group": ["kontanthjaelp", "sygedagpenge", "uddannelseshjaelp"],
        "measure": "full_time_persons", "value": [126.0, 473.0, 401.0]}))
    t = composition_table(f, "Gentofte")
    # 12,6 / 47,3 / 40,1 -> 13 / 47 / 40 (largest remainder), total 1.000 and 100%
    assert [t.text(i, 1) for i in range(4)] == ["13%", "47%", "40%", "100%"]
    assert t.text(3, 0) == "1.000" and t.rows[3].total


# ---- golden HTML ----------------------------------------------------------------------
def _golden_tables() -> dict[str, Table]:
    f = _frame()
    share = make_frame(pd.DataFrame({
        "area": ["Hele landet", "Gentofte", "Gladsaxe", "Herlev", "Furesø"],
        "target_group": "uddannelseshjaelp", "period": pd.Period("2018", "Y"),
        "measure": "full_time_persons:population_share",
        "value": [1.1, 0.5, 0.3, 0.3, 0.9]}))
    refugees = make_frame(pd.DataFrame({
        "area": "Gentofte", "target_group": "flygtninge",
        "period": [pd.Period(str(y), "Y") for y in (2016, 2017, 2018)] * 2,
        "measure": ["unsubsidised_employment"] * 3 + ["pct_unsubsidised_employment"] * 3,
        "value": [78.0, 112.0, 135.0, 18.94, 24.1, 29.25]}))
    return {
        "maalgruppeoversigt": maalgruppeoversigt(f, "Gentofte"),
        "maalgruppeoversigt_en": maalgruppeoversigt(f, "Gentofte", language="en"),
        "langtidsledighed": langtidsledighed(f, "Gentofte"),
        "virksomhedsrettet_tilbud": virksomhedsrettet_tilbud(f, "Gentofte"),
        "aktivitetsoversigt": aktivitetsoversigt(f, "Gentofte", 2018),
        "rangliste": ranking_table(share, area="Gentofte", n=3, verdict="kræver opmærksomhed"),
        "maal_flygtninge": goal_table(refugees, "Gentofte", title="Mål: flere i job",
                                      decimals={"pct_unsubsidised_employment": 1},
                                      verdict="opnået"),
        "sammensaetning": composition_table(f[f.target_group.isin(
            ["kontanthjaelp", "sygedagpenge", "uddannelseshjaelp"])].reset_index(drop=True),
            "Gentofte", "2018-12"),
    }


@pytest.mark.parametrize("name", sorted(_golden_tables()))
def test_golden_html(name: str) -> None:
    _golden(name, _golden_tables()[name].to_html(standalone=True))


# ---- the demo data: Gentofte as published ---------------------------------------------
@pytest.fixture(scope="module")
def demo() -> pd.DataFrame:
    from jobstats.demodata import DemoDataMissingError
    from jobstats.demodata import demo as load_demo

    try:
        return load_demo()
    except DemoDataMissingError as exc:  # pragma: no cover - a clone without data
        pytest.skip(str(exc))


def test_gentofte_maalgruppeoversigt_matches_the_published_appendix(demo: pd.DataFrame
                                                                    ) -> None:
    from jobstats.published_numbers import gentofte_maalgruppeoversigt

    published = gentofte_maalgruppeoversigt()
    t = maalgruppeoversigt(demo, "Gentofte", years=[2016, 2017, 2018])
    assert [r.key for r in t.rows] == list(dict.fromkeys(published.target_group))
    col = {(c.group, c.label): j for j, c in enumerate(t.columns)}
    label = {"full_time_persons": "Årsgennemsnit",
             "full_time_persons:national_share": "Landsandel"}
    mismatches = []
    for rec in published.itertuples():
        i = [r.key for r in t.rows].index(str(rec.target_group))
        got = t.text(i, col[(str(rec.year), label[str(rec.measure)])])
        if got != rec.text:
            mismatches.append((rec.target_group, rec.year, rec.measure, rec.text, got))
    assert mismatches == []
    assert t.source.startswith("Kilde: Syntetiske")
    # the labels too: published sub-groups are printed "- name"
    assert [t.row_label(i) for i in range(3)] == [
        "Forsikrede ledige og midlertidige ordninger", "- Dagpengemodtagere",
        "- Midlertidig Arbejdsmarkedsydelse"]


def test_gentofte_golden_html(demo: pd.DataFrame) -> None:
    t = maalgruppeoversigt(demo, "Gentofte", years=[2016, 2017, 2018])
    _golden("gentofte_maalgruppeoversigt_demo", t.to_html(standalone=True))


def test_bilag_from_the_demo_data(demo: pd.DataFrame, tmp_path: Path) -> None:
    from openpyxl import load_workbook
    from pypdf import PdfReader

    b = bilag(demo, area="Gentofte", year=2018, compare="Østdanmark")
    assert b.names == ("maalgruppeoversigt", "langtidsledighed", "virksomhedsrettet_tilbud",
                       "aktivitetsoversigt", "maal_befolkningsandel", "maal_loentimer",
                       "maal_flygtninge", "rangliste_uddannelseshjaelp",
                       "punkt_kontanthjaelp", "sammensaetning")
    assert b.omitted == ()
    goals = [t for t in b if t.name.startswith(("maal_", "rangliste_"))]
    assert all(t.verdict in ("opnået", "på rette vej", "kræver opmærksomhed") for t in goals)
    ranking = b["rangliste_uddannelseshjaelp"]
    assert ranking.rows[0].label == "Hele landet" and math.isnan(ranking.values[0][0])
    assert sum(r.highlight for r in ranking.rows) == 1
    places = [v[0] for v in ranking.values[1:] if not math.isnan(v[0])]
    assert places == sorted(places)
    point = b["punkt_kontanthjaelp"]
    assert [r.label for r in point.rows] == ["Gentofte", "Østdanmark", "Hele landet"]
    comp = b["sammensaetning"]
    assert comp.values[-1][1] == 100.0
    assert all(t.source == "Kilde: Syntetiske demodata (jobstats) — ikke rigtige tal"
               for t in b)
    b.to_excel(tmp_path / "b.xlsx")
    assert len(load_workbook(tmp_path / "b.xlsx").sheetnames) == len(b)
    b.to_pdf(tmp_path / "b.pdf")
    text = " ".join(p.extract_text() for p in PdfReader(tmp_path / "b.pdf").pages)
    # I alt 2016 and 2018 as published (4.194, 3.999); Hele landet's share of Dagpenge
    assert "4.194" in text and "3.999" in text and "Målgruppeoversigt" in text and "1,03%" in text
