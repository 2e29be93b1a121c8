"""Every request differs in its noise; the article text only changes with the edition."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from demosite.server import DemoServer

Fetch = Callable[..., Any]
Reader = Callable[[str], tuple[str, str]]
NOISE = {
    "views": r'<span class="post-views">(\d+)</span>',
    "nonce": r'name="_wpnonce" value="(\w+)"',
    "cache-buster": r'theme\.css\?ver=(\d+)',
    "generated": r'<time class="generated">([^<]+)</time>',
    "ad slot": r'id="div-gpt-ad-(\w+)"',
}


def test_noise_changes_on_every_request(server: DemoServer, fetch: Fetch, article_of: Reader) -> None:
    seed = next(a for a in server.site.articles(1) if a.number == 1)
    pages = [fetch(server.url + seed.path.lstrip("/")).text for _ in range(5)]
    for name, pattern in NOISE.items():
        values = [re.search(pattern, page).group(1) for page in pages]
        assert len(set(values)) == 5, name
    assert [re.search(NOISE["views"], p).group(1) for p in pages] == ["54", "55", "56", "57", "58"]
    assert all("Updated " in p and " ago</span>" in p for p in pages)
    popular = [re.findall(r'<li class="popular__item"><a href="([^"]+)"', p) for p in pages]
    assert len({tuple(order) for order in popular}) > 1
    assert len({article_of(p) for p in pages}) == 1


def test_view_counters_are_per_article(server: DemoServer, fetch: Fetch) -> None:
    articles = [a for a in server.site.articles(1) if a.template == "magazine"][:2]
    for article in articles:
        for expected in (article.views, article.views + 1):
            page = fetch(server.url + article.path.lstrip("/")).text
            assert f'<span class="story__views">{expected:,} views</span>' in page


def test_sidebar_shows_other_articles_counters(server: DemoServer, fetch: Fetch) -> None:
    page = fetch(server.url).text
    items = re.findall(r'<li class="popular__item"><a href="[^"]+">[^<]+</a> <span class="popular__'
                       r'views">[\d,]+ views</span> <span class="popular__comments">\d+ comments', page)
    assert len(items) == 5


def test_edition_switch_keeps_counters(server: DemoServer, fetch: Fetch) -> None:
    seed = next(a for a in server.site.articles(1) if a.number == 1)
    fetch(server.url + seed.path.lstrip("/"))
    server.edition = 2
    page = fetch(server.url + seed.path.lstrip("/")).text
    assert '<span class="post-views">55</span>' in page
