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
PUSH_PREFIX = "self.__next_f.push("
MAX_TEXT_ROWS = 1000
# React flight text row: "<id>:T<byte length in hex>,<text>"; rows start a line
TEXT_ROW = re.compile(rb"[0-9a-f]{1,8}:T([0-9a-f]{1,8}),")
JSON_ERRORS = (ValueError, RecursionError)
JSON_ROW = re.compile(r"^[0-9a-f]{1,8}:(?=[\[{])", re.M)
PARAGRAPH = re.compile(r"<p[\s>]", re.I)
TITLE_WORD = re.compile(r"\w{2,}")
MIN_TITLE_WORDS = 2
TITLE_SHARE = 0.3


def _scripts(tree: html.HtmlElement) -> Iterator[tuple[html.HtmlElement, str]]:
    for script in tree.iter("script"):
        text = script.text or ""
        if text and len(text) <= MAX_SCRIPT_CHARS:
            yield script, text


def flight_payload(tree: html.HtmlElement) -> str:
    """The Next.js app-router flight data: the strings pushed to self.__next_f, joined."""
    parts, size = [], 0
    for _, text in _scripts(tree):
        call = text.strip().rstrip(";").rstrip()
        if not (call.startswith(PUSH_PREFIX) and call.endswith(")")):
            continue
        try:
            pushed = json.loads(call[len(PUSH_PREFIX):-1])
        except JSON_ERRORS:
            continue
        if not isinstance(pushed, list):
            continue
        if len(pushed) > 1 and pushed[0] == 1 and isinstance(pushed[1], str):
            size += len(pushed[1])
            if size > MAX_FLIGHT_CHARS:
                break
            parts.append(pushed[1])
    return "".join(parts)


def text_rows(payload: str) -> list[str]:
    """The text rows of a flight payload (long strings such as an article's HTML are sent as these).

    Read as React reads them: a row's text is skipped over by its length, never searched for more rows.
    """
    data = payload.encode(errors="surrogatepass")
    rows: list[str] = []
    position = 0
    while position < len(data) and len(rows) < MAX_TEXT_ROWS:
        match = TEXT_ROW.match(data, position)
        if match is not None:
            position = match.end() + int(match.group(1), 16)
            rows.append(data[match.end():position].decode(errors="ignore"))
            continue
        newline = data.find(b"\n", position)  # any other row ends its line
        if newline < 0:
            break
        position = newline + 1
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
            except JSON_ERRORS:
                continue


def _next_data(tree: html.HtmlElement) -> Iterator[Any]:
    for script, text in _scripts(tree):
        if script.get("id") == "__NEXT_DATA__":
            try:
                yield json.loads(text)
            except JSON_ERRORS:
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
    except (ValueError, RecursionError, html.etree.ParserError):
        return 0
    return sum(len(p.text_content().split()) for p in root.iter("p"))


def about_the_page(fragment: str, title_words: set[str]) -> bool:
    """Whether the fragment shares enough of the page title's words to be this page's article, and not
    a recommended story's (app data often carries several)."""
    if len(title_words) < MIN_TITLE_WORDS:
        return True
    text = fragment.casefold()
    return sum(word in text for word in title_words) >= TITLE_SHARE * len(title_words)


def article_fragment(tree: html.HtmlElement) -> str | None:
    """The hydration fragment about this page holding the most paragraph text, as an HTML document, if any."""
    title_words = set(TITLE_WORD.findall((tree.findtext(".//title") or "").casefold()))
    candidates = [f for f in html_fragments(tree) if about_the_page(f, title_words)]
    best = max(candidates, key=paragraph_words, default=None)
    return f"<html><body><article>{best}</article></body></html>" if best else None
