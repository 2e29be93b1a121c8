"""`newsarchive import-warc`: other crawlers' WARC files (and our own export) extracted into an archive."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive import warc
from archive.store import Archive
from demosite.server import DemoServer
from demosite.site import Site
from tests.conftest import crawl, run_cli

ARTICLE_URL = "http://127.0.0.1/2025/05/03/harbour-board-keeps-the-winter-timetable/"
TEXT = " ".join(
    f"Paragraph {i}: the harbour board met again on Tuesday and agreed, after a long night of talks with the "
    f"ferry crews, to keep the winter timetable for route {i} until the new boats arrive in spring." for i in range(8))


def _page(text: str) -> bytes:
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle",
                     "headline": "Harbour board keeps the winter timetable", "datePublished": "2025-05-03T08:00:00Z"})
    return (f'<html lang="en"><head><title>Harbour board keeps the winter timetable</title>'
            f'<script type="application/ld+json">{ld}</script></head><body><article>'
            f'<h1>Harbour board keeps the winter timetable</h1><p>{text}</p></article></body></html>').encode()


def _response(writer: WARCWriter, uri: str, body: bytes, date: str, status: str = "200 OK",
              content_type: str = "text/html; charset=utf-8", extra: list | None = None) -> None:
    headers = StatusAndHeaders(status, [("Content-Type", content_type), ("Content-Length", str(len(body))),
                                        *(extra or [])], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), length=len(body),
                                                  http_headers=headers, warc_headers_dict={"WARC-Date": date}))


def _other_crawlers_warc(path: Path, truncated: bool = False) -> None:
    """As Heritrix, wget or Browsertrix write them: gzipped record by record, with media and redirects."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "another crawler"}))
        _response(writer, "http://127.0.0.1/old-address", b"", "2025-05-03T09:00:00Z", "301 Moved Permanently",
                  extra=[("Location", ARTICLE_URL)])
        first = _page(TEXT)
        _response(writer, ARTICLE_URL, first, "2025-05-03T09:00:01Z")
        writer.write_record(writer.create_warc_record("http://127.0.0.1/logo.png", "response",
                                                      payload=io.BytesIO(b"\x89PNG\r\n"), length=6,
                                                      http_headers=StatusAndHeaders("200 OK", [
                                                          ("Content-Type", "image/png")], protocol="HTTP/1.1")))
        writer.write_record(writer.create_warc_record("dns:127.0.0.1", "resource", payload=io.BytesIO(b"1.2.3.4"),
                                                      length=7, warc_content_type="text/dns"))
        digest = "sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
        writer.write_record(writer.create_revisit_record(ARTICLE_URL, digest, ARTICLE_URL, "2025-05-03T09:00:01Z",
                                                         warc_headers_dict={"WARC-Date": "2025-05-03T10:00:00Z"}))
        # a correction, served gzip-encoded: the reader undoes the content coding
        edited = gzip.compress(_page(TEXT + " Correction: route 3 resumes on Friday."))
        _response(writer, ARTICLE_URL, edited, "2025-05-03T11:00:00Z", extra=[("Content-Encoding", "gzip")])
    if truncated:
        with path.open("ab") as out:
            out.write(gzip.compress(b"WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nshort")[:40])


def test_pages_are_extracted_and_recorded_and_the_rest_counted(tmp_path: Path) -> None:
    source, db = tmp_path / "other.warc.gz", tmp_path / "a.db"
    _other_crawlers_warc(source)
    proc = run_cli("import-warc", str(source), "--db", str(db), "--site", "harbour", "--workers", "1", "--json")
    outcomes = json.loads(proc.stdout)
    assert outcomes == {"article": 2, "not_modified": 1, "new versions": 2, "skipped: redirect": 1,
                        "skipped: not_html": 1, "skipped: not_http": 1}
    with Archive(db) as archive:
        article = archive.article(ARTICLE_URL)
        versions = archive.versions(article["id"])
        assert [v["captured_at"] for v in versions] == ["2025-05-03T09:00:01Z", "2025-05-03T11:00:00Z"]
        assert versions[-1]["text"].endswith("Correction: route 3 resumes on Friday.")
        assert versions[0]["title"] == "Harbour board keeps the winter timetable"
        fetches = list(archive.db.query("select site, outcome, hints from fetches order by fetched_at"))
    assert [f["outcome"] for f in fetches] == ["article", "not_modified", "article"]
    assert {f["site"] for f in fetches} == {"harbour"}
    assert json.loads(fetches[0]["hints"])["warc"] == str(source)


def test_a_broken_file_is_a_clear_error_after_what_could_be_read(tmp_path: Path) -> None:
    source, db = tmp_path / "cut.warc.gz", tmp_path / "a.db"
    _other_crawlers_warc(source, truncated=True)
    proc = run_cli("import-warc", str(source), "--db", str(db), "--workers", "1", check=False)
    assert proc.returncode == 1
    assert f"{source}: unreadable after offset" in proc.stderr and "the records before it were imported" in proc.stderr
    with Archive(db) as archive:
        assert len(archive.versions(archive.article(ARTICLE_URL)["id"])) == 2
    not_warc = tmp_path / "page.html"
    not_warc.write_bytes(_page(TEXT))
    proc = run_cli("import-warc", str(not_warc), "--db", str(db), check=False)
    assert proc.returncode == 1 and "page.html: unreadable" in proc.stderr


def test_an_oversized_body_is_skipped_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "big.warc"
    with source.open("wb") as out:
        writer = WARCWriter(out, gzip=False)
        _response(writer, ARTICLE_URL, _page(TEXT * 3), "2025-05-03T09:00:01Z")
    monkeypatch.setattr(warc, "MAX_BODY_BYTES", 1000)
    with source.open("rb") as stream:
        assert [kind for kind, _ in warc.read_warc(stream, "big.warc")] == ["too_large"]


@pytest.mark.slow
def test_an_exported_archive_imports_to_the_same_articles_and_versions(tmp_path: Path) -> None:
    """Crawled twice (the second edition edits stories), written out as WARC, read into a new archive."""
    source, copy, exported = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "a.warc.gz"
    with DemoServer(Site()) as server:
        crawl(server.url, source)
        server.edition = 2
        crawl(server.url, source)
    run_cli("warc", str(exported), "--db", str(source))
    run_cli("import-warc", str(exported), "--db", str(copy))

    def histories(db: Path) -> dict[str, list[tuple[str, str]]]:
        with Archive(db) as archive:
            return {a["url"]: [(v["captured_at"], v["text"]) for v in archive.versions(a["id"])]
                    for a in archive.db.query("select * from articles")}

    original, imported = histories(source), histories(copy)
    assert imported == original
    assert sum(len(v) for v in original.values()) > len(original)  # edits made second versions
    with Archive(source) as a, Archive(copy) as b:
        aliases = {r["url"] for r in a.db.query("select url from aliases")}
        assert aliases <= {r["url"] for r in b.db.query("select url from aliases")}


def test_a_record_cut_short_by_the_end_of_the_file_is_no_capture(tmp_path: Path) -> None:
    source = tmp_path / "cut.warc"
    with source.open("wb") as out:
        writer = WARCWriter(out, gzip=False)
        _response(writer, ARTICLE_URL, _page(TEXT), "2025-05-03T09:00:01Z")
        _response(writer, ARTICLE_URL, _page(TEXT + " Correction."), "2025-05-03T11:00:00Z")
    source.write_bytes(source.read_bytes()[:-200])  # a crawl killed while writing the second record
    read = []
    with source.open("rb") as stream, pytest.raises(warc.WarcError, match="cut short"):
        for kind, fetch in warc.read_warc(stream, "cut.warc"):
            read.append((kind, fetch["fetched_at"]))
    assert read == [("page", "2025-05-03T09:00:01Z")]
