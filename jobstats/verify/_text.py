"""Plain-text tables for reports and assertion messages."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["counted", "text_table"]


def counted(n: int, one: str, many: str, language: str = "en") -> str:
    """``n`` before its noun in the right number: ``counted(1, "row", "rows")`` is
    ``"1 row"``, ``counted(2, "måned", "måneder")`` ``"2 måneder"``; thousands are
    separated by ``,`` in English and ``.`` in Danish (``language="da"``).

    >>> counted(1, "sub-row", "sub-rows"), counted(0, "kontrol", "kontroller")
    ('1 sub-row', '0 kontroller')
    >>> counted(25356, "række", "rækker", "da")
    '25.356 rækker'
    """
    number = f"{n:,}" if language == "en" else f"{n:,}".replace(",", ".")
    return f"{number} {one if n == 1 else many}"


def text_table(headers: Sequence[str], rows: Sequence[Sequence[object]],
               *, max_width: int = 48) -> str:
    """A left-aligned, fixed-width table; long cells are cut with ``…``.

    >>> print(text_table(["a", "bb"], [[1, "x"], [22, "yyy"]]))
    a   bb
    --  ---
    1   x
    22  yyy
    """
    def cut(value: object) -> str:
        text = "" if value is None else str(value)
        return text if len(text) <= max_width else text[: max_width - 1] + "…"

    cells = [[cut(h) for h in headers], *[[cut(v) for v in row] for row in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
             for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
