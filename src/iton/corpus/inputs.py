"""The bytes of an input source: listing sources, gzip (truncated too), text encodings, format sniffing."""

from __future__ import annotations

import codecs
import glob
import gzip
import json
import os
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from iton.errors import SourceNotFound

__all__ = ["EXTENSIONS", "RawSource", "detect_format", "expand_sources", "expected_records", "is_url", "load_source"]

# The input formats a source can be read as (detected, or forced with --format).
FORMATS = ("jsonl", "json", "csv", "txt", "html", "feed")
EXTENSIONS = {
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv", ".tsv": "csv",
    ".txt": "txt", ".text": "txt", ".html": "html", ".htm": "html", ".xhtml": "html",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
}  # fmt: skip

# Bytes of a file looked at to tell text from binary and to sniff an unknown format.
SNIFF_BYTES = 8192
# A text file with a stray NUL has one or a few; images, archives and databases are full of zero
# padding. Above this share of NUL bytes in the first SNIFF_BYTES the file is binary.
BINARY_NUL_SHARE = 0.05
# Compressed bytes fed to the decompressor at a time: a corrupt stream loses at most this much.
GUNZIP_CHUNK_BYTES = 64 * 1024
# Byte-order marks that name an encoding where UTF-8 is assumed; UTF-32 first (its LE mark starts
# with UTF-16's).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)  # fmt: skip
# Encodings whose bytes are not line-oriented ASCII supersets: the whole file is decoded up front.
_WIDE_ENCODINGS = {"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"}
# Field names that mark the first line of a CSV file when its name does not say it is CSV.
_CSV_HEADER_NAMES = {"id", "title", "body", "text", "content", "headline", "url", "published", "date"}
_COMMENT = re.compile(rb"^\s*#")


@dataclass(slots=True)
class RawSource:
    """The bytes of one source, as UTF-8 when they were UTF-16/32, with what went wrong reading them.

    ``encoding`` is the encoding of ``data`` from here on; ``damage`` says why the data stops
    early (a truncated or corrupt .gz) and ``transcode_problem`` why some characters were replaced.
    """

    data: bytes
    encoding: str
    damage: str | None = None
    transcode_problem: str | None = None

    def looks_binary(self) -> bool:
        """True when the start of the data is mostly not text (many NUL bytes)."""
        head = self.data[:SNIFF_BYTES]
        return bool(head) and head.count(b"\x00") > BINARY_NUL_SHARE * len(head)


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


def load_source(path: str, encoding: str) -> RawSource:
    """The bytes of ``path`` (gunzipped as far as they go), re-encoded as UTF-8 when they are UTF-16/32.

    Raises OSError when the file cannot be read at all.
    """
    with open(path, "rb") as handle:
        data = handle.read()
    damage = None
    if path.lower().endswith(".gz"):
        data, damage = _gunzip(data)
    source = RawSource(data, encoding, damage)
    _transcode(source)
    return source


def _gunzip(raw: bytes) -> tuple[bytes, str | None]:
    """Everything that decompresses, and why the stream stops early (None when it is whole)."""
    out: list[bytes] = []
    while raw:
        stream = zlib.decompressobj(wbits=31)  # 31: a gzip header and trailer
        try:
            for start in range(0, len(raw), GUNZIP_CHUNK_BYTES):
                out.append(stream.decompress(raw[start : start + GUNZIP_CHUNK_BYTES]))
                if stream.eof:
                    break
        except zlib.error as error:
            size = sum(map(len, out))
            return b"".join(out), f"corrupt compressed data after {size:,} bytes uncompressed ({error})"
        if not stream.eof:
            size = sum(map(len, out))
            return b"".join(out), f"truncated .gz: the compressed file ends before its end-of-stream marker, after {size:,} bytes uncompressed"
        raw = stream.unused_data.lstrip(b"\x00")  # another gzip member may follow; zero padding may not
    return b"".join(out), None


def _transcode(source: RawSource) -> None:
    name = codecs.lookup(source.encoding).name
    wide = name if name in _WIDE_ENCODINGS else None
    if wide is None and name in ("utf-8", "utf-8-sig"):
        wide = next((enc for bom, enc in _BOMS if source.data.startswith(bom)), None)
    if wide is None:
        return
    try:
        text = source.data.decode(wide)
    except UnicodeDecodeError as error:
        text = source.data.decode(wide, "replace")
        source.transcode_problem = (f"invalid {wide} at byte {error.start} ({error.reason}); "
                                    "the undecodable bytes were replaced with U+FFFD")  # fmt: skip
    source.data = text.removeprefix("\ufeff").encode("utf-8", "surrogatepass")
    source.encoding = "utf-8"


def detect_format(name: str, head: bytes) -> tuple[str, str]:
    """The format of a file from its name, else from its first bytes: ``(format, how)``.

    By content, blank lines and ``#`` comment lines are passed over: a line that is a JSON object
    means JSON Lines, ``[`` or one object over many lines JSON, a header line naming article
    fields CSV; then feeds and HTML pages; anything else is a text article.
    """
    base = name[:-3] if name.lower().endswith(".gz") else name
    suffix = Path(base).suffix.lower()
    if suffix in EXTENSIONS:
        return EXTENSIONS[suffix], "extension"
    lines = [line for line in head.lstrip(b"\xef\xbb\xbf").splitlines() if line.strip() and not _COMMENT.match(line)]
    first = lines[0].strip() if lines else b""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:512].lower()
    if first.startswith(b"{"):
        return ("jsonl" if _is_json_object(first) or len(lines) == 1 else "json"), "content"
    if first.startswith(b"["):
        return "json", "content"
    if b"<rss" in start or b"<feed" in start or b"<rdf:rdf" in start:
        return "feed", "content"
    if start.startswith((b"<!doctype html", b"<html")) or b"<html" in start:
        return "html", "content"
    if _is_csv_header(first):
        return "csv", "content"
    return "txt", "content"


def _is_json_object(line: bytes) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, RecursionError):
        return len(line) >= SNIFF_BYTES // 2  # cut off by the sniff window: a long one-line record


def _is_csv_header(line: bytes) -> bool:
    for delimiter in (b",", b"\t"):
        names = {part.strip(b' "').decode("utf-8", "replace").lower() for part in line.split(delimiter)}
        if len(names) >= 2 and names & _CSV_HEADER_NAMES:
            return True
    return False


def expected_records(sources: Iterable[str], format: str | None = None) -> int | None:
    """About how many records ``sources`` (already expanded) hold, for a progress bar's total and
    ETA: lines of JSON Lines and CSV files (less a header), one per text or HTML page; None when
    any source cannot be counted cheaply (a feed, a JSON array, a URL); ``format`` as given by the
    user, else detected per file. Never raises."""
    total = 0
    for source in sources:
        if is_url(source):
            return None
        try:
            opener = gzip.open if source.lower().endswith(".gz") else open
            with opener(source, "rb") as handle:
                head = handle.read(SNIFF_BYTES)
                fmt = format or detect_format(source, head)[0]
                if fmt in ("txt", "html"):
                    total += 1
                    continue
                if fmt not in ("jsonl", "csv"):
                    return None
                lines = head.count(b"\n") + sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
        except (OSError, EOFError, zlib.error):  # a bad gzip file included; read_sources reports it
            continue
        total += lines - (1 if fmt == "csv" else 0)
    return total
