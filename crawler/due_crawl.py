"""One scheduled crawl, in this process: the sites and articles due now, under the crawl lock.

`run_due()` plans (`crawler.due`), then runs one Scrapy crawler per site that has anything due:
a site whose schedule is due is crawled from its start URLs (discovery) plus its due revisits;
a site with only due articles gets just those revisits. During discovery, a known article is
fetched only when it is due or a sitemap/feed says it changed after our last visit (it then
goes to the front of the queue); all other known articles wait for their turn.
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import scrapy
from scrapy.crawler import Crawler

from archive.clock import iso, parse_iso, utcnow
from archive.schedule_state import ScheduleState
from archive.store import Archive
from crawler.due import Due, SitePlan, plan
from crawler.lock import LOCK_FD_ENV, CrawlLock, LockBusy
from crawler.schedule import hint_time
from crawler.revisit import RevisitRequest
from crawler.spiders.news import NewsSpider

logger = logging.getLogger(__name__)

HINTED_PRIORITY = 30  # above sitemaps (15) and pages (0): announced changes first
REVISIT_PRIORITY = 5


class DueSpider(NewsSpider):
    """The news spider, told what is due: discovery or not, and which articles to revisit."""

    name = "news_due"

    def __init__(self, *args: Any, due: Due, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.due = due

    async def start(self) -> AsyncIterator[Any]:
        if self.due.discover:
            async for request in super().start():
                yield request
        else:
            for request in self._revisits():
                yield request

    def _revisits(self) -> Iterable[scrapy.Request]:
        """Conditional GETs of the due articles, announced changes first."""
        requests = []
        for article in self.due.articles:
            revisit = RevisitRequest(article["id"], article.get("fetch_url") or article["url"],
                                     article.get("etag"), article.get("last_modified"))
            hinted = article.get("hinted") and (
                not article.get("last_visit") or article["hinted"] > article["last_visit"])
            requests.append(self._revisit_request(
                revisit, HINTED_PRIORITY if hinted else REVISIT_PRIORITY))
        self.crawler.stats.set_value("newsarchive/revisits_scheduled", len(requests))
        return requests


class ScheduleFilterMiddleware:
    """Spider middleware: let a discovered known article through only when the policy says so."""

    def __init__(self, path: str, crawler: Crawler) -> None:
        self.path = path
        self.crawler = crawler
        self.archive: Archive | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ScheduleFilterMiddleware:
        return cls(crawler.settings.get("ARCHIVE_PATH"), crawler)

    def process_spider_output(self, response: Any, result: Iterable[Any]) -> Iterable[Any]:
        for entry in result:
            kept = self._filter(entry)
            if kept is not None:
                yield kept

    async def process_spider_output_async(self, response: Any, result: Any) -> AsyncIterator[Any]:
        async for entry in result:
            kept = self._filter(entry)
            if kept is not None:
                yield kept

    def _filter(self, entry: Any) -> Any:
        due: Due | None = getattr(self.crawler.spider, "due", None)
        if due is None or not isinstance(entry, scrapy.Request) or entry.meta.get("revisit"):
            return entry
        facts = due.known.get(entry.url)
        if facts is None:
            return entry  # not archived yet: discovery's business
        stats = self.crawler.stats
        hinted = hint_time(entry.meta.get("hints"))
        last_visit = parse_iso(facts["last_visit"]) if facts.get("last_visit") else None
        if hinted is not None and (last_visit is None or hinted > last_visit):
            self._note_hint(entry.url, hinted)
            stats.inc_value("newsarchive/schedule/hinted")
            return entry.replace(priority=HINTED_PRIORITY)
        if facts.get("due_at") is not None and facts["due_at"] <= due.now:
            return entry
        stats.inc_value("newsarchive/schedule/not_due")
        return None

    def _note_hint(self, url: str, hinted: datetime) -> None:
        if self.archive is None:
            self.archive = Archive(self.path)
        ScheduleState(self.archive).note_hint(url, iso(hinted))


@dataclass
class DueResult:
    """What `run_due` did."""

    crawled: list[str | None] = field(default_factory=list)
    stats: dict[str | None, dict[str, Any]] = field(default_factory=dict)
    next_due: datetime | None = None
    skipped: str | None = None  # why nothing ran (lock busy)


def run_due(
    db_path: str,
    sites: Sequence[SitePlan],
    *,
    trigger: str = "due",
    overrides: Mapping[str, Any] | None = None,
    now: datetime | None = None,
    wait_lock: float = 0.0,
) -> DueResult:
    """Crawl what of `sites` is due now into the archive; one crawl per archive at a time."""
    inherited = os.environ.get(LOCK_FD_ENV)
    lock = None if inherited else CrawlLock(db_path, wait=wait_lock)
    if lock is not None:
        try:
            lock.acquire()
        except LockBusy as exc:
            return DueResult(skipped=str(exc))
    try:
        return _run_locked(db_path, sites, trigger, overrides or {}, now or utcnow())
    finally:
        if lock is not None:
            lock.release()


def _run_locked(db_path: str, sites: Sequence[SitePlan], trigger: str,
                overrides: Mapping[str, Any], now: datetime) -> DueResult:
    with Archive(db_path) as archive:
        stale = ScheduleState(archive).close_stale_crawls(iso(now))
        if stale:
            logger.info("Marked %d crawl(s) left running by a dead process as interrupted", stale)
        plans = plan(archive, sites, now)
    due = [p for p in plans if p.anything]
    result = DueResult(next_due=min((p.next_due for p in plans if p.next_due), default=None))
    if not due:
        return result
    from scrapy.crawler import CrawlerProcess

    from crawler.runner import crawl_settings

    settings = crawl_settings(db_path, {**overrides, "NEWSARCHIVE_TRIGGER": trigger})
    middlewares = dict(settings.getdict("SPIDER_MIDDLEWARES"))
    middlewares["crawler.due_crawl.ScheduleFilterMiddleware"] = 950
    settings.set("SPIDER_MIDDLEWARES", middlewares, priority="cmdline")
    process = CrawlerProcess(settings)
    crawlers = []
    for entry in due:
        crawler = process.create_crawler(DueSpider)
        options = {"site_config": entry.site.config} if entry.site.config is not None else {}
        process.crawl(crawler, start_urls=list(entry.site.start_urls), site=entry.site.name,
                      revisit=True, due=entry, **options)
        crawlers.append((entry.site.name, crawler))
        logger.info("Due: %s (%s, %d article(s))", entry.site.name,
                    "crawl" if entry.discover else "revisits only", len(entry.articles))
    process.start()
    for name, crawler in crawlers:
        result.crawled.append(name)
        result.stats[name] = dict(crawler.stats.get_stats() if crawler.stats else {})
    return result
