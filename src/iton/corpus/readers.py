"""Readers for each input format (jsonl, json, csv, txt, html, rss/atom) and format detection."""

from __future__ import annotations

import codecs
import csv
import glob
import gzip
import html as html_lib
import io
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from iton.corpus.article import Article, Reject
from iton.corpus.dates import parse_date
from iton.errors import FieldMapError, InvalidOption, SourceNotFound, UnknownFormat

__all__ = [
    "FORMATS",
    "ReadOptions",
    "SourceInfo",
    "detect_format",
    "expand_sources",
    "parse_field_map",
    "read_sources",
]

FORMATS = ("jsonl", "json", "csv", "txt", "html", "feed")
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

EXTENSIONS = {
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv", ".tsv": "csv",
    ".txt": "txt", ".text": "txt", ".html": "html", ".htm": "html", ".xhtml": "html",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
}  # fmt: skip

# Bytes of a file looked at to tell text from binary and to sniff an unknown format.
SNIFF_BYTES = 8192
# Fewer words than this extracted from an HTML page means no article: what the extractor falls
# back to on index, error and login pages is a few navigation links; a news brief has sentences.
MIN_HTML_ARTICLE_WORDS = 12
# How many characters of a bad record go into the rejects file: enough to find it again.
EXCERPT_CHARS = 200
# Longest CSV field read: a field holds a whole article, and long ones pass the csv module's
# 128 kB default (which rejected the rest of the file); an unclosed quote still stops here.
MAX_CSV_FIELD_CHARS = 64 * 1024 * 1024

_TAG = re.compile(r"<[^>]+>")
_SURROGATE = re.compile("[\ud800-\udfff]")
_BLOCK_TAG = re.compile(r"</?(?:p|div|br|li|h[1-6]|tr|blockquote)\b[^>]*>", re.IGNORECASE)


@dataclass(slots=True)
class ReadOptions:
    """How sources are read: a forced ``format`` (None detects), a ``field_map`` from article
    field to source field name, the text ``encoding``, and ``normalized`` for corpora that are
    already in the normalized form (like the seed)."""

    format: str | None = None
    field_map: dict[str, str] = field(default_factory=dict)
    encoding: str = "utf-8"
    normalized: bool = False

    def __post_init__(self) -> None:
        if self.format is not None and self.format not in FORMATS:
            raise UnknownFormat(self.format, FORMATS)
        try:
            codecs.lookup(self.encoding)
        except LookupError:
            raise InvalidOption("encoding", self.encoding, "a text encoding such as utf-8 or cp1255") from None
        for key in self.field_map:
            if key not in MAPPABLE_FIELDS:
                raise FieldMapError(f"{key}={self.field_map[key]}", MAPPABLE_FIELDS)


@dataclass(slots=True)
class SourceInfo:
    """Announces a source before its records: which format was used and how it was chosen."""

    source: str
    format: str
    how: str  # "given", "extension", "content" or "url"


def parse_field_map(text: str | None) -> dict[str, str]:
    """``"body=content,published=date"`` as a dict; raises FieldMapError on a bad pair."""
    if not text:
        return {}
    mapping: dict[str, str] = {}
    for pair in text.split(","):
        key, sep, value = pair.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or key not in MAPPABLE_FIELDS or not value:
            raise FieldMapError(pair, MAPPABLE_FIELDS)
        mapping[key] = value
    return mapping


def is_url(source: str) -> bool:
    """True when ``source`` is an http(s) URL (read as a feed), not a path."""
    return source.startswith(("http://", "https://"))


def expand_sources(sources: Iterable[str | os.PathLike]) -> Iterator[str]:
    """Files, directories (recursively, sorted, hidden files skipped), globs and URLs, in order."""
    for item in sources:
        source = str(item)
        if is_url(source):
            yield source
        elif os.path.isdir(source):
            for root, dirs, files in os.walk(source):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield os.path.join(root, name)
        elif os.path.exists(source):
            yield source
        elif glob.has_magic(source):
            matches = sorted(glob.glob(source, recursive=True))
            if not matches:
                raise SourceNotFound(source)
            yield from expand_sources(matches)
        else:
            raise SourceNotFound(source)


def detect_format(name: str, head: bytes) -> tuple[str, str]:
    """The format of a file from its name, else from its first bytes: ``(format, how)``."""
    base = name[:-3] if name.lower().endswith(".gz") else name
    suffix = Path(base).suffix.lower()
    if suffix in EXTENSIONS:
        return EXTENSIONS[suffix], "extension"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:512].lower()
    if start.startswith(b"{"):
        return "jsonl", "content"
    if start.startswith(b"["):
        return "json", "content"
    if b"<rss" in start or b"<feed" in start or b"<rdf:rdf" in start:
        return "feed", "content"
    if start.startswith((b"<!doctype html", b"<html")) or b"<html" in start:
        return "html", "content"
    return "txt", "content"


def read_sources(
    sources: Iterable[str | os.PathLike], options: ReadOptions | None = None
) -> Iterator[SourceInfo | Article | Reject]:
    """Every record of every source: a SourceInfo per source, then its Articles and Rejects."""
    options = options or ReadOptions()
    for source in expand_sources(sources):
        if is_url(source):
            yield SourceInfo(source, "feed", "url")
            yield from _read_feed(source, source, options)
            continue
        try:
            data = _read_bytes(source)
        except (OSError, EOFError, gzip.BadGzipFile) as error:
            yield Reject(source, None, f"cannot read the file ({error}); check it is readable")
            continue
        fmt, how = (options.format, "given") if options.format else detect_format(source, data[:SNIFF_BYTES])
        yield SourceInfo(source, fmt, how)
        if not data.strip():
            yield Reject(source, None, "empty file: nothing to ingest; remove it or give the right file")
            continue
        if b"\x00" in data[:SNIFF_BYTES]:
            yield Reject(
                source, None, "binary file (NUL bytes), not text; give a UTF-8 text, HTML, JSON or CSV file"
            )
            continue
        yield from _READERS[fmt](source, data, options)


def _read_bytes(path: str) -> bytes:
    if path.lower().endswith(".gz"):
        with gzip.open(path, "rb") as handle:
            return handle.read()
    with open(path, "rb") as handle:
        return handle.read()


def _decode(raw: bytes, encoding: str) -> tuple[str | None, str]:
    """The text of ``raw``, or None and the reason it is not valid in ``encoding``."""
    try:
        return raw.decode("utf-8-sig" if encoding.lower() in ("utf-8", "utf8") else encoding), ""
    except UnicodeDecodeError as error:
        bad = raw[error.start : error.start + 1]
        hint = " (it looks like Windows Hebrew: pass --encoding cp1255)" if bad and 0xE0 <= bad[0] <= 0xFA else ""
        return None, (
            f"wrong encoding: not valid {encoding} (byte 0x{bad.hex()} at byte {error.start}){hint}; "
            "re-save the file as UTF-8 or pass the right --encoding"
        )


def _excerpt(text: str | bytes) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return text[:EXCERPT_CHARS]


def _value(record: dict, name: str, options: ReadOptions) -> object:
    if name in options.field_map:  # record keys are lower-cased, so the mapped name is too
        return record.get(options.field_map[name].strip().lower())
    for candidate in DEFAULT_NAMES[name]:
        if candidate in record and record[candidate] not in (None, ""):
            return record[candidate]
    return None


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        value = ", ".join(str(item) for item in value)
    text = str(value).strip()
    if _SURROGATE.search(text):  # a JSON "\ud800" escape with no pair: not storable as UTF-8
        text = _SURROGATE.sub("\ufffd", text)
    return text or None


def build_article(record: dict, source: str, line: int | None, options: ReadOptions) -> Article | Reject:
    """An Article from a dict of fields (after the field map), or a Reject that says what is missing."""
    lowered = {str(key).strip().lower(): value for key, value in record.items() if key is not None}
    body = _value(lowered, "body", options)
    if isinstance(body, (dict, list)):
        return Reject(source, line, "body is not text (an object or a list); give the article text as a string",
                      _excerpt(json.dumps(record, ensure_ascii=False)))  # fmt: skip
    body_text = _text(body)
    if not body_text:
        wanted = options.field_map.get("body", "body' or 'text")
        return Reject(
            source,
            line,
            f"missing body: the record has no '{wanted}' field with text (fields: "
            f"{', '.join(map(str, lowered)) or 'none'}); add it or map it with --field-map body=NAME",
            _excerpt(json.dumps(record, ensure_ascii=False, default=str)),
        )
    if "\x00" in body_text:
        return Reject(source, line, "body holds NUL characters (binary data); give the article text")
    article = Article(
        body=body_text,
        id=_text(_value(lowered, "id", options)),
        outlet=_text(_value(lowered, "outlet", options)),
        url=_text(_value(lowered, "url", options)),
        title=_text(_value(lowered, "title", options)),
        subtitle=_text(_value(lowered, "subtitle", options)),
        author=_text(_value(lowered, "author", options)),
        source=source,
        line=line,
        input_normalized=options.normalized,
    )
    set_published(article, _text(_value(lowered, "published", options)))
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


def _read_jsonl(source: str, data: bytes, options: ReadOptions) -> Iterator[Article | Reject]:
    for number, raw in enumerate(data.splitlines(), start=1):
        if not raw.strip():
            continue
        text, problem = _decode(raw, options.encoding)
        if text is None:
            yield Reject(source, number, problem, _excerpt(raw))
            continue
        try:
            record = json.loads(text)
        except json.JSONDecodeError as error:
            yield Reject(
                source, number, f"invalid JSON ({error.msg} at column {error.colno}); fix the line or remove it",
                _excerpt(text),
            )  # fmt: skip
            continue
        if not isinstance(record, dict):
            yield Reject(source, number, f"a JSON {type(record).__name__}, not an object; write one "
                         "{...} object per line", _excerpt(text))  # fmt: skip
            continue
        yield build_article(record, source, number, options)


def _read_json(source: str, data: bytes, options: ReadOptions) -> Iterator[Article | Reject]:
    text, problem = _decode(data, options.encoding)
    if text is None:
        yield Reject(source, None, problem)
        return
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        if text.lstrip().startswith("{") and "\n" in text.strip():
            yield from _read_jsonl(source, data, options)  # a .json file holding JSON Lines
            return
        yield Reject(source, error.lineno, f"invalid JSON ({error.msg} at column {error.colno}); fix the file")
        return
    if isinstance(document, dict):
        document = document.get("articles", document.get("items", [document]))
    if not isinstance(document, list):
        yield Reject(source, None, "JSON is neither an object nor a list of objects; give a list of articles")
        return
    for number, record in enumerate(document, start=1):
        if not isinstance(record, dict):
            yield Reject(source, number, f"item {number} is a {type(record).__name__}, not an object")
            continue
        yield build_article(record, source, number, options)


def _read_csv(source: str, data: bytes, options: ReadOptions) -> Iterator[Article | Reject]:
    delimiter = "\t" if source.lower().removesuffix(".gz").endswith(".tsv") else ","
    csv.field_size_limit(max(csv.field_size_limit(), MAX_CSV_FIELD_CHARS))
    bad_lines: dict[int, str] = {}

    def decoded_lines() -> Iterator[str]:
        for number, raw in enumerate(data.splitlines(keepends=True), start=1):
            text, problem = _decode(raw, options.encoding)
            if text is None:
                bad_lines[number] = problem
                text = raw.decode(options.encoding, "replace")
            yield text

    reader = csv.DictReader(decoded_lines(), delimiter=delimiter)
    start = 2
    try:
        for row in reader:
            end = reader.line_num
            problems = [bad_lines[n] for n in range(start, end + 1) if n in bad_lines]
            if problems:
                yield Reject(source, start, problems[0], _excerpt(json.dumps(row, ensure_ascii=False)))
            elif None in row:
                yield Reject(source, start, f"{len(row[None])} more values than the header has columns; "
                             "quote values that hold commas", _excerpt(str(row[None])))  # fmt: skip
            else:
                yield build_article(row, source, start, options)
            start = end + 1
    except csv.Error as error:
        yield Reject(source, start, f"malformed CSV ({error}); fix the quoting from this line on")
    if 1 in bad_lines:
        yield Reject(source, 1, bad_lines[1])


def _read_txt(source: str, data: bytes, options: ReadOptions) -> Iterator[Article | Reject]:
    text, problem = _decode(data, options.encoding)
    if text is None:
        yield Reject(source, None, problem, _excerpt(data))
        return
    text = text.replace("\r\n", "\n").strip()
    if options.normalized:
        # A normalized corpus file is one article in the seed's form; its name is its id.
        yield Article(body=text, id=_stem(source), source=source, line=1, input_normalized=True)
        return
    title, _, body = text.partition("\n")
    body = body.strip()
    if not body:
        yield Reject(source, 1, "missing body: the text file has only one line (read as its title); "
                     "put the title on the first line and the article below it", _excerpt(text))  # fmt: skip
        return
    yield Article(body=body, title=title.strip() or None, source=source, line=1, id=None)


def _stem(source: str) -> str:
    name = os.path.basename(source)
    for suffix in (".gz", ".txt", ".text"):
        name = name.removesuffix(suffix)
    return name


def _read_html(source: str, data: bytes, options: ReadOptions) -> Iterator[Article | Reject]:
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    text, problem = _decode(data, options.encoding)
    if text is None:
        yield Reject(source, None, problem, _excerpt(data))
        return
    result = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False, include_tables=False)
    if result is not None and not isinstance(result, dict):
        result = result.as_dict()
    body = (result or {}).get("text") or ""
    if len(body.split()) < MIN_HTML_ARTICLE_WORDS:
        yield Reject(source, None, f"no article found in the HTML page (main text: {len(body.split())} words); give an article "
                     "page, not an index, login or error page", _excerpt(text))  # fmt: skip
        return
    article = Article(
        body=body.strip(),
        title=_text(result.get("title")),
        subtitle=_text(result.get("description")),
        author=_text(result.get("author")),
        url=_text(result.get("url")),
        outlet=_text(result.get("sitename")) or _text(result.get("hostname")),
        source=source,
        line=None,
        input_normalized=options.normalized,
    )
    set_published(article, _text(result.get("date")))
    yield article


def _html_to_text(fragment: str) -> str:
    text = _BLOCK_TAG.sub("\n", fragment)
    text = html_lib.unescape(_TAG.sub("", text))
    lines = (re.sub(r"[ \t]+", " ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _read_feed(source: str, data: bytes | str, options: ReadOptions) -> Iterator[Article | Reject]:
    import feedparser

    parsed = feedparser.parse(io.BytesIO(data) if isinstance(data, bytes) else data)
    if not parsed.entries:
        reason = "no entries in the feed"
        if parsed.get("bozo"):
            reason += f" (not a valid RSS/Atom feed: {parsed.get('bozo_exception')})"
        yield Reject(source, None, reason + "; give an RSS or Atom feed with items")
        return
    outlet = _text(parsed.feed.get("title"))
    for number, entry in enumerate(parsed.entries, start=1):
        content = entry.get("content") or []
        summary = _html_to_text(entry.get("summary", "") or "")
        body = _html_to_text(content[0].get("value", "")) if content else summary
        record = {
            "id": entry.get("id"),
            "url": entry.get("link"),
            "title": entry.get("title"),
            "subtitle": summary if content and summary != body else None,
            "body": body,
            "published": entry.get("published") or entry.get("updated"),
            "author": entry.get("author"),
            "outlet": outlet,
        }
        yield build_article(record, source, number, ReadOptions(normalized=options.normalized))


_READERS = {
    "jsonl": _read_jsonl,
    "json": _read_json,
    "csv": _read_csv,
    "txt": _read_txt,
    "html": _read_html,
    "feed": _read_feed,
}
