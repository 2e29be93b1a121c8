"""Keys a version is stored with (text key, body key, SimHash, words), computable from the record alone.

The crawl computes them in its extraction workers and carries them in the article record as
`keys`, so that the process writing the archive does not; `keys_of` uses them only when they were
computed for the record's present title, subtitle and text, and computes them otherwise.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from typing import Any

from archive import neardup, revisions

__all__ = ["keys_of", "version_keys"]


def version_keys(record: Mapping[str, Any]) -> dict[str, Any]:
    """The keys of an article record (a plain, JSON-serialisable dict)."""
    text = record.get("text") or ""
    words = len(text.split())
    return {
        "text_key": revisions.text_key(record),
        "body_key": neardup.body_key(text),
        "simhash": neardup.fingerprint(text) if words >= neardup.MIN_WORDS else None,
        "word_count": words,
        "of": _checksum(record),
    }


def keys_of(record: Mapping[str, Any]) -> dict[str, Any]:
    """The record's own keys when they match its fields, else computed now."""
    keys = record.get("keys")
    if isinstance(keys, Mapping) and keys.get("of") == _checksum(record):
        return dict(keys)
    return version_keys(record)


def _checksum(record: Mapping[str, Any]) -> int:
    """CRC-32 of the fields the keys are made from: stale keys are never used."""
    fields = (str(record.get(name) or "") for name in revisions.TEXT_FIELDS)
    return zlib.crc32("\0".join(fields).encode("utf-8", "surrogatepass"))
