"""Read Statistics Denmark (DST) StatBank CSV files into the canonical frame.

The layout is the StatBank API's long CSV: ``;``-separated, UTF-8 with BOM, CRLF
line ends, one header row of variable ids (``OMRÅDE;YDELSESTYPE;KØN;ALDER;TID;INDHOLD``)
and one row per cell, labels in English or Danish. See ``docs/formats.md``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from jobstats import taxonomy as _taxonomy
from jobstats.errors import FormatError, Problem
from jobstats.load._build import (
    ValueColumn,
    Wide,
    assemble,
    dimension_name,
    header_key,
    is_total,
    read_delimited,
)
from jobstats.load._text import Source, read_source

__all__ = ["DST_TABLES", "DstTable", "read_statbank"]


@dataclass(frozen=True)
class DstTable:
    """What a DST table counts: its measure, and its target group unless a column says."""

    measure: str
    target_group: str | None = None


DST_TABLES: Mapping[str, DstTable] = {
    "AUK01": DstTable("full_time_persons"),  # group from YDELSESTYPE
    "AUK02": DstTable("full_time_persons"),
    "FOLK1A": DstTable("population", "befolkning"),
    "FOLK1AM": DstTable("population", "befolkning"),
}
"""The DST tables jobstats knows, by id (the id is also found in a file name)."""

AREA_HEADERS = frozenset({"område", "omrade", "omraade", "region", "kommune", "kommunedk"})
PERIOD_HEADERS = frozenset({"tid", "time"})
VALUE_HEADERS = frozenset({"indhold", "content", "value"})
GROUP_HEADERS = frozenset({"ydelsestype", "ydelse", "ydelser", "målgruppe", "maalgruppe"})

_ENGLISH = frozenset({"all denmark", "total", "age, total", "abroad"})


def read_statbank(path_or_buffer: Source, *, table: str | None = None,
                  measure: str | None = None, target_group: str | None = None,
                  decimal: str | None = None,
                  taxonomy: _taxonomy.Taxonomy | None = None) -> pd.DataFrame:
    """Read a DST StatBank CSV (English or Danish labels) into a validated canonical frame.

    Columns: ``OMRÅDE`` (area), ``TID`` (period: ``2024Q1``, ``2024K1``,
    ``2021M10``), ``INDHOLD`` (the value), a ``YDELSESTYPE`` column (target
    group) when there is one, and other variables (``KØN``, ``ALDER``, …) as
    dimensions (``gender``, ``age``, …; a dimension holding only its total, such
    as ``Total``/``Age, total``, is dropped). Area names — "All Denmark",
    regions, "Province …" landsdele, kommuner, "Not stated municipality"
    (→ ``Uoplyst kommune``), "Abroad" (→ ``Udlandet``) — resolve through the
    taxonomy.

    The measure (and the group when no column gives it) comes from ``table=``
    (``"AUK01"``, ``"FOLK1AM"``, …; see :data:`DST_TABLES`), from a table id in the
    file name, or from ``measure=``/``target_group=``. ``decimal`` is ``"."``
    for English labels and ``","`` for Danish ones unless given.

    >>> text = ("\\ufeffOMRÅDE;KØN;ALDER;TID;INDHOLD\\r\\n"
    ...         "All Denmark;Total;Age, total;2021M10;5867412\\r\\n"
    ...         "Copenhagen;Total;Age, total;2021M10;644431\\r\\n").encode()
    >>> f = read_statbank(text, table="FOLK1AM")
    >>> print(f[["area", "target_group", "measure", "value"]].to_string(index=False))
           area target_group    measure     value
    Hele landet   befolkning population 5867412.0
      København   befolkning population  644431.0
    """
    tx = taxonomy or _taxonomy.default()
    st = read_source(path_or_buffer)
    first = next((ln for ln in st.text.splitlines() if ln.strip()), "")
    sep = "\t" if "\t" in first and ";" not in first else ";"  # StatBank's TSV export
    cells, lines, _comments, header_line = read_delimited(st.text, st.name, sep,
                                                          what="a DST StatBank CSV")
    labels = list(cells.columns)

    spec = _table_spec(table, st.name)
    measure_id = tx.resolve_measure(measure) if measure else spec.measure if spec else None
    group_id = (tx.resolve_group(target_group) if target_group
                else spec.target_group if spec else None)
    if measure_id is None:
        raise FormatError([Problem(
            "unknown_dst_table",
            "cannot tell which DST table this is; pass table= (one of "
            + ", ".join(sorted(DST_TABLES)) + ") or measure= and target_group=",
            source=st.name, row=header_line, value=table)])

    roles: dict[str, str] = {}
    dims: list[tuple[str, str, pd.Series]] = []
    for label in labels:
        key = header_key(label)
        if key in AREA_HEADERS and "area" not in roles:
            roles["area"] = label
        elif key in PERIOD_HEADERS and "period" not in roles:
            roles["period"] = label
        elif key in VALUE_HEADERS and "value" not in roles:
            roles["value"] = label
        elif key in GROUP_HEADERS and "group" not in roles and group_id is None:
            roles["group"] = label
        else:
            dims.append((label, dimension_name(label), cells[label]))
    missing = [r for r in ("area", "period", "value") if r not in roles]
    if missing:
        expected = {"area": "OMRÅDE", "period": "TID", "value": "INDHOLD"}
        raise FormatError([Problem("missing_column", f"no {r} column (expected "
                                   f"{expected[r]!r})", source=st.name, row=header_line,
                                   value=", ".join(labels)) for r in missing])
    if decimal is None:
        decimal = "." if _english(cells, roles["area"], dims) else ","

    group_of_period = None
    if "group" not in roles and group_id is not None:
        gid = group_id

        def group_of_period(_p: pd.Period) -> str:
            return gid

    wide = Wide(
        source=st.name, lines=lines, area_label=roles["area"], area=cells[roles["area"]],
        values=[ValueColumn(roles["value"], measure_id, cells[roles["value"]])],
        period_label=roles["period"], period=cells[roles["period"]],
        group_label=roles.get("group"),
        group=cells[roles["group"]] if "group" in roles else None,
        group_of_period=group_of_period,
        group_hint="pass target_group= or a known table= (" + ", ".join(sorted(DST_TABLES))
        + ")",
        dims=dims, decimal=decimal, grouping=False, header_line=header_line,
    )
    return assemble(wide, tx)


def _table_spec(table: str | None, name: str) -> DstTable | None:
    if table is not None:
        key = table.strip().upper()
        if key not in DST_TABLES:
            raise FormatError([Problem("unknown_dst_table", f"unknown DST table {table!r}; "
                                       "known: " + ", ".join(sorted(DST_TABLES))
                                       + " (or pass measure= and target_group=)",
                                       value=table)])
        return DST_TABLES[key]
    ids = sorted(DST_TABLES, key=len, reverse=True)
    m = re.search(r"(?<![A-Za-z0-9])(" + "|".join(ids) + r")(?![A-Za-z0-9])", name, re.I)
    return DST_TABLES[m.group(1).upper()] if m else None


def _english(cells: pd.DataFrame, area: str, dims: list[tuple[str, str, pd.Series]]) -> bool:
    seen = set(cells[area].head(500).str.strip().str.casefold())
    for _label, _name, raw in dims:
        seen |= {v for v in raw.head(500).str.strip().str.casefold() if is_total(v)}
    return bool(seen & _ENGLISH)
