"""The data recipe (taxonomy/recipe.csv), the offline catalogue and ``jobstats tables``."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

import jobstats
from jobstats.cli import main
from jobstats.errors import UnknownNameError, ValidationError
from jobstats.load.catalogue import catalogue
from jobstats.load.recipe import read_recipe, recipe
from jobstats.taxonomy import default

APPENDIX_TABLES = {"maalgruppeoversigt", "langtidsledighed", "virksomhedsrettet_tilbud",
                   "aktivitetsoversigt", "maal_befolkningsandel", "maal_loentimer",
                   "maal_flygtninge", "rangliste_uddannelseshjaelp", "punkt_kontanthjaelp",
                   "sammensaetning"}


def test_every_appendix_table_has_a_recipe_and_every_use_is_a_real_name() -> None:
    r = recipe()
    used = {u for row in r.rows for u in row.used_by}
    assert used >= APPENDIX_TABLES
    figures = {u for u in used if u not in APPENDIX_TABLES}
    assert all(u.startswith(("figur", "kort")) for u in figures), figures


def test_each_group_of_the_appendix_comes_from_exactly_one_table_at_a_time() -> None:
    r, tx = recipe(), default()
    for month in ("2018-06", "2025-06", "2025-07"):
        rows = [x for x in r.rows_for(month, month) if "full_time_persons" in x.measures]
        for g in tx.groups:
            sources = [x.series for x in rows if x.keeps(g, tx)]
            assert len(sources) <= 1, (month, g, sources)
        # every group of the Målgruppeoversigt valid then has a source
        tree = [g for g in tx.ordered_groups() if _under(tx, g, "i_alt")
                and tx.groups[g].valid_in(pd.Period(month, "M"))]
        missing = [g for g in tree if not any(x.keeps(g, tx) for x in rows)]
        assert missing == [], (month, missing)


def _under(tx: object, g: str, root: str) -> bool:
    groups = default().groups
    cur: str | None = g
    while cur is not None:
        if cur == root:
            return True
        cur = groups[cur].parent
    return False


def test_the_kontanthjaelp_reform_is_two_tables_meeting_without_gap() -> None:
    r = recipe()
    old, new = r.row("kontanthjaelp"), r.row("kontanthjaelp_2025")
    assert (old.table, new.table) == ("Y36A02", "Y60A02")
    assert old.valid_to is not None and new.valid_from is not None
    assert new.valid_from == old.valid_to + 1
    # the taxonomy's table list says the same
    assert default().table_group("Y60A02") == "kontanthjaelp"


def test_population_is_the_sum_of_ages_16_to_66() -> None:
    row = recipe().row("befolkning_16_66")
    assert row.source == "statbank" and row.table == "FOLK1AM"
    assert row.select["ALDER"] == tuple(str(a) for a in range(16, 67))


def test_unconfirmed_rows_have_no_guessed_id() -> None:
    for row in recipe().rows:
        assert row.confirmed == bool(row.table), row.series


def test_recipe_round_trips_through_csv_and_with_table(tmp_path: Path) -> None:
    r = recipe().with_table("langtidsledige", "y99x01")
    path = tmp_path / "recipe.csv"
    r.to_frame().to_csv(path, index=False)
    back = read_recipe(path)
    assert back.rows == r.rows
    assert back.row("langtidsledige").table == "Y99X01"
    with pytest.raises(UnknownNameError, match="langtidsledige"):
        r.row("langtidsledig")


def test_a_bad_recipe_lists_every_problem(tmp_path: Path) -> None:
    f = recipe().to_frame()
    f.loc[0, "measure"] = "full_time_person"
    f.loc[1, "target_group"] = "kontanthjælp"
    f.loc[2, "valid_to"] = "2025-13"
    f.loc[3, "source"] = "dst"
    path = tmp_path / "bad.csv"
    f.to_csv(path, index=False)
    with pytest.raises(ValidationError) as info:
        read_recipe(path)
    assert info.value.codes == {"unknown_measure", "unknown_group", "bad_period",
                                "bad_source"}
    text = str(info.value)
    assert "row 2" in text and "'full_time_persons'" in text  # a close match


def test_offline_catalogue_lists_the_recipe_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JOBINDSATS_TOKEN", raising=False)
    every = catalogue()
    assert {"Y01A02", "Y36A02", "Y60A02", "PTVA02", "FOLK1AM"} <= set(every["id"])
    assert list(every.columns) == ["source", "id", "name", "subject", "first_period",
                                   "last_period", "last_update", "next_update"]
    assert catalogue("kontanthjælp")["id"].tolist()[:2] == ["Y36A02", "Y60A02"]
    assert catalogue("zzz-nothing").empty
    assert jobstats.catalogue is catalogue


def test_tables_command(capsys: pytest.CaptureFixture[str],
                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JOBINDSATS_TOKEN", raising=False)
    assert main(["tables", "--recipe"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"Y36A02\s+\[…–2025-06\]", out) and re.search(r"Y60A02\s+\[2025-07–…\]", out)
    assert "ALDER=16-66" in out and "(id not fixed)" in out
    assert main(["tables", "sygedagpenge"]) == 0
    out = capsys.readouterr().out
    assert "Y07A02" in out and "Y01A02" not in out
