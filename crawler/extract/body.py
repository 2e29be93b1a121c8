"""The article body: trafilatura on a pruned copy of the tree, then line-level noise removal."""

import copy
import re
from typing import Any

import trafilatura
from lxml import etree, html
from trafilatura.external import sanitize_tree, try_readability
from trafilatura.settings import Document, Extractor
from trafilatura.xml import xmltotxt
from trafilatura.xpaths import BODY_XPATH

from crawler.extract.counters import COUNT_FIRST, LABEL_FIRST
from crawler.extract.dates import VISIBLE_DATE
from crawler.extract.hydration import article_fragment
from crawler.extract.parse import parse_html

NOISE_CLASSES = ("share", "sharing", "social", "newsletter", "cookie", "consent", "subscribe",
                 "related", "read-more", "readmore", "also-read", "post-views", "comments-link",
                 "comment-count", "views-count", "entry-views", "share-count", "likes-count",
                 "gdpr", "paywall-prompt", "signup", "sign-up", "promo")
MAX_PRUNED_CHARS = 400
PRUNE_XPATH = [
    "//*[" + " or ".join(
        f"contains(concat(' ', normalize-space(@class), ' '), ' {n} ') or contains(@class, '{n}-')"
        f" or contains(@class, '-{n}')" for n in NOISE_CLASSES) + f"][not(.//h1)][not(self::article)][string-length(normalize-space(.)) < {MAX_PRUNED_CHARS}]",
    "//*[@role='dialog' or @aria-modal='true']",
]
MAX_NOISE_LINE = 160
# An optional date label ("Last updated:", "Stand:", "Published on"), a date, a time of day. A free label
# ("Deadline: March 31") is content; the quantifiers are possessive, since lines are untrusted.
STAMP_WORDS = ("last|updated?|published|posted|created|modified|on|am|vom|stand|zuletzt|aktualisiert|veröffentlicht|"
               "publié|mis|à|jour|le|publicado|actualizado|el|pubblicato|aggiornato|il|gepubliceerd|bijgewerkt|op|"
               "publicerad|uppdaterad|publisert|oppdatert|opublikowano|aktualizacja")
TIMESTAMP_LINE = re.compile(
    r"^(?:(?:" + STAMP_WORDS + r")\b\s*+:?\s*+){0,3}(?:" + VISIBLE_DATE.pattern + r")"
    r"(?:\s*+(?:[,|·–-]|um|at|à|a las)?\s*+\d{1,2}[:.h]\d{2}(?:\s*+(?:Uhr|h|am|pm|[A-Z]{2,4}))?)?\.?$", re.I)
EDITORIAL_NOTE = re.compile(r"^(?:correction|update|editor'?s note|clarification|berichtigung|korrektur)\b", re.I)
WORD = re.compile(r"\w+")
# readability agrees on this share of our words: what we add after its last paragraph is a page tail
TAIL_AGREEMENT = 0.7
# readability's extra paragraphs between two paragraphs we share, as a share of our words: enough
# to mean we skipped part of the article (a lone caption or embed notice stays out)
GAP_SHARE = 0.3
# another candidate this many times longer that holds our text (most of it, or nearly all of it for a
# looser extraction) means we lost part of the article
FULLER_RATIO = 2
DECLARED_HOLDS = 0.5
# readability's block holding less than this share of our text is another part of the page
ELSEWHERE_HOLDS = 0.3
RECALL_HOLDS = 0.9
# a paragraph this long seen twice is the page rendering the article twice (print or mobile copy)
MIN_REPEAT_WORDS = 15
MIN_BODY_WORDS = 50
MIN_PARAGRAPH_WORDS = 8
# a section of reader comments, by an id or class token: comments, commentsContainer, comment-list, disqus_thread
COMMENT_SECTION_TOKEN = re.compile(
    r"^(?:comments\w*|comments?[-_](?:list|section|area|thread|wrapper|container|block|wrap)s?|"
    r"(?!(?:has|no|with|show|enable|disable|allow|open|closed)[-_])[\w-]+[-_]comments|commentlist|disqus_thread)$",
    re.I)
# a section holding a headline or an article element is the article's wrapper, whatever its name
ARTICLE_INSIDE = etree.XPath(
    "boolean(.//h1 | .//article[not(contains(@class, 'comment'))] | .//*[@itemprop='articleBody'])")
MAX_COMMENT_SECTIONS = 200
COMMENT_SECTION_XPATH = etree.XPath(
    "//*[self::div or self::section or self::ol or self::ul or self::aside]"
    "[contains(translate(concat(@id, ' ', @class), 'COMENTS', 'comments'), 'comment') or @id='disqus_thread']")
# an accordion or tab panel closed until the reader opens it
COLLAPSED_PANEL_XPATH = etree.XPath(
    "//*[(contains(translate(@style, ' ', ''), 'display:none') or @hidden or @aria-hidden='true')"
    " and (@role='region' or @role='tabpanel' or re:test(concat(@class, ' ', @id),"
    " 'accordion|collaps|tab-?pane|tab-?content|faq|expand', 'i'))]",
    namespaces={"re": "http://exslt.org/regular-expressions"})
DISPLAY_NONE = re.compile(r"display\s*:\s*none\s*;?", re.I)
MIN_PANEL_WORDS = 20
MARKUP_LINE = re.compile(r"<(?:div|span|a|p|script|img|!--)[\s>]|\\n<|\":\"<", re.I)
TAG = re.compile(r"<[^<>]*>")
NOISE_LINE = re.compile(
    r"^\s*(?:"
    r"(?:updated|aktualisiert|actualizado|mis à jour|aggiornato|bijgewerkt)\b.{0,40}\b(?:ago|vor|hace|il y a|fa)\b.*"
    r"|(?:updated|aktualisiert|actualizado)\s+(?:vor|hace)\s+\d+.*"
    r"|\d+\s+(?:minutes?|hours?|mins?|hrs?|Minuten|Stunden|minutos|horas)\s+(?:ago|her)"
    # "READ MORE: <another headline>" inserts, in the languages of the corpus and their neighbours
    r"|(?:read more|also read|read also|related|see also|more|lesen sie auch|mehr zum thema|lee también|lea también"
    r"|lire aussi|à lire aussi|leggi anche|les også|læs også|läs också|läs även|lees ook|lees meer|leia também"
    r"|leia mais|czytaj (?:też|także|więcej)|przeczytaj (?:też|także)|lue myös|citește și|čtěte také)"
    r"(?:(?:\s*[:»>|]|\s+[-–—]).*)?"
    # reading time, embed placeholders and call-to-action buttons
    r"|\d+\s*(?:-\s*\d+\s*)?(?:min(?:ute)?s?\.?|minuten)"
    r"\s*(?:read|reading time|lesezeit|de lecture|de lectura|di lettura)"
    r"|(?:lesezeit|reading time|temps de lecture|tiempo de lectura):?\s*\d+\s*(?:min(?:ute)?s?\.?|minuten)"
    r"|externer inhalt.{0,60}|view this post on instagram|watch on youtube|a post shared by .{0,80}"
    r"|(?:learn more|get started|get a quote|read reviews|read (?:our )?full review|shop now|buy now|click here"
    r"|see more|show more|load more|continue reading|read the full (?:story|article))\s*[.!»>→]*"
    # the label of a table of contents (its entries are the subheadings again, or links)
    r"|(?:table of contents|in this article|jump to|on this page|inhaltsverzeichnis|inhoudsopgave|sommaire"
    r"|spis treści|índice de contenidos|indice dei contenuti)\s*:?"
    r"|(?:share|teilen|compartir|partager)(?: (?:this|on|via|article|story|post))*[:!]?\s*"
    r"|(?:sign up|subscribe)\b.{0,100}\bnewsletter\b.*"
    r"|\d[\d.,]*\s*[kKmM]?"
    r"|\$\$\w+\$\$|%%\w+%%|\{\{\s*[\w.]+\s*\}\}"  # an unfilled template slot ("$$ARTICLEAD$$")
    r")\s*$", re.I)


def _timestamp(line: str) -> bool:
    """A line that is only a date stamp ("Stand: 22.04.2024, 06:00 Uhr", "Last updated: April 21, 2025"):
    page furniture that moves on every update. A dated correction or update note stays."""
    match = TIMESTAMP_LINE.match(line)
    return bool(match) and not EDITORIAL_NOTE.match(line)


def _leaked_markup(line: str) -> bool:
    """Template or script text that leaked into the page, not prose that quotes a tag."""
    if not MARKUP_LINE.search(line):
        return False
    tags = sum(len(tag) for tag in TAG.findall(line))
    return line.startswith("<") or 2 * tags >= len(line)


def _noise(line: str) -> bool:
    stripped = line.strip()
    if _leaked_markup(stripped):
        return True
    if len(stripped) > MAX_NOISE_LINE:
        return False
    if NOISE_LINE.match(stripped) or _timestamp(stripped):
        return True
    return any(p.match(stripped) for p in (*COUNT_FIRST.values(), *LABEL_FIRST.values()))


def clean_text(text: str) -> str:
    """Paragraphs separated by one blank line, noise lines dropped."""
    paragraphs = [" ".join(line.split()) for line in text.splitlines()]
    return "\n\n".join(p for p in paragraphs if p and not _noise(p))


def _article_start(tree: html.HtmlElement) -> html.HtmlElement | None:
    """The first real paragraph of the body trafilatura finds (or that body): the article is around it."""
    body = next((found[0] for xpath in BODY_XPATH if (found := xpath(tree))), None)
    if body is None:
        return None
    return next((p for p in body.iter("p") if len(p.text_content().split()) >= MIN_PARAGRAPH_WORDS), body)


def _comment_section(element: html.HtmlElement) -> bool:
    tokens = (element.get("id") or "").split() + (element.get("class") or "").split()
    return any(COMMENT_SECTION_TOKEN.match(token) for token in tokens)


def settle_comments(tree: html.HtmlElement) -> None:
    """Reader comments out of the tree, and the article kept in it.

    trafilatura cuts out as comments any div whose class mentions them, with the article when it sits in
    a wrapper such as "commentOnSelection"; and it keeps a comment section whose entries it cannot read
    as comments in the article's text. So "comment" is taken out of the classes around the article's
    first paragraph, and the sections named for comments elsewhere are removed (their text changes on
    every fetch, and the archive would take each new comment for an edit), unless they hold a headline
    or an article.
    """
    start = _article_start(tree)
    around = set(start.xpath("ancestor-or-self::*")) if start is not None else set()
    for wrapper in around:
        if "comment" in (wrapper.get("class") or ""):
            wrapper.set("class", wrapper.get("class", "").replace("comment", ""))
    sections = [e for e in COMMENT_SECTION_XPATH(tree) if e not in around and _comment_section(e)]
    dropped: set[html.HtmlElement] = set()
    for section in sections[:MAX_COMMENT_SECTIONS]:
        # document order: a section inside one already dropped is gone with it
        if section.getparent() is None or dropped.intersection(section.iterancestors()):
            continue
        if not ARTICLE_INSIDE(section):
            section.drop_tree()
            dropped.add(section)


def reveal_collapsed_panels(tree: html.HtmlElement) -> None:
    """Show collapsed accordion and tab panels: a reader opens them, trafilatura drops what is display:none."""
    for panel in COLLAPSED_PANEL_XPATH(tree):
        if len(panel.text_content().split()) < MIN_PANEL_WORDS:
            continue
        panel.set("style", DISPLAY_NONE.sub("", panel.get("style", "")))
        for attribute in ("hidden", "aria-hidden"):
            panel.attrib.pop(attribute, None)


def run_trafilatura(tree: html.HtmlElement, url: str, max_date: str, with_metadata: bool = True,
                    favor_recall: bool = False, extensive_dates: bool = True) -> Document | None:
    """trafilatura on a copy of the tree (it edits the tree it gets), its comment sections removed and its
    collapsed panels opened."""
    tree = copy.deepcopy(tree)
    settle_comments(tree)
    reveal_collapsed_panels(tree)
    return trafilatura.bare_extraction(
        tree, url=url, with_metadata=with_metadata, prune_xpath=PRUNE_XPATH,
        favor_recall=favor_recall,
        date_extraction_params={"original_date": True, "extensive_search": extensive_dates, "max_date": max_date},
    )


def _words(text: str) -> int:
    return len(text.split())


def readability_text(tree: html.HtmlElement, url: str) -> str:
    """readability's main block as cleaned text: a second opinion on where the article is, taken on the tree
    without its comment sections."""
    try:
        tree = copy.deepcopy(tree)
        settle_comments(tree)
        body, _ = sanitize_tree(try_readability(tree), Extractor(url=url))
        return clean_text(xmltotxt(body, False))
    except Exception:  # noqa: BLE001 - the second opinion is optional, never a reason to fail
        return ""


def _key(paragraph: str) -> str:
    return " ".join(WORD.findall(paragraph.casefold()))


def _haystack(paragraphs: list[str]) -> str:
    return " " + " ".join(_key(p) for p in paragraphs) + " "


def _shared(paragraph: str, haystack: str) -> bool:
    key = _key(paragraph)
    return bool(key) and f" {key} " in haystack


def cut_tail(ours: list[str], second: list[str]) -> list[str]:
    """Drop our paragraphs after the last one readability also chose, when it agrees on most of the text.

    Related stories, teasers and contact boxes after the article are where the two disagree.
    """
    theirs = _haystack(second)
    shared = [_shared(p, theirs) for p in ours]
    agreed = sum(_words(p) for p, s in zip(ours, shared) if s)
    if not any(shared) or agreed < TAIL_AGREEMENT * sum(_words(p) for p in ours):
        return ours
    return ours[: len(ours) - shared[::-1].index(True)]


def _positions(keys: list[str], key: str) -> list[int]:
    exact = [i for i, k in enumerate(keys) if k == key]
    return exact or [i for i, k in enumerate(keys) if f" {key} " in f" {k} "]


def _gaps(ours: list[str], second: list[str]) -> dict[int, list[str]]:
    """readability's paragraphs missing from ours but between two shared ones, keyed by our paragraph before them."""
    mine, anchor, gaps = _haystack(ours), None, {}
    keys = [_key(p) for p in ours]
    pending: list[str] = []
    for paragraph in second:
        if not _shared(paragraph, mine):
            pending.append(paragraph)
            continue
        found = _positions(keys, _key(paragraph))
        if not found:
            continue
        if anchor is not None and pending:
            gaps.setdefault(anchor, []).extend(pending)
        later = [i for i in found if anchor is None or i >= anchor]
        anchor, pending = (later[0] if anchor is not None and later else found[-1]), []
    return gaps


def fill_gaps(ours: list[str], second: list[str]) -> list[str]:
    """Add readability's paragraphs that sit inside the article between paragraphs we share, when they are
    a large part of it: trafilatura skipped a block (a list, a <div> without <p>), not just a caption."""
    gaps = _gaps(ours, second)
    added = sum(_words(p) for block in gaps.values() for p in block)
    if added < GAP_SHARE * sum(_words(p) for p in ours):
        return ours
    return [q for i, p in enumerate(ours) for q in (p, *gaps.get(i, []))]


def holds(longer: str, text: str) -> float:
    """The share of our words in paragraphs that `longer` also has (its paragraph breaks do not matter)."""
    hay = _haystack(longer.split("\n\n"))
    total = sum(_words(p) for p in text.split("\n\n"))
    return sum(_words(p) for p in text.split("\n\n") if _shared(p, hay)) / total if total else 0.0


def fuller(text: str, other: str, share: float) -> str:
    """`other` when it is much longer and holds at least `share` of our text."""
    if _words(other) >= FULLER_RATIO * _words(text) and holds(other, text) >= share:
        return other
    return text


def without_repeats(text: str) -> str:
    """The text without a long paragraph's second copy."""
    seen: set[str] = set()
    kept = []
    for paragraph in text.split("\n\n"):
        key = _key(paragraph)
        if key in seen and _words(paragraph) >= MIN_REPEAT_WORDS:
            continue
        seen.add(key)
        kept.append(paragraph)
    return "\n\n".join(kept)


def _recall_text(tree: html.HtmlElement, url: str, max_date: str) -> str:
    retry = run_trafilatura(tree, url, max_date, with_metadata=False, favor_recall=True)
    return clean_text(retry.text or "") if retry is not None else ""


def hydrated_text(tree: html.HtmlElement, url: str, max_date: str) -> str:
    """The article as a JavaScript app ships it in its hydration data, for a page whose DOM is an empty shell."""
    try:
        fragment = article_fragment(tree)
        if fragment is None:
            return ""
        doc = run_trafilatura(parse_html(fragment), url, max_date, with_metadata=False, favor_recall=True)
        return clean_text(doc.text or "") if doc is not None else ""
    except Exception:  # noqa: BLE001 - a fallback on untrusted app data, never a reason to fail the page
        return ""


def _page_words(tree: html.HtmlElement) -> int:
    """Words in the page's <p> elements: a cheap bound on how much article text there could be."""
    return sum(len(p.text_content().split()) for p in tree.iter("p"))


def reconcile(text: str, second: str) -> str:
    """Our text checked against readability's: a disowned tail cut, a skipped middle filled."""
    if not text or not second:
        return text
    ours, theirs = text.split("\n\n"), second.split("\n\n")
    return "\n\n".join(fill_gaps(cut_tail(ours, theirs), theirs))


def _another_part(text: str, other: str) -> bool:
    """`other` holds at least twice our words and almost none of our text (under 30 %)."""
    return _words(other) >= FULLER_RATIO * _words(text) and holds(other, text) < ELSEWHERE_HOLDS


def elsewhere(text: str, second: str, page_words: int) -> bool:
    """Whether readability found the article in another block: one sharing almost none of our text, and
    much longer, on a page whose paragraphs hold that much text (we took a promo box or a menu)."""
    return page_words >= FULLER_RATIO * _words(text) and _another_part(text, second)


def with_live_updates(text: str, updates: list[str]) -> str:
    """A live blog's declared updates added after our text when they are another part of the story than
    the one we have: we took the summary, and the updates are the story."""
    live = clean_text("\n\n".join(updates))
    if live and _another_part(text, live):
        return f"{text}\n\n{live}" if text else live
    return text


def extract_body(tree: html.HtmlElement, url: str, max_date: str, declared_body: str | None = None,
                 need_date: bool = True, live_updates: list[str] | None = None) -> tuple[str, dict[str, Any]]:
    """The cleaned body text and trafilatura's metadata guesses.

    A short result is retried for recall, then from a declared articleBody or the page's hydration data.
    The result is reconciled with readability's, or replaced by it when it found the article elsewhere.
    A declared articleBody or, when the page's paragraphs hold much more text, a recall run replaces it
    if much fuller. A live blog's declared updates are added when we have only its summary.

    htmldate's extensive date search (dateparser) can take seconds, so it only runs when `need_date`.
    """
    doc = run_trafilatura(tree, url, max_date, extensive_dates=need_date)
    guesses = doc.as_dict() if doc is not None else {}
    text = clean_text(doc.text or "") if doc is not None else ""
    recall = _recall_text(tree, url, max_date) if _words(text) < MIN_BODY_WORDS else None
    if recall is not None and _words(recall) > _words(text):
        text = recall
    declared = clean_text(declared_body or "")
    if _words(text) < MIN_BODY_WORDS and _words(declared) > _words(text):
        text = declared
    if _words(text) < MIN_BODY_WORDS:
        hydrated = hydrated_text(tree, url, max_date)
        text = hydrated if _words(hydrated) > _words(text) else text
    second, page_words = readability_text(tree, url), _page_words(tree)
    text = second if elsewhere(text, second, page_words) else reconcile(text, second)
    text = fuller(text, declared, DECLARED_HOLDS)
    if page_words >= FULLER_RATIO * _words(text):
        recall = _recall_text(tree, url, max_date) if recall is None else recall
        text = fuller(text, recall, RECALL_HOLDS)
    return without_repeats(with_live_updates(text, live_updates or [])), guesses
