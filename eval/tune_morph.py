"""Chooses the model's decoding weights on the HTB dev split (never on test).

    python eval/tune_morph.py [--model-dir DIR]

Prints the dev lemma-bag F1 and Lemmas F1 of each setting tried, best last.

With the learned re-ranker bundled (``morph.rerank.json``, ``python -m iton.training.rerank``)
unseen words are scored by it, so only the weights of seen words (memory_weight, memo_trust)
still change anything; the others are the fallback used without that file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from morph import gold_sentences, model_sentences
from scoring import conll_f1, lemma_bag_f1

GRID = {
    "prior_weight": [0.0, 0.3, 0.6, 1.0],
    "known_lemma": [0.0, 1.0, 2.0, 3.0, 4.0, 5.0],
    "unknown_lemma": [0.0, -1.0, -2.0],
    "rest_bonus": [0.0, 1.0, 3.0],
    "memory_weight": [0.5, 1.0, 2.0],
    "surface_weight": [0.0, 0.5, 1.0, 2.0],
    "lemma_tag_bonus": [0.0, 1.0, 2.0, 4.0],
    "memory_bonus": [0.0, 1.5, 3.0, 5.0, 8.0],
    "memo_trust": [1],
}


def main(argv: list[str] | None = None) -> int:
    """Grid-search the decoding weights on dev."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model-dir", type=Path, default=None)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args(argv)
    from iton.morph.model import Settings, load, load_from

    engine = load_from(args.model_dir) if args.model_dir else load()
    gold, _ = gold_sentences("dev")
    best_setting = {k: getattr(Settings, k) for k in GRID}

    def score(setting):
        settings = Settings()
        for k, v in setting.items():
            setattr(settings, k, v)
        engine.settings = settings
        pred, _ = model_sentences(gold, engine)
        return lemma_bag_f1(gold, pred)["f1"], conll_f1(gold, pred)["Lemmas"][2]

    best = score(best_setting)
    print(f"start: dev lemma-bag F1 {best[0]:.4f}  Lemmas {100 * best[1]:.2f}  {best_setting}", flush=True)
    for _ in range(args.rounds):
        for key, values in GRID.items():  # coordinate ascent, one weight at a time
            for value in values:
                if value == best_setting[key]:
                    continue
                trial = dict(best_setting, **{key: value})
                result = score(trial)
                if result > best:
                    best, best_setting = result, trial
                    print(f"dev lemma-bag F1 {best[0]:.4f}  Lemmas {100 * best[1]:.2f}  {best_setting}", flush=True)
    print(f"best: dev lemma-bag F1 {best[0]:.4f}  Lemmas {100 * best[1]:.2f}  {best_setting}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
