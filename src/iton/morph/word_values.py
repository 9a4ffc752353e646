"""Word lists whose words share a few values (the morphology's lexicon prior, the entity model's
word frequencies), kept a line per value: the value, then its words, tab-separated. Loading then
parses one number a value, not one a word; 558,988 words share 459 values."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

__all__ = ["grouped_lines", "read_grouped"]

V = TypeVar("V")


def grouped_lines(pairs: Iterable[tuple[str, str]]) -> str:
    """The lines of ``(word, value as written)`` pairs: a line per value, in the order the values
    first come, its words in the order given (so the caller's order makes the bytes)."""
    by_value: dict[str, list[str]] = {}
    for word, value in pairs:
        by_value.setdefault(value, []).append(word)
    return "".join(value + "\t" + "\t".join(words) + "\n" for value, words in by_value.items())


def read_grouped(text: str, convert: Callable[[str], V]) -> dict[str, V]:
    """Each word's value from :func:`grouped_lines`' lines, or from a line per word
    (``word<TAB>value``), as model files written before 2026-12-05 keep them."""
    lines = text.splitlines()
    first = lines[0].split("\t", 2) if lines else []
    if len(first) == 2 and _converts(first[1], convert):  # a word and its value: the older layout
        return {word: convert(value) for word, _, value in (line.partition("\t") for line in lines)}
    words: list[str] = []
    values: list[V] = []
    for line in lines:
        value, _, group = line.partition("\t")
        group_words = group.split("\t")
        words += group_words
        values += [convert(value)] * len(group_words)
    return dict(zip(words, values))


def _converts(text: str, convert: Callable[[str], object]) -> bool:
    try:
        convert(text)
    except ValueError:
        return False
    return True
