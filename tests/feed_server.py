"""A local news site for collection tests and benches: feeds, sitemaps, robots.txt and Hebrew
article pages served on 127.0.0.1, with broken, slow, moved and missing pages on demand."""

from __future__ import annotations

import gzip
import hashlib
import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

WORDS = ("הממשלה החליטה אתמול על תוכנית חדשה לחיזוק התחבורה הציבורית בערים הגדולות ובפריפריה "  # noqa: SIM905
         "שר האוצר אמר כי התקציב יאושר בשבוע הבא לאחר דיון ארוך בוועדת הכספים של הכנסת "
         "ראש העירייה הודיע על פתיחת גן ציבורי ובית ספר חדש בשכונה הצפונית של העיר "
         "המשטרה פתחה בחקירה בעקבות תאונה קשה בכביש המהיר סמוך לצומת הראשי").split()


def article_text(number: int, words: int = 60) -> str:
    """Hebrew sentences, different for every ``number`` (the words are drawn from it)."""
    seed = int(hashlib.sha256(str(number).encode()).hexdigest(), 16)
    out = []
    for i in range(words):
        out.append(WORDS[(seed >> (i % 200)) % len(WORDS) if i % 7 else (number + i) % len(WORDS)])
        if i % 12 == 11:
            out[-1] += "."
    return " ".join(out) + f" מספר הכתבה {number}."


def article_html(number: int, charset: str = "utf-8", title: str | None = None, words: int = 60) -> bytes:
    """An article page: title, author and date in meta tags, the text in <article> paragraphs."""
    title = title or f"כתבה מספר {number} על התחבורה הציבורית"
    text = article_text(number, words)
    sentences = [s.strip() + "." for s in text.split(".") if s.strip()]
    paragraphs = "".join(f"<p>{escape(s)}</p>" for s in sentences)
    page = f"""<!DOCTYPE html><html lang="he" dir="rtl"><head><meta charset="{charset}">
<title>{escape(title)}</title><meta name="author" content="ישראל ישראלי">
<meta property="article:published_time" content="2026-11-{1 + number % 28:02d}T08:00:00+02:00">
</head><body><nav><a href="/">ראשי</a> <a href="/news">חדשות</a></nav>
<article><h1>{escape(title)}</h1>{paragraphs}</article><footer>כל הזכויות שמורות</footer></body></html>"""
    return page.encode(charset)


def rss(base: str, paths: list[str], title: str = "חדשות") -> bytes:
    items = "".join(f"<item><title>כתבה {escape(p)}</title><link>{escape(base + p)}</link>"
                    f"<pubDate>Mon, 30 Nov 2026 08:00:00 +0200</pubDate></item>" for p in paths)  # fmt: skip
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>{base}/</link>{items}</channel></rss>").encode()  # fmt: skip


def atom(base: str, paths: list[str], updated: str = "2026-11-30T08:00:00Z") -> bytes:
    entries = "".join(f'<entry><title>כתבה</title><id>{escape(base + p)}</id><link href="{escape(base + p)}"/>'
                      f"<updated>{updated}</updated></entry>" for p in paths)  # fmt: skip
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>חדשות</title>'
            f"<id>{base}/atom</id><updated>{updated}</updated>{entries}</feed>").encode()  # fmt: skip


def sitemap(base: str, paths: list[str], news: bool = True) -> bytes:
    def entry(p: str) -> str:
        extra = ("<news:news><news:publication><news:name>אתר</news:name><news:language>he</news:language>"
                 "</news:publication><news:publication_date>2026-11-30T08:00:00+02:00</news:publication_date>"
                 f"<news:title>כתבה {escape(p)}</news:title></news:news>") if news else "<lastmod>2026-11-30</lastmod>"
        return f"<url><loc>{escape(base + p)}</loc>{extra}</url>"

    return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
            + "".join(entry(p) for p in paths) + "</urlset>").encode()  # fmt: skip


def sitemap_index(base: str, paths: list[str]) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + "".join(f"<sitemap><loc>{escape(base + p)}</loc></sitemap>" for p in paths)
            + "</sitemapindex>").encode()  # fmt: skip


@dataclass
class Route:
    """What the server answers at one path."""

    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    validators: bool = True  # send ETag and Last-Modified, answer 304 to a matching conditional GET
    delay: float = 0.0  # seconds to wait before answering (a slow server)
    location: str | None = None  # a redirect target
    fail_first: int = 0  # answer 503 to this many requests first (a briefly failing server)
    gzip: bool = False  # send the body gzip-compressed when the client accepts it
    headers: dict[str, str] = field(default_factory=dict)


class FeedServer:
    """A threaded HTTP server on 127.0.0.1; ``routes`` maps paths to Routes (404 elsewhere),
    ``hits`` counts requests per path, ``conditional`` the 304 answers."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: dict[str, int] = {}
        self.conditional = 0
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                path = urlsplit(self.path).path  # like news sites, the query (utm_source=...) changes nothing
                with server.lock:
                    server.hits[path] = server.hits.get(path, 0) + 1
                    route = server.routes.get(path)
                    hit = server.hits[path]
                if route is None:
                    self._send(404, b"<html><body>not found</body></html>", "text/html")
                    return
                if route.delay:
                    time.sleep(route.delay)
                if hit <= route.fail_first:
                    self._send(503, b"busy", "text/plain")
                    return
                if route.location:
                    self._send(route.status, b"", "text/html", {"Location": route.location})
                    return
                headers = dict(route.headers)
                if route.validators and route.status == 200:
                    tag = '"' + hashlib.sha256(route.body).hexdigest()[:16] + '"'
                    headers["ETag"] = tag
                    headers["Last-Modified"] = formatdate(1_764_489_600, usegmt=True)
                    if self.headers.get("If-None-Match") == tag:
                        with server.lock:
                            server.conditional += 1
                        self._send(304, b"", route.content_type, headers)
                        return
                body = route.body
                if route.gzip and "gzip" in self.headers.get("Accept-Encoding", ""):
                    body = gzip.compress(body)
                    headers["Content-Encoding"] = "gzip"
                self._send(route.status, body, route.content_type, headers)

            def _send(self, status: int, body: bytes, content_type: str, headers: dict | None = None) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(body)))
                    for key, value in (headers or {}).items():
                        self.send_header(key, value)
                    self.end_headers()
                    if status != 304:
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout test)
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def add(self, path: str, body: bytes = b"", **settings) -> str:
        """Serve ``body`` at ``path`` (Route settings as keywords); returns the full URL."""
        self.routes[path] = Route(body, **settings)
        return self.base + path

    def add_article(self, path: str, number: int, **settings) -> str:
        return self.add(path, article_html(number), **settings)

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
