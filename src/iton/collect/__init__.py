"""Live collection: read outlets' feeds and sitemaps, fetch new article pages politely, store them."""

from __future__ import annotations

from iton.collect.collect import CollectEvent, CollectOptions, Collector, CollectReport
from iton.collect.feeds import Feed, example_feeds_path, load_feeds
from iton.collect.http import HttpOptions
from iton.collect.state import CollectState, state_path

__all__ = [
    "CollectEvent",
    "CollectOptions",
    "CollectReport",
    "CollectState",
    "Collector",
    "Feed",
    "HttpOptions",
    "example_feeds_path",
    "load_feeds",
    "state_path",
]
