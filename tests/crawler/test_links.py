"""page_links reads what the spider's CSS selectors read, joined as Scrapy's response.urljoin joins."""

from __future__ import annotations

from scrapy.http import HtmlResponse
from scrapy.utils.response import get_base_url

from crawler.spiders.links import ANCHOR_CSS, FEED_LINK_CSS, NEXT_LINK_CSS, page_links

PAGE = b"""<html><head>
<link rel="alternate" type="application/rss+xml" href="/feed.xml">
<link rel="Alternate stylesheet" type="application/atom+xml" href="atom.xml">
<link rel="alternate" type="text/html" href="/fr/">
<link rel="next" href="?page=2">
</head><body>
<a href="/a/">A</a> <a href=" /a/ ">A again</a> <a href="b.html">B</a> <a href="../up/">Up</a>
<a href="//cdn.example.org/x">CDN</a> <a href="https://other.example/p/../q">Other</a>
<a href="#top">Top</a> <a href="mailto:x@example.org">Mail</a> <a rel="next nofollow" href="page/2/">Next</a>
<a>no href</a> <a href="http:///odd">Odd</a>
</body></html>"""


def expected(response: HtmlResponse, css: str) -> list[str]:
    return list(dict.fromkeys(response.urljoin(h.strip()) for h in response.css(css).getall()))


def test_page_links_match_the_css_selectors() -> None:
    for url in ("http://news.example/section/world/", "https://news.example/a/b/c.html?x=1"):
        for body in (PAGE, PAGE.replace(b"<head>", b'<head><base href="http://base.example/d/">')):
            response = HtmlResponse(url, body=body, encoding="utf-8")
            links = page_links(response.selector.root, get_base_url(response))
            assert links == {"feeds": expected(response, FEED_LINK_CSS),
                             "next": expected(response, NEXT_LINK_CSS),
                             "a": expected(response, ANCHOR_CSS)}
            assert links["feeds"] and links["next"] and len(links["a"]) >= 9
