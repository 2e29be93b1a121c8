"""The demo site's articles, edition by edition, and the documented changes between editions."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import NamedTuple

from demosite import stories

SITE_NAME = "Que Onda Magazine"
SECTIONS = ("world", "business")
TEMPLATES = ("wordpress", "magazine")
HEADING = "## "  # marks a subheading among an article's body blocks
LATEST_EDITION = 5


@dataclass(frozen=True)
class Article:
    """One story as a given edition publishes it; `slug` is its identity across editions."""

    number: int
    slug: str
    section: str
    title: str
    subtitle: str | None
    authors: tuple[str, ...]
    published: str
    modified: str
    tags: tuple[str, ...]
    body: tuple[str, ...]
    template: str
    comments: int
    views: int
    path: str = ""
    reach: frozenset[str] = frozenset({"links", "feed", "sitemap"})

    @property
    def image(self) -> str:
        """Path of the lead image on the same host."""
        return f"/media/{self.published[:4]}/{self.published[5:7]}/{self.slug}.png"

    @property
    def text(self) -> str:
        """The body as an extractor should read it: blocks separated by one blank line."""
        return "\n\n".join(block.removeprefix(HEADING) for block in self.body)

    def content_key(self) -> tuple[object, ...]:
        """Everything an edition may change (used for ETags); excludes counters."""
        return (self.slug, self.path, self.title, self.subtitle, self.authors, self.published,
                self.modified, self.tags, self.body, self.section)


class Change(NamedTuple):
    """One documented difference between an edition and the one before it."""

    slug: str
    kind: str  # headline, sentence, correction, added, reverted, moved, gone, restored, stealth
    note: str


TEXT_CHANGE_KINDS = frozenset({"headline", "sentence", "correction", "added", "reverted", "stealth"})


def article_path(number: int, slug: str, section: str, template: str, published: str) -> str:
    """URL path: WordPress-style dated permalinks for template A, section/slug.html for B."""
    if template == "wordpress":
        return f"/{published[:4]}/{published[5:7]}/{published[8:10]}/{slug}/"
    return f"/{section}/{slug}-{number}.html"


def make_article(number: int, spec: dict[str, object]) -> Article:
    """Build an Article from a story spec, filling in template, path and defaults."""
    template = str(spec.get("template") or TEMPLATES[(number - 1) % 2])
    published = str(spec["published"])
    fields = {f.name for f in dataclasses.fields(Article)}
    values = {k: v for k, v in spec.items() if k in fields}
    values.update(number=number, template=template, modified=spec.get("modified", published))
    values.setdefault("subtitle", None)
    values["authors"] = tuple(values["authors"])  # type: ignore[arg-type]
    values["tags"] = tuple(values["tags"])  # type: ignore[arg-type]
    values["body"] = tuple(values["body"])  # type: ignore[arg-type]
    values["path"] = article_path(number, str(values["slug"]), str(values["section"]),
                                  template, published)
    return Article(**values)  # type: ignore[arg-type]


def demo_articles() -> list[Article]:
    """The 20 articles of edition 1: six hand-written stories, then fourteen generated ones."""
    return [make_article(i + 1, spec) for i, spec in enumerate(stories.demo_specs())]


def _replace_sentence(article: Article, old: str, new: str, modified: str | None) -> Article:
    body = tuple(block.replace(old, new) for block in article.body)
    assert body != article.body, f"sentence not found in {article.slug}"
    return dataclasses.replace(article, body=body, modified=modified or article.modified)


def _edition_2(by_slug: dict[str, Article]) -> None:
    a2 = by_slug[stories.SLUG_2]
    by_slug[a2.slug] = dataclasses.replace(a2, title=stories.HEADLINE_2_EDITED,
                                           modified=stories.MODIFIED_E2)
    by_slug[stories.SLUG_3] = _replace_sentence(by_slug[stories.SLUG_3], stories.SENTENCE_3,
                                                stories.SENTENCE_3_EDITED, stories.MODIFIED_E2)
    a4 = by_slug[stories.SLUG_4]
    by_slug[a4.slug] = dataclasses.replace(a4, body=a4.body + (stories.CORRECTION_4,),
                                           modified=stories.MODIFIED_E2)


def _edition_3(by_slug: dict[str, Article]) -> None:
    number = max(a.number for a in by_slug.values()) + 1
    new = make_article(number, stories.new_story_spec())
    by_slug[new.slug] = new


def _edition_4(by_slug: dict[str, Article]) -> None:
    a2 = by_slug[stories.SLUG_2]
    original = stories.demo_specs()[1]["title"]
    by_slug[a2.slug] = dataclasses.replace(a2, title=str(original), modified=stories.MODIFIED_E4)
    a5 = by_slug[stories.SLUG_5]
    by_slug[a5.slug] = dataclasses.replace(a5, path=stories.MOVED_PATH_5)
    del by_slug[stories.SLUG_6]


def _edition_5(by_slug: dict[str, Article], base: dict[str, Article]) -> None:
    by_slug[stories.SLUG_6] = base[stories.SLUG_6]
    by_slug[stories.SLUG_3] = _replace_sentence(by_slug[stories.SLUG_3], stories.SENTENCE_3_B,
                                                stories.SENTENCE_3_B_STEALTH, None)


EDITION_CHANGES: dict[int, tuple[Change, ...]] = {
    2: (Change(stories.SLUG_2, "headline", "headline rewritten"),
        Change(stories.SLUG_3, "sentence", "one sentence of the body changed"),
        Change(stories.SLUG_4, "correction", "a 'Correction: ...' paragraph appended")),
    3: (Change(stories.NEW_SLUG, "added", "a new article, linked from home, section, feed, sitemap"),),
    4: (Change(stories.SLUG_2, "reverted", "headline back to its edition-1 wording"),
        Change(stories.SLUG_5, "moved", f"301 from its old URL to {stories.MOVED_PATH_5}"),
        Change(stories.SLUG_6, "gone", "answers 410 Gone and disappears from hubs")),
    5: (Change(stories.SLUG_6, "restored", "served again, text as in edition 1"),
        Change(stories.SLUG_3, "stealth", "a sentence changed, dateModified left as it was")),
}
"""Documented changes of the demo articles, per edition, against the edition before it."""

GONE: dict[int, frozenset[str]] = {4: frozenset({stories.SLUG_6})}


def apply_edition(base: list[Article], edition: int) -> list[Article]:
    """The articles as `edition` publishes them (cumulative; after LATEST_EDITION nothing changes)."""
    if edition < 1:
        raise ValueError(f"editions start at 1, got {edition}")
    by_slug = {a.slug: a for a in base}
    if stories.SLUG_6 not in by_slug:  # fewer than six articles: no documented edits apply
        return list(base)
    original = dict(by_slug)
    steps = {2: _edition_2, 3: _edition_3, 4: _edition_4}
    for step in range(2, min(edition, LATEST_EDITION) + 1):
        if step == 5:
            _edition_5(by_slug, original)
        else:
            steps[step](by_slug)
    return sorted(by_slug.values(), key=lambda a: a.number)


def gone_slugs(edition: int) -> frozenset[str]:
    """Slugs that answer 410 in this edition."""
    return GONE.get(edition, frozenset())
