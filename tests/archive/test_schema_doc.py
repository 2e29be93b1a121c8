"""docs/schema.md documents every table, view, column, index and event kind of the archive."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from archive.store import Archive

DOC = Path(__file__).resolve().parents[2] / "docs" / "schema.md"
# FTS5's own shadow tables: documented together under versions_fts, never one by one.
SHADOW = re.compile(r"^versions_fts_(data|idx|docsize|config)$")
EVENT_KINDS = ("first_seen", "changed", "reverted", "moved", "gone", "restored", "merged", "duplicate")


def _sections() -> dict[str, str]:
    """`### name` heading -> the text up to the next heading of that level or above."""
    text = DOC.read_text(encoding="utf-8")
    parts = re.split(r"^###\s+(\S+)\s*$", text, flags=re.M)
    return {name: re.split(r"^##\s", body, flags=re.M)[0] for name, body in zip(parts[1::2], parts[2::2])}


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    return Archive(tmp_path_factory.mktemp("schema") / "archive.db")


def _relations(archive: Archive) -> list[str]:
    names = archive.db.table_names() + archive.db.view_names()
    return [n for n in names if not SHADOW.match(n)]


def test_every_table_and_view_has_a_section(archive: Archive) -> None:
    missing = [n for n in _relations(archive) if n not in _sections()]
    assert not missing, f"docs/schema.md lacks a section for {missing}"


def test_every_column_is_documented(archive: Archive) -> None:
    sections = _sections()
    missing = [
        f"{name}.{column.name}"
        for name in _relations(archive)
        for column in archive.db[name].columns
        if f"`{column.name}`" not in sections.get(name, "")
    ]
    assert not missing, f"docs/schema.md lacks columns {missing}"


def test_every_index_is_documented(archive: Archive) -> None:
    text = DOC.read_text(encoding="utf-8")
    rows = archive.db.query("select name from sqlite_master where type = 'index' and sql is not null")
    missing = [r["name"] for r in rows if f"`{r['name']}`" not in text]
    assert not missing, f"docs/schema.md lacks indexes {missing}"


def test_every_event_kind_is_documented() -> None:
    kinds = _sections()["events"]
    missing = [k for k in EVENT_KINDS if f"| `{k}` |" not in kinds]
    assert not missing


def test_every_event_kind_the_archive_writes_is_listed() -> None:
    """Kinds passed to `_event(...)` in the archive package are all in EVENT_KINDS."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in (DOC.parents[1] / "archive").glob("*.py"))
    written = set(re.findall(r"_event\(\s*[\w\[\]\"']+,\s*\"(\w+)\"", source))
    assert written and written <= set(EVENT_KINDS), written - set(EVENT_KINDS)


def test_the_document_names_only_real_tables(archive: Archive) -> None:
    real = set(archive.db.table_names() + archive.db.view_names())
    assert not set(_sections()) - real
