"""The paper as one ordered document, shared by the Word, PDF and HTML renderers.

A :class:`Paper` holds what the front page needs (kommune, period, *data til
og med*, sources) and the sections in order: the goal overview first (its
figure and a line per sub-goal), then every table with its generated text,
*Beskrivelse*, *Bemærk* notes and the figures that belong to it, so each
figure stands beside the table it draws. Figures no table claims come last
(nothing is dropped). Figures are numbered "Figur 1", "Figur 2", ... in the
order they appear.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from jobstats.paper.text import TableText, describe
from jobstats.tables.table import Language, Table

__all__ = ["FIGURES_OF", "MIN_LABEL_WIDTH", "PORTRAIT_MIN_SCALE", "FigureRef", "Paper",
           "Section", "build_paper", "is_landscape", "png_size", "portrait_widths",
           "table_layout"]

PORTRAIT_MIN_SCALE = 0.85
"""A table that would print smaller than this on a portrait page gets landscape pages."""

FIGURES_OF: dict[str, tuple[str, ...]] = {
    "maalgruppeoversigt": ("figur1_maalgrupper", "figur2_udvikling"),
    "langtidsledighed": ("figur5_langtidsledige",),
    "virksomhedsrettet_tilbud": ("figur3_virksomhedsrettet",),
    "maal_flygtninge": ("figur4_ustoettet_beskaeftigelse",),
    "punkt_kontanthjaelp": ("figur6_kontanthjaelp_andel", "kort_kontanthjaelp",
                            "kort_kontanthjaelp_graenser"),
}
"""Which report figures stand beside which table (by table name)."""

OVERVIEW_FIGURE = "maal_oversigt"

FIGURE_TITLES_EN: dict[str, str] = {
    "figur1_maalgrupper": "Annual average by target group",
    "figur2_udvikling": "Change in full-time persons and in national share",
    "figur3_virksomhedsrettet": "Company-based offers",
    "figur4_ustoettet_beskaeftigelse": "Refugees in unsubsidised employment",
    "figur5_langtidsledige": "Long-term unemployed, monthly",
    "figur6_kontanthjaelp_andel": "Social assistance in % of the population",
    "kort_kontanthjaelp": "Map: social assistance in % of the population",
    "kort_kontanthjaelp_graenser": "Map with municipal boundaries",
    "maal_oversigt": "Goals",
}
"""English captions of the report figures (the paper's figure list in English)."""


@dataclass(frozen=True)
class FigureRef:
    """A figure placed in the paper: its file stem, caption and number."""

    name: str
    title: str
    number: int

    def caption(self, language: Language) -> str:
        """``"Figur 3: Virksomhedsrettet tilbud"``."""
        return f"{'Figur' if language == 'da' else 'Figure'} {self.number}: {self.title}"


@dataclass(frozen=True)
class Section:
    """One heading of the paper with its table, text and figures."""

    heading: str
    table: Table | None = None
    text: TableText | None = None
    figures: tuple[FigureRef, ...] = ()
    overview: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class Paper:
    """The whole paper in order (see the module docstring)."""

    title: str
    area: str
    period: str
    data_until: str
    sources: tuple[str, ...]
    sections: tuple[Section, ...]
    language: Language = "da"

    @property
    def figures(self) -> tuple[FigureRef, ...]:
        """Every figure, in paper order."""
        return tuple(f for s in self.sections for f in s.figures)

    @property
    def tables(self) -> tuple[Table, ...]:
        """Every table, in paper order."""
        return tuple(s.table for s in self.sections if s.table is not None)

    def front_lines(self) -> list[tuple[str, str]]:
        """The front page's facts as ``(label, text)``."""
        da = self.language == "da"
        return [("Kommune" if da else "Municipality", self.area),
                ("Periode" if da else "Period", self.period),
                ("Data til og med" if da else "Data up to and including", self.data_until),
                ("Kilder" if da else "Sources", "; ".join(self.sources))]


MIN_LABEL_WIDTH = 128.0
"""Points (4,5 cm): how narrow the row-label column may get on a portrait page
(its labels wrap) before a table is scaled down."""


def portrait_widths(table: Table) -> list[float]:
    """Column widths (points) of ``table`` on a portrait A4 page: as wide as the printed
    cells and header words need, except that a table wider than the page first lets
    its row labels wrap in a narrower column (not below :data:`MIN_LABEL_WIDTH`)."""
    from reportlab.lib.pagesizes import A4

    from jobstats.tables.pdf import MARGIN, _widths

    return _narrowed(_widths(table), A4[0] - 2 * MARGIN)


def _narrowed(widths: Sequence[float], page: float) -> list[float]:
    out = list(widths)
    excess = sum(out) - page
    if excess > 0:
        out[0] = max(min(out[0], MIN_LABEL_WIDTH), out[0] - excess)
    return out


def png_size(path: str | os.PathLike[str]) -> tuple[int, int]:
    """Width and height in pixels from a PNG file's header (the picture is not decoded)."""
    with open(path, "rb") as fh:
        head = fh.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        raise ValueError(f"{os.fspath(path)}: not a PNG file")
    width, height = struct.unpack(">II", head[16:24])
    return int(width), int(height)


def table_layout(table: Table) -> tuple[bool, list[float]]:
    """``(landscape, column widths in points)`` of ``table`` in the PDF: landscape
    when with :func:`portrait_widths` it would print at less than
    :data:`PORTRAIT_MIN_SCALE` of its size on a portrait A4 page (1,5 cm margins);
    the widths are then its natural ones, else :func:`portrait_widths`."""
    from reportlab.lib.pagesizes import A4

    from jobstats.tables.pdf import MARGIN, _widths

    natural = _widths(table)
    portrait = _narrowed(natural, A4[0] - 2 * MARGIN)
    if (A4[0] - 2 * MARGIN) / sum(portrait) < PORTRAIT_MIN_SCALE:
        return True, natural
    return False, portrait


def is_landscape(table: Table) -> bool:
    """Whether ``table`` goes on landscape pages, in the PDF and in Word (see
    :func:`table_layout`)."""
    return table_layout(table)[0]


def build_paper(tables: Sequence[Table], figures: Iterable[tuple[str, str]], *, area: str,
                period: str, data_until: str, title: str, language: Language = "da",
                overview: Sequence[tuple[str, str, str]] = (),
                extra_sources: Sequence[str] = (),
                figures_of: Mapping[str, tuple[str, ...]] | None = None) -> Paper:
    """Order ``tables`` and the figures ``(name, title)`` into a :class:`Paper`.

    ``figures_of`` adds to :data:`FIGURES_OF` (table name → figure names)."""
    placed = {**FIGURES_OF, **(figures_of or {})}
    available = dict(figures)
    if language == "en":
        available = {n: FIGURE_TITLES_EN.get(n, t) for n, t in available.items()}
    used: set[str] = set()
    counter = [0]

    def take(names: Iterable[str]) -> tuple[FigureRef, ...]:
        out = []
        for n in names:
            if n in available and n not in used:
                used.add(n)
                counter[0] += 1
                out.append(FigureRef(n, available[n], counter[0]))
        return tuple(out)

    da = language == "da"
    sections: list[Section] = []
    if overview or OVERVIEW_FIGURE in available:
        sections.append(Section("Målopfølgning" if da else "Goals", figures=take(
            [OVERVIEW_FIGURE]), overview=tuple(overview)))
    for table in tables:
        sections.append(Section(table.title, table, describe(table, language=language),
                                take(placed.get(table.name, ()))))
    rest = take([n for n in available if n not in used])
    if rest:
        sections.append(Section("Øvrige figurer" if da else "Other figures", figures=rest))
    sources = list(dict.fromkeys(
        _bare(s) for s in [*(t.source for t in tables if t.source), *extra_sources]))
    return Paper(title, area, period, data_until, tuple(sources), tuple(sections), language)


def _bare(source: str) -> str:
    """A source line without its "Kilde:"/"Source:" lead (the front page says Kilder)."""
    for lead in ("Kilde:", "Kilder:", "Source:", "Sources:"):
        if source.startswith(lead):
            return source[len(lead):].strip()
    return source.strip()


def figure_files(paper: Paper, folder: Mapping[str, object]) -> dict[str, object]:
    """The figures of ``paper`` that ``folder`` (name → file) holds."""
    return {f.name: folder[f.name] for f in paper.figures if f.name in folder}
