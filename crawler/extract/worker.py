"""Extraction in worker processes under a hard time limit: a stuck page kills its worker, not the crawl."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Mapping
from concurrent.futures import Future, TimeoutError as FutureTimeout
from datetime import datetime
from typing import Any

from pebble import ProcessExpired, ProcessPool

from crawler.extract.core import extract_article
from crawler.extract.errors import ExtractionError

DEFAULT_TIMEOUT = 30.0
# Recycle workers now and then: trafilatura and lxml keep caches that grow with the pages seen.
MAX_TASKS_PER_WORKER = 500
# forkserver: never fork a process that runs Twisted's reactor and SQLite connections.
START_METHOD = "forkserver"


def _run(page: bytes | str, url: str, fetched_at: str | datetime, headers: Mapping[str, str] | None) -> dict:
    return extract_article(page, url, fetched_at, headers)


class ExtractionPool:
    """A pool of extraction processes; each task is killed when it runs over `timeout` seconds."""

    def __init__(self, workers: int | None = None, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.timeout = timeout
        self._pool = ProcessPool(
            max_workers=workers or os.cpu_count() or 1,
            max_tasks=MAX_TASKS_PER_WORKER,
            context=multiprocessing.get_context(START_METHOD),
        )

    def submit(
        self,
        page: bytes | str,
        url: str,
        fetched_at: str | datetime,
        headers: Mapping[str, str] | None = None,
    ) -> Future:
        """A future of the article record, or of an ExtractionError with its reason."""
        inner = self._pool.schedule(_run, args=(page, url, fetched_at, dict(headers or {})), timeout=self.timeout)
        outer: Future = Future()
        inner.add_done_callback(lambda done: _settle(done, outer))
        return outer

    def close(self) -> None:
        self._pool.stop()
        self._pool.join()

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _settle(done: Future, outer: Future) -> None:
    """Translate the pool's outcome into a record or an ExtractionError with a reason."""
    try:
        outer.set_result(done.result())
    except ExtractionError as exc:
        outer.set_exception(exc)
    except FutureTimeout:
        outer.set_exception(ExtractionError("timeout", "extraction ran over its time limit"))
    except ProcessExpired as exc:
        outer.set_exception(ExtractionError("worker_crashed", str(exc)))
    except Exception as exc:  # noqa: BLE001 - any bug in extraction is this page's failure, not the crawl's
        outer.set_exception(ExtractionError("parse_error", f"{type(exc).__name__}: {exc}"))
