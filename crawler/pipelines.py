"""Item pipelines: adapt a fetched page to extraction (in worker processes), then to the archive."""

from __future__ import annotations

import asyncio
import logging
import os
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector

from archive.store import Archive
from crawler.discovery.classify import is_article
from crawler.extract import ExtractionError
from crawler.extract.worker import ExtractionPool
from crawler.items import PageItem
from crawler.urls import canonical_url

logger = logging.getLogger(__name__)


class ExtractPipeline:
    """Extract each article page in a pool of worker processes while Scrapy keeps fetching."""

    def __init__(self, workers: int, timeout: float, stats: StatsCollector) -> None:
        self.workers = workers or os.cpu_count() or 1
        self.timeout = timeout
        self.stats = stats
        self.pool: ExtractionPool | None = None
        self._started: asyncio.Future[None] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractPipeline:
        settings = crawler.settings
        return cls(
            settings.getint("EXTRACT_WORKERS"), settings.getfloat("EXTRACT_TIMEOUT"), crawler.stats
        )

    def open_spider(self) -> None:
        self.pool = ExtractionPool(workers=self.workers, timeout=self.timeout, keys=True)

    def close_spider(self) -> None:
        if self.pool is not None:
            self.pool.close()

    async def process_item(self, item: PageItem) -> PageItem:
        if item.outcome != "article" or item.body is None:
            return item
        assert self.pool is not None
        if self._started is None:
            # Off the event loop: the crawl goes on fetching while the workers boot. Not at
            # open_spider: a recrawl of an unchanged site may extract nothing at all.
            self._started = asyncio.ensure_future(asyncio.to_thread(self.pool.start))
        await asyncio.shield(self._started)
        future = self.pool.submit(item.body, item.final_url, item.fetched_at, item.headers)
        try:
            record = await asyncio.wrap_future(future)
        except ExtractionError as exc:
            item.outcome, item.error, item.links = "error", exc.reason, None
            self.stats.inc_value(f"newsarchive/extract/error/{exc.reason}")
            logger.info("Extraction failed for %s: %s", item.final_url, exc.reason)
            return item
        record["canonical_url"] = canonical_url(record.get("canonical_url"), item.final_url)
        text = (record.get("text") or "").strip()
        if is_article(record, item.final_url) or text and item.hints.get("article_pattern"):
            item.article, item.links = record, None  # an article's links are not kept
            self.stats.inc_value("newsarchive/extract/article")
        else:
            item.outcome = "not_article"
            if text and item.hints.get("revisit"):
                # a known story's page taken for a hub: the archive, which knows the story, tells (see CONTRACTS)
                item.article = record
            self.stats.inc_value("newsarchive/extract/not_article")
        return item


class ArchivePipeline:
    """Record every fetch in the archive: one transaction per page."""

    def __init__(self, path: str, stats: StatsCollector) -> None:
        self.path = path
        self.stats = stats
        self.archive: Archive | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        path = crawler.settings.get("ARCHIVE_PATH")
        if not path:
            raise NotConfigured("ARCHIVE_PATH is not set")
        return cls(path, crawler.stats)

    def open_spider(self) -> None:
        self.archive = Archive(self.path)

    def close_spider(self) -> None:
        if self.archive is not None:
            self.archive.close()

    def process_item(self, item: PageItem) -> PageItem:
        assert self.archive is not None
        record: dict[str, Any] = item.as_record()
        if item.outcome == "not_article" and item.article is None:
            # Hubs are followed, not archived: keep a trace of the fetch without its capture.
            record["body"] = None
        result = self.archive.record_fetch(record)
        self._count(result.outcome, result.new_article, result.version_number, result.events)
        item.body = None  # the capture is in the archive; do not carry it further
        return item

    def _count(self, outcome: str, new_article: bool, version: int | None, events: list) -> None:
        self.stats.inc_value(f"newsarchive/fetch/{outcome}")
        if new_article:
            self.stats.inc_value("newsarchive/articles_new")
        if version is not None:
            self.stats.inc_value("newsarchive/versions_new")
        elif outcome in ("article", "not_modified"):
            self.stats.inc_value("newsarchive/unchanged")
        for kind in events:
            self.stats.inc_value(f"newsarchive/event/{kind}")
