"""Run one Scrapy crawl of the news spider in this process and return its stats."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any


def crawl_settings(db_path: str, overrides: Mapping[str, Any] | None = None) -> Any:
    """The project's settings with the archive path and any overrides from the command line."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    settings.set("ARCHIVE_PATH", db_path, priority="cmdline")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


def run_crawl(
    urls: Sequence[str],
    db_path: str,
    *,
    site: str | None = None,
    revisit: bool = True,
    overrides: Mapping[str, Any] | None = None,
    site_config: Any = None,
) -> dict[str, Any]:
    """Crawl `urls` (or a configured site, `crawler.sites.SiteConfig`) into the archive at
    `db_path`; blocks until done (the reactor runs once)."""
    from scrapy.crawler import CrawlerProcess

    from crawler.spiders.news import NewsSpider

    process = CrawlerProcess(crawl_settings(db_path, overrides))
    crawler = process.create_crawler(NewsSpider)
    process.crawl(crawler, start_urls=list(urls), site=site, revisit=revisit,
                  site_config=site_config)
    process.start()
    return dict(crawler.stats.get_stats() if crawler.stats else {})
