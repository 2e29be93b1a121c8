"""Parse page text into an lxml tree without silently losing deeply nested text."""

import re

from lxml import etree, html

from crawler.extract.errors import ExtractionError
from crawler.extract.streaming import assemble_streamed

XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
WRAPPER_TAG = re.compile(r"</?(?:div|span|section|font|center|article|main|header|aside|figure)\b[^>]*>", re.I)
HTML_HINT = re.compile(r"<\s*(html|head|body|p|div|title|meta|article|!doctype)\b", re.I)
ANY_BUT_KEPT_TAG = re.compile(
    r"</?(?!(?:p|br|h[1-6]|title|meta|link|script|style|html|head|body|li|ul|ol|table|tr|td|th|time|a)\b)[a-z][\w:-]*\b[^>]*>",
    re.I)
DEPTH_ERROR = "Excessive depth"


def _parse(text: str) -> tuple[html.HtmlElement, bool]:
    """The tree, and whether libxml2 gave up on nesting (content past the limit is lost)."""
    parser = html.HTMLParser(huge_tree=True, remove_comments=True, remove_pis=True)
    try:
        tree = html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as error:
        raise ExtractionError("parse_error", str(error)) from error
    if tree is None:
        raise ExtractionError("parse_error")
    return tree, any(DEPTH_ERROR in entry.message for entry in parser.error_log)


def _append_text(parent: html.HtmlElement, text: str | None) -> None:
    """Text added at the end of parent's content."""
    if not text:
        return
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _adopt_stray_roots(tree: html.HtmlElement) -> None:
    """Move what follows a stray </html> (elements and loose text) into <body>, as browsers do.

    libxml2 puts it in a second root element that neither XPath on the tree nor trafilatura reaches.
    """
    strays = [root for root in tree.itersiblings() if isinstance(root.tag, str)]
    if not strays:
        return
    body = tree.find("body")
    if body is None:
        body = etree.SubElement(tree, "body")
    for root in strays:
        _append_text(body, root.text)
        for child in list(root):
            if child.tag == "head":
                _append_text(body, child.tail)
            elif child.tag == "body":
                _append_text(body, child.text)
                body.extend(list(child))
                _append_text(body, child.tail)
            else:
                body.append(child)  # its tail moves with it


def parse_html(text: str) -> html.HtmlElement:
    """The page's tree; a page nested deeper than libxml2 allows is flattened and reparsed."""
    if not HTML_HINT.search(text[:4096]) and not HTML_HINT.search(text):
        raise ExtractionError("not_html")
    text = XML_DECLARATION.sub("", text.replace("\x00", ""), count=1)
    tree, too_deep = _parse(text)
    for flatten in (WRAPPER_TAG, ANY_BUT_KEPT_TAG):
        if not too_deep:
            break
        text = flatten.sub(" ", text)
        tree, too_deep = _parse(text)
    if too_deep:
        raise ExtractionError("too_deep")
    _adopt_stray_roots(tree)
    assemble_streamed(tree)
    return tree
