"""One crawl at a time per archive: an `fcntl.flock` on a lock file beside the archive.

The kernel releases a flock when its process dies, however it dies, so a crash never leaves the
archive locked; the lock file itself may stay behind and means nothing on its own.
"""

from __future__ import annotations

import fcntl
import logging
import os
import time
from pathlib import Path

logger = logging.getLogger(__name__)

LOCK_SUFFIX = ".lock"
POLL_SECONDS = 0.2
# Set by `newsarchive run` for its crawl subprocess, which inherits the locked descriptor.
LOCK_FD_ENV = "NEWSARCHIVE_LOCK_FD"


class LockBusy(Exception):
    """Another process holds the crawl lock of this archive."""


def lock_path(db_path: str | Path) -> Path:
    return Path(str(db_path) + LOCK_SUFFIX)


class CrawlLock:
    """`with CrawlLock(db): ...` holds the archive's crawl lock; `wait` seconds (None: forever)."""

    def __init__(self, db_path: str | Path, *, wait: float | None = 0.0) -> None:
        self.path = lock_path(db_path)
        self.wait = wait
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = None if self.wait is None else time.monotonic() + self.wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if deadline is not None and time.monotonic() >= deadline:
                    holder = self.holder()
                    os.close(fd)
                    raise LockBusy(f"{self.path} is held by process {holder or '?'}") from None
                time.sleep(POLL_SECONDS)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def fileno(self) -> int:
        if self._fd is None:
            raise RuntimeError("the crawl lock is not held")
        return self._fd

    def holder(self) -> int | None:
        """The pid written by the last holder (informative; the flock is what counts)."""
        try:
            text = self.path.read_text().strip()
        except OSError:
            return None
        return int(text) if text.isdigit() else None

    def is_held_elsewhere(self) -> bool:
        """True while another process holds the lock (tries and releases at once)."""
        if self._fd is not None:
            return False
        try:
            fd = os.open(self.path, os.O_RDWR)
        except FileNotFoundError:
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        finally:
            os.close(fd)  # closing releases a lock we may have taken
        return False

    def __enter__(self) -> CrawlLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
