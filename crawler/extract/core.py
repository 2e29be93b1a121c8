"""extract_article: page bytes, URL and fetch time to an article record."""

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import trafilatura
from lxml import html

from crawler.extract.counters import counter_prune_xpath, visible_counters
from crawler.extract.errors import ExtractionError


def _max_date(fetched_at: str | datetime) -> str:
    if isinstance(fetched_at, datetime):
        return fetched_at.strftime("%Y-%m-%d")
    return fetched_at[:10]


def extract_article(
    page: bytes | str,
    url: str,
    fetched_at: str | datetime,
    headers: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Extract the article record of CONTRACTS.md from one page."""
    text = page.decode("utf-8", "replace") if isinstance(page, bytes) else page
    if not text.strip():
        raise ExtractionError("empty")
    tree = html.fromstring(text)
    counters = visible_counters(tree)
    doc = trafilatura.bare_extraction(
        text, url=url, with_metadata=True, prune_xpath=counter_prune_xpath(),
        date_extraction_params={"original_date": True, "extensive_search": True,
                                "max_date": _max_date(fetched_at)},
    )
    if doc is None or not doc.text:
        raise ExtractionError("empty")
    doc = doc.as_dict()
    return {
        "title": doc.get("title"), "subtitle": doc.get("description"), "text": doc["text"],
        "authors": [a.strip() for a in (doc.get("author") or "").split(";") if a.strip()],
        "published": doc.get("date"), "modified": None, "language": doc.get("language"),
        "site_name": doc.get("sitename"), "section": None, "image": doc.get("image"),
        "tags": list(doc.get("tags") or []), "paywalled": False, "counters": counters,
        "canonical_url": None, "schema_types": [], "og_type": None,
    }
