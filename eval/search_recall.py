"""Recall and precision of lemma search for inflected queries: does a query's lemma find the
articles that hold that lemma in any written form, also where the model read a word wrong?

    python eval/search_recall.py [--data ../shared/data/news-dev.jsonl] [--json]

The query set is ``eval/data/inflected-queries.jsonl``: 52 queries, each written in an
inflected or prefixed form (בחיסונים, ממשטרת, במתחמים), with the lemma it stands for and the ids
of the relevant articles. The documents are the 33 real articles of news-dev.jsonl and the 26
articles of the bundled sample corpus. Rules of the judgement:

- an article is relevant when its title, subtitle or body holds a word whose lemma is the
  query's lemma, in any inflection, construct form or possessive, with any clitic prefix;
- a word of another lemma spelled alike does not count (לשכוח is not כוח, הטייסת is not טייס,
  האזרחי "civil" is not אזרח, המצרים "the Egyptians" is not מצרים);
- the relevant words were found by a pattern of the lemma's forms, and every match was read
  in its sentence; ``written`` lists the words that made an article relevant.

Every article is ingested into a temporary SQLite corpus by the real ingest, and every query
runs through the real search (``Corpus.search``, ranked by relevance, no limit). Figures, each
the mean over the queries: ``recall`` (relevant articles among all hits / relevant articles),
``precision`` (relevant hits / hits; a query with no hits counts 0), ``recall@10`` (relevant
among the first 10 / min(10, relevant)), ``precision@10`` (relevant among the first 10 hits /
those hits) and ``MAP`` (mean average precision over the whole ranking); and how many other
readings the index keeps per index token (``alternatives_per_token``).

hspell changes the model's readings: run once as is and once with ``ITON_HSPELL=0``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from iton.corpus import Corpus, sample_path
from iton.morph.model import load

QUERIES = Path(__file__).resolve().parent / "data" / "inflected-queries.jsonl"
DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "news-dev.jsonl"
CUT = 10  # hits a reader looks at: the first page of results


def load_queries(path: Path = QUERIES) -> list[dict]:
    """The judged queries: query, lemma, relevant (article ids), written (the words judged)."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def average_precision(ranked: list[str], relevant: set[str]) -> float:
    """Average precision of a ranking: the precision at each relevant hit, over all relevant."""
    found, total = 0, 0.0
    for rank, article in enumerate(ranked, 1):
        if article in relevant:
            found += 1
            total += found / rank
    return total / len(relevant) if relevant else 0.0


def score(rankings: dict[str, list[str]], queries: list[dict]) -> dict:
    """Mean recall, precision, recall@CUT, precision@CUT and MAP over the queries, and the misses."""
    sums = dict.fromkeys(("recall", "precision", f"recall@{CUT}", f"precision@{CUT}", "MAP"), 0.0)
    misses = {}
    for q in queries:
        ranked, relevant = rankings[q["query"]], set(q["relevant"])
        top = ranked[:CUT]
        hits = relevant.intersection(ranked)
        sums["recall"] += len(hits) / len(relevant)
        sums["precision"] += len(hits) / len(ranked) if ranked else 0.0
        sums[f"recall@{CUT}"] += len(relevant.intersection(top)) / min(CUT, len(relevant))
        sums[f"precision@{CUT}"] += len(relevant.intersection(top)) / len(top) if top else 0.0
        sums["MAP"] += average_precision(ranked, relevant)
        missed, junk = sorted(relevant - hits), sorted(set(ranked) - relevant)
        if missed or junk:
            misses[q["query"]] = {"missed": missed, "junk": junk}
    result = {name: round(total / len(queries), 4) for name, total in sums.items()}
    return {"queries": len(queries), **result, "misses": misses}


def run(data: Path) -> dict:
    queries = load_queries()
    with tempfile.TemporaryDirectory() as folder:
        corpus = Corpus(Path(folder) / "eval.db", engine="model")
        summary = corpus.ingest([data, sample_path()])
        rankings = {q["query"]: [hit.id for hit in corpus.search(q["query"], limit=1000)] for q in queries}
        stored = list(corpus.store.iter_articles())
        corpus.close()
    result = score(rankings, queries)
    tokens = sum(len(a.lemmas) for a in stored)
    others = sum(len(getattr(a, "alternatives", ())) for a in stored)  # none before they were indexed
    result.update(articles=summary.added, alternatives_per_token=round(others / max(tokens, 1), 4),
                  hspell=load().hspell is not None)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="news-dev.jsonl")
    parser.add_argument("--json", action="store_true", help="the figures and the misses as JSON")
    args = parser.parse_args()
    if not args.data.is_file():
        print(f"{args.data}: not found; give --data news-dev.jsonl", file=sys.stderr)
        return 2
    result = run(args.data)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0
    for query, miss in result.pop("misses").items():
        print(f"{query}: missed {' '.join(miss['missed']) or '-'}; junk {' '.join(miss['junk']) or '-'}")
    print(" ".join(f"{name}={value}" for name, value in result.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
