"""A revisit moved for good to a URL this crawl already requested: the move is reported, the page not fetched twice."""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

# request.meta key set on the stand-in response: the spider reports a move without a body.
MOVED_ONLY = "moved_only"
CLAIMED = "moved_claimed"  # the follow-up claimed its URL: a retry of it is no link's duplicate
PERMANENT = frozenset({301, 308})
# Stats key of the stand-ins: Scrapy counts them as responses received, but nothing was fetched.
STAND_INS = "newsarchive/revisit/moved_to_known_url"


class RevisitRedirectMiddleware:
    """Between a revisit's 301 and the request that follows it, a link may have reached the new URL
    (revisits are `dont_filter`, so Scrapy would download it again). The follow-up is then answered
    here with an empty stand-in, and the spider records the move alone; the linked fetch brings the
    page, and the archive joins the two. Otherwise the new URL is claimed at once, so that a link
    found later does not fetch it. Temporary redirects are downloaded as before."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RevisitRedirectMiddleware:
        if not crawler.settings.getbool("REVISIT_REDIRECT_ENABLED", True):
            raise NotConfigured("REVISIT_REDIRECT_ENABLED is off")
        return cls(crawler)

    def process_request(self, request: Request) -> Response | None:
        hops = request.meta.get("redirect_urls")
        if not (request.meta.get("revisit") and hops):
            return None
        if request.meta.get(CLAIMED):
            return None  # a retry of a follow-up this middleware let through: still to download
        claim = getattr(self.crawler.spider, "claim", None)
        if claim is None or claim(request.url, via=hops):
            request.meta[CLAIMED] = True
            return None
        if not set(request.meta.get("redirect_reasons") or ()) <= PERMANENT:
            return None
        self.crawler.stats.inc_value(STAND_INS)
        request.meta[MOVED_ONLY] = True
        request.meta["dont_cache"] = True  # an HTTP cache, if enabled, must not keep the empty stand-in
        return Response(request.url, status=200, request=request, flags=[MOVED_ONLY])
