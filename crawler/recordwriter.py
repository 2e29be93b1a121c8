"""A pipeline that writes each fetch record as a JSON line, for an archive writer elsewhere."""

from __future__ import annotations

import gzip
from typing import IO

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from archive.records import dump_record
from crawler.items import PageItem


class RecordWriterPipeline:
    """Append every fetch (with its extraction) to RECORDS_PATH; `newsarchive ingest` reads it."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.stream: IO[str] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RecordWriterPipeline:
        path = crawler.settings.get("RECORDS_PATH")
        if not path:
            # Off unless asked for: a bare NotConfigured keeps Scrapy from warning on every crawl.
            raise NotConfigured
        return cls(path)

    def open_spider(self) -> None:
        opener = gzip.open if self.path.endswith(".gz") else open
        self.stream = opener(self.path, "at", encoding="utf-8")  # type: ignore[operator]

    def close_spider(self) -> None:
        if self.stream is not None:
            self.stream.close()

    def process_item(self, item: PageItem) -> PageItem:
        assert self.stream is not None
        record = item.as_record()
        if item.outcome == "not_article" and item.article is None:
            record["body"] = None  # hubs are followed, not archived (a revisited story's page: the archive tells)
        self.stream.write(dump_record(record))
        # A line per page, flushed: a killed crawl loses at most the page being written.
        self.stream.flush()
        return item
