"""React streamed rendering undone: hidden segments moved into their placeholders, as the page's own script does."""

import re

from lxml import html

# $RC("B:0","S:0") completes a Suspense boundary with a segment; $RS("S:7","P:7") fills a placeholder.
SWAP = re.compile(r"""\$R([CS])\(\s*["']([BSP]:[0-9a-z]+)["']\s*,\s*["']([BSP]:[0-9a-z]+)["']""")
MAX_SWAPS = 10_000


def swaps(tree: html.HtmlElement) -> list[tuple[str, str]]:
    """(placeholder id, segment id) pairs, in the order the page's scripts make them."""
    found: list[tuple[str, str]] = []
    for script in tree.iter("script"):
        text = script.text or ""
        if "$R" in text:
            # $RC names the boundary first, $RS the segment first
            found.extend((first, second) if kind == "C" else (second, first)
                         for kind, first, second in SWAP.findall(text))
    return found[:MAX_SWAPS]


def _swap(placeholder: html.HtmlElement, segment: html.HtmlElement) -> None:
    """Put the segment where the placeholder is; each one's tail text stays where it was."""
    segment.drop_tree()
    segment.tail = None
    segment.attrib.pop("hidden", None)
    placeholder.addprevious(segment)
    placeholder.drop_tree()


def assemble_streamed(tree: html.HtmlElement) -> None:
    """Put each hidden `S:` segment, unhidden, in place of the `B:` or `P:` template its script names.

    React also removes a boundary's loading fallback, which `<!--$?-->`/`<!--/$-->` comments delimit; the
    parser drops comments, so the fallback (usually an empty skeleton) stays beside the segment.
    """
    pairs = swaps(tree)
    if not pairs:
        return
    ids = {e.get("id"): e for e in tree.iter("template", "div") if (e.get("id") or "")[:2] in ("B:", "P:", "S:")}
    for target, segment_id in pairs:
        placeholder, segment = ids.pop(target, None), ids.get(segment_id)
        if placeholder is None or segment is None or placeholder.getparent() is None \
                or segment.getparent() is None or segment in placeholder.iterancestors():
            continue
        _swap(placeholder, segment)
