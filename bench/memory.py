"""Memory of a crawl's process tree by role (main, forkserver, workers): resident, proportional and unique.

Workers forked by the forkserver share their pages with it (copy on write), and RSS counts every
shared page once per process; PSS divides each page among the processes that map it, so the sum
of PSS is what the crawl really holds. USS is what each process alone would give back on exit.
"""

from __future__ import annotations

from dataclasses import dataclass

import psutil

MB = 2**20


@dataclass(frozen=True)
class Usage:
    """One process's memory, in bytes."""

    role: str
    pid: int
    rss: int
    pss: int
    uss: int

    def as_mb(self) -> dict[str, object]:
        return {"role": self.role, "pid": self.pid, "rss_mb": round(self.rss / MB, 1),
                "pss_mb": round(self.pss / MB, 1), "uss_mb": round(self.uss / MB, 1)}


def _cmdline(proc: psutil.Process) -> str:
    try:
        return " ".join(proc.cmdline())
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
        return ""


def _ppid(proc: psutil.Process) -> int | None:
    try:
        return proc.ppid()
    except (psutil.NoSuchProcess, psutil.ZombieProcess):
        return None


def role(proc: psutil.Process, root: psutil.Process, forkservers: set[int]) -> str:
    """What a process of the crawl's tree is, from its command line and parent."""
    if proc.pid == root.pid:
        return "main"
    if proc.pid in forkservers:
        return "forkserver"
    if "resource_tracker" in _cmdline(proc):
        return "resource_tracker"
    if _ppid(proc) in forkservers:
        return "worker"
    return "other"


def tree_usage(root: psutil.Process) -> list[Usage]:
    """RSS, PSS and USS of `root` and of every descendant still alive."""
    procs = [root, *root.children(recursive=True)]
    # Workers inherit the forkserver's command line: the forkserver is the one whose parent is not.
    forking = {p.pid: p for p in procs if "multiprocessing.forkserver" in _cmdline(p)}
    forkservers = {pid for pid, p in forking.items() if _ppid(p) not in forking}
    usages: list[Usage] = []
    for proc in procs:
        try:
            kind = role(proc, root, forkservers)
            info = proc.memory_full_info()
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
        usages.append(Usage(kind, proc.pid, info.rss, info.pss, info.uss))
    return usages


def totals(usages: list[Usage]) -> dict[str, int]:
    """Sums over the tree: RSS (double-counts shared pages), PSS (the honest total) and USS."""
    return {"rss": sum(u.rss for u in usages), "pss": sum(u.pss for u in usages),
            "uss": sum(u.uss for u in usages)}


def by_role(usages: list[Usage]) -> dict[str, dict[str, float]]:
    """Per role: process count and summed RSS, PSS and USS in MB."""
    out: dict[str, dict[str, float]] = {}
    for u in usages:
        entry = out.setdefault(u.role, {"processes": 0, "rss_mb": 0.0, "pss_mb": 0.0, "uss_mb": 0.0})
        entry["processes"] += 1
        entry["rss_mb"] = round(entry["rss_mb"] + u.rss / MB, 1)
        entry["pss_mb"] = round(entry["pss_mb"] + u.pss / MB, 1)
        entry["uss_mb"] = round(entry["uss_mb"] + u.uss / MB, 1)
    return out
