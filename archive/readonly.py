"""Read-only connections to an archive: for SQL typed by a researcher, never trusted to be a read.

Four locks, each enough for most mistakes, together enough for a hostile query:
the file is opened with `mode=ro`; `PRAGMA query_only` is set; an authorizer allows only reads
(no writes, no DDL, no ATTACH or DETACH, no PRAGMA that sets a value); and a progress handler
interrupts a statement that runs longer than the time limit.

Exceptions::

    QueryError            a query the archive refuses or cannot run (bad SQL, several statements)
     ├── ReadOnlyError    the query tried to write, attach, or change a setting
     └── QueryTimeout     the query ran longer than its time limit and was interrupted
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

__all__ = [
    "DEFAULT_TIME_LIMIT",
    "QueryError",
    "QueryTimeout",
    "ReadOnlyDatabase",
    "ReadOnlyError",
]

DEFAULT_TIME_LIMIT = 10.0  # seconds
# The progress handler runs every this many SQLite virtual machine instructions (~ms or less).
PROGRESS_STEPS = 1000
FETCH_BATCH = 256  # rows fetched from SQLite at a time

_ALLOWED = frozenset(
    {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION, sqlite3.SQLITE_RECURSIVE}
)
# Pragmas whose argument names a table or an index: reading them sets nothing.
_PRAGMAS_WITH_ARGUMENT = frozenset(
    {
        "table_info",
        "table_xinfo",
        "table_list",
        "index_list",
        "index_info",
        "index_xinfo",
        "foreign_key_list",
    }
)
WRITE_KEYWORDS = frozenset(
    "INSERT UPDATE DELETE REPLACE UPSERT DROP CREATE ALTER ATTACH DETACH VACUUM REINDEX ANALYZE "
    "BEGIN COMMIT END ROLLBACK SAVEPOINT RELEASE".split()
)
_FIRST_WORD = re.compile(r"(?:\s+|--[^\n]*(?:\n|$)|/\*.*?\*/)*([A-Za-z]+)", re.S)
_ACTION_NAMES = {
    getattr(sqlite3, name): name.removeprefix("SQLITE_").replace("_", " ")
    for name in dir(sqlite3)
    if name.startswith(("SQLITE_CREATE", "SQLITE_DROP", "SQLITE_ALTER"))
    or name
    in (
        "SQLITE_INSERT",
        "SQLITE_UPDATE",
        "SQLITE_DELETE",
        "SQLITE_ATTACH",
        "SQLITE_DETACH",
        "SQLITE_PRAGMA",
        "SQLITE_TRANSACTION",
        "SQLITE_SAVEPOINT",
        "SQLITE_ANALYZE",
        "SQLITE_REINDEX",
    )
}


class QueryError(Exception):
    """A query the archive refuses or cannot run."""


class ReadOnlyError(QueryError):
    """The query tried to write, attach a database, or change a setting."""


class QueryTimeout(QueryError):
    """The query ran longer than its time limit and was interrupted."""


def first_keyword(sql: str) -> str:
    """The first keyword of a statement, past white space and comments, upper case."""
    match = _FIRST_WORD.match(sql)
    return match.group(1).upper() if match else ""


def refuse_writes(sql: str) -> None:
    """A clear error for a statement that is plainly not a read (the authorizer catches the rest)."""
    keyword = first_keyword(sql)
    if keyword in WRITE_KEYWORDS:
        raise ReadOnlyError(f"refused: {keyword} statements are not allowed (this connection is read-only)")


class ReadOnlyDatabase:
    """An archive opened for reading only; `execute` runs one statement under a time limit."""

    def __init__(self, path: str | Path, *, time_limit: float | None = DEFAULT_TIME_LIMIT) -> None:
        path = Path(path)
        if not path.exists():
            raise QueryError(f"no archive at {path}")
        self.path = path
        self.time_limit = time_limit
        uri = f"file:{quote(str(path.resolve()))}?mode=ro"
        self.conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        self.conn.execute("PRAGMA query_only = 1")
        self._denied: str | None = None
        self._deadline: float | None = None
        self.conn.set_authorizer(self._authorize)
        self.conn.set_progress_handler(self._progress, PROGRESS_STEPS)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> ReadOnlyDatabase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def execute(
        self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()
    ) -> tuple[list[str], Iterator[tuple[Any, ...]]]:
        """Column names and a stream of rows; the time limit covers preparing and every fetch."""
        refuse_writes(sql)
        self._start_clock()
        cursor = self._run(lambda: self.conn.execute(sql, params))
        columns = [d[0] for d in cursor.description or ()]
        return columns, self._rows(cursor)

    def query(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> Iterator[dict[str, Any]]:
        """Rows as dicts, like sqlite-utils' `db.query`."""
        columns, rows = self.execute(sql, params)
        return (dict(zip(columns, row)) for row in rows)

    def _rows(self, cursor: sqlite3.Cursor) -> Iterator[tuple[Any, ...]]:
        while batch := self._run(lambda: cursor.fetchmany(FETCH_BATCH)):
            yield from batch

    def _start_clock(self) -> None:
        self._denied = None
        self._deadline = None if self.time_limit is None else time.monotonic() + self.time_limit

    def _run(self, step: Any) -> Any:
        """Run one step of a statement, turning SQLite's errors into clear ones."""
        try:
            return step()
        except sqlite3.DatabaseError as exc:
            raise self._explain(exc) from exc
        except (sqlite3.ProgrammingError, sqlite3.Warning) as exc:
            raise QueryError(str(exc)) from exc

    def _explain(self, exc: sqlite3.DatabaseError) -> QueryError:
        message = str(exc)
        if self._denied is not None:
            return ReadOnlyError(f"refused: {self._denied} (this connection is read-only)")
        if "interrupted" in message and self._deadline is not None and time.monotonic() >= self._deadline:
            return QueryTimeout(f"query interrupted after its time limit of {self.time_limit:g} s")
        if "readonly" in message or "read-only" in message:
            return ReadOnlyError(f"refused: {message} (this connection is read-only)")
        return QueryError(message)

    def _authorize(self, action: int, arg1: str | None, arg2: str | None, _db: str | None, _trigger: str | None) -> int:
        if action in _ALLOWED:
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_UPDATE and arg1 == "sqlite_master" and self._denied is None:
            # SQLite prepares this itself when a virtual table (FTS5, pragma_*) is first used in
            # a connection; `mode=ro` and `query_only` make any real schema write fail anyway.
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_PRAGMA and (arg2 is None or (arg1 or "").lower() in _PRAGMAS_WITH_ARGUMENT):
            return sqlite3.SQLITE_OK
        what = _ACTION_NAMES.get(action, f"action {action}")
        target = f" {arg1}" if arg1 else ""
        if action == sqlite3.SQLITE_PRAGMA:
            target = f" {arg1} = {arg2}"
        self._denied = f"{what}{target}"
        return sqlite3.SQLITE_DENY

    def _progress(self) -> int:
        return int(self._deadline is not None and time.monotonic() >= self._deadline)
