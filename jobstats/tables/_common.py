"""Helpers shared by the table builders: cell lookup and the group tree (selection:
:mod:`jobstats.selection`; labels: :mod:`jobstats.labels`)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from jobstats import frame as _frame
from jobstats import taxonomy as _taxonomy
from jobstats.selection import years_of

__all__ = ["Cells", "in_tree"]


def in_tree(tx: _taxonomy.Taxonomy, group: str, root: str) -> bool:
    """Whether ``group`` is ``root`` or one of its descendants."""
    seen: set[str] = set()
    g: str | None = group
    while g is not None and g not in seen:
        if g == root:
            return True
        seen.add(g)
        g = tx.groups[g].parent if g in tx.groups else None
    return False


class Cells:
    """Lookup of (value, blinded) by key columns of a key-figure frame.

    The key is a tuple of the values of ``keys`` (periods become their year).
    A missing key is (NaN, False): printed blank.
    """

    def __init__(self, frame: pd.DataFrame, keys: Sequence[str]) -> None:
        self.keys = tuple(keys)
        self._data: dict[tuple[object, ...], tuple[float, bool]] = {}
        columns = [frame[k].astype(object).tolist() if k != _frame.PERIOD
                   else years_of(frame[k]).tolist() for k in keys]
        values = frame[_frame.VALUE].to_numpy(dtype="float64")
        blinded = frame[_frame.BLINDED].to_numpy(dtype=bool)
        for pos, key in enumerate(zip(*columns, strict=True)):
            self._data[tuple(key)] = (float(values[pos]), bool(blinded[pos]))

    def get(self, *key: object) -> tuple[float, bool]:
        """``(value, blinded)`` of a key, ``(nan, False)`` when absent."""
        return self._data.get(tuple(key), (math.nan, False))

    def __contains__(self, key: tuple[object, ...]) -> bool:
        return key in self._data

    def keys_present(self) -> set[tuple[object, ...]]:
        """Every key in the lookup."""
        return set(self._data)
