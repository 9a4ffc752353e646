"""Polite HTTP for collection: robots.txt, a per-host rate limit, conditional GET, retries with backoff."""

from __future__ import annotations

import socket
import threading
import time
import urllib.error
import urllib.request
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message
from urllib.parse import urljoin, urlsplit

__all__ = ["ROBOTS_REFUSAL", "STOPPED", "FetchFailed", "Fetcher", "HttpOptions", "Response"]

# Redirect hops followed before giving up: outlets chain two or three (http -> https -> www ->
# the canonical path); more than this is a loop.
MAX_REDIRECTS = 5
# Statuses worth asking again: the server or a proxy was busy or briefly down.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# Largest body read: a news page or feed is well under this; more is not an article.
MAX_BODY_BYTES = 20 * 1024 * 1024
# The reason of a request given up because the caller asked to stop (not a fault of the server).
STOPPED = "stopped"
# The reason given for a URL that robots.txt keeps us from.
ROBOTS_REFUSAL = "refused by the site's robots.txt"
# How long a host's robots.txt is trusted before it is read again (a day, as crawlers commonly do).
ROBOTS_TTL_SECONDS = 24 * 3600


class FetchFailed(Exception):
    """A URL that could not be fetched, with the reason in words (status, timeout, refusal)."""

    def __init__(self, url: str, reason: str, retryable: bool = False) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.retryable = retryable


@dataclass(slots=True)
class HttpOptions:
    """How collection talks to servers.

    ``user_agent``: sent with every request and matched against robots.txt; ``timeout``: seconds
    to wait for a server; ``host_interval``: the least seconds between two requests to one host
    (a robots.txt Crawl-delay can make it longer); ``retries``: further tries of a request that
    failed for a passing reason (timeout, 429, 5xx); ``backoff``: seconds before the first
    retry, doubled for each next one. robots.txt is always obeyed.
    """

    user_agent: str = field(default_factory=lambda: f"iton/{_version()} (Hebrew news collection)")
    timeout: float = 20.0  # a loaded news site answers within seconds; longer means it is down
    host_interval: float = 1.0  # one request a second is the common courtesy of crawlers
    retries: int = 3  # with the doubling backoff: 2 + 4 + 8 s, past a short outage or a deploy
    backoff: float = 2.0


@dataclass(slots=True)
class Response:
    """What a GET returned: ``status`` 200 (with ``body``) or 304 (not modified, empty body),
    the final ``url`` after redirects, and the validators for the next conditional GET."""

    url: str
    status: int
    body: bytes = b""
    content_type: str = ""
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass(slots=True)
class _Robots:
    parser: urllib.robotparser.RobotFileParser | None  # None: every path allowed
    read_at: float


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # Redirects are followed by Fetcher.get, hop by hop, so each hop passes robots and the rate limit.
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Fetcher:
    """GETs URLs politely. ``sleep`` waits and returns False when the caller asked to stop (so a
    long backoff or rate-limit wait ends at once on Ctrl-C)."""

    options: HttpOptions = field(default_factory=HttpOptions)
    sleep: Callable[[float], bool] = field(default=lambda seconds: time.sleep(seconds) or True)

    def __post_init__(self) -> None:
        self._opener = urllib.request.build_opener(_NoRedirect())
        self._next_allowed: dict[str, float] = {}
        self._robots: dict[str, _Robots] = {}
        self._host_interval: dict[str, float] = {}  # hosts whose robots.txt asks for a longer Crawl-delay
        self._lock = threading.Lock()
        self.requests = 0

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Response:
        """GET ``url``, following redirects; raises FetchFailed with the reason when it cannot.

        With ``etag``/``last_modified`` (from an earlier Response) the server may answer 304.
        """
        for _ in range(MAX_REDIRECTS + 1):
            if not self.allowed(url):
                raise FetchFailed(url, ROBOTS_REFUSAL)
            response, location = self._get_retrying(url, etag, last_modified)
            if location is None:
                return response
            url, etag, last_modified = urljoin(url, location), None, None
        raise FetchFailed(url, f"more than {MAX_REDIRECTS} redirects")

    def allowed(self, url: str) -> bool:
        """True when robots.txt of the URL's host lets our user agent fetch it."""
        parts = urlsplit(url)
        if parts.path == "/robots.txt":
            return True
        robots = self._robots_of(f"{parts.scheme}://{parts.netloc}")
        return robots.parser is None or robots.parser.can_fetch(self.options.user_agent, url)

    def _robots_of(self, origin: str) -> _Robots:
        known = self._robots.get(origin)
        if known is not None and time.monotonic() - known.read_at < ROBOTS_TTL_SECONDS:
            return known
        parser = urllib.robotparser.RobotFileParser(origin + "/robots.txt")
        try:
            url = origin + "/robots.txt"
            for _ in range(MAX_REDIRECTS + 1):  # robots.txt too moves to https or www
                response, location = self._get_retrying(url, None, None)
                if location is None:
                    break
                url = urljoin(url, location)
            parser.parse(_decode_text(response.body).splitlines())
        except FetchFailed as exc:
            if exc.reason in ("HTTP 401", "HTTP 403") or exc.retryable:
                # RFC 9309: a refused or unreachable robots.txt means the whole site is off limits for now
                parser.disallow_all = True
            else:  # 404 and other client errors: no rules, everything allowed
                parser = None
        robots = _Robots(parser, time.monotonic())
        if parser is not None and (delay := parser.crawl_delay(self.options.user_agent)):
            host = urlsplit(origin).netloc
            self._host_interval[host] = max(float(delay), self.options.host_interval)
        self._robots[origin] = robots
        return robots

    def _wait_turn(self, host: str) -> None:
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next_allowed.get(host, 0.0))
            self._next_allowed[host] = start + self._host_interval.get(host, self.options.host_interval)
        if start > now and not self.sleep(start - now):
            raise FetchFailed(host, STOPPED)

    def _get_retrying(self, url: str, etag: str | None, last_modified: str | None) -> tuple[Response, str | None]:
        delay = self.options.backoff
        for attempt in range(self.options.retries + 1):
            try:
                return self._get_once(url, etag, last_modified)
            except FetchFailed as exc:
                if not exc.retryable or attempt == self.options.retries:
                    if exc.retryable:
                        raise FetchFailed(url, f"{exc.reason} (after {attempt + 1} tries)", retryable=True) from exc
                    raise
            if not self.sleep(delay):
                raise FetchFailed(url, STOPPED)
            delay *= 2
        raise AssertionError("unreachable")

    def _get_once(self, url: str, etag: str | None, last_modified: str | None) -> tuple[Response, str | None]:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise FetchFailed(url, f"not an http(s) URL (scheme {parts.scheme or 'missing'})")
        self._wait_turn(parts.netloc)
        headers = {"User-Agent": self.options.user_agent, "Accept-Encoding": "gzip"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        request = urllib.request.Request(url, headers=headers)
        self.requests += 1
        try:
            with self._opener.open(request, timeout=self.options.timeout) as reply:
                body = reply.read(MAX_BODY_BYTES + 1)
                if reply.headers.get("Content-Encoding", "").lower() == "gzip":
                    body = _gunzip(url, body)
                if len(body) > MAX_BODY_BYTES:
                    raise FetchFailed(url, f"larger than {MAX_BODY_BYTES // (1024 * 1024)} MB; not a page or feed")
                return _response(url, reply.status, body, reply.headers), None
        except urllib.error.HTTPError as exc:
            with exc:
                if exc.code == 304:
                    return _response(url, 304, b"", exc.headers), None
                if exc.code in (301, 302, 303, 307, 308):
                    location = exc.headers.get("Location")
                    if not location:
                        raise FetchFailed(url, f"HTTP {exc.code} without a Location") from None
                    return Response(url, exc.code), location
                raise FetchFailed(url, f"HTTP {exc.code}", retryable=exc.code in RETRY_STATUSES) from None
        except TimeoutError:
            raise FetchFailed(url, f"no answer within {self.options.timeout:g} s", retryable=True) from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, (TimeoutError, socket.timeout)):
                raise FetchFailed(url, f"no answer within {self.options.timeout:g} s", retryable=True) from None
            raise FetchFailed(url, f"cannot connect ({reason})", retryable=True) from None
        except (ConnectionError, OSError) as exc:
            raise FetchFailed(url, f"connection broken ({exc})", retryable=True) from None


def _response(url: str, status: int, body: bytes, headers: Message) -> Response:
    return Response(url=url, status=status, body=body, content_type=headers.get_content_type(),
                    charset=headers.get_content_charset(), etag=headers.get("ETag"),
                    last_modified=headers.get("Last-Modified"))  # fmt: skip


def _gunzip(url: str, body: bytes) -> bytes:
    import zlib

    try:  # at most MAX_BODY_BYTES + 1 out, so a small bomb cannot fill the memory
        return zlib.decompressobj(wbits=31).decompress(body, MAX_BODY_BYTES + 1)
    except zlib.error as exc:
        raise FetchFailed(url, f"broken gzip body ({exc})") from None


def _version() -> str:
    from iton.version import VERSION

    return VERSION


def _decode_text(body: bytes) -> str:
    return body.decode("utf-8", errors="replace")
