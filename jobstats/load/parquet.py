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

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from jobstats import frame as _frame
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


def read_parquet(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read a frame written by :func:`write_parquet` (see there for an example).

    Raises :class:`~jobstats.errors.FormatError` when the file is not such a
    parquet file.
    """
    name = os.fspath(path)
    try:
        table = pq.read_table(path)
    except (OSError, pa.ArrowException) as exc:
        raise FormatError([Problem("bad_parquet", f"not a readable parquet file: {exc}",
                                   source=name)]) from None
    meta_raw = (table.schema.metadata or {}).get(_META_KEY)
    if meta_raw is None:
        raise FormatError([Problem("bad_parquet", "not written by jobstats.write_parquet "
                                   "(no jobstats metadata)", source=name)])
    meta = json.loads(meta_raw)
    out: pd.DataFrame = table.to_pandas()
    for col, spec in meta.get("categories", {}).items():
        cats = pd.Index(spec["values"], dtype=spec["dtype"])
        out[col] = out[col].astype(pd.CategoricalDtype(cats, ordered=spec["ordered"]))
    if meta.get("period") == "object":
        out[_frame.PERIOD] = pd.Series(
            [_decode_period(v, name) for v in out[_frame.PERIOD]], index=out.index,
            dtype=object)
    return out


def _decode_period(text: object, name: str) -> pd.Period | None:
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return None
    freq, _, value = str(text).partition("|")
    try:
        return pd.Period(value, freq=freq)
    except (ValueError, TypeError) as exc:
        raise FormatError([Problem("bad_period", f"cannot read period: {exc}", source=name,
                                   column=_frame.PERIOD, value=text)]) from None
