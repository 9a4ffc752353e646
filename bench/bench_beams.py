"""Speed against accuracy for narrower beams over unseen words; one ``name=value`` line per figure.

    python bench/bench_beams.py [NAME=VALUE ...]

With no arguments it measures the bundled constants and the alternatives of docs/performance.md;
each argument list of ``iton.morph.model`` constants (BEAM_LEMMA=4 BEAM_PREFIX=2) measures that
one setting. Per setting: the lemma-bag F1 on the HTB dev split from raw text (``eval/morph.py``)
and full-analysis tokens per CPU-second of a fresh engine on the batch of ``bench_morph.py``
(this process's CPU time only: hspell's own processes are not counted). Each setting runs in a
fresh process; ``ITON_HSPELL=0`` measures the configuration without hspell.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import contextlib
import io
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = [[], ["BEAM_LEMMA=4"], ["BEAM_PREFIX=2"], ["SURE_LOGP=-0.5"], ["BEAM_LEMMA=4", "BEAM_PREFIX=2"]]


def measure(assignments: list[str]) -> None:
    """Set the constants, then print this setting's dev F1 and speed."""
    sys.path[:0] = [str(ROOT / "src"), str(ROOT / "eval"), str(ROOT / "bench")]
    import iton.morph.model as model

    for item in assignments:
        name, _, value = item.partition("=")
        if not hasattr(model, name):
            sys.exit(f"iton.morph.model has no constant {name}")
        setattr(model, name, type(getattr(model, name))(value))
    import morph as evaluation
    from bench_morph import NEWS, news_sentences

    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        evaluation.main(["--split", "dev", "--json"])
    text = printed.getvalue()
    figures = json.loads(text[text.index("{") :])
    sentences = news_sentences(NEWS, 1)
    tokens = sum(len(s) for s in sentences)
    engine = model.load_from(Path(model.__file__).parent / "data")
    start = time.process_time()
    for k in range(0, len(sentences), 256):
        engine.analyze(sentences[k : k + 256])
    rate = tokens / (time.process_time() - start)
    label = "+".join(a.replace("=", "") for a in assignments) or "bundled"
    hspell = "hspell" if figures.get("hspell") else "no_hspell"
    print(f"beams_{label}_{hspell}_dev_lemma_bag_f1={figures['model_raw.lemma_bag_f1']:.4f}")
    print(f"beams_{label}_{hspell}_fresh_tokens_per_cpu_second={rate:.0f}")


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--one":
        measure(argv[1:])
        return 0
    for setting in [argv] if argv else SETTINGS:
        subprocess.run([sys.executable, __file__, "--one", *setting], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
