"""Queries (7): the "changed in the last 24 hours" query, FTS search and export memory.

An archive of N versions is generated directly (bulk inserts through sqlite-utils into an archive
made by the Archive facade, so the schema, its FTS triggers and indexes are the real ones). Texts
are windows of real article text from the corpus (synthetic words without it); versions of an
article differ by a few words; capture times spread over 30 days up to now.
"""

from __future__ import annotations

import json
import random
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from bench.crawl import _Sampler
from bench.extraction import corpus_dir

VERSIONS_PER_ARTICLE = 4
WORDS_PER_TEXT = 500
SPAN_DAYS = 30
REPEATS = 5
SEARCHES = ("government", "election results", "climate change policy", "minister", "zzzunseen")
BATCH = 2000


def _token_stream() -> list[str]:
    truth = corpus_dir() / "truth.jsonl"
    words: list[str] = []
    if truth.exists():
        for line in truth.read_text().split("\n"):
            if line.strip():
                words.extend(re.findall(r"\S+", json.loads(line).get("body") or ""))
    if len(words) < 10 * WORDS_PER_TEXT:
        rng = random.Random(1)
        words = [f"word{int(rng.paretovariate(1.1)) % 20000}" for _ in range(200_000)]
    return words


def _text(words: list[str], rng: random.Random) -> list[str]:
    start = rng.randrange(len(words) - WORDS_PER_TEXT)
    return words[start:start + WORDS_PER_TEXT]


def _paragraphs(words: list[str]) -> str:
    return "\n\n".join(" ".join(words[i:i + 60]) for i in range(0, len(words), 60))


def _iso(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def _rows(n_versions: int, now: datetime) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """(article, its versions) with explicit ids, until n_versions are made."""
    words = _token_stream()
    rng = random.Random(0)
    made, article_id = 0, 0
    while made < n_versions:
        article_id += 1
        count = min(rng.randint(1, 2 * VERSIONS_PER_ARTICLE - 1), n_versions - made)
        first = now - timedelta(seconds=rng.uniform(0, SPAN_DAYS * 86400))
        times = sorted(first + timedelta(seconds=rng.uniform(0, (now - first).total_seconds()))
                       for _ in range(count - 1))
        body = _text(words, rng)
        title = " ".join(_text(words, rng)[:9])
        versions = []
        for number, at in enumerate([first, *times], start=1):
            if number > 1:
                for _ in range(rng.randint(1, 8)):
                    body[rng.randrange(len(body))] = rng.choice(words)
            made += 1
            versions.append({
                "id": made, "article_id": article_id, "number": number, "captured_at": _iso(at),
                "title": title, "subtitle": None, "text": _paragraphs(body),
                "authors": "[]", "language": "en", "text_key": f"{article_id}-{number}",
                "word_count": len(body), "kinds": '["body_edited"]' if number > 1 else "[]",
                "words_added": 0, "words_removed": 0, "stealth": 0,
            })
        article = {
            "id": article_id, "url": f"https://news.example/a/{article_id}", "site": "example",
            "first_seen": versions[0]["captured_at"], "last_seen": versions[-1]["captured_at"],
            "status": "live", "latest_version_id": versions[-1]["id"], "version_count": count,
        }
        yield article, versions


def generate(db_path: Path, n_versions: int, now: datetime) -> dict[str, Any]:
    """Fill a new archive with n_versions versions; returns timing and what the schema has."""
    from archive.store import Archive

    start = time.perf_counter()
    with Archive(db_path) as archive:
        db = archive.db
        db.execute("PRAGMA foreign_keys = OFF")
        articles, versions = [], []
        for article, rows in _rows(n_versions, now):
            articles.append(article)
            versions.extend(rows)
            if len(versions) >= BATCH:
                _flush(db, articles, versions)
        _flush(db, articles, versions)
        fts = "versions_fts" in db.table_names()
    return {"versions": n_versions, "seconds": round(time.perf_counter() - start, 1), "fts_table": fts}


def _flush(db: Any, articles: list, versions: list) -> None:
    with db.atomic():
        db["articles"].insert_all(articles, batch_size=500)
        db["versions"].insert_all(versions, batch_size=500)
    articles.clear()
    versions.clear()


def _timed(fn: Any, repeats: int = REPEATS) -> tuple[float, int]:
    """Median milliseconds over repeats (the first run warms the page cache), and rows."""
    times, rows = [], 0
    for _ in range(repeats + 1):
        start = time.perf_counter()
        rows = len(list(fn()))
        times.append(time.perf_counter() - start)
    return round(statistics.median(times[1:]) * 1000, 2), rows


def measure_changed_24h(db_path: Path, now: datetime) -> dict[str, Any]:
    """The canned "changed in the last 24 hours" query through the facade, else plain SQL."""
    from archive.store import Archive

    since = _iso(now - timedelta(hours=24))
    with Archive(db_path) as archive:
        if hasattr(archive, "changes"):
            ms, rows = _timed(lambda: archive.changes(since))
            how = "Archive.changes(since)"
        else:
            sql = ("select a.url, v.number, v.captured_at, v.kinds, v.title from versions v "
                   "join articles a on a.id = v.article_id where v.captured_at >= ? and v.number > 1 "
                   "order by v.captured_at desc")
            ms, rows = _timed(lambda: archive.db.query(sql, [since]))
            how = "plain SQL on versions (no canned query yet)"
    return {"ms": ms, "rows": rows, "how": how}


def measure_search(db_path: Path) -> dict[str, Any]:
    """FTS searches through archive.query.search (latest versions and all versions)."""
    try:
        from archive.query import SearchQuery, search
        from archive.readonly import ReadOnlyDatabase
    except ImportError:
        return {"skipped": "archive.query.search does not exist yet"}
    per_query: dict[str, float] = {}
    with ReadOnlyDatabase(db_path, time_limit=None) as db:
        for text in SEARCHES:
            for all_versions in (False, True):
                ms, rows = _timed(lambda: search(db, SearchQuery(text, all_versions=all_versions)))
                per_query[f"{text!r}{' (all versions)' if all_versions else ''}"] = ms
    return {"per_query_ms": per_query, "max_ms": max(per_query.values()),
            "p50_ms": round(statistics.median(per_query.values()), 2),
            "how": "archive.query.search, 20 best hits with snippets"}


EXPORT_SCRIPT = """
import os, sys
from archive.export import export
from archive.readonly import ReadOnlyDatabase
with ReadOnlyDatabase(sys.argv[1], time_limit=None) as db, open(os.devnull, "w") as out:
    print(export(db, "versions", "jsonl", out))
"""
BASELINE_SCRIPT = "import archive.export, archive.readonly"


def _peak_rss(script: str, *args: str) -> tuple[int, float, str]:
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", script, *args], stdout=subprocess.PIPE, text=True)
    sampler = _Sampler(proc.pid)
    sampler.start()
    out, _ = proc.communicate()
    sampler.stop.set()
    sampler.join()
    return max((m for _, m, _ in sampler.samples), default=0), time.perf_counter() - start, out


def measure_export(db_path: Path) -> dict[str, Any]:
    """Peak RSS of exporting every version as JSON lines, beside the RSS of the imports alone."""
    try:
        import archive.export  # noqa: F401
    except ImportError:
        return {"skipped": "archive/export.py does not exist yet"}
    base, _, _ = _peak_rss(BASELINE_SCRIPT + "\nimport time; time.sleep(0.5)")
    peak, seconds, out = _peak_rss(EXPORT_SCRIPT, str(db_path))
    return {"rows": int(out.strip() or 0), "seconds": round(seconds, 1),
            "peak_rss_mb": round(peak / 2**20, 1), "imports_rss_mb": round(base / 2**20, 1)}


def measure_queries(work: Path, n_versions: int) -> dict[str, Any]:
    now = datetime.now(timezone.utc)
    db_path = work / f"queries-{n_versions}.db"
    generated = generate(db_path, n_versions, now)
    return {
        "generated": generated,
        "db_bytes": db_path.stat().st_size,
        "changed_24h": measure_changed_24h(db_path, now),
        "search": measure_search(db_path),
        "export": measure_export(db_path),
    }
