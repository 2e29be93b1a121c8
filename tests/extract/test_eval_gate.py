"""Evaluation gate: scores on the shared corpus must not drop below pinned floors."""

import os

import pytest

from crawler.extract.evaluate import corpus_dir, evaluate, load_truth

# Pinned slightly under what the extractor reaches; raise them when it improves, never lower them.
FLOORS = {
    "body_aeb_f1": 0.95,
    # per corpus: also at or above plain trafilatura 2.3.1 there (0.959, 0.942, 0.937, 0.933)
    "body_aeb_f1[aeb]": 0.966,
    "body_aeb_f1[fundus]": 0.953,
    "body_aeb_f1[fundus_eval]": 0.949,
    "body_aeb_f1[wcxb]": 0.946,
    "title": 0.855,
    "authors_f1": 0.868,
    "published_day": 0.925,
    "language": 0.98,
    "counters_exact": 0.96,
}
MAX_DISTRACTOR_FALSE_POSITIVES = 1


@pytest.fixture(scope="module")
def summary() -> dict:
    root = corpus_dir()
    if not (root / "truth.jsonl").exists():
        pytest.skip(f"corpus not found at {root}; set NEWSARCHIVE_CORPUS to run the evaluation gate")
    scores = evaluate(load_truth(root), root, os.cpu_count() or 1, systems=("ours",))
    return scores["ours"].summary()


@pytest.mark.slow
@pytest.mark.parametrize("metric", sorted(FLOORS))
def test_floor(summary: dict, metric: str) -> None:
    assert summary[metric] >= FLOORS[metric], f"{metric} fell to {summary[metric]:.3f}"


@pytest.mark.slow
def test_no_counters_on_distractors(summary: dict) -> None:
    assert summary["distractor_fp"] <= MAX_DISTRACTOR_FALSE_POSITIVES
