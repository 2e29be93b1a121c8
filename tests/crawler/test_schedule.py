"""The scheduling policy, driven by an injected clock (issue 5)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from crawler.schedule import (
    DEFAULT_POLICY,
    RevisitPolicy,
    ScheduleError,
    SiteSchedule,
    article_next_visit,
    format_duration,
    hint_time,
    parse_duration,
)

T0 = datetime(2025, 5, 1, 12, 0, tzinfo=timezone.utc)
MIN, HOUR, DAY = timedelta(minutes=1), timedelta(hours=1), timedelta(days=1)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("15m", 900), ("1h30m", 5400), ("2d", 172800), ("1w", 604800), ("45", 45), (90, 90),
     ("0.5s", 0.5), (" 3h ", 10800)],
)
def test_parse_duration(text: str | int, seconds: float) -> None:
    assert parse_duration(text).total_seconds() == seconds


@pytest.mark.parametrize("bad", ["", "fast", "15 minutes", "-5m", "0", 0, True, None, "3x"])
def test_parse_duration_refuses(bad: object) -> None:
    with pytest.raises(ScheduleError):
        parse_duration(bad)  # type: ignore[arg-type]


def test_format_duration_round_trips() -> None:
    for text in ("15m", "1d1h", "1w", "30s"):
        assert format_duration(parse_duration(text)) == text


def test_default_policy_backs_off_then_stops() -> None:
    interval = DEFAULT_POLICY.interval
    assert interval(timedelta(0)) == 15 * MIN
    assert interval(2 * HOUR + 59 * MIN) == 15 * MIN
    assert interval(3 * HOUR) == HOUR
    assert interval(23 * HOUR) == HOUR
    assert interval(2 * DAY) == DAY
    assert interval(8 * DAY) == 7 * DAY
    assert interval(30 * DAY) is None


def test_walk_an_unchanging_article_with_a_clock() -> None:
    """Visit whenever due: intervals grow as the article stays quiet, then visits stop."""
    now, last_change, visits = T0, T0, [T0]
    while True:
        nxt = article_next_visit(DEFAULT_POLICY, last_visit=now, last_change=last_change)
        if nxt is None:
            break
        now = nxt
        visits.append(now)
    gaps = [b - a for a, b in zip(visits, visits[1:])]
    assert gaps[0] == 15 * MIN and gaps == sorted(gaps)
    assert set(gaps) == {15 * MIN, HOUR, DAY, 7 * DAY}
    assert 30 * DAY <= visits[-1] - T0 < 37 * DAY
    assert gaps.count(15 * MIN) == 12  # three hours of quarter-hours


def test_a_change_shortens_the_interval_again() -> None:
    last_visit = T0 + 5 * DAY
    quiet = article_next_visit(DEFAULT_POLICY, last_visit=last_visit, last_change=T0)
    assert quiet == last_visit + DAY
    changed = article_next_visit(DEFAULT_POLICY, last_visit=last_visit, last_change=last_visit)
    assert changed == last_visit + 15 * MIN


def test_never_visited_is_due_at_once_and_stopped_stays_stopped() -> None:
    assert article_next_visit(DEFAULT_POLICY, last_visit=None, last_change=T0) == T0
    old = T0 + 40 * DAY
    assert article_next_visit(DEFAULT_POLICY, last_visit=old, last_change=T0) is None


def test_a_hint_newer_than_the_last_visit_moves_to_the_front() -> None:
    last_visit = T0 + 40 * DAY  # policy has stopped
    hinted = last_visit + HOUR
    assert article_next_visit(DEFAULT_POLICY, last_visit=last_visit, last_change=T0,
                              hinted=hinted) == hinted
    stale = last_visit - HOUR
    assert article_next_visit(DEFAULT_POLICY, last_visit=last_visit, last_change=T0,
                              hinted=stale) is None


def test_hint_time_takes_the_newest_parseable_date() -> None:
    hints = {"lastmod": "2025-05-01T10:00:00Z", "feed_updated": "Thu, 01 May 2025 11:30:00 GMT",
             "feed_published": "garbage", "news_title": "x"}
    assert hint_time(hints) == datetime(2025, 5, 1, 11, 30, tzinfo=timezone.utc)
    assert hint_time({"lastmod": "2025-05-01"}) == datetime(2025, 5, 1, tzinfo=timezone.utc)
    assert hint_time({}) is None and hint_time(None) is None


def test_policy_from_a_site_table() -> None:
    policy = RevisitPolicy.from_table({"1d": "1h", "10m": 60, "after": "30d"})
    assert [t.under for t in policy.tiers] == [10 * MIN, DAY]
    assert policy.interval(5 * MIN) == MIN
    assert policy.interval(2 * DAY) == 30 * DAY
    assert RevisitPolicy.from_table({"3h": "15m", "after": "never"}).after is None
    assert RevisitPolicy.from_table({}) is DEFAULT_POLICY
    assert "then stop" in DEFAULT_POLICY.describe()


@pytest.mark.parametrize(
    ("table", "field"),
    [({"soon": "1h"}, "revisit.soon"), ({"1h": "often"}, "revisit.1h"),
     ({"1h": "-1m"}, "revisit.1h"), ({"after": "sometimes"}, "revisit.after")],
)
def test_bad_policy_names_the_key(table: dict, field: str) -> None:
    with pytest.raises(ScheduleError) as info:
        RevisitPolicy.from_table(table)
    assert info.value.field == field


def test_site_schedule_every() -> None:
    schedule = SiteSchedule.parse({"every": "15m"})
    assert schedule is not None and schedule.every == 15 * MIN
    assert schedule.next_run(None, T0) == T0
    assert schedule.next_run(T0, T0) == T0 + 15 * MIN
    assert SiteSchedule.parse("2h") == SiteSchedule(every=2 * HOUR)
    assert SiteSchedule.parse(None) is None and SiteSchedule.parse({}) is None


def test_site_schedule_cron() -> None:
    schedule = SiteSchedule.parse({"cron": "*/10 * * * *"})
    assert schedule is not None
    assert schedule.next_run(T0 + 3 * MIN, T0) == T0 + 10 * MIN
    assert schedule.describe() == "cron */10 * * * *"


@pytest.mark.parametrize("bad", [{"cron": "every tuesday"}, {"every": "1h", "cron": "* * * * *"},
                                 {"every": "soon"}])
def test_site_schedule_refuses(bad: dict) -> None:
    with pytest.raises(ScheduleError):
        SiteSchedule.parse(bad)
