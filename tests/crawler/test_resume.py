"""A scheduled crawl killed with SIGKILL at several points loses and duplicates nothing (issue 5)."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from demosite.server import DemoServer
from demosite.site import Site

from tests.conftest import CRAWL_TIMEOUT

pytestmark = pytest.mark.slow

ARTICLES = 500
# Kill points: fetch rows in the archive when SIGKILL is sent (0: while starting up).
KILL_AT = (0, 60, 220)


@pytest.fixture(scope="module")
def server() -> Iterator[DemoServer]:
    with DemoServer(Site(articles=ARTICLES), host="127.0.0.1", port=0) as srv:
        yield srv


def _sites(tmp_path: Path, url: str) -> Path:
    path = tmp_path / "sites.toml"
    path.write_text(f'[sites.big]\nstart_urls = ["{url}"]\nschedule = {{ every = "1h" }}\n'
                    'revisit = { "1d" = "1h" }\n')
    return path


def _command(db: Path, sites: Path) -> list[str]:
    return [sys.executable, "-m", "crawler.cli", "crawl", "--due", "--db", str(db), "--sites",
            str(sites), "--delay", "0", "--log-level", "WARNING"]


def _count(db: Path, sql: str) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return int(conn.execute(sql).fetchone()[0])
    except sqlite3.OperationalError:
        return 0  # not created yet


def _kill_after(db: Path, sites: Path, fetches: int) -> dict[str, int]:
    proc = subprocess.Popen(_command(db, sites), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + CRAWL_TIMEOUT
    if fetches == 0:
        time.sleep(1.0)
    while fetches and _count(db, "select count(*) from fetches") < fetches:
        assert proc.poll() is None, "the crawl ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    return {"fetches": _count(db, "select count(*) from fetches"),
            "versions": _count(db, "select count(*) from versions")}


def test_killed_crawls_resume_without_loss_or_duplicates(server: DemoServer, tmp_path: Path) -> None:
    db, sites = tmp_path / "archive.db", _sites(tmp_path, server.url)
    seen = []
    started = time.monotonic()
    for point in KILL_AT:
        seen.append(_kill_after(db, sites, point))
    killed_versions = seen[-1]["versions"]
    subprocess.run(_command(db, sites), check=True, capture_output=True, timeout=CRAWL_TIMEOUT)
    elapsed = time.monotonic() - started

    with sqlite3.connect(db) as conn:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        articles = conn.execute("select count(*) from articles").fetchone()[0]
        versions = conn.execute("select count(*) from versions").fetchone()[0]
        duplicated = conn.execute(
            "select count(*) from (select article_id from versions group by article_id, text_key "
            "having count(*) > 1)").fetchone()[0]
        statuses = [r[0] for r in conn.execute("select status from crawls order by id")]
    assert articles == ARTICLES, "every article archived"
    assert versions == ARTICLES and duplicated == 0, "one version each: none lost, none twice"
    assert killed_versions <= versions
    assert seen[1]["fetches"] >= KILL_AT[1] and seen[2]["versions"] > seen[1]["versions"]
    # Each killed run is recorded, then marked interrupted by the next run; the last finished.
    assert statuses[-1] == "finished" and set(statuses[:-1]) <= {"interrupted"}
    assert len(statuses) >= 3
    print(f"resume test: {len(KILL_AT)} kills + final run in {elapsed:.1f}s")
