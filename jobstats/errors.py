"""The exception hierarchy of jobstats.

Every error jobstats raises is a :class:`JobstatsError`. Errors about data carry
one or more :class:`Problem` records, so a caller (or a test) can read *which*
file, row, column and value failed and *why* (a short reason code), the way
pandera reports failure cases. Validation collects every problem before raising.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

__all__ = [
    "ApiError",
    "AuthenticationError",
    "FormatError",
    "JobstatsError",
    "NotFoundError",
    "Problem",
    "RateLimitError",
    "UnknownNameError",
    "ValidationError",
    "close_matches",
    "shorten",
]

MAX_ECHO = 100
"""At most this many characters of a value are repeated in a message."""

MAX_MESSAGE = 480
"""A :class:`ValidationError`'s message stays under this many characters (the full
list of problems is in ``.problems``)."""


def shorten(value: object, limit: int = MAX_ECHO) -> str:
    """``repr(value)``, cut to about ``limit`` characters with the full length noted.

    >>> shorten("x" * 1000, 20)
    "'xxxxxxxxxxxxxxxxx… (1000 characters)"
    >>> shorten("Gentofte")
    "'Gentofte'"
    """
    text = repr(value)
    if len(text) <= limit:
        return text
    size = f" ({len(value)} characters)" if isinstance(value, str | bytes) else ""
    return text[: max(1, limit - 2)] + "…" + size


@dataclass(frozen=True)
class Problem:
    """One failure found at the boundary.

    ``code`` is a stable, machine-readable reason (``"unknown_area"``,
    ``"negative_count"``, ``"duplicate_key"``...). ``row`` is the 1-based line
    of the source file when known (header = line 1), else the 0-based position
    in the frame.
    """

    code: str
    message: str
    source: str | None = None
    row: int | None = None
    column: str | None = None
    value: object = None
    suggestions: tuple[str, ...] = field(default=())

    def __str__(self) -> str:
        return self.describe()

    def describe(self, limit: int | None = None) -> str:
        """The problem in one line; with ``limit``, cut to that many characters
        in the middle so the close matches ("did you mean …?") always stay."""
        where = []
        if self.source is not None:
            where.append(str(self.source))
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        head = ", ".join(_cut(w) for w in where)
        message = self.message
        value = self.value
        if isinstance(value, str | bytes) and len(repr(value)) > MAX_ECHO:
            # a long value is echoed once, cut: also where the message quotes it
            message = message.replace(repr(value), shorten(value))
            if isinstance(value, str):
                message = message.replace(value, shorten(value)[1:-1])
        text = f"{head}: {_cut(message, 300)}" if head else _cut(message, 300)
        if value is not None and repr(value) not in text and shorten(value) not in text:
            text += f" (value {shorten(value)})"
        tail = ""
        if self.suggestions:
            tail = " — did you mean " + " or ".join(shorten(s, 60) for s in
                                                    self.suggestions[:5]) + "?"
        body = f"[{self.code}] {text}"
        if limit is not None and len(body) + len(tail) > limit:
            body = _cut(body, max(20, limit - len(tail)))
        return body + tail


def _cut(text: str, limit: int = MAX_ECHO) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class JobstatsError(Exception):
    """Root of every error raised by jobstats."""


class ValidationError(JobstatsError, ValueError):
    """Data that do not satisfy a rule. Carries every :class:`Problem` found."""

    def __init__(self, problems: Sequence[Problem], *, max_shown: int = 20) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        n = len(self.problems)
        sources = {p.source for p in self.problems}
        common = sources.pop() if len(sources) == 1 else None
        where = f" in {_cut(str(common))}" if common is not None else ""
        head = f"{n} problem{'s' if n != 1 else ''} found{where}:"
        shown = self.problems[:max_shown]
        if common is not None:  # the file is named once, in the head
            shown = tuple(replace(p, source=None) for p in shown)
        per_line = max(120, (MAX_MESSAGE - 50 - len(head)) // max(1, len(shown)))
        lines: list[str] = []
        size = len(head)
        for p in shown:
            line = "  - " + p.describe(min(200, per_line))
            if lines and size + len(line) + 1 > MAX_MESSAGE - 50:
                break
            lines.append(line)
            size += len(line) + 1
        more = n - len(lines)
        if more > 0:
            lines.append(f"  ... and {more} more (all of them in the error's .problems)")
        super().__init__("\n".join([head, *lines]))

    @property
    def codes(self) -> set[str]:
        """The distinct reason codes of the problems."""
        return {p.code for p in self.problems}


class FormatError(ValidationError):
    """An input file that is not in a format jobstats reads (or is damaged)."""


class UnknownNameError(ValidationError, KeyError):
    """A name (area, target group, measure, ...) that the taxonomy does not know."""

    def __str__(self) -> str:  # KeyError would otherwise repr() the message
        return str(self.args[0]) if self.args else ""


class ApiError(JobstatsError):
    """The jobindsats API answered with an error."""

    def __init__(self, message: str, *, status: int | None = None, url: str | None = None):
        self.status = status
        self.url = url
        super().__init__(message)


class AuthenticationError(ApiError):
    """401/403: the token is missing, wrong or expired."""


class NotFoundError(ApiError):
    """404: unknown table, period or area."""


class RateLimitError(ApiError):
    """429: too many requests."""


def close_matches(name: str, choices: Iterable[str], n: int = 3) -> tuple[str, ...]:
    """Return up to ``n`` choices close to ``name``, ignoring case and Danish letters.

    ``"Hilleroed"`` finds ``"Hillerød"``: both are folded (æ→ae, ø→oe, å→aa)
    before comparing, and the original spellings are returned. When one choice is
    clearly the best (an exact match after folding), only near-equals are kept.

    >>> close_matches("Hilleroed", ["Allerød", "Hillerød", "Solrød"])
    ('Hillerød',)
    """
    by_folded: dict[str, str] = {}
    for choice in choices:
        by_folded.setdefault(fold(choice), choice)
    target = fold(name)
    scored = []
    for folded, original in by_folded.items():
        matcher = difflib.SequenceMatcher(None, target, folded)
        if matcher.real_quick_ratio() >= 0.6 and matcher.quick_ratio() >= 0.6:
            score = matcher.ratio()
            if score >= 0.6:
                scored.append((score, original))
    if not scored:
        return ()
    scored.sort(key=lambda t: (-t[0], t[1]))
    best = scored[0][0]
    return tuple(orig for score, orig in scored[:n] if score >= best - 0.1)


_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u"})


def fold(text: str) -> str:
    """Case- and diacritics-folded form used for forgiving name lookups."""
    return " ".join(text.casefold().translate(_FOLD).split())
