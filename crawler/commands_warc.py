"""`newsarchive import-warc`: the pages of WARC files (other crawlers', or an export) extracted into the archive."""

from __future__ import annotations

import os
from collections import Counter, deque
from concurrent.futures import Future
from typing import Any

import click

from archive.cli import cli, db_option, echo_json, json_option, open_archive
from archive.store import Archive
from archive.warc import WarcError, read_warc
from crawler.commands_extract import timeout_option, workers_option
from crawler.discovery.classify import is_article
from crawler.extract import ExtractionError
from crawler.extract.batch import WINDOW_PER_WORKER
from crawler.extract.worker import ExtractionPool
from crawler.urls import canonical_url

Pending = tuple[dict[str, Any], "Future[dict[str, Any]] | None"]
MAX_PENDING_BYTES = 128 * 1024 * 1024  # pages in flight, however many workers: bodies may be 32 MB each


def _in_flight(pending: deque[Pending]) -> int:
    """Bytes of the pages read and not yet recorded."""
    return sum(len(fetch.get("body") or b"") for fetch, _ in pending)


def _record(archive: Archive, fetch: dict[str, Any], future: Future[dict[str, Any]] | None,
            outcomes: Counter[str]) -> None:
    """The fetch with its extraction, decided article or hub as a crawl decides it, in the archive."""
    if future is not None:
        try:
            record = future.result()
        except ExtractionError as exc:
            fetch.update(outcome="error", error=exc.reason)
        else:
            record["canonical_url"] = canonical_url(record.get("canonical_url"), fetch["final_url"])
            if is_article(record, fetch["final_url"]):
                fetch.update(outcome="article", article=record)
            else:
                fetch.update(outcome="not_article", body=None)  # hubs are followed by crawls, not archived
    result = archive.record_fetch(fetch)
    outcomes[result.outcome] += 1
    outcomes["new versions"] += result.version_number is not None


@cli.command(name="import-warc")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--site", help="Record the fetches under this site name.")
@workers_option
@timeout_option
@db_option
@json_option
def import_warc(files: tuple[str, ...], site: str | None, workers: int | None, timeout: float, db_path: str,
                as_json: bool) -> None:
    """Extract the HTML pages of WARC files (.warc or .warc.gz; give them in crawl order) into the archive.

    Each response becomes a fetch, extracted and recorded as a crawl records it (new versions only where the
    text changes); a revisit record is an unchanged fetch; redirects and other media are skipped, counted.
    """
    count = workers or os.cpu_count() or 1
    outcomes: Counter[str] = Counter()
    with open_archive(db_path, must_exist=False) as archive, ExtractionPool(workers=count, timeout=timeout) as pool:
        for name in files:
            pending: deque[Pending] = deque()  # in file order: a page's versions follow one another
            failure: WarcError | None = None
            try:
                with open(name, "rb") as stream:
                    for kind, fetch in read_warc(stream, name):
                        if fetch is None:
                            outcomes[f"skipped: {kind}"] += 1
                            continue
                        fetch["site"] = site
                        body = fetch.get("body")
                        future = pool.submit(body, fetch["final_url"], fetch["fetched_at"],
                                             fetch["headers"]) if body else None
                        pending.append((fetch, future))
                        while len(pending) >= count * WINDOW_PER_WORKER or _in_flight(pending) > MAX_PENDING_BYTES:
                            _record(archive, *pending.popleft(), outcomes)
            except WarcError as exc:
                failure = exc
            while pending:  # what was read before a failure is imported too
                _record(archive, *pending.popleft(), outcomes)
            if failure is not None:
                raise click.ClickException(f"{failure} (the records before it were imported)") from failure
    if as_json:
        echo_json(dict(outcomes))
    else:
        click.echo("imported: " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())))
