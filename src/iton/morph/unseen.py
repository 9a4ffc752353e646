"""How the morphology engine reads a word it never saw in training: candidate analyses from the
classifier's best labels, scored by the network, the lexicon prior, hspell's readings where
installed, and the learned re-ranker (weights in ``morph.rerank.json``).

:class:`UnseenWords` holds these methods; :class:`iton.morph.model.ModelEngine` inherits them and
owns the state they read (labels, lexicon, caches, settings, re-ranker weights).
Kept whole, about 630 lines: the candidates' features, their tables and the scoring of the tables
(one by one and a batch at once) must add the same numbers in the same order, and change together.
"""

from __future__ import annotations

import math
import operator
import re
from collections import Counter

import numpy as np

from iton.hebrew import ARTICLE_LETTER, CLITIC_LETTER_UPOS, CLITIC_LETTERS, DOUBLED_VAV, has_hebrew
from iton.morph.acronyms import ACRONYM_SHAPE
from iton.morph.clause_words import his_noun_clitics
from iton.morph.pronoun_suffixes import POSSESSIVE_LINK, glued_preposition
from iton.morph.templates import CLITIC_UPOS, _finalize, _unfinal, build, written_letters

# Features of one candidate analysis of an unseen word, in the order the re-ranker reads them.
RERANK_FEATURES = (
    "lp_prefix", "lp_suffix", "lp_tag", "lp_lemma", "memo", "memo_share", "rest_memo",
    "train_lemma", "lemma_in_prior", "lemma_freq", "rest_in_prior", "rest_freq", "lemma_is_rest",
    "prefix_letters", "lemma_tag_seen", "trailing", "len_diff", "lemma_he", "lemma_tav",
    "lemma_plural", "rest_plural", "prefix_rank", "lemma_rank", "lemma_literal", "lemma_train_form",
    "suffix_rank", "host_verb", "host_noun", "host_adj", "host_propn", "lemma_yod_end", "host_cut",
    "unsplit_tail_freq", "unsplit_tail_lemma", "rest_train_form", "lemma_unknown",
    *(f"unsplit_known_tail_{ch}" for ch in "ובכלמשה"),
    "singularized",
    # hspell's readings of the word, when the hspell program is installed (iton.morph.hspell)
    "hs_split", "hs_split_miss", "hs_lemma", "hs_lemma_pos", "hs_lemma_any", "hs_unknown_prefix_letters",
)
HSPELL_SLOTS = tuple(RERANK_FEATURES.index(n) for n in (
    "hs_split", "hs_split_miss", "hs_lemma", "hs_lemma_pos", "hs_lemma_any", "hs_unknown_prefix_letters"))
# which hspell classes agree with a host UPOS
HSPELL_AGREES = {"NOUN": ("NOUN",), "PROPN": ("PROPN", "NOUN"), "VERB": ("VERB",), "AUX": ("VERB",),
                 "ADJ": ("ADJ",)}
CLITIC_FIRST = CLITIC_LETTERS  # letters a clitic prefix can start with
# the features that depend on the host's tag
TAG_SLOTS = tuple(RERANK_FEATURES.index(n) for n in (
    "lemma_tag_seen", "host_verb", "host_noun", "host_adj", "host_propn", "hs_lemma_pos"))
# the features that depend on the context: the rest are cached per (form, candidate)
DYNAMIC_SLOTS = tuple(RERANK_FEATURES.index(n) for n in (
    "lp_prefix", "lp_suffix", "lp_tag", "lp_lemma", "prefix_rank", "lemma_rank", "suffix_rank"))


LOGP_FLOOR = -12.0  # log-probability of a memorized label the classifier does not know
BEAM_PREFIX = 3  # prefix labels tried for a word never seen in training
BEAM_LEMMA = 6  # lemma edit scripts tried for a word never seen in training
BEAM_SUFFIX = 2  # suffix labels (host cut + suffix pronoun) tried by the learned re-ranker
SUFFIX_MIN_LOGP = -3.0  # ... the second only when the classifier gives it at least this log-probability
SURE_LOGP = -0.2  # unseen words whose best labels have at least this joint log-probability skip the re-ranker
BEAM_TAG = 2  # host tags (UPOS + FEATS) tried by the learned re-ranker ...
TAG_MIN_LOGP = -2.0  # ... the second only when the classifier gives it at least this log-probability
# Unseen words' candidate tables kept per process (see CandidateTable; about 2 kB each, so
# near 60 MB at most): news repeats its words, and most of a word's beams stay the same.
CHOICE_CACHE_SIZE = 30_000
# Times a host must have been seen as a word of its own before its memorized lemma replaces the
# classifier's (UnseenWords.memorized_host): once may be an annotation slip.
HOST_MEMO_SEEN = 2
# The clitics before a rest that training memorized whole, and how often it must have seen that
# rest (memorized_rest). Not ב, כ, ל: their hidden article is the context's, which a rest of its
# own never shows; nor ה: a participle after it is a noun, which the rest alone reads as a verb.
REST_CLITICS = frozenset({"ו", "ש", "מ"})
REST_MEMO_SEEN = 3
# A plural feminine noun's ending; the pronouns of one possessor as HTB writes them (after
# POSSESSIVE_LINK: ביתו = בית_ _של_ _הוא), with the letter each is written as right after a
# singular noun (a plural's have a yod before it: עבודותיו, עבודותיה).
PLURAL_FEMININE = "ות"
ONE_POSSESSOR = {"_הוא": "ו", "_היא": "ה"}
# A plural noun's possessive suffixes (after the yod: בנותיה, ילדיהם) and the pronoun HTB writes
# for each; a masculine plural drops its ים before them (ילדים, ילדיו). See
# UnseenWords.plural_possessed.
PLURAL_MASCULINE = "ים"
# The yod before a pronoun suffix on a plural, and on some prepositions (עליהם, אליה: על, אל).
PLURAL_YOD = "י"
# A verb's past tense, third person plural, is its singular and ו, or ו for the ה of a verb in
# ל"ה (בנה, בנו): UnseenWords.past_plural.
PAST_PLURAL_ENDING = "ו"
LAMED_HE_ENDING = "ה"
# A participle's endings after its masculine singular, and the agreement each writes
# (inflected_participle); the singular has three letters at least (מקבל, not מת of מתים).
PARTICIPLE_ENDINGS = (("ים", ("Gender=Masc", "Number=Plur")), ("ות", ("Gender=Fem", "Number=Plur")),
                      ("ת", ("Gender=Fem", "Number=Sing")), ("ה", ("Gender=Fem", "Number=Sing")))
PARTICIPLE_LAST_LETTERS = frozenset(ending[-1] for ending, _ in PARTICIPLE_ENDINGS)
MIN_PARTICIPLE_LETTERS = 3
FEMININE_PLURAL_ENDING = "ות"
# The clitic letters a possessed noun may carry, in the order they are written: ו, ש, a
# preposition; no article (UnseenWords.plural_possessed).
POSSESSED_CLITICS = re.compile("ו?ש?[בכלמ]?")
PLURAL_POSSESSORS = {
    "יהם": ("_הם", "Case=Gen|Gender=Masc|Number=Plur|Person=3|PronType=Prs"),
    "יהן": ("_הן", "Case=Gen|Gender=Fem|Number=Plur|Person=3|PronType=Prs"),
    "יו": ("_הוא", "Case=Gen|Gender=Masc|Number=Sing|Person=3|PronType=Prs"),
    "יה": ("_היא", "Case=Gen|Gender=Fem|Number=Sing|Person=3|PronType=Prs"),
    "ינו": ("_אנחנו", "Case=Gen|Gender=Fem,Masc|Number=Plur|Person=1|PronType=Prs"),
}
# A number word after clitic letters and maybe כ, "about", and the tens, which HTB writes in
# digits (UnseenWords.clitics_and_number).
CLITICS_AND_NUMBER = re.compile("(ו?ש?[בלמ]?)(כ?)(.{2,})")
CARDINAL_TENS = frozenset({"עשרים", "שלושים", "ארבעים", "חמישים", "שישים", "שבעים", "שמונים", "תשעים"})
# A feminine noun's ending ית, and the shortest stem training ever strips it to (a profession's
# feminine: ארכיטקטית, ארכיטקט; UnseenWords.citation_lemma).
FEMININE_NOUN_IT = "ית"
SHORTEST_STRIPPED_IT_STEM = 4
# An infinitive of a verb in ה: ל, two root letters, ות (לשתות; UnseenWords.lamed_he_infinitive).
LAMED_HE_INFINITIVE = re.compile("ל..ות")


def infinitive_citations(stem: str, binyan: str | None) -> list[str]:
    """The citation forms an infinitive (``stem``: without its ל) may have in ``binyan`` (HTB's
    HebBinyan value; None: every binyan's), in HTB's spelling: פיעל's past with a yod after the
    first letter (חסן: חיסן), נפעל's with נ for the ה(י) (היאבק: נאבק), הפעיל's and התפעל's the stem
    itself, פעל's without the infinitive's ו (רגום: רגם); a stem in ות ends in ה (עשות: עשה)."""
    out: list[str] = []
    if binyan in (None, "HIFIL", "HITPAEL") and stem.startswith("ה") and not stem.startswith("הי"):
        out.append(stem)
    if binyan in (None, "NIFAL"):
        for lead in ("הי", "ה", "י"):  # להיאבק; ליהפך, a spelling news uses
            if stem.startswith(lead) and len(stem) - len(lead) >= 3:
                out.append("נ" + stem[len(lead):])
                break
    if binyan in (None, "PIEL") and not stem.startswith("ה"):
        if len(stem) == 4 and stem.endswith("ות"):
            out.append(stem[0] + "י" + stem[1] + "ה")
        elif len(stem) == 3:
            out.append(stem if stem[1] in "יו" else stem[0] + "י" + stem[1:])
        elif len(stem) == 4:  # four root letters, or ו/י already written: תדלק, סוכך, קיים
            out.append(stem)
    if binyan in (None, "PAAL") and not stem.startswith("ה"):
        if len(stem) >= 4 and stem.endswith("ות"):
            out.append(stem[:-2] + "ה")
        elif len(stem) == 4 and stem[2] == "ו":
            out.append(stem[:2] + stem[3])
        elif len(stem) == 3 and stem[1] in "וי":  # a middle ו or י is no root letter (מות: מת, שים: שם)
            out.append(_finalize(stem[0] + stem[2]))
    return out


FUTURE_PREFIXES = "יתאנ"  # the person prefixes of the future tense
PAST_ENDINGS = ("ו", "ה")  # the third person's plural and feminine endings of the past tense
# A future of פיעל whose root starts with ו writes it twice after the person prefix (נוותר, תוודא:
# נְוַתֵּר); נפעל's future has a yod there in full spelling (ניוותר, תיוותר), and the third person's
# י (יוותר for ייוותר, "will be left") is often written so too: left to the model, unless the model
# gives the form itself as its lemma, no verb's (THIRD_PERSON_PREFIX). Person prefix and ending -> the
# features of the person.
VAV_ROOT_PERSONS = {("א", ""): "Number=Sing|Person=1", ("נ", ""): "Number=Plur|Person=1",
                    ("ת", ""): "Gender=Masc|Number=Sing|Person=2", ("ת", "ו"): "Gender=Masc|Number=Plur|Person=2",
                    ("ת", "י"): "Gender=Fem|Number=Sing|Person=2",
                    ("י", ""): "Gender=Masc|Number=Sing|Person=3", ("י", "ו"): "Gender=Masc|Number=Plur|Person=3"}
THIRD_PERSON_PREFIX = "י"


def binyan_of(feats: str) -> str | None:
    """The HebBinyan value of a FEATS string, None where it names none."""
    return next((f[len("HebBinyan="):] for f in feats.split("|") if f.startswith("HebBinyan=")), None)


def future_citations(form: str, binyan: str | None) -> list[str]:
    """The citation forms a future-tense verb ``form`` (its person prefix first, no clitics) may
    have in ``binyan`` (None: every binyan's), in HTB's spelling. The endings ו, י and נה come
    off (ישתו, תשתי, תשתינה), then: הפעיל, הופעל and התפעל put ה for the prefix (יגיעו: הגיע,
    יתקדם: התקדם), נפעל נ (ייפגשו: נפגש), פיעל a yod after the first letter (יבקשו: ביקש), פועל
    keeps the stem (יפורסם: פורסם), פעל drops the ו before the last letter (יעבור: עבר) and a
    middle ו or י (יקומו: קם); a stem of two letters is a verb in ה whose ending fell (ישתו: שתה,
    יחכו: חיכה) or, in פעל, one whose first letter נ fell (יסעו: נסע)."""
    if len(form) < 3 or form[0] not in FUTURE_PREFIXES:
        return []
    stem = form[1:]
    for ending in ("נה", "ו", "י"):
        if stem.endswith(ending) and len(stem) - len(ending) >= 2:
            stem = stem[: -len(ending)]
            break
    out: list[str] = []
    weak = len(stem) == 2  # a third root letter ה, dropped before the ending
    if binyan in (None, "PAAL"):
        if weak:  # or a first root letter נ that fell (יסעו: נסע)
            out += [stem + "ה", "נ" + stem]
        elif len(stem) == 4 and stem[2] == "ו":
            out.append(stem[:2] + stem[3])
        elif len(stem) == 3:  # a middle ו or י is no root letter (יקומו: קם, ישירו: שר)
            out.append(stem[0] + stem[2] if stem[1] in "וי" else stem)
    if binyan in (None, "HIFIL", "HUFAL", "HITPAEL"):
        out.append("ה" + stem + ("ה" if weak else ""))
    if binyan in (None, "NIFAL"):
        core = stem[1:] if stem.startswith("י") and len(stem) >= 4 else stem
        out.append("נ" + core + ("ה" if len(core) == 2 else ""))
    if binyan in (None, "PIEL"):
        if weak:
            out.append(stem[0] + "י" + stem[1] + "ה")
        elif len(stem) == 3:
            out.append(stem if stem[1] in "יו" else stem[0] + "י" + stem[1:])
        elif len(stem) == 4:
            out.append(stem)
    if binyan in (None, "PUAL") and len(stem) >= 3 and stem[1] == "ו":
        out.append(stem)
    return list(dict.fromkeys(_finalize(x) for x in out))


def _top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """Return, per row, the indices of the k highest scores, best first (the first of equals)."""
    k = min(k, scores.shape[1])
    if np.isfinite(scores).all():
        # k passes of argmax: the beams are 2-6 of 93-427 labels, where argpartition's per-row
        # selection cost eight times as much
        rows = np.arange(len(scores))
        work = scores.copy()
        out = np.empty((len(scores), k), dtype=np.intp)
        for j in range(k):
            out[:, j] = best = work.argmax(axis=1)
            work[rows, best] = -np.inf
        return out
    part = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    order = np.argsort(-np.take_along_axis(scores, part, axis=1), axis=1, kind="stable")
    return np.take_along_axis(part, order, axis=1)


def _whole_noun_in_it(written: str, lemma: str) -> str | None:
    """The written form of an unseen noun in ית whose lemma came out without those letters and
    shorter than any training strips them to (החללית, "the spacecraft", came out חלל, "space"):
    of HTB and IAHLTwiki train and dev's nouns in ית, 512 are their own lemma, and the 14 written
    without it are professions' feminines of a stem of four letters or more (כספרית, ארכיטקטית,
    פסיכולוגית). Else None."""
    if written.endswith(FEMININE_NOUN_IT) and lemma == written[: -len(FEMININE_NOUN_IT)] \
            and len(lemma) < SHORTEST_STRIPPED_IT_STEM:
        return written
    return None


def _host(words: list) -> tuple:
    """Return the host morpheme: the first that is not a clitic, else the last."""
    return words[_host_index(words)]


def respelled_name(word: tuple) -> bool:
    """Whether ``word`` (form, lemma, UPOS, FEATS) is a proper noun whose lemma is not its written
    host (ניל of נילי, שדרה of שדרות): a name is its own lemma (issue 11)."""
    written = word[0].strip("_")
    return word[2] == "PROPN" and word[1] != written and has_hebrew(written)


def singular_possessed(surface: str, words: list) -> list:
    """``words`` (the analysis of an unseen ``surface``) with the lemma of a noun in ות that takes
    the pronoun of one possessor right after its ות written as its host: ילדותה is ילדות + היא
    ("her childhood"), not ילדה's plural, whose "her" is written with a yod (ילדותיה). The lemma
    rules read the ות as a plural ending (ילד, כלל of בכללותה); of HTB train and dev's 159 nouns
    with such a suffix (ותו, ותה), every one has its host for lemma (זכותה, מדיניותו)."""
    letter = ONE_POSSESSOR.get(words[-1][0])  # most words end otherwise: nothing else is read
    if letter is None or len(words) < 3 or words[-2][0] != POSSESSIVE_LINK:
        return words
    k = len(words) - 3
    form, lemma, upos, feats = words[k]
    host = form.strip("_")
    if upos != "NOUN" or not host.endswith(PLURAL_FEMININE) or not surface.endswith(host + letter):
        return words
    stem = host[: -len(PLURAL_FEMININE)]
    if _unfinal(lemma) not in (stem, stem + "ה", stem + "ת"):
        return words
    return [*words[:k], (form, host, upos, feats), *words[k + 1 :]]


def _host_index(words: list) -> int:
    """The position of :func:`_host`'s morpheme in ``words``."""
    for k, w in enumerate(words):
        if w[2] not in CLITIC_UPOS:
            return k
    return len(words) - 1


class CandidateTable:
    """An unseen word's candidates with everything of their re-ranker scores that does not
    depend on the context, so that scoring them in a context is a few array operations.

    A score is the static part plus the dynamic weights times the classifier's four
    log-probabilities and the three beam ranks, added in that order in float32 as the
    classifier's numbers are: the arrays repeat the scalar sums exactly, so the choice is the
    one the candidate-by-candidate sum makes. Candidates with a label the classifier does not
    know (LOGP_FLOOR in its place) are summed one by one, as Python mixes float64 in there.
    """

    __slots__ = ("words", "static", "ids", "ranks", "dynamic_w", "base", "columns", "rank_sum")

    def __init__(self, rows: list, dynamic_w) -> None:
        self.words = [r[0] for r in rows]
        self.static = [r[1][1] for r in rows]
        self.ids = [r[2] for r in rows]
        self.ranks = [r[3] for r in rows]
        self.dynamic_w = tuple(dynamic_w) or (0.0,) * len(DYNAMIC_SLOTS)
        self.columns = None
        ids = np.array(self.ids, dtype=np.intp).reshape(len(rows), 4)  # candidates x heads
        if rows and (ids >= 0).all():
            w = self.dynamic_w
            self.base = np.array(self.static, dtype=np.float64).astype(np.float32)
            self.columns = [ids[:, h] for h in range(4)]
            # each rank term is a float64 (weight times rank), as Python's float times int, rounded
            # to float32 when added
            ranks = np.array(self.ranks, dtype=np.float64).reshape(len(rows), 3)
            self.rank_sum = [(w[4 + k] * ranks[:, k]).astype(np.float32) for k in range(3)]

    def _sums(self, lp) -> np.ndarray:
        w = self.dynamic_w
        acc = self.base
        for h in range(4):
            acc = acc + np.float32(w[h]) * lp[h][self.columns[h]]
        for term in self.rank_sum:
            acc = acc + term
        return acc

    def scores(self, lp) -> list:
        """The re-ranker score of every candidate in the context whose log-probabilities are ``lp``."""
        if self.columns is not None:
            return self._sums(lp).tolist()
        w0, w1, w2, w3, w4, w5, w6 = self.dynamic_w
        out = []
        for static, ids, (prank, lrank, srank) in zip(self.static, self.ids, self.ranks):
            lps = [lp[h][i] if i >= 0 else LOGP_FLOOR for h, i in enumerate(ids)]
            out.append(static + w0 * lps[0] + w1 * lps[1] + w2 * lps[2] + w3 * lps[3] + w4 * prank
                       + w5 * lrank + w6 * srank)
        return out

    def best(self, lp) -> int:
        """The index of the best-scored candidate (the first of equals, as max() picks)."""
        if self.columns is not None:
            return int(self._sums(lp).argmax())
        scores = self.scores(lp)
        return max(range(len(scores)), key=scores.__getitem__)


def best_candidates(tables: list[CandidateTable], lps: list[np.ndarray], rows: list[int]) -> list[int]:
    """``tables[j].best(lp)`` for each table whose candidates all have labels the classifier knows
    (``columns``), ``lp`` being row ``rows[j]`` of the four heads' log-probabilities ``lps``: the
    same float32 sums, in the same order, for all the tables at once instead of a dozen small array
    operations a table."""
    if not tables:
        return []
    counts = np.array([len(t.base) for t in tables])
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    at = np.repeat(np.asarray(rows, dtype=np.intp), counts)
    acc = np.concatenate([t.base for t in tables])
    for h in range(4):
        weight = np.repeat(np.array([t.dynamic_w[h] for t in tables], dtype=np.float32), counts)
        acc = acc + weight * lps[h][at, np.concatenate([t.columns[h] for t in tables])]
    for k in range(3):
        acc = acc + np.concatenate([t.rank_sum[k] for t in tables])
    return first_best(acc, starts, counts)


def first_best(values: np.ndarray, starts: np.ndarray, counts: np.ndarray) -> list[int]:
    """Per run of ``values`` (``counts[j]`` of them from ``starts[j]``, none empty), the index in
    the run of its highest value, the first of equals (as ``run.index(max(run))``)."""
    if not len(counts):
        return []
    top = np.repeat(np.maximum.reduceat(values, starts), counts)
    tied = np.flatnonzero(values == top)  # every value that ties its run's best, in order
    run = np.repeat(np.arange(len(counts)), counts)[tied]
    return (tied[np.flatnonzero(np.diff(run, prepend=-1))] - starts).tolist()


class UnseenWords:
    """Candidate generation and scoring for words the engine has not memorized (a mixin of ModelEngine)."""

    def _lemma_score(self, lemma: str) -> float:
        s = self.settings
        score = 0.0
        known = False
        if lemma in self.lemmas:
            score += s.known_lemma
            known = True
        freq = self.prior.get(lemma)
        if freq is not None:
            score += s.prior_weight * (freq + 8.0)
            known = True
        return score if known else s.unknown_lemma

    def _host_score(self, rest: str) -> float:
        freq = self.prior.get(rest)
        return self.settings.surface_weight * (freq + 8.0) if freq is not None else 0.0

    def whole_host(self, words: list) -> list:
        """``words`` (an unseen word's analysis) with a host of two letters or more whose lemma
        came out one letter given its written form: תה ("tea") came out ה. Training gives no
        content word a one-letter lemma but its blanks."""
        k = _host_index(words)
        form, lemma, upos, feats = words[k]
        written = form.strip("_")
        if len(lemma) != 1 or len(written) < 2 or upos in CLITIC_UPOS or not has_hebrew(written):
            return words
        return [*words[:k], (form, written, upos, feats), *words[k + 1 :]]

    def written_name(self, surface: str, words: list) -> list:
        """``words`` (the analysis of an unseen ``surface``) with a proper noun's lemma written as
        its host is (נילי, not ניל): HTB writes 93% of its PROPN words as their own lemma, and the
        lemma rules the classifier learned mostly on common words cut and respell unseen names.
        An acronym is left to :func:`iton.morph.acronyms.acronym_reading` (מנכ"לה is מנכ"ל with a
        suffix)."""
        k = _host_index(words)
        if ACRONYM_SHAPE.fullmatch(surface) or not respelled_name(words[k]):
            return words
        form, _, upos, feats = words[k]
        return [*words[:k], (form, form.strip("_"), upos, feats), *words[k + 1 :]]

    def plural_possessed(self, surface: str, words: list) -> list:
        """``words`` (the analysis of an unseen ``surface``) as a plural noun that training memorized
        and a possessive suffix, after the clitic letters before it (none, or ו, ש and a
        preposition, in that order: a possessed noun takes no article), where the analysis gives
        its host another lemma: שאריותיה is שאריות ("remains", שארית) + "her", not ש + אריה
        ("lion"); ילדיהם ילדים + "their"; לשאריותיה ל + the same. The suffixes of PLURAL_POSSESSORS,
        the plural memorized always as one plural noun with one lemma; the fewest clitic letters
        first, and none where the analysis reads the word whole."""
        suffix = next((x for x in PLURAL_POSSESSORS if surface.endswith(x)), None)
        if suffix is None:
            return words
        pronoun, pronoun_feats = PLURAL_POSSESSORS[suffix]
        # clitic letters only where the analysis split some too (לזניה, lasagna, is no ל + זן + "her")
        split = _host_index(words) > 0
        for n in range(len(POSSESSED_CLITICS.match(surface).group()) + 1 if split else 1):
            letters, stem = surface[:n], surface[n : -len(suffix)]
            if len(stem) < 2 or not POSSESSED_CLITICS.fullmatch(letters):
                break
            plural = stem if stem.endswith(PLURAL_FEMININE) else stem + PLURAL_MASCULINE
            memo = self._memo(plural) if plural in self.memory else None
            if not memo or any(len(ws) != 1 for *_, ws in memo) or len({ws[0][1:3] for *_, ws in memo}) != 1:
                continue
            _, lemma, upos, feats = memo[0][3][0]  # the commonest reading's features
            if upos != "NOUN" or lemma == "_" or "Number=Plur" not in feats.split("|"):
                continue
            if words[_host_index(words)][1] == lemma:
                return words
            kept = [f for f in feats.split("|") if not f.startswith("Definite=")]
            host_feats = "|".join(sorted(["Definite=Def", *kept], key=str.lower))
            clitics = [(letter, letter, CLITIC_LETTER_UPOS[letter], "_") for letter in letters]
            return [*clitics, (stem + "_", lemma, upos, host_feats), (POSSESSIVE_LINK, "של", "ADP", "_"),
                    (pronoun, "הוא", "PRON", pronoun_feats)]  # fmt: skip
        return words

    def unsuffixed_noun(self, surface: str, words: list) -> list:
        """``words`` (the analysis of an unseen ``surface``: clitics, a noun and a possessive suffix)
        as the clitics and the noun that training memorized the rest of ``surface`` as, whole: בשביתה
        is ב + שביתה ("in a strike"), not ב + "her" שבית. Of HTB train and dev's tokens whose rest
        after their clitic letters is memorized first as one noun written whole, 14,650 are that
        noun and 8 a noun with a suffix (לידי, בחיי). So is a noun whose lemma is that whole rest,
        its suffix's letters with it (פגרה read as "her" פגר with the lemma פגרה): of HTB train and
        dev's 2,287 nouns with a possessive suffix, 3 have such a lemma."""
        k = _host_index(words)
        if len(words) != k + 3 or words[k + 1][0] != POSSESSIVE_LINK or words[k + 2][2] != "PRON":
            return words
        letters = written_letters(words[:k])
        rest = surface[len(letters) :] if surface.startswith(letters) else ""
        form, lemma, upos, feats = words[k]
        if upos == "NOUN" and lemma == rest:
            return [*words[:k], (rest, lemma, upos, "|".join(f for f in feats.split("|") if f != "Definite=Def"))]
        memo = self._memo(rest) if k > 0 and rest in self.memory else None
        if not memo or len(memo[0][3]) != 1 or memo[0][3][0][2] != "NOUN" or memo[0][3][0][0] != rest:
            return words
        return [*words[:k], memo[0][3][0]]

    def clitics_and_number(self, surface: str, words: list) -> list:
        """``words`` (the analysis of an unseen ``surface``) as its clitic letters, maybe כ ("about"),
        and a number word that training memorized (or a ten, which HTB writes in digits), where
        ``surface`` is written so: לכשלוש מאות is ל + כ + שלוש, בכחמישים ב + כ + חמישים, מעשרים מ +
        עשרים (they came out a verb כשלוש, a noun כחמישים, the noun העשרה). HTB and IAHLTwiki
        train and dev write כ before a number as a word of its own (ADP or ADV), after ל, ב, ש or
        ו (בכמיליון, בכשני)."""
        match = CLITICS_AND_NUMBER.fullmatch(surface)
        if match is None or not (match.group(1) + match.group(2)):
            return words
        number = match.group(3)
        memo = self._memo(number) if number in self.memory else ()
        read = next((ws[0] for *_, ws in memo if len(ws) == 1 and ws[0][2] == "NUM"), None)
        if read is not None:  # read as a number at least as often as as any other word (not אחדות, "unity")
            seen = Counter()
            for *_, count, ws in memo:
                seen[ws[0][2] if len(ws) == 1 else ""] += count
            read = read if seen["NUM"] == max(seen.values()) else None
        if read is None and number in CARDINAL_TENS:
            read = (number, number, "NUM", "NumType=Card")
        if read is None:
            return words
        clitics = [(letter, letter, CLITIC_LETTER_UPOS[letter], "_") for letter in match.group(1) + match.group(2)]
        return [*clitics, read]

    def past_plural(self, form: str) -> tuple | None:
        """The reading of ``form`` (in ו) as a verb in the past tense, third person plural: its
        memorized one, else its singular's (the form less ו, or with ה for ו: בנו of בנה) where
        training memorized that singular as a verb or has it as a verb's lemma; else None."""
        for analysis in [m[3] for m in self._memo(form) or ()]:
            word = analysis[0]
            if len(analysis) == 1 and word[2] == "VERB" and {"Tense=Past", "Number=Plur"} <= set(word[3].split("|")):
                return word
        stem = form[: -len(PAST_PLURAL_ENDING)]
        for singular in (stem, stem + LAMED_HE_ENDING):
            for analysis in [m[3] for m in self._memo(singular) or ()]:
                word = analysis[0]
                feats = word[3].split("|")
                if len(analysis) == 1 and word[2] == "VERB" and {"Tense=Past", "Number=Sing", "Person=3"} <= set(feats):
                    plural = [f for f in feats if not f.startswith(("Gender=", "Number="))]
                    plural += ["Gender=Fem,Masc", "Number=Plur"]
                    return (form, word[1], "VERB", "|".join(sorted(plural, key=str.lower)))
            if self._trained_as(singular, "VERB"):
                return (form, singular, "VERB", "Gender=Fem,Masc|Number=Plur|Person=3|Tense=Past")
        return None

    def inflected_participle(self, surface: str, words: list) -> list:
        """``words`` (the analysis of an unseen ``surface``) as the participle that training memorized
        in its masculine singular, in the gender and number of ``surface``'s ending (ים, ות, ת, ה), where
        every memorized reading of that singular is the participle, and ``words`` split clitics off or
        read a name: ממתינות ("waiting") came out מ + מתינות ("moderation"), though ממתין is memorized
        as the participle of המתין. A noun or an adjective read whole stays (סוללה, "a battery", is no
        participle of סלל)."""
        if surface[-1:] not in PARTICIPLE_LAST_LETTERS or (len(words) == 1 and words[0][2] != "PROPN"):
            return words
        for ending, agreement in PARTICIPLE_ENDINGS:
            if not surface.endswith(ending) or len(surface) - len(ending) < MIN_PARTICIPLE_LETTERS:
                continue
            singular = _finalize(surface[: -len(ending)])
            memo = self._memo(singular) if singular in self.memory else None
            if not memo or any(len(ws) != 1 or ws[0][2] != "VERB" or "VerbForm=Part" not in ws[0][3].split("|")
                               or "Gender=Masc|" not in ws[0][3] or "Number=Sing" not in ws[0][3] for *_, ws in memo):
                continue
            word = memo[0][3][0]
            feats = [f for f in word[3].split("|") if not f.startswith(("Gender=", "Number="))] + list(agreement)
            return [(surface, word[1], "VERB", "|".join(sorted(feats, key=str.lower)))]
        return words

    def feminine_plural_adjective(self, form: str) -> tuple | None:
        """The reading of ``form`` (in ות) as an adjective, feminine plural: its memorized one, else
        its masculine singular's lemma (the form less ות: ממושך of ממושכות) where training memorized
        that singular as an adjective; else None."""
        for analysis in [m[3] for m in self._memo(form) or ()]:
            if len(analysis) == 1 and analysis[0][2] == "ADJ" and analysis[0][1] != "_":
                return analysis[0]
        singular = _finalize(form[: -len(FEMININE_PLURAL_ENDING)])
        for analysis in [m[3] for m in self._memo(singular) or ()]:
            word = analysis[0]
            if len(analysis) == 1 and word[2] == "ADJ" and word[1] != "_" and "Number=Plur" not in word[3]:
                return (form, word[1], "ADJ", "Gender=Fem|Number=Plur")
        return None

    def definite_noun(self, words: list) -> list:
        """``words`` (an unseen word's analysis) with a proper noun or a participle after the
        article read as the common noun training knows: where every memorized reading of the host
        is that one noun (ההסלמה, "the escalation", came out the name הסלמה, and the entities gave
        it a place; המחבל, "the terrorist", the participle of חיבל). A name that training also
        reads as a name (הכרמל) stays, and so does a participle that training also reads as a verb."""
        k = _host_index(words)
        form, _, upos, feats = words[k]
        if k == 0 or words[k - 1][0] != ARTICLE_LETTER or form.endswith("_"):
            return words
        if upos != "PROPN" and not (upos == "VERB" and "VerbForm=Part" in feats):
            return words
        memo = self._memo(form) if form in self.memory else None
        readings = {ws[0] for *_, ws in memo or () if len(ws) == 1}
        if not memo or len(readings) != 1 or any(len(ws) != 1 for *_, ws in memo):
            return words
        noun = next(iter(readings))
        if noun[2] != "NOUN" or noun[1] == "_":
            return words
        return [*words[:k], noun, *words[k + 1 :]]

    def unsuffixed_name(self, surface: str, words: list) -> list:
        """``words`` (an unseen word's analysis) with a pronoun suffix cut off a host where the
        host and the suffix's letters together are a name training saw as a word of its own: at
        least HOST_MEMO_SEEN times, always one proper noun with one lemma. לגולן is ל + גולן, not
        ל + גול + "their"; the suffix head of the classifier reads a final ן or ם as a pronoun
        where news writes names ending so."""
        k = _host_index(words)
        if k == len(words) - 1 or not words[k][0].endswith("_"):
            return words
        letters = written_letters(words[:k])
        rest = surface[len(letters):]
        alone = self._word_of_its_own(rest)
        if alone is None or any(word[2] != "PROPN" for word in alone):
            return words
        _, lemma, upos, feats = alone[0]
        return [*words[:k], (rest, lemma, upos, feats)]

    def _word_of_its_own(self, form: str) -> list[tuple] | None:
        """The memorized readings of ``form`` (one word each, commonest first) where training saw
        it at least HOST_MEMO_SEEN times, always as one word with one lemma; else None."""
        memo = self._memo(form) if form in self.memory else None
        if not memo or sum(entry[2] for entry in memo) < HOST_MEMO_SEEN or any(len(ws) != 1 for *_, ws in memo):
            return None
        if len({ws[0][1] for *_, ws in memo}) != 1:
            return None
        return [ws[0] for *_, ws in sorted(memo, key=lambda entry: -entry[2])]

    def vav_root_future(self, words: list) -> list:
        """``words`` (an unseen word's analysis) with a host that is a future of פיעל of a root in ו
        (:data:`VAV_ROOT_PERSONS`) read as that verb, where training has its lemma (ו, י, then the
        two letters after the doubled ו: ויתר, וידא) as a verb's: נוותר came out נותר ("was
        left"), נוודא and אוותר nouns of their own; יוותר, where the model gives it no lemma but
        itself."""
        k = _host_index(words)
        form = words[k][0]
        if len(form) < 5 or form[1:3] != DOUBLED_VAV:
            return words
        if form[0] == THIRD_PERSON_PREFIX and words[k][1] != form:
            return words
        rest = form[3:]
        for ending in ("ו", "י", ""):
            features = VAV_ROOT_PERSONS.get((form[0], ending))
            if features is None or len(rest) - len(ending) != 2 or not rest.endswith(ending):
                continue
            lemma = _finalize("וי" + rest[:2])
            if not self._trained_as(lemma, "VERB"):
                return words
            feats = "|".join(sorted(f"{features}|HebBinyan=PIEL|Tense=Fut|Voice=Act".split("|")))
            return [*words[:k], (form, lemma, "VERB", feats), *words[k + 1 :]]
        return words

    def memorized_host(self, words: list) -> list:
        """``words`` (an unseen word's analysis with clitics split off) with its host's lemma
        replaced by the one training gives the host as a word of its own: where it was seen at
        least HOST_MEMO_SEEN times, always as one word with one lemma, and under the host's tag
        among others. The classifier's lemma rules are the regular ones (מהבתים: ה + בתים → בת),
        while the treebank knows בתים → בית. Not a proper noun's (names keep their own, see
        :meth:`written_name`), nor a host with a suffix pronoun, whose form is cut."""
        k = _host_index(words)
        form, lemma, upos, feats = words[k]
        if k == 0 or upos == "PROPN" or form.endswith("_"):
            return words
        alone = self._word_of_its_own(form)
        if alone is None or upos not in {word[2] for word in alone}:
            return words
        memorized = alone[0][1]
        if memorized == lemma or "_" in memorized:
            return words
        return [*words[:k], (form, memorized, upos, feats), *words[k + 1 :]]

    def memorized_rest(self, surface: str, words: list) -> list:
        """``words`` (the analysis of an unseen ``surface`` that splits off ו, ש or מ first) with the
        rest read as training memorized the rest of ``surface`` as a word of its own, where it saw it
        at least REST_MEMO_SEEN times, every time with the same lemmas, and ``words`` read it with
        others: וכשהגיעו ("and when they arrived") came out ו + a noun כשהגיע, ושהייתה ("and that she
        was") ו + שהייה ("a stay"), משהגיעו ("once they arrived") מ + שהגיע, though כשהגיעו, שהייתה
        and שהגיעו are memorized."""
        if len(words) < 2 or words[0][0] not in REST_CLITICS or words[0][2] not in CLITIC_UPOS:
            return words
        rest = surface[len(words[0][0]) :]
        memo = self._memo(rest) if rest in self.memory else None
        if not memo or sum(entry[2] for entry in memo) < REST_MEMO_SEEN:
            return words
        readings = [ws for *_, ws in sorted(memo, key=lambda entry: -entry[2])]
        lemmas = {tuple(w[1] for w in reading) for reading in readings}
        if len(lemmas) != 1 or tuple(w[1] for w in words[1:]) in lemmas or "_" in next(iter(lemmas)):
            return words
        return [words[0], *readings[0]]

    def past_plural_noun(self, words: list) -> list:
        """``words`` (an unseen word's analysis) with one noun in ו whose lemma is the word itself
        read as a verb in the past tense, third person plural, where training has its singular as
        a verb (:meth:`past_plural`): נפילות זוהו, "hits were identified", came out a noun זוהו. Of
        HTB and IAHLTwiki train and dev's nouns in ו written as their own lemma, none has such a
        singular (names do: ישו, הודו; they stay)."""
        if len(words) != 1 or words[0][2] != "NOUN" or words[0][1] != words[0][0] \
                or not words[0][0].endswith(PAST_PLURAL_ENDING):
            return words
        verb = self.past_plural(words[0][0])
        return words if verb is None else [verb]

    def verb_not_possessed(self, surface: str, words: list) -> list:
        """``words`` (the analysis of an unseen ``surface`` in ו) read as a noun with the suffix "his",
        alone or after ו, ש or וש, where training has the noun's lemma only as a verb's: the verb in the
        past tense, third person plural (:meth:`past_plural`), after the same clitics: התעמתו ("they
        clashed") came out "his התעמת"."""
        letters = his_noun_clitics(words) if surface.endswith(PAST_PLURAL_ENDING) else None
        if letters is None or self.lemma_upos.get(words[-3][1]) != "VERB":
            return words
        verb = self.past_plural(surface[len(letters) :])
        return words if verb is None else [*words[:-3], verb]

    def lamed_he_infinitive(self, words: list) -> list:
        """``words`` (an unseen word's analysis) with a host of ל, two letters and ות read as a noun
        whose lemma is the word itself (לשתות, "to drink"), or as a verb with a lemma no verb of
        training has, read as the infinitive of a verb in ה, its citation form the one training or
        the word list knows (שתה; פיעל's with a yod, ניסה, first where known). Of HTB and IAHLTwiki train and dev's 593 tokens so written and read
        as one word, 447 are such a verb and 146 the copula להיות; the 6 nouns among them
        (לוחות, להקות) have another lemma."""
        form, lemma, upos, feats = words[0]
        if len(words) != 1 or not LAMED_HE_INFINITIVE.fullmatch(form):
            return words
        if not ((upos == "NOUN" and lemma == form) or (upos == "VERB" and not self._trained_as(lemma, "VERB"))):
            return words
        citation = next((f for f in infinitive_citations(form[1:], None) if f in self.lemmas or f in self.prior), None)
        return words if citation is None else [(form, citation, "VERB", "VerbForm=Inf")]

    def citation_lemma(self, words: list) -> list:
        """``words`` (an unseen word's analysis) with its host's lemma replaced where training
        knows that lemma only as a form of one other lemma under the host's tag: a lemma is a
        citation form. שתישארו read ש + תישאר takes נשאר, as training writes every תישאר; a
        lemma that is also a word of its own (training reads it with its own lemma) stays. An
        infinitive read with itself as lemma takes its binyan's citation form (_infinitive_citation),
        and so does a future-tense verb whose lemma is no verb's where the memory gives none
        (_future_citation), a past-tense one whose ending was read as a verb in ה's
        (_past_citation), and a noun read with its own plural or construct form as lemma
        (_noun_citation), with a lemma in a doubled ו, which no Hebrew word ends in (קוו: קו), or
        with a short stem without its ית (_whole_noun_in_it)."""
        k = _host_index(words)
        form, lemma, upos, feats = words[k]
        if upos == "VERB" and "VerbForm=Inf" in feats and lemma == form and lemma.startswith("ל"):
            citation = self._infinitive_citation(lemma, feats)
        else:
            key = (lemma, upos)
            citation = self._citations.get(key, False)
            if citation is False:
                citation = self._citations[key] = self._citation_of(lemma, upos)
            if citation is None and upos == "VERB" and "VerbForm=Inf" in feats and form.startswith("ל") \
                    and not self._trained_as(lemma, "VERB"):
                # a lemma no verb of training has (למות came out מיה): a citation form that one has
                citation = next((f for f in infinitive_citations(form[1:], None) if self._trained_as(f, "VERB")), None)
            if citation is None and upos == "VERB" and "Tense=Fut" in feats and self._no_verb(lemma, form):
                citation = self._future_citation(form.strip("_"), feats)
            if citation is None and upos == "NOUN" and lemma == form.strip("_"):
                citation = self._noun_citation(lemma, feats)
            if upos == "NOUN":  # a final consonant ו is written once (קוו of IAHLTwiki's train: קו)
                citation = self._one_final_vav(citation or lemma) or citation
            if citation is None and upos == "VERB" and "Tense=Past" in feats:
                citation = self._past_citation(form.strip("_"), lemma)
            if citation is None and upos == "NOUN" and "Number=Plur" in feats:
                citation = self._plural_stem(form.strip("_"), lemma)
            if citation is None and upos == "NOUN":
                citation = _whole_noun_in_it(form.strip("_"), lemma)
        return words if citation is None else [*words[:k], (form, citation, upos, feats), *words[k + 1 :]]

    def _past_citation(self, form: str, lemma: str) -> str | None:
        """The citation form of an unseen past-tense verb of the third person whose ending the lemma
        rules read as a verb in ה's (חולצו, "they were rescued", came out חולצה, "a shirt"): the
        form without its ending, where that lemma is a word training knows only as another part of
        speech; else None (פונו keeps פונה, a verb's lemma)."""
        for ending in PAST_ENDINGS:
            stem = form[: -len(ending)]
            if form.endswith(ending) and len(stem) >= 3 and lemma == stem + "ה":
                known = self.lemma_upos.get(lemma)
                return _finalize(stem) if known is not None and "VERB" not in known.split("|") else None
        return None

    def _plural_stem(self, written: str, lemma: str) -> str | None:
        """The lemma of an unseen plural noun in ים that came out its stem without a ו (סוהרים,
        "prison guards": סהר, "moon"): the stem as written, where training has it as a noun; else None."""
        stem = written[: -len(PLURAL_MASCULINE)]
        if not written.endswith(PLURAL_MASCULINE) or "ו" not in stem or lemma != stem.replace("ו", "", 1):
            return None
        return _finalize(stem) if self._trained_as(_finalize(stem), "NOUN") else None

    def _noun_citation(self, written: str, feats: str) -> str | None:
        """The lemma of an unseen noun whose lemma came out as its written form where HTB writes
        another: a plural's singular (דליפות: דליפה; after י, ייה too: עגבניות, עגבנייה; ים the stem
        or ה where training has that noun: מקרים, מקרה), and a construct form's absolute one in ה
        (הילולת: הילולה). The one training has as a noun's lemma, else the one the word list knows
        best (a construct form in ת may be its own: מחברת), else None. A form training has as a
        lemma (לימודים) stays, and so does a form in ות whose stem is an adjective, or a word the
        list knows better than the singular: the tag takes abstract nouns (עדינות, "gentleness", of
        עדין; צחות of צח) for plurals."""
        features = feats.split("|")
        plural, construct = "Number=Plur" in features, "Definite=Cons" in features
        if written in self.lemmas or len(written) < 4:
            return None
        stem = written[:-2]
        if plural and written.endswith(PLURAL_FEMININE):
            options = [stem + "ה", stem + "יה"] if stem.endswith("י") else [stem + "ה"]
            base = _finalize(stem)
            if self._trained_as(base, "ADJ") or \
                    self.prior.get(base, -math.inf) > max(self.prior.get(o, -math.inf) for o in options):
                return None
        elif plural and written.endswith("ים"):
            if stem.endswith(DOUBLED_VAV):  # קווים: קו
                return self._one_final_vav(stem)
            return next((o for o in (_finalize(stem), stem + "ה") if self._trained_as(o, "NOUN")), None)
        elif construct and not plural and written.endswith("ת"):
            options = [written[:-1] + "ה", written]
        else:
            return None
        known = [o for o in options if self._trained_as(o, "NOUN")]
        if known:
            return known[0]
        listed = [o for o in options if o in self.prior]
        best = max(listed, key=self.prior.__getitem__) if listed else None
        return None if best == written else best

    def _infinitive_citation(self, infinitive: str, feats: str) -> str | None:
        """The citation form (third person masculine singular past) of an unseen infinitive whose
        lemma came out as the infinitive itself: לחסן takes חיסן, להתקדם התקדם, להיאבק נאבק. The
        forms its binyan makes, the first that training has as a lemma or the word list knows, else
        the first (the infinitive is no lemma); where the tag names no binyan, every binyan's
        forms, the first known one, else None."""
        binyan = binyan_of(feats)
        forms = infinitive_citations(infinitive[1:], binyan)
        known = next((f for f in forms if f in self.lemmas or f in self.prior), None)
        return known if known is not None or binyan is None or not forms else forms[0]

    def _no_verb(self, lemma: str, form: str) -> bool:
        """Whether ``lemma`` is no verb's lemma training knows, nor the written ``form`` itself
        (a word the tag took for a verb and the lemma rules kept whole: תענוג), nor a lemma of
        training the form starts with (a noun's with a suffix: יתרונה, יתרון)."""
        written = form.strip("_")
        if self._trained_as(lemma, "VERB") or lemma == written:
            return False
        return lemma not in self.lemmas or not written.startswith(_unfinal(lemma))

    def _future_citation(self, form: str, feats: str) -> str | None:
        """The citation form of an unseen future-tense verb whose lemma training never had as a
        verb's (ישתו read with ישו, יעלו with על): the first of its binyan's forms
        (:func:`future_citations`) that training has as a verb's lemma, else the first the word
        list knows (training has no שתה), else None."""
        binyan = binyan_of(feats)
        forms = future_citations(form, binyan)
        return next((f for f in forms if self._trained_as(f, "VERB")),
                    next((f for f in forms if f in self.prior), None))

    def _citation_of(self, lemma: str, upos: str) -> str | None:
        """The one lemma training gives the form ``lemma`` when every analysis of it is one word
        tagged ``upos`` and none has ``lemma`` itself as its lemma, else None."""
        memo = self._memo(lemma) if lemma in self.memory else None
        if not memo or any(len(ws) != 1 or ws[0][2] != upos for *_, ws in memo):
            return None
        lemmas = {ws[0][1] for *_, ws in memo}
        citation = lemmas.pop()
        return None if lemmas or citation == lemma or "_" in citation else citation

    def _fallback(self, surface: str, tag: tuple[str, str]) -> list:
        upos, feats = tag
        if not has_hebrew(surface):
            feats = "_"
            if surface.replace(",", "").replace(".", "").isdigit():
                upos = "NUM"
            elif not any(ch.isalnum() for ch in surface):
                upos = "PUNCT"
            elif any("a" <= ch.lower() <= "z" for ch in surface):
                upos = "PROPN"
        return [(surface, surface, upos, feats)]

    def _singulars(self, lemma: str) -> list[str]:
        """Return the train lemmas a plural-looking lemma may be the plural of."""
        if len(lemma) < 4 or lemma[-2:] not in ("ים", "ות"):
            return []
        stem = lemma[:-2]
        options = [_finalize(stem), stem + "ה"] if lemma.endswith("ות") else [_finalize(stem)]
        return [x for x in options if x in self.lemmas]

    def _hspell_matches(self, surface: str, letters: str, lemma: str) -> list:
        """hspell's readings of ``surface`` with these prefix letters and this host lemma."""
        if self.hspell is None:
            return []
        return [r for r in self.hspell.readings(surface) if r.prefix == letters and r.lemma == lemma]

    def _hspell_features(self, surface: str, letters: str, lemma: str, upos: str) -> list[float]:
        """The HSPELL_SLOTS features of a candidate (all 0 without hspell or for a word it rejects)."""
        if self.hspell is None:
            return [0.0] * len(HSPELL_SLOTS)
        readings = self.hspell.readings(surface)
        if not readings:  # a word hspell rejects (names, foreign words): how readily to split its prefix
            return [0.0] * (len(HSPELL_SLOTS) - 1) + [float(len(letters))]
        split = any(r.prefix == letters for r in readings)
        same = [r for r in readings if r.prefix == letters and r.lemma == lemma]
        agree = HSPELL_AGREES.get(upos, ())
        return [
            1.0 if split else 0.0, 0.0 if split else 1.0, 1.0 if same else 0.0,
            1.0 if any(r.pos in agree for r in same) else 0.0,
            1.0 if any(r.lemma == lemma for r in readings) else 0.0,
            0.0,
        ]

    def _retag(self, base: tuple, host: tuple, surface: str, letters: str, static_w) -> tuple:
        """Return cached static features and score of a candidate that differs from ``base``
        only in the host's tag: the tag-dependent features are recomputed."""
        feats = list(base[0])
        upos = host[2]
        new = {
            TAG_SLOTS[0]: 1.0 if upos in self.lemma_upos.get(host[1], "") else 0.0,
            TAG_SLOTS[1]: 1.0 if upos == "VERB" else 0.0, TAG_SLOTS[2]: 1.0 if upos == "NOUN" else 0.0,
            TAG_SLOTS[3]: 1.0 if upos == "ADJ" else 0.0, TAG_SLOTS[4]: 1.0 if upos == "PROPN" else 0.0,
            TAG_SLOTS[5]: feats[TAG_SLOTS[5]],
        }
        if feats[HSPELL_SLOTS[2]]:  # hspell has this split and lemma: does it have them with this class?
            agree = HSPELL_AGREES.get(upos, ())
            new[TAG_SLOTS[5]] = 1.0 if any(r.pos in agree for r in self._hspell_matches(surface, letters, host[1].strip("_"))) else 0.0
        score = base[1]
        for slot, value in new.items():
            if static_w is not None:
                score += static_w[slot] * (value - feats[slot])
            feats[slot] = value
        return feats, score

    def _static_features(self, surface, words, kind, share, letters, literal, tail_freq, tail_lemma, tail_letter):
        """Return a candidate's features that do not depend on the context (the classifier's
        log-probabilities and beam ranks, DYNAMIC_SLOTS, are left at 0)."""
        host = _host(words)
        lemma = host[1]
        rest = surface[len(letters):]
        lf = self.prior.get(lemma)
        rf = self.prior.get(rest)
        upos = host[2]
        bare = lemma.strip("_")
        return [
            0.0, 0.0, 0.0, 0.0,
            1.0 if kind == 1 else 0.0, share, 1.0 if kind == 2 else 0.0,
            1.0 if lemma in self.lemmas else 0.0,
            1.0 if lf is not None else 0.0, (lf + 8.0) if lf is not None else 0.0,
            1.0 if rf is not None else 0.0, (rf + 8.0) if rf is not None else 0.0,
            1.0 if bare == rest else 0.0,
            float(len(letters)),
            1.0 if upos in self.lemma_upos.get(lemma, "") else 0.0,
            1.0 if words.index(host) < len(words) - 1 else 0.0,
            float(len(bare) - len(rest)),
            1.0 if bare.endswith("ה") else 0.0,
            1.0 if bare.endswith("ת") else 0.0,
            1.0 if bare.endswith(("ים", "ות")) else 0.0,
            1.0 if rest.endswith(("ים", "ות")) else 0.0,
            0.0, 0.0, 1.0 if literal else 0.0,
            1.0 if bare in self.memory else 0.0,
            0.0,
            1.0 if upos == "VERB" else 0.0, 1.0 if upos == "NOUN" else 0.0,
            1.0 if upos == "ADJ" else 0.0, 1.0 if upos == "PROPN" else 0.0,
            1.0 if bare.endswith("י") else 0.0,
            float(len(rest) - len(host[0].strip("_"))),
            0.0 if letters else tail_freq, 0.0 if letters else tail_lemma,
            1.0 if letters and rest in self.memory else 0.0,
            1.0 if lf is None and lemma not in self.lemmas else 0.0,
            *(tail_letter if not letters else [0.0] * len(tail_letter)),
            1.0 if kind == 3 else 0.0,
            *self._hspell_features(surface, letters, bare, upos),
        ]

    def _beams(self, lp, top_suffix=None, top_tag=None) -> tuple[list[int], list[int]]:
        """The suffix and tag labels the re-ranker tries: the best, and the second when the
        classifier gives it enough probability (SUFFIX_MIN_LOGP, TAG_MIN_LOGP)."""
        if top_tag is None:
            top_tag = _top_k(lp[2][None], BEAM_TAG)[0].tolist()
        if top_suffix is None:
            top_suffix = _top_k(lp[1][None], BEAM_SUFFIX)[0].tolist()
        return (top_suffix[:1] + [i for i in top_suffix[1:] if lp[1][i] >= SUFFIX_MIN_LOGP],
                top_tag[:1] + [i for i in top_tag[1:] if lp[2][i] >= TAG_MIN_LOGP])

    def _candidate_rows(self, surface: str, top_prefix, top_lemma, memo, top_suffix, top_tag) -> list:
        """The candidate analyses of an unseen (or rarely seen) Hebrew word, each as (words,
        (static features, static score), label ids of the four heads (-1: a label the classifier
        does not know), beam ranks of prefix, lemma and suffix). Nothing here reads the
        classifier's probabilities but through the beams, so the rows of one word and one set
        of beams are the same in every context."""
        info = self.info
        rows = []
        seen = set()
        # the word after the first letter, when that letter can be a clitic: evidence against
        # readings that keep the whole surface as the host
        tail = surface[1:] if len(surface) > 2 and surface[0] in CLITIC_FIRST else ""
        tail_freq = self.prior.get(tail) if tail else None
        tail_freq = tail_freq + 8.0 if tail_freq is not None else 0.0
        tail_lemma = 1.0 if tail and tail in self.lemmas else 0.0
        # which clitic letter the unsplit reading would swallow, when the tail is a known word
        tail_letter = [0.0] * len("ובכלמשה")
        if tail_freq or tail_lemma:
            tail_letter["ובכלמשה".index(surface[0])] = 1.0

        cache = self._static_cache
        static_w = self._weight_sets[self._uses_plain(surface)][0]

        # candidates with a preposition or a pronoun training lacks, read only where no other stands:
        # both are closed classes (בשוהם is no ב + "שו" + הם, ונגדה no ו + a pronoun נגד)
        held_back: list = []

        def add(words, ids, kind, share, letters, ranks, literal, like=None, doubtful=False):
            """Add a candidate; ``like``: the cache key of one that differs only in the host's tag;
            ``doubtful``: held back (see held_back)."""
            key = tuple(words)
            if key in seen:
                return None
            seen.add(key)
            ck = (surface, key, kind, share, literal)
            static = cache.get(ck)
            if static is None:
                base = cache.get(like) if like is not None else None
                if base is not None:
                    static = self._retag(base, _host(words), surface, letters, static_w)
                else:
                    static = self._static_features(surface, words, kind, share, letters, literal, tail_freq,
                                                   tail_lemma, tail_letter)
                    static = (static, sum(map(operator.mul, static_w, static)) if static_w is not None else 0.0)
                cache[ck] = static
            (held_back if doubtful else rows).append((words, static, ids, ranks))
            return ck

        for ids, share, _, words in memo or ():
            host = _host(words)
            letters = written_letters(words[: words.index(host)])
            add(words, ids, 1, share, letters, (0, 0, 0), False)
        for prank, pi in enumerate(top_prefix):
            prefix = info["prefix"][pi]
            letters = prefix[0]
            rest = surface[len(letters):]
            for srank, si in enumerate(top_suffix):
                suffix = info["suffix"][si]
                for lrank, li in enumerate(top_lemma):
                    lemma_rule = info["lemma"][li]
                    first = build(surface, prefix, suffix, info["tag"][top_tag[0]], lemma_rule)
                    if not first:
                        continue
                    k = len(prefix[1])
                    host = first[k]
                    if host[1] == "_":
                        continue
                    literal = bool(lemma_rule) and lemma_rule[0] is None
                    singulars = self._singulars(host[1])
                    likes = [None] * (1 + len(singulars))  # first tag's cache keys, for the other tags
                    for tj in top_tag:
                        first_tag = tj == top_tag[0]
                        if first_tag:
                            words = first
                        else:
                            upos, feats = info["tag"][tj]
                            host = (host[0], host[1], upos, feats)
                            words = [*first[:k], host, *first[k + 1:]]
                        if literal and not self._literal_fits(host):
                            continue
                        glued = glued_preposition(host)
                        doubtful = not self._preposition(glued) if glued is not None \
                            else host[2] == "PRON" and not self._trained_as(host[1], "PRON")
                        ids = (pi, si, tj, li)
                        ranks = (prank, lrank, srank)
                        got = add(words, ids, 0, 0.0, letters, ranks, literal, likes[0], doubtful)
                        if first_tag:
                            likes[0] = got
                        # a plural lemma whose singular is a train lemma (כוחות -> כוח): HTB's
                        # lemmas of nouns and adjectives are singular
                        for n, singular in enumerate(singulars, start=1):
                            alt = [*words[:k], (host[0], singular, host[2], host[3]), *words[k + 1:]]
                            got = add(alt, ids, 3, 0.0, letters, ranks, literal, likes[n], doubtful)
                            if first_tag:
                                likes[n] = got
            rest_memo = self._memo(rest) if letters and len(rest) > 1 else None
            for ids, share, _, rest_words in rest_memo or ():
                if ids[0] != self.no_prefix:
                    continue
                add([*prefix[1], *rest_words], (pi, *ids[1:]), 2, share, letters, (prank, 0, 0), False)
        return rows or held_back

    def _literal_fits(self, host: tuple) -> bool:
        """Whether a host given a whole lemma of its own (an acronym, הוא; not a rule made from its
        letters) is tagged as training tags that lemma: שלג read as a noun with the lemma הוא is no
        reading."""
        return self._trained_as(host[1], host[2])

    def _preposition(self, letters: str) -> bool:
        """Whether ``letters`` are a preposition of training, maybe behind one of the letters ב, כ,
        ל, מ (לאחרי): prepositions are a closed class, so בשוהם (the town Shoham) is no ב + "שו" +
        הם, which the suffix label of a preposition's pronoun fits."""
        bare = letters[1:] if len(letters) > 2 and CLITIC_LETTER_UPOS.get(letters[0]) == "ADP" else letters
        # ... and the yod before a plural pronoun (עליהם, אליה: על, אל)
        forms = {letters, bare, letters.removesuffix(PLURAL_YOD), bare.removesuffix(PLURAL_YOD)}
        return any(self._trained_as(form, "ADP") or self._trained_as(_finalize(form), "ADP") for form in forms if form)

    def _trained_as(self, lemma: str, upos: str) -> bool:
        """Whether training has ``lemma`` as the lemma of a word tagged ``upos``."""
        return upos in self.lemma_upos.get(lemma, "").split("|")

    def _one_final_vav(self, lemma: str) -> str | None:
        """``lemma`` with its final doubled ו written once, where it ends so and training has that
        noun (no Hebrew word ends in וו: קוו, a lemma of IAHLTwiki's train, is קו); else None."""
        if len(lemma) > len(DOUBLED_VAV) and lemma.endswith(DOUBLED_VAV) and self._trained_as(lemma[:-1], "NOUN"):
            return lemma[:-1]
        return None

    def unseen_candidates(self, surface: str, lp, top_prefix, top_lemma, memo=None, top_suffix=None,
                          top_tag=None, score_only: bool = False) -> list:
        """Return the candidate analyses of an unseen (or rarely seen) Hebrew word and their
        re-ranker features: a list of (words, feature list in RERANK_FEATURES order), or with
        ``score_only`` (words, re-ranker score)."""
        top_suffix, top_tag = self._beams(lp, top_suffix, top_tag)
        if score_only:
            table = self._candidate_table(surface, top_prefix, top_lemma, memo, top_suffix, top_tag)
            return list(zip(table.words, table.scores(lp)))
        out = []
        for words, static, ids, ranks in self._candidate_rows(surface, top_prefix, top_lemma, memo, top_suffix,
                                                               top_tag):
            feats = list(static[0])
            dynamic = [lp[h][i] if i >= 0 else LOGP_FLOOR for h, i in enumerate(ids)] + list(ranks)
            for slot, d in zip(DYNAMIC_SLOTS, dynamic):
                feats[slot] = float(d)
            out.append((words, feats))
        return out

    def _candidate_table(self, surface: str, top_prefix, top_lemma, memo, top_suffix, top_tag) -> CandidateTable:
        """The :class:`CandidateTable` of a word and its beams, built once per process (bounded
        by CHOICE_CACHE_SIZE): news repeats its words, and their beams mostly stay the same."""
        key = (surface, tuple(top_prefix), tuple(top_lemma), tuple(top_suffix), tuple(top_tag))
        table = self._table_cache.get(key)
        if table is None:
            rows = self._candidate_rows(surface, top_prefix, top_lemma, memo, top_suffix, top_tag)
            table = CandidateTable(rows, self._weight_sets[self._uses_plain(surface)][1])
            if len(self._table_cache) >= CHOICE_CACHE_SIZE:
                self._table_cache.clear()
            self._table_cache[key] = table
        return table

    def _score_learned(self, surface: str, lp, top_prefix, top_lemma, memo=None, top_suffix=None,
                       top_tag=None) -> list:
        """Choose among the candidates with the learned re-ranker (weights in morph.rerank.json)."""
        words, table = self._learned_choice(surface, lp, top_prefix, top_lemma, memo, top_suffix, top_tag)
        return words if table is None else table.words[table.best(lp)]

    def _learned_choice(self, surface: str, lp, top_prefix, top_lemma, memo=None, top_suffix=None,
                        top_tag=None) -> tuple[list | None, CandidateTable | None]:
        """:meth:`_score_learned`'s analysis, or the table of candidates it picks the best of."""
        if not has_hebrew(surface):
            return self._fallback(surface, self.info["tag"][int(lp[2].argmax())]), None
        if not memo and SURE_LOGP is not None:
            # the classifier is sure of every label: its best analysis, when the lemma is a train lemma
            pi, li = top_prefix[0], top_lemma[0]
            si = top_suffix[0] if top_suffix is not None else int(lp[1].argmax())
            ti = top_tag[0] if top_tag is not None else int(lp[2].argmax())
            if lp[0][pi] + lp[1][si] + lp[2][ti] + lp[3][li] >= SURE_LOGP:
                info = self.info
                words = build(surface, info["prefix"][pi], info["suffix"][si], info["tag"][ti], info["lemma"][li])
                if words:
                    host = words[len(info["prefix"][pi][1])]
                    literal = bool(info["lemma"][li]) and info["lemma"][li][0] is None
                    if host[1] in self.lemmas and (not literal or self._literal_fits(host)):
                        return words, None
        top_suffix, top_tag = self._beams(lp, top_suffix, top_tag)
        table = self._candidate_table(surface, top_prefix, top_lemma, memo, top_suffix, top_tag)
        if not table.words:
            return self._fallback(surface, self.info["tag"][int(lp[2].argmax())]), None
        return None, table

    def _score_unseen(self, surface: str, lp, top_prefix, top_lemma, memo=None) -> list:
        """Choose among the classifier's best label combinations (and a rarely seen form's
        memorized analyses), scored by the classifier and the lexicon."""
        s = self.settings
        info = self.info
        ti = int(lp[2].argmax())
        tag = info["tag"][ti]
        if not has_hebrew(surface):
            return self._fallback(surface, tag)
        si = int(lp[1].argmax())
        suffix = info["suffix"][si]
        base = lp[2][ti] + lp[1][si]
        best, best_score = None, -math.inf
        for ids, share, _, words in memo or ():
            score = s.memory_bonus + s.memory_weight * share
            for h, i in enumerate(ids):
                score += s.model_weight * (lp[h][i] if i >= 0 else LOGP_FLOOR)
            host = _host(words)
            letters = written_letters(words[: words.index(host)])
            score += self._lemma_score(host[1]) + self._host_score(surface[len(letters) :])
            if host[2] in self.lemma_upos.get(host[1], ""):
                score += s.lemma_tag_bonus
            if score > best_score:
                best, best_score = words, score
        for pi in top_prefix:
            prefix = info["prefix"][pi]
            letters = prefix[0]
            rest = surface[len(letters):]
            rest_score = self._host_score(rest)
            for li in top_lemma:
                words = build(surface, prefix, suffix, tag, info["lemma"][li])
                if not words:
                    continue
                host = words[len(prefix[1])]
                if host[1] == "_":
                    continue  # HTB's "no lemma" mark is never a useful guess
                score = s.model_weight * (base + lp[0][pi] + lp[3][li]) + self._lemma_score(host[1]) + rest_score
                if host[2] in self.lemma_upos.get(host[1], ""):
                    score += s.lemma_tag_bonus
                if score > best_score:
                    best, best_score = words, score
            # the rest of the word after this prefix, when it was seen on its own in training
            rest_memo = self._memo(rest) if letters and len(rest) > 1 else None
            for ids, _, _, rest_words in rest_memo or ():
                if ids[0] != self.no_prefix:
                    continue
                score = lp[0][pi] + s.rest_bonus
                for h in (1, 2, 3):
                    score += lp[h][ids[h]] if ids[h] >= 0 else LOGP_FLOOR
                host = rest_words[0]
                score = s.model_weight * score + self._lemma_score(host[1]) + rest_score
                if host[2] in self.lemma_upos.get(host[1], ""):
                    score += s.lemma_tag_bonus
                if score > best_score:
                    best, best_score = [*prefix[1], *rest_words], score
        return best or self._fallback(surface, tag)
