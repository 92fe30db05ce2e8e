"""Clients of the jobindsats.dk API (v2 and v3) and of the DST StatBank API.

The jobindsats token comes from ``token=`` or the ``JOBINDSATS_TOKEN``
environment variable. v2 sends it as ``Authorization: <token>``, v3 as
``Authorization: Bearer <token>``; it is sent in that header and nowhere else:
it is not part of any URL, cache key, ``repr``, log or error message. A token
that cannot be sent in a header (a line break, a character outside Latin-1) is
refused before anything is sent, without echoing it.

HTTP goes through a *transport*, a callable ``(request, timeout) -> Response``.
The default, :func:`urllib_transport`, uses :mod:`urllib.request` and turns
every network failure (refused or dropped connection, timeout, a garbage status
line, a body shorter than its ``Content-Length``) into an
:class:`~jobstats.errors.ApiError`.

Statuses: 401/403 → :class:`~jobstats.errors.AuthenticationError`, 404 →
:class:`~jobstats.errors.NotFoundError`, 429 → retried after ``Retry-After``
seconds (at most ``retries`` times and ``max_wait`` seconds each), then
:class:`~jobstats.errors.RateLimitError`; other failures, an HTML page where
data were expected, and a body that does not parse →
:class:`~jobstats.errors.ApiError`. Each message says what to do.

>>> client = JobindsatsClient("secret")
>>> client
JobindsatsClient(base_url='https://api.jobindsats.dk/v2/', version=2, timeout=30.0, token=<hidden>)
>>> JobindsatsClient("line\\nbreak")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
jobstats.errors.AuthenticationError: the jobindsats token contains a line break ...
"""

from __future__ import annotations

import email.utils
import http.client
import io
import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import pandas as pd

from jobstats import taxonomy as _taxonomy
from jobstats.errors import (
    ApiError,
    AuthenticationError,
    NotFoundError,
    RateLimitError,
)

__all__ = ["BASE_URL", "BASE_URL_V3", "STATBANK_URL", "TOKEN_ENV", "JobindsatsClient",
           "Request", "Response", "StatbankClient", "Transport", "urllib_transport"]

BASE_URL = "https://api.jobindsats.dk/v2/"
BASE_URL_V3 = "https://api.jobindsats.dk/v3/"
STATBANK_URL = "https://api.statbank.dk/v1/"
TOKEN_ENV = "JOBINDSATS_TOKEN"
_TOKEN_HELP = (f"get a token at https://www.jobindsats.dk (API access) and pass token= or "
               f"set the environment variable {TOKEN_ENV}")
_MAX_DETAIL = 200


@dataclass(frozen=True)
class Request:
    """One HTTP request: method, URL, headers and (for POST) a body."""

    method: str
    url: str
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes | None = None

    def __repr__(self) -> str:  # headers hold the token: never shown
        return f"Request({self.method} {self.url})"


@dataclass(frozen=True)
class Response:
    """An HTTP response: status code, body bytes and headers."""

    status: int
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)

    def header(self, name: str) -> str | None:
        """A header by name, ignoring case."""
        low = name.lower()
        return next((v for k, v in self.headers.items() if k.lower() == low), None)


class Transport(Protocol):
    """Sends one request and returns the response (any status), or raises ApiError."""

    def __call__(self, request: Request, timeout: float) -> Response: ...


def urllib_transport(request: Request, timeout: float) -> Response:
    """The default transport: :func:`urllib.request.urlopen` with a timeout.

    Every failure below HTTP (connection refused or dropped, timeout, a status
    line that is not HTTP, a truncated body) becomes an :class:`ApiError`.
    """
    req = urllib.request.Request(request.url, data=request.body, headers=dict(request.headers),
                                 method=request.method)
    url = request.url
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return Response(int(resp.status), resp.read(), dict(resp.headers.items()))
    except urllib.error.HTTPError as exc:
        try:
            body = exc.read() if exc.fp is not None else b""
        except (http.client.HTTPException, OSError):
            body = b""
        return Response(int(exc.code), body, dict(exc.headers.items()) if exc.headers else {})
    except http.client.IncompleteRead as exc:
        raise ApiError(f"the answer from {_short(url)} was cut off after "
                       f"{len(exc.partial)} bytes (the connection dropped); try again",
                       url=url) from None
    except (http.client.BadStatusLine, http.client.LineTooLong) as exc:
        kind = "closed the connection without an answer" if isinstance(
            exc, http.client.RemoteDisconnected) else "answered with a garbage status line"
        raise ApiError(f"{_short(url)} {kind}; try again later", url=url) from None
    except http.client.HTTPException as exc:
        raise ApiError(f"invalid HTTP answer from {_short(url)} ({type(exc).__name__}); try "
                       "again later", url=url) from None
    except TimeoutError:
        raise ApiError(f"no answer from {_short(url)} within {timeout:g} s (timeout); try "
                       "again later or raise the timeout", url=url) from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            raise ApiError(f"no answer from {_short(url)} within {timeout:g} s (timeout); "
                           "try again later or raise the timeout", url=url) from None
        raise ApiError(f"cannot reach {_short(url)}: {str(reason)[:100]}; check the network "
                       "connection or try again later", url=url) from None
    except (OSError, ValueError) as exc:
        raise ApiError(f"the request to {_short(url)} failed: {type(exc).__name__}; check the "
                       "network connection or try again later", url=url) from None


def _short(url: str) -> str:
    return url if len(url) <= 120 else url[:117] + "..."


Param = str | Sequence[str]


class _Secret:
    """Holds the token; its repr (and so any listing of the client's attributes) hides it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "<hidden>"


def _check_token(token: str | None) -> str:
    """The stripped token, or AuthenticationError without echoing it."""
    if token is None or not token.strip():
        raise AuthenticationError("no jobindsats token: " + _TOKEN_HELP)
    token = token.strip()
    if any(c in token for c in "\r\n"):
        raise AuthenticationError("the jobindsats token contains a line break (it cannot be "
                                  "sent in a header); copy it again without line breaks")
    if any(ord(c) < 32 or ord(c) == 127 for c in token):
        raise AuthenticationError("the jobindsats token contains a control character; copy "
                                  "it again")
    try:
        token.encode("latin-1")
    except UnicodeEncodeError:
        raise AuthenticationError("the jobindsats token contains a character that cannot be "
                                  "sent in a header (outside Latin-1, e.g. a typographic "
                                  "quote); copy it again") from None
    return token


def _retry_after(response: Response, default: float) -> float:
    """Seconds to wait from ``Retry-After`` (seconds or an HTTP date); ``default`` else."""
    raw = response.header("Retry-After")
    if not raw:
        return default
    raw = raw.strip()
    try:
        return max(0.0, float(raw))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return default
    return max(0.0, when.timestamp() - time.time())


class _Http:
    """Status handling and bounded retries shared by the clients."""

    service = "the server"

    def __init__(self, *, timeout: float, transport: Transport | None, retries: int,
                 max_wait: float, sleep: Callable[[float], None] | None) -> None:
        if not timeout > 0:
            raise ValueError("timeout must be positive (seconds)")
        if retries < 0:
            raise ValueError("retries must be 0 or more")
        self.timeout = float(timeout)
        self.retries = int(retries)
        self.max_wait = float(max_wait)
        self._transport: Transport = transport or urllib_transport
        self._sleep = sleep or time.sleep
        self.waited: list[float] = []  # the Retry-After waits taken (for progress and tests)

    def _headers(self) -> dict[str, str]:
        return {}

    def _scrub(self, text: str) -> str:
        return text

    def send(self, method: str, url: str, *, body: bytes | None = None, what: str,
             accept: str = "application/json") -> bytes:
        """Send; return the body of a 2xx answer or raise the typed error."""
        headers = {**self._headers(), "Accept": accept, "User-Agent": "jobstats"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        request = Request(method, url, headers, body)
        attempt = 0
        while True:
            response = self._transport(request, self.timeout)
            if 200 <= response.status < 300:
                if _looks_html(response):
                    raise ApiError(f"{self.service} answered {what} with an HTML page instead "
                                   f"of data (HTTP {response.status}; maintenance or a login "
                                   "page?); try again later", status=response.status, url=url)
                return response.body
            if response.status == 429 and attempt < self.retries:
                wait = _retry_after(response, default=min(30.0, self.max_wait))
                if wait <= self.max_wait:
                    attempt += 1
                    self.waited.append(wait)
                    self._sleep(wait)
                    continue
            raise self._error(response, url, what)

    def _error(self, response: Response, url: str, what: str) -> ApiError:
        status = response.status
        detail = self._detail(response)
        if status in (401, 403):
            return AuthenticationError(
                f"{self.service} refused the token (HTTP {status}) for {what}: it is missing, "
                f"wrong or expired; {_TOKEN_HELP}{detail}", status=status, url=url)
        if status == 404:
            return NotFoundError(
                f"{self.service} has no {what} (HTTP 404): check the table id, period codes "
                f"and area names (`jobstats tables SEARCH` lists the tables){detail}",
                status=status, url=url)
        if status == 429:
            wait = response.header("Retry-After")
            when = f"wait {wait.strip()[:40]} seconds" if wait else "wait a minute"
            return RateLimitError(
                f"too many requests to {self.service} (HTTP 429, {self.retries} retries "
                f"used): {when} and try again, and ask for more periods per request instead "
                f"of many small requests{detail}", status=status, url=url)
        return ApiError(f"{self.service} answered HTTP {status} for {what}: try again later; "
                        f"if it persists, check the request{detail}", status=status, url=url)

    def _detail(self, response: Response) -> str:
        body = response.body
        if _looks_html(response):
            return " (an HTML error page)"
        text = body[:2000].decode("utf-8", "replace").strip().lstrip("\ufeff")
        if not text:
            return ""
        try:
            doc = json.loads(body.decode("utf-8-sig"))
            if isinstance(doc, dict):
                text = str(doc.get("Message") or doc.get("message") or doc.get("errorTypeCode")
                           or doc.get("error") or text)
        except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
            pass
        text = " ".join(self._scrub(text).split())[:_MAX_DETAIL]
        return f" (server said: {text})"

    def json(self, body: bytes, url: str, what: str) -> Any:
        """The body as JSON, or ApiError (a truncated or garbled answer)."""
        try:
            return json.loads(body.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError, ValueError) as exc:
            reason = "it is cut off" if "Expecting" in str(exc) or "Unterminated" in str(exc) \
                else "it is not JSON"
            raise ApiError(f"the answer for {what} cannot be read ({reason}, {len(body)} bytes); "
                           "try again later", url=url) from None


def _looks_html(response: Response) -> bool:
    ctype = (response.header("Content-Type") or "").lower()
    head = response.body[:200].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return "text/html" in ctype or head.startswith((b"<!doctype html", b"<html", b"<head",
                                                    b"<body"))


def _query(params: Mapping[str, Param] | None) -> str:
    query = {k: v if isinstance(v, str) else ",".join(v) for k, v in (params or {}).items()}
    return urllib.parse.urlencode(query) if query else ""


class JobindsatsClient(_Http):
    """Fetch jobindsats tables (API v2 or v3) as canonical frames.

    ``client.data("Y01A02", period=["2021M01", "2021M02"], area="*")`` requests
    ``data/y01a02/json?period=2021M01,2021M02&area=*`` (v2) or
    ``data/Y01A02?period=…&area=…&format=json`` (v3) and reads the answer with
    :func:`~jobstats.load.jobindsats.read_jobindsats`; :meth:`data_bytes` returns
    the raw answer; :meth:`table_info` the table's periods, areas and dimensions;
    :meth:`tables` the catalogue.

    See the module docstring for the errors and the retries on 429.
    """

    service = "jobindsats"

    def __init__(self, token: str | None = None, *, version: int = 2,
                 base_url: str | None = None, timeout: float = 30.0,
                 transport: Transport | None = None, retries: int = 3, max_wait: float = 120.0,
                 sleep: Callable[[float], None] | None = None,
                 taxonomy: _taxonomy.Taxonomy | None = None) -> None:
        if version not in (2, 3):
            raise ValueError("version must be 2 or 3 (the jobindsats API versions)")
        self.__token = _Secret(_check_token(token if token is not None
                                            else os.environ.get(TOKEN_ENV)))
        super().__init__(timeout=timeout, transport=transport, retries=retries,
                         max_wait=max_wait, sleep=sleep)
        self.version = version
        base = base_url or (BASE_URL if version == 2 else BASE_URL_V3)
        self.base_url = base if base.endswith("/") else base + "/"
        self._taxonomy = taxonomy

    def __repr__(self) -> str:
        return (f"JobindsatsClient(base_url={self.base_url!r}, version={self.version}, "
                f"timeout={self.timeout}, token=<hidden>)")

    def _headers(self) -> dict[str, str]:
        token = self.__token.reveal()
        return {"Authorization": token if self.version == 2 else f"Bearer {token}"}

    def _scrub(self, text: str) -> str:
        return text.replace(self.__token.reveal(), "<hidden>")

    # ------------------------------------------------------------------ requests
    def url(self, path: str, params: Mapping[str, Param] | None = None) -> str:
        """The URL of ``path`` with query ``params`` (lists joined by commas).

        >>> JobindsatsClient("t").url("data/y01a02/json", {"period": ["2021M01", "2021M02"]})
        'https://api.jobindsats.dk/v2/data/y01a02/json?period=2021M01%2C2021M02'
        """
        query = _query(params)
        return self.base_url + path.lstrip("/") + ("?" + query if query else "")

    def get(self, path: str, params: Mapping[str, Param] | None = None,
            *, what: str = "") -> bytes:
        """GET ``path``; return the body or raise the error for the status."""
        return self.send("GET", self.url(path, params), what=what or path)

    def data_url(self, table: str, *, period: Param, area: Param = "*",
                 params: Mapping[str, Param] | None = None) -> str:
        """The URL :meth:`data` requests (it holds no token: usable as a cache key)."""
        table = _table_id(table)
        if self.version == 2:
            return self.url(f"data/{table.lower()}/json",
                            {"period": period, "area": area, **(params or {})})
        return self.url(f"data/{table}", {"period": period, "area": area, **(params or {}),
                                          "format": "json"})

    def data_bytes(self, table: str, *, period: Param, area: Param = "*",
                   params: Mapping[str, Param] | None = None) -> bytes:
        """The raw answer of :meth:`data` (JSON bytes)."""
        return self.send("GET", self.data_url(table, period=period, area=area, params=params),
                         what=f"data of table {_table_id(table)!r}")

    def data(self, table: str, *, period: Param, area: Param = "*",
             params: Mapping[str, Param] | None = None) -> pd.DataFrame:
        """Fetch a table for periods and areas as a canonical frame.

        ``params`` adds the measurement and dimension filters as the API names
        them (e.g. ``{"_kon": "Køn i alt"}``).
        """
        url = self.data_url(table, period=period, area=area, params=params)
        body = self.send("GET", url, what=f"data of table {_table_id(table)!r}")
        return read_answer(body, url, table=_table_id(table), taxonomy=self._taxonomy)

    def table_info(self, table: str) -> dict[str, Any]:
        """The description of a table: periods, areas and dimensions
        (v2 ``tables/{id}/json``, v3 ``table/{id}``)."""
        table = _table_id(table)
        path = f"tables/{table.lower()}/json" if self.version == 2 else f"table/{table}"
        url = self.url(path)
        what = f"table {table!r}"
        doc = self.json(self.send("GET", url, what=what), url, what)
        if isinstance(doc, list) and len(doc) == 1 and isinstance(doc[0], dict):
            doc = doc[0]
        if not isinstance(doc, dict):
            raise ApiError(f"unexpected description of table {table!r} (not an object); "
                           "try again later", url=url)
        return doc

    def tables(self) -> list[dict[str, Any]]:
        """The catalogue: one dict per table (v2 ``tables/json``; v3 ``tables``, whose
        subjects → table groups → tables are flattened, the subject kept)."""
        path = "tables/json" if self.version == 2 else "tables"
        url = self.url(path)
        doc = self.json(self.send("GET", url, what="the table catalogue"), url,
                        "the table catalogue")
        return _flatten_catalogue(doc)


def _table_id(table: str) -> str:
    text = str(table).strip().upper()
    if not text or not text.isalnum() or len(text) > 20:
        from jobstats.errors import Problem, ValidationError

        raise ValidationError([Problem("bad_table_id", "not a jobindsats table id (letters "
                                       "and digits, e.g. Y01A02)", value=str(table)[:100])])
    return text


def _flatten_catalogue(doc: Any, subject: str = "") -> list[dict[str, Any]]:
    """Tables in a catalogue answer of either version, each with its ``Subject``."""
    out: list[dict[str, Any]] = []
    if isinstance(doc, list):
        for item in doc:
            out += _flatten_catalogue(item, subject)
    elif isinstance(doc, dict):
        ident = next((v for k, v in doc.items() if k.lower() in ("id", "tableid")), None)
        children = [doc[k] for k in ("tables", "Tables", "tableGroups", "TableGroups",
                                     "subjects", "Subjects") if isinstance(doc.get(k), list)]
        name = str(doc.get("Name") or doc.get("name") or doc.get("Label") or "")
        if ident and not children:
            row = dict(doc)
            row.setdefault("Subject", subject)
            out.append(row)
        for child in children:
            out += _flatten_catalogue(child, subject or name)
    return out


def read_answer(body: bytes, url: str, *, table: str,
                taxonomy: _taxonomy.Taxonomy | None = None) -> pd.DataFrame:
    """Read a jobindsats data answer (v2 or v3 JSON, or CSV) into a canonical frame;
    an answer that does not parse is an :class:`ApiError` naming the table."""
    from jobstats.errors import FormatError
    from jobstats.load.jobindsats import read_jobindsats

    buffer = io.BytesIO(body)
    buffer.name = url
    try:
        return read_jobindsats(buffer, table=table, taxonomy=taxonomy)
    except FormatError as exc:
        first = exc.problems[0] if exc.problems else None
        reason = f"[{first.code}] {first.message}" if first else str(exc)
        raise ApiError(f"the answer for table {table!r} cannot be read ({reason[:200]}); it "
                       "may be cut off or damaged: try again", url=url) from None
    except (IndexError, KeyError, TypeError, OverflowError, RecursionError) as exc:
        raise ApiError(f"the answer for table {table!r} cannot be read "
                       f"({type(exc).__name__}); it may be cut off or damaged: try again",
                       url=url) from None


class StatbankClient(_Http):
    """The DST StatBank API (``api.statbank.dk/v1``, no key).

    ``tableinfo("FOLK1AM")`` returns the variables and their value codes;
    ``data("FOLK1AM", {"OMRÅDE": ["*"], "ALDER": ["16", "17"], "Tid": ["2021M10"]})``
    POSTs the documented JSON body and returns the CSV answer (``;``-separated).
    ``format="BULK"`` streams tables of more than a million cells.
    """

    service = "DST StatBank"

    def __init__(self, *, base_url: str = STATBANK_URL, lang: str = "da",
                 timeout: float = 60.0, transport: Transport | None = None,
                 retries: int = 3, max_wait: float = 120.0,
                 sleep: Callable[[float], None] | None = None) -> None:
        if lang not in ("da", "en"):
            raise ValueError("lang must be 'da' or 'en'")
        super().__init__(timeout=timeout, transport=transport, retries=retries,
                         max_wait=max_wait, sleep=sleep)
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.lang = lang

    def __repr__(self) -> str:
        return f"StatbankClient(base_url={self.base_url!r}, lang={self.lang!r})"

    def _post(self, path: str, payload: Mapping[str, Any], what: str,
              accept: str = "application/json") -> tuple[str, bytes]:
        url = self.base_url + path
        body = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
        return url, self.send("POST", url, body=body, what=what, accept=accept)

    def tableinfo(self, table: str) -> dict[str, Any]:
        """Variables and value codes of a table (``tableinfo``)."""
        what = f"table {table!r}"
        url, body = self._post("tableinfo", {"table": table, "format": "JSON",
                                             "lang": self.lang}, what)
        doc = self.json(body, url, what)
        if not isinstance(doc, dict) or not isinstance(doc.get("variables"), list):
            raise ApiError(f"unexpected tableinfo of {table!r}; try again later", url=url)
        return doc

    def tables(self) -> list[dict[str, Any]]:
        """The StatBank table list (``tables``)."""
        url, body = self._post("tables", {"format": "JSON", "lang": self.lang},
                               "the table list")
        doc = self.json(body, url, "the table list")
        if not isinstance(doc, list):
            raise ApiError("unexpected table list from DST StatBank; try again later", url=url)
        return [d for d in doc if isinstance(d, dict)]

    def data_payload(self, table: str, variables: Mapping[str, Sequence[str]], *,
                     format: str = "CSV") -> dict[str, Any]:
        """The JSON body :meth:`data` POSTs (also the cache key of the request)."""
        return {"table": table, "format": format, "lang": self.lang,
                "variables": [{"code": k, "values": list(v)} for k, v in variables.items()]}

    def data(self, table: str, variables: Mapping[str, Sequence[str]], *,
             format: str = "CSV") -> bytes:
        """The answer (CSV or BULK text, ``;``-separated) for the selected values."""
        _url, body = self._post("data", self.data_payload(table, variables, format=format),
                                f"data of table {table!r}", accept="text/csv")
        return body

