"""Word-level diffs of two versions, paragraph-aligned first, with a bounded cost."""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from archive.revisions import TEXT_FIELDS, field_changes, paragraphs

__all__ = [
    "PARAGRAPH_BREAK",
    "Block",
    "TextDiff",
    "compare_text",
    "diff_text",
    "diff_versions",
    "side_text",
]

Op = list[str]  # [kind, text], kind in "equal", "insert", "delete"
Block = tuple[str, int, int, int, int]  # difflib opcode over paragraphs
Token = tuple[str, str]  # (kind, word or PARAGRAPH_BREAK)

# Paragraph boundaries are tokens of their own, so that a split or merged paragraph shows.
PARAGRAPH_BREAK = "\n\n"
# Cost units per text: difflib's inner loop runs sum(count_a(w) * count_b(w)) times (~250 ns
# each), and each token costs about as much as COST_PER_TOKEN loop steps. 600,000 units keep
# the worst case near 150 ms a field; real edits spend a few thousand.
COST_BUDGET = 600_000
COST_PER_TOKEN = 5

NOTE_COARSE = "some changed passages were too large for a word diff and are shown whole"


@dataclass
class TextDiff:
    """A diff of one text: paragraph blocks, word ops, and a note when it was coarsened."""

    blocks: list[Block]
    ops: list[Op]
    note: str | None = None
    words_added: int = field(init=False)
    words_removed: int = field(init=False)

    def __post_init__(self) -> None:
        self.words_added = _count_words(self.ops, "insert")
        self.words_removed = _count_words(self.ops, "delete")


def diff_versions(old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> dict[str, Any]:
    """JSON-ready diff: ops for title, subtitle and text, field changes, and a note on fallback."""
    old = old or {}
    result: dict[str, Any] = {}
    notes: list[str] = []
    for name in TEXT_FIELDS:
        ops, note = diff_text(old.get(name), new.get(name))
        result[name] = ops
        if note and note not in notes:
            notes.append(note)
    result["field_changes"] = field_changes(old, new)
    if notes:
        result["note"] = "; ".join(notes)
    return result


def diff_text(old: str | None, new: str | None) -> tuple[list[Op], str | None]:
    """Ops turning normalised old into normalised new, and a note when a fallback was used."""
    d = compare_text(old, new)
    return d.ops, d.note


def compare_text(old: str | None, new: str | None) -> TextDiff:
    """Align paragraphs, then words inside changed paragraphs, within COST_BUDGET."""
    a, b = paragraphs(old), paragraphs(new)
    budget = _Budget(COST_BUDGET)
    blocks, coarse = _align(a, b, budget)
    tokens: list[Token] = []
    for block in blocks:
        block_tokens, block_coarse = _block_tokens(a, b, block, budget)
        tokens += block_tokens + _break_after(block, len(a), len(b))
        coarse = coarse or block_coarse
    return TextDiff(blocks, _merge(tokens), NOTE_COARSE if coarse else None)


def side_text(ops: list[Op], side: str) -> str:
    """The old ("old") or new ("new") normalised text spelled by ops."""
    skip = "insert" if side == "old" else "delete"
    return _join([t for kind, text in ops if kind != skip for t in _tokens(text)])


class _Budget:
    """Cost units left for aligning this text."""

    def __init__(self, total: int) -> None:
        self.left = total

    def spend(self, a: Sequence[Hashable], b: Sequence[Hashable]) -> bool:
        """Reserve the cost of matching a against b; False (nothing spent) if unaffordable."""
        cost = COST_PER_TOKEN * (len(a) + len(b))
        if cost <= self.left:
            counts = Counter(b)
            cost += sum(counts[x] for x in a)
        if cost > self.left:
            return False
        self.left -= cost
        return True


def _align(a: Sequence[Hashable], b: Sequence[Hashable], budget: _Budget) -> tuple[list[Block], bool]:
    """Opcodes of a against b, common ends peeled first; the middle replaced whole if too dear."""
    head = _common_prefix(a, b)
    tail = _common_prefix(a[head:][::-1], b[head:][::-1])
    end_a, end_b = len(a) - tail, len(b) - tail
    mid_a, mid_b = a[head:end_a], b[head:end_b]
    coarse = False
    if not mid_a and not mid_b:
        mid: list[Block] = []
    elif not mid_a or not mid_b or not budget.spend(mid_a, mid_b):
        coarse = bool(mid_a and mid_b)
        mid = [(_kind(mid_a, mid_b), head, end_a, head, end_b)]
    else:
        matcher = difflib.SequenceMatcher(None, mid_a, mid_b, autojunk=False)
        mid = [(op, i1 + head, i2 + head, j1 + head, j2 + head) for op, i1, i2, j1, j2 in matcher.get_opcodes()]
    blocks = ([("equal", 0, head, 0, head)] if head else []) + mid
    return blocks + ([("equal", end_a, len(a), end_b, len(b))] if tail else []), coarse


def _kind(a: Sequence[Hashable], b: Sequence[Hashable]) -> str:
    return "replace" if a and b else ("delete" if a else "insert")


def _common_prefix(a: Sequence[Hashable], b: Sequence[Hashable]) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _block_tokens(a: list[str], b: list[str], block: Block, budget: _Budget) -> tuple[list[Token], bool]:
    """Tokens of one paragraph block; True when some words could not be aligned in budget."""
    op, i1, i2, j1, j2 = block
    if op != "replace":
        return _whole(op, a[i1:i2] if op != "insert" else b[j1:j2]), False
    if i2 - i1 == j2 - j1:
        # As many paragraphs on each side, none equal: each one was edited in place.
        pairs = [([a[i1 + k]], [b[j1 + k]]) for k in range(i2 - i1)]
    else:
        pairs = [(a[i1:i2], b[j1:j2])]
    tokens: list[Token] = []
    coarse = False
    for k, (old_paras, new_paras) in enumerate(pairs):
        if k:
            tokens.append(("equal", PARAGRAPH_BREAK))
        pair_tokens, pair_coarse = _word_tokens(old_paras, new_paras, budget)
        tokens += pair_tokens
        coarse = coarse or pair_coarse
    return tokens, coarse


def _word_tokens(old_paras: list[str], new_paras: list[str], budget: _Budget) -> tuple[list[Token], bool]:
    old_words, new_words = _paragraph_tokens(old_paras), _paragraph_tokens(new_paras)
    word_blocks, coarse = _align(old_words, new_words, budget)
    tokens: list[Token] = []
    for kind, k1, k2, l1, l2 in word_blocks:
        if kind != "insert":
            tokens += [("equal" if kind == "equal" else "delete", t) for t in old_words[k1:k2]]
        if kind in ("insert", "replace"):
            tokens += [("insert", t) for t in new_words[l1:l2]]
    return tokens, coarse


def _break_after(block: Block, len_a: int, len_b: int) -> list[Token]:
    """The paragraph break that follows a block, on the side(s) whose text goes on."""
    op, _, i2, _, j2 = block
    old_goes_on = i2 < len_a and op != "insert"
    new_goes_on = j2 < len_b and op != "delete"
    if old_goes_on and new_goes_on:
        return [("equal", PARAGRAPH_BREAK)]
    if old_goes_on or new_goes_on:
        return [("delete" if old_goes_on else "insert", PARAGRAPH_BREAK)]
    return []


def _whole(kind: str, paras: list[str]) -> list[Token]:
    return [(kind, t) for t in _paragraph_tokens(paras)]


def _paragraph_tokens(paras: list[str]) -> list[str]:
    """Words of paragraphs with a PARAGRAPH_BREAK token between them."""
    out: list[str] = []
    for p in paras:
        if out:
            out.append(PARAGRAPH_BREAK)
        out += p.split(" ")
    return out


def _merge(tokens: list[Token]) -> list[Op]:
    """Runs of tokens of one kind become one op."""
    ops: list[Op] = []
    run: list[str] = []
    for i, (kind, token) in enumerate(tokens):
        run.append(token)
        if i + 1 == len(tokens) or tokens[i + 1][0] != kind:
            ops.append([kind, _join(run)])
            run = []
    return ops


def _count_words(ops: list[Op], kind: str) -> int:
    return sum(len(text.split()) for op, text in ops if op == kind)


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
