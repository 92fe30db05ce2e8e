"""Download exactly what the recipe needs into one parquet bundle with provenance.

:func:`fetch` walks the recipe (:mod:`jobstats.load.recipe`): for every series
valid in the requested months it asks jobindsats (API v2 or v3) or DST
StatBank, keeps the recipe's measures and target groups (totals of the other
dimensions), and writes one bundle: a parquet file of the canonical frame
whose metadata record, for every series, the source, table id, query, when it
was fetched and the table's own last/next update when the API says so.

* A disk cache (``cache_dir``) keeps each answer for ``ttl`` seconds. Its key is
  the request (method, URL, body), which never holds the token. A damaged cache
  entry is noted and fetched again.
* A DST request over ``max_cells`` cells (StatBank refuses more than a million
  outside BULK) is split by period; ``statbank_format="BULK"`` streams instead.
* A table replaced by a reform (kontanthjælp Y36A02 → Y60A02 in 2025-07) is
  fetched for each table's own months and joined; the break is noted.
* Nothing is half-written: the bundle is written beside its final name and moved
  into place only when complete.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import os
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq

from jobstats import frame as _frame
from jobstats import taxonomy as _taxonomy
from jobstats.errors import (
    ApiError,
    FormatError,
    JobstatsError,
    NotFoundError,
    Problem,
    ValidationError,
    close_matches,
)
from jobstats.load.api import JobindsatsClient, StatbankClient, read_answer
from jobstats.load.recipe import Recipe, RecipeRow
from jobstats.load.recipe import recipe as default_recipe
from jobstats.periods import format_period

__all__ = ["BUNDLE_KEY", "Cache", "FetchResult", "bundle_info", "fetch", "read_bundle"]

BUNDLE_KEY = b"jobstats_bundle"
DEFAULT_TTL = 24 * 3600.0
DST_CELL_LIMIT = 1_000_000


@dataclass(frozen=True)
class Cached:
    """A cached answer: its body, when it was fetched, and whether it came from disk."""

    body: bytes
    fetched_at: str
    from_cache: bool


class Cache:
    """Answers on disk, keyed by the request (never the token), kept for ``ttl`` seconds.

    ``Cache(None)`` caches nothing. Each entry is ``<key>.body`` with a
    ``<key>.json`` beside it (URL, time, SHA-256 of the body); an entry whose
    body does not match its checksum, or whose metadata cannot be read, is
    damaged: it is noted in :attr:`notes` and fetched again.
    """

    def __init__(self, folder: str | os.PathLike[str] | None, ttl: float = DEFAULT_TTL,
                 clock: Callable[[], float] = time.time) -> None:
        self.folder = Path(folder) if folder is not None else None
        self.ttl = float(ttl)
        self.clock = clock
        self.notes: list[str] = []

    @staticmethod
    def key(method: str, url: str, body: bytes | None = None) -> str:
        h = hashlib.sha256()
        for part in (method.encode(), url.encode(), body or b""):
            h.update(len(part).to_bytes(8, "big"))
            h.update(part)
        return h.hexdigest()[:40]

    def get(self, method: str, url: str, body: bytes | None,
            fetch: Callable[[], bytes]) -> Cached:
        """The cached answer when fresh, else ``fetch()`` (stored before returning)."""
        if self.folder is None:
            return Cached(fetch(), _now(self.clock), False)
        key = self.key(method, url, body)
        meta_path = self.folder / f"{key}.json"
        body_path = self.folder / f"{key}.body"
        if meta_path.exists() or body_path.exists():
            try:
                meta = json.loads(meta_path.read_text(encoding="utf-8"))
                data = body_path.read_bytes()
                if not isinstance(meta, dict) or meta.get("sha256") != \
                        hashlib.sha256(data).hexdigest():
                    raise ValueError("checksum")
                age = self.clock() - float(meta["stored"])
                if 0 <= age <= self.ttl:
                    return Cached(data, str(meta["fetched_at"]), True)
            except (OSError, ValueError, KeyError, TypeError):
                self.notes.append(f"the cache entry {meta_path.name} for {_short(url)} was "
                                  "damaged; fetched again")
        data = fetch()
        fetched_at = _now(self.clock)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            _atomic_write(body_path, data)
            _atomic_write(meta_path, json.dumps({
                "url": url, "method": method, "fetched_at": fetched_at, "stored": self.clock(),
                "sha256": hashlib.sha256(data).hexdigest()}).encode())
        except OSError as exc:
            self.notes.append(f"cannot write the cache folder {self.folder}: {exc.strerror}; "
                              "continuing without it")
        return Cached(data, fetched_at, False)


def _short(url: str) -> str:
    return url if len(url) <= 100 else url[:97] + "..."


def _now(clock: Callable[[], float] = time.time) -> str:
    return dt.datetime.fromtimestamp(clock(), dt.UTC).isoformat(timespec="seconds")


def _atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class FetchResult:
    """What :func:`fetch` wrote: the bundle path, the frame, the provenance of every
    series, the series it skipped (with why) and notes (breaks, cache repairs)."""

    path: Path
    frame: pd.DataFrame
    provenance: tuple[Mapping[str, Any], ...]
    skipped: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    def format(self) -> str:
        lines = [f"Wrote {self.path} ({len(self.frame):,} rows, {len(self.provenance)} series)"]
        lines += [f"  note: {n}" for n in self.notes]
        lines += [f"  skipped: {s}" for s in self.skipped]
        return "\n".join(lines)


def _months(first: str | int, last: str | int) -> tuple[pd.Period, pd.Period]:
    def one(value: str | int, end: bool) -> pd.Period:
        text = str(value).strip()
        try:
            if text.isdigit() and len(text) == 4:
                return pd.Period(f"{text}-{'12' if end else '01'}", "M")
            from jobstats.periods import parse_period

            p = parse_period(text)
            return p.asfreq("M", "E" if end else "S")
        except (JobstatsError, ValueError):
            raise ValidationError([Problem("bad_period", "not a year or period code (e.g. 2016, "
                                           "2021M01, 2024Q1)", value=text[:100])]) from None

    a, b = one(first, False), one(last, True)
    if a > b:
        raise ValidationError([Problem("bad_period", f"the first period {first} is after the "
                                       f"last {last}", value=str(first))])
    return a, b


def _keep_totals(f: pd.DataFrame, where: str) -> pd.DataFrame:
    """Rows where every extra dimension (other than ``offer_type``) is its total; the
    dimension columns dropped."""
    for dim in _frame.dimensions(f):
        if dim == "offer_type":
            continue
        values = f[dim].astype(object)
        if not (values == "total").any():
            raise FormatError([Problem("no_total", f"dimension {dim!r} has no total; the "
                                       "recipe cannot choose a value", source=where,
                                       column=dim)])
        f = f[(values == "total").to_numpy()].drop(columns=[dim])
    return f


def _update_times(info: Mapping[str, Any]) -> dict[str, str]:
    out = {}
    for key, value in info.items():
        k = key.lower().replace("_", "")
        if k in ("lastupdate", "lastupdated", "updated", "opdateret", "sidstopdateret"):
            out["last_update"] = str(value)[:40]
        elif k in ("nextupdate", "nextupdated", "naesteopdatering"):
            out["next_update"] = str(value)[:40]
    return out


def fetch(*, first: str | int, last: str | int, out: str | os.PathLike[str],
          areas: Sequence[str] | None = None, recipe: Recipe | None = None,
          token: str | None = None, version: int = 2, jobindsats_url: str | None = None,
          statbank_url: str | None = None, cache_dir: str | os.PathLike[str] | None = None,
          ttl: float = DEFAULT_TTL, max_cells: int = DST_CELL_LIMIT,
          statbank_format: str = "CSV", timeout: float = 60.0, progress: bool = False,
          name: str | None = None, taxonomy: _taxonomy.Taxonomy | None = None,
          clock: Callable[[], float] = time.time) -> FetchResult:
    """Fetch the recipe's series for the months ``first``–``last`` (years or period codes)
    into one bundle in the folder ``out``; see the module docstring.

    ``areas``: the areas to fetch (``None``: all, which the ranking, the map and the
    national shares need). The token comes from ``token=`` or ``JOBINDSATS_TOKEN``
    and is only sent in the ``Authorization`` header.
    """
    tx = taxonomy or _taxonomy.default()
    rec = recipe or default_recipe()
    a, b = _months(first, last)
    rows = rec.rows_for(a, b)
    skipped = [f"{r.series}: the recipe has no table id (used by {', '.join(r.used_by)}); "
               "find it with `jobstats tables` and pass --recipe with the id"
               for r in rows if not r.table]
    rows = tuple(r for r in rows if r.table)
    area_names = None if areas is None else [tx.resolve_area(x) for x in areas]
    cache = Cache(cache_dir, ttl, clock)
    ji: JobindsatsClient | None = None
    if any(r.source == "jobindsats" for r in rows):
        ji = JobindsatsClient(token, version=version, base_url=jobindsats_url, timeout=timeout,
                              taxonomy=tx)
    dst = StatbankClient(base_url=statbank_url, timeout=timeout) if statbank_url else \
        StatbankClient(timeout=timeout)
    out_dir = Path(out)
    frames: list[pd.DataFrame] = []
    provenance: list[dict[str, Any]] = []
    notes: list[str] = []
    bar = _progress(len(rows), progress)
    try:
        for row in rows:
            lo = max(a, row.valid_from) if row.valid_from is not None else a
            hi = min(b, row.valid_to) if row.valid_to is not None else b
            months = list(pd.period_range(lo, hi, freq="M"))
            if row.source == "jobindsats":
                assert ji is not None
                f, prov = _fetch_jobindsats(ji, cache, row, months, area_names, tx)
            else:
                f, prov = _fetch_statbank(dst, cache, row, months, area_names, max_cells,
                                          statbank_format, tx)
            frames.append(f)
            provenance.append(prov)
            bar(row.series)
    finally:
        bar(None)
    notes += _breaks(rows, a, b)
    notes += cache.notes
    if not frames:
        raise ValidationError([Problem("nothing_to_fetch", "the recipe has no fetchable "
                                       f"series for {a}–{b}", value=f"{first}-{last}")])
    combined = _frame.make_frame(pd.concat(frames, ignore_index=True))
    combined.attrs = {"source": "Kilde: Jobindsats.dk og Danmarks Statistik"}
    target = out_dir / (name or f"jobstats_bundle_{a}_{b}.parquet".replace("-", ""))
    meta = {"version": 1, "created": _now(clock), "first": str(a), "last": str(b),
            "areas": area_names or "*", "recipe": rec.source, "provenance": provenance,
            "skipped": skipped, "notes": notes}
    _write_bundle(combined, target, meta)
    combined.attrs["provenance"] = provenance
    return FetchResult(target, combined, tuple(provenance), tuple(skipped), tuple(notes))


def _progress(total: int, show: bool) -> Callable[[str | None], None]:
    if not show:
        return lambda _name: None
    from tqdm import tqdm

    bar = tqdm(total=total, unit="series", desc="fetch", leave=True)

    def step(name: str | None) -> None:
        if name is None:
            bar.close()
        else:
            bar.set_postfix_str(name)
            bar.update(1)

    return step


def _breaks(rows: Sequence[RecipeRow], a: pd.Period, b: pd.Period) -> list[str]:
    notes = []
    by_use: dict[tuple[tuple[str, ...], str], list[RecipeRow]] = {}
    for r in rows:
        by_use.setdefault((r.measures, r.target_group), []).append(r)
    for (_m, group), rs in by_use.items():
        if len(rs) > 1:
            parts = ", ".join(f"{r.table} ({r.valid_from or '…'}–{r.valid_to or '…'})"
                              for r in rs)
            notes.append(f"{group}: joined from {parts} — a reform replaced the table; the "
                         "series has a break there")
    return notes


def _fetch_jobindsats(client: JobindsatsClient, cache: Cache, row: RecipeRow,
                      months: list[pd.Period], areas: list[str] | None,
                      tx: _taxonomy.Taxonomy) -> tuple[pd.DataFrame, dict[str, Any]]:
    periods = [format_period(p) for p in months]
    area_param: str | list[str] = "*" if areas is None else [
        tx.area(x).jobindsats_name or x for x in areas]
    info_doc = _table_info(client, cache, row)
    info = _update_times(info_doc)
    available = info_doc.get("Period") or info_doc.get("period") or info_doc.get("periods")
    if isinstance(available, list) and available:
        have = {str(p) for p in available}
        outside = [p for p in periods if p not in have]
        if outside:
            raise ValidationError([Problem(
                "period_out_of_range", f"table {row.table} has no {outside[0]}"
                f"{f' (and {len(outside) - 1} more)' if len(outside) > 1 else ''}; it holds "
                f"{available[0]}–{available[-1]}: choose periods in that range",
                value=outside[0])])
    url = client.data_url(row.table, period=periods, area=area_param)
    got = cache.get("GET", url, None, lambda: client.data_bytes(
        row.table, period=periods, area=area_param))
    known = any(t.table == row.table for t in tx.tables)
    f = read_answer(got.body, url, table=row.table, taxonomy=tx) if known \
        else _read_unknown(got.body, url, row, tx)
    f = _select(f, row, url, tx)
    prov = {"series": row.series, "source": "jobindsats", "table": row.table,
            "query": url, "fetched_at": got.fetched_at, "from_cache": got.from_cache,
            "rows": len(f), **info}
    return f, prov


def _table_info(client: JobindsatsClient, cache: Cache, row: RecipeRow) -> dict[str, Any]:
    """The table's description (cached); an unknown id is a NotFoundError naming the
    close matches from the catalogue."""
    path = (f"tables/{row.table.lower()}/json" if client.version == 2
            else f"table/{row.table}")
    url = client.url(path)
    try:
        got = cache.get("GET", url, None, lambda: client.get(path, what=f"table {row.table!r}"))
    except NotFoundError as exc:
        try:
            ids = [str(next((v for k, v in t.items() if k.lower() in ("id", "tableid")), ""))
                   .upper() for t in client.tables()]
        except ApiError:
            ids = []
        near = close_matches(row.table, [i for i in ids if i])
        hint = f" — did you mean {' or '.join(near)}?" if near else ""
        raise NotFoundError(f"jobindsats has no table {row.table!r} (series {row.series!r} of "
                            f"the recipe){hint}", status=exc.status, url=exc.url) from None
    try:
        doc = json.loads(got.body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return {}
    if isinstance(doc, list) and doc and isinstance(doc[0], dict):
        doc = doc[0]
    return doc if isinstance(doc, dict) else {}


def _read_unknown(body: bytes, url: str, row: RecipeRow,
                  tx: _taxonomy.Taxonomy) -> pd.DataFrame:
    """A table the taxonomy does not map to a group: its answer must name the groups."""
    import io

    from jobstats.load.jobindsats import read_jobindsats

    buffer = io.BytesIO(body)
    buffer.name = url
    try:
        return read_jobindsats(buffer, taxonomy=tx)
    except FormatError as exc:
        raise ApiError(f"the answer for table {row.table!r} cannot be read "
                       f"({str(exc.problems[0])[:200] if exc.problems else exc}); try again",
                       url=url) from None


def _select(f: pd.DataFrame, row: RecipeRow, where: str,
            tx: _taxonomy.Taxonomy) -> pd.DataFrame:
    keep = f[_frame.MEASURE].astype(str).isin(row.measures).to_numpy().copy()
    groups = f[_frame.TARGET_GROUP].astype(str)
    in_tree = {g: row.keeps(g, tx) for g in groups.unique()}
    keep &= groups.map(in_tree).to_numpy(dtype=bool)
    missing = set(row.measures) - set(f.loc[keep, _frame.MEASURE].astype(str))
    if missing:
        raise ApiError(f"table {row.table!r} answered without {', '.join(sorted(missing))} of "
                       f"{row.target_group} (series {row.series!r}); check the recipe",
                       url=where)
    out = _keep_totals(f.loc[keep].reset_index(drop=True), where)
    return _frame.make_frame(out.reset_index(drop=True))


def _fetch_statbank(client: StatbankClient, cache: Cache, row: RecipeRow,
                    months: list[pd.Period], areas: list[str] | None, max_cells: int,
                    fmt: str, tx: _taxonomy.Taxonomy) -> tuple[pd.DataFrame, dict[str, Any]]:
    from jobstats.load.statbank import read_statbank

    payload = json.dumps({"table": row.table, "format": "JSON", "lang": client.lang}).encode()
    info_url = client.base_url + "tableinfo"
    got_info = cache.get("POST", info_url, payload, lambda: client.send(
        "POST", info_url, body=payload, what=f"table {row.table!r}"))
    info = client.json(got_info.body, info_url, f"table {row.table!r}")
    variables = {str(v.get("id")): v for v in info.get("variables", [])
                 if isinstance(v, dict)} if isinstance(info, dict) else {}
    area_var = next((k for k in variables if k.upper() in ("OMRÅDE", "OMRADE")), "OMRÅDE")
    time_var = next((k for k in variables if k.lower() in ("tid", "time")), "Tid")
    select: dict[str, list[str]] = {k: list(v) for k, v in row.select.items()}
    if areas is None:
        select[area_var] = ["*"]
    else:
        by_text = {str(v.get("text")): str(v.get("id"))
                   for v in variables.get(area_var, {}).get("values", [])}
        select[area_var] = [by_text.get(tx.area(x).dst_name or x, by_text.get(x, x))
                            for x in areas]
    n_areas = len(variables.get(area_var, {}).get("values", [])) if select[area_var] == ["*"] \
        else len(select[area_var])
    per_period = max(1, n_areas) * math.prod(len(v) for k, v in select.items() if k != area_var)
    codes: list[str] = [format_period(p) for p in months]
    if fmt.upper() == "BULK":
        chunks = [codes]
    else:
        size = max(1, max_cells // per_period)
        if per_period > max_cells:
            raise ValidationError([Problem("too_many_cells", f"one period of {row.table} is "
                                           f"{per_period:,} cells, over the limit "
                                           f"{max_cells:,}; use the BULK format",
                                           value=row.table)])
        chunks = [codes[i:i + size] for i in range(0, len(codes), size)]
    frames = []
    fetched: list[str] = []
    from_cache = True
    for chunk in chunks:
        variables_q: dict[str, list[str]] = {**select, time_var: chunk}
        body = json.dumps(client.data_payload(row.table, variables_q, format=fmt.upper()),
                          ensure_ascii=False, sort_keys=True).encode("utf-8")
        url = client.base_url + "data"
        got = cache.get("POST", url, body, lambda v=variables_q: client.data(  # type: ignore[misc]
            row.table, v, format=fmt.upper()))
        fetched.append(got.fetched_at)
        from_cache &= got.from_cache
        try:
            f = read_statbank(got.body, measure=row.measures[0],
                              target_group=row.target_group, taxonomy=tx)
        except FormatError as exc:
            raise ApiError(f"the DST answer for {row.table} cannot be read "
                           f"({str(exc.problems[0])[:200] if exc.problems else exc}); try again",
                           url=url) from None
        frames.append(f)
    f = _frame.make_frame(pd.concat(frames, ignore_index=True))
    f = _sum_selected(f, row)
    prov = {"series": row.series, "source": "statbank", "table": row.table,
            "query": json.dumps({"table": row.table, "variables": select,
                "periods": [codes[0], codes[-1]],
                "requests": len(chunks)}, ensure_ascii=False),
            "fetched_at": min(fetched), "from_cache": from_cache, "rows": len(f),
            **_update_times(info if isinstance(info, dict) else {})}
    return f, prov


def _sum_selected(f: pd.DataFrame, row: RecipeRow) -> pd.DataFrame:
    """Sum over the dimensions the recipe selected several values of (ALDER 16-66).
    Every key must have every part: a short sum would be a silently wrong number."""
    if not _frame.dimensions(f):
        return f
    keys = list(_frame.KEY_COLUMNS)
    grouped = f.groupby(keys, observed=True, sort=False)
    out = grouped[_frame.VALUE].sum(min_count=1).to_frame()
    out[_frame.BLINDED] = grouped[_frame.BLINDED].any()
    expected = math.prod(len(v) for v in row.select.values() if len(v) > 1) or 1
    out["n"] = grouped[_frame.VALUE].count()
    out = out.reset_index()
    short = out["n"] < expected
    if short.any():
        first = out.loc[short].iloc[0]
        raise ApiError(f"the DST answer for {row.table} lacks values for {first['area']} "
                       f"{first['period']}: {int(first['n'])} of {expected} parts; try again",
                       url=row.table)
    return _frame.make_frame(out.drop(columns="n"))


def _write_bundle(frame: pd.DataFrame, target: Path, meta: Mapping[str, Any]) -> None:
    from jobstats.load.parquet import write_parquet

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".jobstats-", suffix=".parquet", dir=target.parent)
        os.close(fd)
    except OSError as exc:
        raise ValidationError([Problem("unwritable", f"cannot write to {target.parent}: "
                                       f"{exc.strerror}", value=str(target.parent))]) from None
    try:
        write_parquet(frame, tmp)
        table = pq.read_table(tmp)
        schema_meta = dict(table.schema.metadata or {})
        schema_meta[BUNDLE_KEY] = json.dumps(meta, ensure_ascii=False).encode("utf-8")
        pq.write_table(table.replace_schema_metadata(schema_meta), tmp)
        os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)


def bundle_info(path: str | os.PathLike[str]) -> dict[str, Any] | None:
    """The bundle metadata of a parquet file (``None`` for a plain jobstats parquet file)."""
    try:
        meta = pq.read_schema(path).metadata or {}
    except (OSError, ValueError) as exc:
        raise FormatError([Problem("bad_parquet", f"not a readable parquet file: "
                                   f"{type(exc).__name__}", source=os.fspath(path))]) from None
    raw = meta.get(BUNDLE_KEY)
    if raw is None:
        return None
    try:
        info = json.loads(raw)
    except (ValueError, RecursionError):
        info = None
    if not isinstance(info, dict) or not isinstance(info.get("provenance"), list):
        raise FormatError([Problem("bad_bundle", "the bundle's provenance is damaged; fetch "
                                   "again", source=os.fspath(path))])
    return info


def read_bundle(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read a bundle written by :func:`fetch`: the frame, with the provenance in
    ``attrs["provenance"]`` (a list of dicts, one per series)."""
    from jobstats.load.parquet import read_parquet

    info = bundle_info(path)
    f = read_parquet(path)
    f.attrs["source"] = "Kilde: Jobindsats.dk og Danmarks Statistik"
    if info is not None:
        f.attrs["provenance"] = info["provenance"]
        f.attrs["bundle"] = {k: v for k, v in info.items() if k != "provenance"}
    return f

