"""read_statbank on small hand-made DST StatBank texts (English and Danish labels)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import jobstats
from jobstats import frame as jframe
from jobstats.errors import FormatError
from jobstats.load.statbank import read_statbank

AUK01_EN = (
    "\ufeffOMRÅDE;YDELSESTYPE;KØN;ALDER;TID;INDHOLD\r\n"
    "All Denmark;Net unemployed recipients of social assistance;Total;Age, total;2025Q4;21000\r\n"
    "Province Fyn;Net unemployed recipients of social assistance;Total;Age, total;2025Q4;2100\r\n"
    "Copenhagen;Net unemployed recipients of social assistance;Total;Age, total;2025Q4;2850\r\n"
    "Not stated municipality;Net unemployed recipients of social assistance;Total;Age, total;"
    "2025Q4;..\r\n"
    "Abroad;Net unemployed recipients of social assistance;Total;Age, total;2025Q4;57\r\n"
)


def test_english_auk01(tmp_path: Path) -> None:
    path = tmp_path / "dst_auk01_2025.csv"
    path.write_bytes(AUK01_EN.encode("utf-8"))
    f = read_statbank(path)
    jframe.validate(f)
    assert list(f.columns) == list(jframe.CORE_COLUMNS)  # KØN/ALDER only totals: dropped
    assert f["area"].astype(str).tolist() == [
        "Hele landet", "Landsdel Fyn", "København", "Uoplyst kommune", "Udlandet"]
    assert set(f["target_group"].astype(str)) == {"nettoledige_kontanthjaelp"}
    assert set(f["measure"].astype(str)) == {"full_time_persons"}
    assert str(f["period"].dtype) == "period[Q-DEC]"
    assert f["period"].iloc[0] == pd.Period("2025Q4", "Q-DEC")
    assert f["value"].iloc[2] == 2850
    assert f["blinded"].tolist() == [False, False, False, True, False]


def test_danish_labels_quarters_and_decimal_comma() -> None:
    text = (
        "OMRÅDE;KØN;ALDER;TID;INDHOLD\r\n"
        "Hele landet;Mænd;Alder i alt;2024K1;2,5\r\n"
        "Hele landet;Kvinder;Alder i alt;2024K1;2,25\r\n"
        "Hele landet;I alt;Alder i alt;2024K1;4,75\r\n"
        "Landsdel Fyn;I alt;Alder i alt;2024K2;1,0\r\n"
    )
    f = read_statbank(text.encode("cp1252"), measure="pct_population",
                      target_group="kontanthjaelp")
    assert f["gender"].astype(str).tolist() == ["Mænd", "Kvinder", "total", "total"]
    assert "age" not in f.columns
    assert f["value"].tolist() == [2.5, 2.25, 4.75, 1.0]
    assert f["period"].tolist() == [pd.Period("2024Q1", "Q-DEC")] * 3 + [
        pd.Period("2024Q2", "Q-DEC")]


def test_folk1am_monthly() -> None:
    text = ("OMRÅDE;KØN;ALDER;TID;INDHOLD\r\n"
            "Christiansø;Total;Age, total;2021M10;90\r\n"
            "Læsø;Total;Age, total;2021M10;1792\r\n")
    f = read_statbank(text.encode(), table="FOLK1AM")
    assert set(f["target_group"].astype(str)) == {"befolkning"}
    assert set(f["measure"].astype(str)) == {"population"}
    assert str(f["period"].dtype) == "period[M]"
    assert f["value"].tolist() == [90.0, 1792.0]


def test_unknown_table_needs_help() -> None:
    text = "OMRÅDE;TID;INDHOLD\r\nAll Denmark;2021M10;1\r\n"
    with pytest.raises(FormatError) as info:
        read_statbank(text.encode())
    assert info.value.codes == {"unknown_dst_table"}
    assert "table=" in str(info.value)
    with pytest.raises(FormatError):
        read_statbank(text.encode(), table="XYZ99")


def test_wrong_separator() -> None:
    with pytest.raises(FormatError) as info:
        read_statbank(b"OMRADE,TID,INDHOLD\r\nAll Denmark,2021M10,1\r\n", table="FOLK1AM")
    assert info.value.codes == {"wrong_separator"}
    assert info.value.problems[0].row == 1


def test_public_name() -> None:
    assert jobstats.read_statbank is read_statbank
