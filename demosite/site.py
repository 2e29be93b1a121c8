"""A demo news site: editions of articles rendered into pages, cached, with noise left open."""

from __future__ import annotations

import dataclasses
import hashlib
import random
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from demosite import feeds, templates
from demosite.chrome import CSS
from demosite.content import SECTIONS, SITE_NAME, Article, Change
from demosite.editions import DEMO_COUNT, Edition, assign_reach, base_articles, build_edition
from demosite.furniture import richness
from demosite.templates import Context, Teaser

NOISE_RE = re.compile(r"\{\{%(\w+)%\}\}")
PAGE_CACHE_SIZE = 4096
HOME_SIZE = 30
POPULAR_POOL = 10
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")
STATIC_PAGES = {
    "/about/": ("About us", ("Que Onda Magazine is an independent news site.",)),
    "/contact/": ("Contact", ("Write to newsroom@queonda.example.",)),
    "/advertise/": ("Advertise with us", ("Reach our readers across the Americas.",)),
    "/privacy/": ("Privacy policy", ("We use cookies as described in our cookie banner.",)),
    "/terms/": ("Terms of use", ("Articles may not be republished without permission.",)),
    "/private/secret.html": ("Staff only", ("This page is disallowed by robots.txt.",)),
}


@dataclass(frozen=True)
class Page:
    """A response prepared for an edition: static bytes with named per-request noise slots."""

    status: int
    content_type: str
    parts: tuple[bytes | str, ...]  # bytes, or the name of a noise value
    etag: str | None = None
    last_modified: float | None = None  # POSIX time
    headers: tuple[tuple[str, str], ...] = ()
    article: Article | None = None
    popular: tuple[Article, ...] = ()


def compile_parts(text: str | bytes) -> tuple[bytes | str, ...]:
    """Split rendered text at its noise markers: bytes, name, bytes, name, ..."""
    if isinstance(text, bytes):
        return (text,)
    pieces = NOISE_RE.split(text)
    return tuple(p.encode() if i % 2 == 0 else p for i, p in enumerate(pieces))


def _etag(*values: object) -> str:
    return '"' + hashlib.sha1(repr(values).encode()).hexdigest()[:20] + '"'


def _posix(iso: str) -> float:
    return datetime.fromisoformat(iso).timestamp()


class Site:
    """The demo site (`Site()`: 20 articles) or a generated one (`Site(articles=2000)`)."""

    def __init__(self, articles: int = 20, seed: int = 0, *, edit_fraction: float = 0.0,
                 discovery: str = "all", traps: bool = False, page_size: int = 20,
                 feed_size: int = 50) -> None:
        if discovery not in ("all", "mixed"):
            raise ValueError("discovery must be 'all' or 'mixed'")
        base = base_articles(articles, seed)
        self.base = assign_reach(base) if discovery == "mixed" else base
        self.seed, self.edit_fraction, self.traps = seed, edit_fraction, traps
        self.page_size, self.feed_size = page_size, feed_size
        self._editions: dict[int, Edition] = {}
        self._pages: OrderedDict[tuple[int, str, str], Page] = OrderedDict()
        self._shared_cache: dict[int, tuple[Context, dict[str, list[Teaser]]]] = {}
        self._lock = threading.Lock()

    def edition(self, number: int) -> Edition:
        """The state of edition `number` (built once)."""
        with self._lock:
            if number not in self._editions:
                self._editions[number] = build_edition(self.base, number, self.seed,
                                                       self.edit_fraction)
            return self._editions[number]

    def articles(self, edition: int = 1) -> tuple[Article, ...]:
        """Live articles of an edition, newest first."""
        return self.edition(edition).articles

    def changes(self, edition: int) -> tuple[Change, ...]:
        """Documented changes of `edition` against the edition before it."""
        return self.edition(edition).changes

    def page(self, path: str, edition: int, base: str) -> Page:
        """The prepared page at `path` (no query string) in `edition`, served from `base`."""
        key = (edition, path, base)
        with self._lock:
            if key in self._pages:
                self._pages.move_to_end(key)
                return self._pages[key]
        page = self._route(path, self.edition(edition), base)
        with self._lock:
            self._pages[key] = page
            while len(self._pages) > PAGE_CACHE_SIZE:
                self._pages.popitem(last=False)
        return page

    # -- routing ----------------------------------------------------------------------------

    def _route(self, path: str, ed: Edition, base: str) -> Page:
        if path in ed.by_path:
            return self._article(ed.by_path[path], ed, base)
        if path in ed.redirects:
            return Page(301, "text/html; charset=utf-8", (b"Moved",),
                        headers=(("Location", base + ed.redirects[path].lstrip("/")),))
        if path in ed.gone:
            return self._simple(ed, base, path, "Gone", ("This article was removed.",), 410)
        handler = self._fixed_routes().get(path)
        if handler:
            return handler(ed, base)
        match = re.fullmatch(r"/section/(\w+)/(?:page/(\d+)/)?", path)
        if match and match.group(1) in SECTIONS:
            return self._section(ed, base, match.group(1), int(match.group(2) or 1))
        match = re.fullmatch(r"/sitemap-posts-(\d+)\.xml", path)
        if match:
            return self._posts_sitemap(ed, base, int(match.group(1)))
        if path.startswith("/media/") and path.endswith(".png"):
            return Page(200, "image/png", (PNG,), etag=_etag(PNG))
        if path in STATIC_PAGES:
            title, paragraphs = STATIC_PAGES[path]
            return self._simple(ed, base, path, title, paragraphs)
        if self.traps:
            trap = self._trap(path, ed, base)
            if trap:
                return trap
        return self._simple(ed, base, path, "Page not found",
                            ("Sorry, we could not find that page.",), 404)

    def _fixed_routes(self) -> dict[str, Callable[[Edition, str], Page]]:
        return {"/": self._home, "/robots.txt": self._robots, "/feed.xml": self._feed,
                "/sitemap.xml": self._sitemap_index, "/sitemap-pages.xml": self._pages_sitemap,
                "/" + feeds.NEWS_SITEMAP: self._news_sitemap,
                "/assets/theme.css": lambda ed, base: self._text(CSS, "text/css"),
                "/assets/app.js": lambda ed, base: self._text("/* app */\n", "text/javascript")}

    # -- pages --------------------------------------------------------------------------------

    def _shared(self, ed: Edition) -> tuple[Context, dict[str, list[Teaser]]]:
        """Per-edition parts of every page's context, and the teasers per section (cached)."""
        with self._lock:
            if ed.number in self._shared_cache:
                return self._shared_cache[ed.number]
        by_section: dict[str, list[Teaser]] = {s: [] for s in SECTIONS}
        for a in ed.linked:
            by_section[a.section].append(Teaser.of(a))
        teasers = tuple(Teaser.of(a) for a in ed.linked[:60])
        menu = tuple(t for s in SECTIONS for t in by_section[s][:4])
        links = ""
        if self.traps:
            links = ('<li><a href="/calendar/2025/05/">Archive calendar</a></li>'
                     '<li><a href="/?sessionid={{%nonce%}}">Home (session)</a></li>'
                     '<li><a href="/media/annual-report.pdf">Annual report (PDF)</a></li>'
                     '<li><a href="/downloads/data.html">Data download</a></li>')
        shared = (Context(menu=menu, latest=teasers[:8], state_pool=teasers, footer_links=links),
                  by_section)
        with self._lock:
            self._shared_cache[ed.number] = shared
        return shared

    def _context(self, ed: Edition, article: Article | None = None) -> Context:
        shared, by_section = self._shared(ed)
        if article is None:
            return shared
        rng = random.Random(f"{self.seed}-{article.number}")
        target = rng.randint(64_000, 140_000)
        same = by_section.get(article.section, [])
        start = rng.randrange(max(1, len(same) - 7))
        related = tuple(t for t in same[start:start + 7] if t.path != article.path)[:6]
        # Generated articles get the furniture of a real news page; the demo's 20 keep theirs.
        rich = richness(article.number, self.seed) if article.number > DEMO_COUNT else 0.0
        return dataclasses.replace(shared, related=related, target_bytes=target, furniture=rich)

    def _popular(self, ed: Edition, salt: int) -> tuple[Article, ...]:
        linked = ed.linked
        rng = random.Random(f"{self.seed}-popular-{salt}")
        return tuple(rng.sample(linked, min(POPULAR_POOL, len(linked))))

    def _article(self, article: Article, ed: Edition, base: str) -> Page:
        html = templates.article_page(article, base, self._context(ed, article))
        return Page(200, "text/html; charset=utf-8", compile_parts(html),
                    etag=_etag(article.content_key()), last_modified=_posix(article.modified),
                    article=article, popular=self._popular(ed, article.number))

    def _hub(self, ed: Edition, base: str, path: str, title: str,
             listed: tuple[Article, ...], pager: str = "") -> Page:
        teasers = tuple(Teaser.of(a) for a in listed)
        html = templates.hub_page(title, base + path.lstrip("/"), teasers, self._context(ed), pager)
        modified = max((_posix(a.modified) for a in listed), default=None)
        return Page(200, "text/html; charset=utf-8", compile_parts(html),
                    etag=_etag(NOISE_RE.sub("", html)), last_modified=modified,
                    popular=self._popular(ed, 0))

    def _home(self, ed: Edition, base: str) -> Page:
        return self._hub(ed, base, "/", f"{SITE_NAME}: Latest news", ed.linked[:HOME_SIZE])

    def _section(self, ed: Edition, base: str, section: str, number: int) -> Page:
        listed = [a for a in ed.linked if a.section == section]
        pages = max(1, -(-len(listed) // self.page_size))
        if number > pages:
            return self._simple(ed, base, "/", "Page not found", ("No such page.",), 404)
        chunk = tuple(listed[(number - 1) * self.page_size:number * self.page_size])
        links = []
        if number > 1:
            prev = f"/section/{section}/" + (f"page/{number - 1}/" if number > 2 else "")
            links.append(f'<a class="pager__prev" rel="prev" href="{prev}">Newer stories</a>')
        if number < pages:
            links.append(f'<a class="pager__next" rel="next" href="/section/{section}/page/'
                         f'{number + 1}/">Older stories</a>')
        if self.traps:
            links.append(f'<a class="pager__bug" href="section/{section}/">All {section}</a>')
        path = f"/section/{section}/" + (f"page/{number}/" if number > 1 else "")
        return self._hub(ed, base, path, f"{section.title()} news", chunk,
                         f'<nav class="pager">{"".join(links)}</nav>')

    def _simple(self, ed: Edition, base: str, path: str, title: str,
                paragraphs: tuple[str, ...], status: int = 200, extra_html: str = "") -> Page:
        html = templates.simple_page(title, base + path.lstrip("/"), paragraphs, self._context(ed),
                                     extra_html)
        return Page(status, "text/html; charset=utf-8", compile_parts(html),
                    popular=self._popular(ed, status))

    @staticmethod
    def _text(text: str | bytes, content_type: str) -> Page:
        body = text.encode() if isinstance(text, str) else text
        return Page(200, content_type, (body,), etag=_etag(body))

    # -- machine-readable files -------------------------------------------------------------

    def _robots(self, ed: Edition, base: str) -> Page:
        return self._text(feeds.robots_txt(base), "text/plain; charset=utf-8")

    def _feed(self, ed: Edition, base: str) -> Page:
        items = [a for a in ed.articles if "feed" in a.reach][:self.feed_size]
        page = self._text(feeds.rss(base, items), "application/rss+xml; charset=utf-8")
        modified = max((_posix(a.modified) for a in items), default=None)
        return Page(page.status, page.content_type, page.parts, page.etag, modified)

    def _in_sitemaps(self, ed: Edition) -> list[Article]:
        return sorted((a for a in ed.articles if "sitemap" in a.reach), key=lambda a: a.number)

    def _sitemap_index(self, ed: Edition, base: str) -> Page:
        count = max(1, -(-len(self._in_sitemaps(ed)) // feeds.SITEMAP_CHUNK))
        names = ["sitemap-pages.xml"] + [f"sitemap-posts-{i}.xml" for i in range(1, count + 1)]
        lastmod = max(a.modified for a in ed.articles)
        return self._text(feeds.sitemap_index(base, names + [feeds.NEWS_SITEMAP], lastmod),
                          "application/xml")

    def _pages_sitemap(self, ed: Edition, base: str) -> Page:
        linked = ed.linked
        paths = ["/"] + [f"/section/{s}/" for s in SECTIONS]
        lastmod = max(a.modified for a in (linked or ed.articles))
        return self._text(feeds.pages_sitemap(base, paths, lastmod), "application/xml")

    def _posts_sitemap(self, ed: Edition, base: str, number: int) -> Page:
        chunk = self._in_sitemaps(ed)[(number - 1) * feeds.SITEMAP_CHUNK:number * feeds.SITEMAP_CHUNK]
        if not chunk:
            return self._simple(ed, base, "/", "Page not found", ("No such sitemap.",), 404)
        return self._text(feeds.posts_sitemap(base, chunk), "application/xml")

    def _news_sitemap(self, ed: Edition, base: str) -> Page:
        recent = [a for a in ed.articles if "sitemap" in a.reach][:1000]
        return self._text(feeds.news_sitemap(base, recent), "application/gzip")

    # -- traps (Site(traps=True)) -------------------------------------------------------------

    def _trap(self, path: str, ed: Edition, base: str) -> Page | None:
        match = re.fullmatch(r"/calendar/(\d{4})/(\d{2})/", path)
        if match:
            year, month = int(match.group(1)), int(match.group(2))
            prev = (year - (month == 1), 12 if month == 1 else month - 1)
            nxt = (year + (month == 12), 1 if month == 12 else month + 1)
            links = (f'<p><a href="/calendar/{prev[0]}/{prev[1]:02d}/">Previous month</a> '
                     f'<a href="/calendar/{nxt[0]}/{nxt[1]:02d}/">Next month</a></p>')
            return self._simple(ed, base, path, f"Archive {year}-{month:02d}",
                                ("Stories by day.",), extra_html=links)
        match = re.fullmatch(r"/section/(\w+)/(?:section/\w+/)+", path)
        if match and match.group(1) in SECTIONS:
            return self._section(ed, base, match.group(1), 1)
        if path == "/media/annual-report.pdf":
            return Page(200, "application/pdf", (b"%PDF-1.4\n% demo\n" + bytes(range(256)) * 8,))
        if path == "/downloads/data.html":
            return Page(200, "text/html", (bytes(random.Random(1).randbytes(4096)),))
        return None
