"""One crawl in a subprocess with the benchmark's settings, its stats, time and peak memory.

`python -m bench.crawl URL --db PATH [--settings JSON]` runs `crawler.runner.run_crawl` (one
Scrapy crawl, a fresh reactor) and prints its stats as one JSON line. `run_crawl` here starts it
and samples the resident memory of the crawl process and of its children (extraction workers),
and every half second their proportional and unique sizes (bench.memory).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

from bench.memory import Usage, by_role, totals, tree_usage

# Delay 0, AutoThrottle off, robots.txt on: the crawl as fast as the project's settings allow.
FAST = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "ROBOTSTXT_OBEY": True,
    "LOG_LEVEL": "WARNING",
    "TELNETCONSOLE_ENABLED": False,
}
# The fetch ceiling: the same crawl with no item pipelines (no extraction, no archive).
NO_PIPELINES = {"ITEM_PIPELINES": {}}
SAMPLE_INTERVAL = 0.1
PSS_EVERY = 5  # proportional sizes read /proc/*/smaps_rollup: every 5th sample (0.5 s) is enough
CRAWL_TIMEOUT = 3600


@dataclass
class CrawlRun:
    """What one crawl did and cost."""

    stats: dict[str, Any]
    wall_seconds: float
    peak_main_rss: int = 0
    peak_workers_rss: int = 0
    peak_total_rss: int = 0
    main_cpu_seconds: float = 0.0
    children_cpu_seconds: float = 0.0
    loadavg: tuple[float, float] = (0.0, 0.0)
    rss_samples: list[tuple[float, int, int]] = field(default_factory=list)
    peak_total_pss: int = 0
    peak_total_uss: int = 0
    peak_usage: list[Usage] = field(default_factory=list)  # every process at the peak of total PSS

    @property
    def pages(self) -> int:
        return int(self.stats.get("response_received_count", 0))

    @property
    def seconds(self) -> float:
        return float(self.stats.get("elapsed_time_seconds") or self.wall_seconds)

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0

    def summary(self) -> dict[str, Any]:
        keep = ("response_received_count", "downloader/response_bytes", "item_scraped_count",
                "newsarchive/articles_new", "newsarchive/versions_new", "newsarchive/unchanged",
                "newsarchive/fetch/article", "newsarchive/fetch/not_modified",
                "newsarchive/fetch/not_article", "newsarchive/fetch/error",
                "downloader/response_status_count/200", "downloader/response_status_count/304",
                "log_count/ERROR",
                "finish_reason")
        return {
            "pages": self.pages,
            "seconds": round(self.seconds, 2),
            "pages_per_second": round(self.pages_per_second, 1),
            "peak_main_rss_mb": round(self.peak_main_rss / 2**20, 1),
            "peak_workers_rss_mb": round(self.peak_workers_rss / 2**20, 1),
            "peak_total_rss_mb": round(self.peak_total_rss / 2**20, 1),
            # RSS counts the pages workers share with the forkserver once per process; PSS does not.
            "peak_total_pss_mb": round(self.peak_total_pss / 2**20, 1),
            "peak_total_uss_mb": round(self.peak_total_uss / 2**20, 1),
            "at_peak_pss": {"by_role": by_role(self.peak_usage),
                            "processes": [u.as_mb() for u in self.peak_usage]},
            # CPU per page does not depend on what else the machine runs; rates do.
            "main_cpu_ms_per_page": round(1000 * self.main_cpu_seconds / self.pages, 1) if self.pages else 0,
            "workers_cpu_ms_per_page": round(1000 * self.children_cpu_seconds / self.pages, 1) if self.pages else 0,
            "loadavg_1min_before_after": self.loadavg,
            "stats": {k: self.stats[k] for k in keep if k in self.stats},
        }


class _Sampler(threading.Thread):
    """Polls the RSS of a process and of all its descendants."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.proc = psutil.Process(pid)
        self.stop = threading.Event()
        self.samples: list[tuple[float, int, int]] = []
        self.start_time = time.monotonic()
        self.cpu: dict[int, float] = {}  # pid -> last user+system seconds seen (recycled workers too)
        self.peak_pss, self.peak_uss = 0, 0
        self.peak_usage: list[Usage] = []

    def _proportional(self) -> None:
        usage = tree_usage(self.proc)
        total = totals(usage)
        self.peak_uss = max(self.peak_uss, total["uss"])
        if total["pss"] > self.peak_pss:
            self.peak_pss, self.peak_usage = total["pss"], usage

    def _cpu(self, proc: psutil.Process) -> None:
        times = proc.cpu_times()
        self.cpu[proc.pid] = times.user + times.system

    def run(self) -> None:
        while not self.stop.wait(SAMPLE_INTERVAL):
            try:
                main = self.proc.memory_info().rss
                self._cpu(self.proc)
                kids = 0
                for child in self.proc.children(recursive=True):
                    try:
                        kids += child.memory_info().rss
                        self._cpu(child)
                    except psutil.NoSuchProcess:
                        pass
            except psutil.NoSuchProcess:
                return
            self.samples.append((time.monotonic() - self.start_time, main, kids))
            if len(self.samples) % PSS_EVERY == 0:
                try:
                    self._proportional()
                except psutil.NoSuchProcess:
                    return


def run_crawl(url: str, db: Path, settings: dict[str, Any] | None = None,
              log: Path | None = None) -> CrawlRun:
    """Crawl `url` into `db` in a subprocess with FAST settings plus `settings`."""
    merged = {**FAST, **(settings or {})}
    cmd = [sys.executable, "-m", "bench.crawl", url, "--db", str(db), "--settings", json.dumps(merged)]
    err = open(log, "w") if log else subprocess.DEVNULL  # noqa: SIM115
    load_before = round(os.getloadavg()[0], 2)
    start = time.monotonic()
    try:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, text=True)
        sampler = _Sampler(proc.pid)
        sampler.start()
        out, _ = proc.communicate(timeout=CRAWL_TIMEOUT)
        sampler.stop.set()
        sampler.join()
    finally:
        if log:
            err.close()
    wall = time.monotonic() - start
    if proc.returncode != 0:
        raise RuntimeError(f"crawl of {url} failed ({proc.returncode}); see {log}")
    stats = json.loads(out.strip().splitlines()[-1])
    samples = sampler.samples
    return CrawlRun(
        stats=stats,
        wall_seconds=wall,
        peak_main_rss=max((m for _, m, _ in samples), default=0),
        peak_workers_rss=max((k for _, _, k in samples), default=0),
        peak_total_rss=max((m + k for _, m, k in samples), default=0),
        rss_samples=samples,
        peak_total_pss=sampler.peak_pss,
        peak_total_uss=sampler.peak_uss,
        peak_usage=sampler.peak_usage,
        main_cpu_seconds=sampler.cpu.get(proc.pid, 0.0),
        children_cpu_seconds=sum(v for k, v in sampler.cpu.items() if k != proc.pid),
        loadavg=(load_before, round(os.getloadavg()[0], 2)),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.crawl", description=__doc__)
    parser.add_argument("url")
    parser.add_argument("--db", required=True)
    parser.add_argument("--settings", default="{}", help="Scrapy settings as a JSON object")
    args = parser.parse_args(argv)
    from crawler.runner import run_crawl as crawl_in_process

    stats = crawl_in_process([args.url], args.db, overrides=json.loads(args.settings))
    print(json.dumps(stats, default=str), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
