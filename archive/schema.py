"""Schema migrations of the archive: every change is a new migration, so old archives upgrade in place."""

from __future__ import annotations

from sqlite_utils import Database, Migrations

migrations = Migrations("newsarchive")


@migrations()
def m001_foundation(db: Database) -> None:
    """Articles, their URLs, fetches with raw captures, versions, counters and events."""
    db["articles"].create(
        {
            "id": int,
            "url": str,
            "site": str,
            "first_seen": str,
            "last_seen": str,
            "status": str,
            "latest_version_id": int,
            "version_count": int,
        },
        pk="id",
        not_null={"url", "first_seen", "status"},
        defaults={"status": "live", "version_count": 0},
    )
    db["articles"].create_index(["url"], unique=True)
    db["articles"].create_index(["site"])
    db["aliases"].create(
        {"url": str, "article_id": int, "first_seen": str},
        pk="url",
        foreign_keys=[("article_id", "articles", "id")],
    )
    db["aliases"].create_index(["article_id"])
    db["captures"].create(
        {
            "id": int,
            "url": str,
            "sha256": str,
            "size": int,
            "codec": str,
            "base_id": int,
            "chain": int,
            "data": bytes,
        },
        pk="id",
        foreign_keys=[("base_id", "captures", "id")],
    )
    db["captures"].create_index(["url", "id"])
    db["versions"].create(
        {
            "id": int,
            "article_id": int,
            "number": int,
            "captured_at": str,
            "fetch_id": int,
            "title": str,
            "subtitle": str,
            "text": str,
            "authors": str,
            "published": str,
            "modified": str,
            "language": str,
            "site_name": str,
            "section": str,
            "tags": str,
            "image": str,
            "text_key": str,
            "word_count": int,
            "kinds": str,
            "words_added": int,
            "words_removed": int,
            "revert_of": int,
            "stealth": int,
        },
        pk="id",
        not_null={"article_id", "number", "captured_at", "text_key"},
        foreign_keys=[
            ("article_id", "articles", "id"),
            ("revert_of", "versions", "id"),
        ],
    )
    db["versions"].create_index(["article_id", "number"], unique=True)
    db["versions"].create_index(["text_key"])
    db["versions"].create_index(["captured_at"])
    db["fetches"].create(
        {
            "id": int,
            "article_id": int,
            "url": str,
            "final_url": str,
            "status": int,
            "fetched_at": str,
            "outcome": str,
            "error": str,
            "content_type": str,
            "etag": str,
            "last_modified": str,
            "capture_id": int,
            "version_id": int,
            "field_changes": str,
            "hints": str,
            "site": str,
        },
        pk="id",
        not_null={"url", "fetched_at", "outcome"},
        foreign_keys=[
            ("article_id", "articles", "id"),
            ("capture_id", "captures", "id"),
            ("version_id", "versions", "id"),
        ],
    )
    db["fetches"].create_index(["article_id", "fetched_at"])
    db["fetches"].create_index(["url"])
    db["fetches"].create_index(["fetched_at"])
    db["counters"].create(
        {
            "id": int,
            "article_id": int,
            "fetch_id": int,
            "name": str,
            "value": int,
            "observed_at": str,
        },
        pk="id",
        not_null={"article_id", "name", "value", "observed_at"},
        foreign_keys=[("article_id", "articles", "id"), ("fetch_id", "fetches", "id")],
    )
    db["counters"].create_index(["article_id", "name", "observed_at"])
    db["events"].create(
        {
            "id": int,
            "article_id": int,
            "kind": str,
            "at": str,
            "fetch_id": int,
            "version_id": int,
            "detail": str,
        },
        pk="id",
        not_null={"article_id", "kind", "at"},
        foreign_keys=[
            ("article_id", "articles", "id"),
            ("fetch_id", "fetches", "id"),
            ("version_id", "versions", "id"),
        ],
    )
    db["events"].create_index(["article_id", "at"])
    db["events"].create_index(["kind", "at"])


@migrations()
def m002_crawls_schedule(db: Database) -> None:
    """Crawl runs, and the schedule state: next crawl per site, next visit per article."""
    db["crawls"].create(
        {
            "id": int,
            "started": str,
            "finished": str,
            "status": str,
            "trigger": str,
            "sites": str,
            "pid": int,
            "pages": int,
            "new_articles": int,
            "new_versions": int,
            "unchanged": int,
            "not_modified": int,
            "gone": int,
            "errors": int,
            "errors_by_kind": str,
            "finish_reason": str,
        },
        pk="id",
        not_null={"started", "status", "trigger"},
        defaults={"pages": 0, "new_articles": 0, "new_versions": 0, "unchanged": 0,
                  "not_modified": 0, "gone": 0, "errors": 0},
    )
    db["crawls"].create_index(["started"])
    db["site_schedule"].create(
        {"site": str, "last_started": str, "last_finished": str, "last_status": str,
         "next_run": str},
        pk="site",
    )
    db["article_schedule"].create(
        {"article_id": int, "next_visit": str, "interval": int, "hinted": str, "updated": str},
        pk="article_id",
        foreign_keys=[("article_id", "articles", "id")],
    )
    db["article_schedule"].create_index(["next_visit"])


@migrations()
def m003_duplicates(db: Database) -> None:
    """Body key and SimHash of each version, its SimHash bands, and duplicates across URLs."""
    from archive.neardup import MIN_WORDS, bands, body_key, fingerprint

    db["versions"].add_column("body_key", str)
    db["versions"].add_column("simhash", int)
    db["versions"].create_index(["body_key"])
    db["simhash_bands"].create(
        {"band": int, "value": int, "version_id": int, "article_id": int},
        pk=("band", "value", "version_id"),
        foreign_keys=[("version_id", "versions", "id"), ("article_id", "articles", "id")],
    )
    db["duplicates"].create(
        {
            "id": int,
            "article_id": int,
            "duplicate_of": int,
            "kind": str,
            "distance": int,
            "version_id": int,
            "detected_at": str,
        },
        pk="id",
        not_null={"article_id", "duplicate_of", "kind", "detected_at"},
        foreign_keys=[
            ("article_id", "articles", "id"),
            ("duplicate_of", "articles", "id"),
            ("version_id", "versions", "id"),
        ],
    )
    db["duplicates"].create_index(["article_id", "duplicate_of"], unique=True)
    db["duplicates"].create_index(["duplicate_of"])
    # Fingerprint the versions of an older archive (links are made from the next version on).
    for row in list(db.query("select id, article_id, text from versions")):
        text = row["text"] or ""
        simhash = fingerprint(text) if len(text.split()) >= MIN_WORDS else None
        db["versions"].update(row["id"], {"body_key": body_key(text), "simhash": simhash})
        if simhash is not None:
            db["simhash_bands"].insert_all(
                {"band": i, "value": v, "version_id": row["id"], "article_id": row["article_id"]}
                for i, v in enumerate(bands(simhash))
            )


@migrations()
def m004_research_access(db: Database) -> None:
    """Views for the common questions, full-text search over versions, indexes for canned queries."""
    db["versions"].enable_fts(
        ["title", "subtitle", "text"], create_triggers=True, tokenize="porter", replace=True
    )
    db["articles"].create_index(["version_count"], if_not_exists=True)
    db["counters"].create_index(["name", "article_id", "observed_at"], if_not_exists=True)
    db.execute(
        "create index if not exists idx_versions_stealth_captured_at "
        "on versions (captured_at) where stealth = 1"
    )
    for name, sql in RESEARCH_VIEWS.items():
        db.create_view(name, sql, replace=True)


@migrations()
def m005_hubs(db: Database) -> None:
    """Hubs (pages of links, not archived): their validators, body hash and links, for recrawls."""
    db["hubs"].create(
        {
            "url": str,
            "site": str,
            "etag": str,
            "last_modified": str,
            "sha256": str,
            "links": str,
            "checked_at": str,
            "changed_at": str,
        },
        pk="url",
    )
    db["hubs"].create_index(["site"])


@migrations()
def m006_moves_without_a_page(db: Database) -> None:
    """Fetches of outcome 'moved' (a revisit's 301 to a URL the crawl fetched anyway), found by their new URL.

    Earlier archives made a section page an alias of the story that redirected to it, and kept the section's
    hub row under the story's URL: both are undone."""
    db.execute("create index if not exists idx_fetches_moved_to on fetches (final_url) where outcome = 'moved'")
    db.execute("delete from aliases where url in (select url from hubs)")
    db.execute("delete from hubs where url in (select url from articles)")


# Views of m004, also documented in docs/schema.md. A later change is a new migration that
# replaces the view; never edit these in place once released.
RESEARCH_VIEWS = {
    "latest_versions": """
select a.id as article_id, a.url, a.site, a.status, a.first_seen, a.last_seen, a.version_count,
  v.id as version_id, v.number, v.captured_at, v.title, v.subtitle, v.text, v.authors,
  v.published, v.modified, v.language, v.section, v.tags, v.image, v.word_count
from articles a join versions v on v.id = a.latest_version_id""",
    "change_history": """
select v.id as version_id, v.article_id, a.url, a.site, v.number, v.captured_at, v.kinds,
  v.words_added, v.words_removed, v.stealth, v.revert_of, r.number as revert_to_number,
  p.title as previous_title, v.title, v.modified, v.word_count
from versions v
join articles a on a.id = v.article_id
left join versions p on p.article_id = v.article_id and p.number = v.number - 1
left join versions r on r.id = v.revert_of""",
    "counter_series": """
select c.article_id, a.url, a.site, c.name, c.observed_at, c.value,
  c.value - lag(c.value) over (
    partition by c.article_id, c.name order by c.observed_at, c.id
  ) as change,
  c.fetch_id
from counters c join articles a on a.id = c.article_id""",
    "gone_or_moved": """
select e.article_id, a.url, a.site, a.status, e.kind, e.at,
  json_extract(e.detail, '$.from') as moved_from,
  json_extract(e.detail, '$.to') as moved_to,
  json_extract(e.detail, '$.status') as http_status
from events e join articles a on a.id = e.article_id
where e.kind in ('gone', 'moved')""",
}


def upgrade(db: Database) -> None:
    """Bring an archive of any earlier schema up to date."""
    migrations.apply(db)
