"""Article HTML that a JavaScript app ships in its hydration data (Next.js flight rows, __NEXT_DATA__), not its DOM."""

import json
import re
from collections.abc import Iterator
from typing import Any

from lxml import html

# Untrusted page data: bound what is decoded and walked.
MAX_SCRIPT_CHARS = 5_000_000
MAX_FLIGHT_CHARS = 8_000_000
MAX_FRAGMENTS = 50  # the longest candidates are parsed, not every string of the data
MAX_JSON_DEPTH = 40
MIN_FRAGMENT_CHARS = 200
FLIGHT_PUSH = re.compile(r"^\s*self\.__next_f\.push\((\[.*\])\)\s*;?\s*$", re.S)
# React flight text row: "<id>:T<byte length in hex>,<text>"
TEXT_ROW = re.compile(rb"(?:^|\n)[0-9a-f]{1,8}:T([0-9a-f]{1,8}),")
JSON_ROW = re.compile(r"^[0-9a-f]{1,8}:(?=[\[{])", re.M)
PARAGRAPH = re.compile(r"<p[\s>]", re.I)


def _scripts(tree: html.HtmlElement) -> Iterator[tuple[html.HtmlElement, str]]:
    for script in tree.iter("script"):
        text = script.text or ""
        if text and len(text) <= MAX_SCRIPT_CHARS:
            yield script, text


def flight_payload(tree: html.HtmlElement) -> str:
    """The Next.js app-router flight data: the strings pushed to self.__next_f, joined."""
    parts, size = [], 0
    for _, text in _scripts(tree):
        match = FLIGHT_PUSH.match(text) if "__next_f" in text else None
        if not match:
            continue
        try:
            pushed = json.loads(match.group(1))
        except ValueError:
            continue
        if len(pushed) > 1 and pushed[0] == 1 and isinstance(pushed[1], str):
            size += len(pushed[1])
            if size > MAX_FLIGHT_CHARS:
                break
            parts.append(pushed[1])
    return "".join(parts)


def text_rows(payload: str) -> list[str]:
    """The text rows of a flight payload (long strings such as an article's HTML are sent as these)."""
    data = payload.encode()
    rows = []
    for match in TEXT_ROW.finditer(data):
        start = match.end()
        rows.append(data[start:start + int(match.group(1), 16)].decode(errors="ignore"))
    return rows


def json_strings(value: Any, depth: int = 0) -> Iterator[str]:
    """Every string in a decoded JSON value, to a bounded depth."""
    if depth > MAX_JSON_DEPTH:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from json_strings(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            yield from json_strings(item, depth + 1)


def _json_rows(payload: str) -> Iterator[Any]:
    for line in payload.splitlines():
        match = JSON_ROW.match(line)
        if match:
            try:
                yield json.loads(line[match.end():])
            except ValueError:
                continue


def _next_data(tree: html.HtmlElement) -> Iterator[Any]:
    for script, text in _scripts(tree):
        if script.get("id") == "__NEXT_DATA__":
            try:
                yield json.loads(text)
            except ValueError:
                continue


def html_fragments(tree: html.HtmlElement) -> list[str]:
    """HTML strings with paragraphs found in the page's hydration data."""
    payload = flight_payload(tree)
    strings = [*text_rows(payload)]
    for value in [*_json_rows(payload), *_next_data(tree)]:
        strings.extend(json_strings(value))
    found = [s for s in strings if len(s) >= MIN_FRAGMENT_CHARS and PARAGRAPH.search(s)]
    return sorted(found, key=len, reverse=True)[:MAX_FRAGMENTS]


def paragraph_words(fragment: str) -> int:
    """Words in a fragment's <p> elements."""
    try:
        root = html.fragment_fromstring(fragment, create_parent="div")
    except (ValueError, html.etree.ParserError):
        return 0
    return sum(len(p.text_content().split()) for p in root.iter("p"))


def article_fragment(tree: html.HtmlElement) -> str | None:
    """The hydration fragment holding the most paragraph text, as an HTML document, if any."""
    best = max(html_fragments(tree), key=paragraph_words, default=None)
    return f"<html><body><article>{best}</article></body></html>" if best else None
