"""Export articles, versions, counters and events as JSON lines, CSV or Parquet, streamed in batches.

Rows are read with `fetchmany` and written batch by batch, so an export's memory is bounded by
the batch size, not by the size of the archive. Parquet (pyarrow) gets one row group per batch.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

from .readonly import ReadOnlyDatabase

__all__ = ["EXPORTS", "FORMATS", "Column", "ExportFilter", "export", "export_batches", "export_sql"]

FORMATS = ("jsonl", "csv", "parquet")
DEFAULT_BATCH = 2000


@dataclass(frozen=True)
class Column:
    """One exported column: its name, the SQL that reads it, and its type."""

    name: str
    sql: str
    type: str = "str"  # str, int, float, or json_list (a JSON array of strings in the archive)


@dataclass(frozen=True)
class Export:
    """What one export reads: columns, FROM clause, the time column its filters apply to."""

    columns: tuple[Column, ...]
    source: str
    time_column: str
    site_column: str = "a.site"
    order: str = ""


def _cols(spec: str) -> tuple[Column, ...]:
    """'name:type=sql, ...' shorthand; type defaults to str, sql to the name."""
    out = []
    for item in spec.split(","):
        head, _, sql = item.strip().partition("=")
        name, _, kind = head.partition(":")
        out.append(Column(name, sql or name, kind or "str"))
    return tuple(out)


EXPORTS: dict[str, Export] = {
    "articles": Export(
        _cols(
            "id:int=a.id, url=a.url, site=a.site, status=a.status, first_seen=a.first_seen, "
            "last_seen=a.last_seen, version_count:int=a.version_count, "
            "latest_version_id:int=a.latest_version_id"
        ),
        "articles a",
        time_column="a.last_seen",
        order="a.id",
    ),
    "versions": Export(
        _cols(
            "id:int=v.id, article_id:int=v.article_id, url=a.url, site=a.site, number:int=v.number, "
            "captured_at=v.captured_at, title=v.title, subtitle=v.subtitle, text=v.text, "
            "authors:json_list=v.authors, published=v.published, modified=v.modified, "
            "language=v.language, section=v.section, tags:json_list=v.tags, image=v.image, "
            "word_count:int=v.word_count, kinds:json_list=v.kinds, words_added:int=v.words_added, "
            "words_removed:int=v.words_removed, revert_of:int=v.revert_of, stealth:int=v.stealth"
        ),
        "versions v join articles a on a.id = v.article_id",
        time_column="v.captured_at",
        order="v.id",
    ),
    "counters": Export(
        _cols(
            "id:int=c.id, article_id:int=c.article_id, url=a.url, site=a.site, name=c.name, "
            "value:int=c.value, observed_at=c.observed_at, fetch_id:int=c.fetch_id"
        ),
        "counters c join articles a on a.id = c.article_id",
        time_column="c.observed_at",
        order="c.id",
    ),
    "events": Export(
        _cols(
            "id:int=e.id, article_id:int=e.article_id, url=a.url, site=a.site, kind=e.kind, at=e.at, "
            "fetch_id:int=e.fetch_id, version_id:int=e.version_id, detail=e.detail"
        ),
        "events e join articles a on a.id = e.article_id",
        time_column="e.at",
        order="e.id",
    ),
}


@dataclass(frozen=True)
class ExportFilter:
    """Which rows: one site, and a time window [since, until) on the table's time column."""

    site: str | None = None
    since: str | None = None
    until: str | None = None


def export_sql(table: str, flt: ExportFilter = ExportFilter()) -> tuple[str, dict[str, Any]]:
    """The SELECT of one export and its parameters."""
    spec = _spec(table)
    where, params = [], {}
    if flt.site is not None:
        where.append(f"{spec.site_column} = :site")
        params["site"] = flt.site
    if flt.since is not None:
        where.append(f"{spec.time_column} >= :since")
        params["since"] = flt.since
    if flt.until is not None:
        where.append(f"{spec.time_column} < :until")
        params["until"] = flt.until
    columns = ", ".join(f"{c.sql} as {c.name}" for c in spec.columns)
    sql = f"select {columns} from {spec.source}"
    if where:
        sql += " where " + " and ".join(where)
    return sql + f" order by {spec.order}", params


def export_batches(
    db: ReadOnlyDatabase, table: str, flt: ExportFilter = ExportFilter(), batch_size: int = DEFAULT_BATCH
) -> Iterator[list[tuple[Any, ...]]]:
    """The rows of one export, `batch_size` at a time."""
    sql, params = export_sql(table, flt)
    _, rows = db.execute(sql, params)
    batch: list[tuple[Any, ...]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= batch_size:
            yield batch
            batch = []
    if batch:
        yield batch


def export(
    db: ReadOnlyDatabase,
    table: str,
    fmt: str,
    out: IO[Any],
    flt: ExportFilter = ExportFilter(),
    batch_size: int = DEFAULT_BATCH,
) -> int:
    """Write one export to `out` (text for jsonl/csv, binary for parquet); the number of rows."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
    columns = _spec(table).columns
    writer = {"jsonl": _write_jsonl, "csv": _write_csv, "parquet": _write_parquet}[fmt]
    return writer(columns, export_batches(db, table, flt, batch_size), out)


def _spec(table: str) -> Export:
    if table not in EXPORTS:
        raise ValueError(f"can export {', '.join(EXPORTS)}, not {table!r}")
    return EXPORTS[table]


def _json_list(value: str | None) -> list[str]:
    return [str(v) for v in json.loads(value)] if value else []


def _write_jsonl(columns: Sequence[Column], batches: Iterator[list[tuple[Any, ...]]], out: IO[str]) -> int:
    lists = [i for i, c in enumerate(columns) if c.type == "json_list"]
    names = [c.name for c in columns]
    count = 0
    for batch in batches:
        lines = []
        for row in batch:
            record = dict(zip(names, row))
            for i in lists:
                record[names[i]] = _json_list(row[i])
            lines.append(json.dumps(record, ensure_ascii=False))
        out.write("\n".join(lines) + "\n")
        count += len(batch)
    return count


def _write_csv(columns: Sequence[Column], batches: Iterator[list[tuple[Any, ...]]], out: IO[str]) -> int:
    writer = csv.writer(out)
    writer.writerow([c.name for c in columns])
    count = 0
    for batch in batches:
        writer.writerows(batch)
        count += len(batch)
    return count


def _arrow_schema(columns: Sequence[Column]) -> Any:
    import pyarrow as pa

    types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "json_list": pa.list_(pa.string())}
    return pa.schema([pa.field(c.name, types[c.type]) for c in columns])


def _write_parquet(columns: Sequence[Column], batches: Iterator[list[tuple[Any, ...]]], out: IO[bytes]) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - pyarrow is a dependency
        raise ValueError("Parquet export needs pyarrow (pip install pyarrow)") from exc
    schema = _arrow_schema(columns)
    count = 0
    with pq.ParquetWriter(out, schema, compression="zstd") as writer:
        for batch in batches:
            arrays = []
            for i, column in enumerate(columns):
                values = [row[i] for row in batch]
                if column.type == "json_list":
                    values = [_json_list(v) for v in values]
                arrays.append(pa.array(values, type=schema.field(i).type))
            writer.write_batch(pa.RecordBatch.from_arrays(arrays, schema=schema))
            count += len(batch)
    return count
