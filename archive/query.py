"""Reads for researchers: time filters, full-text search (SQL built apart from its execution)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from .clock import Clock, iso, parse_iso, utcnow
from .readonly import ReadOnlyDatabase

__all__ = ["ORDERS", "SearchQuery", "count_sql", "parse_time", "quote_fts", "search", "search_sql", "window"]

DEFAULT_SEARCH_LIMIT = 20
# Ranking (bm25) costs a few microseconds per matching version: past this many matches a term
# is in most of the archive, ranking means little, and `auto` lists the newest versions first.
RANK_MAX_MATCHES = 20_000
ORDERS = ("auto", "rank", "newest")
SNIPPET_TOKENS = 16  # words around the match in a snippet
SNIPPET_ELLIPSIS = "…"
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$", re.I)
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
# A double-quoted phrase, or a run of anything else but white space.
_TERM = re.compile(r'"([^"]*)"|(\S+)')


def parse_time(text: str, clock: Clock = utcnow) -> str:
    """`24h`, `7d`, `30m`, `2w` (that long before now) or an ISO 8601 date or time, as ISO UTC."""
    match = _DURATION.match(text)
    if match:
        amount, unit = float(match.group(1)), _UNITS[match.group(2).lower()]
        return iso(clock() - timedelta(**{unit: amount}))
    try:
        return iso(parse_iso(text.strip()))
    except ValueError:
        raise ValueError(f"not a time: {text!r} (use 24h, 7d, 30m, 2w or an ISO date like 2025-05-03)") from None


def quote_fts(query: str) -> str:
    """A user's words as a safe FTS5 query: every term quoted, all terms required.

    `"a phrase"` stays a phrase, `word*` stays a prefix search; everything else (AND, OR, NOT,
    NEAR, parentheses, `-`, `:`, stray quotes) is searched for as plain words, never parsed.
    """
    parts: list[str] = []
    for phrase, word in _TERM.findall(query):
        if phrase.strip():
            parts.append(_quoted(phrase))
        elif word:
            prefix = word.endswith("*") and len(word.rstrip("*")) > 0
            body = word.rstrip("*") if prefix else word
            body = body.replace('"', " ").strip()
            if body:
                parts.append(_quoted(body) + ("*" if prefix else ""))
    return " ".join(parts)


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


@dataclass(frozen=True)
class SearchQuery:
    """What to search for and where: the input of `search_sql`."""

    text: str
    site: str | None = None
    since: str | None = None  # ISO 8601 UTC, inclusive
    until: str | None = None  # ISO 8601 UTC, exclusive
    all_versions: bool = False
    limit: int = DEFAULT_SEARCH_LIMIT
    raw: bool = False  # pass FTS5 query syntax through unquoted
    marks: tuple[str, str] = ("[", "]")
    order: str = "auto"  # rank (bm25), newest (captured last first), auto (rank unless too many)


def search_sql(q: SearchQuery) -> tuple[str, dict[str, Any]]:
    """SQL and parameters of a ranked full-text search over versions, with a snippet per hit.

    By default only each article's latest version is searched (what the article says now);
    `all_versions` searches every version, so that removed wording is found too.
    CROSS JOIN keeps the full-text index the outer loop (SQLite's planner may otherwise start
    from articles and rank every match once per article).
    """
    where = ["versions_fts match :query"]
    params: dict[str, Any] = {
        "query": q.text if q.raw else quote_fts(q.text),
        "open": q.marks[0],
        "close": q.marks[1],
        "ellipsis": SNIPPET_ELLIPSIS,
        "limit": q.limit,
    }
    if not q.all_versions:
        where.append("a.latest_version_id = v.id")
    if q.site is not None:
        where.append("a.site = :site")
        params["site"] = q.site
    if q.since is not None:
        where.append("v.captured_at >= :since")
        params["since"] = q.since
    if q.until is not None:
        where.append("v.captured_at < :until")
        params["until"] = q.until
    order = "versions_fts.rowid desc" if q.order == "newest" else "versions_fts.rank"
    sql = f"""
select a.id as article_id, a.url, a.site, a.status, v.id as version_id, v.number,
  a.version_count, v.captured_at, v.title,
  snippet(versions_fts, -1, :open, :close, :ellipsis, {SNIPPET_TOKENS}) as snippet,
  versions_fts.rank as rank
from versions_fts
cross join versions v on v.id = versions_fts.rowid
cross join articles a on a.id = v.article_id
where {" and ".join(where)}
order by {order}
limit :limit"""
    return sql.strip(), params


def count_sql(q: SearchQuery, cap: int = RANK_MAX_MATCHES) -> tuple[str, dict[str, Any]]:
    """SQL counting the versions that match, up to `cap` + 1 (cheap: no ranking, no join)."""
    sql = "select count(*) from (select 1 from versions_fts where versions_fts match :query limit :cap)"
    return sql, {"query": q.text if q.raw else quote_fts(q.text), "cap": cap + 1}


def search(db: ReadOnlyDatabase, q: SearchQuery) -> Iterator[dict[str, Any]]:
    """Run `search_sql(q)`: the hits, best first."""
    if not (q.text if q.raw else quote_fts(q.text)):
        return iter(())
    if q.order == "auto":
        sql, params = count_sql(q)
        matches = next(db.execute(sql, params)[1])[0]
        q = replace(q, order="newest" if matches > RANK_MAX_MATCHES else "rank")
    sql, params = search_sql(q)
    return db.query(sql, params)


def window(since: str | None, until: str | None, clock: Clock = utcnow) -> tuple[str | None, str | None]:
    """Parse a --since/--until pair (each optional) into ISO 8601 UTC bounds."""
    return (
        parse_time(since, clock) if since else None,
        parse_time(until, clock) if until else None,
    )

