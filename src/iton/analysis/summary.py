"""Extractive summaries: the lead sentence and the most central sentences of an article or a story."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from iton.analysis.records import content_lemmas
from iton.document import Document
from iton.views import normalized_tokens

__all__ = ["SummarySentence", "summarize", "summarize_documents"]

# Sentences shorter than this many content lemmas are captions, bylines or headings.
MIN_CONTENT_LEMMAS = 4
# A sentence this similar to one already chosen repeats it (syndicated copies, repeated leads).
MAX_OVERLAP = 0.7
# ... and so does one whose content lemmas are mostly in a chosen one (or the other way round):
# a copy with one name, number or clause changed scores low on tf-idf cosine, since the changed
# word is the rarest and weighs most.
MAX_CONTAINMENT = 0.7
# Sentences read from each document: news puts what matters first, and a story of hundreds of
# articles must still be summarised in well under a second.
MAX_SENTENCES_PER_DOCUMENT = 12
# Default summary length in sentences: the lead plus two.
DEFAULT_SENTENCES = 3


@dataclass(frozen=True, slots=True)
class SummarySentence:
    """A chosen sentence: its text, which document it came from (its index, and the article id when
    the caller named the documents), its sentence position there and its centrality."""

    text: str
    document: int
    position: int
    score: float
    article: str | None = None

    def to_dict(self) -> dict:
        """The sentence as plain data (score rounded to 4 places)."""
        return {"text": self.text, "article": self.article, "document": self.document, "position": self.position,
                "score": round(self.score, 4)}


@dataclass(slots=True)
class _Candidate:
    text: str
    document: int
    position: int
    vector: Counter


def _candidates(docs: Sequence[Document]) -> list[_Candidate]:
    out = []
    for d, doc in enumerate(docs):
        lemmas = normalized_tokens(doc)
        for p, sentence in enumerate(doc.sentences[:MAX_SENTENCES_PER_DOCUMENT]):
            if sentence.first >= sentence.last:
                continue
            words = [w for w in content_lemmas(x for x in lemmas[sentence.first : sentence.last] if x) if w]
            start, end = doc.tokens[sentence.first].start, doc.tokens[sentence.last - 1].end
            text = doc.text[start:end].strip()
            if len(words) >= MIN_CONTENT_LEMMAS and text:
                out.append(_Candidate(text, d, p, Counter(words)))
    return out


def _cosine(a: Counter, b: Counter, idf: dict[str, float]) -> float:
    dot = sum(a[k] * b[k] * idf[k] ** 2 for k in a.keys() & b.keys())
    na = math.sqrt(sum((v * idf[k]) ** 2 for k, v in a.items())) or 1.0
    nb = math.sqrt(sum((v * idf[k]) ** 2 for k, v in b.items())) or 1.0
    return dot / (na * nb)


def _near_repeat(a: _Candidate, b: _Candidate, idf: dict[str, float]) -> bool:
    if _cosine(a.vector, b.vector, idf) > MAX_OVERLAP:
        return True
    shared = len(a.vector.keys() & b.vector.keys())
    return shared >= MAX_CONTAINMENT * min(len(a.vector), len(b.vector))


def summarize_documents(docs: Sequence[Document], sentences: int = DEFAULT_SENTENCES,
                        ids: Sequence[str] | None = None) -> list[SummarySentence]:
    """An extractive summary of one or more analysed documents (an article, or a story's articles).

    The lead of the first document comes first; then the sentences most similar to all
    the others (centrality, tf-idf cosine over lemmas), skipping near-repeats, in text order.
    ``ids``: the article id of each document, named in each sentence chosen.
    """
    candidates = _candidates(docs)
    if not candidates or sentences <= 0:
        return []
    df: Counter = Counter()
    for c in candidates:
        df.update(c.vector.keys())
    n = len(candidates)
    idf = {k: math.log((1 + n) / (1 + v)) + 1.0 for k, v in df.items()}
    # Centrality: similarity to the centroid of all other sentences (linear in the number of
    # sentences, where pairwise similarity is quadratic: a 300-article story has 3,000 sentences).
    total: Counter = Counter()
    for c in candidates:
        norm = math.sqrt(sum((v * idf[k]) ** 2 for k, v in c.vector.items())) or 1.0
        for k, v in c.vector.items():
            total[k] += v * idf[k] / norm
    total_sq = sum(v * v for v in total.values())
    centrality = []
    for c in candidates:
        norm = math.sqrt(sum((v * idf[k]) ** 2 for k, v in c.vector.items())) or 1.0
        own = {k: v * idf[k] / norm for k, v in c.vector.items()}
        others = {k: total[k] - own.get(k, 0.0) for k in own}
        dot = sum(own[k] * others[k] for k in own)
        rest = math.sqrt(max(total_sq - 2 * sum(own[k] * total[k] for k in own) + 1.0, 0.0))
        centrality.append(dot / rest if n > 1 and rest > 0 else 0.0)
    lead = min(range(n), key=lambda i: (candidates[i].document, candidates[i].position))
    chosen = [lead]
    for i in sorted(range(n), key=lambda i: -centrality[i]):
        if len(chosen) >= sentences:
            break
        if i in chosen:
            continue
        if any(_near_repeat(candidates[i], candidates[j], idf) for j in chosen):
            continue
        chosen.append(i)
    chosen.sort(key=lambda i: (candidates[i].document, candidates[i].position))
    return [SummarySentence(candidates[i].text, candidates[i].document, candidates[i].position, centrality[i],
                            ids[candidates[i].document] if ids else None) for i in chosen]


def summarize(doc: Document, sentences: int = DEFAULT_SENTENCES) -> list[SummarySentence]:
    """An extractive summary of one analysed article (see :func:`summarize_documents`)."""
    return summarize_documents([doc], sentences)
