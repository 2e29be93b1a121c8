"""`python -m crawler.discovery.evaluate`: article-or-hub recall on the corpus, precision on a site with hubs."""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from pebble import ProcessPool

from crawler.discovery.classify import is_article
from crawler.extract import ExtractionError, extract_article
from crawler.extract.evaluate import EVAL_FETCHED_AT, corpus_dir, load_truth

BASE = "http://127.0.0.1:8000/"
HUB_SITE_ARTICLES = 300
SIGNAL_KEYS = ("text", "schema_types", "og_type")


def _signals(page: bytes, url: str) -> dict[str, Any] | None:
    try:
        record = extract_article(page, url, EVAL_FETCHED_AT)
    except ExtractionError:
        return None
    return {key: record.get(key) for key in SIGNAL_KEYS}


def _corpus_page(path: str, url: str, root: str) -> dict[str, Any] | None:
    return _signals(gzip.decompress((Path(root) / path).read_bytes()), url)


def corpus_recall(root: Path, workers: int) -> dict[str, Any]:
    """Every corpus page (distractors aside) is an article: the share classified as one."""
    rows = [r for r in load_truth(root) if not r.get("distractor")]
    with ProcessPool(max_workers=workers) as pool:
        futures = [pool.schedule(_corpus_page, (r["path"], r["url"] or "", str(root))) for r in rows]
        signals = [f.result() for f in futures]
    found, total, missed = Counter(), Counter(), []
    for row, record in zip(rows, signals):
        total[row["corpus"]] += 1
        if record is not None and is_article(record, row["url"] or ""):
            found[row["corpus"]] += 1
        else:
            missed.append(row["url"])
    by_corpus = {c: round(found[c] / total[c], 3) for c in sorted(total)}
    recall = sum(found.values()) / sum(total.values())
    return {"recall": round(recall, 3), "pages": sum(total.values()), "by_corpus": by_corpus,
            "missed": missed}


def _site_pages() -> list[tuple[str, bool, bytes]]:
    """(path, is_article, html) of every HTML page of a generated site with hubs and traps."""
    from demosite.site import SECTIONS, Site  # the demo site ships with the project

    site = Site(articles=HUB_SITE_ARTICLES, traps=True)
    paths = [(a.path, True) for a in site.articles(1)]
    paths += [("/", False), ("/calendar/2025/05/", False)]
    for section in SECTIONS:
        paths += [(f"/section/{section}/", False)]
        paths += [(f"/section/{section}/page/{n}/", False) for n in range(2, 6)]
    pages = []
    for path, article in paths:
        page = site.page(path, 1, BASE)
        if page.status == 200 and page.content_type.startswith("text/html"):
            body = b"".join(p if isinstance(p, bytes) else b"0" for p in page.parts)
            pages.append((path, article, body))
    return pages


def site_precision() -> dict[str, Any]:
    """Precision of 'article' on a site with hubs, as served and with every declaration removed."""
    out: dict[str, Any] = {}
    pages = [(path, article, _signals(body, BASE + path.lstrip("/"))) for path, article, body in _site_pages()]
    for label, strip in (("declared", False), ("undeclared", True)):
        said = []
        for path, article, record in pages:
            record = dict(record or {})
            if strip:
                record.update(schema_types=[], og_type=None)
            said.append((article, is_article(record, BASE + path.lstrip("/"))))
        predicted = [truth for truth, guess in said if guess]
        out[label] = {
            "precision": round(sum(predicted) / len(predicted), 3) if predicted else None,
            "recall": round(sum(predicted) / sum(t for t, _ in said), 3),
            "hubs_taken_for_articles": sum(1 for truth, guess in said if guess and not truth),
            "hubs": sum(1 for truth, _ in said if not truth),
        }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = {"corpus": corpus_recall(corpus_dir(), args.workers), "site": site_precision()}
    if args.json:
        json.dump(result, sys.stdout, indent=2)
        return 0
    corpus = result["corpus"]
    print("| article-or-hub | value |\n|---|---|")
    print(f"| recall on the corpus ({corpus['pages']} article pages) | {corpus['recall']} |")
    for name, value in corpus["by_corpus"].items():
        print(f"| recall, {name} | {value} |")
    for label, data in result["site"].items():
        print(f"| precision on a site with hubs, {label} | {data['precision']} "
              f"({data['hubs_taken_for_articles']} of {data['hubs']} hubs taken for articles) |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
