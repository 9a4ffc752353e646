"""Topics: an LDA topic model over the articles' lemmas, each topic named by its top lemmas.

Lemmas are what the normalized form is for: ממשלה, הממשלה, בממשלה and לממשלה are one term, so
a topic's counts are not split across clitic and inflected forms. Terms are content lemmas;
a stoplist learned from the corpus drops the ones in too many articles (news filler the fixed
list misses), and terms in too few articles are left out (they cannot shape a topic).
The model is tomotopy's LDA (collapsed Gibbs sampling), chosen over scikit-learn's variational
LDA by coherence and speed (docs/quality.md, eval/topics.py).
"""

from __future__ import annotations

import math
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from iton.analysis.records import content_lemmas
from iton.corpus.article import Article
from iton.corpus.period import day_range

# Below this many articles, a term in one or two of them is still a good share of the evidence.
RARE_CUT_ARTICLES = 100
# ... and a term in two articles is never too common: in a handful of articles the share cut
# would leave nothing.
MIN_COMMON_ARTICLES = 2

__all__ = ["Topic", "TopicModel", "TopicOptions", "corpus_topics", "document_stoplist", "fit_topics", "month_of",
           "npmi", "topic_terms"]


@dataclass(frozen=True)
class TopicOptions:
    """Settings of the topic model, checked once.

    ``topics``: how many topics. ``iterations``: Gibbs sampling sweeps over the corpus.
    ``top_terms``: lemmas listed per topic (and scored by coherence). ``max_share``: a term in
    more than this share of the articles is a corpus stopword. ``min_articles``: a term in fewer
    articles is left out. ``seed`` and ``workers`` (sampling threads, 0 for one per core): the
    same corpus and seed give the same topics with one worker; with more, the sampling order
    varies between runs and so do the topics, a little.
    """

    topics: int = 20
    # Sweeps after which the log-likelihood of the treebank and of news corpora stops rising much.
    iterations: int = 200
    top_terms: int = 10
    # A lemma in a third of all articles (אמר, ישראל in Israeli news) tells no topic apart.
    max_share: float = 0.3
    min_articles: int = 3
    seed: int = 1
    workers: int = 1

    def __post_init__(self) -> None:
        for name in ("topics", "iterations", "top_terms", "min_articles"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1, not {getattr(self, name)}")
        if self.workers < 0:
            raise ValueError(f"workers must be 0 (one per core) or more, not {self.workers}")
        if not 0.0 < self.max_share <= 1.0:
            raise ValueError(f"max_share must be above 0 and at most 1, not {self.max_share}")


@dataclass(frozen=True)
class Topic:
    """One topic: its number, top lemmas with their probabilities, and its share of all words."""

    id: int
    terms: list[tuple[str, float]]
    share: float

    @property
    def name(self) -> str:
        """The topic's name: its three top lemmas."""
        return " ".join(term for term, _ in self.terms[:3])

    def to_dict(self) -> dict:
        """The topic as plain data (JSON-ready)."""
        return {"id": self.id, "name": self.name, "share": round(self.share, 4),
                "terms": [{"term": t, "weight": round(w, 4)} for t, w in self.terms]}


@dataclass
class TopicModel:
    """Fitted topics and each article's topic mix (article id -> one share per topic, summing to 1)."""

    topics: list[Topic]
    mixes: dict[str, list[float]] = field(default_factory=dict)
    vocabulary: int = 0

    def main_topic(self, article_id: str) -> int | None:
        """The topic with the largest share of an article (None for an article with no modelled term)."""
        mix = self.mixes.get(article_id)
        return max(range(len(mix)), key=mix.__getitem__) if mix else None

    def shares_by(self, records: Iterable[Article], key: Callable[[Article], str | None]) -> dict:
        """Topic shares per group of articles: ``key`` names each article's group (a month, an outlet).

        Returns group -> {"articles": n, "shares": [mean share of each topic]}; articles whose key
        is None (undated, for a month key) are counted under ``None``, not dropped.
        """
        sums: dict[str | None, list[float]] = {}
        counts: Counter = Counter()
        for record in records:
            mix = self.mixes.get(record.id)
            if mix is None:
                continue
            group = key(record)
            acc = sums.setdefault(group, [0.0] * len(self.topics))
            for i, share in enumerate(mix):
                acc[i] += share
            counts[group] += 1
        return {group: {"articles": counts[group], "shares": [s / counts[group] for s in acc]}
                for group, acc in sums.items()}


def month_of(record: Article) -> str | None:
    """The month (YYYY-MM) an article was published in; None when undated or known only to the year."""
    when = day_range(record.published)
    if when is None or when[0].month != when[1].month or when[0].year != when[1].year:
        return None
    return when[0].isoformat()[:7]


def topic_terms(lemmas: Sequence[str]) -> list[str]:
    """The terms a topic model sees of one article: its content lemmas, in order."""
    return [lemma for lemma in content_lemmas(lemmas) if lemma]


def document_stoplist(docs: Sequence[Sequence[str]], max_share: float, min_articles: int) -> set[str]:
    """Terms in more than ``max_share`` of ``docs`` (and more than MIN_COMMON_ARTICLES) or in fewer
    than ``min_articles`` of them; in a corpus of under RARE_CUT_ARTICLES articles every term
    counts, however rare."""
    df: Counter = Counter()
    for doc in docs:
        df.update(set(doc))
    limit = max(max_share * len(docs), MIN_COMMON_ARTICLES)
    rare = min_articles if len(docs) >= RARE_CUT_ARTICLES else 1
    return {term for term, n in df.items() if n > limit or n < rare}


def fit_topics(ids: Sequence[str], docs: Sequence[Sequence[str]], options: TopicOptions | None = None,
               progress: Callable[[int, int], None] | None = None) -> TopicModel:
    """Fit LDA on ``docs`` (the terms of each article, e.g. from :func:`topic_terms`).

    ``progress(done, total)`` is called after each block of sampling sweeps. Raises ValueError
    when no article has a term left after the stoplist.
    """
    import tomotopy

    options = options or TopicOptions()
    stop = document_stoplist(docs, options.max_share, options.min_articles)
    model = tomotopy.LDAModel(k=options.topics, seed=options.seed)
    kept: list[str] = []
    for article_id, doc in zip(ids, docs, strict=True):
        words = [w for w in doc if w not in stop]
        if words:
            model.add_doc(words)
            kept.append(article_id)
    if not kept:
        raise ValueError("no article has a term to model: the corpus is empty or too small for the stoplist")
    step = max(1, options.iterations // 20)
    done = 0
    while done < options.iterations:
        block = min(step, options.iterations - done)
        with warnings.catch_warnings():  # tomotopy warns that several workers vary the result: documented above
            warnings.simplefilter("ignore", RuntimeWarning)
            model.train(block, workers=options.workers)
        done += block
        if progress:
            progress(done, options.iterations)
    counts = model.get_count_by_topics()
    total = float(sum(counts)) or 1.0
    topics = [Topic(k, [(w, float(p)) for w, p in model.get_topic_words(k, top_n=options.top_terms)], counts[k] / total)
              for k in range(options.topics)]
    mixes = {}
    for article_id, doc in zip(kept, model.docs):
        mixes[article_id] = [float(x) for x in doc.get_topic_dist()]
    return TopicModel(topics, mixes, len(model.used_vocabs))


def corpus_topics(records: Sequence[Article], options: TopicOptions | None = None,
                  progress: Callable[[int, int], None] | None = None) -> TopicModel:
    """Topics of ``records`` from their lemmas (:func:`fit_topics` on :func:`topic_terms`)."""
    return fit_topics([r.id for r in records], [topic_terms(r.lemmas) for r in records], options, progress)


def npmi(topic_words: Sequence[Sequence[str]], docs: Sequence[Sequence[str]]) -> float:
    """Mean NPMI coherence of topics (their top words) over document co-occurrence in ``docs``.

    For each pair of a topic's words: log(p(a,b) / (p(a) p(b))) / -log p(a,b), with p the share
    of documents that hold the word(s); -1 for a pair that never co-occurs.
    """
    wanted = {w for words in topic_words for w in words}
    holders: dict[str, set[int]] = {w: set() for w in wanted}
    for i, doc in enumerate(docs):
        for w in set(doc) & wanted:
            holders[w].add(i)
    n = len(docs)
    scores = []
    for words in topic_words:
        for a, b in combinations(words, 2):
            joint = len(holders[a] & holders[b])
            if joint == 0:
                scores.append(-1.0)
                continue
            p_ab, p_a, p_b = joint / n, len(holders[a]) / n, len(holders[b]) / n
            scores.append(1.0 if p_ab == 1.0 else math.log(p_ab / (p_a * p_b)) / -math.log(p_ab))
    return sum(scores) / len(scores) if scores else 0.0
