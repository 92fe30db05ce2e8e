"""HTML rendering of appendix tables (notebooks, e-mail, the web).

Plain HTML with one small ``<style>`` block; every label, title and note goes
through :func:`html.escape`, so a target-group or area name can never inject
markup. The output is deterministic (golden-file tests compare it byte for byte).

>>> from jobstats.tables.table import Column, Row, Table
>>> t = Table(name="x", title="A <b>", columns=(Column("n"),), rows=(Row("a & b"),),
...           values=((1234.0,),))
>>> "A &lt;b&gt;" in t.to_html() and "a &amp; b" in t.to_html() and "1.234" in t.to_html()
True
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from jobstats.tables.style import CHANGE, GRID, HEADER, HIGHLIGHT, TEXT, verdict_colour
from jobstats.tables.table import HeaderCell, Table

__all__ = ["CSS", "render_html", "render_table"]

CSS = f"""
.jobstats-table {{ margin: 0 0 2em 0; font-family: Calibri, Arial, sans-serif;
  font-size: 10pt; color: {TEXT.lower()}; max-width: 100%; overflow-x: auto; }}
.jobstats-table figcaption {{ margin-bottom: .4em; }}
.jobstats-table .js-title {{ font-size: 12pt; font-weight: bold; display: block; }}
.jobstats-table .js-description {{ margin: .2em 0; }}
.jobstats-table table {{ border-collapse: collapse; }}
.jobstats-table th, .jobstats-table td {{ border: 1px solid {GRID.lower()}; padding: 2px 6px; }}
.jobstats-table thead th {{ background: {HEADER}; text-align: center;
  vertical-align: bottom; font-weight: bold; }}
.jobstats-table thead th.js-stub {{ text-align: left; }}
.jobstats-table tbody th {{ text-align: left; font-weight: normal; min-width: 12em; }}
.jobstats-table td {{ text-align: right; white-space: nowrap;
  font-variant-numeric: tabular-nums; }}
.jobstats-table td.js-change {{ background: {CHANGE}; }}
.jobstats-table tr.js-depth-1 th {{ padding-left: 1.4em; }}
.jobstats-table tr.js-depth-2 th {{ padding-left: 2.6em; }}
.jobstats-table tr.js-total th, .jobstats-table tr.js-total td {{ font-weight: bold;
  border-top: 2px solid #555; }}
.jobstats-table tr.js-highlight th, .jobstats-table tr.js-highlight td {{
  background: {HIGHLIGHT}; font-weight: bold; }}
.jobstats-table .js-verdict {{ display: inline-block; margin: .2em 0 .5em 0;
  padding: 2px 8px; border-radius: 3px; color: #fff; font-weight: bold; }}
.jobstats-table .js-source, .jobstats-table .js-note {{ margin: .3em 0 0 0;
  font-size: 9pt; color: #444; }}
""".strip()


def _verdict(table: Table) -> str:
    if not table.verdict:
        return ""
    colour = verdict_colour(table.verdict)
    return (f'<div class="js-verdict" style="background: {colour}">'
            f"Status: {escape(table.verdict)}</div>\n")


def _header_cell(cell: HeaderCell) -> str:
    attrs = ""
    if cell.kind == "stub":
        attrs += ' class="js-stub"'
    if cell.rowspan > 1:
        attrs += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        attrs += f' colspan="{cell.colspan}"'
    if cell.kind == "group":
        attrs += ' class="js-group"'
    return f"<th{attrs}>{escape(cell.text)}</th>"


def _head(table: Table) -> list[str]:
    cells = table.header_cells()
    lines = ["<thead>"]
    for r in range(table.header_rows):
        lines.append("<tr>" + "".join(_header_cell(c) for c in cells if c.row == r) + "</tr>")
    lines.append("</thead>")
    return lines


def _row_class(table: Table, i: int) -> str:
    row = table.rows[i]
    classes = []
    if row.depth:
        classes.append(f"js-depth-{min(row.depth, 2)}")
    if row.total:
        classes.append("js-total")
    if row.highlight:
        classes.append("js-highlight")
    return f' class="{" ".join(classes)}"' if classes else ""


def render_table(table: Table, *, titled: bool = True, lead: str = "") -> str:
    """One table as an HTML ``<figure>`` (no style block). ``titled=False`` leaves
    the title out of the caption (a page that heads the table with its title
    already); ``lead`` starts the description ("Beskrivelse: ")."""
    out = [f'<figure class="jobstats-table" data-table="{escape(table.name)}" '
           f'lang="{table.language}">',
           '<figcaption><span class="js-title">' + escape(table.title) + "</span>"
           if titled else "<figcaption>"]
    if table.description:
        out.append(f'<span class="js-description">{escape(lead)}'
                   f"{escape(table.description)}</span>")
    out.append("</figcaption>")
    verdict = _verdict(table)
    if verdict:
        out.append(verdict.rstrip("\n"))
    out.append("<table>")
    out.extend(_head(table))
    out.append("<tbody>")
    for i in range(len(table.rows)):
        cells = [f'<th scope="row">{escape(table.row_label(i))}</th>']
        for j, col in enumerate(table.columns):
            cls = "js-num js-change" if col.change else "js-num"
            cells.append(f'<td class="{cls}">{escape(table.text(i, j))}</td>')
        out.append(f"<tr{_row_class(table, i)}>" + "".join(cells) + "</tr>")
    out.append("</tbody>")
    out.append("</table>")
    if table.source:
        out.append(f'<p class="js-source">{escape(table.source)}</p>')
    out.extend(f'<p class="js-note">{escape(note)}</p>' for note in table.notes)
    out.append("</figure>")
    return "\n".join(out)


def render_html(tables: Sequence[Table], *, standalone: bool = False,
                title: str | None = None) -> str:
    """The tables as HTML with their style block; ``standalone`` wraps a whole page."""
    body = "\n".join(render_table(t) for t in tables)
    fragment = f"<style>\n{CSS}\n</style>\n{body}\n"
    if not standalone:
        return fragment
    lang = tables[0].language if tables else "da"
    page_title = title if title is not None else (tables[0].title if tables else "")
    return ("<!DOCTYPE html>\n"
            f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{escape(page_title)}</title>\n</head>\n<body>\n"
            f"{fragment}</body>\n</html>\n")
