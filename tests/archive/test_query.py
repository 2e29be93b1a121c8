"""`newsarchive query`: read-only by construction, interrupted after its time limit, four formats."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import time
from pathlib import Path

import pytest

from archive.readonly import QueryError, QueryTimeout, ReadOnlyDatabase, ReadOnlyError, first_keyword
from archive.query import parse_time
from archive.clock import parse_iso

from tests.archive.conftest import invoke

pytestmark = pytest.mark.slow

RUNAWAY = "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM r) SELECT count(*) FROM r"
WRITES = [
    "INSERT INTO articles (url, first_seen, status) VALUES ('x', 'y', 'live')",
    "UPDATE articles SET url = 'x'",
    "DELETE FROM versions",
    "DROP TABLE versions",
    "ATTACH DATABASE '/tmp/other.db' AS other",
    "PRAGMA query_only = 0",
    "PRAGMA journal_mode = DELETE",
    "PRAGMA writable_schema = 1",
    "CREATE TABLE t (x)",
    "  /* sneaky */ -- comment\n delete from versions",
    "WITH v AS (SELECT 1) DELETE FROM versions",
    "REPLACE INTO articles (id, url) VALUES (1, 'x')",
    "VACUUM",
]


@pytest.mark.parametrize("sql", WRITES)
def test_writes_are_refused_with_a_clear_error(db_path: Path, sql: str) -> None:
    before = _count(db_path)
    with ReadOnlyDatabase(db_path) as db, pytest.raises(ReadOnlyError, match="refused: .*read-only"):
        list(db.execute(sql)[1])
    assert _count(db_path) == before


@pytest.mark.parametrize("sql", ["DELETE FROM versions", "ATTACH DATABASE ':memory:' AS x", "PRAGMA query_only = 0"])
def test_cli_refuses_writes(db_path: Path, sql: str) -> None:
    result = invoke("query", sql, "--db", str(db_path), ok=False)
    assert result.exit_code == 1
    assert "refused" in result.output and "read-only" in result.output


def test_runaway_query_is_interrupted_within_its_time_limit(db_path: Path) -> None:
    start = time.monotonic()
    with ReadOnlyDatabase(db_path, time_limit=0.5) as db, pytest.raises(QueryTimeout, match="0.5 s"):
        list(db.execute(RUNAWAY)[1])
    assert time.monotonic() - start < 2.0


def test_cli_interrupts_the_runaway_query(db_path: Path) -> None:
    start = time.monotonic()
    result = invoke("query", RUNAWAY, "--time-limit", "0.3", "--db", str(db_path), ok=False)
    assert result.exit_code == 1 and "interrupted after its time limit" in result.output
    assert time.monotonic() - start < 2.0


def test_the_time_limit_is_per_statement(db_path: Path) -> None:
    with ReadOnlyDatabase(db_path, time_limit=0.3) as db:
        for _ in range(3):
            time.sleep(0.15)
            assert list(db.execute("select count(*) from versions")[1])[0][0] > 0


def test_reads_views_fts_and_harmless_pragmas_are_allowed(db_path: Path) -> None:
    with ReadOnlyDatabase(db_path) as db:
        assert list(db.query("select count(*) as n from latest_versions"))[0]["n"] > 0
        assert list(db.query("select count(*) as n from versions_fts where versions_fts match 'bank'"))[0]["n"] > 0
        assert any(r["name"] == "title" for r in db.query("pragma table_info(versions)"))
        assert any(r["name"] == "title" for r in db.query("select * from pragma_table_info('versions')"))
        assert list(db.query("pragma user_version"))


def test_several_statements_and_bad_sql_are_query_errors(db_path: Path) -> None:
    with ReadOnlyDatabase(db_path) as db:
        with pytest.raises(QueryError, match="one statement"):
            db.execute("select 1; select 2")
        with pytest.raises(QueryError, match="syntax error"):
            db.execute("selec 1")


def test_first_keyword_skips_comments() -> None:
    assert first_keyword("  -- hello\n /* x */ select 1") == "SELECT"
    assert first_keyword("") == ""


def test_output_formats(db_path: Path) -> None:
    sql = "select number, title from versions where number = 1 order by id limit 3"
    args = ("--db", str(db_path))
    table = invoke("query", sql, *args).stdout.splitlines()
    assert table[0].split() == ["number", "title"] and len(table) == 5
    as_json = json.loads(invoke("query", sql, "--format", "json", *args).stdout)
    assert [set(r) for r in as_json] == [{"number", "title"}] * 3
    assert json.loads(invoke("query", sql, "--json", *args).stdout) == as_json
    lines = invoke("query", sql, "--format", "jsonl", *args).stdout.splitlines()
    assert [json.loads(line) for line in lines] == as_json
    rows = list(csv.DictReader(io.StringIO(invoke("query", sql, "--format", "csv", *args).stdout)))
    assert [r["title"] for r in rows] == [r["title"] for r in as_json]


def test_named_parameters(db_path: Path) -> None:
    out = invoke("query", "select :a as a, :b as b", "-p", "a", "1", "-p", "b", "x y", "--json", "--db", str(db_path))
    assert json.loads(out.stdout) == [{"a": "1", "b": "x y"}]


def test_parse_time() -> None:
    now = parse_iso("2025-05-03T15:00:00Z")
    clock = lambda: now  # noqa: E731
    assert parse_time("24h", clock) == "2025-05-02T15:00:00Z"
    assert parse_time("7d", clock) == "2025-04-26T15:00:00Z"
    assert parse_time("30m", clock) == "2025-05-03T14:30:00Z"
    assert parse_time("2025-05-01") == "2025-05-01T00:00:00Z"
    assert parse_time("2025-05-01T12:00:00+02:00") == "2025-05-01T10:00:00Z"
    with pytest.raises(ValueError, match="not a time"):
        parse_time("yesterday")


def _count(db_path: Path) -> int:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("select count(*) from versions").fetchone()[0]
