"""The archive's raw captures as a WARC file (ISO 28500, WARC/1.1), each linked to its article and version."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from http import HTTPStatus
from importlib.metadata import PackageNotFoundError, version
from io import BytesIO
from typing import Any, BinaryIO

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from .store import Archive

WARC_VERSION = "1.1"
NOT_MODIFIED_PROFILE = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"
# The archive keeps these response headers, not all: the HTTP block of each record holds what is known.
KEPT_HEADERS = (("Content-Type", "content_type"), ("ETag", "etag"), ("Last-Modified", "last_modified"))
FETCHES = """
select f.id, f.url, f.final_url, f.status, f.fetched_at, f.outcome, f.content_type, f.etag, f.last_modified,
       f.capture_id, c.sha256, a.url as article_url, v.number as version
from fetches f
left join captures c on c.id = f.capture_id
left join articles a on a.id = f.article_id
left join versions v on v.id = f.version_id
where (f.capture_id is not null or f.outcome = 'not_modified' and f.article_id is not null)
"""


@dataclass(frozen=True)
class WarcWindow:
    """Which fetches: one site, and a window [since, until) on their time."""

    site: str | None = None
    since: str | None = None
    until: str | None = None


@dataclass
class WarcCounts:
    """Records written, by kind (each is followed by its metadata record)."""

    responses: int = 0
    revisits: int = 0
    not_modified: int = 0


def _software() -> str:
    try:
        return f"newsarchive/{version('newsarchive')}"
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "newsarchive"


def _fetches(archive: Archive, window: WarcWindow) -> Iterator[dict[str, Any]]:
    sql, params = FETCHES, {}
    for column, op, key in (("f.site", "=", "site"), ("f.fetched_at", ">=", "since"), ("f.fetched_at", "<", "until")):
        if getattr(window, key) is not None:
            sql += f" and {column} {op} :{key}"
            params[key] = getattr(window, key)
    yield from archive.db.query(sql + " order by f.id", params)


def _http_headers(row: dict[str, Any], length: int | None) -> StatusAndHeaders:
    status = row["status"] or 200
    try:
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = ""
    headers = [(name, row[column]) for name, column in KEPT_HEADERS if row[column]]
    if length is not None:
        headers.append(("Content-Length", str(length)))
    return StatusAndHeaders(f"{status} {reason}".strip(), headers, protocol="HTTP/1.1")


def _metadata(writer: WARCWriter, row: dict[str, Any], uri: str, refers_to: str) -> Any:
    """What the archive made of the fetch, in the fields form that metadata records use."""
    fields = {"fetch-id": row["id"], "outcome": row["outcome"], "requested-url": row["url"],
              "article-url": row["article_url"], "article-version": row["version"]}
    block = "".join(f"{k}: {v}\r\n" for k, v in fields.items() if v is not None).encode("utf-8")
    return writer.create_warc_record(
        uri, "metadata", payload=BytesIO(block), length=len(block), warc_content_type="application/warc-fields",
        warc_headers_dict={"WARC-Date": row["fetched_at"], "WARC-Refers-To": refers_to})


def write_warc(archive: Archive, out: BinaryIO, window: WarcWindow = WarcWindow(), gzip: bool = True,
               filename: str = "") -> WarcCounts:
    """Every fetch that kept its page, oldest first: a `response` record (the body as served, after transfer
    decoding; the HTTP headers the archive keeps), or a `revisit` record when the bytes equal the URL's last
    capture; every 304 a `revisit` record of the server-not-modified profile. Each is followed by a
    `metadata` record naming the fetch, its outcome, the URL requested, and the article and version."""
    writer = WARCWriter(out, gzip=gzip, warc_version=WARC_VERSION)
    info = {"software": _software(), "format": "WARC File Format 1.1",
            "conformsTo": "http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
            "description": "Raw captures of newsarchive; HTTP headers limited to " +
                           ", ".join(name for name, _ in KEPT_HEADERS) + " and Content-Length"}
    writer.write_record(writer.create_warcinfo_record(filename, info))
    counts = WarcCounts()
    responses: dict[str, tuple[str, str, str]] = {}  # URL: its last response's sha256, date and payload digest
    for row in _fetches(archive, window):
        uri = row["final_url"] or row["url"]
        dated = {"WARC-Date": row["fetched_at"]}
        last = responses.get(uri)
        if row["capture_id"] is None:
            record = writer.create_warc_record(uri, "revisit", http_headers=_http_headers(row, None),
                                               warc_headers_dict=dated)
            record.rec_headers.add_header("WARC-Profile", NOT_MODIFIED_PROFILE)
            if last is not None:
                record.rec_headers.add_header("WARC-Refers-To-Target-URI", uri)
                record.rec_headers.add_header("WARC-Refers-To-Date", last[1])
                record.rec_headers.add_header("WARC-Payload-Digest", last[2])
            counts.not_modified += 1
        elif last is not None and last[0] == row["sha256"]:
            record = writer.create_revisit_record(uri, last[2], uri, last[1], http_headers=_http_headers(
                row, None), warc_headers_dict=dated)
            counts.revisits += 1
        else:
            body = archive.capture(row["capture_id"])
            record = writer.create_warc_record(uri, "response", payload=BytesIO(body), length=len(body),
                                               http_headers=_http_headers(row, len(body)), warc_headers_dict=dated)
            responses[uri] = (row["sha256"], row["fetched_at"], record.rec_headers.get_header(
                "WARC-Payload-Digest"))
            counts.responses += 1
        writer.write_record(record)
        record_id = record.rec_headers.get_header("WARC-Record-ID")
        writer.write_record(_metadata(writer, row, uri, record_id))
    return counts

