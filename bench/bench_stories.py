"""Time of story grouping over a synthetic corpus held in memory, as `iton stories` runs it.

    python bench/bench_stories.py [--articles 1000,2000,4000] [--repeats 3]

Articles are those of bench/bench_trends.py (runs of treebank sentences lemmatized by the rule
engine, 12 outlets, days in 2024-2025, 10% undated); they share few names, so most articles
start a story of their own, the costly case, since every article is compared with every open
story. What is timed: ``find_stories`` with the corpus as its background, as CorpusAnalysis
calls it once the records are loaded (loading is not included). Prints one JSON line per figure:
{"bench": "stories", "articles": ..., "stories": ..., "metric": ..., "value": ..., "unit": ...}.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time

from bench_trends import build_records


def main(argv: list[str] | None = None) -> int:
    from iton.analysis.stories import StoryOptions, find_stories

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", default="1000,2000,4000", help="corpus sizes, comma-separated")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    sizes = [int(n) for n in args.articles.split(",")]
    records = build_records(max(sizes), args.seed)
    print(f"articles={len(records)}", file=sys.stderr)
    for size in sizes:
        chosen = records[:size]
        times, stories = [], []
        for _ in range(args.repeats):
            started = time.perf_counter()
            stories = find_stories(chosen, StoryOptions(), chosen)
            times.append(time.perf_counter() - started)
        print(json.dumps({"bench": "stories", "articles": size, "stories": len(stories),
                          "metric": "seconds_median", "value": round(statistics.median(times), 3), "unit": "s"}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
