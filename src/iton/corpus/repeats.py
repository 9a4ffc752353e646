"""Repeated passages inside one article: find later copies of a passage so only one is kept."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

__all__ = ["MIN_REPEAT_TOKENS", "Repeat", "find_repeats"]

# A run of at least this many index tokens (lemmas, punctuation left out) that appears twice in
# one article is a repeated passage. Shorter shared runs are ordinary journalism: a body that
# restates its subtitle (12 lemmas in the seed article) or a set phrase ("ראש הממשלה בנימין
# נתניהו אמר כי" is 6); scraping artefacts such as the seed's repeated title and lead run to
# dozens of tokens (38 in the seed).
MIN_REPEAT_TOKENS = 16


@dataclass(frozen=True, slots=True)
class Repeat:
    """A later copy ``[start, end)`` of the tokens ``[source, source + end - start)``."""

    start: int
    end: int
    source: int

    @property
    def length(self) -> int:
        """Tokens in the repeated copy."""
        return self.end - self.start


def find_repeats(keys: Sequence[str], min_tokens: int = MIN_REPEAT_TOKENS) -> list[Repeat]:
    """Later copies of passages of at least ``min_tokens`` keys, left to right, not overlapping
    the passage they copy; the first occurrence is always the one kept.

    >>> words = "a b c d e f x a b c d e f".split()
    >>> find_repeats(words, min_tokens=5)
    [Repeat(start=7, end=13, source=0)]
    """
    n = len(keys)
    if n < 2 * min_tokens or not _may_repeat(keys, min_tokens):
        return []
    first_seen: dict[tuple[str, ...], int] = {}
    repeats: list[Repeat] = []
    i = 0
    while i + min_tokens <= n:
        gram = tuple(keys[i : i + min_tokens])
        j = first_seen.get(gram)
        if j is not None and j + min_tokens <= i:
            length = min_tokens
            while i + length < n and j + length < i and keys[j + length] == keys[i + length]:
                length += 1
            repeats.append(Repeat(i, i + length, j))
            i += length
            continue
        first_seen.setdefault(gram, i)
        i += 1
    return repeats


def _may_repeat(keys: Sequence[str], min_tokens: int) -> bool:
    """A cheap necessary condition: ``min_tokens - 1`` consecutive word pairs each seen before."""
    pairs = list(pairwise(keys))
    # each pair's first position (the dict keeps the last value given: the earliest, given last)
    first = dict(zip(reversed(pairs), range(len(pairs) - 1, -1, -1)))
    seen_before = "".join(["1" if first[pair] < k else "0" for k, pair in enumerate(pairs)])
    return "1" * (min_tokens - 1) in seen_before
