"""Word-level diffs of two versions, paragraph-aligned first, with a bounded cost."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

from archive.revisions import TEXT_FIELDS, field_changes, paragraphs

__all__ = ["PARAGRAPH_BREAK", "diff_text", "diff_versions", "side_text"]

Op = list[str]  # [kind, text] with kind in "equal", "insert", "delete"

# Paragraph boundaries are tokens of their own, so that a split or merged paragraph shows.
PARAGRAPH_BREAK = "\n\n"
# Cost guards, in token comparisons (len(a) * len(b)). difflib's inner loop is quadratic on
# repetitive input; past these bounds a block is shown whole (deleted, then inserted).
WORD_BLOCK_BUDGET = 250_000
TOTAL_WORD_BUDGET = 1_000_000
PARAGRAPH_BUDGET = 4_000_000
# Past this size difflib's "popular item" heuristic keeps the cost near linear.
AUTOJUNK_MIN = 200

NOTE_COARSE_BLOCKS = "some changed passages were too large for a word diff and are shown whole"
NOTE_TOO_LARGE = "texts too large to align: shown as a whole replacement"


def diff_versions(old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> dict[str, Any]:
    """JSON-ready diff: ops for title, subtitle and text, field changes, and a note on fallback."""
    old = old or {}
    result: dict[str, Any] = {}
    notes: list[str] = []
    for field in TEXT_FIELDS:
        ops, note = diff_text(old.get(field), new.get(field))
        result[field] = ops
        if note and note not in notes:
            notes.append(note)
    result["field_changes"] = field_changes(old, new)
    if notes:
        result["note"] = "; ".join(notes)
    return result


def diff_text(old: str | None, new: str | None) -> tuple[list[Op], str | None]:
    """Ops turning normalised old into normalised new, and a note when a fallback was used."""
    a, b = paragraphs(old), paragraphs(new)
    budget = _Budget(TOTAL_WORD_BUDGET)
    tokens: list[tuple[str, str]] = []
    if len(a) * len(b) > PARAGRAPH_BUDGET and not _cheap_alignment(a, b):
        note: str | None = NOTE_TOO_LARGE
        tokens += _whole("delete", a) + _whole("insert", b)
    else:
        note = None
        for block in _paragraph_blocks(a, b):
            block_tokens, coarse = _block_tokens(a, b, block, budget)
            tokens += block_tokens
            note = note or (NOTE_COARSE_BLOCKS if coarse else None)
    return _merge(tokens), note


def side_text(ops: list[Op], side: str) -> str:
    """The old ("old") or new ("new") normalised text spelled by ops."""
    skip = "insert" if side == "old" else "delete"
    return _join([t for kind, text in ops if kind != skip for t in _tokens(text)])


class _Budget:
    """Token comparisons left for word-level diffs of this text."""

    def __init__(self, total: int) -> None:
        self.left = total

    def spend(self, cost: int) -> bool:
        if cost > WORD_BLOCK_BUDGET or cost > self.left:
            return False
        self.left -= cost
        return True


def _cheap_alignment(a: list[str], b: list[str]) -> bool:
    # Distinct paragraphs align in near-linear time whatever their number.
    return len(set(a)) == len(a) and len(set(b)) == len(b)


def _paragraph_blocks(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """Paragraph opcodes, common prefix and suffix peeled off first (the usual small edit)."""
    head = _common_prefix(a, b)
    tail = _common_prefix(a[head:][::-1], b[head:][::-1])
    mid_a, mid_b = a[head : len(a) - tail], b[head : len(b) - tail]
    blocks: list[tuple[str, int, int, int, int]] = [("equal", 0, head, 0, head)] if head else []
    matcher = difflib.SequenceMatcher(None, mid_a, mid_b, autojunk=len(mid_b) >= AUTOJUNK_MIN)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        blocks.append((op, i1 + head, i2 + head, j1 + head, j2 + head))
    if tail:
        blocks.append(("equal", len(a) - tail, len(a), len(b) - tail, len(b)))
    return blocks


def _common_prefix(a: list[str], b: list[str]) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _block_tokens(
    a: list[str], b: list[str], block: tuple[str, int, int, int, int], budget: _Budget
) -> tuple[list[tuple[str, str]], bool]:
    """Tokens of one paragraph block and the break after it; True when coarsened."""
    op, i1, i2, j1, j2 = block
    coarse = False
    if op in ("equal", "delete"):
        out = _whole(op, a[i1:i2])
    elif op == "insert":
        out = _whole(op, b[j1:j2])
    else:
        old_words, new_words = _paragraph_tokens(a[i1:i2]), _paragraph_tokens(b[j1:j2])
        coarse = not budget.spend(len(old_words) * len(new_words))
        if coarse:
            out = _whole("delete", a[i1:i2]) + [("delete", PARAGRAPH_BREAK)]
            out += _whole("insert", b[j1:j2])
        else:
            out = _word_tokens(old_words, new_words)
    return out + _break_after(op, i2 < len(a), j2 < len(b)), coarse


def _break_after(op: str, old_goes_on: bool, new_goes_on: bool) -> list[tuple[str, str]]:
    """The paragraph break that follows a block, on the side(s) whose text goes on."""
    old_goes_on = old_goes_on and op != "insert"
    new_goes_on = new_goes_on and op != "delete"
    if old_goes_on and new_goes_on:
        return [("equal", PARAGRAPH_BREAK)]
    if old_goes_on or new_goes_on:
        return [("delete" if old_goes_on else "insert", PARAGRAPH_BREAK)]
    return []


def _word_tokens(a: list[str], b: list[str]) -> list[tuple[str, str]]:
    head = _common_prefix(a, b)
    tail = _common_prefix(a[head:][::-1], b[head:][::-1])
    out = [("equal", t) for t in a[:head]]
    mid_a, mid_b = a[head : len(a) - tail], b[head : len(b) - tail]
    matcher = difflib.SequenceMatcher(None, mid_a, mid_b, autojunk=len(mid_b) >= AUTOJUNK_MIN)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out += [("equal", t) for t in mid_a[i1:i2]]
            continue
        out += [("delete", t) for t in mid_a[i1:i2]] + [("insert", t) for t in mid_b[j1:j2]]
    return out + [("equal", t) for t in a[len(a) - tail :]]


def _whole(kind: str, paras: list[str]) -> list[tuple[str, str]]:
    return [(kind, t) for t in _paragraph_tokens(paras)]


def _paragraph_tokens(paras: list[str]) -> list[str]:
    """Words of paragraphs with a PARAGRAPH_BREAK token between them."""
    out: list[str] = []
    for p in paras:
        if out:
            out.append(PARAGRAPH_BREAK)
        out += p.split(" ")
    return out


def _merge(tokens: list[tuple[str, str]]) -> list[Op]:
    """Runs of tokens of one kind become one op."""
    ops: list[Op] = []
    run: list[str] = []
    for i, (kind, token) in enumerate(tokens):
        run.append(token)
        if i + 1 == len(tokens) or tokens[i + 1][0] != kind:
            ops.append([kind, _join(run)])
            run = []
    return ops


def _tokens(text: str) -> list[str]:
    out: list[str] = []
    for i, para in enumerate(text.split(PARAGRAPH_BREAK)):
        if i:
            out.append(PARAGRAPH_BREAK)
        out += para.split()
    return out


def _join(tokens: list[str]) -> str:
    """Words joined by a space, breaks by themselves: "a b\\n\\nc"."""
    out: list[str] = []
    for t in tokens:
        if out and t != PARAGRAPH_BREAK and out[-1] != PARAGRAPH_BREAK:
            out.append(" ")
        out.append(t)
    return "".join(out)
