"""Key figures against published numbers (demo data) and the real DST AUK01 file."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from jobstats import annual_average, make_frame, national_share, yoy_change
from jobstats.numbers import format_number
from tests.conftest import real_file

AUK01 = "dst_auk01_social_assistance_2007Q1-2025Q4.csv"


def test_gentofte_2016_2018_reproduces_the_published_maalgruppeoversigt() -> None:
    from jobstats import demo
    from jobstats.published_numbers import gentofte_maalgruppeoversigt

    published = gentofte_maalgruppeoversigt()
    data = demo()
    keep = (data["area"].isin(["Gentofte", "Hele landet"])
            & (data["measure"] == "full_time_persons")
            & data["target_group"].isin(published["target_group"].unique())
            & (data["period"].dt.year.between(2016, 2018))).to_numpy()
    annual = annual_average(data[keep].drop(columns=["offer_type"]))
    assert not annual["partial"].any()
    shares = national_share(annual)
    mine = pd.concat([annual, shares])
    mine = mine[mine["area"] == "Gentofte"]
    mine_by_key = {
        (str(g), int(p.year), str(m)): (float(v), bool(b))
        for g, p, m, v, b in zip(mine["target_group"], mine["period"], mine["measure"],
                                 mine["value"], mine["blinded"], strict=True)}
    mismatches = []
    for group, year, measure, printed in zip(published["target_group"], published["year"],
                                             published["measure"], published["text"],
                                             strict=True):
        value, blinded = mine_by_key[(str(group), int(year), str(measure))]
        is_share = str(measure).endswith(":national_share")
        text = format_number(value, 2 if is_share else 0, percent=is_share, blinded=blinded)
        if text != printed:
            mismatches.append((group, year, measure, printed, text))
    assert mismatches == []
    assert len(published) == 2 * 3 * published["target_group"].nunique()


def _auk01_by_hand() -> dict[str, dict[int, list[float]]]:
    """Area -> year -> quarterly values, read with the csv module."""
    out: dict[str, dict[int, list[float]]] = defaultdict(lambda: defaultdict(list))
    with real_file(AUK01).open(encoding="utf-8-sig", newline="") as fh:
        for rec in csv.DictReader(fh, delimiter=";"):
            year = int(rec["TID"][:4])
            out[rec["OMRÅDE"]][year].append(float(rec["INDHOLD"]))
    return out


def _auk01_frame() -> pd.DataFrame:
    try:
        from jobstats import read_statbank

        return read_statbank(real_file(AUK01))
    except ImportError:  # pragma: no cover - the loader is not there yet
        rows = []
        with real_file(AUK01).open(encoding="utf-8-sig", newline="") as fh:
            for rec in csv.DictReader(fh, delimiter=";"):
                from jobstats.taxonomy import resolve_area

                rows.append((resolve_area(rec["OMRÅDE"]), "nettoledige_kontanthjaelp",
                             pd.Period(rec["TID"], "Q"), "full_time_persons",
                             float(rec["INDHOLD"])))
        return make_frame(pd.DataFrame(rows, columns=["area", "target_group", "period",
                                                      "measure", "value"]))


@pytest.mark.realdata
def test_auk01_annual_averages_and_gentofte_share_of_all_denmark() -> None:
    by_hand = _auk01_by_hand()
    frame = _auk01_frame()
    annual = annual_average(frame)
    assert annual["n_months"].eq(12).all()  # 2007Q1-2025Q4: whole years only
    got = annual.set_index(["area", annual["period"].dt.year])["value"]
    for dst_name, area in (("All Denmark", "Hele landet"), ("Gentofte", "Gentofte"),
                           ("Copenhagen", "København"), ("Region Hovedstaden",
                                                         "Region Hovedstaden")):
        for year, quarters in by_hand[dst_name].items():
            assert len(quarters) == 4
            assert got[(area, year)] == pytest.approx(sum(quarters) / 4, rel=1e-12)
    shares = national_share(annual).set_index(["area", annual["period"].dt.year])["value"]
    for year in (2007, 2016, 2025):
        expected = 100 * sum(by_hand["Gentofte"][year]) / sum(by_hand["All Denmark"][year])
        assert shares[("Gentofte", year)] == pytest.approx(expected, rel=1e-12)
    yoy = yoy_change(annual).set_index(["area", annual["period"].dt.year])["value"]
    g = by_hand["Gentofte"]
    assert yoy[("Gentofte", 2018)] == pytest.approx(
        (sum(g[2018]) / sum(g[2017]) - 1) * 100, rel=1e-9)
    assert np.isnan(yoy[("Gentofte", 2007)])


FOLK1AM = "dst_folk1am_population_2021M10-2026M02.csv"


@pytest.mark.realdata
def test_population_share_refuses_the_all_ages_population_of_folk1am() -> None:
    """FOLK1AM is the population of all ages: Gentofte ~75,000 in 2025, of whom ~47,000
    are 16-66. Taken as the population 16-66 it would print a "pct. af befolkningen
    16-66 år" about 40 % too low that looks right, so it is refused, naming the measure."""
    from jobstats import population_share, read_statbank
    from jobstats.errors import ValidationError

    population = read_statbank(real_file(FOLK1AM))
    with real_file(FOLK1AM).open(encoding="utf-8-sig", newline="") as fh:
        gentofte = [float(r["INDHOLD"]) for r in csv.DictReader(fh, delimiter=";")
                    if r["OMRÅDE"] == "Gentofte" and r["TID"].startswith("2025")]
    assert len(gentofte) == 12 and sum(gentofte) / 12 > 70_000  # all ages, not 16-66
    annual = annual_average(_auk01_frame())
    annual = annual[annual["period"].dt.year == 2025].drop(columns=["n_months", "partial"])
    with pytest.raises(ValidationError) as info:
        population_share(annual, population)
    problem = info.value.problems[0]
    assert problem.code == "no_population"
    assert problem.value == "population"
    assert "16-66" in problem.message and "all ages" in problem.message
    # the same numbers, declared as the population 16-66, are accepted
    declared = population.assign(measure=pd.Categorical(["population_16_66"] * len(population)))
    share = population_share(annual, declared).set_index("area")["value"]
    auk = _auk01_by_hand()["Gentofte"][2025]
    assert share["Gentofte"] == pytest.approx(100 * (sum(auk) / 4) / (sum(gentofte) / 12),
                                              rel=1e-12)


@pytest.mark.realdata
def test_yoy_of_y30r21_names_the_two_rolling_year_ends() -> None:
    """Y30R21 holds QMAT02 and QMAT04 rolling years: a year-over-year change of the whole
    file would compare years ending in June with years ending in December, so it is
    refused, and the message says which two kinds of year the file mixes."""
    from jobstats import read_jobindsats
    from jobstats.errors import ValidationError

    f = read_jobindsats(real_file("jobindsats_y30r21_benchmark_2020-2022.jsonl"))
    ftp = f[f["measure"] == "full_time_persons"]
    with pytest.raises(ValidationError) as info:
        yoy_change(ftp)
    (p,) = info.value.problems
    assert p.code == "mixed_frequency" and "QMAT02" in p.message and "Y-JUN" in p.message
    # one kind at a time works: Gentofte, all groups, QMAT04 2021 → 2022: 2600 → 2200
    dec = ftp[[per.freqstr == "Y-DEC" for per in ftp["period"]]].copy()
    dec["period"] = pd.PeriodIndex(list(dec["period"]), freq="Y-DEC")
    y = yoy_change(dec).set_index(["area", "target_group", dec["period"].dt.year])["value"]
    assert y[("Gentofte", "bm.i_alt", 2022)] == pytest.approx((2200 / 2600 - 1) * 100)


@pytest.mark.realdata
def test_auk01_all_denmark_is_checked_against_kommuner_and_not_stated_and_abroad() -> None:
    """DST's All Denmark includes the rows "Not stated municipality" and "Abroad" (about
    50 full-time persons a quarter): consistency(by="area") adds them when the frame has
    them, so All Denmark is within DST's rounding of its parts instead of ~50 off."""
    from jobstats import consistency

    by_hand: dict[str, dict[str, float]] = defaultdict(dict)
    with real_file(AUK01).open(encoding="utf-8-sig", newline="") as fh:
        for rec in csv.DictReader(fh, delimiter=";"):
            by_hand[rec["TID"]][rec["OMRÅDE"]] = float(rec["INDHOLD"])
    kommuner = {r["kommune"] if r["kommune"] != "København" else "Copenhagen"
                for r in csv.DictReader(real_file(
                    "municipalities_landsdel_region.csv").open(encoding="utf-8"))}
    assert len(kommuner) == 98
    parts = {q: sum(v for a, v in areas.items() if a in kommuner)
             + areas["Not stated municipality"] + areas["Abroad"]
             for q, areas in by_hand.items()}
    worst = max(abs(by_hand[q]["All Denmark"] - parts[q]) for q in by_hand)
    assert 0 < worst <= 10  # each of ~100 figures rounded on its own
    found = consistency(_auk01_frame(), by="area")
    national = found[found["area"] == "Hele landet"]
    assert (national["difference"].abs() <= worst).all()
    for row in national.itertuples():
        assert row.computed == parts[str(row.period)]


@pytest.mark.realdata
def test_population_share_with_a_population_by_age_says_to_sum_the_ages(
        tmp_path: Path) -> None:
    """A FOLK1AM download by single ages has an ``age`` dimension the series lack: one
    clear problem naming the dimension (it was 20 'duplicate key' problems); with the
    total row of that dimension present, the total is the denominator."""
    from jobstats import population_share, read_statbank
    from jobstats.errors import ValidationError

    lines = real_file(FOLK1AM).read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "OMRÅDE;KØN;ALDER;TID;INDHOLD"
    by_age, with_total = [lines[0]], [lines[0]]
    for ln in lines[1:]:
        area, sex, _age, period, value = ln.split(";")
        ages = [(a, str(int(value) // 50)) for a in ("16 years", "17 years")]
        by_age += [";".join([area, sex, a, period, v]) for a, v in ages]
        with_total += [";".join([area, sex, a, period, v])
                       for a, v in [*ages, ("Age, total", value)]]
    annual = annual_average(_auk01_frame())
    annual = annual[annual["period"].dt.year == 2024].drop(columns=["n_months", "partial"])
    path = tmp_path / "folk1am_ages.csv"
    path.write_text("\n".join(by_age) + "\n", encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        population_share(annual, read_statbank(path, measure="population_16_66"))
    (p,) = info.value.problems
    assert p.code == "population_dimension" and p.column == "age"
    assert "16 years" in p.message
    path.write_text("\n".join(with_total) + "\n", encoding="utf-8")
    share = population_share(annual, read_statbank(path, measure="population_16_66"))
    gentofte = [float(ln.split(";")[-1]) for ln in lines[1:]
                if ln.startswith("Gentofte;") and ";2024M" in ln]
    auk = _auk01_by_hand()["Gentofte"][2024]
    got = share.set_index("area")["value"]["Gentofte"]
    assert got == pytest.approx(100 * (sum(auk) / 4) / (sum(gentofte) / 12), rel=1e-12)
