"""Items of the crawl: one fetched page on its way from the spider to the archive."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any


@dataclass
class PageItem:
    """A fetch (see docs/CONTRACTS.md): plain data, serialisable, ready for a queue."""

    url: str
    final_url: str
    status: int
    fetched_at: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    redirects: list[list[Any]] = field(default_factory=list)
    site: str | None = None
    outcome: str = "article"
    error: str | None = None
    article: dict[str, Any] | None = None
    hints: dict[str, Any] = field(default_factory=dict)
    links: dict[str, list[str]] | None = None  # a page's links (crawler.spiders.links), kept for hubs
    sha256: str | None = None  # of the body, when already known

    def as_record(self) -> dict[str, Any]:
        """The fetch record: a shallow copy (asdict's deep copy of the extraction cost ~0.3 ms a
        page); the archive and the record writer only read the nested values."""
        record = dict(self.__dict__)
        if self.outcome == "not_article" and self.sha256 is None and self.body:
            # Hubs are stored without their body: its hash tells the next crawl it is unchanged.
            record["sha256"] = hashlib.sha256(self.body).hexdigest()
        return record
