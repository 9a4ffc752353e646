"""Score story grouping on the labelled story groups of news-dev.jsonl: pairwise P/R/F1 and B-cubed.

    python eval/stories.py [--data ../shared/data/news-dev.jsonl] [--engine auto|model|rules] [--sweep] [--json]
    python eval/stories.py --whole --data HELD_OUT.jsonl    # another labelled file, scored as one part

Labels: each article with a ``group`` belongs to that story; every article with ``group: null``
is a story of its own (the look-alikes: other Meron celebrations, other Gaza ceasefires,
other lockdowns). Articles are fed in publication order, undated last, as they would arrive.

The split, fixed before any tuning (``split_of``): the story groups sorted by the SHA-1 of
their label, the last ``UNSEEN_GROUPS`` of them unseen; the single articles sorted by the
SHA-1 of their id, the last ``UNSEEN_SINGLE_SHARE`` of them unseen. Thresholds are chosen on
the ``tuning`` part only (``--sweep`` scores that part); the ``unseen`` part is grouped as a
corpus of its own and reported beside it. Each part is its own background for the idf, as the
store is for `iton stories`. Each part is also scored with the metadata dates
removed (``undated``): most real scrapes carry none, and then the dates have to come from the
URL and the text.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import itertools
import json
import sys
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "news-dev.jsonl"
# Two of the five labelled groups (and their share of single articles) are never looked at while tuning.
UNSEEN_GROUPS = 2
UNSEEN_SINGLE_SHARE = 0.4


def load_items(path: Path) -> list[dict]:
    """The labelled articles of ``path`` (JSON Lines)."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def split_of(items: list[dict]) -> dict[str, str]:
    """Article id -> ``tuning`` or ``unseen``, by the rule in the module docstring."""
    groups = sorted({it["group"] for it in items if it.get("group")}, key=_sha1)
    unseen_groups = set(groups[len(groups) - UNSEEN_GROUPS:])
    singles = sorted((str(it["id"]) for it in items if not it.get("group")), key=_sha1)
    unseen_singles = set(singles[len(singles) - round(len(singles) * UNSEEN_SINGLE_SHARE):])
    return {str(it["id"]): "unseen" if it.get("group") in unseen_groups or str(it["id"]) in unseen_singles
            else "tuning" for it in items}


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
    """Predicted story id of each record, the terms weighed by their frequency in the whole part
    (as `iton stories` weighs them by the whole corpus), not learned one article at a time."""
    from iton.analysis.stories import find_stories

    return {aid: story.id for story in find_stories(records, options, records) for aid in story.articles}


def parts(records, split: dict[str, str]) -> dict[str, list]:
    """The records of each scored part (tuning and unseen, or ``all``), each with and without metadata dates."""
    out = {}
    for name in sorted(set(split.values()), key=("tuning", "unseen", "all").index):
        chosen = [r for r in records if split[r.id] == name]
        out[name] = chosen
        out[f"{name}_undated"] = [dataclasses.replace(r, published=None) for r in chosen]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--engine", default="auto", help="morphology engine for the pipeline (default: auto)")
    parser.add_argument("--sweep", action="store_true", help="also score a grid of thresholds on the tuning part")
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    parser.add_argument("--whole", action="store_true",
                        help="score the whole file as one part, ``all`` (a held-out set of groups of its own)")
    parser.add_argument("--store-view", action="store_true",
                        help="group the articles as `iton stories` reads them from a store: lemmas, entities, "
                        "title and URL, no body (the body's datelines, years and ordinals unseen)")
    args = parser.parse_args(argv)
    if args.sweep and args.whole:
        parser.error("--sweep tunes on the tuning part; --whole has none")
    if not args.data.exists():
        print(f"{args.data} is missing: the labelled news set lives in ../shared/data/", file=sys.stderr)
        return 2

    from iton.analysis.records import records_from_items
    from iton.analysis.stories import StoryOptions
    from iton.pipeline import Options, load_pipeline

    items = load_items(args.data)
    records = records_from_items(items, load_pipeline(Options(engine=args.engine)))
    if args.store_view:
        records = [dataclasses.replace(r, body="", subtitle=None) for r in records]
    gold = gold_clusters(items)
    scored = parts(records, {r.id: "all" for r in records} if args.whole else split_of(items))
    options = StoryOptions()
    result: dict = {"engine": args.engine, "store_view": args.store_view}
    for name, chosen in scored.items():
        part_gold = {r.id: gold[r.id] for r in chosen}
        result[name] = score_clusters(part_gold, run(chosen, options))
    if args.sweep:
        tuning = [scored["tuning"], scored["tuning_undated"]]
        grid = itertools.product((0.06, 0.09, 0.12, 0.15, 0.2), (0.12, 0.2, 0.3), (0.1, 0.15, 0.2, 0.3),
                                 (1.0, 2.0, 3.0), (1.0, 2.0, 3.0))
        for join, month, undated, weight, number in grid:
            o = StoryOptions(join_similarity=join, month_similarity=month, undated_similarity=undated,
                             entity_weight=weight, number_weight=number)
            rs = [score_clusters({r.id: gold[r.id] for r in chosen}, run(chosen, o)) for chosen in tuning]
            print(f"join={join} month={month} undated={undated} entity_weight={weight} number_weight={number} "
                  + " ".join(f"bcubed_f1={r['bcubed_f1']} pairwise_f1={r['pairwise_f1']}" for r in rs),
                  file=sys.stderr)
    if args.json:
        print(json.dumps(result))
        return 0
    print("part\tarticles\tgold\tpredicted\tB3 P\tB3 R\tB3 F1\tpair P\tpair R\tpair F1")
    for name in scored:
        r = result[name]
        print(f"{name}\t{r['articles']}\t{r['gold_stories']}\t{r['predicted_stories']}\t{r['bcubed_precision']}\t"
              f"{r['bcubed_recall']}\t{r['bcubed_f1']}\t{r['pairwise_precision']}\t{r['pairwise_recall']}\t"
              f"{r['pairwise_f1']}")
    for name, chosen in scored.items():
        by_story: dict[str, list[str]] = {}
        for aid, sid in run(chosen, options).items():
            by_story.setdefault(sid, []).append(aid)
        for sid, members in sorted(by_story.items(), key=lambda kv: -len(kv[1])):
            if len(members) > 1:
                print(f"{name} story {sid}: {', '.join(members)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
