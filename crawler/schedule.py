"""Crawl scheduling policy: when a site is due, and when each known article is revisited.

Pure functions and frozen values; the time is always passed in (`now`), never read here.

An article is revisited often while it is fresh and less and less as it stays unchanged: its
*quiet age* (time since its last change, or since it was first seen) picks a tier of the revisit
policy. A change resets the quiet age, so the article is revisited often again. Past the last
tier an article is no longer revisited (unless the policy says `after`). A discovery hint (a
news-sitemap `lastmod`, a feed's updated date) newer than the last visit makes it due at once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any

__all__ = [
    "DEFAULT_POLICY",
    "RevisitPolicy",
    "ScheduleError",
    "SiteSchedule",
    "Tier",
    "article_next_visit",
    "format_duration",
    "hint_time",
    "parse_duration",
]

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
_DURATION_RE = re.compile(r"(\d+(?:\.\d+)?)\s*([smhdw])")
# Policy keys that are not age bounds.
AFTER_KEY = "after"
NEVER = ("never", "stop", "no")
# Discovery hints that say when an article last changed, newest wins (see crawler/discovery).
HINT_KEYS = ("lastmod", "feed_updated", "feed_published", "news_publication_date")


class ScheduleError(ValueError):
    """A schedule or revisit policy that cannot be used; `field` names the offending key."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def parse_duration(value: str | int | float, field: str = "duration") -> timedelta:
    """`"15m"`, `"1h30m"`, `"2d"`, `"1w"`, or a number of seconds, as a positive timedelta."""
    if isinstance(value, bool):
        raise ScheduleError(field, f"expected a duration, got {value!r}")
    if isinstance(value, (int, float)):
        seconds = float(value)
    elif isinstance(value, str):
        text = value.strip().lower().replace(" ", "")
        if re.fullmatch(r"\d+(?:\.\d+)?", text):
            seconds = float(text)
        elif text and _DURATION_RE.sub("", text) == "":
            seconds = sum(float(n) * _UNITS[u] for n, u in _DURATION_RE.findall(text))
        else:
            raise ScheduleError(field, f"not a duration: {value!r} (use e.g. 30s, 15m, 3h, 1d, 1w)")
    else:
        raise ScheduleError(field, f"expected a duration, got {type(value).__name__}")
    if seconds <= 0:
        raise ScheduleError(field, f"duration must be positive, got {value!r}")
    return timedelta(seconds=seconds)


def format_duration(delta: timedelta) -> str:
    """The shortest exact rendering: 900 s -> "15m", 90000 s -> "1d1h"."""
    seconds = int(delta.total_seconds())
    if seconds <= 0:
        return "0s"
    parts = []
    for unit, size in (("w", 604800), ("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(f"{count}{unit}")
    return "".join(parts)


# ---- articles ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tier:
    """While an article has been quiet for less than `under`, revisit it `every` so often."""

    under: timedelta
    every: timedelta


@dataclass(frozen=True)
class RevisitPolicy:
    """Revisit intervals by quiet age; past the last tier `after` (None: stop revisiting)."""

    tiers: tuple[Tier, ...]
    after: timedelta | None = None

    def __post_init__(self) -> None:
        if not self.tiers and self.after is None:
            raise ScheduleError("revisit", "the policy needs at least one tier or `after`")
        bounds = [t.under for t in self.tiers]
        if bounds != sorted(bounds) or len(set(bounds)) != len(bounds):
            raise ScheduleError("revisit", "age bounds must be distinct and increasing")

    @classmethod
    def from_table(cls, table: Mapping[str, str | int] | None) -> RevisitPolicy:
        """A site's `revisit` table: `"3h" = "15m"` (under 3 h quiet: every 15 min), ...,
        and optionally `after = "30d"` or `"never"` (the default) past the last bound.

        An empty or missing table is the default policy.
        """
        if not table:
            return DEFAULT_POLICY
        tiers, after = [], None
        for key, value in table.items():
            if str(key).strip().lower() == AFTER_KEY:
                if isinstance(value, str) and value.strip().lower() in NEVER:
                    continue
                after = parse_duration(value, f"revisit.{key}")
                continue
            under = parse_duration(key, f"revisit.{key}")
            tiers.append(Tier(under=under, every=parse_duration(value, f"revisit.{key}")))
        return cls(tiers=tuple(sorted(tiers, key=lambda t: t.under)), after=after)

    def interval(self, quiet_age: timedelta) -> timedelta | None:
        """How long to wait before the next visit of an article quiet for `quiet_age`."""
        for tier in self.tiers:
            if quiet_age < tier.under:
                return tier.every
        return self.after

    def describe(self) -> str:
        text = ", ".join(f"every {format_duration(t.every)} under {format_duration(t.under)}"
                         for t in self.tiers)
        tail = f"then every {format_duration(self.after)}" if self.after else "then stop"
        return f"{text}, {tail}" if text else tail


DEFAULT_POLICY = RevisitPolicy(
    tiers=(
        Tier(timedelta(hours=3), timedelta(minutes=15)),
        Tier(timedelta(days=1), timedelta(hours=1)),
        Tier(timedelta(days=7), timedelta(days=1)),
        Tier(timedelta(days=30), timedelta(days=7)),
    )
)


def article_next_visit(
    policy: RevisitPolicy,
    *,
    last_visit: datetime | None,
    last_change: datetime,
    hinted: datetime | None = None,
) -> datetime | None:
    """When to visit an article next; None when the policy has stopped revisiting it.

    `last_visit`: the last fetch of the article (None: never, so due at once);
    `last_change`: when its latest version was captured (its first-seen time if it has none);
    `hinted`: the newest change a discovery source announced for it.
    """
    if last_visit is None:
        return last_change
    if hinted is not None and hinted > last_visit:
        return hinted  # announced change after our last look: to the front
    interval = policy.interval(max(last_visit - last_change, timedelta(0)))
    return None if interval is None else last_visit + interval


def hint_time(hints: Mapping[str, Any] | None) -> datetime | None:
    """The newest change time a discovery source gave for a URL (sitemap lastmod, feed dates)."""
    found = [t for t in (_parse_time(str((hints or {}).get(k) or "")) for k in HINT_KEYS) if t]
    return max(found, default=None)


def _parse_time(text: str) -> datetime | None:
    text = text.strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


# ---- sites ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SiteSchedule:
    """When a site is crawled (discovery and due revisits): `every` an interval, or by `cron`."""

    every: timedelta | None = None
    cron: str | None = None

    def __post_init__(self) -> None:
        if (self.every is None) == (self.cron is None):
            raise ScheduleError("schedule", "give exactly one of `every` or `cron`")
        if self.cron is not None:
            from croniter import croniter

            if not croniter.is_valid(self.cron):
                raise ScheduleError("schedule.cron", f"not a cron expression: {self.cron!r}")

    @classmethod
    def parse(cls, value: Any) -> SiteSchedule | None:
        """From the sites config: `{every = "15m"}`, `{cron = "*/10 * * * *"}`, an object with
        `every`/`cron` attributes, a bare duration, or None (no schedule: never due by time)."""
        if value is None or isinstance(value, SiteSchedule):
            return value
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            return cls(every=parse_duration(value, "schedule.every"))
        get = value.get if isinstance(value, Mapping) else lambda k: getattr(value, k, None)
        every, cron = get("every"), get("cron")
        if every is None and cron is None:
            return None
        if every is not None and cron is not None:
            raise ScheduleError("schedule", "give `every` or `cron`, not both")
        if cron is not None:
            return cls(cron=str(cron).strip())
        return cls(every=every if isinstance(every, timedelta) else parse_duration(every, "schedule.every"))

    def next_run(self, last_started: datetime | None, now: datetime) -> datetime:
        """The next due time after a crawl started at `last_started` (never crawled: now)."""
        if last_started is None:
            return now
        if self.every is not None:
            return last_started + self.every
        from croniter import croniter

        return croniter(self.cron, last_started).get_next(datetime)

    def describe(self) -> str:
        return f"every {format_duration(self.every)}" if self.every else f"cron {self.cron}"
