"""JSON-LD: the page's entities (with @graph flattened) and its main article entity."""

import json
import re
from collections.abc import Iterator
from typing import Any

from lxml import html

from crawler.extract.values import as_list, clean_name, parse_count, text, unique

ARTICLE_TYPES = frozenset({
    "Article", "NewsArticle", "BlogPosting", "ReportageNews", "AnalysisNewsArticle",
    "OpinionNewsArticle", "BackgroundNewsArticle", "ReviewNewsArticle", "AskPublicNewsArticle",
    "LiveBlogPosting", "TechArticle", "ScholarlyArticle", "Report", "SatiricalArticle",
    "SocialMediaPosting", "DiscussionForumPosting", "Recipe", "VideoObject", "Review", "HowTo",
})
# Entities that are the article's text itself: one declared twice is the same article.
TWIN_TYPES = ARTICLE_TYPES - {"VideoObject", "Review", "Recipe", "HowTo", "SocialMediaPosting",
                              "DiscussionForumPosting"}
PAGE_TYPES = frozenset({"WebPage", "ItemPage", "ProfilePage", "QAPage", "FAQPage"})
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
TRAILING_COMMA = re.compile(r",\s*([}\]])")
MAX_LIVE_UPDATES = 1000


def _loads(text: str) -> Any:
    text = text.strip().removeprefix("<!--").removesuffix("-->").strip()
    text = text.removeprefix("//<![CDATA[").removesuffix("//]]>").strip()
    for candidate in (text, CONTROL_CHARS.sub(" ", text), TRAILING_COMMA.sub(r"\1", CONTROL_CHARS.sub(" ", text))):
        try:
            return json.loads(candidate)
        except ValueError:
            continue
    return None


def _walk(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _walk(item)
    elif isinstance(data, dict):
        if "@type" in data:
            yield data
        yield from _walk(data.get("@graph"))
        yield from _walk(data.get("mainEntity"))


def entities(tree: html.HtmlElement) -> list[dict[str, Any]]:
    """Every typed top-level JSON-LD object, @graph members and mainEntity included."""
    found: list[dict[str, Any]] = []
    for script in tree.xpath("//script[contains(translate(@type, 'JSONLD', 'jsonld'), 'ld+json')]"):
        found.extend(_walk(_loads(script.text or "")))
    return found


def types_of(entity: dict[str, Any]) -> list[str]:
    """@type as a list of short names ('https://schema.org/NewsArticle' -> 'NewsArticle')."""
    raw = entity.get("@type") or []
    return [str(t).rsplit("/", 1)[-1] for t in (raw if isinstance(raw, list) else [raw])]


def _score(entity: dict[str, Any]) -> int:
    keys = ("headline", "articleBody", "datePublished", "author")
    types = set(types_of(entity))
    # a text article before a video or review of the same story, whatever fields each has
    return sum(key in entity for key in keys) + 2 * bool(ARTICLE_TYPES & types) + 2 * bool(TWIN_TYPES & types)


def main_entity(found: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The article entity (NewsArticle and kin), else a WebPage carrying article fields."""
    articles = [e for e in found if ARTICLE_TYPES & set(types_of(e))]
    if not articles:
        articles = [e for e in found if PAGE_TYPES & set(types_of(e)) and ("headline" in e or "datePublished" in e)]
    return max(articles, key=_score) if articles else None


def resolve(value: Any, found: list[dict[str, Any]]) -> Any:
    """Replace a bare {'@id': ...} reference by the entity it names, when the page has it."""
    if isinstance(value, dict) and set(value) == {"@id"}:
        for entity in found:
            if entity.get("@id") == value["@id"]:
                return entity
    return value


def index_by_id(data: Any, into: dict[str, dict[str, Any]]) -> None:
    """Collect every object carrying an @id, at any depth."""
    if isinstance(data, list):
        for item in data:
            index_by_id(item, into)
    elif isinstance(data, dict):
        if "@id" in data and len(data) > 1:
            into.setdefault(str(data["@id"]), data)
        for value in data.values():
            index_by_id(value, into)


INTERACTION_KINDS = {
    "CommentAction": "comments", "LikeAction": "likes", "ShareAction": "shares",
    "WatchAction": "views", "ViewAction": "views", "ReadAction": "views", "DislikeAction": "dislikes",
    "UserComments": "comments", "UserPageVisits": "views", "UserLikes": "likes", "UserTweets": "shares",
    "VoteAction": "votes", "ReplyAction": "comments",
}


def interaction_counters(entity: dict[str, Any]) -> dict[str, int]:
    """commentCount and interactionStatistic (or the older interactionCount) of one entity."""
    found: dict[str, int] = {}
    for stat in as_list(entity.get("interactionStatistic")) + as_list(entity.get("interactionCount")):
        if isinstance(stat, str) and ":" in stat:
            kind, _, count = stat.partition(":")
            stat = {"interactionType": kind, "userInteractionCount": count}
        if not isinstance(stat, dict):
            continue
        kind_raw = stat.get("interactionType")
        kind_name = (kind_raw.get("@type") if isinstance(kind_raw, dict) else kind_raw) or ""
        kind = INTERACTION_KINDS.get(str(kind_name).rsplit("/", 1)[-1])
        value = parse_count(stat.get("userInteractionCount"))
        if kind and value is not None:
            found.setdefault(kind, value)
    comments = parse_count(entity.get("commentCount"))
    if comments is not None:
        found["comments"] = comments
    return found


def _people(value: Any, ids: dict[str, dict[str, Any]]) -> list[str]:
    names = []
    for item in as_list(value):
        if isinstance(item, dict) and "@id" in item and "name" not in item:
            item = ids.get(str(item["@id"]), item)
        name = clean_name(text(item.get("name") if isinstance(item, dict) else item))
        if name:
            names.append(name)
    return unique(names)


def _keywords(value: Any) -> list[str]:
    items = value.split(",") if isinstance(value, str) else [text(v) or "" for v in as_list(value)]
    return unique([k.strip() for k in items if k and k.strip()])


def _paywalled(entity: dict[str, Any]) -> bool:
    free = entity.get("isAccessibleForFree")
    return str(free).strip().lower() in {"false", "0", "no"}


def live_updates(found: list[dict[str, Any]]) -> list[str]:
    """Headline and text of each update a LiveBlogPosting declares, in its order."""
    for entity in found:
        if "LiveBlogPosting" not in types_of(entity):
            continue
        parts: list[str] = []
        for update in as_list(entity.get("liveBlogUpdate"))[:MAX_LIVE_UPDATES]:
            if isinstance(update, dict) and isinstance(update.get("articleBody"), str):
                parts.extend(part for part in (text(update.get("headline")), update["articleBody"]) if part)
        if parts:
            return parts
    return []


def _headline(entity: dict[str, Any]) -> str:
    return " ".join(str(text(entity.get("headline")) or "").split()).casefold()


def twins(entity: dict[str, Any], found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Other text-article entities with the same headline: two SEO plugins each declare the article, each with
    part of its fields. A video, a review or a teaser of the same page is another work, with its own fields."""
    headline = _headline(entity)
    if not headline or not TWIN_TYPES & set(types_of(entity)):
        return []
    return [other for other in found
            if other is not entity and TWIN_TYPES & set(types_of(other)) and _headline(other) == headline]


def _fields(entity: dict[str, Any], ids: dict[str, dict[str, Any]]) -> dict[str, Any]:
    publisher = entity.get("publisher")
    publisher = ids.get(str(publisher.get("@id")), publisher) if isinstance(publisher, dict) else publisher
    return {
        "title": text(entity.get("headline")) or text(entity.get("name")),
        "subtitle": text(entity.get("alternativeHeadline")) or text(entity.get("description")),
        "authors": _people(entity.get("author") or entity.get("creator"), ids),
        "published": text(entity.get("datePublished")) or text(entity.get("dateCreated")),
        "modified": text(entity.get("dateModified")),
        "language": text(entity.get("inLanguage")),
        "site_name": text(publisher),
        "section": text(entity.get("articleSection")),
        "image": text(entity.get("image")),
        "tags": _keywords(entity.get("keywords")),
        "paywalled": _paywalled(entity),
        "canonical_url": text(entity.get("url")) or text(entity.get("mainEntityOfPage")),
        "counters": interaction_counters(entity),
        "body": entity.get("articleBody") if isinstance(entity.get("articleBody"), str) else None,
    }


def read(tree: html.HtmlElement) -> dict[str, Any]:
    """Candidate record fields from the page's JSON-LD main entity, its gaps filled by twins of the same article."""
    found = entities(tree)
    entity = main_entity(found)
    if entity is None:
        return {"schema_types": unique([t for e in found for t in types_of(e)])}
    ids: dict[str, dict[str, Any]] = {}
    index_by_id(found, ids)
    record = _fields(entity, ids)
    for twin in twins(entity, found):
        for key, value in _fields(twin, ids).items():
            if key == "counters":
                record[key] = {**value, **record[key]}
            elif key != "paywalled" and value and not record[key]:  # access: the main entity's word
                record[key] = value
    return {**record, "schema_types": types_of(entity), "live_updates": live_updates(found)}
