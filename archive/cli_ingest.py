"""`newsarchive ingest`: the archive writer's side of a crawl that ran on other machines."""

from __future__ import annotations

import sys
from collections import Counter

import click

from .cli import cli, db_option, echo_json, json_option, open_archive
from .records import RecordError, open_records, read_records


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(allow_dash=True))
@db_option
@json_option
def ingest(files: tuple[str, ...], db_path: str, as_json: bool) -> None:
    """Record the fetches of FILES (JSON lines from `crawl --records`; .gz ok; - for stdin)."""
    outcomes: Counter[str] = Counter()
    with open_archive(db_path, must_exist=False) as archive:
        for name in files:
            stream = sys.stdin.buffer if name == "-" else open_records(name)
            try:
                for record in read_records(stream, name):
                    result = archive.record_fetch(record)
                    outcomes[result.outcome] += 1
                    outcomes["new versions"] += result.version_number is not None
            except RecordError as exc:
                raise click.ClickException(f"{exc} (records before it were recorded)") from exc
            finally:
                if stream is not sys.stdin.buffer:
                    stream.close()
    if as_json:
        echo_json(dict(outcomes))
    else:
        click.echo("ingested: " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())))
