"""An article page's main text, title, author and date (trafilatura), and its canonical URL (courlan)."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["PageArticle", "Selectors", "clean_url", "decode_page", "extract_article"]

# Fewer words of main text than this is no article: error, index and login pages leave a few
# navigation links; a news brief has sentences (the same floor as reading HTML files).
MIN_ARTICLE_WORDS = 12
# Bytes of a page searched for a <meta charset>: the declaration must come in the first 1024
# bytes by the HTML standard; twice that allows for sloppy pages.
META_CHARSET_BYTES = 2048
# Tried when a page names no charset and is not UTF-8: Windows Hebrew, which older Israeli
# sites still serve.
FALLBACK_CHARSET = "cp1255"

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


@dataclass(slots=True)
class Selectors:
    """Optional XPath expressions of an outlet, used where trafilatura picks the wrong part of
    its pages: the text of every node they match, joined by lines."""

    body: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None


@dataclass(slots=True)
class PageArticle:
    """What was taken from one article page."""

    url: str
    body: str
    title: str | None = None
    author: str | None = None
    published: str | None = None
    subtitle: str | None = None


def clean_url(url: str) -> str:
    """The URL an article is known by: courlan's normal form (lower-case host, sorted query,
    no tracking parameters such as utm_*, fbclid) without the fragment (a place in the page, not
    another page), so one article listed under several URLs is stored once.

    >>> clean_url("https://www.Ynet.co.il/news/article/abc?utm_source=rss&fbclid=1#x")
    'https://www.ynet.co.il/news/article/abc'
    """
    from urllib.parse import urldefrag

    from courlan import normalize_url

    try:
        return urldefrag(normalize_url(url.strip())).url
    except ValueError:  # a URL courlan cannot parse is kept as written
        return url.strip()


def decode_page(body: bytes, charset: str | None) -> str:
    """The page as text: the charset of the HTTP header, else of a <meta> tag, else UTF-8,
    else Windows Hebrew."""
    candidates = [charset]
    if found := _META_CHARSET.search(body[:META_CHARSET_BYTES]):
        candidates.append(found.group(1).decode("ascii"))
    candidates += ["utf-8", FALLBACK_CHARSET]
    for name in candidates:
        if not name:
            continue
        try:
            return body.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("utf-8", errors="replace")


def extract_article(html: str, url: str, selectors: Selectors | None = None) -> PageArticle | str:
    """The article of the page at ``url``, or the reason there is none (a string)."""
    import trafilatura

    result = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                         include_tables=False)  # fmt: skip
    if result is not None and not isinstance(result, dict):
        result = result.as_dict()
    result = result or {}
    picked = _select(html, selectors) if selectors else {}
    body = (picked.get("body") or result.get("text") or "").strip()
    title = picked.get("title") or _text(result.get("title"))
    first, _, rest = body.partition("\n")
    if title and first.strip() == title:  # the page's headline opens the main text; the title keeps it
        body = rest.strip()
    words = len(body.split())
    if words < MIN_ARTICLE_WORDS:
        return f"no article text on the page ({words} words of main text)"
    canonical = result.get("url")
    return PageArticle(
        url=clean_url(canonical) if canonical and _same_site(canonical, url) else clean_url(url),
        body=body,
        title=title,
        author=picked.get("author") or _text(result.get("author")),
        published=picked.get("published") or _text(result.get("date")),
        subtitle=_text(result.get("description")),
    )


def _same_site(canonical: str, url: str) -> bool:
    # a canonical link to another host is a syndication credit, not this page's address
    from urllib.parse import urlsplit

    return urlsplit(canonical).hostname == urlsplit(url).hostname


def _select(html: str, selectors: Selectors) -> dict[str, str]:
    from lxml import html as lxml_html

    tree = lxml_html.fromstring(html)
    picked = {}
    for name in ("body", "title", "author", "published"):
        expression = getattr(selectors, name)
        if not expression:
            continue
        nodes = tree.xpath(expression)
        texts = [node.text_content() if hasattr(node, "text_content") else str(node) for node in nodes]
        text = "\n".join(t.strip() for t in texts if t and t.strip())
        if text:
            picked[name] = text
    return picked


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None
