"""A real HTTP server on 127.0.0.1 for the API client tests (standard library only).

Routes map a path to a function of the request that returns a :class:`Reply`.
A reply can also misbehave the way real servers and networks do: a garbage
status line, a dropped connection, a body shorter than its Content-Length, or
no answer at all (the client's timeout).
"""

from __future__ import annotations

import http.server
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Seen:
    """A request as the server received it."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    raw_path: str


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    mode: str = "normal"  # normal | garbage | drop | truncate | stall


Route = Callable[[Seen], Reply]


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        split = urllib.parse.urlsplit(self.path)
        seen = Seen(self.command, split.path, urllib.parse.parse_qs(split.query),
                    dict(self.headers.items()), body, self.path)
        self.server.seen.append(seen)
        route = self.server.routes.get(split.path)
        reply = route(seen) if route else Reply(404, b'{"Message": "No such path"}')
        if reply.mode == "garbage":
            self.wfile.write(b"SURPRISE this is not http\r\n\r\n")
            return
        if reply.mode == "drop":
            self.close_connection = True
            return
        if reply.mode == "stall":
            time.sleep(float(reply.headers.get("X-Stall", "2")))
            return
        self.send_response(reply.status)
        headers = {"Content-Type": "application/json; charset=utf-8", **reply.headers}
        for k, v in headers.items():
            self.send_header(k, v)
        if reply.mode == "truncate":
            self.send_header("Content-Length", str(len(reply.body) * 2))
            self.end_headers()
            self.wfile.write(reply.body)
            self.close_connection = True
            return
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        self.wfile.write(reply.body)

    do_GET = _handle  # noqa: N815 (the standard library's names)
    do_POST = _handle  # noqa: N815


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, routes: dict[str, Route]) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes = routes
        self.seen: list[Seen] = []


@dataclass
class Running:
    url: str
    routes: dict[str, Route]
    seen: list[Seen]


@contextmanager
def serve(routes: dict[str, Route]) -> Iterator[Running]:
    """Serve ``routes`` on 127.0.0.1 (a free port) while the block runs."""
    server = _Server(routes)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield Running(f"http://{host!s}:{port}/", server.routes, server.seen)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
