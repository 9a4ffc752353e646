"""RSS and Atom feeds: one Article per item, a broken item rejected alone."""

from __future__ import annotations

import html as html_lib
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import replace

from iton.corpus.article import Article, Reject
from iton.corpus.fields import EXCERPT_CHARS, ReadOptions, build_article

__all__ = ["read_feed"]

_TAG = re.compile(r"<[^>]+>")
_BLOCK_TAG = re.compile(r"</?(?:p|div|br|li|h[1-6]|tr|blockquote)\b[^>]*>", re.IGNORECASE)
_ITEM_START = re.compile(rb"<(?:item|entry)[\s>/]", re.IGNORECASE)
_FEED_END = re.compile(rb"</(?:channel|feed|rdf:RDF)\s*>", re.IGNORECASE)
_NAMESPACE = re.compile(rb"""xmlns:([\w.-]+)\s*=\s*("[^"]*"|'[^']*')""")


def read_feed(source: str, data: bytes | str, options: ReadOptions) -> Iterator[Article | Reject]:
    """The items of a feed. When the feed is not well-formed XML, each item is parsed on its own,
    so an item left open (an unclosed CDATA section or tag) cannot swallow the items after it."""
    import feedparser

    parsed = feedparser.parse(io.BytesIO(data) if isinstance(data, bytes) else data)
    if parsed.get("bozo") and isinstance(data, bytes) and len(_ITEM_START.findall(data)) > 1:
        yield from _read_items_one_by_one(source, data, options)
        return
    if not parsed.entries:
        reason = "no entries in the feed"
        if parsed.get("bozo"):
            reason += f" (not a valid RSS/Atom feed: {parsed.get('bozo_exception')})"
        yield Reject(source, None, reason + "; give an RSS or Atom feed with items")
        return
    outlet = _text(parsed.feed.get("title"))
    for number, entry in enumerate(parsed.entries, start=1):
        yield _article(entry, outlet, source, number, options)


def _read_items_one_by_one(source: str, data: bytes, options: ReadOptions) -> Iterator[Article | Reject]:
    import feedparser

    starts = [m.start() for m in _ITEM_START.finditer(data)]
    head = data[: starts[0]]
    end = _FEED_END.search(data, starts[-1])
    bounds = [*starts[1:], end.start() if end else len(data)]
    namespaces = b" ".join(b"xmlns:%s=%s" % m.groups() for m in _NAMESPACE.finditer(head))
    outlet = _text(feedparser.parse(io.BytesIO(head)).feed.get("title"))
    for number, (start, stop) in enumerate(zip(starts, bounds, strict=True), start=1):
        item = data[start:stop]
        line = data.count(b"\n", 0, start) + 1
        if problem := _not_well_formed(item, namespaces):
            yield Reject(source, number, f"broken feed item at line {line} ({problem}); this item skipped, "
                         "the items after it are read", item[:EXCERPT_CHARS].decode("utf-8", "replace"))  # fmt: skip
            continue
        entries = feedparser.parse(io.BytesIO(head + item)).entries
        if not entries:
            yield Reject(source, number, f"feed item at line {line} has no entry fields; skipped")
            continue
        yield _article(entries[0], outlet, source, number, options)


def _not_well_formed(item: bytes, namespaces: bytes) -> str | None:
    """Why one item cannot be read: a CDATA section, comment or tag left open runs to the end of the
    feed, taking the rest of the item with it. Lesser faults (a bare &, an HTML tag left open in a
    description) the loose parser reads the way the writer meant."""
    try:
        ET.fromstring(b"<wrap " + namespaces + b">" + item + b"</wrap>")
    except ET.ParseError as error:
        message = str(error).split(":")[0]
        return message if message.startswith("unclosed") else None
    return None


def _text(value: object) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None


def _html_to_text(fragment: str) -> str:
    text = _BLOCK_TAG.sub("\n", fragment)
    text = html_lib.unescape(_TAG.sub("", text))
    lines = (re.sub(r"[ \t]+", " ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _article(entry, outlet: str | None, source: str, number: int, options: ReadOptions) -> Article | Reject:
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
    return build_article(record, source, number, replace(options, field_map={}))
