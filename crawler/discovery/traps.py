"""Crawler traps: URLs that would lead a link-following crawl on forever, recognised by shape.

Each check is a pure function of URLs; the spider counts what they refuse
(`newsarchive/trap/<name>` in the crawl stats).
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import parse_qsl, urlsplit

MAX_URL_LENGTH = 2048
# A path segment seen this often, or a run of segments repeated back to back, is a loop
# (`/a/b/a/b/`: relative links resolved against themselves).
MAX_SEGMENT_REPEATS = 3
MAX_REPEATED_RUN = 3
PAGINATION_PATH_RE = re.compile(r"/(?:page|p|seite|pagina|pag)/(\d+)/?$", re.I)
PAGINATION_PARAMS = ("page", "p", "pg", "paged", "pagenum", "start", "offset")
# Date archives and calendars: a path that ends in a year and month (and day), nothing after.
CALENDAR_PATH_RE = re.compile(
    r"/(?:(?:calendar|archive|archives|kalender|archiv|date)/)?"
    r"(?:19|20|21)\d{2}/(?:0?[1-9]|1[0-2])(?:/(?:0?[1-9]|[12]\d|3[01]))?/?$", re.I)
CALENDAR_PREFIX_RE = re.compile(r"/(?:calendar|kalender)/", re.I)
CALENDAR_PARAMS = ("date", "day", "month", "year", "cal", "calendar")


def too_long(url: str, limit: int = MAX_URL_LENGTH) -> bool:
    return len(url) > limit


def repeated_segments(url: str) -> bool:
    """The path repeats one segment too often, or a run of segments back to back."""
    segments = [s for s in urlsplit(url).path.split("/") if s]
    if not segments:
        return False
    if Counter(segments).most_common(1)[0][1] >= MAX_SEGMENT_REPEATS:
        return True
    for size in range(1, MAX_REPEATED_RUN + 1):
        for start in range(len(segments) - 2 * size + 1):
            run = segments[start:start + size]
            if run == segments[start + size:start + 2 * size] and (size > 1 or len(run[0]) > 2):
                return True
    return False


def page_number(url: str) -> int | None:
    """The page number of a paginated listing (`/page/7/`, `?page=7`), else None."""
    parts = urlsplit(url)
    match = PAGINATION_PATH_RE.search(parts.path)
    if match:
        return int(match.group(1))
    for key, value in parse_qsl(parts.query):
        if key.lower() in PAGINATION_PARAMS and value.isdigit():
            return int(value)
    return None


def is_calendar(url: str) -> bool:
    """A date archive or calendar page (`/2025/05/`, `/calendar/2025/05/`, `?date=2025-05`)."""
    parts = urlsplit(url)
    if CALENDAR_PATH_RE.search(parts.path) or CALENDAR_PREFIX_RE.search(parts.path):
        return True
    return any(k.lower() in CALENDAR_PARAMS and re.search(r"\d{4}", v)
               for k, v in parse_qsl(parts.query))


def calendar_chain(url: str, referer: str | None) -> bool:
    """A calendar page linked from a calendar page: the walk through endless months."""
    return referer is not None and is_calendar(url) and is_calendar(referer)
