"""`log`, `diff` and `changes` show field changes, stealth edits, reverts and duplicates."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from archive.cli import cli
from archive.cli_changes import since_timestamp
from archive.store import Archive

from tests.archive.test_store import BODY, URL, record
from tests.archive.test_store_revisions import LONG, OTHER_URL, _copy


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "a.db"
    with Archive(path) as archive:
        archive.record_fetch(record(fetched_at="2025-05-01T10:00:00Z"))
        archive.record_fetch(record(fetched_at="2025-05-01T11:00:00Z", article={"section": "World"}))
        archive.record_fetch(record(title="A \x1b[2Jnew headline", fetched_at="2025-05-02T10:00:00Z",
                                    article={"section": "World"}))
        archive.record_fetch(record(fetched_at="2025-05-03T10:00:00Z", article={"section": "World"}))
        archive.record_fetch(record(text=LONG, url=OTHER_URL, final_url=OTHER_URL,
                                    article={"canonical_url": OTHER_URL}, fetched_at="2025-05-03T11:00:00Z"))
        archive.record_fetch(_copy("http://127.0.0.1/copy.html", LONG, 12))
    return str(path)


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_log_interleaves_versions_events_and_field_changes(db: str) -> None:
    out = run("log", URL, "--db", db)
    lines = out.splitlines()
    assert "section changed (text unchanged): (none) -> World" in out
    assert "revert to v1" in lines[[i for i, l in enumerate(lines) if "  v3 " in l][0]]
    assert out.count("STEALTH") == 2
    assert "\x1b" not in out
    assert out.index("v1 ") < out.index("section changed") < out.index("v2 ")


def test_log_json_and_duplicates(db: str) -> None:
    data = json.loads(run("log", OTHER_URL, "--db", db, "--json"))
    assert [d["url"] for d in data["duplicates"]] == ["http://127.0.0.1/copy.html"]
    assert "copied at http://127.0.0.1/copy.html  (exact" in run("log", OTHER_URL, "--db", db)
    assert "copy of " + OTHER_URL in run("log", "http://127.0.0.1/copy.html", "--db", db)


def test_diff_carries_kinds_stealth_and_field_history(db: str) -> None:
    data = json.loads(run("diff", URL, "--db", db, "--from", "1", "--to", "2", "--json"))
    assert data["kinds"] == ["headline_changed"] and data["stealth"] is True
    assert [list(h["changes"]) for h in data["field_history"]] == [["section"]]
    out = run("diff", URL, "--db", db, "--no-color")
    assert "stealth edit" in out and "[-new headline-]" in out.replace("\\x1b[2Jnew", "new")


def test_diff_of_one_version_with_field_changes_lists_them(tmp_path: Path) -> None:
    path = str(tmp_path / "b.db")
    with Archive(path) as archive:
        archive.record_fetch(record(fetched_at="2025-05-01T10:00:00Z"))
        archive.record_fetch(record(fetched_at="2025-05-01T11:00:00Z", article={"authors": ["Bo Li"]}))
    out = run("diff", URL, "--db", path, "--no-color")
    assert "2025-05-01T11:00:00Z (v1) authors: Ana Ruiz -> Bo Li" in out


def test_changes_lists_versions_since(db: str) -> None:
    out = run("changes", "--db", db, "--since", "2025-05-02T00:00:00Z")
    assert "v3   headline_changed  +1/-2  revert to v1  STEALTH" in out
    assert out.splitlines()[-1] == "2 change(s) since 2025-05-02T00:00:00Z, 2 stealth"
    data = json.loads(run("changes", "--db", db, "--since", "2025-05-01T00:00:00Z", "--json", "--new"))
    assert len(data["changes"]) == 5
    assert run("changes", "--db", db, "--since", "2025-05-01T00:00:00Z", "--site", "none") .startswith("no changes")


def test_since_accepts_durations_and_times() -> None:
    now = lambda: datetime(2025, 5, 3, 12, 0, tzinfo=timezone.utc)  # noqa: E731
    assert since_timestamp("24h", now) == "2025-05-02T12:00:00Z"
    assert since_timestamp("1d12h", now) == "2025-05-02T00:00:00Z"
    assert since_timestamp("90m", now) == "2025-05-03T10:30:00Z"
    assert since_timestamp("2025-05-01T08:00:00+02:00", now) == "2025-05-01T06:00:00Z"
    with pytest.raises(click.BadParameter):
        since_timestamp("yesterday", now)
