"""Results remembered per object, by the object's identity.

Categories, categorical dtypes and taxonomies never change once made, so what is
computed from them — a lookup dictionary, a smaller dtype, a check that passed —
holds for as long as the object lives. Many small frames of one report share the
same dtype objects, so the key figures, selections and checks remember such
results here instead of recomputing them per frame.

An entry keeps its objects alive, so no other object can take their ``id`` while
the entry is stored; the identity is checked on every look-up all the same. When
the memo is full it forgets everything at once (the next look-ups make the
entries again).

>>> memo: IdentityMemo[int] = IdentityMemo(limit=2)
>>> cats = ("a", "b", "c")
>>> calls = []
>>> def count() -> int:
...     calls.append(1)
...     return len(cats)
>>> memo.get_or_make((cats,), "n", count), memo.get_or_make((cats,), "n", count), len(calls)
(3, 3, 1)
>>> memo.get((("a", "b", "c", "d"),), "n") is None  # another object: not remembered
True
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

__all__ = ["IdentityMemo"]

V = TypeVar("V")


class IdentityMemo(Generic[V]):
    """Values remembered per tuple of objects (compared by identity) and a key
    (compared by equality), at most ``limit`` entries. A value must not be None."""

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._store: dict[tuple[tuple[int, ...], Hashable], tuple[tuple[object, ...], V]] = {}

    def get(self, objects: tuple[object, ...], key: Hashable = None) -> V | None:
        """The value remembered for these very ``objects`` and ``key``, or None."""
        hit = self._store.get((tuple(map(id, objects)), key))
        if hit is None or any(a is not b for a, b in zip(hit[0], objects, strict=True)):
            return None
        return hit[1]

    def put(self, objects: tuple[object, ...], key: Hashable, value: V) -> V:
        """Remember ``value`` for ``objects`` and ``key``; returns it."""
        if len(self._store) >= self._limit:
            self._store.clear()
        self._store[(tuple(map(id, objects)), key)] = (objects, value)
        return value

    def get_or_make(self, objects: tuple[object, ...], key: Hashable,
                    make: Callable[[], V]) -> V:
        """The remembered value, else ``make()`` remembered."""
        hit = self.get(objects, key)
        return hit if hit is not None else self.put(objects, key, make())

    def __len__(self) -> int:
        return len(self._store)
