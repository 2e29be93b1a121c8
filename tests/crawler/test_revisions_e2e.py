"""End to end (issue 7): the demo site crawled through editions 1..5, with per-request noise.

Every real edit is caught with the right classification, no noise becomes a version, moves,
deletions, restorations and reverts are events, diffs show exactly the changed words, and the
HTML diff of hostile content is inert.
"""

from __future__ import annotations

import dataclasses
import json
import time
from pathlib import Path

import lxml.html
import pytest

from archive.diff import PARAGRAPH_BREAK, diff_text, diff_versions
from archive.diff_render import render_html, render_terminal
from archive.revisions import normalise
from archive.store import Archive
from demosite import stories
from demosite.content import TEXT_CHANGE_KINDS
from demosite.server import DemoServer, Override
from demosite.site import Site
from tests.archive.test_diff import PATHOLOGICAL_BOUND_S, pathological_pairs
from tests.conftest import crawl, run_cli

pytestmark = pytest.mark.slow

ATTACK = '<script>alert(1)</script> <img src=x onerror=alert(1)>'
HOSTILE_SLUG_INDEX = -1  # the last demo article: no documented edit touches it
# Kinds an edition's documented change must give the new version.
EXPECTED_KINDS = {
    "headline": {"headline_changed"},
    "sentence": {"body_edited"},
    "correction": {"correction_appended"},
    "reverted": {"headline_changed"},
    "stealth": {"body_edited"},
}


def _new_versions(run: dict) -> int:
    return run["summary"]["new versions"]


@pytest.fixture(scope="module")
def site_run(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Editions 1, 1 again, 2, 3, 4, 5 (with one hostile article), each crawled once."""
    db = tmp_path_factory.mktemp("revisions") / "archive.db"
    site = Site()
    hostile = site.articles(5)[HOSTILE_SLUG_INDEX]
    runs: dict[str, dict] = {}
    with DemoServer(site, host="127.0.0.1", port=0, conditional=False) as server:
        runs["1"] = crawl(server.url, db)
        runs["1 again"] = crawl(server.url, db)
        for edition in (2, 3, 4, 5):
            server.edition = edition
            if edition == 5:
                _serve_hostile(server, site, hostile)
            runs[str(edition)] = crawl(server.url, db)
        base = server.url
    return {"db": db, "runs": runs, "site": site, "hostile": hostile, "base": base}


def _serve_hostile(server: DemoServer, site: Site, article: object) -> None:
    """The article with markup in its headline and a new paragraph, as escaped text."""
    evil = dataclasses.replace(article, title=f"{ATTACK} {article.title}",
                               body=article.body + (f"Reader comment: a visitor posted {ATTACK} under this story, and "
                                                     "the moderators removed it on Saturday after readers "
                                                     "complained that the page had stopped loading.",))

    def respond(_path: str) -> Override:
        page = site._article(evil, site.edition(5), server.url)
        headers = {"Content-Type": page.content_type}
        return Override(200, headers, server.noise.render(page))

    server.respond_with(article.path, respond)


def _article(archive: Archive, site: Site, slug: str, base: str, edition: int = 5) -> dict:
    path = {a.slug: a.path for a in site.articles(edition)}[slug]
    return archive.article(base + path.lstrip("/"))


def _versions(db: Path, site: Site, slug: str, base: str) -> list[dict]:
    with Archive(db) as archive:
        return archive.versions(_article(archive, site, slug, base)["id"])


def _events(db: Path, site: Site, slug: str, base: str) -> list[str]:
    with Archive(db) as archive:
        return [e["kind"] for e in archive.events(_article(archive, site, slug, base)["id"])]


def _changes(ops: list[list[str]]) -> list[list[str]]:
    return [op for op in ops if op[0] != "equal"]


# -- versions: nothing spurious, every edit caught ------------------------------------------


def test_repeated_crawl_of_one_edition_adds_no_version(site_run: dict) -> None:
    runs = site_run["runs"]
    assert _new_versions(runs["1"]) == len(site_run["site"].articles(1))
    assert _new_versions(runs["1 again"]) == 0


@pytest.mark.parametrize("edition", [2, 3, 4, 5])
def test_each_edition_adds_exactly_its_text_changes(site_run: dict, edition: int) -> None:
    changes = site_run["site"].changes(edition)
    expected = [c for c in changes if c.kind in TEXT_CHANGE_KINDS]
    hostile = 1 if edition == 5 else 0
    # A moved article reached at its new URL before its old one redirects is archived anew
    # (the crawl filters the redirect to an URL it already requested): count it apart.
    summary = site_run["runs"][str(edition)]["summary"]
    unexpected_new = summary["new articles"] - sum(c.kind == "added" for c in changes)
    assert unexpected_new <= sum(c.kind == "moved" for c in changes)
    assert _new_versions(site_run["runs"][str(edition)]) == len(expected) + hostile + unexpected_new


@pytest.mark.parametrize("edition", [2, 4, 5])
def test_every_edit_has_the_right_classification(site_run: dict, edition: int) -> None:
    site, db, base = site_run["site"], site_run["db"], site_run["base"]
    for change in site.changes(edition):
        if change.kind not in EXPECTED_KINDS:
            continue
        latest = _versions(db, site, change.slug, base)[-1]
        assert EXPECTED_KINDS[change.kind] <= set(latest["kinds"]), (change, latest["kinds"])
        assert latest["words_added"] + latest["words_removed"] > 0


def test_stealth_edit_is_flagged_and_declared_edits_are_not(site_run: dict) -> None:
    site, db, base = site_run["site"], site_run["db"], site_run["base"]
    v = _versions(db, site, stories.SLUG_3, base)
    assert [x["stealth"] for x in v] == [0, 0, 1]
    assert not any(x["stealth"] for x in _versions(db, site, stories.SLUG_4, base))
    out = run_cli("changes", "--db", str(db), "--since", "1h").stdout
    stealth_lines = [line for line in out.splitlines() if "STEALTH" in line]
    # The sentence edit of edition 5, and the hostile article (edited, dateModified kept).
    assert len(stealth_lines) == 2 and stories.SLUG_3 in stealth_lines[0] + stealth_lines[1]
    assert "STEALTH" in run_cli("log", _url(site_run, stories.SLUG_3), "--db", str(db)).stdout


# -- lifecycle events ------------------------------------------------------------------------


def test_added_article_is_first_seen_in_edition_3(site_run: dict) -> None:
    site, db, base = site_run["site"], site_run["db"], site_run["base"]
    assert _events(db, site, stories.NEW_SLUG, base) == ["first_seen"]
    assert [v["kinds"] for v in _versions(db, site, stories.NEW_SLUG, base)] == [["first"]]


def test_revert_is_a_third_version_marked_as_revert_to_the_first(site_run: dict) -> None:
    site, db, base = site_run["site"], site_run["db"], site_run["base"]
    v = _versions(db, site, stories.SLUG_2, base)
    assert len(v) == 3 and v[2]["revert_of"] == v[0]["id"] and v[1]["revert_of"] is None
    assert v[2]["title"] == v[0]["title"] != v[1]["title"]
    assert _events(db, site, stories.SLUG_2, base) == ["first_seen", "changed", "changed", "reverted"]


def test_move_keeps_one_article_under_its_new_url(site_run: dict) -> None:
    site, db, base = site_run["site"], site_run["db"], site_run["base"]
    with Archive(db) as archive:
        old = _article(archive, site, stories.SLUG_5, base, edition=1)
        new = archive.article(base + stories.MOVED_PATH_5.lstrip("/"))
        assert old["id"] == new["id"] and new["url"].endswith(stories.MOVED_PATH_5)
        assert len(archive.versions(new["id"])) == 1
        events = archive.events(new["id"])
    moved = [json.loads(e["detail"]) for e in events if e["kind"] == "moved"]
    assert len(moved) == 1 and moved[0]["to"].endswith(stories.MOVED_PATH_5)


def test_deleted_article_is_gone_then_restored_without_a_new_version(site_run: dict) -> None:
    site, db, base = site_run["site"], site_run["db"], site_run["base"]
    assert _events(db, site, stories.SLUG_6, base) == ["first_seen", "gone", "restored"]
    assert len(_versions(db, site, stories.SLUG_6, base)) == 1
    with Archive(db) as archive:
        assert _article(archive, site, stories.SLUG_6, base)["status"] == "live"


# -- diffs show exactly the changed words ----------------------------------------------------


def _cli_diff(db: Path, url: str, *args: str) -> dict:
    return json.loads(run_cli("diff", url, "--db", str(db), "--json", *args).stdout)


def _url(site_run: dict, slug: str, edition: int = 5) -> str:
    path = {a.slug: a.path for a in site_run["site"].articles(edition)}[slug]
    return site_run["base"] + path.lstrip("/")


def test_headline_diff_is_exactly_the_rewritten_words(site_run: dict) -> None:
    d = _cli_diff(site_run["db"], _url(site_run, stories.SLUG_2), "--from", "1", "--to", "2")
    original = str(stories.demo_specs()[1]["title"])
    expected, _ = diff_text(original, stories.HEADLINE_2_EDITED)
    assert _changes(d["title"]) == _changes(expected)
    assert {"headline_changed", "dates_changed"} <= set(d["kinds"])


def test_sentence_diff_is_exactly_the_changed_words(site_run: dict) -> None:
    d = _cli_diff(site_run["db"], _url(site_run, stories.SLUG_3), "--from", "1", "--to", "2")
    expected, _ = diff_text(stories.SENTENCE_3, stories.SENTENCE_3_EDITED)
    assert _changes(d["text"]) == _changes(expected) and _changes(d["title"]) == []


def test_stealth_diff_is_one_word(site_run: dict) -> None:
    d = _cli_diff(site_run["db"], _url(site_run, stories.SLUG_3))
    assert _changes(d["text"]) == [["delete", "one-in-three"], ["insert", "one-in-five"]]
    assert d["stealth"] is True
    out = run_cli("diff", _url(site_run, stories.SLUG_3), "--db", str(site_run["db"]), "--no-color").stdout
    assert "[-one-in-three-]{+one-in-five+}" in out and "stealth edit" in out
    assert len(out.split()) < 120  # the changed paragraph and a little context, not the article


def test_correction_diff_is_the_appended_paragraph(site_run: dict) -> None:
    d = _cli_diff(site_run["db"], _url(site_run, stories.SLUG_4))
    assert _changes(d["text"]) == [["insert", PARAGRAPH_BREAK + normalise(stories.CORRECTION_4)]]
    assert "modified" in d["field_changes"]


def test_html_diff_of_hostile_article_is_inert(site_run: dict, tmp_path: Path) -> None:
    url = _url(site_run, site_run["hostile"].slug)
    versions = _versions(site_run["db"], site_run["site"], site_run["hostile"].slug, site_run["base"])
    assert len(versions) == 2 and "<script>" in versions[1]["title"] and "onerror=" in versions[1]["text"]
    for layout in ([], ["--side-by-side"]):
        page_path = tmp_path / f"diff{len(layout)}.html"
        run_cli("diff", url, "--db", str(site_run["db"]), "--html", str(page_path), *layout)
        doc = lxml.html.fromstring(page_path.read_text(encoding="utf-8"))
        assert not doc.xpath("//script | //img | //iframe | //svg | //@src | //@href")
        assert [a for e in doc.iter() for a in e.attrib if a.lower().startswith("on")] == []
        inserted = " ".join(e.text_content() for e in doc.iter("ins"))
        assert "<script>alert(1)</script>" in inserted and "onerror=alert(1)" in inserted


def test_pathological_pairs_render_within_their_bound(site_run: dict) -> None:
    """The bounded diffs of tests/archive/test_diff.py, rendered as the CLI renders them."""
    for name, (old, new) in pathological_pairs().items():
        start = time.perf_counter()
        d = diff_versions({"text": old}, {"text": new})
        render_terminal(d, color=False)
        render_html(d)
        assert time.perf_counter() - start < 2 * PATHOLOGICAL_BOUND_S, name
