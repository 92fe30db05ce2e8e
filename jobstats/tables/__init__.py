"""The appendix (nøgletalsbilag) tables: immutable :class:`Table` objects and renderers.

Builders take the canonical frame and return a :class:`Table` (numbers stay
numeric; formatting travels with the table); :func:`bilag` assembles the whole
appendix from a frame, :func:`appendix_of` from a bundle of key figures
(:func:`jobstats.key_figures`). Every table and the appendix render to HTML
(``to_html``, notebooks), Excel (``to_excel``), PDF (``to_pdf``), a tidy frame
(``to_frame``) and CSV. See ``docs/tables.md``.
"""

from __future__ import annotations

from jobstats.tables.appendix import appendix_of, bilag
from jobstats.tables.builders import (
    aktivitetsoversigt,
    langtidsledighed,
    maalgruppeoversigt,
    virksomhedsrettet_tilbud,
)
from jobstats.tables.comparison import composition_table, point_comparison_table
from jobstats.tables.goals import goal_table, ranking_table
from jobstats.tables.table import Bilag, Column, HeaderCell, Row, Table

__all__ = [
    "Bilag",
    "Column",
    "HeaderCell",
    "Row",
    "Table",
    "aktivitetsoversigt",
    "appendix_of",
    "bilag",
    "composition_table",
    "goal_table",
    "langtidsledighed",
    "maalgruppeoversigt",
    "point_comparison_table",
    "ranking_table",
    "virksomhedsrettet_tilbud",
]
