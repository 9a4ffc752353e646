"""Benchmarks what the other probable readings (``Options(alternatives=True)``, which ingest
uses) cost the analysis; prints one ``name=value`` line per figure.

    python bench/bench_alternatives.py [--repeat 10] [--runs 3]

The text is the 33 articles of ``../shared/data/news-dev.jsonl`` and the 26 of the bundled
sample corpus, ``--repeat`` times over, each time with a run number appended to every article so
that no analysis is cached across repetitions of the same text but the model's per-word caches
fill as they do on a real stream. Each run analyses it once with and once without alternatives
(alternated, in one process, the model loaded before), in CPU seconds of this process. Figures:
the medians of the runs, their ratio, and the alternatives per index token.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
NEWS = ROOT.parent / "shared" / "data" / "news-dev.jsonl"
SAMPLE = ROOT / "src" / "iton" / "corpus" / "sample" / "news.jsonl"


def texts() -> list[str]:
    out = []
    for path in (NEWS, SAMPLE):
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                record = json.loads(line)
                out.append("\n".join(x for x in (record.get("title"), record.get("subtitle"), record.get("body")) if x))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from iton.corpus.indexing import index_document
    from iton.pipeline import Options, load_pipeline

    base = texts()
    pipelines = {flag: load_pipeline(Options(engine="model", alternatives=flag)) for flag in (False, True)}
    pipelines[False].analyze(base[0])  # load the model and the entity model once, outside the clock
    seconds: dict[bool, list[float]] = {False: [], True: []}
    tokens = alternatives = 0
    for run in range(args.runs):
        for flag in (False, True):
            batch = [f"{text}\nגרסה {run} {k}" for k in range(args.repeat) for text in base]
            start = time.process_time()
            docs = list(pipelines[flag].analyze_many(batch))
            seconds[flag].append(time.process_time() - start)
            if flag and run == 0:
                for doc in docs:
                    article = index_document(doc)
                    tokens += len(article.lemmas)
                    alternatives += len(article.alternatives)
    without, with_ = statistics.median(seconds[False]), statistics.median(seconds[True])
    print(f"analysis_cpu_s_without_alternatives={without:.3f}")
    print(f"analysis_cpu_s_with_alternatives={with_:.3f}")
    print(f"alternatives_cost_ratio={with_ / without:.3f}")
    print(f"alternatives_per_index_token={alternatives / max(tokens, 1):.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
