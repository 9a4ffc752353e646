"""Entities users can count: the top entities of a corpus, one form per mention versus merged.

    python eval/corpus_entities.py [JSONL] [--top 200] [--list]
    python eval/corpus_entities.py --htb    # the common-noun place filter on HTB test's NEMO labels

Ingests JSONL (default: the shared folder's news-dev.jsonl) into a temporary SQLite store
with the default engine and entities tagged, then ranks the entities two ways: ``forms``, each
mention lemma form its own entity (what `iton entities` listed before corpus merging), and
``merged`` (iton.analysis.entities). Per ranking it prints one line per figure:

- ``clitic``: entities of the top N whose first word is a name written with clitic letters
  before it: removing one to three of them leaves a word of three letters or more that is
  the first word of another entity of the corpus or a name seen in training (בירושלים);
- ``surname_apart``: one-word persons of the top N beside a person name of the same ranking
  that ends with them (נתניהו beside בנימין נתניהו).

``--list`` prints the merged top N with their aliases, for reading by eye. ``merged`` leaves
out one-word places the treebank reads as common nouns; the names it leaves out are printed.

``--htb`` measures that filter where gold labels exist: the bundled entity model tags HTB
test (as eval/entities.py does), and of its one-word GPE/LOC entities the script counts those
the filter removes that are right (exact span and type in NEMO) and wrong. Needs bclm
(pip install 'iton[eval]').
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from iton.analysis.entities import COMMON_NOUN_TYPES, EntityIndex, common_noun_test
from iton.corpus import Corpus, IngestOptions
from iton.morph import load_engine
from iton.morph.entity_features import stripped_forms
from iton.morph.names import MIN_SPREAD_LETTERS

DEFAULT_DATA = HERE.parent.parent / "shared" / "data" / "news-dev.jsonl"


def by_form(records) -> list[tuple[str, str]]:
    """(form, type) of every mention lemma form, by articles then mentions (the ranking before merging)."""
    articles: dict[str, set] = {}
    mentions: dict[str, int] = {}
    labels: dict[str, dict[str, int]] = {}
    for i, record in enumerate(records):
        for m in record.entities or ():
            articles.setdefault(m.lemma, set()).add(i)
            mentions[m.lemma] = mentions.get(m.lemma, 0) + 1
            labels.setdefault(m.lemma, {}).setdefault(m.label, 0)
            labels[m.lemma][m.label] += 1
    ranked = sorted(articles, key=lambda k: (-len(articles[k]), -mentions[k], k))
    return [(k, max(sorted(labels[k]), key=labels[k].get)) for k in ranked]


def clitic_names(ranking: list[tuple[str, str]], first_words: set[str], known: dict[str, str]) -> list[str]:
    """The names of ``ranking`` whose first word is another name with clitic letters before it."""
    out = []
    for name, _ in ranking:
        first = name.split()[0]
        stems = [s for s in stripped_forms(first) if len(s) >= MIN_SPREAD_LETTERS]
        if first not in known and any(s in first_words or s in known for s in stems):
            out.append(name)
    return out


def surnames_apart(ranking: list[tuple[str, str]]) -> list[str]:
    """One-word persons of ``ranking`` beside a longer person name of it ending with them."""
    longer = {name.split()[-1] for name, label in ranking if label == "PER" and " " in name}
    return [name for name, label in ranking if label == "PER" and " " not in name and name in longer]


def _spans(labels: list[str]) -> set[tuple[int, int, str]]:
    """(first, last, type) of each entity of a BIOES label sequence."""
    out, start, kind = set(), None, None
    for i, label in enumerate([*labels, "O"]):
        if start is not None and (label == "O" or label[:2] in ("B-", "S-") or label[2:] != kind):
            out.add((start, i, kind))
            start = None
        if label != "O" and start is None:
            start, kind = i, label[2:]
    return out


def htb_filter() -> int:
    """Of the one-word GPE/LOC entities the bundled model finds on HTB test, those the filter
    removes: right and wrong by the NEMO labels."""
    from iton.morph.entities import load_model
    from iton.training.entities import read_sentences, treebank_file

    model = load_model()
    common_noun = common_noun_test(load_engine())
    sentences = [s for s in read_sentences(treebank_file()) if s.split == "test"]
    counts = {"right": [], "wrong": []}
    for sentence, labels in zip(sentences, model.tag_sentences([s.forms for s in sentences]), strict=True):
        gold = _spans(list(sentence.labels))
        for first, last, kind in _spans(list(labels)):
            if last - first != 1 or kind not in COMMON_NOUN_TYPES:
                continue
            form = sentence.forms[first]
            stem = next((s for s in [form, *stripped_forms(form)] if s in model.lemmas), form)
            if common_noun(stem):
                counts["right" if (first, last, kind) in gold else "wrong"].append(form)
    for name, forms in counts.items():
        print(f"htb test one-word places removed {name} {len(forms)}: {' '.join(forms)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="?", default=str(DEFAULT_DATA), help="a JSONL file of articles")
    parser.add_argument("--top", type=int, default=200, help="how many entities to judge (default: %(default)s)")
    parser.add_argument("--list", action="store_true", help="print the merged top entities with their aliases")
    parser.add_argument("--htb", action="store_true", help="measure the common-noun place filter on HTB test")
    args = parser.parse_args(argv)
    if args.htb:
        return htb_filter()
    from iton.morph.entities import load_model

    known = load_model().lemmas
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Corpus(str(Path(tmp) / "entities.db"))
        corpus.ingest([args.data], IngestOptions())
        records = list(corpus.store.iter_articles(part="analysis"))
        corpus.close()
    first_words = {m.lemma.split()[0] for r in records for m in r.entities or ()}
    common_noun = common_noun_test(load_engine())
    index = EntityIndex(records, common_noun)
    unfiltered = EntityIndex(records)
    rankings = {
        "forms": by_form(records)[: args.top],
        "merged": [(e.name, e.label) for e in index.top(args.top)],
    }
    print(f"articles {len(records)} mentions {sum(len(r.entities or ()) for r in records)} "
          f"forms {len(by_form(records))} entities {len(index.entities)}")
    for name, ranking in rankings.items():
        print(f"{name} top {len(ranking)} clitic {len(clitic_names(ranking, first_words, known))}")
        print(f"{name} top {len(ranking)} surname_apart {len(surnames_apart(ranking))}")
    for name, ranking in rankings.items():
        print(f"{name} clitic: {' | '.join(clitic_names(ranking, first_words, known))}")
        print(f"{name} surname_apart: {' | '.join(surnames_apart(ranking))}")
    left_out = [e.name for e in unfiltered.top(len(unfiltered.entities)) if e.name not in index.entities]
    print(f"merged left_out {len(left_out)}: {' | '.join(left_out)}")
    if args.list:
        for e in index.top(args.top):
            print(f"{e.label}\t{e.name}\t{e.articles}\t{e.mentions}\t{' | '.join(e.aliases)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
