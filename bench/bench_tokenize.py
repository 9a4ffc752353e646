"""Tokenizer throughput on one core: tokens per second over at least 10 MB of Hebrew news text.

Run: python bench/bench_tokenize.py [--mb 10] [--repeat 5]
The text is the bundled sample article plus the development news when it is beside the
repository, repeated to the size asked. Prints one `name=value` line per figure. Rates are per
CPU-second of this process (the machine is shared, so wall time measures the neighbours too).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from iton.samples import sample_article
from iton.text.tokenize import tokenize, tokenize_spans

NEWS_DEV = Path(__file__).resolve().parents[2] / "shared" / "data" / "news-dev.jsonl"


def corpus_text(megabytes: float) -> str:
    parts = [sample_article()]
    if NEWS_DEV.exists():
        parts += [json.loads(line)["body"] for line in NEWS_DEV.open(encoding="utf-8")]
    unit = "\n".join(parts) + "\n"
    return unit * max(1, int(megabytes * 1_000_000 / len(unit.encode("utf-8"))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=10.0, help="size of the text in MB of UTF-8")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs; the median is reported")
    args = parser.parse_args()
    text = corpus_text(args.mb)
    times, count = [], 0
    for _ in range(args.repeat):
        start = time.process_time()
        count = len(tokenize_spans(text))
        times.append(time.process_time() - start)
    print(f"tokenize_input_mb={len(text.encode('utf-8')) / 1e6:.1f}")
    print(f"tokenize_tokens={count}")
    print(f"tokenize_spans_tokens_per_s={count / statistics.median(times):.0f}")
    sample = text[: len(text) // 10]
    start = time.process_time()
    objects = len(tokenize(sample))
    print(f"tokenize_objects_tokens_per_s={objects / (time.process_time() - start):.0f}")


if __name__ == "__main__":
    main()
