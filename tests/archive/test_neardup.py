"""Duplicates across URLs: exact body keys and SimHash fingerprints."""

from __future__ import annotations

import random
import sqlite3

from archive.neardup import (
    NEAR_DUPLICATE_BITS,
    body_key,
    fingerprint,
    hamming,
    is_near_duplicate,
)


def article(seed: int, paragraphs: int = 8) -> str:
    rng = random.Random(seed)
    vocab = [f"word{i}" for i in range(3000)]
    return "\n\n".join(" ".join(rng.choices(vocab, k=40)) for _ in range(paragraphs))


def test_body_key_is_exact_up_to_noise() -> None:
    text = article(1)
    assert body_key(text) == body_key(text.replace(" ", "\u00a0") + "\n\n")
    assert body_key(text) != body_key(text + " more")


def test_fingerprint_is_stable_and_fits_sqlite() -> None:
    text = article(1)
    fp = fingerprint(text)
    assert fp == fingerprint(text) == fingerprint(text.upper().replace(" ", "  "))
    assert -(2**63) <= fp < 2**63
    db = sqlite3.connect(":memory:")
    db.execute("create table t (fp integer)")
    db.execute("insert into t values (?)", (fp,))
    assert db.execute("select fp from t").fetchone()[0] == fp


def test_hamming() -> None:
    assert hamming(0, 0) == 0
    assert hamming(0, -1) == 64
    assert hamming(0b1011, 0b0001) == 2


def test_light_edits_are_near_duplicates() -> None:
    text = article(2)
    paras = text.split("\n\n")
    variants = [
        text.replace("word1 ", "changed ", 1),
        text + "\n\nThis article first appeared on a partner site and is republished here.",
        "\n\n".join(paras[:-1]),
    ]
    for variant in variants:
        assert is_near_duplicate(fingerprint(text), fingerprint(variant)), hamming(
            fingerprint(text), fingerprint(variant)
        )


def test_unrelated_articles_are_not() -> None:
    fps = [fingerprint(article(seed)) for seed in range(30)]
    distances = [hamming(a, b) for i, a in enumerate(fps) for b in fps[i + 1 :]]
    assert min(distances) > NEAR_DUPLICATE_BITS


def test_empty_and_short_texts() -> None:
    assert fingerprint("") == fingerprint(None) == 0
    assert isinstance(fingerprint("one"), int)
    assert fingerprint("two words") != fingerprint("other words")
