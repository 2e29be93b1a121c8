"""The demo site's articles extract with their counters, and to the same text on every fetch."""

import urllib.request

import pytest

from crawler.extract import extract_article

FETCHED = "2026-01-01T00:00:00+00:00"
ARTICLES = 6


def fetch(url: str) -> tuple[bytes, dict[str, str]]:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - 127.0.0.1 only
        return response.read(), dict(response.headers)


def test_demo_articles() -> None:
    server_module = pytest.importorskip("demosite.server")
    site_module = pytest.importorskip("demosite.site")
    site = site_module.Site(articles=ARTICLES, seed=0)
    with server_module.DemoServer(site) as server:
        for article in site.articles(1)[:ARTICLES]:
            url = server.url.rstrip("/") + article.path
            records = [extract_article(*fetch(url)[:1], url, FETCHED, fetch(url)[1]) for _ in range(2)]
            assert records[0]["text"] == records[1]["text"]
            assert records[0]["title"] == article.title
            assert records[0]["counters"] == {"comments": article.comments, "views": article.views}
            assert str(article.views) not in records[0]["text"].split()
            assert not records[0]["text"].startswith(article.title)
