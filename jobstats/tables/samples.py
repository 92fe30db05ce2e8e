"""Write the rendered samples in ``docs/samples/`` from the demo data.

``python -m jobstats.tables.samples [directory]`` writes ``bilag.html``,
``bilag.xlsx``, ``bilag.pdf`` and one HTML file per table (Gentofte, 2018,
compared with Østdanmark; synthetic demo data).
"""

from __future__ import annotations

import sys
from pathlib import Path

from jobstats.tables.appendix import bilag
from jobstats.tables.table import Bilag

__all__ = ["write_samples"]


def write_samples(directory: Path, *, area: str = "Gentofte", year: int = 2018,
                  compare: str = "Østdanmark") -> Bilag:
    """Render the demo appendix into ``directory`` and return it."""
    from jobstats.demodata import demo as load_demo

    directory.mkdir(parents=True, exist_ok=True)
    b = bilag(load_demo(), area=area, year=year, compare=compare)
    (directory / "bilag.html").write_text(b.to_html(standalone=True), encoding="utf-8")
    b.to_excel(directory / "bilag.xlsx")
    b.to_pdf(directory / "bilag.pdf")
    for table in b:
        (directory / f"{table.name}.html").write_text(table.to_html(standalone=True),
                                                      encoding="utf-8")
    return b


if __name__ == "__main__":  # pragma: no cover
    write_samples(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/samples"))
