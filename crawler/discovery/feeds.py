"""Feeds (RSS 0.9x/1.0/2.0, Atom, JSON Feed) read with feedparser, and feed discovery."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import feedparser

# Feeds are small; a bigger document is not a feed we want to parse.
MAX_FEED_BYTES = 16 * 1024 * 1024
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
    "application/rdf+xml",
)


@dataclass
class FeedEntry:
    link: str
    hints: dict[str, str] = field(default_factory=dict)


def _json_feed(data: bytes) -> list[FeedEntry] | None:
    try:
        doc = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(doc, dict) or "jsonfeed.org" not in str(doc.get("version", "")):
        return None
    entries = []
    for item in doc.get("items") or []:
        link = isinstance(item, dict) and (item.get("url") or item.get("external_url"))
        if isinstance(link, str):
            hints = {k: str(item[v]) for k, v in _JSON_HINTS.items() if item.get(v)}
            entries.append(FeedEntry(link=link, hints=hints))
    return entries


_JSON_HINTS = {"feed_title": "title", "feed_published": "date_published", "feed_updated": "date_modified"}
_XML_HINTS = {"feed_title": "title", "feed_published": "published", "feed_updated": "updated"}


def parse_feed(data: bytes) -> list[FeedEntry]:
    """The entries of a feed with their link and what the feed says of them."""
    if len(data) > MAX_FEED_BYTES:
        return []
    json_entries = _json_feed(data) if data.lstrip()[:1] == b"{" else None
    if json_entries is not None:
        return json_entries
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    entries = []
    for entry in parsed.entries:
        link = entry.get("link")
        if link:
            # dict.get: feedparser's own get() maps a missing `updated` to `published`, with a warning
            hints = {k: str(dict.get(entry, v)) for k, v in _XML_HINTS.items() if dict.get(entry, v)}
            entries.append(FeedEntry(link=link, hints=hints))
    return entries
