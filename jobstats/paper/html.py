"""``bilag.html``: the paper as one self-contained HTML page.

Everything a reader needs is inside the file — the style block, and every figure
as a ``data:`` URI (SVG when written, else PNG) — so the page still works when
it is mailed, moved or opened from an attachment. Links inside the page
(contents → sections) are fragment links (``#...``); nothing points at a file.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Mapping
from html import escape
from pathlib import Path

from jobstats.paper.document import Paper
from jobstats.tables.html import CSS, render_table
from jobstats.tables.style import VERDICT_COLOURS

__all__ = ["data_uri", "render_paper_html", "write_paper_html"]

_MIME = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg"}

_PAGE_CSS = """
body { font-family: Calibri, Arial, sans-serif; max-width: 76em; margin: 2em auto;
  padding: 0 1em; color: #1a1a1a; }
.js-front { border-bottom: 2px solid #555; margin-bottom: 1.5em; padding-bottom: 1em; }
.js-front dt { font-weight: bold; float: left; clear: left; width: 11em; }
.js-front dd { margin: 0 0 .3em 11em; }
.js-text { max-width: 45em; }
.js-remark { font-size: 9pt; color: #444; margin: .2em 0; }
.js-figure img { max-width: 100%; height: auto; }
.js-figure figcaption { font-weight: bold; margin: 1em 0 .3em 0; }
.js-overview { border-collapse: collapse; margin-bottom: 1em; }
.js-overview th, .js-overview td { border: 1px solid #b7b7b7; padding: 2px 6px;
  text-align: left; }
.js-overview td.js-state { color: #fff; font-weight: bold; white-space: nowrap; }
""".strip()


def data_uri(path: str | os.PathLike[str]) -> str:
    """The file as a ``data:`` URI (its type from the suffix)."""
    p = Path(path)
    mime = _MIME.get(p.suffix.lower(), "application/octet-stream")
    return f"data:{mime};base64,{base64.b64encode(p.read_bytes()).decode('ascii')}"


def render_paper_html(paper: Paper, images: Mapping[str, Path]) -> str:
    """The whole paper as one HTML page; ``images`` maps figure names to files."""
    da = paper.language == "da"
    out = ["<!DOCTYPE html>", f'<html lang="{paper.language}">', "<head>",
           '<meta charset="utf-8">', f"<title>{escape(paper.title)}</title>",
           f"<style>\n{_PAGE_CSS}\n{CSS}\n</style>", "</head>", "<body>",
           '<header class="js-front">', f"<h1>{escape(paper.title)}</h1>", "<dl>"]
    for label, value in paper.front_lines():
        out.append(f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>")
    out += ["</dl>", "</header>", '<nav class="js-contents">',
            f"<h2>{'Indhold' if da else 'Contents'}</h2>", "<ol>"]
    for n, sec in enumerate(paper.sections, start=1):
        out.append(f'<li><a href="#afsnit-{n}">{escape(sec.heading)}</a></li>')
    out += ["</ol>", "</nav>"]
    for n, sec in enumerate(paper.sections, start=1):
        out.append(f'<section id="afsnit-{n}">')
        out.append(f"<h2>{escape(sec.heading)}</h2>")
        if sec.overview:
            heads = ("Mål", "Status", "Udvikling") if da else ("Goal", "Status",
                                                              "Development")
            out.append('<table class="js-overview"><thead><tr>'
                       + "".join(f"<th>{h}</th>" for h in heads) + "</tr></thead><tbody>")
            for goal, state, detail in sec.overview:
                colour = VERDICT_COLOURS.get(state, "#757575")
                out.append(f"<tr><td>{escape(goal)}</td><td class=\"js-state\" "
                           f'style="background: {colour}">{escape(state)}</td>'
                           f"<td>{escape(detail)}</td></tr>")
            out.append("</tbody></table>")
        if sec.text is not None and sec.text.paragraph:
            out.append(f'<p class="js-text">{escape(sec.text.paragraph)}</p>')
        if sec.table is not None:
            # the section's heading is the table's title: not a second time above it
            out.append(render_table(sec.table, titled=False,
                                    lead="Beskrivelse: " if da else "Description: "))
        if sec.text is not None:
            out.extend(f'<p class="js-remark">{escape(r)}</p>' for r in sec.text.remarks)
        for fig in sec.figures:
            if fig.name not in images:
                continue
            caption = escape(fig.caption(paper.language))
            # the caption above its figure, as in the PDF and the Word file
            out.append(f'<figure class="js-figure" id="{escape(fig.name)}">'
                       f"<figcaption>{caption}</figcaption>"
                       f'<img src="{data_uri(images[fig.name])}" alt="{caption}"></figure>')
        out.append("</section>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def write_paper_html(paper: Paper, path: str | os.PathLike[str],
                     images: Mapping[str, Path]) -> None:
    """Write :func:`render_paper_html` to ``path`` (UTF-8)."""
    Path(path).write_text(render_paper_html(paper, images), encoding="utf-8")
