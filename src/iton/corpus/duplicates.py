"""Near-duplicate articles: MinHash signatures over normalized shingles, LSH bands, groups."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cache

import numpy as np

__all__ = [
    "DUPLICATE_THRESHOLD",
    "DuplicateGroup",
    "DuplicateMember",
    "band_keys",
    "duplicate_groups",
    "link_article",
    "rebuild_stale_bands",
    "rebuild_duplicates",
    "signature",
    "similarity",
]

# Permutations per signature: the Jaccard estimate's standard error is about
# sqrt(J(1-J)/128) = 0.044 at J = 0.5, tight enough to decide near the threshold.
NUM_PERM = 128
# Fixed seed: signatures written by one ingest must compare with the next one's.
MINHASH_SEED = 1
# Hashing scheme, pinned for the same reason (datasketch 2 made it explicit).
MINHASH_SCHEME = "affine32"
# Shingles are runs of this many lemmas: long enough that two reports of the same event in
# their own words share few of them, short enough that a light edit changes few.
SHINGLE_TOKENS = 5
# Estimated Jaccard similarity of shingle sets at or above which two articles are near-duplicates:
# syndicated and lightly edited copies keep well over half their 5-lemma shingles, while
# different outlets' reports of one story share under a fifth.
DUPLICATE_THRESHOLD = 0.5
# Candidates checked per article: bounds the work when many articles share a band (boilerplate).
MAX_CANDIDATES = 50
# Characters of a shared passage quoted in a member's reason.
PASSAGE_CHARS = 120


# LSH bands of ROWS signature values: two articles become candidates when one band of theirs is
# equal throughout, and every candidate is then checked on its whole signature. 42 bands of 3
# (126 of the 128 values) make a pair at the threshold (J = 0.5) a candidate with probability
# 1 - (1 - 0.5**3)**42 = 0.996. datasketch's bands for 0.5 (25 of 5, balancing false positives
# against false negatives) made it one only 55% of the time, and 83% at J = 0.59: the bundled
# sample's pair of copies was missed after a model change moved a few of its lemmas.
BANDS, ROWS = 42, 3
# Band numbers of this scheme start here. A store whose band keys are numbered lower was banded
# by the older scheme (25 bands of 5, numbered from 0): its new articles would never meet its old
# ones, so opening it rebuilds all bands (rebuild_stale_bands; one transaction, pairs and groups
# recomputed from the stored signatures).
BAND_BASE = 100


@cache
def _template():
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, scheme=MINHASH_SCHEME), BANDS, ROWS


def shingles(lemmas: Sequence[str], size: int = SHINGLE_TOKENS) -> set[bytes]:
    """The set of ``size``-lemma runs (the whole text when shorter)."""
    if not lemmas:
        return set()
    if len(lemmas) <= size:
        return {" ".join(lemmas).encode("utf-8")}
    return {" ".join(lemmas[i : i + size]).encode("utf-8") for i in range(len(lemmas) - size + 1)}


def signature(lemmas: Sequence[str]) -> bytes | None:
    """The MinHash signature (NUM_PERM uint32 values as bytes) of an article's lemmas."""
    from datasketch import MinHash

    grams = shingles(lemmas)
    if not grams:
        return None
    template, _, _ = _template()
    minhash = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, permutations=template.permutations,
                      scheme=MINHASH_SCHEME)
    minhash.update_batch(list(grams))
    return minhash.hashvalues.astype(np.uint32).tobytes()


def similarity(first: bytes, second: bytes) -> float:
    """Estimated Jaccard similarity of two signatures (share of equal MinHash values)."""
    a = np.frombuffer(first, dtype=np.uint32)
    b = np.frombuffer(second, dtype=np.uint32)
    return float(np.count_nonzero(a == b)) / len(a)


def band_keys(sig: bytes) -> list[tuple[int, int]]:
    """``(band, key)`` per LSH band: articles sharing a key in any band become candidates."""
    _, bands, rows = _template()
    width = rows * 4
    keys = []
    for band in range(bands):
        digest = hashlib.blake2b(sig[band * width : (band + 1) * width], digest_size=8).digest()
        keys.append((BAND_BASE + band, int.from_bytes(digest, "little", signed=True)))
    return keys


def link_article(store, rowid: int, sig: bytes | None, added: bool = False) -> int:
    """Record an article's bands and link it to its near-duplicates; returns how many it has.
    ``added``: the row was just inserted, so it has no bands, pairs or group to forget (articles
    are never deleted, so a row id is never reused; on PostgreSQL forgetting took three round trips)."""
    if not added:
        store.forget_duplicates(rowid)
    if sig is None:
        return 0
    candidates = store.add_article_bands(rowid, band_keys(sig), MAX_CANDIDATES)
    found = 0
    for other, other_sig in (store.signatures(candidates) if candidates else {}).items():
        score = similarity(sig, other_sig)
        if score >= DUPLICATE_THRESHOLD:
            store.add_pair(rowid, other, score)
            found += 1
    return found


def rebuild_stale_bands(store) -> bool:
    """Rebuild bands, pairs and groups when ``store`` holds band keys of the older scheme."""
    if store.has_bands_below(BAND_BASE):
        rebuild_duplicates(store)
        return True
    return False


def rebuild_duplicates(store) -> int:
    """Recompute all bands, pairs and groups from the stored signatures; returns the pair count.

    Runs in memory (band buckets in a dict) and writes in one transaction.
    """
    buckets: dict[tuple[int, int], list[int]] = defaultdict(list)
    signatures: dict[int, bytes] = {}
    band_rows: list[tuple[int, int, int]] = []
    pairs: dict[tuple[int, int], float] = {}
    for rowid, sig in store.iter_signatures():
        signatures[rowid] = sig
        candidates: dict[int, int] = defaultdict(int)
        for band, key in band_keys(sig):
            bucket = buckets[(band, key)]
            for other in bucket[-MAX_CANDIDATES:]:
                candidates[other] += 1
            bucket.append(rowid)
            band_rows.append((band, key, rowid))
        best = sorted(candidates, key=candidates.__getitem__, reverse=True)[:MAX_CANDIDATES]
        for other in best:
            score = similarity(sig, signatures[other])
            if score >= DUPLICATE_THRESHOLD:
                pairs[(rowid, other)] = score
    with store.transaction():
        store.clear_duplicates()
        store.add_bands(band_rows)
        for (a, b), score in pairs.items():
            store.add_pair(a, b, score)
    return len(pairs)


@dataclass(slots=True)
class DuplicateMember:
    """One member of a group and why it is there (empty reason for the group's first article)."""

    id: str
    outlet: str | None
    title: str | None
    published: str | None
    similarity: float | None = None
    closest: str | None = None
    shared_passage: str | None = None

    @property
    def reason(self) -> str:
        """Why the member is in its group, in words (similarity, closest member, shared passage)."""
        if self.closest is None:
            return "first ingested article of the group"
        text = f"estimated similarity {self.similarity:.2f} with {self.closest} (Jaccard of {SHINGLE_TOKENS}-lemma shingles)"
        if self.shared_passage:
            text += f"; shared passage: «{self.shared_passage}»"
        return text

    def to_dict(self) -> dict:
        """The member as plain data (JSON-ready), its reason included."""
        return {
            "id": self.id, "outlet": self.outlet, "title": self.title, "published": self.published,
            "similarity": self.similarity, "closest": self.closest, "shared_passage": self.shared_passage,
            "reason": self.reason,
        }  # fmt: skip


@dataclass(slots=True)
class DuplicateGroup:
    """A group of near-duplicate articles, its first-ingested article first."""

    members: list[DuplicateMember] = field(default_factory=list)

    def to_dict(self) -> dict:
        """The group as plain data (JSON-ready): size and members."""
        return {"size": len(self.members), "members": [m.to_dict() for m in self.members]}


def shared_passage(first, second) -> str | None:
    """The longest run of lemmas two stored articles share, as ``first``'s original text."""
    matcher = SequenceMatcher(None, first.lemmas, second.lemmas, autojunk=False)
    match = matcher.find_longest_match(0, len(first.lemmas), 0, len(second.lemmas))
    if match.size < 2:
        return None
    start = first.spans[match.a][0]
    end = first.spans[match.a + match.size - 1][1]
    text = " ".join(first.text[start:end].split())
    return text if len(text) <= PASSAGE_CHARS else text[:PASSAGE_CHARS] + "…"


def duplicate_groups(store) -> list[DuplicateGroup]:
    """Every near-duplicate group with each member's reason, largest groups first."""
    groups = []
    for root, members in store.groups().items():
        articles = store.get_rows(members)
        best: dict[int, tuple[float, int]] = {}
        for member in members:
            for a, b, score in store.pairs_of(member):
                other = b if a == member else a
                if other in articles and (member not in best or score > best[member][0]):
                    best[member] = (score, other)
        group = DuplicateGroup()
        for member in members:
            article = articles[member]
            entry = DuplicateMember(article.id, article.outlet, article.title, article.published)
            if member != root and member in best:
                score, other = best[member]
                entry.similarity = round(score, 3)
                entry.closest = articles[other].id
                entry.shared_passage = shared_passage(article, articles[other])
            group.members.append(entry)
        groups.append(group)
    groups.sort(key=lambda g: (-len(g.members), g.members[0].id))
    return groups
