"""`make run`: serve the demo site, crawl two editions into an archive, and report what changed."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import click

from archive import diff as diffs
from archive import diff_render as render
from archive.store import Archive
from demosite.server import DemoServer

DEMO_HOST = "127.0.0.1"


def _is_demo_archive(path: Path) -> bool:
    """An archive that holds only pages of a local demo site may be replaced by a new demo."""
    with Archive(path) as archive:
        urls = [row["url"] for row in archive.db.query("select url from articles")]
    return all(urlsplit(u).hostname == DEMO_HOST for u in urls)


def _crawl(url: str, db_path: str) -> None:
    """One crawl in a subprocess: the Twisted reactor cannot be restarted in this one."""
    command = [sys.executable, "-m", "crawler.cli", "crawl", url, "--db", db_path]
    command += ["--delay", "0", "--log-level", "WARNING"]
    subprocess.run(command, check=True)


def _report(db_path: str) -> None:
    with Archive(db_path) as archive:
        stats = archive.stats()
        changed = list(
            archive.db.query(
                "select a.url, v.number, v.kinds, v.title from articles a "
                "join versions v on v.id = a.latest_version_id where a.version_count > 1 order by a.id"
            )
        )
        click.echo("")
        click.echo(f"Articles found:   {stats['articles']}")
        click.echo(f"Versions stored:  {stats['versions']}")
        click.echo(f"Fetches recorded: {stats['fetches']}  (counter observations: {stats['counter_observations']})")
        click.echo(f"Articles changed in the new edition: {len(changed)}")
        for row in changed:
            click.echo(f"  - {row['title']}  [{', '.join(json.loads(row['kinds']))}]")
            click.echo(f"    {row['url']}")
        if changed:
            url = changed[-1]["url"]
            article = archive.article(url)
            old = archive.version(article["id"], article["version_count"] - 1)
            new = archive.version(article["id"], article["version_count"])
            click.echo(f"\nWord-level diff of {url} (v{old['number']} → v{new['number']}):")
            result = diffs.diff_versions(old, new)
            click.echo(render.render_terminal(result, color=sys.stdout.isatty()))
    click.echo(f"The archive is in {db_path}: try `newsarchive stats --db {db_path}`, "
               f"`newsarchive log URL` or `newsarchive diff URL --html diff.html`.")


def run_demo(db_path: str) -> None:
    path = Path(db_path)
    if path.exists():
        if not _is_demo_archive(path):
            raise click.ClickException(f"{db_path} holds a real archive: choose another --db")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        click.echo(f"Replacing the previous demo archive {db_path}")
    started = time.monotonic()
    with DemoServer(host=DEMO_HOST, port=0, conditional=False) as server:
        click.echo(f"Demo news site at {server.url} (edition 1); crawling...")
        _crawl(server.url, db_path)
        server.edition = 2
        click.echo("The site published its next edition (some articles edited); crawling again...")
        _crawl(server.url, db_path)
    _report(db_path)
    click.echo(f"(demo took {time.monotonic() - started:.1f} s)")
