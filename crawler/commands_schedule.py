"""Scheduling commands: `crawl --due`, `schedule`, `run` and `crawls`."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import threading
import tomllib
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from archive.cli import cli, db_option, echo_json, json_option, open_archive
from archive.clock import iso, utcnow
from archive.schedule_state import ScheduleState
from crawler.due import SitePlan, plan
from crawler.lock import LOCK_FD_ENV, CrawlLock, LockBusy
from crawler.schedule import ScheduleError, format_duration

logger = logging.getLogger(__name__)

DEFAULT_SITES = "sites.toml"
MIN_GAP = 5.0  # seconds between the end of one crawl and the start of the next
MAX_SLEEP = 60.0  # the run loop re-reads the archive at least this often
FAILED_PAUSE = 60.0  # after a crawl subprocess fails


def sites_option(func: Any) -> Any:
    return click.option("--sites", "sites_path", default=DEFAULT_SITES, show_default=True,
                        type=click.Path(dir_okay=False), help="Sites config (TOML).")(func)


def load_site_plans(path: str) -> list[SitePlan]:
    """The configured sites, as scheduling sees them; one clear error for a bad config."""
    try:
        from crawler import sites as config  # the sites config loader (issue 3)
    except ImportError:
        config = None
    loader = getattr(config, "load_sites", None)
    try:
        entries = loader(path) if loader else _read_sites(path)
        if isinstance(entries, Mapping):
            entries = [_named(name, site) for name, site in entries.items()]
        return [_plan(site) for site in entries]
    except FileNotFoundError as exc:
        raise click.ClickException(f"no sites config at {path}") from exc
    except (tomllib.TOMLDecodeError, ValueError) as exc:
        raise click.ClickException(f"{path}: {exc}") from exc


def _named(name: str, site: Any) -> Any:
    return {**site, "name": name} if isinstance(site, Mapping) else site


def _plan(site: Any) -> SitePlan:
    try:
        return SitePlan.of(site)
    except ScheduleError as exc:
        name = site.get("name") if isinstance(site, Mapping) else getattr(site, "name", "?")
        raise ValueError(f"site {name!r}: {exc}") from exc


def _read_sites(path: str) -> dict[str, Any]:
    """Fallback reader: `[sites.NAME]` tables with start_urls, schedule and revisit."""
    with open(path, "rb") as handle:
        data = tomllib.load(handle)
    return dict(data.get("sites") or {})


def _when(moment: datetime | None, now: datetime) -> str:
    if moment is None:
        return "never"
    if moment <= now:
        return "due now"
    return f"in {format_duration(moment - now)} ({iso(moment)})"


# ---- crawl --due ------------------------------------------------------------------------------


def crawl_due(db_path: str, sites_path: str, *, trigger: str, overrides: Mapping[str, Any],
              wait_lock: float, as_json: bool) -> None:
    """What `newsarchive crawl --due` does: crawl what is due now, then exit."""
    from crawler.cli import crawl_summary
    from crawler.due_crawl import run_due

    result = run_due(db_path, load_site_plans(sites_path), trigger=trigger, overrides=overrides,
                     wait_lock=wait_lock)
    summaries = {str(name): crawl_summary(stats) for name, stats in result.stats.items()}
    if as_json:
        echo_json({"crawled": result.crawled, "summary": summaries, "skipped": result.skipped,
                   "next_due": iso(result.next_due) if result.next_due else None})
    elif result.skipped:
        click.echo(f"nothing crawled: {result.skipped}", err=True)
    elif not result.crawled:
        click.echo(f"nothing due; next {_when(result.next_due, utcnow())}")
    for name, summary in summaries.items():
        if not as_json:
            click.echo(f"{name}: " + ", ".join(f"{k} {v}" for k, v in summary.items()))
    reasons = {s.get("finish_reason") for s in result.stats.values()}
    if reasons - {"finished", None}:
        raise click.ClickException(f"crawl ended early: {', '.join(map(str, reasons))}")


# ---- schedule ---------------------------------------------------------------------------------


@cli.command(name="schedule")
@db_option
@sites_option
@click.option("--limit", default=10, show_default=True, help="Article visits to list per site.")
@json_option
def schedule_command(db_path: str, sites_path: str, limit: int, as_json: bool) -> None:
    """What is due when: each site's next crawl and its next article revisits."""
    sites = load_site_plans(sites_path)
    now = utcnow()
    with open_archive(db_path, must_exist=False) as archive:
        plans = plan(archive, sites, now)
        states = {p.site.name: ScheduleState(archive).site_state(str(p.site.name)) for p in plans}
    out = []
    for p in plans:
        upcoming = sorted((f for f in p.known.values() if f.get("due_at")),
                          key=lambda f: f["due_at"])
        unique = list({f["id"]: f for f in upcoming}.values())[:limit]
        stopped = len({f["id"] for f in p.known.values() if f.get("due_at") is None})
        out.append({
            "site": p.site.name,
            "schedule": p.site.schedule.describe() if p.site.schedule else None,
            "revisit": p.site.policy.describe(),
            "last_crawl": states[p.site.name].get("last_started"),
            "last_status": states[p.site.name].get("last_status"),
            "next_crawl": iso(p.next_run) if p.next_run else None,
            "articles_due_now": len(p.articles),
            "articles_no_longer_revisited": stopped,
            "next_visits": [{"url": f["url"], "at": iso(f["due_at"])} for f in unique],
        })
    if as_json:
        echo_json({"now": iso(now), "sites": out})
        return
    for site, p in zip(out, plans):
        click.echo(f"{site['site']}: {site['schedule'] or 'no schedule'}; "
                   f"next crawl {_when(p.next_run, now)}")
        click.echo(f"  revisits: {site['revisit']}")
        click.echo(f"  {site['articles_due_now']} article(s) due now, "
                   f"{site['articles_no_longer_revisited']} no longer revisited")
        for visit in site["next_visits"]:
            from archive.clock import parse_iso

            click.echo(f"  {_when(parse_iso(visit['at']), now):<40} {visit['url']}")


# ---- crawls -----------------------------------------------------------------------------------


@cli.command(name="crawls")
@db_option
@click.option("--limit", default=20, show_default=True, help="How many recent crawls.")
@json_option
def crawls_command(db_path: str, limit: int, as_json: bool) -> None:
    """The recent crawl runs: when, how they ended, what they fetched and stored."""
    with open_archive(db_path) as archive:
        rows = ScheduleState(archive).crawls(limit)
    if as_json:
        echo_json(rows)
        return
    for row in rows:
        sites = ",".join(str(s) for s in row["sites"] if s) or "-"
        errors = ", ".join(f"{k} {v}" for k, v in sorted(row["errors_by_kind"].items()))
        click.echo(
            f"#{row['id']} {row['started']} → {row['finished'] or '…'}  {row['status']:<11} "
            f"{row['trigger']:<6} {sites}  pages {row['pages']}, new articles "
            f"{row['new_articles']}, new versions {row['new_versions']}, unchanged "
            f"{row['unchanged']}, errors {row['errors']}" + (f" ({errors})" if errors else ""))


# ---- run --------------------------------------------------------------------------------------


class _Stopper:
    """First SIGINT/SIGTERM: finish in-flight pages and stop; second: stop at once."""

    def __init__(self) -> None:
        self.signals = 0
        self.event = threading.Event()
        self.child: subprocess.Popen | None = None

    def install(self) -> None:
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, self.handle)

    def handle(self, signum: int, frame: Any) -> None:
        self.signals += 1
        self.event.set()
        child = self.child
        if child is not None and child.poll() is None:
            # Scrapy counts signals too: the first asks for a graceful stop, the second forces.
            child.send_signal(signal.SIGINT if self.signals == 1 else signal.SIGTERM)
        click.echo("stopping after in-flight pages (again to stop at once)" if self.signals == 1
                   else "stopping now", err=True)


def _crawl_command(db_path: str, sites_path: str, extra: Sequence[str]) -> list[str]:
    return [sys.executable, "-m", "crawler.cli", "crawl", "--due", "--trigger", "run",
            "--db", db_path, "--sites", sites_path, *extra]


@cli.command(name="run")
@db_option
@sites_option
@click.option("--delay", type=float, help="Seconds between requests to one site.")
@click.option("--log-level", default="INFO", show_default=True, help="Scrapy log level.")
@click.option("--min-gap", type=float, default=MIN_GAP, show_default=True,
              help="Seconds between the end of one crawl and the next.")
@click.option("--max-sleep", type=float, default=MAX_SLEEP, show_default=True,
              help="Longest sleep before looking at the schedule again.")
def run_command(db_path: str, sites_path: str, delay: float | None, log_level: str,
                min_gap: float, max_sleep: float) -> None:
    """Stay in the foreground and crawl what comes due, one crawl at a time per archive."""
    sites = load_site_plans(sites_path)
    stopper = _Stopper()
    stopper.install()
    lock = CrawlLock(db_path, wait=0.0)
    try:
        lock.acquire()
    except LockBusy as exc:
        click.echo(f"waiting: {exc}", err=True)
        if not _acquire_interruptibly(lock, stopper):
            return
    click.echo(f"running: {len(sites)} site(s), archive {db_path} (pid {os.getpid()})", err=True)
    extra = ["--log-level", log_level] + (["--delay", str(delay)] if delay is not None else [])
    try:
        _loop(db_path, sites_path, sites, lock, stopper, extra, min_gap, max_sleep)
    finally:
        lock.release()
    click.echo("stopped", err=True)


def _acquire_interruptibly(lock: CrawlLock, stopper: _Stopper) -> bool:
    lock.wait = 1.0
    while not stopper.signals:
        try:
            lock.acquire()
            return True
        except LockBusy:
            continue
    return False


def _loop(db_path: str, sites_path: str, sites: list[SitePlan], lock: CrawlLock,
          stopper: _Stopper, extra: list[str], min_gap: float, max_sleep: float) -> None:
    fd = lock.fileno()
    env = {**os.environ, LOCK_FD_ENV: str(fd)}
    while not stopper.signals:
        now = utcnow()
        with open_archive(db_path, must_exist=False) as archive:
            plans = plan(archive, sites, now)
        if any(p.anything for p in plans):
            stopper.child = subprocess.Popen(_crawl_command(db_path, sites_path, extra), env=env,
                                             pass_fds=(fd,), start_new_session=True)
            code = stopper.child.wait()
            stopper.child = None
            if code != 0 and not stopper.signals:
                click.echo(f"crawl exited with status {code}; pausing {FAILED_PAUSE:.0f}s", err=True)
                stopper.event.wait(FAILED_PAUSE)
            stopper.event.wait(min_gap)
            continue
        wake = min((p.next_due for p in plans if p.next_due), default=None)
        pause = max_sleep if wake is None else (wake - utcnow()).total_seconds()
        stopper.event.wait(min(max(pause, 0.05), max_sleep))
