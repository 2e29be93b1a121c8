"""Diffs (5): word-level diffs of real version pairs, and the worst case on pathological pairs."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.stats import summary_ms

FIELDS = ("title", "subtitle", "text", "authors", "published", "modified", "section", "tags", "image")


def version_pairs(db: Path) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """Consecutive versions of every article with more than one."""
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        rows = conn.execute(
            f"select article_id, number, {', '.join(FIELDS)} from versions where article_id in "
            "(select article_id from versions group by article_id having count(*) > 1) "
            "order by article_id, number")
        previous: dict[str, Any] | None = None
        for row in rows:
            current = dict(row)
            for key in ("authors", "tags"):
                current[key] = json.loads(current[key]) if current[key] else []
            if previous is not None and previous["article_id"] == current["article_id"]:
                yield previous, current
            previous = current
    finally:
        conn.close()


def _time(old: dict[str, Any], new: dict[str, Any]) -> float:
    from archive.diff import diff_versions

    start = time.perf_counter()
    diff_versions(old, new)
    return time.perf_counter() - start


def pathological_pairs() -> dict[str, tuple[str, str]]:
    """The pathological pairs of the revisions work (tests/archive/test_diff.py)."""
    from tests.archive.test_diff import pathological_pairs as pairs

    return pairs()


def measure_diffs(db: Path | None) -> dict[str, Any]:
    """p50/p95 over real pairs from `db`; each pathological pair timed once; the worst."""
    real = [_time(old, new) for old, new in version_pairs(db)] if db else []
    worst: dict[str, float] = {}
    for name, (old, new) in pathological_pairs().items():
        worst[name] = round(_time({"text": old}, {"text": new}) * 1000, 1)
    name = max(worst, key=worst.__getitem__)
    return {
        "real_pairs": summary_ms(real),
        "pathological_ms": worst,
        "worst_ms": worst[name],
        "worst_pair": name,
    }
