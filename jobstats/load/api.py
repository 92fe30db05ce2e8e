"""A small client of the jobindsats.dk API v2 (optional; the loaders work on files too).

The token comes from ``token=`` or the ``JOBINDSATS_TOKEN`` environment
variable. It is sent in the ``Authorization`` header and nowhere else: it is
not part of any URL, ``repr`` or error message, and nothing is logged.

HTTP goes through a *transport*, a callable ``(url, headers, timeout) ->
Response``. The default uses :mod:`urllib.request` from the standard library;
tests pass a transport that replays recorded responses, so they never touch
the network.

>>> def replay(url, headers, timeout):
...     assert headers["Authorization"] == "secret"
...     return Response(401, b'{"Message": "Authorization has been denied"}')
>>> client = JobindsatsClient("secret", transport=replay)
>>> client
JobindsatsClient(base_url='https://api.jobindsats.dk/v2/', timeout=30.0, token=<hidden>)
>>> client.data("Y01A02", period="2021M01")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
jobstats.errors.AuthenticationError: jobindsats refused the token (HTTP 401) ...
"""

from __future__ import annotations

import io
import json
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import pandas as pd

from jobstats import taxonomy as _taxonomy
from jobstats.errors import ApiError, AuthenticationError, NotFoundError, RateLimitError
from jobstats.load.jobindsats import read_jobindsats

__all__ = ["BASE_URL", "TOKEN_ENV", "JobindsatsClient", "Response", "Transport",
           "urllib_transport"]

BASE_URL = "https://api.jobindsats.dk/v2/"
TOKEN_ENV = "JOBINDSATS_TOKEN"
_TOKEN_HELP = (f"get a token at https://www.jobindsats.dk (API access) and pass token= or "
               f"set the environment variable {TOKEN_ENV}")


@dataclass(frozen=True)
class Response:
    """An HTTP response: status code, body bytes and headers."""

    status: int
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)


class Transport(Protocol):
    """Sends one GET request and returns the response (any status)."""

    def __call__(self, url: str, headers: Mapping[str, str], timeout: float) -> Response: ...


def urllib_transport(url: str, headers: Mapping[str, str], timeout: float) -> Response:
    """The default transport: :func:`urllib.request.urlopen` with a timeout."""
    request = urllib.request.Request(url, headers=dict(headers), method="GET")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:
            return Response(int(resp.status), resp.read(), dict(resp.headers.items()))
    except urllib.error.HTTPError as exc:
        body = exc.read() if exc.fp is not None else b""
        return Response(int(exc.code), body, dict(exc.headers.items()) if exc.headers else {})
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ApiError(f"cannot reach {url}: {reason}; check the network connection or try "
                       "again later", url=url) from None


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


class JobindsatsClient:
    """Fetch jobindsats tables as canonical frames.

    ``client.data("Y01A02", period=["2021M01", "2021M02"], area="*")`` requests
    ``data/y01a02/json?period=2021M01,2021M02&area=*`` and reads the answer with
    :func:`~jobstats.load.jobindsats.read_jobindsats`; ``client.table_info("Y01A02")``
    returns ``tables/y01a02/json`` (periods, areas and dimensions of the table).

    Errors: 401/403 → :class:`~jobstats.errors.AuthenticationError`, 404 →
    :class:`~jobstats.errors.NotFoundError`, 429 →
    :class:`~jobstats.errors.RateLimitError`, other failures →
    :class:`~jobstats.errors.ApiError`; each message says what to do.
    """

    def __init__(self, token: str | None = None, *, base_url: str = BASE_URL,
                 timeout: float = 30.0, transport: Transport | None = None,
                 taxonomy: _taxonomy.Taxonomy | None = None) -> None:
        token = token if token is not None else os.environ.get(TOKEN_ENV)
        if not token or not token.strip():
            raise AuthenticationError("no jobindsats token: " + _TOKEN_HELP)
        if timeout <= 0:
            raise ValueError("timeout must be positive (seconds)")
        self.__token = _Secret(token.strip())
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.timeout = float(timeout)
        self._transport: Transport = transport or urllib_transport
        self._taxonomy = taxonomy

    def __repr__(self) -> str:
        return (f"JobindsatsClient(base_url={self.base_url!r}, timeout={self.timeout}, "
                "token=<hidden>)")

    # ------------------------------------------------------------------ requests
    def url(self, path: str, params: Mapping[str, Param] | None = None) -> str:
        """The URL of ``path`` with query ``params`` (lists joined by commas).

        >>> JobindsatsClient("t").url("data/y01a02/json", {"period": ["2021M01", "2021M02"]})
        'https://api.jobindsats.dk/v2/data/y01a02/json?period=2021M01%2C2021M02'
        """
        query = {k: v if isinstance(v, str) else ",".join(v)
                 for k, v in (params or {}).items()}
        return self.base_url + path.lstrip("/") + ("?" + urllib.parse.urlencode(query)
                                                   if query else "")

    def get(self, path: str, params: Mapping[str, Param] | None = None,
            *, what: str = "") -> bytes:
        """GET ``path``; return the body or raise the error for the status."""
        url = self.url(path, params)
        headers = {"Authorization": self.__token.reveal(), "Accept": "application/json"}
        response = self._transport(url, headers, self.timeout)
        if 200 <= response.status < 300:
            return response.body
        raise self._error(response, url, what or path)

    def _error(self, response: Response, url: str, what: str) -> ApiError:
        status = response.status
        detail = self._detail(response.body)
        if status in (401, 403):
            return AuthenticationError(
                f"jobindsats refused the token (HTTP {status}) for {what}: it is missing, "
                f"wrong or expired; {_TOKEN_HELP}{detail}", status=status, url=url)
        if status == 404:
            return NotFoundError(
                f"jobindsats has no {what} (HTTP 404): check the table id, period codes "
                f"and area names (client.table_info(table) lists them){detail}",
                status=status, url=url)
        if status == 429:
            wait = response.headers.get("Retry-After") or response.headers.get("retry-after")
            when = f"wait {wait} seconds" if wait else "wait a minute"
            return RateLimitError(
                f"too many requests to jobindsats (HTTP 429): {when} and try again, and ask "
                f"for more periods per request instead of many small requests{detail}",
                status=status, url=url)
        return ApiError(f"jobindsats answered HTTP {status} for {what}: try again later; if "
                        f"it persists, check the request{detail}", status=status, url=url)

    def _detail(self, body: bytes) -> str:
        text = body[:300].decode("utf-8", "replace").strip()
        if not text or text.lstrip().startswith("<"):
            return ""
        try:
            doc = json.loads(body)
            if isinstance(doc, dict):
                text = str(doc.get("Message") or doc.get("message") or doc.get("error") or text)
        except (json.JSONDecodeError, UnicodeDecodeError):
            pass
        text = text.replace(self.__token.reveal(), "<hidden>")[:200]
        return f" (server said: {text})"

    # ------------------------------------------------------------------ endpoints
    def table_info(self, table: str) -> dict[str, Any]:
        """The description of a table: ``tables/{id}/json`` (periods, areas, dimensions)."""
        body = self.get(f"tables/{table.strip().lower()}/json", what=f"table {table!r}")
        try:
            doc = json.loads(body.decode("utf-8-sig"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ApiError(f"the description of table {table!r} is not JSON ({exc}); try "
                           "again later", url=self.url(f"tables/{table.lower()}/json")) from None
        if isinstance(doc, list) and len(doc) == 1 and isinstance(doc[0], dict):
            doc = doc[0]
        if not isinstance(doc, dict):
            raise ApiError(f"unexpected description of table {table!r}: {str(doc)[:100]}")
        return doc

    def data(self, table: str, *, period: Param, area: Param = "*",
             params: Mapping[str, Param] | None = None) -> pd.DataFrame:
        """Fetch ``data/{table}/json`` for periods and areas as a canonical frame.

        ``params`` adds dimension filters as the API names them
        (e.g. ``{"_kon": "Køn i alt"}``).
        """
        query: dict[str, Param] = {"period": period, "area": area, **(params or {})}
        body = self.get(f"data/{table.strip().lower()}/json", query,
                        what=f"data of table {table!r}")
        buffer = io.BytesIO(body)
        buffer.name = self.url(f"data/{table.strip().lower()}/json", query)
        return read_jobindsats(buffer, table=table, taxonomy=self._taxonomy)
