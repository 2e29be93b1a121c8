"""`newsarchive search`: FTS5 over versions kept in sync by triggers, snippets, safe quoting."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from archive.query import SearchQuery, quote_fts, search, search_sql
from archive.readonly import ReadOnlyDatabase
from archive.store import Archive

from tests.archive.conftest import DEMO_SITE, HEADLINE_SLUG, article_url, invoke

pytestmark = pytest.mark.slow

# The edition-2 headline of the headline article, gone from its latest version after the revert.
EDITION_2_HEADLINE_WORDS = "Approve 2 Billion Euro Fund"
NASTY = ['"', '""', "(", "bank AND (rates", "NOT", "-rates", "*", "a:b", "NEAR(x y)", "it's", "OR OR", "\\", "🙂"]


def _search(db_path: Path, *args: str) -> list[dict[str, Any]]:
    return json.loads(invoke("search", *args, "--json", "--db", str(db_path)).stdout)


def test_quote_fts() -> None:
    assert quote_fts("central bank") == '"central" "bank"'
    assert quote_fts('"central bank" rates') == '"central bank" "rates"'
    assert quote_fts("infla*") == '"infla"*'
    assert quote_fts("bank AND (rates") == '"bank" "AND" "(rates"'
    assert quote_fts('say "x') == '"say" "x"'
    assert quote_fts('"') == ""


def test_search_sql_is_built_apart_from_execution() -> None:
    sql, params = search_sql(SearchQuery("bank", site="s", since="2025-01-01T00:00:00Z"))
    assert "versions_fts match :query" in sql and "a.latest_version_id = v.id" in sql
    assert params["query"] == '"bank"' and params["site"] == "s" and "until" not in params
    sql, _ = search_sql(SearchQuery("bank", all_versions=True))
    assert "latest_version_id" not in sql


def test_search_finds_with_snippet(db_path: Path) -> None:
    hits = _search(db_path, "central bank")
    assert hits and all("[" in h["snippet"] and "]" in h["snippet"] for h in hits)
    assert any("central-bank-holds-rates" in h["url"] for h in hits)
    text = invoke("search", "central bank", "--db", str(db_path)).stdout
    assert "central-bank-holds-rates" in text and "[" in text


def test_latest_versions_only_unless_all_versions(db_path: Path, research_archive: dict) -> None:
    url = article_url(research_archive, HEADLINE_SLUG)
    latest = _search(db_path, f'"{EDITION_2_HEADLINE_WORDS}"')
    assert url not in {h["url"] for h in latest}
    every = _search(db_path, f'"{EDITION_2_HEADLINE_WORDS}"', "--all-versions")
    assert [h["number"] for h in every if h["url"] == url] == [2]


def test_site_and_time_filters(db_path: Path) -> None:
    assert _search(db_path, "bank", "--site", DEMO_SITE)
    assert _search(db_path, "bank", "--site", "elsewhere") == []
    assert _search(db_path, "bank", "--since", "2000-01-01", "--until", "24h")  == []
    assert _search(db_path, "bank", "--since", "24h")
    assert _search(db_path, "bank", "--until", "2000-01-01") == []


@pytest.mark.parametrize("text", NASTY)
def test_user_queries_never_crash(db_path: Path, text: str) -> None:
    result = invoke("search", "--db", str(db_path), "--", text)
    assert result.exit_code == 0


def test_raw_fts_syntax_and_its_errors(db_path: Path) -> None:
    assert _search(db_path, "central NOT bank", "--raw") is not None
    result = invoke("search", "bank AND (", "--raw", "--db", str(db_path), ok=False)
    assert result.exit_code == 1 and "search failed" in result.output


def test_fts_triggers_keep_the_index_in_sync(tmp_path: Path) -> None:
    with Archive(tmp_path / "a.db") as archive:
        archive.db["articles"].insert({"id": 1, "url": "u", "first_seen": "t", "status": "live"})
        archive.db["versions"].insert(
            {"id": 1, "article_id": 1, "number": 1, "captured_at": "2025-05-03T15:00:00Z",
             "text_key": "k", "title": "Zebra crossing", "text": "Body"}
        )
        archive.db["articles"].update(1, {"latest_version_id": 1})
        archive.db["versions"].update(1, {"title": "Giraffe crossing"})
    with ReadOnlyDatabase(tmp_path / "a.db") as db:
        assert [h["title"] for h in search(db, SearchQuery("giraffe"))] == ["Giraffe crossing"]
        assert list(search(db, SearchQuery("zebra"))) == []


def test_order_newest_and_auto(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sql, _ = search_sql(SearchQuery("bank", order="newest"))
    assert "order by versions_fts.rowid desc" in sql
    ranked = _search(db_path, "the", "--all-versions", "--order", "rank", "--limit", "100")
    newest = _search(db_path, "the", "--all-versions", "--order", "newest", "--limit", "100")
    assert {h["version_id"] for h in ranked} == {h["version_id"] for h in newest}
    assert [h["version_id"] for h in newest] == sorted((h["version_id"] for h in newest), reverse=True)
    import archive.query

    monkeypatch.setattr(archive.query, "RANK_MAX_MATCHES", 3)
    auto = _search(db_path, "the", "--all-versions", "--limit", "100")
    assert [h["version_id"] for h in auto] == [h["version_id"] for h in newest]
