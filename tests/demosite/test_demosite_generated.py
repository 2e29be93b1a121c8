"""Generated sites: realistic page sizes, pagination, sitemap index, mixed discovery, speed."""

from __future__ import annotations

import gzip
import http.client
import re
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

import pytest

from demosite.server import DemoServer
from demosite.site import Site

Fetch = Callable[..., Any]
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def big() -> DemoServer:
    with DemoServer(Site(articles=1200, seed=7, discovery="mixed")) as server:
        yield server


def sitemap_locs(server: DemoServer, fetch: Fetch) -> tuple[list[str], set[str]]:
    children = [e.text for e in ET.fromstring(fetch(server.url + "sitemap.xml").body).iter(SM + "loc")]
    urls = set()
    for child in children:
        body = fetch(child).body
        body = gzip.decompress(body) if child.endswith(".gz") else body
        urls |= {e.text for e in ET.fromstring(body).iter(SM + "loc")}
    return children, urls


def test_article_pages_weigh_60_to_150_kb(big: DemoServer, fetch: Fetch) -> None:
    articles = big.site.articles(1)
    sizes = [len(fetch(big.url + a.path.lstrip("/")).body) for a in articles[::40]]
    assert all(60_000 <= s <= 150_000 for s in sizes), sizes
    assert max(sizes) - min(sizes) > 30_000


def test_sitemap_index_has_several_sitemaps_one_gzipped(big: DemoServer, fetch: Fetch) -> None:
    children, urls = sitemap_locs(big, fetch)
    assert len([c for c in children if "posts" in c]) == 3  # 500 URLs each
    assert [c for c in children if c.endswith(".gz")] == [big.url + "sitemap-news.xml.gz"]
    in_sitemaps = {big.url + a.path.lstrip("/") for a in big.site.articles(1) if "sitemap" in a.reach}
    assert in_sitemaps <= urls


def crawl_links(server: DemoServer, fetch: Fetch) -> set[str]:
    """Breadth-first over same-site HTML links (hubs and articles), as a spider would."""
    seen, queue = {"/"}, ["/"]
    while queue:
        page = fetch(server.url + queue.pop().lstrip("/"))
        if page.status != 200 or not page.headers["Content-Type"].startswith("text/html"):
            continue
        for href in re.findall(r'<a [^>]*href="(/[^"#?]*)"', page.text):
            if href not in seen and not href.startswith("/private/"):
                seen.add(href)
                queue.append(href)
    return seen


def test_mixed_discovery(big: DemoServer, fetch: Fetch) -> None:
    articles = big.site.articles(1)
    feed = {e.text for e in ET.fromstring(fetch(big.url + "feed.xml").body).iter("link")}
    _, sitemaps = sitemap_locs(big, fetch)
    links = {big.url + p.lstrip("/") for p in crawl_links(big, fetch)}
    url = {a.slug: big.url + a.path.lstrip("/") for a in articles}
    only = {"feed": feed - sitemaps - links, "sitemap": sitemaps - feed - links,
            "links": links - feed - sitemaps}
    for source, urls in only.items():
        expected = {url[a.slug] for a in articles if a.reach == frozenset({source})}
        assert expected and urls & set(url.values()) == expected, source
    assert set(url.values()) <= feed | sitemaps | links
    assert len(feed) - 1 == 50  # the channel link plus the latest 50


def test_section_pages_paginate(big: DemoServer, fetch: Fetch) -> None:
    page = fetch(big.url + "section/world/page/2/").text
    assert 'rel="prev" href="/section/world/"' in page
    assert 'rel="next" href="/section/world/page/3/"' in page
    assert fetch(big.url + "section/world/page/999/").status == 404


def test_serves_hundreds_of_pages_per_second() -> None:
    site = Site(articles=400, seed=9)
    paths = [a.path for a in site.articles(1)]
    with DemoServer(site, log_requests=False) as server:
        def worker(chunk: list[str]) -> None:
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
            for path in chunk:
                connection.request("GET", path)
                assert connection.getresponse().read()
            connection.close()
        start = time.perf_counter()
        threads = [threading.Thread(target=worker, args=(paths[i::4],)) for i in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        rate = len(paths) / (time.perf_counter() - start)
    assert rate > 100, rate  # ~800/s measured on 2 cores, first (uncached) requests


def test_generated_headlines_are_distinct() -> None:
    articles = Site(articles=3000, seed=1).articles(1)
    assert len({a.title for a in articles}) == 3000
    assert len({a.path for a in articles}) == 3000


def test_traps(fetch: Fetch) -> None:
    with DemoServer(Site(traps=True)) as server:
        home = fetch(server.url).text
        session = re.search(r'href="(/\?sessionid=\w+)"', home).group(1)
        assert session not in fetch(server.url).text  # a new session id on every request
        calendar = fetch(server.url + "calendar/1999/01/").text
        assert 'href="/calendar/1998/12/"' in calendar and 'href="/calendar/1999/02/"' in calendar
        section = fetch(server.url + "section/world/").text
        assert 'href="section/world/"' in section  # relative link: /section/world/section/world/
        assert fetch(server.url + "section/world/section/world/section/world/").status == 200
        pdf = fetch(server.url + "media/annual-report.pdf")
        assert pdf.headers["Content-Type"] == "application/pdf"
        assert fetch(server.url + "downloads/data.html").headers["Content-Type"] == "text/html"
    with DemoServer() as server:
        assert "calendar" not in fetch(server.url).text
