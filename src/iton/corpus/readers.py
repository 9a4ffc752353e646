"""Readers for each input format (jsonl, json, csv, txt, html, rss/atom), record by record."""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from iton.corpus.article import Article, Reject
from iton.corpus.feeds import read_feed
from iton.corpus.fields import (
    EXCERPT_CHARS,
    ReadOptions,
    build_article,
    excerpt,
    plain_text,
    set_published,
    too_big,
)
from iton.corpus.inputs import (
    SNIFF_BYTES,
    detect_format,
    expand_sources,
    is_url,
    load_source,
)

__all__ = ["SourceInfo", "parse_json", "read_sources"]

# Fewer words than this extracted from an HTML page means no article: what the extractor falls
# back to on index, error and login pages is a few navigation links; a news brief has sentences.
MIN_HTML_ARTICLE_WORDS = 12
# Longest CSV field read: a field holds a whole article, and long ones pass the csv module's
# 128 kB default (which rejected the rest of the file); an unclosed quote still stops here.
MAX_CSV_FIELD_CHARS = 64 * 1024 * 1024


@dataclass(slots=True)
class SourceInfo:
    """Announces a source before its records: which format was used and how it was chosen."""

    source: str
    format: str
    how: str  # "given", "extension", "content" or "url"


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
                         + (" and this last, cut-off line skipped" if line else ""), excerpt(partial))  # fmt: skip


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
        if problem := too_big(len(raw), options):
            yield Reject(source, number, problem, excerpt(raw[:EXCERPT_CHARS]))
            continue
        if raw.lstrip().startswith(b"#"):
            yield Reject(source, number, "comment line (#), not a record: skipped", excerpt(raw), kind="warning")
            continue
        text, problem = _decode(raw, options.encoding)
        if text is None:
            yield Reject(source, number, problem, excerpt(raw))
            continue
        record, problem = parse_json(text)
        if problem:
            yield Reject(source, number, problem, excerpt(text))
            continue
        if not isinstance(record, dict):
            yield Reject(source, number, f"a JSON {type(record).__name__}, not an object; write one "
                         "{...} object per line", excerpt(text))  # fmt: skip
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
                             "ends; this line skipped, reading goes on at the next", excerpt(lines[start]))  # fmt: skip
                position = start + 1
                break  # a fresh reader from the next line
            end = position  # lines[start:end] made this row
            if not any(field.strip() for field in row):
                continue
            if end - start > 1 and len(row) != len(header):
                yield Reject(source, start + 1, f"broken CSV row: a quote opened here does not close before the next "
                             f"rows ({len(row)} values over {end - start} lines, the header has {len(header)}); "
                             "this line skipped, reading goes on at the next", excerpt(lines[start]))  # fmt: skip
                position = start + 1
                break
            problems = [bad_lines[n] for n in range(start + 1, end + 1) if n in bad_lines]
            if problems:
                yield Reject(source, start + 1, problems[0], excerpt(lines[start]))
            elif len(row) > len(header):
                yield Reject(source, start + 1, f"{len(row) - len(header)} more values than the header has columns; "
                             "quote values that hold commas", excerpt(str(row[len(header):])))  # fmt: skip
            elif problem := too_big(sum(len(line.encode()) for line in lines[start:end]), options):
                yield Reject(source, start + 1, problem, excerpt(lines[start]))
            else:
                yield build_article(dict(zip(header, row, strict=False)), source, start + 1, options)


def _whole_file_text(source: str, data: bytes, options: ReadOptions) -> tuple[str | None, Reject | None]:
    """The text of a file that is one article (text, HTML), or why it cannot be read: too big, or
    not in its encoding."""
    if problem := too_big(len(data), options):
        return None, Reject(source, None, problem, excerpt(data[:EXCERPT_CHARS]))
    text, problem = _decode(data, options.encoding)
    if text is None:
        return None, Reject(source, None, problem, excerpt(data))
    return text, None


def _read_txt(source: str, data: bytes, options: ReadOptions) -> Iterator[Article | Reject]:
    text, reject = _whole_file_text(source, data, options)
    if reject is not None:
        yield reject
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
                     "put the title on the first line and the article below it", excerpt(text))  # fmt: skip
        return
    yield Article(body=body, title=title.strip() or None, source=source, line=1, id=None)


def _stem(source: str) -> str:
    name = os.path.basename(source)
    for suffix in (".gz", ".txt", ".text"):
        name = name.removesuffix(suffix)
    return name


def _read_html(source: str, data: bytes, options: ReadOptions) -> Iterator[Article | Reject]:
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    text, reject = _whole_file_text(source, data, options)
    if reject is not None:
        yield reject
        return
    result = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False, include_tables=False)
    if result is not None and not isinstance(result, dict):
        result = result.as_dict()
    body = (result or {}).get("text") or ""
    if len(body.split()) < MIN_HTML_ARTICLE_WORDS:
        yield Reject(source, None, f"no article found in the HTML page (main text: {len(body.split())} words); give an article "
                     "page, not an index, login or error page", excerpt(text))  # fmt: skip
        return
    article = Article(
        body=body.strip(),
        title=plain_text(result.get("title")),
        subtitle=plain_text(result.get("description")),
        author=plain_text(result.get("author")),
        url=plain_text(result.get("url")),
        outlet=plain_text(result.get("sitename")) or plain_text(result.get("hostname")),
        source=source,
        line=None,
        input_normalized=options.normalized,
    )
    set_published(article, plain_text(result.get("date")))
    yield article


def _read_feed(source: str, data: bytes | str, options: ReadOptions) -> Iterator[Article | Reject]:

    return read_feed(source, data, options)


_READERS = {
    "jsonl": _read_jsonl,
    "json": _read_json,
    "csv": _read_csv,
    "txt": _read_txt,
    "html": _read_html,
    "feed": _read_feed,
}

