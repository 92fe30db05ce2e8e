"""IdentityMemo: results remembered per object identity, never per equal value."""

from __future__ import annotations

import functools

import pandas as pd

from jobstats.identity_memo import IdentityMemo


def test_an_equal_but_other_object_is_not_given_the_remembered_value() -> None:
    memo: IdentityMemo[str] = IdentityMemo(limit=8)
    a = pd.CategoricalDtype(["x", "y"])
    b = pd.CategoricalDtype(["x", "y"])
    assert a == b and a is not b
    memo.put((a,), "k", "made from a")
    assert memo.get((a,), "k") == "made from a"
    assert memo.get((b,), "k") is None
    assert memo.get((a,), "other key") is None
    assert memo.get((a, b), "k") is None  # another tuple of objects


def test_the_objects_are_kept_alive_so_an_id_is_never_reused_while_stored() -> None:
    memo: IdentityMemo[int] = IdentityMemo(limit=1000)
    ids = set()
    for i in range(200):  # without the memo holding them, CPython would reuse addresses
        obj = pd.Index([str(i)])
        memo.put((obj,), None, i)
        ids.add(id(obj))
        del obj
    assert len(ids) == 200 and len(memo) == 200


def test_a_full_memo_forgets_everything_and_makes_again() -> None:
    memo: IdentityMemo[int] = IdentityMemo(limit=3)
    keys = [object() for _ in range(4)]
    made: list[int] = []

    def make(i: int) -> int:
        made.append(i)
        return i * 10

    for i, k in enumerate(keys[:3]):
        assert memo.get_or_make((k,), None, functools.partial(make, i)) == i * 10
    assert memo.get_or_make((keys[0],), None, lambda: make(99)) == 0  # remembered
    assert memo.get_or_make((keys[3],), None, lambda: make(3)) == 30  # full: cleared first
    assert len(memo) == 1
    assert memo.get_or_make((keys[0],), None, lambda: make(0)) == 0  # made again
    assert made == [0, 1, 2, 3, 0]
