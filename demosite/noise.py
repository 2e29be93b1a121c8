"""Per-request noise: view counters, nonces, cache-busters, relative times, rotating sidebars."""

from __future__ import annotations

import itertools
import random
import threading
import time
from datetime import datetime, timezone
from html import escape

from demosite.content import Article
from demosite.site import Page

POPULAR_SHOWN = 5


class Counters:
    """View counters per article: the first request shows the article's base count, then +1."""

    def __init__(self) -> None:
        self._views: dict[str, int] = {}
        self._lock = threading.Lock()

    def hit(self, article: Article) -> int:
        """Count one view of `article` and return the number the page shows."""
        with self._lock:
            value = self._views.get(article.slug, article.views - 1) + 1
            self._views[article.slug] = value
            return value

    def peek(self, article: Article) -> int:
        """The current count, without counting a view."""
        return self._views.get(article.slug, article.views)

    def snapshot(self) -> dict[str, int]:
        """A copy of all counters touched so far."""
        with self._lock:
            return dict(self._views)


def relative_time(seconds: float) -> str:
    """'Updated 5 minutes ago' and the like."""
    minutes = max(1, int(seconds // 60))
    if minutes < 60:
        return f"Updated {minutes} minute{'s' * (minutes != 1)} ago"
    hours = minutes // 60
    return f"Updated {hours} hour{'s' * (hours != 1)} ago"


def popular_widget(page: Page, counters: Counters, rng: random.Random) -> str:
    """The "most popular" list in a per-request order, with each article's own counters."""
    picks = rng.sample(page.popular, min(POPULAR_SHOWN, len(page.popular)))
    items = "".join(
        f'<li class="popular__item"><a href="{a.path}">{escape(a.title)}</a> <span class="popular__'
        f'views">{counters.peek(a):,} views</span> <span class="popular__comments">{a.comments} '
        f'comments</span></li>' for a in picks)
    return f'<ol class="popular">{items}</ol>'


class Noise:
    """Fills a page's noise slots for one request."""

    def __init__(self, started: float | None = None) -> None:
        self.counters = Counters()
        self.started = time.time() if started is None else started
        self._rng = random.Random()
        self._sequence = itertools.count()

    def render(self, page: Page, count_view: bool = True) -> bytes:
        """The page body for one request; counts a view when the page is an article."""
        if len(page.parts) == 1:
            return page.parts[0]  # type: ignore[return-value]
        values = self.values(page, count_view)
        return b"".join(p if isinstance(p, bytes) else values[p].encode() for p in page.parts)

    def values(self, page: Page, count_view: bool = True) -> dict[str, str]:
        """The noise values of one request."""
        now = time.time()
        rng = random.Random(self._rng.getrandbits(64))
        values = {"nonce": f"{rng.getrandbits(64):016x}", "ver": f"{int(now * 1000)}{next(self._sequence) % 1000:03d}",
                  "adslot": f"{rng.getrandbits(32):08x}",
                  "generated": datetime.now(timezone.utc).isoformat(timespec="microseconds"),
                  "popular": popular_widget(page, self.counters, rng) if page.popular else ""}
        if page.article is not None:
            article = page.article
            views = self.counters.hit(article) if count_view else self.counters.peek(article)
            values["views"] = str(views)
            values["views_label"] = f"{views:,} views"
            values["updated_ago"] = relative_time(now - self.started + 60 * (article.number % 50))
        return values
