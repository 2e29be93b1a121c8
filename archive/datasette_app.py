"""Datasette over an archive: the shipped metadata (titles, descriptions, canned queries)."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = ["METADATA_DATABASE", "build_datasette", "metadata_for"]

# The database key used in archive/metadata.json: Datasette names a database after its file stem.
METADATA_DATABASE = "archive"
SQL_TIME_LIMIT_MS = 5000


def shipped_metadata() -> dict[str, Any]:
    """archive/metadata.json as shipped, for a file named archive.db."""
    return json.loads(resources.files("archive").joinpath("metadata.json").read_text(encoding="utf-8"))


def metadata_for(db_path: str | Path) -> dict[str, Any]:
    """The shipped metadata with its database section keyed by this file's name."""
    meta = shipped_metadata()
    stem = Path(db_path).stem
    if stem != METADATA_DATABASE:
        meta["databases"] = {stem: meta["databases"][METADATA_DATABASE]}
    return meta


def build_datasette(db_path: str | Path) -> Any:
    """A Datasette instance serving the archive read-only, with the shipped metadata."""
    from datasette.app import Datasette

    return Datasette(
        [str(db_path)],
        metadata=metadata_for(db_path),
        settings={"sql_time_limit_ms": SQL_TIME_LIMIT_MS},
    )
