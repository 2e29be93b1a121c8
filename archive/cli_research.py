"""Research commands of `newsarchive`: search, query, export, warc, serve, report (read-only)."""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import click

from . import export as exports
from . import query as queries
from . import warc as warcs
from .cli import cli, db_option, echo_json, find_article, json_option, open_archive
from .readonly import DEFAULT_TIME_LIMIT, QueryError, ReadOnlyDatabase
from .report import render_report

QUERY_FORMATS = ("table", "json", "jsonl", "csv")
TABLE_CELL_WIDTH = 60  # characters of a cell shown in table output
_SPACES = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def open_readonly(db_path: str, time_limit: float | None = DEFAULT_TIME_LIMIT) -> ReadOnlyDatabase:
    if not Path(db_path).exists():
        raise click.ClickException(f"no archive at {db_path} (run `newsarchive crawl` first)")
    return ReadOnlyDatabase(db_path, time_limit=time_limit)


def _window(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    try:
        return queries.window(since, until)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


def _one_line(text: Any) -> str:
    """Untrusted text for a terminal: one line, control characters dropped."""
    return _CONTROL.sub("", _SPACES.sub(" ", "" if text is None else str(text))).strip()


def since_until_options(func: Any) -> Any:
    func = click.option("--until", help="Before this time: 24h, 7d (ago) or an ISO date.")(func)
    return click.option("--since", help="From this time on: 24h, 7d (ago) or an ISO date.")(func)


@cli.command()
@click.argument("text")
@click.option("--site", help="Only articles of this site.")
@since_until_options
@click.option("--all-versions", is_flag=True, help="Search every version, not only each article's latest.")
@click.option("--limit", type=click.IntRange(1), default=queries.DEFAULT_SEARCH_LIMIT, show_default=True)
@click.option("--raw", is_flag=True, help="TEXT is FTS5 query syntax (AND, OR, NEAR...), not plain words.")
@click.option(
    "--order",
    type=click.Choice(queries.ORDERS),
    default="auto",
    show_default=True,
    help=f"rank: best match first; newest: last captured first; auto: rank unless over "
    f"{queries.RANK_MAX_MATCHES:,} versions match.",
)
@db_option
@json_option
def search(
    text: str,
    site: str | None,
    since: str | None,
    until: str | None,
    all_versions: bool,
    limit: int,
    raw: bool,
    order: str,
    db_path: str,
    as_json: bool,
) -> None:
    """Full-text search of article titles, subtitles and texts, best matches first."""
    since_iso, until_iso = _window(since, until)
    q = queries.SearchQuery(text, site, since_iso, until_iso, all_versions, limit, raw, order=order)
    with open_readonly(db_path) as db:
        try:
            hits = list(queries.search(db, q))
        except QueryError as exc:
            raise click.ClickException(f"search failed: {exc}") from exc
    if as_json:
        echo_json(hits)
        return
    if not hits:
        click.echo("no matches")
    for hit in hits:
        click.echo(f"{hit['url']}  v{hit['number']}/{hit['version_count']}  {hit['captured_at']}")
        click.echo(f"    {_one_line(hit['title'])}")
        click.echo(f"    {_one_line(hit['snippet'])}")


@cli.command()
@click.argument("sql")
@click.option("-p", "--param", "params", nargs=2, multiple=True, metavar="NAME VALUE", help="A named :parameter.")
@click.option("--format", "fmt", type=click.Choice(QUERY_FORMATS), default="table", show_default=True)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0, min_open=True),
    default=DEFAULT_TIME_LIMIT,
    show_default=True,
    help="Seconds before the query is interrupted.",
)
@db_option
@json_option
def query(
    sql: str, params: Sequence[tuple[str, str]], fmt: str, time_limit: float, db_path: str, as_json: bool
) -> None:
    """Run one read-only SQL statement; writes, ATTACH and setting PRAGMAs are refused."""
    fmt = "json" if as_json else fmt
    with open_readonly(db_path, time_limit) as db:
        try:
            columns, rows = db.execute(sql, dict(params))
            _print_rows(columns, rows, fmt, sys.stdout)
        except QueryError as exc:
            raise click.ClickException(str(exc)) from exc


def _print_rows(columns: list[str], rows: Iterator[tuple[Any, ...]], fmt: str, out: IO[str]) -> None:
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(dict(zip(columns, row)), ensure_ascii=False, default=_bytes) + "\n")
    elif fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(columns)
        writer.writerows(rows)
    elif fmt == "json":
        records = [dict(zip(columns, row)) for row in rows]
        out.write(json.dumps(records, ensure_ascii=False, indent=2, default=_bytes) + "\n")
    else:
        from tabulate import tabulate

        cells = [[_cell(v) for v in row] for row in rows]
        out.write(tabulate(cells, headers=columns) + "\n")


def _bytes(value: Any) -> Any:
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _cell(value: Any) -> Any:
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    if isinstance(value, str):
        text = _one_line(value)
        return text if len(text) <= TABLE_CELL_WIDTH else text[: TABLE_CELL_WIDTH - 1] + "…"
    return value


@cli.command(name="export")
@click.argument("table", type=click.Choice(list(exports.EXPORTS)))
@click.option("--format", "fmt", type=click.Choice(exports.FORMATS), default="jsonl", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              show_default=True, help="Output file ('-': standard output; Parquet needs a file).")
@click.option("--site", help="Only articles of this site.")
@since_until_options
@click.option("--batch-size", type=click.IntRange(1), default=exports.DEFAULT_BATCH, show_default=True)
@db_option
def export_command(
    table: str,
    fmt: str,
    output: str,
    site: str | None,
    since: str | None,
    until: str | None,
    batch_size: int,
    db_path: str,
) -> None:
    """Export articles, versions, counters or events as JSON lines, CSV or Parquet, streamed."""
    since_iso, until_iso = _window(since, until)
    flt = exports.ExportFilter(site, since_iso, until_iso)
    if fmt == "parquet" and output == "-":
        raise click.UsageError("Parquet needs a file: give -o FILE")
    with open_readonly(db_path, time_limit=None) as db:
        if output == "-":
            count = exports.export(db, table, fmt, sys.stdout, flt, batch_size)
        else:
            mode, encoding = ("wb", None) if fmt == "parquet" else ("w", "utf-8")
            with open(output, mode, encoding=encoding, newline="" if fmt == "csv" else None) as out:
                count = exports.export(db, table, fmt, out, flt, batch_size)
    if output != "-":
        click.echo(f"wrote {count} {table} rows to {output}", err=True)


@cli.command(name="warc")
@click.argument("output", type=click.Path(dir_okay=False, writable=True))
@click.option("--site", help="Only fetches of this site.")
@since_until_options
@db_option
def warc_command(output: str, site: str | None, since: str | None, until: str | None, db_path: str) -> None:
    """Write the raw captures as a WARC file (gzipped per record when OUTPUT ends in .gz), for replay tools
    and other archives: each fetch's response, revisit or 304, and a metadata record linking its version."""
    since_iso, until_iso = _window(since, until)
    partial = Path(output + ".part")  # renamed when complete: a killed export leaves no truncated WARC
    try:
        with open_archive(db_path) as archive, partial.open("wb") as out:
            counts = warcs.write_warc(archive, out, exports.ExportFilter(site, since_iso, until_iso),
                                      gzip=output.endswith(".gz"), filename=Path(output).name)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(output)
    click.echo(f"wrote {output}: {counts.responses} responses, {counts.revisits} identical revisits, "
               f"{counts.not_modified} not-modified revisits, each with its metadata record", err=True)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8001, show_default=True)
@db_option
def serve(host: str, port: int, db_path: str) -> None:
    """Browse the archive in Datasette, with table descriptions and canned queries."""
    if not Path(db_path).exists():
        raise click.ClickException(f"no archive at {db_path} (run `newsarchive crawl` first)")
    import uvicorn

    from .datasette_app import build_datasette

    ds = build_datasette(db_path)
    click.echo(f"serving {db_path} on http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning")


@cli.command()
@click.argument("url")
@click.option("--html", "html_path", required=True, type=click.Path(dir_okay=False), help="Write the report here.")
@db_option
def report(url: str, html_path: str, db_path: str) -> None:
    """A self-contained HTML page of an article's life: timeline, diffs, counter charts."""
    with open_archive(db_path) as archive:
        article = find_article(archive, url)
        versions = archive.versions(article["id"])
        events = archive.events(article["id"])
        counters = archive.counters(article["id"])
    page = render_report(article, versions, events, counters)
    Path(html_path).write_text(page, encoding="utf-8")
    click.echo(f"wrote {html_path} ({len(versions)} versions, {len(counters)} counter observations)")
