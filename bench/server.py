"""A pre-rendered, pre-forked demo site server in its own process group, so it is not the bottleneck.

`python -m bench.server --articles N --edition E [--no-conditional] [--workers K] [--port P]`
builds the Site, renders every article page of the edition once, then forks K processes that
accept on one shared socket; each answers with `DemoServer.handle` (noise, views, conditional
GET) from the pre-rendered pages. It prints `BENCH_SERVER_URL <url>` once all can accept.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import psutil

from demosite.server import DemoServer
from demosite.site import Page, Site

READY = "BENCH_SERVER_URL"
DEFAULT_WORKERS = 2
START_TIMEOUT = 300


class PrerenderedSite(Site):
    """A Site whose pages stay cached without bound (the demo site keeps only PAGE_CACHE_SIZE)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._rendered: dict[tuple[int, str, str], Page] = {}

    def page(self, path: str, edition: int, base: str) -> Page:
        key = (edition, path, base)
        found = self._rendered.get(key)
        if found is None:
            found = self._rendered[key] = super().page(path, edition, base)
        return found

    def prerender(self, edition: int, base: str) -> int:
        """Render every article page of `edition`; returns how many."""
        paths = list(self.edition(edition).by_path)
        for path in paths:
            self.page(path, edition, base)
        return len(paths)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """No access log."""

    def do_GET(self) -> None:  # noqa: N802
        self.server.demo.handle(self, head=False)

    def do_HEAD(self) -> None:  # noqa: N802
        self.server.demo.handle(self, head=True)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    demo: DemoServer


def _listen(port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(1024)
    return sock


def _serve(sock: socket.socket, demo: DemoServer) -> None:
    httpd = _Server(sock.getsockname(), _Handler, bind_and_activate=False)
    httpd.socket.close()
    httpd.socket = sock
    httpd.demo = demo
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    httpd.serve_forever(poll_interval=0.5)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.server", description=__doc__)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--edition", type=int, default=1)
    parser.add_argument("--edit-fraction", type=float, default=0.1)
    parser.add_argument("--no-conditional", dest="conditional", action="store_false")
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    sock = _listen(args.port)
    url = f"http://127.0.0.1:{sock.getsockname()[1]}/"
    site = PrerenderedSite(args.articles, args.seed, edit_fraction=args.edit_fraction)
    site.prerender(args.edition, url)
    demo = DemoServer(site, port=sock.getsockname()[1], edition=args.edition,
                      conditional=args.conditional, log_requests=False)
    children = []
    for _ in range(args.workers):
        pid = os.fork()
        if pid == 0:
            _serve(sock, demo)
        children.append(pid)
    print(f"{READY} {url}", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: [os.kill(p, signal.SIGTERM) for p in children])
    for pid in children:
        while True:
            try:
                os.waitpid(pid, 0)
                break
            except InterruptedError:
                continue
    return 0


class BenchServer:
    """The server subprocess as seen from the benchmark: URL, CPU time used, stop."""

    def __init__(self, proc: subprocess.Popen, url: str) -> None:
        self.proc, self.url = proc, url

    def cpu_seconds(self) -> float:
        """User + system CPU of the server's processes so far."""
        total = 0.0
        try:
            parent = psutil.Process(self.proc.pid)
            for p in [parent, *parent.children(recursive=True)]:
                times = p.cpu_times()
                total += times.user + times.system
        except psutil.NoSuchProcess:
            pass
        return total

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc.stdout:
            self.proc.stdout.close()


@contextmanager
def serve(articles: int, *, edition: int = 1, conditional: bool = True, port: int = 0,
          seed: int = 0, workers: int = DEFAULT_WORKERS) -> Iterator[BenchServer]:
    """Run the server subprocess for the duration of the block."""
    cmd = [sys.executable, "-m", "bench.server", "--articles", str(articles), "--seed", str(seed),
           "--edition", str(edition), "--workers", str(workers), "--port", str(port)]
    if not conditional:
        cmd.append("--no-conditional")
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    server = BenchServer(proc, "")
    try:
        deadline = time.monotonic() + START_TIMEOUT
        line = proc.stdout.readline() if proc.stdout else ""
        if not line.startswith(READY) or time.monotonic() > deadline:
            raise RuntimeError(f"bench server did not start: {line!r}")
        server.url = line.split()[1]
        yield server
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
