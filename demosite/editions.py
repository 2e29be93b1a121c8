"""What each edition of a site publishes: articles, moves, deletions, generated edits."""

from __future__ import annotations

import dataclasses
import functools
import random
from dataclasses import dataclass
from datetime import timedelta

from demosite import content, filler
from demosite.content import Article, Change

DEMO_COUNT = 20
HEADLINE_SUFFIXES = ("Officials Say", "as Talks Continue", "Amid Growing Criticism",
                     "Despite Objections", "After Late-Night Session")


@dataclass(frozen=True)
class Edition:
    """The state of a site in one edition."""

    number: int
    articles: tuple[Article, ...]  # live ones, newest first
    by_path: dict[str, Article]
    redirects: dict[str, str]  # old path -> new path (301)
    gone: frozenset[str]  # paths answering 410
    changes: tuple[Change, ...]

    @functools.cached_property
    def linked(self) -> tuple[Article, ...]:
        """Live articles that HTML pages link to (newest first)."""
        return tuple(a for a in self.articles if "links" in a.reach)


def base_articles(count: int, seed: int) -> list[Article]:
    """Edition 1: the demo articles, then generated ones up to `count`."""
    demo = content.demo_articles()[:count]
    specs = filler.generated_specs(DEMO_COUNT + 1, max(0, count - DEMO_COUNT), seed)
    return demo + [content.make_article(DEMO_COUNT + 1 + i, s) for i, s in enumerate(specs)]


def assign_reach(articles: list[Article]) -> list[Article]:
    """Mixed discovery: some articles only in the feed, some only in sitemaps, some only linked."""
    ranked = sorted(articles, key=lambda a: a.published, reverse=True)
    reach = {}
    for rank, a in enumerate(ranked):
        if a.number <= DEMO_COUNT:
            continue
        if rank < 50 and rank % 5 == 0:
            reach[a.slug] = frozenset({"feed"})
        elif rank >= 50 and rank % 10 == 0:
            reach[a.slug] = frozenset({"sitemap"})
        elif rank >= 50 and rank % 10 == 1:
            reach[a.slug] = frozenset({"links"})
    return [dataclasses.replace(a, reach=reach[a.slug]) if a.slug in reach else a for a in articles]


def _generated_edit(article: Article, kind: str, step: int, original: Article) -> Article:
    when = filler.DEMO_EPOCH + timedelta(days=step, minutes=article.number)
    modified = when.isoformat()
    if kind == "headline":
        title = f"{original.title} {HEADLINE_SUFFIXES[step % len(HEADLINE_SUFFIXES)]}"
        return dataclasses.replace(article, title=title, modified=modified)
    if kind == "correction":
        note = (f"Correction: An earlier version of this article misstated the date of the "
                f"meeting. It took place on {when:%B} {when.day}.")
        return dataclasses.replace(article, body=article.body + (note,), modified=modified)
    body = list(article.body)
    index = next(i for i in range(len(body) - 1, -1, -1) if not body[i].startswith("## "))
    body[index] += f" The figures were revised on {when:%B} {when.day}."
    return dataclasses.replace(article, body=tuple(body), modified=modified)


def generated_changes(articles: list[Article], base: list[Article], edition: int, seed: int,
                      fraction: float) -> tuple[list[Article], list[Change]]:
    """Cumulative edits of a `fraction` of the generated articles, per edition from 2."""
    by_slug = {a.slug: a for a in articles}
    originals = {a.slug: a for a in base}
    candidates = sorted(a.slug for a in base if a.number > DEMO_COUNT)
    changes: list[Change] = []
    for step in range(2, edition + 1):
        rng = random.Random(f"{seed}-edition-{step}")
        picked = rng.sample(candidates, round(len(candidates) * fraction))
        changes = []
        for i, slug in enumerate(sorted(picked)):
            kind = ("sentence", "correction", "headline")[i % 3]
            by_slug[slug] = _generated_edit(by_slug[slug], kind, step, originals[slug])
            changes.append(Change(slug, kind, f"generated edit of edition {step}"))
    return list(by_slug.values()), changes


def build_edition(base: list[Article], number: int, seed: int, fraction: float) -> Edition:
    """Apply the documented demo changes and the generated edits for edition `number`."""
    articles = content.apply_edition(base, number)
    changes = list(content.EDITION_CHANGES.get(number, ())) if len(base) >= 6 else []
    if fraction > 0:
        articles, generated = generated_changes(articles, base, number, seed, fraction)
        changes += generated
    original_paths = {a.slug: a.path for a in base}
    redirects = {original_paths[a.slug]: a.path for a in articles
                 if a.slug in original_paths and original_paths[a.slug] != a.path}
    gone = frozenset(original_paths[s] for s in content.gone_slugs(number) if s in original_paths)
    live = tuple(sorted(articles, key=lambda a: a.published, reverse=True))
    return Edition(number, live, {a.path: a for a in live}, redirects, gone, tuple(changes))
