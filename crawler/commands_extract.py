"""`newsarchive extract` and `reextract`: extraction of saved pages and of the captures in an archive."""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterator
from typing import Any

import click

from archive.cli import cli, db_option, echo_json, json_option, open_archive
from archive.store import Archive
from crawler.extract import ExtractionError
from crawler.extract.batch import extract_many, read_manifest
from crawler.extract.worker import DEFAULT_TIMEOUT_SECONDS, ExtractionPool

workers_option = click.option(
    "--workers", type=click.IntRange(min=1), default=None, help="Extraction processes (default: cores)."
)
timeout_option = click.option(
    "--timeout", type=float, default=DEFAULT_TIMEOUT_SECONDS, show_default=True,
    help="Seconds one page may take before its worker is killed.",
)


def _items(files: tuple[str, ...], url: str | None, manifest: str | None) -> Iterator[tuple[str, str]]:
    for path in files:
        yield path, url or ""
    if manifest:
        yield from read_manifest(manifest)


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--url", help="The URL the FILES were saved from (dates, domain, canonical).")
@click.option("--manifest", type=click.Path(exists=True, dir_okay=False),
              help='JSON lines {"path": ..., "url": ...}; relative paths from its folder.')
@workers_option
@timeout_option
def extract(files: tuple[str, ...], url: str | None, manifest: str | None,
            workers: int | None, timeout: float) -> None:
    """Extract saved pages (.html or .html.gz): one JSON object per page, in input order."""
    if not files and not manifest:
        raise click.UsageError("give FILES or --manifest")
    count = workers or os.cpu_count() or 1
    with ExtractionPool(workers=count, timeout=timeout) as pool:
        for line in extract_many(_items(files, url, manifest), pool, count):
            click.echo(json.dumps(line, ensure_ascii=False, sort_keys=True))


def _latest_captures(archive: Archive, site: str | None) -> Iterator[dict[str, Any]]:
    """The last successful fetch with a capture of each article."""
    sql = (
        "select f.* from fetches f join articles a on a.id = f.article_id where f.id = ("
        " select max(id) from fetches where article_id = a.id and capture_id is not null"
        " and status = 200)"
    )
    params: list[Any] = []
    if site:
        sql += " and a.site = ?"
        params.append(site)
    yield from archive.db.query(sql + " order by f.id", params)


def _reread(fetch: dict[str, Any], body: bytes, record: dict[str, Any]) -> dict[str, Any]:
    """A fetch record that reads an old capture anew: no new counters (they were seen then)."""
    return {
        "url": fetch["url"],
        "final_url": fetch["final_url"],
        "status": fetch["status"],
        "headers": {"content-type": fetch["content_type"] or ""},
        "body": body,
        "site": fetch["site"],
        "outcome": "article",
        "article": {**record, "counters": {}},
        "hints": {"reextract_of": fetch["id"]},
    }


@cli.command()
@db_option
@click.option("--site", help="Only articles of this site.")
@workers_option
@timeout_option
@json_option
def reextract(db_path: str, site: str | None, workers: int | None, timeout: float, as_json: bool) -> None:
    """Extract the latest capture of each article again (after an extractor upgrade).

    A new version is added only where the text really changes; the fetch that re-read the capture
    is recorded with a `reextract_of` hint naming the original fetch.
    """
    outcomes: Counter[str] = Counter()
    with open_archive(db_path) as archive, ExtractionPool(workers=workers, timeout=timeout) as pool:
        for fetch in list(_latest_captures(archive, site)):
            body = archive.capture(fetch["capture_id"])
            try:
                record = pool.submit(body, fetch["final_url"], fetch["fetched_at"]).result()
            except ExtractionError as exc:
                outcomes[f"error: {exc.reason}"] += 1
                continue
            result = archive.record_fetch(_reread(fetch, body, record))
            outcomes["new versions" if result.version_number else "unchanged"] += 1
    if as_json:
        echo_json(dict(outcomes))
    else:
        click.echo("re-extracted: " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())))
