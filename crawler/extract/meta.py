"""OpenGraph, Twitter, Dublin Core and other <meta>/<link> tags of the page head."""

from typing import Any
from urllib.parse import urljoin

from lxml import html

from crawler.extract.values import clean_name, text, unique

PUBLISHED_KEYS = ("article:published_time", "og:article:published_time", "article.published",
                  "datepublished", "publishdate", "pubdate", "publish-date", "published-date",
                  "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date", "dcterms.created",
                  "sailthru.date", "parsely-pub-date", "date", "og:published_time", "article_date_original",
                  "originalpublicationdate", "cxenseparse:recs:publishtime", "release_date")
MODIFIED_KEYS = ("article:modified_time", "og:article:modified_time", "og:updated_time",
                 "datemodified", "last-modified", "dcterms.modified", "dc.date.modified", "lastmod",
                 "article.updated", "cxenseparse:recs:articlemodifiedtime")
AUTHOR_KEYS = ("author", "article:author", "dc.creator", "dcterms.creator", "parsely-author",
               "sailthru.author", "byl", "cxenseparse:author")
TITLE_KEYS = ("og:title", "twitter:title", "dc.title", "parsely-title", "sailthru.title", "title")


def meta_tags(tree: html.HtmlElement) -> dict[str, list[str]]:
    """Lower-cased name/property/itemprop -> contents, in page order."""
    tags: dict[str, list[str]] = {}
    for node in tree.xpath("//meta[@content]"):
        content = text(node.get("content"))
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = (node.get(attr) or "").strip().lower()
            if key and content:
                tags.setdefault(key, []).append(content)
    return tags


def first(tags: dict[str, list[str]], keys: tuple[str, ...]) -> str | None:
    """First content among the keys, in key order."""
    return next((tags[k][0] for k in keys if tags.get(k)), None)


def canonical_url(tree: html.HtmlElement, tags: dict[str, list[str]], base: str) -> str | None:
    """Absolute rel=canonical, else og:url."""
    links = tree.xpath("//link[contains(concat(' ', translate(@rel, 'CANONICAL', 'canonical'), ' '), ' canonical ')]/@href")
    href = next((h.strip() for h in links if h.strip()), None) or first(tags, ("og:url",))
    return urljoin(base, href) if href else None


def declared_language(tree: html.HtmlElement, tags: dict[str, list[str]]) -> str | None:
    """<html lang>, else Content-Language, else og:locale."""
    lang = tree.get("lang") or tree.get("xml:lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    return text(lang) or first(tags, ("content-language", "dc.language", "language", "og:locale"))


def _authors(tags: dict[str, list[str]]) -> list[str]:
    for key in AUTHOR_KEYS:
        names = [clean_name(value) for value in tags.get(key, [])]
        names = [n for n in names if n and not n.lower().startswith("http")]
        if names:
            return unique(names)
    return []


def read(tree: html.HtmlElement, url: str) -> dict[str, Any]:
    """Candidate record fields from the head's meta tags."""
    tags = meta_tags(tree)
    return {
        "title": first(tags, TITLE_KEYS),
        "subtitle": first(tags, ("og:description", "description", "twitter:description")),
        "authors": _authors(tags),
        "published": first(tags, PUBLISHED_KEYS),
        "modified": first(tags, MODIFIED_KEYS),
        "language": declared_language(tree, tags),
        "site_name": first(tags, ("og:site_name", "application-name", "publisher", "dc.publisher")),
        "section": first(tags, ("article:section", "section", "parsely-section", "category")),
        "image": first(tags, ("og:image", "og:image:url", "twitter:image")),
        "tags": unique(tags.get("article:tag", []) or _split(first(tags, ("news_keywords", "keywords")))),
        "paywalled": (first(tags, ("article:content_tier",)) or "").lower() in {"locked", "metered"}
        or shows_paywall(tree),
        "canonical_url": canonical_url(tree, tags, url),
        "og_type": first(tags, ("og:type",)),
        "html_title": text(tree.findtext(".//title")),
    }


PAYWALL_XPATH = ("//*[contains(translate(@class, 'PAYWL', 'paywl'), 'paywall') or contains(translate(@id, 'PAYWL', 'paywl'), 'paywall')]"
                 "[string-length(normalize-space(.)) > 20]")


def shows_paywall(tree: html.HtmlElement) -> bool:
    """The page renders a paywall box with text in it."""
    return bool(tree.xpath(PAYWALL_XPATH))


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]
