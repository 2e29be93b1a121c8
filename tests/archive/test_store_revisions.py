"""The Archive facade and issue 7: fetches that never become versions, field history,
duplicates across URLs, and the list of changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archive.neardup import MIN_WORDS, bands
from archive.store import Archive

from tests.archive.test_store import BODY, URL, record

LONG = "\n\n".join(
    f"Paragraph {i} of the long story tells how the council of district {i} voted on the budget, "
    f"and what the mayor said about schools, roads and the harbour number {i}."
    for i in range(8)
)
OTHER_URL = "http://127.0.0.1/partner/syndicated-copy.html"


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    with Archive(tmp_path / "a.db") as arc:
        yield arc


def _at(hour: int) -> str:
    return f"2025-05-03T{hour:02d}:00:00Z"


def _versions(archive: Archive, url: str = URL) -> list[dict]:
    return archive.versions(archive.article(url)["id"])


def _fetch_outcomes(archive: Archive) -> list[str]:
    return [r["outcome"] for r in archive.db.query("select outcome from fetches order by id")]


# -- fetches that never become versions ------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "outcome"),
    [
        ({"status": 500}, "error_page"),
        ({"status": 404, "outcome": "article"}, "error_page"),
        ({"article": {"text": "  \n\n "}}, "empty"),
        ({"article": {"title": "Page not found", "text": "Sorry, we could not find that page."}}, "soft_404"),
        ({"article": {"title": "Oops", "text": "The page you requested does not exist."}}, "soft_404"),
    ],
)
def test_broken_pages_of_a_known_article_are_fetches_not_versions(
    archive: Archive, change: dict, outcome: str
) -> None:
    archive.record_fetch(record())
    result = archive.record_fetch(record(fetched_at=_at(16), **change))
    assert (result.outcome, result.version_number) == (outcome, None)
    assert len(_versions(archive)) == 1
    assert _fetch_outcomes(archive) == ["article", outcome]
    # Counters of a broken page are not the article's.
    article = archive.article(URL)
    assert len(archive.counters(article["id"])) == 2


def test_missing_extraction_is_an_error_fetch(archive: Archive) -> None:
    archive.record_fetch(record())
    fetch = record(fetched_at=_at(16))
    fetch["article"] = None
    result = archive.record_fetch(fetch)
    assert (result.outcome, result.version_number) == ("error", None)
    assert len(_versions(archive)) == 1


@pytest.mark.parametrize(
    "change", [{"status": 503}, {"article": {"text": ""}}, {"article": {"title": "404", "text": "Not found"}}]
)
def test_broken_page_of_an_unknown_url_creates_no_article(archive: Archive, change: dict) -> None:
    result = archive.record_fetch(record(**change))
    assert result.article_id is None and result.version_number is None
    assert archive.stats()["articles"] == 0 and archive.stats()["fetches"] == 1


def test_soft_404_canonical_is_not_made_an_alias(archive: Archive) -> None:
    archive.record_fetch(record())
    broken = record(article={"title": "Page not found", "text": "Not found.", "canonical_url": "http://127.0.0.1/404"})
    archive.record_fetch(broken)
    assert archive.find_article("http://127.0.0.1/404") is None


def test_paywall_teaser_after_full_text_is_not_a_version(archive: Archive) -> None:
    archive.record_fetch(record(text=LONG))
    teaser = LONG.split("\n\n")[0] + " ..."
    result = archive.record_fetch(record(text=teaser, article={"paywalled": True}, fetched_at=_at(16)))
    assert (result.outcome, result.version_number) == ("paywall_teaser", None)
    assert archive.record_fetch(record(text=LONG, fetched_at=_at(17))).version_number is None
    assert len(_versions(archive)) == 1


def test_error_page_does_not_restore_a_gone_article(archive: Archive) -> None:
    archive.record_fetch(record())
    gone = record(status=410, outcome="gone", body=None, fetched_at=_at(16))
    gone["article"] = None
    archive.record_fetch(gone)
    archive.record_fetch(record(status=500, fetched_at=_at(17)))
    assert archive.article(URL)["status"] == "gone"
    archive.record_fetch(record(fetched_at=_at(18)))
    kinds = [e["kind"] for e in archive.events(archive.article(URL)["id"])]
    assert kinds == ["first_seen", "gone", "restored"]


# -- field history ---------------------------------------------------------------------------


def test_field_changes_without_text_change_are_listed_once(archive: Archive) -> None:
    archive.record_fetch(record(fetched_at=_at(10)))
    archive.record_fetch(record(fetched_at=_at(11)))
    archive.record_fetch(record(fetched_at=_at(12), article={"authors": ["Ana Ruiz", "Bo Li"]}))
    archive.record_fetch(record(fetched_at=_at(13), article={"authors": ["Ana Ruiz", "Bo Li"]}))
    archive.record_fetch(
        record(fetched_at=_at(14), article={"authors": ["Ana Ruiz", "Bo Li"], "section": "World"})
    )
    article = archive.article(URL)
    history = archive.field_history(article["id"])
    assert [(h["at"], sorted(h["changes"]), h["version"], h["with_text"]) for h in history] == [
        (_at(12), ["authors"], 1, False),
        (_at(14), ["section"], 1, False),
    ]
    assert history[0]["changes"]["authors"] == {"old": ["Ana Ruiz"], "new": ["Ana Ruiz", "Bo Li"]}
    assert len(_versions(archive)) == 1


def test_field_change_with_a_new_version_is_marked_with_text(archive: Archive) -> None:
    archive.record_fetch(record(fetched_at=_at(10)))
    edited = record(text=BODY + "\n\nA new paragraph.", fetched_at=_at(11), article={"modified": _at(11)})
    archive.record_fetch(edited)
    history = archive.field_history(archive.article(URL)["id"])
    assert [(sorted(h["changes"]), h["version"], h["with_text"]) for h in history] == [
        (["modified"], 2, True)
    ]


# -- duplicates across URLs ------------------------------------------------------------------


def _copy(url: str, text: str, hour: int, title: str = "Syndicated") -> dict:
    fetch = record(text=text, title=title, url=url, final_url=url, fetched_at=_at(hour))
    fetch["article"]["canonical_url"] = url
    return fetch


def test_exact_copy_under_another_url_is_linked(archive: Archive) -> None:
    archive.record_fetch(record(text=LONG))
    result = archive.record_fetch(_copy(OTHER_URL, LONG, 16, title="Another headline"))
    assert result.new_article and "duplicate" in result.events
    copy = archive.article(OTHER_URL)
    original = archive.article(URL)
    assert [(d["url"], d["kind"], d["distance"], d["is_copy"]) for d in archive.duplicates(copy["id"])] == [
        (URL, "exact", 0, 1)
    ]
    assert [(d["url"], d["is_copy"]) for d in archive.duplicates(original["id"])] == [(OTHER_URL, 0)]


def test_near_copy_is_linked_with_its_distance(archive: Archive) -> None:
    archive.record_fetch(record(text=LONG))
    near = LONG.replace("the mayor said", "the mayor told reporters", 1)
    archive.record_fetch(_copy(OTHER_URL, near, 16))
    links = archive.duplicates(archive.article(OTHER_URL)["id"])
    assert [(d["url"], d["kind"]) for d in links] == [(URL, "near")]
    assert 0 < links[0]["distance"] <= 10


def test_unrelated_and_short_texts_are_not_linked(archive: Archive) -> None:
    archive.record_fetch(record(text=LONG))
    unrelated = "\n\n".join(
        f"Storm {i} swept the coast overnight, felling trees on avenue {i} and cutting power to "
        f"farms, ferries and hospitals while crews worked in shift {i}." for i in range(8)
    )
    archive.record_fetch(_copy(OTHER_URL, unrelated, 16))
    short_url = "http://127.0.0.1/short.html"
    archive.record_fetch(record(text=BODY, url=short_url, final_url=short_url, article={"canonical_url": short_url}))
    archive.record_fetch(_copy("http://127.0.0.1/short-copy.html", BODY, 17))
    assert archive.db["duplicates"].count == 0
    assert len(BODY.split()) < MIN_WORDS


def test_link_is_made_once_whichever_side_changes(archive: Archive) -> None:
    archive.record_fetch(record(text=LONG))
    archive.record_fetch(_copy(OTHER_URL, LONG, 16))
    archive.record_fetch(record(text=LONG + "\n\nCorrection: a name was misspelt.", fetched_at=_at(17)))
    assert archive.db["duplicates"].count == 1


def test_near_lookup_uses_the_band_index(archive: Archive) -> None:
    plan = " ".join(
        str(row[-1])
        for row in archive.db.execute(
            "explain query plan select version_id from simhash_bands where band = 1 and value = 7"
        )
    )
    assert "USING" in plan and "INDEX" in plan.upper()
    assert bands(-1) == [2047] * 4 + [1023] * 2
    assert bands(1 << 63 | 1) == [1, 0, 0, 0, 0, 512]


def test_migration_fingerprints_versions_of_an_older_archive(tmp_path: Path) -> None:
    from sqlite_utils import Database

    from archive import schema

    db = Database(tmp_path / "old.db")
    schema.migrations.apply(db, stop_before="m003_duplicates")
    db["articles"].insert({"id": 1, "url": URL, "first_seen": _at(1), "status": "live"})
    db["versions"].insert({"id": 1, "article_id": 1, "number": 1, "captured_at": _at(1),
                           "text_key": "k", "text": LONG})
    schema.upgrade(db)
    row = next(db.query("select body_key, simhash from versions"))
    assert row["body_key"] and row["simhash"] is not None
    assert db["simhash_bands"].count == len(bands(row["simhash"]))


# -- changes ---------------------------------------------------------------------------------


def test_changes_since_lists_new_versions_with_kinds_and_stealth(archive: Archive) -> None:
    archive.record_fetch(record(fetched_at="2025-05-01T10:00:00Z"))
    archive.record_fetch(record(title="A new headline", fetched_at="2025-05-02T10:00:00Z"))
    archive.record_fetch(record(title="A story", fetched_at="2025-05-03T10:00:00Z"))
    rows = archive.changes("2025-05-02T00:00:00Z")
    assert [(r["version"], r["kinds"], r["stealth"], r["revert_of"]) for r in rows] == [
        (3, ["headline_changed"], True, 1),
        (2, ["headline_changed"], True, None),
    ]
    assert rows[0]["words_added"] == 1 and rows[0]["url"] == URL
    assert [r["version"] for r in archive.changes("2025-05-01T00:00:00Z", first=True)] == [3, 2, 1]
    assert archive.changes("2025-05-01T00:00:00Z", site="elsewhere") == []


# -- moves found from the new URL first ------------------------------------------------------


def test_new_url_archived_before_the_redirect_is_folded_into_the_moved_article(archive: Archive) -> None:
    new_url = "http://127.0.0.1/business/moved-story.html"
    archive.record_fetch(record(text=LONG, fetched_at=_at(10)))
    # The crawl finds the new URL from a link first: a second article, an exact duplicate.
    copy = _copy(new_url, LONG, 11, title="A story")
    assert archive.record_fetch(copy).new_article
    # Then the revisit of the old URL follows a 301 to the new one.
    moved = _copy(new_url, LONG, 12, title="A story")
    moved.update(url=URL, redirects=[[301, URL]])
    result = archive.record_fetch(moved)
    assert result.version_number is None
    assert archive.stats()["articles"] == 1
    article = archive.article(new_url)
    assert archive.article(URL)["id"] == article["id"] and article["url"] == new_url
    assert [v["number"] for v in archive.versions(article["id"])] == [1]
    kinds = [e["kind"] for e in archive.events(article["id"])]
    assert kinds == ["first_seen", "merged", "moved"]
    assert archive.db["duplicates"].count == 0
    assert {f["article_id"] for f in archive.db.query("select article_id from fetches")} == {article["id"]}


def _moved_only(new_url: str, hour: int) -> dict:
    """A revisit's 301 to a URL the crawl fetched on its own: the move, without a page."""
    return {"url": URL, "final_url": new_url, "status": 301, "fetched_at": _at(hour), "outcome": "moved",
            "body": None, "redirects": [[301, URL]], "site": "127.0.0.1"}


def test_move_reported_without_a_page_before_the_new_url_arrives(archive: Archive) -> None:
    new_url = "http://127.0.0.1/business/moved-story.html"
    archive.record_fetch(record(text=LONG, fetched_at=_at(10)))
    result = archive.record_fetch(_moved_only(new_url, 11))
    assert result.outcome == "moved" and result.version_number is None and result.events == []
    assert archive.article(URL)["url"] == URL  # not moved until the new URL shows an article
    # the page itself, fetched from a link in the same crawl, lands on the moved article
    later = archive.record_fetch(_copy(new_url, LONG, 12, title="A story"))
    assert not later.new_article and later.version_number is None and later.events == ["moved"]
    article = archive.article(new_url)
    assert archive.stats()["articles"] == 1 and article["url"] == new_url
    assert archive.article(URL)["id"] == article["id"]
    assert [v["number"] for v in archive.versions(article["id"])] == [1]


def test_move_reported_without_a_page_after_the_new_url_folds_the_copy(archive: Archive) -> None:
    new_url = "http://127.0.0.1/business/moved-story.html"
    archive.record_fetch(record(text=LONG, fetched_at=_at(10)))
    assert archive.record_fetch(_copy(new_url, LONG, 11, title="A story")).new_article
    result = archive.record_fetch(_moved_only(new_url, 12))
    assert result.events == ["merged", "moved"]
    article = archive.article(new_url)
    assert archive.stats()["articles"] == 1 and article["url"] == new_url
    assert archive.article(URL)["id"] == article["id"]
    assert [e["kind"] for e in archive.events(article["id"])] == ["first_seen", "merged", "moved"]
    assert _fetch_outcomes(archive) == ["article", "article", "moved"]


def test_move_reported_for_an_unknown_article_is_kept_as_a_fetch_only(archive: Archive) -> None:
    result = archive.record_fetch(_moved_only("http://127.0.0.1/elsewhere.html", 11))
    assert result.article_id is None and archive.stats()["articles"] == 0


def test_move_reported_to_a_page_that_is_no_article_moves_nothing(archive: Archive) -> None:
    """A 301 to a section page (a hub, not archived as an article) leaves the article where it was."""
    hub_url = "http://127.0.0.1/business/"
    archive.record_fetch(record(text=LONG, fetched_at=_at(10)))
    archive.record_fetch(_moved_only(hub_url, 11))
    hub = {"url": hub_url, "final_url": hub_url, "status": 200, "fetched_at": _at(12), "outcome": "not_article",
           "body": None, "redirects": [], "site": "127.0.0.1", "links": {"a": [URL]}}
    archive.record_fetch(hub)
    assert archive.article(URL)["url"] == URL
    assert archive.find_article(hub_url) is None
    assert archive.stats()["articles"] == 1


def test_revisit_redirected_to_a_hub_does_not_make_the_hub_an_alias(archive: Archive) -> None:
    """A publisher that 301s a removed story to its section page: the article is gone, the hub not its URL."""
    hub_url = "http://127.0.0.1/business/"
    archive.record_fetch(record(text=LONG, fetched_at=_at(10)))
    redirected = {"url": URL, "final_url": hub_url, "status": 200, "fetched_at": _at(11), "outcome": "not_article",
                  "body": None, "redirects": [[301, URL]], "site": "127.0.0.1", "links": {"a": []}}
    result = archive.record_fetch(redirected)
    assert result.events == ["gone"]
    assert archive.find_article(hub_url) is None
    article = archive.article(URL)
    assert article["status"] == "gone"
    (event,) = [e for e in archive.events(article["id"]) if e["kind"] == "gone"]
    assert json.loads(event["detail"]) == {"status": 301, "url": URL, "to": hub_url}
    # the story comes back at its URL: restored
    assert archive.record_fetch(record(text=LONG, fetched_at=_at(12))).events == ["restored"]


# -- moves and removals, sequences found in review --------------------------------------------

HUB = "http://127.0.0.1/business/"
NEW = "http://127.0.0.1/business/moved-story.html"


def _landed(url: str, final: str, hour: int, hops: list, outcome: str = "not_article", **extra: object) -> dict:
    return {"url": url, "final_url": final, "status": 200, "fetched_at": _at(hour), "outcome": outcome,
            "body": None, "redirects": hops, "site": "127.0.0.1", "links": {"a": []}, **extra}


def test_a_removed_story_stays_gone_when_its_redirect_answers_304(archive: Archive) -> None:
    archive.record_fetch(record(text=LONG, fetched_at=_at(10)))
    archive.record_fetch(_landed(URL, HUB, 11, [[301, URL]], headers={"ETag": '"hub-etag"'}))
    revisit = next(r for r in archive.known_articles() if r["url"] == URL)
    assert revisit["etag"] != '"hub-etag"'  # validators of the story's own page, not of the section's
    assert [r["url"] for r in archive.db.query("select url from hubs")] == [HUB]
    not_modified = _landed(URL, HUB, 12, [[301, URL]], outcome="not_modified", status=304)
    assert archive.record_fetch(not_modified).events == []
    assert archive.article(URL)["status"] == "gone"


@pytest.mark.parametrize("hops", [[[302, URL]], [["meta refresh", URL]]])
def test_a_temporary_redirect_to_a_page_that_is_no_article_removes_nothing(archive: Archive, hops: list) -> None:
    archive.record_fetch(record(text=LONG, fetched_at=_at(10)))
    assert archive.record_fetch(_landed(URL, "http://127.0.0.1/login", 11, hops)).events == []
    assert archive.article(URL)["status"] == "live"


def test_a_move_reported_after_a_page_with_its_own_canonical_moves_to_that_canonical(archive: Archive) -> None:
    archive.record_fetch(record(text=LONG, fetched_at=_at(10)))
    canonical = NEW.replace("http://", "https://")
    page = _copy(NEW, LONG, 11, title="A story")
    page["article"]["canonical_url"] = canonical
    archive.record_fetch(page)
    assert archive.record_fetch(_moved_only(NEW, 12)).events == ["merged", "moved"]
    assert archive.article(URL)["url"] == canonical and archive.stats()["articles"] == 1


def test_a_redirect_answering_304_still_joins_the_new_url(archive: Archive) -> None:
    archive.record_fetch(record(text=LONG, fetched_at=_at(10)))
    archive.record_fetch(_landed(URL, NEW, 11, [[301, URL]], outcome="not_modified", status=304))
    later = archive.record_fetch(_copy(NEW, LONG, 12, title="A story"))
    assert not later.new_article and archive.stats()["articles"] == 1


def test_a_pending_move_claimed_by_two_articles_joins_neither(archive: Archive) -> None:
    other_url = "http://127.0.0.1/world/b-story.html"
    archive.record_fetch(record(text=LONG, fetched_at=_at(10)))
    other = record(text=LONG.replace("council", "board"), fetched_at=_at(10), url=other_url, final_url=other_url)
    other["article"]["canonical_url"] = other_url
    archive.record_fetch(other)
    second = _moved_only(NEW, 11)
    second.update(url=other_url, redirects=[[301, other_url]])
    archive.record_fetch(_moved_only(NEW, 11))
    archive.record_fetch(second)
    assert archive.record_fetch(_copy(NEW, LONG, 12, title="A story")).new_article


def test_a_pending_move_expires(archive: Archive) -> None:
    archive.record_fetch(record(text=LONG, fetched_at=_at(10)))
    archive.record_fetch(_moved_only(NEW, 11))
    much_later = _copy(NEW, LONG, 11, title="A story")
    much_later["fetched_at"] = "2025-05-09T11:00:00Z"
    assert archive.record_fetch(much_later).new_article


EDITED = LONG + "\n\nA closing paragraph added on the day the story moved to its new section."


@pytest.mark.parametrize("order", ["move_first", "page_first"])
def test_a_story_edited_as_it_moved_is_one_article_with_the_edit_as_its_next_version(
        archive: Archive, order: str) -> None:
    archive.record_fetch(record(text=LONG, fetched_at=_at(10)))
    steps = [_moved_only(NEW, 11), _copy(NEW, EDITED, 12, title="A story")]
    results = [archive.record_fetch(f) for f in (steps if order == "move_first" else steps[::-1])]
    article = archive.article(URL)
    assert archive.stats()["articles"] == 1 and article["url"] == NEW
    assert [v["number"] for v in archive.versions(article["id"])] == [1, 2]
    assert archive.versions(article["id"])[-1]["text"] == EDITED
    kinds = [e["kind"] for e in archive.events(article["id"])]
    assert kinds.count("changed") == 1 and "moved" in kinds and archive.db["duplicates"].count == 0
    (found,) = archive.db.execute(
        "select v.article_id from versions_fts f join versions v on v.id = f.rowid "
        "where versions_fts match 'closing paragraph'").fetchall()
    assert found[0] == article["id"]
    if order == "page_first":
        assert results[1].events == ["merged", "changed", "moved"]


def test_a_copy_with_a_redirect_carrying_the_page_is_rehomed_too(archive: Archive) -> None:
    archive.record_fetch(record(text=LONG, fetched_at=_at(10)))
    archive.record_fetch(_copy(NEW, EDITED, 11, title="A story"))
    redirected = _copy(NEW, EDITED, 12, title="A story")
    redirected.update(url=URL, redirects=[[301, URL]])
    result = archive.record_fetch(redirected)
    assert result.version_number is None  # the edit is already the article's version 2
    article = archive.article(NEW)
    assert archive.stats()["articles"] == 1 and article["version_count"] == 2
    assert {f["version_id"] for f in archive.db.query("select version_id from fetches where version_id is not null")} \
        == {v["id"] for v in archive.versions(article["id"])}


EDITED_AGAIN = EDITED.replace("A closing paragraph added", "A closing paragraph, corrected later, added")


@pytest.mark.parametrize("move", ["stand_in", "page"])
def test_a_copy_crawled_several_times_before_the_move_is_seen_becomes_the_originals_next_versions(
        archive: Archive, move: str) -> None:
    archive.record_fetch(record(text=LONG, fetched_at=_at(10)))
    # the new URL, reached from links in three later crawls: unchanged, edited, corrected
    for hour, text in ((11, LONG), (12, EDITED), (13, EDITED_AGAIN)):
        archive.record_fetch(_copy(NEW, text, hour, title="A story"))
    if move == "stand_in":
        archive.record_fetch(_moved_only(NEW, 14))
    else:
        redirected = _copy(NEW, EDITED_AGAIN, 14, title="A story")
        redirected.update(url=URL, redirects=[[301, URL]])
        assert archive.record_fetch(redirected).version_number is None
    article = archive.article(URL)
    assert archive.stats()["articles"] == 1 and article["url"] == NEW and article["version_count"] == 3
    versions = archive.versions(article["id"])
    assert [(v["number"], v["text"]) for v in versions] == [(1, LONG), (2, EDITED), (3, EDITED_AGAIN)]
    assert article["latest_version_id"] == versions[-1]["id"]
    changed = [json.loads(e["detail"])["number"] for e in archive.events(article["id"]) if e["kind"] == "changed"]
    assert changed == [2, 3]
    # the unchanged copy's fetch points at version 1, each other fetch at the version it captured
    fetched = [r["version_id"] for r in archive.db.query(
        "select version_id from fetches where outcome = 'article' order by fetched_at")]
    assert fetched[:4] == [versions[0]["id"], versions[0]["id"], versions[1]["id"], versions[2]["id"]]
    assert archive.db["versions"].count == 3 and archive.db["duplicates"].count == 0


def test_a_copy_whose_history_interleaves_with_the_originals_stays_its_own_article(archive: Archive) -> None:
    archive.record_fetch(record(text=LONG, fetched_at=_at(10)))
    archive.record_fetch(_copy(NEW, EDITED, 11, title="A story"))
    archive.record_fetch(record(text=EDITED_AGAIN, fetched_at=_at(12)))  # the old URL edited after the copy
    archive.record_fetch(_moved_only(NEW, 13))
    assert archive.stats()["articles"] == 2
    assert [v["text"] for v in _versions(archive)] == [LONG, EDITED_AGAIN]
    assert [v["text"] for v in _versions(archive, NEW)] == [EDITED]


def test_a_folded_copys_duplicate_links_are_repointed_to_the_original(archive: Archive) -> None:
    archive.record_fetch(record(text=LONG, fetched_at=_at(10)))
    archive.record_fetch(_copy(NEW, EDITED, 11, title="A story"))
    # a partner syndicates the edited story: linked to the copy, the first article holding that text
    archive.record_fetch(_copy(OTHER_URL, EDITED, 12, title="Partner headline"))
    partner = archive.article(OTHER_URL)
    assert [d["url"] for d in archive.duplicates(partner["id"])] == [NEW]
    archive.record_fetch(_moved_only(NEW, 13))
    original = archive.article(URL)
    assert archive.stats()["articles"] == 2 and original["url"] == NEW
    assert [(d["article_id"], d["duplicate_of"]) for d in archive.db.query("select * from duplicates")] == [
        (partner["id"], original["id"])]
    assert [(d["url"], d["is_copy"]) for d in archive.duplicates(original["id"])] == [(OTHER_URL, 0)]


REWRITTEN = "\n\n".join(
    f"Update {i}: the ferry strike entered day {i}, with unions, owners and the port authority of harbour {i} "
    f"trading offers late into the night while travellers queued at gate {i}." for i in range(8)
)


def test_a_folded_copys_own_link_moves_to_the_original_with_its_version(archive: Archive) -> None:
    archive.record_fetch(record(text=LONG, fetched_at=_at(9)))
    archive.record_fetch(_copy(OTHER_URL, REWRITTEN, 10, title="Partner headline"))  # the partner has it first
    archive.record_fetch(_copy(NEW, REWRITTEN, 11, title="A story"))  # the story, rewritten as it moved
    assert archive.db["duplicates"].count == 1
    archive.record_fetch(_moved_only(NEW, 12))
    original, partner = archive.article(URL), archive.article(OTHER_URL)
    rewrite = archive.versions(original["id"])[-1]
    assert (rewrite["number"], rewrite["text"]) == (2, REWRITTEN)
    assert [(d["article_id"], d["duplicate_of"], d["version_id"]) for d in archive.db.query(
        "select * from duplicates")] == [(original["id"], partner["id"], rewrite["id"])]
    assert [(d["url"], d["is_copy"]) for d in archive.duplicates(partner["id"])] == [(NEW, 0)]
    (event,) = [e for e in archive.events(original["id"]) if e["kind"] == "duplicate"]
    assert event["version_id"] == rewrite["id"] and json.loads(event["detail"])["of"] == OTHER_URL


def test_a_copy_whose_edit_was_undone_folds_with_the_revert_marked(archive: Archive) -> None:
    archive.record_fetch(record(text=LONG, fetched_at=_at(9)))
    for hour, text in ((10, LONG), (11, EDITED), (12, LONG)):  # the new URL: unchanged, edited, edit undone
        archive.record_fetch(_copy(NEW, text, hour, title="A story"))
    archive.record_fetch(_moved_only(NEW, 13))
    article = archive.article(URL)
    versions = archive.versions(article["id"])
    assert archive.stats()["articles"] == 1 and [v["text"] for v in versions] == [LONG, EDITED, LONG]
    assert versions[2]["revert_of"] == versions[0]["id"]
    assert [e["kind"] for e in archive.events(article["id"])].count("reverted") == 1


def test_a_link_both_articles_had_leaves_one_duplicate_event(archive: Archive) -> None:
    archive.record_fetch(_copy(OTHER_URL, LONG, 8, title="Partner headline"))  # the partner first
    archive.record_fetch(record(text=LONG, fetched_at=_at(9)))  # the original: a copy of the partner's
    archive.record_fetch(_copy(NEW, EDITED, 11, title="A story"))  # the moved copy: a near copy of it too
    archive.record_fetch(_moved_only(NEW, 12))
    original, partner = archive.article(URL), archive.article(OTHER_URL)
    assert [(d["article_id"], d["duplicate_of"]) for d in archive.db.query("select * from duplicates")] == [
        (original["id"], partner["id"])]
    ofs = [json.loads(e["detail"])["of"] for e in archive.events(original["id"]) if e["kind"] == "duplicate"]
    assert ofs == [OTHER_URL]


# -- a known story's page that the crawler took for a hub --------------------------------------------


def _taken_for_hub(text: str, hour: int, title: str = "A story", **extra: object) -> dict:
    """A revisit whose page declared nothing: the crawler says hub, and hands the extraction over."""
    return record(text=text, title=title, fetched_at=_at(hour), outcome="not_article", **extra)


def test_an_edit_on_a_page_taken_for_a_hub_is_a_version_when_it_keeps_the_headline(archive: Archive) -> None:
    archive.record_fetch(record(text=LONG, fetched_at=_at(9)))
    result = archive.record_fetch(_taken_for_hub(EDITED, 10))
    assert (result.outcome, result.version_number) == ("article", 2)
    # the headline changed too, but most of the text is the story's
    result = archive.record_fetch(_taken_for_hub(EDITED_AGAIN, 11, title="A story, corrected"))
    assert (result.outcome, result.version_number) == ("article", 3)


def test_a_page_taken_for_a_hub_that_is_not_the_story_stays_one(archive: Archive) -> None:
    archive.record_fetch(record(text=LONG, fetched_at=_at(9)))
    wall = " ".join(["We and our partners use cookies to store and access information on your device."] * 12)
    result = archive.record_fetch(_taken_for_hub(wall, 10, title="Before you continue"))
    assert (result.outcome, result.version_number) == ("not_article", None)
    (fetch,) = archive.db.execute("select capture_id from fetches where id = ?", [result.fetch_id]).fetchall()
    assert fetch[0] is None  # no more kept than a hub's page
    assert archive.db.execute("select count(*) from counters where fetch_id = ?", [result.fetch_id]).fetchone()[0] == 0
    # the story's own headline behind a temporary redirect (a login page, say) is not taken either
    login = _taken_for_hub(EDITED, 11, url=URL, final_url="http://127.0.0.1/login", redirects=[[302, URL]])
    assert archive.record_fetch(login).outcome == "not_article"
    assert len(_versions(archive)) == 1
