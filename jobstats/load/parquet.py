"""Canonical frames as parquet files, round-tripping exactly.

Categories (with their order and unused categories), the period dtype
(``period[M]``, ``period[Q-DEC]``, the anchored ``period[Y-JUN]`` of QMAT rolling
years), an object period column of mixed frequencies, ``blinded`` flags,
extra dimensions, helper columns and the index all come back as written.
Plain columns use pandas' own parquet metadata; the file's ``jobstats``
metadata adds each categorical column's categories (with their dtype, so even
an empty frame comes back alike) and marks a mixed-frequency period column,
which is stored as text (``"Y-JUN|2022"``).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from jobstats import frame as _frame
from jobstats import taxonomy as _taxonomy
from jobstats.errors import FormatError, Problem, ValidationError

__all__ = ["read_parquet", "write_parquet"]

_META_KEY = b"jobstats"
_FORMAT_VERSION = 1


def write_parquet(frame: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write a canonical frame to ``path`` (parquet); return the path.

    The frame is not modified. Raises :class:`~jobstats.errors.ValidationError`
    when a core column is missing.

    >>> import tempfile
    >>> f = _frame.make_frame(pd.DataFrame({
    ...     "area": ["Gentofte"], "target_group": ["bm.i_alt"],
    ...     "period": [pd.Period("2022", "Y-JUN")], "measure": ["full_time_persons"],
    ...     "value": [float("nan")], "blinded": [True]}))
    >>> with tempfile.TemporaryDirectory() as d:
    ...     back = read_parquet(write_parquet(f, Path(d) / "f.parquet"))
    >>> back.equals(f), str(back["period"].dtype)
    (True, 'period[Y-JUN]')
    """
    missing = [c for c in _frame.CORE_COLUMNS if c not in frame.columns]
    if missing:
        raise ValidationError([Problem("missing_column", f"the frame has no column {c!r}",
                                       column=c) for c in missing])
    out = frame.copy()
    period_kind = "native"
    period = out[_frame.PERIOD]
    if not isinstance(period.dtype, pd.PeriodDtype):
        period_kind = "object"
        out[_frame.PERIOD] = pd.Series(
            [f"{p.freqstr}|{p}" if isinstance(p, pd.Period) else None for p in period],
            index=out.index, dtype=object)
    categories = {
        str(col): {"values": out[col].cat.categories.tolist(),
                   "dtype": str(out[col].cat.categories.dtype),
                   "ordered": bool(out[col].cat.ordered)}
        for col in out.columns if isinstance(out[col].dtype, pd.CategoricalDtype)
    }
    table = pa.Table.from_pandas(out)
    meta = dict(table.schema.metadata or {})
    meta[_META_KEY] = json.dumps({"version": _FORMAT_VERSION, "period": period_kind,
                                  "categories": categories}).encode()
    target = Path(path)
    pq.write_table(table.replace_schema_metadata(meta), target)
    return target


def read_parquet(path: str | os.PathLike[str], *, validate: bool = True,
                 taxonomy: _taxonomy.Taxonomy | None = None) -> pd.DataFrame:
    """Read a frame written by :func:`write_parquet` (see there for an example).

    The frame is validated like a loaded file (:func:`jobstats.frame.validate`: known
    areas, groups and measures, no negative counts, finite values, unique keys...),
    since a parquet file may come from anywhere or an older taxonomy (a renamed
    kommune would otherwise silently miss from tables and maps); ``validate=False``
    skips that for a file you wrote yourself in this session.

    Raises :class:`~jobstats.errors.FormatError` when the file is not such a
    parquet file or its jobstats metadata is damaged, and
    :class:`~jobstats.errors.ValidationError` when the frame breaks a rule.
    """
    name = os.fspath(path)
    try:
        table = pq.read_table(path)
    except (OSError, pa.ArrowException, ValueError) as exc:
        raise FormatError([Problem("bad_parquet", f"not a readable parquet file: {exc}",
                                   source=name)]) from None
    meta_raw = (table.schema.metadata or {}).get(_META_KEY)
    if meta_raw is None:
        raise FormatError([Problem("bad_parquet", "not written by jobstats.write_parquet "
                                   "(no jobstats metadata)", source=name)])
    meta = _read_meta(meta_raw, name)
    try:
        out: pd.DataFrame = table.to_pandas()
    except (pa.ArrowException, ValueError, TypeError, KeyError) as exc:
        raise FormatError([Problem("bad_parquet", f"cannot convert the table: {exc}",
                                   source=name)]) from None
    for col, spec in meta["categories"].items():
        if col not in out.columns:
            raise _bad_meta(name, f"categories for a column {col!r} the file does not have")
        try:
            cats = pd.Index(spec["values"], dtype=spec["dtype"])
            if not cats.is_unique:
                raise ValueError("repeated categories")
            present = pd.Index(pd.unique(out[col].dropna()))
            if len(present) and not present.isin(cats).all():
                raise KeyError("the column holds values the categories do not list")
            out[col] = out[col].astype(pd.CategoricalDtype(cats, ordered=bool(spec["ordered"])))
        except (KeyError, TypeError, ValueError) as exc:
            raise _bad_meta(name, f"the categories of column {col!r}: {exc}") from None
    if meta["period"] == "object":
        if _frame.PERIOD not in out.columns:
            raise _bad_meta(name, "no period column")
        out[_frame.PERIOD] = pd.Series(
            [_decode_period(v, name) for v in out[_frame.PERIOD]], index=out.index,
            dtype=object)
    if validate:
        found = _frame.problems(out, source=name, taxonomy=taxonomy)
        if found:
            raise (FormatError(found) if {p.code for p in found} & _SHAPE_CODES
                   else ValidationError(found))
    return out


_SHAPE_CODES = frozenset({"missing_column", "bad_dtype", "bad_period"})


def _bad_meta(name: str, why: str) -> FormatError:
    return FormatError([Problem("bad_parquet", f"damaged jobstats metadata: {why}",
                                source=name)])


def _read_meta(raw: bytes, name: str) -> dict[str, Any]:
    """The jobstats metadata, checked for shape (a damaged file: FormatError, never a
    KeyError or JSONDecodeError)."""
    try:
        meta = json.loads(raw)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, bad UTF-8
        raise _bad_meta(name, f"not JSON ({exc})") from None
    if not isinstance(meta, dict):
        raise _bad_meta(name, "not a JSON object")
    version = meta.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version > _FORMAT_VERSION:
        raise _bad_meta(name, f"format version {version!r}; this jobstats reads versions "
                        f"up to {_FORMAT_VERSION} (a newer jobstats wrote it?)")
    period = meta.get("period", "native")
    if period not in ("native", "object"):
        raise _bad_meta(name, f"unknown period kind {period!r}")
    categories = meta.get("categories", {})
    if not isinstance(categories, dict) or not all(
            isinstance(spec, dict) and isinstance(spec.get("values"), list)
            and isinstance(spec.get("dtype"), str) for spec in categories.values()):
        raise _bad_meta(name, "the categories are not {column: {values, dtype, ordered}}")
    return {"version": version, "period": period, "categories": categories}


def _decode_period(text: object, name: str) -> pd.Period | None:
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return None
    freq, _, value = str(text).partition("|")
    try:
        return pd.Period(value, freq=freq)
    except (ValueError, TypeError) as exc:
        raise FormatError([Problem("bad_period", f"cannot read period: {exc}", source=name,
                                   column=_frame.PERIOD, value=text)]) from None
