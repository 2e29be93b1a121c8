"""Politeness components: robots.txt per RFC 9309, Retry-After, and per-site throttle floors.

- `Rfc9309RobotsTxtMiddleware` replaces Scrapy's robots middleware: a robots.txt answering
  5xx (or not at all) disallows the whole site until it recovers (Scrapy allows all); 4xx
  allows all. It also hands its robots.txt response to the spider's own robots request, so that
  robots.txt is downloaded once per crawl.
- `RetryAfterMiddleware` honours `Retry-After` on 429 and 503, capped by `RETRY_AFTER_MAX`:
  the request is retried, and no request goes to that download slot until the time is up.
- `SiteAutoThrottle`: AutoThrottle that never goes below a site's configured delay.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Mapping
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.extensions.throttle import AutoThrottle
from scrapy.http import Response
from scrapy.robotstxt import RobotParser
from scrapy.statscollectors import StatsCollector
from scrapy.utils.httpobj import urlparse_cached

logger = logging.getLogger(__name__)

ROBOTS_RECHECK = 60.0  # seconds before an unreachable robots.txt is asked again
RETRY_AFTER_MAX = 120.0
RETRY_AFTER_STATUSES = (429, 503)
MIN_SLOT_DELAY = 0.001  # seconds: enough for Scrapy's downloader to honour a pause


class DisallowAll(RobotParser):
    """The robots rules of a site whose robots.txt is unreachable (RFC 9309, 2.3.1.4)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler, robotstxt_body: bytes) -> DisallowAll:
        return cls()

    def allowed(self, url: str | bytes, user_agent: str | bytes) -> bool:
        return False


class Rfc9309RobotsTxtMiddleware(RobotsTxtMiddleware):
    """robots.txt as RFC 9309 reads it: 4xx allows all, 5xx and errors disallow all, for now."""

    def __init__(self, crawler: Crawler, recheck: float | None = None) -> None:
        super().__init__(crawler)
        self.recheck = (recheck if recheck is not None
                        else crawler.settings.getfloat("ROBOTSTXT_RECHECK", ROBOTS_RECHECK))
        self._unreachable_since: dict[str, float] = {}
        self._responses: dict[str, Response] = {}

    async def process_request(self, request: Request) -> Response | None:
        if request.meta.get("dont_obey_robotstxt") or not request.url.startswith("http"):
            return None
        netloc = urlparse_cached(request).netloc
        since = self._unreachable_since.get(netloc)
        if since is not None and time.monotonic() - since >= self.recheck:
            del self._unreachable_since[netloc]
            self._parsers.pop(netloc, None)  # ask again: it may have recovered
        parser = await self.robot_parser(request)
        if self._is_robots_url(request) and netloc in self._responses:
            # The spider's own request for robots.txt (Sitemap lines): already downloaded.
            return self._responses[netloc].replace(request=request)
        self.process_request_2(parser, request)
        return None

    def process_request_2(self, rp: RobotParser | None, request: Request) -> None:
        try:
            super().process_request_2(rp, request)
        except IgnoreRequest:
            key = "unreachable" if isinstance(rp, DisallowAll) else "forbidden"
            self._stats.inc_value(f"newsarchive/robots/{key}")
            raise

    @staticmethod
    def _is_robots_url(request: Request) -> bool:
        parts = urlparse_cached(request)
        return parts.path == "/robots.txt" and not parts.query

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        self._responses[netloc] = response
        if 500 <= response.status <= 599:
            logger.info("robots.txt of %s answered %s: nothing is fetched from it for now",
                        netloc, response.status)
            self._stats.inc_value("newsarchive/robots/status_5xx")
            self._unreachable(netloc)
            return
        if 400 <= response.status <= 499:
            response = response.replace(body=b"")  # no robots.txt: everything is allowed
        await super()._parse_robots(response, netloc, request)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        if not isinstance(exc, IgnoreRequest):
            self._stats.inc_value(f"robotstxt/exception_count/{type(exc)}")
        logger.info("robots.txt of %s unreachable (%s): nothing is fetched from it for now",
                    netloc, exc)
        self._stats.inc_value("newsarchive/robots/error")
        self._unreachable(netloc)

    def _unreachable(self, netloc: str) -> None:
        self._unreachable_since[netloc] = time.monotonic()
        pending = self._parsers[netloc]
        self._parsers[netloc] = parser = DisallowAll()
        if hasattr(pending, "callback"):
            pending.callback(parser)


def retry_after_seconds(value: str | bytes | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delay-seconds or HTTP-date), else None."""
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


class RetryAfterMiddleware:
    """Retry 429/503 answers that carry Retry-After, after the time asked (at most a cap)."""

    def __init__(self, cap: float, max_retry_times: int, stats: StatsCollector,
                 crawler: Crawler | None = None) -> None:
        self.cap = cap
        self.max_retry_times = max_retry_times
        self.stats = stats
        self.crawler = crawler
        self._paused_until: dict[str, float] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        if not crawler.settings.getbool("RETRY_ENABLED"):
            raise NotConfigured("RETRY_ENABLED is off")
        settings = crawler.settings
        return cls(settings.getfloat("RETRY_AFTER_MAX", RETRY_AFTER_MAX),
                   settings.getint("RETRY_TIMES"), crawler.stats, crawler)

    @staticmethod
    def _slot(request: Request) -> str:
        return str(request.meta.get("download_slot") or urlparse_cached(request).netloc)

    def _pause_download_slot(self, request: Request, wait: float) -> None:
        """Hold the requests already queued in Scrapy's download slot too: the downloader waits
        `delay - now + lastseen` before its next request, and checks only when delay > 0."""
        engine = getattr(self.crawler, "engine", None)
        downloader = getattr(engine, "downloader", None)
        if downloader is None:
            return
        slot = downloader.slots.get(downloader.get_slot_key(request))
        if slot is not None:
            slot.delay = max(slot.delay, MIN_SLOT_DELAY)
            slot.lastseen = max(slot.lastseen, time.monotonic() + wait)

    async def process_request(self, request: Request) -> None:
        """Hold every request to a slot that was told to come back later."""
        wait = self._paused_until.get(self._slot(request), 0.0) - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if response.status not in RETRY_AFTER_STATUSES or request.meta.get("dont_retry"):
            return response
        seconds = retry_after_seconds(response.headers.get(b"Retry-After"))
        if seconds is None:
            return response  # Scrapy's RetryMiddleware retries it as usual
        wait = min(seconds, self.cap)
        if seconds > self.cap:
            self.stats.inc_value("newsarchive/retry_after/capped")
        spider = self.crawler.spider if self.crawler else None
        retry = get_retry_request(request, spider=spider, reason=f"retry_after_{response.status}",
                                  max_retry_times=self.max_retry_times)
        if retry is None:
            self.stats.inc_value("newsarchive/retry_after/gave_up")
            return response
        slot = self._slot(request)
        self._paused_until[slot] = max(self._paused_until.get(slot, 0.0), time.monotonic() + wait)
        self._pause_download_slot(request, wait)
        self.stats.inc_value("newsarchive/retry_after/waited")
        self.stats.max_value("newsarchive/retry_after/max_wait", wait)
        logger.info("%s answered %s, Retry-After %s: waiting %.1f s", request.url,
                    response.status, seconds, wait)
        return retry


class SiteAutoThrottle(AutoThrottle):
    """AutoThrottle, with a floor per download slot: a site's configured delay."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        slots: Mapping[str, Any] = crawler.settings.getdict("DOWNLOAD_SLOTS")
        self.floors = {k: float(v.get("delay", 0.0)) for k, v in slots.items()}

    def _response_downloaded(self, response: Response, request: Request, spider: Spider) -> None:
        super()._response_downloaded(response, request, spider)
        key, slot = self._get_slot(request, spider)
        if slot is not None and key in self.floors:
            slot.delay = max(slot.delay, self.floors[key])
