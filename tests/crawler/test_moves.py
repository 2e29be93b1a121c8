"""The revisit-redirect middleware: which follow-ups of a revisit's redirect are answered without a download."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from crawler.moves import MOVED_ONLY, RevisitRedirectMiddleware
from crawler.spiders.news import NewsSpider

OLD = "https://news.example/2024/05/old-slug/"
NEW = "https://news.example/2024/05/new-slug/"


def middleware(seen: set[str]) -> RevisitRedirectMiddleware:
    crawler = get_crawler()
    crawler.spider = NewsSpider(start_urls="https://news.example/")  # its own claim(): no crawl needed
    crawler.spider.seen.update(seen)
    crawler.spider.hubs = {"https://news.example/business/": {"links": {}}}
    return RevisitRedirectMiddleware.from_crawler(crawler)


def follow_up(url: str = NEW, reasons: tuple = (301,), revisit: int | None = 7) -> Request:
    meta = {"redirect_urls": [OLD], "redirect_reasons": list(reasons)}
    if revisit is not None:
        meta["revisit"] = revisit
    return Request(url, meta=meta, dont_filter=True)


def test_permanent_redirect_to_a_url_already_requested_gets_a_stand_in() -> None:
    request = follow_up()
    response = middleware({NEW}).process_request(request)
    assert response is not None and response.url == NEW and not response.body
    assert request.meta[MOVED_ONLY] is True


@pytest.mark.parametrize(("seen", "request_"), [
    pytest.param(set(), follow_up(), id="new-url-not-requested-yet"),
    pytest.param({NEW}, follow_up(reasons=(302,)), id="temporary-redirect"),
    pytest.param({NEW}, follow_up(revisit=None), id="not-a-revisit"),
    pytest.param({"https://news.example/"}, follow_up("https://news.example/"), id="front-page: gone"),
    pytest.param({OLD}, follow_up(OLD), id="same-url-respelled"),
    pytest.param({"https://news.example/business/"}, follow_up("https://news.example/business/"), id="known-hub"),
])
def test_other_follow_ups_are_downloaded(seen: set[str], request_: Request) -> None:
    assert middleware(seen).process_request(request_) is None
    assert MOVED_ONLY not in request_.meta


def test_a_url_claimed_by_the_redirect_is_not_requested_again_by_a_link() -> None:
    ware = middleware(set())
    assert ware.process_request(follow_up()) is None
    assert NEW in ware.crawler.spider.seen


def test_off_by_setting() -> None:
    with pytest.raises(NotConfigured):
        RevisitRedirectMiddleware.from_crawler(get_crawler(settings_dict={"REVISIT_REDIRECT_ENABLED": False}))


def test_a_retry_of_a_claimed_follow_up_is_downloaded() -> None:
    ware = middleware(set())
    first = follow_up()
    assert ware.process_request(first) is None
    retry = first.replace(meta=dict(first.meta))  # RetryMiddleware copies the request with its meta
    assert ware.process_request(retry) is None and MOVED_ONLY not in retry.meta
