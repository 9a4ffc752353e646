"""Score story grouping on the labelled story groups of news-dev.jsonl: pairwise P/R/F1 and B-cubed.

    python eval/stories.py [--data ../shared/data/news-dev.jsonl] [--engine auto|model|rules] [--sweep] [--json]

Labels: each article with a ``group`` belongs to that story; every article with ``group: null``
is a story of its own (the look-alikes: other Meron celebrations, other Gaza ceasefires,
other lockdowns). Articles are fed in publication order, undated last, as they would arrive.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "news-dev.jsonl"


def load_items(path: Path) -> list[dict]:
    """The labelled articles of ``path`` (JSON Lines)."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def gold_clusters(items: list[dict]) -> dict[str, str]:
    """Article id -> gold story label (singletons get their own id)."""
    return {str(it["id"]): it.get("group") or f"single:{it['id']}" for it in items}


def score_clusters(gold: dict[str, str], pred: dict[str, str]) -> dict[str, float]:
    """Pairwise precision/recall/F1 and B-cubed precision/recall/F1 of ``pred`` against ``gold``."""
    ids = sorted(gold)
    tp = fp = fn = 0
    for a, b in itertools.combinations(ids, 2):
        same_gold, same_pred = gold[a] == gold[b], pred[a] == pred[b]
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    pp = tp / (tp + fp) if tp + fp else 1.0
    pr = tp / (tp + fn) if tp + fn else 1.0
    bp = br = 0.0
    for a in ids:
        pred_c = {b for b in ids if pred[b] == pred[a]}
        gold_c = {b for b in ids if gold[b] == gold[a]}
        both = len(pred_c & gold_c)
        bp += both / len(pred_c)
        br += both / len(gold_c)
    bp, br = bp / len(ids), br / len(ids)

    def f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    return {
        "pairwise_precision": round(pp, 3), "pairwise_recall": round(pr, 3), "pairwise_f1": round(f1(pp, pr), 3),
        "bcubed_precision": round(bp, 3), "bcubed_recall": round(br, 3), "bcubed_f1": round(f1(bp, br), 3),
        "articles": len(ids), "gold_stories": len(set(gold.values())), "predicted_stories": len(set(pred.values())),
    }


def run(records, options) -> dict[str, str]:
    """Predicted story id of each record."""
    from iton.analysis.stories import find_stories

    return {aid: story.id for story in find_stories(records, options) for aid in story.articles}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--engine", default="auto", help="morphology engine for the pipeline (default: auto)")
    parser.add_argument("--sweep", action="store_true", help="also score a grid of thresholds")
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"{args.data} is missing: the labelled news set lives in ../shared/data/", file=sys.stderr)
        return 2

    from iton.analysis.records import records_from_items
    from iton.analysis.stories import StoryOptions
    from iton.pipeline import Options, load_pipeline

    items = load_items(args.data)
    records = records_from_items(items, load_pipeline(Options(engine=args.engine)))
    gold = gold_clusters(items)
    options = StoryOptions()
    result = score_clusters(gold, run(records, options))
    result["engine"] = args.engine
    if args.sweep:
        grid = itertools.product((0.06, 0.09, 0.12, 0.15, 0.2), (0.12, 0.2, 0.3), (0.2, 0.3, 0.4), (1.0, 2.0, 3.0))
        for join, month, undated, weight in grid:
            o = StoryOptions(join_similarity=join, month_similarity=month, undated_similarity=undated,
                             entity_weight=weight)
            r = score_clusters(gold, run(records, o))
            print(f"join={join} month={month} undated={undated} entity_weight={weight} bcubed_f1={r['bcubed_f1']} "
                  f"pairwise_f1={r['pairwise_f1']}", file=sys.stderr)
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key}\t{value}")
        story_of = run(records, options)
        by_story: dict[str, list[str]] = {}
        for aid, sid in story_of.items():
            by_story.setdefault(sid, []).append(aid)
        for sid, members in sorted(by_story.items(), key=lambda kv: -len(kv[1])):
            if len(members) > 1:
                print(f"story {sid}: {', '.join(members)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
