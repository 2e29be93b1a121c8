"""The Archive facade: record fetches, and read articles, versions, counters and events."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from . import captures, revisions, schema
from .clock import Clock, normalise_timestamp, utcnow

# Outcomes of a fetch, as the crawl layer reports them (see docs/CONTRACTS.md).
ARTICLE = "article"
NOT_MODIFIED = "not_modified"
GONE = "gone"
GONE_STATUSES = frozenset({404, 410})
# Fetch outcomes that say nothing about an article's text but still belong to a known article.
KEEPS_ARTICLE = frozenset({NOT_MODIFIED, GONE, "error", "paywall_teaser", "empty"})
# Restored captures kept in memory to serve as the dictionary of the next delta.
CAPTURE_CACHE_SIZE = 256
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
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        if self.path != ":memory:":
            self.db.enable_wal()
            # WAL with synchronous=NORMAL is durable across process crashes; only an OS crash
            # can lose the last transactions, and never corrupts the file.
            conn.execute("PRAGMA synchronous = NORMAL")
        if migrate:
            schema.upgrade(self.db)
        self._captures: OrderedDict[int, bytes] = OrderedDict()

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

    def known_articles(self, site: str | None = None) -> Iterator[dict[str, Any]]:
        """Each archived article with the validators of its last fetch, for revisits."""
        sql = (
            "select a.id, a.url, a.site, a.status, f.url as fetch_url, f.etag, f.last_modified "
            "from articles a left join fetches f on f.id = ("
            "  select id from fetches where article_id = a.id and status = 200 "
            "  order by id desc limit 1) "
        )
        params: list[Any] = []
        if site is not None:
            sql += "where a.site = ? "
            params.append(site)
        yield from self.db.query(sql + "order by a.id", params)

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


class _FetchRecorder:
    """The steps of recording one fetch; lives for one transaction."""

    def __init__(self, archive: Archive, fetch: Mapping[str, Any], fetched_at: str) -> None:
        self.archive = archive
        self.db = archive.db
        self.fetch = fetch
        self.at = fetched_at
        self.record: Mapping[str, Any] = fetch.get("article") or {}
        self.outcome = str(fetch.get("outcome") or ARTICLE)
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
        return self.result

    # -- article identity --

    def _urls(self) -> list[str]:
        """Every URL this fetch was known by: canonical first, then final, requested, hops."""
        urls = [self.record.get("canonical_url"), self.fetch.get("final_url"), self.fetch.get("url")]
        urls += [hop[1] for hop in self.fetch.get("redirects") or []]
        return list(dict.fromkeys(u for u in urls if u))

    def _resolve_article(self) -> dict[str, Any] | None:
        urls = self._urls()
        known = next((a for a in map(self.archive.find_article, urls) if a), None)
        if known is None:
            if self.outcome != ARTICLE:
                return None
            known = self._create_article(urls[0])
        elif self.outcome == ARTICLE and urls[0] != known["url"] and self._moved(known["url"]):
            self._move(known, urls[0])
        for url in urls:
            if url != known["url"]:
                self.db["aliases"].insert(
                    {"url": url, "article_id": known["id"], "first_seen": self.at}, ignore=True
                )
        self.db["articles"].update(known["id"], {"last_seen": self.at})
        return known

    def _moved(self, old_url: str) -> bool:
        """The old canonical URL now redirects permanently to the new one."""
        hops = self.fetch.get("redirects") or []
        return any(status in (301, 308) for status, _ in hops) and any(
            url == old_url for _, url in hops
        ) or self.fetch.get("url") == old_url and self.fetch.get("final_url") != old_url

    def _move(self, article: dict[str, Any], new_url: str) -> None:
        if self.archive.find_article(new_url):
            return
        old_url = article["url"]
        self.db["aliases"].insert(
            {"url": old_url, "article_id": article["id"], "first_seen": article["first_seen"]},
            ignore=True,
        )
        self.db["aliases"].delete_where("url = ?", [new_url])
        self.db["articles"].update(article["id"], {"url": new_url})
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
        article_id = self.db["articles"].insert(row).last_pk
        self.result.new_article = True
        self._event(article_id, "first_seen", detail={"url": url})
        return {"id": article_id, **row}

    # -- versions --

    def _apply_version(self, article: dict[str, Any], fetch_id: int) -> None:
        """Store a new version if the text changed; otherwise note field changes on the fetch."""
        latest = self._latest_version(article)
        new = dict(self.record)
        update: dict[str, Any] = {}
        if latest is not None and revisions.text_key(new) == latest["text_key"]:
            update = {"version_id": latest["id"]}
            update["field_changes"] = _json(revisions.field_changes(latest, new) or None)
        elif latest is not None and revisions.is_paywall_teaser(
            latest["text"], new.get("text") or "", bool(new.get("paywalled"))
        ):
            self.outcome = self.result.outcome = "paywall_teaser"
            update = {"version_id": latest["id"], "outcome": self.outcome}
        else:
            update = {"version_id": self._insert_version(article, latest, new, fetch_id)}
        self.db["fetches"].update(fetch_id, update)

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
    ) -> int:
        key = revisions.text_key(new)
        summary = revisions.classify(latest, new)
        number = (latest["number"] if latest else 0) + 1
        revert_of = self._earlier_version_with_key(article["id"], key)
        text = new.get("text") or ""
        version_id = self.db["versions"].insert(
            {
                "article_id": article["id"],
                "number": number,
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
                "word_count": len(text.split()),
                "kinds": _json(summary["kinds"]),
                "words_added": summary["words_added"],
                "words_removed": summary["words_removed"],
                "revert_of": revert_of,
                "stealth": int(bool(latest) and revisions.is_stealth_edit(latest, new)),
            }
        ).last_pk
        self.db["articles"].update(
            article["id"], {"latest_version_id": version_id, "version_count": number}
        )
        self.result.version_number = number
        if latest is not None:
            detail = {"number": number, "kinds": summary["kinds"]}
            self._event(article["id"], "changed", version_id=version_id, detail=detail)
        if revert_of is not None:
            self._event(article["id"], "reverted", version_id=version_id, detail={"to": revert_of})
        return version_id

    def _earlier_version_with_key(self, article_id: int, key: str) -> int | None:
        row = self.db.execute(
            "select id from versions where article_id = ? and text_key = ? order by number limit 1",
            [article_id, key],
        ).fetchone()
        return row[0] if row else None

    # -- lifecycle --

    def _update_lifecycle(self, article: dict[str, Any]) -> None:
        status = article.get("status") or "live"
        if self.outcome == GONE and status != "gone":
            self.db["articles"].update(article["id"], {"status": "gone"})
            detail = {"status": self.fetch.get("status"), "url": self.fetch.get("url")}
            self._event(article["id"], "gone", detail=detail)
        elif self.outcome in (ARTICLE, NOT_MODIFIED) and status == "gone":
            self.db["articles"].update(article["id"], {"status": "live"})
            self._event(article["id"], "restored", detail={"url": self.fetch.get("final_url")})

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
            self.db["events"].insert_all({**e, "fetch_id": fetch_id} for e in self.pending_events)

    # -- fetch, capture, counters --

    def _store_capture(self) -> int | None:
        body = self.fetch.get("body")
        if not body:
            return None
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
        capture_id = self.db["captures"].insert(
            {
                "url": url,
                "sha256": hashlib.sha256(body).hexdigest(),
                "size": len(body),
                "codec": codec,
                "base_id": base_id,
                "chain": chain,
                "data": data,
            }
        ).last_pk
        self.archive._remember_capture(capture_id, bytes(body))
        return capture_id

    def _insert_fetch(self, capture_id: int | None) -> int:
        headers = {k.lower(): v for k, v in (self.fetch.get("headers") or {}).items()}
        return self.db["fetches"].insert(
            {
                "article_id": self.result.article_id,
                "url": self.fetch["url"],
                "final_url": self.fetch.get("final_url") or self.fetch["url"],
                "status": self.fetch.get("status"),
                "fetched_at": self.at,
                "outcome": self.outcome,
                "error": self.fetch.get("error"),
                "content_type": headers.get("content-type"),
                "etag": headers.get("etag"),
                "last_modified": headers.get("last-modified"),
                "capture_id": capture_id,
                "hints": _json(self.fetch.get("hints") or None),
                "site": self.fetch.get("site"),
            }
        ).last_pk

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
            self.db["counters"].insert_all(rows)
