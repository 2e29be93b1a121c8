"""Engagement counters of this article: comments, views, likes, shares."""

import re

from lxml import html

COUNTER_CLASSES: dict[str, tuple[str, ...]] = {
    "comments": ("comments-link", "comment-count", "comments-count", "comment-counter"),
    "views": ("post-views", "views-count", "entry-views", "view-count", "post-view"),
    "likes": ("likes-count", "like-count", "post-likes"),
    "shares": ("share-count", "shares-count", "total-shares"),
}
NUMBER = re.compile(r"^\s*(\d[\d.,]*)\s*([kKmM]?)\b")


def _has_class(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def parse_count(text: str) -> int | None:
    """'1,234' -> 1234, '1.2K' -> 1200; None when the text does not start with a number."""
    match = NUMBER.match(text)
    if not match:
        return None
    digits, suffix = match.groups()
    scale = {"k": 1_000, "m": 1_000_000}.get(suffix.lower(), 1)
    if scale > 1:
        return round(float(digits.replace(",", ".")) * scale)
    return int(re.sub(r"[.,]", "", digits))


def visible_counters(tree: html.HtmlElement) -> dict[str, int]:
    """Counters shown by common theme classes."""
    found: dict[str, int] = {}
    for kind, classes in COUNTER_CLASSES.items():
        for name in classes:
            for node in tree.xpath(f"//*[{_has_class(name)}]"):
                value = parse_count(node.text_content())
                if value is not None and kind not in found:
                    found[kind] = value
    return found


def counter_prune_xpath() -> list[str]:
    """XPaths of counter elements, to keep them out of the body text."""
    return [f"//*[{_has_class(name)}]" for names in COUNTER_CLASSES.values() for name in names]
