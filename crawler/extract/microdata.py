"""Microdata: the article itemscope's properties (schema.org Article and kin)."""

from typing import Any

from lxml import html

from crawler.extract.counters import headline_wrappers, in_foreign_area
from crawler.extract.jsonld import ARTICLE_TYPES, INTERACTION_KINDS
from crawler.extract.values import clean_name, parse_count, text, unique


def _type_names(node: html.HtmlElement) -> list[str]:
    return [t.rstrip("/").rsplit("/", 1)[-1] for t in (node.get("itemtype") or "").split()]


def _value(node: html.HtmlElement) -> str | None:
    for attr in ("content", "datetime", "value"):
        if node.get(attr) is not None:
            return text(node.get(attr))
    if node.tag in ("a", "link") and node.get("href"):
        return text(node.get("href")) if node.tag == "link" else text(node.text_content())
    if node.tag in ("img", "meta") and node.get("src"):
        return text(node.get("src"))
    return text(node.text_content())


def properties(scope: html.HtmlElement) -> dict[str, list[html.HtmlElement]]:
    """itemprop -> elements whose nearest itemscope is this scope."""
    props: dict[str, list[html.HtmlElement]] = {}
    for node in scope.iterdescendants():
        if not isinstance(node.tag, str) or not node.get("itemprop"):
            continue
        owner = next((a for a in node.iterancestors() if a.get("itemscope") is not None), None)
        if owner is scope:
            for name in node.get("itemprop", "").split():
                props.setdefault(name, []).append(node)
    return props


def article_scope(tree: html.HtmlElement) -> html.HtmlElement | None:
    """The outermost itemscope typed as an article."""
    for node in tree.xpath("//*[@itemscope][@itemtype]"):
        if ARTICLE_TYPES & set(_type_names(node)):
            return node
    return None


def _first(props: dict[str, list[html.HtmlElement]], *names: str) -> str | None:
    return next((v for n in names for v in map(_value, props.get(n, [])) if v), None)


def _authors(props: dict[str, list[html.HtmlElement]]) -> list[str]:
    names = []
    nodes = props.get("author", []) + props.get("creator", [])
    wrappers = headline_wrappers(nodes[0].getroottree().getroot()) if nodes else set()
    # a scope on <body> also holds the sidebar's teasers, each with its own author
    for node in (n for n in nodes if not in_foreign_area(n, wrappers)):
        inner = properties(node).get("name") if node.get("itemscope") is not None else None
        names.append(clean_name(_value(inner[0]) if inner else _value(node)))
    return unique([n for n in names if n])


def counters(scope: html.HtmlElement, props: dict[str, list[html.HtmlElement]]) -> dict[str, int]:
    """commentCount and InteractionCounter statistics of the scope."""
    found: dict[str, int] = {}
    for node in props.get("interactionStatistic", []):
        inner = properties(node)
        kind = (_first(inner, "interactionType") or "").rstrip("/").rsplit("/", 1)[-1]
        value = parse_count(_first(inner, "userInteractionCount"))
        if INTERACTION_KINDS.get(kind) and value is not None:
            found.setdefault(INTERACTION_KINDS[kind], value)
    comments = parse_count(_first(props, "commentCount"))
    if comments is not None:
        found["comments"] = comments
    return found


def read(tree: html.HtmlElement) -> dict[str, Any]:
    """Candidate record fields from the article's microdata."""
    scope = article_scope(tree)
    if scope is None:
        return {}
    props = properties(scope)
    return {
        "title": _first(props, "headline", "name"),
        "subtitle": _first(props, "alternativeHeadline"),
        "authors": _authors(props),
        "published": _first(props, "datePublished", "dateCreated"),
        "modified": _first(props, "dateModified"),
        "language": _first(props, "inLanguage"),
        "section": _first(props, "articleSection"),
        "schema_types": _type_names(scope),
        "counters": counters(scope, props),
    }
