"""Crawl runs: counts from Scrapy stats, the CrawlRecorder's rows and progress, `newsarchive crawls`."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path

import pytest
from click.testing import CliRunner
from scrapy.utils.test import get_crawler

from archive.schedule_state import ScheduleState
from archive.store import Archive
from crawler.cli import cli
from crawler.extensions import CrawlRecorder, crawl_counts, status_of

STATS = {
    "response_received_count": 12,
    "newsarchive/articles_new": 5,
    "newsarchive/versions_new": 6,
    "newsarchive/unchanged": 3,
    "newsarchive/fetch/not_modified": 2,
    "newsarchive/extract/error/timeout": 1,
    "downloader/exception_type_count/twisted.internet.error.TimeoutError": 2,
    "downloader/exception_type_count/scrapy.exceptions.IgnoreRequest": 4,
    "downloader/response_status_count/503": 1,
    "downloader/response_status_count/404": 1,
}


def test_counts_and_errors_by_kind() -> None:
    counts, errors = crawl_counts(STATS)
    assert counts["pages"] == 12 and counts["new_versions"] == 6 and counts["not_modified"] == 2
    assert errors == {"timeout": 1, "TimeoutError": 2, "http_503": 1}
    assert counts["errors"] == 4


@pytest.mark.parametrize(("reason", "status"), [("finished", "finished"), ("shutdown", "stopped"),
                                                ("closespider_pagecount", "closespider_pagecount"),
                                                (None, "failed")])
def test_status_of(reason: str | None, status: str) -> None:
    assert status_of(reason) == status


class _Spider:
    site = "demo"


def test_recorder_writes_a_row_and_logs_progress_off_a_terminal(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    db = tmp_path / "a.db"
    crawler = get_crawler(settings_dict={"ARCHIVE_PATH": str(db), "NEWSARCHIVE_TRIGGER": "due"})
    stats = crawler.stats
    assert stats is not None
    recorder = CrawlRecorder(str(db), stats, trigger="due", interval=60, stream=io.StringIO())
    recorder.spider_opened(_Spider())  # type: ignore[arg-type]
    for key, value in STATS.items():
        stats.set_value(key, value)
    recorder.item_scraped(type("Item", (), {"site": "demo"})())
    with caplog.at_level(logging.INFO, logger="crawler.extensions"):
        recorder.tick()
        recorder.spider_closed(_Spider(), "finished")  # type: ignore[arg-type]
    assert "Progress: pages 12" in caplog.text and "demo 1" in caplog.text
    with Archive(db) as archive:
        state = ScheduleState(archive)
        (row,) = state.crawls()
        site = state.site_state("demo")
    assert row["status"] == "finished" and row["trigger"] == "due" and row["pages"] == 12
    assert row["errors_by_kind"]["http_503"] == 1 and row["finished"]
    assert site["last_status"] == "finished" and site["last_started"] == row["started"]


def test_live_line_on_a_terminal(tmp_path: Path) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    crawler = get_crawler(settings_dict={"ARCHIVE_PATH": str(tmp_path / "a.db")})
    assert crawler.stats is not None
    stream = Tty()
    recorder = CrawlRecorder(str(tmp_path / "a.db"), crawler.stats, trigger="manual",
                             interval=60, stream=stream)
    recorder.spider_opened(_Spider())  # type: ignore[arg-type]
    recorder.tick()
    recorder.spider_closed(_Spider(), "shutdown")  # type: ignore[arg-type]
    assert stream.getvalue().startswith("\r\x1b[2Kpages 0")


def test_crawls_command(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with Archive(db) as archive:
        state = ScheduleState(archive)
        crawl_id = state.start_crawl(trigger="run", sites=["demo"], pid=1, at="2025-05-01T12:00:00Z")
        state.finish_crawl(crawl_id, status="finished", at="2025-05-01T12:01:00Z",
                           reason="finished", counts={"pages": 7, "new_versions": 2},
                           errors_by_kind={"timeout": 1})
    result = CliRunner().invoke(cli, ["crawls", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "finished" in result.output and "pages 7" in result.output and "timeout 1" in result.output
    rows = json.loads(CliRunner().invoke(cli, ["crawls", "--db", str(db), "--json"]).output)
    assert rows[0]["new_versions"] == 2 and rows[0]["sites"] == ["demo"]
