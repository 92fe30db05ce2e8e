"""Several data sources in one report: files, folders and fetched bundles combined.

:func:`load_sources` reads every ``--data`` argument — ``demo``, a file (a
jobindsats download, a DST StatBank CSV, a parquet file or a bundle written by
``jobstats fetch``) or a folder of such files — and combines the series by the
canonical keys (area, target group, period, measure and any extra dimension).
A key present in two sources with the same value is kept once; with different
values it is an error naming both sources, so a report never silently picks one.

:func:`data_note` says up to which month the data run and when each source was
fetched; :func:`stale_sources` lists sources older than their table's next update.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from jobstats import frame as _frame
from jobstats.errors import FormatError, Problem, ValidationError

__all__ = ["data_note", "load_one", "load_sources", "stale_sources"]

_SUFFIXES = (".parquet", ".csv", ".tsv", ".json", ".jsonl", ".txt")
_MONTHS_DA = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
              "september", "oktober", "november", "december")


def load_one(path: str | os.PathLike[str]) -> pd.DataFrame:
    """One data file: ``demo``, a parquet file or bundle, a jobindsats download or a DST
    StatBank CSV. Its frame has ``attrs["sources"]``: one provenance dict per series
    (a bundle's own provenance; else the file name and its modification time)."""
    text = os.fspath(path)
    if text == "demo":
        from jobstats.demodata import demo

        f = demo()
        f.attrs["sources"] = [{"source": "demo", "table": "demo", "series": "demo"}]
        return f
    p = Path(text)
    if not p.is_file():
        raise FormatError([Problem("no_such_file", "no such data file or folder; pass a "
                                   "jobindsats download, a DST StatBank CSV, a parquet file or "
                                   "bundle, a folder of them, or 'demo'", source=text[:200])])
    if p.suffix.lower() == ".parquet":
        from jobstats.load.fetch import read_bundle

        f = read_bundle(p)
        prov = f.attrs.get("provenance")
        f.attrs["sources"] = [dict(x, file=p.name) for x in prov] if prov else [_file_prov(p)]
        bundle = f.attrs.get("bundle") or {}
        f.attrs["notes"] = [f"{p.name}: {n}" for n in bundle.get("notes", [])
                            if "cache entry" not in str(n)]
        f.attrs["notes"] += [f"{p.name}: not fetched: {s}" for s in bundle.get("skipped", [])]
        return f
    from jobstats.load import read_jobindsats, read_statbank

    try:
        f = read_jobindsats(p)
    except FormatError as first:
        try:
            f = read_statbank(p)
        except FormatError as second:
            if "statbank_csv" in first.codes:  # a DST file: its own reader's answer
                raise second from None
            raise first from None
    f.attrs["sources"] = [_file_prov(p)]
    return f


def _file_prov(p: Path) -> dict[str, Any]:
    stamp = dt.datetime.fromtimestamp(p.stat().st_mtime, dt.UTC).isoformat(timespec="seconds")
    return {"source": "file", "file": p.name, "table": p.stem, "series": p.name,
            "fetched_at": stamp}


def _expand(paths: Sequence[str]) -> list[str]:
    out: list[str] = []
    for text in paths:
        p = Path(text)
        if text != "demo" and p.is_dir():
            files = sorted(str(f) for f in p.iterdir()
                           if f.is_file() and f.suffix.lower() in _SUFFIXES
                           and not f.name.startswith("."))
            if not files:
                raise FormatError([Problem("empty_folder", "the folder holds no data files "
                                           f"({', '.join(_SUFFIXES)})", source=text[:200])])
            out += files
        else:
            out.append(text)
    return out


def load_sources(paths: Sequence[str] | str | None) -> pd.DataFrame:
    """Read and combine ``paths`` (see the module docstring). ``None`` → the demo."""
    if paths is None:
        paths = ["demo"]
    if isinstance(paths, str):
        paths = [paths]
    files = _expand(list(paths) or ["demo"])
    if len(files) == 1:
        return load_one(files[0])
    frames = [load_one(f) for f in files]
    return combine(frames, [Path(f).name for f in files])


def combine(frames: Sequence[pd.DataFrame], names: Sequence[str]) -> pd.DataFrame:
    """Combine frames by the canonical keys; equal duplicates kept once, different ones an
    error (every conflicting key named, up to 20, with both sources and values)."""
    tagged = []
    for i, f in enumerate(frames):
        g = f.copy()
        g["_source"] = i
        tagged.append(g)
    allf = pd.concat(tagged, ignore_index=True)
    keys = [c for c in allf.columns if c not in (_frame.VALUE, _frame.BLINDED, "_source")
            and c not in _frame.HELPER_COLUMNS]
    dup = allf.duplicated(subset=keys, keep=False).to_numpy()
    problems: list[Problem] = []
    drop = np.zeros(len(allf), dtype=bool)
    if dup.any():
        sub = allf.loc[dup]
        for _key, grp in sub.groupby(keys, sort=False, dropna=False, observed=True):
            values = grp[_frame.VALUE].to_numpy(dtype=float)
            blinded = grp[_frame.BLINDED].to_numpy(dtype=bool)
            first_v, first_b = values[0], blinded[0]
            same = all((b == first_b) and (b or (np.isnan(v) and np.isnan(first_v))
                                           or v == first_v)
                       for v, b in zip(values[1:], blinded[1:], strict=True))
            sources = sorted({int(s) for s in grp["_source"]})
            if same:
                drop[grp.index[1:]] = True
                continue
            row = grp.iloc[0]
            desc = ", ".join(f"{k}={row[k]}" for k in keys if row[k] is not None
                             and not (isinstance(row[k], float) and np.isnan(row[k])))
            shown = "; ".join(
                f"{names[int(s)]}: {'.' if b else v:g}" if not b else f"{names[int(s)]}: ."
                for s, v, b in zip(grp["_source"], values, blinded, strict=True))
            problems.append(Problem(
                "sources_disagree", f"two sources give different values for {desc[:160]} "
                f"({shown[:200]}); pass only one of them", value=", ".join(
                    names[s] for s in sources)[:100]))
            if len(problems) >= 20:
                break
    if problems:
        raise ValidationError(problems)
    out = allf.loc[~drop].drop(columns="_source").reset_index(drop=True)
    out = _frame.make_frame(out)
    srcs = [dict(s, file=s.get("file", names[i])) for i, f in enumerate(frames)
            for s in f.attrs.get("sources", [])]
    labels = [str(f.attrs.get("source", "")) for f in frames]
    notes = [n for f in frames for n in f.attrs.get("notes", [])]
    out.attrs = {"source": _joined_source(labels), "sources": srcs, "notes": notes}
    return out


def _joined_source(labels: Sequence[str]) -> str:
    parts: list[str] = []
    for lab in labels:
        text = lab.removeprefix("Kilde:").strip()
        for piece in text.replace(" og ", ", ").split(","):
            piece = piece.strip()
            if piece and piece not in parts:
                parts.append(piece)
    if not parts:
        return ""
    return "Kilde: " + (" og ".join(parts) if len(parts) <= 2 else
                        ", ".join(parts[:-1]) + " og " + parts[-1])


def last_month(frame: pd.DataFrame) -> pd.Period | None:
    """The last month the data cover (the end of the latest period)."""
    periods = frame[_frame.PERIOD].dropna()
    if not len(periods):
        return None
    ends: list[pd.Period] = [p.asfreq("M", "E") for p in set(periods)]
    return max(ends)


def data_note(frame: pd.DataFrame, language: str = "da") -> str:
    """"Data til og med december 2018; hentet: Y01A02 2019-01-20, …" (the fetch date of
    each source, one per table)."""
    month = last_month(frame)
    if month is None:
        return ""
    if language == "da":
        head = f"Data til og med {_MONTHS_DA[month.month - 1]} {month.year}"
    else:
        head = f"Data up to and including {month.strftime('%B %Y')}"
    fetched: dict[str, str] = {}
    files: dict[str, str] = {}
    for s in frame.attrs.get("sources", []):
        when = str(s.get("fetched_at", ""))[:10]
        if not when or s.get("source") == "demo":
            continue
        if s.get("source") == "file":
            files.setdefault(str(s.get("file")), when)
        else:
            fetched.setdefault(str(s.get("table")), when)
    if fetched:
        word = "hentet" if language == "da" else "fetched"
        head += f"; {word}: " + ", ".join(f"{t} {d}" for t, d in fetched.items())
    if files:
        word = "filer (ændret)" if language == "da" else "files (modified)"
        head += f"; {word}: " + ", ".join(f"{t} {d}" for t, d in files.items())
    return head


def stale_sources(frame: pd.DataFrame, *, now: dt.datetime | None = None) -> list[str]:
    """Sources fetched before their table's next update that has since passed."""
    now = now or dt.datetime.now(dt.UTC)
    out = []
    for s in frame.attrs.get("sources", []):
        nxt = _when(s.get("next_update"))
        got = _when(s.get("fetched_at"))
        if nxt is not None and got is not None and got < nxt <= now:
            out.append(f"{s.get('table')} was fetched {got.date()} but the table was due to "
                       f"be updated {nxt.date()}: fetch again for the latest numbers")
    return out


def _when(value: object) -> dt.datetime | None:
    if not value:
        return None
    try:
        t = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return t if t.tzinfo else t.replace(tzinfo=dt.UTC)


def describe(frame: pd.DataFrame) -> Mapping[str, object]:
    """A summary for the command line: rows, areas, measures and the last month."""
    return {"rows": len(frame), "areas": int(frame[_frame.AREA].nunique()),
            "measures": sorted(map(str, frame[_frame.MEASURE].astype(object).unique())),
            "last_month": str(last_month(frame))}
