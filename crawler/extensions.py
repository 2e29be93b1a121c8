"""CrawlRecorder: record each crawl in the archive's `crawls` table and show its progress.

On a terminal a live line (pages, articles, versions, errors, rate, per site) is redrawn every
second; off a terminal a log line is written every `NEWSARCHIVE_PROGRESS_INTERVAL` seconds; a
summary is logged at the end. The crawl's counts are saved to its `crawls` row as it goes, so a
crawl killed outright still shows how far it got (its row is marked `interrupted` later).
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections import Counter
from typing import Any, TextIO

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector
from twisted.internet import task

from archive.clock import iso, utcnow
from archive.schedule_state import ScheduleState
from archive.store import Archive
from crawler.moves import STAND_INS

logger = logging.getLogger(__name__)

STAT_COUNTS = {
    "pages": "response_received_count",
    "new_articles": "newsarchive/articles_new",
    "new_versions": "newsarchive/versions_new",
    "unchanged": "newsarchive/unchanged",
    "not_modified": "newsarchive/fetch/not_modified",
    "gone": "newsarchive/fetch/gone",
}
ERROR_PREFIXES = ("newsarchive/extract/error/", "downloader/exception_type_count/")
# Not errors: requests dropped on purpose (robots.txt, offsite, page budget).
NOT_ERRORS = frozenset({"IgnoreRequest"})
TTY_REFRESH = 1.0
FINISHED = "finished"


def pages_fetched(stats: dict[str, Any]) -> int:
    """Responses received, less the stand-ins of crawler.moves (a move answered without a download)."""
    return int(stats.get(STAT_COUNTS["pages"], 0)) - int(stats.get(STAND_INS, 0))


def crawl_counts(stats: dict[str, Any]) -> tuple[dict[str, int], dict[str, int]]:
    """The `crawls` row counts and the errors by kind, from a crawl's Scrapy stats."""
    counts = {name: int(stats.get(key, 0)) for name, key in STAT_COUNTS.items()}
    counts["pages"] = pages_fetched(stats)
    errors: Counter[str] = Counter()
    for key, value in stats.items():
        for prefix in ERROR_PREFIXES:
            if key.startswith(prefix) and key.rsplit(".", 1)[-1] not in NOT_ERRORS:
                errors[key[len(prefix):].rsplit(".", 1)[-1]] += int(value)
        if key.startswith("downloader/response_status_count/") and key[-3:].isdigit():
            if int(key[-3:]) >= 500:
                errors[f"http_{key[-3:]}"] += int(value)
    counts["errors"] = sum(errors.values())
    return counts, dict(errors)


def status_of(reason: str | None) -> str:
    """A crawl's status from Scrapy's finish reason."""
    if reason == FINISHED:
        return FINISHED
    if reason == "shutdown":
        return "stopped"
    return reason or "failed"


class CrawlRecorder:
    """Record the crawl run in the archive, live progress on a terminal or in the log."""

    def __init__(self, path: str, stats: StatsCollector, *, trigger: str, interval: float,
                 stream: TextIO | None = None) -> None:
        self.path = path
        self.stats = stats
        self.trigger = trigger
        self.interval = interval
        self.stream = stream if stream is not None else sys.stderr
        self.live = self.stream.isatty()
        self.archive: Archive | None = None
        self.crawl_id: int | None = None
        self.site: str | None = None
        self.started = ""
        self.clock_started = 0.0
        self.pages_by_site: Counter[str] = Counter()
        self._loop: task.LoopingCall | None = None
        self._last_save = 0.0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlRecorder:
        settings = crawler.settings
        path = settings.get("ARCHIVE_PATH")
        if not path or not settings.getbool("NEWSARCHIVE_RECORD_CRAWLS", True):
            raise NotConfigured("no archive to record crawls in")
        assert crawler.stats is not None
        ext = cls(path, crawler.stats, trigger=settings.get("NEWSARCHIVE_TRIGGER", "manual"),
                  interval=settings.getfloat("NEWSARCHIVE_PROGRESS_INTERVAL", 60.0))
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        return ext

    def spider_opened(self, spider: Spider) -> None:
        self.site = getattr(spider, "site", None)
        self.archive = Archive(self.path)
        self.started = iso(utcnow())
        self.clock_started = time.monotonic()
        state = ScheduleState(self.archive)
        self.crawl_id = state.start_crawl(trigger=self.trigger, sites=[self.site],
                                          pid=os.getpid(), at=self.started)
        if self.site and self.trigger != "manual":
            state.site_started(self.site)
        self._loop = task.LoopingCall(self.tick)
        self._loop.start(TTY_REFRESH if self.live else self.interval, now=False)

    def item_scraped(self, item: Any) -> None:
        self.pages_by_site[getattr(item, "site", None) or "-"] += 1

    def tick(self) -> None:
        line = self.progress_line()
        if self.live:
            self.stream.write("\r\x1b[2K" + line)
            self.stream.flush()
        else:
            logger.info("Progress: %s", line)
        if time.monotonic() - self._last_save >= min(self.interval, 10.0):
            self._save()

    def progress_line(self) -> str:
        counts, _ = crawl_counts(self.stats.get_stats())
        elapsed = max(time.monotonic() - self.clock_started, 1e-6)
        rate = counts["pages"] / elapsed * 60
        sites = ", ".join(f"{name} {n}" for name, n in sorted(self.pages_by_site.items()))
        line = (f"pages {counts['pages']} ({rate:.0f}/min), new articles {counts['new_articles']}, "
                f"new versions {counts['new_versions']}, unchanged {counts['unchanged']}, "
                f"errors {counts['errors']}")
        return f"{line} | {sites}" if sites else line

    def _save(self) -> None:
        if self.archive is None or self.crawl_id is None:
            return
        counts, errors = crawl_counts(self.stats.get_stats())
        ScheduleState(self.archive).update_crawl(self.crawl_id, counts, errors)
        self._last_save = time.monotonic()

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        if self.live:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
        if self.archive is None or self.crawl_id is None:
            return
        counts, errors = crawl_counts(self.stats.get_stats())
        status, finished = status_of(reason), iso(utcnow())
        state = ScheduleState(self.archive)
        state.finish_crawl(self.crawl_id, status=status, at=finished, reason=reason,
                           counts=counts, errors_by_kind=errors)
        if self.site and self.trigger != "manual":
            state.site_finished(self.site, started=self.started, finished=finished,
                                status=status, completed=status == FINISHED)
        self.stats.set_value("newsarchive/crawl_id", self.crawl_id)
        logger.info("Crawl %s %s: %s", self.crawl_id, status, self.progress_line())
        self.archive.close()
        self.archive = None
