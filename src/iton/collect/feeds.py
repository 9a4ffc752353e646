"""The feeds file (TOML): which outlets to collect, their feeds and how often to read them."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from iton.collect.pages import Selectors
from iton.errors import CollectError

__all__ = ["DEFAULT_INTERVAL_MINUTES", "Feed", "example_feeds_path", "load_feeds"]

# How often a feed is read when the file does not say: news feeds change every few minutes,
# and a quarter of an hour keeps up with them without troubling the outlet.
DEFAULT_INTERVAL_MINUTES = 15.0


@dataclass(slots=True)
class Feed:
    """One feed (RSS, Atom, sitemap or news sitemap) of an outlet, read every ``interval`` seconds."""

    url: str
    outlet: str
    interval: float = DEFAULT_INTERVAL_MINUTES * 60
    selectors: Selectors | None = field(default=None)


def example_feeds_path() -> Path:
    """The example feeds file shipped with iton (a few Israeli outlets' public feeds)."""
    return Path(__file__).with_name("feeds.toml")


def load_feeds(path: str | Path) -> list[Feed]:
    """Every feed of the feeds file at ``path``; raises CollectError naming the entry and the fix."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise CollectError(f"feeds file {path}: {exc.strerror or exc}; give an existing file (--feeds FILE)") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CollectError(f"feeds file {path}: not valid TOML ({exc}); see the example: iton fetch --example") from None
    default = _minutes(data.get("interval", DEFAULT_INTERVAL_MINUTES), f"{path}: interval")
    outlets = data.get("outlet")
    if not isinstance(outlets, list) or not outlets:
        raise CollectError(f"feeds file {path}: no [[outlet]] entries; add one with a name and feeds = [URL, ...]")
    feeds: list[Feed] = []
    for number, outlet in enumerate(outlets, 1):
        where = f"{path}: outlet {number}"
        name = outlet.get("name")
        if not isinstance(name, str) or not name.strip():
            raise CollectError(f"{where}: no name; add name = \"...\" (stored as the articles' outlet)")
        urls = outlet.get("feeds")
        if not isinstance(urls, list) or not urls or not all(isinstance(u, str) for u in urls):
            raise CollectError(f"{where} ({name}): feeds must be a list of URLs, e.g. feeds = [\"https://.../rss.xml\"]")
        bad = [u for u in urls if not u.startswith(("http://", "https://"))]
        if bad:
            raise CollectError(f"{where} ({name}): {bad[0]!r} is not an http(s) URL")
        interval = _minutes(outlet.get("interval", default), f"{where} ({name}): interval")
        selectors = _selectors(outlet.get("selectors"), f"{where} ({name})")
        feeds += [Feed(url, name.strip(), interval * 60, selectors) for url in urls]
    return feeds


def _minutes(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise CollectError(f"{where}: {value!r} is not a number of minutes above 0")
    return float(value)


def _selectors(value: object, where: str) -> Selectors | None:
    if value is None:
        return None
    known = Selectors.__slots__
    if not isinstance(value, dict) or any(k not in known or not isinstance(v, str) for k, v in value.items()):
        raise CollectError(f"{where}: selectors must be a table of XPath strings named {', '.join(known)}")
    return Selectors(**value)
