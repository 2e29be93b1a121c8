"""Shared fixtures of the research tests: an archive built by a real crawl of the demo site."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from archive.cli import cli
from archive.store import Archive
from demosite import stories
from demosite.server import DemoServer

from tests.conftest import crawl

DEMO_SITE = "demo"
EDITIONS = (1, 2, 3, 4, 5)


@pytest.fixture(scope="session")
def research_archive(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The demo site crawled once per edition 1 to 5 (headline change and revert, sentence edit
    and stealth edit, correction, new article, move, 410 and restore), as site "demo".

    No validators (`conditional=False`), so every crawl records counters: a time series.
    """
    db = tmp_path_factory.mktemp("research") / "archive.db"
    with DemoServer(host="127.0.0.1", port=0, conditional=False) as server:
        for edition in EDITIONS:
            server.edition = edition
            crawl(server.url, db, "--site", DEMO_SITE)
        base = server.url.rstrip("/")
    with Archive(db) as archive:
        urls = [row["url"] for row in archive.db.query("select url from articles order by id")]
    return {"db": db, "base": base, "urls": urls}


def article_url(research: dict[str, Any], slug: str) -> str:
    """The archived canonical URL of the demo article with this slug."""
    return next(url for url in research["urls"] if slug in url)


HEADLINE_SLUG = stories.SLUG_2  # headline changed in edition 2, reverted in edition 4
STEALTH_SLUG = stories.SLUG_3  # sentence changed in edition 2, stealth edit in edition 5
GONE_SLUG = stories.SLUG_6  # 410 in edition 4, restored in edition 5


@pytest.fixture
def db_path(research_archive: dict[str, Any]) -> Path:
    return research_archive["db"]


def invoke(*args: str, ok: bool = True) -> Result:
    """Run a `newsarchive` command in process; stdout only in `.stdout`."""
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    if ok:
        assert result.exit_code == 0, result.output
    return result
