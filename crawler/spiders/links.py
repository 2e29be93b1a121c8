"""The links of an HTML page that the spider follows: announced feeds, next pages, anchors.

Read with compiled XPath straight from the lxml tree (the CSS selectors of the spider, translated
once): parsel would wrap each of a page's ~50 hrefs in a Selector. `page_links` returns plain
lists, so that the links of a hub can be stored and followed again without the page.
"""

from __future__ import annotations

import functools
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree
from parsel.csstranslator import HTMLTranslator

FEED_LINK_CSS = (
    'link[rel~="alternate"][type*="rss"]::attr(href), '
    'link[rel~="alternate"][type*="atom"]::attr(href), '
    'link[rel~="alternate"][type*="feed+json"]::attr(href)'
)
NEXT_LINK_CSS = 'a[rel~="next"]::attr(href), link[rel~="next"]::attr(href)'
ANCHOR_CSS = "a::attr(href)"
_XPATHS = {
    name: etree.XPath(HTMLTranslator().css_to_xpath(css))
    for name, css in (("feeds", FEED_LINK_CSS), ("next", NEXT_LINK_CSS), ("a", ANCHOR_CSS))
}

JOIN_CACHE_SIZE = 1 << 16

PageLinks = dict[str, list[str]]


def page_links(root: Any, base_url: str) -> PageLinks:
    """{"feeds", "next", "a"}: absolute URLs (joined to `base_url`), each once, in page order."""
    parts = urlsplit(base_url)
    scheme, origin = parts.scheme + "://", f"{parts.scheme}://{parts.netloc}/"
    out = {}
    for name, xpath in _XPATHS.items():
        hrefs = dict.fromkeys(str(href).strip() for href in xpath(root))
        out[name] = list(dict.fromkeys(_join(base_url, scheme, origin, href) for href in hrefs))
    return out


def _join(base: str, scheme: str, origin: str, href: str) -> str:
    """urljoin(base, href); an absolute or root-relative href does not depend on the base's
    path, so its join is remembered across the pages of a site (most of their links)."""
    if href.startswith("/") and not href.startswith("//"):
        return _remembered_join(origin, href)
    if href.startswith(("http://", "https://")) and not href.startswith(("http:///", "https:///")):
        return _remembered_join(scheme, href)  # only the base's scheme matters
    return urljoin(base, href)


@functools.lru_cache(maxsize=JOIN_CACHE_SIZE)
def _remembered_join(base: str, href: str) -> str:
    return urljoin(base, href)
