"""Analysed articles as table rows (what `iton spark normalize` writes to Parquet), and loading
those rows into a corpus store without analysing them again."""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from iton.corpus.article import Article, Mention, Reject, content_hash, stable_id

__all__ = ["ANALYSIS_FORMAT", "ROW_FIELDS", "analyse_rows", "arrow_schema", "is_analysed_parquet", "load_analysed", "split_analysed"]

# The version of the row layout, written in every row's ``iton_analysis`` column; a loader
# refuses rows of another version instead of storing fields it misreads.
ANALYSIS_FORMAT = "1"
# Rows read from Parquet and stored per transaction (like ingest's batches).
LOAD_BATCH_ROWS = 256

# (name, Spark SQL type) of every column, in order: the source fields, the analysis, the
# morphology summary (token count, part-of-speech counts of the segments), and ``problem``,
# the reason a record could not be analysed (its other analysis columns are then empty).
ROW_FIELDS = (
    ("id", "string"), ("outlet", "string"), ("url", "string"), ("title", "string"), ("subtitle", "string"),
    ("body", "string"), ("published", "string"), ("published_raw", "string"), ("author", "string"),
    ("source", "string"), ("source_line", "bigint"), ("content_hash", "string"),
    ("normalized", "string"), ("lemmas", "array<string>"), ("forms", "array<string>"),
    ("starts", "array<int>"), ("ends", "array<int>"), ("repeats", "string"), ("entities", "string"),
    ("minhash", "binary"), ("warnings", "array<string>"), ("tokens", "int"), ("pos_counts", "map<string,int>"),
    ("iton_analysis", "string"), ("problem", "string"),
)  # fmt: skip


def arrow_schema():
    """ROW_FIELDS as an Arrow schema (what Spark's ``mapInArrow`` and pyarrow writers take)."""
    import pyarrow as pa

    types = {"string": pa.string(), "bigint": pa.int64(), "int": pa.int32(), "binary": pa.binary(),
             "array<string>": pa.list_(pa.string()), "array<int>": pa.list_(pa.int32()),
             "map<string,int>": pa.map_(pa.string(), pa.int32())}  # fmt: skip
    return pa.schema([(name, types[kind]) for name, kind in ROW_FIELDS])


def analyse_rows(items: list[Article | Reject], engine: str = "auto", entities: bool = True) -> list[dict]:
    """One row per item: analysed articles, and rejects with their ``problem``. The pipeline is
    loaded once per process (and kept), so a Spark executor loads the model once."""
    from iton.corpus.duplicates import signature
    from iton.corpus.indexing import index_document
    from iton.pipeline import Options, load_pipeline

    articles = [item for item in items if isinstance(item, Article)]
    pipeline = load_pipeline(Options(engine=engine, entities=entities))
    documents = iter(pipeline.analyze_many([a.text for a in articles]))
    rows = []
    for item in items:
        if isinstance(item, Reject):
            rows.append({"source": item.source, "source_line": item.line, "body": item.excerpt,
                         "problem": item.reason, "iton_analysis": ANALYSIS_FORMAT})  # fmt: skip
            continue
        doc = next(documents)
        index_document(doc, item)
        tagged = [Mention.of(e).to_dict() for e in doc.entities] if "entities" in doc.stages else None
        pos = Counter(m.upos for token in doc.tokens for m in token.morphemes)
        rows.append({
            "id": stable_id(item), "outlet": item.outlet, "url": item.url, "title": item.title,
            "subtitle": item.subtitle, "body": item.body, "published": item.published,
            "published_raw": item.published_raw, "author": item.author, "source": item.source,
            "source_line": item.line, "content_hash": content_hash(item), "normalized": item.normalized,
            "lemmas": item.lemmas, "forms": item.forms, "starts": [s for s, _ in item.spans],
            "ends": [e for _, e in item.spans], "repeats": json.dumps(item.repeats, ensure_ascii=False),
            "entities": None if tagged is None else json.dumps(tagged, ensure_ascii=False),
            "minhash": signature(item.lemmas), "warnings": list(item.warnings), "tokens": len(doc.tokens),
            "pos_counts": sorted(pos.items()), "iton_analysis": ANALYSIS_FORMAT, "problem": None,
        })  # fmt: skip
    return rows


def is_analysed_parquet(source: str | os.PathLike) -> bool:
    """True when ``source`` is a Parquet file or folder of analysed rows (`iton spark normalize` output)."""
    path = Path(source)
    files = sorted(path.glob("*.parquet")) if path.is_dir() else [path] if path.suffix == ".parquet" else []
    if not files or not files[0].is_file():
        return False
    try:
        import pyarrow.parquet as pq
    except ImportError:
        return False
    try:
        return "iton_analysis" in pq.read_schema(files[0]).names
    except Exception:  # not Parquet after all: let the usual readers say what it is  # noqa: BLE001
        return False


def split_analysed(sources) -> tuple[list, list]:
    """``sources`` parted into (sources for the usual readers, analysed Parquet sources).

    Spark's bookkeeping files beside analysed Parquet parts (``_SUCCESS``, ``_committed_*``:
    names starting with ``_``) are left out, so a folder given as expanded files reads cleanly.
    """
    sources = [os.fspath(source) for source in sources]
    analysed = [source for source in sources if is_analysed_parquet(source)]
    folders = {source if os.path.isdir(source) else os.path.dirname(source) for source in analysed}
    rest = [source for source in sources if source not in analysed
            and not (os.path.basename(source).startswith("_") and os.path.dirname(source) in folders)]  # fmt: skip
    return rest, analysed


def load_analysed(store, source: str | os.PathLike, summary, force: bool = False,
                  duplicates: bool = True) -> None:  # fmt: skip
    """Store the analysed rows of ``source`` as ingest stores analysed articles (same ids, same
    change detection, near-duplicates linked), counting into the ingest ``summary``."""
    from iton.corpus.duplicates import link_article

    summary.formats[str(source)] = "parquet (analysed rows)"
    for batch in _row_batches(source):
        summary.read += len(batch)
        good = []
        for row in batch:
            if row.get("iton_analysis") != ANALYSIS_FORMAT:
                summary.rejected += 1
                summary.problems.append(Reject(str(source), None, f"row of analysis format {row.get('iton_analysis')!r}; "
                                               f"this iton reads format {ANALYSIS_FORMAT}: run `iton spark normalize` again"))
            elif row.get("problem"):
                summary.rejected += 1
                summary.problems.append(Reject(row.get("source") or str(source), row.get("source_line"), row["problem"],
                                               (row.get("body") or "")[:200]))  # fmt: skip
            else:
                good.append(row)
        states = store.states([row["id"] for row in good])
        todo = [row for row in good if force or row["id"] not in states or states[row["id"]][1] != row["content_hash"]]
        summary.unchanged += len(good) - len(todo)
        with store.transaction():
            for row in todo:
                record = Article(
                    id=row["id"], body=row["body"], outlet=row["outlet"], url=row["url"], title=row["title"],
                    subtitle=row["subtitle"], published=row["published"], published_raw=row["published_raw"],
                    author=row["author"], source=row["source"], line=row["source_line"],
                    content_hash=row["content_hash"], normalized=row["normalized"], lemmas=list(row["lemmas"]),
                    forms=list(row["forms"]), spans=list(zip(row["starts"], row["ends"], strict=True)),
                    repeats=json.loads(row["repeats"] or "[]"), minhash=row["minhash"],
                    entities=None if row["entities"] is None else [Mention(**m) for m in json.loads(row["entities"])],
                    warnings=list(row["warnings"] or []),
                )  # fmt: skip
                rowid, added = store.upsert(record)
                if added:
                    summary.added += 1
                else:
                    summary.updated += 1
                for warning in record.warnings:  # as ingest reports them: stored, with a problem
                    summary.warnings += 1
                    summary.problems.append(Reject(record.source or str(source), record.line,
                                                   f"{record.id}: {warning}", kind="warning"))
                if duplicates:
                    link_article(store, rowid, record.minhash)


def _row_batches(source: str | os.PathLike) -> Iterator[list[dict]]:
    import pyarrow.dataset as ds

    dataset = ds.dataset(str(source), format="parquet")
    for batch in dataset.to_batches(batch_size=LOAD_BATCH_ROWS):
        yield batch.to_pylist()
