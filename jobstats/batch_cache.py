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

import pandas as pd

from jobstats import frame as _frame

__all__ = ["measure_rows", "share_from_now_on", "shared", "sharing"]

T = TypeVar("T")

_STORE: dict[int, tuple[pd.DataFrame, dict[Hashable, object]]] = {}


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
            _STORE.pop(key, None)


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


def measure_rows(frame: pd.DataFrame, measure: str) -> pd.DataFrame:
    """The rows of one measure (original index, ``attrs`` kept); shared inside
    :func:`sharing`, so a batch scans the whole frame once per measure."""
    return shared(frame, ("measure_rows", measure),
                  lambda: _frame.select_rows(frame, measure=measure))
