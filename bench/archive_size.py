"""The size of an archive on disk: the SQLite file and its WAL after a checkpoint."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any


def checkpoint(db: Path) -> None:
    """Fold the WAL into the main file so that the file size is the archive's size."""
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def size_on_disk(db: Path) -> int:
    """Bytes of the archive file plus its WAL and shared-memory files, after a checkpoint."""
    checkpoint(db)
    return sum(p.stat().st_size for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")) if p.exists())


def snapshot(db: Path, dest: Path) -> Path:
    """A copy of a checkpointed archive."""
    checkpoint(db)
    shutil.copyfile(db, dest)
    return dest


def archive_counts(db: Path) -> dict[str, Any]:
    """Articles, versions, fetches, captures and the stored vs raw bytes of the captures."""
    conn = sqlite3.connect(db)
    try:
        one = lambda sql: conn.execute(sql).fetchone()[0] or 0  # noqa: E731
        return {
            "articles": one("select count(*) from articles"),
            "versions": one("select count(*) from versions"),
            "fetches": one("select count(*) from fetches"),
            "captures": one("select count(*) from captures"),
            "capture_bytes": one("select sum(length(data)) from captures"),
            "capture_raw_bytes": one("select sum(size) from captures"),
        }
    finally:
        conn.close()
