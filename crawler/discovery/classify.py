"""Article or hub: decide from the page's declarations, its URL and the shape of its text."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "backgroundnewsarticle",
        "askpublicnewsarticle",
        "blogposting",
        "liveblogposting",
        "socialmediaposting",
        "techarticle",
        "scholarlyarticle",
        "report",
    }
)
# Types of a page that lists others. Not "WebSite" nor "WebPage": most articles declare the site
# and the page beside the article (measured on the corpus: og:type "website" and a WebSite entity
# stood on 9 % of real article pages).
HUB_TYPES = frozenset({"collectionpage", "itemlist", "searchresultspage", "profilepage"})
# Paths of listing pages: the front page, sections, tags, authors, archives, pagination, search.
HUB_PATH = re.compile(
    r"^/?$|/(?:tags?|category|categories|sections?|topics?|authors?|archives?|search|page)(?:/|$)"
    r"|/page/\d+/?$",
    re.I,
)
# A one-segment path made of a single word ("/world/", "/sport") names a section.
SECTION_PATH = re.compile(r"^/[a-z]+/?$", re.I)
DATE_IN_PATH = re.compile(r"/(19|20)\d{2}[/-](0?[1-9]|1[0-2])([/-](0?[1-9]|[12]\d|3[01]))?(/|-|$)")
# A body this long is an article even when the page declares nothing.
MIN_WORDS_UNDECLARED = 250
MIN_WORDS_DATED = 80


def _types(record: Mapping[str, Any]) -> set[str]:
    return {str(t).lower().rsplit("/", 1)[-1] for t in record.get("schema_types") or []}


def is_article(record: Mapping[str, Any], url: str) -> bool:
    """True when the extracted page is one article rather than a hub of links."""
    types = _types(record)
    og_type = (record.get("og_type") or "").lower()
    words = len((record.get("text") or "").split())
    path = urlsplit(url).path
    if types & ARTICLE_TYPES:
        return words > 0
    if types & HUB_TYPES:
        return False
    if og_type == "article":
        return words > 0
    if DATE_IN_PATH.search(path):
        return words >= MIN_WORDS_DATED
    if HUB_PATH.search(path) or SECTION_PATH.match(path):
        return False
    return words >= MIN_WORDS_UNDECLARED


# Magic numbers of documents that are never article pages, whatever their Content-Type says.
BINARY_SIGNATURES = (
    (b"%PDF-", "pdf"), (b"\x89PNG", "image"), (b"GIF8", "image"), (b"\xff\xd8\xff", "image"),
    (b"RIFF", "media"), (b"PK\x03\x04", "archive"), (b"\x1f\x8b", "archive"), (b"OggS", "media"),
    (b"ID3", "media"), (b"\x00\x00\x00", "media"), (b"wOFF", "font"), (b"wOF2", "font"),
)
SNIFF_BYTES = 1024
# Share of control bytes (other than tab, newline, carriage return, form feed) in text.
MAX_CONTROL_SHARE = 0.05


def binary_kind(body: bytes) -> str | None:
    """What a body served as HTML really is ("pdf", "image", "binary"...), or None for text."""
    head = body[:SNIFF_BYTES].lstrip()
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # UTF-16 text: its NUL bytes are not binary
    for magic, kind in BINARY_SIGNATURES:
        if head.startswith(magic):
            return kind
    if not head:
        return None
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return "binary" if control / len(head) > MAX_CONTROL_SHARE else None
