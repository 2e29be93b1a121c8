"""robots.txt, the RSS feed, the sitemap index and hubs are well-formed and complete."""

from __future__ import annotations

import gzip
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any
from urllib.robotparser import RobotFileParser

from demosite.server import DemoServer

Fetch = Callable[..., Any]
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def article_urls(server: DemoServer, edition: int = 1) -> set[str]:
    return {server.url + a.path.lstrip("/") for a in server.site.articles(edition)}


def test_robots_txt(server: DemoServer, fetch: Fetch) -> None:
    text = fetch(server.url + "robots.txt").text
    assert f"Sitemap: {server.url}sitemap.xml" in text.splitlines()
    robots = RobotFileParser()
    robots.parse(text.splitlines())
    assert not robots.can_fetch("newsarchive", server.url + "private/secret.html")
    assert robots.can_fetch("newsarchive", server.url)
    home = fetch(server.url).text
    assert 'href="/private/secret.html"' in home
    assert fetch(server.url + "private/secret.html").status == 200


def test_rss_feed(server: DemoServer, fetch: Fetch) -> None:
    page = fetch(server.url + "feed.xml")
    assert page.headers["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(page.body)
    assert root.tag == "rss" and root.get("version") == "2.0"
    items = root.findall("./channel/item")
    assert {i.findtext("link") for i in items} == article_urls(server)
    assert all(i.findtext("title") and i.findtext("pubDate") for i in items)


def sitemap_urls(server: DemoServer, fetch: Fetch) -> tuple[dict[str, str], list[str]]:
    index = ET.fromstring(fetch(server.url + "sitemap.xml").body)
    assert index.tag == SM + "sitemapindex"
    children = [e.text for e in index.iter(SM + "loc")]
    urls: dict[str, str] = {}
    for child in children:
        body = fetch(child).body
        if child.endswith(".gz"):
            body = gzip.decompress(body)
        for url in ET.fromstring(body).iter(SM + "url"):
            urls[url.findtext(SM + "loc")] = url.findtext(SM + "lastmod")
    return urls, children


def test_sitemaps(server: DemoServer, fetch: Fetch) -> None:
    urls, children = sitemap_urls(server, fetch)
    assert len(children) >= 3
    assert sum(c.endswith(".gz") for c in children) == 1
    assert article_urls(server) <= set(urls)
    assert all(urls.values())
    news = ET.fromstring(gzip.decompress(fetch(server.url + "sitemap-news.xml.gz").body))
    titles = {n.findtext(f"{NEWS}news/{NEWS}title") for n in news.iter(SM + "url")}
    assert {a.title for a in server.site.articles(1)} == titles


def test_hubs_link_every_article(server: DemoServer, fetch: Fetch) -> None:
    linked = set()
    for hub in ("", "section/world/", "section/business/"):
        page = fetch(server.url + hub)
        assert page.status == 200
        assert '"@type": "CollectionPage"' in page.text
        linked |= {server.url + p.lstrip("/") for p in re.findall(r'href="(/[^"]*)"', page.text)}
    assert article_urls(server) <= linked


def test_unknown_path_is_404(server: DemoServer, fetch: Fetch) -> None:
    assert fetch(server.url + "no/such/page/").status == 404
    assert fetch(server.url + "section/sports/").status == 404
