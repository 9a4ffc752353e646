"""The article links a feed lists: RSS/Atom through feedparser, sitemaps and news sitemaps through lxml."""

from __future__ import annotations

import io
from dataclasses import dataclass

__all__ = ["ListedItem", "Listing", "NotAListing", "read_listing"]

# Sitemap namespaces (the standard one and Google's news extension).
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


@dataclass(slots=True)
class ListedItem:
    """One article link of a feed or sitemap, with what the listing says about it.

    ``updated`` is the listing's own date of the last change (RSS/Atom ``updated``, sitemap
    ``lastmod``), compared as given to notice that a known article changed.
    """

    url: str
    title: str | None = None
    published: str | None = None
    updated: str | None = None


@dataclass(slots=True)
class Listing:
    """A parsed feed or sitemap: its ``kind``, its article ``items``, and for a sitemap index
    the ``sitemaps`` it points to."""

    kind: str  # "feed", "sitemap" or "sitemap index"
    items: list[ListedItem]
    sitemaps: list[str]


class NotAListing(ValueError):
    """Bytes that are neither an RSS/Atom feed nor a sitemap; the message says what they were."""


def read_listing(data: bytes) -> Listing:
    """The items of a feed or sitemap, told apart by the document's root element.

    Raises NotAListing with the reason when the bytes are neither (an HTML page, broken XML).
    """
    root = _sitemap_root(data)
    if root is not None:
        return _read_sitemap(root)
    return _read_feed(data)


def _sitemap_root(data: bytes):
    from lxml import etree

    head = data[:2048].lstrip()
    if b"urlset" not in head and b"sitemapindex" not in head:
        return None
    try:
        root = etree.parse(io.BytesIO(data), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    except etree.XMLSyntaxError as exc:
        raise NotAListing(f"broken sitemap XML ({exc})") from None
    return root if etree.QName(root).localname in ("urlset", "sitemapindex") else None


def _read_sitemap(root) -> Listing:
    from lxml import etree

    def child(node, ns: str, name: str) -> str | None:
        found = node.find(f"{{{ns}}}{name}")
        if found is None:  # sitemaps written without the namespace
            found = node.find(name)
        return found.text.strip() if found is not None and found.text and found.text.strip() else None

    if etree.QName(root).localname == "sitemapindex":
        nested = [loc for node in root if (loc := child(node, SITEMAP_NS, "loc"))]
        return Listing("sitemap index", [], nested)
    items = []
    for node in root:
        if not isinstance(node.tag, str) or etree.QName(node).localname != "url":
            continue
        loc = child(node, SITEMAP_NS, "loc")
        if not loc:
            continue
        news = node.find(f"{{{NEWS_NS}}}news")
        title = child(news, NEWS_NS, "title") if news is not None else None
        published = child(news, NEWS_NS, "publication_date") if news is not None else None
        lastmod = child(node, SITEMAP_NS, "lastmod")
        items.append(ListedItem(loc, title, published, lastmod or published))
    return Listing("sitemap", items, [])


def _read_feed(data: bytes) -> Listing:
    import feedparser

    parsed = feedparser.parse(io.BytesIO(data))
    items = []
    for entry in parsed.entries:
        link = entry.get("link")
        if not link:  # an item without a link names no page to fetch
            continue
        # dict.get: feedparser's own get maps a missing `updated` to `published`, with a warning
        updated = dict.get(entry, "updated") or dict.get(entry, "published")
        items.append(ListedItem(link.strip(), entry.get("title"), dict.get(entry, "published"), updated))
    if not items and (parsed.get("bozo") or not parsed.get("version")):
        # a feed broken before its first whole item; one broken later still gives the items before
        problem = parsed.get("bozo_exception")
        raise NotAListing("not an RSS/Atom feed or sitemap" + (f" ({problem})" if problem else ""))
    return Listing("feed", items, [])
