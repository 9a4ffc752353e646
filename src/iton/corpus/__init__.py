"""A Hebrew news corpus: ingest articles into a store, search them by lemma, find duplicates."""

from __future__ import annotations

from iton.corpus.corpus import DEFAULT_DB, Corpus
from iton.corpus.ingest import IngestOptions, IngestSummary
from iton.corpus.search import Hit, SearchOptions

__all__ = ["DEFAULT_DB", "Corpus", "Hit", "IngestOptions", "IngestSummary", "SearchOptions", "sample_path"]


def sample_path() -> str:
    """The path of the bundled sample corpus (JSON Lines, short Hebrew news articles)."""
    from pathlib import Path

    return str(Path(__file__).parent / "sample" / "news.jsonl")
