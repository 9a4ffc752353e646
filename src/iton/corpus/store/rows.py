"""An Article as the row every store backend keeps: its columns in order, and the spans packed."""

from __future__ import annotations

import json
from array import array
from collections.abc import Iterable

from iton.corpus.article import Article

# The article columns every backend stores, in the order of :func:`article_values`.
ARTICLE_COLUMNS = (
    "id, outlet, url, title, subtitle, body, published, published_day, published_raw, author, "
    "source, source_line, input_normalized, content_hash, normalized, index_lemmas, index_forms, "
    "spans, repeats, warnings, minhash, entities, meta, provenance"
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
    )  # fmt: skip


def pack_spans(spans: Iterable[tuple[int, int]]) -> bytes:
    """Character spans packed into bytes (machine ``int`` start, end pairs) for the ``spans`` column."""
    flat = array("i")
    for start, end in spans:
        flat.append(start)
        flat.append(end)
    return flat.tobytes()


def unpack_spans(blob: bytes) -> list[tuple[int, int]]:
    """The spans that :func:`pack_spans` packed."""
    flat = array("i")
    flat.frombytes(blob)
    return list(zip(flat[0::2], flat[1::2], strict=True))
