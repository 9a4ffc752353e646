"""Readers for each input format (jsonl, json, csv, txt, html, rss/atom) and format detection."""

from __future__ import annotations

import codecs
import csv
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from iton.corpus.article import Article, Reject
from iton.corpus.dates import parse_date
from iton.corpus.inputs import SNIFF_BYTES, detect_format, expand_sources, is_url, load_source
from iton.errors import FieldMapError, InvalidOption, UnknownFormat

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

# Fewer words than this extracted from an HTML page means no article: what the extractor falls
# back to on index, error and login pages is a few navigation links; a news brief has sentences.
MIN_HTML_ARTICLE_WORDS = 12
# How many characters of a bad record go into the rejects file: enough to find it again.
EXCERPT_CHARS = 200
# Longest CSV field read: a field holds a whole article, and long ones pass the csv module's
# 128 kB default (which rejected the rest of the file); an unclosed quote still stops here.
MAX_CSV_FIELD_CHARS = 64 * 1024 * 1024
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


@dataclass(slots=True)
class SourceInfo:
    """Announces a source before its records: which format was used and how it was chosen."""

    source: str
    format: str
    how: str  # "given", "extension", "content" or "url"


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


def read_sources(
    sources: Iterable[str | os.PathLike], options: ReadOptions | None = None
) -> Iterator[SourceInfo | Article | Reject]:
    """Every record of every source: a SourceInfo per source, then its Articles and Rejects.

    A bad record is a Reject with its line and the reason, and reading goes on with the next one;
    a source that breaks off (a truncated .gz) gives what it holds and a Reject saying where it stops.
    """
    options = options or ReadOptions()
    for source in expand_sources(sources):
        if is_url(source):
            yield SourceInfo(source, "feed", "url")
            yield from _guarded(source, _read_feed(source, source, options))
            continue
        try:
            raw = load_source(source, options.encoding)
        except OSError as error:
            yield Reject(source, None, f"cannot read the file ({error.strerror or error}); check it is readable")
            continue
        fmt, how = (options.format, "given") if options.format else detect_format(source, raw.data[:SNIFF_BYTES])
        yield SourceInfo(source, fmt, how)
        if raw.transcode_problem:
            yield Reject(source, None, raw.transcode_problem, kind="warning")
        if raw.looks_binary():
            yield Reject(source, None, "binary file (mostly NUL bytes), not text; give a UTF-8 text, HTML, JSON or CSV "
                         "file (UTF-16 needs a byte-order mark or --encoding utf-16)")  # fmt: skip
            continue
        data = raw.data
        partial = None
        if raw.damage:
            # the last line broke off with the stream: it is reported, not read as a record
            cut = data.rfind(b"\n") + 1
            data, partial = data[:cut], data[cut:]
        if not data.strip() and not raw.damage:
            yield Reject(source, None, "empty file: nothing to ingest; remove it or give the right file")
            continue
        read_as = replace(options, encoding=raw.encoding)
        yield from _guarded(source, _READERS[fmt](source, data, read_as))
        if raw.damage:
            line = data.count(b"\n") + 1 if partial.strip() else None
            yield Reject(source, line, f"{raw.damage}; the complete records before it were read"
                         + (" and this last, cut-off line skipped" if line else ""), _excerpt(partial))  # fmt: skip


def _guarded(source: str, records: Iterator[Article | Reject]) -> Iterator[Article | Reject]:
    """The records of one source; a reader failing in a way it did not foresee ends only that source."""
    line = None
    try:
        for record in records:
            line = record.line
            yield record
    except Exception as error:  # noqa: BLE001 - any failure is reported, and the other sources go on
        after = f" after line {line}" if line else ""
        yield Reject(source, None, f"reading stopped{after}: {type(error).__name__}: {error}; "
                     "the records before were read; please report this file")  # fmt: skip


def _decode(raw: bytes, encoding: str) -> tuple[str | None, str]:
    """The text of ``raw``, or None and the reason it is not valid in ``encoding``."""
    try:
        return raw.decode("utf-8-sig" if encoding.lower() in ("utf-8", "utf8") else encoding), ""
    except UnicodeDecodeError as error:
        if error.end == len(raw) and error.reason == "unexpected end of data":
            return None, ("truncated: the text ends in the middle of a character (the record was cut off); "
                          "complete it or remove it")  # fmt: skip
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


def _text(value: object) -> str | None:
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
        return _text(value)
    kind = _JSON_TYPE_NAMES.get(type(value), type(value).__name__)
    if name == "id" and isinstance(value, int) and not isinstance(value, bool):
        return _text(value)  # numeric ids are common and mean the same as their digits
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        if name != "author":  # several authors are a list; other fields are one value
            warnings.append(f"{name} is a list of {len(value)} strings, joined with ', '; give one string")
        return _text(", ".join(value))
    if isinstance(value, (dict, list)):
        warnings.append(f"{name} is {kind}, not text: left empty; give a string")
        return None
    warnings.append(f"{name} is {kind} ({value!r:.40}), stored as the text {str(value)!r:.40}; give a string")
    return _text(value)


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
                      _excerpt(json.dumps(record, ensure_ascii=False, default=str)))  # fmt: skip
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
    if problem := _too_big(len(body_text.encode("utf-8", "surrogatepass")), options):
        return Reject(source, line, f"body: {problem}", _excerpt(body_text))
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


def _too_big(size: int, options: ReadOptions) -> str | None:
    if size <= options.max_record_bytes:
        return None
    return (f"record of {size:,} bytes is over the limit of {options.max_record_bytes:,} bytes; "
            "split it, or raise the limit with --max-record-bytes")  # fmt: skip


def parse_json(text: str) -> tuple[object, str | None]:
    """The JSON value of ``text``, or None and the reason it cannot be read, in words that say the fix.

    Every failure of the parser is a reason here, never an exception: broken syntax, a record cut
    off before it closes, nesting too deep for the parser, numbers too long to convert.
    """
    try:
        return json.loads(text), None
    except json.JSONDecodeError as error:
        if error.pos >= len(text.rstrip()) or error.msg.startswith("Unterminated string"):
            return None, ("truncated JSON: the record ends before it closes (the line was cut off); "
                          "complete it or remove it")  # fmt: skip
        if "control character" in error.msg and text[error.pos] == "\x00":
            return None, f"NUL byte (binary data) at column {error.colno}; remove it or give the article text"
        return None, f"invalid JSON ({error.msg} at column {error.colno}); fix the line or remove it"
    except RecursionError:
        return None, "JSON nested too deeply to read (thousands of [ or {); an article record is one flat object"
    except ValueError as error:  # the interpreter's guard against converting huge integers
        return None, f"a number too long to read ({str(error).split(';')[0]}); write it as a string or remove it"


def _read_jsonl(source: str, data: bytes, options: ReadOptions) -> Iterator[Article | Reject]:
    for number, raw in enumerate(data.split(b"\n"), start=1):
        raw = raw.rstrip(b"\r")
        if not raw.strip():
            continue
        if problem := _too_big(len(raw), options):
            yield Reject(source, number, problem, _excerpt(raw[:EXCERPT_CHARS]))
            continue
        if raw.lstrip().startswith(b"#"):
            yield Reject(source, number, "comment line (#), not a record: skipped", _excerpt(raw), kind="warning")
            continue
        text, problem = _decode(raw, options.encoding)
        if text is None:
            yield Reject(source, number, problem, _excerpt(raw))
            continue
        record, problem = parse_json(text)
        if problem:
            yield Reject(source, number, problem, _excerpt(text))
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
    document, problem = parse_json(text)
    if problem:
        if text.lstrip().startswith("{") and "\n" in text.strip():
            yield from _read_jsonl(source, data, options)  # a .json file holding JSON Lines
            return
        yield Reject(source, None, f"{problem.replace('fix the line', 'fix the file')}; the whole file is one JSON "
                     "document, so nothing in it was read (JSON Lines, one record a line, loses only the bad line)")  # fmt: skip
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
    """Row by row. A row whose quote never closes would swallow the rows after it: a row that breaks
    the quoting rules, or spans lines and does not fit the header, is rejected alone and reading
    starts again on its next line."""
    delimiter = "\t" if source.lower().removesuffix(".gz").endswith(".tsv") else ","
    csv.field_size_limit(max(csv.field_size_limit(), MAX_CSV_FIELD_CHARS))
    raw_lines = data.splitlines(keepends=True)
    lines: list[str] = []
    bad_lines: dict[int, str] = {}
    for number, raw in enumerate(raw_lines, start=1):
        text, problem = _decode(raw, options.encoding)
        if text is None:
            bad_lines[number] = problem
            text = raw.decode(options.encoding, "replace")
        lines.append(text)
    if 1 in bad_lines:
        yield Reject(source, 1, bad_lines[1])
    if not lines:
        return
    header = next(csv.reader(lines[:1], delimiter=delimiter), [])
    position = 1  # index into lines of the next row's first line

    def feed() -> Iterator[str]:
        nonlocal position
        while position < len(lines):
            position += 1
            yield lines[position - 1]

    while position < len(lines):
        # strict: a quote closed by anything but a delimiter is an error, which is how a quote
        # left open shows up when it pairs with the opening quote of a later row
        reader = csv.reader(feed(), delimiter=delimiter, strict=True)
        while True:
            start = position
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as error:
                yield Reject(source, start + 1, f"broken CSV row ({error}): a quote in it is not closed where the row "
                             "ends; this line skipped, reading goes on at the next", _excerpt(lines[start]))  # fmt: skip
                position = start + 1
                break  # a fresh reader from the next line
            end = position  # lines[start:end] made this row
            if not any(field.strip() for field in row):
                continue
            if end - start > 1 and len(row) != len(header):
                yield Reject(source, start + 1, f"broken CSV row: a quote opened here does not close before the next "
                             f"rows ({len(row)} values over {end - start} lines, the header has {len(header)}); "
                             "this line skipped, reading goes on at the next", _excerpt(lines[start]))  # fmt: skip
                position = start + 1
                break
            problems = [bad_lines[n] for n in range(start + 1, end + 1) if n in bad_lines]
            if problems:
                yield Reject(source, start + 1, problems[0], _excerpt(lines[start]))
            elif len(row) > len(header):
                yield Reject(source, start + 1, f"{len(row) - len(header)} more values than the header has columns; "
                             "quote values that hold commas", _excerpt(str(row[len(header):])))  # fmt: skip
            elif problem := _too_big(sum(len(line.encode()) for line in lines[start:end]), options):
                yield Reject(source, start + 1, problem, _excerpt(lines[start]))
            else:
                yield build_article(dict(zip(header, row, strict=False)), source, start + 1, options)


def _read_txt(source: str, data: bytes, options: ReadOptions) -> Iterator[Article | Reject]:
    if problem := _too_big(len(data), options):
        yield Reject(source, None, problem, _excerpt(data[:EXCERPT_CHARS]))
        return
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

    if problem := _too_big(len(data), options):
        yield Reject(source, None, problem, _excerpt(data[:EXCERPT_CHARS]))
        return
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


def _read_feed(source: str, data: bytes | str, options: ReadOptions) -> Iterator[Article | Reject]:
    from iton.corpus.feeds import read_feed  # feeds builds on this module's records

    return read_feed(source, data, options)


_READERS = {
    "jsonl": _read_jsonl,
    "json": _read_json,
    "csv": _read_csv,
    "txt": _read_txt,
    "html": _read_html,
    "feed": _read_feed,
}

