"""The analysis of one corpus: stories, keywords, trends, entities and summaries, cached together.

The command line and the web server both call :class:`CorpusAnalysis`; it reads the corpus
only through the store's methods, and returns analysis objects: what a page or an API
answer shows of them is shaped in ``iton.web``. Nothing here prints.
"""

from __future__ import annotations

import threading
import time
from array import array
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from iton.analysis.entities import CorpusEntity, EntityIndex, common_noun_test
from iton.analysis.keywords import Background, Keyword, keywords
from iton.analysis.stories import Story, StoryOptions, find_stories
from iton.analysis.summary import (
    DEFAULT_SENTENCES,
    SummarySentence,
    summarize_documents,
)
from iton.analysis.trends import TrendPoint, TrendQuery, trend
from iton.corpus.article import Article, Mention
from iton.corpus.period import Period
from iton.corpus.query import outlet_matches
from iton.errors import AnalysisError

__all__ = ["AnalysisError", "AnalysisOptions", "CorpusAnalysis"]

# Analysed documents kept for summaries: each is a few hundred kB at most.
DOCUMENT_CACHE = 256
# Articles of a story read for its summary: the first ones to arrive carry the event; later
# ones mostly repeat it (and each costs an analysis when not cached).
MAX_SUMMARY_ARTICLES = 20
# Trend terms whose analysis is remembered (the same few terms are asked again and again).
TERM_CACHE = 1024
# Story answers (Story.to_dict) remembered per store version: a story's label ranks its whole
# centroid (milliseconds per story on a large corpus), and the same first stories are asked for
# again and again. Past this many remembered answers they start again.
MEMO_ENTRIES = 4096
# How often the store is asked whether it changed: a request burst costs one look, and an
# ingest running beside the server shows up within this many seconds.
REFRESH_SECONDS = 2.0


def _no_article(article_id: str) -> AnalysisError:
    return AnalysisError(f"no article with id {article_id!r}", "use an id from search or `iton export`", 404)


@dataclass(frozen=True)
class AnalysisOptions:
    """Settings of corpus analysis: morphology ``engine``, story grouping, keyword count."""

    engine: str = "auto"
    stories: StoryOptions = StoryOptions()
    keywords: int = 10


class CorpusAnalysis:
    """Analysis over a :class:`~iton.corpus.Corpus`, recomputed when the store changes.

    Thread-safe: one lock guards the store connection and the caches (the web server's
    worker threads share one instance).
    """

    def __init__(self, corpus, options: AnalysisOptions | None = None, pipeline=None,
                 refresh_seconds: float | None = None) -> None:  # fmt: skip
        self.corpus = corpus
        # None: REFRESH_SECONDS; infinite: read the store once, never reload
        self.refresh_seconds = refresh_seconds
        self.options = options or AnalysisOptions()
        self._pipeline = pipeline
        self._sentence_pipeline = None
        self._terms: dict[str, tuple[str, ...]] = {}  # trend terms -> their lemmas
        self.lock = threading.RLock()
        self._state: tuple | None = None
        self._checked = 0.0
        self._records: list[Article] = []
        self._by_id: dict[str, Article] = {}
        self._background: Background | None = None
        self._stories: list[Story] | None = None
        self._mentions: dict[str, list[Mention]] = {}
        # lemma (or "@" + entity key) -> the indices of the records that hold it, ascending: 4 bytes
        # a posting in an int32 array, where a set of ints took about 56 (100,000 articles hold
        # about 16 million postings)
        self._postings: dict[str, array] = {}
        self._entities: EntityIndex | None = None
        self._common_noun: tuple[Callable[[str], bool] | None] | None = None  # (the test,) once looked up
        self._memo: dict[tuple, object] = {}  # story data and summaries, cleared when the store changes
        self._docs: OrderedDict = OrderedDict()

    # -- plumbing -------------------------------------------------------------------------------

    @property
    def pipeline(self):
        """The full pipeline (model and entities), loaded on first use."""
        if self._pipeline is None:
            from iton.pipeline import Options, load_pipeline

            self._pipeline = load_pipeline(Options(engine=self.options.engine))
        return self._pipeline

    def refresh(self) -> None:
        """Reload the records when the store changed since the last look (at most every
        ``refresh_seconds``, by default REFRESH_SECONDS)."""
        with self.lock:
            now = time.monotonic()
            every = REFRESH_SECONDS if self.refresh_seconds is None else self.refresh_seconds
            if self._state is not None and now - self._checked < every:
                return
            self._checked = now
            state = self.corpus.store.version()
            if state == self._state:
                return
            records = []
            # The text stays in the store (records are kept for the whole corpus): read it when needed.
            for article in self.corpus.store.iter_articles(part="analysis"):
                if article.entities is None:  # a store from before ingest tagged entities: tag them once
                    key = article.content_hash or article.id
                    if key not in self._mentions:
                        text = self.corpus.get(article.id).text
                        self._mentions[key] = [Mention.of(e) for e in self.pipeline.analyze(text).entities]
                    article.entities = self._mentions[key]
                records.append(article)
            self._records = records
            self._by_id = {r.id: r for r in records}
            postings: dict[str, array] = {}
            for i, r in enumerate(records):
                for key in set(r.lemmas) | {"@" + m.key for m in r.entities}:
                    held = postings.get(key)
                    if held is None:
                        postings[key] = held = array("i")
                    held.append(i)
            self._postings = postings
            self._background = None  # built by the first keywords asked for: trends and search need none
            self._entities = None
            self._stories = None
            self._memo.clear()
            self._state = state

    @property
    def sentence_pipeline(self):
        """The pipeline summaries use: sentences and rule lemmas, no model (centrality needs no more,
        and a story's summary reads up to MAX_SUMMARY_ARTICLES articles)."""
        if self._sentence_pipeline is None:
            from iton.pipeline import Options, load_pipeline

            self._sentence_pipeline = load_pipeline(Options(engine="rules", entities=False))
        return self._sentence_pipeline

    def _document(self, article_id: str, text: str, key: str | None = None):
        key = key or article_id
        doc = self._docs.get(key)
        if doc is None:
            doc = self.sentence_pipeline.analyze(text)
            self._docs[key] = doc
            if len(self._docs) > DOCUMENT_CACHE:
                self._docs.popitem(last=False)
        else:
            self._docs.move_to_end(key)
        return doc

    def _stored(self, article_id: str):
        stored = self.corpus.get(article_id)
        if stored is None:
            raise _no_article(article_id)
        return stored

    # -- queries --------------------------------------------------------------------------------

    def records(self) -> list[Article]:
        """Every article as an analysis record."""
        self.refresh()
        return self._records

    def record(self, article_id: str) -> Article:
        """The record of one article; AnalysisError (404) when there is none."""
        self.refresh()
        record = self._by_id.get(article_id)
        if record is None:
            raise _no_article(article_id)
        return record

    def stories(self, since: str | None = None, until: str | None = None, min_size: int = 1) -> list[Story]:
        """Stories of the whole corpus (computed online in publication order), filtered by date and size."""
        self.refresh()
        with self.lock:
            if self._stories is None:
                self._stories = find_stories(self._records, self.options.stories, self._records)
            stories = self._stories
        period = Period.parse(since, until)
        return [s for s in stories if len(s.articles) >= min_size and period.overlaps(s.start, s.end)]

    def story(self, story_id: str) -> Story:
        """One story by id; AnalysisError (404) when there is none."""
        for story in self.stories():
            if story.id == story_id:
                return story
        raise AnalysisError(f"no story with id {story_id!r}", "list stories with `iton stories` or GET /api/stories", 404)

    def story_data(self, story: Story) -> dict:
        """``story.to_dict()``, remembered until the store changes."""
        key = ("story", story.id)
        data = self._memo.get(key)
        if data is None:
            data = story.to_dict(self.common_noun())
            self._remember(key, data)
        return data  # type: ignore[return-value]

    def _remember(self, key: tuple, value: object) -> None:
        if len(self._memo) >= MEMO_ENTRIES:
            self._memo.clear()
        self._memo[key] = value

    def story_of(self, article_id: str) -> Story | None:
        """The story an article belongs to."""
        return next((s for s in self.stories() if article_id in s.articles), None)

    def keywords(self, article_id: str | None = None, story_id: str | None = None, since: str | None = None,
                 until: str | None = None, limit: int | None = None, outlets: Sequence[str] = ()) -> list[Keyword]:
        """Keywords of one article, one story, or the articles of a period and ``outlets`` (by prefix
        or domain; all of them if nothing is given)."""
        self.refresh()
        limit = limit or self.options.keywords
        if article_id:
            target = [self.record(article_id)]
        elif story_id:
            target = [self._by_id[a] for a in self.story(story_id).articles if a in self._by_id]
        else:
            period = Period.parse(since, until)
            target = [r for r in self._records if period.contains(r.published) and outlet_matches(r.outlet, outlets)]
        with self.lock:
            if self._background is None:
                self._background = Background(self._records)
            background = self._background
        return keywords(target, background, limit)

    def trend(self, query: TrendQuery) -> list[TrendPoint]:
        """Counts of a lemma, phrase or entity per period (and outlet); reads only the articles that
        hold the term (an inverted index of lemmas and entities built with the records)."""
        records = self.records()
        if query.kind == "entity":  # an article with any of the entity's forms
            held = [self._held("@" + key) for key in query.terms]
            candidates = np.unique(np.concatenate(held)) if held else np.empty(0, dtype=np.int32)
        else:  # an article with every lemma
            candidates = self._held(query.terms[0])
            for key in query.terms[1:]:
                candidates = np.intersect1d(candidates, self._held(key), assume_unique=True)
        return trend([records[i] for i in candidates.tolist()], query)

    def _held(self, key: str) -> np.ndarray:
        """The ascending indices of the records that hold ``key`` (a view of the postings, not a copy)."""
        held = self._postings.get(key)
        return np.frombuffer(held, dtype=np.int32) if held else np.empty(0, dtype=np.int32)

    def trend_for_text(self, text: str, kind: str = "lemma", bucket: str = "week",
                       per_outlet: bool = True) -> tuple[TrendQuery, list[TrendPoint]]:
        """Like :meth:`trend`, with the query given as text: normalized by the pipeline for lemmas and
        phrases; an entity name (with clitics, a surname) counts every mention of the merged entity."""
        from iton.corpus.indexing import index_document

        text = text.strip()
        if not text:
            raise AnalysisError("the trend term is empty", "give a word, a phrase or an entity name")
        if kind == "entity":
            index = self.entity_index()
            name = index.name_of(text)
            query = TrendQuery("entity", index.keys_of(name) if name else (" ".join(text.split()),), bucket, per_outlet)
        else:
            lemmas = self._terms.get(text)
            if lemmas is None:
                lemmas = tuple(index_document(self.pipeline.analyze(text)).lemmas)
                with self.lock:
                    if len(self._terms) >= TERM_CACHE:
                        self._terms.pop(next(iter(self._terms)))
                    self._terms[text] = lemmas
            if not lemmas:
                raise AnalysisError(f"{text!r} has no word to count", "give a Hebrew word or phrase")
            query = TrendQuery("phrase" if len(lemmas) > 1 else "lemma", lemmas, bucket, per_outlet)
        return query, self.trend(query)

    def entity_index(self) -> EntityIndex:
        """The corpus's mentions merged into entities (built once per store version), one-word
        places that the morphology's treebank reads as common nouns left out."""
        records = self.records()
        common_noun = self.common_noun()
        with self.lock:
            if self._entities is None:
                self._entities = EntityIndex(records, common_noun)
            return self._entities

    def common_noun(self) -> Callable[[str], bool] | None:
        """Whether a one-word place is a common noun the tagger took for a place (ארץ), by the
        engine's treebank lexicon (:func:`common_noun_test`): left out of entity lists and story
        labels. Looked up once (it loads the morphology's model)."""
        with self.lock:
            if self._common_noun is None:
                from iton.morph import load_engine

                self._common_noun = (common_noun_test(load_engine(self.options.engine)),)
            return self._common_noun[0]

    def entity_name(self, text: str) -> str:
        """The name of the merged entity ``text`` names (נתניהו, לנתניהו → בנימין נתניהו when the
        corpus has one such person); ``text`` itself, spaces collapsed, when there is none."""
        if not text.split():
            raise AnalysisError("the entity name is empty", "give an entity name, such as פוטין")
        return self.entity_index().name_of(text) or " ".join(text.split())

    def entities(self, limit: int = 50, label: str | None = None) -> list[CorpusEntity]:
        """The merged entities in most articles."""
        return self.entity_index().top(limit, label)

    def cooccurring(self, entity: str, limit: int = 20) -> list[dict]:
        """Entities sharing articles with ``entity`` (any of its forms)."""
        return self.entity_index().cooccurring(self.entity_name(entity), limit)

    def summary(self, article_id: str | None = None, story_id: str | None = None,
                sentences: int = DEFAULT_SENTENCES) -> list[SummarySentence]:
        """An extractive summary of one article or one story."""
        if bool(article_id) == bool(story_id):
            raise AnalysisError("a summary needs exactly one of an article id and a story id",
                                "give --article ID or --story ID")
        if story_id:
            self.refresh()
            key = ("summary", story_id, sentences)
            summary = self._memo.get(key)
            if summary is None:
                summary = self._summary(None, story_id, sentences)
                self._remember(key, summary)
            return summary  # type: ignore[return-value]
        return self._summary(article_id, None, sentences)

    def _summary(self, article_id: str | None, story_id: str | None, sentences: int) -> list[SummarySentence]:
        ids = [article_id] if article_id else self.story(story_id).articles[:MAX_SUMMARY_ARTICLES]  # type: ignore[arg-type]
        with self.lock:
            stored = [self._stored(i) for i in ids]
            docs = [self._document(a.id, a.text, a.content_hash or a.id) for a in stored]
        return summarize_documents(docs, sentences, ids)

    def article(self, article_id: str) -> Article:
        """The stored article with its text; AnalysisError (404) when there is none."""
        with self.lock:
            return self._stored(article_id)

    def entities_of(self, article: Article) -> list[Mention]:
        """The entities of a stored article: as ingest tagged them, or tagged now for a store
        from before entities were kept."""
        if article.entities is not None:
            return article.entities
        return [Mention.of(e) for e in self.pipeline.analyze(article.text).entities]

    def read(self, fn):
        """``fn(corpus)`` over the corpus, which the server's threads share one at a time."""
        with self.lock:
            return fn(self.corpus)

    def read_answer(self, key: tuple, fn):
        """``read(fn)``; the server's LiveAnalysis remembers the answer under ``key`` until the store changes."""
        return self.read(fn)

    def remembered_answer(self, key: tuple):
        """None: only the server's LiveAnalysis remembers answers (see there)."""
        return None

    # Analyses swapped in since this one was made (the server's LiveAnalysis counts them).
    builds = 0

    def __len__(self) -> int:
        with self.lock:
            return len(self.corpus)
