"""The fast path: recognise a frame that is a complete, ordered grid of its keys.

Published series are usually complete: every area × target group × measure ×
dimension × period combination is present once, and a loader writes them in a
nested order (e.g. area, then target group, then month). Such a frame *is* a
dense array: ``value.reshape(shape)`` is a zero-copy view, and a key figure
is a numpy reduction over one axis, as fast as a hand-written one.

:func:`detect` finds that layout cheaply and proves it: for each key column
the length of its first run gives its place in the nesting (outer columns change
slowest), and one vectorised comparison per column checks that the column
repeats the same sequence of distinct codes in every block. If any check fails
(a missing or duplicated row, an unsorted frame), it returns None and the key
figure takes the general path (integer group ids and ``numpy.bincount``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np
import numpy.typing as npt
import pandas as pd

_CHUNK = 1 << 18  # elements compared per step (bounds temporary memory)


@dataclass(frozen=True)
class Layout:
    """Key columns from the outermost (slowest) to the innermost axis, the grid shape,
    and each axis' raw levels (categorical codes or period ordinals) in row order."""

    order: tuple[str, ...]
    shape: tuple[int, ...]
    levels: tuple[npt.NDArray[np.int64], ...]
    series: Mapping[str, pd.Series] = field(default_factory=dict, compare=False, repr=False)
    """The key columns as looked up by :func:`detect` (each looked up once per call)."""

    def axis(self, col: str) -> int:
        """The axis of key column ``col``."""
        return self.order.index(col)

    def stride(self, col: str) -> int:
        """Rows between consecutive levels of ``col``."""
        return int(np.prod(self.shape[self.axis(col) + 1:], dtype=np.int64))


def raw_codes(series: pd.Series) -> npt.NDArray[np.integer]:
    """Categorical codes or period ordinals, without copying."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        return np.asarray(series.array.codes)
    if isinstance(series.dtype, pd.PeriodDtype):
        return np.asarray(series.array.asi8)
    return np.asarray(pd.factorize(series, use_na_sentinel=True)[0])


def _first_change(a: npt.NDArray[np.integer]) -> int:
    n = len(a)
    k = 64
    while True:
        seg = a[:k]
        hits = np.flatnonzero(seg != seg[0])
        if hits.size:
            return int(hits[0])
        if k >= n:
            return n
        if k >= 1 << 15 and a.min() == a.max():  # a constant column: two fast reductions
            return n
        k *= 8


def _distinct(levels: npt.NDArray[np.integer]) -> bool:
    """Whether no level occurs twice."""
    if len(levels) <= 256:  # a set of a few hundred ints is quicker than numpy.unique
        return len(set(levels.tolist())) == len(levels)
    return len(np.unique(levels)) == len(levels)


def _repeats(a: npt.NDArray[np.integer], blocks: int, size: int, run: int,
             levels: npt.NDArray[np.integer]) -> bool:
    """Whether ``a`` reshaped to (blocks, size, run) equals ``levels`` along axis 1."""
    grid: npt.NDArray[np.integer]
    if run == 1:  # the innermost column: compare rows of ``size`` directly
        grid = a.reshape(blocks, size)
        lv = levels
    else:
        grid = a.reshape(blocks, size, run)
        lv = levels.reshape(1, size, 1)
    step = max(1, _CHUNK // max(1, size * run))
    if step >= blocks:
        return bool((grid == lv).all())
    return all(bool((grid[start:start + step] == lv).all())
               for start in range(0, blocks, step))


def detect(frame: pd.DataFrame, cols: Sequence[str],
           series: Mapping[str, pd.Series] | None = None) -> Layout | None:
    """The dense layout of ``frame`` over key columns ``cols``, or None.

    ``series``: key columns of ``frame`` already at hand (not looked up again)."""
    n = len(frame)
    if n == 0 or not cols:
        return None
    looked_up = {c: series[c] if series is not None and c in series else frame[c]
                 for c in cols}
    arrays = {c: raw_codes(s) for c, s in looked_up.items()}
    runs = {c: _first_change(a) for c, a in arrays.items()}
    constant = [c for c in cols if runs[c] == n]
    varying = sorted((c for c in cols if runs[c] < n), key=lambda c: -runs[c])
    if not varying:
        return None if n > 1 else Layout(tuple(cols), (1,) * len(cols),
                                         tuple(arrays[c][:1].astype(np.int64) for c in cols),
                                         looked_up)
    if runs[varying[-1]] != 1 or len({runs[c] for c in varying}) != len(varying):
        return None
    order: list[str] = list(constant)
    shape: list[int] = [1] * len(constant)
    levels: list[npt.NDArray[np.int64]] = [arrays[c][:1].astype(np.int64) for c in constant]
    outer_run = n
    for c in varying:
        run = runs[c]
        if outer_run % run:
            return None
        size = outer_run // run
        lv = arrays[c][:outer_run:run]
        if not _distinct(lv):
            return None
        if not _repeats(arrays[c], n // outer_run, size, run, lv):
            return None
        order.append(c)
        shape.append(size)
        levels.append(lv.astype(np.int64))
        outer_run = run
    return Layout(tuple(order), tuple(shape), tuple(levels), looked_up)


def grid_rows(shape: Sequence[int], strides: Sequence[int], offset: int = 0
              ) -> npt.NDArray[np.int64]:
    """Row numbers of a sub-grid: ``offset + sum_i(coord_i * strides_i)`` in C order."""
    total = np.full((1,) * len(shape), offset, dtype=np.int64)
    for i, (size, step) in enumerate(zip(shape, strides, strict=True)):
        ax = [1] * len(shape)
        ax[i] = size
        total = total + (np.arange(size, dtype=np.int64) * step).reshape(ax)
    return np.ascontiguousarray(np.broadcast_to(total, tuple(shape))).ravel()


def broadcast_axis(values: npt.NDArray[Any], axis: int,
                   shape: Sequence[int]) -> npt.NDArray[Any]:
    """``values`` laid along ``axis`` of a C-ordered grid of ``shape``, one per cell."""
    ax = [1] * len(shape)
    ax[axis] = len(values)
    return np.ascontiguousarray(np.broadcast_to(values.reshape(ax), tuple(shape))).ravel()


def column_from_levels(series: pd.Series, levels: npt.NDArray[np.int64]
                       ) -> pd.api.extensions.ExtensionArray:
    """An array with ``series``' dtype holding the raw codes (categorical codes or period
    ordinals) ``levels``: the inverse of :func:`raw_codes`, without touching the frame."""
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        codes = levels.astype(series.array.codes.dtype, copy=False)
        return pd.Categorical.from_codes(codes, dtype=dtype, validate=False)
    if isinstance(dtype, pd.PeriodDtype):
        return pd.arrays.PeriodArray(np.asarray(levels, dtype=np.int64), dtype=dtype)
    raise TypeError(f"column {series.name!r} is neither categorical nor a period")


def grid_keys(frame: pd.DataFrame, layout: Layout, cols: Sequence[str],
              replace: dict[str, pd.api.extensions.ExtensionArray] | None = None
              ) -> dict[str, pd.api.extensions.ExtensionArray]:
    """The key columns ``cols`` of a result laid out on ``layout``'s grid, built from the
    levels (one small array per axis, broadcast) instead of taken from the frame's rows.

    ``replace`` gives new levels for some axes (e.g. years instead of months); the
    grid then has that many positions along the axis.
    """
    replace = replace or {}
    shape = [len(replace[c]) if c in replace else size
             for c, size in zip(layout.order, layout.shape, strict=True)]
    out: dict[str, pd.api.extensions.ExtensionArray] = {}
    for c in cols:
        axis = layout.axis(c)
        small = (replace[c] if c in replace
                 else column_from_levels(layout.series[c] if c in layout.series else frame[c],
                                         layout.levels[axis]))
        arr: pd.api.extensions.ExtensionArray
        if isinstance(small, pd.Categorical):
            arr = pd.Categorical.from_codes(broadcast_axis(np.asarray(small.codes), axis, shape),
                                            dtype=small.dtype, validate=False)
        elif isinstance(small, pd.arrays.PeriodArray):
            ords = np.asarray(cast(Any, small).asi8)
            arr = pd.arrays.PeriodArray(broadcast_axis(ords, axis, shape), dtype=small.dtype)
        else:
            arr = small.take(broadcast_axis(np.arange(len(small), dtype=np.int64), axis,
                                             shape))
        out[c] = arr
    return out
