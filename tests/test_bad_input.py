"""Bad input gets one clear error before anything is requested or written."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.store import Archive, ArchiveError
from tests.conftest import run_cli


def test_a_file_that_is_not_an_archive(tmp_path: Path) -> None:
    bad = tmp_path / "notes.db"
    bad.write_text("these are my notes, not a database\n")
    with pytest.raises(ArchiveError, match="not a usable newsarchive archive"):
        Archive(bad)
    for args in (["stats"], ["crawl", "http://127.0.0.1:9/"]):
        proc = run_cli(*args, "--db", str(bad), check=False)
        assert proc.returncode == 1 and "not a usable newsarchive archive" in proc.stderr
        assert "Traceback" not in proc.stderr
    assert bad.read_text() == "these are my notes, not a database\n"


@pytest.mark.parametrize("url", ["notaurl", "ftp://127.0.0.1/", "http://"])
def test_crawl_refuses_what_is_not_an_http_url(tmp_path: Path, url: str) -> None:
    proc = run_cli("crawl", url, "--db", str(tmp_path / "a.db"), check=False)
    assert proc.returncode == 2 and "is not an http(s) URL" in proc.stderr
    assert not (tmp_path / "a.db").exists()
