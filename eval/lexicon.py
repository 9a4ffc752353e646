"""What a small newsroom lexicon fixes on real news: issue 11's wrong lemmas before and after.

    python eval/lexicon.py NEWS.jsonl [--lexicon eval/newsroom-lexicon.tsv]

Ingests the articles into a new SQLite store (bundled model, names stage on), then for every
entry of the lexicon counts the stored tokens written as its form (with or without clitic
letters before it) and how many of them have a lemma other than the entry's; adds the lexicon
to the store, re-applies it (`iton lexicon apply`, no model) and counts again. Also prints the
articles a search for each form finds before and after. One line per entry, then a total.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from iton.corpus import Corpus, IngestOptions
from iton.corpus.indexing import fold_token
from iton.corpus.lexicon import IndexLexicon, apply_to_store, import_lexicon, store_lexicon
from iton.morph.lexicon import UserLexicon, read_lexicon


def wrong_lemmas(corpus: Corpus, lexicon: UserLexicon) -> dict[str, tuple[int, int]]:
    """Per entry form: (tokens written as it, tokens whose stored lemma is not the entry's)."""
    counts = {form: [0, 0] for form in lexicon.entries}
    index_lexicon = IndexLexicon(lexicon)
    for article in corpus.store.iter_articles():
        for lemma, form in zip(article.lemmas, article.forms, strict=True):
            entry = index_lexicon.entry(form)
            if entry is None:
                continue
            counts[entry.form][0] += 1
            counts[entry.form][1] += lemma != fold_token(entry.lemma)
    return {form: (n, wrong) for form, (n, wrong) in counts.items()}


def hits(corpus: Corpus, lexicon: UserLexicon) -> dict[str, int]:
    return {form: len(corpus.search(form, limit=100)) for form in lexicon.entries}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("news", help="articles as JSON Lines (the development news set)")
    parser.add_argument("--lexicon", default=str(HERE / "newsroom-lexicon.tsv"))
    args = parser.parse_args()
    lexicon = read_lexicon(args.lexicon)
    with tempfile.TemporaryDirectory() as folder, Corpus(str(Path(folder) / "news.db")) as corpus:
        corpus.ingest([args.news], IngestOptions(progress=False))
        before, hits_before = wrong_lemmas(corpus, lexicon), hits(corpus, lexicon)
        import_lexicon(corpus.store, args.lexicon)
        assert len(store_lexicon(corpus.store).entries) == len(lexicon.entries)
        summary = apply_to_store(corpus.store)
        after, hits_after = wrong_lemmas(corpus, lexicon), hits(corpus, lexicon)
    print("form\tlemma\ttokens\twrong_before\twrong_after\tsearch_hits_before\tsearch_hits_after")
    for form, entry in lexicon.entries.items():
        print(f"{form}\t{entry.lemma}\t{before[form][0]}\t{before[form][1]}\t{after[form][1]}"
              f"\t{hits_before[form]}\t{hits_after[form]}")
    total = sum(n for n, _ in before.values())
    print(f"total tokens={total} wrong_before={sum(w for _, w in before.values())} "
          f"wrong_after={sum(w for _, w in after.values())} entries={len(lexicon.entries)}")
    print(f"apply articles_changed={summary.articles} tokens_changed={summary.tokens} mentions_changed="
          f"{summary.mentions} normalized_left={len(summary.normalized_left)} seconds={summary.seconds:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
