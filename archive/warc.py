"""WARC files (ISO 28500) and the archive: its raw captures written out, and others' captures read in as fetches."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http import HTTPStatus
from importlib.metadata import PackageNotFoundError, version
from io import BytesIO
from typing import Any, BinaryIO, NamedTuple

import brotli
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from .clock import normalise_timestamp
from .export import ExportFilter
from .store import GONE_STATUSES, Archive

WARC_VERSION = "1.1"
NOT_MODIFIED_PROFILE = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"
# The archive keeps these response headers, not all: the HTTP block of each record holds what is known.
KEPT_HEADERS = (("Content-Type", "content_type"), ("ETag", "etag"), ("Last-Modified", "last_modified"))
HTML_TYPES = ("text/html", "application/xhtml+xml")
# warcio reads a header line whole: a hostile file's endless line would take the memory and the time.
MAX_LINE_BYTES = 64 * 1024
MAX_HEADER_BYTES = 4 * 1024 * 1024
# A body past this size is not a news page (the crawler's own download limit): skipped, never read whole.
MAX_BODY_BYTES = 32 * 1024 * 1024
FETCHES = """
select f.id, f.url, f.final_url, f.status, f.fetched_at, f.outcome, f.content_type, f.etag, f.last_modified,
       f.capture_id, c.sha256, a.url as article_url, v.number as version
from fetches f
left join captures c on c.id = f.capture_id
left join articles a on a.id = f.article_id
left join versions v on v.id = f.version_id
where (f.capture_id is not null or f.outcome = 'not_modified' and f.article_id is not null)
"""


class _Writer(WARCWriter):
    # WARC 1.1: a metadata record has a block but no payload, so no WARC-Payload-Digest (warcio adds one)
    NO_PAYLOAD_DIGEST_TYPES = (*WARCWriter.NO_PAYLOAD_DIGEST_TYPES, "metadata")


class _Response(NamedTuple):
    """A URL's last response record written: what a later identical capture or 304 refers to."""

    sha256: str
    date: str
    digest: str
    record_id: str


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


def _fetches(archive: Archive, window: ExportFilter) -> Iterator[dict[str, Any]]:
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


def write_warc(archive: Archive, out: BinaryIO, window: ExportFilter = ExportFilter(), gzip: bool = True,
               filename: str = "") -> WarcCounts:
    """Every fetch that kept its page, oldest first (`window`: one site, a time window): a `response` record
    (the body as served, after transfer decoding; the HTTP headers the archive keeps), or a `revisit` record
    when the bytes equal the URL's last capture; every 304 a `revisit` record of the server-not-modified
    profile. Each is followed by a `metadata` record naming the fetch, its outcome, the URL requested, and
    the article and version."""
    writer = _Writer(out, gzip=gzip, warc_version=WARC_VERSION)
    info = {"software": _software(), "format": "WARC File Format 1.1",
            "conformsTo": "http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
            "description": "Raw captures of newsarchive; HTTP headers limited to " +
                           ", ".join(name for name, _ in KEPT_HEADERS) + " and Content-Length"}
    writer.write_record(writer.create_warcinfo_record(filename, info))
    counts = WarcCounts()
    responses: dict[str, _Response] = {}
    for row in _fetches(archive, window):
        uri = row["final_url"] or row["url"]
        dated = {"WARC-Date": row["fetched_at"]}
        last = responses.get(uri)
        if row["capture_id"] is None:
            record = writer.create_warc_record(uri, "revisit", http_headers=_http_headers(row, None),
                                               warc_headers_dict=dated)
            record.rec_headers.add_header("WARC-Profile", NOT_MODIFIED_PROFILE)
            if last is not None:
                record.rec_headers.add_header("WARC-Refers-To", last.record_id)
                record.rec_headers.add_header("WARC-Refers-To-Target-URI", uri)
                record.rec_headers.add_header("WARC-Refers-To-Date", last.date)
                record.rec_headers.add_header("WARC-Payload-Digest", last.digest)
            counts.not_modified += 1
        elif last is not None and last.sha256 == row["sha256"]:
            record = writer.create_revisit_record(uri, last.digest, uri, last.date, http_headers=_http_headers(
                row, None), warc_headers_dict={**dated, "WARC-Refers-To": last.record_id})
            counts.revisits += 1
        else:
            body = archive.capture(row["capture_id"])
            record = writer.create_warc_record(uri, "response", payload=BytesIO(body), length=len(body),
                                               http_headers=_http_headers(row, len(body)), warc_headers_dict=dated)
            responses[uri] = _Response(row["sha256"], row["fetched_at"], record.rec_headers.get_header(
                "WARC-Payload-Digest"), record.rec_headers.get_header("WARC-Record-ID"))
            counts.responses += 1
        writer.write_record(record)
        record_id = record.rec_headers.get_header("WARC-Record-ID")
        writer.write_record(_metadata(writer, row, uri, record_id))
    return counts


class WarcError(Exception):
    """A WARC file that cannot be read on: says which file and where."""


def _http_status(record: Any) -> int:
    if record.rec_type == "resource" or record.http_headers is None:
        return 200
    try:
        return int(record.http_headers.get_statuscode())
    except (TypeError, ValueError):
        return 0


def _http_header(record: Any, name: str) -> str:
    """A header of the record's HTTP block ("" when absent, or when the record has no HTTP block)."""
    headers = record.http_headers
    return ((headers.get_header(name) if headers is not None else None) or "").strip()


def _content_type(record: Any) -> str:
    if record.rec_type == "resource":
        return (record.rec_headers.get_header("Content-Type") or "").strip()
    return _http_header(record, "Content-Type")


def _skip_reason(record: Any, uri: str) -> str | None:
    """Why a response, resource or revisit record is no page of a news site to record, or None."""
    if not uri.startswith(("http://", "https://")):
        return "not_http"
    headers = record.rec_headers
    if headers.get_header("WARC-Truncated") or headers.get_header("WARC-Segment-Number"):
        return "truncated"  # a part of a page is no capture of it
    if not headers.get_header("WARC-Date"):
        return "no_date"
    if record.rec_type == "revisit":
        referred = headers.get_header("WARC-Refers-To-Target-URI")
        if referred and referred != uri:
            return "revisit_of_other_url"  # the same bytes as another URL's page, which this file may not hold
        if record.http_headers is None:
            return None
    status = _http_status(record)
    if 300 <= status < 400 or status == 0:
        return "redirect" if status else "bad_status"
    content_type = _content_type(record).lower()
    if content_type and not content_type.startswith(HTML_TYPES):
        return "not_html"
    return None


def _fetch(record: Any, uri: str, name: str) -> tuple[str, dict[str, Any] | None]:
    """(kind, fetch record) of a WARC record: kind is "page", "not_modified", "gone" or why it was skipped."""
    reason = _skip_reason(record, uri)
    if reason:
        return reason, None
    try:
        fetched_at = normalise_timestamp(record.rec_headers.get_header("WARC-Date"))
    except ValueError:
        return "bad_date", None
    kept = {header: _http_header(record, header) for header, _ in KEPT_HEADERS}
    if record.rec_type == "resource":
        kept["Content-Type"] = _content_type(record)
    status = _http_status(record)
    fetch: dict[str, Any] = {
        "url": uri, "final_url": uri, "status": status, "fetched_at": fetched_at,
        "headers": {k: v for k, v in kept.items() if v}, "site": None, "hints": {"warc": name},
    }
    if record.rec_type == "revisit":
        if status in GONE_STATUSES:  # a 404 or 410 deduplicated against an earlier one: the page is gone
            return "gone", {**fetch, "outcome": "gone", "body": None}
        if status >= 400:
            return "error_status", None
        # the same bytes as this URL's earlier capture, or a 304: what was archived then stands
        return "not_modified", {**fetch, "status": 304, "outcome": "not_modified", "body": None}
    try:
        body = _body(record)
    except Exception:  # noqa: BLE001 - a content coding that cannot be undone (a broken gzip or brotli stream)
        return "undecodable", None
    if len(body) > MAX_BODY_BYTES:
        return "too_large", None
    raw = record.raw_stream
    # the file ended inside the record (the record says more bytes follow, none do): a part is no capture
    if getattr(raw, "limit", 0) > 0 and not raw.read(min(raw.limit, 64 * 1024)):
        raise ValueError(f"record of {uri} cut short")
    return "page", {**fetch, "body": body, "outcome": None}


def _body(record: Any) -> bytes:
    """The payload with transfer and content codings undone, read to at most MAX_BODY_BYTES + 1 bytes."""
    coding = _http_header(record, "Content-Encoding").lower()
    if coding != "br" or "chunked" in _http_header(record, "Transfer-Encoding").lower():
        return record.content_stream().read(MAX_BODY_BYTES + 1)
    # warcio's brotli reader fails with current brotli (no `unused_data`): undone here, with the output bounded
    decompressor = brotli.Decompressor()
    body = decompressor.process(record.raw_stream.read(MAX_BODY_BYTES + 1), output_buffer_limit=MAX_BODY_BYTES + 1)
    return body[:MAX_BODY_BYTES + 1]


def _cap_lines(iterator: ArchiveIterator) -> Callable[[], None]:
    """Bound the header lines warcio reads (it reads a line whole, however long): each at MAX_LINE_BYTES, and
    all those read for one record at MAX_HEADER_BYTES; the returned function starts the next record's count."""
    reader = iterator.reader
    unbounded = reader.readline
    used = [0]

    def readline(length: int | None = None) -> bytes:
        line = unbounded(MAX_LINE_BYTES if length is None else min(length, MAX_LINE_BYTES))
        used[0] += len(line)
        if len(line) >= MAX_LINE_BYTES and not line.endswith(b"\n"):
            raise ValueError(f"a header line longer than {MAX_LINE_BYTES} bytes")
        if used[0] > MAX_HEADER_BYTES:
            raise ValueError(f"headers longer than {MAX_HEADER_BYTES} bytes")
        return line

    reader.readline = readline

    def restart() -> None:
        used[0] = 0

    return restart


def _requested_url(record: Any, refers_to: str | None) -> str | None:
    """The URL first asked, from the metadata record that newsarchive writes after each capture."""
    if record.rec_type != "metadata" or not refers_to or record.rec_headers.get_header("WARC-Refers-To") != refers_to:
        return None
    block = record.content_stream().read(64 * 1024).decode("utf-8", "replace")
    fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
    requested = fields.get("requested-url", "")
    return requested if requested.startswith(("http://", "https://")) else None


def read_warc(stream: BinaryIO, name: str) -> Iterator[tuple[str, dict[str, Any] | None]]:
    """The fetches a WARC holds, in file order, as (kind, fetch record without its extraction):
    each HTML `response` or `resource` ("page"), each `revisit` of the same URL ("not_modified", or
    "gone" for a 404/410); other records are skipped with their reason ("not_html", "redirect",
    "too_large", "truncated", "undecodable", "no_date"...) and no record. Gzipped or not. A file that
    cannot be read on (cut short, not a WARC, headers past their bounds) raises WarcError after the
    records before it."""
    iterator = ArchiveIterator(stream, no_record_parse=False)
    restart = _cap_lines(iterator)
    held: tuple[str, dict[str, Any] | None, str | None] | None = None  # a page waits for its metadata
    try:
        for record in iterator:
            restart()
            if record.format != "warc":  # warcio reads any other bytes as an old ARC file's records
                raise ValueError(f"not a WARC record ({record.format})")
            if held is not None:
                requested = _requested_url(record, held[2])
                if requested and held[1] is not None:
                    held[1]["url"] = requested
                yield held[0], held[1]
                held = None
            if record.rec_type not in ("response", "resource", "revisit"):
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or ""
            kind, fetch = _fetch(record, uri, name)
            if fetch is not None:  # asked only now: warcio reads the record to its end to tell its offset
                fetch["hints"]["warc_offset"] = iterator.get_record_offset()
            held = (kind, fetch, record.rec_headers.get_header("WARC-Record-ID"))
    except Exception as exc:  # noqa: BLE001 - a hostile file breaks warcio's parser in many ways, not one
        if held is not None:
            yield held[0], held[1]
        where = iterator.offset if isinstance(iterator.offset, int) else "?"
        raise WarcError(f"{name}: unreadable after offset {where}: {type(exc).__name__}: {exc}") from exc
    if held is not None:
        yield held[0], held[1]
