"""The policy applied to a real archive: next visits stored, hints, site schedules, crawl runs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from archive.clock import iso
from archive.schedule_state import INTERRUPTED, ScheduleState
from archive.store import Archive
from crawler.due import SitePlan, plan_site, select_revisits
from crawler.schedule import RevisitPolicy, SiteSchedule

T0 = datetime(2025, 5, 1, 12, 0, tzinfo=timezone.utc)
MIN = timedelta(minutes=1)
SITE = SitePlan(name="demo", start_urls=("http://127.0.0.1/",),
                schedule=SiteSchedule(every=timedelta(minutes=30)),
                policy=RevisitPolicy.from_table({"1h": "10m", "1d": "1h"}))


def fetch(url: str, at: datetime, text: str = "Body text of the story, long enough.") -> dict:
    return {
        "url": url, "final_url": url, "status": 200, "fetched_at": iso(at), "site": "demo",
        "headers": {"content-type": "text/html"}, "body": text.encode(), "outcome": "article",
        "article": {"title": "T", "text": text, "canonical_url": url},
    }


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    with Archive(tmp_path / "a.db") as arc:
        yield arc


def _due_urls(archive: Archive, now: datetime) -> list[str]:
    return sorted(a["url"] for a in plan_site(archive, SITE, now).articles)


def test_articles_come_due_by_quiet_age(archive: Archive) -> None:
    archive.record_fetch(fetch("http://127.0.0.1/a", T0))
    archive.record_fetch(fetch("http://127.0.0.1/b", T0 + 5 * MIN))
    assert _due_urls(archive, T0 + 9 * MIN) == []
    assert _due_urls(archive, T0 + 10 * MIN) == ["http://127.0.0.1/a"]
    assert _due_urls(archive, T0 + 15 * MIN) == ["http://127.0.0.1/a", "http://127.0.0.1/b"]
    stored = dict(archive.db.execute("select article_id, next_visit from article_schedule"))
    assert sorted(stored.values()) == [iso(T0 + 10 * MIN), iso(T0 + 15 * MIN)]


def test_unchanged_visits_back_off_and_a_change_resets(archive: Archive) -> None:
    url = "http://127.0.0.1/a"
    archive.record_fetch(fetch(url, T0))
    archive.record_fetch(fetch(url, T0 + 70 * MIN))  # unchanged, quiet for 70 min: hourly
    due = plan_site(archive, SITE, T0 + 71 * MIN)
    assert due.next_visit == T0 + 130 * MIN
    archive.record_fetch(fetch(url, T0 + 80 * MIN, text="A corrected body text of the story."))
    assert plan_site(archive, SITE, T0 + 81 * MIN).next_visit == T0 + 90 * MIN


def test_old_articles_stop_and_a_newer_hint_brings_them_back(archive: Archive) -> None:
    url = "http://127.0.0.1/a"
    archive.record_fetch(fetch(url, T0))
    archive.record_fetch(fetch(url, T0 + timedelta(days=2)))
    later = T0 + timedelta(days=3)
    due = plan_site(archive, SITE, later)
    assert due.articles == [] and due.next_visit is None
    state = ScheduleState(archive)
    assert state.note_hint(url, iso(T0 + timedelta(days=1)))  # older than the last visit
    assert plan_site(archive, SITE, later).articles == []
    assert state.note_hint(url, iso(later - MIN))
    assert not state.note_hint("http://127.0.0.1/unknown", iso(later))
    assert [a["url"] for a in select_revisits(archive, SITE, later)] == [url]


def test_site_schedule_advances_only_on_a_completed_crawl(archive: Archive) -> None:
    state = ScheduleState(archive)
    assert plan_site(archive, SITE, T0).discover  # never crawled
    state.site_started("demo")
    state.site_finished("demo", started=iso(T0), finished=iso(T0 + MIN), status=INTERRUPTED,
                        completed=False)
    assert plan_site(archive, SITE, T0 + 2 * MIN).discover
    state.site_finished("demo", started=iso(T0), finished=iso(T0 + 5 * MIN), status="finished",
                        completed=True)
    assert not plan_site(archive, SITE, T0 + 29 * MIN).discover
    assert plan_site(archive, SITE, T0 + 30 * MIN).discover


def test_stale_running_crawls_become_interrupted(archive: Archive) -> None:
    state = ScheduleState(archive)
    done = state.start_crawl(trigger="due", sites=["demo"], pid=1, at=iso(T0))
    state.finish_crawl(done, status="finished", at=iso(T0 + MIN), reason="finished",
                       counts={"pages": 3}, errors_by_kind={})
    state.start_crawl(trigger="run", sites=["demo"], pid=2, at=iso(T0 + 2 * MIN))
    assert state.close_stale_crawls(iso(T0 + 3 * MIN)) == 1
    rows = state.crawls()
    assert [r["status"] for r in rows] == [INTERRUPTED, "finished"]
    assert rows[1]["pages"] == 3 and rows[0]["finished"] == iso(T0 + 3 * MIN)


def test_site_plan_from_a_config_entry() -> None:
    plan = SitePlan.of({"name": "x", "start_urls": ["http://h/"], "schedule": {"cron": "0 * * * *"},
                        "revisit": {"2h": "20m"}})
    assert plan.schedule == SiteSchedule(cron="0 * * * *")
    assert plan.policy.interval(MIN) == 20 * MIN


def test_schedule_command_shows_what_is_due_when(tmp_path: Path) -> None:
    import json
    import re

    from click.testing import CliRunner

    from crawler.cli import cli

    db, sites = tmp_path / "a.db", tmp_path / "sites.toml"
    sites.write_text('[sites.demo]\nstart_urls = ["http://127.0.0.1/"]\n'
                     'schedule = { every = "30m" }\nrevisit = { "1h" = "10m" }\n')
    with Archive(db) as archive:
        archive.record_fetch(fetch("http://127.0.0.1/a", datetime.now(timezone.utc)))
    result = CliRunner().invoke(cli, ["schedule", "--db", str(db), "--sites", str(sites)])
    assert result.exit_code == 0, result.output
    assert "demo: every 30m; next crawl due now" in result.output
    assert re.search(r"in (9m\d+s|10m) \(\S+Z\) +http://127\.0\.0\.1/a", result.output)
    data = json.loads(CliRunner().invoke(cli, ["schedule", "--db", str(db), "--sites", str(sites),
                                               "--json"]).output)
    assert data["sites"][0]["articles_due_now"] == 0 and data["sites"][0]["next_visits"]
    sites.write_text('[sites.demo]\nstart_urls = ["http://127.0.0.1/"]\nrevisit = { "1h" = "x" }\n')
    bad = CliRunner().invoke(cli, ["schedule", "--db", str(db), "--sites", str(sites)])
    assert bad.exit_code != 0 and "site 'demo'" in bad.output and "revisit.1h" in bad.output
