"""Storage (4): archive bytes per article and as a share of the raw HTML fetched.

Starts from the checkpointed archive of the first crawl, then recrawls the same site (same port,
so the same URLs) at editions 2..6, each editing `edit_fraction` of the articles. The server
answers without validators (conditional off) so every refetch is a full page with fresh
per-request noise: the worst case for capture storage.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from bench.archive_size import archive_counts, size_on_disk
from bench.crawl import run_crawl
from bench.server import serve

RECRAWLS = 5


def _point(db: Path, fetched_bytes: int, crawls: int) -> dict[str, Any]:
    size = size_on_disk(db)
    counts = archive_counts(db)
    articles = counts["articles"] or 1
    return {
        "crawls": crawls,
        "archive_bytes": size,
        "bytes_per_article": round(size / articles),
        "fetched_bytes": fetched_bytes,
        "share_of_fetched": round(size / fetched_bytes, 4) if fetched_bytes else None,
        "share_of_captured_raw": round(size / counts["capture_raw_bytes"], 4)
        if counts["capture_raw_bytes"] else None,
        "captures_share_of_raw": round(counts["capture_bytes"] / counts["capture_raw_bytes"], 4)
        if counts["capture_raw_bytes"] else None,
        **counts,
    }


def measure_storage(crawl: dict[str, Any], work: Path, recrawls: int = RECRAWLS) -> dict[str, Any]:
    """Archive size after the first crawl and after each edited, unconditional recrawl."""
    db = work / "storage.db"
    shutil.copyfile(crawl["first_crawl_db"], db)
    fetched = int(crawl["first_crawl"]["stats"].get("downloader/response_bytes", 0))
    points = [_point(db, fetched, 1)]
    versions_new = []
    for edition in range(2, 2 + recrawls):
        with serve(crawl["articles"], edition=edition, conditional=False, port=crawl["url_port"]) as server:
            run = run_crawl(server.url, db, log=work / f"storage-{edition}.log")
        fetched += int(run.stats.get("downloader/response_bytes", 0))
        versions_new.append(int(run.stats.get("newsarchive/versions_new", 0)))
        points.append(_point(db, fetched, edition))
    return {
        "after_first_crawl": points[0],
        "after_recrawls": points[-1],
        "recrawls": recrawls,
        "versions_new_per_recrawl": versions_new,
        "points": points,
        "db": str(db),
    }
