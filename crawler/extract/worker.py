"""ExtractionPool: extract_article in killable worker processes under a hard time limit."""

import logging
import multiprocessing
import os
from collections.abc import Mapping
from concurrent.futures import CancelledError, Future
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import datetime
from types import TracebackType
from typing import Any

from pebble import ProcessExpired, ProcessPool

from archive.keys import version_keys
from crawler.extract.core import extract_article
from crawler.extract.errors import ExtractionError

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT_SECONDS = 30.0
MAX_TASKS_PER_WORKER = 500  # recycle workers now and then: lxml and trafilatura caches grow
START_METHOD = "forkserver"  # never fork a process that runs Twisted's reactor and threads
# "__main__" first: the forkserver imports the main module once, so that each new worker does
# not import it again (the CLI pulls in Scrapy: ~0.7 s and ~100 MB a worker); then warm models.
PRELOAD = ["__main__", "crawler.extract.preload"]


def _extract(page: bytes | str, url: str, fetched_at: str | datetime,
             headers: dict[str, str] | None, keys: bool = False) -> dict[str, Any]:
    """Worker side: any unexpected failure becomes an ExtractionError that pickles."""
    try:
        record = extract_article(page, url, fetched_at, headers)
        if keys:
            record["keys"] = version_keys(record)  # spares the archive writer (archive.keys)
        return record
    except ExtractionError:
        raise
    except RecursionError as error:
        raise ExtractionError("too_deep", str(error)) from None
    except MemoryError:
        raise ExtractionError("out_of_memory") from None
    except Exception as error:  # noqa: BLE001 - the process boundary: report, never crash the pool
        raise ExtractionError("extract_failed", f"{type(error).__name__}: {error}") from None


def _noop() -> None:
    """A task that only makes the pool start its workers."""


def _translate(inner: Future, outer: Future) -> None:
    """Copy a worker future's outcome to the caller's future, failures as ExtractionError."""
    if outer.done():
        return
    try:
        outer.set_result(inner.result())
    except ExtractionError as error:
        outer.set_exception(error)
    except FutureTimeout:
        outer.set_exception(ExtractionError("timeout"))
    except ProcessExpired as error:
        outer.set_exception(ExtractionError("worker_crashed", f"exit code {error.exitcode}"))
    except CancelledError:
        outer.set_exception(ExtractionError("cancelled"))
    except Exception as error:  # noqa: BLE001 - e.g. a result that failed to pickle
        outer.set_exception(ExtractionError("worker_error", f"{type(error).__name__}: {error}"))


class ExtractionPool:
    """A process pool for extraction: a task over `timeout` seconds is killed and its worker replaced."""

    def __init__(self, workers: int | None = None, timeout: float = DEFAULT_TIMEOUT_SECONDS,
                 max_tasks: int = MAX_TASKS_PER_WORKER, start_method: str = START_METHOD,
                 keys: bool = False) -> None:
        context = multiprocessing.get_context(start_method)
        if start_method == "forkserver":
            context.set_forkserver_preload(PRELOAD)
        self.timeout = timeout
        self.keys = keys  # records also carry their version keys (archive.keys)
        self._pool = ProcessPool(max_workers=workers or os.cpu_count() or 1, max_tasks=max_tasks,
                                 context=context)

    def start(self) -> None:
        """Start the workers now: blocks while the forkserver boots (~1 s), so call it from a
        thread; the first `submit` would otherwise block its caller (the crawl's event loop)."""
        try:
            self._pool.schedule(_noop)
        except RuntimeError:
            pass  # closed: submit reports it

    def submit(self, page: bytes | str, url: str, fetched_at: str | datetime,
               headers: Mapping[str, str] | None = None) -> "Future[dict[str, Any]]":
        """Schedule one page; the future's result is the record, or it raises ExtractionError."""
        outer: Future[dict[str, Any]] = Future()
        plain_headers = {str(k): str(v) for k, v in (headers or {}).items()}
        try:
            inner = self._pool.schedule(_extract, timeout=self.timeout,
                                        args=(page, url, fetched_at, plain_headers, self.keys))
        except RuntimeError as error:
            outer.set_exception(ExtractionError("pool_closed", str(error)))
            return outer
        inner.add_done_callback(lambda done: _translate(done, outer))
        return outer

    def close(self) -> None:
        """Stop accepting pages, let running ones finish, stop the workers."""
        self._pool.close()
        self._pool.join()

    def terminate(self) -> None:
        """Stop now, killing running tasks."""
        self._pool.stop()
        self._pool.join()

    def __enter__(self) -> "ExtractionPool":
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if error is None:
            self.close()
        else:
            self.terminate()
