"""Scoring functions of the corpus README: AEB F1, word F1, title, authors, day, counters."""

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

TOKEN = re.compile(r"\w+")
SHINGLE_SIZE = 4
DAY_LENGTH = len("2024-01-31")


def shingles(text: str) -> Counter[tuple[str, ...]]:
    """4-grams of \\w+ tokens; a text under four tokens is one shingle."""
    tokens = TOKEN.findall(text or "")
    if len(tokens) < SHINGLE_SIZE:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + SHINGLE_SIZE]) for i in range(len(tokens) - SHINGLE_SIZE + 1))


def precision_recall(truth: Counter, pred: Counter) -> tuple[float, float]:
    """Multiset precision and recall; an empty side scores 0 unless both are empty."""
    if not truth and not pred:
        return 1.0, 1.0
    overlap = sum((truth & pred).values())
    precision = overlap / sum(pred.values()) if pred else 0.0
    recall = overlap / sum(truth.values()) if truth else 0.0
    return precision, recall


def f1(precision: float, recall: float) -> float:
    """Harmonic mean, 0 when both are 0."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def aeb_f1(pairs: Sequence[tuple[float, float]]) -> float:
    """Corpus F1 of the mean per-page precision and recall (the AEB way)."""
    if not pairs:
        return 0.0
    return f1(sum(p for p, _ in pairs) / len(pairs), sum(r for _, r in pairs) / len(pairs))


def word_f1(truth: str, pred: str) -> float:
    """Per-page F1 of lower-cased word multisets."""
    words = lambda text: Counter(TOKEN.findall((text or "").lower()))  # noqa: E731
    return f1(*precision_recall(words(truth), words(pred)))


def normalise(text: str | None) -> str:
    """NFKC, case-folded, white space collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text or "").casefold().split())


def title_match(truth: str, pred: str | None) -> bool:
    """Titles equal after normalisation."""
    return normalise(truth) == normalise(pred)


def authors_f1(truth: Sequence[str], pred: Sequence[str]) -> float:
    """F1 of normalised name sets."""
    return f1(*precision_recall(Counter({normalise(a) for a in truth}),
                                Counter({normalise(a) for a in pred})))


def same_day(truth: str, pred: str | None) -> bool:
    """Same calendar day as written."""
    return bool(pred) and truth[:DAY_LENGTH] == pred[:DAY_LENGTH]
