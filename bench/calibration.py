"""Calibration: how the generated pages compare with the real corpus pages, in structure and extraction cost.

Extraction cost follows the DOM far more than the bytes (on the corpus, element count alone
explains ~80 % of the variance once htmldate's date search is set aside), so the benchmark's site
is only as realistic as its element counts. `python -m bench.calibration` prints the comparison.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections.abc import Iterable
from typing import Any

from lxml import html

from bench.extraction import corpus_dir, corpus_pages, site_pages

FIELDS = ("elements", "max_depth", "mean_depth", "links", "divs", "list_items", "scripts", "kb")


def structure(page: bytes) -> dict[str, float]:
    """Element count, nesting depth, links and the like of one page, parsed as extraction does."""
    tree = html.document_fromstring(page, parser=html.HTMLParser(huge_tree=True, remove_comments=True))
    depths: list[int] = []
    counts = {"a": 0, "div": 0, "li": 0, "script": 0}
    stack = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if not isinstance(node.tag, str):
            continue
        depths.append(depth)
        if node.tag in counts:
            counts[node.tag] += 1
        stack.extend((child, depth + 1) for child in node)
    return {"elements": len(depths), "max_depth": max(depths), "mean_depth": sum(depths) / len(depths),
            "links": counts["a"], "divs": counts["div"], "list_items": counts["li"],
            "scripts": counts["script"], "kb": len(page) / 1024}


def medians(pages: Iterable[tuple[str, str, bytes]]) -> dict[str, Any]:
    """Median of each structure figure over the pages (pages that do not parse are skipped)."""
    rows = []
    for _, _, body in pages:
        try:
            rows.append(structure(body))
        except (ValueError, TypeError):  # lxml: an empty or undecodable document
            continue
    if not rows:
        return {"pages": 0}
    return {"pages": len(rows), **{f: round(statistics.median(r[f] for r in rows), 1) for f in FIELDS}}


def measure(articles: int, sample: int, corpus_limit: int | None,
            site_cpu: dict[str, Any] | None = None, corpus_cpu: dict[str, Any] | None = None) -> dict[str, Any]:
    """Structure medians of the site's sampled article pages and of the corpus, beside their extraction CPU."""
    result: dict[str, Any] = {"site": medians(site_pages(articles, sample))}
    if (corpus_dir() / "truth.jsonl").exists():
        result["corpus"] = medians(corpus_pages(corpus_limit))
    for key, cpu in (("site", site_cpu), ("corpus", corpus_cpu)):
        if cpu and key in result:
            result[key]["extraction_cpu_p50_ms"] = cpu["p50_ms"]
            result[key]["extraction_cpu_mean_ms"] = cpu["mean_ms"]
    site, corpus = result["site"], result.get("corpus")
    if corpus and corpus.get("pages") and site.get("pages"):
        result["elements_ratio"] = round(site["elements"] / corpus["elements"], 2)
        if "extraction_cpu_p50_ms" in site and "extraction_cpu_p50_ms" in corpus:
            result["extraction_ratio"] = round(site["extraction_cpu_p50_ms"] / corpus["extraction_cpu_p50_ms"], 2)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.calibration", description=__doc__)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--sample", type=int, default=100, help="site pages to measure")
    parser.add_argument("--corpus-limit", type=int, help="corpus pages to measure (default: all)")
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.articles, args.sample, args.corpus_limit), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
