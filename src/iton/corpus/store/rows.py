"""An Article as the row every store backend keeps: its columns in order, and the spans packed."""

from __future__ import annotations

import json
from array import array
from collections.abc import Callable, Iterable, Sequence
from itertools import chain
from struct import iter_unpack
from typing import Any

from iton.corpus.article import Article

# The article columns every backend stores, in the order of :func:`article_values`.
ARTICLE_COLUMNS = (
    "id, outlet, url, title, subtitle, body, published, published_day, published_raw, author, "
    "source, source_line, input_normalized, content_hash, normalized, index_lemmas, index_forms, "
    "spans, repeats, warnings, minhash, entities, meta, provenance, index_alternatives, alternative_positions"
)

# What Store.get_rows and Store.iter_articles read of each row: "whole", every field; "hit", the
# metadata with the text and index tokens a search hit's snippet and matched words are cut from
# (not the normalized form, entities, meta, provenance, repeats, warnings or MinHash: a third of a
# row's reading); "analysis", every field but the text and its written forms, spans and other
# readings (what the whole-corpus analysis keeps of every article); "metadata", what a list of
# articles shows (id, outlet, url, title, subtitle, publication), no text or analysis either (a
# download without snippets).
ROW_PARTS = ("whole", "hit", "analysis", "metadata")
# The columns of the metadata, in the order :func:`metadata_article` reads them after the rowid:
# what search hits, downloads and lists of duplicates show, nothing more. Each column is text a
# driver decodes, tens of thousands of times in a large download (the author, source, raw date and
# the like were half of SQLite's time for its rows, and no list shows them).
METADATA_COLUMNS = "id, outlet, url, title, subtitle, published"
# The columns of a hit, in the order :func:`hit_article` reads them after the rowid.
HIT_COLUMNS = f"{METADATA_COLUMNS}, body, index_lemmas, index_forms, spans, index_alternatives, alternative_positions"
_METADATA_WIDTH = METADATA_COLUMNS.count(",") + 2  # the rowid and each metadata column

# Store.version(): three lookups, each answered by an index (articles_updated, the rowid); as one
# aggregate the query reads every row.
VERSION_QUERY = (
    "SELECT (SELECT count(*) FROM articles), (SELECT max(updated_at) FROM articles), (SELECT max(rowid) FROM articles)"
)


def article_values(article: Article) -> tuple:
    """The values of ``article`` for :data:`ARTICLE_COLUMNS`, lists and mappings as JSON text."""
    return (
        article.id, article.outlet, article.url, article.title, article.subtitle, article.body,
        article.published, article.published_day, article.published_raw, article.author,
        article.source, article.line, bool(article.input_normalized), article.content_hash,
        article.normalized, " ".join(article.lemmas), " ".join(article.forms),
        pack_spans(article.spans), json.dumps(article.repeats, ensure_ascii=False),
        json.dumps(article.warnings, ensure_ascii=False), article.minhash,
        None if article.entities is None else json.dumps([m.to_dict() for m in article.entities], ensure_ascii=False),
        json.dumps(article.meta, ensure_ascii=False), json.dumps(article.provenance, ensure_ascii=False),
        " ".join(lemma for _, lemma in article.alternatives), pack_ints(p for p, _ in article.alternatives),
    )  # fmt: skip


def pack_ints(values: Iterable[int]) -> bytes:
    """Integers packed into bytes (machine ``int``s): spans, positions of alternatives."""
    return array("i", values).tobytes()


def pack_spans(spans: Iterable[tuple[int, int]]) -> bytes:
    """Character spans packed into bytes (machine ``int`` start, end pairs) for the ``spans`` column."""
    return pack_ints(chain.from_iterable(spans))


def unpack_spans(blob: bytes) -> list[tuple[int, int]]:
    """The spans that :func:`pack_spans` packed (struct makes the pairs in C: a quarter faster
    than zipping two slices of an array)."""
    return list(iter_unpack("2i", blob))


class PackedSpans(Sequence):
    """Spans as :func:`pack_spans` packed them, each pair made when it is read: a search hit reads
    the few dozen around its snippet and matches of an article's hundreds."""

    __slots__ = ("_ints",)

    def __init__(self, blob: bytes) -> None:
        self._ints = memoryview(blob).cast("i")

    def __len__(self) -> int:
        return len(self._ints) // 2

    def __getitem__(self, index):
        ints = self._ints
        if isinstance(index, slice):
            start, stop, step = index.indices(len(ints) // 2)
            if step != 1:
                return [self[k] for k in range(start, stop, step)]
            flat = ints[2 * start : 2 * max(start, stop)].tolist()
            return list(zip(flat[0::2], flat[1::2]))
        if index < 0:
            index += len(ints) // 2
            if index < 0:
                raise IndexError("span index out of range")
        return ints[2 * index], ints[2 * index + 1]  # past the end: the memoryview's IndexError


class SpacedTokens(Sequence):
    """Index tokens as the stores keep them, one string joined by single spaces (a token holds no
    space): split into a list only when a token is read by position, while :meth:`positions` and
    :meth:`runs` find words in the string itself. A download matches the query's words in tens of
    thousands of rows, and splitting each row's lemmas and forms was most of that work."""

    __slots__ = ("joined", "_tokens")

    def __init__(self, joined: str) -> None:
        self.joined = joined
        self._tokens: list[str] | None = None

    @classmethod
    def of(cls, tokens: Sequence[str]) -> SpacedTokens:
        """``tokens`` as SpacedTokens (a list is joined; SpacedTokens are given back as they are)."""
        return tokens if isinstance(tokens, SpacedTokens) else cls(" ".join(tokens))

    def _split(self) -> list[str]:
        if self._tokens is None:
            self._tokens = self.joined.split(" ") if self.joined else []
        return self._tokens

    def __len__(self) -> int:
        return len(self._split())

    def __getitem__(self, index):
        return self._split()[index]

    def __iter__(self):
        return iter(self._split())

    def __eq__(self, other) -> bool:
        return isinstance(other, Sequence) and not isinstance(other, str) and self._split() == list(other)

    def __repr__(self) -> str:
        return f"SpacedTokens({self.joined!r})"

    def positions(self, word: str, prefix: bool = False) -> list[int]:
        """Positions of the tokens that are ``word`` (``prefix``: that start with it), in order."""
        if not word:
            return list(range(len(self))) if prefix else []
        return [] if " " in word else self._find(word, whole=not prefix)

    def runs(self, words: Sequence[str]) -> list[int]:
        """Positions where ``words`` stand one after another, in order (runs may overlap)."""
        if not words or any(not word or " " in word for word in words):
            return []
        return self._find(" ".join(words), whole=True)

    def _find(self, needle: str, whole: bool) -> list[int]:
        # str.find walks the string in C; a hit counts only where a token starts (and, whole, ends),
        # and its position is the number of spaces before it, counted from the previous hit on
        text, size = self.joined, len(needle)
        found: list[int] = []
        position = counted = 0
        at = text.find(needle)
        while at >= 0:
            end = at + size
            if (at == 0 or text[at - 1] == " ") and (not whole or end == len(text) or text[end] == " "):
                position += text.count(" ", counted, at)
                counted = at
                found.append(position)
            at = text.find(needle, at + 1)
        return found


def unpack_alternatives(lemmas: str | None, positions: bytes | None) -> list[tuple[int, str]]:
    """An article's alternatives from the ``index_alternatives`` and ``alternative_positions``
    columns (empty in rows stored before they were kept)."""
    if not lemmas or not positions:
        return []
    flat = array("i")
    flat.frombytes(bytes(positions))
    return list(zip(flat, lemmas.split(" "), strict=True))


def metadata_article(row: Sequence) -> Article:
    """The Article of a row of ``rowid, METADATA_COLUMNS``: the rest left empty. Read by position
    (a download builds tens of thousands of them)."""
    rowid, id_, outlet, url, title, subtitle, published = row
    return Article(body="", id=id_, outlet=outlet, url=url, title=title, subtitle=subtitle, published=published,
                   rowid=rowid)  # fmt: skip


def hit_article(row: Sequence) -> Article:
    """The Article of a row of ``rowid, HIT_COLUMNS``: the metadata, the text and the index tokens;
    the rest left empty."""
    article = metadata_article(row[:_METADATA_WIDTH])
    body, lemmas, forms, spans, alternatives, positions = row[_METADATA_WIDTH:]
    article.body = body
    article.lemmas = SpacedTokens(lemmas or "")
    article.forms = SpacedTokens(forms or "")
    article.spans = PackedSpans(bytes(spans))
    article.alternatives = unpack_alternatives(alternatives, positions)
    return article


# The columns and the builder of each part of a row but "whole" and "analysis", which each backend
# reads its own way (see ROW_PARTS).
PART_READS = {"hit": (HIT_COLUMNS, hit_article), "metadata": (METADATA_COLUMNS, metadata_article)}


Build = Callable[[Any], Article]  # an Article from a row as the backend's driver gives it


def part_read(part: str, whole: str, analysis: str, build: Build) -> tuple[str, Build, bool]:
    """For a part of a row: the columns to select after the rowid, the builder of its Article and
    whether that builder reads the row by position (PART_READS's do). ``whole`` and ``analysis``
    are the backend's own columns of those parts, ``build`` its builder of them. A ValueError
    naming the parts when ``part`` is not one of ROW_PARTS."""
    if part not in ROW_PARTS:
        raise ValueError(f"row part {part!r} is not known; give one of {', '.join(ROW_PARTS)}")
    if part in PART_READS:
        return (*PART_READS[part], True)
    return whole if part == "whole" else analysis, build, False
