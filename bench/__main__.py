"""`python -m bench [--quick]`: run every measurement, print the table, write bench/results.json."""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from bench import calibration, diffs, extraction, queries, storage, throughput
from bench.report import markdown

TARGETS = {
    "end_to_end_share": 0.8,
    "recrawl_ratio": 5.0,
    "archive_share": 0.08,
    "diff_p95_ms": 20,
    "diff_worst_ms": 1000,
    "memory_mb": 500,
    "changed_24h_ms": 200,
    "fts_ms": 100,
}
FULL = {"articles": 2000, "memory_articles": 10000, "versions": 100_000, "corpus_limit": None,
        "ceiling_sample": 300, "recrawls": 5}
QUICK = {"articles": 300, "memory_articles": 0, "versions": 10_000, "corpus_limit": 150,
         "ceiling_sample": 60, "recrawls": 5}
RESULTS = Path(__file__).resolve().parent / "results.json"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    p.add_argument("--quick", action="store_true", help="a smaller run (a few minutes)")
    p.add_argument("--articles", type=int, help="articles of the crawled site (full: 2000)")
    p.add_argument("--memory-articles", type=int, help="articles of the memory crawl; 0 skips it (full: 10000)")
    p.add_argument("--versions", type=int, help="versions of the query archive (full: 100000)")
    p.add_argument("--corpus-limit", type=int, help="corpus pages to extract (full: all)")
    p.add_argument("--ceiling-sample", type=int, help="site pages timed for the extraction ceiling")
    p.add_argument("--recrawls", type=int, help="edited recrawls of the storage run (5)")
    p.add_argument("--out", type=Path, default=RESULTS, help="where to write the JSON results")
    p.add_argument("--workdir", type=Path, help="keep archives and logs here (default: a temporary directory)")
    return p.parse_args(argv)


def _params(args: argparse.Namespace) -> dict[str, Any]:
    params = dict(QUICK if args.quick else FULL)
    for key in params:
        value = getattr(args, key)
        if value is not None:
            params[key] = value
    return params


def _machine() -> dict[str, Any]:
    return {"cores": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
            "loadavg_start": [round(x, 2) for x in os.getloadavg()]}


def _commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, check=True).stdout.strip()
        return out.stdout.strip() + ("+dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _step(name: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {name}", file=sys.stderr, flush=True)


def run(params: dict[str, Any], work: Path) -> dict[str, Any]:
    results: dict[str, Any] = {}
    _step(f"extraction ceiling on {params['ceiling_sample']} pages of the site")
    results["extraction_ceiling"] = extraction.measure_site_ceiling(params["articles"], params["ceiling_sample"])
    _step(f"crawl of {params['articles']} articles: fetch ceiling, end to end, unchanged recrawl")
    results["crawl"] = throughput.measure_crawl(params["articles"], work)
    _step(f"storage: {params['recrawls']} edited recrawls")
    results["storage"] = storage.measure_storage(results["crawl"], work, params["recrawls"])
    _step("diffs")
    results["diffs"] = diffs.measure_diffs(Path(results["storage"]["db"]))
    _step("extraction on the corpus")
    results["extraction_corpus"] = extraction.measure_corpus(params["corpus_limit"])
    _step("calibration: structure of the site's pages and of the corpus's")
    results["calibration"] = calibration.measure(
        params["articles"], params["ceiling_sample"], params["corpus_limit"],
        site_cpu=results["extraction_ceiling"]["cpu"], corpus_cpu=results["extraction_corpus"].get("cpu"))
    if params["memory_articles"]:
        _step(f"memory crawl of {params['memory_articles']} articles")
        results["memory"] = throughput.measure_memory(params["memory_articles"], work)
    _step(f"queries on {params['versions']} generated versions")
    results["queries"] = queries.measure_queries(work, params["versions"])
    return results


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    params = _params(args)
    started = time.monotonic()
    custom = any(getattr(args, k) is not None for k in FULL)
    meta = {"mode": "quick" if args.quick else ("custom" if custom else "full"), "params": params, "targets": TARGETS,
            "machine": _machine(), "commit": _commit(),
            "started": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    work = args.workdir or Path(tempfile.mkdtemp(prefix="newsarchive-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        results = {**meta, **run(params, work)}
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    results["seconds"] = round(time.monotonic() - started, 1)
    results["machine"]["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    table = markdown(results)
    results["table"] = table
    args.out.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
