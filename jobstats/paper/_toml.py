"""Reading the small TOML files of the paper, with the line of every key.

:func:`tomllib` gives no positions, so :func:`key_lines` scans the text for
array-of-table headers (``[[goal]]``, ``[[goal.sub]]``, ``[[table]]``) and
``key = value`` lines and remembers where each key of each entry starts. Error
messages then name the line a user has to fix.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jobstats.errors import FormatError, Problem
from jobstats.load._text import read_settings_text

__all__ = ["KeyLines", "key_lines", "load_toml", "shown"]

_HEADER = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_.\-]+)\s*\]\]\s*(#.*)?$")
_TABLE = re.compile(r"^\s*\[\s*([A-Za-z0-9_.\-\"' ]+)\s*\]\s*(#.*)?$")
_KEY = re.compile(r"^\s*(\"[^\"]*\"|[A-Za-z0-9_\-]+)\s*=")

# (header path, index of each array level) -> {key: line}
KeyLines = dict[tuple[str, tuple[int, ...]], dict[str, int]]


def key_lines(text: str) -> KeyLines:
    """Line numbers (1-based) of the keys of every array-of-tables entry.

    >>> lines = key_lines('title = "x"\\n[[goal]]\\nid = "1"\\n[[goal.sub]]\\nid = "1A"\\n')
    >>> lines[("goal.sub", (0, 0))]
    {'': 4, 'id': 5}
    >>> lines[("", ())]["title"]
    1
    """
    out: KeyLines = {("", ()): {}}
    counts: dict[str, int] = {}
    current: tuple[str, tuple[int, ...]] = ("", ())
    for number, line in enumerate(text.splitlines(), start=1):
        head = _HEADER.match(line)
        if head:
            path = head.group(1)
            counts[path] = counts.get(path, -1) + 1
            for other in list(counts):  # a new parent entry restarts its children
                if other.startswith(path + "."):
                    counts[other] = -1
            parts = path.split(".")
            index = tuple(counts.get(".".join(parts[:k + 1]), 0) for k in range(len(parts)))
            current = (path, index)
            out[current] = {"": number}
            continue
        if _TABLE.match(line):
            continue  # a sub-table of the current entry: its keys count as the entry's
        key = _KEY.match(line)
        if key:
            out.setdefault(current, {}).setdefault(key.group(1).strip('"'), number)
    return out


def shown(value: object) -> object:
    """A value as echoed in an error message: itself, or its text cut to ~100 characters."""
    text = repr(value)
    return value if len(text) <= 100 else text[:97] + "..."


def load_toml(path: str | os.PathLike[str], what: str) -> tuple[Mapping[str, Any], str]:
    """Parse ``path``; a syntax error becomes a :class:`FormatError` naming its line."""
    p = Path(path)
    text = read_settings_text(p, what)
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = int(match.group(1)) if match else None
        raise FormatError([Problem("bad_toml", f"the {what} is not valid TOML: {exc}",
                                   source=str(p), row=line)]) from None
