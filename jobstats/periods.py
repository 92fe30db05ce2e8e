"""Period codes of jobindsats and DST, as pandas Periods.

=============  ==========================  =====================================
code           meaning                     pandas Period
=============  ==========================  =====================================
``2021M01``    a month                     ``Period("2021-01", "M")``
``2024Q1``     a quarter                   ``Period("2024Q1", "Q-DEC")``
``2023Y01``    a calendar year             ``Period("2023", "Y-DEC")``
``2023``       a calendar year             ``Period("2023", "Y-DEC")``
``2022QMAT02`` rolling year: the four      ``Period("2022", "Y-JUN")``, which
               quarters ending with Q2     spans 2021-07-01 … 2022-06-30
=============  ==========================  =====================================

A QMAT rolling year is an *anchored annual period*: pandas' ``Y-MAR``, ``Y-JUN``,
``Y-SEP`` and ``Y-DEC`` years end with Q1, Q2, Q3 and Q4. ``2022QMAT04`` is the
calendar year 2022 itself. So a rolling year keeps its exact span, ``p - 1`` is
the same rolling year a year earlier, and :func:`format_period` writes the code back.
"""

from __future__ import annotations

import re

import pandas as pd

from jobstats.errors import Problem, ValidationError

__all__ = ["Frequency", "format_period", "frequency_of", "parse_period"]

_QMAT_ANCHOR = {1: "Y-MAR", 2: "Y-JUN", 3: "Y-SEP", 4: "Y-DEC"}
_ANCHOR_QMAT = {"MAR": 1, "JUN": 2, "SEP": 3, "DEC": 4}

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(\d{4})M(\d{2})$"), "M"),
    (re.compile(r"^(\d{4})-(\d{2})$"), "M"),
    (re.compile(r"^(\d{4})K([1-4])$"), "Q"),  # DST Danish: 2024K1
    (re.compile(r"^(\d{4})Q([1-4])$"), "Q"),
    (re.compile(r"^(\d{4})QMAT0?([1-4])$"), "QMAT"),
    (re.compile(r"^(\d{4})Y0?1$"), "Y"),
    (re.compile(r"^(\d{4})$"), "Y"),
)


class Frequency:
    """The base frequencies a series can have (anchored years count as ``Y``)."""

    MONTH = "M"
    QUARTER = "Q"
    YEAR = "Y"


def parse_period(code: str) -> pd.Period:
    """Parse a jobindsats/DST period code into a :class:`pandas.Period`.

    >>> parse_period("2021M01")
    Period('2021-01', 'M')
    >>> parse_period("2022QMAT02").start_time.date().isoformat()
    '2021-07-01'

    Raises :class:`~jobstats.errors.ValidationError` (code ``bad_period``).
    """
    text = str(code).strip()
    for pattern, kind in _PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        year = int(m.group(1))
        if kind == "M":
            month = int(m.group(2))
            if 1 <= month <= 12:
                return pd.Period(year=year, month=month, freq="M")
            break
        if kind == "Q":
            return pd.Period(year=year, quarter=int(m.group(2)), freq="Q-DEC")
        if kind == "QMAT":
            return pd.Period(str(year), freq=_QMAT_ANCHOR[int(m.group(2))])
        return pd.Period(str(year), freq="Y-DEC")
    raise ValidationError(
        [
            Problem(
                "bad_period",
                "not a period code; expected e.g. 2021M01, 2024Q1, 2023Y01 or 2022QMAT04",
                value=code,
            )
        ]
    )


def frequency_of(period: pd.Period) -> str:
    """The base frequency ``"M"``, ``"Q"`` or ``"Y"`` of a period (QMAT years are ``"Y"``)."""
    name = period.freqstr
    if name.startswith("M"):
        return Frequency.MONTH
    if name.startswith("Q"):
        return Frequency.QUARTER
    return Frequency.YEAR


def format_period(period: pd.Period) -> str:
    """Write a period back as the jobindsats code.

    >>> format_period(parse_period("2022QMAT02"))
    '2022QMAT02'
    >>> format_period(pd.Period("2023", "Y-DEC"))
    '2023'
    """
    freq = frequency_of(period)
    if freq == Frequency.MONTH:
        return f"{period.year}M{period.month:02d}"
    if freq == Frequency.QUARTER:
        return f"{period.year}Q{period.quarter}"
    anchor = period.freqstr.rsplit("-", 1)[-1] if "-" in period.freqstr else "DEC"
    if anchor == "DEC":
        return f"{period.year}"
    return f"{period.year}QMAT{_ANCHOR_QMAT[anchor]:02d}"
