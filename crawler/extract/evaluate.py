"""`python -m crawler.extract.evaluate`: score our extractor beside plain trafilatura on the corpus."""

import argparse
import gzip
import json
import os
import sys
import warnings
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Any

import trafilatura
from pebble import ProcessPool

from crawler.extract.core import extract_article
from crawler.extract.errors import ExtractionError
from crawler.extract.metrics import (
    aeb_f1, authors_f1, precision_recall, same_day, shingles, title_match, word_f1,
)

CORPUS_ENV = "NEWSARCHIVE_CORPUS"
EVAL_FETCHED_AT = "2026-11-28T00:00:00+00:00"
PAGE_TIMEOUT_SECONDS = 120
FAILURES_FILE = "eval-failures.json"
SYSTEMS = ("ours", "trafilatura")
TARGETS = {"body_aeb_f1": 0.95, "title": 0.90, "authors_f1": 0.85, "published_day": 0.95,
           "language": 0.95, "counters_exact": 0.90, "distractor_fp": 0}
PREVIEW_CHARS = 200


def corpus_dir() -> Path:
    """The corpus folder: $NEWSARCHIVE_CORPUS or <repo root>/../shared/corpus."""
    default = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
    return Path(os.environ.get(CORPUS_ENV, default))


def load_truth(root: Path) -> list[dict[str, Any]]:
    """One labelled row a page."""
    with open(root / "truth.jsonl", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def run_ours(page: bytes, url: str) -> dict[str, Any]:
    """Our record, or {'error': reason}."""
    try:
        return extract_article(page, url, EVAL_FETCHED_AT)
    except ExtractionError as error:
        return {"error": error.reason}


def run_trafilatura(page: bytes, url: str) -> dict[str, Any]:
    """Plain trafilatura 2.3.1, metadata on, mapped to our record keys."""
    doc = trafilatura.bare_extraction(page, url=url, with_metadata=True)
    if doc is None:
        return {"error": "empty"}
    authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
    return {"title": doc.title, "text": doc.text or "", "authors": authors, "published": doc.date,
            "language": doc.language, "site_name": doc.sitename, "counters": {}}


RUNNERS = {"ours": run_ours, "trafilatura": run_trafilatura}


def predict(path: str, url: str, root: str, systems: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """Each system's record for one page (runs in a worker)."""
    page = gzip.decompress((Path(root) / path).read_bytes())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a library's warning is not an extraction failure here
        return {system: RUNNERS[system](page, url or "") for system in systems}


def predict_all(rows: list[dict[str, Any]], root: Path, workers: int,
                systems: tuple[str, ...]) -> list[dict[str, Any]]:
    """Predictions in row order, over a process pool; a stuck page counts as a timeout."""
    with ProcessPool(max_workers=workers) as pool:
        futures = [pool.schedule(predict, args=(r["path"], r["url"], str(root), systems),
                                 timeout=PAGE_TIMEOUT_SECONDS) for r in rows]
        return [_result(future, systems) for future in futures]


def _result(future: Any, systems: tuple[str, ...]) -> dict[str, Any]:
    try:
        return future.result()
    except FutureTimeout:
        return {s: {"error": "timeout"} for s in systems}
    except Exception as error:  # noqa: BLE001 - a crashed page must not stop the evaluation
        return {s: {"error": type(error).__name__} for s in systems}


class Scores:
    """Accumulates per-field scores and failures of one system."""

    def __init__(self) -> None:
        self.body: dict[str, list[tuple[float, float]]] = defaultdict(list)
        self.values: dict[str, list[float]] = defaultdict(list)
        self.failures: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.distractor_fp = 0
        self.errors: dict[str, int] = defaultdict(int)

    def add(self, row: dict[str, Any], pred: dict[str, Any]) -> None:
        """Score one page."""
        if "error" in pred:
            self.errors[pred["error"]] += 1
        if row["body"] is not None:
            self._body(row, pred.get("text") or "")
        self._field(row, "title", pred.get("title"), title_match)
        self._field(row, "authors_f1", pred.get("authors") or [], authors_f1, truth_key="authors")
        self._field(row, "published_day", pred.get("published"), same_day, truth_key="published")
        self._field(row, "language", pred.get("language"),
                    lambda t, p: (p or "").lower()[:2] == t.lower()[:2])
        if row["counters"] is not None:
            self._counters(row, pred.get("counters") or {})

    def _body(self, row: dict[str, Any], text: str) -> None:
        pair = precision_recall(shingles(row["body"]), shingles(text))
        self.body[row["corpus"]].append(pair)
        self.body["all"].append(pair)
        self.values["word_f1"].append(word_f1(row["body"], text))
        if min(pair) < 0.8:
            self._fail("body", row, [round(x, 3) for x in pair], text[:PREVIEW_CHARS])

    def _field(self, row: dict[str, Any], name: str, pred: Any, score: Any,
               truth_key: str | None = None) -> None:
        truth = row[truth_key or name]
        if truth is None:
            return
        value = float(score(truth, pred))
        self.values[name].append(value)
        if value < 1:
            self._fail(name, row, truth, pred)

    def _counters(self, row: dict[str, Any], pred: dict[str, int]) -> None:
        truth = row["counters"]
        for key, value in truth.items():
            self.values["counters_exact"].append(float(pred.get(key) == value))
        extra = {k: v for k, v in pred.items() if k not in truth}
        if row["distractor"] and extra:
            self.distractor_fp += 1
        if any(pred.get(k) != v for k, v in truth.items()) or (row["distractor"] and extra):
            self._fail("counters", row, truth, pred)

    def _fail(self, field: str, row: dict[str, Any], truth: Any, pred: Any) -> None:
        self.failures[field].append({"id": row["id"], "path": row["path"], "url": row["url"],
                                     "truth": truth, "pred": pred})

    def summary(self) -> dict[str, Any]:
        """Field -> score (and per-corpus body AEB F1)."""
        out: dict[str, Any] = {"body_aeb_f1": aeb_f1(self.body["all"])}
        out.update({f"body_aeb_f1[{c}]": aeb_f1(p) for c, p in sorted(self.body.items()) if c != "all"})
        out.update({k: sum(v) / len(v) for k, v in sorted(self.values.items()) if v})
        out["counters_labelled"] = len(self.values["counters_exact"])
        out["distractor_fp"] = self.distractor_fp
        out["errors"] = dict(sorted(self.errors.items()))
        return out


def evaluate(rows: list[dict[str, Any]], root: Path, workers: int,
             systems: tuple[str, ...] = SYSTEMS) -> dict[str, Scores]:
    """Scores of each system on the rows."""
    scores = {s: Scores() for s in systems}
    for row, preds in zip(rows, predict_all(rows, root, workers, systems)):
        for system in systems:
            scores[system].add(row, preds[system])
    return scores


def markdown_table(summaries: dict[str, dict[str, Any]]) -> str:
    """Metric | ours | trafilatura | target."""
    lines = ["| metric | ours | trafilatura 2.3.1 | target |", "|---|---|---|---|"]
    for key in summaries["ours"]:
        cells = [_cell(summaries.get(s, {}).get(key)) for s in SYSTEMS]
        lines.append(f"| {key} | {' | '.join(cells)} | {_cell(TARGETS.get(key))} |")
    return "\n".join(lines)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return ", ".join(f"{k} {v}" for k, v in value.items()) or "0"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def select(rows: Iterable[dict[str, Any]], corpus: str | None, limit: int | None) -> list[dict[str, Any]]:
    """Rows of one corpus, at most `limit` of them."""
    chosen = [r for r in rows if corpus is None or r["corpus"] == corpus]
    return chosen[:limit] if limit else chosen


def main(argv: list[str] | None = None) -> int:
    """Evaluate, print the table (or JSON), write the failure lists."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true", help="print scores as JSON")
    parser.add_argument("--corpus", help="only this sub-corpus")
    parser.add_argument("--limit", type=int, help="only the first N pages")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--failures", default=FAILURES_FILE, help="where to write failure lists")
    parser.add_argument("--ours-only", action="store_true", help="skip the plain trafilatura baseline")
    args = parser.parse_args(argv)
    root = corpus_dir()
    if not (root / "truth.jsonl").exists():
        print(f"corpus not found at {root} (set {CORPUS_ENV})", file=sys.stderr)
        return 2
    systems = ("ours",) if args.ours_only else SYSTEMS
    scores = evaluate(select(load_truth(root), args.corpus, args.limit), root, args.workers, systems)
    summaries = {s: scores[s].summary() for s in systems}
    Path(args.failures).write_text(json.dumps(scores["ours"].failures, indent=1, ensure_ascii=False))
    print(json.dumps(summaries, indent=1) if args.json else markdown_table(summaries))
    return 0


if __name__ == "__main__":
    sys.exit(main())
