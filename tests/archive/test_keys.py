"""Version keys carried in a record (computed by the crawl's workers) store the same version as keys
the archive computes itself; keys that no longer match the record's text are not used."""

from __future__ import annotations

from pathlib import Path

from archive.keys import keys_of, version_keys
from archive.store import Archive

TEXT = " ".join(f"Paragraph word{i} of a long enough story about the harbour." for i in range(12))


def fetch(url: str, **article: object) -> dict:
    record = {"title": "Harbour reopens", "subtitle": None, "text": TEXT, "canonical_url": url}
    record.update(article)
    return {"url": url, "final_url": url, "status": 200, "fetched_at": "2025-05-03T15:00:00Z",
            "headers": {}, "body": b"<html>page</html>", "outcome": "article", "article": record}


def version_row(db: Path, record: dict) -> dict:
    with Archive(db) as archive:
        archive.record_fetch(record)
        row = next(archive.db.query("select text_key, body_key, simhash, word_count from versions"))
    return row


def test_carried_keys_store_the_same_version(tmp_path: Path) -> None:
    plain = fetch("http://127.0.0.1/a/")
    carried = fetch("http://127.0.0.1/a/")
    carried["article"]["keys"] = version_keys(carried["article"])
    assert version_row(tmp_path / "a.db", plain) == version_row(tmp_path / "b.db", carried)


def test_stale_keys_are_recomputed() -> None:
    record = fetch("http://127.0.0.1/a/")["article"]
    record["keys"] = version_keys({**record, "text": "Another text entirely."})
    assert keys_of(record) == version_keys(record)
    assert keys_of(record)["text_key"] != record["keys"]["text_key"]


def test_a_change_is_still_a_new_version_with_carried_keys(tmp_path: Path) -> None:
    with Archive(tmp_path / "a.db") as archive:
        for text in (TEXT, TEXT + " A correction was appended."):
            record = fetch("http://127.0.0.1/a/", text=text)
            record["article"]["keys"] = version_keys(record["article"])
            archive.record_fetch(record)
        assert [v["number"] for v in archive.versions(1)] == [1, 2]
