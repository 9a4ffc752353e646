"""Analysed articles as table rows (what `iton spark normalize` writes to Parquet), and loading
those rows into a corpus store without analysing them again."""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from iton.corpus.article import Article, Mention, Reject, content_hash, stable_id
from iton.corpus.prepare import analyse_articles
from iton.document import Document

__all__ = ["ANALYSIS_FORMAT", "ROW_FIELDS", "analyse_rows", "arrow_schema", "is_analysed_parquet", "load_analysed", "split_analysed"]

# The version of the row layout, written in every row's ``iton_analysis`` column; a loader
# refuses rows of a version it does not know instead of storing fields it misreads.
ANALYSIS_FORMAT = "3"
# Versions a loader reads: 1 lacks ``meta`` and ``provenance``, 1 and 2 lack ``alternatives`` and
# ``alternative_positions`` (all stored empty); the rest is the same.
READABLE_FORMATS = frozenset({"1", "2", ANALYSIS_FORMAT})
# Rows read from Parquet and stored per transaction (like ingest's batches).
LOAD_BATCH_ROWS = 256

# (name, Spark SQL type) of every column, in order: the source fields, the analysis, the
# morphology summary (token count, part-of-speech counts of the segments), the source's other
# fields (``meta``) and what produced the analysis (``provenance``, as ingest stores it), both
# JSON objects, and ``problem``, the reason a record could not be analysed (its other analysis
# columns are then empty).
ROW_FIELDS = (
    ("id", "string"), ("outlet", "string"), ("url", "string"), ("title", "string"), ("subtitle", "string"),
    ("body", "string"), ("published", "string"), ("published_raw", "string"), ("author", "string"),
    ("source", "string"), ("source_line", "bigint"), ("content_hash", "string"),
    ("normalized", "string"), ("lemmas", "array<string>"), ("forms", "array<string>"),
    ("starts", "array<int>"), ("ends", "array<int>"), ("alternatives", "array<string>"),
    ("alternative_positions", "array<int>"), ("repeats", "string"), ("entities", "string"),
    ("minhash", "binary"), ("warnings", "array<string>"), ("tokens", "int"), ("pos_counts", "map<string,int>"),
    ("meta", "string"), ("provenance", "string"), ("iton_analysis", "string"), ("problem", "string"),
)  # fmt: skip


def arrow_schema():
    """ROW_FIELDS as an Arrow schema (what Spark's ``mapInArrow`` and pyarrow writers take)."""
    import pyarrow as pa

    types = {"string": pa.string(), "bigint": pa.int64(), "int": pa.int32(), "binary": pa.binary(),
             "array<string>": pa.list_(pa.string()), "array<int>": pa.list_(pa.int32()),
             "map<string,int>": pa.map_(pa.string(), pa.int32())}  # fmt: skip
    return pa.schema([(name, types[kind]) for name, kind in ROW_FIELDS])


def analyse_rows(items: list[Article | Reject], engine: str = "auto", entities: bool = True) -> list[dict]:
    """One row per item: analysed articles, and rejects with their ``problem``. Articles are
    analysed as ingest analyses them; one the analysis cannot take becomes a row with its
    ``problem`` and the others go on. The pipeline is loaded once per process (and kept), so a
    Spark executor loads the model once."""
    articles = [item for item in items if isinstance(item, Article)]
    documents: dict[int, Document | str] = {}
    try:
        documents.update((id(article), doc) for article, doc in analyse_articles(articles, engine, entities))
    except Exception:  # noqa: BLE001 - one article must not cost the partition: again one by one
        for article in articles:
            try:
                documents.update((id(a), doc) for a, doc in analyse_articles([article], engine, entities))
            except Exception as error:  # noqa: BLE001 - reported in the article's row
                documents[id(article)] = f"{stable_id(article)}: analysis failed ({type(error).__name__}: {error}); please report this article"
    rows = []
    for item in items:
        done = documents.get(id(item)) if isinstance(item, Article) else None
        if isinstance(item, Reject):
            rows.append(_problem_row(item.source, item.line, item.reason, item.excerpt))
        elif isinstance(done, str):
            rows.append(_problem_row(item.source, item.line, done, item.body[:200]))
        else:
            rows.append(_article_row(item, done))
    return rows


def _problem_row(source: str | None, line: int | None, problem: str, excerpt: str) -> dict:
    return {"source": source, "source_line": line, "body": excerpt, "problem": problem, "iton_analysis": ANALYSIS_FORMAT}


def _article_row(item: Article, doc: Document) -> dict:
    pos = Counter(m.upos for token in doc.tokens for m in token.morphemes)
    return {
        "id": stable_id(item), "outlet": item.outlet, "url": item.url, "title": item.title,
        "subtitle": item.subtitle, "body": item.body, "published": item.published,
        "published_raw": item.published_raw, "author": item.author, "source": item.source,
        "source_line": item.line, "content_hash": content_hash(item), "normalized": item.normalized,
        "lemmas": item.lemmas, "forms": item.forms, "starts": [s for s, _ in item.spans],
        "ends": [e for _, e in item.spans], "alternatives": [lemma for _, lemma in item.alternatives],
        "alternative_positions": [p for p, _ in item.alternatives], "repeats": json.dumps(item.repeats, ensure_ascii=False),
        "entities": None if item.entities is None else json.dumps([m.to_dict() for m in item.entities], ensure_ascii=False),
        "minhash": item.minhash, "warnings": list(item.warnings), "tokens": len(doc.tokens),
        "pos_counts": sorted(pos.items()), "meta": json.dumps(item.meta, ensure_ascii=False),
        "provenance": json.dumps(item.provenance, ensure_ascii=False), "iton_analysis": ANALYSIS_FORMAT, "problem": None,
    }  # fmt: skip


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
            if row.get("iton_analysis") not in READABLE_FORMATS:
                summary.rejected += 1
                summary.problems.append(Reject(str(source), None, f"row of analysis format {row.get('iton_analysis')!r}; "
                                               f"this iton reads formats {', '.join(sorted(READABLE_FORMATS))}: run `iton spark normalize` again"))
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
                    alternatives=list(zip(row.get("alternative_positions") or [], row.get("alternatives") or [],
                                          strict=True)),
                    repeats=json.loads(row["repeats"] or "[]"), minhash=row["minhash"],
                    entities=None if row["entities"] is None else [Mention(**m) for m in json.loads(row["entities"])],
                    warnings=list(row["warnings"] or []), meta=json.loads(row.get("meta") or "{}"),
                    provenance=json.loads(row.get("provenance") or "{}"),
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
                    link_article(store, rowid, record.minhash, added=added)


def _row_batches(source: str | os.PathLike) -> Iterator[list[dict]]:
    import pyarrow.dataset as ds

    dataset = ds.dataset(str(source), format="parquet")
    for batch in dataset.to_batches(batch_size=LOAD_BATCH_ROWS):
        yield batch.to_pylist()
