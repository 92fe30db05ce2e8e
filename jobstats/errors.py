"""The exception hierarchy of jobstats.

Every error jobstats raises is a :class:`JobstatsError`. Errors about data carry
one or more :class:`Problem` records, so a caller (or a test) can read *which*
file, row, column and value failed and *why* (a short reason code), the way
pandera reports failure cases. Validation collects every problem before raising.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

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
]


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
        where = []
        if self.source is not None:
            where.append(str(self.source))
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        head = ", ".join(where)
        text = f"{head}: {self.message}" if head else self.message
        if self.value is not None and repr(self.value) not in text:
            text += f" (value {self.value!r})"
        if self.suggestions:
            text += " — did you mean " + " or ".join(repr(s) for s in self.suggestions) + "?"
        return f"[{self.code}] {text}"


class JobstatsError(Exception):
    """Root of every error raised by jobstats."""


class ValidationError(JobstatsError, ValueError):
    """Data that do not satisfy a rule. Carries every :class:`Problem` found."""

    def __init__(self, problems: Sequence[Problem], *, max_shown: int = 20) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        shown = "\n".join(f"  - {p}" for p in self.problems[:max_shown])
        more = len(self.problems) - max_shown
        if more > 0:
            shown += f"\n  ... and {more} more"
        n = len(self.problems)
        super().__init__(f"{n} problem{'s' if n != 1 else ''} found:\n{shown}")

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
