"""Ingest: read sources, analyse new or changed articles once, store them batch by batch."""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from iton.corpus.analysed import load_analysed, split_analysed
from iton.corpus.article import Article, Reject, content_hash, stable_id
from iton.corpus.duplicates import link_article
from iton.corpus.fields import MAX_RECORD_BYTES, ReadOptions
from iton.corpus.inputs import expand_sources, expected_records
from iton.corpus.lexicon import store_lexicon
from iton.corpus.prepare import load_pipeline_for, prepare_articles
from iton.corpus.readers import SourceInfo, read_sources
from iton.errors import CorpusError, InvalidOption
from iton.jsonlines import json_line
from iton.morph.lexicon import UserLexicon
from iton.workers import MAX_JOBS, analysis_pool, call_then_freeze

__all__ = ["IngestOptions", "IngestSummary", "ingest"]

# Articles analysed and committed together: one transaction per batch, so a kill loses only the
# batch not yet committed (with --jobs, also those the workers hold), and big enough for the
# pipeline's batching and SQLite's commit cost to amortise.
BATCH_ARTICLES = 64
# Batches the workers hold while this process stores an older one: with one, a worker that finished
# its part of the batch waited for the other's (5% of a two-worker run idle); with two, it goes on
# with the next batch.
BATCHES_IN_FLIGHT = 2
# What happens to a later record with an id already read in this run: "last" replaces the earlier
# one (as a re-ingest of a changed article does), "first" keeps the earlier one, "error" rejects
# the later one. Every policy reports the duplicate.
DUPLICATE_POLICIES = ("first", "last", "error")
# Waiting for another process's write lock: each failed try waits twice as long as the one before,
# up to the longest, so a short lock costs little; past the total, the run stops with the reason.
LOCK_FIRST_WAIT_SECONDS = 0.05
LOCK_LONGEST_WAIT_SECONDS = 2.0
LOCK_TOTAL_WAIT_SECONDS = 120.0


@dataclass(slots=True)
class IngestOptions:
    """Settings of one ingest run.

    ``format``/``field_map``/``encoding``/``normalized``: how sources are read (see ReadOptions);
    ``rejects``: the JSON Lines file bad records are written to (None: not written);
    ``strict_dates``: reject articles whose date does not parse instead of keeping the raw string;
    ``engine``: the morphology engine; ``progress``: show a progress bar on stderr;
    ``duplicates``: link near-duplicates while ingesting; ``jobs``: processes that analyse
    articles in parallel (the store is written by this one); ``entities``: tag named entities
    and store them (the analysis commands read them; skipping them makes ingest faster);
    ``force``: analyse and store again articles that did not change (after a model update);
    ``duplicate_ids``: which of two records with one id in this run is kept (DUPLICATE_POLICIES);
    ``max_record_bytes``: larger records are rejected with the reason.
    """

    format: str | None = None
    field_map: dict[str, str] = field(default_factory=dict)
    encoding: str = "utf-8"
    normalized: bool = False
    rejects: str | os.PathLike | None = None
    strict_dates: bool = False
    engine: str = "auto"
    progress: bool = False
    duplicates: bool = True
    batch_size: int = BATCH_ARTICLES
    jobs: int = 1
    entities: bool = True
    force: bool = False
    duplicate_ids: str = "last"
    max_record_bytes: int = MAX_RECORD_BYTES

    def __post_init__(self) -> None:
        if not 1 <= self.jobs <= MAX_JOBS:
            raise InvalidOption("jobs", self.jobs, f"a number of processes from 1 to {MAX_JOBS}")
        if self.duplicate_ids not in DUPLICATE_POLICIES:
            raise InvalidOption("duplicates", self.duplicate_ids, " or ".join(DUPLICATE_POLICIES))

    def read_options(self) -> ReadOptions:
        """The ReadOptions part of these settings."""
        return ReadOptions(self.format, dict(self.field_map), self.encoding, self.normalized, self.max_record_bytes)


@dataclass(slots=True)
class IngestSummary:
    """What an ingest did: counts, time, the format used per source, and every problem."""

    read: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    warnings: int = 0
    seconds: float = 0.0
    formats: dict[str, str] = field(default_factory=dict)
    problems: list[Reject] = field(default_factory=list)
    rejects_path: str | None = None

    @property
    def ok(self) -> bool:
        """True when nothing was rejected."""
        return self.rejected == 0

    def to_dict(self) -> dict:
        """The summary as plain data (``iton ingest --json``)."""
        return {
            "read": self.read, "added": self.added, "updated": self.updated,
            "unchanged": self.unchanged, "rejected": self.rejected, "warnings": self.warnings,
            "seconds": round(self.seconds, 3), "formats": self.formats, "rejects_file": self.rejects_path,
        }  # fmt: skip

    def line(self) -> str:
        """One line for people: ``read 33, added 30, updated 1, unchanged 2, rejected 0 ...``."""
        rate = f", {self.added + self.updated} analysed at {(self.added + self.updated) / self.seconds:.0f}/s" if self.seconds and self.added + self.updated else ""
        text = (
            f"read {self.read}, added {self.added}, updated {self.updated}, unchanged {self.unchanged}, "
            f"rejected {self.rejected}, warnings {self.warnings} in {self.seconds:.1f} s{rate}"
        )
        if self.rejects_path and (self.rejected or self.warnings):
            text += f"; problems written to {self.rejects_path}"
        return text


class _RejectsFile:
    """Writes one run's problems as JSON Lines, creating the file only when there is something to say."""

    def __init__(self, path: str | os.PathLike | None) -> None:
        self.path = Path(path) if path else None
        self.handle = None
        if self.path is not None:
            self.path.unlink(missing_ok=True)  # an earlier run's problems are not this run's

    def write(self, problem: Reject) -> None:
        if self.path is None:
            return
        if self.handle is None:
            # each run writes its own problems: a rerun after a fix does not repeat old ones
            self.handle = open(self.path, "w", encoding="utf-8")  # noqa: SIM115 - closed by close()
        self.handle.write(json_line(problem.to_dict()) + "\n")
        self.handle.flush()

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()


def ingest(store, sources: Iterable[str | os.PathLike], options: IngestOptions | None = None,
           pipeline=None) -> IngestSummary:  # fmt: skip
    """Read every source and store its articles; returns the summary (never raises on bad records).

    Articles already stored with the same content are skipped before analysis; a changed
    article replaces the stored one under the same id. Each batch is one transaction. The
    store's lexicon (``iton lexicon``) applies to the analysis, after the model.
    """
    options = options or IngestOptions()
    sources, analysed = split_analysed(sources)  # `iton spark normalize` output: stored as analysed
    sources = list(expand_sources(sources))  # a missing source stops the run before anything is written
    if options.rejects and not Path(options.rejects).resolve().parent.is_dir():  # found out now, not mid-run
        raise CorpusError(f"rejects file {os.fspath(options.rejects)}: its folder does not exist; "
                          "create it or give another --rejects FILE")
    summary = IngestSummary(rejects_path=str(options.rejects) if options.rejects else None)
    rejects = _RejectsFile(options.rejects)
    started = time.perf_counter()
    for source in analysed:
        load_analysed(store, source, summary, options.force, options.duplicates)
    bar = _progress(options.progress, sources, options)
    if options.entities and pipeline is None and (missing := entities_unavailable()):
        _problem(summary, rejects, Reject("(ingest)", None, f"named entities not tagged: {missing}", kind="warning"))
        options = replace(options, entities=False)
    lexicon = store_lexicon(store)
    workers = _workers(options) if options.jobs > 1 and pipeline is None else None
    batches = _Batches(store, options, summary, rejects, pipeline, workers, lexicon)
    batch: list[Article] = []
    seen: dict[str, str] = {}  # id -> where this run first read it
    try:
        for item in read_sources(sources, options.read_options()):
            if isinstance(item, SourceInfo):
                summary.formats[item.source] = f"{item.format} ({item.how})"
                continue
            if isinstance(item, Reject) and item.kind == "warning":  # about a file, not a record
                _problem(summary, rejects, item)
                continue
            summary.read += 1
            if bar is not None:
                bar.update(1)
            if isinstance(item, Reject):
                _problem(summary, rejects, item)
                continue
            if options.strict_dates and item.warnings:
                _problem(summary, rejects, Reject(item.source, item.line, item.warnings[0], item.body[:80]))
                continue
            if not _first_or_kept(item, seen, options.duplicate_ids, summary, rejects):
                continue
            batch.append(item)
            if len(batch) >= options.batch_size * options.jobs:
                batches.put(batch)
                batch = []
        if batch:
            batches.put(batch)
        batches.finish()
    finally:
        if workers is not None:  # idle once the last batch is stored; stopped mid-batch on an error or Ctrl-C
            workers.terminate()
            workers.join()
        rejects.close()
        if bar is not None:
            bar.close()
        summary.seconds = time.perf_counter() - started
    return summary


def _first_or_kept(article: Article, seen: dict[str, str], policy: str, summary: IngestSummary,
                   rejects: _RejectsFile) -> bool:  # fmt: skip
    """Whether ``article`` goes on to be stored; a second record with an id read before is reported."""
    key = stable_id(article)
    here = f"{article.source}:{article.line}" if article.line else article.source
    earlier = seen.setdefault(key, here)
    if earlier == here:
        return True
    if policy == "error":
        _problem(summary, rejects, Reject(article.source, article.line, f"duplicate id {key}: already read at {earlier}; "
                 "this record rejected (--duplicates error); give each article its own id"))  # fmt: skip
        return False
    kept = "this record replaces it (--duplicates last)" if policy == "last" else "this record skipped (--duplicates first)"
    _problem(summary, rejects, Reject(article.source, article.line, f"duplicate id {key}: already read at {earlier}; {kept}",
                                      kind="warning"))  # fmt: skip
    return policy == "last"


def _workers(options: IngestOptions):
    """The analysis processes, started after the model is loaded here (see analysis_pool)."""
    load_pipeline_for(options.engine, options.entities)
    return analysis_pool(options.jobs)


def _progress(enabled: bool, sources: list[str], options: IngestOptions):
    """A progress bar on stderr; its total (and so its ETA) counted from the sources when they are
    files of one record per line or per file."""
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(total=expected_records(sources, options.format), unit=" articles", file=sys.stderr,
                dynamic_ncols=True, mininterval=0.5)


def _problem(summary: IngestSummary, rejects: _RejectsFile, problem: Reject) -> None:
    if problem.kind == "warning":
        summary.warnings += 1
    else:
        summary.rejected += 1
    summary.problems.append(problem)
    rejects.write(problem)


class _Batches:
    """Analyses and stores one run's batches in the order read. With worker processes the store is
    written while the workers analyse the next batch, so that neither waits for the other (the
    writer alone took 7% of a two-worker run and more with more workers, the workers idle meanwhile)."""

    def __init__(self, store, options: IngestOptions, summary: IngestSummary, rejects: _RejectsFile, pipeline,
                 workers, lexicon: UserLexicon) -> None:  # fmt: skip
        self.store, self.options, self.summary, self.rejects = store, options, summary, rejects
        self.pipeline, self.workers, self.lexicon = pipeline, workers, lexicon
        self.pending: deque = deque()  # (todo, the workers' result) of each batch sent to them, oldest first

    def put(self, batch: list[Article]) -> None:
        """Start analysing ``batch``; store the oldest batch the workers hold once more than
        BATCHES_IN_FLIGHT are sent (without workers: this one, at once)."""
        # the batches sent are not stored yet, but will be before this one: they count as stored
        todo = self._plan(batch, {key: digest for sent, _ in self.pending for key, _, digest in sent})
        if todo and self.workers is not None:
            self.pending.append((todo, self.workers.starmap_async(call_then_freeze, self._parts(todo))))
            if len(self.pending) > BATCHES_IN_FLIGHT:
                self._write(self._collect())
        elif todo:
            self._write(self._analyse(todo))

    def finish(self) -> None:
        """Store the batches the workers still hold, in the order read."""
        while self.pending:
            self._write(self._collect())

    def _plan(self, batch: list[Article], coming: dict[str, str]) -> list[tuple[str, Article, str]]:
        """(id, article, content hash) of each article of ``batch`` to analyse: the last copy of
        each id, unless the store (or ``coming``, id -> hash) holds it with the same content."""
        latest: dict[str, tuple[Article, str]] = {}
        for article in batch:
            latest[stable_id(article)] = (article, content_hash(article))  # a later copy of an id wins
        self.summary.unchanged += len(batch) - len(latest)
        stored = {key: state[1] for key, state in self.store.states(list(latest)).items()}
        stored.update((key, coming[key]) for key in latest.keys() & coming.keys())
        todo = [(key, article, digest) for key, (article, digest) in latest.items()
                if self.options.force or stored.get(key) != digest]  # fmt: skip
        self.summary.unchanged += len(latest) - len(todo)
        return todo

    def _parts(self, todo: list[tuple[str, Article, str]]) -> list[tuple]:
        """The workers' calls, one part each (four smaller parts a worker, tried once, ran no faster:
        the analysis batches its articles' sentences)."""
        articles = [article for _, article, _ in todo]
        size = -(-len(articles) // self.options.jobs)
        return [(prepare_articles, articles[i : i + size], self.options.engine, self.options.entities, None, self.lexicon)
                for i in range(0, len(articles), size)]  # fmt: skip

    def _collect(self) -> list[Article]:
        """Wait for the workers' batch; its records, analysed."""
        todo, result = self.pending.popleft()
        return self._analyse(todo, result)

    def _analyse(self, todo: list[tuple[str, Article, str]], result=None) -> list[Article]:
        """The analysed records of ``todo``: the workers' ``result``, or analysed here. When that
        fails, each article is analysed again on its own and those the analysis cannot take are reported."""
        try:
            if result is not None:
                records = [record for part in result.get() for record in part]
            else:
                records = prepare_articles([article for _, article, _ in todo], self.options.engine,
                                           self.options.entities, self.pipeline, self.lexicon)  # fmt: skip
        except Exception:  # noqa: BLE001 - one article the analysis cannot take must not cost the batch
            records, failed = [], []
            for item in todo:
                try:
                    records += prepare_articles([item[1]], self.options.engine, self.options.entities, self.pipeline,
                                                self.lexicon)  # fmt: skip
                except Exception as error:  # noqa: BLE001 - reported with the article, the rest go on
                    failed.append((item, error))
            if len(failed) == len(todo):
                raise  # every article fails: the analysis itself is broken, not one record
            todo = list(todo)
            for item, error in failed:
                todo.remove(item)
                key, article, _ = item
                _problem(self.summary, self.rejects, Reject(article.source, article.line, f"{key}: analysis failed "
                         f"({type(error).__name__}: {error}); please report this article", article.body[:80]))  # fmt: skip
        for (key, _, digest), record in zip(todo, records, strict=True):
            record.id, record.content_hash = key, digest
        return records

    def _write(self, records: list[Article]) -> None:
        added, updated = _write_batch(self.store, records, self.options.duplicates)
        self.summary.added += added
        self.summary.updated += updated
        for record in records:
            for warning in record.warnings:
                _problem(self.summary, self.rejects, Reject(record.source, record.line, f"{record.id}: {warning}",
                                                            kind="warning"))  # fmt: skip


def _write_batch(store, records: list[Article], link_duplicates: bool) -> tuple[int, int]:
    """Store ``records`` in one transaction, waiting out another process's lock with growing pauses;
    returns how many were added and updated. Gives up with a CorpusError only after
    LOCK_TOTAL_WAIT_SECONDS, and then nothing of the batch is written (a rerun stores it)."""
    wait, waited = LOCK_FIRST_WAIT_SECONDS, 0.0
    while True:
        added = updated = 0
        try:
            with store.transaction():
                for record in records:
                    rowid, is_new = store.upsert(record)
                    added += is_new
                    updated += not is_new
                    if link_duplicates:
                        link_article(store, rowid, record.minhash, added=is_new)
            return added, updated
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) and "busy" not in str(error):
                raise
            if waited >= LOCK_TOTAL_WAIT_SECONDS:
                raise CorpusError(f"the store is locked by another process and stayed locked for {waited:.0f} s; "
                                  f"this batch of {len(records)} articles was not written (the earlier ones are "
                                  "stored): stop the other writer and run the ingest again") from error  # fmt: skip
        time.sleep(wait)
        waited += wait
        wait = min(wait * 2, LOCK_LONGEST_WAIT_SECONDS)


def entities_unavailable() -> str | None:
    """Why named entities cannot be tagged here (None when they can)."""
    try:
        import pycrfsuite  # noqa: F401 - the entity model opens its file with it too (EntityModel)
    except ImportError:
        return "python-crfsuite is not installed (pip install python-crfsuite), or pass --no-entities"
    from iton.morph.entities import model_path

    if not model_path().exists():
        return "the bundled entity model is missing (reinstall iton), or pass --no-entities"
    return None
