"""Datasette over the archive: descriptions, canned queries, FTS and views, via its test client."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from archive.datasette_app import build_datasette, metadata_for, shipped_metadata
from archive.store import Archive

from tests.archive.conftest import HEADLINE_SLUG, STEALTH_SLUG, GONE_SLUG

pytestmark = pytest.mark.slow

CANNED = ("changed_last_24_hours", "most_edited", "headline_changes", "stealth_edits", "fastest_growing_comments")
VIEWS = ("latest_versions", "change_history", "counter_series", "gone_or_moved")


def _get(db_path: Path, *paths: str) -> list[Any]:
    ds = build_datasette(db_path)

    async def fetch() -> list[Any]:
        return [await ds.client.get(p) for p in paths]

    return asyncio.run(fetch())


def _rows(db_path: Path, path: str) -> list[dict[str, Any]]:
    base, _, query = path.partition("?")
    (response,) = _get(db_path, f"{base}.json?_shape=array" + (f"&{query}" if query else ""))
    assert response.status_code == 200, response.text
    return response.json()


def test_metadata_ships_every_canned_query() -> None:
    meta = shipped_metadata()
    assert set(CANNED) <= set(meta["databases"]["archive"]["queries"])


def test_metadata_is_keyed_by_the_file_name() -> None:
    assert set(metadata_for("/x/research.db")["databases"]) == {"research"}


def test_table_and_column_descriptions_are_shown(db_path: Path) -> None:
    index, table = _get(db_path, "/archive", "/archive/versions")
    assert index.status_code == table.status_code == 200
    assert "Each distinct text state of an article" in table.text
    assert "if the text changed while the declared modification date did not" in table.text


def test_canned_queries(db_path: Path) -> None:
    changed = _rows(db_path, "/archive/changed_last_24_hours")
    assert changed and all(r["number"] > 1 for r in changed)
    assert _rows(db_path, "/archive/most_edited")[0]["version_count"] == 3
    headlines = _rows(db_path, "/archive/headline_changes")
    assert any(HEADLINE_SLUG in r["url"] and r["old_title"] != r["new_title"] for r in headlines)
    stealth = _rows(db_path, "/archive/stealth_edits")
    assert [STEALTH_SLUG in r["url"] for r in stealth] == [True]
    assert isinstance(_rows(db_path, "/archive/fastest_growing_comments"), list)


def test_fastest_growing_comments_ranks_by_rate(tmp_path: Path) -> None:
    db_path = tmp_path / "archive.db"
    with Archive(db_path) as archive:
        for i, (first, last) in enumerate(((0, 10), (5, 100), (3, 3)), start=1):
            archive.db["articles"].insert({"id": i, "url": f"u{i}", "first_seen": "t", "status": "live"})
            archive.db["counters"].insert_all(
                {"article_id": i, "name": "comments", "value": v, "observed_at": at}
                for v, at in ((first, "2025-05-03T10:00:00Z"), (last, "2025-05-03T12:00:00Z"))
            )
    rows = _rows(db_path, "/archive/fastest_growing_comments")
    assert [(r["url"], r["per_hour"]) for r in rows] == [("u2", 47.5), ("u1", 5.0)]


@pytest.mark.parametrize("view", VIEWS)
def test_views_are_browsable(db_path: Path, view: str) -> None:
    rows = _rows(db_path, f"/archive/{view}")
    assert rows, view


def test_gone_or_moved_lists_the_410(db_path: Path) -> None:
    rows = _rows(db_path, "/archive/gone_or_moved")
    assert any(GONE_SLUG in r["url"] and r["kind"] == "gone" and r["status"] == "live" for r in rows)


def test_full_text_search_is_detected(db_path: Path) -> None:
    rows = _rows(db_path, "/archive/versions?_search=central+bank&_col=title")
    assert rows and any("Central Bank" in r["title"] for r in rows)


def test_foreign_keys_become_links(db_path: Path) -> None:
    (page,) = _get(db_path, "/archive/versions?_size=1")
    assert page.status_code == 200 and 'href="/archive/articles/' in page.text


def test_json_api(db_path: Path) -> None:
    (response,) = _get(db_path, "/archive.json")
    tables = {t["name"] for t in json.loads(response.text)["tables"]}
    assert {"articles", "versions", "versions_fts", "counters", "events"} <= tables
