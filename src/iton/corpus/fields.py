"""A source record's fields made into one Article: field names and maps, types, dates, size, meta."""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass, field

from iton.corpus.article import Article, Reject
from iton.corpus.dates import parse_date
from iton.corpus.inputs import FORMATS
from iton.errors import FieldMapError, InvalidOption, UnknownFormat

MAPPABLE_FIELDS = ("id", "outlet", "url", "title", "subtitle", "body", "published", "author")

# Field names tried, in order, when no field map names the source's column.
DEFAULT_NAMES = {
    "id": ("id", "article_id", "guid"),
    "outlet": ("outlet", "source", "site", "sitename", "publisher"),
    "url": ("url", "link", "href"),
    "title": ("title", "headline"),
    "subtitle": ("subtitle", "subheadline", "lead", "description"),
    "body": ("body", "text", "content", "article"),
    "published": ("published", "date", "published_at", "pubdate", "datetime"),
    "author": ("author", "byline", "authors"),
}

# How many characters of a bad record go into the rejects file: enough to find it again.
EXCERPT_CHARS = 200
# Largest record read, in bytes of its source (a JSON line, a CSV row, a text or HTML file). The
# longest news articles run to about 100 kB; analysis takes about 20 s a megabyte on one core, so
# a record far past any article (a whole book, a database dump in one field) is refused up front.
MAX_RECORD_BYTES = 1_000_000

_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(slots=True)
class ReadOptions:
    """How sources are read: a forced ``format`` (None detects), a ``field_map`` from article
    field to source field name, the text ``encoding``, ``normalized`` for corpora that are
    already in the normalized form (like the seed), and ``max_record_bytes``, the largest record
    read (larger ones are rejected with the reason)."""

    format: str | None = None
    field_map: dict[str, str] = field(default_factory=dict)
    encoding: str = "utf-8"
    normalized: bool = False
    max_record_bytes: int = MAX_RECORD_BYTES

    def __post_init__(self) -> None:
        if self.max_record_bytes < 1:
            raise InvalidOption("max-record-bytes", self.max_record_bytes, "a positive number of bytes")
        if self.format is not None and self.format not in FORMATS:
            raise UnknownFormat(self.format, FORMATS)
        try:
            codecs.lookup(self.encoding)
        except LookupError:
            raise InvalidOption("encoding", self.encoding, "a text encoding such as utf-8 or cp1255") from None
        for key in self.field_map:
            if not key.strip():
                raise FieldMapError(f"{key}={self.field_map[key]}", MAPPABLE_FIELDS)


def parse_field_map(text: str | None) -> dict[str, str]:
    """``"body=content,published=date"`` as a dict; raises FieldMapError on a bad pair. A FIELD
    that is not an article field names an entry of the article's ``meta``."""
    if not text:
        return {}
    mapping: dict[str, str] = {}
    for pair in text.split(","):
        key, sep, value = pair.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not key or not value:
            raise FieldMapError(pair, MAPPABLE_FIELDS)
        mapping[key] = value
    return mapping


def excerpt(text: str | bytes) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return text[:EXCERPT_CHARS]


def _value(record: dict, name: str, options: ReadOptions) -> object:
    key = _key(record, name, options)
    return None if key is None else record.get(key)


def _key(record: dict, name: str, options: ReadOptions) -> str | None:
    """The source field that holds article field ``name``: the mapped one, else the first default name with a value."""
    if name in options.field_map:  # record keys are lower-cased, so the mapped name is too
        return options.field_map[name].strip().lower()
    for candidate in DEFAULT_NAMES[name]:
        if candidate in record and record[candidate] not in (None, ""):
            return candidate
    return None


def _meta(record: dict, options: ReadOptions) -> dict:
    """The source fields no article field took, by name (a --field-map target that is not an
    article field renames its source field); empty values are left out."""
    used = {_key(record, name, options) for name in MAPPABLE_FIELDS}
    renamed = {source.strip().lower(): target for target, source in options.field_map.items()
               if target not in MAPPABLE_FIELDS}  # fmt: skip
    meta = {}
    for key, value in record.items():
        if key in used or value in (None, "", [], {}):
            continue
        meta[renamed.get(key, key)] = _plain(value)
    return meta


def _plain(value: object) -> object:
    """A JSON value with unpaired surrogates replaced, so that it can be stored as UTF-8."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    return value


def plain_text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    if _SURROGATE.search(text):  # a JSON "\ud800" escape with no pair: not storable as UTF-8
        text = _SURROGATE.sub("\ufffd", text)
    return text or None


def _field_text(record: dict, name: str, options: ReadOptions, warnings: list[str]) -> str | None:
    """A metadata field as text; a value of another type is converted and the conversion reported."""
    value = _value(record, name, options)
    if value is None or isinstance(value, str):
        return plain_text(value)
    kind = _JSON_TYPE_NAMES.get(type(value), type(value).__name__)
    if name == "id" and isinstance(value, int) and not isinstance(value, bool):
        return plain_text(value)  # numeric ids are common and mean the same as their digits
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        if name != "author":  # several authors are a list; other fields are one value
            warnings.append(f"{name} is a list of {len(value)} strings, joined with ', '; give one string")
        return plain_text(", ".join(value))
    if isinstance(value, (dict, list)):
        warnings.append(f"{name} is {kind}, not text: left empty; give a string")
        return None
    warnings.append(f"{name} is {kind} ({value!r:.40}), stored as the text {str(value)!r:.40}; give a string")
    return plain_text(value)


_JSON_TYPE_NAMES = {bool: "a boolean", int: "a number", float: "a number", dict: "an object", list: "a list"}


def build_article(record: dict, source: str, line: int | None, options: ReadOptions) -> Article | Reject:
    """An Article from a dict of fields (after the field map), or a Reject that says what is missing.

    The body must be a string; another type in a metadata field is converted to text with a warning.
    """
    lowered = {str(key).strip().lower(): value for key, value in record.items() if key is not None}
    body = _value(lowered, "body", options)
    if body is not None and not isinstance(body, str):
        kind = _JSON_TYPE_NAMES.get(type(body), type(body).__name__)
        return Reject(source, line, f"body is {kind}, not text; give the article text as a string",
                      excerpt(json.dumps(record, ensure_ascii=False, default=str)))  # fmt: skip
    body_text = plain_text(body)
    if not body_text:
        wanted = options.field_map.get("body", "body' or 'text")
        return Reject(
            source,
            line,
            f"missing body: the record has no '{wanted}' field with text (fields: "
            f"{', '.join(map(str, lowered)) or 'none'}); add it or map it with --field-map body=NAME",
            excerpt(json.dumps(record, ensure_ascii=False, default=str)),
        )
    if "\x00" in body_text:
        return Reject(source, line, "body holds NUL characters (binary data); give the article text")
    if problem := too_big(len(body_text.encode("utf-8", "surrogatepass")), options):
        return Reject(source, line, f"body: {problem}", excerpt(body_text))
    warnings: list[str] = []
    article = Article(
        body=body_text,
        id=_field_text(lowered, "id", options, warnings),
        outlet=_field_text(lowered, "outlet", options, warnings),
        url=_field_text(lowered, "url", options, warnings),
        title=_field_text(lowered, "title", options, warnings),
        subtitle=_field_text(lowered, "subtitle", options, warnings),
        author=_field_text(lowered, "author", options, warnings),
        source=source,
        line=line,
        input_normalized=options.normalized,
        meta=_meta(lowered, options),
    )
    article.warnings.extend(warnings)
    set_published(article, _field_text(lowered, "published", options, article.warnings))
    if any(isinstance(value, str) and _SURROGATE.search(value) for value in lowered.values()):
        article.warnings.append("unpaired UTF-16 surrogate escapes (\\ud800-\\udfff) replaced with U+FFFD; "
                                "fix the encoder that wrote the file")
    return article



def set_published(article: Article, raw: str | None) -> None:
    """Parse ``raw`` into ``article.published``; keep the raw string and warn when it does not parse."""
    parsed = parse_date(raw)
    article.published = parsed.value
    article.published_raw = parsed.raw
    if not parsed.ok:
        article.warnings.append(
            f"date {parsed.raw!r} did not parse (kept as published_raw, published left empty); "
            "write it as ISO 8601 (2026-11-24), 24.11.2026 or 24 בנובמבר 2026"
        )


def too_big(size: int, options: ReadOptions) -> str | None:
    if size <= options.max_record_bytes:
        return None
    return (f"record of {size:,} bytes is over the limit of {options.max_record_bytes:,} bytes; "
            "split it, or raise the limit with --max-record-bytes")  # fmt: skip
