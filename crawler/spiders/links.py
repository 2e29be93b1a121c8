"""The links of an HTML page that the spider follows: announced feeds, next pages, anchors.

Read with compiled XPath straight from the lxml tree (the CSS selectors of the spider, translated
once): parsel would wrap each of a page's ~50 hrefs in a Selector. `page_links` returns plain
lists, so that the links of a hub can be stored and followed again without the page.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

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

PageLinks = dict[str, list[str]]


def page_links(root: Any, base_url: str) -> PageLinks:
    """{"feeds", "next", "a"}: absolute URLs (joined to `base_url`), each once, in page order."""
    return {name: list(dict.fromkeys(urljoin(base_url, str(href).strip()) for href in xpath(root)))
            for name, xpath in _XPATHS.items()}
