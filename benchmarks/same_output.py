"""Check that two versions compute the same report data, bit for bit.

    python benchmarks/same_output.py --against DIR [--areas Gentofte,Aarhus,...]

Builds, in each version (this checkout and ``DIR``, e.g. a ``git worktree`` of
``main``), the reports of a fixed list of cases from the demo data without
figures — first one after the other inside one batch cache, as a ``report_all``
worker does, then two of them alone — and compares everything the compute side
produces: every field of the bundle of key figures (``Report.key_figures``),
every cell, label, note and verdict of every appendix table and every omission,
the verification frame and the paper's sentences. Frames must be equal exactly:
same index, columns, dtypes, categories, ``attrs`` and the same bits of every
float (a blinded NaN stays NaN, never 0).

The cases cover a whole year, a part of a year (``--period 2018Q2``), English, two
comparison areas and the small kommuner with blinded cells (Læsø, Fanø). Each
version runs in a fresh interpreter. Exits 1 and names the first differences when
anything differs. A script to run by hand, not a test.
"""

from __future__ import annotations

import argparse
import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]

CASES: list[dict[str, Any]] = [
    {"area": "Gentofte"},
    {"area": "Aarhus", "language": "en"},
    {"area": "Odense", "period": "2018Q2"},
    {"area": "Aalborg", "comparisons": ("Region Hovedstaden",)},
    {"area": "Læsø"},
    {"area": "Fanø", "language": "en"},
    {"area": "Esbjerg"},
    {"area": "Vejle", "period": "2018Q2", "comparisons": ("Region Hovedstaden",)},
    {"area": "Randers", "compare": None},
    {"area": "Viborg", "year": 2016},
    {"area": "Kolding"},
    {"area": "Fanø", "period": "2018Q2"},
    {"area": "Læsø", "year": 2017, "compare": "Region Nordjylland"},
    {"area": "København", "language": "en", "comparisons": ("Region Hovedstaden",)},
]
ALONE = [0, 4]  # built again outside the batch cache

_RUN = """
import pickle, sys
sys.path.insert(0, {root!r})
sys.path.insert(0, {bench!r})
import jobstats
from jobstats.batch_cache import sharing
from jobstats.report import ReportOptions, build_report
from same_output import CASES, ALONE, plain
frame = jobstats.demo()
out = []

def one(case):
    options = ReportOptions(**{{"year": 2018, "figures": False, **case}})
    try:
        report = build_report(frame, options)
    except jobstats.JobstatsError as exc:
        return plain(exc)
    return {{"bundle": plain(report.key_figures), "bilag": plain(report.bilag),
             "omitted": plain(report.omitted), "notes": plain(report.notes),
             "verification": report.verification.to_frame(),
             "checks": plain(report.verification.checks), "paper": plain(report.paper)}}

with sharing(frame):
    for case in CASES:
        out.append(one(case))
for i in ALONE:
    out.append(one(CASES[i]))
with open({dump!r}, "wb") as f:
    pickle.dump((jobstats.__file__, out), f)
"""


def plain(obj: Any, depth: int = 0) -> Any:
    """``obj`` as builtins, numpy and pandas objects only (no class of the package), so
    the dumps of two versions compare without importing either."""
    import dataclasses
    import enum
    from collections.abc import Mapping

    if depth > 12:
        return ("deep", type(obj).__name__)
    if isinstance(obj, (pd.DataFrame, pd.Series, pd.Period, pd.Timestamp, np.ndarray,
                        np.generic, str, int, float, bool, type(None))):
        return obj
    if isinstance(obj, enum.Enum):
        return (type(obj).__name__, obj.value)
    if isinstance(obj, BaseException):
        return ("error", type(obj).__name__, str(obj),
                plain(getattr(obj, "problems", ()), depth + 1))
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        if type(obj).__name__ == "Taxonomy":
            return ("taxonomy",)
        return (type(obj).__name__, {f.name: plain(getattr(obj, f.name), depth + 1)
                                     for f in dataclasses.fields(obj)})
    if isinstance(obj, Mapping):
        return ("mapping", [(plain(k, depth + 1), plain(v, depth + 1))
                            for k, v in obj.items()])
    if isinstance(obj, (list, tuple)):
        return [plain(v, depth + 1) for v in obj]
    if isinstance(obj, (set, frozenset)):
        return ("set", sorted(map(repr, obj)))
    return ("object", type(obj).__name__, repr(obj))


def _frames_differ(a: pd.DataFrame | pd.Series, b: pd.DataFrame | pd.Series) -> str | None:
    try:
        if isinstance(a, pd.DataFrame) and isinstance(b, pd.DataFrame):
            pd.testing.assert_frame_equal(a, b, check_exact=True, check_flags=True,
                                          check_freq=True, check_index_type=True,
                                          check_column_type=True, check_categorical=True)
            columns = [(c, a[c], b[c]) for c in a.columns]
        else:
            assert isinstance(a, pd.Series) and isinstance(b, pd.Series)
            pd.testing.assert_series_equal(a, b, check_exact=True, check_categorical=True,
                                           check_index_type=True, check_flags=True)
            columns = [("", a, b)]
    except AssertionError as exc:
        return str(exc)[:600]
    if a.attrs != b.attrs:
        return f"attrs {a.attrs!r} != {b.attrs!r}"
    for name, x, y in columns:
        if x.dtype.kind == "f" and x.to_numpy().tobytes() != y.to_numpy().tobytes():
            return f"column {name!r}: the float bits differ (-0.0/0.0 or NaN payload)"
    return None


def differences(a: Any, b: Any, where: str = "") -> list[str]:
    """Where ``a`` and ``b`` (two :func:`plain` values) differ."""
    if isinstance(a, (pd.DataFrame, pd.Series)) or isinstance(b, (pd.DataFrame, pd.Series)):
        if type(a) is not type(b):
            return [f"{where}: {type(a).__name__} vs {type(b).__name__}"]
        why = _frames_differ(a, b)
        return [f"{where}: {why}"] if why else []
    if type(a) is not type(b):
        return [f"{where}: {type(a).__name__} {a!r:.80} vs {type(b).__name__} {b!r:.80}"]
    if isinstance(a, dict):
        if list(a) != list(b):
            return [f"{where}: keys {list(a)} vs {list(b)}"]
        return [d for k in a for d in differences(a[k], b[k], f"{where}.{k}")]
    if isinstance(a, (list, tuple)):
        if len(a) != len(b):
            return [f"{where}: length {len(a)} vs {len(b)}"]
        return [d for i, (x, y) in enumerate(zip(a, b, strict=True))
                for d in differences(x, y, f"{where}[{i}]")]
    if isinstance(a, float):
        same = np.float64(a).tobytes() == np.float64(b).tobytes()
        return [] if same else [f"{where}: {a!r} vs {b!r}"]
    if isinstance(a, np.ndarray):
        same = a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()
        return [] if same else [f"{where}: arrays differ"]
    try:
        same = bool(a == b)
    except (TypeError, ValueError):
        same = repr(a) == repr(b)
    return [] if same else [f"{where}: {a!r:.80} vs {b!r:.80}"]


def _dump(root: Path, path: Path) -> list[Any]:
    code = _RUN.format(root=str(root), bench=str(ROOT / "benchmarks"), dump=str(path))
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root,
                   env={**os.environ, "MPLBACKEND": "Agg"})
    with path.open("rb") as f:
        module, out = pickle.load(f)
    if not str(module).startswith(str(root)):
        raise SystemExit(f"{root} did not provide jobstats ({module})")
    return list(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", type=Path, required=True,
                        help="a checkout of the version to compare with")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        this = _dump(ROOT, Path(tmp) / "this.pickle")
        other = _dump(args.against.resolve(), Path(tmp) / "other.pickle")
    cases = [*CASES, *(CASES[i] for i in ALONE)]
    bad = 0
    for n, (case, a, b) in enumerate(zip(cases, this, other, strict=True)):
        found = differences(a, b)
        label = ", ".join(f"{k}={v}" for k, v in case.items()) + \
            (" (alone)" if n >= len(CASES) else " (batch)")
        print(f"{'same' if not found else 'DIFFERENT'}: {label}")
        for line in found[:10]:
            print(f"    {line}")
        bad += bool(found)
    print(f"{len(cases) - bad} of {len(cases)} cases identical")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
