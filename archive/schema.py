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


def upgrade(db: Database) -> None:
    """Bring an archive of any earlier schema up to date."""
    migrations.apply(db)
