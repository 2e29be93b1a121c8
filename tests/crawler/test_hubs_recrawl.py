"""Recrawls and hubs: an unchanged hub (304, or the same bytes) is not read again but its links
are followed; a changed hub is read in full, so nothing new is missed."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.store import Archive
from demosite.server import DemoServer
from demosite.site import Site
from tests.conftest import crawl

pytestmark = pytest.mark.slow

HTML = {"Content-Type": "text/html; charset=utf-8"}


def hub(*links: str) -> bytes:
    items = "".join(f'<li><a href="{href}">Story {i}: the council votes on the budget</a></li>'
                    for i, href in enumerate(links))
    return (f"<html><head><title>Latest news</title></head><body><h1>Latest news</h1>"
            f"<ul>{items}</ul></body></html>").encode()


NEW_STORY = "/2025/05/03/council-passes-the-budget/"
PARAGRAPH = ("The city council passed the budget on Saturday after a long debate about schools, "
             "buses and the harbour, with two members voting against it and one abstaining. ")


def story() -> bytes:
    body = "".join(f"<p>{PARAGRAPH * 3}</p>" for _ in range(5))
    return ('<html><head><title>Council passes the budget</title><script type="application/ld+json">'
            '{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Council passes '
            'the budget", "datePublished": "2025-05-03T08:00:00Z"}</script></head><body><article>'
            f"<h1>Council passes the budget</h1>{body}</article></body></html>").encode()


def requested(server: DemoServer) -> list[str]:
    return [r.path for r in server.requests]


def archived(db: Path) -> set[str]:
    with Archive(db) as archive:
        return {"/" + r["url"].split("/", 3)[3] for r in archive.db.query("select url from articles")}


@pytest.fixture(scope="module")
def recrawls(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Hubs without validators: crawled, crawled unchanged, then with a new article on a hub."""
    db = tmp_path_factory.mktemp("hubs") / "a.db"
    site = Site()
    first, second = (a.path for a in site.articles(1)[:2])
    third = NEW_STORY
    runs = []
    with DemoServer(site) as server:
        server.override("/robots.txt", 200, {"Content-Type": "text/plain"}, b"User-agent: *\n")
        server.override("/sitemap.xml", 404, HTML, b"")
        server.override("/", 200, HTML, hub("/hub1/", first))
        server.override("/hub1/", 200, HTML, hub(second))
        server.override(NEW_STORY, 200, HTML, story())
        for change in (None, None, third):
            if change:
                server.override("/hub1/", 200, HTML, hub(second, change))
            server.clear_requests()
            crawl(server.url, db)
            with Archive(db) as archive:
                hubs = {url.split("/", 3)[3]: tuple(row) for url, *row in archive.db.execute(
                    "select url, checked_at, changed_at from hubs")}
            runs.append({"requests": requested(server), "archived": archived(db), "hubs": hubs})
    return {"runs": runs, "articles": (first, second, third)}


def test_hubs_are_remembered(recrawls: dict) -> None:
    assert {"", "hub1/"} <= set(recrawls["runs"][0]["hubs"])


def test_an_unchanged_hub_is_not_read_again_but_its_links_are_followed(recrawls: dict) -> None:
    first, second, _ = recrawls["articles"]
    one, two = recrawls["runs"][:2]
    assert "/hub1/" in two["requests"] and {first, second} <= two["archived"]
    assert NEW_STORY not in two["archived"]
    for url in ("", "hub1/"):
        assert two["hubs"][url][0] != one["hubs"][url][0]  # checked_at: fetched again
        assert two["hubs"][url][1] == one["hubs"][url][1], f"{url} was read again"  # changed_at


def test_a_changed_hub_is_read_and_its_new_article_found(recrawls: dict) -> None:
    *_, third = recrawls["articles"]
    two, three = recrawls["runs"][1:]
    assert third in three["requests"] and third in three["archived"]
    assert three["hubs"]["hub1/"][1] != two["hubs"]["hub1/"][1]  # read again: changed


def test_no_url_requested_twice_in_a_recrawl(recrawls: dict) -> None:
    for run in recrawls["runs"]:
        assert len(run["requests"]) == len(set(run["requests"]))


def test_links_of_a_hub_answering_304_are_followed(tmp_path: Path) -> None:
    """A section's later pages are linked only from its first page: reached through a 304."""
    db = tmp_path / "a.db"
    with DemoServer(Site(page_size=3), conditional=True) as server:
        crawl(server.url, db)
        first = {r.path for r in server.requests if "/page/" in r.path}
        server.clear_requests()
        crawl(server.url, db)
        again = [r for r in server.requests if r.path.startswith("/section/")]
    later = {r.path for r in again if "/page/" in r.path}
    assert first and later == first
    assert all(r.status == 304 and r.headers.get("If-None-Match") for r in again)
