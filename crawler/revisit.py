"""Which known articles a crawl revisits: the policy hook (issue 5 fills in the schedule).

`select_revisits(archive, site, now)` yields one `RevisitRequest` per article to fetch again,
with the validators of its last fetch for a conditional GET. Until scheduling decides
otherwise, every known article of the site is revisited on every crawl.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from archive.store import Archive
from crawler.sites import SiteConfig


@dataclass(frozen=True)
class RevisitRequest:
    """One article to fetch again, and how to ask whether it changed."""

    article_id: int
    url: str  # the URL last fetched for it (else its canonical URL)
    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        """Conditional GET headers (RFC 9110): If-None-Match and If-Modified-Since."""
        return conditional_headers(self.etag, self.last_modified)


def conditional_headers(etag: str | None, last_modified: str | None) -> dict[str, str]:
    """If-None-Match and If-Modified-Since for the validators a page last answered with."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def select_revisits(archive: Archive, site: SiteConfig, now: datetime,
                    in_scope: Callable[[str], bool] = lambda url: True) -> Iterable[RevisitRequest]:
    """The known articles of `site` to revisit at `now`: for now, all of them in scope."""
    for row in archive.known_articles(site.name):
        url = row["fetch_url"] or row["url"]
        if in_scope(url):
            yield RevisitRequest(row["id"], url, row["etag"], row["last_modified"])
