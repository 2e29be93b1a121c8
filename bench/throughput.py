"""Crawl throughput (1), unchanged recrawl (2) and crawl memory (6) on a generated local site.

One server process group (`bench.server`) serves the site; every crawl runs in its own
subprocess (`bench.crawl`) with delay 0, AutoThrottle off and robots.txt obeyed. The fetch
ceiling is the same crawl with no item pipelines; the server's CPU is reported beside each crawl
so that a server bottleneck would show.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench.archive_size import snapshot
from bench.crawl import NO_PIPELINES, CrawlRun, run_crawl
from bench.server import BenchServer, serve

MEMORY_CHECKPOINTS = (0.25, 0.5, 0.75, 1.0)


def _crawl(server: BenchServer, db: Path, log: Path, settings: dict[str, Any] | None = None) -> dict[str, Any]:
    cpu0 = server.cpu_seconds()
    run = run_crawl(server.url, db, settings, log=log)
    result = run.summary()
    result["server_cpu_seconds"] = round(server.cpu_seconds() - cpu0, 2)
    result["rss_over_time_mb"] = _rss_over_time(run)
    return result


def _rss_over_time(run: CrawlRun) -> list[dict[str, float]]:
    """Main and worker RSS at fractions of the crawl's duration (growth shows here)."""
    samples = [s for s in run.rss_samples if s[1] > 0]  # a process that has exited reads as 0
    if not samples:
        return []
    end = samples[-1][0]
    out = []
    for fraction in MEMORY_CHECKPOINTS:
        t, main, kids = min(samples, key=lambda s: abs(s[0] - fraction * end))
        out.append({"at": fraction, "main_mb": round(main / 2**20, 1), "workers_mb": round(kids / 2**20, 1)})
    return out


def measure_crawl(articles: int, work: Path) -> dict[str, Any]:
    """Fetch ceiling, first crawl end to end, unchanged recrawl (conditional GET) of one site."""
    db = work / f"crawl-{articles}.db"
    with serve(articles, conditional=True) as server:
        fetch = _crawl(server, work / "fetch-ceiling.db", work / "fetch-ceiling.log", NO_PIPELINES)
        first = _crawl(server, db, work / "first.log")
        first_snapshot = snapshot(db, work / "first-crawl.db")
        recrawl = _crawl(server, db, work / "recrawl.log")
        port = int(server.url.rsplit(":", 1)[1].strip("/"))
    return {
        "articles": articles,
        "url_port": port,
        "fetch_ceiling": fetch,
        "first_crawl": first,
        "recrawl": recrawl,
        "recrawl_ratio": round(recrawl["pages_per_second"] / first["pages_per_second"], 2)
        if first["pages_per_second"] else 0.0,
        "first_crawl_db": str(first_snapshot),
    }


def measure_memory(articles: int, work: Path) -> dict[str, Any]:
    """A first crawl of a bigger site, for peak memory (and its throughput) at that size."""
    with serve(articles, conditional=True) as server:
        return _crawl(server, work / f"memory-{articles}.db", work / f"memory-{articles}.log")
