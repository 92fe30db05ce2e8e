"""The taxonomy: target groups, areas and measures as data."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from jobstats import taxonomy
from jobstats.errors import JobstatsError, UnknownNameError
from tests.conftest import real_file

# The Målgruppeoversigt rows of DOMAIN.md, in printed order (sub-groups with "- ").
DOMAIN_ROWS = [
    "Forsikrede ledige og midlertidige ordninger",
    "- Dagpengemodtagere",
    "- Midlertidig Arbejdsmarkedsydelse",
    "- Ny Midlertidig Kontantydelse",
    "Kontanthjælp",
    "- Jobparate",
    "- Aktivitetsparate",
    "- Integrationsprogrammet (jobparate)",
    "- Integrationsprogrammet (aktivitetsparat)",
    "Integrationsydelse",
    "- Jobparate (integrationsprogram)",
    "- Aktivitetsparate (integrationsprogram)",
    "- Åbenlyst Uddannelsesparate (integrationsprogram)",
    "- Uddannelsesparate (integrationsprogram)",
    "- Integrationsydelse andre",
    "Revalidering",
    "- Revalidender",
    "- Forrevalidender",
    "Sygedagpenge",
    "Førtidspension",
    "Fleksjobberettiget",
    "- Fleksjob",
    "- Ledighedsydelse",
    "Ressourceforløb",
    "Uddannelseshjælp",
    "- Åbenlyst Uddannelsesparate",
    "- Uddannelsesparate",
    "Uddannelseshjælp (aktivitetsparate)",
    "Jobafklaringsforløb",
    "I alt",
]


def test_appendix_groups_in_published_order_with_exact_names() -> None:
    tx = taxonomy.default()
    in_appendix = {"i_alt", *tx.children("i_alt")}
    in_appendix |= {c for g in tx.children("i_alt") for c in tx.children(g)}
    appendix = [g for g in tx.ordered_groups() if g in in_appendix]
    printed = [("- " if tx.depth(g) == 1 else "") + tx.groups[g].name_da for g in appendix]
    assert printed == DOMAIN_ROWS


def test_every_parent_exists_and_orders_are_unique() -> None:
    tx = taxonomy.default()
    for g in tx.groups.values():
        assert g.parent is None or g.parent in tx.groups, g.id
    orders = [g.order for g in tx.groups.values()]
    assert len(orders) == len(set(orders))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Kontanthjælp / Jobparate", "kontanthjaelp.jobparate"),
        ("kontanthjælp/jobparate", "kontanthjaelp.jobparate"),
        ("Integrationsydelse / Jobparate (integrationsprogram)", "integrationsydelse.jobparate"),
        ("Uddannelseshjælp / Uddannelsesparate", "uddannelseshjaelp.uddannelsesparate"),
        ("Sygedagpenge", "sygedagpenge"),
        ("A-dagpenge mv.", "bm.a_dagpenge"),
        ("Ydelsesgrupper i alt", "bm.i_alt"),
        ("Fleksjobberettiget / Ledighedsydelse", "fleksjobberettiget.ledighedsydelse"),
    ],
)
def test_resolve_group(name: str, expected: str) -> None:
    assert taxonomy.resolve_group(name) == expected


def test_unknown_group_suggests_close_matches() -> None:
    with pytest.raises(UnknownNameError) as info:
        taxonomy.resolve_group("Sygedagpenges")
    assert info.value.codes == {"unknown_target_group"}
    assert "Sygedagpenge" in info.value.problems[0].suggestions
    assert isinstance(info.value, JobstatsError)


def test_unknown_child_lists_the_parents_children() -> None:
    with pytest.raises(UnknownNameError, match="Jobparate") as info:
        taxonomy.resolve_group("Kontanthjælp / Jobparat")
    assert info.value.problems[0].suggestions[0] == "Jobparate"


def test_unknown_area_suggests_hillerod() -> None:
    with pytest.raises(UnknownNameError) as info:
        taxonomy.resolve_area("Hilleroed")
    problem = info.value.problems[0]
    assert problem.code == "unknown_area"
    assert problem.suggestions[0] == "Hillerød"
    assert "did you mean 'Hillerød'?" in str(info.value)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Copenhagen", "København"),
        ("All Denmark", "Hele landet"),
        ("Province Byen København", "Landsdel Byen København"),
        ("0157", "Gentofte"),
        ("Gentofte Kommune", "Gentofte"),
        ("høje-taastrup", "Høje-Taastrup"),
        ("Not stated municipality", "Uoplyst kommune"),
        ("Uoplyst område", "Uoplyst kommune"),
    ],
)
def test_resolve_area_spellings(name: str, expected: str) -> None:
    assert taxonomy.resolve_area(name) == expected


def test_area_structure() -> None:
    tx = taxonomy.default()
    assert len(tx.kommuner()) == 98
    assert len(tx.areas_of_kind("region")) == 5
    assert len(tx.areas_of_kind("landsdel")) == 11
    # every kommune in exactly one landsdel, each landsdel in one region
    ld_total = sum(len(tx.members(ld)) for ld in tx.areas_of_kind("landsdel"))
    region_total = sum(len(tx.members(r)) for r in tx.areas_of_kind("region"))
    assert ld_total == region_total == 98
    assert tx.members("Hele landet") == tx.kommuner()
    east = set(tx.members("Region Hovedstaden")) | set(tx.members("Region Sjælland"))
    assert set(tx.members("Østdanmark")) == east
    assert "Gentofte" in east and "Aarhus" not in east


def test_user_aggregate_is_a_new_taxonomy() -> None:
    base = taxonomy.default()
    tx = base.with_aggregate("Nord+", ["Landsdel Nordsjælland", "Gentofte"])
    assert "Nord+" not in base.areas
    assert set(tx.members("Nord+")) == {*base.members("Landsdel Nordsjælland"), "Gentofte"}
    with pytest.raises(UnknownNameError) as info:
        base.with_aggregate("X", ["Hilleroed", "Gentofte", "Lyngbi"])
    assert len(info.value.problems) == 2  # both bad members reported at once


def test_table_group_follows_validity_periods() -> None:
    tx = taxonomy.default()
    assert tx.table_group("Y01A02") == "forsikrede.dagpenge"
    assert tx.table_group("Y36A02", pd.Period("2024-01", "M")) == "kontanthjaelp"
    assert tx.table_group("Y60A02", pd.Period("2025-09", "M")) == "kontanthjaelp"
    with pytest.raises(UnknownNameError):
        tx.table_group("Y99A99")


def test_group_validity() -> None:
    mam = taxonomy.default().group("Midlertidig Arbejdsmarkedsydelse")
    assert mam.valid_in(pd.Period("2017", "Y-DEC"))
    assert not mam.valid_in(pd.Period("2020-01", "M"))


def test_measures_resolve_jobindsats_labels() -> None:
    assert taxonomy.resolve_measure("Antal fuldtidspersoner") == "full_time_persons"
    assert (taxonomy.resolve_measure("Fuldtidspersoner i pct. af befolkningen 16-66 år")
            == "pct_population")
    with pytest.raises(UnknownNameError):
        taxonomy.resolve_measure("Antal fuldtidspersonner i alt")


def test_areas_agree_with_the_real_municipality_list() -> None:
    path = real_file("municipalities_landsdel_region.csv")
    tx = taxonomy.default()
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 98
    for r in rows:
        area = tx.area(r["kommune"])
        assert area.code == r["kommunekode"]
        assert area.jobindsats_name == r["jobindsats_area"]
        assert area.landsdel == r["landsdel"]
        assert area.region == r["region"]


def test_offer_types_are_data_in_appendix_order() -> None:
    tx = taxonomy.default()
    assert tx.ordered_offer_types() == ("ordinær uddannelse", "vejledning og opkvalificering",
                                        "løntilskud", "virksomhedspraktik", "nyttejob")
    # DOMAIN.md: virksomhedsrettet tilbud = løntilskud + virksomhedspraktik
    assert tx.ordered_offer_types(company_based=True) == ("løntilskud", "virksomhedspraktik")
    assert tx.offer_types["løntilskud"].label("en") == "Wage subsidy"
