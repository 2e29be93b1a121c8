"""Items of the crawl: one fetched page on its way from the spider to the archive."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
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

    def as_record(self) -> dict[str, Any]:
        return asdict(self)
