"""Word diffs: exact changed words, paragraph moves, bounded cost on pathological pairs."""

from __future__ import annotations

import json
import random
import time

import pytest

from archive.diff import compare_text, diff_text, diff_versions, side_text
from archive.revisions import normalise

# The bound is 1 s; a pathological pair here takes ~0.1 s, so 1 s leaves CI headroom.
PATHOLOGICAL_BOUND_S = 1.0


def test_changed_words_only() -> None:
    ops, note = diff_text("The mayor declined to comment.", "The mayor refused to comment.")
    assert ops == [
        ["equal", "The mayor"],
        ["delete", "declined"],
        ["insert", "refused"],
        ["equal", "to comment."],
    ]
    assert note is None


def test_noise_is_not_a_change() -> None:
    ops, _ = diff_text("It\u2019s  \u201cfine\u201d", "It's \"fine\"")
    assert ops == [["equal", "It's \"fine\""]]


def test_paragraph_added_removed_split_and_merged() -> None:
    assert diff_text("A x\n\nC z", "A x\n\nB y\n\nC z")[0] == [
        ["equal", "A x\n\n"],
        ["insert", "B y\n\n"],
        ["equal", "C z"],
    ]
    assert diff_text("A x\n\nB y", "A x")[0] == [["equal", "A x"], ["delete", "\n\nB y"]]
    assert diff_text("a b c d", "a b\n\nc d")[0] == [
        ["equal", "a b"],
        ["insert", "\n\n"],
        ["equal", "c d"],
    ]
    assert diff_text("a b\n\nc d", "a b c d")[0] == [
        ["equal", "a b"],
        ["delete", "\n\n"],
        ["equal", "c d"],
    ]


def test_empty_sides() -> None:
    assert diff_text(None, "") == ([], None)
    assert diff_text(None, "new text") == ([["insert", "new text"]], None)
    assert diff_text("old text", None) == ([["delete", "old text"]], None)


def test_every_paragraph_edited_in_place() -> None:
    old = "\n\n".join(f"Row {i} has value {i}" for i in range(5))
    new = "\n\n".join(f"Row {i} has value {i + 1}" for i in range(5))
    d = compare_text(old, new)
    assert (d.words_added, d.words_removed, d.note) == (5, 5, None)
    assert d.ops[:3] == [["equal", "Row 0 has value"], ["delete", "0"], ["insert", "1"]]


def _random_text(rng: random.Random) -> str:
    words = "a b c d e".split()
    paras = [" ".join(rng.choices(words, k=rng.randint(1, 4))) for _ in range(rng.randint(0, 5))]
    return "\n\n".join(paras)


def test_ops_spell_both_sides() -> None:
    rng = random.Random(1)
    for _ in range(2000):
        old, new = _random_text(rng), _random_text(rng)
        ops, _ = diff_text(old, new)
        assert side_text(ops, "old") == normalise(old), (old, new, ops)
        assert side_text(ops, "new") == normalise(new), (old, new, ops)


def test_diff_versions_is_json_with_field_changes() -> None:
    old = {"title": "Old <b>title</b>", "text": "Body.", "authors": ["A"], "tags": ["x"]}
    new = {"title": "New <b>title</b>", "text": "Body.", "authors": ["B"], "tags": ["x"]}
    d = diff_versions(old, new)
    assert json.loads(json.dumps(d)) == d
    assert d["title"] == [["delete", "Old"], ["insert", "New"], ["equal", "<b>title</b>"]]
    assert d["subtitle"] == []
    assert d["text"] == [["equal", "Body."]]
    assert d["field_changes"] == {"authors": {"old": ["A"], "new": ["B"]}}
    assert "note" not in d


def _words(n: int, vocab: int = 2000, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    return [f"w{rng.randrange(vocab)}" for _ in range(n)]


def pathological_pairs() -> dict[str, tuple[str, str]]:
    """Pairs built to defeat a naive diff (also used by the benchmark)."""
    big = " ".join(_words(64_000))
    same = "\n\n".join(["The same line of boilerplate text repeated"] * 5000)
    rows = "\n\n".join(f"Row {i} of the table with value {i % 7}" for i in range(5000))
    rows2 = "\n\n".join(f"Row {i} of the table with value {(i + 1) % 7}" for i in range(5000))
    lines = "\n".join(f"Line {i % 10} of text that repeats" for i in range(5000))
    every50 = big.split()
    every50[::50] = ["X"] * len(every50[::50])
    paras = [" ".join(_words(100, seed=i)) for i in range(640)]
    return {
        "64k words vs one line": (big, "one line only"),
        "one line vs 64k words": ("one line only", big),
        "5000 identical lines vs 5001": (same, same + "\n\nextra"),
        "5000 identical lines, one changed": (same, same.replace("repeated", "again", 1)),
        "5000 near-identical lines, all changed": (rows, rows2),
        "5000 single-newline lines, one changed": (lines, lines.replace("Line 3", "Line 33", 1)),
        "64k words, every 50th changed": (big, " ".join(every50)),
        "64k copies of one word vs one inserted": (
            " ".join(["a"] * 64_000),
            " ".join(["a"] * 32_000 + ["b"] + ["a"] * 32_000),
        ),
        "two unrelated 64k texts": (big, " ".join(_words(64_000, seed=99))),
        "640 paragraphs shuffled": ("\n\n".join(paras), "\n\n".join(random.Random(3).sample(paras, 640))),
    }


@pytest.mark.parametrize("name", list(pathological_pairs()))
def test_pathological_pairs_are_bounded(name: str) -> None:
    old, new = pathological_pairs()[name]
    start = time.perf_counter()
    d = diff_versions({"text": old}, {"text": new})
    assert time.perf_counter() - start < PATHOLOGICAL_BOUND_S
    assert side_text(d["text"], "old") == normalise(old)
    assert side_text(d["text"], "new") == normalise(new)


def test_fallback_is_noted_and_still_exact_at_the_ends() -> None:
    old, new = pathological_pairs()["two unrelated 64k texts"]
    d = diff_versions({"text": "Same start.\n\n" + old}, {"text": "Same start.\n\n" + new})
    assert "too large" in d["note"]
    assert d["text"][0] == ["equal", "Same start.\n\n"]


def test_small_change_in_a_huge_repetitive_text_stays_word_level() -> None:
    old, new = pathological_pairs()["5000 identical lines, one changed"]
    d = compare_text(old, new)
    assert d.note is None
    assert (d.words_added, d.words_removed) == (1, 1)
