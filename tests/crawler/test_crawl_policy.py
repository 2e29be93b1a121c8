"""End to end (issue 3): discovery sources, traps, robots, Retry-After, canonical URLs, moves,
conditional GET, against local sites; asserting what the server saw and what the archive holds."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from archive.store import Archive
from demosite import stories
from demosite.server import DemoServer, Override
from demosite.site import Site
from tests.conftest import crawl, run_cli

pytestmark = pytest.mark.slow

HTML = {"Content-Type": "text/html; charset=utf-8"}


def paths(server: DemoServer) -> list[str]:
    return [r.path for r in server.requests]


def archived(db: Path) -> set[str]:
    with Archive(db) as archive:
        return {"/" + r["url"].split("/", 3)[3] for r in archive.db.query("select url from articles")}


def page(*links: str, head: str = "") -> bytes:
    anchors = "".join(f'<a href="{href}">link</a> ' for href in links)
    return f"<html><head>{head}</head><body><p>Index</p>{anchors}</body></html>".encode()


def site_config(tmp_path: Path, server: DemoServer, **fields: object) -> Path:
    lines = ["[sites.demo]", f'start_urls = ["{server.url}"]', "delay = 0"]
    lines += [f"{k} = {json.dumps(v)}" for k, v in fields.items()]
    path = tmp_path / "sites.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def crawl_site(tmp_path: Path, server: DemoServer, db: Path, **fields: object) -> dict:
    path = site_config(tmp_path, server, **fields)
    proc = run_cli("crawl", "--site", "demo", "--sites", str(path), "--db", str(db), "--delay", "0",
                   "--log-level", "WARNING", "--json")
    return json.loads(proc.stdout)


# ---- discovery sources ---------------------------------------------------------------------------


def test_sitemaps_from_robots_with_news_hints(tmp_path: Path) -> None:
    """Home page without links: robots.txt Sitemap line -> index -> sitemaps (one gzipped, Google
    News) find every article, and the news title and date travel with the fetch."""
    site = Site()
    with DemoServer(site) as server:
        server.override("/", 200, HTML, page())
        crawl(server.url, tmp_path / "a.db", "--no-revisit")
        seen = paths(server)
    assert {"/robots.txt", "/sitemap.xml", "/sitemap-news.xml.gz"} <= set(seen)
    assert archived(tmp_path / "a.db") == {a.path for a in site.articles(1)}
    with Archive(tmp_path / "a.db") as archive:
        hints = [json.loads(r["hints"]) for r in archive.db.query(
            "select hints from fetches where outcome = 'article'")]
    assert all(h.get("news_title") and h.get("news_publication_date") and h.get("lastmod")
               for h in hints)


def test_feed_found_through_link_alternate(tmp_path: Path) -> None:
    site = Site()
    with DemoServer(site) as server:
        server.override("/robots.txt", 200, {"Content-Type": "text/plain"}, b"User-agent: *\n")
        server.override("/sitemap.xml", 404, HTML, b"")
        server.override("/", 200, HTML, page(head='<link rel="alternate" '
                                             'type="application/rss+xml" href="/feed.xml">'))
        crawl(server.url, tmp_path / "a.db", "--no-revisit")
        seen = paths(server)
    assert "/feed.xml" in seen
    assert archived(tmp_path / "a.db") == {a.path for a in site.articles(1)}


def test_links_followed_to_the_configured_depth(tmp_path: Path) -> None:
    site = Site()
    article = site.articles(1)[0].path
    with DemoServer(site) as server:
        server.override("/robots.txt", 200, {"Content-Type": "text/plain"}, b"User-agent: *\n")
        server.override("/sitemap.xml", 404, HTML, b"")
        server.override("/", 200, HTML, page("/hub1/"))
        server.override("/hub1/", 200, HTML, page("/hub2/"))
        server.override("/hub2/", 200, HTML, page(article))
        crawl_site(tmp_path, server, tmp_path / "a.db", depth=2)
        shallow = paths(server)
        server.clear_requests()
        crawl_site(tmp_path, server, tmp_path / "b.db", depth=3)
        deep = paths(server)
    assert "/hub2/" in shallow and article not in shallow
    assert article in deep and article in archived(tmp_path / "b.db")


# ---- traps ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def trap_crawl(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("traps")
    site = Site(articles=120, traps=True, page_size=5)
    with DemoServer(site) as server:
        long_url = "/" + "x" * 2100 + "/"
        server.override("/about/", 200, HTML, page(long_url, "/hub/a/hub/a/hub/a/"))
        result = crawl_site(tmp, server, tmp / "a.db", max_pagination=3, depth=5)
        seen = paths(server)
    stats = json.loads((tmp / "stats.json").read_text()) if (tmp / "stats.json").exists() else {}
    return {"seen": seen, "db": tmp / "a.db", "result": result, "stats": stats, "site": site}


def test_calendar_followed_one_step_only(trap_crawl: dict) -> None:
    calendars = [p for p in trap_crawl["seen"] if p.startswith("/calendar/")]
    assert calendars == ["/calendar/2025/05/"]


def test_repeated_segments_pagination_session_ids_and_long_urls_refused(trap_crawl: dict) -> None:
    seen = trap_crawl["seen"]
    assert "/section/world/" in seen and not [p for p in seen if "/section/world/section/" in p]
    assert not [p for p in seen if "/page/4/" in p] and [p for p in seen if "/page/3/" in p]
    assert not [p for p in seen if "sessionid" in p]
    assert not [p for p in seen if len(p) > 2000 or p.startswith("/hub/")]
    assert "/media/annual-report.pdf" not in seen


def test_binary_served_as_html_is_fetched_but_not_archived(trap_crawl: dict) -> None:
    assert "/downloads/data.html" in trap_crawl["seen"]
    with Archive(trap_crawl["db"]) as archive:
        urls = [r["url"] for r in archive.db.query("select url from fetches")]
    assert not [u for u in urls if u.endswith("/downloads/data.html")]


def test_no_url_requested_twice(trap_crawl: dict) -> None:
    assert [p for p, n in Counter(trap_crawl["seen"]).items() if n > 1] == []


def test_page_budget(tmp_path: Path) -> None:
    with DemoServer(Site(articles=60)) as server:
        crawl_site(tmp_path, server, tmp_path / "a.db", max_pages=12)
        seen = paths(server)
    assert len(seen) <= 13  # the pages of the budget, and robots.txt fetched for politeness


# ---- robots.txt and Retry-After --------------------------------------------------------------------


def test_robots_5xx_disallows_everything(tmp_path: Path) -> None:
    with DemoServer(Site()) as server:
        server.override("/robots.txt", 503, {"Content-Type": "text/plain"}, b"busy")
        crawl(server.url, tmp_path / "a.db")
        seen = set(paths(server))
        server.clear_overrides()
        server.clear_requests()
        crawl(server.url, tmp_path / "a.db")  # recovered
        after = paths(server)
    assert seen == {"/robots.txt"}
    assert archived(tmp_path / "a.db") == {a.path for a in Site().articles(1)}
    assert after.count("/robots.txt") == 1 and "/private/secret.html" not in after


def test_robots_4xx_allows_everything(tmp_path: Path) -> None:
    with DemoServer(Site()) as server:
        server.override("/robots.txt", 404, HTML, b"not found")
        crawl(server.url, tmp_path / "a.db")
        seen = paths(server)
    assert "/private/secret.html" in seen and seen.count("/robots.txt") == 1


def test_retry_after_is_honoured(tmp_path: Path) -> None:
    site = Site()
    target = site.articles(1)[3].path
    with DemoServer(site) as server:
        server.override(target, 503, {"Retry-After": "2", **HTML}, b"later", times=1)
        crawl(server.url, tmp_path / "a.db")
        hits = [r for r in server.requests if r.path == target]
        others = [r for r in server.requests if r.path != target]
    assert [r.status for r in hits] == [503, 200]
    assert hits[1].time - hits[0].time >= 1.9
    # nothing else of the site was asked for while it said "come back in 2 s"
    assert not [r for r in others if hits[0].time + 0.1 < r.time < hits[0].time + 1.9]
    assert target in archived(tmp_path / "a.db")


def test_user_agent_names_the_contact_url(tmp_path: Path) -> None:
    with DemoServer(Site(articles=6)) as server:
        crawl_site(tmp_path, server, tmp_path / "a.db", contact_url="https://archive.example/about")
        agents = {r.headers.get("User-Agent") for r in server.requests}
    assert agents == {"newsarchive/0.1 (+https://archive.example/about)"}


# ---- canonical URLs, aliases, moves, conditional GET, gone ----------------------------------------


def test_tracking_amp_and_session_variants_are_one_article(tmp_path: Path) -> None:
    site = Site()
    path = site.articles(1)[0].path
    amp = path.replace(".html", ".amp.html")
    variants = [path + "?utm_source=feed&fbclid=xyz", amp, path + "?sessionid=42#comments"]
    with DemoServer(site) as server:
        server.override("/robots.txt", 200, {"Content-Type": "text/plain"}, b"User-agent: *\n")
        server.override("/sitemap.xml", 404, HTML, b"")
        server.override("/", 200, HTML, page(*variants))
        crawl(server.url, tmp_path / "a.db")
        seen = paths(server)
    assert path in seen and not [p for p in seen if "utm_" in p or "amp" in p or "session" in p]
    assert seen.count(path) == 1
    with Archive(tmp_path / "a.db") as archive:
        row = archive.find_article(server.url + path.lstrip("/"))
        aliases = {r["url"] for r in archive.db.query(
            "select url from aliases where article_id = ?", [row["id"]])}
        assert archive.find_article(server.url + variants[0].lstrip("/"))["id"] == row["id"]
    assert row["url"] == server.url + path.lstrip("/")
    assert server.url + variants[0].lstrip("/") in aliases


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The demo site, conditional GET on: edition 1 twice, then edition 4 (a move, a 410)."""
    db = tmp_path_factory.mktemp("editions") / "a.db"
    with DemoServer(Site(), conditional=True) as server:
        crawl(server.url, db)
        server.clear_requests()
        second = crawl(server.url, db)
        requests = server.requests
        server.edition = 4
        crawl(server.url, db)
        base = server.url
    return {"db": db, "second": second, "requests": requests, "base": base}


def test_conditional_get_304_is_an_unchanged_fetch(editions: dict) -> None:
    articles = {a.path for a in Site().articles(1)}
    revisits = [r for r in editions["requests"] if r.path in articles]
    assert len(revisits) == len(articles)
    assert all(r.headers.get("If-None-Match") and r.status == 304 for r in revisits)
    assert editions["second"]["summary"]["not modified (304)"] == len(articles)
    assert editions["second"]["summary"]["new versions"] == 0
    with Archive(editions["db"]) as archive:
        (unchanged,) = archive.db.execute(
            "select count(*) from fetches where outcome = 'not_modified' and capture_id is null "
            "and article_id is not null").fetchone()
    assert unchanged >= len(articles)


def test_hubs_are_asked_conditionally_and_followed_on_304(editions: dict) -> None:
    hubs = [r for r in editions["requests"] if r.path == "/" or r.path.startswith("/section/")]
    assert hubs and all(r.headers.get("If-None-Match") and r.status == 304 for r in hubs)
    assert editions["second"]["summary"]["hubs (not archived)"] >= len(hubs)


def test_moved_article_keeps_its_identity_and_gone_is_an_event(editions: dict) -> None:
    base = editions["base"]
    with Archive(editions["db"]) as archive:
        moved = archive.find_article(base + stories.MOVED_PATH_5.lstrip("/"))
        assert moved is not None and moved["url"] == base + stories.MOVED_PATH_5.lstrip("/")
        events = [e["kind"] for e in archive.events(moved["id"])]
        gone_rows = list(archive.db.query("select id from articles where status = 'gone'"))
        assert len(gone_rows) == 1
        gone_events = [e["kind"] for e in archive.events(gone_rows[0]["id"])]
        assert archive.stats()["articles"] == len(Site().articles(4)) + 1  # + the gone one
    assert "moved" in events
    assert gone_events == ["first_seen", "gone"]


def test_moved_article_linked_before_its_redirect_is_fetched_once(tmp_path: Path) -> None:
    """The front page links the new URL and is read while the old URL's 301 is still on its way:
    the new URL is downloaded once, and the archive still records the move on the same article."""
    import time

    db = tmp_path / "a.db"
    old = next(a.path for a in Site().articles(1) if a.slug == stories.SLUG_5)
    with DemoServer(Site(), conditional=True) as server:
        crawl(server.url, db)
        server.edition = 4

        def late(_: str) -> None:
            time.sleep(2)  # the site's own 301 follows, after the front page's links are out
            return None

        server.respond_with(old, late)
        server.clear_requests()
        summary = crawl(server.url, db)
        seen = paths(server)
        base = server.url
    assert seen.count(old) == 1
    assert seen.count(stories.MOVED_PATH_5) == 1
    with Archive(db) as archive:
        moved = archive.find_article(base + stories.MOVED_PATH_5.lstrip("/"))
        assert archive.find_article(base + old.lstrip("/"))["id"] == moved["id"]
        assert moved["url"] == base + stories.MOVED_PATH_5.lstrip("/")
        assert "moved" in [e["kind"] for e in archive.events(moved["id"])]
        assert archive.stats()["articles"] == len(Site().articles(4)) + 1  # + the gone one; no copy
        outcomes = [r["outcome"] for r in archive.db.query(
            "select outcome from fetches where article_id = ? order by id", [moved["id"]])]
    assert outcomes.count("moved") == 1
    assert summary["summary"]["moved to a URL fetched anyway"] == 1
    assert summary["summary"]["pages fetched"] == len(seen)  # the stand-in answer is no page


def plain_page(title: str, text: str) -> Override:
    """A page that declares nothing (no JSON-LD, no og:type) on an undated path, shorter than the 250
    words that would make it an article by its length alone: as a CMS migration may serve a story."""
    paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
    body = f"<html><head><title>{title}</title></head><body><h1>{title}</h1>{paragraphs}</body></html>"
    return Override(200, HTML, body.encode())


def short(text: str, words: int = 150) -> str:
    """The story's first paragraphs, under the length that makes an undeclared page an article by itself."""
    kept: list[str] = []
    for paragraph in text.split("\n\n"):
        if sum(len(p.split()) for p in kept) + len(paragraph.split()) > words:
            break
        kept.append(paragraph)
    return "\n\n".join(kept)


def test_a_revisited_story_on_a_page_that_declares_nothing_is_still_the_story(tmp_path: Path) -> None:
    """The crawler takes such a page for a hub; the archive, which knows the story, sees its headline:
    moved for good to such a page the story moves (before, it was reported gone). A consent wall at a
    story's address, and a 301 to a section page, are not the story. (An edit in place on such a page:
    tests/archive/test_store_revisions.py.)"""
    db = tmp_path / "a.db"
    # stories at undated addresses: there, a page that declares nothing is no article by its URL either
    moved, walled, removed = [a for a in Site().articles(1) if not re.search(r"/20\d\d/", a.path)][:3]
    with DemoServer(Site(), conditional=True) as server:
        crawl(server.url, db)
        base = server.url
        server.respond_with(moved.path, lambda _: Override(301, {"Location": base + "stories/new-home"}, b""))
        server.respond_with("/stories/new-home", lambda _: plain_page(moved.title, short(moved.text)))
        consent = " ".join(["We and our partners use cookies to store and access information on your device."] * 12)
        server.respond_with(walled.path, lambda _: plain_page("Before you continue", consent))
        server.respond_with(removed.path, lambda _: Override(301, {"Location": base + "section/world/"}, b""))
        crawl(server.url, db)
    with Archive(db) as archive:
        story = archive.find_article(base + moved.path.lstrip("/"))
        assert story["url"] == base + "stories/new-home" and story["status"] == "live"
        assert "moved" in [e["kind"] for e in archive.events(story["id"])]
        kept = archive.find_article(base + walled.path.lstrip("/"))
        assert len(archive.versions(kept["id"])) == 1 and kept["status"] == "live"
        (wall,) = archive.db.execute("select outcome, capture_id from fetches where article_id = ? "
                                     "order by id desc limit 1", [kept["id"]]).fetchall()
        assert tuple(wall) == ("not_article", None)
        assert archive.find_article(base + removed.path.lstrip("/"))["status"] == "gone"
        assert archive.find_article(base + "section/world/") is None


# ---- a site of 1,000 articles ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def thousand(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Mixed discovery (some articles only in the feed, some only in sitemaps, some only linked),
    crawled twice; the site unchanged and answering conditional GETs."""
    import time

    db = tmp_path_factory.mktemp("thousand") / "a.db"
    site = Site(articles=1000, discovery="mixed")
    with DemoServer(site, conditional=True) as server:
        started = time.monotonic()
        first = crawl(server.url, db)
        elapsed = time.monotonic() - started
        requests = server.requests
        server.clear_requests()
        second = crawl(server.url, db)
        again = server.requests
        base = server.url
    return {"db": db, "site": site, "first": first, "second": second, "requests": requests,
            "again": again, "base": base, "elapsed": elapsed}


def test_thousand_articles_all_found_no_hub_archived(thousand: dict) -> None:
    site = thousand["site"]
    reach = Counter(frozenset(a.reach) for a in site.articles(1))
    assert reach[frozenset({"feed"})] and reach[frozenset({"sitemap"})] and reach[frozenset({"links"})]
    assert archived(thousand["db"]) == {a.path for a in site.articles(1)}
    assert thousand["first"]["summary"]["new articles"] == 1000


def test_thousand_articles_no_url_requested_twice(thousand: dict) -> None:
    for log in (thousand["requests"], thousand["again"]):
        assert [p for p, n in Counter(r.path for r in log).items() if n > 1] == []


def test_thousand_articles_second_crawl_revisits_all_without_extraction(thousand: dict) -> None:
    paths_ = {a.path for a in thousand["site"].articles(1)}
    revisited = [r for r in thousand["again"] if r.path in paths_]
    assert len(revisited) == 1000 and all(r.status == 304 for r in revisited)
    summary = thousand["second"]["summary"]
    assert summary["not modified (304)"] == 1000 and summary["new versions"] == 0
    assert summary["new articles"] == 0 and summary["extraction errors"] == 0
