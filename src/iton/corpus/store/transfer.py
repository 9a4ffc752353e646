"""Moving a corpus between stores (SQLite and PostgreSQL, either way) without analysing it again."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from iton.corpus.duplicates import band_keys
from iton.corpus.store.protocol import Store

__all__ = ["CopySummary", "copy_store"]

# Articles written per destination transaction: a kill loses at most one batch, and the copy
# can be run again (articles already there are updated in place).
COPY_BATCH = 500


@dataclass(slots=True)
class CopySummary:
    """What a copy did: articles added to and updated in the destination, near-duplicate pairs copied."""

    added: int = 0
    updated: int = 0
    pairs: int = 0

    def line(self) -> str:
        """The summary in one line for people."""
        return f"{self.added} added, {self.updated} updated, {self.pairs} near-duplicate pairs"

    def to_dict(self) -> dict:
        """The summary as plain data (``--json``)."""
        return {"added": self.added, "updated": self.updated, "pairs": self.pairs}


def copy_store(source: Store, destination: Store) -> CopySummary:
    """Copy every article of ``source`` into ``destination`` as stored (text, normalized form,
    index tokens, entities, MinHash signature), with their LSH bands and near-duplicate pairs, in
    the source's order, and the source's lexicon; an article already in the destination (same id)
    and a lexicon entry of the same form are replaced. Nothing is analysed again. The destination's
    ``ingested_at`` and ``updated_at`` are the copy's time.
    """
    summary = CopySummary()
    destination.put_lexicon(source.lexicon())
    rowids: dict[int, int] = {}  # source row id -> destination row id
    articles = source.iter_articles()
    while batch := list(itertools.islice(articles, COPY_BATCH)):
        with destination.transaction():
            for article in batch:
                rowid, added = destination.upsert(article)
                rowids[article.rowid] = rowid
                if added:
                    summary.added += 1
                else:  # its old pairs and bands belong to the text it had
                    summary.updated += 1
                    destination.forget_duplicates(rowid)
                if article.minhash is not None:
                    destination.add_bands([(band, key, rowid) for band, key in band_keys(article.minhash)])
    with destination.transaction():
        for members in source.groups().values():
            for member in members:
                for article, other, similarity in source.pairs_of(member):
                    if article == member:  # each pair once: it is stored under its newer article
                        destination.add_pair(rowids[article], rowids[other], similarity)
                        summary.pairs += 1
    return summary
