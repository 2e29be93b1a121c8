"""The news spider: robots.txt, sitemaps, feeds and links of a site; article pages to the pipelines."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.http import Response, TextResponse

from archive.store import Archive
from crawler.discovery import feeds, robots, sitemaps
from crawler.items import PageItem

logger = logging.getLogger(__name__)

KEPT_HEADERS = ("content-type", "etag", "last-modified", "content-language", "date")
HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_LINK_CSS = (
    'link[rel~="alternate"][type*="rss"]::attr(href), '
    'link[rel~="alternate"][type*="atom"]::attr(href), '
    'link[rel~="alternate"][type*="feed+json"]::attr(href)'
)
# Not worth a request: assets and documents that are never articles.
SKIPPED_EXTENSIONS = (
    ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".ico", ".css", ".js", ".pdf", ".zip",
    ".mp3", ".mp4", ".avi", ".mov", ".woff", ".woff2", ".ttf", ".xml", ".json", ".rss", ".gz",
)
GONE_STATUSES = (404, 410)


def _split_urls(value: str | Iterable[str] | None) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        value = value.split(",")
    return [u.strip() for u in value if u.strip()]


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


class NewsSpider(scrapy.Spider):
    """Crawl one or more news sites from their home pages; revisit the articles already known."""

    name = "news"

    def __init__(
        self,
        start_urls: str | Iterable[str] | None = None,
        site: str | None = None,
        revisit: str | bool = True,
        *args: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.start_urls = _split_urls(start_urls)
        if not self.start_urls:
            raise ValueError("the news spider needs start_urls (comma separated)")
        self.site = site
        self.revisit = str(revisit).lower() not in ("0", "false", "no")
        self.hosts = {urlsplit(u).hostname or "" for u in self.start_urls}
        self.allowed_domains = sorted(self.hosts)

    async def start(self) -> AsyncIterator[Any]:
        for url in self.start_urls:
            yield scrapy.Request(urljoin(url, "/robots.txt"), self.parse_robots, priority=20)
            yield scrapy.Request(url, self.parse_page, priority=10)
        if self.revisit:
            for request in self._revisits():
                yield request

    def _revisits(self) -> Iterable[scrapy.Request]:
        """Requests for the articles the archive already holds, with conditional GET."""
        path = self.settings.get("ARCHIVE_PATH")
        if not path:
            return []
        with Archive(path) as archive:
            known = [a for a in archive.known_articles(self.site) if self._in_scope(a["url"])]
        requests = []
        for article in known:
            headers = {}
            if article["etag"]:
                headers["If-None-Match"] = article["etag"]
            if article["last_modified"]:
                headers["If-Modified-Since"] = article["last_modified"]
            requests.append(
                scrapy.Request(
                    article["fetch_url"] or article["url"],
                    self.parse_page,
                    headers=headers,
                    meta={"revisit": article["id"], "handle_httpstatus_list": [304, *GONE_STATUSES]},
                )
            )
        self.crawler.stats.set_value("newsarchive/revisits_scheduled", len(requests))
        return requests

    def _in_scope(self, url: str) -> bool:
        return (urlsplit(url).hostname or "") in self.hosts

    # ---- discovery ---------------------------------------------------------------------------

    def parse_robots(self, response: Response) -> Iterable[scrapy.Request]:
        text = response.text if isinstance(response, TextResponse) else ""
        found = robots.sitemap_urls(text, response.url) if response.status == 200 else []
        for url in found or [urljoin(response.url, "/sitemap.xml")]:
            yield scrapy.Request(url, self.parse_sitemap, priority=15)

    def parse_sitemap(self, response: Response) -> Iterable[scrapy.Request]:
        try:
            sitemap = sitemaps.parse_sitemap(response.body)
        except sitemaps.SitemapError as exc:
            logger.info("Not a sitemap: %s (%s)", response.url, exc)
            self.crawler.stats.inc_value("newsarchive/discovery/bad_sitemap")
            return
        callback = self.parse_sitemap if sitemap.kind == "sitemapindex" else self.parse_page
        for entry in sitemap.entries:
            if self._in_scope(entry.loc):
                self.crawler.stats.inc_value("newsarchive/discovery/sitemap_urls")
                yield scrapy.Request(entry.loc, callback, meta={"hints": entry.hints})

    def parse_feed(self, response: Response) -> Iterable[scrapy.Request]:
        for entry in feeds.parse_feed(response.body):
            url = urljoin(response.url, entry.link)
            if self._in_scope(url):
                self.crawler.stats.inc_value("newsarchive/discovery/feed_urls")
                yield scrapy.Request(url, self.parse_page, meta={"hints": entry.hints})

    def parse_page(self, response: Response) -> Iterable[Any]:
        if response.status == 304:
            yield self._item(response, outcome="not_modified", body=None)
            return
        if response.status in GONE_STATUSES or self._redirected_home(response):
            yield self._item(response, outcome="gone", body=None)
            return
        if not self._is_html(response):
            self.crawler.stats.inc_value("newsarchive/skipped/not_html")
            return
        yield from self._follow(response)
        yield self._item(response, outcome="article", body=response.body)

    def _follow(self, response: TextResponse) -> Iterable[scrapy.Request]:
        for href in response.css(FEED_LINK_CSS).getall():
            yield scrapy.Request(response.urljoin(href), self.parse_feed, priority=15)
        for href in response.css("a::attr(href)").getall():
            url = response.urljoin(href.strip()).split("#", 1)[0]
            if url.startswith(("http://", "https://")) and self._in_scope(url):
                if not urlsplit(url).path.lower().endswith(SKIPPED_EXTENSIONS):
                    yield scrapy.Request(url, self.parse_page)

    def _redirected_home(self, response: Response) -> bool:
        """A revisited article that now redirects to the site's front page is gone."""
        return bool(response.meta.get("revisit") and response.meta.get("redirect_urls")) and (
            urlsplit(response.url).path in ("", "/")
        )

    @staticmethod
    def _is_html(response: Response) -> bool:
        if not isinstance(response, TextResponse):
            return False
        ctype = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
        return not ctype or any(t in ctype for t in HTML_TYPES)

    def _item(self, response: Response, *, outcome: str, body: bytes | None) -> PageItem:
        requested = response.meta.get("redirect_urls", [response.url])[0]
        hops = zip(response.meta.get("redirect_reasons", []), response.meta.get("redirect_urls", []))
        headers = {
            name: response.headers.get(name).decode("latin-1")
            for name in KEPT_HEADERS
            if response.headers.get(name)
        }
        return PageItem(
            url=requested,
            final_url=response.url,
            status=response.status,
            fetched_at=_now(),
            headers=headers,
            body=body,
            redirects=[[int(r) if str(r).isdigit() else 0, u] for r, u in hops],
            site=self.site,
            outcome=outcome,
            hints=dict(response.meta.get("hints") or {}),
        )
