"""Schedule state and crawl runs in the archive: what the scheduler needs to survive a crash.

Everything here is plain reads and small writes on an `Archive`; the policy that decides the
times lives in the crawl layer (`crawler.schedule`). Per-article facts (last visit, last change)
are read from `fetches` and `versions`, which each page's own transaction keeps exact, so the
stored next-visit times are a cache that is recomputed, never the only copy of a fact.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from .clock import iso
from .store import Archive

RUNNING = "running"
# A crawl row still `running` when no crawl holds the lock: its process died (SIGKILL, power).
INTERRUPTED = "interrupted"
CRAWL_COUNTS = ("pages", "new_articles", "new_versions", "unchanged", "not_modified", "gone", "errors")


class ScheduleState:
    """Read and write the schedule tables and the `crawls` log of one archive."""

    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        self.db = archive.db

    # ---- articles ----------------------------------------------------------------------------

    def article_facts(self, site: str | None) -> Iterator[dict[str, Any]]:
        """Each article of `site` with what its next visit depends on.

        Keys: id, url, site, status, first_seen, last_visit (newest fetch), last_change (capture
        time of its latest version), hinted (newest announced change), next_visit (stored),
        fetch_url, etag, last_modified (validators of the last good fetch, for conditional GET).
        """
        sql = """
            select a.id, a.url, a.site, a.status, a.first_seen,
              (select max(fetched_at) from fetches where article_id = a.id) as last_visit,
              coalesce(v.captured_at, a.first_seen) as last_change,
              s.hinted, s.next_visit,
              f.url as fetch_url, f.etag, f.last_modified
            from articles a
            left join versions v on v.id = a.latest_version_id
            left join article_schedule s on s.article_id = a.id
            left join fetches f on f.id = (
              select id from fetches where article_id = a.id and status = 200
              order by id desc limit 1)
            where a.site is :site
            order by a.id
        """
        yield from self.db.query(sql, {"site": site})

    def save_next_visits(self, rows: Iterable[Mapping[str, Any]], now: str) -> None:
        """Store `{article_id, next_visit, interval}` rows (next_visit None: no more visits)."""
        with self.archive.db.atomic():
            self.db.conn.executemany(
                "insert into article_schedule (article_id, next_visit, interval, updated) "
                "values (?, ?, ?, ?) on conflict(article_id) do update set "
                "next_visit = excluded.next_visit, interval = excluded.interval, "
                "updated = excluded.updated",
                [(r["article_id"], r["next_visit"], r.get("interval"), now) for r in rows],
            )

    def note_hint(self, url: str, changed_at: str) -> bool:
        """A discovery source says the article at `url` changed at `changed_at`; keep the newest.

        Returns False when no archived article has that URL.
        """
        article = self.archive.find_article(url)
        if article is None:
            return False
        with self.archive.db.atomic():
            self.db.execute(
                "insert into article_schedule (article_id, hinted) values (?, ?) "
                "on conflict(article_id) do update set hinted = excluded.hinted "
                "where hinted is null or excluded.hinted > hinted",
                [article["id"], changed_at],
            )
        return True

    def due_counts(self, site: str | None, now: str) -> int:
        row = self.db.execute(
            "select count(*) from article_schedule s join articles a on a.id = s.article_id "
            "where a.site is ? and s.next_visit <= ?",
            [site, now],
        ).fetchone()
        return int(row[0])

    # ---- sites -------------------------------------------------------------------------------

    def site_state(self, site: str) -> dict[str, Any]:
        rows = list(self.db.query("select * from site_schedule where site = ?", [site]))
        return rows[0] if rows else {"site": site, "last_started": None, "last_finished": None,
                                     "last_status": None, "next_run": None}

    def site_started(self, site: str) -> None:
        """A crawl of `site` is under way; its schedule advances only when it completes."""
        self.db.execute(
            "insert into site_schedule (site, last_status) values (?, ?) "
            "on conflict(site) do update set last_status = excluded.last_status",
            [site, RUNNING],
        )

    def site_finished(self, site: str, *, started: str, finished: str, status: str,
                      completed: bool) -> None:
        """Record how a crawl of `site` ended; a completed crawl moves the schedule on."""
        values: dict[str, Any] = {"site": site, "last_finished": finished, "last_status": status}
        if completed:
            values["last_started"] = started
        self.db["site_schedule"].upsert(values, pk="site")

    def set_next_run(self, site: str, next_run: str | None) -> None:
        self.db["site_schedule"].upsert({"site": site, "next_run": next_run}, pk="site")

    # ---- crawl runs --------------------------------------------------------------------------

    def start_crawl(self, *, trigger: str, sites: list[str | None], pid: int, at: str) -> int:
        return int(
            self.db["crawls"].insert(
                {"started": at, "status": RUNNING, "trigger": trigger, "pid": pid,
                 "sites": json.dumps(sites)}
            ).last_pk
        )

    def update_crawl(self, crawl_id: int, counts: Mapping[str, int],
                     errors_by_kind: Mapping[str, int]) -> None:
        values = {k: int(counts.get(k, 0)) for k in CRAWL_COUNTS}
        values["errors_by_kind"] = json.dumps(dict(errors_by_kind), sort_keys=True)
        self.db["crawls"].update(crawl_id, values)

    def finish_crawl(self, crawl_id: int, *, status: str, at: str, reason: str | None,
                     counts: Mapping[str, int], errors_by_kind: Mapping[str, int]) -> None:
        with self.archive.db.atomic():
            self.update_crawl(crawl_id, counts, errors_by_kind)
            self.db["crawls"].update(
                crawl_id, {"finished": at, "status": status, "finish_reason": reason}
            )

    def close_stale_crawls(self, at: str) -> int:
        """Mark crawls left `running` by a dead process as interrupted (call under the lock)."""
        cursor = self.db.execute(
            "update crawls set status = ?, finished = coalesce(finished, ?) where status = ?",
            [INTERRUPTED, at, RUNNING],
        )
        self.db.execute(
            "update site_schedule set last_status = ? where last_status = ?", [INTERRUPTED, RUNNING]
        )
        return cursor.rowcount

    def crawls(self, limit: int = 20) -> list[dict[str, Any]]:
        rows = self.db.query("select * from crawls order by id desc limit ?", [limit])
        out = []
        for row in rows:
            row = dict(row)
            row["sites"] = json.loads(row["sites"]) if row.get("sites") else []
            row["errors_by_kind"] = json.loads(row["errors_by_kind"]) if row.get("errors_by_kind") else {}
            out.append(row)
        return out


def stamp(moment: Any) -> str | None:
    """ISO 8601 UTC for a datetime, None for None."""
    return None if moment is None else iso(moment)
