"""The crawl lock: one holder per archive, released by the OS when the holder dies."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from crawler.lock import CrawlLock, LockBusy

HOLD = "import sys, time; from crawler.lock import CrawlLock; l = CrawlLock(sys.argv[1]); " \
       "l.acquire(); print('held', flush=True); time.sleep(60)"


def _holder(db: Path) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(db)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


def _stop(proc: subprocess.Popen) -> None:
    proc.kill()
    proc.wait()
    if proc.stdout is not None:
        proc.stdout.close()


def test_second_holder_is_refused_then_admitted(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with CrawlLock(db):
        other = CrawlLock(db, wait=0.3)
        started = time.monotonic()
        with pytest.raises(LockBusy):
            other.acquire()
        assert time.monotonic() - started >= 0.3
    with CrawlLock(db) as again:
        assert again.holder() is not None


def test_a_killed_holder_leaves_no_stale_lock(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    proc = _holder(db)
    try:
        assert CrawlLock(db).is_held_elsewhere()
        assert CrawlLock(db).holder() == proc.pid
        with pytest.raises(LockBusy):
            CrawlLock(db).acquire()
    finally:
        _stop(proc)
    assert not CrawlLock(db).is_held_elsewhere()
    with CrawlLock(db, wait=1.0):
        pass


def test_waiting_holder_gets_the_lock_when_released(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    proc = _holder(db)
    try:
        waiter = CrawlLock(db, wait=None)
        threading.Timer(0.5, proc.kill).start()
        started = time.monotonic()
        waiter.acquire()
        assert time.monotonic() - started >= 0.4
        waiter.release()
    finally:
        _stop(proc)


def test_crawl_due_does_nothing_while_another_crawl_holds_the_archive(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from crawler.cli import cli

    db, sites = tmp_path / "a.db", tmp_path / "sites.toml"
    sites.write_text('[sites.demo]\nstart_urls = ["http://127.0.0.1:9/"]\n')
    proc = _holder(db)
    try:
        result = CliRunner().invoke(cli, ["crawl", "--due", "--db", str(db), "--sites", str(sites)])
    finally:
        _stop(proc)
    assert result.exit_code == 0
    assert f"held by process {proc.pid}" in result.output
    assert not db.exists()
