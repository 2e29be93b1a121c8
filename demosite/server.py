"""DemoServer: the demo site over HTTP on 127.0.0.1, with editions, noise and conditional GET."""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import dataclass
from email.utils import format_datetime, parsedate_to_datetime
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, NamedTuple
from urllib.parse import urlsplit

from demosite.noise import Noise
from demosite.site import Page, Site

logger = logging.getLogger(__name__)
CONTROL = "/__control__/"


class Request(NamedTuple):
    """One request as the server saw it."""

    method: str
    path: str  # with the query string
    headers: dict[str, str]
    time: float  # time.monotonic()
    status: int


@dataclass
class Override:
    """A canned response for a path, for the next `times` requests (None: until cleared)."""

    status: int
    headers: dict[str, str]
    body: bytes
    times: int | None = None


Responder = Callable[[str], "Override | None"]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _HTTPServer

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Silence the default stderr access log."""

    def do_GET(self) -> None:  # noqa: N802
        """Serve a page."""
        self.server.demo.handle(self, head=False)

    def do_HEAD(self) -> None:  # noqa: N802
        """Serve a page's headers."""
        self.server.demo.handle(self, head=True)

    def do_POST(self) -> None:  # noqa: N802
        """Control endpoint (switch editions); everything else is 405."""
        self.server.demo.handle_post(self)


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256
    demo: DemoServer


class DemoServer:
    """Serve a Site on 127.0.0.1; `with DemoServer() as server: server.url`."""

    def __init__(self, site: Site | None = None, *, host: str = "127.0.0.1", port: int = 0,
                 edition: int = 1, conditional: bool = True, log_requests: bool = True) -> None:
        self.site = site or Site()
        self.host, self.port = host, port
        self.conditional = conditional
        self.log_requests = log_requests
        self.noise = Noise()
        self._edition = edition
        self._lock = threading.Lock()
        self._requests: list[Request] = []
        self._overrides: dict[str, Override | Responder] = {}
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- life cycle -----------------------------------------------------------------------

    def start(self) -> DemoServer:
        """Bind and serve in a background thread."""
        self._httpd = _HTTPServer((self.host, self.port), _Handler)
        self._httpd.demo = self
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="demosite",
                                        kwargs={"poll_interval": 0.1}, daemon=True)
        self._thread.start()
        logger.info("demo site serving on %s", self.url)
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def __enter__(self) -> DemoServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """Base URL with a trailing slash."""
        return f"http://{self.host}:{self.port}/"

    # -- state ----------------------------------------------------------------------------

    @property
    def edition(self) -> int:
        """The edition being served."""
        with self._lock:
            return self._edition

    @edition.setter
    def edition(self, number: int) -> None:
        if number < 1:
            raise ValueError("editions start at 1")
        self.site.edition(number)  # build it before switching
        with self._lock:
            self._edition = number

    @property
    def requests(self) -> list[Request]:
        """A copy of the request log."""
        with self._lock:
            return list(self._requests)

    def clear_requests(self) -> None:
        """Empty the request log."""
        with self._lock:
            self._requests.clear()

    def override(self, path: str, status: int = 200, headers: dict[str, str] | None = None,
                 body: bytes = b"", times: int | None = None) -> None:
        """Answer `path` (exact, query included if given) with a canned response."""
        with self._lock:
            self._overrides[path] = Override(status, dict(headers or {}), body, times)

    def respond_with(self, path: str, responder: Responder) -> None:
        """Answer `path` with `responder(path)`; returning None falls through to the site."""
        with self._lock:
            self._overrides[path] = responder

    def clear_overrides(self) -> None:
        """Remove every override."""
        with self._lock:
            self._overrides.clear()

    # -- serving --------------------------------------------------------------------------

    def _take_override(self, raw_path: str, path: str) -> Override | None:
        with self._lock:
            key = raw_path if raw_path in self._overrides else path
            entry = self._overrides.get(key)
            if isinstance(entry, Override) and entry.times is not None:
                entry.times -= 1
                if entry.times <= 0:
                    del self._overrides[key]
        return entry(raw_path) if callable(entry) else entry

    def _log(self, handler: BaseHTTPRequestHandler, status: int) -> None:
        if self.log_requests:
            entry = Request(handler.command, handler.path, dict(handler.headers.items()),
                            time.monotonic(), status)
            with self._lock:
                self._requests.append(entry)

    def handle(self, handler: BaseHTTPRequestHandler, head: bool) -> None:
        """Answer one GET or HEAD."""
        path = urlsplit(handler.path).path or "/"
        if path.startswith(CONTROL):
            return self._control_get(handler, path)
        override = self._take_override(handler.path, path)
        if override is not None:
            return self._send(handler, override.status, override.headers, override.body, head)
        page = self.site.page(path, self.edition, self.url)
        headers = {"Content-Type": page.content_type, **dict(page.headers)}
        if page.etag:
            headers["ETag"] = page.etag
        if page.last_modified is not None:
            headers["Last-Modified"] = format_datetime(
                datetime.fromtimestamp(page.last_modified, timezone.utc), usegmt=True)
        if page.status == 200 and self.conditional and not_modified(handler.headers, page):
            return self._send(handler, 304, headers, b"", head=True)
        if page.parts and len(page.parts) > 1:
            headers["Cache-Control"] = "no-cache"
        body = self.noise.render(page, count_view=not head)
        self._send(handler, page.status, headers, body, head)

    def _send(self, handler: BaseHTTPRequestHandler, status: int, headers: dict[str, str],
              body: bytes, head: bool) -> None:
        self._log(handler, status)
        handler.send_response(status)
        for name, value in headers.items():
            handler.send_header(name, value)
        if status != 304:
            handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        if not head and status != 304:
            handler.wfile.write(body)

    def _control_get(self, handler: BaseHTTPRequestHandler, path: str) -> None:
        if path == CONTROL + "edition":
            body = str(self.edition).encode()
        elif path == CONTROL + "requests":
            body = json.dumps([r._asdict() for r in self.requests]).encode()
        elif path == CONTROL + "counters":
            body = json.dumps(self.noise.counters.snapshot()).encode()
        else:
            return self._plain(handler, 404, b"unknown control endpoint\n")
        self._plain(handler, 200, body)

    def handle_post(self, handler: BaseHTTPRequestHandler) -> None:
        """POST /__control__/edition with the edition number as body switches editions."""
        length = int(handler.headers.get("Content-Length") or 0)
        data = handler.rfile.read(length) if length else b""
        if urlsplit(handler.path).path != CONTROL + "edition":
            return self._plain(handler, 405, b"method not allowed\n")
        try:
            self.edition = int(data.decode().strip())
        except ValueError:
            return self._plain(handler, 400, b"body must be an edition number >= 1\n")
        self._plain(handler, 200, str(self.edition).encode())

    @staticmethod
    def _plain(handler: BaseHTTPRequestHandler, status: int, body: bytes) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", "text/plain; charset=utf-8")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)


def not_modified(headers: object, page: Page) -> bool:
    """RFC 9110 precedence: If-None-Match decides when present, else If-Modified-Since."""
    inm = headers.get("If-None-Match")  # type: ignore[attr-defined]
    if inm is not None:
        tags = {t.strip().removeprefix("W/") for t in inm.split(",")}
        return page.etag is not None and ("*" in tags or page.etag in tags)
    ims = headers.get("If-Modified-Since")  # type: ignore[attr-defined]
    if ims is None or page.last_modified is None:
        return False
    try:
        since = parsedate_to_datetime(ims).timestamp()
    except (TypeError, ValueError):
        return False
    return int(page.last_modified) <= since
