"""Authors: declared names, else the visible byline; the site's own name only when no person is found."""

import re
from collections.abc import Callable
from html import unescape
from urllib.parse import urlsplit

from lxml import html

from crawler.extract.counters import COMMENT_HINT, headline_wrappers, in_foreign_area
from crawler.extract.titles import names_site, squash
from crawler.extract.values import clean_name, unique

INITIALS = re.compile(r"\s*\(\s*[a-z]{2,4}\.?\s*\)\s*$")
JUNK = re.compile(r"^(?:name\W*|get app|(?:more )?about (?:the author|me|us)|view all posts.*|full bio|posted by|by"
                  r"|von|written by|read more.*|authors?|kommentar von|more from.*|follow.*|contact.*|learn more"
                  r"|view (?:all|more) .*|cite this.*|website|sections?|veröffentlicht|home|privacy policy)$", re.I)
PERSON = re.compile(r"^[^\W\d_][\w'’.-]*(?:\s+[^\W\d_][\w'’.-]*){1,3}$")
PREFIX = re.compile(
    r"^\s*(?:(?:article|story|words|text|written|posted|published|reported|photos?|authored|reviewed|kommentar"
    r"|ein kommentar|(?:more )?(?:articles|posts|stories)|analysis|opinion|commentary|review|recipe|interview)"
    r"\s+(?:by|von)"
    r"|authors?|contributors?|autor(?:in)?|redakteur|reporter|von|by|par|por|door|av|af)"
    r"(?:\s*[:\-–]\s*|\s+)(?=\w)", re.I)
MONTH_WORDS = re.compile(
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|updated|mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs|rsday)?"
    r"|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\.?,?", re.I)
NOT_NAME = re.compile(
    r"@|https?:|\bwww\b|\b(?:facebook|twitter|instagram|linkedin)\b|corresponding author|^the author$"
    r"|\b(?:updated|published|share|follow|comments?|min read)\b"
    r"|^\(?(?:fotos?|photos?|images?|bild(?:er)?|credits?)\s*:|getty images|©"
    r"|\{\{|\}\}|%%|^[a-z]{2,}(?:\.[a-z]{2,}){2,}$", re.I)  # an unrendered template: 'page.head.extra.author'
NEWSROOM = re.compile(r"\b(?:redaktion|newsroom|team|staff|editors|editorial|desk|redacción|rédaction|redazione"
                      r"|redactie|redakcja)\b", re.I)
AFFILIATION = re.compile(r"\s+[-–—|/]\s+|,\s*|\s+(?:for|für|pour|para)\s+", re.I)
COPYRIGHT = re.compile(r"(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?,?\s*"
                       r"(?:by\s+)?([^\W\d_][^\d©|.,;:!?]*)", re.I)
COMPANY = re.compile(r"\b(?:inc|llc|ltd|gmbh|ag|corp|co|company|group|media|all rights|rights|reserved|the)\b", re.I)
KUERZEL = re.compile(r"^[a-z]{2,4}$")
PARTICLES = frozenset({"de", "del", "della", "der", "den", "di", "da", "das", "dos", "du", "la", "le", "van", "von",
                       "zu", "bin", "ibn", "al", "el", "y", "e", "and", "und", "with", "ten", "ter", "op"})
MONOGRAM = re.compile(r"^[A-Z]{2,3}$")
TRAILING_MARKS = re.compile(r"[\s●•·|–—/／-]+$")
DOMAIN = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.(?:[a-z]{2}|com|org|net|info|biz|news|blog|online|media|app|dev|io)$", re.I)
BYLINE_XPATH = (
    "//*[@rel='author'] | //*[@itemprop='author']//*[@itemprop='name']"
    " | //*[@itemprop='author'][not(.//*[@itemprop='name'])]"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' author-name ') or contains(@class, 'byline__name')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' fn ') or contains(@class, 'author__name')"
    " or contains(@class, 'authorName') or contains(@class, 'author-link')]"
)
AUTHOR_LINK_XPATH = ("//a[contains(@href, '/author/') or contains(@href, '/authors/') or contains(@href, '/autor/')]"
                     "[normalize-space()]")
LABEL = re.compile(r"^\s*(?:written by|words by|article by|posted by|by|author|authors|contributors?|autor|autorin|von"
                   r"|geschrieben von|redakteur"
                   r"|texto|por|par|door)\s*:?\s*$", re.I)
BYLINE_BLOCK_XPATH = ("//*[contains(translate(@class, 'BYLINEAUTHOR', 'bylineauthor'), 'byline')"
                      " or contains(translate(@class, 'BYLINEAUTHOR', 'bylineauthor'), 'author')]"
                      "[not(self::body)][not(self::article)]")
MAX_BYLINE_CHARS = 80
# page builders (Elementor) call every block of the article a 'widget': that is layout, not a sidebar
BUILDER_XPATH = "//*[contains(@class, 'elementor-widget-container')]"
BY_LINE = re.compile(r"^(?i:(?:written|words|posted|text|article|story)\s+by|by|von|par|por|door)\s*:?\s+[^\W\d_a-z]")
BY_LINE_TAGS = ("p", "span", "div", "li", "address", "strong", "em", "b", "small", "h3", "h4", "h5", "h6", "a")
MAX_BY_LINE_CHARS = 120
MAX_UNDER_HEADLINE_CHARS = 60
MAX_LISTED = 4
PAGE_TAGS = frozenset({"html", "body", "main", "article"})
BLOCK_TAGS = frozenset({"div", "p", "br", "li", "ul", "ol", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "small",
                        "section", "header", "footer", "figure", "figcaption", "time", "table", "tr", "td"})
LEAD_IN = re.compile(r"(?:^|\s)(?:by|from|von|par|por|door)\s*:?$", re.I)
BYLINE_END = re.compile(r"\d|\s[-–—|·•]\s?|[-–—|·•]\s|\s(?:on|at|am|le|el|il)(?:\s|$)"
                        r"|\s(?:is|was|ist|est)\s(?:an?|ein|eine|un|une)\s"  # a bio: 'Jane Roe is a freelance writer'
                        r"|\s(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d"
                        r"|,?\s(?:mon|tues|wednes|thurs|fri|satur|sun)day\b", re.I)


def plausible(name: str) -> bool:
    """A person's or organisation's name, not a date, an address or a button."""
    if NOT_NAME.search(name) or JUNK.match(name) or not any(c.isalpha() for c in name):
        return False
    words = name.split()
    # 'Dec', 'Updated March', 'June 3' are dates; 'Jan Sellner' and 'May Wong' are people
    dated = len(words) == 1 or any(MONTH_WORDS.fullmatch(w) or w[0].isdigit() for w in words[1:2])
    return not (MONTH_WORDS.fullmatch(words[0]) and len(words) <= 2 and dated)


def split_names(raw: str) -> list[str]:
    """Names of one author string: split on ';' only (a byline's 'A, B and C' is kept as written)."""
    parts = [TRAILING_MARKS.sub("", INITIALS.sub("", PREFIX.sub("", part.strip())))
             for part in unescape(raw).split(";")]
    return [n for n in map(clean_name, parts) if n]


def clean_authors(raw: list[str]) -> list[str]:
    """Split, clean and filter a source's author strings."""
    return unique([n for item in raw for n in split_names(item) if plausible(n)])


def names_publisher(name: str, site_name: str | None, url: str) -> bool:
    """The site itself: its name, its domain ('mdr.de'), a label of its host ('lto'), or its acronym ('LTO').

    'Redaktion hessenschau.de' or 'BR24 Newsroom' is a credit the newsroom signs, not the bare site name.
    """
    if NEWSROOM.search(name):
        return False
    if names_site(name, site_name, url) or DOMAIN.match(name):
        return True
    squashed = squash(name)
    host = (urlsplit(url).hostname or "").casefold()
    if squashed in {squash(label) for label in host.split(".")}:
        return True
    words = re.findall(r"\w+", site_name or "")
    return len(words) > 1 and squashed == "".join(w[0] for w in words).casefold()


def without_affiliation(name: str, site_name: str | None, url: str) -> str:
    """'David Straub, MDR THÜRINGEN' -> 'David Straub' on mdr.de: the publisher after a person is their employer."""
    parts = AFFILIATION.split(name, maxsplit=1)
    if len(parts) == 2 and is_person(parts[0]) and (names_site(parts[1], site_name, url) or DOMAIN.match(parts[1])):
        return parts[0]
    return name


def initials(name: str) -> str:
    return "".join(word[0] for word in name.split()).upper()


def expand_monogram(names: list[str], candidates: list[str]) -> list[str]:
    """An avatar's 'PA' stands for the 'Povilas Aleksandravičius' the page names elsewhere."""
    if len(names) == 1 and MONOGRAM.match(names[0]):
        return next(([c] for c in candidates if is_person(c) and initials(c) == names[0]), names)
    return names


def phrase_in_lower_case(text: str) -> bool:
    """'Personal finance', 'Anchor for Resistance Bands': visible text that capitalises some words but not others
    (name particles like 'van der' aside) is a label, not a name; 'crazy lennys' all in lower case may be one."""
    if NEWSROOM.search(text):
        return False  # 'The Currency editors'
    words = [w for w in text.split(",")[0].split() if w.isalpha() and w.casefold() not in PARTICLES]
    return any(w[0].islower() for w in words) and any(w[0].isupper() for w in words)


def is_person(name: str) -> bool:
    """'Jane Roe' or 'Jane Roe, Dietitian': two to four name words before any comma."""
    return bool(PERSON.match(name.split(",")[0].strip()))


def choose_authors(declared: list[list[str]], byline: list[str], guessed: list[str],
                   site_name: str | None, url: str, owner: Callable[[], str | None] = lambda: None) -> list[str]:
    """Declared names first; a person beats a declared name that is only the site's own; then the person
    holding the page's copyright (a personal site); the site last."""
    def tidy(names: list[str]) -> list[str]:
        return unique([without_affiliation(n, site_name, url) for n in clean_authors(names)])

    byline, guessed = tidy(byline), tidy(guessed)
    names = next((c for c in map(tidy, declared) if c), []) or byline or guessed
    names = expand_monogram(names, byline + guessed)
    if names and all(names_publisher(n, site_name, url) for n in names):
        # a handle ('MixmasterFred') counts when the byline and the text's own attribution agree on it;
        # an editor's initials ('amw') do not beat the site's name
        agreed = {n.casefold() for n in byline if not KUERZEL.match(n)} & {n.casefold() for n in guessed}
        people = [n for n in byline + guessed
                  if (is_person(n) or n.casefold() in agreed) and not names_publisher(n, site_name, url)]
        return people[:1] or names
    if names:
        return names
    # a site that declares no name of its own, only a person's copyright, is a personal site
    holder = owner() if not site_name or DOMAIN.match(site_name) else None
    if holder:
        return [holder]
    return [site_name] if site_name and not NOT_NAME.search(site_name) else []


def page_owner(tree: html.HtmlElement) -> str | None:
    """The person in the page's '© 2025 Jane Roe' line: on a personal site, the author of every post."""
    for text in tree.xpath("//body//text()[contains(., '©') or contains(., 'opyright')]"):
        match = COPYRIGHT.search(" ".join(text.split()))
        holder = match.group(1).strip() if match else ""
        words = holder.split()
        if 2 <= len(words) <= 3 and all(w[0].isupper() for w in words) and is_person(holder) \
                and not COMPANY.search(holder):
            return holder
    return None


def trim_byline(text: str) -> str:
    """'Jane Roe June 3, 2021' -> 'Jane Roe'; 'Eliz - Product marketer' -> 'Eliz'."""
    text = PREFIX.sub("", text)
    cut = BYLINE_END.search(text)
    return text[: cut.start()].strip() if cut else text


def segments(node: html.HtmlElement) -> list[str]:
    """The node's text cut where the page shows separate lines: block elements, <br>, or texts that touch."""
    runs: list[str] = []
    _collect(node, runs, top=True)
    return [" ".join(r.split()) for r in runs if r.strip()]


def _collect(node: html.HtmlElement, runs: list[str], top: bool = False) -> None:
    block = isinstance(node.tag, str) and node.tag in BLOCK_TAGS and not top
    if block or not runs:
        runs.append("")
    text = node.text or ""
    if text[:1].strip() and runs[-1][-1:].strip():
        runs.append("")  # an element's text glued to the word before: CSS spaces them, so they are two lines
    runs[-1] += text
    for child in node:
        if isinstance(child.tag, str):
            _collect(child, runs)
        if block or (isinstance(child.tag, str) and child.tag in BLOCK_TAGS):
            runs.append("")
        runs[-1] += child.tail or ""


def byline_text(node: html.HtmlElement) -> str:
    """The byline element's 'By X' line, else its first line that holds a name: not a lead-in, not a date."""
    lines = segments(node)
    for line in [line for line in lines if BY_LINE.match(line)] + lines:
        if LEAD_IN.search(line) or LABEL.match(line):
            continue
        # a long 'Name, Senior Director, Content & Marketing, ...' keeps the name only
        line = line.split(",")[0] if len(line) > MAX_BYLINE_CHARS else line
        if clean_authors([trim_byline(line)]):
            return line
    return ""


def _labelled(tree: html.HtmlElement) -> list[html.HtmlElement]:
    """Elements that follow a 'Written by' label, or the label's parent when the name is the text after it."""
    found = []
    for node in tree.iter("p", "span", "div", "dt", "strong", "em", "b", "h2", "h3", "h4", "h5", "h6"):
        if not LABEL.match(node.text_content() or ""):
            continue
        if (node.tail or "").strip() and node.getparent() is not None:
            found.append(node.getparent())  # '<strong>Contributors:</strong> Janet Loughrey'
        elif node.getnext() is not None:
            found.append(node.getnext())
    return found


def _by_lines(tree: html.HtmlElement) -> list[html.HtmlElement]:
    """Short elements that read 'By Jane Roe' / 'Von Jane Roe' / 'Written by Jane Roe'."""
    found = []
    for node in tree.iter(*BY_LINE_TAGS):
        text = " ".join(node.text_content().split())
        if len(text) <= MAX_BY_LINE_CHARS and BY_LINE.match(text):
            found.append(node)
    return found


def in_comments(node: html.HtmlElement) -> bool:
    """Inside the reader comments: their authors wrote no part of the article.

    <body>, <main> and <article> are left out: themes mark them 'comments-open' for the whole page.
    """
    areas = (n for n in (node, *node.iterancestors()) if n.tag not in PAGE_TAGS)
    return any(COMMENT_HINT.search(" ".join(n.get(a) or "" for a in ("class", "id"))) for n in areas)


def _under_headline(tree: html.HtmlElement) -> list[html.HtmlElement]:
    """The line right under the <h1> when it is just a name ('Aaron Ricadela | Senior Writer | July 2, 2025')."""
    heading = next(iter(tree.iter("h1")), None)
    following = (n for n in (heading.itersiblings() if heading is not None else []) if isinstance(n.tag, str))
    for node in following:
        lines = segments(node)
        if not lines:
            continue
        words = trim_byline(lines[0]).split()
        capitalised = 2 <= len(words) <= 3 and all(w[0].isupper() for w in words)
        return [node] if capitalised and len(lines[0]) <= MAX_UNDER_HEADLINE_CHARS else []
    return []


def name_list(node: html.HtmlElement) -> list[str]:
    """'<span>Birgit Baumann</span> <span>Anna Fink</span>': sibling elements alike, each a name, nothing between."""
    for parent in node.iter():
        items = [c for c in parent if isinstance(c.tag, str)]
        texts = [" ".join(c.text_content().split()) for c in items]
        alike = len({(c.tag, c.get("class")) for c in items}) == 1
        bare = not (parent.text or "").strip() and not any((c.tail or "").strip() for c in items)
        few = 1 < len(items) <= MAX_LISTED and sum(map(len, texts)) <= MAX_BY_LINE_CHARS  # not a menu
        if few and alike and bare and all(is_person(t) and not phrase_in_lower_case(t) for t in texts):
            return texts
    return []


def byline_authors(tree: html.HtmlElement) -> list[str]:
    """The name in the page's first visible byline element (not those of other articles' teasers)."""
    wrappers = headline_wrappers(tree) | set(tree.xpath(BUILDER_XPATH))

    def names_in(find: Callable[[], list[html.HtmlElement]]) -> list[str]:
        nodes = [node for node in find() if not in_foreign_area(node, wrappers) and not in_comments(node)]
        listed = name_list(nodes[0]) if nodes else []
        texts = listed or [byline_text(node) for node in nodes]
        names = clean_authors([trim_byline(t) for t in texts if 0 < len(t) <= MAX_BYLINE_CHARS])
        return [n for n in names if not phrase_in_lower_case(n)][: len(listed) or 1]

    finds = (lambda: tree.xpath(BYLINE_XPATH), lambda: _labelled(tree), lambda: tree.xpath(AUTHOR_LINK_XPATH),
             lambda: tree.xpath(BYLINE_BLOCK_XPATH), lambda: _by_lines(tree), lambda: _under_headline(tree))
    results = (names for names in map(names_in, finds) if names)
    first = next(results, [])
    if first and MONOGRAM.match(first[0]):
        # an avatar's monogram: a later byline element may spell the name out
        return next((full for full in (expand_monogram(first, names) for names in results) if full != first), first)
    return first
