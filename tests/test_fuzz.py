"""The mutation suite: every real data file and loader fixture, mutated, must load right
or fail with a clear error (see ``tests/fuzz.py`` for the operators and the oracle).

CI runs a bounded number of mutants (``JOBSTATS_FUZZ_EXAMPLES``, default 1,200 in all,
about 30 s on a shared 2-core machine); a release runs thousands::

    JOBSTATS_FUZZ_EXAMPLES=5000 JOBSTATS_FUZZ_REPORT=fuzz.json pytest tests/test_fuzz.py -s

``JOBSTATS_FUZZ_SEED`` changes the seed (default 13); every failure names the seed
key that reproduces it.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import REPO, real_file
from tests.fuzz import FAILURES, OUTCOMES, Source, judge, mutants, sources

EXAMPLES = int(os.environ.get("JOBSTATS_FUZZ_EXAMPLES", "1200"))
SEED = int(os.environ.get("JOBSTATS_FUZZ_SEED", "13"))
FIXTURES = REPO / "tests" / "fixtures" / "load"
_TOTALS: Counter[str] = Counter()


def _sources() -> list[Source]:
    shared = real_file("README.md").parent
    return sources(shared, FIXTURES)


def test_every_mutant_loads_right_or_fails_clearly() -> None:
    srcs = _sources()
    total_weight = sum(s.weight for s in srcs)
    counts: Counter[str] = Counter()
    by_op: dict[str, Counter[str]] = {}
    failures: list[str] = []
    t0 = time.perf_counter()
    for src in srcs:
        original = src.load(src.data)
        assert len(original) > 0, src.name
        n = max(3, round(EXAMPLES * src.weight / total_weight))
        for m in mutants(src, n, SEED):
            outcome, detail = judge(original, m, src.load)
            counts[outcome] += 1
            counts["unchanged"] += m.data == src.data  # e.g. LF -> LF: counted in "same"
            by_op.setdefault(m.op, Counter())[outcome] += 1
            if outcome in FAILURES:
                failures.append(f"{outcome}: {m.op} of {m.source} (seed key {m.seed!r}): "
                                f"{detail}")
    seconds = time.perf_counter() - t0
    tried = sum(counts[o] for o in OUTCOMES)
    summary = {
        "tried": tried,
        "loaded right": counts["same"] + counts["subset"] + counts["label"],
        "clear error": counts["error"],
        "other exception": counts["other exception"],
        "silent wrong": counts["silent wrong"],
        "detail": {o: counts[o] for o in OUTCOMES},
        "unchanged bytes (in same)": counts["unchanged"],
        "by operator": {op: dict(c) for op, c in sorted(by_op.items())},
        "seconds": round(seconds, 1),
        "seed": SEED,
    }
    print(json.dumps(summary, indent=1, ensure_ascii=False))
    report = os.environ.get("JOBSTATS_FUZZ_REPORT")
    if report:
        Path(report).write_text(json.dumps({**summary, "failures": failures}, indent=1,
                                           ensure_ascii=False), encoding="utf-8")
    assert tried >= EXAMPLES * 0.9
    assert not failures, f"{len(failures)} of {tried} mutants failed:\n" + "\n".join(
        failures[:30])
    # every operator ran and most mutants were caught or loaded right, not skipped
    assert set(by_op) >= {"truncate", "flip", "wild_number", "columns", "rows"}


@pytest.mark.parametrize("seed", range(3))
def test_the_generator_is_reproducible(seed: int) -> None:
    src = _sources()[1]
    a = [(m.op, m.data) for m in mutants(src, 5, seed)]
    b = [(m.op, m.data) for m in mutants(src, 5, seed)]
    assert a == b
    assert any(m.data != src.data for m in mutants(src, 5, seed))
