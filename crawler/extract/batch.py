"""Re-extraction of saved pages (`newsarchive extract`): files or a manifest in, one JSON line per page out."""

import gzip
import json
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from crawler.extract.errors import ExtractionError
from crawler.extract.worker import ExtractionPool

WINDOW_PER_WORKER = 4  # pages in flight per worker: keeps order without holding every page in memory


def read_page(path: str | Path) -> bytes:
    """Bytes of a saved page, `.html` or `.html.gz`."""
    data = Path(path).read_bytes()
    return gzip.decompress(data) if str(path).endswith(".gz") else data


def read_manifest(path: str | Path) -> Iterator[tuple[str, str]]:
    """(path, url) of each line `{"path": ..., "url": ...}`; relative paths are taken from the manifest's folder."""
    base = Path(path).parent
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                item = json.loads(line)
                page = Path(item["path"])
                yield str(page if page.is_absolute() else base / page), item.get("url") or ""


def _submit(pool: ExtractionPool, path: str, url: str, fetched_at: str) -> "Future[dict[str, Any]]":
    try:
        page = read_page(path)
    except (OSError, EOFError, gzip.BadGzipFile) as error:
        failed: Future[dict[str, Any]] = Future()
        failed.set_exception(ExtractionError("unreadable", str(error)))
        return failed
    return pool.submit(page, url, fetched_at)


def _line(path: str, url: str, future: "Future[dict[str, Any]]") -> dict[str, Any]:
    try:
        return {"path": path, "url": url, **future.result()}
    except ExtractionError as error:
        return {"path": path, "url": url, "error": error.reason, "detail": error.detail}


def extract_many(items: Iterable[tuple[str, str]], pool: ExtractionPool, workers: int,
                 fetched_at: str | None = None) -> Iterator[dict[str, Any]]:
    """One record (with `path` and `url`, or an `error`) per (path, url), in input order."""
    fetched_at = fetched_at or datetime.now(timezone.utc).isoformat(timespec="seconds")
    pending: deque[tuple[str, str, Future[dict[str, Any]]]] = deque()
    for path, url in items:
        pending.append((path, url, _submit(pool, path, url, fetched_at)))
        if len(pending) >= workers * WINDOW_PER_WORKER:
            yield _line(*pending.popleft())
    while pending:
        yield _line(*pending.popleft())
