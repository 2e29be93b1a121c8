"""Captures: byte-for-byte round trips, small deltas between refetches, bounded chains."""

from __future__ import annotations

import gzip
import random
from pathlib import Path

import pytest
import zstandard

from archive.captures import (
    CODEC_ZSTD,
    CODEC_ZSTD_DICT,
    FULL_CAPTURE_EVERY,
    decode_capture,
    encode_capture,
    restore_chain,
    should_store_full,
)

CORPUS = Path("/work/shared/corpus/pages")


def page(seed: int) -> bytes:
    """A page of ~60 KB that differs per request in a nonce, a counter and a clock."""
    rng = random.Random(0)
    body = "".join(f"<p>Paragraph {i} {rng.getrandbits(64):x} of the story.</p>\n" for i in range(1200))
    noise = f'<script nonce="{seed * 7919:x}"></script><span>{seed * 31} views</span><time>{seed}</time>'
    return f"<html><head>{noise}</head><body>{body}</body></html>".encode()


@pytest.mark.parametrize("raw", [b"", b"x", b"\x00\xff" * 1000, page(1)])
def test_round_trip_alone(raw: bytes) -> None:
    codec, blob = encode_capture(raw, None)
    assert codec == CODEC_ZSTD
    assert decode_capture(codec, blob, None) == raw


@pytest.mark.parametrize("base", [page(1), b"unrelated", "caf\u00e9 \u2603".encode() * 50])
def test_round_trip_delta(base: bytes) -> None:
    raw = page(2)
    codec, blob = encode_capture(raw, base)
    assert codec == CODEC_ZSTD_DICT
    assert decode_capture(codec, blob, base) == raw


def test_empty_base_means_full_capture() -> None:
    assert encode_capture(b"abc", b"")[0] == CODEC_ZSTD


def test_delta_of_a_refetch_is_small() -> None:
    alone = encode_capture(page(2), None)[1]
    delta = encode_capture(page(2), page(1))[1]
    assert len(delta) < 200 < 10_000 < len(alone)


def test_delta_needs_its_own_base() -> None:
    codec, blob = encode_capture(page(2), page(1))
    with pytest.raises(ValueError):
        decode_capture(codec, blob, None)
    # The frame checksum catches a wrong base instead of returning garbage.
    with pytest.raises(zstandard.ZstdError):
        decode_capture(codec, blob, bytes(len(page(1))))


def test_unknown_codec() -> None:
    with pytest.raises(ValueError):
        decode_capture("gzip", b"", None)


def test_restore_chain() -> None:
    captures = [page(i) for i in range(5)]
    links = [encode_capture(captures[0], None)]
    links += [encode_capture(c, prev) for prev, c in zip(captures, captures[1:])]
    assert restore_chain(links) == captures[-1]
    assert restore_chain(links[:3]) == captures[2]
    with pytest.raises(ValueError):
        restore_chain([])


def test_full_capture_every_n_links() -> None:
    assert FULL_CAPTURE_EVERY == 32
    assert not should_store_full(0)
    assert not should_store_full(FULL_CAPTURE_EVERY - 1)
    assert should_store_full(FULL_CAPTURE_EVERY)


@pytest.mark.skipif(not CORPUS.exists(), reason="shared corpus not present")
def test_real_pages_round_trip() -> None:
    for path in sorted(CORPUS.glob("*/*.html.gz"))[:20]:
        raw = gzip.decompress(path.read_bytes())
        changed = raw.replace(b"</body>", b"<!-- 12345 views --></body>", 1)
        codec, blob = encode_capture(changed, raw)
        assert decode_capture(codec, blob, raw) == changed
        assert len(blob) < 2_000
