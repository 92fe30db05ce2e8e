"""The colours of the appendix tables, shared by the HTML, Excel and PDF renderers.

Each renderer speaks its own colour syntax (CSS, openpyxl fills, reportlab
``HexColor``) but takes every colour from here, so the three outputs of one
table look alike and a colour changes in one place.

>>> verdict_colour("på rette vej") == verdict_colour("on track") == "#F9A825"
True
>>> verdict_colour("something else") == RULE
True
"""

from __future__ import annotations

__all__ = [
    "CHANGE",
    "GRID",
    "HEADER",
    "HIGHLIGHT",
    "NOTE",
    "RULE",
    "TEXT",
    "VERDICT_COLOURS",
    "verdict_colour",
]

CHANGE = "#D8EBCF"
"""Fill of change cells ("Udvikling i procent"), the published green."""
HEADER = "#E4EAF1"
"""Fill of the header rows."""
HIGHLIGHT = "#FFF2B3"
"""Fill of the own area's row."""
GRID = "#B7B7B7"
"""Cell borders."""
RULE = "#555555"
"""The rule above a total row (and a verdict without a colour of its own)."""
TEXT = "#1A1A1A"
"""Body text."""
NOTE = "#444444"
"""Source line and notes under a table."""

VERDICT_COLOURS: dict[str, str] = {
    "opnået": "#2E7D32",
    "achieved": "#2E7D32",
    "på rette vej": "#F9A825",
    "on track": "#F9A825",
    "kræver opmærksomhed": "#C62828",
    "needs attention": "#C62828",
}
"""Traffic-light colour of a goal verdict (green, amber, red), Danish and English."""


def verdict_colour(verdict: str) -> str:
    """The badge colour of a goal verdict; :data:`RULE` grey for any other text."""
    return VERDICT_COLOURS.get(verdict, RULE)
