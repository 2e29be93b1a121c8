"""Authors: declared names, else the visible byline; the site's own name only when no person is found."""

import re
from html import unescape

from lxml import html

from crawler.extract.counters import headline_wrappers, in_foreign_area
from crawler.extract.titles import names_site
from crawler.extract.values import clean_name, unique

INITIALS = re.compile(r"\s*\(\s*[a-z]{2,4}\.?\s*\)\s*$")
JUNK = re.compile(r"^(?:name\W*|get app|about the author|view all posts.*|full bio|posted by|by|von|written by|"
                  r"read more.*|authors?|kommentar von|more from.*|follow.*|contact.*)$", re.I)
PERSON = re.compile(r"^[^\W\d_][\w'’.-]*(?:\s+[^\W\d_][\w'’.-]*){1,3}$")
PREFIX = re.compile(
    r"^\s*(?:(?:article|story|words|text|written|posted|published|reported|photos?|authored|kommentar"
    r"|ein kommentar)\s+(?:by|von)|authors?|autor(?:in)?|redakteur|reporter|von|by|par|por|door|av|af)"
    r"(?:\s*[:\-–]\s*|\s+)(?=\w)", re.I)
MONTH_WORDS = re.compile(
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|updated)\.?", re.I)
NOT_NAME = re.compile(
    r"@|https?:|\bwww\b|\b(?:facebook|twitter|instagram|linkedin)\b|corresponding author|^the author$"
    r"|\b(?:updated|published|share|follow|comments?|min read)\b", re.I)
BYLINE_XPATH = (
    "//*[@rel='author'] | //*[@itemprop='author']//*[@itemprop='name']"
    " | //*[@itemprop='author'][not(.//*[@itemprop='name'])]"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' author-name ') or contains(@class, 'byline__name')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' fn ') or contains(@class, 'author__name')"
    " or contains(@class, 'authorName') or contains(@class, 'author-link')]"
)
AUTHOR_LINK_XPATH = ("//a[contains(@href, '/author/') or contains(@href, '/authors/') or contains(@href, '/autor/')]"
                     "[normalize-space()]")
LABEL = re.compile(r"^\s*(?:written by|words by|by|author|authors|autor|autorin|von|geschrieben von|redakteur"
                   r"|texto|por|par|door)\s*:?\s*$", re.I)
BYLINE_BLOCK_XPATH = "//*[contains(@class, 'byline') or contains(@class, 'author')][not(self::body)][not(self::article)]"
MAX_BYLINE_CHARS = 80
BYLINE_END = re.compile(r"\d|\s[-–—|·•]\s?|[-–—|·•]\s|\s(?:on|am|le|el|il)\s"
                        r"|\s(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d", re.I)


def plausible(name: str) -> bool:
    """A person's or organisation's name, not a date, an address or a button."""
    if NOT_NAME.search(name) or JUNK.match(name):
        return False
    return not (MONTH_WORDS.fullmatch(name.split()[0]) and len(name.split()) <= 2)


def split_names(raw: str) -> list[str]:
    """Names of one author string: split on ';' only (a byline's 'A, B and C' is kept as written)."""
    parts = [INITIALS.sub("", PREFIX.sub("", part.strip())) for part in unescape(raw).split(";")]
    return [n for n in map(clean_name, parts) if n]


def clean_authors(raw: list[str]) -> list[str]:
    """Split, clean and filter a source's author strings."""
    return unique([n for item in raw for n in split_names(item) if plausible(n)])


def choose_authors(declared: list[list[str]], byline: list[str], guessed: list[str],
                   site_name: str | None, url: str) -> list[str]:
    """Declared names first; a person beats a declared name that is only the site's own; the site last."""
    guessed = clean_authors(guessed)
    names = next((c for c in map(clean_authors, declared) if c), []) or byline or guessed
    if names and all(names_site(n, site_name, url) for n in names):
        people = [n for n in byline + guessed if PERSON.match(n) and not names_site(n, site_name, url)]
        return people[:1] or names
    return names or ([site_name] if site_name else [])


def trim_byline(text: str) -> str:
    """'Jane Roe June 3, 2021' -> 'Jane Roe'; 'Eliz - Product marketer' -> 'Eliz'."""
    text = PREFIX.sub("", text)
    cut = BYLINE_END.search(text)
    return text[: cut.start()].strip() if cut else text


def _labelled(tree: html.HtmlElement) -> list[html.HtmlElement]:
    """Elements that follow a 'Written by' label."""
    found = []
    for node in tree.iter("p", "span", "div", "dt", "strong", "em", "b"):
        if LABEL.match(node.text_content() or "") and node.getnext() is not None:
            found.append(node.getnext())
    return found


def byline_authors(tree: html.HtmlElement) -> list[str]:
    """Names in the page's visible byline elements (not those of other articles' teasers)."""
    wrappers = headline_wrappers(tree)
    for find in (lambda: tree.xpath(BYLINE_XPATH), lambda: _labelled(tree),
                 lambda: tree.xpath(AUTHOR_LINK_XPATH), lambda: tree.xpath(BYLINE_BLOCK_XPATH)):
        texts = [" ".join(node.text_content().split()) for node in find() if not in_foreign_area(node, wrappers)]
        names = clean_authors([trim_byline(t) for t in texts if 0 < len(t) <= MAX_BYLINE_CHARS])
        if names:
            return names[:1]
    return []
