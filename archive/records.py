"""Fetch records as JSON lines: how crawls on other machines hand their pages to the archive writer."""

from __future__ import annotations

import base64
import gzip
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any

REQUIRED = ("url", "fetched_at", "outcome")
# One record carries one page (DOWNLOAD_MAXSIZE caps it); a longer line is not ours.
MAX_LINE_BYTES = 64 * 1024 * 1024


class RecordError(ValueError):
    """A line of a records file that is not a fetch record."""


def dump_record(record: Mapping[str, Any]) -> str:
    """One fetch record as a JSON line (the raw body base64-encoded, so bytes survive)."""
    data = dict(record)
    body = data.pop("body", None)
    data["body_b64"] = base64.b64encode(body).decode("ascii") if body is not None else None
    return json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n"


def parse_record(line: str | bytes, where: str = "") -> dict[str, Any]:
    try:
        data = json.loads(line)
    except ValueError as exc:
        raise RecordError(f"{where}: not JSON ({exc})") from exc
    if not isinstance(data, dict) or any(key not in data for key in REQUIRED):
        raise RecordError(f"{where}: a fetch record needs {', '.join(REQUIRED)}")
    encoded = data.pop("body_b64", None)
    try:
        data["body"] = base64.b64decode(encoded, validate=True) if encoded is not None else None
    except ValueError as exc:
        raise RecordError(f"{where}: body_b64 is not base64") from exc
    return data


def open_records(path: str | Path) -> IO[bytes]:
    """A records file, gzipped (.gz) or plain."""
    return gzip.open(path, "rb") if str(path).endswith(".gz") else open(path, "rb")


def read_records(stream: IO[bytes], name: str = "<stream>") -> Iterator[dict[str, Any]]:
    """The records of a JSON-lines stream, in order; a bad line raises RecordError naming it."""
    for number, line in enumerate(iter(lambda: stream.readline(MAX_LINE_BYTES + 1), b""), 1):
        if len(line) > MAX_LINE_BYTES:
            raise RecordError(f"{name}:{number}: line longer than {MAX_LINE_BYTES} bytes")
        if line.strip():
            yield parse_record(line, f"{name}:{number}")
