"""Hubs in the archive: validators, body hash and links kept for the next crawl's conditional GET."""

from __future__ import annotations

from pathlib import Path

from archive.store import Archive

HUB = "http://127.0.0.1/section/world/"
LINKS = {"feeds": [], "next": ["http://127.0.0.1/section/world/page/2/"],
         "a": ["http://127.0.0.1/a/", "http://127.0.0.1/section/world/page/2/"]}


def hub_fetch(**extra: object) -> dict:
    fetch = {"url": HUB, "final_url": HUB, "status": 200, "fetched_at": "2025-05-03T15:00:00Z",
             "headers": {"ETag": '"v1"', "Last-Modified": "Sat, 03 May 2025 14:00:00 GMT"},
             "body": None, "outcome": "not_article", "site": "demo", "links": LINKS,
             "sha256": "ab" * 32}
    fetch.update(extra)
    return fetch


def test_a_hub_is_remembered_with_its_links(tmp_path: Path) -> None:
    with Archive(tmp_path / "a.db") as archive:
        archive.record_fetch(hub_fetch())
        hubs = archive.hubs("demo")
        assert hubs == {HUB: {"etag": '"v1"', "last_modified": "Sat, 03 May 2025 14:00:00 GMT",
                              "sha256": "ab" * 32, "links": LINKS}}
        assert archive.hubs("other") == {}
        (outcome, capture), = archive.db.execute("select outcome, capture_id from fetches")
        assert (outcome, capture) == ("not_article", None)


def test_an_unchanged_hub_keeps_its_links_and_takes_newer_validators(tmp_path: Path) -> None:
    with Archive(tmp_path / "a.db") as archive:
        archive.record_fetch(hub_fetch())
        archive.record_fetch(hub_fetch(status=304, links=None, sha256=None, headers={"ETag": '"v2"'},
                                       fetched_at="2025-05-04T15:00:00Z"))
        hub = archive.hubs()[HUB]
        assert hub["links"] == LINKS and hub["etag"] == '"v2"' and hub["sha256"] == "ab" * 32
        assert hub["last_modified"] == "Sat, 03 May 2025 14:00:00 GMT"
        row = next(archive.db.query("select checked_at, changed_at from hubs"))
        assert row == {"checked_at": "2025-05-04T15:00:00Z", "changed_at": "2025-05-03T15:00:00Z"}


def test_a_changed_hub_replaces_its_links(tmp_path: Path) -> None:
    links = {"feeds": [], "next": [], "a": ["http://127.0.0.1/b/"]}
    with Archive(tmp_path / "a.db") as archive:
        archive.record_fetch(hub_fetch())
        archive.record_fetch(hub_fetch(links=links, sha256="cd" * 32, headers={}))
        hub = archive.hubs()[HUB]
        assert hub == {"etag": None, "last_modified": None, "sha256": "cd" * 32, "links": links}


def test_the_body_hash_is_computed_when_not_given(tmp_path: Path) -> None:
    with Archive(tmp_path / "a.db") as archive:
        archive.record_fetch(hub_fetch(sha256=None, body=b"<html>hub</html>"))
        assert archive.hubs()[HUB]["sha256"] is not None
        assert archive.db.execute("select count(*) from captures").fetchone() == (1,)


def test_a_hub_that_now_holds_an_article_is_forgotten(tmp_path: Path) -> None:
    article = {"title": "A story", "text": "First paragraph of the story.\n\nSecond paragraph.",
               "canonical_url": HUB}
    with Archive(tmp_path / "a.db") as archive:
        archive.record_fetch(hub_fetch())
        archive.record_fetch(hub_fetch(outcome="article", article=article, links=None,
                                       body=b"<html>story</html>"))
        assert archive.hubs() == {}
