"""The headline: the visible <h1> that agrees with the metadata titles, else a metadata title without its " | Site" suffix."""

import re
from html import unescape
from urllib.parse import urlsplit

from lxml import html

SEPARATOR = re.compile(r"\s+[|\-–—·•:»«/~]\s+|\s+[|·•»«]|[|·•»«]\s+")
WORD = re.compile(r"\w+")
MAX_TITLE_CHARS = 400
MIN_AGREEMENT = 0.3
MAX_SUFFIX_WORDS = 6
MAX_PIPE_SUFFIX_WORDS = 4
PIPE_SUFFIX = re.compile(r"\s\|\s[^|]+$")


def _words(text: str) -> set[str]:
    return {w.casefold() for w in WORD.findall(text)}


def agreement(candidate: str, reference: str) -> float:
    """Share of the candidate's words found in the reference title."""
    words = _words(candidate)
    return len(words & _words(reference)) / len(words) if words else 0.0


def _squash(text: str) -> str:
    return "".join(WORD.findall(text.casefold()))


def names_site(part: str, site_name: str | None, url: str) -> bool:
    squashed = _squash(part)
    if not squashed:
        return True
    host = urlsplit(url).hostname or ""
    labels = [label for label in host.split(".") if len(label) > 3 and label not in ("www", "com")]
    if any(label.replace("-", "") in squashed or squashed in label.replace("-", "") for label in labels):
        return True
    site = _squash(site_name or "")
    return bool(site) and (site in squashed or squashed in site)


def strip_site(title: str, site_name: str | None, url: str) -> str:
    """Drop leading/trailing " | Site" parts that name the site."""
    parts = SEPARATOR.split(title)
    while len(parts) > 1 and len(parts[-1].split()) <= MAX_SUFFIX_WORDS and names_site(parts[-1], site_name, url):
        parts.pop()
    unchanged = len(parts) == len(SEPARATOR.split(title))
    if unchanged and len(parts) > 1 and PIPE_SUFFIX.search(title) and len(parts[-1].split()) <= MAX_PIPE_SUFFIX_WORDS:
        parts.pop()
    while len(parts) > 1 and len(parts[0].split()) <= MAX_SUFFIX_WORDS and names_site(parts[0], site_name, url):
        parts.pop(0)
    if len(parts) == len(SEPARATOR.split(title)):
        return title
    return _rejoin(title, parts)


def _rejoin(title: str, parts: list[str]) -> str:
    start = title.find(parts[0])
    end = title.rfind(parts[-1]) + len(parts[-1])
    return title[start:end].strip() if 0 <= start < end else " ".join(parts)


def headings(tree: html.HtmlElement) -> list[str]:
    """Texts of the page's <h1> elements."""
    texts = [" ".join(h.text_content().split()) for h in tree.xpath("//h1")]
    return [t for t in texts if t and len(t) <= MAX_TITLE_CHARS]


def choose_title(tree: html.HtmlElement, meta_titles: list[str | None], site_name: str | None, url: str,
                 news_headline: str | None = None) -> str | None:
    """A news entity's declared headline; else the h1 that best agrees with the metadata titles; else metadata."""
    if news_headline:
        return strip_site(unescape(news_headline), site_name, url)
    references = [strip_site(unescape(t), site_name, url) for t in meta_titles if t]
    best, best_score = None, 0.0
    for heading in headings(tree):
        if names_site(heading, site_name, url) and len(heading.split()) <= MAX_SUFFIX_WORDS:
            continue
        score = max((agreement(heading, ref) for ref in references), default=0.0)
        if score > best_score:
            best, best_score = heading, score
    if best and best_score >= MIN_AGREEMENT:
        same = [ref for ref in references if _squash(ref) == _squash(best)]
        return same[0] if same else best  # the metadata spelling keeps the kicker's punctuation
    return references[0] if references else None
