"""Comparison clusters, the --compare list and user-entered tables."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from jobstats import make_frame
from jobstats.errors import ValidationError
from jobstats.paper.clusters import (
    example_clusters,
    parse_compare,
    read_clusters,
    with_cluster_rows,
    with_clusters,
)
from jobstats.paper.usertables import parse_user_tables, read_user_tables

REPO = Path(__file__).resolve().parents[1]


def test_example_cluster_is_taxonomy_data_of_real_kommuner() -> None:
    clusters = example_clusters()
    tx = with_clusters(clusters)
    (name,) = clusters
    assert "Gentofte" in tx.members(name)
    assert all(tx.areas[m].kind == "kommune" for m in tx.members(name))


def test_compare_list_resolves_every_name_and_reports_all_unknown_ones() -> None:
    assert parse_compare("Østdanmark,Region Hovedstaden") == ("Østdanmark", "Region Hovedstaden")
    assert parse_compare("none") == ()
    with pytest.raises(ValidationError) as info:
        parse_compare("Østdanmrk,Region Hovedstaden,Hilleroed")
    assert len(info.value.problems) == 2
    assert "Hillerød" in str(info.value)


def test_cluster_file_unknown_kommune_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "klynger.toml"
    path.write_text('[cluster."Nord"]\nmembers = ["Rudersdal"]\n\n'
                    '[cluster."Syd"]\nmembers = ["Køge", "Solrd"]\n', encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        read_clusters(path)
    (problem,) = info.value.problems
    assert problem.row == 4
    assert "Solrød" in problem.suggestions


def test_cluster_rows_are_sums_and_shares_are_ratios_of_sums() -> None:
    clusters = {"Par": ("Rudersdal", "Hørsholm")}
    tx = with_clusters(clusters)
    rows = []
    for area, ftp, pop in (("Rudersdal", 10.0, 100.0), ("Hørsholm", 90.0, 300.0)):
        rows.append({"area": area, "target_group": "i_alt", "measure": "full_time_persons",
                     "period": pd.Period("2018-01", "M"), "value": ftp})
        rows.append({"area": area, "target_group": "befolkning",
                     "measure": "population_16_66", "period": pd.Period("2018-01", "M"),
                     "value": pop})
    f = with_cluster_rows(make_frame(pd.DataFrame(rows)), clusters, taxonomy=tx)
    par = f[f["area"] == "Par"].set_index("measure")["value"]
    assert par["full_time_persons"] == 100.0
    assert par["population_16_66"] == 400.0
    # the cluster's share is 100 / 400 = 25%, not the mean of 10% and 30%
    assert par["full_time_persons"] / par["population_16_66"] * 100 == pytest.approx(25.0)


def test_example_user_tables_are_built_and_verified() -> None:
    tables = read_user_tables(REPO / "docs" / "usertables.toml")
    kinds = [t.kind for t in tables]
    assert kinds == ["economy", "counts", "counts", "status"]
    economy = tables[0].table
    assert economy.text(0, 2) == "312,4"
    assert economy.text(0, 3) == "-4,6"
    assert all(v.consistent for t in tables for _, v in t.checks)
    assert len(tables[0].checks) == 3 + 4  # a difference per row, a sum per column
    status = tables[3].table
    assert status.text(0, 1) == "18%"


def test_user_tables_in_english_are_checked_in_the_english_number_format() -> None:
    tables = read_user_tables(REPO / "docs" / "usertables.toml", language="en")
    economy = tables[0].table
    assert economy.columns[1].label == "Revised budget"
    assert economy.text(0, 2) == "312.4"
    assert all(v.consistent for t in tables for _, v in t.checks)


def _economy(values: str) -> str:
    return f"""
[[table]]
kind = "economy"
title = "Økonomi"
rows = [
  {{ label = "Forsørgelse", values = {values} }},
]
"""


def test_afvigelse_must_be_forventet_minus_korrigeret() -> None:
    import tomllib

    good = _economy("[318.2, 317.0, 312.4, -4.6]")
    parse_user_tables(tomllib.loads(good), good)
    bad = _economy("[318.2, 317.0, 312.4, 4.6]")  # sign wrong: a real copy error
    with pytest.raises(ValidationError) as info:
        parse_user_tables(tomllib.loads(bad), bad, source="tabeller.toml")
    (problem,) = info.value.problems
    assert problem.code == "inconsistent"
    assert problem.row == 6
    assert "afvigelse" in problem.message


def test_total_row_must_be_the_sum() -> None:
    import tomllib

    text = """
[[table]]
kind = "counts"
title = "Virksomhedsbesøg"
columns = ["1. kvt."]
rows = [{ label = "A", values = [64] }, { label = "B", values = [22] },
        { label = "I alt", values = [87] }]
"""
    with pytest.raises(ValidationError, match="sum of the rows"):
        parse_user_tables(tomllib.loads(text), text)


def test_row_with_the_wrong_number_of_values_is_refused() -> None:
    import tomllib

    text = _economy("[318.2, 317.0]")
    with pytest.raises(ValidationError, match="needs 4 numbers"):
        parse_user_tables(tomllib.loads(text), text)


def test_report_with_several_comparisons_and_a_cluster() -> None:
    import jobstats
    from jobstats.report import ReportOptions, build_report

    data = jobstats.demo()
    report = build_report(data, ReportOptions(
        "Gentofte", 2018, compare="Østdanmark", figures=False,
        comparisons=("Østdanmark", "Region Hovedstaden", "Nordlige omegnskommuner")))
    point = report.bilag["punkt_kontanthjaelp"]
    assert [r.key for r in point.rows] == ["Gentofte", "Østdanmark", "Region Hovedstaden",
                                           "Nordlige omegnskommuner", "Hele landet"]
    # the cluster is the sum of its six kommuner, December 2018
    members = example_clusters()["Nordlige omegnskommuner"]
    rows = data[(data["measure"] == "full_time_persons")
                & (data["target_group"] == "kontanthjaelp")
                & (data["period"] == pd.Period("2018-12", "M"))
                & data["area"].isin(members)]
    assert len(rows) == len(members) == 6
    assert point.values[3][1] == pytest.approx(rows["value"].sum())
    # its % of the population is the ratio of the sums, not a mean of the six shares
    pop = data[(data["measure"] == "population_16_66")
               & (data["period"] == pd.Period("2018-12", "M")) & data["area"].isin(members)]
    assert point.values[3][3] == pytest.approx(rows["value"].sum() / pop["value"].sum() * 100)


def test_several_comparisons_in_a_part_year_compare_its_last_month() -> None:
    """--period 2018Q2 with --compare A,B: the point comparison is June against June
    (the months the period has), for every comparison area; it once failed asking
    for December."""
    import jobstats
    from jobstats.report import ReportOptions, build_report

    data = jobstats.demo()
    report = build_report(data, ReportOptions(
        "Gentofte", 0, compare="Østdanmark", figures=False, period="2018Q2",
        comparisons=("Østdanmark", "Region Hovedstaden")))
    point = report.bilag["punkt_kontanthjaelp"]
    assert [r.key for r in point.rows] == ["Gentofte", "Østdanmark", "Region Hovedstaden",
                                           "Hele landet"]
    for i, area in enumerate(["Gentofte", "Østdanmark", "Region Hovedstaden"]):
        for j, month in enumerate(["2017-06", "2018-06"]):
            cell = data[(data["measure"] == "full_time_persons")
                        & (data["target_group"] == "kontanthjaelp")
                        & (data["period"] == pd.Period(month, "M")) & (data["area"] == area)]
            assert point.values[i][j] == pytest.approx(float(cell["value"].iloc[0]))


def test_figure_selection_numbers_the_chosen_figures_in_order() -> None:
    import jobstats
    from jobstats.report import ReportOptions, build_report

    data = jobstats.demo()
    report = build_report(data, ReportOptions(
        "Gentofte", 2018, figure_selection=("kort_kontanthjaelp", "figur3_virksomhedsrettet")))
    assert [f.name for f in report.figures] == ["figur3_virksomhedsrettet", "kort_kontanthjaelp"]
    assert report.paper is not None
    assert [f.caption("da") for f in report.paper.figures] == [
        "Figur 1: Virksomhedsrettet tilbud",
        "Figur 2: Kort: kontanthjælp i pct. af befolkningen"]
    with pytest.raises(ValidationError, match="figur3_virksomhedsrettet"):
        build_report(data, ReportOptions("Gentofte", 2018,
                                         figure_selection=("figur3_virksomhedsretet",)))
