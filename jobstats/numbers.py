"""Danish (and English) number text: parsing published cells, formatting for output.

One place for the number conventions of the domain, used by the loaders, the
tables, the figures and the verification of published numbers:

* Danish: thousands separator ".", decimal comma: ``4.194``, ``0,93%``, ``-2,17%``.
* English: ``4,194``, ``0.93%``.
* Blinded (suppressed) cells: ``"."``, ``".."``, ``"-"`` — never zero.

Locale rules (separators, minus sign) come from babel's CLDR data; rounding is
half away from zero, as in Excel and in the published reports.

>>> parse_cell("0,93%")
Cell(value=0.93, blinded=False, empty=False, decimals=2, percent=True)
>>> format_number(-2.1749, 2, percent=True)
'-2,17%'
>>> format_number(4194.4)
'4.194'
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

__all__ = [
    "BLINDED_MARKERS",
    "MAX_MAGNITUDE",
    "Cell",
    "Locale",
    "check_magnitude",
    "format_number",
    "parse_cell",
    "parse_number",
    "round_half_up",
]

BLINDED_MARKERS: frozenset[str] = frozenset({".", "..", "-", "–"})
"""Texts jobindsats and DST use for a blinded (suppressed) value."""

MAX_MAGNITUDE: float = 2.0**53
"""The largest magnitude jobstats accepts for a value: 9,007,199,254,740,992, the largest
integer a float64 holds exactly. No count, share or hour total of the domain comes near
it; a larger number (or ``inf``, ``NaN`` written as a number) is a damaged cell and is
refused rather than carried into sums, shares and changes."""


def check_magnitude(value: float, text: object = None) -> float:
    """``value`` if it is finite and within :data:`MAX_MAGNITUDE`, else :class:`ValueError`.

    >>> check_magnitude(4194.0)
    4194.0
    >>> check_magnitude(float("inf"))
    Traceback (most recent call last):
    ...
    ValueError: not a finite number: inf
    """
    shown = text if text is not None else value
    if isinstance(shown, str) and len(shown) > 40:
        shown = shown[:30] + f"… ({len(shown)} characters)"
    if math.isnan(value) or math.isinf(value):
        raise ValueError(f"not a finite number: {shown}")
    if abs(value) > MAX_MAGNITUDE:
        raise ValueError(f"number too large (beyond ±2^53): {shown}")
    return value


class Locale:
    """Output locales (babel locale identifiers)."""

    DANISH = "da_DK"
    ENGLISH = "en_GB"


@dataclass(frozen=True)
class Cell:
    """A parsed published cell.

    ``value`` is None when the cell is blinded or empty. ``decimals`` is the
    number of decimals printed (0 for ``"4.194"``), the precision it was rounded to.
    """

    value: float | None
    blinded: bool
    empty: bool
    decimals: int
    percent: bool


_DA = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")
_EN = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


def parse_cell(text: object, *, decimal: str = ",") -> Cell:
    """Parse one published cell in Danish (``decimal=","``) or English (``"."``) format.

    Accepts a trailing ``%`` (or ``pct.``), a leading ``+``, spaces and
    non-breaking spaces as group separators, and the unicode minus. ``"."``,
    ``".."`` and ``"-"`` are blinded; ``""`` is empty. Raises :class:`ValueError`
    for text that is not a number in that format, e.g. ``"1.5"`` in Danish
    (a decimal point where a comma is expected) — the caller turns it into a
    :class:`~jobstats.errors.Problem` with file, row and column.

    >>> parse_cell("4.194").value
    4194.0
    >>> parse_cell("..").blinded
    True
    """
    if isinstance(text, bool):
        raise ValueError(f"not a number: {text!r}")
    if isinstance(text, int | float):
        if isinstance(text, float) and math.isnan(text):
            return Cell(None, False, True, 0, False)
        if isinstance(text, int) and abs(text) > MAX_MAGNITUDE:
            raise ValueError(f"number too large (beyond ±2^53): {len(str(abs(text)))} digits")
        check_magnitude(float(text))
        return Cell(float(text), False, False, _decimals_of_float(text), False)
    if text is None:
        return Cell(None, False, True, 0, False)
    s = str(text).strip().replace("\u2212", "-").replace("\u00a0", "").replace(" ", "")
    if s == "":
        return Cell(None, False, True, 0, False)
    if s in BLINDED_MARKERS:
        return Cell(None, True, False, 0, False)
    percent = False
    for suffix in ("%", "pct.", "pct"):
        if s.endswith(suffix):
            s, percent = s[: -len(suffix)], True
            break
    pattern, group, dec = (_DA, ".", ",") if decimal == "," else (_EN, ",", ".")
    if not pattern.match(s):
        shown = repr(text) if len(repr(text)) <= 100 else repr(text)[:90] + "…"
        raise ValueError(f"not a number in {'Danish' if decimal == ',' else 'English'} "
                         f"format: {shown}")
    body = s.replace(group, "")
    decimals = len(body.split(dec, 1)[1]) if dec in body else 0
    if len(body.split(dec, 1)[0].lstrip("+-0")) > 16:  # beyond 2^53 whatever the digits
        raise ValueError(f"number too large (beyond ±2^53): {s[:30]}… ({len(s)} characters)")
    value = check_magnitude(float(body.replace(dec, ".")), s)
    return Cell(value, False, False, decimals, percent)


def _decimals_of_float(x: float) -> int:
    if float(x).is_integer():
        return 0
    return max(0, -Decimal(repr(float(x))).as_tuple().exponent)  # type: ignore[operator]


def parse_number(text: object, *, decimal: str = ",") -> float:
    """The value of a cell as float; NaN for blinded or empty (see :func:`parse_cell`)."""
    cell = parse_cell(text, decimal=decimal)
    return math.nan if cell.value is None else cell.value


def round_half_up(value: float, decimals: int = 0) -> float:
    """Round half away from zero (Excel's ROUND), on the shortest decimal repr.

    >>> round_half_up(0.125, 2), round_half_up(-2.5)
    (0.13, -3.0)
    """
    if not math.isfinite(value):
        return value
    try:
        q = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals),
                                                  rounding=ROUND_HALF_UP)
    except InvalidOperation:  # pragma: no cover - astronomically large values
        return value
    return float(q)


def format_number(value: float | None, decimals: int = 0, *, percent: bool = False,
                  sign: bool = False, locale: str = Locale.DANISH,
                  blinded: bool = False, undefined: str = "") -> str:
    """Format a number as published: ``4.194``, ``0,93%``, ``-2,17%``; ``"."`` if blinded.

    ``None``/NaN (undefined, e.g. a share of a zero national value) gives
    ``undefined`` (blank by default). ``sign=True`` prints ``+`` on positive values.
    Rounding is half away from zero; ``-0,00`` prints as ``0,00``.
    """
    if blinded:
        return "."
    if value is None or not math.isfinite(value):
        return undefined
    rounded = round_half_up(value, decimals)
    if rounded == 0:
        rounded = 0.0
    text = _format_rounded(rounded, decimals, str(locale))
    if sign and rounded > 0:
        text = "+" + text
    return text + ("%" if percent else "")


@functools.lru_cache(maxsize=65536)
def _format_rounded(rounded: float, decimals: int, locale: str) -> str:
    """Babel's text of an already rounded number (remembered: one report prints the
    same cell in Excel, PDF, HTML, Word and the checks, and babel takes ~50 µs)."""
    from babel.numbers import format_decimal  # on first use: `import jobstats` stays light
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(rounded, format=pattern, locale=locale, decimal_quantization=True)
