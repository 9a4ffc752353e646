"""Keywords: the lemmas and lemma bigrams that set an article, a story or a period apart from the corpus."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from iton.analysis.records import content_lemmas
from iton.corpus.article import Article

__all__ = ["Background", "Keyword", "keywords", "terms", "trigrams"]

# A term in at least this share of one outlet's articles is that outlet's boilerplate (bylines,
# "follow us" lines, section names), not what the article is about ...
BOILERPLATE_SHARE = 0.6
# ... once the outlet has enough articles for the share to mean something.
BOILERPLATE_MIN_ARTICLES = 5
# A term in more than this share of the whole corpus is generic there (אמר, ישראל, שנה in Israeli
# news): a stoplist learned from the corpus's own document frequencies, on top of the fixed one.
MAX_CORPUS_SHARE = 0.25
# Bigrams carry more meaning than either word alone (הפסקת אש vs אש): scores are multiplied by this.
BIGRAM_BOOST = 1.5
# Three-word phrases (ועדת החוץ והביטחון) more still; they count only when repeated, like bigrams.
TRIGRAM_BOOST = 2.0


@dataclass(frozen=True, slots=True)
class Keyword:
    """A distinctive term: a lemma or a lemma bigram (``"הפסקה אש"``), its score and count in the target."""

    term: str
    score: float
    count: int

    def to_dict(self) -> dict:
        """The keyword as plain data (score rounded to 4 places)."""
        return {"term": self.term, "score": round(self.score, 4), "count": self.count}


def terms(lemmas: Sequence[str]) -> Counter:
    """Content lemmas and adjacent content-lemma bigrams of one article, with counts."""
    content = content_lemmas(lemmas)
    counts: Counter = Counter(c for c in content if c)
    for a, b in zip(content, content[1:]):
        if a and b and a != b:
            counts[f"{a} {b}"] += 1
    return counts


def trigrams(lemmas: Sequence[str]) -> Counter:
    """Runs of three adjacent content lemmas (all different) of one article, with counts."""
    content = content_lemmas(lemmas)
    return Counter(f"{a} {b} {c}" for a, b, c in zip(content, content[1:], content[2:])
                   if a and b and c and len({a, b, c}) == 3)


class Background:
    """Document frequencies of terms over a corpus, and the boilerplate terms of each outlet."""

    def __init__(self, records: Iterable[Article]) -> None:
        self.df: Counter = Counter()
        self.size = 0
        per_outlet: dict[str, Counter] = {}
        outlet_size: Counter = Counter()
        for record in records:
            counts = terms(record.lemmas)
            self.df.update(counts.keys())
            self.size += 1
            outlet = record.outlet or ""
            outlet_size[outlet] += 1
            per_outlet.setdefault(outlet, Counter()).update(counts.keys())
        self.boilerplate: set[str] = set()
        for outlet, counter in per_outlet.items():
            n = outlet_size[outlet]
            if n >= BOILERPLATE_MIN_ARTICLES:
                self.boilerplate.update(t for t, c in counter.items() if c >= BOILERPLATE_SHARE * n)

    def idf(self, term: str) -> float:
        """Smoothed inverse document frequency of ``term`` (unseen terms score as seen once)."""
        return math.log((1 + self.size) / (1 + self.df.get(term, 0))) + 1.0

    def counts(self, record: Article) -> Counter:
        """Term counts of ``record``, counted again on each call: a cache of every article's
        counts held a Counter of a few hundred bigram strings per article, about 1 GB for
        100,000 articles (docs/reliability.md), for keywords that read them once per request."""
        return terms(record.lemmas)

    def usable(self, term: str) -> bool:
        """Not boilerplate and not in most of the corpus."""
        if term in self.boilerplate:
            return False
        return self.size < BOILERPLATE_MIN_ARTICLES * 2 or self.df.get(term, 0) <= MAX_CORPUS_SHARE * self.size


def keywords(target: Sequence[Article], background: Background, limit: int = 10) -> list[Keyword]:
    """The ``limit`` most distinctive terms of ``target`` (one article, a story, a period) against ``background``.

    Score: the sum over target articles of (1 + log tf) × idf, so a term that runs through
    many of the target's articles outranks one repeated in a single article. Bigrams and
    trigrams count only when repeated (then boosted; a trigram's idf is its rarer bigram's);
    a phrase hides its words and shorter phrases when it ranks above them.
    """
    scores: Counter = Counter()
    totals: Counter = Counter()
    for record in target:
        for term, tf in background.counts(record).items():
            if not background.usable(term):
                continue
            scores[term] += (1 + math.log(tf)) * background.idf(term)
            totals[term] += tf
        for term, tf in trigrams(record.lemmas).items():
            words = term.split(" ")
            pairs = (f"{words[0]} {words[1]}", f"{words[1]} {words[2]}")
            if not all(background.usable(p) for p in pairs):
                continue
            scores[term] += (1 + math.log(tf)) * max(background.idf(p) for p in pairs)
            totals[term] += tf
    for term in list(scores):
        if " " in term:
            if totals[term] < 2:
                del scores[term]  # a phrase seen once is as often chance as a phrase
            else:  # a repeated phrase is a phrase, not an accident
                scores[term] *= TRIGRAM_BOOST if term.count(" ") == 2 else BIGRAM_BOOST
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    chosen: list[Keyword] = []
    hidden: set[str] = set()
    for term, score in ranked:
        if term in hidden:
            continue
        if " " in term:
            parts = _parts(term)
            if any(k.term in parts for k in chosen):
                continue
            hidden.update(parts)
        chosen.append(Keyword(term, score, totals[term]))
        if len(chosen) >= limit:
            break
    return chosen


def _parts(phrase: str) -> set[str]:
    """The words and shorter phrases inside ``phrase`` (for "a b c": a, b, c, "a b", "b c")."""
    words = phrase.split(" ")
    return {" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)} - {phrase}
