"""The one Article record (reader to store to analysis to export), its entities, stable id and content hash."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from iton.corpus.dates import day_key

__all__ = [
    "ARTICLE_FIELDS",
    "Article",
    "Mention",
    "Reject",
    "canonical_url",
    "content_hash",
    "stable_id",
]

# The fixed fields of an article, in the order export writes them.
ARTICLE_FIELDS = ("id", "outlet", "url", "title", "subtitle", "body", "published", "author")

# Query parameters that only track the click and never change the page.
TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "dclid", "mc_cid", "mc_eid", "ref", "ref_src", "igshid", "yclid", "_ga"}
)


@dataclass(slots=True)
class Mention:
    """A named entity in an article, as the corpus keeps it: NEMO type, lemma form (the mention
    without clitics), the written text, its character offsets in the article's text (None when
    not known), and the ``canonical`` form of the entity it names in the article (נתניהו →
    בנימין נתניהו; empty in stores from before it was kept)."""

    label: str
    lemma: str
    text: str
    start: int | None = None
    end: int | None = None
    canonical: str = ""

    @classmethod
    def of(cls, entity) -> Mention:
        """The mention of a tagged :class:`iton.document.Entity`."""
        return cls(entity.label, entity.lemma, entity.text, entity.start, entity.end, entity.canonical or entity.lemma)

    @property
    def key(self) -> str:
        """The form analysis counts the mention by: its canonical form, else its lemma form."""
        return self.canonical or self.lemma

    def to_dict(self) -> dict:
        """The mention as plain data (the store, export and the API)."""
        return {"label": self.label, "text": self.text, "lemma": self.lemma, "canonical": self.canonical,
                "start": self.start, "end": self.end}


@dataclass(slots=True)
class Article:
    """One news article, from the reader that reads it to the store, the analysis and export.

    Readers fill the source fields: ``published`` is the ISO 8601 form when the date parsed
    (as precise as the source: ``2021``, ``2021-04``, ``2021-04-30`` or a full timestamp),
    else None; ``published_raw`` is the string the source gave; ``source`` and
    ``line`` say where the record came from; ``input_normalized`` marks a body that is
    already in the normalized form (``--normalized``); ``meta`` keeps the source's other
    fields by name (``--field-map`` can name them).

    Ingest fills the rest: the stable ``id``, the ``content_hash``, the ``normalized`` form
    (repeated passages removed), the index tokens (``lemmas``, written ``forms`` and the
    character ``spans`` in ``text`` of each), the ``alternatives`` (other probable lemmas of
    index tokens, as (position in ``lemmas``, lemma), which search weighs below the chosen
    lemma; empty in stores from before they were kept), the removed ``repeats``, the ``entities``
    (None when not tagged), the MinHash ``minhash``, and the ``provenance`` of the analysis
    (iton version, model hash, engine, hspell, options; empty in stores from before it was
    kept); the store adds ``rowid`` and the times.

    A layer that needs less reads less: a store reads a part of each row (``Store.get_rows`` and
    ``Store.iter_articles``, ``part`` one of ``rows.ROW_PARTS``) and leaves the rest empty; the
    "analysis" part, for instance, leaves the body, normalized form, forms and spans empty (the
    whole-corpus analysis keeps the lemmas of every article).
    """

    body: str
    id: str | None = None
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    subtitle: str | None = None
    published: str | None = None
    published_raw: str | None = None
    author: str | None = None
    source: str = ""
    line: int | None = None
    input_normalized: bool = False
    warnings: list[str] = field(default_factory=list)
    content_hash: str = ""
    normalized: str = ""
    lemmas: list[str] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    alternatives: list[tuple[int, str]] = field(default_factory=list)
    repeats: list[dict] = field(default_factory=list)
    entities: list[Mention] | None = None
    minhash: bytes | None = None
    meta: dict = field(default_factory=dict)
    provenance: dict = field(default_factory=dict)
    ingested_at: str = ""
    updated_at: str = ""
    rowid: int | None = None

    @property
    def text(self) -> str:
        """The text that is analysed and searched: title, subtitle and body, one per line;
        ``spans`` and entity offsets point into it."""
        return "\n".join(part for part in (self.title, self.subtitle, self.body) if part)

    @property
    def published_day(self) -> str | None:
        """The ``YYYY-MM-DD`` day of ``published`` for range filters (a year or a month counts as its first day)."""
        return day_key(self.published)

    def to_dict(self) -> dict:
        """Every field as plain data (rejects files and tests)."""
        return asdict(self)

    def to_record(self, with_index: bool = False) -> dict:
        """The article as export and the API give it: metadata, text, normalized form, what was removed."""
        record = {
            "id": self.id,
            "outlet": self.outlet,
            "url": self.url,
            "title": self.title,
            "subtitle": self.subtitle,
            "body": self.body,
            "published": self.published,
            "published_raw": self.published_raw,
            "author": self.author,
            "normalized": self.normalized,
            "repeats": self.repeats,
            "warnings": self.warnings,
            "entities": None if self.entities is None else [m.to_dict() for m in self.entities],
            "source": self.source,
            "source_line": self.line,
            "content_hash": self.content_hash,
            "ingested_at": self.ingested_at,
            "updated_at": self.updated_at,
            "meta": self.meta,
            "provenance": self.provenance,
        }
        if with_index:
            record.update(lemmas=self.lemmas, forms=self.forms, spans=[list(s) for s in self.spans],
                          alternatives=[list(a) for a in self.alternatives])
        return record


@dataclass(slots=True)
class Reject:
    """A record or file that could not be read: where it is and why, in words that say the fix."""

    source: str
    line: int | None
    reason: str
    excerpt: str = ""
    kind: str = "rejected"  # "rejected" (not stored) or "warning" (stored, with a problem)

    def to_dict(self) -> dict:
        """The reject as a plain dict (one line of the rejects file)."""
        return asdict(self)


def canonical_url(url: str) -> str:
    """The canonical form of ``url``: lower-case scheme and host, no ``www.``, no fragment,
    no tracking parameters, sorted query, no trailing slash. A URL that does not parse (a bad
    port, a broken IPv6 host) comes back stripped but otherwise as given.

    >>> canonical_url("HTTPS://www.Ynet.co.il/news/article/abc/?utm_source=x&b=2&a=1#top")
    'https://ynet.co.il/news/article/abc?a=1&b=2'
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:  # a bad port or IPv6 host: keep the URL as the source wrote it
        return url.strip()
    scheme = (parts.scheme or "http").lower()
    if scheme == "http":
        scheme = "https"  # the same page is served on both; https is what outlets link to
    host = parts.hostname.lower() if parts.hostname else ""
    host = host.removeprefix("www.")
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not key.lower().startswith("utm_") and key.lower() not in TRACKING_PARAMS
    ]
    path = parts.path.rstrip("/") or ""
    return urlunsplit((scheme, host, path, urlencode(sorted(query)), ""))


def content_hash(article: Article) -> str:
    """A SHA-256 digest of everything the source said about the article (not where it was read)."""
    said = [
        article.outlet,
        article.url,
        article.title,
        article.subtitle,
        article.body,
        article.published_raw,
        article.author,
        article.input_normalized,
    ]
    if article.meta:  # only when there is any: the digests of articles without meta stay as they were
        said.append(article.meta)
    payload = json.dumps(said, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def stable_id(article: Article) -> str:
    """The id the article keeps across ingests: the given id, else its canonical URL, else a
    hash of its title and body (``sha256:`` and the first 16 hex digits)."""
    if article.id is not None and str(article.id).strip():
        return str(article.id).strip()
    if article.url and article.url.strip():
        return canonical_url(article.url)
    digest = hashlib.sha256(f"{article.title or ''}\n{article.body}".encode()).hexdigest()
    return f"sha256:{digest[:16]}"
