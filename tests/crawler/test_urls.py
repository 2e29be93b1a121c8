"""Canonical URLs and trap rules: pure functions."""

from __future__ import annotations

import pytest

from crawler.discovery import traps
from crawler.discovery.classify import binary_kind
from crawler.middlewares import retry_after_seconds
from crawler.urls import canonical_url, clean_url, has_session_id

BASE = "https://news.example/world/story.html"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://News.Example:443/world/story.html#comments", BASE),
        (BASE + "?utm_source=tw&utm_medium=social&fbclid=abc&gclid=1&mc_cid=x", BASE),
        (BASE + "?id=5&utm_campaign=x", BASE + "?id=5"),
        ("https://news.example/world/story.amp.html", BASE),
        ("https://news.example/world/story/amp/", "https://news.example/world/story/"),
        ("https://news.example/amp/world/story.html", BASE),
        (BASE + "?amp=1", BASE),
        (BASE + "?outputType=amp", BASE),
        ("https://m.news.example/world/story.html", BASE),
        (BASE + "?PHPSESSID=0123abcd", BASE),
        ("https://news.example/world/story.html;jsessionid=ABC123", BASE),
        ("https://news.example/a//b/", "https://news.example/a/b/"),
        ("http://127.0.0.1:8080/x?b=2&a=1", "http://127.0.0.1:8080/x?b=2&a=1"),
    ],
)
def test_clean_url(url: str, expected: str) -> None:
    assert clean_url(url) == expected


def test_session_ids_are_recognised() -> None:
    assert has_session_id(BASE + "?sessionid=1") and has_session_id(BASE + ";jsessionid=2")
    assert not has_session_id(BASE + "?page=2")


def test_canonical_url_resolves_and_stays_on_site() -> None:
    assert canonical_url("/world/story.html?utm_source=x", BASE + "?amp=1") == BASE
    assert canonical_url("https://www.news.example/world/story.html", BASE) == \
        "https://www.news.example/world/story.html"
    assert canonical_url("https://aggregator.example/copy", BASE) is None
    assert canonical_url("", BASE) is None and canonical_url(None, BASE) is None


def test_traps() -> None:
    assert traps.too_long("https://x.example/" + "a" * 3000)
    assert traps.repeated_segments("https://x.example/section/world/section/world/")
    assert traps.repeated_segments("https://x.example/a/b/a/c/a/")
    assert not traps.repeated_segments("https://x.example/2025/05/05/story.html")
    assert traps.page_number("https://x.example/section/world/page/7/") == 7
    assert traps.page_number("https://x.example/list?page=12") == 12
    assert traps.page_number("https://x.example/world/story.html") is None
    assert traps.is_calendar("https://x.example/calendar/2025/05/")
    assert traps.is_calendar("https://x.example/2025/05/")
    assert not traps.is_calendar("https://x.example/2025/05/12/story-slug.html")
    assert traps.calendar_chain("https://x.example/calendar/2025/04/",
                                "https://x.example/calendar/2025/05/")
    assert not traps.calendar_chain("https://x.example/calendar/2025/05/", "https://x.example/")


def test_binary_bodies_are_recognised() -> None:
    assert binary_kind(b"%PDF-1.4\n...") == "pdf"
    assert binary_kind(b"\x89PNG\r\n\x1a\n") == "image"
    assert binary_kind(bytes(range(256)) * 4) == "binary"
    assert binary_kind(b"<!doctype html><html><body>caf\xc3\xa9</body></html>") is None


def test_retry_after_values() -> None:
    assert retry_after_seconds("120") == 120.0
    assert retry_after_seconds(b"3") == 3.0
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None
    from datetime import datetime, timezone
    now = datetime(2025, 1, 1, tzinfo=timezone.utc)
    assert retry_after_seconds("Wed, 01 Jan 2025 00:00:30 GMT", now) == 30.0
