"""The headline: a news entity's declared one, else the <h1> the metadata titles confirm, else a metadata title; all cleaned."""

import re
from html import unescape
from urllib.parse import urljoin, urlsplit

from ftfy import fix_encoding
from lxml import etree, html

# "·" separates only between spaces: "불발···" and "절연 ·외연" use it inside the headline;
# CJK titles join the site with a full-width bar or colon (or a Hangul "ㅣ" bar) without spaces
SEPARATOR = re.compile(r"\s+[|\-–—·•⋆:»«/~]\s+|\s+[|•⋆»«]|[|•⋆»«]\s+|\s*[｜ㅣ：]\s*")
WORD = re.compile(r"\w+")
MAX_TITLE_CHARS = 400
MIN_AGREEMENT = 0.3
MIN_COVERAGE = 0.2
MAX_SUFFIX_WORDS = 6
MAX_PIPE_SUFFIX_WORDS = 4
PIPE_SUFFIX = re.compile(r"\s\|\s[^|]+$")
SENTENCES = re.compile(r"\w[.!?]\s+[A-Z].*\w[.!?]$")
BREAK = "\x00"
BREAK_BEFORE_PUNCTUATION = re.compile(r"\x00+(?=\s*[:;,.!?])")
LINE_BREAKING = frozenset({"br", "div", "p", "li", "h2", "h3", "h4", "h5", "h6", "header", "section"})
# Search engines cut declared headlines near 110 characters; CMSs copy the cut value into JSON-LD/meta.
TRUNCATED_MIN_CHARS = 100

ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z]+\d*);", re.I)
MAX_UNESCAPES = 3
MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
# asterisks only: underscores belong to code names ("__init__") that tech headlines quote
MARKDOWN_EMPHASIS = re.compile(r"(?<![\w*])(\*{1,2})(?=\S)(.+?)(?<=\S)\1(?![\w*])")
DANGLING = re.compile(r"(?:\s*[|•⋆]|\s+[-–—:/~·])+\s*$")

MONTH_DATE = r"[A-Z][a-z]{2,8}\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}"
DAY_DATE = r"\d{1,2}\.? [A-Z][a-z]{2,8}\.? \d{4}"
NUMERIC_DATE = r"\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4}"
DATE = f"(?:{MONTH_DATE}|{DAY_DATE}|{NUMERIC_DATE})"
CHROME_PREFIX = re.compile(rf"^(?:\w+:\s*|{DATE}\s+)")
CHROME_SUFFIX = re.compile(rf"(?:\s+(?:posted|published|updated|written)\b.*|\s*\([\w.-]+\.[a-z]{{2,}}\)\s*\d*|\s+{DATE})$",
                           re.I)


def _unescape_all(text: str) -> str:
    """Decode entities, also those a CMS escaped twice ("&amp;#8230;")."""
    for _ in range(MAX_UNESCAPES):
        if not ENTITY.search(text):
            break
        text = unescape(text)
    return text


def clean(text: str) -> str:
    """A title without escaped entities, mojibake, markdown markers or a dangling separator."""
    text = fix_encoding(" ".join(_unescape_all(text).split()))  # UTF-8 read as cp1252: "Investorâ€™s"
    text = MARKDOWN_EMPHASIS.sub(r"\2", MARKDOWN_HEADING.sub("", text))
    return DANGLING.sub("", text).strip()


def _words(text: str) -> set[str]:
    return {w.casefold() for w in WORD.findall(text)}


def agreement(candidate: str, reference: str) -> float:
    """Share of the candidate's words found in the reference title."""
    words = _words(candidate)
    return len(words & _words(reference)) / len(words) if words else 0.0


def squash(text: str) -> str:
    """The text lower-cased with only its word characters: how names and titles are compared."""
    return "".join(WORD.findall(text.casefold()))


def names_site(part: str, site_name: str | None, url: str) -> bool:
    squashed = squash(part)
    if not squashed:
        return True
    host = urlsplit(url).hostname or ""
    labels = [label for label in host.split(".") if len(label) > 3 and label not in ("www", "com")]
    if any(label.replace("-", "") in squashed or squashed in label.replace("-", "") for label in labels):
        return True
    site = squash(site_name or "")
    return bool(site) and (site in squashed or squashed in site)


def _strip_whole_site_name(title: str, site_name: str | None) -> str:
    """Drop a " | Site" suffix whose site name itself contains a separator ("Gym | Open 24/7 in PA")."""
    if not site_name or not SEPARATOR.search(site_name):
        return title
    match = re.search(r"^(.*\S)\s*[|\-–—·•:»]\s*" + re.escape(site_name) + "$", title, re.I)
    return match.group(1) if match else title


def _strip_leading_host(title: str, url: str) -> str:
    """Drop a leading bare domain ("example.com Headline"): branding glued on without a separator."""
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    if "." not in host:
        return title
    return re.sub(r"^(?:www\.)?" + re.escape(host) + r"\s+(?=\w)", "", title, flags=re.I)


def strip_site(title: str, site_name: str | None, url: str) -> str:
    """Drop leading/trailing " | Site" parts that name the site."""
    title = _strip_leading_host(_strip_whole_site_name(title, site_name), url)
    parts = SEPARATOR.split(title)
    while len(parts) > 1 and len(parts[-1].split()) <= MAX_SUFFIX_WORDS and names_site(parts[-1], site_name, url):
        parts.pop()
    # "Headline | A site that tells you things. Since 1999.": several sentences after a bar are a tagline
    if len(parts) > 1 and PIPE_SUFFIX.search(_rejoin(title, parts)) and SENTENCES.search(parts[-1]):
        parts.pop()
    # "Headline | Section" (or "Headline | Section | Site"): a short last pipe part is a section label
    if len(parts) > 1 and PIPE_SUFFIX.search(_rejoin(title, parts)) and len(parts[-1].split()) <= MAX_PIPE_SUFFIX_WORDS:
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


def _text(element: html.HtmlElement) -> str:
    """Text content where a <br> or block child breaks the line, so "WEEKEND<br>CODING" stays two words."""
    pieces = []
    for event, node in etree.iterwalk(element, events=("start", "end")):
        if not isinstance(node.tag, str):  # comments and processing instructions: only their tail is text
            pieces.append(node.tail or "" if event == "end" else "")
            continue
        if node is not element and node.tag in LINE_BREAKING:
            pieces.append(BREAK)
        if event == "start":
            pieces.append(node.text or "")
        elif node is not element:
            pieces.append(node.tail or "")
    # a kicker block followed by ": " keeps "Kicker: Headline"
    return BREAK_BEFORE_PUNCTUATION.sub("", "".join(pieces)).replace(BREAK, " ")


def _links_away(heading: html.HtmlElement, url: str) -> bool:
    """The heading is a link to another page, as a teaser's is: most of its text sits in an <a> elsewhere."""
    here = _page_key(url)
    text = len(" ".join(heading.text_content().split()))
    for link in heading.iter("a"):
        href = (link.get("href") or "").strip()
        if href and not href.startswith("#") and _page_key(urljoin(url, href)) != here \
                and 2 * len(" ".join(link.text_content().split())) > text:
            return True
    return False


def _page_key(url: str) -> str:
    """A URL as the same page: without scheme, "www.", query, fragment or trailing slash."""
    parts = urlsplit(url)
    return (parts.hostname or "").removeprefix("www.") + parts.path.rstrip("/")


def headings(tree: html.HtmlElement, url: str | None = None) -> list[str]:
    """Texts of the page's <h1> elements; given the page's URL, not those that link to another page."""
    found = (h for h in tree.xpath("//h1") if url is None or not _links_away(h, url))
    texts = [" ".join(_text(h).split()) for h in found]
    return [t for t in texts if t and len(t) <= MAX_TITLE_CHARS]


def _unbalanced(text: str) -> bool:
    return text.count("(") > text.count(")") or text.count("[") > text.count("]")


def truncated(title: str, others: list[str]) -> bool:
    """A long or mid-bracket title that another source continues was cut by a length limit."""
    if len(title) < TRUNCATED_MIN_CHARS and not _unbalanced(title):
        return False
    return any(len(other) > len(title) and other.startswith(title) for other in others)


def strip_chrome(heading: str) -> str:
    """The heading without a leading "Label:" or date, or a trailing byline, date or "(source.com) 12"."""
    return CHROME_SUFFIX.sub("", CHROME_PREFIX.sub("", heading)).strip()


def garbled_match(heading: str, reference: str) -> bool:
    """The heading is the reference with "?" standing in for characters the page failed to encode."""
    if "?" not in heading or reference.count("?") >= heading.count("?"):
        return False
    pattern = ".{1,3}".join(re.escape(piece) for piece in heading.split("?"))
    return re.fullmatch(pattern, reference, re.S) is not None


def _cleaned_headings(tree: html.HtmlElement, references: list[str], site_name: str | None, url: str) -> list[str]:
    cleaned = (strip_site(clean(h), site_name, url) for h in headings(tree, url))
    return [h for h in cleaned if h and not is_masthead(h, references, site_name, url)]


def is_masthead(heading: str, references: list[str], site_name: str | None, url: str) -> bool:
    """The h1 is the site's name, as in a logo, not a headline that mentions the site."""
    squashed = squash(heading)
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    names = [squash(site_name or ""), *(squash(label) for label in host.split(".")[:-1] if len(label) > 3)]
    if not squashed or squash(host) == squashed or any(name and squashed in name for name in names):
        return True
    # "Site Blog" in an h1 while the <title> reads "Site Blog: Headline"
    affix = any(squash(ref) != squashed and (squash(ref).startswith(squashed) or squash(ref).endswith(squashed))
                for ref in references)
    return affix and names_site(heading, site_name, url)


def _score(heading: str, references: list[str]) -> float:
    """Best agreement with a reference the heading also covers: a one-word section h1 inside a long title is not it."""
    return max((agreement(heading, ref) for ref in references if agreement(ref, heading) >= MIN_COVERAGE),
               default=0.0)


def best_heading(tree: html.HtmlElement, references: list[str], site_name: str | None, url: str) -> str | None:
    """The first h1 agreeing most with the metadata titles, if it agrees enough."""
    best, best_score = None, 0.0
    for heading in _cleaned_headings(tree, references, site_name, url):
        score = _score(heading, references)
        if score > best_score:
            best, best_score = heading, score
    return best if best_score >= MIN_AGREEMENT else None


def metadata_spelling(heading: str, references: list[str]) -> str | None:
    """The metadata title the heading stands for, when the h1 is that title in other spelling or with page chrome."""
    same = [ref for ref in references if squash(ref) == squash(heading)]
    if same:
        # the metadata spelling keeps a kicker's punctuation that the h1's markup may lose
        return heading if heading in same else same[0]
    bare = squash(strip_chrome(heading))
    return next((ref for ref in references if squash(ref) == bare or garbled_match(heading, ref)), None)


def choose_title(tree: html.HtmlElement, meta_titles: list[str | None], site_name: str | None, url: str,
                 news_headline: str | None = None) -> str | None:
    """A news entity's declared headline; else the h1 that best agrees with the metadata titles; else metadata."""
    references = [r for r in (strip_site(clean(t), site_name, url) for t in meta_titles if t) if r]
    declared = strip_site(clean(news_headline or ""), site_name, url)
    if declared:
        fuller = references + [strip_site(clean(h), site_name, url) for h in headings(tree)]
        return next((t for t in fuller if truncated(declared, [t])), declared)
    references = [r for r in references if not truncated(r, references)]
    heading = best_heading(tree, references, site_name, url)
    if heading:
        return metadata_spelling(heading, references) or heading
    return references[0] if references else None
