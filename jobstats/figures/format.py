"""Numbers and periods as the figures print them: Danish (``1.000``, ``2,5%``) or
English number format, tick formatters, period and category labels.

>>> NumberFormatter().format_ticks([0, 500, 1000, 1500])
['0', '500', '1.000', '1.500']
>>> NumberFormatter(percent=True).format_ticks([0.0, 2.5, 5.0])
['0,0%', '2,5%', '5,0%']
>>> NumberFormatter(language="en").format_ticks([1000, 2500])
['1,000', '2,500']
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from functools import lru_cache

import matplotlib.ticker as mticker
import pandas as pd

from jobstats.labels import Language, month_name
from jobstats.numbers import Locale, format_number

__all__ = ["NumberFormatter", "common_decimals", "fmt", "locale_of", "period_label", "wrap"]

# ---------------------------------------------------------------------------
# language

def locale_of(language: Language) -> str:
    """The babel locale of a figure language."""
    return Locale.DANISH if language == "da" else Locale.ENGLISH


def fmt(value: float, decimals: int, language: Language, *, percent: bool = False,
        sign: bool = False) -> str:
    """A number as the figures print it (``1.000``, ``2,5%``; English ``1,000``)."""
    if value is None or value == 0 or not math.isfinite(value):  # ±0 and NaN: not cached
        return format_number(value, decimals, percent=percent, sign=sign,
                             locale=locale_of(language))
    return _fmt(float(value), int(decimals), language, percent, sign)


@lru_cache(maxsize=4096)
def _fmt(value: float, decimals: int, language: Language, percent: bool, sign: bool) -> str:
    # tick labels are formatted again on every draw and layout pass: remember them
    return format_number(value, decimals, percent=percent, sign=sign,
                         locale=locale_of(language))


def period_label(period: pd.Period, language: Language, *, short: bool = False) -> str:
    """``2018`` for a calendar year, ``2022QMAT02`` for a rolling year, ``jan 2024``,
    ``2024 K1`` (English ``2024 Q1``) for months and quarters."""
    freq = period.freqstr
    if freq.startswith("M"):
        name = month_name(int(period.month), language, short=True)
        return name if short else f"{name} {period.year}"
    if freq.startswith("Q"):
        return f"{period.year} {'K' if language == 'da' else 'Q'}{period.quarter}"
    if freq.endswith("DEC") or freq in ("Y", "A"):
        return str(period.year)
    from jobstats.periods import format_period

    return format_period(period)


def wrap(label: str, width: int) -> str:
    """Wrap a long category label onto several lines."""
    return "\n".join(textwrap.wrap(label, width=width, break_on_hyphens=False)) or label



# ---------------------------------------------------------------------------
# ticks


def common_decimals(values: Sequence[float], limit: int = 4) -> int:
    """The fewest decimals (0…``limit``) that print every value exactly."""
    finite = [float(v) for v in values if math.isfinite(v)]
    for d in range(limit + 1):
        if all(abs(round(v, d) - v) <= 1e-9 * max(1.0, abs(v)) for v in finite):
            return d
    return limit


class NumberFormatter(mticker.Formatter):
    """Tick labels in Danish (``1.000``, ``2,5``) or English number format.

    All ticks of an axis share one number of decimals (the fewest that print every
    tick exactly), so ``0,0  2,5  5,0`` rather than ``0  2,5  5``.
    """

    def __init__(self, language: Language = "da", *, percent: bool = False,
                 decimals: int | None = None, sign: bool = False) -> None:
        self.language = language
        self.percent = percent
        self.decimals = decimals
        self.sign = sign
        self._auto = 0

    def format_ticks(self, values: Sequence[float]) -> list[str]:
        self._auto = self.decimals if self.decimals is not None else common_decimals(values)
        return [self._one(v) for v in values]

    def __call__(self, x: float, pos: int | None = None) -> str:
        return self._one(x)

    def _one(self, x: float) -> str:
        d = self.decimals if self.decimals is not None else max(self._auto,
                                                                common_decimals([x]))
        return fmt(x, d, self.language, percent=self.percent, sign=self.sign)
