"""A published number: its value, its rounding, and the interval of true values it stands for.

A printed ``816`` is not the number 816: it is any true value that rounds to 816
(half away from zero, as in Excel and the reports), so ``[815.5, 816.5)``.
Negative values mirror that, ``-2,17%`` stands for ``(-2.175, -2.165]``, and a
printed ``0`` for ``(-0.5, 0.5)``. Counts rounded to tens (jobindsats Y30R21)
stand for ``[x - 5, x + 5)``: ``published("44010", unit=10)``.

>>> n = published("4.194")
>>> n.value, n.decimals, str(n.interval)
(4194.0, 0, '[4193.5, 4194.5)')
>>> str(published("-2,17%").interval)
'(-2.175, -2.165]'
>>> str(published("44010", unit=10).interval)
'[44005, 44015)'
>>> published(".").blinded, published(".").interval is None
(True, True)
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import cached_property, lru_cache
from typing import Literal

from jobstats.errors import Problem, ValidationError
from jobstats.numbers import format_number, parse_cell
from jobstats.verify.interval import Interval, to_fraction

__all__ = ["ROUNDING_MODES", "PublishedLike", "PublishedNumber", "Rounding", "published",
           "round_to_step", "rounding_interval"]

Rounding = Literal["half_away", "half_even", "truncate", "unknown", "largest_remainder"]
"""How a source rounded: half away from zero (the default: Excel, the reports),
half to even (banker's rounding, some statistics software), truncation toward
zero, ``"unknown"``: accept any of the three, or ``"largest_remainder"``: shares
apportioned so they sum to exactly 100 (Hamilton's method, as
:func:`jobstats.keyfigures.composition` prints them), each its true value rounded
down or up."""

ROUNDING_MODES: tuple[str, ...] = ("half_away", "half_even", "truncate", "unknown",
                                   "largest_remainder")

MAX_DIGITS = 15
"""A published figure has at most 15 digits before and 12 after the decimal mark."""
MAX_DECIMALS = 12


def check_rounding(rounding: str) -> Rounding:
    """``rounding`` if it is a known mode, else a :class:`ValidationError` listing them."""
    if rounding not in ROUNDING_MODES:
        raise ValidationError([Problem("bad_rounding", f"unknown rounding {str(rounding)[:40]!r}; "
                                       f"valid: {', '.join(ROUNDING_MODES)}", value=rounding)])
    return rounding  # type: ignore[return-value]


def rounding_interval(value: Fraction, step: Fraction, rounding: str = "half_away") -> Interval:
    """The true values that round to ``value`` at ``step`` (default half away from zero).

    >>> str(rounding_interval(Fraction(1), Fraction(1, 100)))
    '[0.995, 1.005)'
    >>> str(rounding_interval(Fraction(0), Fraction(10)))
    '(-5, 5)'
    >>> str(rounding_interval(Fraction(2), Fraction(1), "half_even"))
    '[1.5, 2.5]'
    >>> str(rounding_interval(Fraction(2), Fraction(1), "truncate"))
    '[2, 3)'
    >>> str(rounding_interval(Fraction(2), Fraction(1), "unknown"))
    '[1.5, 3)'
    >>> str(rounding_interval(Fraction(34), Fraction(1), "largest_remainder"))
    '(33, 35)'
    """
    half = step / 2
    if rounding == "largest_remainder":  # the true value rounded down or up
        return Interval(value - step, value + step, False, False)
    if rounding == "half_even":
        k = value / step
        even = k.denominator == 1 and k.numerator % 2 == 0
        return Interval(value - half, value + half, even, even)
    if rounding in ("truncate", "unknown"):
        low = half if rounding == "unknown" else Fraction(0)
        if value > 0:
            return Interval(value - low, value + step, True, False)
        if value < 0:
            return Interval(value - step, value + low, False, True)
        return Interval(-step, step, False, False)
    if value > 0:
        return Interval(value - half, value + half, True, False)
    if value < 0:
        return Interval(value - half, value + half, False, True)
    return Interval(-half, half, False, False)


@lru_cache(maxsize=8192)
def _rounding_interval(value: Fraction, step: Fraction, rounding: str) -> Interval:
    """:func:`rounding_interval`, remembered (a report prints the same numbers often)."""
    return rounding_interval(value, step, rounding)


def round_to_step(x: Fraction, step: Fraction) -> Fraction:
    """Round exactly to a multiple of ``step``, half away from zero.

    >>> round_to_step(Fraction("1.005"), Fraction(1, 100))
    Fraction(101, 100)
    >>> round_to_step(Fraction(-15), Fraction(10))
    Fraction(-20, 1)
    """
    q = abs(x) / step
    n = math.floor(q + Fraction(1, 2))
    return (n if x >= 0 else -n) * step


@dataclass(frozen=True)
class PublishedNumber:
    """One published figure and the rounding it was printed with.

    ``exact`` is the value as an exact fraction (``None`` when blinded or empty);
    ``decimals`` the printed decimals; ``unit`` a rounding unit other than a power
    of ten below 1 (``10`` for counts rounded to tens), else ``None``;
    ``is_exact`` means the number is not rounded at all (its interval is a point).
    ``nonnegative`` says the figure cannot be negative (a count of persons): its
    interval then starts at 0, so a printed ``0`` stands for ``[0, 0.5)``, not
    ``(-0.5, 0.5)`` (a printed negative number keeps its whole interval).
    """

    text: str
    exact: Fraction | None
    decimals: int = 0
    unit: Fraction | None = None
    percent: bool = False
    blinded: bool = False
    empty: bool = False
    is_exact: bool = False
    decimal: str = ","
    rounding: Rounding = "half_away"
    nonnegative: bool = False

    @property
    def value(self) -> float | None:
        """The printed value as float; ``None`` when blinded or empty."""
        return None if self.exact is None else float(self.exact)

    @property
    def checkable(self) -> bool:
        """Whether the cell carries a number (not blinded, not empty)."""
        return self.exact is not None

    @property
    def step(self) -> Fraction | None:
        """The rounding step: ``unit``, else ``10**-decimals``; ``None`` for exact numbers."""
        if self.is_exact:
            return None
        if self.unit is not None:
            return self.unit
        return Fraction(1, 10**self.decimals)

    @cached_property
    def interval(self) -> Interval | None:
        """The true values this number stands for; ``None`` when blinded or empty
        (computed once per number: the fields of a frozen number cannot change)."""
        if self.exact is None:
            return None
        step = self.step
        if step is None:
            return Interval(self.exact, self.exact)
        interval = _rounding_interval(self.exact, step, self.rounding)
        if self.nonnegative and self.exact >= 0:
            return interval.intersection(Interval(Fraction(0), None)) or interval
        return interval

    def rounds_to_this(self, x: float | Fraction) -> bool:
        """Whether a computed value, rounded as published, gives this number.

        A float is read by its shortest repr, so ``1.005`` rounds to ``1,01``.

        >>> published("1,01").rounds_to_this(1.005), published("1,01").rounds_to_this(1.015)
        (True, False)
        """
        interval = self.interval
        if interval is None or (isinstance(x, float) and not math.isfinite(x)):
            return False
        return interval.contains(to_fraction(x))

    def round(self, x: Fraction) -> Fraction:
        """``x`` rounded to this number's precision."""
        step = self.step
        return x if step is None else round_to_step(x, step)

    def format(self, x: Fraction | float | None, *, sign: bool | None = None,
               extra_decimals: int = 0) -> str:
        """``x`` printed in this number's style (Danish or English, %, decimals, ``+``).

        >>> published("+1,05%").format(Fraction(9, 10))
        '+0,90%'
        """
        if x is None:
            return ""
        if sign is None:
            sign = self.text.startswith("+")
        decimals = self.decimals + extra_decimals
        locale = "da_DK" if self.decimal == "," else "en_GB"
        return format_number(float(x), decimals, percent=self.percent, sign=sign, locale=locale)

    def __str__(self) -> str:
        if self.blinded:
            return "."
        return self.text


PublishedLike = PublishedNumber | str | int | float | Fraction | Decimal | None
"""What the relation checks accept for a published figure (text is parsed)."""


def _problem(code: str, message: str, value: object) -> ValidationError:
    if isinstance(value, str) and len(value) > 100:
        value = value[:97] + "…"
    return ValidationError([Problem(code, message, value=value)])


_DIGITS = re.compile(r"\d")


def _exact_text(text: str, decimal: str) -> Fraction | None:
    """The exact value of a number as printed (group marks, ``%``, ``pct.`` removed)."""
    s = text.strip().replace("\u2212", "-").replace("\u00a0", "").replace(" ", "")
    for suffix in ("%", "pct.", "pct"):
        if s.endswith(suffix):
            s = s[: -len(suffix)]
            break
    group = "." if decimal == "," else ","
    s = s.replace(group, "").replace(decimal, ".")
    try:
        return Fraction(Decimal(s))
    except (InvalidOperation, ValueError):
        return None


def _check_size(text: str) -> None:
    """Refuse a number longer than a published figure can be (before any float)."""
    body = text.strip()
    if len(body) > 60 or len(_DIGITS.findall(body)) > MAX_DIGITS + MAX_DECIMALS:
        raise _problem("number_too_long", f"a number of {len(_DIGITS.findall(body))} digits "
                       f"is not a published figure (at most {MAX_DIGITS} digits before and "
                       f"{MAX_DECIMALS} after the decimal mark)", text)


def published(text: PublishedLike, *, unit: float | int | str | Fraction | None = None,
              decimals: int | None = None, decimal: str = ",",
              exact: bool = False, rounding: str | None = None) -> PublishedNumber:
    """Parse a published cell and record its rounding.

    ``text`` is Danish (``decimal=","``: ``"4.194"``, ``"0,93%"``, ``"-2,17%"``)
    or English (``decimal="."``); ``"."``, ``".."``, ``"-"`` are blinded and
    ``""``/``None`` empty. A bare number is accepted: an ``int`` has 0 decimals, a
    ``float`` the decimals of its shortest repr, unless ``decimals`` says more
    (``published(1.3, decimals=2)`` is ``1,30`` printed without its trailing zero).
    ``unit`` is a rounding unit such as ``10`` (counts rounded to tens); the value
    must be a multiple of it. ``exact=True`` takes the number as exact (no rounding).
    ``rounding`` is how the source rounded (see :data:`Rounding`; default half away
    from zero, or the rounding of a given :class:`PublishedNumber`).
    A :class:`PublishedNumber` is returned unchanged when no option is given.
    Non-finite numbers and numbers of more than 15 integer digits are refused.

    >>> published(1.05, decimals=2).step
    Fraction(1, 100)
    >>> published("0,93", decimal=",").percent, published("38%").percent
    (False, True)
    >>> published("1.5")
    Traceback (most recent call last):
    ...
    jobstats.errors.ValidationError: 1 problem found:
      - [not_a_number] not a number in Danish format: '1.5' (use decimal='.' for English)
    """
    if type(text) in (str, int, float) and len(str(text)) <= 64 and \
            type(unit) in (type(None), int, float, str, Fraction) and \
            (decimals is None or type(decimals) is int):
        # a pure function of hashable arguments: remembered (the types and a float's repr
        # in the key keep 1, 1.0, "1" and 0.0, -0.0 apart)
        return _published((type(text), type(unit), repr(text) if type(text) is float
                           else None), text, unit, decimals, decimal, exact, rounding)
    return _parse_published(text, unit=unit, decimals=decimals, decimal=decimal, exact=exact,
                            rounding=rounding)


@lru_cache(maxsize=8192)
def _published(kind: tuple[type, type, str | None], text: str | int | float,
               unit: float | int | str | Fraction | None, decimals: int | None, decimal: str,
               exact: bool, rounding: str | None) -> PublishedNumber:
    return _parse_published(text, unit=unit, decimals=decimals, decimal=decimal, exact=exact,
                            rounding=rounding)


def _parse_published(text: PublishedLike, *, unit: float | int | str | Fraction | None,
                     decimals: int | None, decimal: str, exact: bool,
                     rounding: str | None) -> PublishedNumber:
    if isinstance(text, PublishedNumber) and rounding is None:
        rounding = text.rounding
    mode = check_rounding(rounding or "half_away")
    if decimal not in (",", "."):
        raise _problem("bad_decimal", f'decimal must be "," or ".", not {str(decimal)[:20]!r}',
                       decimal)
    if isinstance(text, PublishedNumber):
        if unit is None and decimals is None and not exact and mode == text.rounding:
            return text
        if text.exact is None:
            return replace(text, is_exact=exact, rounding=mode)
        return replace(_build(text.text, text.exact, text.decimals, text.percent, False, False,
                              unit, decimals, text.decimal, exact), rounding=mode)
    if isinstance(text, float) and math.isinf(text):
        raise _problem("not_finite", f"{text!r} is not a finite number", text)
    if isinstance(text, Fraction | Decimal):
        if isinstance(text, Decimal) and not text.is_finite():
            raise _problem("not_finite", f"{text!r} is not a finite number", str(text))
        frac = Fraction(text)
        if abs(frac) >= 10**MAX_DIGITS:
            raise _problem("number_too_large", "a number of more than 15 digits is not a "
                           "published figure", str(text)[:100])
        shown = str(text) if isinstance(text, Decimal) else f"{float(frac)!r}"
        cell_decimals = _decimals_of(Decimal(shown)) if isinstance(text, Decimal) else 0
        return replace(_build(shown, frac, cell_decimals, False, False, False, unit, decimals,
                              decimal, exact), rounding=mode)
    if isinstance(text, str):
        _check_size(text)
    elif isinstance(text, int) and not isinstance(text, bool) and abs(text) >= 10**MAX_DIGITS:
        raise _problem("number_too_large", "a number of more than 15 digits is not a "
                       "published figure", str(text)[:100])
    elif isinstance(text, float) and abs(text) >= 10**MAX_DIGITS:
        raise _problem("number_too_large", "a number of more than 15 digits is not a "
                       "published figure", text)
    try:
        cell = parse_cell(text, decimal=decimal)
    except (ValueError, OverflowError) as exc:
        hint = " (use decimal='.' for English)" if decimal == "," else ""
        message = str(exc)
        if len(message) > 150:
            message = message[:147] + "…"
        raise _problem("not_a_number", f"{message}{hint}", text) from None
    shown = "" if text is None or (isinstance(text, float) and math.isnan(text)) else str(text)
    if cell.value is None:
        return PublishedNumber(shown.strip(), None, cell.decimals, None, cell.percent,
                               cell.blinded, cell.empty, exact, decimal, mode)
    frac_or_none: Fraction | None
    if isinstance(text, int):
        frac_or_none = Fraction(text)
    elif isinstance(text, str):
        frac_or_none = _exact_text(text, decimal)
    else:
        frac_or_none = Fraction(f"{cell.value:.{cell.decimals}f}") \
            if math.isfinite(cell.value) else None
    if frac_or_none is None or not math.isfinite(cell.value):
        raise _problem("not_finite", f"{shown[:100]!r} is not a finite number", shown)
    if abs(frac_or_none) >= 10**MAX_DIGITS:
        raise _problem("number_too_large", f"{shown[:100]!r} is larger than a published "
                       "figure (at most 15 digits before the decimal mark)", shown)
    return replace(_build(shown.strip(), frac_or_none, cell.decimals, cell.percent, False,
                          False, unit, decimals, decimal, exact), rounding=mode)


def _decimals_of(d: Decimal) -> int:
    exponent = d.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _build(shown: str, frac: Fraction, cell_decimals: int, percent: bool, blinded: bool,
           empty: bool, unit: float | int | str | Fraction | None, decimals: int | None,
           decimal: str, exact: bool) -> PublishedNumber:
    if unit is not None and decimals is not None:
        raise _problem("bad_rounding", "give unit= or decimals=, not both", shown)
    unit_frac: Fraction | None = None
    if unit is not None:
        try:
            unit_frac = to_fraction(unit)
        except (ValueError, TypeError, ZeroDivisionError):
            raise _problem("bad_rounding", f"the rounding unit must be a positive number, "
                           f"not {str(unit)[:40]!r}", str(unit)[:40]) from None
        if unit_frac <= 0:
            raise _problem("bad_rounding", f"the rounding unit must be positive, not {unit!r}",
                           unit)
        if (frac / unit_frac).denominator != 1:
            raise _problem("not_a_multiple",
                           f"{shown!r} is not a multiple of its rounding unit {unit}", shown)
        if unit_frac.denominator == 1:
            cell_decimals = 0
    if decimals is not None:
        if isinstance(decimals, bool) or not isinstance(decimals, int) or \
                not 0 <= decimals <= MAX_DECIMALS:
            raise _problem("bad_rounding", f"decimals must be a whole number from 0 to "
                           f"{MAX_DECIMALS}, not {str(decimals)[:40]!r}", str(decimals)[:40])
        if decimals < cell_decimals:
            raise _problem("bad_rounding",
                           f"{shown!r} prints {cell_decimals} decimals, more than decimals="
                           f"{decimals}", shown)
        cell_decimals = decimals
    return PublishedNumber(shown, frac, cell_decimals, unit_frac, percent, blinded, empty,
                           exact, decimal)
