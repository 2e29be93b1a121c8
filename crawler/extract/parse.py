"""Parse page text into an lxml tree without silently losing deeply nested text."""

import re
from html import unescape

from lxml import etree, html

from crawler.extract.errors import ExtractionError

XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
TAG = re.compile(r"<[^>]*>")
SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.I | re.S)
WRAPPER_TAG = re.compile(r"</?(?:div|span|section|font|center|article|main|header)\b[^>]*>", re.I)
KEPT_TEXT_RATIO = 0.7
MIN_TEXT_TO_CHECK = 200
HTML_HINT = re.compile(r"<\s*(html|head|body|p|div|title|meta|article|!doctype)\b", re.I)


def _parse(text: str) -> html.HtmlElement:
    parser = html.HTMLParser(huge_tree=True, remove_comments=True, remove_pis=True)
    try:
        tree = html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as error:
        raise ExtractionError("parse_error", str(error)) from error
    if tree is None:
        raise ExtractionError("parse_error")
    return tree


def _visible_length(text: str) -> int:
    return len("".join(unescape(TAG.sub(" ", SCRIPT_OR_STYLE.sub(" ", text))).split()))


def _tree_length(tree: html.HtmlElement) -> int:
    texts = tree.xpath("//text()[not(ancestor::script) and not(ancestor::style)]")
    return sum(len("".join(text.split())) for text in texts)


def parse_html(text: str) -> html.HtmlElement:
    """The page's tree; pages nested deeper than libxml2 allows are flattened and reparsed."""
    if not HTML_HINT.search(text[:4096]) and not HTML_HINT.search(text):
        raise ExtractionError("not_html")
    text = XML_DECLARATION.sub("", text.replace("\x00", ""), count=1)
    tree = _parse(text)
    expected = _visible_length(text)
    if expected > MIN_TEXT_TO_CHECK and _tree_length(tree) < KEPT_TEXT_RATIO * expected:
        tree = _parse(WRAPPER_TAG.sub(" ", text))
    return tree
