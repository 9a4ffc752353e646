"""Whole-corpus analysis kept ready in the background, so that no request computes it or waits for it."""

from __future__ import annotations

import gc
import logging
import sqlite3
import threading
import time
import weakref
from collections import OrderedDict

from iton.analysis.corpus_view import AnalysisOptions, CorpusAnalysis, _no_article
from iton.corpus.article import Article
from iton.errors import AnalysisError

__all__ = ["LiveAnalysis"]

# How often the background thread asks the store whether it changed (one cheap query).
CHECK_SECONDS = 1.0
# Least time between two rebuilds: while an ingest writes, the store changes all the time, and a
# rebuild of a large corpus takes tens of seconds of a core that requests also need. Results are
# at most this much (plus one rebuild) behind the store.
MIN_REBUILD_SECONDS = 20.0
# The heavy results built ahead of requests: every story, and the entity list the pages show.
WARM_ENTITIES = 200
# How long a request that needs the whole-corpus analysis waits for the first build after the
# server starts before it is told to come back (503 with Retry-After): long enough for a small
# corpus's build, short enough that waiting requests do not pile up while a large one builds.
FIRST_BUILD_WAIT_SECONDS = 2.0
# Answers remembered per built analysis (stories by filter, the story of each article, trends by
# term): the analysis only changes by a swap, so an answer stays right until then. A bound on
# them keeps a client asking every possible term or period from growing memory (a list of every
# story of 100,000 articles is a few hundred kB of references); past it they start again.
MEMO_ENTRIES = 256
# Search answers remembered until the store changes: the same queries come again and again, and
# ranking a common word among 100,000 articles takes about 70 ms of CPU. The bound is on the hits
# they hold (a hit with its snippet is 1-2 kB: 20-40 MB in all), a page counting as its
# hits plus one; past it the least recently asked go.
ANSWER_HITS = 20_000
# Analysed once at start so that every model the pipeline reads lazily is loaded.
WARM_UP_TEXT = "ראש הממשלה נפגש עם נשיא המדינה בירושלים."
# What needs the whole-corpus analysis; everything else (the store, its lock, the pipeline) is
# there from the start, so searches are answered while the first build runs.
_NEEDS_BUILD = frozenset({"records", "record", "stories", "story", "story_of", "keywords", "trend", "trend_for_text",
                          "entities", "cooccurring", "summary"})  # fmt: skip

log = logging.getLogger("iton.web")
_MISSING = object()


class LiveAnalysis:
    """A CorpusAnalysis that is always ready: requests use the last one built, and a background
    thread builds the next (records, stories, entity counts) over its own store connection when
    the store changes, then swaps it in. A request never triggers the whole-corpus work, and the
    work never holds the lock that searches and article reads take.

    Searches and article reads go through a store connection of the request's own thread (SQLite
    in WAL mode lets readers run side by side, and beside the one writer), not the shared one
    behind the lock: they run at once instead of one after another.

    Every other attribute of the ready CorpusAnalysis (``corpus``, ``lock``, ``stories`` ...) is
    read through this object, so the routes use it as they would a CorpusAnalysis.
    """

    def __init__(self, open_corpus, options: AnalysisOptions, pipeline=None) -> None:
        self._open_corpus = open_corpus  # () -> a new Corpus over the same store
        self._options = options
        self._pipeline = pipeline
        # Until the first build is done, searches use this one's store; analysis requests wait.
        self._ready = _closing(CorpusAnalysis(open_corpus(), options, pipeline))
        self._built_state: tuple | None = None
        self._first_build = threading.Event()
        self._stop = threading.Event()
        self._local = threading.local()  # .corpus: the reading thread's own store connection
        # Every live thread's, closed with the server. Weak: the request threads of the server's pool
        # end after 10 s idle, and their connections go with them instead of piling up here.
        self._readers: weakref.WeakSet = weakref.WeakSet()
        self._readers_lock = threading.Lock()
        # A PostgreSQL store is read by every thread through one Corpus and its pool (the store
        # is thread-safe): a Corpus per thread held a connection per request thread, enough to
        # pass the database's max_connections with a few worker processes under load.
        self._shared_reader = None
        self._memo: tuple[CorpusAnalysis, dict] = (self._ready, {})  # the answers of one built analysis
        self._memo_lock = threading.Lock()
        self._answers: OrderedDict = OrderedDict()  # (route, parameters) -> answer, of one store generation
        self._generation = 0  # counts the store changes seen by any reading thread
        self._answers_generation = 0
        self._answers_held = 0  # the hits the remembered answers hold, plus one per answer
        self._answers_lock = threading.Lock()
        self._builds = 0
        self._thread = threading.Thread(target=self._keep_ready, name="iton-live-analysis", daemon=True)
        self._thread.start()

    def __len__(self) -> int:
        return len(self._ready)

    def __getattr__(self, name: str):
        if name in _NEEDS_BUILD:
            self._wait_for_first_build()
        return getattr(self._ready, name)

    def _wait_for_first_build(self) -> None:
        if not self._first_build.wait(FIRST_BUILD_WAIT_SECONDS):
            raise AnalysisError("the corpus analysis is still being prepared (the server has just started)",
                                "try again in a few seconds (GET /healthz says when it is ready); searches are "
                                "answered meanwhile", 503)  # fmt: skip

    def _remembered(self, key: tuple, compute):
        """``compute(analysis)`` over the ready analysis, once per key and built analysis."""
        self._wait_for_first_build()
        analysis, answers = self._memo
        if analysis is self._ready:  # an answer already there is read without the lock
            answer = answers.get(key, _MISSING)
            if answer is not _MISSING:
                return answer
        # One computation at a time: a burst of requests for a new term waits for the first one's
        # answer instead of each computing it and starving the rest of the server.
        with self._memo_lock:
            analysis, answers = self._memo
            if analysis is not self._ready:  # swapped since: the old answers go with the old analysis
                analysis = self._ready
                answers = {}
                self._memo = (analysis, answers)
            if key not in answers:
                if len(answers) >= MEMO_ENTRIES:
                    answers.clear()
                answers[key] = compute(analysis)
            return answers[key]

    def stories(self, since: str | None = None, until: str | None = None, min_size: int = 1) -> list:
        """The stories of the ready analysis for these filters (see CorpusAnalysis.stories)."""
        return self._remembered(("stories", since, until, min_size), lambda a: a.stories(since, until, min_size))

    def story_of(self, article_id: str):
        """The story an article belongs to, looked up in a map built once per analysis."""
        return self._remembered(("story_of",), _story_by_article).get(article_id)

    def trend_for_text(self, text: str, kind: str = "lemma", bucket: str = "week", per_outlet: bool = True):
        """A trend by text over the ready analysis (see CorpusAnalysis.trend_for_text)."""
        return self._remembered(("trend", text, kind, bucket, per_outlet),
                                lambda a: a.trend_for_text(text, kind, bucket, per_outlet))

    def _reader(self):
        """The Corpus of the calling thread, opened on its first read (SQLite: a connection each,
        read side by side; other stores: one Corpus for all threads, over its pool)."""
        corpus = getattr(self._local, "corpus", None)
        if corpus is None:
            with self._readers_lock:  # first reads open one at a time: a shared store opens once
                corpus = self._shared_reader
                if corpus is None:
                    corpus = self._open_corpus()
                    if _data_version(corpus) is None:
                        self._shared_reader = corpus  # held here, closed with the server
                    self._readers.add(corpus)
            self._local.corpus = corpus
        return corpus

    def read(self, fn):
        """``fn(corpus)`` over the calling thread's connection (searches, pages, downloads)."""
        return fn(self._reader())

    def read_answer(self, key: tuple, fn):
        """``read(fn)``, remembered under ``key`` until the store changes (SQLite; other stores
        offer no cheap look at whether they changed, and are read every time)."""
        corpus = self._reader()
        generation = self._store_generation(corpus)
        if generation is None:
            return fn(corpus)
        with self._answers_lock:
            if generation == self._answers_generation and key in self._answers:
                self._answers.move_to_end(key)
                return self._answers[key]
        answer = fn(corpus)
        with self._answers_lock:
            if generation > self._answers_generation:
                self._answers.clear()
                self._answers_held = 0
                self._answers_generation = generation
            if generation == self._answers_generation and key not in self._answers:  # else the store changed meanwhile
                self._answers[key] = answer
                self._answers_held += _held(answer)
                while self._answers_held > ANSWER_HITS and len(self._answers) > 1:
                    self._answers_held -= _held(self._answers.popitem(last=False)[1])
        return answer

    def remembered_answer(self, key: tuple):
        """The answer ``read_answer`` remembered under ``key`` for the store as it is now, or None: a
        look-up, never a computation, so the event loop may call it (an API response remembered as
        its JSON body is sent without a thread, the queue of the other requests or serialization).
        The loop thread looks at the store over a connection of its own, like every reading thread."""
        generation = self._store_generation(self._reader())
        if generation is None:
            return None
        with self._answers_lock:
            if generation == self._answers_generation:
                return self._answers.get(key)
        return None

    @property
    def builds(self) -> int:
        """Counts the analyses built and swapped in: an answer read from one must not outlive it."""
        return self._builds

    def _store_generation(self, corpus) -> int | None:
        """A number that grows whenever another connection has committed to the store since this
        thread last looked (SQLite's data_version, a per-connection counter read without I/O)."""
        version = _data_version(corpus)
        if version is None:
            return None
        with self._answers_lock:
            if getattr(self._local, "data_version", None) != version:  # a thread's first look counts as a change
                self._local.data_version = version
                self._generation += 1
            return self._generation

    def article(self, article_id: str) -> Article:
        """The stored article with its text, over the calling thread's connection; AnalysisError (404) when none."""
        stored = self._reader().get(article_id)
        if stored is None:
            raise _no_article(article_id)
        return stored

    @property
    def ready(self) -> bool:
        """True once the whole-corpus analysis has been built (or its first build failed and
        requests compute it themselves)."""
        return self._first_build.is_set()

    @property
    def built(self) -> bool:
        """True once a background build has been swapped in."""
        return self._built_state is not None

    def close(self) -> None:
        """Stop the background thread and close every store connection (the app's shutdown)."""
        self._stop.set()
        self._thread.join(timeout=5)
        with self._readers_lock:
            for corpus in list(self._readers):
                corpus.close()
            self._readers.clear()
        for analysis in (self._ready, self._memo[0]):  # their finalizers would close them later
            analysis.corpus.close()

    def _keep_ready(self) -> None:
        watcher = self._open_corpus()
        last_build = -MIN_REBUILD_SECONDS
        warmed = False
        seen = None  # the watcher's data_version when the store state was last read
        try:
            while not self._stop.is_set():
                if time.monotonic() - last_build >= MIN_REBUILD_SECONDS:
                    try:
                        _ = self._ready.pipeline  # loaded here, not by the first request that needs it
                        # data_version, read without I/O, says whether the store state could have
                        # moved; only then is the state read (Store.version(): a few index lookups).
                        version = _data_version(watcher)
                        if version is None or version != seen:
                            state = watcher.store.version()
                            if state != self._built_state:
                                last_build = time.monotonic()
                                self._build(state)
                                if not warmed:
                                    # The entity model is read on the pipeline's first analysis: here,
                                    # after the first build (not delaying it) rather than by the first
                                    # trend or article request, which would wait seconds with others
                                    # queued behind it.
                                    self._ready.pipeline.analyze(WARM_UP_TEXT)
                                    warmed = True
                            seen = version  # only once this state is built: a failed round is tried again
                    except Exception:  # noqa: BLE001 - a lost connection or a failed build is retried
                        # the server goes on with the analysis it has; requests do not wait for a first
                        # build that failed (they compute on demand), and the next try is a rebuild
                        # interval away, so a lasting fault costs one try per interval
                        log.exception("background analysis failed; requests use the last one built, "
                                      "retried in %.0f s", MIN_REBUILD_SECONDS)  # fmt: skip
                        last_build = time.monotonic()
                        self._first_build.set()
                self._stop.wait(CHECK_SECONDS)
        finally:
            self._first_build.set()
            watcher.close()

    def _build(self, state: tuple) -> None:
        # The analysis about to be replaced may hold reference cycles: collections see it again.
        gc.unfreeze()
        fresh = _closing(CorpusAnalysis(self._open_corpus(), self._options, self._pipeline,
                                        refresh_seconds=float("inf")))
        fresh.records()
        fresh.stories()
        fresh.entities(WARM_ENTITIES)
        if self._stop.is_set():  # the server stopped while this was built: nothing will read it
            fresh.corpus.close()
            return
        self._ready = fresh  # one reference swap: requests see the old analysis or the new, never half
        self._builds += 1
        # One full collection now, then what survived it is left out of later ones until the next
        # build: a full collection walks every object of the analysis (about 900,000 for 100,000
        # articles, 0.7 s) holding the interpreter lock, and every request waited for it.
        gc.collect()
        gc.freeze()
        self._built_state = state
        self._first_build.set()


def _closing(analysis: CorpusAnalysis) -> CorpusAnalysis:
    """``analysis``, its store closed once nothing holds it any more: a request may still read an
    analysis the background thread has replaced, so the replaced one is not closed at the swap.
    A PostgreSQL store keeps a pool of connections open until closed: left to the garbage
    collector, every rebuild would have held one more."""
    weakref.finalize(analysis, analysis.corpus.close)
    return analysis


def _held(answer) -> int:
    """What a remembered answer counts against ANSWER_HITS: its hits (a page has them; a JSON body,
    one per 2 kB), plus one."""
    if isinstance(answer, bytes):
        return len(answer) // 2048 + 1
    return len(getattr(answer, "hits", ())) + 1


def _data_version(corpus) -> int | None:
    """SQLite's count of commits by other connections, as this connection sees it (None: not SQLite)."""
    connection = getattr(corpus.store, "connection", None)
    if not isinstance(connection, sqlite3.Connection):
        return None
    return connection.execute("PRAGMA data_version").fetchone()[0]


def _story_by_article(analysis: CorpusAnalysis) -> dict:
    """Article id -> the first story holding it, as CorpusAnalysis.story_of finds it."""
    by_article: dict = {}
    for story in analysis.stories():
        for article_id in story.articles:
            by_article.setdefault(article_id, story)
    return by_article
