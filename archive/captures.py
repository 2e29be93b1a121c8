"""Raw HTML captures compressed alone or as a zstd delta against the previous capture."""

from __future__ import annotations

from collections.abc import Iterable

import zstandard

__all__ = [
    "CODEC_ZSTD",
    "CODEC_ZSTD_DICT",
    "FULL_CAPTURE_EVERY",
    "decode_capture",
    "encode_capture",
    "restore_chain",
    "should_store_full",
]

CODEC_ZSTD = "zstd"
CODEC_ZSTD_DICT = "zstd-dict"
# Level 10 compresses a 100 KB page in a few ms; higher levels cost much more for little gain.
ZSTD_LEVEL = 10
# A delta chain is restored link by link from a full capture: bounding its length bounds both
# the restore cost and the damage one lost or corrupt link can do.
FULL_CAPTURE_EVERY = 32


def encode_capture(raw: bytes, base: bytes | None) -> tuple[str, bytes]:
    """(codec, blob) for raw; with base (the previous capture, restored) a delta against it."""
    if not base:
        return CODEC_ZSTD, _compressor(None).compress(raw)
    return CODEC_ZSTD_DICT, _compressor(base).compress(raw)


def decode_capture(codec: str, blob: bytes, base: bytes | None) -> bytes:
    """The raw bytes of a capture; base must be the capture it was encoded against."""
    if codec == CODEC_ZSTD:
        return zstandard.ZstdDecompressor().decompress(blob)
    if codec == CODEC_ZSTD_DICT:
        if not base:
            raise ValueError("a zstd-dict capture needs the previous capture as its base")
        return zstandard.ZstdDecompressor(dict_data=_dictionary(base)).decompress(blob)
    raise ValueError(f"unknown capture codec {codec!r}")


def restore_chain(links: Iterable[tuple[str, bytes]]) -> bytes:
    """The last capture of a chain given as (codec, blob) from its full capture onwards."""
    raw: bytes | None = None
    for codec, blob in links:
        raw = decode_capture(codec, blob, raw)
    if raw is None:
        raise ValueError("empty capture chain")
    return raw


def should_store_full(chain_length: int) -> bool:
    """Store a full capture when chain_length deltas already follow the last full one."""
    return chain_length >= FULL_CAPTURE_EVERY


def _compressor(base: bytes | None) -> zstandard.ZstdCompressor:
    # Content size and checksum in each frame, so a capture is verified as it is restored.
    if base is None:
        return zstandard.ZstdCompressor(level=ZSTD_LEVEL, write_checksum=True)
    return zstandard.ZstdCompressor(
        level=ZSTD_LEVEL, dict_data=_dictionary(base), write_checksum=True, write_dict_id=False
    )


def _dictionary(base: bytes) -> zstandard.ZstdCompressionDict:
    return zstandard.ZstdCompressionDict(base, dict_type=zstandard.DICT_TYPE_RAWCONTENT)
