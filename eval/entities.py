"""Score the bundled entity model on the NEMO labels of the HTB test split (or dev): token and entity F1.

    python eval/entities.py [--split test|dev] [--json] [--bootstrap N]
    python eval/entities.py --check    # exit 1 when a test figure is below eval/floors.json ("floors_entities")
    python eval/entities.py --pipeline [--split test|dev]   # the entities the whole pipeline gives
    python eval/entities.py --pipeline --check   # exit 1 below "floors_entities_pipeline"

Token-level: each written token's entity type (BIOES prefix ignored) against the gold type,
micro P/R/F1 over tokens where either side is not O. Entity-level: exact match of the token
span and the type (CoNLL style). Gold token labels come from the morpheme-level NEMO labels
(an entity covers every written token one of its morphemes is in). The split's sentences are
tagged in order as one text, as an article is, so a name tagged in one sentence can lend its
type to its mentions in the sentences around it. ``--bootstrap N`` adds a 95% interval for
token and entity F1 from N resamples of the split's sentences (seeded): how far the figure could
move on another sample of the same kind of text. ``--pipeline`` scores instead the entities
users get: each sentence's text through the whole pipeline (morphology, entity and names
stages) as one document, its entities against the gold ones by character span and type (exact
match), so the names stage's cuts and joins count. Needs bclm (pip install 'iton[eval]').
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


def evaluate_pipeline(split: str = "test") -> dict:
    """Entity P/R/F1 of the whole pipeline on a split: each sentence one document, its entities
    matched with the gold ones by character span and type."""
    from iton.morph.entities import spans_from_bioes
    from iton.pipeline import Options, load_pipeline
    from iton.training.entities import read_sentences, treebank_file

    sentences = [s for s in read_sentences(treebank_file()) if s.split == split]
    pipeline = load_pipeline(Options())
    right = predicted = gold = 0
    for sentence, doc in zip(sentences, pipeline.analyze_many([" ".join(s.forms) for s in sentences]), strict=True):
        starts = [0]
        for form in sentence.forms:
            starts.append(starts[-1] + len(form) + 1)
        wanted = {(label, starts[a], starts[b] - 1) for label, a, b in spans_from_bioes(sentence.labels)}
        found = {(e.label, e.start, e.end) for e in doc.entities}
        right, predicted, gold = right + len(wanted & found), predicted + len(found), gold + len(wanted)
    precision, recall = right / max(predicted, 1), right / max(gold, 1)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"split": split, "pipeline_entity_precision": round(100 * precision, 2),
            "pipeline_entity_recall": round(100 * recall, 2), "pipeline_entity_f1": round(100 * f1, 2),
            "gold_entities": gold}  # fmt: skip


def check(result: dict, floor_set: str = "floors_entities") -> list[str]:
    """The figures below their floors in eval/floors.json (``floor_set``: "floors_entities" for the
    entity model, "floors_entities_pipeline" for the whole pipeline); empty when all hold."""
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))[floor_set]
    return [f"{key} = {result.get(key, 0.0)} is below its floor {floor}"
            for key, floor in floors.items() if result.get(key, 0.0) < floor]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("test", "dev", "train"), default="test")
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    parser.add_argument("--bootstrap", type=int, default=0, metavar="N",
                        help="add 95%% bootstrap intervals of token and entity F1 from N resamples of sentences")
    parser.add_argument("--check", action="store_true", help="exit 1 when a test figure is below eval/floors.json "
                        "(the entity model's floors, or with --pipeline the pipeline's)")
    parser.add_argument("--pipeline", action="store_true",
                        help="score the entities of the whole pipeline (names stage included), each sentence a document")
    args = parser.parse_args(argv)
    if args.check and args.split != "test":
        print("--check scores the test split only", file=sys.stderr)
        return 2
    if args.pipeline:
        result = evaluate_pipeline(args.split)
        print(json.dumps(result) if args.json else "\n".join(f"{k}\t{v}" for k, v in result.items()))
        problems = check(result, "floors_entities_pipeline") if args.check else []
        for problem in problems:
            print("FAIL:", problem, file=sys.stderr)
        return 1 if problems else 0
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
