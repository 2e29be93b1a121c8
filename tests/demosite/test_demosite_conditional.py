"""Conditional GET: ETag and Last-Modified follow the article's edition content, not the noise."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from demosite import stories
from demosite.server import DemoServer
from demosite.site import Site

Fetch = Callable[..., Any]


def url_of(server: DemoServer, slug: str) -> str:
    article = next(a for a in server.site.articles(1) if a.slug == slug)
    return server.url + article.path.lstrip("/")


def test_304_on_matching_validators(server: DemoServer, fetch: Fetch) -> None:
    url = url_of(server, stories.SLUG_1)
    first = fetch(url)
    assert first.headers["ETag"] == fetch(url).headers["ETag"]
    by_etag = fetch(url, {"If-None-Match": first.headers["ETag"]})
    assert by_etag.status == 304 and by_etag.body == b""
    by_date = fetch(url, {"If-Modified-Since": first.headers["Last-Modified"]})
    assert by_date.status == 304
    assert fetch(url, {"If-None-Match": '"other"'}).status == 200
    assert fetch(url, {"If-Modified-Since": "Mon, 01 Jan 2024 00:00:00 GMT"}).status == 200


def test_304_does_not_count_a_view(server: DemoServer, fetch: Fetch) -> None:
    url = url_of(server, stories.SLUG_1)
    etag = fetch(url).headers["ETag"]
    fetch(url, {"If-None-Match": etag})
    assert '<span class="post-views">55</span>' in fetch(url).text


def test_edition_changes_validators_only_of_edited_articles(server: DemoServer, fetch: Fetch) -> None:
    edited, kept = url_of(server, stories.SLUG_2), url_of(server, stories.SLUG_1)
    tags = {u: fetch(u).headers["ETag"] for u in (edited, kept)}
    server.edition = 2
    assert fetch(edited, {"If-None-Match": tags[edited]}).status == 200
    assert fetch(kept, {"If-None-Match": tags[kept]}).status == 304


def test_conditional_can_be_switched_off(fetch: Fetch) -> None:
    with DemoServer(Site(), conditional=False) as server:
        url = url_of(server, stories.SLUG_1)
        etag = fetch(url).headers["ETag"]
        assert fetch(url, {"If-None-Match": etag}).status == 200


def test_requests_are_logged(server: DemoServer, fetch: Fetch) -> None:
    fetch(server.url + "robots.txt", {"User-Agent": "probe/1"})
    fetch(server.url + "missing")
    log = server.requests
    assert [(r.method, r.path, r.status) for r in log] == [("GET", "/robots.txt", 200),
                                                           ("GET", "/missing", 404)]
    assert log[0].headers["User-Agent"] == "probe/1"
    assert log[0].time <= log[1].time


def test_overrides(server: DemoServer, fetch: Fetch) -> None:
    server.override("/robots.txt", 503, {"Retry-After": "2"}, b"busy", times=1)
    first = fetch(server.url + "robots.txt")
    assert (first.status, first.headers["Retry-After"]) == (503, "2")
    assert fetch(server.url + "robots.txt").status == 200
