"""Visible engagement counters of this article ("12 Comments", "1.2K shares", a bare "54" in a post-views span)."""

import re
from collections import Counter
from urllib.parse import urlsplit

from lxml import html

from crawler.extract.values import parse_count

NUMBER = r"(\d[\d.,\u00a0\u202f]*\s?(?:[kKmM]|Mio|Tsd)?\.?)"
LABELS: dict[str, str] = {
    "comments": r"comments?|kommentare?|kommentaren|comentarios?|comentários?|commentaires?|commenti|commento"
                r"|reacties|reactie|komentarz[ey]?|komentarzy|kommentarer|kommentti[a]?|yorum|responses?"
                r"|replies|thoughts? on|комментари[йяев]*|reader comments",
    "views": r"views?|aufrufe|zugriffe|visualizaciones|vistas|vues|visualizzazioni|weergaven|visningar"
             r"|visninger|wyświetle[nńia]+|просмотр[а-я]*|reads|lecturas|lectures|letture|mal gelesen",
    "likes": r"likes?|gefällt mir|me gusta|j'aime|mi piace|polubie[nńia]+",
    "shares": r"shares?|geteilt|compartid[oa]s?|partages|condivisioni|udostępnie[nńia]+",
}
LEAD_WORDS = r"(?:[^\W\d]+\s+){0,2}"
COUNT_FIRST = {k: re.compile(rf"^[\[(\s]*{LEAD_WORDS}{NUMBER}\s*(?:{v})\b[^\d]{{0,40}}$", re.I) for k, v in LABELS.items()}
LABEL_FIRST = {k: re.compile(rf"^\s*(?:{v})\s*[:(\[]?\s*{NUMBER}\s*[)\]]?\s*$", re.I) for k, v in LABELS.items()}
BARE_NUMBER = re.compile(rf"^\s*{NUMBER}\s*$")
CLASS_HINTS: dict[str, re.Pattern[str]] = {
    "comments": re.compile(r"comments?[-_]?(count|link|number|num|total|counter|bubble)|(count|num|total)[-_]?comments?|comments-link", re.I),
    "views": re.compile(r"(post|entry|page|total|article)[-_]?views?|views?[-_]?(count|counter|number|num|total)|hit[-_]?count", re.I),
    "likes": re.compile(r"likes?[-_]?(count|counter|number|num|total)|(post|total)[-_]?likes?", re.I),
    "shares": re.compile(r"shares?[-_]?(count|counter|number|num|total)|(total|post)[-_]?shares?", re.I),
}
BUTTON_HINTS: dict[str, re.Pattern[str]] = {
    "comments": re.compile(r"comment|komment|coment|repl(?:y|ies)|discuss", re.I),
    "shares": re.compile(r"share|teilen|partag|compartir|condivid", re.I),
    "likes": re.compile(r"like|favou?rite|heart|gefällt|upvote|thumbs?[-_]?up", re.I),
    "ratings": re.compile(r"rating|\brate\b|bewert|stars?\b", re.I),
    "views": re.compile(r"\bviews?\b|aufrufe|visualiza", re.I),
}
FIRST_WINS = frozenset({"score"})
VOTE_UP = re.compile(r"up[-_ ]?vote|vote[-_ ]?up", re.I)
VOTE_DOWN = re.compile(r"down[-_ ]?vote|vote[-_ ]?down", re.I)
BUTTON_CLASS = re.compile(r"\b(?:btn|button)\b|[-_](?:btn|button)\b|(?:btn|button)[-_]", re.I)
FOREIGN_AREA = re.compile(
    r"sidebar|widget|related|popular|trending|most[-_]?(read|comment|view|shared|popular)|mostread|teaser"
    r"|similar|recommend|more[-_]?(stories|news|articles|from)|also[-_]?read|read[-_]?next|carousel|slider|ticker"
    r"|newsletter|subscribe|follow|promo|sponsor|outbrain|taboola|footer-widget|site-footer|menu|breadcrumb",
    re.I)
OTHER_TAGS = {"aside", "nav", "footer", "header"}
# the heading of a block of other stories ("Related", "Ähnliche Themen", "Más leídas"), whatever its classes say
FOREIGN_HEADING = re.compile(
    r"^\W*(?:related|similar|recommended|popular|trending|most (?:read|popular|viewed|commented|shared)"
    r"|more (?:stories|news|articles|from|on|in|like this)|you (?:may|might) also|also read|read next|up next"
    r"|ähnliche|verwandte|weitere (?:artikel|themen|beiträge|nachrichten)|mehr (?:zum thema|aus|artikel)|meistgelesen"
    r"|beliebte|relacionad|similares|más (?:leíd|vist|noticias)|lo más|articles? (?:similaires|liés)|à lire aussi"
    r"|les plus|correlat|simili|più (?:lett|vist)|gerelateerd|vergelijkbare|meest (?:gelezen|bekeken)"
    r"|mais lid|podobne|powiązane|najczęściej|похожие|читайте также|популярн)", re.I)
MAX_HEADING_TEXT = 40
MAX_LABEL_TAIL = 2  # "Les plus lus" is a label; "Trending: the mayor resigns" a headline that starts alike
HEADING_TAGS = {"h2", "h3", "h4", "h5", "header"}
ARTICLE_HINT = re.compile(r"\b(article|post|entry|story|single)\b|hentry|type-post", re.I)
COMMENT_HINT = re.compile(r"comment|komment|coment|discuss|respond|disqus", re.I)
DISCUSSION_PATH = re.compile(r"thread|forum|discuss|community|talk", re.I)
MAX_CHILDREN = 4
MAX_TEXT = 80
HINT_DEPTH = 3


def _hints(node: html.HtmlElement) -> str:
    return " ".join(node.get(a) or "" for a in ("class", "id", "itemprop"))


def _in_article(node: html.HtmlElement) -> bool:
    return any(a.tag in ("article", "main") or ARTICLE_HINT.search(_hints(a)) for a in node.iterancestors())


def _short_text(node: html.HtmlElement, limit: int) -> str | None:
    """The node's text, or None as soon as it runs past `limit` characters (a headline, not a label)."""
    pieces, size = [], 0
    for piece in node.itertext():
        size += len(piece)
        if size > limit * 4:  # white space collapses; past this no label fits
            return None
        pieces.append(piece)
    label = " ".join("".join(pieces).split())
    return label if len(label) <= limit else None


def _foreign_heading(block: html.HtmlElement) -> bool:
    """The block opens with a short heading (its first element, or that element's first) announcing other stories."""
    first = next(block.iterchildren("*"), None)
    for _ in range(2):
        if first is None:
            return False
        if first.tag in HEADING_TAGS:
            label = _short_text(first, MAX_HEADING_TEXT) or ""
            match = FOREIGN_HEADING.match(label)
            # the label words and at most two more ("Related articles", "More from Reuters"), not a headline
            return match is not None and len(label[match.end():].split()) <= MAX_LABEL_TAIL
        first = next(first.iterchildren("*"), None)
    return False


def in_foreign_area(node: html.HtmlElement, wrappers: set[html.HtmlElement]) -> bool:
    """Inside a sidebar, teaser, most-popular list or page chrome (not one wrapping the headline)."""
    inside_article = None
    for ancestor in node.iterancestors():
        if ancestor in wrappers:
            return False
        hints = _hints(ancestor)
        if FOREIGN_AREA.search(hints) and not COMMENT_HINT.search(hints) or _foreign_heading(ancestor):
            return True
        if ancestor.tag in OTHER_TAGS and not COMMENT_HINT.search(hints):
            inside_article = _in_article(ancestor) if inside_article is None else inside_article
            if not inside_article:
                return True
    return False


def _same_page(href: str, paths: set[str]) -> bool:
    parts = urlsplit(href.strip())
    if not parts.path or parts.path.rstrip("/") in paths:
        return True
    return bool(DISCUSSION_PATH.search(parts.path)) and not parts.fragment


def _links_elsewhere(node: html.HtmlElement, paths: set[str]) -> bool:
    link = next((a for a in node.iterancestors("a")), node if node.tag == "a" else None)
    return link is not None and bool(link.get("href")) and not _same_page(link.get("href", ""), paths)


def _match_text(text: str) -> tuple[str, int] | None:
    for kind in LABELS:
        for pattern in (COUNT_FIRST[kind], LABEL_FIRST[kind]):
            match = pattern.match(text)
            if match and (value := parse_count(match.group(1))) is not None:
                return kind, value
    return None


def _bare_count(text: str) -> int | None:
    """The value of a text that is only a number ("54", "1.2K")."""
    match = BARE_NUMBER.match(text)
    return parse_count(match.group(1)) if match else None


def _match_class(node: html.HtmlElement, value: int) -> tuple[str, int] | None:
    """A bare number in an element whose classes say what it counts."""
    chain = [node, *list(node.iterancestors())[: HINT_DEPTH - 1]]
    hints = " ".join(_hints(n) for n in chain)
    kind = next((k for k, pattern in CLASS_HINTS.items() if pattern.search(hints)), None)
    return (kind, value) if kind else None


def _button(node: html.HtmlElement) -> html.HtmlElement | None:
    chain = [node, *list(node.iterancestors())[: HINT_DEPTH - 1]]
    real = next((n for n in chain if n.tag == "button" or n.get("role") == "button"), None)
    return real if real is not None else next((n for n in chain if BUTTON_CLASS.search(n.get("class") or "")), None)


def _button_hints(button: html.HtmlElement) -> str:
    attributes = ("class", "id", "data-testid", "aria-label", "title", "name", "data-action")
    own = " ".join(button.get(a) or "" for a in attributes)
    icons = " ".join(button.xpath(".//*[local-name()='title']/text() | .//*[local-name()='use']/@href"
                                  " | .//*[local-name()='use']/@xlink:href | .//*/@class",
                                  namespaces={"xlink": "http://www.w3.org/1999/xlink"}))
    return f"{own} {icons}"


def _match_button(node: html.HtmlElement, value: int) -> tuple[str, int] | None:
    """A bare number in a button whose name or icon says what it counts."""
    button = _button(node)
    if button is None:
        return None
    hints = _button_hints(button)
    kind = next((k for k, pattern in BUTTON_HINTS.items() if pattern.search(hints)), None)
    return (kind, value) if kind else None


def _match_vote(node: html.HtmlElement, value: int) -> tuple[str, int] | None:
    """A bare number between an upvote and a downvote button: the post's score (Reddit, Lemmy, Stack Exchange)."""
    around = [node.getprevious(), node.getnext()]
    if any(sibling is None or not isinstance(sibling.tag, str) for sibling in around):
        return None
    hints = [_button_hints(sibling) for sibling in around]
    up = any(VOTE_UP.search(h) for h in hints)
    down = any(VOTE_DOWN.search(h) for h in hints)
    return ("score", value) if up and down else None


def _candidates(tree: html.HtmlElement) -> list[tuple[html.HtmlElement, str, int]]:
    found = []
    for node in tree.iter("*"):
        if node.tag in ("script", "style", "body", "html", "head", "noscript") or len(node) > MAX_CHILDREN:
            continue
        text = " ".join(node.text_content().split())
        if not text or len(text) > MAX_TEXT or not any(c.isdigit() for c in text):
            continue
        label = node.get("aria-label") or node.get("title") or ""
        bare = _bare_count(text)  # read once for the three matchers of a bare number
        by_place = (_match_class(node, bare) or _match_button(node, bare) or _match_vote(node, bare)
                    if bare is not None else None)
        hit = _match_text(text) or by_place or (_match_text(label) if label else None)
        if hit:
            found.append((node, *hit))
    return found


def _innermost(found: list[tuple[html.HtmlElement, str, int]]) -> list[tuple[html.HtmlElement, str, int]]:
    has_inner: set[html.HtmlElement] = set()
    for node, _, _ in found:
        has_inner.update(node.iterancestors())
    return [item for item in found if item[0] not in has_inner]


def headline_wrappers(tree: html.HtmlElement) -> set[html.HtmlElement]:
    """Ancestors of the page's first <h1>: whatever their class, they hold this article."""
    heading = next(iter(tree.iter("h1")), None)
    return set(heading.iterancestors()) if heading is not None else set()


def visible_counters(tree: html.HtmlElement, url: str, canonical: str | None = None) -> dict[str, int]:
    """Counters the page shows for its own article; the most frequent value of each kind."""
    paths = {urlsplit(u).path.rstrip("/") for u in (url, canonical) if u}
    values: dict[str, Counter[int]] = {}
    wrappers = headline_wrappers(tree)
    for node, kind, value in _innermost(_candidates(tree)):
        if not in_foreign_area(node, wrappers) and not _links_elsewhere(node, paths):
            values.setdefault(kind, Counter())[value] += 1
    # the post's own vote widget comes first; the answers' and comments' widgets follow with theirs
    return {kind: next(iter(counts)) if kind in FIRST_WINS else counts.most_common(1)[0][0]
            for kind, counts in values.items()}


def counter_nodes_xpath() -> str:
    """Elements whose class marks an engagement counter (kept out of the body)."""
    words = ("comments-link", "comment-count", "comments-count", "post-views", "views-count",
             "entry-views", "view-count", "share-count", "likes-count")
    return " | ".join(f"//*[contains(@class, '{w}')]" for w in words)
