"""The immutable :class:`Table` of the appendix and the :class:`Bilag` holding them.

A table keeps its numbers numeric (``values``, NaN = undefined) with a parallel
``blinded`` mask, and carries its own formatting: column groups (spanning
headers), decimals and unit per column, which columns are change cells (green
in the published style), indented sub-group rows, highlighted rows, a title, a
description, a source line and, for goal tables, a verdict. Renderers turn it
into HTML, Excel, PDF, a pandas frame or CSV; none of them changes the numbers.

>>> t = Table(
...     name="demo", title="Eksempel", stub="Målgruppe",
...     columns=(Column("Årsgennemsnit", group="2018"),
...              Column("Landsandel", group="2018", decimals=2, percent=True)),
...     rows=(Row("Kontanthjælp"), Row("Jobparate", depth=1)),
...     values=((4194.4, 0.934), (125.0, float("nan"))),
...     blinded=((False, False), (False, True)),
...     source="Kilde: Jobindsats.dk")
>>> [t.text(0, 0), t.text(0, 1), t.text(1, 1)]
['4.194', '0,93%', '.']
>>> t.row_label(1)
'- Jobparate'
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from os import PathLike
from typing import Literal

import pandas as pd

from jobstats.errors import JobstatsError, Problem, Reason, ValidationError, one_line
from jobstats.labels import Language
from jobstats.numbers import Locale, format_number

__all__ = ["Bilag", "Column", "HeaderCell", "Language", "Omission", "Row", "Table"]


_LOCALES: dict[str, str] = {"da": Locale.DANISH, "en": Locale.ENGLISH}


@dataclass(frozen=True)
class HeaderCell:
    """One cell of a table's header grid, as every renderer draws it.

    ``row`` counts header rows from 0; ``col`` counts grid columns, 0 being the
    stub (row labels) and ``j + 1`` value column ``j``. A cell covers ``rowspan``
    rows and ``colspan`` columns from there. ``kind`` is ``"stub"``, ``"group"``
    (a spanning heading over several columns) or ``"column"``.
    """

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    kind: Literal["stub", "group", "column"] = "column"


@dataclass(frozen=True)
class Column:
    """A value column: its header, spanning group, decimals and unit.

    ``percent`` prints a ``%`` after the number (the value is already in %,
    0.93 means 0.93%). ``change`` marks a change column ("Udvikling i procent"),
    printed in green cells.
    """

    label: str
    group: str = ""
    decimals: int = 0
    percent: bool = False
    change: bool = False


@dataclass(frozen=True)
class Row:
    """A row: its label, a stable key (e.g. the target-group id) and its style.

    ``depth`` 1 is a sub-group (printed ``"- name"`` and indented); ``total``
    is a sum row ("I alt", bold); ``highlight`` marks e.g. the own municipality
    in a ranking.
    """

    label: str
    key: str = ""
    depth: int = 0
    total: bool = False
    highlight: bool = False


def _path_str(path: str | PathLike[str]) -> str:
    return str(path)


@dataclass(frozen=True)
class Table:
    """One appendix table (immutable). See the module docstring for an example.

    ``values[i][j]`` is the number of row ``i``, column ``j`` (NaN when
    undefined or blinded); ``blinded[i][j]`` is True when the source hid it.
    """

    name: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    values: tuple[tuple[float, ...], ...]
    blinded: tuple[tuple[bool, ...], ...] = ()
    stub: str = ""
    description: str = ""
    source: str = ""
    notes: tuple[str, ...] = ()
    verdict: str | None = None
    language: Language = "da"

    def __post_init__(self) -> None:
        found: list[Problem] = []
        if not self.blinded:
            object.__setattr__(self, "blinded",
                               tuple(tuple(False for _ in r) for r in self.values))
        if len(self.values) != len(self.rows):
            found.append(Problem("bad_shape", f"table {self.name!r} has {len(self.rows)} rows "
                                 f"but {len(self.values)} value rows", column="values"))
        for i, (vals, mask) in enumerate(zip(self.values, self.blinded, strict=False)):
            if len(vals) != len(self.columns) or len(mask) != len(self.columns):
                found.append(Problem("bad_shape", f"table {self.name!r} row {i} has "
                                     f"{len(vals)} values for {len(self.columns)} columns",
                                     row=i, column="values"))
        if len(self.blinded) != len(self.values):
            found.append(Problem("bad_shape", f"table {self.name!r}: blinded mask has "
                                 f"{len(self.blinded)} rows, values {len(self.values)}",
                                 column="blinded"))
        if self.language not in _LOCALES:
            found.append(Problem("unknown_language", f"unknown language {self.language!r}",
                                 column="language", value=self.language,
                                 suggestions=tuple(_LOCALES)))
        if found:
            raise ValidationError(found)
        # NaN for blinded cells, floats everywhere (the data stay numeric)
        object.__setattr__(self, "values", tuple(
            tuple(math.nan if b else float(v) for v, b in zip(vals, mask, strict=True))
            for vals, mask in zip(self.values, self.blinded, strict=True)))

    # ---- formatting -------------------------------------------------------
    @property
    def locale(self) -> str:
        """The babel locale of the number format (``da_DK`` or ``en_GB``)."""
        return _LOCALES[self.language]

    def text(self, i: int, j: int) -> str:
        """The printed text of cell (row ``i``, column ``j``): ``"4.194"``, ``"."``, ``""``."""
        col = self.columns[j]
        return format_number(self.values[i][j], col.decimals, percent=col.percent,
                             locale=self.locale, blinded=self.blinded[i][j])

    def row_label(self, i: int) -> str:
        """The printed row label: sub-groups prefixed ``"- "`` as in the appendix."""
        row = self.rows[i]
        return ("- " if row.depth > 0 else "") + row.label

    def header_groups(self) -> list[tuple[str, int, int]]:
        """Spanning headers as ``(text, first column, number of columns)``."""
        spans: list[tuple[str, int, int]] = []
        for j, col in enumerate(self.columns):
            if spans and spans[-1][0] == col.group and spans[-1][1] + spans[-1][2] == j:
                text, first, n = spans[-1]
                spans[-1] = (text, first, n + 1)
            else:
                spans.append((col.group, j, 1))
        return spans

    @property
    def has_groups(self) -> bool:
        """Whether the table has a second (spanning) header row."""
        return any(c.group for c in self.columns)

    @property
    def header_rows(self) -> int:
        """The number of header rows: 2 with spanning groups, else 1."""
        return 2 if self.has_groups else 1

    def header_cells(self) -> tuple[HeaderCell, ...]:
        """The header grid, row by row and left to right, shared by the HTML, Excel and
        PDF renderers: the stub, then per spanning group its heading over its columns
        (a column outside any group spans both header rows).

        >>> t = Table(name="t", title="", stub="Målgruppe", rows=(Row("a"),),
        ...           columns=(Column("2017", "Antal"), Column("2018", "Antal"), Column("%")),
        ...           values=((1.0, 2.0, 3.0),))
        >>> [(c.text, c.row, c.col, c.rowspan, c.colspan) for c in t.header_cells()]
        [('Målgruppe', 0, 0, 2, 1), ('Antal', 0, 1, 1, 2), ('%', 0, 3, 2, 1), \
('2017', 1, 1, 1, 1), ('2018', 1, 2, 1, 1)]
        """
        rows = self.header_rows
        top = [HeaderCell(self.stub, 0, 0, rowspan=rows, kind="stub")]
        if rows == 1:
            top.extend(HeaderCell(c.label, 0, j + 1) for j, c in enumerate(self.columns))
            return tuple(top)
        bottom: list[HeaderCell] = []
        for text, first, n in self.header_groups():
            if not text:
                top.extend(HeaderCell(self.columns[j].label, 0, j + 1, rowspan=2)
                           for j in range(first, first + n))
                continue
            top.append(HeaderCell(text, 0, first + 1, colspan=n, kind="group"))
            bottom.extend(HeaderCell(self.columns[j].label, 1, j + 1)
                          for j in range(first, first + n))
        return (*top, *bottom)

    def with_language(self, language: Language) -> Table:
        """The same table, numbers formatted for ``language`` (labels unchanged)."""
        return replace(self, language=language)

    # ---- renderers --------------------------------------------------------
    def to_html(self, *, standalone: bool = False) -> str:
        """HTML of the table (a ``<figure>``; ``standalone=True``: a whole page)."""
        from jobstats.tables.html import render_html

        return render_html((self,), standalone=standalone)

    def _repr_html_(self) -> str:
        return self.to_html()

    def to_excel(self, path: str | PathLike[str]) -> None:
        """Write a workbook with one sheet holding this table (see :mod:`.excel`)."""
        from jobstats.tables.excel import write_excel

        write_excel((self,), _path_str(path))

    def to_pdf(self, path: str | PathLike[str]) -> None:
        """Write an A4 PDF of this table (landscape when wide; see :mod:`.pdf`)."""
        from jobstats.tables.pdf import write_pdf

        write_pdf((self,), _path_str(path), title=self.title)

    def to_frame(self) -> pd.DataFrame:
        """The table as a tidy frame, one row per cell, numbers numeric.

        Columns: ``table``, ``row`` (position), ``key``, ``label``, ``depth``,
        ``group``, ``column``, ``value`` (float, NaN blinded/undefined),
        ``blinded``, ``decimals``, ``percent``, ``change``, ``text`` (as printed).
        """
        records = [
            {
                "table": self.name, "row": i, "key": row.key, "label": row.label,
                "depth": row.depth, "group": col.group, "column": col.label,
                "value": self.values[i][j], "blinded": self.blinded[i][j],
                "decimals": col.decimals, "percent": col.percent, "change": col.change,
                "text": self.text(i, j),
            }
            for i, row in enumerate(self.rows)
            for j, col in enumerate(self.columns)
        ]
        columns = ["table", "row", "key", "label", "depth", "group", "column", "value",
                   "blinded", "decimals", "percent", "change", "text"]
        out = pd.DataFrame.from_records(records, columns=columns)
        out["value"] = out["value"].astype("float64")
        out["blinded"] = out["blinded"].astype(bool)
        return out

    def to_wide(self) -> pd.DataFrame:
        """The table as displayed: row labels as index, (group, column) headers, floats."""
        index = pd.Index([r.label for r in self.rows], name=self.stub or None)
        if self.has_groups:
            cols: pd.Index = pd.MultiIndex.from_tuples(
                [(c.group, c.label) for c in self.columns])
        else:
            cols = pd.Index([c.label for c in self.columns])
        return pd.DataFrame([list(v) for v in self.values], index=index, columns=cols,
                            dtype="float64")

    def to_csv(self, path: str | PathLike[str] | None = None, *, sep: str = ",",
               decimal: str = ".") -> str | None:
        """CSV of :meth:`to_frame` (``sep=";", decimal=","`` for Danish Excel).

        Text cells that start with ``=``, ``+``, ``-``, ``@``, tab or CR get a
        leading ``'`` so a spreadsheet never evaluates them as a formula.
        Returns the text when ``path`` is None.
        """
        return frames_to_csv([self.to_frame()], path, sep=sep, decimal=decimal)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def protect_text(text: str) -> str:
    """``text`` with a leading ``'`` when a spreadsheet could read it as a formula."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def frames_to_csv(frames: Sequence[pd.DataFrame], path: str | PathLike[str] | None, *,
                  sep: str, decimal: str) -> str | None:
    """Write tidy table frames as one CSV (formula-like text protected)."""
    frame = pd.concat(frames, ignore_index=True)
    for col in ("table", "key", "label", "group", "column"):
        frame[col] = frame[col].astype(str).map(protect_text)
    buffer = io.StringIO()
    frame.to_csv(buffer, sep=sep, decimal=decimal, index=False, quoting=csv.QUOTE_MINIMAL)
    text = buffer.getvalue()
    if path is None:
        return text
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)
    return None


@dataclass(frozen=True)
class Omission:
    """A table or figure left out of an appendix or report, with the problems that
    kept it out (``kind`` is ``"table"`` or ``"figure"``).

    >>> o = Omission("punkt_kontanthjaelp", (Problem("no_data", "the frame lacks its series"),))
    >>> str(o), o.problems[0].category.value
    ('table punkt_kontanthjaelp: [no_data] the frame lacks its series', 'value')
    """

    name: str
    problems: tuple[Problem, ...]
    kind: str = "table"

    @classmethod
    def of(cls, name: str, error: JobstatsError, kind: str = "table") -> Omission:
        """The omission caused by ``error`` (its problems; one made from its message
        when it carries none)."""
        problems = getattr(error, "problems", None) or (
            Problem(Reason.NO_DATA, str(error).strip() or type(error).__name__),)
        return cls(name, tuple(problems), kind)

    @property
    def reason(self) -> str:
        """The first problem in one line, and how many more there are."""
        return one_line(ValidationError(self.problems)) if self.problems else ""

    def __str__(self) -> str:
        return f"{self.kind} {self.name}: {self.reason}"


@dataclass(frozen=True)
class Bilag:
    """The whole appendix: its tables in order, with the renderers of :class:`Table`.

    ``omitted`` lists the tables that could not be built from the data, each with
    the problems that kept it out (:class:`Omission`).
    """

    tables: tuple[Table, ...]
    title: str = "Nøgletalsbilag"
    omitted: tuple[Omission, ...] = ()
    language: Language = "da"

    def __iter__(self) -> Iterator[Table]:
        return iter(self.tables)

    def __len__(self) -> int:
        return len(self.tables)

    def __getitem__(self, name: str) -> Table:
        for t in self.tables:
            if t.name == name:
                return t
        from jobstats.errors import UnknownNameError, close_matches

        names = [t.name for t in self.tables]
        raise UnknownNameError([Problem("unknown_table", f"the appendix has no table {name!r}",
                                        value=name,
                                        suggestions=close_matches(name, names) or tuple(names))])

    @property
    def names(self) -> tuple[str, ...]:
        """The table names, in appendix order."""
        return tuple(t.name for t in self.tables)

    def to_html(self, *, standalone: bool = False) -> str:
        """HTML of every table, in order (``standalone=True``: a whole page)."""
        from jobstats.tables.html import render_html

        return render_html(self.tables, standalone=standalone, title=self.title)

    def _repr_html_(self) -> str:
        return self.to_html()

    def to_excel(self, path: str | PathLike[str]) -> None:
        """Write one workbook, a sheet per table."""
        from jobstats.tables.excel import write_excel

        write_excel(self.tables, _path_str(path))

    def to_pdf(self, path: str | PathLike[str]) -> None:
        """Write one A4 PDF with every table (landscape pages for wide tables)."""
        from jobstats.tables.pdf import write_pdf

        write_pdf(self.tables, _path_str(path), title=self.title)

    def to_frame(self) -> pd.DataFrame:
        """All tables as one tidy frame (see :meth:`Table.to_frame`)."""
        return pd.concat([t.to_frame() for t in self.tables], ignore_index=True)

    def to_csv(self, path: str | PathLike[str] | None = None, *, sep: str = ",",
               decimal: str = ".") -> str | None:
        """CSV of :meth:`to_frame` (see :meth:`Table.to_csv`)."""
        return frames_to_csv([t.to_frame() for t in self.tables], path, sep=sep,
                             decimal=decimal)
