"""`newsarchive warc`: the raw captures as a WARC file, read back with warcio and checked by its digests."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import brotli
import pytest
from click.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator
from warcio.cli import main as warcio_main

from archive.cli import cli
from archive.store import Archive
from archive.export import ExportFilter
from archive.warc import MAX_LINE_BYTES, NOT_MODIFIED_PROFILE, WarcError, read_warc, write_warc

from tests.archive.test_store import BODY, URL, record

EDITED = BODY + " A correction was added at the foot of the story."
OTHER = "http://127.0.0.1/world/another-story.html"


def _at(hour: int) -> str:
    return f"2025-05-03T{hour:02d}:00:00Z"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "a.db"
    with Archive(path) as archive:
        archive.record_fetch(record(fetched_at=_at(10)))
        archive.record_fetch(record(fetched_at=_at(11)))  # the same bytes again
        archive.record_fetch({"url": URL, "final_url": URL, "status": 304, "fetched_at": _at(12),
                              "outcome": "not_modified", "body": None, "headers": {"ETag": '"abc"'}})
        archive.record_fetch(record(text=EDITED, fetched_at=_at(13)))
        archive.record_fetch({"url": URL, "final_url": URL, "status": 503, "fetched_at": _at(14),
                              "outcome": "error_page", "body": b"<html>Service unavailable</html>",
                              "headers": {"Content-Type": "text/html"}})
        other = record(fetched_at=_at(15), url=OTHER, final_url=OTHER, site="other")
        other["article"]["canonical_url"] = OTHER
        archive.record_fetch(other)
    return path


def _records(path: Path) -> list[dict]:
    with path.open("rb") as stream:
        return [{"type": r.rec_type, "uri": r.rec_headers.get_header("WARC-Target-URI"),
                 "date": r.rec_headers.get_header("WARC-Date"), "headers": r.rec_headers,
                 "status": r.http_headers.get_statuscode() if r.http_headers else None,
                 "payload": r.content_stream().read()} for r in ArchiveIterator(stream)]


def test_every_capture_and_check_is_a_record_with_its_metadata(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "a.warc.gz"
    with Archive(db) as archive, out.open("wb") as stream:
        counts = write_warc(archive, stream, filename=out.name)
    assert (counts.responses, counts.revisits, counts.not_modified) == (4, 1, 1)
    records = _records(out)
    kinds = [r["type"] for r in records]
    assert kinds == ["warcinfo"] + ["response", "metadata", "revisit", "metadata", "revisit", "metadata",
                                    "response", "metadata", "response", "metadata", "response", "metadata"]
    first, same, not_modified, edited, error = records[1], records[3], records[5], records[7], records[9]
    assert first["uri"] == URL and first["date"] == _at(10) and first["status"] == "200"
    assert first["payload"] == record()["body"]
    assert first["headers"].get_header("WARC-Payload-Digest").startswith("sha1:")
    # the same bytes an hour later: a revisit pointing at the first capture
    assert same["headers"].get_header("WARC-Profile").endswith("/revisit/identical-payload-digest")
    assert same["headers"].get_header("WARC-Refers-To-Date") == _at(10)
    assert same["headers"].get_header("WARC-Refers-To") == first["headers"].get_header("WARC-Record-ID")
    assert same["headers"].get_header("WARC-Payload-Digest") == first["headers"].get_header("WARC-Payload-Digest")
    assert not_modified["status"] == "304"
    assert not_modified["headers"].get_header("WARC-Profile") == NOT_MODIFIED_PROFILE
    assert not_modified["headers"].get_header("WARC-Refers-To-Date") == _at(10)  # the bytes it stands for
    assert edited["payload"] == record(text=EDITED)["body"]
    assert error["status"] == "503" and error["payload"] == b"<html>Service unavailable</html>"
    # each metadata record names its record and says what the archive made of the fetch
    meta = records[8]
    assert meta["headers"].get_header("WARC-Refers-To") == edited["headers"].get_header("WARC-Record-ID")
    assert meta["headers"].get_header("WARC-Payload-Digest") is None  # WARC 1.1: metadata has no payload
    fields = dict(line.split(": ", 1) for line in meta["payload"].decode().splitlines())
    assert fields["outcome"] == "article" and fields["article-url"] == URL and fields["article-version"] == "2"
    assert "article-version" not in dict(line.split(": ", 1) for line in records[10]["payload"].decode().splitlines())


def test_the_file_passes_warcio_check(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "a.warc.gz"
    with Archive(db) as archive, out.open("wb") as stream:
        write_warc(archive, stream)
    # warcio's own verifier recomputes every block and payload digest; it exits non-zero on a mismatch
    with pytest.raises(SystemExit) as done:
        warcio_main(["check", str(out)])
    assert done.value.code in (0, None)


def test_window_and_site(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "a.warc"
    with Archive(db) as archive, out.open("wb") as stream:
        counts = write_warc(archive, stream, ExportFilter(site="other"), gzip=False)
    assert (counts.responses, counts.revisits, counts.not_modified) == (1, 0, 0)
    assert [r["uri"] for r in _records(out) if r["type"] == "response"] == [OTHER]
    with Archive(db) as archive, out.open("wb") as stream:
        counts = write_warc(archive, stream, ExportFilter(since=_at(12), until=_at(14)), gzip=False)
    assert (counts.responses, counts.revisits, counts.not_modified) == (1, 0, 1)


def test_command_writes_the_file_whole(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "export.warc.gz"
    result = CliRunner().invoke(cli, ["warc", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "4 responses, 1 identical revisits, 1 not-modified revisits" in result.output
    assert out.exists() and not Path(str(out) + ".part").exists()
    assert [r["type"] for r in _records(out)].count("response") == 4
    missing = CliRunner().invoke(cli, ["warc", str(tmp_path / "x.warc"), "--db", str(tmp_path / "none.db")])
    assert missing.exit_code != 0 and "no archive" in missing.output
    assert not (tmp_path / "x.warc.part").exists()


# -- reading WARC files: untrusted input ------------------------------------------------------------

PAGE = b"<html><head><title>A story</title></head><body><h1>A story</h1><p>Text of the story.</p></body></html>"


def _raw_record(uri: str, date: str | None, http: bytes, rec_type: str = "response", extra: str = "") -> bytes:
    head = f"WARC/1.1\r\nWARC-Type: {rec_type}\r\nWARC-Record-ID: <urn:uuid:{abs(hash((uri, date, http)))}>\r\n"
    head += f"WARC-Target-URI: {uri}\r\n" + (f"WARC-Date: {date}\r\n" if date else "") + extra
    head += f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n"
    return head.encode() + http + b"\r\n\r\n"


def _http(status: str = "200 OK", body: bytes = PAGE, content_type: str = "text/html") -> bytes:
    return f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body


def _kinds(data: bytes) -> list[str]:
    return [kind for kind, _ in read_warc(BytesIO(data), "t.warc")]


@pytest.mark.parametrize(("records", "kinds"), [
    ([_raw_record(URL, "yesterday", _http()), _raw_record(URL, _at(10), _http())], ["bad_date", "page"]),
    ([_raw_record(URL, None, _http())], ["no_date"]),
    ([_raw_record(URL, _at(10), _http(), extra="WARC-Truncated: length\r\n")], ["truncated"]),
    ([_raw_record(URL, _at(10), _http("404 Not Found", b""), "revisit")], ["gone"]),
    ([_raw_record(URL, _at(10), b"", "revisit", extra=f"WARC-Refers-To-Target-URI: {OTHER}\r\n")],
     ["revisit_of_other_url"]),
    ([_raw_record(URL, _at(10), _http("301 Moved Permanently", b""))], ["redirect"]),
    ([_raw_record(URL, _at(10), _http(content_type="image/png"))], ["not_html"]),
    ([_raw_record("dns:example.com", _at(10), b"1.2.3.4", "resource")], ["not_http"]),
])
def test_each_record_is_read_or_skipped_with_its_reason(records: list[bytes], kinds: list[str]) -> None:
    assert _kinds(b"".join(records)) == kinds


def test_a_header_line_without_end_is_an_error_not_a_hang() -> None:
    endless = b"WARC/1.1\r\nWARC-Type: response\r\nX-Junk: " + b"a" * (64 * MAX_LINE_BYTES)
    with pytest.raises(WarcError, match="longer than"):
        _kinds(_raw_record(URL, _at(10), _http()) + endless)


def test_a_brotli_encoded_page_is_decoded() -> None:
    encoded = brotli.compress(PAGE)
    http = (f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: br\r\n"
            f"Content-Length: {len(encoded)}\r\n\r\n").encode() + encoded
    ((kind, fetch),) = list(read_warc(BytesIO(_raw_record(URL, _at(10), http)), "t.warc"))
    assert kind == "page" and fetch["body"] == PAGE
