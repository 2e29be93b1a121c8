"""End to end: Scrapy crawls the demo site over 127.0.0.1 into a real SQLite archive (issue 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archive.store import Archive
from demosite import stories
from demosite.content import TEXT_CHANGE_KINDS
from demosite.server import DemoServer
from demosite.site import Site

from tests.conftest import crawl, run_cli

pytestmark = pytest.mark.slow

SEED_SLUG_WORDS = ("Sheinbaum", "Sovereignty is not for sale")


def _article_urls(archive: Archive) -> dict[str, int]:
    return {row["url"]: row["version_count"] for row in archive.db.query("select url, version_count from articles")}


def _seed(archive: Archive) -> dict:
    rows = list(archive.db.query("select a.id, a.url from articles a join versions v on v.article_id = a.id "
                                 "where v.title = ?", [stories.SEED_TITLE]))
    assert rows, "seed article not archived"
    return rows[0]


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """One demo site, crawled: edition 1, edition 1 again, then edition 2."""
    db = tmp_path_factory.mktemp("crawl") / "archive.db"
    # A WordPress site without a caching proxy: no validators, so every revisit is a full fetch.
    with DemoServer(host="127.0.0.1", port=0, conditional=False) as server:
        runs = [crawl(server.url, db)]
        with Archive(db) as archive:
            first = {"stats": archive.stats(), "urls": _article_urls(archive)}
        runs.append(crawl(server.url, db))
        with Archive(db) as archive:
            second = {"stats": archive.stats()}
        server.edition = 2
        runs.append(crawl(server.url, db))
        requested = [path for _, path, *_ in server.requests]
    return {"db": db, "runs": runs, "first": first, "second": second, "requested": requested,
            "site": Site()}


def test_every_demo_article_is_archived_and_no_hub(crawled: dict) -> None:
    expected = {a.path for a in crawled["site"].articles(1)}
    archived = {u.split("/", 3)[3] for u in crawled["first"]["urls"]}
    assert archived == {p.lstrip("/") for p in expected}


def test_seed_article_title_body_and_counters(crawled: dict) -> None:
    with Archive(crawled["db"]) as archive:
        seed = _seed(archive)
        version = archive.versions(seed["id"])[0]
        counters = archive.counters(seed["id"])
    assert version["title"] == stories.SEED_TITLE
    for words in SEED_SLUG_WORDS:
        assert words in version["text"]
    lines = [line.strip() for line in version["text"].splitlines()]
    assert "0" not in lines and "54" not in lines
    assert "Keep up with the historic administration" in version["text"]
    first = {c["name"]: c["value"] for c in counters if c["observed_at"] == counters[0]["observed_at"]}
    assert first == {"comments": 0, "views": 54}


def test_second_crawl_of_same_edition_adds_counters_not_versions(crawled: dict) -> None:
    first, second = crawled["first"]["stats"], crawled["second"]["stats"]
    assert second["versions"] == first["versions"] == first["articles"]
    assert second["counter_observations"] > first["counter_observations"]
    assert crawled["runs"][1]["summary"]["new versions"] == 0


def test_next_edition_adds_exactly_the_expected_versions(crawled: dict) -> None:
    changed = {c.slug for c in crawled["site"].changes(2) if c.kind in TEXT_CHANGE_KINDS}
    with Archive(crawled["db"]) as archive:
        rows = archive.db.query("select url from articles where version_count = 2")
        got = {row["url"] for row in rows}
        paths = {a.slug: a.path for a in crawled["site"].articles(2)}
    assert {u.split("/", 3)[3] for u in got} == {paths[s].lstrip("/") for s in changed}
    assert crawled["runs"][2]["summary"]["new versions"] == len(changed)


def test_diff_shows_the_changed_words(crawled: dict) -> None:
    with Archive(crawled["db"]) as archive:
        url = next(iter(archive.db.query("select url from articles where version_count = 2")))["url"]
        article = archive.article(url)
        old, new = (archive.version(article["id"], n) for n in (1, 2))
    proc = run_cli("diff", url, "--db", str(crawled["db"]), "--json")
    ops = json.loads(proc.stdout)
    changed = [op for field in ("title", "text") for op in ops[field] if op[0] != "equal"]
    assert changed, ops
    removed = " ".join(text for kind, text in changed if kind == "delete")
    added = " ".join(text for kind, text in changed if kind == "insert")
    assert (old["title"] != new["title"]) or (old["text"] != new["text"])
    for word in removed.split():
        assert word in old["title"] + " " + old["text"]
    for word in added.split():
        assert word in new["title"] + " " + new["text"]
    assert len(removed.split()) + len(added.split()) < 60


def test_robots_disallowed_page_never_requested(crawled: dict) -> None:
    assert not [p for p in crawled["requested"] if p.startswith("/private/")]
