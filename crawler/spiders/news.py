"""The news spider: robots.txt, sitemaps, feeds and links of a site; article pages to the pipelines.

Every URL the spider wants goes through `_request()`: cleaned (`crawler.urls`), checked against
the site's scope, the trap rules (`crawler.discovery.traps`), its depth and page budget, and
requested at most once per crawl. Each refusal is counted under `newsarchive/...` in the stats.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import logging
import re
from collections.abc import AsyncIterator, Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from parsel import Selector
import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings
from scrapy.utils.response import get_base_url

from archive.store import Archive
from crawler import sites as sites_config
from crawler.discovery import classify, feeds, robots, sitemaps, traps
from crawler.items import PageItem
from crawler.moves import MOVED_ONLY
from crawler.revisit import RevisitRequest, conditional_headers, select_revisits
from crawler.sites import SiteConfig
from crawler.spiders.links import PageLinks, page_links
from crawler.urls import clean_url, has_session_id

logger = logging.getLogger(__name__)

KEPT_HEADERS = ("content-type", "etag", "last-modified", "content-language", "date")
HTML_TYPES = ("text/html", "application/xhtml+xml")
# Not worth a request: assets and documents that are never articles.
SKIPPED_EXTENSIONS = (
    ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".ico", ".css", ".js", ".pdf", ".zip",
    ".mp3", ".mp4", ".avi", ".mov", ".woff", ".woff2", ".ttf", ".xml", ".json", ".rss", ".gz",
)
GONE_STATUSES = (404, 410)
PRIORITY = {"robots": 20, "sitemap": 15, "feed": 15, "start": 10, "entry": 0, "page": 0,
            "pagination": 0}
# Revisits before the pages that link to them: a moved article's 301 arrives before its new URL
# is found on a hub, so the archive sees the move rather than a new article.
REVISIT_PRIORITY = 12
# Cleaned URLs remembered by their spelling: a site's pages link the same URLs over and over.
CLEAN_CACHE_SIZE = 200_000


def _split_urls(value: str | Iterable[str] | None) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        value = value.split(",")
    return [u.strip() for u in value if u.strip()]


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def _on_domain(host: str, domains: Iterable[str]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


class NewsSpider(scrapy.Spider):
    """Crawl one news site (configured, or given by URLs); revisit the articles already known."""

    name = "news"

    def __init__(
        self,
        start_urls: str | Iterable[str] | None = None,
        site: str | None = None,
        revisit: str | bool = True,
        site_config: SiteConfig | None = None,
        *args: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.start_urls = _split_urls(start_urls) or list(site_config.start_urls if site_config else [])
        if not self.start_urls:
            raise ValueError("the news spider needs start_urls (comma separated) or a site config")
        self.site = site if site is not None else (site_config.name if site_config else None)
        self.revisit = str(revisit).lower() not in ("0", "false", "no")
        self.config = site_config or SiteConfig.for_urls(self.start_urls, name=self.site)
        self._config_given = site_config is not None
        self._configure_scope()
        self.seen: set[str] = set()
        self.late_hints: dict[str, dict[str, Any]] = {}  # hints of a URL found again before its fetch
        self.refused: set[str] = set()
        self.too_deep: set[str] = set()
        self.pages = 0
        self.hubs: dict[str, dict[str, Any]] = {}  # known hubs by URL (Archive.hubs)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider._apply_settings(crawler.settings)
        return spider

    def _configure_scope(self) -> None:
        self.hosts = {urlsplit(u).hostname or "" for u in self.start_urls}
        self.domains = tuple(self.config.domains()) or tuple(self.hosts)
        self.allowed_domains = sorted(self.domains)
        self.slot = self.config.name or sorted(self.hosts)[0]
        self.allow = [re.compile(p) for p in self.config.allow]
        self.deny = [re.compile(p) for p in self.config.deny]
        self.article_patterns = [re.compile(p) for p in self.config.article_patterns]

    def _apply_settings(self, settings: BaseSettings) -> None:
        """Per-site politeness into the (not yet frozen) crawl settings."""
        if not self._config_given and self.site:
            self.config = self._configured(settings) or self.config
            self._configure_scope()
        if settings.getpriority("DOWNLOAD_DELAY") >= SETTINGS_PRIORITIES["cmdline"]:
            # `--delay` on the command line wins over the config
            self.config = dataclasses.replace(self.config, delay=settings.getfloat("DOWNLOAD_DELAY"))
        slots = dict(settings.getdict("DOWNLOAD_SLOTS"))
        slots[self.slot] = {"concurrency": self.config.concurrency, "delay": self.config.delay}
        settings.set("DOWNLOAD_SLOTS", slots, priority="spider")
        if self.config.contact_url:
            agent = settings.get("NEWSARCHIVE_AGENT", "newsarchive/0.1")
            settings.set("USER_AGENT", f"{agent} (+{self.config.contact_url})", priority="spider")

    def _configured(self, settings: BaseSettings) -> SiteConfig | None:
        """The site's entry in the sites config named by NEWSARCHIVE_SITES, when there is one."""
        path = settings.get("NEWSARCHIVE_SITES")
        if not path or not Path(path).is_file():
            return None
        try:
            return sites_config.load_site(self.site, path)
        except sites_config.SitesConfigError:
            return None

    # ---- start -------------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        if self.revisit:
            self.hubs = self._known_hubs()
        revisits = list(self._revisits()) if self.revisit else []
        for request in revisits:  # known before anything is discovered: never requested twice
            self.seen.add(self._clean(request.url))
            request.meta.setdefault("download_slot", self.slot)
            yield request
        if self.config.discover:
            for url in self.start_urls:
                request = self._request(urljoin(url, "/robots.txt"), self.parse_robots, "robots")
                if request is not None:
                    yield request
        for url in self.config.sitemaps:
            request = self._request(url, self.parse_sitemap, "sitemap")
            if request is not None:
                yield request
        for url in self.config.feeds:
            request = self._request(url, self.parse_feed, "feed")
            if request is not None:
                yield request
        for url in self.start_urls:
            request = self._request(url, self.parse_page, "start")
            if request is not None:
                yield request

    def _revisits(self) -> Iterable[scrapy.Request]:
        """Conditional GETs of the articles the archive already holds (policy: crawler.revisit)."""
        path = self.settings.get("ARCHIVE_PATH")
        if not path:
            return []
        with Archive(path) as archive:
            chosen = list(select_revisits(archive, self.config, datetime.now(timezone.utc),
                                          self._in_scope))
        requests = [self._revisit_request(r, REVISIT_PRIORITY) for r in chosen]
        self.crawler.stats.set_value("newsarchive/revisits_scheduled", len(requests))
        return requests

    def _known_hubs(self) -> dict[str, dict[str, Any]]:
        """The hubs the archive knows for this site: asked conditionally, their links kept."""
        path = self.settings.get("ARCHIVE_PATH")
        if not path:
            return {}
        with Archive(path) as archive:
            return {url: hub for url, hub in archive.hubs(self.site).items() if hub["links"]}

    def _revisit_request(self, revisit: RevisitRequest, priority: int) -> scrapy.Request:
        """A conditional GET of a known article; its 304, 404 and 410 reach parse_page."""
        return scrapy.Request(
            revisit.url,
            self.parse_page,
            headers=revisit.headers(),
            dont_filter=True,  # a 301 to a URL also linked must still reach the archive
            priority=priority,
            meta={"revisit": revisit.article_id, "download_slot": self.slot,
                  "handle_httpstatus_list": [304, *GONE_STATUSES]},
        )

    def _in_scope(self, url: str) -> bool:
        return _on_domain((urlsplit(url).hostname or "").lower(), self.domains)

    # ---- the one way to a request --------------------------------------------------------------

    def _refuse(self, url: str, reason: str, final: bool = True) -> None:
        """Count a refusal once per URL; a URL too deep here may come back by a shorter path."""
        counted = self.refused if final else self.too_deep
        if url not in counted:
            counted.add(url)
            self.crawler.stats.inc_value(f"newsarchive/{reason}")

    def _request(self, url: str, callback: Any, kind: str, parent: Response | None = None,
                 hints: dict[str, Any] | None = None) -> scrapy.Request | None:
        """A request for `url`, or None when it is out of scope, a trap, over budget or seen."""
        if not url.startswith(("http://", "https://")):
            return None
        clean = self._clean(url)
        if clean in self.seen or clean in self.refused:
            if hints and clean in self.seen:
                # Found again (a news sitemap after the posts sitemap): keep what this source says.
                self.late_hints.setdefault(clean, {}).update(hints)
            return None
        reason = self._refusal(url, clean, kind, parent)
        if reason is not None:
            self._refuse(clean, reason)
            return None
        depth = self._depth(kind, parent)
        if depth > self.config.depth:
            self._refuse(clean, "trap/depth", final=False)
            return None
        if self.pages >= self.config.max_pages:
            self._refuse(clean, "trap/budget")
            return None
        self.seen.add(clean)
        self.pages += 1
        hints = dict(hints or {})
        if clean != url.split("#", 1)[0]:
            hints["seen_as"] = url
        if has_session_id(url):
            self.crawler.stats.inc_value("newsarchive/url/session_id_stripped")
        if any(p.search(clean) for p in self.article_patterns):
            hints["article_pattern"] = True
        meta = {"news_depth": depth, "download_slot": self.slot, "hints": hints}
        headers = None
        hub = self.hubs.get(clean) if callback == self.parse_page else None
        if hub is not None:
            # A hub of the last crawl: unchanged (304 or the same bytes), its links are known.
            meta["hub"] = clean
            headers = conditional_headers(hub["etag"], hub["last_modified"])
            if headers:
                meta["handle_httpstatus_list"] = [304]
        return scrapy.Request(clean, callback, headers=headers, priority=PRIORITY[kind], meta=meta)

    # clean_url, remembered by spelling (a pure function: one cache serves every spider)
    _clean = staticmethod(functools.lru_cache(maxsize=CLEAN_CACHE_SIZE)(clean_url))

    def _refusal(self, url: str, clean: str, kind: str, parent: Response | None) -> str | None:
        """Why `clean` is not requested (a stats key), or None."""
        if not self._in_scope(clean):
            return "skipped/offsite"
        if any(p.search(clean) for p in self.deny):
            return "skipped/denied"
        if kind in ("page", "pagination", "entry") and self.allow and not any(
                p.search(clean) for p in self.allow):
            return "skipped/not_allowed"
        if kind in ("page", "pagination") and urlsplit(clean).path.lower().endswith(SKIPPED_EXTENSIONS):
            return "skipped/extension"
        if traps.too_long(url, self.settings.getint("URLLENGTH_LIMIT", traps.MAX_URL_LENGTH)):
            return "trap/url_too_long"
        if traps.repeated_segments(clean):
            return "trap/repeated_segments"
        if kind in ("page", "pagination") and traps.calendar_chain(clean, parent and parent.url):
            return "trap/calendar"
        number = traps.page_number(clean)
        if number is not None and number > self.config.max_pagination:
            return "trap/pagination"
        return None

    def _depth(self, kind: str, parent: Response | None) -> int:
        """Link hops from a start URL, sitemap or feed entry; pagination does not add a hop."""
        if kind not in ("page", "pagination") or parent is None:
            return 0
        return int(parent.meta.get("news_depth", 0)) + (kind == "page")

    # ---- discovery ---------------------------------------------------------------------------

    def parse_robots(self, response: Response) -> Iterable[scrapy.Request]:
        text = response.text if isinstance(response, TextResponse) else ""
        found = robots.sitemap_urls(text, response.url) if response.status == 200 else []
        for url in found or [urljoin(response.url, "/sitemap.xml")]:
            self.crawler.stats.inc_value("newsarchive/discovery/robots_sitemaps")
            request = self._request(url, self.parse_sitemap, "sitemap", response)
            if request is not None:
                yield request

    def parse_sitemap(self, response: Response) -> Iterable[scrapy.Request]:
        try:
            sitemap = sitemaps.parse_sitemap(response.body)
        except sitemaps.SitemapError as exc:
            logger.info("Not a sitemap: %s (%s)", response.url, exc)
            self.crawler.stats.inc_value("newsarchive/discovery/bad_sitemap")
            return
        index = sitemap.kind == "sitemapindex"
        for entry in sitemap.entries:
            url = urljoin(response.url, entry.loc)
            self.crawler.stats.inc_value(
                "newsarchive/discovery/" + ("sitemaps" if index else "sitemap_urls"))
            request = (self._request(url, self.parse_sitemap, "sitemap", response) if index else
                       self._request(url, self.parse_page, "entry", response, entry.hints))
            if request is not None:
                yield request

    def parse_feed(self, response: Response) -> Iterable[scrapy.Request]:
        for entry in feeds.parse_feed(response.body):
            self.crawler.stats.inc_value("newsarchive/discovery/feed_urls")
            request = self._request(urljoin(response.url, entry.link), self.parse_page, "entry",
                                    response, entry.hints)
            if request is not None:
                yield request

    def claim(self, url: str, via: Iterable[str] = ()) -> bool:
        """Mark `url` requested by this crawl; False when it already was (a link reached it first).

        A redirect to another spelling of a URL on its way (`via`: "/a" to "/a/") is no other URL.
        The front page and known hubs are always downloaded: a revisit redirected there is a removed
        story, which the archive can only tell from the page it lands on."""
        clean = self._clean(url)
        landing = urlsplit(clean).path in ("", "/") or clean in self.hubs
        if clean in self.seen and not landing and clean not in {self._clean(u) for u in via}:
            return False
        self.seen.add(clean)
        return True

    def parse_page(self, response: Response) -> Iterable[Any]:
        self.seen.add(self._clean(response.url))  # a redirect's target: not requested again
        if response.meta.get(MOVED_ONLY):
            # a revisit redirected to a URL this crawl fetches anyway: the move, without the page
            hops = response.meta.get("redirect_reasons") or [0]
            yield self._item(response, outcome="moved", body=None, status=int(hops[-1]))
            return
        hub = self.hubs.get(response.meta.get("hub") or "")
        if response.status == 304:
            if hub is not None:
                yield from self._unchanged_hub(response, hub, None)
                return
            yield self._item(response, outcome="not_modified", body=None)
            return
        if response.status in GONE_STATUSES or self._redirected_home(response):
            yield self._item(response, outcome="gone", body=None)
            return
        kind = self._not_html(response)
        if kind is not None:
            self.crawler.stats.inc_value("newsarchive/skipped/not_html")
            self.crawler.stats.inc_value(f"newsarchive/skipped/not_html/{kind}")
            return
        digest = hashlib.sha256(response.body).hexdigest() if hub is not None else None
        if hub is not None and digest == hub["sha256"]:
            yield from self._unchanged_hub(response, hub, digest)
            return
        # A tree of our own: response.selector would be cached on the response and point back to
        # it, a cycle that keeps every page (~1 MB parsed) alive until a full garbage collection.
        links = page_links(Selector(text=response.text, type="html").root, get_base_url(response))
        yield from self._follow(links, response)
        item = self._item(response, outcome="article", body=response.body, links=links)
        item.sha256 = digest  # a changed hub's hash, known already: not computed again
        yield item

    def _unchanged_hub(self, response: Response, hub: dict[str, Any],
                       digest: str | None) -> Iterable[Any]:
        """A hub as it was at the last crawl: its links followed again, nothing to extract."""
        self.crawler.stats.inc_value("newsarchive/hub/" + ("same_body" if digest else "not_modified"))
        yield from self._follow(hub["links"], response)
        item = self._item(response, outcome="not_article", body=None)
        item.sha256 = digest
        yield item

    def _follow(self, links: PageLinks, response: Response) -> Iterable[scrapy.Request]:
        if self.config.discover:
            for url in links.get("feeds", ()):
                request = self._request(url, self.parse_feed, "feed", response)
                if request is not None:
                    yield request
        following = set(links.get("next", ()))
        seen, refused = self.seen, self.refused
        for url in links.get("a", ()):
            if url.startswith(("http://", "https://")):
                clean = self._clean(url)
                if clean in seen or clean in refused:
                    continue  # the common case, decided before anything costlier
            kind = "pagination" if url in following or traps.page_number(url) else "page"
            request = self._request(url, self.parse_page, kind, response)
            if request is not None:
                yield request

    def _redirected_home(self, response: Response) -> bool:
        """A revisited article that now redirects to the site's front page is gone."""
        return bool(response.meta.get("revisit") and response.meta.get("redirect_urls")) and (
            urlsplit(response.url).path in ("", "/")
        )

    @staticmethod
    def _not_html(response: Response) -> str | None:
        """Why a response is not an HTML page ("type", "pdf", "image", "binary"...), or None."""
        ctype = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
        if not isinstance(response, TextResponse) or ctype and not any(t in ctype for t in HTML_TYPES):
            return "type"
        return classify.binary_kind(response.body)

    def _item(self, response: Response, *, outcome: str, body: bytes | None,
              links: PageLinks | None = None, status: int | None = None) -> PageItem:
        requested = response.meta.get("redirect_urls", [response.url])[0]
        hops = zip(response.meta.get("redirect_reasons", []), response.meta.get("redirect_urls", []))
        found = ((name, response.headers.get(name)) for name in KEPT_HEADERS)
        headers = {name: value.decode("latin-1") for name, value in found if value}
        hints = {**self.late_hints.pop(response.url, {}), **(response.meta.get("hints") or {})}
        if response.meta.get("revisit") and self._clean(response.url) not in self.hubs:
            hints["revisit"] = True  # a known article's page (or where it moved): not judged afresh as a hub
        return PageItem(
            url=requested,
            final_url=response.url,
            status=status or response.status,
            fetched_at=_now(),
            headers=headers,
            body=body,
            redirects=[[int(r) if str(r).isdigit() else 0, u] for r, u in hops],
            site=self.site,
            outcome=outcome,
            hints=hints,
            links=links,
        )
