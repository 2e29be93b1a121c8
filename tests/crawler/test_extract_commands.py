"""`newsarchive extract` on saved pages and `reextract` over an archive's captures."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from archive.store import Archive
from demosite import stories
from demosite.server import DemoServer
from demosite.site import Site
from tests.conftest import crawl, run_cli

BASE = "http://127.0.0.1:8000/"


def _seed_page() -> tuple[bytes, str]:
    site = Site()
    seed = next(a for a in site.articles(1) if a.title == stories.SEED_TITLE)
    page = site.page(seed.path, 1, BASE)
    return b"".join(p if isinstance(p, bytes) else b"7" for p in page.parts), BASE + seed.path.lstrip("/")


def test_extract_files_and_manifest_in_order_with_errors(tmp_path: Path) -> None:
    body, url = _seed_page()
    (tmp_path / "seed.html").write_bytes(body)
    (tmp_path / "seed.html.gz").write_bytes(gzip.compress(body))
    manifest = tmp_path / "m.jsonl"
    manifest.write_text(json.dumps({"path": "seed.html.gz", "url": url}) + "\n"
                        + json.dumps({"path": "missing.html", "url": url}) + "\n")
    out = run_cli("extract", str(tmp_path / "seed.html"), "--url", url, "--manifest", str(manifest))
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert [line["path"] for line in lines] == [str(tmp_path / "seed.html"), str(tmp_path / "seed.html.gz"),
                                                str(tmp_path / "missing.html")]
    assert lines[0]["title"] == lines[1]["title"] == stories.SEED_TITLE
    assert lines[0]["counters"] == {"comments": 0, "views": 7}
    assert lines[2]["error"] == "unreadable" and "title" not in lines[2]


def test_extract_needs_input() -> None:
    assert run_cli("extract", check=False).returncode == 2


@pytest.mark.slow
def test_reextract_adds_versions_only_where_the_text_changes(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    with DemoServer(host="127.0.0.1", port=0, conditional=False) as server:
        crawl(server.url, db)
    with Archive(db) as archive:
        # An older extractor read one article badly: its stored text differs from today's reading.
        article_id = next(iter(archive.db.query("select id from articles order by id limit 1")))["id"]
        archive.db.execute("update versions set text = 'old reading', text_key = 'old' where article_id = ?",
                           [article_id])
        counters_before = archive.stats()["counter_observations"]
    out = json.loads(run_cli("reextract", "--db", str(db), "--json").stdout)
    assert out == {"new versions": 1, "unchanged": 19}
    with Archive(db) as archive:
        assert [v["number"] for v in archive.versions(article_id)] == [1, 2]
        assert archive.stats()["counter_observations"] == counters_before
    again = json.loads(run_cli("reextract", "--db", str(db), "--json").stdout)
    assert again == {"unchanged": 20}
