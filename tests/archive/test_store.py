"""The Archive facade: identity, versions, counters, lifecycle events and captures."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.store import Archive, ArchiveError

URL = "http://127.0.0.1/world/a-story.html"
BODY = "First paragraph of the story.\n\nSecond paragraph, with a quote."


def record(text: str = BODY, title: str = "A story", **extra: object) -> dict:
    article = {
        "title": title,
        "subtitle": None,
        "text": text,
        "authors": ["Ana Ruiz"],
        "published": "2025-05-03T08:00:00-06:00",
        "modified": None,
        "tags": [],
        "counters": {"comments": 0, "views": 54},
        "canonical_url": URL,
    }
    article.update(extra.pop("article", {}))  # type: ignore[arg-type]
    fetch = {
        "url": URL,
        "final_url": URL,
        "status": 200,
        "fetched_at": "2025-05-03T15:00:00Z",
        "headers": {"Content-Type": "text/html", "ETag": '"abc"'},
        "body": f"<html><body><h1>{title}</h1><p>{text}</p></body></html>".encode(),
        "outcome": "article",
        "article": article,
    }
    fetch.update(extra)
    return fetch


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    with Archive(tmp_path / "a.db") as arc:
        yield arc


def test_first_fetch_creates_article_version_and_counters(archive: Archive) -> None:
    result = archive.record_fetch(record())
    assert result.new_article and result.version_number == 1
    article = archive.article(URL)
    assert [v["title"] for v in archive.versions(article["id"])] == ["A story"]
    assert {c["name"]: c["value"] for c in archive.counters(article["id"])} == {
        "comments": 0,
        "views": 54,
    }
    assert [e["kind"] for e in archive.events(article["id"])] == ["first_seen"]


def test_unchanged_refetch_adds_counters_not_versions(archive: Archive) -> None:
    archive.record_fetch(record())
    again = record(fetched_at="2025-05-03T16:00:00Z", article={"counters": {"views": 60}})
    result = archive.record_fetch(again)
    assert result.version_number is None and not result.new_article
    article = archive.article(URL)
    assert len(archive.versions(article["id"])) == 1
    assert [c["value"] for c in archive.counters(article["id"]) if c["name"] == "views"] == [54, 60]


def test_white_space_and_quote_noise_is_not_a_version(archive: Archive) -> None:
    archive.record_fetch(record())
    noisy = BODY.replace("quote.", "quote. ").replace("First", "First\u00a0")
    assert archive.record_fetch(record(text=noisy)).version_number is None


def test_text_change_is_a_new_version_and_revert_is_marked(archive: Archive) -> None:
    archive.record_fetch(record())
    edited = BODY.replace("Second paragraph", "Second, edited paragraph")
    assert archive.record_fetch(record(text=edited, fetched_at="2025-05-04T00:00:00Z")).version_number == 2
    result = archive.record_fetch(record(fetched_at="2025-05-05T00:00:00Z"))
    assert result.version_number == 3 and "reverted" in result.events
    versions = archive.versions(archive.article(URL)["id"])
    assert versions[2]["revert_of"] == versions[0]["id"]


def test_gone_then_restored(archive: Archive) -> None:
    archive.record_fetch(record())
    gone = {"url": URL, "final_url": URL, "status": 404, "outcome": "gone", "body": None,
            "fetched_at": "2025-05-06T00:00:00Z"}
    archive.record_fetch(gone)
    assert archive.article(URL)["status"] == "gone"
    archive.record_fetch(record(fetched_at="2025-05-07T00:00:00Z"))
    kinds = [e["kind"] for e in archive.events(archive.article(URL)["id"])]
    assert kinds == ["first_seen", "gone", "restored"]
    assert len(archive.versions(archive.article(URL)["id"])) == 1


def test_301_move_keeps_the_article(archive: Archive) -> None:
    archive.record_fetch(record())
    new_url = "http://127.0.0.1/world/a-story-renamed.html"
    moved = record(
        final_url=new_url,
        redirects=[[301, URL]],
        fetched_at="2025-05-08T00:00:00Z",
        article={"canonical_url": new_url},
    )
    result = archive.record_fetch(moved)
    assert not result.new_article and "moved" in result.events
    assert archive.article(new_url)["id"] == archive.article(URL)["id"] == result.article_id


def test_captures_restore_byte_for_byte(archive: Archive) -> None:
    first = archive.record_fetch(record())
    second = archive.record_fetch(record(body=b"<html>nonce=2</html>" * 100))
    rows = {r["id"]: r for r in archive.db.query("select id, capture_id from fetches")}
    assert archive.capture(rows[first.fetch_id]["capture_id"]).startswith(b"<html><body><h1>A story")
    archive._captures.clear()  # restore from the file, not the cache
    assert archive.capture(rows[second.fetch_id]["capture_id"]) == b"<html>nonce=2</html>" * 100


def test_unknown_article_is_a_clear_error(archive: Archive) -> None:
    with pytest.raises(ArchiveError, match="no article"):
        archive.article("http://127.0.0.1/nope")


def test_extraction_error_of_unknown_page_is_recorded_without_article(archive: Archive) -> None:
    failed = {"url": URL, "final_url": URL, "status": 200, "outcome": "error", "error": "timeout",
              "body": b"<html>", "fetched_at": "2025-05-03T15:00:00Z"}
    result = archive.record_fetch(failed)
    assert result.article_id is None
    assert archive.stats()["articles"] == 0 and archive.stats()["fetches"] == 1
