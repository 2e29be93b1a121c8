"""The `newsarchive` command group: reading the archive (no Scrapy needed here)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from . import diff as diffs
from . import diff_render as render
from .store import Archive, ArchiveError

DEFAULT_DB = "archive.db"


def db_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--db",
        "db_path",
        default=DEFAULT_DB,
        show_default=True,
        type=click.Path(dir_okay=False),
        help="Archive file (SQLite).",
    )(func)


def json_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON.")(func)


def open_archive(db_path: str, *, must_exist: bool = True) -> Archive:
    if must_exist and not Path(db_path).exists():
        raise click.ClickException(f"no archive at {db_path} (run `newsarchive crawl` first)")
    try:
        return Archive(db_path)
    except ArchiveError as exc:
        raise click.ClickException(str(exc)) from exc


def find_article(archive: Archive, url: str) -> dict[str, Any]:
    """The article at URL, or a clear command-line error."""
    try:
        return archive.article(url)
    except ArchiveError as exc:
        raise click.ClickException(str(exc)) from exc


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


@click.group()
@click.version_option(package_name="newsarchive")
def cli() -> None:
    """newsarchive: crawl news sites and keep every revision of every article."""


@cli.command()
@click.argument("url")
@db_option
@json_option
def log(url: str, db_path: str, as_json: bool) -> None:
    """The versions of the article at URL (canonical URL or any alias)."""
    with open_archive(db_path) as archive:
        article = find_article(archive, url)
        versions = archive.versions(article["id"])
        events = archive.events(article["id"])
        history = archive.field_history(article["id"])
        duplicates = archive.duplicates(article["id"])
    if as_json:
        echo_json({"article": article, "versions": versions, "events": events,
                   "field_history": history, "duplicates": duplicates})
        return
    click.echo(f"{article['url']}  ({article['status']}, first seen {article['first_seen']})")
    for line in sorted(_log_lines(versions, events, history), key=lambda item: item[0]):
        click.echo(line[1])
    for d in duplicates:
        relation = "copy of" if d["is_copy"] else "copied at"
        click.echo(f"  {relation} {d['url']}  ({d['kind']}, {d['distance']} bits, {d['detected_at']})")


# Events already told by a version line or the list of duplicates.
_TOLD_ELSEWHERE = frozenset({"changed", "reverted", "duplicate"})


def _log_lines(
    versions: list[dict[str, Any]], events: list[dict[str, Any]], history: list[dict[str, Any]]
) -> list[tuple[str, str]]:
    """(time, text) lines of versions, lifecycle events and field changes without a text change."""
    numbers = {v["id"]: v["number"] for v in versions}
    lines = []
    for v in versions:
        kinds = ", ".join(v["kinds"]) or "-"
        size = f"+{v['words_added'] or 0}/-{v['words_removed'] or 0} words"
        flags = "".join(
            [f"  revert to v{numbers.get(v['revert_of'], '?')}" if v["revert_of"] else "",
             "  STEALTH (modification date unchanged)" if v["stealth"] else ""]
        )
        title = _clean(v["title"] or "(no title)")
        lines.append((v["captured_at"], f"  v{v['number']}  {v['captured_at']}  {kinds}  {size}{flags}\n       {title}"))
    for e in events:
        if e["kind"] not in _TOLD_ELSEWHERE:
            lines.append((e["at"], f"  --  {e['at']}  {e['kind']}  {_clean(e['detail'] or '')}"))
    for h in history:
        if not h["with_text"]:
            for name, c in h["changes"].items():
                change = f"{_clean(render._value(c['old']))} -> {_clean(render._value(c['new']))}"
                lines.append((h["at"], f"  ~~  {h['at']}  {name} changed (text unchanged): {change}"))
    return lines


def _clean(text: str) -> str:
    """Archived text printed on a terminal: control characters escaped."""
    return render._safe(str(text))


@cli.command()
@click.argument("url")
@click.option("--from", "from_number", type=int, help="Older version number (default: next to last).")
@click.option("--to", "to_number", type=int, help="Newer version number (default: last).")
@click.option("--color/--no-color", default=None, help="Colour the terminal output (default: on a terminal).")
@click.option("--unified", is_flag=True, help="Plain unified text diff.")
@click.option("--html", "html_path", type=click.Path(dir_okay=False), help="Write a standalone HTML page.")
@click.option("--side-by-side", is_flag=True, help="HTML layout in two columns.")
@db_option
@json_option
def diff(
    url: str,
    from_number: int | None,
    to_number: int | None,
    color: bool | None,
    unified: bool,
    html_path: str | None,
    side_by_side: bool,
    db_path: str,
    as_json: bool,
) -> None:
    """Word-level diff of two versions of the article at URL (default: the last two)."""
    with open_archive(db_path) as archive:
        try:
            article = archive.article(url)
            count = article["version_count"] or 0
            history = archive.field_history(article["id"])
            if count < 2 and (from_number is None or to_number is None) and not history:
                raise click.ClickException(f"{article['url']} has {count} version(s): nothing to diff")
            new_n = to_number or count
            old_n = from_number or max(new_n - 1, 1)
            old, new = archive.version(article["id"], old_n), archive.version(article["id"], new_n)
        except ArchiveError as exc:
            raise click.ClickException(str(exc)) from exc
    result = diffs.diff_versions(old, new)
    result.update({"url": article["url"], "from": old_n, "to": new_n})
    if new_n == old_n + 1:
        result.update({k: new[k] for k in ("kinds", "words_added", "words_removed")})
        result["stealth"] = bool(new["stealth"])
    # Field changes seen on fetches between the two versions (and after the last one).
    last = new_n if new_n == count else new_n - 1
    result["field_history"] = [
        h for h in history if not h["with_text"] and old_n <= h["version"] <= last
    ]
    if html_path:
        layout = "side" if side_by_side else "inline"
        page = render.render_html(result, layout=layout, title=f"{article['url']} v{old_n} → v{new_n}")
        Path(html_path).write_text(page, encoding="utf-8")
        click.echo(f"wrote {html_path}")
    elif as_json:
        echo_json(result)
    elif unified:
        click.echo(render.render_unified(result), nl=False)
    else:
        use_color = sys.stdout.isatty() if color is None else color
        click.echo(f"{article['url']}  v{old_n} → v{new_n}")
        click.echo(render.render_terminal(result, color=use_color), nl=False)


@cli.command()
@db_option
@json_option
def stats(db_path: str, as_json: bool) -> None:
    """Counts of articles, versions, fetches and counters in the archive."""
    with open_archive(db_path) as archive:
        data = archive.stats()
    if as_json:
        echo_json(data)
        return
    width = max(map(len, data))
    for key, value in data.items():
        click.echo(f"{key.replace('_', ' '):<{width}}  {value}")


# Command modules register themselves on the group when imported.
from . import cli_changes  # noqa: E402,F401  registers `changes`
from . import cli_ingest  # noqa: E402,F401
from . import cli_research  # noqa: E402,F401  registers commands
