"""Shared fixtures: the demo site on 127.0.0.1 and crawls run in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from demosite.server import DemoServer

CRAWL_TIMEOUT = 300


def run_cli(*args: str, check: bool = True, timeout: float = CRAWL_TIMEOUT) -> subprocess.CompletedProcess:
    """Run `newsarchive ARGS` in a subprocess (a crawl needs a fresh Twisted reactor)."""
    proc = subprocess.run(
        [sys.executable, "-m", "crawler.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"newsarchive {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc


def crawl(url: str, db: Path, *extra: str) -> dict:
    proc = run_cli("crawl", url, "--db", str(db), "--delay", "0", "--log-level", "WARNING", "--json", *extra)
    return json.loads(proc.stdout)


@pytest.fixture
def demo_server() -> Iterator[DemoServer]:
    with DemoServer(host="127.0.0.1", port=0) as server:
        yield server
