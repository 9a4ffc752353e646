"""Export every stored article with its normalized form, metadata and provenance: jsonl, csv or
parquet (typed: timestamps, integers, lists), streamed."""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import TextIO

from iton.corpus.query import Query
from iton.errors import ExportError
from iton.jsonlines import json_line

__all__ = ["EXPORT_FIELDS", "EXPORT_FORMATS", "export", "export_records"]

EXPORT_FORMATS = ("jsonl", "csv", "parquet")
# Columns in export order: the article's fields, then what iton made of it.
EXPORT_FIELDS = (
    "id", "outlet", "url", "title", "subtitle", "body", "published", "published_raw", "author",
    "normalized", "repeats", "duplicate_of", "entities", "warnings", "source", "source_line", "content_hash",
    "ingested_at", "updated_at", "meta", "provenance",
)  # fmt: skip
# Parquet file metadata key: the distinct provenances of the exported articles, as a JSON list.
PARQUET_PROVENANCE_KEY = b"iton.provenance"
# Rows per parquet row group: bounded memory while writing, big enough to compress well.
PARQUET_ROWS = 2000


def export_records(store, keep: Callable | None = None, query: Query | None = None) -> Iterator[dict]:
    """Every article (or those ``keep(article)`` accepts, of those an analysed ``query``
    matches) as an export record, in ingest order, streamed from the store."""
    ids: dict[int, str] = {}  # a group's root is its oldest member: streamed before the others
    for article in store.iter_articles() if query is None else store.iter_matches(query):
        ids[article.rowid] = article.id
        if keep is not None and not keep(article):
            continue
        record = article.to_record()
        root = store.roots([article.rowid]).get(article.rowid)
        if root is not None and root not in ids:  # a root the query did not match
            ids.update((rowid, found.id) for rowid, found in store.get_rows([root]).items())
        record["duplicate_of"] = ids.get(root) if root is not None and root != article.rowid else None
        yield {name: record.get(name) for name in EXPORT_FIELDS}


def export(store, out: str | os.PathLike | TextIO | None = None, format: str = "jsonl",
           keep: Callable | None = None, query: Query | None = None) -> int:
    """Write every article (or those ``keep(article)`` accepts: a period, outlets; of those an
    analysed ``query`` matches) to ``out`` (a path, an open text stream, or None for stdout) in
    ``format``; returns the number written.
    Nothing is truncated: bodies and normalized forms are written whole; lists and mappings
    (repeats, entities, warnings, meta, provenance) are JSON inside csv cells; parquet columns
    are typed (see :func:`parquet_schema`)."""
    if format not in EXPORT_FORMATS:
        raise ExportError(f"unknown format {format!r}", f"choose one of: {', '.join(EXPORT_FORMATS)}")
    if format == "parquet":
        if out is None or not isinstance(out, (str, os.PathLike)):
            raise ExportError("parquet is a binary file format", "give an output file: --output corpus.parquet")
        return _parquet(export_records(store, keep, query), out)
    if out is None:
        return _write_text(export_records(store, keep, query), sys.stdout, format)
    if isinstance(out, (str, os.PathLike)):
        with _open_output(out, lambda: open(out, "w", encoding="utf-8", newline="")) as handle:
            return _write_text(export_records(store, keep, query), handle, format)
    return _write_text(export_records(store, keep, query), out, format)


def _open_output(path: str | os.PathLike, opener):
    """``opener()``, with a failure to create ``path`` (no such folder, no permission) as an ExportError."""
    try:
        return opener()
    except OSError as error:
        raise ExportError(f"cannot write {os.fspath(path)} ({error.strerror or error})",
                          "give a file in a folder that exists and can be written") from error


def _flat(record: dict) -> dict:
    return {k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v for k, v in record.items()}


def _write_text(records: Iterator[dict], handle: TextIO, format: str) -> int:
    count = 0
    if format == "jsonl":
        for record in records:
            handle.write(json_line(record) + "\n")
            count += 1
        return count
    writer = csv.DictWriter(handle, fieldnames=EXPORT_FIELDS)
    writer.writeheader()
    for record in records:
        writer.writerow(_flat(record))
        count += 1
    return count


def parquet_schema():
    """The typed parquet columns: times as UTC timestamps, line numbers and offsets as integers,
    repeats, entities and warnings as lists, provenance as a struct; ``meta`` is JSON text, as
    the source's own fields can hold any shape."""
    import pyarrow as pa

    text, integer, when = pa.string(), pa.int64(), pa.timestamp("us", tz="UTC")
    types = {
        "published": when, "ingested_at": when, "updated_at": when, "source_line": integer,
        "repeats": pa.list_(pa.struct([("start", integer), ("end", integer), ("tokens", integer),
                                       ("copy_of", pa.list_(integer)), ("text", text)])),
        "entities": pa.list_(pa.struct([("label", text), ("text", text), ("lemma", text), ("canonical", text),
                                        ("start", integer), ("end", integer)])),
        "warnings": pa.list_(text),
        "provenance": pa.struct([("iton", text), ("model", text), ("engine", text), ("hspell", pa.bool_()),
                                 ("options", pa.struct([("entities", pa.bool_()),
                                                        ("normalized_input", pa.bool_())]))]),
    }  # fmt: skip
    return pa.schema([(name, types.get(name, text)) for name in EXPORT_FIELDS])


def timestamp(value: str | None) -> datetime | None:
    """An ISO 8601 date as a UTC datetime: a year or a month is its first day, a time without an
    offset is read as UTC (``published_raw`` keeps what the source wrote); None when absent."""
    if not value:
        return None
    padded = (value + "-01-01")[:10] if len(value) < 10 else value
    try:
        moment = datetime.fromisoformat(padded)
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _typed(record: dict) -> dict:
    row = dict(record)
    for name in ("published", "ingested_at", "updated_at"):
        row[name] = timestamp(row[name])
    row["meta"] = json.dumps(row["meta"], ensure_ascii=False) if row["meta"] else None
    row["provenance"] = row["provenance"] or None  # stored before provenance was kept
    return row


def _parquet(records: Iterator[dict], path: str | os.PathLike) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as error:
        raise ExportError("pyarrow is not installed", "pip install 'iton[parquet]'") from error
    schema = parquet_schema()
    count = 0
    rows: list[dict] = []
    provenances: dict[str, None] = {}  # distinct, in the order first met
    with _open_output(path, lambda: pq.ParquetWriter(str(path), schema)) as writer:
        for record in records:
            if record["provenance"]:
                provenances[json.dumps(record["provenance"], sort_keys=True)] = None
            rows.append(_typed(record))
            if len(rows) >= PARQUET_ROWS:
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                count += len(rows)
                rows = []
        if rows or count == 0:
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
            count += len(rows)
        writer.add_key_value_metadata({PARQUET_PROVENANCE_KEY: f"[{', '.join(provenances)}]".encode()})
    return count
