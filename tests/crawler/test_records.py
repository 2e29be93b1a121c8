"""Several machines: crawl to fetch records (JSON lines), then one writer ingests them."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from archive.records import RecordError, dump_record, read_records
from archive.store import Archive
from demosite.server import DemoServer
from tests.conftest import crawl, run_cli


def test_record_round_trip_keeps_bytes() -> None:
    record = {"url": "http://127.0.0.1/a", "fetched_at": "2025-01-01T00:00:00Z", "outcome": "article",
              "body": b"\x00\xff<html>caf\xc3\xa9</html>", "article": {"title": "T"}}
    [back] = list(read_records(io.BytesIO(dump_record(record).encode())))
    assert back == record


def test_bad_line_is_named() -> None:
    good = dump_record({"url": "u", "fetched_at": "2025-01-01T00:00:00Z", "outcome": "gone"})
    with pytest.raises(RecordError, match=r"f.jsonl:2: not JSON"):
        list(read_records(io.BytesIO((good + "{oops\n").encode()), "f.jsonl"))


@pytest.mark.slow
def test_crawl_to_records_then_ingest(tmp_path: Path) -> None:
    records = tmp_path / "machine-1.jsonl.gz"
    db = tmp_path / "archive.db"
    with DemoServer(host="127.0.0.1", port=0, conditional=False) as server:
        crawl(server.url, db, "--records", str(records))
    assert not db.exists(), "a crawl writing records must not write an archive"
    out = run_cli("ingest", str(records), "--db", str(db), "--json")
    assert json.loads(out.stdout)["new versions"] == 20
    with Archive(db) as archive:
        stats = archive.stats()
        assert stats["articles"] == 20 and stats["versions"] == 20
        capture_id = next(iter(archive.db.query("select capture_id from fetches where capture_id is not null")))
        assert archive.capture(capture_id["capture_id"]).lstrip().lower().startswith(b"<!doctype html")
