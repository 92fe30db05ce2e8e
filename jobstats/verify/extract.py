"""Extract the numbers of a committee paper: its tables and its Danish prose claims.

A paper is read as lines of text (a ``.docx`` or text-based ``.pdf`` is first
turned into such lines by :mod:`jobstats.verify.document`). Two things are
found in it:

* **tables pasted as text** — tab-separated (or separated by runs of two or
  more spaces, or Markdown pipes): one or two header rows (a row of years over a
  row of column names is combined), sub-rows marked ``"- "``, blinded ``"."``;
* **numbers in the prose** — each with its unit (``pct.``/``%``, percentage
  points, ``kr.``/``mio. kr.``/``mia. kr.``, or a count), its line and its place
  in the sentence. Dates, years, identifiers, times, paragraph and list numbers
  and ordinals (``3. kvartal``) are recognised as not being quantities.

The claims built from them are in :mod:`jobstats.verify.claims`.

>>> doc = split_document("Tabel 1\\ngruppe\\t2022\\t2023\\nA\\t10\\t12\\nI alt\\t10\\t12\\n")
>>> [t.header for t in doc.tables]
[['gruppe', '2022', '2023']]
>>> [(q.text, q.unit) for q in quantities("Ledigheden faldt med 2,5 pct. til 1.204 personer.")]
[('2,5 pct.', 'percent'), ('1.204', 'count')]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

__all__ = ["Line", "Quantity", "Sentence", "TextDocument", "TextTable", "quantities",
           "split_document"]

_TAGS = re.compile(r"</?[a-zA-Z][^>]*>")
_MARKUP = re.compile(r"\*\*|__|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def clean(text: str) -> str:
    """A line without HTML tags, Markdown emphasis and links (its words kept)."""
    text = _TAGS.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _MARKUP.sub("", text)
    return text.replace("\u00a0", " ")


@dataclass(frozen=True)
class Line:
    """One line of the paper: its 1-based number, its cleaned text and its section."""

    number: int
    text: str
    section: str


@dataclass(frozen=True)
class TextTable:
    """A table found in the text: header cells, rows of cells, each row's line."""

    title: str
    section: str
    header: list[str]
    rows: list[list[str]]
    lines: list[int]
    first_line: int


@dataclass(frozen=True)
class Sentence:
    """A sentence of prose (cleaned), with the line it starts on."""

    text: str
    line: int
    section: str


@dataclass
class TextDocument:
    """A paper split into tables and prose sentences."""

    source: str
    lines: list[Line]
    tables: list[TextTable] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)


_HEADING = re.compile(r"^\s*#{1,6}\s*(.*?)\s*#*\s*$")
_AGENDA = re.compile(r"^\s*(\d{1,2})\s+\[(?:Åben|Lukket)\]\s+(.*)$")


def _is_heading(raw: str, text: str) -> str | None:
    m = _HEADING.match(raw)
    if m:
        return clean(m.group(1)).strip() or None
    m = _AGENDA.match(text)
    if m:
        return f"{m.group(1)} {m.group(2).strip()}"
    return None


def _section(item: str, sub: str) -> str:
    return f"{item} / {sub}" if item and sub else item or sub


def _split_cells(text: str) -> list[str] | None:
    """The cells of a table line, or ``None`` when the line is prose."""
    stripped = text.strip()
    if "\t" in text:
        cells = text.rstrip("\n").split("\t")
        return [c.strip() for c in cells]
    if stripped.startswith("|") and stripped.endswith("|") and stripped.count("|") >= 3:
        return [c.strip() for c in stripped.strip("|").split("|")]
    parts = re.split(r"\s{2,}", stripped)
    if len(parts) >= 3 and sum(bool(_CELL_NUMBER.match(p)) for p in parts[1:]) >= 2:
        return parts
    return None


_CELL_NUMBER = re.compile(r"^[-+−]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?\s*(%|pct\.?)?$|^\.{1,2}$|^-$")
_PIPE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")


def _numeric(cell: str) -> bool:
    return bool(_CELL_NUMBER.match(cell.strip()))


def split_document(text: str, *, source: str = "<text>") -> TextDocument:
    """Split a paper's text into lines, tables and prose sentences."""
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    item = sub = ""
    lines: list[Line] = []
    for n, raw in enumerate(raw_lines, start=1):
        cleaned = clean(raw)
        heading = _is_heading(raw, cleaned)
        if heading is not None and "\t" not in raw:
            if _AGENDA.match(heading) or not item:
                item, sub = heading, ""
            else:
                sub = heading
            lines.append(Line(n, "", _section(item, sub)))  # a heading holds no claim
            continue
        if _LEADER.search(cleaned):
            cleaned = ""  # a line of a table of contents: titles and page numbers
        lines.append(Line(n, cleaned, _section(item, sub)))
    doc = TextDocument(source, lines)
    i = 0
    prose: list[Line] = []
    last_text = ""
    while i < len(lines):
        cells = _split_cells(lines[i].text) if lines[i].text.strip() else None
        if cells is None or len(cells) < 2:
            if lines[i].text.strip():
                prose.append(lines[i])
                last_text = lines[i].text.strip()
            i += 1
            continue
        block: list[tuple[Line, list[str]]] = []
        if "\t" not in lines[i].text and not lines[i].text.strip().startswith("|") and prose \
                and prose[-1].number == lines[i].number - 1:
            # columns separated by spaces: the line above with as many columns is the header
            above = re.split(r"\s{2,}", prose[-1].text.strip())
            if len(above) == len(cells):
                block.append((prose.pop(), above))
                last_text = prose[-1].text.strip() if prose else ""
        j = i
        while j < len(lines):
            text = lines[j].text
            if not text.strip():
                # one blank line inside a table is allowed (page layout)
                if j + 1 < len(lines) and _split_cells(lines[j + 1].text) is not None and block:
                    j += 1
                    continue
                break
            if _PIPE_RULE.match(text.strip()):
                j += 1
                continue
            row = _split_cells(text)
            if row is None:
                break
            block.append((lines[j], row))
            j += 1
        table = _table(block, last_text)
        if table is None:
            prose.extend(line for line, _ in block)
        else:
            doc.tables.append(table)
        i = j
    doc.sentences.extend(_sentences(prose))
    return doc


_YEARISH = re.compile(r"^(19|20)\d\d(\s*[-/]\s*(19|20)?\d\d)?$|^(19|20)\d\dQ\d$|^(19|20)\d\dM\d\d$")


def _table(block: Sequence[tuple[Line, list[str]]], title: str) -> TextTable | None:
    """A numeric table from a block of split lines (``None`` when it holds text only)."""
    if len(block) < 2:
        return None
    width = max(len(cells) for _, cells in block)
    numeric_rows = [k for k, (_, cells) in enumerate(block)
                    if sum(_numeric(c) and not _YEARISH.match(c.strip()) for c in cells[1:]) >= 1]
    if not numeric_rows:
        return None
    first_data = numeric_rows[0]
    # header rows: the rows above the first numeric row; a lone numeric row of
    # years (2022  2023) is a header too
    while first_data < len(block) and all(
            _YEARISH.match(c.strip()) or not c.strip()
            for c in block[first_data][1][1:]) and first_data + 1 < len(block):
        first_data += 1
    if first_data == 0:
        return None  # no header: the columns have no names
    header_rows = [cells + [""] * (width - len(cells)) for _, cells in block[:first_data]]
    header = _combine_headers(header_rows)
    rows = []
    lines = []
    for line, cells in block[first_data:]:
        rows.append(cells)
        lines.append(line.number)
    cells_total = sum(len(r) - 1 for r in rows)
    numbers = sum(_numeric(c) or not c.strip() for r in rows for c in r[1:])
    if cells_total == 0 or numbers < 0.6 * cells_total:
        return None
    return TextTable(title, block[0][0].section, header, rows, lines, block[0][0].number)


def _combine_headers(rows: list[list[str]]) -> list[str]:
    """One header from one or more header rows; a spanning year is carried right."""
    if len(rows) == 1:
        header = rows[0]
    else:
        header = []
        width = len(rows[0])
        filled = []
        for r in rows[:-1]:
            carried = []
            last = ""
            for c in r:
                if c.strip():
                    last = c.strip()
                carried.append(last)
            filled.append(carried)
        for k in range(width):
            parts = [f[k] for f in filled if k > 0 and f[k]] + [rows[-1][k].strip()]
            header.append(" ".join(p for p in parts if p))
    out: list[str] = []
    for k, h in enumerate(header):
        name = " ".join(h.split()) or ("række" if k == 0 else f"kolonne {k + 1}")
        while name in out:
            name += " (2)"
        out.append(name)
    return out


_ABBREVIATIONS = ("pct.", "mio.", "mia.", "kr.", "nr.", "ca.", "jf.", "f.eks.", "bl.a.", "stk.",
                  "inkl.", "ekskl.", "evt.", "mv.", "m.fl.", "dvs.", "pkt.", "kap.", "vedr.")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ0-9\"“(])")


def _sentences(prose: Sequence[Line]) -> list[Sentence]:
    out: list[Sentence] = []
    for line in prose:
        text = line.text.strip()
        if not text:
            continue
        start = 0
        for m in _SENTENCE_END.finditer(text):
            cut = text.rfind(" ", max(0, m.start() - 40), m.start())
            word = text[cut + 1:m.start()].lower()
            if word in _ABBREVIATIONS or re.fullmatch(r"\d{1,2}\.", word):
                continue
            piece = text[start:m.start()].strip()
            if piece:
                out.append(Sentence(piece, line.number, line.section))
            start = m.end()
        piece = text[start:].strip()
        if piece:
            out.append(Sentence(piece, line.number, line.section))
    return out


@dataclass(frozen=True)
class Quantity:
    """A number in prose: its text with unit, value text, unit and place in the sentence.

    ``unit`` is ``"percent"``, ``"points"`` (percentage points), ``"kr"``, ``"mio_kr"``,
    ``"mia_kr"`` or ``"count"``; ``start``/``end`` delimit the whole match.
    """

    text: str
    number: str
    unit: str
    start: int
    end: int


_NUM = r"[-+−]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?"
_QUANTITY = re.compile(
    rf"(?<![\w.,/§:-])(?P<num>{_NUM})(?![\w/:]|-\d|\.\d|,\d)"
    r"(?P<unit>\s*(?:procentpoint|pct\.?[- ]?point|%-point|pct\.|pct\b|procent\b|%)"
    r"|\s*(?:mio\.|mia\.|millioner|milliarder)(?:\s*(?:kr\.?|kroner))?"
    r"|\s*(?:kr\.?|kroner)(?!\w))?")
_LEADER = re.compile(r"\.{4,}|…{2,}")
_ORDINAL = re.compile(r"\.\s+[a-zæøå]")


def _unit(text: str) -> str:
    t = text.strip().lower()
    if not t:
        return "count"
    if "point" in t:
        return "points"
    if t in ("%",) or t.startswith(("pct", "procent")):
        return "percent"
    if t.startswith(("mio", "millioner")):
        return "mio_kr"
    if t.startswith(("mia", "milliarder")):
        return "mia_kr"
    return "kr"


def quantities(text: str) -> list[Quantity]:
    """The quantities of a sentence, leaving out dates, years, ids and ordinals."""
    out: list[Quantity] = []
    if _LEADER.search(text):
        return out  # a line of a table of contents: page numbers
    for m in _QUANTITY.finditer(text):
        num = m.group("num")
        unit = _unit(m.group("unit") or "")
        after = text[m.end("num"):m.end("num") + 40]  # windows: linear in the text
        before = text[max(0, m.start() - 40):m.start()]
        digits = num.lstrip("+-−")
        if unit == "count":
            if _ORDINAL.match(after):
                continue  # an ordinal: "3. kvartal", "30. maj"
            if re.fullmatch(r"(19|20)\d\d", digits):
                continue  # a year
            if "." not in digits and "," not in digits and len(digits) >= 5:
                continue  # an identifier (published counts of 5+ digits carry a "." mark)
            if re.search(r"(§|stk\.|nr\.|punkt|bilag|dagsordenspunkt|kl\.|side|tabel|figur|"
                         r"målepunkt|mål)\s*$", before.lower()):
                continue
            if re.match(r"\s*\)", after) and re.search(r"(^|\s)$", before):
                continue  # a list number "1)"
            if re.fullmatch(r"[\s(\-–]*", before) and re.match(r"(\.|\s+[A-ZÆØÅ])", after):
                continue  # a numbered item or heading: "1. Bilag", "1 Vi vil"
            if re.match(r"\s*\[", after):
                continue  # an agenda item "5 [Åben]"
        out.append(Quantity(m.group(0).strip(), num, unit, m.start(), m.end()))
    return out
