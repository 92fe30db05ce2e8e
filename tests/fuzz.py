"""A seeded mutation generator for the loaders, and the oracle every mutant must pass.

Used by ``tests/test_fuzz.py`` (a bounded run in CI) and for a long run before a
release (``JOBSTATS_FUZZ_EXAMPLES=5000 pytest tests/test_fuzz.py -s``; see
``docs/reliability.md``).

Each source is a real file of ``../shared/data`` (whole, and its first lines for
speed) or a loader fixture. A mutant is made by one operator — truncation, a byte
flip, a separator or decimal swap, a re-encoding, a line-ending variant, a removed,
duplicated or moved column, a removed or duplicated row, a non-finite or huge
number, an enormous cell, a stray quote, trailing separators — and must end in
exactly one of:

* ``same``: it loads the same rows with the same values as the original;
* ``subset``: (truncation at a line end, a removed row or value column) it loads
  some of the original's rows, each with its original value and nothing else;
* ``label``: the same values in the same order, differing only in a label
  (e.g. a flipped letter in a dimension value: undetectable by any reader);
* ``error``: a :class:`~jobstats.errors.JobstatsError` whose message is under
  500 characters.

Anything else is a failure: ``other exception`` (a traceback) or ``silent wrong``
(different values without an error). Mutations that turn one valid cell into
another valid cell (a digit into another digit, a count into the blinded marker
``"-"``, a decimal comma into a thousands point) cannot be detected by any reader
and are not generated: flips never write digits, ``.``, ``,``, ``-``, ``+`` or a
space, nor turn the last character of a file into a line end.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from jobstats.errors import JobstatsError
from jobstats.load.jobindsats import read_jobindsats
from jobstats.load.statbank import read_statbank

Loader = Callable[[bytes], pd.DataFrame]

OUTCOMES = ("same", "subset", "label", "error", "other exception", "silent wrong")
FAILURES = ("other exception", "silent wrong")
MAX_MESSAGE = 500


@dataclass(frozen=True)
class Source:
    """A file to mutate: its bytes, how to load it, the separator of a delimited file."""

    name: str
    data: bytes
    load: Loader
    sep: str | None  # None for JSON
    weight: float = 1.0


@dataclass(frozen=True)
class Mutant:
    source: str
    op: str
    seed: str
    data: bytes
    subset_ok: bool = False


# ---------------------------------------------------------------------------------
# sources


def _head(data: bytes, lines: int) -> bytes:
    """The first ``lines`` lines, ending with the file's own line end."""
    end = -1
    for _ in range(lines):
        end = data.find(b"\n", end + 1)
        if end < 0:
            return data
    return data[: end + 1]


def sources(shared: Path, fixtures: Path) -> list[Source]:
    """Every real data file the loaders read, and the loader fixtures."""
    def statbank(table: str) -> Loader:
        return lambda b: read_statbank(b, table=table)

    def jobindsats(table: str | None = None) -> Loader:
        return lambda b: read_jobindsats(b, table=table)

    out: list[Source] = []
    real = [
        ("dst_auk01_social_assistance_2007Q1-2025Q4.csv", statbank("AUK01"), ";"),
        ("dst_folk1am_population_2021M10-2026M02.csv", statbank("FOLK1AM"), ";"),
        ("jobindsats_y25i01_ledige_jul2026_vs_jul2025.tsv", jobindsats(), "\t"),
        ("jobindsats_y60a02_kontanthjaelp_dec2025_vs_dec2024.tsv", jobindsats(), "\t"),
        ("jobindsats_y30r21_benchmark_2020-2022.jsonl", jobindsats(), None),
    ]
    for name, load, sep in real:
        data = (shared / name).read_bytes()
        if len(data) > 20_000:  # most mutants on the head of a big file, a few on all of it
            out.append(Source(f"{name}[:head]", _head(data, 120), load, sep, 3.0))
            out.append(Source(name, data, load, sep, 0.3))
        else:
            out.append(Source(name, data, load, sep, 2.0))
    fixture = [
        ("y01a02_v2.csv", jobindsats("Y01A02"), ";"),
        ("y01a02_v2_bom.csv", jobindsats("Y01A02"), ";"),
        ("y01a02_v2_cp1252.csv", jobindsats("Y01A02"), ";"),
        ("y30r21_v2.json", jobindsats(), None),
        ("y30r21_v3.json", jobindsats(), None),
        ("api/data_y01a02_2021m01.json", jobindsats("Y01A02"), None),
    ]
    for name, load, sep in fixture:
        out.append(Source(f"fixtures/{name}", (fixtures / name).read_bytes(), load, sep, 1.0))
    return out


# ---------------------------------------------------------------------------------
# operators: (rng, source) -> (mutated bytes, a subset of the rows is a right answer)

_FLIP = [bytes([b]) for b in b"#;\t\"'\n\rAaZzXxQ{}[]|/:=@_!?<>\\"] + [b"\x00", b"\xff", b"\xc3"]
_NUMBER_CELL = re.compile(rb"(?<=[;\t:,\[\"])-?\d+(?:[.,]\d+)?(?=[;\t\r\n,\]}\"])")
_WILD = [b"inf", b"-inf", b"Infinity", b"-Infinity", b"NaN", b"nan", b"1e400", b"1E5",
         b"9" * 400, b"9" * 5000, b"1" + b"0" * 17, b"-" + b"9" * 30, b"0x10", b"1_000",
         b"\"inf\"", b"\"9" + b"9" * 399 + b"\""]


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


def _data_lines(data: bytes) -> list[int]:
    """Indexes of the lines after the header that hold data (not comments or blank)."""
    lines = _lines(data)
    idx = [i for i, ln in enumerate(lines) if ln.strip() and not ln.lstrip().startswith(b"#")]
    return idx[1:] if idx else []


def op_truncate(rng: random.Random, src: Source) -> tuple[bytes, bool]:
    return src.data[: rng.randrange(1, len(src.data))], True


def op_flip(rng: random.Random, src: Source) -> tuple[bytes, bool]:
    data = bytearray(src.data)
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        pos = rng.randrange(len(data))
        choices = [f for f in _FLIP if f != bytes(data[pos: pos + 1])]
        if not data[pos + 1:].strip(b"\r\n"):
            # the last character of the file as a line end: "...;148\n" -> "...;14\n\n"
            # is a complete file with one digit less, undetectable by any reader
            choices = [f for f in choices if f not in (b"\r", b"\n")]
        data[pos: pos + 1] = rng.choice(choices)
    return bytes(data), False


def op_wild_number(rng: random.Random, src: Source) -> tuple[bytes, bool]:
    cells = list(_NUMBER_CELL.finditer(src.data))
    if not cells:
        return op_flip(rng, src)
    m = rng.choice(cells)
    # in JSON 1E5 is a valid way to write 100000: not a damaged number there
    wild = [w for w in _WILD if not (src.sep is None and w == b"1E5")]
    return src.data[: m.start()] + rng.choice(wild) + src.data[m.end():], False


def op_separator(rng: random.Random, src: Source) -> tuple[bytes, bool]:
    old = (src.sep or ",").encode()
    new = rng.choice([s for s in (b";", b",", b"\t", b"|") if s != old])
    return src.data.replace(old, new), False


def op_decimal(rng: random.Random, src: Source) -> tuple[bytes, bool]:
    if rng.random() < 0.5:
        return src.data.replace(b",", b"."), False
    return src.data.replace(b".", b","), False


def op_encoding(rng: random.Random, src: Source) -> tuple[bytes, bool]:
    text = _decode(src.data)
    choice = rng.choice(("cp1252", "latin-1", "utf-16", "utf-16-be", "utf-32", "utf-8-sig",
                         "utf-8"))
    try:
        return text.encode(choice), False
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace"), False


def op_line_ends(rng: random.Random, src: Source) -> tuple[bytes, bool]:
    plain = src.data.replace(b"\r\n", b"\n")
    style = rng.choice(("lf", "crlf", "cr", "mixed"))
    if style == "lf":
        return plain, False
    if style == "crlf":
        return plain.replace(b"\n", b"\r\n"), False
    if style == "cr":
        return plain.replace(b"\n", b"\r"), False
    return b"".join(ln[:-1] + rng.choice((b"\n", b"\r\n", b"\r")) if ln.endswith(b"\n") else ln
                    for ln in _lines(plain)), False


def _rows(src: Source) -> tuple[list[bytes], list[list[bytes]], list[bytes], int] | None:
    """Split a delimited file: lines, their cells, their line ends, the header index."""
    if src.sep is None:
        return None
    sep = src.sep.encode()
    lines = _lines(src.data)
    head = next((i for i, ln in enumerate(lines)
                 if ln.strip() and not ln.lstrip().startswith(b"#")), None)
    if head is None:
        return None
    ends = [ln[len(ln.rstrip(b"\r\n")):] for ln in lines]
    cells = [ln.rstrip(b"\r\n").split(sep) for ln in lines]
    return lines, cells, ends, head


def _join(src: Source, lines: list[bytes], cells: list[list[bytes] | None], ends: list[bytes],
          head: int) -> bytes:
    sep = (src.sep or ";").encode()
    return b"".join(ln if i < head or c is None else sep.join(c) + ends[i]
                    for i, (ln, c) in enumerate(zip(lines, cells, strict=True)))


def op_columns(rng: random.Random, src: Source) -> tuple[bytes, bool]:
    parts = _rows(src)
    if parts is None:
        return op_flip(rng, src)
    lines, cells, ends, head = parts
    width = len(cells[head])
    j = rng.randrange(width)
    how = rng.choice(("remove", "duplicate", "move", "trailing", "trailing_header"))
    new: list[list[bytes] | None] = []
    for i, row in enumerate(cells):
        if i < head or not lines[i].strip():
            new.append(None)
            continue
        row = list(row)
        if how == "remove" and j < len(row):
            del row[j]
        elif how == "duplicate" and j < len(row):
            row.insert(j, row[j])
        elif how == "move" and j < len(row):
            row.append(row.pop(j))
        elif how == "trailing" or (how == "trailing_header" and i == head):
            row.append(b"")
        new.append(row)
    return _join(src, lines, new, ends, head), how == "remove"


def op_rows(rng: random.Random, src: Source) -> tuple[bytes, bool]:
    idx = _data_lines(src.data)
    if not idx or src.data.lstrip().startswith((b"[", b"{\"columns")):
        return op_truncate(rng, src)
    lines = _lines(src.data)
    i = rng.choice(idx)
    if rng.random() < 0.5:
        del lines[i]
        return b"".join(lines), True
    line = lines[i] if lines[i].endswith(b"\n") else lines[i] + b"\n"
    lines.insert(i, line)
    return b"".join(lines), False


def _random_data_line(rng: random.Random, src: Source
                      ) -> tuple[list[bytes], int, bytes] | None:
    """The file's lines, the index of one data line chosen at random and the cell
    separator; None when the file has no data line."""
    idx = _data_lines(src.data)
    if not idx:
        return None
    return _lines(src.data), rng.choice(idx), (src.sep or ",").encode()


def op_big_cell(rng: random.Random, src: Source) -> tuple[bytes, bool]:
    picked = _random_data_line(rng, src)
    if picked is None:
        return src.data, False
    lines, i, sep = picked
    cells = lines[i].split(sep)
    k = rng.randrange(len(cells))
    big = rng.choice((b"X", b"9", b"\xc3\xb8")) * rng.choice((131_073, 140_000, 300_000))
    cells[k] = (b'"' + big + b'"' if src.sep is None else big) + (
        cells[k][len(cells[k].rstrip(b"\r\n")):] if k == len(cells) - 1 else b"")
    lines[i] = sep.join(cells)
    return b"".join(lines), False


def op_quote(rng: random.Random, src: Source) -> tuple[bytes, bool]:
    picked = _random_data_line(rng, src)
    if picked is None:
        return src.data, False
    lines, i, sep = picked
    starts = [0] + [m.end() for m in re.finditer(re.escape(sep), lines[i])]
    at = rng.choice(starts)
    lines[i] = lines[i][:at] + b'"' + lines[i][at:]
    return b"".join(lines), False


OPERATORS: dict[str, Callable[[random.Random, Source], tuple[bytes, bool]]] = {
    "truncate": op_truncate, "flip": op_flip, "wild_number": op_wild_number,
    "separator": op_separator, "decimal": op_decimal, "encoding": op_encoding,
    "line_ends": op_line_ends, "columns": op_columns, "rows": op_rows,
    "big_cell": op_big_cell, "quote": op_quote,
}
_WEIGHTS = {"truncate": 3, "flip": 5, "wild_number": 3, "separator": 1, "decimal": 1,
            "encoding": 1, "line_ends": 1, "columns": 2, "rows": 2, "big_cell": 1, "quote": 1}


def mutants(src: Source, n: int, seed: int) -> list[Mutant]:
    """``n`` mutants of ``src``, reproducible from ``seed``."""
    ops = list(_WEIGHTS)
    out = []
    for i in range(n):
        key = f"{seed}:{src.name}:{i}"
        rng = random.Random(key)
        op = rng.choices(ops, weights=[_WEIGHTS[o] for o in ops])[0]
        data, subset_ok = OPERATORS[op](rng, src)
        out.append(Mutant(src.name, op, key, data, subset_ok))
    return out


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


# ---------------------------------------------------------------------------------
# the oracle


def _records(frame: pd.DataFrame, columns: list[str] | None = None
             ) -> list[tuple[tuple[str, ...], float, bool]]:
    keys = sorted(str(c) for c in (frame.columns if columns is None else columns)
                  if c not in ("value", "blinded"))
    cols = [frame[c].map(_key_text).tolist() for c in keys]
    values = frame["value"].tolist()
    blinded = frame["blinded"].tolist()
    return [(tuple(col[i] for col in cols), float(values[i]), bool(blinded[i]))
            for i in range(len(frame))]


def _key_text(v: object) -> str:
    # a period with its frequency: 2021QMAT02 and 2021QMAT04 both print as "2021"
    return f"{v.freqstr}:{v}" if isinstance(v, pd.Period) else str(v)


def _same_value(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == b


def judge(original: pd.DataFrame, mutant: Mutant, load: Loader) -> tuple[str, str]:
    """The outcome of one mutant (one of :data:`OUTCOMES`) and a detail for failures."""
    try:
        got = load(mutant.data)
    except JobstatsError as exc:
        text = str(exc)
        if len(text) >= MAX_MESSAGE:
            return "other exception", f"message of {len(text)} characters: {text[:200]!r}"
        return "error", ""
    except Exception as exc:
        return "other exception", f"{type(exc).__name__}: {str(exc)[:200]}"
    a, b = _records(original), _records(got)
    want = {k: (v, bl) for k, v, bl in a}
    have = {k: (v, bl) for k, v, bl in b}
    if len(b) == len(have) == len(want) and want.keys() == have.keys() and all(
            _same_value(want[k][0], have[k][0]) and want[k][1] == have[k][1] for k in want):
        return "same", ""
    if len(a) == len(b) and all(_same_value(x[1], y[1]) and x[2] == y[2]
                                for x, y in zip(a, b, strict=True)):
        return "label", ""
    dropped = set(map(str, original.columns)) - set(map(str, got.columns))
    if mutant.subset_ok and dropped and set(map(str, got.columns)) < set(
            map(str, original.columns)):
        # fewer rows can leave a dimension holding only its total, which is then dropped
        # (documented): compare on the remaining columns, the dropped ones being totals
        totals = (original[sorted(dropped)].astype(str) == "total").all(axis=1)
        want = {k: (v, bl) for k, v, bl in _records(original[totals.to_numpy()],
                                                     list(map(str, got.columns)))}
    if mutant.subset_ok and len(b) <= len(a) and set(map(str, got.columns)) <= set(
            map(str, original.columns)):
        wrong = [r for r in b if r[0] not in want or not _same_value(want[r[0]][0], r[1])
                 or want[r[0]][1] != r[2]]
        if not wrong and len({r[0] for r in b}) == len(b):
            return "subset", ""
    bad = next(((x, y) for x, y in zip(a, b, strict=False)
                if not (_same_value(x[1], y[1]) and x[2] == y[2])), None)
    return "silent wrong", (f"{len(a)} rows -> {len(b)}; first difference {bad}"
                            if bad else f"{len(a)} rows -> {len(b)}")
