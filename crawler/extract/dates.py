"""Publication and modification dates: normalised to ISO 8601, time zone kept, checked for sanity."""

import re
from datetime import date, datetime, timedelta, timezone

from dateutil import parser as dateutil_parser
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
    try:
        return dateutil_parser.parse(raw, fuzzy=False)
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
