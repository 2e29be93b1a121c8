"""The Archive facade: record fetches, and read articles, versions, counters and events."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from . import captures, neardup, revisions, schema
from .keys import keys_of
from .clock import Clock, iso, normalise_timestamp, parse_iso, utcnow

# Outcomes of a fetch, as the crawl layer reports them (see docs/CONTRACTS.md).
ARTICLE = "article"
NOT_MODIFIED = "not_modified"
GONE = "gone"
GONE_STATUSES = frozenset({404, 410})
PERMANENT_STATUSES = frozenset({301, 308})
NOT_ARTICLE = "not_article"  # a hub: followed for its links, recorded without its capture
MOVED = "moved"  # a revisit redirected to a URL the same crawl fetched on its own: the move, no page
# Outcomes the archive gives an article fetch whose page must never become a version.
ERROR = "error"  # no extraction reached the archive
ERROR_PAGE = "error_page"  # status >= 400 with a page that was extracted anyway
EMPTY = "empty"  # extraction found no text
SOFT_404 = "soft_404"  # status 200, but the page reads "not found"
PAYWALL_TEASER = "paywall_teaser"  # a cut-down teaser of a full text already archived
# Fetch outcomes that say nothing about an article's text but still belong to a known article.
KEEPS_ARTICLE = frozenset({NOT_MODIFIED, GONE, MOVED, ERROR, ERROR_PAGE, EMPTY, SOFT_404, PAYWALL_TEASER})
# Near-duplicate lookups go through the SimHash's bands (neardup.bands), one index lookup each.
# At most this many versions sharing a band are compared (bounds the cost of crowded buckets).
NEAR_CANDIDATES = 200
# Restored captures kept in memory to serve as the dictionary of the next delta.
CAPTURE_CACHE_SIZE = 256
# A move reported without its page waits this long for the page (fetched by the same crawl).
PENDING_MOVE = timedelta(days=1)
BUSY_TIMEOUT_MS = 30_000


class ArchiveError(Exception):
    """A request the archive cannot satisfy (unknown article, unknown version...)."""


@dataclass
class FetchResult:
    """What recording one fetch did to the archive."""

    fetch_id: int
    article_id: int | None = None
    outcome: str = ""
    new_article: bool = False
    version_number: int | None = None
    events: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


class Archive:
    """An archive of news articles in one SQLite file (WAL mode), usable without Scrapy."""

    def __init__(self, path: str | Path, *, clock: Clock = utcnow, migrate: bool = True) -> None:
        self.path = str(path)
        self.clock = clock
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self.db = Database(conn)
        try:
            self._configure(conn, migrate)
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise ArchiveError(f"{self.path} is not a usable newsarchive archive: {exc}") from exc
        self._captures: OrderedDict[int, bytes] = OrderedDict()

    def _configure(self, conn: sqlite3.Connection, migrate: bool) -> None:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        if self.path != ":memory:":
            self.db.enable_wal()
            # WAL with synchronous=NORMAL is durable across process crashes; only an OS crash
            # can lose the last transactions, and never corrupts the file.
            conn.execute("PRAGMA synchronous = NORMAL")
        if migrate:
            schema.upgrade(self.db)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- writing -------------------------------------------------------------------------

    def record_fetch(self, fetch: Mapping[str, Any]) -> FetchResult:
        """Record one fetch (a plain record, see docs/CONTRACTS.md) in one transaction."""
        fetched_at = normalise_timestamp(fetch.get("fetched_at"), self.clock)
        with self.db.atomic():
            return _FetchRecorder(self, fetch, fetched_at).run()

    # ---- reading -------------------------------------------------------------------------

    def find_article(self, url: str) -> dict[str, Any] | None:
        """The article whose canonical URL or one of whose aliases is `url`."""
        rows = list(
            self.db.query(
                "select * from articles where url = :u union all "
                "select a.* from aliases l join articles a on a.id = l.article_id where l.url = :u "
                "limit 1",
                {"u": url},
            )
        )
        return rows[0] if rows else None

    def article(self, url: str) -> dict[str, Any]:
        found = self.find_article(url)
        if found is None:
            raise ArchiveError(f"no article with URL {url!r} in {self.path}")
        return found

    def versions(self, article_id: int) -> list[dict[str, Any]]:
        return [
            _decode_version(row)
            for row in self.db.query(
                "select * from versions where article_id = ? order by number", [article_id]
            )
        ]

    def version(self, article_id: int, number: int) -> dict[str, Any]:
        rows = list(
            self.db.query(
                "select * from versions where article_id = ? and number = ?", [article_id, number]
            )
        )
        if not rows:
            raise ArchiveError(f"article {article_id} has no version {number}")
        return _decode_version(rows[0])

    def counters(self, article_id: int) -> list[dict[str, Any]]:
        return list(
            self.db.query(
                "select name, value, observed_at from counters where article_id = ? "
                "order by observed_at, id",
                [article_id],
            )
        )

    def events(self, article_id: int) -> list[dict[str, Any]]:
        return list(
            self.db.query(
                "select kind, at, version_id, detail from events where article_id = ? "
                "order by at, id",
                [article_id],
            )
        )

    def field_history(self, article_id: int) -> list[dict[str, Any]]:
        """Each change of byline, dates, section, tags or image seen on a fetch, oldest first.

        An entry: {"at", "fetch_id", "version" (number current then), "with_text" (the fetch made
        that version), "changes": {field: {"old", "new"}}}. Fields are compared between one
        article fetch and the next, so a change is listed once, not on every later fetch.
        """
        versions = {v["id"]: v for v in self.versions(article_id)}
        rows = self.db.query(
            "select id, fetched_at, version_id, field_changes from fetches "
            "where article_id = ? and outcome = ? and version_id is not null order by fetched_at, id",
            [article_id, ARTICLE],
        )
        history: list[dict[str, Any]] = []
        previous: dict[str, Any] | None = None
        for row in rows:
            version = versions[row["version_id"]]
            state = {name: version.get(name) for name in revisions.FIELD_NAMES}
            for name, change in json.loads(row["field_changes"] or "{}").items():
                state[name] = change.get("new")
            changes = revisions.field_changes(previous, state) if previous is not None else {}
            if changes:
                history.append(
                    {
                        "at": row["fetched_at"],
                        "fetch_id": row["id"],
                        "version": version["number"],
                        "with_text": version["fetch_id"] == row["id"],
                        "changes": changes,
                    }
                )
            previous = state
        return history

    def duplicates(self, article_id: int) -> list[dict[str, Any]]:
        """Articles holding the same text under another URL (either direction of the link)."""
        return list(
            self.db.query(
                "select d.kind, d.distance, d.detected_at, a.id as article_id, a.url, "
                "d.article_id = :id as is_copy from duplicates d join articles a on a.id = "
                "case when d.article_id = :id then d.duplicate_of else d.article_id end "
                "where d.article_id = :id or d.duplicate_of = :id order by d.detected_at, d.id",
                {"id": article_id},
            )
        )

    def changes_sql(self, site: str | None = None, first: bool = False) -> str:
        """SQL of the versions captured since :since (newest first), with their article."""
        sql = (
            "select a.url, a.site, a.id as article_id, v.number as version, v.captured_at, "
            "v.kinds, v.words_added, v.words_removed, v.stealth, v.title, "
            "(select r.number from versions r where r.id = v.revert_of) as revert_of "
            "from versions v join articles a on a.id = v.article_id where v.captured_at >= :since"
        )
        if not first:
            sql += " and v.number > 1"
        if site is not None:
            sql += " and a.site = :site"
        return sql + " order by v.captured_at desc, v.id desc"

    def changes(
        self, since: str, site: str | None = None, *, first: bool = False
    ) -> list[dict[str, Any]]:
        """New versions captured since `since` (ISO 8601): changed articles, and new ones if first."""
        rows = self.db.query(
            self.changes_sql(site, first), {"since": normalise_timestamp(since), "site": site}
        )
        out = []
        for row in rows:
            row["kinds"] = json.loads(row["kinds"]) if row["kinds"] else []
            row["stealth"] = bool(row["stealth"])
            out.append(row)
        return out

    def known_articles(self, site: str | None = None) -> Iterator[dict[str, Any]]:
        """Each archived article with the validators of its last fetch, for revisits."""
        sql = (
            "select a.id, a.url, a.site, a.status, f.url as fetch_url, f.etag, f.last_modified "
            "from articles a left join fetches f on f.id = ("
            "  select id from fetches where article_id = a.id and status = 200 "
            "  and outcome != 'not_article' order by id desc limit 1) "  # not a section it redirected to
        )
        params: list[Any] = []
        if site is not None:
            sql += "where a.site = ? "
            params.append(site)
        yield from self.db.query(sql + "order by a.id", params)

    def hubs(self, site: str | None = None) -> dict[str, dict[str, Any]]:
        """The known hubs (of `site`) by URL: validators, body hash and links (decoded) of their
        last fetch, for conditional recrawls."""
        sql = "select url, etag, last_modified, sha256, links from hubs"
        params: list[Any] = []
        if site is not None:
            sql += " where site = ?"
            params.append(site)
        return {
            row[0]: {"etag": row[1], "last_modified": row[2], "sha256": row[3],
                     "links": json.loads(row[4]) if row[4] else None}
            for row in self.db.execute(sql, params)
        }

    def capture(self, capture_id: int) -> bytes:
        """The raw bytes of a stored capture, restored byte for byte."""
        cached = self._captures.get(capture_id)
        if cached is not None:
            return cached
        rows = list(self.db.query("select * from captures where id = ?", [capture_id]))
        if not rows:
            raise ArchiveError(f"no capture {capture_id}")
        row = rows[0]
        base = self.capture(row["base_id"]) if row["base_id"] else None
        raw = captures.decode_capture(row["codec"], row["data"], base)
        self._remember_capture(capture_id, raw)
        return raw

    def stats(self) -> dict[str, Any]:
        one = lambda sql: next(iter(self.db.execute(sql).fetchone()), 0)  # noqa: E731
        return {
            "articles": one("select count(*) from articles"),
            "versions": one("select count(*) from versions"),
            "fetches": one("select count(*) from fetches"),
            "counter_observations": one("select count(*) from counters"),
            "events": one("select count(*) from events"),
            "changed_articles": one("select count(*) from articles where version_count > 1"),
            "gone_articles": one("select count(*) from articles where status = 'gone'"),
            "capture_bytes": one("select coalesce(sum(length(data)), 0) from captures"),
            "raw_bytes": one("select coalesce(sum(size), 0) from captures"),
            "first_fetch": one("select min(fetched_at) from fetches"),
            "last_fetch": one("select max(fetched_at) from fetches"),
        }

    def _remember_capture(self, capture_id: int, raw: bytes) -> None:
        self._captures[capture_id] = raw
        self._captures.move_to_end(capture_id)
        while len(self._captures) > CAPTURE_CACHE_SIZE:
            self._captures.popitem(last=False)


def _decode_version(row: dict[str, Any]) -> dict[str, Any]:
    out = dict(row)
    for key in ("authors", "tags", "kinds"):
        out[key] = json.loads(row[key]) if row.get(key) else []
    return out


def _bindable(value: Any) -> Any:
    """Lists and dicts are stored as JSON text, as sqlite-utils stores them."""
    return _json(value) if isinstance(value, (list, dict, tuple)) else value


def _bare(title: str) -> str:
    """A title as compared: its words, lower-cased."""
    return " ".join(revisions.normalise(title).casefold().split())


def _same_page(a: str, b: str) -> bool:
    """The same address but for scheme, "www." or a trailing slash: a respelling, not another page."""
    def bare(url: str) -> str:
        return url.split("://", 1)[-1].removeprefix("www.").rstrip("/")
    return bare(a) == bare(b)


def _sha256(body: bytes | None) -> str | None:
    return hashlib.sha256(body).hexdigest() if body else None


def _insert(db: Database, table: str, row: Mapping[str, Any], *, ignore: bool = False,
            replace: bool = False) -> int:
    """INSERT one row; returns its rowid.

    The hot path of recording a fetch: sqlite-utils' Table.insert looks the schema up in
    sqlite_master on every call (36 queries per page measured), which this skips.
    """
    columns = ", ".join(f"[{c}]" for c in row)
    marks = ", ".join("?" for _ in row)
    verb = "insert or ignore" if ignore else "insert or replace" if replace else "insert"
    sql = f"{verb} into [{table}] ({columns}) values ({marks})"
    return db.conn.execute(sql, [_bindable(v) for v in row.values()]).lastrowid or 0


def _insert_all(db: Database, table: str, rows: Iterable[Mapping[str, Any]]) -> None:
    for row in rows:
        _insert(db, table, row)


def _update(db: Database, table: str, pk: int, values: Mapping[str, Any]) -> None:
    if values:
        assignments = ", ".join(f"[{c}] = ?" for c in values)
        params = [_bindable(v) for v in values.values()] + [pk]
        db.conn.execute(f"update [{table}] set {assignments} where id = ?", params)


def _get(db: Database, table: str, pk: int) -> dict[str, Any]:
    cursor = db.conn.execute(f"select * from [{table}] where id = ?", [pk])
    names = [d[0] for d in cursor.description]
    return dict(zip(names, cursor.fetchone()))


class _FetchRecorder:
    """The steps of recording one fetch; lives for one transaction."""

    def __init__(self, archive: Archive, fetch: Mapping[str, Any], fetched_at: str) -> None:
        self.archive = archive
        self.db = archive.db
        self.fetch = fetch
        self.at = fetched_at
        self.record: Mapping[str, Any] = fetch.get("article") or {}
        self.error: str | None = fetch.get("error")
        self.outcome = self._screen(self._still_the_story(str(fetch.get("outcome") or ARTICLE)))
        self.result = FetchResult(fetch_id=0, outcome=self.outcome)
        self.pending_events: list[dict[str, Any]] = []

    def run(self) -> FetchResult:
        article = self._resolve_article()
        if article is not None:
            self.result.article_id = article["id"]
        fetch_id = self._insert_fetch(self._store_capture())
        self.result.fetch_id = fetch_id
        if article is not None:
            if self.outcome == ARTICLE:
                self._apply_version(article, fetch_id)
            self._update_lifecycle(article)
            self._insert_counters(article["id"], fetch_id)
        self._flush_events(fetch_id)
        self._remember_hub()
        return self.result

    def _still_the_story(self, outcome: str) -> str:
        """A page the crawler took for a hub, fetched at a known article's address (there, or moved there for
        good), is still that article when it keeps the story's headline or most of its text: one that stopped
        declaring itself would otherwise lose its edits, or be reported removed when it moved. A section page,
        a consent wall or a login page keeps neither, and stays what the crawler said."""
        if outcome != NOT_ARTICLE or not (self.record.get("text") or "").strip() or not self._permanent_hops_only():
            return outcome
        article = self.archive.find_article(self.fetch.get("url") or "")
        latest = self._latest_version(article) if article else None
        if latest is None:
            return outcome
        same_title = bool(latest["title"]) and _bare(latest["title"]) == _bare(self.record.get("title") or "")
        simhash = keys_of(self.record)["simhash"]  # the workers' when the record carries it
        near = None not in (simhash, latest["simhash"]) and neardup.is_near_duplicate(simhash, latest["simhash"])
        return ARTICLE if same_title or near else outcome

    def _permanent_hops_only(self) -> bool:
        """Every redirect on the way, if any, was permanent (301/308): a move for good, not a detour to a login."""
        return all(status in PERMANENT_STATUSES for status, _ in self.fetch.get("redirects") or [])

    def _screen(self, outcome: str) -> str:
        """The outcome of an article fetch whose page cannot be a version: error, empty, soft 404.

        Such a page's extraction is dropped: its canonical URL and counters are not the article's.
        """
        if outcome != ARTICLE:
            self.record = {}  # not a version: no title, canonical URL or counters of the story either
            return outcome
        status, record = self.fetch.get("status"), self.record
        if isinstance(status, int) and status >= 400:
            self.error, outcome = self.error or f"status {status}", ERROR_PAGE
        elif not record:
            self.error, outcome = self.error or "no_extraction", ERROR
        elif not revisions.normalise(record.get("text")):
            outcome = EMPTY
        elif revisions.is_soft_404(record.get("title"), record.get("text")):
            outcome = SOFT_404
        if outcome != ARTICLE:
            self.record = {}
        return outcome

    # -- article identity --

    def _urls(self) -> list[str]:
        """Every URL this fetch was known by: canonical first, then final, requested, hops, and
        the URL as a link spelled it before the crawler cleaned it (hint `seen_as`)."""
        urls = [self.record.get("canonical_url"), self.fetch.get("final_url"), self.fetch.get("url")]
        urls += [hop[1] for hop in self.fetch.get("redirects") or []]
        urls.append((self.fetch.get("hints") or {}).get("seen_as"))
        return list(dict.fromkeys(u for u in urls if isinstance(u, str) and u))

    def _resolve_article(self) -> dict[str, Any] | None:
        if self.outcome == MOVED:
            return self._resolve_move()
        urls = self._urls()
        known = next((a for a in map(self.archive.find_article, urls) if a), None)
        pending = None
        if known is None and self.outcome == ARTICLE:
            known = pending = self._moved_here(urls)
        if known is None:
            if self.outcome != ARTICLE:
                return None
            known = self._create_article(urls[0])
        elif self.outcome == ARTICLE:
            known = self._merge_moved_copy(known)
            if urls[0] != known["url"] and (pending or self._moved(known["url"])):
                self._move(known, urls[0])
        # a page that is no article (a section page a removed story now redirects to) is none of its URLs
        for url in urls if self.outcome != NOT_ARTICLE else []:
            if url != known["url"]:
                _insert(
                    self.db, "aliases", {"url": url, "article_id": known["id"], "first_seen": self.at}, ignore=True
                )
        _update(self.db, "articles", known["id"], {"last_seen": self.at})
        return known

    def _resolve_move(self) -> dict[str, Any] | None:
        """A move reported without its page: the article moves once the new URL is known as an article.

        When the new URL's page arrived first, it made an article of its own, folded in here as a body-carrying
        redirect would fold it. Otherwise the fetch waits: the new URL's page, when it comes, finds it
        (`_moved_here`). A 301 to a section page thus never moves an article onto a hub."""
        old = self.archive.find_article(self.fetch.get("url") or "")
        if old is None:
            return None
        new = self.archive.find_article(self.fetch.get("final_url") or "")
        if new is not None and new["id"] != old["id"]:
            target = new["url"]  # the copy's canonical URL, which the redirect target may only alias
            known = self._merge_moved_copy(new)
            if known["id"] == old["id"]:
                self._move(known, target)
                old = known
        _update(self.db, "articles", old["id"], {"last_seen": self.at})
        return old

    def _moved_here(self, urls: list[str]) -> dict[str, Any] | None:
        """The article whose revisit reported a permanent move to one of these URLs, without the page, lately
        (the same crawl): only when one article alone moved there."""
        since = iso(parse_iso(self.at) - PENDING_MOVE)
        for url in urls:
            rows = self.db.execute(
                "select distinct article_id from fetches where outcome = ? and final_url = ? "
                "and article_id is not null and fetched_at >= ?", [MOVED, url, since]).fetchall()
            if len(rows) == 1:
                return dict(_get(self.db, "articles", rows[0][0]))
        return None

    def _moved(self, old_url: str) -> bool:
        """The old canonical URL now redirects permanently to the new one."""
        hops = self.fetch.get("redirects") or []
        return any(status in PERMANENT_STATUSES for status, _ in hops) and any(
            url == old_url for _, url in hops
        ) or self.fetch.get("url") == old_url and self.fetch.get("final_url") != old_url

    def _merge_moved_copy(self, found: dict[str, Any]) -> dict[str, Any]:
        """The article a permanent redirect comes from, when its new URL was archived first.

        A crawl can reach a moved article's new URL (from a link) before revisiting the old one;
        the new URL then became an article of its own. When the redirect shows it, the copy is folded
        into the original, which moves: a copy holding no text the original lacks leaves no trace, and the
        versions of a copy captured after the original's latest (the story edited as it moved) become its next.
        """
        hops = self.fetch.get("redirects") or []
        for status, old_url in hops:
            original = self.archive.find_article(old_url) if status in PERMANENT_STATUSES else None
            if original is None or original["id"] == found["id"]:
                continue
            latest = self._latest_version(original)
            copies = list(self.db.query(
                "select * from versions where article_id = ? order by number", [found["id"]]))
            if latest is None or not copies:
                continue
            if not {c["text_key"] for c in copies} - {latest["text_key"]}:
                self._fold_article(found["id"], original["id"], latest["id"])
            elif copies[0]["captured_at"] >= latest["captured_at"]:
                # the versions first (folding moves every row of the copy, and their numbers are taken), then events
                rehomed = self._rehome_versions([_decode_version(c) for c in copies], latest, original["id"])
                self._fold_article(found["id"], original["id"], latest["id"], keep_versions=True)
                for version_id, compared in rehomed:
                    self._version_events(original["id"], version_id, compared, first=False)
            else:  # the two histories interleave: which edit came first is not known, so both are kept
                continue
            return dict(_get(self.db, "articles", original["id"]))
        return found

    def _rehome_versions(self, copies: list[dict[str, Any]], latest: dict[str, Any],
                         into_id: int) -> list[tuple[int, dict[str, Any]]]:
        """A moved copy's versions, in order, as the original's next ones: a version repeating the one before it
        leaves, its fetches pointing there; the others are renumbered and compared with the one before them."""
        rehomed = []
        # a copy's revert marks point at its own versions, some of which leave: each is computed anew below
        self.db.execute("update versions set revert_of = null where article_id = ?", [copies[0]["article_id"]])
        for version in copies:
            if version["text_key"] == latest["text_key"]:
                for table in ("fetches", "events", "duplicates"):
                    self.db.execute(f"update [{table}] set version_id = ? where version_id = ?",
                                    [latest["id"], version["id"]])
                self.db.execute("delete from simhash_bands where version_id = ?", [version["id"]])
                self.db.execute("delete from versions where id = ?", [version["id"]])
                continue
            compared = self._rehome_version(version, latest, into_id)
            rehomed.append((version["id"], compared))
            latest = {**version, **compared}
        return rehomed

    def _rehome_version(self, version: dict[str, Any], latest: dict[str, Any], into_id: int) -> dict[str, Any]:
        """A moved copy's version, renumbered as the original's next one and compared with its latest."""
        compared = self._compared(into_id, latest, version, version["text_key"])
        row = {"article_id": into_id, **compared, "kinds": _json(compared["kinds"])}
        _update(self.db, "versions", version["id"], row)
        self.db.execute("update simhash_bands set article_id = ? where version_id = ?", [into_id, version["id"]])
        _update(self.db, "articles", into_id, {"latest_version_id": version["id"], "version_count": compared["number"]})
        return compared

    def _fold_article(self, copy_id: int, into_id: int, version_id: int, keep_versions: bool = False) -> None:
        """Rows of article copy_id (whose versions all equal version_id's text, or were re-homed) moved to into_id."""
        if not keep_versions:
            self.db.execute(
                "update fetches set version_id = ? where version_id in "
                "(select id from versions where article_id = ?)", [version_id, copy_id])
        self._repoint_duplicates(copy_id, into_id, version_id)
        for table in ("events", "duplicates", "simhash_bands"):
            self.db.execute(f"delete from {table} where article_id = ?", [copy_id])
        self.db.execute("delete from duplicates where duplicate_of = ?", [copy_id])
        self.db.execute("delete from versions where article_id = ?", [copy_id])
        # Every other table that refers to articles (fetches, counters, aliases, schedules...).
        for table in self.db.tables:
            for fk in table.foreign_keys:
                if fk.other_table == "articles" and fk.other_column == "id":
                    self.db.execute(
                        f"update or ignore [{table.name}] set [{fk.column}] = ? where [{fk.column}] = ?",
                        [into_id, copy_id])
                    self.db.execute(f"delete from [{table.name}] where [{fk.column}] = ?", [copy_id])
        self.db.execute("delete from articles where id = ?", [copy_id])
        self.result.article_id = into_id
        self.result.new_article = False
        self.result.events = [e for e in self.result.events if e != "first_seen"]
        self._event(into_id, "merged", detail={"article": copy_id})

    def _repoint_duplicates(self, copy_id: int, into_id: int, version_id: int) -> None:
        """Other articles' duplicate links to or from the copy now link the article it is folded into, with the
        copy's "duplicate" events (a link between the two goes, as does one the article already has)."""
        self.db.execute(
            "update or ignore duplicates set duplicate_of = :into where duplicate_of = :copy and article_id != :into "
            "and not exists (select 1 from duplicates d where d.article_id = :into "
            "and d.duplicate_of = duplicates.article_id)",
            {"into": into_id, "copy": copy_id})
        # the copy's link keeps its version when that version was re-homed, else names the one its text folded into
        self.db.execute(
            "update or ignore duplicates set article_id = :into, version_id = case when version_id in "
            "(select id from versions where article_id = :copy) then :version else version_id end "
            "where article_id = :copy and duplicate_of != :into and not exists (select 1 from duplicates d "
            "where d.article_id = duplicates.duplicate_of and d.duplicate_of = :into)",
            {"into": into_id, "copy": copy_id, "version": version_id})
        self.db.execute(
            "update events set article_id = :into, version_id = case when version_id in "
            "(select id from versions where article_id = :copy) then :version else version_id end "
            "where article_id = :copy and kind = 'duplicate' and json_extract(detail, '$.of') in "
            "(select a.url from duplicates d join articles a on a.id = d.duplicate_of where d.article_id = :into) "
            "and not exists (select 1 from events e where e.article_id = :into and e.kind = 'duplicate' "
            "and json_extract(e.detail, '$.of') = json_extract(events.detail, '$.of'))",
            {"into": into_id, "copy": copy_id, "version": version_id})

    def _move(self, article: dict[str, Any], new_url: str) -> None:
        if self.archive.find_article(new_url):
            return
        old_url = article["url"]
        _insert(self.db, "aliases",
            {"url": old_url, "article_id": article["id"], "first_seen": article["first_seen"]},
            ignore=True,
        )
        self.db.execute("delete from aliases where url = ?", [new_url])
        _update(self.db, "articles", article["id"], {"url": new_url})
        article["url"] = new_url
        self._event(article["id"], "moved", detail={"from": old_url, "to": new_url})

    def _create_article(self, url: str) -> dict[str, Any]:
        row = {
            "url": url,
            "site": self.fetch.get("site"),
            "first_seen": self.at,
            "last_seen": self.at,
            "status": "live",
            "version_count": 0,
        }
        article_id = _insert(self.db, "articles", row)
        self.result.new_article = True
        self._event(article_id, "first_seen", detail={"url": url})
        return {"id": article_id, **row}

    # -- versions --

    def _apply_version(self, article: dict[str, Any], fetch_id: int) -> None:
        """Store a new version if the text changed; otherwise note field changes on the fetch."""
        latest = self._latest_version(article)
        new = dict(self.record)
        keys = keys_of(new)
        update: dict[str, Any] = {}
        if latest is not None and keys["text_key"] == latest["text_key"]:
            update = {"version_id": latest["id"]}
            update["field_changes"] = _json(revisions.field_changes(latest, new) or None)
        elif latest is not None and revisions.is_paywall_teaser(
            latest["text"], new.get("text") or "", bool(new.get("paywalled"))
        ):
            self.outcome = self.result.outcome = PAYWALL_TEASER
            update = {"version_id": latest["id"], "outcome": self.outcome}
        else:
            update = {"version_id": self._insert_version(article, latest, new, fetch_id, keys)}
        _update(self.db, "fetches", fetch_id, update)

    def _latest_version(self, article: dict[str, Any]) -> dict[str, Any] | None:
        rows = list(
            self.db.query(
                "select * from versions where article_id = ? order by number desc limit 1",
                [article["id"]],
            )
        )
        return _decode_version(rows[0]) if rows else None

    def _insert_version(
        self,
        article: dict[str, Any],
        latest: dict[str, Any] | None,
        new: dict[str, Any],
        fetch_id: int,
        keys: Mapping[str, Any],
    ) -> int:
        key = keys["text_key"]
        compared = self._compared(article["id"], latest, new, key)
        text = new.get("text") or ""
        # The body key (exact copies) and SimHash (near copies) of the text.
        prints = {"body_key": keys["body_key"], "simhash": keys["simhash"]}
        version_id = _insert(self.db, "versions",
            {
                "article_id": article["id"],
                "captured_at": self.at,
                "fetch_id": fetch_id,
                "title": new.get("title"),
                "subtitle": new.get("subtitle"),
                "text": text,
                "authors": _json(list(new.get("authors") or [])),
                "published": new.get("published"),
                "modified": new.get("modified"),
                "language": new.get("language"),
                "site_name": new.get("site_name"),
                "section": new.get("section"),
                "tags": _json(list(new.get("tags") or [])),
                "image": new.get("image"),
                "text_key": key,
                "word_count": keys["word_count"],
                **compared,
                "kinds": _json(compared["kinds"]),
                **prints,
            }
        )
        self._index_duplicates(article["id"], version_id, prints)
        _update(self.db, "articles",
            article["id"], {"latest_version_id": version_id, "version_count": compared["number"]}
        )
        self.result.version_number = compared["number"]
        self._version_events(article["id"], version_id, compared, first=latest is None)
        return version_id

    def _compared(self, article_id: int, latest: dict[str, Any] | None, new: Mapping[str, Any],
                  key: str) -> dict[str, Any]:
        """A version's number and change columns against the article's latest version (kinds as a list)."""
        summary = revisions.classify(latest, new)
        return {
            "number": (latest["number"] if latest else 0) + 1,
            "kinds": summary["kinds"],
            "words_added": summary["words_added"],
            "words_removed": summary["words_removed"],
            "revert_of": self._earlier_version_with_key(article_id, key),
            "stealth": int(bool(latest) and revisions.is_stealth_edit(latest, new)),
        }

    def _version_events(self, article_id: int, version_id: int, compared: Mapping[str, Any], first: bool) -> None:
        if not first:
            detail = {"number": compared["number"], "kinds": compared["kinds"]}
            self._event(article_id, "changed", version_id=version_id, detail=detail)
        if compared["revert_of"] is not None:
            self._event(article_id, "reverted", version_id=version_id, detail={"to": compared["revert_of"]})

    def _earlier_version_with_key(self, article_id: int, key: str) -> int | None:
        row = self.db.execute(
            "select id from versions where article_id = ? and text_key = ? order by number limit 1",
            [article_id, key],
        ).fetchone()
        return row[0] if row else None

    # -- duplicates across URLs --

    def _index_duplicates(self, article_id: int, version_id: int, prints: dict[str, Any]) -> None:
        """Index the version's SimHash bands, then link its article to an earlier copy, if any."""
        simhash = prints["simhash"]
        if simhash is None:  # too short to tell a copy from a coincidence
            return
        found = self._exact_copy(article_id, version_id, prints["body_key"])
        if found is None:
            found = self._near_copy(article_id, simhash)
        _insert_all(
            self.db,
            "simhash_bands",
            (
                {"band": band, "value": value, "version_id": version_id, "article_id": article_id}
                for band, value in enumerate(neardup.bands(simhash))
            ),
        )
        if found is not None:
            self._link_duplicate(article_id, version_id, *found)

    def _exact_copy(self, article_id: int, version_id: int, key: str) -> tuple[int, str, int] | None:
        row = self.db.execute(
            "select article_id from versions where body_key = ? and article_id != ? "
            "and id != ? order by id limit 1",
            [key, article_id, version_id],
        ).fetchone()
        return (row[0], "exact", 0) if row else None

    def _near_copy(self, article_id: int, simhash: int) -> tuple[int, str, int] | None:
        """The closest other article among versions sharing a band (an index lookup per band)."""
        bands = neardup.bands(simhash)
        where = " or ".join("(b.band = ? and b.value = ?)" for _ in bands)
        params: list[Any] = [x for pair in enumerate(bands) for x in pair]
        rows = self.db.execute(
            "select distinct b.article_id, v.simhash from simhash_bands b "
            f"join versions v on v.id = b.version_id where ({where}) and b.article_id != ? "
            f"limit {NEAR_CANDIDATES}",
            [*params, article_id],
        ).fetchall()
        scored = sorted((neardup.hamming(simhash, h), other) for other, h in rows if h is not None)
        if not scored or scored[0][0] > neardup.NEAR_DUPLICATE_BITS:
            return None
        distance, other = scored[0]
        return other, "near", distance

    def _link_duplicate(
        self, article_id: int, version_id: int, other: int, kind: str, distance: int
    ) -> None:
        linked = self.db.execute(
            "select 1 from duplicates where article_id = ? and duplicate_of = ? "
            "or article_id = ? and duplicate_of = ?",
            [article_id, other, other, article_id],
        ).fetchone()
        if linked:
            return
        _insert(self.db, "duplicates",
            {
                "article_id": article_id,
                "duplicate_of": other,
                "kind": kind,
                "distance": distance,
                "version_id": version_id,
                "detected_at": self.at,
            }
        )
        url = _get(self.db, "articles", other)["url"]
        detail = {"of": url, "kind": kind, "distance": distance}
        self._event(article_id, "duplicate", version_id=version_id, detail=detail)

    # -- lifecycle --

    def _update_lifecycle(self, article: dict[str, Any]) -> None:
        status = article.get("status") or "live"
        redirected = bool(self.fetch.get("redirects"))  # a 304 from wherever a redirect led is not the story
        if (self.outcome == GONE or self._redirected_off()) and status != "gone":
            _update(self.db, "articles", article["id"], {"status": "gone"})
            hops = self.fetch.get("redirects") or []
            detail = {"status": hops[0][0] if self.outcome == NOT_ARTICLE else self.fetch.get("status"),
                      "url": self.fetch.get("url")}
            if self.outcome == NOT_ARTICLE:
                detail["to"] = self.fetch.get("final_url")
            self._event(article["id"], "gone", detail=detail)
        elif status == "gone" and (self.outcome == ARTICLE or self.outcome == NOT_MODIFIED and not redirected):
            _update(self.db, "articles", article["id"], {"status": "live"})
            self._event(article["id"], "restored", detail={"url": self.fetch.get("final_url")})

    def _redirected_off(self) -> bool:
        """The article's URL now redirects for good to a page that is no article (its section): a removed story."""
        hops = self.fetch.get("redirects") or []
        final = self.fetch.get("final_url") or ""
        if self.outcome != NOT_ARTICLE or not hops or not self._permanent_hops_only():
            return False
        landing = self.archive.find_article(final)
        return not _same_page(final, self.fetch.get("url") or "") and (
            landing is None or landing["id"] != self.result.article_id)

    def _event(
        self,
        article_id: int,
        kind: str,
        *,
        version_id: int | None = None,
        detail: dict[str, Any] | None = None,
    ) -> None:
        """Queue an event; it is written with the fetch's id once the fetch row exists."""
        self.pending_events.append(
            {
                "article_id": article_id,
                "kind": kind,
                "at": self.at,
                "version_id": version_id,
                "detail": _json(detail),
            }
        )
        self.result.events.append(kind)

    def _flush_events(self, fetch_id: int) -> None:
        if self.pending_events:
            _insert_all(self.db, "events", ({**e, "fetch_id": fetch_id} for e in self.pending_events))

    # -- hubs --

    def _remember_hub(self) -> None:
        """A hub's validators, body hash and links, for the next crawl to ask conditionally."""
        url = self.fetch.get("url")
        if self.outcome == ARTICLE:
            self.db.execute("delete from hubs where url = ?", [url])  # it holds an article now
            return
        if self.fetch.get("redirects"):
            url = self.fetch.get("final_url") or url  # a story redirected to its section: the section's row
        if self.outcome != NOT_ARTICLE:
            return
        headers = {k.lower(): v for k, v in (self.fetch.get("headers") or {}).items()}
        links = self.fetch.get("links")
        row = {"etag": headers.get("etag"), "last_modified": headers.get("last-modified"),
               "sha256": self.fetch.get("sha256") or _sha256(self.fetch.get("body"))}
        if isinstance(links, Mapping):
            _insert(self.db, "hubs", {"url": url, "site": self.fetch.get("site"), **row,
                                      "links": _json(dict(links)), "checked_at": self.at,
                                      "changed_at": self.at}, replace=True)
        else:
            # Unchanged (a 304, or the same bytes): its links stand; newer validators if sent.
            self.db.execute(
                "update hubs set checked_at = ?, etag = coalesce(?, etag), "
                "last_modified = coalesce(?, last_modified), sha256 = coalesce(?, sha256) "
                "where url = ?", [self.at, row["etag"], row["last_modified"], row["sha256"], url])

    # -- fetch, capture, counters --

    def _store_capture(self) -> int | None:
        body = self.fetch.get("body")
        if not body or self.outcome == NOT_ARTICLE and self.fetch.get("article"):
            return None  # a page offered as a known story's that was not: no more kept than a hub's page is
        url = self.fetch.get("final_url") or self.fetch["url"]
        previous = self.db.execute(
            "select id, chain from captures where url = ? order by id desc limit 1", [url]
        ).fetchone()
        base_id, chain = (None, 0)
        if previous is not None and not captures.should_store_full(previous[1] + 1):
            base_id, chain = previous[0], previous[1] + 1
        base = self.archive.capture(base_id) if base_id else None
        codec, data = captures.encode_capture(body, base)
        if base is not None and codec != captures.CODEC_ZSTD_DICT:
            base_id, chain = None, 0
        capture_id = _insert(self.db, "captures",
            {
                "url": url,
                "sha256": self.fetch.get("sha256") or _sha256(body),
                "size": len(body),
                "codec": codec,
                "base_id": base_id,
                "chain": chain,
                "data": data,
            }
        )
        self.archive._remember_capture(capture_id, bytes(body))
        return capture_id

    def _insert_fetch(self, capture_id: int | None) -> int:
        headers = {k.lower(): v for k, v in (self.fetch.get("headers") or {}).items()}
        return _insert(self.db, "fetches",
            {
                "article_id": self.result.article_id,
                "url": self.fetch["url"],
                "final_url": self.fetch.get("final_url") or self.fetch["url"],
                "status": self.fetch.get("status"),
                "fetched_at": self.at,
                "outcome": self.outcome,
                "error": self.error,
                "content_type": headers.get("content-type"),
                "etag": headers.get("etag"),
                "last_modified": headers.get("last-modified"),
                "capture_id": capture_id,
                "hints": _json(self.fetch.get("hints") or None),
                "site": self.fetch.get("site"),
            }
        )

    def _insert_counters(self, article_id: int, fetch_id: int) -> None:
        counters = self.record.get("counters") or {}
        rows = [
            {
                "article_id": article_id,
                "fetch_id": fetch_id,
                "name": str(name),
                "value": int(value),
                "observed_at": self.at,
            }
            for name, value in sorted(counters.items())
            if isinstance(value, int) and not isinstance(value, bool)
        ]
        if rows:
            _insert_all(self.db, "counters", rows)
