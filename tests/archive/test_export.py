"""`newsarchive export`: articles, versions, counters, events as JSON lines, CSV, Parquet, streamed."""

from __future__ import annotations

import csv
import io
import json
import tracemalloc
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from archive.export import EXPORTS, ExportFilter, export
from archive.readonly import ReadOnlyDatabase
from archive.store import Archive

from tests.archive.conftest import DEMO_SITE, invoke

pytestmark = pytest.mark.slow


def _count(db_path: Path, table: str) -> int:
    with ReadOnlyDatabase(db_path) as db:
        return list(db.execute(f"select count(*) from {table}")[1])[0][0]


@pytest.mark.parametrize("table", list(EXPORTS))
def test_jsonl_has_every_row(db_path: Path, table: str) -> None:
    lines = invoke("export", table, "--db", str(db_path)).stdout.splitlines()
    rows = [json.loads(line) for line in lines]
    assert len(rows) == _count(db_path, table) > 0
    assert set(rows[0]) == {c.name for c in EXPORTS[table].columns}


def test_versions_jsonl_decodes_lists(db_path: Path) -> None:
    rows = [json.loads(x) for x in invoke("export", "versions", "--db", str(db_path)).stdout.splitlines()]
    assert all(isinstance(r["kinds"], list) and isinstance(r["authors"], list) for r in rows)
    assert {r["site"] for r in rows} == {DEMO_SITE}


def test_csv(db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "counters.csv"
    invoke("export", "counters", "--format", "csv", "-o", str(out), "--db", str(db_path))
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == _count(db_path, "counters")
    assert {"name", "value", "observed_at", "url"} <= set(rows[0])


def test_parquet(db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "versions.parquet"
    invoke("export", "versions", "--format", "parquet", "-o", str(out), "--batch-size", "7", "--db", str(db_path))
    table = pq.read_table(out)
    assert table.num_rows == _count(db_path, "versions")
    assert pa.types.is_list(table.schema.field("kinds").type)
    assert str(table.schema.field("number").type) == "int64"
    assert pq.ParquetFile(out).num_row_groups == -(-table.num_rows // 7)


def test_parquet_needs_a_file(db_path: Path) -> None:
    result = invoke("export", "versions", "--format", "parquet", "--db", str(db_path), ok=False)
    assert result.exit_code == 2 and "Parquet needs a file" in result.output


def test_site_and_time_filters(db_path: Path) -> None:
    args = ("--db", str(db_path))
    assert invoke("export", "events", "--site", "elsewhere", *args).stdout == ""
    assert invoke("export", "events", "--since", "24h", "--site", DEMO_SITE, *args).stdout
    assert invoke("export", "versions", "--until", "2000-01-01", *args).stdout == ""


def _big_archive(path: Path, count: int) -> Path:
    text = " ".join(["word"] * 400)  # ~2 KB a version
    with Archive(path) as archive, archive.db.atomic():
        archive.db["articles"].insert_all(
            {"id": i, "url": f"u{i}", "first_seen": "t", "status": "live"} for i in range(1, count + 1)
        )
        archive.db["versions"].insert_all(
            {"article_id": i, "number": 1, "captured_at": "2025-05-03T15:00:00Z", "text_key": str(i),
             "title": f"t{i}", "text": text, "kinds": '["first"]'}
            for i in range(1, count + 1)
        )
    return path


def _peak(db_path: Path, fmt: str) -> int:
    sink = io.BytesIO() if fmt == "parquet" else _Sink()
    with ReadOnlyDatabase(db_path, time_limit=None) as db:
        tracemalloc.start()
        export(db, "versions", fmt, sink, ExportFilter(), batch_size=200)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_memory_does_not_grow_with_the_archive(tmp_path: Path, fmt: str) -> None:
    """Python's peak memory for 8,000 versions (~16 MB of text) is that of 2,000: rows stream."""
    small = _peak(_big_archive(tmp_path / "small.db", 2000), fmt)
    large = _peak(_big_archive(tmp_path / "large.db", 8000), fmt)
    assert large < 1.3 * small + 100_000, (small, large)
    assert large < 4_000_000


class _Sink(io.TextIOBase):
    """A text stream that counts and forgets."""

    size = 0

    def write(self, s: str) -> int:
        self.size += len(s)
        return len(s)
