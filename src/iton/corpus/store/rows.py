"""An Article as the row every store backend keeps: its columns in order, and the spans packed."""

from __future__ import annotations

import json
from array import array
from collections.abc import Iterable, Sequence

from iton.corpus.article import Article

# The article columns every backend stores, in the order of :func:`article_values`.
ARTICLE_COLUMNS = (
    "id, outlet, url, title, subtitle, body, published, published_day, published_raw, author, "
    "source, source_line, input_normalized, content_hash, normalized, index_lemmas, index_forms, "
    "spans, repeats, warnings, minhash, entities, meta, provenance, index_alternatives, alternative_positions"
)

# The columns of an article's metadata (Store.get_rows(metadata_only=True)), in the order
# :func:`metadata_article` reads them after the rowid: no text, no analysis, no JSON to parse.
# Not the store's times either: they are the row's last columns, and reading them walks past
# every bulky column before them (a tenth of SQLite's time for the rows of a large download).
METADATA_COLUMNS = (
    "id, outlet, url, title, subtitle, published, published_raw, author, source, source_line, "
    "input_normalized, content_hash"
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
    return pack_ints(value for span in spans for value in span)


def unpack_spans(blob: bytes) -> list[tuple[int, int]]:
    """The spans that :func:`pack_spans` packed."""
    flat = array("i")
    flat.frombytes(blob)
    return list(zip(flat[0::2], flat[1::2], strict=True))


def unpack_alternatives(lemmas: str | None, positions: bytes | None) -> list[tuple[int, str]]:
    """An article's alternatives from the ``index_alternatives`` and ``alternative_positions``
    columns (empty in rows stored before they were kept)."""
    if not lemmas or not positions:
        return []
    flat = array("i")
    flat.frombytes(bytes(positions))
    return list(zip(flat, lemmas.split(" "), strict=True))


def metadata_article(row: Sequence) -> Article:
    """The Article of a row of ``rowid, METADATA_COLUMNS``: the text, the analysis, ``meta``,
    ``provenance`` and the store's times left empty. Read by position (a download builds tens of
    thousands of them)."""
    rowid, id_, outlet, url, title, subtitle, published, published_raw, author, source, line, input_normalized, content_hash = row
    return Article(
        body="", id=id_, outlet=outlet, url=url, title=title, subtitle=subtitle, published=published,
        published_raw=published_raw, author=author, source=source, line=line,
        input_normalized=bool(input_normalized), content_hash=content_hash, rowid=rowid,
    )  # fmt: skip
