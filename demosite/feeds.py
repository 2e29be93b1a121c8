"""Machine-readable files: robots.txt, the RSS feed, the sitemap index and its sitemaps."""

from __future__ import annotations

import gzip
from datetime import datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape

from demosite.content import SITE_NAME, Article

SITEMAP_CHUNK = 500  # URLs per posts sitemap
NEWS_SITEMAP = "sitemap-news.xml.gz"


def robots_txt(base: str) -> str:
    """robots.txt: everything allowed but /private/, with the sitemap index."""
    return ("User-agent: *\nDisallow: /private/\nDisallow: /__control__/\nAllow: /\n\n"
            f"Sitemap: {base}sitemap.xml\n")


def rss(base: str, articles: list[Article]) -> str:
    """RSS 2.0 feed of the given articles, newest first."""
    items = []
    for a in articles:
        link = escape(base + a.path.lstrip("/"))
        when = format_datetime(datetime.fromisoformat(a.published))
        authors = escape(", ".join(a.authors))
        summary = escape(a.subtitle or a.body[1 if a.body[0].startswith("## ") else 0])
        items.append(f"<item><title>{escape(a.title)}</title><link>{link}</link>"
                     f'<guid isPermaLink="true">{link}</guid><pubDate>{when}</pubDate>'
                     f"<dc:creator>{authors}</dc:creator><category>{a.section.title()}</category>"
                     f"<description>{summary}</description></item>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">'
            f"<channel><title>{SITE_NAME}</title><link>{base}</link>"
            f'<atom:link href="{base}feed.xml" rel="self" type="application/rss+xml"/>'
            f"<description>Latest news from {SITE_NAME}</description><language>en-us</language>"
            + "".join(items) + "</channel></rss>\n")


def _urlset(entries: list[str], news: bool = False) -> str:
    ns = ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"' if news else ""
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"{ns}>'
            + "".join(entries) + "</urlset>\n")


def sitemap_index(base: str, names: list[str], lastmod: str) -> str:
    """The sitemap index at /sitemap.xml."""
    entries = "".join(f"<sitemap><loc>{base}{name}</loc><lastmod>{lastmod}</lastmod></sitemap>"
                      for name in names)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex '
            f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>\n')


def pages_sitemap(base: str, paths: list[str], lastmod: str) -> str:
    """Sitemap of the home and section pages."""
    return _urlset([f"<url><loc>{base}{p.lstrip('/')}</loc><lastmod>{lastmod}</lastmod>"
                    "<changefreq>hourly</changefreq></url>" for p in paths])


def posts_sitemap(base: str, articles: list[Article]) -> str:
    """Sitemap of articles with their lastmod."""
    return _urlset([f"<url><loc>{escape(base + a.path.lstrip('/'))}</loc>"
                    f"<lastmod>{a.modified}</lastmod></url>" for a in articles])


def news_sitemap(base: str, articles: list[Article]) -> bytes:
    """Gzipped Google News sitemap, keeping news:title and news:publication_date."""
    entries = [f"<url><loc>{escape(base + a.path.lstrip('/'))}</loc><lastmod>{a.modified}</lastmod>"
               f"<news:news><news:publication><news:name>{SITE_NAME}</news:name>"
               f"<news:language>en</news:language></news:publication>"
               f"<news:publication_date>{a.published}</news:publication_date>"
               f"<news:title>{escape(a.title)}</news:title></news:news></url>" for a in articles]
    return gzip.compress(_urlset(entries, news=True).encode(), mtime=0)
