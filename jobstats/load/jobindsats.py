"""Read jobindsats.dk data (API v2 CSV/JSON, API v3 JSON, JSON lines, dashboard TSV).

:func:`read_jobindsats` detects the format from the content (see
``docs/formats.md``), maps every label to the taxonomy and returns a validated
canonical frame (:mod:`jobstats.frame`). Bad input raises a
:class:`~jobstats.errors.JobstatsError` naming the file, the line, the column
and the value; nothing is half-loaded.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from jobstats import taxonomy as _taxonomy
from jobstats.errors import FormatError, Problem, UnknownNameError, close_matches
from jobstats.load._build import (
    ValueColumn,
    Wide,
    assemble,
    dimension_name,
    header_key,
    parse_numbers,
    raise_problems,
    read_delimited,
)
from jobstats.load._text import Source, SourceText, read_source

__all__ = ["DASHBOARD_SERIES", "detect_format", "read_jobindsats"]

AREA_HEADERS = frozenset({"area", "område", "omraade", "områdenavn", "omr", "geografi"})
PERIOD_HEADERS = frozenset({"periode", "period", "tid", "time", "måned", "kvartal", "år"})
GROUP_HEADERS = frozenset(
    {"ydelsesgrupper", "ydelsesgruppe", "ydelse", "ydelser", "ydelsestype", "målgruppe",
     "målgrupper", "maalgruppe", "maalgrupper", "target group", "target_group",
     "benefit group", "visitationsgruppe", "visitationsgrupper", "visitationskategori",
     "ygrp"}
)
"""Header names (case-folded) of the columns read as area, period and target group."""

DASHBOARD_SERIES: Mapping[str, Mapping[str, str]] = {
    "Y25I01": {"total": "ledige", "dagpenge": "ledige.dagpenge",
               "kontanthjaelp": "ledige.kontanthjaelp"},
}
"""Series names of the dashboard TSV layout that name a target group, per table.

A series ``X`` holds full-time persons of the group; ``XRate`` the same in % of
the workforce 16-66 (measure ``pct_workforce``). Other series names are
measures (``persons``, ``fullTime``, ``workforceRate``, ``populationRate``).
"""

_HEADER_PERIOD = re.compile(r"^(?P<series>\S.*?)\s+(?P<period>\d{4}(?:M\d{2}|Q[1-4]|K[1-4]|"
                            r"QMAT\d{2}|Y\d{2}))$")


def _big_int(text: str) -> int | str:
    """A JSON integer; one too long for an exact float stays text (reported as too large,
    not an ``OverflowError`` or Python's 4,300-digit limit)."""
    return int(text) if len(text) <= 17 else text


def _json_loads(text: str) -> Any:
    """``json.loads`` where ``NaN``/``Infinity`` stay text (then refused as not finite)
    and enormous integers stay text (refused as too large)."""
    try:
        return json.loads(text, parse_constant=str, parse_int=_big_int)
    except RecursionError:
        raise json.JSONDecodeError("nested too deeply", text, 0) from None


def detect_format(text: str) -> str:
    """The layout of a jobindsats text (already decoded, BOM removed).

    ``"json_v2"`` (``[{"Variables": …, "Data": …}]``), ``"json_v3"``
    (``{"columns": …, "rows": …}``), ``"jsonl"`` (one object per line),
    ``"dashboard_tsv"`` (tab-separated, periods in the header), ``"tsv"``, or
    ``"csv"`` (everything else; the CSV reader reports a wrong separator).

    >>> detect_format('{"columns": ["Area"], "rows": []}')
    'json_v3'
    >>> detect_format("Area;Periode;Antal personer\\nHele landet;2021M01;1")
    'csv'
    >>> detect_format("# source: x\\nOmråde\\tpersons 2025M12\\nAarhus\\t1")
    'dashboard_tsv'
    """
    stripped = text.lstrip()
    if stripped.startswith("["):
        return "json_v2"
    if stripped.startswith("{"):
        first = stripped.split("\n", 1)[0]
        try:
            doc = _json_loads(first)
        except json.JSONDecodeError:
            return "json_v3"  # a multi-line document (or broken JSON: reported by the reader)
        if isinstance(doc, dict) and {"columns", "rows"} <= set(doc):
            return "json_v3"
        return "jsonl"
    header = next((ln for ln in stripped.splitlines()
                   if ln.strip() and not ln.lstrip().startswith("#")), "")
    if "\t" in header:
        cells = [c.strip() for c in header.split("\t")[1:]]
        while cells and not cells[-1]:  # a trailing tab ends the header
            cells.pop()
        if cells and all(_HEADER_PERIOD.match(c) for c in cells):
            return "dashboard_tsv"
        return "tsv"
    return "csv"


def read_jobindsats(path_or_buffer: Source, *, table: str | None = None,
                    taxonomy: _taxonomy.Taxonomy | None = None) -> pd.DataFrame:
    """Read a jobindsats download into a validated canonical frame.

    ``path_or_buffer`` is a path, ``bytes`` or an open file. The format is
    detected (:func:`detect_format`): API v2 CSV (``;``, decimal comma), v2
    JSON, v3 JSON, JSON lines, and the tab-separated dashboard layout with the
    period in each header (decimal point). UTF-8 with or without BOM and
    Windows-1252 are read.

    Areas, target groups and measures are resolved through the taxonomy. A
    table without a target-group column (e.g. ``Y01A02``) takes its group from
    ``table=`` (or a table id in the file name or provenance line). Dimensions
    (Køn, Alder, Oprindelse, …) become columns ``gender``, ``age``, ``origin``,
    …; their totals ("Køn i alt") become ``"total"`` and a dimension holding only
    its total is dropped. Blinded cells (``.``, ``..``, ``-``) give NaN with
    ``blinded`` True.

    >>> csv = ("Area;Periode;Køn;Antal fuldtidspersoner;"
    ...        "Fuldtidspersoner i pct. af befolkningen 16-66 år\\r\\n"
    ...        "Hele landet;2021M01;Køn i alt;120525;3,2\\r\\n"
    ...        "Gentofte;2021M01;Køn i alt;.;0,9\\r\\n").encode()
    >>> f = read_jobindsats(csv, table="Y01A02")
    >>> print(f[["area", "target_group", "measure", "value", "blinded"]].to_string(index=False))
           area        target_group           measure    value  blinded
    Hele landet forsikrede.dagpenge full_time_persons 120525.0    False
    Hele landet forsikrede.dagpenge    pct_population      3.2    False
       Gentofte forsikrede.dagpenge full_time_persons      NaN     True
       Gentofte forsikrede.dagpenge    pct_population      0.9    False

    Raises :class:`~jobstats.errors.FormatError` (unreadable input, bad numbers
    or periods), :class:`~jobstats.errors.UnknownNameError` (unknown area, group,
    measure or table, with close matches) or
    :class:`~jobstats.errors.ValidationError` (negative counts, duplicate keys,
    mixed frequencies), each problem naming file, line, column and value.
    """
    tx = taxonomy or _taxonomy.default()
    if table is not None:
        tx.table_group(table)  # unknown table: UnknownNameError with close matches
    st = read_source(path_or_buffer)
    kind = detect_format(st.text)
    if kind == "json_v2" or kind == "json_v3" or kind == "jsonl":
        wide = _from_json(st, kind, table, tx)
    elif kind == "dashboard_tsv":
        wide = _from_dashboard(st, table, tx)
    else:
        sep = "\t" if kind == "tsv" else ";"
        if sep == ";":
            _refuse_dashboard_csv(st)
        cells, lines, comments, header_line = read_delimited(
            st.text, st.name, sep, what="a jobindsats CSV" if sep == ";" else "a jobindsats TSV",
            skip_comments=True)
        wide = _classify(st, list(cells.columns), {}, cells, lines, header_line,
                         _table_or_sniff(table, [st.name, *comments], tx), tx)
    return assemble(wide, tx)


def _refuse_dashboard_csv(st: SourceText) -> None:
    """The dashboard layout ('<series> <period>' headers, decimal point) saved with ';'
    instead of tabs: say so once, before every column is reported as unknown."""
    lines = st.text.splitlines()
    k = next((i for i, ln in enumerate(lines)
              if ln.strip() and not ln.lstrip().startswith("#")), None)
    if k is None or "\t" in lines[k]:
        return
    cells = [c.strip() for c in lines[k].split(";")[1:]]
    while cells and not cells[-1]:
        cells.pop()
    if cells and all(_HEADER_PERIOD.match(c) for c in cells):
        raise FormatError([Problem(
            "wrong_separator", f"the header's columns ({cells[0]!r}, …) are the dashboard "
            "layout '<series> <period>', which is read tab-separated with a decimal point; "
            "this file is ';'-separated: save it with tabs", source=st.name, row=k + 1,
            value=lines[k])])


# ---------------------------------------------------------------------------------
# tables


def _table_or_sniff(table: str | None, texts: Sequence[str],
                    tx: _taxonomy.Taxonomy) -> str | None:
    if table is not None:
        return table
    ids = sorted({t.table for t in tx.tables}, key=len, reverse=True)
    pattern = re.compile(r"(?<![A-Za-z0-9])(" + "|".join(map(re.escape, ids)) + r")(?![A-Za-z0-9])",
                         re.I)
    for text in texts:
        m = pattern.search(text)
        if m:
            return m.group(1).upper()
    return None


def _group_hint(table: str | None) -> str:
    if table is None:
        return "pass table= with the jobindsats table id (e.g. table='Y01A02')"
    return f"table {table!r} does not name one target group"


# ---------------------------------------------------------------------------------
# column classification (CSV, TSV, JSON)


def _classify(st: SourceText, labels: list[str], alt: Mapping[str, str], cells: pd.DataFrame,
              lines: np.ndarray, header_line: int | None, table: str | None,
              tx: _taxonomy.Taxonomy) -> Wide:
    """Say what each column is: area, period, group, dimension or measure.

    ``header_line`` is the line of the header (None for JSON, whose labels have
    no line of their own).
    """
    roles: dict[str, str] = {}
    found: list[Problem] = []
    values: list[ValueColumn] = []
    dims: list[tuple[str, str, pd.Series]] = []

    def keys(label: str) -> list[str]:
        return [header_key(label)] + ([header_key(alt[label])] if label in alt else [])

    keys_found = {header_key(label) for label in labels}
    if "tid" in keys_found and (keys_found & {"indhold", "content", "value"}
                                or "TID" in labels):  # DST's variable ids are upper case
        raise FormatError([Problem("statbank_csv", "this is a DST StatBank CSV (columns TID "
                                   "and INDHOLD), not a jobindsats download: read it with "
                                   "jobstats.read_statbank", source=st.name, row=header_line,
                                   value=", ".join(labels))])

    for label in labels:
        ks = keys(label)
        if any(k in AREA_HEADERS for k in ks) and "area" not in roles:
            roles["area"] = label
        elif any(k in PERIOD_HEADERS for k in ks) and "period" not in roles:
            roles["period"] = label
        elif any(k in GROUP_HEADERS for k in ks) and "group" not in roles:
            roles["group"] = label
        else:
            measure = _measure_of(label, alt.get(label), tx)
            if measure is not None:
                values.append(ValueColumn(label, measure, cells[label]))
                continue
            raw = cells[label]
            distinct = pd.Series(raw.unique(), dtype=object)
            v, _b, bad = parse_numbers(distinct)
            # mostly numbers (a damaged cell among them must not turn a misspelt measure
            # column into a dimension of number texts): an unknown measure, refused
            numbers = int((~np.isnan(v)).sum())
            looks_numeric = (header_key(label) not in _DIMENSION_HEADERS and numbers > 0
                             and numbers >= int(bad.sum()))
            if looks_numeric:
                try:
                    tx.resolve_measure(label)
                except UnknownNameError as exc:
                    found += [Problem(p.code, f"column {label!r} holds numbers but is not a "
                                      "known measure; add its label as an alias in "
                                      "taxonomy/measures.csv", source=st.name,
                                      row=header_line, column=label, value=label,
                                      suggestions=p.suggestions) for p in exc.problems]
                continue
            name = dimension_name(label)
            if name in {d[1] for d in dims} or name in _RESERVED:
                name = f"{name}_{len(dims)}"
            dims.append((label, name, raw))
    if "area" not in roles:
        found.append(Problem("no_area_column", "no area column (expected one of "
                             "'Area', 'Område')", source=st.name, row=header_line,
                             value=", ".join(labels)))
    if "period" not in roles:
        found.append(Problem("no_period_column", "no period column (expected one of "
                             "'Periode', 'Period', 'Tid')", source=st.name,
                             row=header_line, value=", ".join(labels)))
    raise_problems(found)
    group_of_period = None
    if "group" not in roles and table is not None:
        tbl = table

        def group_of_period(p: pd.Period) -> str:
            return tx.table_group(tbl, p)

    return Wide(
        source=st.name, lines=lines, area_label=roles["area"], area=cells[roles["area"]],
        values=values, period_label=roles["period"], period=cells[roles["period"]],
        group_label=roles.get("group"),
        group=cells[roles["group"]] if "group" in roles else None,
        group_of_period=group_of_period, group_hint=_group_hint(table), dims=dims,
        decimal=",", grouping=True, header_line=header_line,
    )


_DIMENSION_HEADERS = frozenset({"køn", "koen", "kon", "gender", "sex", "alder", "age",
                                "aldersgruppe", "oprindelse", "herkomst", "origin"})
"""Headers that are dimensions whatever their values look like."""

_RESERVED = frozenset({"area", "target_group", "period", "measure", "value", "blinded"})


def _measure_of(label: str, alt: str | None, tx: _taxonomy.Taxonomy) -> str | None:
    for candidate in (label, alt):
        if candidate:
            try:
                return tx.resolve_measure(candidate)
            except UnknownNameError:
                continue
    return None


# ---------------------------------------------------------------------------------
# JSON


def _json_error(st: SourceText, exc: json.JSONDecodeError, line_offset: int = 0) -> FormatError:
    line = exc.lineno + line_offset
    all_lines = st.text.splitlines()
    text_line = all_lines[line - 1] if 0 < line <= len(all_lines) else ""
    tail = exc.doc.rstrip()
    truncated = (exc.pos >= len(tail) - 1 or exc.msg.startswith("Unterminated")
                 or not tail.endswith(("]", "}")))
    why = "the JSON ends too early (truncated download?)" if truncated else "broken JSON"
    return FormatError([Problem("bad_json", f"{why}: {exc.msg} at character {exc.colno}",
                                source=st.name, row=line, column=f"character {exc.colno}",
                                value=text_line[max(0, exc.colno - 40): exc.colno + 20])])


def _from_json(st: SourceText, kind: str, table: str | None, tx: _taxonomy.Taxonomy) -> Wide:
    if kind == "jsonl":
        return _from_jsonl(st, table, tx)
    try:
        doc = _json_loads(st.text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data" and kind == "json_v3":
            return _from_jsonl(st, table, tx)
        raise _json_error(st, exc) from None
    if kind == "json_v2":
        if not isinstance(doc, list) or not doc or not all(
                isinstance(d, dict) and "Variables" in d and "Data" in d for d in doc):
            raise FormatError([Problem(
                "unknown_json_layout",
                'expected the API v2 layout [{"Variables": [...], "Data": [[...]]}]',
                source=st.name, row=1, value=st.text[:80])])
        labels: list[str] = []
        alt: dict[str, str] = {}
        rows: list[list[Any]] = []
        for part in doc:
            variables = part["Variables"]
            these = [str(v.get("Label") or v.get("Name")) if isinstance(v, dict) else str(v)
                     for v in variables]
            if labels and these != labels:
                raise FormatError([Problem("unknown_json_layout", "the parts of the "
                                           "response have different variables",
                                           source=st.name, value=these)])
            labels = these
            for v in variables:
                if isinstance(v, dict) and v.get("Name") and v.get("Label"):
                    alt[str(v["Label"])] = str(v["Name"])
            rows.extend(part["Data"])
    else:
        if not isinstance(doc, dict) or not {"columns", "rows"} <= set(doc):
            raise FormatError([Problem("unknown_json_layout",
                                       'expected the API v3 layout {"columns": [...], '
                                       '"rows": [[...]]}', source=st.name, row=1,
                                       value=st.text[:80])])
        labels, alt = [], {}
        for c in doc["columns"]:
            if isinstance(c, dict):
                label = str(c.get("label") or c.get("Label") or c.get("name") or c.get("Name"))
                name = c.get("name") or c.get("Name")
                if name:
                    alt[label] = str(name)
                labels.append(label)
            else:
                labels.append(str(c))
        rows = list(doc["rows"])
    bad = [i for i, r in enumerate(rows) if not isinstance(r, list) or len(r) != len(labels)]
    if bad:
        raise FormatError([Problem("field_count", f"record has {_len(rows[i])} values, the "
                                   f"variables are {len(labels)}", source=st.name, row=i + 1,
                                   value=rows[i]) for i in bad[:20]])
    if not rows:
        raise FormatError([Problem("no_rows", "the response has no data rows", source=st.name)])
    if len(set(labels)) != len(labels):
        raise FormatError([Problem("duplicate_column", "a variable is named twice",
                                   source=st.name, value=labels)])
    cells = pd.DataFrame.from_records(rows, columns=labels).astype(object)
    lines = np.arange(1, len(rows) + 1, dtype=np.int64)  # record numbers (documented)
    return _classify(st, labels, alt, cells, lines, None,
                     _table_or_sniff(table, [st.name], tx), tx)


def _len(row: object) -> int:
    return len(row) if isinstance(row, list) else 1


def _from_jsonl(st: SourceText, table: str | None, tx: _taxonomy.Taxonomy) -> Wide:
    text_lines = st.text.splitlines()
    numbers = [i + 1 for i, ln in enumerate(text_lines) if ln.strip()]
    try:
        records = _json_loads("[" + ",".join(text_lines[i - 1] for i in numbers) + "]")
        if not isinstance(records, list) or len(records) != len(numbers):
            raise json.JSONDecodeError("a line holds more than one value", "", 0)
    except json.JSONDecodeError:
        records = []
        for i in numbers:
            try:
                records.append(_json_loads(text_lines[i - 1]))
            except json.JSONDecodeError as exc:
                raise _json_error(st, exc, line_offset=i - 1) from None
    not_obj = [n for n, r in zip(numbers, records, strict=True) if not isinstance(r, dict)]
    if not_obj:
        raise FormatError([Problem("unknown_json_layout", "a JSON-lines row must be an "
                                   "object keyed by column labels", source=st.name, row=n,
                                   value=text_lines[n - 1][:80]) for n in not_obj[:20]])
    labels: dict[str, None] = {}
    for r in records:
        labels.update(dict.fromkeys(r))
    cells = pd.DataFrame.from_records(records, columns=list(labels)).astype(object)
    lines = np.asarray(numbers, dtype=np.int64)
    missing = cells.isna()
    if missing.any().any():
        pos, col = np.argwhere(missing.to_numpy())[0]
        raise FormatError([Problem("missing_value", "this line lacks a key the other lines "
                                   "have", source=st.name, row=int(lines[pos]),
                                   column=list(labels)[col])])
    return _classify(st, list(labels), {}, cells, lines, None,
                     _table_or_sniff(table, [st.name], tx), tx)


# ---------------------------------------------------------------------------------
# the dashboard TSV layout: "Område<TAB>persons 2025M12<TAB>fullTime 2025M12 ..."


def _from_dashboard(st: SourceText, table: str | None, tx: _taxonomy.Taxonomy) -> Wide:
    cells, lines, comments, header_line = read_delimited(
        st.text, st.name, "\t", what="a dashboard TSV", skip_comments=True)
    table = _table_or_sniff(table, [*comments, st.name], tx)
    labels = list(cells.columns)
    series_map = DASHBOARD_SERIES.get(table or "", {})
    values: list[ValueColumn] = []
    found: list[Problem] = []
    for label in labels[1:]:
        m = _HEADER_PERIOD.match(label)
        if m is None:  # detect_format checked this; a broken later header lands here
            found.append(Problem("bad_header", "expected '<series> <period>'",
                                 source=st.name, row=header_line, column=label, value=label))
            continue
        series, period = m.group("series"), m.group("period")
        group: str | None = None
        try:
            measure = tx.resolve_measure(series)
        except UnknownNameError as exc:
            folded = series.casefold()
            rate = folded.endswith("rate")
            base = folded.removesuffix("rate")
            by_folded = {k.casefold(): v for k, v in series_map.items()}
            if base in by_folded:
                group = by_folded[base]
                measure = "pct_workforce" if rate else "full_time_persons"
            else:
                known = [*series_map, *(f"{s}Rate" for s in series_map)] or [
                    a for m in tx.measures.values() for a in m.aliases
                    if re.fullmatch(r"[a-z]+(?:[A-Z][a-z]+)*", a)]  # persons, fullTime, …
                found += [Problem(p.code, f"unknown series {series!r}"
                                  + (f" for table {table}" if table else
                                     "; pass table= (e.g. table='Y25I01')"),
                                  source=st.name, row=header_line, column=label, value=series,
                                  suggestions=p.suggestions or tuple(
                                      close_matches(series, known) or known))
                          for p in exc.problems]
                continue
        values.append(ValueColumn(label, measure, cells[label], group=group, period=period))
    raise_problems(found)
    group_of_period = None
    if table is not None:
        tbl = table

        def group_of_period(p: pd.Period) -> str:
            return tx.table_group(tbl, p)

    return Wide(source=st.name, lines=lines, area_label=labels[0], area=cells[labels[0]],
                values=values, group_of_period=group_of_period, group_hint=_group_hint(table),
                decimal=".", grouping=False, header_line=header_line)
