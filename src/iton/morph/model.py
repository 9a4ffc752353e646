"""The trained morphology engine: numpy inference over the bundled model (HTB's conventions)."""

from __future__ import annotations

import gc
import gzip
import json
import math
from functools import lru_cache
from pathlib import Path

import numpy as np

from iton.morph.acronyms import acronym_reading
from iton.morph.alternatives import other_readings
from iton.morph.attributive import agreeing_noun, read_by_neighbours
from iton.morph.blanks import classifier_fill, unslipped, written_out
from iton.morph.hspell import HspellLexicon, find_hspell
from iton.morph.model_files import BUNDLE_FILE, read_bundle, read_files
from iton.morph.network import FORM_CACHE_SIZE, Network
from iton.morph.pronoun_suffixes import split_glued_pronoun, split_pronoun_suffixes
from iton.morph.templates import build, parse_lemma, parse_prefix, parse_suffix, parse_tag
from iton.morph.types import Morpheme
from iton.morph.unseen import (
    BEAM_LEMMA,
    BEAM_PREFIX,
    BEAM_SUFFIX,
    BEAM_TAG,
    DYNAMIC_SLOTS,
    LOGP_FLOOR,
    CandidateTable,
    UnseenWords,
    _top_k,
    best_candidates,
    first_best,
    respelled_name,
    singular_possessed,
)

__all__ = ["ModelEngine", "Settings", "load"]

# Re-ranker features kept per (unseen form, candidate): about 30 candidates a form and half a
# kilobyte each, so this bounds the cache near 50 MB however large the input stream is.
CANDIDATE_CACHE_SIZE = 100_000
# Morpheme tuples kept per analysis object; each entry pins its analysis, so a stream of
# fresh analyses would otherwise hold up to FORM_CACHE_SIZE of them (about 200 MB).
MORPHEME_CACHE_SIZE = 20_000


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
    # ... and so does one seen this many times whose commonest analysis has this share of them:
    # on HTB dev the classifier changed none of 1,566 such tokens (mostly punctuation, על, כדי, או)
    dominant_seen = 20
    dominant_share = 0.99


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
        self.meta = bundle["meta"]
        vocab = bundle["vocab"]
        self.heads = self.meta["heads"]
        self.labels = {h: vocab[h] for h in self.heads}
        self.label_index = {h: {lab: i for i, lab in enumerate(vocab[h])} for h in self.heads}
        self.memory = bundle["memory"]  # form -> raw line of analyses, parsed on first use
        self.memory_labels = vocab["memory_labels"]
        self.lemmas = frozenset(bundle["lemmas"]) - {"_"}
        self.lemma_upos = bundle.get("lemma_upos", {})
        self.prior = bundle["prior"]
        # one network, or several whose log-probabilities are averaged (an ensemble)
        self.network = Network([weights] if isinstance(weights, dict) else list(weights), self.heads,
                               [len(self.labels[h]) for h in self.heads], vocab["chars"], vocab["words"], self.prior)
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
        self._memo_cache: dict[str, list | None] = {}
        self._memo_seen: dict[str, int] = {}  # form -> times its memorized analyses were seen (_memo)
        self._memo_sure: dict[str, list] = {}  # form -> the analysis it takes without the classifier (_memo)
        self._citations: dict[tuple[str, str], str | None] = {}  # (lemma, tag) -> UnseenWords.citation_lemma's
        self._memory_label_parts: dict[tuple[int, ...], tuple] = {}  # see _memory_labels_of
        self._memo_tables: dict[str, tuple] = {}  # form -> label ids, log shares (_memo_table)
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
            entries = []
            for item in line.split(";"):
                p, s, t, lem, n = map(int, item.split(","))
                entries.append((self._memory_labels_of(p, s, t, lem), n))
            total = sum(n for _, n in entries)
            built = [(ids, n, words) for (parsed, ids), n in entries if (words := build(surface, *parsed))]
            result = [(ids, math.log(n / total), n, words) for ids, n, words in names_as_written(built)] or None
            if result:
                self._mend(surface, result)
        self._memo_cache[surface] = result
        seen = self._memo_seen[surface] = sum(entry[2] for entry in result) if result else 0
        sure = self._sure_analysis(result, seen) if result else None
        if sure is not None:
            self._memo_sure[surface] = sure
        return result

    def _sure_analysis(self, memo: list, seen: int) -> list | None:
        """The memorized analysis a form takes without the classifier: its only one, seen
        single_trust times, or one with dominant_share of dominant_seen or more; else None."""
        s = self.settings
        if len(memo) == 1:
            return memo[0][3] if seen >= s.single_trust else None
        top = max(memo, key=lambda entry: entry[2])
        return top[3] if seen >= s.dominant_seen and top[2] >= s.dominant_share * seen else None

    def _memory_labels_of(self, *ids: int) -> tuple[tuple, tuple[int, ...]]:
        """A memorized analysis's four labels (ids into memory_labels), parsed, and their ids in
        the classifier's heads (-1: one it does not know); each combination parsed once."""
        got = self._memory_label_parts.get(ids)
        if got is None:
            labels = [self.memory_labels[i] for i in ids]
            parsed = (parse_prefix(labels[0]), parse_suffix(labels[1]), parse_tag(labels[2]), parse_lemma(labels[3]))
            got = self._memory_label_parts[ids] = (
                parsed, tuple(self.label_index[h].get(lab, -1) for h, lab in zip(self.heads, labels)))
        return got

    def analyze_words(self, sentences: list[list[str]], choose_unseen=None,
                      readings: list | None = None) -> list[list[list[tuple[str, str, str, str]]]]:
        """Return HTB words (form with HTB's ``_`` marks, lemma, upos, feats) for every token.

        ``choose_unseen``: when the re-ranker is on, called instead of it to pick an unseen
        word's analysis, with the arguments of :meth:`unseen_candidates` (training uses it to
        record every unseen word's candidates). ``readings``: a list that gets, per token in
        input order, the host lemmas of its other probable readings
        (:func:`iton.morph.alternatives.other_readings`); the analyses stay the same."""
        choose = choose_unseen or self._score_learned
        mended = self._mended
        if len(self._static_cache) > 4 * FORM_CACHE_SIZE:
            self._static_cache.clear()
        flat = [t for sent in sentences for t in sent]
        result: list = [None] * len(flat)
        others: list = [()] * len(flat) if readings is not None else []
        need, memos = [], []
        memo_cache, blank_forms, memo_sure = self._memo_cache, self._blank_forms, self._memo_sure
        for i, tok in enumerate(flat):
            memo = memo_cache.get(tok, False)  # _memo's cache, read here: most tokens are met before
            if memo is False:
                memo = self._memo(tok)
            sure = memo_sure.get(tok) if memo else None
            if sure is not None and tok not in blank_forms:
                result[i] = _written(mended, sure)
            else:
                need.append(i)
                memos.append(memo)
        if need:
            contexts = self.network.contexts(sentences, need)
            trust = self.settings.memo_trust
            memo_seen = self._memo_seen
            seen = [memo_seen[flat[i]] for i in need]  # times each form was seen in training
            trusted = [k for k, n in enumerate(seen) if n and n >= trust]
            score, starts, counts = self._memo_score_array([flat[need[k]] for k in trusted], trusted, contexts)
            memo_best = dict(zip(trusted, first_best(score, starts, counts)))
            # each analysis's score, where other readings are asked for (alternatives read them)
            memo_scores = dict(zip(trusted, score_lists(score, starts, counts))) if readings is not None else {}
            unseen = [k for k, n in enumerate(seen) if not n or n < trust]
            # every label's log-probability, only where it is read: unseen words' candidates, and
            # the blanks of a memorized analysis (a memorized form is chosen by _memo_score_array)
            full = sorted(unseen + [k for k in trusted if flat[need[k]] in self._blank_forms])
            row_of = {k: r for r, k in enumerate(full)}
            lps = self.network.head_log_probs(contexts, full) if full else None
            unseen = [row_of[k] for k in unseen]
            tops: dict = {}
            if unseen:
                if self.hspell is not None:  # one hspell process for all the batch's unseen words
                    self.hspell.prepare([flat[need[full[r]]] for r in unseen])
                top_p = _top_k(lps[0][unseen], BEAM_PREFIX)
                top_l = _top_k(lps[3][unseen], BEAM_LEMMA)
                if self.rerank is not None:
                    top_s = _top_k(lps[1][unseen], BEAM_SUFFIX).tolist()
                    top_t = _top_k(lps[2][unseen], BEAM_TAG).tolist()
                    tops = dict(zip(unseen, zip(top_p.tolist(), top_l.tolist(), top_s, top_t)))
                else:
                    tops = dict(zip(unseen, zip(top_p.tolist(), top_l.tolist())))
            # each token's analysis: a memorized form's best, or an unseen word's by the re-ranker,
            # whose tables of candidates are scored together at the end (best_candidates)
            choices: list = [None] * len(need)
            pending: list[tuple[int, CandidateTable, int]] = []
            batched = choose_unseen is None and self.rerank is not None
            for k, (i, memo) in enumerate(zip(need, memos)):
                best = memo_best.get(k)
                if best is not None:  # the best memorized analysis, the first of equals
                    choices[k] = memo[best][3]
                    continue
                r = row_of[k]
                lp = (lps[0][r], lps[1][r], lps[2][r], lps[3][r])
                tp, tl, *beams = tops.get(r) or (_top_k(lp[0][None], BEAM_PREFIX)[0],
                                                 _top_k(lp[3][None], BEAM_LEMMA)[0])
                if batched:
                    words, table = self._learned_choice(flat[i], lp, tp, tl, memo, *beams)
                    if table is not None and table.columns is not None:
                        pending.append((k, table, r))
                        continue
                    choices[k] = words if table is None else table.words[table.best(lp)]
                elif self.rerank is not None:
                    choices[k] = choose(flat[i], lp, tp, tl, memo, *beams)
                else:
                    choices[k] = self._score_unseen(flat[i], lp, tp, tl, memo)
            scored = best_candidates([table for _, table, _ in pending], lps, [r for _, _, r in pending])
            for (k, table, _), best in zip(pending, scored, strict=True):
                choices[k] = table.words[best]
            for k, (i, memo) in enumerate(zip(need, memos)):
                r = row_of.get(k)
                lp = (lps[0][r], lps[1][r], lps[2][r], lps[3][r]) if r is not None else None
                words = choices[k]
                if k not in memo_best:
                    if not memo:
                        host = self.written_name(flat[i], self.unsuffixed_name(flat[i], self.whole_host(words)))
                        host = self.definite_noun(self.past_plural_noun(self.lamed_he_infinitive(host)))
                        words = self.vav_root_future(self.citation_lemma(self.memorized_host(host)))
                        words = self.unsuffixed_noun(flat[i], self.plural_possessed(flat[i], singular_possessed(flat[i], words)))
                        words = self.inflected_participle(flat[i], self.clitics_and_number(flat[i], words))
                        words = self.verb_not_possessed(flat[i], self.memorized_rest(flat[i], words))
                    words = split_glued_pronoun(unslipped(acronym_reading(flat[i], words)))
                chosen, words = words, _written(mended, words)
                if flat[i] in self._blank_forms and any(w[1] == "_" for w in words):
                    words = self._fill_blank(flat[i], chosen, words, lp, memo)
                result[i] = words
        starts, at = set(), 0
        for sent in sentences:
            starts.add(at)
            at += len(sent)

        def memorized(form: str) -> list:  # a form's memorized analyses as written words
            return [_written(mended, m[3]) for m in self._memo(form) or ()]

        read_by_neighbours(flat, result, starts, memorized, self.past_plural, self.feminine_plural_adjective,
                           lambda form, feats, guess: agreeing_noun(
                               form, feats, [m[3] for m in self._memo(form) or ()], guess and form in self.prior,
                               self.lemma_upos.get(form)))  # fmt: skip
        if readings is not None:
            for k, (i, memo) in enumerate(zip(need, memos)):
                r = row_of.get(k)
                lp = (lps[0][r], lps[1][r], lps[2][r], lps[3][r]) if r is not None else None
                others[i] = other_readings(self, flat[i], lp, memo, result[i], tops.get(r), memo_scores.get(k))
            readings.extend(others)
        out, k = [], 0
        for sent in sentences:
            row = result[k : k + len(sent)]
            split_pronoun_suffixes(sent, row)
            out.append(row)
            k += len(sent)
        return out

    def _memo_score_array(self, forms: list[str], rows: list[int], contexts: list[np.ndarray]
                          ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # fmt: skip
        """The scores of the memorized forms' analyses (the form ``forms[j]`` at the token
        ``rows[j]`` of ``contexts``) one after another, and where each form's start and how many
        they are: memory share plus the classifier's log-probability of each label (LOGP_FLOOR for
        a label it does not know), up to a constant per token. A head where all the analyses have
        labels the classifier knows adds their logits: its normalizer is the same for all of them,
        and leaving it out saves computing every other label's logit (most of the network's work
        for a memorized form). Only a head where one analysis has such a label and another has not
        adds log-probabilities, so the floor compares as it would."""
        if not rows:
            return np.zeros(0), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        s = self.settings
        tables = [self._memo_table(form) for form in forms]
        counts = np.array([len(t[1]) for t in tables])
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
        token_rows = np.asarray(rows)
        ids = np.concatenate([t[0] for t in tables])
        known = ids >= 0
        logits = self.network.label_logits(contexts, np.repeat(token_rows, counts), np.maximum(ids, 0))
        score = s.memory_weight * np.concatenate([t[1] for t in tables])
        for h in range(ids.shape[1]):
            term = np.where(known[:, h], s.model_weight * logits[:, h], s.model_weight * LOGP_FLOOR)
            # tokens with analyses of both kinds in this head: their logits become log-probabilities
            mixed = (np.add.reduceat(known[:, h], starts) > 0) & (np.add.reduceat(~known[:, h], starts) > 0)
            if mixed.any():
                lse = np.zeros(len(forms))
                lse[mixed] = self.network.normalizers(contexts, token_rows[mixed], h)
                term -= np.where(known[:, h], s.model_weight * np.repeat(lse, counts), 0.0)
            score += term
        return score, starts, counts

    def _memo_table(self, form: str) -> tuple[np.ndarray, np.ndarray]:
        """The label ids (analyses x heads, -1: a label the classifier does not know) and log
        shares of a memorized form's analyses, as arrays (kept as long as its parsed analyses)."""
        got = self._memo_tables.get(form)
        if got is None:
            memo = self._memo(form)
            got = self._memo_tables[form] = (np.array([m[0] for m in memo], dtype=np.int64),
                                             np.array([m[1] for m in memo], dtype=np.float64))
        return got

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

    def forget_forms(self) -> None:
        """Drop what is kept per memorized form (its analyses and everything read off them): past
        FORM_CACHE_SIZE forms, and after a re-ranker's training data were collected."""
        for kept in (self._memo_cache, self._memo_seen, self._memo_sure, self._citations, self._memo_tables,
                     self._mended, self._blank_forms):  # fmt: skip
            kept.clear()

    def analyze(self, sentences: list[list[str]], alternatives: list | None = None) -> list[list[list[Morpheme]]]:
        """Return the morphemes of every token: a non-empty list per token, in input order.
        ``alternatives``: a list that gets, per token in input order, the lemmas of its other
        probable readings (see :mod:`iton.morph.alternatives`)."""
        cache = self._morpheme_cache
        if len(cache) > MORPHEME_CACHE_SIZE:
            cache.clear()
        if len(self._memo_cache) > FORM_CACHE_SIZE:
            self.forget_forms()
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


def score_lists(score: np.ndarray, starts: np.ndarray, counts: np.ndarray) -> list[list[float]]:
    """Each memorized form's analyses' scores as a list (ModelEngine._memo_score_array's runs)."""
    flat = score.tolist()
    return [flat[a : a + n] for a, n in zip(starts.tolist(), counts.tolist())]


def names_as_written(analyses: list[tuple]) -> list[tuple]:
    """A form's memorized analyses ``(label ids, count, morphemes)``, with each one that reads a
    proper name under another lemma merged into the same reading with the name as written, where
    training holds both: the treebank lemmatizes some names one way in one sentence and the other
    in the next (the town שדרות as שדרות and as שדרה, וושינגטון as ואשינגטון, או"ם as האו"ם), and a
    name is its own lemma (issue 11). The merged reading keeps the counts of both; a reading is
    its morphemes' forms and tags."""
    respelled = [any(map(respelled_name, words)) for _, _, words in analyses]
    readings = [tuple((w[0], w[2]) for w in words) for _, _, words in analyses]
    as_written = {readings[k]: k for k, (_, _, words) in enumerate(analyses)
                  if not respelled[k] and any(w[2] == "PROPN" for w in words)}  # fmt: skip
    counts = [n for _, n, _ in analyses]
    for k in range(len(analyses)):
        twin = as_written.get(readings[k])
        if respelled[k] and twin is not None:
            counts[twin] += counts[k]
            counts[k] = 0
    return [(ids, n, words) for (ids, _, words), n in zip(analyses, counts) if n]


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
