"""Extraction cost: per-page times on the shared corpus, and the extraction ceiling of a site.

Each page is extracted in this process, one at a time, by `crawler.extract.extract_article`:
wall time (perf_counter) and CPU time (process_time). The ceiling is cores / mean CPU seconds.
"""

from __future__ import annotations

import gzip
import itertools
import json
import os
import random
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from bench.stats import summary_ms

FETCHED_AT = "2025-06-01T00:00:00Z"  # fixed: re-extraction must not depend on the clock


def corpus_dir() -> Path:
    """NEWSARCHIVE_CORPUS, else ../shared/corpus beside the repository."""
    env = os.environ.get("NEWSARCHIVE_CORPUS")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "shared" / "corpus"


def corpus_pages(limit: int | None = None, seed: int = 0) -> Iterator[tuple[str, str, bytes]]:
    """(id, url, html bytes) of the corpus pages, all of them or a fixed random sample."""
    root = corpus_dir()
    rows = [json.loads(line) for line in (root / "truth.jsonl").read_text().split("\n") if line.strip()]
    if limit is not None and limit < len(rows):
        rows = random.Random(seed).sample(rows, limit)
    for row in rows:
        yield row["id"], row.get("url") or "http://example.invalid/", gzip.decompress(
            (root / row["path"]).read_bytes())


def _extract_quietly(page: tuple[str, str, bytes]) -> None:
    from crawler.extract import ExtractionError, extract_article

    try:
        extract_article(page[2], page[1], FETCHED_AT, {"content-type": "text/html"})
    except ExtractionError:
        pass


def time_extraction(pages: Iterable[tuple[str, str, bytes]]) -> dict[str, Any]:
    """Extract each page once; wall and CPU time per page, failures by reason, slowest pages."""
    from crawler.extract import ExtractionError, extract_article

    wall: list[float] = []
    cpu: list[float] = []
    failures: dict[str, int] = {}
    slowest: list[tuple[float, str, int]] = []
    pages = iter(pages)
    first = next(pages, None)
    if first is not None:  # warm up (imports, lxml and trafilatura set-up); not timed
        _extract_quietly(first)
        pages = itertools.chain([first], pages)
    for page_id, url, body in pages:
        w0, c0 = time.perf_counter(), time.process_time()
        try:
            extract_article(body, url, FETCHED_AT, {"content-type": "text/html"})
        except ExtractionError as exc:
            failures[exc.reason] = failures.get(exc.reason, 0) + 1
        w, c = time.perf_counter() - w0, time.process_time() - c0
        wall.append(w)
        cpu.append(c)
        slowest = sorted([*slowest, (w, page_id, len(body))], reverse=True)[:5]
    return {
        "pages": len(wall),
        "wall": summary_ms(wall),
        "cpu": summary_ms(cpu),
        "mean_cpu_s": sum(cpu) / len(cpu) if cpu else 0.0,
        "failures": failures,
        "slowest": [{"id": i, "ms": round(w * 1000, 1), "bytes": n} for w, i, n in slowest],
    }


def measure_corpus(limit: int | None = None) -> dict[str, Any]:
    """Measurement 3: per-page extraction times on the shared corpus."""
    if not (corpus_dir() / "truth.jsonl").exists():
        return {"skipped": f"no corpus at {corpus_dir()}"}
    result = time_extraction(corpus_pages(limit))
    result["corpus"] = str(corpus_dir())
    return result


def site_pages(articles: int, sample: int, seed: int = 0) -> Iterator[tuple[str, str, bytes]]:
    """Article pages of the generated site, rendered with per-request noise as served."""
    from demosite.noise import Noise
    from demosite.site import Site

    site = Site(articles, seed)
    base = "http://127.0.0.1:8000/"
    paths = list(site.edition(1).by_path)
    paths = random.Random(seed).sample(paths, min(sample, len(paths)))
    noise = Noise()
    for path in paths:
        yield path, base + path.lstrip("/"), noise.render(site.page(path, 1, base))


def measure_site_ceiling(articles: int, sample: int) -> dict[str, Any]:
    """Ceiling (b): cores / mean per-page extraction CPU time on the crawled site's pages."""
    pages = list(site_pages(articles, sample))
    result = time_extraction(pages)
    cores = os.cpu_count() or 1
    result["cores"] = cores
    result["mean_page_bytes"] = round(sum(len(b) for _, _, b in pages) / len(pages))
    result["ceiling_pages_per_second"] = round(cores / result["mean_cpu_s"], 1)
    return result
