"""What is due now: the schedule policy (`crawler.schedule`) applied to the archive's state."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from archive.clock import iso, parse_iso
from archive.schedule_state import ScheduleState
from archive.store import Archive
from crawler.schedule import RevisitPolicy, SiteSchedule, article_next_visit

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SitePlan:
    """What scheduling needs of a configured site."""

    name: str | None
    start_urls: tuple[str, ...]
    schedule: SiteSchedule | None = None
    policy: RevisitPolicy = field(default_factory=lambda: RevisitPolicy.from_table(None))
    config: Any = field(default=None, compare=False)  # the sites-config entry it came from

    @classmethod
    def of(cls, site: Any) -> SitePlan:
        """From a sites-config entry (an object or mapping with name, start_urls, schedule,
        revisit); schedule and policy errors name the site."""
        get = site.get if isinstance(site, Mapping) else lambda k, d=None: getattr(site, k, d)
        return cls(
            name=get("name"),
            start_urls=tuple(get("start_urls", ()) or ()),
            schedule=SiteSchedule.parse(get("schedule")),
            policy=RevisitPolicy.from_table(get("revisit")),
            config=None if isinstance(site, Mapping) else site,
        )


@dataclass
class Due:
    """One site's state at `now`: crawl it (discovery), and/or revisit these articles."""

    site: SitePlan
    now: datetime
    discover: bool
    articles: list[dict[str, Any]]
    next_run: datetime | None  # when the site's schedule is next due
    next_visit: datetime | None  # the earliest article visit after now
    known: dict[str, dict[str, Any]] = field(default_factory=dict)  # URL -> article facts

    @property
    def anything(self) -> bool:
        return self.discover or bool(self.articles)

    @property
    def next_due(self) -> datetime | None:
        times = [t for t in (self.next_run, self.next_visit) if t is not None]
        return min(times, default=None)


def _time(value: str | None) -> datetime | None:
    return parse_iso(value) if value else None


def plan_site(archive: Archive, site: SitePlan, now: datetime) -> Due:
    """Recompute and store each article's next visit; say what of `site` is due at `now`."""
    state = ScheduleState(archive)
    rows, due, known, upcoming = [], [], {}, []
    for facts in state.article_facts(site.name):
        last_visit = _time(facts["last_visit"])
        nxt = article_next_visit(
            site.policy,
            last_visit=last_visit,
            last_change=_time(facts["last_change"]) or now,
            hinted=_time(facts["hinted"]),
        )
        facts["due_at"] = nxt
        interval = int((nxt - last_visit).total_seconds()) if nxt and last_visit else None
        rows.append({"article_id": facts["id"], "next_visit": iso(nxt) if nxt else None,
                     "interval": interval})
        known[facts["url"]] = facts
        if nxt is not None and nxt <= now:
            due.append(facts)
        elif nxt is not None:
            upcoming.append(nxt)
    state.save_next_visits(rows, iso(now))
    by_id = {facts["id"]: facts for facts in known.values()}
    for alias, article_id in archive.db.execute(
        "select l.url, l.article_id from aliases l join articles a on a.id = l.article_id "
        "where a.site is ?", [site.name]
    ).fetchall():
        known.setdefault(alias, by_id[article_id])
    next_run = None
    if site.schedule is not None and site.name is not None:
        started = _time(state.site_state(site.name)["last_started"])
        next_run = site.schedule.next_run(started, now)
    return Due(
        site=site, now=now, discover=next_run is not None and next_run <= now, articles=due,
        next_run=next_run, next_visit=min(upcoming, default=None), known=known,
    )


def plan(archive: Archive, sites: Iterable[SitePlan], now: datetime) -> list[Due]:
    return [plan_site(archive, site, now) for site in sites]


def next_wakeup(plans: Sequence[Due]) -> datetime | None:
    """The earliest time anything of these sites comes due (after what is due now)."""
    return min((p.next_due for p in plans if p.next_due is not None), default=None)


def select_revisits(archive: Archive, site: Any, now: datetime) -> list[dict[str, Any]]:
    """The known articles of `site` due for a revisit at `now` (the policy hook of the spider)."""
    return plan_site(archive, SitePlan.of(site), now).articles
