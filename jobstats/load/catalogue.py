"""The table catalogue, and the ``jobstats tables`` and ``jobstats fetch`` commands.

:func:`catalogue` lists jobindsats tables (id, name, subject, periods, last and
next update when the API says so) and DST StatBank tables from the APIs,
through the disk cache; offline (no token, or ``offline=True``) it lists the
recipe's tables from the package. ``jobstats tables --recipe`` prints the recipe.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from jobstats.errors import NotFoundError, Problem, UnknownNameError, fold
from jobstats.load.api import TOKEN_ENV, JobindsatsClient, StatbankClient
from jobstats.load.fetch import DEFAULT_TTL, DST_CELL_LIMIT, Cache, fetch
from jobstats.load.recipe import read_recipe, recipe

__all__ = ["CATALOGUE_COLUMNS", "catalogue", "register", "register_fetch"]

CATALOGUE_COLUMNS = ("source", "id", "name", "subject", "first_period", "last_period",
                     "last_update", "next_update")
DEFAULT_CACHE = Path.home() / ".cache" / "jobstats"


def _pick(d: Mapping[str, Any], *names: str) -> str:
    low = {k.lower(): v for k, v in d.items()}
    for n in names:
        v = low.get(n.lower())
        if v not in (None, ""):
            return str(v)
    return ""


def _periods(d: Mapping[str, Any]) -> tuple[str, str]:
    low = {k.lower(): v for k, v in d.items()}
    p = low.get("period") or low.get("periods")
    if isinstance(p, list) and p:
        return str(p[0]), str(p[-1])
    return _pick(d, "firstPeriod", "first_period"), _pick(d, "latestPeriod", "lastPeriod")


def catalogue(search: str | None = None, *, offline: bool | None = None,
              token: str | None = None, version: int = 2, jobindsats_url: str | None = None,
              statbank_url: str | None = None, cache_dir: str | os.PathLike[str] | None = None,
              ttl: float = DEFAULT_TTL) -> pd.DataFrame:
    """Tables whose id, name or subject contain ``search`` (case and æøå folded), as a
    frame with :data:`CATALOGUE_COLUMNS`. Online when a token is given or set in
    ``JOBINDSATS_TOKEN`` (and ``offline`` is not True); else the recipe's tables.

    >>> catalogue("reform", offline=True)["id"].tolist()
    ['Y36A02', 'Y60A02']
    """
    has_token = bool(token or os.environ.get(TOKEN_ENV))
    if offline is None:
        offline = not has_token
    rows: list[dict[str, str]] = []
    if offline:
        for r in recipe().rows:
            if r.table:
                rows.append({"source": r.source, "id": r.table, "name": r.note,
                             "subject": r.target_group,
                             "first_period": str(r.valid_from or ""),
                             "last_period": str(r.valid_to or ""),
                             "last_update": "", "next_update": ""})
    else:
        cache = Cache(cache_dir, ttl)
        client = JobindsatsClient(token, version=version, base_url=jobindsats_url)
        path = "tables/json" if version == 2 else "tables"
        url = client.url(path)
        got = cache.get("GET", url, None, lambda: client.get(path, what="the table catalogue"))
        from jobstats.load.api import _flatten_catalogue

        for d in _flatten_catalogue(client.json(got.body, url, "the table catalogue")):
            first, last = _periods(d)
            rows.append({"source": "jobindsats", "id": _pick(d, "id", "tableId").upper(),
                         "name": _pick(d, "name", "label", "title"),
                         "subject": _pick(d, "subject"), "first_period": first,
                         "last_period": last,
                         "last_update": _pick(d, "lastUpdate", "lastUpdated", "updated"),
                         "next_update": _pick(d, "nextUpdate")})
        dst = StatbankClient(base_url=statbank_url) if statbank_url else StatbankClient()
        payload = b'{"format": "JSON", "lang": "da"}'
        durl = dst.base_url + "tables"
        got = cache.get("POST", durl, payload, lambda: dst.send(
            "POST", durl, body=payload, what="the table list"))
        doc = dst.json(got.body, durl, "the table list")
        for d in doc if isinstance(doc, list) else []:
            if isinstance(d, dict):
                first, last = _periods(d)
                rows.append({"source": "statbank", "id": _pick(d, "id").upper(),
                             "name": _pick(d, "text"), "subject": _pick(d, "subject"),
                             "first_period": first, "last_period": last,
                             "last_update": _pick(d, "updated"), "next_update": ""})
    out = pd.DataFrame(rows, columns=list(CATALOGUE_COLUMNS)).drop_duplicates(
        subset=["source", "id"]).reset_index(drop=True)
    if search:
        needle = fold(search)
        hit = [needle in fold(" ".join(r)) for r in
               out[["id", "name", "subject"]].astype(str).itertuples(index=False)]
        out = out.loc[hit].reset_index(drop=True)
    return out


def _print_frame(f: pd.DataFrame) -> None:
    if f.empty:
        print("no tables match")
        return
    print(f.to_string(index=False, max_colwidth=60))


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``tables`` and ``fetch`` subcommands."""
    parser = subparsers.add_parser(
        "tables", help="list jobindsats and DST tables (or print the data recipe)",
        description="List tables from the jobindsats and DST StatBank APIs (cached; needs "
                    f"{TOKEN_ENV}); offline, the tables of the package's data recipe.",
        epilog="examples: jobstats tables kontanthjælp; jobstats tables --recipe")
    parser.add_argument("search", nargs="?", default=None, help="text in id, name or subject")
    parser.add_argument("--recipe", action="store_true",
                        help="print the data recipe (which table feeds which appendix table)")
    parser.add_argument("--offline", action="store_true", help="only the recipe's tables")
    parser.add_argument("--api-version", type=int, choices=(2, 3), default=2)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="cache folder")
    parser.set_defaults(run=_run_tables)
    register_fetch(subparsers)


def _run_tables(args: argparse.Namespace) -> int:
    if args.recipe:
        print(recipe().format())
        return 0
    f = catalogue(args.search, offline=True if args.offline else None,
                  version=args.api_version, cache_dir=args.cache)
    _print_frame(f)
    return 0


def register_fetch(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``fetch`` subcommand."""
    parser = subparsers.add_parser(
        "fetch", help="download what the appendix needs into one parquet bundle",
        description="Download the series of the data recipe from jobindsats (token in "
                    f"{TOKEN_ENV}) and DST StatBank into one parquet bundle with provenance; "
                    "`jobstats report --data BUNDLE` reads it.",
        epilog="example: JOBINDSATS_TOKEN=… jobstats fetch --area Gentofte --from 2016 "
               "--to 2018 --out data/")
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--area", help="the municipality the bundle is for (every area is "
                        "fetched: national shares, the ranking and the map need them)")
    target.add_argument("--all", action="store_true", help="all areas")
    parser.add_argument("--from", dest="first", help="first year or period (2016, 2021M01)")
    parser.add_argument("--to", dest="last", help="last year or period")
    parser.add_argument("--latest", type=int, default=None, metavar="N",
                        help="the latest N months up to --to (default: up to last month)")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--recipe", type=Path, default=None,
                        help="a recipe CSV (the package recipe with table ids filled in)")
    parser.add_argument("--api-version", type=int, choices=(2, 3), default=2)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="cache folder")
    parser.add_argument("--ttl", type=float, default=DEFAULT_TTL / 3600,
                        help="hours a cached answer is used (default 24)")
    parser.add_argument("--bulk", action="store_true",
                        help="DST in the streaming BULK format instead of split requests")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--jobindsats-url", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--statbank-url", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--max-cells", type=int, default=DST_CELL_LIMIT, help=argparse.SUPPRESS)
    parser.set_defaults(run=_run_fetch)


def _run_fetch(args: argparse.Namespace) -> int:
    from jobstats import taxonomy

    if args.area:
        taxonomy.default().resolve_area(args.area)  # a clear error before any download
    last = args.last
    first = args.first
    if args.latest is not None:
        if args.latest < 1:
            raise UnknownNameError([Problem("bad_latest", "--latest must be 1 or more",
                                            value=args.latest)])
        if last:
            from jobstats.periods import parse_period

            end = parse_period(str(last)).asfreq("M", "E")
        else:
            end = pd.Timestamp.now().to_period("M") - 1
        begin = end - (args.latest - 1)
        first, last = f"{begin.year}M{begin.month:02d}", f"{end.year}M{end.month:02d}"
    if not first or not last:
        raise UnknownNameError([Problem("missing_period", "give --from and --to, or --latest N",
                                        value=None)])
    rec = read_recipe(args.recipe) if args.recipe else None
    try:
        result = fetch(first=first, last=last, out=args.out, recipe=rec,
                       version=args.api_version, cache_dir=args.cache, ttl=args.ttl * 3600,
                       statbank_format="BULK" if args.bulk else "CSV",
                       progress=not args.quiet, jobindsats_url=args.jobindsats_url,
                       statbank_url=args.statbank_url, max_cells=args.max_cells,
                       name=f"jobstats_{_slug(args.area or 'alle')}_{first}_{last}.parquet")
    except NotFoundError as exc:
        print(f"jobstats fetch: error: {exc}", file=sys.stderr)
        return 2
    print(result.format())
    return 0


def _slug(text: str) -> str:
    from jobstats.errors import fold

    return "".join(c if c.isalnum() else "_" for c in fold(text))
