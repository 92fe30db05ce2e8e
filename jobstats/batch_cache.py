"""The batch cache: area-independent results shared by the reports of many areas built
from one frame (``report_all``).

Inside :func:`sharing` (``report_all`` enters it once per worker process, around
all its areas), results that depend only on the frame and not on the area —
the rows of one measure, the national annual averages, the population shares
of every kommune behind the ranking and the map — are computed once and then
reused. Outside it, :func:`shared` simply computes: an interactive user who
changes a frame in place never gets an old result.

Callers must treat what :func:`shared` returns as read-only (copy before
changing it); the frame is recognised by identity, and it must not change while
the sharing lasts.

>>> import pandas as pd
>>> f = pd.DataFrame({"x": [1, 2]})
>>> calls = []
>>> def total() -> int:
...     calls.append(1)
...     return int(f["x"].sum())
>>> shared(f, ("total",), total), shared(f, ("total",), total), len(calls)
(3, 3, 2)
>>> with sharing(f):
...     shared(f, ("total",), total), shared(f, ("total",), total), len(calls)
(3, 3, 3)
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import numpy as np
import numpy.typing as npt
import pandas as pd

from jobstats import frame as _frame

__all__ = ["measure_rows", "positions", "share_from_now_on", "shared", "sharing"]

T = TypeVar("T")

_STORE: dict[int, tuple[pd.DataFrame, dict[Hashable, object]]] = {}
_DERIVED = "__derived__"  # the ids of the frames shared for as long as their parent


@contextmanager
def sharing(frame: pd.DataFrame) -> Iterator[None]:
    """Reuse area-independent results computed from ``frame`` until the block ends."""
    key = id(frame)
    outer = key in _STORE
    if not outer:
        _STORE[key] = (frame, {})
    try:
        yield
    finally:
        if not outer:
            entry = _STORE.pop(key, None)
            for child in (entry[1].get(_DERIVED, ()) if entry else ()):  # type: ignore[attr-defined]
                _STORE.pop(child, None)


def share_from_now_on(frame: pd.DataFrame) -> None:
    """Like :func:`sharing`, for the rest of the process (a batch worker's data)."""
    _STORE.setdefault(id(frame), (frame, {}))


def shared(frame: pd.DataFrame, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, or its earlier result for ``frame`` and ``key`` inside :func:`sharing`."""
    entry = _STORE.get(id(frame))
    if entry is None or entry[0] is not frame:
        return compute()
    store = entry[1]
    if key not in store:
        store[key] = compute()
    return store[key]  # type: ignore[return-value]


def _derive(frame: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """Share results computed from ``rows`` (a frame computed once from ``frame`` and
    kept in its store) for as long as those of ``frame``."""
    entry = _STORE.get(id(frame))
    if entry is not None and entry[0] is frame and id(rows) not in _STORE:
        _STORE[id(rows)] = (rows, {})
        children = entry[1].setdefault(_DERIVED, [])
        assert isinstance(children, list)
        children.append(id(rows))
    return rows


def measure_rows(frame: pd.DataFrame, measure: str) -> pd.DataFrame:
    """The rows of one measure (original index, ``attrs`` kept); shared inside
    :func:`sharing`, so a batch scans the whole frame once per measure (and what is
    computed from these rows is shared too)."""
    return _derive(frame, shared(frame, ("measure_rows", measure),
                                 lambda: _frame.select_rows(frame, measure=measure)))


def positions(frame: pd.DataFrame, column: str) -> list[npt.NDArray[np.intp]] | None:
    """Inside :func:`sharing`: the row positions of each category of the categorical
    ``column`` of ``frame`` (ascending; item ``i`` for code ``i``), computed once, so
    the rows of one area are a lookup instead of a scan. ``None`` outside a sharing
    or for a column that is not categorical."""
    entry = _STORE.get(id(frame))
    if entry is None or entry[0] is not frame or column not in frame or \
            not isinstance(frame[column].dtype, pd.CategoricalDtype):
        return None

    def compute() -> list[npt.NDArray[np.intp]]:
        codes = frame[column].cat.codes.to_numpy()
        n = len(frame[column].cat.categories)
        order = np.argsort(codes, kind="stable")  # ascending positions within a code
        bounds = np.searchsorted(codes[order], np.arange(n + 1))
        return [order[bounds[i]:bounds[i + 1]] for i in range(n)]

    return shared(frame, ("positions", column), compute)
