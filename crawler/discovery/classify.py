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
HUB_TYPES = frozenset(
    {"collectionpage", "website", "itemlist", "searchresultspage", "profilepage", "aboutpage"}
)
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
    if types & ARTICLE_TYPES or og_type == "article":
        return words > 0
    if types & HUB_TYPES or og_type == "website":
        return False
    if DATE_IN_PATH.search(urlsplit(url).path):
        return words >= MIN_WORDS_DATED
    return words >= MIN_WORDS_UNDECLARED
