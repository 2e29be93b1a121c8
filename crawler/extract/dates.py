"""Publication and modification dates: normalised to ISO 8601, time zone kept, checked for sanity."""

import re
import warnings
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from typing import Any

from dateutil import parser as dateutil_parser
from dateutil.parser import UnknownTimezoneWarning
from lxml import html

EARLIEST_YEAR = 1995
FUTURE_TOLERANCE = timedelta(days=1)
DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
UNIX_SECONDS = re.compile(r"^\d{9,10}$")
UNIX_MILLIS = re.compile(r"^\d{12,13}$")
TIME_XPATH = ("//time[@itemprop='datePublished' or @pubdate or contains(@class, 'publish') "
              "or contains(@class, 'entry-date') or contains(@class, 'post-date')]/@datetime")


def fetch_time(fetched_at: str | datetime) -> datetime:
    """The fetch time as an aware datetime (UTC when no zone is given)."""
    moment = fetched_at if isinstance(fetched_at, datetime) else datetime.fromisoformat(
        fetched_at.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _parse(raw: str) -> datetime | date | None:
    raw = raw.strip()
    if UNIX_SECONDS.match(raw) or UNIX_MILLIS.match(raw):
        seconds = int(raw) / (1000 if len(raw) > 10 else 1)
        return datetime.fromtimestamp(seconds).astimezone()
    if DATE_ONLY.match(raw):
        return date.fromisoformat(raw)
    try:
        return datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        pass
    with warnings.catch_warnings():
        warnings.simplefilter("error", UnknownTimezoneWarning)
        try:
            return dateutil_parser.parse(raw, fuzzy=False)
        except UnknownTimezoneWarning:
            return _parse_ignoring_zone(raw)
        except (ValueError, OverflowError):
            return None


def _parse_ignoring_zone(raw: str) -> datetime | None:
    try:
        return dateutil_parser.parse(raw, fuzzy=False, ignoretz=True)
    except (ValueError, OverflowError):
        return None


def normalise(raw: str | None, fetched_at: datetime) -> str | None:
    """ISO 8601 text of a page date, or None when unreadable, too old, or after the fetch."""
    if not raw:
        return None
    value = _parse(raw)
    if value is None or value.year < EARLIEST_YEAR:
        return None
    day = value.date() if isinstance(value, datetime) else value
    if day > (fetched_at + FUTURE_TOLERANCE).date():
        return None
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds") if value.microsecond == 0 else value.isoformat()
    return value.isoformat()


def first_valid(candidates: list[str | None], fetched_at: datetime) -> str | None:
    """The first candidate that normalises."""
    for raw in candidates:
        value = normalise(raw, fetched_at)
        if value:
            return value
    return None


def _first_value(tree: html.HtmlElement, xpath: str) -> str | None:
    values = tree.xpath(xpath)
    return str(values[0]) if values else None


def time_element(tree: html.HtmlElement) -> str | None:
    """datetime attribute of a publication <time> element."""
    return _first_value(tree, TIME_XPATH)


MONTHS = {
    **{m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                   "september", "october", "november", "december"], 1)},
    **{m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                   "nov", "dec"], 1)},
    "sept": 9, "januar": 1, "februar": 2, "märz": 3, "mai": 5, "juni": 6, "juli": 7, "oktober": 10,
    "dezember": 12, "janvier": 1, "février": 2, "mars": 3, "avril": 4, "juin": 6, "juillet": 7, "août": 8,
    "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12, "enero": 1, "febrero": 2, "marzo": 3,
    "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8, "septiembre": 9, "octubre": 10,
    "noviembre": 11, "diciembre": 12,
    **{m: i for i, m in enumerate(["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio",
                                   "agosto", "settembre", "ottobre", "novembre", "dicembre"], 1)},
    **{m: i for i, m in enumerate(["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
                                   "september", "oktober", "november", "december"], 1)},
    **{m: i for i, m in enumerate(["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho",
                                   "agosto", "setembro", "outubro", "novembro", "dezembro"], 1)},
    "jänner": 1,
}
MONTH_NAME = "|".join(sorted(MONTHS, key=len, reverse=True))
VISIBLE_DATE = re.compile(
    rf"(?P<iso>(?P<iy>(?:19|20)\d\d)-(?P<im>\d\d)-(?P<id>\d\d))"
    rf"|(?P<dmy>\b(?P<dd>\d{{1,2}})\.\s?(?P<dm>\d{{1,2}})\.\s?(?P<dy>(?:19|20)\d\d))"
    rf"|(?P<mdy>\b(?P<mm>{MONTH_NAME})\.?\s+(?P<md>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<my>(?:19|20)\d\d))"
    rf"|(?P<slash>\b(?P<sa>\d{{1,2}})/(?P<sb>\d{{1,2}})/(?P<sy>(?:19|20)\d\d))"
    rf"|(?P<dmy2>\b(?P<nd>\d{{1,2}})(?:st|nd|rd|th)?\.?\s+(?:de\s+)?(?P<nm>{MONTH_NAME})\.?,?\s+(?:de\s+)?(?P<ny>(?:19|20)\d\d))",
    re.I)
MONTH_FIRST_LANGS = {"en", "en-us"}
WINDOW_BEFORE = 300
WINDOW_AFTER = 1000
DAY_CHARS = len("2024-01-31")
# Words that mark a shown date as a revision rather than the first publication.
UPDATE_MARK = re.compile(r"(updat|modif|revis|reviewed|edited|aktualisiert|geändert|actualiz|mis à jour|"
                         r"modifié|aggiornat|bijgewerkt|atualizad)\w*(?:\W+(?:on|am|le|el|il|op|em))?\W*$", re.I)
# "Available until 6 May": an expiry, not a publication.
EXPIRY_MARK = re.compile(r"\b(?:until|till|expires?|expiry|valid|bis|verfügbar|hasta|jusqu'au|fino al|tot)\W*$", re.I)
MARK_CHARS = 30
# A date inside running prose ("On 3 May the council met ...") is a mention, not the page's date label.
PROSE_WORD = re.compile(r"\b[a-zäöüéèàíóúñç]{3,}\b")
PROSE_WORDS = 4
BLOCK_TAGS = {"p", "li", "blockquote", "dd"}
BLOCK_CHARS = 400  # longer "blocks" are layout containers, not one sentence
BLOCK_DEPTH = 3
TEXT_XPATH = "//body//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::noscript)]"


@dataclass(frozen=True)
class Shown:
    """A calendar day the page shows near its headline, and whether it is labelled as an update."""

    day: date
    updated: bool
    before_headline: bool = False
    other_reading: date | None = None  # 09.10.2024 may be 10 September or 9 October


def _other_reading(match: re.Match[str], day: date) -> date | None:
    """The day-month swap of an all-numeric date whose two fields could each be the month."""
    if not (match["dmy"] or match["slash"]) or day.day > 12 or day.day == day.month:
        return None
    return date(day.year, day.day, day.month)


def agreeing_reading(shown: Shown, declared_days: set[date]) -> Shown:
    """An ambiguous numeric date read the way the page's declared dates confirm."""
    if shown.other_reading in declared_days and shown.day not in declared_days:
        return replace(shown, day=shown.other_reading, other_reading=shown.day)
    return shown


def _day(match: re.Match[str], month_first: bool = False) -> date | None:
    groups = match.groupdict()
    try:
        if groups["slash"]:
            first_, second = int(groups["sa"]), int(groups["sb"])
            month, day = (first_, second) if (month_first and first_ <= 12) or second > 12 else (second, first_)
            return date(int(groups["sy"]), month, day)
        if groups["iso"]:
            return date(int(groups["iy"]), int(groups["im"]), int(groups["id"]))
        if groups["dmy"]:
            return date(int(groups["dy"]), int(groups["dm"]), int(groups["dd"]))
        if groups["mdy"]:
            return date(int(groups["my"]), MONTHS[groups["mm"].lower()], int(groups["md"]))
        return date(int(groups["ny"]), MONTHS[groups["nm"].lower()], int(groups["nd"]))
    except (ValueError, KeyError):
        return None


def _block_text(text: str, holder: html.HtmlElement) -> str:
    """Text of the paragraph-like element holding a text node, else the text node alone."""
    element = holder
    for _ in range(BLOCK_DEPTH):
        if element.tag in BLOCK_TAGS:
            content = element.text_content()
            return content if len(content) <= BLOCK_CHARS else text
        element = element.getparent()
        if element is None:
            break
    return text


def _prose(text: str) -> bool:
    return len(PROSE_WORD.findall(VISIBLE_DATE.sub(" ", text))) >= PROSE_WORDS


def _mention(text: str, holder: html.HtmlElement) -> bool:
    """A date in running prose, in a caption ("On 3 May the council met ...") or in a link that also holds
    another article's headline is not the page's own date."""
    if holder.xpath("ancestor-or-self::figure or ancestor-or-self::figcaption"):
        return True
    link = holder if holder.tag == "a" else next(holder.iterancestors("a"), None)
    if link is not None and _prose(link.text_content()):
        return True
    return _prose(_block_text(text, holder))


def _holder(text: Any) -> html.HtmlElement:
    """The element a text node belongs to (a tail belongs to its element's parent)."""
    element = text.getparent()
    return element.getparent() if text.is_tail and element.getparent() is not None else element


def _window_nodes(tree: html.HtmlElement) -> list[tuple[str, html.HtmlElement, bool]]:
    """Text nodes around the first <h1> (300 characters before, 1000 after): where pages show their date."""
    nodes = [(str(t), _holder(t)) for t in tree.xpath(TEXT_XPATH)]
    heading = next(iter(tree.iter("h1")), None)
    in_heading = set(heading.iter()) if heading is not None else set()
    index = next((i for i, (t, holder) in enumerate(nodes) if t.strip() and holder in in_heading), 0)
    start, chars = index, 0
    while start > 0 and chars < WINDOW_BEFORE:
        start -= 1
        chars += len(nodes[start][0].strip())
    end, chars = index, 0
    while end < len(nodes) and chars < WINDOW_AFTER:
        chars += len(nodes[end][0].strip())
        end += 1
    return [(text, holder, i < index) for i, (text, holder) in enumerate(nodes[start:end], start)]


def writes_month_first(tree: html.HtmlElement) -> bool:
    """Whether 03/01/2017 means March 1: American English (or English with no region) writes the month first."""
    lang = (tree.get("lang") or "").strip().lower().replace("_", "-")
    return lang in MONTH_FIRST_LANGS


def shown_dates(tree: html.HtmlElement, fetched_at: datetime) -> list[Shown]:
    """Days written as date labels near the headline, in page order (dates inside prose are left out)."""
    limit = (fetched_at + FUTURE_TOLERANCE).date()
    month_first = writes_month_first(tree)
    found: list[Shown] = []
    before = ""
    for text, parent, before_headline in _window_nodes(tree):
        text = " ".join(text.split())
        for match in VISIBLE_DATE.finditer(text):
            day = _day(match, month_first)
            lead = (before + " " + text[:match.start()])[-MARK_CHARS:]
            if day and EARLIEST_YEAR <= day.year and day <= limit and not EXPIRY_MARK.search(lead) \
                    and not _mention(text, parent):
                found.append(Shown(day, bool(UPDATE_MARK.search(lead)), before_headline, _other_reading(match, day)))
        before = (before + " " + text)[-MARK_CHARS:]
    return found


def visible_days(tree: html.HtmlElement, fetched_at: datetime) -> list[date]:
    """Calendar days shown near the headline, in page order."""
    return [s.day for s in shown_dates(tree, fetched_at)]


URL_DAY = re.compile(rf"/(?P<y>(?:19|20)\d\d)(?P<sep>[/-])(?P<m>0?[1-9]|1[0-2]|{MONTH_NAME})(?P=sep)"
                     r"(?P<d>0?[1-9]|[12]\d|3[01])(?P<after>[/._?#-]|$)", re.I)
OG_PUBLISHED_XPATH = ("//meta[@property='article:published_time' or @name='article:published_time' "
                      "or @property='og:article:published_time']/@content")
ONE_DAY = timedelta(days=1)
TEASER_DAYS = 3


def url_day(url: str) -> date | None:
    """The publication day a URL path carries (/2024/05/01/..., /2024-05-01-slug), if any."""
    for match in URL_DAY.finditer(url or ""):
        if match["after"] == "-" and match["sep"] == "/":
            continue  # /2024/05/10-best-laptops: the 10 belongs to the slug
        month = int(match["m"]) if match["m"].isdigit() else MONTHS.get(match["m"].lower())
        try:
            return date(int(match["y"]), month, int(match["d"])) if month else None
        except ValueError:
            return None
    return None


def og_published(tree: html.HtmlElement) -> str | None:
    """OpenGraph article:published_time: set once when the article is first published."""
    return _first_value(tree, OG_PUBLISHED_XPATH)


def _day_of(value: str) -> date:
    return date.fromisoformat(value[:DAY_CHARS])


def _on_day(day: date, candidates: list[str | None]) -> str:
    """A candidate falling on the day (its time and zone kept), else the bare day."""
    return next((c for c in candidates if c and _day_of(c) == day), day.isoformat())


def _page_dates(shown: list[Shown]) -> list[Shown]:
    """Shown dates that can be the page's own: those below the headline first (a date above it may be today's
    masthead), and neither side kept when it holds several different days (a list of teasers)."""
    below = [s for s in shown if not s.before_headline]
    above = [s for s in shown if s.before_headline]
    return [s for side in (below, above) if len({s.day for s in side}) < TEASER_DAYS for s in side]


def _from_labels(explicit: str | None, stated: str | None, guess: str | None, shown: list[Shown],
                 candidates: list[str | None]) -> str | None:
    """Whom to trust, most first: og article:published_time (written once, at publication), unless the page
    shows a day well before it (the tag was rewritten on an edit); then the day the page shows as its date,
    above JSON-LD and other declarations that SEO plugins often refresh; then a shown later update; then the
    declared date; then the guess."""
    shown = _page_dates(shown)
    plain = next((s.day for s in shown if not s.updated), None)
    update = next((s.day for s in shown if s.updated), None)
    if explicit:
        return _on_day(plain, candidates) if plain and plain < _day_of(explicit) - ONE_DAY else explicit
    if plain:
        return _on_day(plain, candidates)
    base = stated or guess
    if update and (not base or update > _day_of(base)):
        return _on_day(update, candidates)
    return base


def choose_published(declared: list[str | None], guessed: str | None, tree: html.HtmlElement,
                     fetched_at: datetime, url: str = "", news_date: str | None = None,
                     shown: list[Shown] | None = None) -> str | None:
    """The publication date: see _from_labels for the order of trust; a day in the URL has the last word.

    `news_date` is the datePublished of a news entity (NewsArticle and kin): newsroom systems write it at
    publication, so it is trusted like og article:published_time. `shown` is shown_dates(tree, fetched_at)
    when the caller already has it.
    """
    explicit = normalise(og_published(tree), fetched_at) or normalise(news_date, fetched_at)
    normalised = [normalise(raw, fetched_at) for raw in declared]
    stated = next((v for v in normalised if v), None)
    guess = normalise(guessed, fetched_at)
    candidates = [explicit, *normalised, guess]
    declared_days = {_day_of(c) for c in (explicit, *normalised) if c}
    if shown is None:
        shown = shown_dates(tree, fetched_at)
    shown = [agreeing_reading(s, declared_days) for s in shown]
    published = _from_labels(explicit, stated, guess, shown, candidates)
    in_url = url_day(url)
    if in_url and (published is None or _day_of(published) != in_url):
        return _on_day(in_url, candidates)
    return published
