"""The trained morphology engine: numpy inference over the bundled model (HTB's conventions)."""

from __future__ import annotations

import gc
import gzip
import json
import math
from functools import lru_cache
from pathlib import Path

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from threadpoolctl import ThreadpoolController

from iton.morph.acronyms import acronym_reading
from iton.morph.alternatives import other_readings
from iton.morph.blanks import classifier_fill, unslipped, written_out
from iton.morph.features import char_ids, lex_features, word_key
from iton.morph.hspell import HspellLexicon, find_hspell
from iton.morph.model_files import BUNDLE_FILE, read_bundle, read_files
from iton.morph.pronoun_suffixes import split_pronoun_suffixes
from iton.morph.templates import build, parse_lemma, parse_prefix, parse_suffix, parse_tag
from iton.morph.types import Morpheme
from iton.morph.unseen import (
    BEAM_LEMMA,
    BEAM_PREFIX,
    BEAM_SUFFIX,
    BEAM_TAG,
    DYNAMIC_SLOTS,
    LOGP_FLOOR,
    UnseenWords,
    _top_k,
)

__all__ = ["ModelEngine", "Settings", "load"]

FORM_CACHE_SIZE = 200_000  # token vectors kept per process; news vocabulary is Zipfian
# Re-ranker features kept per (unseen form, candidate): about 30 candidates a form and half a
# kilobyte each, so this bounds the cache near 50 MB however large the input stream is.
CANDIDATE_CACHE_SIZE = 100_000
# Morpheme tuples kept per analysis object; each entry pins its analysis, so a stream of
# fresh analyses would otherwise hold up to FORM_CACHE_SIZE of them (about 200 MB).
MORPHEME_CACHE_SIZE = 20_000
CHAR_BATCH = 1024  # unique forms encoded per matrix product


class Settings:
    """Decoding weights, chosen on the dev split (see eval/morph.py --tune)."""

    memory_weight = 0.5  # weight of log(count/total) of a memorized analysis
    model_weight = 1.0  # weight of the classifier's log-probabilities
    prior_weight = 0.6  # per log10 unit of wordfreq frequency of the host lemma
    known_lemma = 3.0  # bonus when the host lemma is a train lemma
    unknown_lemma = -2.0  # penalty when the lemma is in neither list
    rest_bonus = 0.0  # for reading an unseen word as a prefix + a word seen in training
    surface_weight = 0.5  # per log10 unit of wordfreq frequency of the word left after the prefix
    lemma_tag_bonus = 0.0  # when the train split has the host lemma with the chosen UPOS
    memory_bonus = 8.0  # for a memorized analysis of a rarely seen form, against the classifier's guesses
    memo_trust = 1  # forms seen at least this often choose among their memorized analyses only
    single_trust = 2  # a form memorized with one analysis this many times skips the classifier


def _relu(x: np.ndarray) -> np.ndarray:
    return np.maximum(x, 0, out=x)


def _conv(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Width-3 convolution along axis -2 with zero padding; ``w`` is (3*in, out), applied as one
    2-D product (numpy multiplies a stack of matrices one small product at a time)."""
    pad = np.zeros(x.shape[:-2] + (1, x.shape[-1]), dtype=x.dtype)
    xp = np.concatenate([pad, x, pad], axis=-2)
    n = x.shape[-2]
    windows = np.concatenate([xp[..., 0:n, :], xp[..., 1 : n + 1, :], xp[..., 2 : n + 2, :]], axis=-1)
    return (windows.reshape(-1, windows.shape[-1]) @ w + b).reshape(*x.shape[:-1], w.shape[1])


def _windows(x: np.ndarray, at: np.ndarray) -> np.ndarray:
    """Rows ``at`` - 1, ``at``, ``at`` + 1 of ``x`` side by side (one gather from a sliding view, not three)."""
    return sliding_window_view(x, (3, x.shape[1]))[at - 1].reshape(len(at), 3 * x.shape[1])


def _char_tables(w: dict[str, np.ndarray]) -> list[np.ndarray]:
    """Return embedding @ kernel slice for the 3 taps of the first letter convolution."""
    emb = w["cemb"]
    c = emb.shape[1]
    return [emb @ w["conv1.w"][k * c : (k + 1) * c] for k in range(3)]


def _log_softmax(x: np.ndarray) -> np.ndarray:
    x = x - x.max(axis=-1, keepdims=True)
    return x - np.log(np.exp(x).sum(axis=-1, keepdims=True))


def _strip(form: str) -> str:
    return form.strip("_") or form


class ModelEngine(UnseenWords):
    """Segments, lemmatizes and tags tokens with the trained model, in HTB's conventions (numpy only).

    Build it with :func:`load`, which reads the bundled files once per process.

    Example::

        engine = load()
        engine.analyze([["בכוחותינו"]])[0][0][1].lemma  # 'כוח'
    """

    name = "model"
    gives_alternatives = True  # analyze() fills the other probable lemmas of each token when asked

    @classmethod
    def load(cls) -> ModelEngine:
        """Return the process-wide engine over the bundled files (same as :func:`load`)."""
        return load()

    def __init__(self, weights, bundle: dict, settings: Settings | None = None):
        # one network, or several whose log-probabilities are averaged (an ensemble)
        self.nets = [weights] if isinstance(weights, dict) else list(weights)
        self.w = self.nets[0]
        self.meta = bundle["meta"]
        vocab = bundle["vocab"]
        self.heads = self.meta["heads"]
        self.chars = {c: i for i, c in enumerate(vocab["chars"])}
        self.words = {w: i for i, w in enumerate(vocab["words"])}
        self._blas = ThreadpoolController()  # numpy's BLAS, whose threads the network limits (_log_probs)
        self.labels = {h: vocab[h] for h in self.heads}
        self.label_index = {h: {lab: i for i, lab in enumerate(vocab[h])} for h in self.heads}
        self.memory = bundle["memory"]  # form -> raw line of analyses, parsed on first use
        self.memory_labels = vocab["memory_labels"]
        self.lemmas = frozenset(bundle["lemmas"]) - {"_"}
        self.lemma_upos = bundle.get("lemma_upos", {})
        self.lex = [w["mix.w"].shape[0] > w["tok.b"].shape[0] + w["wemb"].shape[1] for w in self.nets]
        self.prior = bundle["prior"]
        rerank = bundle.get("rerank")
        # with hspell installed, the re-ranker fitted with its readings (iton.morph.hspell)
        program = find_hspell() if bundle.get("rerank_hspell") else None
        self.hspell = HspellLexicon(program) if program else None
        plain = None
        if self.hspell is not None:
            # words hspell rejects (names, foreign words) keep the weights fitted without it
            plain = rerank["weights"] if rerank else None
            rerank = bundle["rerank_hspell"]
        self._static_cache: dict = {}
        self._table_cache: dict = {}  # (form, beams) -> CandidateTable, see UnseenWords._candidate_table
        self.set_rerank(rerank["weights"] if rerank else None, plain)
        self.settings = settings or Settings()
        self._caches: list[dict[str, np.ndarray]] = [{} for _ in self.nets]
        self._tables = [_char_tables(w) for w in self.nets]
        self._heads = [(np.concatenate([w[f"head.{h}.w"] for h in self.heads], axis=1),  # four heads, one product
                        np.concatenate([w[f"head.{h}.b"] for h in self.heads])) for w in self.nets]
        ends = np.cumsum([len(self.labels[h]) for h in self.heads])
        self._head_slices = list(zip([0, *ends[:-1]], ends))
        self._memo_cache: dict[str, list | None] = {}
        self._memo_tables: dict[int, tuple] = {}  # id(memo) -> (memo, label ids, log shares): _memo_table
        # Memorized analyses written out otherwise than the treebank's (blank lemmas filled, a name's
        # lemma without the token's clitics: _mend): id -> (analysis, as written out), holding the
        # analysis so that its id is not reused. The analyses stay as trained: choosing sees them as ever.
        self._mended: dict[int, tuple[list, list]] = {}
        # forms with an analysis whose blank no other analysis fills: the classifier fills it
        self._blank_forms: set[str] = set()
        self._morpheme_cache: dict[int, tuple] = {}
        self._parse_labels()
        self.no_prefix = self.label_index["prefix"].get("", -1)

    def set_rerank(self, weights, plain=None) -> None:
        """Use these re-ranker weights (RERANK_FEATURES order) for unseen words; ``None``: the
        hand-weighted score of Settings. ``plain``: the weights for words hspell rejects, when
        ``weights`` were fitted with hspell's readings."""
        self.rerank = None if weights is None else np.asarray(weights, dtype=np.float64)
        self.rerank_plain = None if plain is None or weights is None else np.asarray(plain, dtype=np.float64)
        self._static_cache.clear()
        self._table_cache.clear()
        self._weight_sets = {}
        for use_plain, w in ((False, self.rerank), (True, self.rerank_plain)):
            if w is None:
                self._weight_sets[use_plain] = (None, ())
                continue
            static = w.copy()
            static[list(DYNAMIC_SLOTS)] = 0.0
            self._weight_sets[use_plain] = (static.tolist(), tuple(float(w[k]) for k in DYNAMIC_SLOTS))
        if self.rerank_plain is None:
            self._weight_sets[True] = self._weight_sets[False]

    def _uses_plain(self, surface: str) -> bool:
        """Whether ``surface`` is scored with the weights fitted without hspell (a word it rejects)."""
        return self.rerank_plain is not None and self.hspell is not None and not self.hspell.readings(surface)

    def rerank_weights(self, surface: str) -> np.ndarray | None:
        """The re-ranker weights that score the candidates of ``surface``."""
        return self.rerank_plain if self._uses_plain(surface) else self.rerank

    # ---- network -------------------------------------------------------------------
    def _token_vectors(self, forms: list[str], net: int) -> np.ndarray:
        """Return the context-free vector of each form: letters and word embedding (cached)."""
        cache = self._caches[net]
        missing = sorted({f for f in forms if f not in cache}, key=lambda f: (len(f), f))
        w = self.nets[net]
        for k in range(0, len(missing), CHAR_BATCH):
            chunk = missing[k : k + CHAR_BATCH]
            ids = [char_ids(f, self.chars) for f in chunk]
            # one PAD after the longest form too: in training nearly every form had padding
            # after it, and the last convolution sees one position past the end mark
            width = max(len(i) for i in ids) + 1
            mat = np.zeros((len(ids), width), dtype=np.int32)
            for r, i in enumerate(ids):
                mat[r, : len(i)] = i
            lengths = np.array([len(i) for i in ids])
            # the first convolution over embeddings is three table look-ups (see _char_tables)
            tables = self._tables[net]
            padded = np.pad(mat, ((0, 0), (1, 1)))
            h1 = tables[0][padded[:, :-2]] + tables[1][padded[:, 1:-1]] + tables[2][padded[:, 2:]]
            h1 += w["conv1.b"]
            _relu(h1)
            h2 = _relu(_conv(h1, w["conv2.w"], w["conv2.b"]))
            h2m = np.where((mat != 0)[..., None], h2, 0)
            pooled = h2m.max(axis=1)
            n = lengths - 2
            rows = np.arange(len(ids))
            picks = [h2[rows, np.ones_like(n)], h2[rows, np.minimum(2, n)], h2[rows, n], h2[rows, np.maximum(n - 1, 1)]]
            feats = np.concatenate([pooled, *picks], axis=1)
            vec = _relu(feats @ w["tok.w"] + w["tok.b"])
            wid = np.array([self.words.get(word_key(f), 1) for f in chunk], dtype=np.int64)
            parts = [vec, w["wemb"][wid]]
            if self.lex[net]:
                parts.append(np.array([lex_features(f, self.prior) for f in chunk], dtype=np.float32))
            mixed = _relu(np.concatenate(parts, axis=1) @ w["mix.w"] + w["mix.b"])
            if len(cache) + len(chunk) > FORM_CACHE_SIZE:
                cache.clear()
            cache.update(zip(chunk, mixed))
        return np.stack([cache[f] for f in forms]) if forms else np.zeros((0, w["mix.b"].shape[0]), np.float32)

    def _context(self, sentences: list[list[str]], need: list[int], net: int = 0) -> np.ndarray:
        """Return the context vectors of the tokens ``need`` (indices into the flattened sentences).

        The two width-3 context convolutions are computed only where those tokens need them.
        """
        w = self.nets[net]
        flat = [t for s in sentences for t in s]
        x = self._token_vectors(flat, net)
        # lay sentences out with one zero row between them, as the zero padding in training
        d = x.shape[1]
        total = len(flat) + len(sentences) + 1
        rows = np.empty(len(flat), dtype=np.int64)
        pos, k = 1, 0
        for s in sentences:
            rows[k : k + len(s)] = np.arange(pos, pos + len(s))
            pos += len(s) + 1
            k += len(s)
        is_token = np.zeros(total, dtype=bool)
        is_token[rows] = True
        c0 = np.zeros((total, d), dtype=np.float32)
        c0[rows] = x
        target = rows[need]
        r1 = np.unique(np.concatenate([target - 1, target, target + 1]))
        r1 = r1[is_token[r1]]
        c1 = np.zeros((total, d), dtype=np.float32)
        c1[r1] = _relu(_windows(c0, r1) @ w["ctx1.w"] + w["ctx1.b"]) + c0[r1]
        return _relu(_windows(c1, target) @ w["ctx2.w"] + w["ctx2.b"]) + c1[target]

    def _log_probs(self, sentences: list[list[str]], need: list[int]) -> list[np.ndarray]:
        """Return, per head, the log-probabilities of the labels for the tokens ``need``."""
        total = None
        # One BLAS thread: OpenBLAS's spinning threads cost ingest CPU for no speed (docs/performance.md)
        with self._blas.limit(limits=1, user_api="blas"):
            for net, (head_w, head_b) in enumerate(self._heads):
                logits = self._context(sentences, need, net) @ head_w + head_b
                lps = [_log_softmax(logits[:, a:b]) for a, b in self._head_slices]
                total = lps if total is None else [a + b for a, b in zip(total, lps)]
        if len(self.nets) > 1:
            total = [t / len(self.nets) for t in total]
        return total

    # ---- decoding ------------------------------------------------------------------
    def _parse_labels(self) -> None:
        self.info = {
            "prefix": [parse_prefix(x) for x in self.labels["prefix"]],
            "suffix": [parse_suffix(x) for x in self.labels["suffix"]],
            "tag": [parse_tag(x) for x in self.labels["tag"]],
            "lemma": [parse_lemma(x) for x in self.labels["lemma"]],
        }

    def _memo(self, surface: str):
        """Return the memorized analyses of a form: (label ids, log share, morphemes), or None."""
        got = self._memo_cache.get(surface, False)
        if got is not False:
            return got
        line = self.memory.get(surface)
        result = None
        if line:
            table = self.memory_labels
            entries = []
            for item in line.split(";"):
                p, s, t, lem, n = (int(x) for x in item.split(","))
                entries.append(((table[p], table[s], table[t], table[lem]), n))
            total = sum(n for _, n in entries)
            result = []
            for labels, n in entries:
                words = build(surface, parse_prefix(labels[0]), parse_suffix(labels[1]), parse_tag(labels[2]),
                              parse_lemma(labels[3]))
                if words:
                    ids = tuple(self.label_index[h].get(lab, -1) for h, lab in zip(self.heads, labels))
                    result.append((ids, math.log(n / total), n, words))
            result = result or None
            if result:
                self._mend(surface, result)
        self._memo_cache[surface] = result
        return result

    def analyze_words(self, sentences: list[list[str]], choose_unseen=None,
                      readings: list | None = None) -> list[list[list[tuple[str, str, str, str]]]]:
        """Return HTB words (form with HTB's ``_`` marks, lemma, upos, feats) for every token.

        ``choose_unseen``: when the re-ranker is on, called instead of it to pick an unseen
        word's analysis, with the arguments of :meth:`unseen_candidates` (training uses it to
        record every unseen word's candidates). ``readings``: a list that gets, per token in
        input order, the host lemmas of its other probable readings
        (:func:`iton.morph.alternatives.other_readings`); the analyses stay the same."""
        choose = choose_unseen or self._score_learned
        trust = self.settings.single_trust
        mended = self._mended
        if len(self._static_cache) > 4 * FORM_CACHE_SIZE:
            self._static_cache.clear()
        flat = [t for sent in sentences for t in sent]
        result: list = [None] * len(flat)
        others: list = [()] * len(flat) if readings is not None else []
        need, memos = [], []
        for i, tok in enumerate(flat):
            memo = self._memo(tok)
            if memo and len(memo) == 1 and memo[0][2] >= trust and tok not in self._blank_forms:
                result[i] = _written(mended, memo[0][3])
            else:
                need.append(i)
                memos.append(memo)
        if need:
            lps = self._log_probs(sentences, need)
            trust = self.settings.memo_trust
            trusted = [k for k, m in enumerate(memos) if m and sum(x[2] for x in m) >= trust]
            memo_scores = dict(zip(trusted, self._memo_scores([memos[k] for k in trusted], trusted, lps)))
            unseen = [k for k, m in enumerate(memos) if not m or sum(x[2] for x in m) < trust]
            tops: dict = {}
            if unseen:
                if self.hspell is not None:  # one hspell process for all the batch's unseen words
                    self.hspell.prepare([flat[need[k]] for k in unseen])
                top_p = _top_k(lps[0][unseen], BEAM_PREFIX)
                top_l = _top_k(lps[3][unseen], BEAM_LEMMA)
                if self.rerank is not None:
                    top_s = _top_k(lps[1][unseen], BEAM_SUFFIX).tolist()
                    top_t = _top_k(lps[2][unseen], BEAM_TAG).tolist()
                    tops = dict(zip(unseen, zip(top_p.tolist(), top_l.tolist(), top_s, top_t)))
                else:
                    tops = dict(zip(unseen, zip(top_p.tolist(), top_l.tolist())))
            for k, (i, memo) in enumerate(zip(need, memos)):
                lp = (lps[0][k], lps[1][k], lps[2][k], lps[3][k])
                words = None
                scores = memo_scores.get(k)
                if scores is not None:  # the best memorized analysis, the first of equals
                    words = memo[scores.index(max(scores))][3]
                else:
                    tp, tl, *beams = tops.get(k) or (_top_k(lp[0][None], BEAM_PREFIX)[0],
                                                     _top_k(lp[3][None], BEAM_LEMMA)[0])
                    if self.rerank is not None:
                        words = choose(flat[i], lp, tp, tl, memo, *beams)
                    else:
                        words = self._score_unseen(flat[i], lp, tp, tl, memo)
                    words = unslipped(acronym_reading(flat[i], words))
                chosen, words = words, _written(mended, words)
                if flat[i] in self._blank_forms and any(w[1] == "_" for w in words):
                    words = self._fill_blank(flat[i], chosen, words, lp, memo)
                result[i] = words
                if readings is not None:
                    others[i] = other_readings(self, flat[i], lp, memo, words, tops.get(k), scores)
        if readings is not None:
            readings.extend(others)
        out, k = [], 0
        for sent in sentences:
            row = result[k : k + len(sent)]
            split_pronoun_suffixes(sent, row)
            out.append(row)
            k += len(sent)
        return out

    def _memo_scores(self, memos: list[list], rows: list[int], lps: list[np.ndarray]) -> list[list[float]]:
        """Per memo (of the token ``rows[j]`` of ``lps``), the score of each memorized analysis in
        its context: memory share and the classifier's log-probability of each label, LOGP_FLOOR
        for a label it does not know. One gather for the batch, with the roundings of a sum over one
        analysis's labels in Python: float64 until the first of the classifier's float32 terms,
        float32 from there (so the scores, and the choices, are exactly those of that loop)."""
        if not rows:
            return []
        s = self.settings
        tables = [self._memo_table(memo) for memo in memos]
        at = np.repeat(np.asarray(rows), [len(memo) for memo in memos])
        ids = np.concatenate([t[0] for t in tables])
        score = s.memory_weight * np.concatenate([t[1] for t in tables])
        wide = np.ones(len(score), dtype=bool)  # no float32 term added yet
        floor = s.model_weight * LOGP_FLOOR
        for h, lp in enumerate(lps):
            known = ids[:, h] >= 0
            term = s.model_weight * lp[at, np.maximum(ids[:, h], 0)]
            narrow = known | ~wide
            score[narrow] = (score[narrow].astype(np.float32)
                             + np.where(known[narrow], term[narrow], np.float32(floor))).astype(np.float64)
            score[wide & ~known] += floor
            wide &= ~known
        flat = score.tolist()
        out, k = [], 0
        for memo in memos:
            out.append(flat[k : k + len(memo)])
            k += len(memo)
        return out

    def _memo_table(self, memo: list) -> tuple[np.ndarray, np.ndarray]:
        """A memo's label ids (analyses x heads, -1: a label the classifier does not know) and log
        shares as arrays, kept with the memo."""
        got = self._memo_tables.get(id(memo))
        if got is None or got[0] is not memo:
            got = self._memo_tables[id(memo)] = (memo, np.array([m[0] for m in memo], dtype=np.int64),
                                                 np.array([m[1] for m in memo], dtype=np.float64))
        return got[1], got[2]

    def _mend(self, surface: str, memo: list) -> None:
        """Keep in _mended the analyses of ``memo`` that are written out otherwise (see there)."""
        for entry, mended in zip(memo, written_out(surface, memo), strict=True):
            if mended[3] != entry[3]:
                self._mended[id(entry[3])] = (entry[3], mended[3])
            if any(w[1] == "_" for w in mended[3]):
                self._blank_forms.add(surface)

    def _fill_blank(self, surface: str, chosen: list, words: list, lp, memo: list) -> list:
        """``words`` (the memorized analysis ``chosen`` as written out) with its blanks filled in
        context (:func:`iton.morph.blanks.classifier_fill`)."""
        entry = next((m for m in memo if m[3] is chosen), None)
        if entry is None:
            return words
        ranked = _top_k(lp[3][None], BEAM_LEMMA)[0].tolist()
        return classifier_fill(surface, entry[0], words, [self.info["lemma"][li] for li in ranked], self.info)

    def analyze(self, sentences: list[list[str]], alternatives: list | None = None) -> list[list[list[Morpheme]]]:
        """Return the morphemes of every token: a non-empty list per token, in input order.
        ``alternatives``: a list that gets, per token in input order, the lemmas of its other
        probable readings (see :mod:`iton.morph.alternatives`)."""
        cache = self._morpheme_cache
        if len(cache) > MORPHEME_CACHE_SIZE:
            cache.clear()
        if len(self._memo_cache) > FORM_CACHE_SIZE:
            self._memo_cache.clear()
            self._memo_tables.clear()
            self._mended.clear()
            self._blank_forms.clear()
        if len(self._static_cache) > CANDIDATE_CACHE_SIZE:
            self._static_cache.clear()
        out = []
        for sent in self.analyze_words(sentences, readings=alternatives):
            row = []
            for words in sent:
                key = id(words)
                got = cache.get(key)
                if got is None or got[0] is not words:
                    got = (words, [Morpheme(_strip(f), _strip(lem) if lem != "_" else _strip(f), u, x) for f, lem, u, x in words])
                    cache[key] = got
                row.append(list(got[1]))
            out.append(row)
        return out


def _written(mended: dict, words: list) -> list:
    """``words`` as written out (ModelEngine._mended)."""
    got = mended.get(id(words))
    return got[1] if got is not None and got[0] is words else words


@lru_cache(maxsize=1)
def load() -> ModelEngine:
    """Return the process-wide model engine, reading the bundled files on the first call."""
    weights, bundle = read_bundle()
    engine = ModelEngine(weights, bundle)
    # Its tables live as long as the process: frozen, full garbage collections stop walking
    # them (half of the collection time of a fresh `iton normalize`).
    gc.freeze()
    return engine


def load_from(directory) -> ModelEngine:
    """Return an engine built from the files in ``directory`` (training output, tests)."""
    directory = Path(directory)
    bundle = json.loads(gzip.decompress((directory / BUNDLE_FILE).read_bytes()).decode("utf-8"))
    return ModelEngine(*read_files(lambda name: (directory / name).read_bytes(), bundle))
