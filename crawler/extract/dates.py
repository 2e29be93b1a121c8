"""Publication and modification dates: normalised to ISO 8601, time zone kept, checked for sanity."""

import re
import warnings
from datetime import date, datetime, timedelta, timezone

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


def time_element(tree: html.HtmlElement) -> str | None:
    """datetime attribute of a publication <time> element."""
    values = tree.xpath(TIME_XPATH)
    return str(values[0]) if values else None


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
}
MONTH_NAME = "|".join(sorted(MONTHS, key=len, reverse=True))
VISIBLE_DATE = re.compile(
    rf"(?P<iso>(?P<iy>(?:19|20)\d\d)-(?P<im>\d\d)-(?P<id>\d\d))"
    rf"|(?P<dmy>\b(?P<dd>\d{{1,2}})\.\s?(?P<dm>\d{{1,2}})\.\s?(?P<dy>(?:19|20)\d\d))"
    rf"|(?P<mdy>\b(?P<mm>{MONTH_NAME})\.?\s+(?P<md>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<my>(?:19|20)\d\d))"
    rf"|(?P<dmy2>\b(?P<nd>\d{{1,2}})(?:st|nd|rd|th)?\.?\s+(?:de\s+)?(?P<nm>{MONTH_NAME})\.?,?\s+(?:de\s+)?(?P<ny>(?:19|20)\d\d))",
    re.I)
WINDOW_BEFORE = 300
WINDOW_AFTER = 700
DAY_CHARS = len("2024-01-31")


def _day(match: re.Match[str]) -> date | None:
    groups = match.groupdict()
    try:
        if groups["iso"]:
            return date(int(groups["iy"]), int(groups["im"]), int(groups["id"]))
        if groups["dmy"]:
            return date(int(groups["dy"]), int(groups["dm"]), int(groups["dd"]))
        if groups["mdy"]:
            return date(int(groups["my"]), MONTHS[groups["mm"].lower()], int(groups["md"]))
        return date(int(groups["ny"]), MONTHS[groups["nm"].lower()], int(groups["nd"]))
    except (ValueError, KeyError):
        return None


def headline_window(tree: html.HtmlElement) -> str:
    """Visible text around the first <h1>: where pages show their date."""
    texts = [str(t) for t in tree.xpath("//body//text()[not(ancestor::script) and not(ancestor::style)]")]
    heading = next(iter(tree.iter("h1")), None)
    start_node = next(iter(heading.xpath(".//text()")), None) if heading is not None else None
    index = next((i for i, t in enumerate(texts) if start_node is not None and t == start_node), 0)
    before = " ".join(" ".join(texts[:index]).split())[-WINDOW_BEFORE:]
    after = " ".join(" ".join(texts[index:]).split())[:WINDOW_AFTER]
    return f"{before} {after}".strip()


def visible_days(tree: html.HtmlElement, fetched_at: datetime) -> list[date]:
    """Calendar days written near the headline, in page order."""
    days = [_day(m) for m in VISIBLE_DATE.finditer(headline_window(tree))]
    limit = (fetched_at + FUTURE_TOLERANCE).date()
    return [d for d in days if d and EARLIEST_YEAR <= d.year and d <= limit]


def choose_published(declared: list[str | None], guessed: str | None, tree: html.HtmlElement,
                     fetched_at: datetime) -> str | None:
    """The declared date, unless the page shows a later day near its headline (an update it displays)."""
    published = first_valid(declared, fetched_at) or normalise(guessed, fetched_at)
    shown = [d.isoformat() for d in visible_days(tree, fetched_at)]
    if not shown or (published and (published[:DAY_CHARS] in shown or shown[0] < published[:DAY_CHARS])):
        return published  # an earlier shown day is a date mentioned in the text
    candidates = [normalise(raw, fetched_at) for raw in [*declared, guessed]]
    return next((c for c in candidates if c and c[:DAY_CHARS] == shown[0]), shown[0])
