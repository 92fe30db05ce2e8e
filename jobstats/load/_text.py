"""Reading a source into text: encodings, BOMs, and sniffing what is not data.

Every loader starts here. A source is a path, ``bytes`` or an open file (binary
or text). Bytes are decoded as UTF-8 (a leading byte-order mark is dropped);
when they are not valid UTF-8 they are decoded as Windows-1252, the encoding of
older Danish Excel exports. UTF-16/UTF-32 text (Excel's "Unicode text") and
binary files (NUL bytes) are refused as ``bad_encoding``. Line endings are
normalised to ``"\n"`` (Windows ``\r\n`` and old Mac ``\r``-only alike), so
every reader sees one line per row. Empty sources and HTML pages (an error or
login page saved under a ``.csv`` name) raise
:class:`~jobstats.errors.FormatError` before any parsing.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from jobstats.errors import FormatError, Problem

__all__ = ["ENCODINGS", "Source", "SourceText", "decode", "normalise_newlines", "read_source",
           "source_name"]

Source = str | os.PathLike[str] | bytes | IO[bytes] | IO[str]
"""What the loaders accept: a path, raw bytes, or an open binary/text file."""

ENCODINGS: tuple[str, ...] = ("utf-8-sig", "cp1252")
"""The encodings tried, in order (``utf-8-sig`` = UTF-8 with or without BOM)."""

_BOM = "\ufeff"
_HTML = re.compile(r"^\s*(<!doctype\s+html|<html|<head|<body|<\?xml[^>]*>\s*<html)", re.I)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)


@dataclass(frozen=True)
class SourceText:
    """A decoded source: its text, a name for messages and the encoding used."""

    text: str
    name: str
    encoding: str


def read_settings_text(path: str | os.PathLike[str], what: str, *,
                       max_bytes: int | None = None) -> str:
    """The text of a small UTF-8 settings file (a goals, clusters or spec file).

    A missing file is ``no_such_file``, another read error ``unreadable``, a file
    over ``max_bytes`` ``too_large``, bytes that are not UTF-8 ``bad_encoding`` —
    each a :class:`FormatError` naming the file. A byte-order mark is dropped.
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        code = "no_such_file" if isinstance(exc, FileNotFoundError) else "unreadable"
        raise FormatError([Problem(code, f"cannot read the {what}: {exc.strerror}",
                                   source=str(p))]) from None
    if max_bytes is not None and len(raw) > max_bytes:
        raise FormatError([Problem("too_large", f"the {what} has {len(raw):,} bytes; "
                                   f"at most {max_bytes:,} are read", source=str(p))])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FormatError([Problem("bad_encoding", f"the {what} is not UTF-8 text "
                                   f"(byte {exc.start})", source=str(p))]) from None


def source_name(source: Source) -> str:
    """A name for error messages: the path, the file's name, or ``"<bytes>"``."""
    if isinstance(source, str | os.PathLike):
        return os.fspath(source)
    if isinstance(source, bytes):
        return "<bytes>"
    name = getattr(source, "name", None)
    return str(name) if isinstance(name, str) else "<buffer>"


def decode(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Decode bytes as UTF-8 (BOM optional) or else Windows-1252.

    Returns ``(text, encoding)`` where encoding is ``"utf-8"``, ``"utf-8-sig"``
    (a BOM was present) or ``"cp1252"``.

    >>> decode("Køn".encode("cp1252"))
    ('Køn', 'cp1252')
    >>> decode(b"\\xef\\xbb\\xbfK\\xc3\\xb8n")
    ('Køn', 'utf-8-sig')
    """
    _reject_wide_encodings(data, name)
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise _encoding_error(data, exc, name, "it starts with a UTF-8 BOM") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        raise _encoding_error(data, exc, name, "it is neither UTF-8 nor Windows-1252") from None


_WIDE_BOMS = ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
              (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"))


def _reject_wide_encodings(data: bytes, name: str) -> None:
    """UTF-16/32 (with or without BOM) and binary data: ``bad_encoding``, never a parse."""
    kind = next((enc for bom, enc in _WIDE_BOMS if data.startswith(bom)), None)
    nul = data.find(b"\x00", 0, 1 << 20)
    if kind is None and nul < 0:
        return
    if kind is None:
        head = data[:4096]
        kind = "UTF-16" if head.count(b"\x00") * 4 >= len(head) else "binary data"
    why = (f"the file is {kind} text; save it as UTF-8 (in Excel: 'CSV UTF-8')"
           if kind != "binary data" else
           f"a NUL byte at offset {nul}: this is not a text file (or it is damaged); "
           "download it again")
    offset = 0 if nul < 0 else nul
    raise FormatError([Problem("bad_encoding", why, source=name,
                               row=data.count(b"\n", 0, offset) + 1,
                               value=data[max(0, offset - 10): offset + 10])])


def normalise_newlines(text: str) -> str:
    r"""``\r\n`` and lone ``\r`` line ends as ``\n`` (one pass; linear time).

    >>> normalise_newlines("a;b\r\n1;2\r3;4\n")
    'a;b\n1;2\n3;4\n'
    """
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _encoding_error(data: bytes, exc: UnicodeDecodeError, name: str, why: str) -> FormatError:
    line = data.count(b"\n", 0, exc.start) + 1
    return FormatError(
        [
            Problem(
                "bad_encoding",
                f"cannot decode byte {data[exc.start]:#04x} at offset {exc.start}: {why}; "
                "save the file as UTF-8",
                source=name,
                row=line,
                value=data[max(0, exc.start - 10) : exc.start + 10],
            )
        ]
    )


def read_source(source: Source) -> SourceText:
    """Read and decode a source; reject empty sources and HTML pages.

    >>> read_source(b"Area;Periode\\r\\nHele landet;2021M01\\r\\n").encoding
    'utf-8'
    >>> read_source(b"  ")
    Traceback (most recent call last):
    ...
    jobstats.errors.FormatError: 1 problem found in <bytes>:
      - [empty_file] row 1: the file is empty; download it again
    """
    name = source_name(source)
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        if not path.is_file():
            raise FormatError([Problem("no_such_file", "no such file", source=name)])
        text, encoding = decode(path.read_bytes(), name)
    elif isinstance(source, bytes):
        text, encoding = decode(source, name)
    else:
        raw = source.read()
        if isinstance(raw, bytes):
            text, encoding = decode(raw, name)
        else:
            text, encoding = raw, "text"
    text = normalise_newlines(text.removeprefix(_BOM))
    if "\x00" in text:  # a text stream (already decoded) with NUL characters
        raise FormatError([Problem("bad_encoding", "NUL characters: this is not a text "
                                   "file (UTF-16 read as 8-bit?); save it as UTF-8",
                                   source=name, row=text.count("\n", 0, text.find("\x00")) + 1)])
    _reject_non_data(text, name)
    return SourceText(text, name, encoding)


def _reject_non_data(text: str, name: str) -> None:
    if not text.strip():
        raise FormatError(
            [Problem("empty_file", "the file is empty; download it again", source=name, row=1)]
        )
    head = text[:2000]
    if _HTML.match(head) or "<html" in head[:300].lower():
        title = _TITLE.search(text[:20000])
        what = f" titled {' '.join(title.group(1).split())!r}" if title else ""
        stripped = text.lstrip()
        line = text[: len(text) - len(stripped)].count("\n") + 1
        first = stripped.splitlines()[0][:120]
        raise FormatError(
            [
                Problem(
                    "html_page",
                    f"this is an HTML page{what}, not data: the download probably failed "
                    "(expired login, wrong address or a server error); download the table "
                    "again as CSV or JSON",
                    source=name,
                    row=line,
                    value=first,
                )
            ]
        )
