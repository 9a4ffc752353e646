"""Benchmarks `iton lexicon apply` (stored articles re-lemmatized without the model) against
analysing the same articles again.

    python bench/bench_lexicon.py [--news ../shared/data/news-dev.jsonl] [--articles 20000]
        [--lexicon eval/newsroom-lexicon.tsv] [--folder bench/out/lexicon]

The news articles are ingested once with the bundled model into a new SQLite store (timed:
``ingest_articles_per_s``, analysis included), then copied as stored under new ids until the
store holds --articles (no analysis), the lexicon is added, and `apply` runs over the whole
store: ``apply_articles_per_s`` (articles read per second), ``apply_changed_articles`` and
``apply_changed_tokens``, ``apply_speedup``, how many times faster than the ingest rate, and
``reapply_unchanged_articles_per_s``: a second `apply` with nothing left to change (reading and
checking only).
One ``name=value`` line per figure on standard output.
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from iton.corpus import Corpus, IngestOptions  # noqa: E402
from iton.corpus.lexicon import apply_to_store, import_lexicon  # noqa: E402

# Copies written per transaction while filling the store.
FILL_BATCH = 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--news", default=str(ROOT.parent / "shared" / "data" / "news-dev.jsonl"))
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--lexicon", default=str(ROOT / "eval" / "newsroom-lexicon.tsv"))
    parser.add_argument("--folder", default=str(ROOT / "bench" / "out" / "lexicon"))
    args = parser.parse_args()
    folder = Path(args.folder)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    with Corpus(str(folder / "corpus.db")) as corpus:
        started = time.perf_counter()
        summary = corpus.ingest([args.news], IngestOptions(progress=False, duplicates=False))
        ingest_seconds = time.perf_counter() - started
        originals = list(corpus.store.iter_articles())
        copies = (originals[i % len(originals)] for i in itertools.count())
        for start in range(len(originals), args.articles, FILL_BATCH):
            with corpus.store.transaction():
                for number in range(start, min(start + FILL_BATCH, args.articles)):
                    article = next(copies)
                    article.id = f"copy-{number}"
                    corpus.store.upsert(article)
        import_lexicon(corpus.store, args.lexicon)
        applied = apply_to_store(corpus.store)
        again = apply_to_store(corpus.store)  # nothing left to change: the cost of reading and checking
    ingest_rate = summary.added / ingest_seconds
    apply_rate = applied.read / applied.seconds
    print(f"ingest_articles_per_s={ingest_rate:.1f}")
    print(f"apply_articles={applied.read}")
    print(f"apply_articles_per_s={apply_rate:.0f}")
    print(f"apply_changed_articles={applied.articles}")
    print(f"apply_changed_tokens={applied.tokens}")
    print(f"apply_speedup={apply_rate / ingest_rate:.0f}")
    print(f"reapply_unchanged_articles_per_s={again.read / again.seconds:.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
