"""`newsarchive run`: changes archived within their revisit interval; one run per archive (issue 5)."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest

from demosite.content import TEXT_CHANGE_KINDS
from demosite.server import DemoServer
from demosite.site import Site

pytestmark = pytest.mark.slow

INTERVAL = 3  # seconds between revisits of a fresh article, in this test
STARTUP_TIMEOUT = 120


@pytest.fixture
def server() -> Iterator[DemoServer]:
    with DemoServer(Site(articles=40, edit_fraction=0.25), host="127.0.0.1", port=0) as srv:
        yield srv


def _sites(tmp_path: Path, url: str) -> Path:
    path = tmp_path / "sites.toml"
    path.write_text(f'[sites.demo]\nstart_urls = ["{url}"]\nschedule = {{ every = "1h" }}\n'
                    f'revisit = {{ "1h" = "{INTERVAL}s" }}\n')
    return path


def _run(db: Path, sites: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", "run", "--db", str(db), "--sites", str(sites),
         "--delay", "0", "--log-level", "WARNING", "--min-gap", "0.2", "--max-sleep", "0.5"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _query(db: Path, sql: str, *args: object) -> list[tuple]:
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute(sql, args).fetchall()
    except sqlite3.OperationalError:
        return []


def _scalar(db: Path, sql: str) -> int:
    rows = _query(db, sql)
    return int(rows[0][0]) if rows else 0


def _wait_for(condition, timeout: float = STARTUP_TIMEOUT) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def _stop(proc: subprocess.Popen) -> tuple[int, str]:
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    return proc.returncode, err


def _parse(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_run_archives_each_change_within_its_interval(server: DemoServer, tmp_path: Path) -> None:
    db, sites = tmp_path / "archive.db", _sites(tmp_path, server.url)
    proc = _run(db, sites)
    try:
        _wait_for(lambda: _scalar(db, "select count(*) from articles") == 40
                  and _scalar(db, "select count(*) from crawls where status = 'finished'"))
        changed = {c.slug for c in server.site.changes(2) if c.kind in TEXT_CHANGE_KINDS}
        paths = {a.slug: a.path for a in server.site.articles(2)}
        assert changed
        switched = datetime.now(timezone.utc)
        server.edition = 2
        expected = {server.url + paths[s].lstrip("/") for s in changed}

        def archived() -> set[str]:
            rows = _query(db, "select a.url from versions v join articles a on a.id = v.article_id "
                              "where v.number = 2")
            return {r[0] for r in rows}

        _wait_for(lambda: expected <= archived(), timeout=60)
        seen = datetime.now(timezone.utc)
    finally:
        code, err = _stop(proc)
    assert code == 0 and "stopped" in err, err
    captured = [_parse(r[0]) for r in _query(db, "select captured_at from versions where number = 2")]
    durations = [(_parse(b) - _parse(a)).total_seconds() for a, b in _query(
        db, "select started, finished from crawls where finished is not null and id > "
            "(select min(id) from crawls)")] or [0.0]
    slack = max(durations) + 1.0  # the revisit crawl under way, second-precision timestamps
    lag = max((c - switched).total_seconds() for c in captured)
    print(f"run test: {len(expected)} changes archived, worst lag {lag:.1f}s "
          f"(interval {INTERVAL}s, revisit crawl <= {max(durations):.1f}s); all seen after "
          f"{(seen - switched).total_seconds():.1f}s")
    assert lag <= INTERVAL + slack + 1.0
    assert set(archived()) == expected  # only the changed articles got a second version
    with sqlite3.connect(db) as conn:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"


def test_a_second_run_waits_for_the_first(server: DemoServer, tmp_path: Path) -> None:
    db, sites = tmp_path / "archive.db", _sites(tmp_path, server.url)
    first = _run(db, sites)
    try:
        _wait_for(lambda: _scalar(db, "select count(*) from crawls") >= 1)
        second = _run(db, sites)
        try:
            time.sleep(3)
            assert second.poll() is None  # still there, waiting
            pids = {r[0] for r in _query(db, "select pid from crawls")}
            assert all(pid != second.pid for pid in pids)
        finally:
            code2, err2 = _stop(second)
        assert "waiting" in err2 and code2 == 0 and "running:" not in err2, err2
    finally:
        code1, err1 = _stop(first)
    assert code1 == 0, err1
