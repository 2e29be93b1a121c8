"""`newsarchive changes`: what changed in the archive recently (new versions, their kinds)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import click

from .cli import cli, db_option, echo_json, json_option, open_archive
from .clock import Clock, iso, parse_iso, utcnow
from .diff_render import _safe

_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([smhdw])")


def since_timestamp(value: str, clock: Clock = utcnow) -> str:
    """ISO 8601 UTC of `value`: a duration back from now ("24h", "90m", "7d", "1d12h") or a time."""
    text = value.strip().lower()
    parts = _DURATION.findall(text)
    if parts and _DURATION.sub("", text).strip() == "":
        delta = sum((timedelta(**{_UNITS[u]: float(n)}) for n, u in parts), timedelta())
        return iso(clock() - delta)
    try:
        return iso(parse_iso(value.strip()))
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is neither a duration (24h, 7d) nor an ISO 8601 time") from exc


def change_line(row: dict[str, Any]) -> str:
    """One change on one line: time, version, kinds, size, flags, URL."""
    kinds = ", ".join(row["kinds"]) or "-"
    size = f"+{row['words_added'] or 0}/-{row['words_removed'] or 0}"
    flags = (f"  revert to v{row['revert_of']}" if row["revert_of"] else "") + (
        "  STEALTH" if row["stealth"] else ""
    )
    return f"{row['captured_at']}  v{row['version']:<3} {kinds}  {size}{flags}  {_safe(row['url'])}"


@cli.command()
@click.option("--since", "since", default="24h", show_default=True,
              help="A duration back from now (24h, 90m, 7d) or an ISO 8601 time.")
@click.option("--site", help="Only articles of this site.")
@click.option("--new", "include_new", is_flag=True, help="Also list articles seen for the first time.")
@db_option
@json_option
def changes(since: str, site: str | None, include_new: bool, db_path: str, as_json: bool) -> None:
    """What changed since a time: new versions, their kinds, size and stealth flag."""
    cutoff = since_timestamp(since)
    with open_archive(db_path) as archive:
        rows = archive.changes(cutoff, site, first=include_new)
    if as_json:
        echo_json({"since": cutoff, "site": site, "changes": rows})
        return
    if not rows:
        click.echo(f"no changes since {cutoff}")
        return
    for row in rows:
        click.echo(change_line(row))
    stealth = sum(1 for row in rows if row["stealth"])
    click.echo(f"{len(rows)} change(s) since {cutoff}, {stealth} stealth")
