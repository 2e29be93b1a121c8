"""Discovery parsers: robots.txt Sitemap lines, sitemaps (plain, gzipped, news), feeds, article-or-hub."""

from __future__ import annotations

import gzip
import json

import pytest

from crawler.discovery import classify, feeds, robots, sitemaps

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>http://127.0.0.1/a.html</loc><lastmod>2025-05-03T10:00:00Z</lastmod>
    <news:news><news:publication><news:name>Demo</news:name><news:language>en</news:language></news:publication>
      <news:publication_date>2025-05-03T08:00:00Z</news:publication_date>
      <news:title>A title</news:title></news:news></url>
  <url><loc>http://127.0.0.1/b.html</loc></url>
</urlset>"""

INDEX = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>http://127.0.0.1/s1.xml.gz</loc><lastmod>2025-05-01</lastmod></sitemap></sitemapindex>"""


def test_robots_sitemap_lines_any_case() -> None:
    text = "User-agent: *\nDisallow: /private/\nSitemap: /sitemap.xml\nsitemap: http://127.0.0.1/news.xml\n"
    assert robots.sitemap_urls(text, "http://127.0.0.1/robots.txt") == [
        "http://127.0.0.1/sitemap.xml",
        "http://127.0.0.1/news.xml",
    ]


def test_news_sitemap_keeps_hints() -> None:
    parsed = sitemaps.parse_sitemap(NEWS_SITEMAP)
    assert parsed.kind == "urlset"
    assert parsed.entries[0].hints == {
        "lastmod": "2025-05-03T10:00:00Z",
        "news_publication_date": "2025-05-03T08:00:00Z",
        "news_title": "A title",
    }
    assert parsed.entries[1].loc == "http://127.0.0.1/b.html"


def test_gzipped_index() -> None:
    parsed = sitemaps.parse_sitemap(gzip.compress(INDEX))
    assert parsed.kind == "sitemapindex"
    assert parsed.entries[0].loc.endswith("s1.xml.gz")


def test_gzip_bomb_is_refused() -> None:
    bomb = gzip.compress(b"<urlset>" + b" " * (sitemaps.MAX_SITEMAP_BYTES + 10))
    with pytest.raises(sitemaps.SitemapError, match="larger than"):
        sitemaps.parse_sitemap(bomb)


def test_not_a_sitemap() -> None:
    with pytest.raises(sitemaps.SitemapError):
        sitemaps.parse_sitemap(b"<html><body>hello</body></html>")


def test_rss_atom_and_json_feed() -> None:
    rss = b"""<rss version="2.0"><channel><title>x</title><item><title>T</title>
    <link>http://127.0.0.1/a.html</link><pubDate>Sat, 03 May 2025 08:00:00 GMT</pubDate></item></channel></rss>"""
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title><entry><title>T</title>
    <link href="http://127.0.0.1/b.html"/><updated>2025-05-03T08:00:00Z</updated></entry></feed>"""
    jsonfeed = json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": [
        {"id": "1", "url": "http://127.0.0.1/c.html", "title": "T"}]}).encode()
    assert [e.link for e in feeds.parse_feed(rss)] == ["http://127.0.0.1/a.html"]
    assert feeds.parse_feed(atom)[0].hints["feed_updated"] == "2025-05-03T08:00:00Z"
    assert [e.link for e in feeds.parse_feed(jsonfeed)] == ["http://127.0.0.1/c.html"]


@pytest.mark.parametrize(
    ("record", "url", "expected"),
    [
        ({"schema_types": ["NewsArticle"], "text": "short text"}, "http://x/a", True),
        ({"og_type": "article", "text": "words " * 30}, "http://x/a", True),
        ({"schema_types": ["CollectionPage"], "text": "words " * 400}, "http://x/", False),
        ({"og_type": "website", "text": "words " * 400}, "http://x/section/world/", False),
        ({"text": "words " * 100}, "http://x/2025/05/03/story", True),
        ({"text": "words " * 100}, "http://x/section/world/", False),
        ({"text": "words " * 300}, "http://x/a-long-story", True),
        ({"text": "words " * 300}, "http://x/world/", False),
        ({"schema_types": ["WebSite", "WebPage"], "og_type": "website", "text": "words " * 300},
         "http://x/blog/how-to-archive-the-news", True),
        ({"og_type": "website", "text": "words " * 900}, "http://x/tag/elections/", False),
        ({"og_type": "website", "text": "words " * 900}, "http://x/section/world/page/3/", False),
        ({"og_type": "article", "text": "words " * 900}, "http://x/topics/best-gps-watch", True),
        ({"text": "words " * 100}, "http://x/archive/2025/12/16/story.html", True),
        ({"schema_types": ["ItemList"], "og_type": "article", "text": "words " * 900}, "http://x/list", False),
    ],
)
def test_article_or_hub(record: dict, url: str, expected: bool) -> None:
    assert classify.is_article(record, url) is expected
