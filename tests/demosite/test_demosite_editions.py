"""Editions change exactly the documented articles, and nothing else."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from demosite import stories
from demosite.content import EDITION_CHANGES, TEXT_CHANGE_KINDS
from demosite.server import DemoServer
from demosite.site import Site

Fetch = Callable[..., Any]
Reader = Callable[[str], tuple[str, str]]


def snapshot(server: DemoServer, fetch: Fetch, article_of: Reader) -> dict[str, tuple]:
    """slug -> (statuses of all its paths, headline, body, dateModified), over all editions' paths."""
    site = server.site
    paths = sorted({(a.slug, a.path) for e in range(1, 6) for a in site.articles(e)})
    out: dict[str, tuple] = {}
    for slug, path in paths:
        page = fetch(server.url + path.lstrip("/"))
        statuses, *content = out.get(slug, ((), None, None, None))
        if page.status == 200:
            ld = json.loads(re.search(r'ld\+json">(.*?)</script>', page.text, re.S).group(1))
            content = [*article_of(page.text), ld["dateModified"]]
        out[slug] = (statuses + (page.status,), *content)
    return out


def test_editions_change_exactly_the_documented_articles(server: DemoServer, fetch: Fetch,
                                                         article_of: Reader) -> None:
    before = snapshot(server, fetch, article_of)
    for edition in range(2, 6):
        server.edition = edition
        after = snapshot(server, fetch, article_of)
        changed = {slug for slug in after if after[slug][:3] != before[slug][:3]}
        assert changed == {c.slug for c in EDITION_CHANGES[edition]}, edition
        text_changed = {s for s in changed if before[s][1] and after[s][1] and after[s][1:3] != before[s][1:3]}
        kinds = {c.slug for c in EDITION_CHANGES[edition] if c.kind in TEXT_CHANGE_KINDS}
        assert text_changed == kinds - {stories.NEW_SLUG}, edition
        before = after


def test_edition_2_edits(server: DemoServer, fetch: Fetch, article_of: Reader) -> None:
    one = snapshot(server, fetch, article_of)
    server.edition = 2
    two = snapshot(server, fetch, article_of)
    assert two[stories.SLUG_2][1] == stories.HEADLINE_2_EDITED
    assert two[stories.SLUG_2][2] == one[stories.SLUG_2][2]
    assert stories.SENTENCE_3_EDITED in two[stories.SLUG_3][2]
    assert stories.SENTENCE_3 not in two[stories.SLUG_3][2]
    assert two[stories.SLUG_4][2] == one[stories.SLUG_4][2] + "\n\n" + stories.CORRECTION_4
    assert two[stories.SLUG_4][2].split("\n\n")[-1].startswith("Correction: ")
    for slug in (stories.SLUG_2, stories.SLUG_3, stories.SLUG_4):
        assert two[slug][3] == stories.MODIFIED_E2 != one[slug][3]
    unchanged = set(one) - {stories.SLUG_2, stories.SLUG_3, stories.SLUG_4}
    assert all(one[s] == two[s] for s in unchanged)


def test_edition_3_adds_an_article_everywhere(server: DemoServer, fetch: Fetch) -> None:
    server.edition = 3
    new = next(a for a in server.site.articles(3) if a.slug == stories.NEW_SLUG)
    assert new.path in fetch(server.url).text
    assert new.path in fetch(server.url + f"section/{new.section}/").text
    assert new.path in fetch(server.url + "feed.xml").text
    assert new.path in fetch(server.url + "sitemap-posts-1.xml").text
    assert len(server.site.articles(3)) == 21


def test_edition_4_moves_and_removes(server: DemoServer, fetch: Fetch) -> None:
    site = server.site
    moved = next(a for a in site.articles(1) if a.slug == stories.SLUG_5)
    gone = next(a for a in site.articles(1) if a.slug == stories.SLUG_6)
    server.edition = 4
    redirect = fetch(server.url + moved.path.lstrip("/"))
    assert redirect.status == 301
    assert redirect.headers["Location"] == server.url + stories.MOVED_PATH_5.lstrip("/")
    assert fetch(redirect.headers["Location"]).status == 200
    assert fetch(server.url + gone.path.lstrip("/")).status == 410
    assert gone.path not in fetch(server.url).text
    server.edition = 5
    assert fetch(server.url + gone.path.lstrip("/")).status == 200


def test_stealth_edit_keeps_date_modified(server: DemoServer, fetch: Fetch, article_of: Reader) -> None:
    server.edition = 4
    four = snapshot(server, fetch, article_of)
    server.edition = 5
    five = snapshot(server, fetch, article_of)
    assert four[stories.SLUG_3][2] != five[stories.SLUG_3][2]
    assert four[stories.SLUG_3][3] == five[stories.SLUG_3][3]


def test_generated_edits_touch_the_requested_fraction() -> None:
    site = Site(articles=200, seed=3, edit_fraction=0.1)
    for edition in (2, 3):
        generated = [c for c in site.changes(edition) if c.note.startswith("generated")]
        assert len(generated) == 18  # 10 % of the 180 generated articles
        previous = {a.slug: a for a in site.articles(edition - 1)}
        current = {a.slug: a for a in site.articles(edition)}
        changed = {s for s in current if s in previous and
                   (current[s].title, current[s].body) != (previous[s].title, previous[s].body)}
        documented = {c.slug for c in site.changes(edition) if c.kind in TEXT_CHANGE_KINDS}
        assert changed == documented - {stories.NEW_SLUG}
