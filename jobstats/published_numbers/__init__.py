"""Published numbers (printed tables, not plots), shipped as data with their exact texts.

A published table is regression-test material: the texts are kept exactly as
printed (``"1.126"``, ``"0,93%"``, ``"."`` for a blinded cell, ``""`` for an
undefined share), next to their parsed values and the number of decimals they
were rounded to, so a check can reason about the rounding.

:func:`gentofte_maalgruppeoversigt` is the *Målgruppeoversigt* of Gentofte
Kommune's key-figure appendix of February 2019 (annual averages and national
shares of full-time persons per target group, 2016–2018; the published
year-over-year columns are left out). Figures © STAR, jobindsats.dk.

>>> t = gentofte_maalgruppeoversigt()
>>> row = t[(t.target_group == "foertidspension") & (t.year == 2016)]
>>> row.text.tolist(), row.value.tolist(), row.decimals.tolist()
(['1.126', '0,53%'], [1126.0, 0.53], [0, 2])
>>> int(t["blinded"].sum()), int(t["empty"].sum())
(10, 6)
"""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources

import pandas as pd

from jobstats.numbers import parse_cell

__all__ = [
    "ANNUAL_AVERAGE",
    "GENTOFTE_SOURCE",
    "NATIONAL_SHARE",
    "gentofte_maalgruppeoversigt",
]

ANNUAL_AVERAGE = "full_time_persons"
"""Measure id of the published annual averages (period: the calendar year)."""

NATIONAL_SHARE = "full_time_persons:national_share"
"""Measure id of the published national shares (landsandel, in %)."""

GENTOFTE_SOURCE = (
    "Gentofte Kommune, nøgletalsbilag februar 2019, Målgruppeoversigt. Kilde: Jobindsats.dk"
)

_GENTOFTE_CSV = "gentofte_maalgruppeoversigt_2019.csv"
_YEARS = (2016, 2017, 2018)
_COLUMNS = ["area", "target_group", "label", "order", "year", "measure", "text", "value",
            "decimals", "blinded", "empty"]


def _csv_rows(name: str) -> list[dict[str, str]]:
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@lru_cache(maxsize=1)
def _gentofte() -> pd.DataFrame:
    records: list[dict[str, object]] = []
    for order, row in enumerate(_csv_rows(_GENTOFTE_CSV)):
        for year in _YEARS:
            for measure, column in ((ANNUAL_AVERAGE, f"avg_{year}"),
                                    (NATIONAL_SHARE, f"share_{year}")):
                text = row[column]
                cell = parse_cell(text)
                records.append({
                    "area": "Gentofte",
                    "target_group": row["target_group"],
                    "label": row["label"],
                    "order": order,
                    "year": year,
                    "measure": measure,
                    "text": text,
                    "value": float("nan") if cell.value is None else cell.value,
                    "decimals": cell.decimals,
                    "blinded": cell.blinded,
                    "empty": cell.empty,
                })
    frame = pd.DataFrame.from_records(records, columns=_COLUMNS)
    frame = frame.astype({"order": "int64", "year": "int64", "value": "float64",
                          "decimals": "int64", "blinded": "bool", "empty": "bool"})
    frame.attrs["source"] = GENTOFTE_SOURCE
    return frame


def gentofte_maalgruppeoversigt() -> pd.DataFrame:
    """The published Målgruppeoversigt of Gentofte (February 2019) as a tidy frame.

    One row per printed cell: ``area`` ("Gentofte"), ``target_group`` (taxonomy
    id; ``i_alt`` is "I alt"), ``label`` (the printed row text without the "- "
    of sub-groups), ``order`` (row position in the table), ``year`` (2016–2018),
    ``measure`` (:data:`ANNUAL_AVERAGE` = ``"full_time_persons"``, the annual
    average; :data:`NATIONAL_SHARE` = ``"full_time_persons:national_share"``, in
    %), ``text`` (exactly as printed), ``value`` (parsed; NaN when blinded or
    empty), ``decimals`` (printed decimals: 0 for averages, 2 for shares),
    ``blinded`` (printed ``"."``) and ``empty`` (printed nothing: the national
    value was 0, so the share is undefined).

    Returns a new frame on every call.

    >>> t = gentofte_maalgruppeoversigt()
    >>> len(t), sorted(t.measure.unique())
    (180, ['full_time_persons', 'full_time_persons:national_share'])
    >>> t[(t.target_group == "i_alt") & (t.measure == "full_time_persons")].text.tolist()
    ['4.194', '4.103', '3.999']
    """
    frame = _gentofte().copy()
    frame.attrs = dict(_gentofte().attrs)
    return frame

