"""Sample texts that ship with iton, for the demo and for trying the library without data."""

from __future__ import annotations

from importlib.resources import files


def sample_article() -> str:
    """A short Hebrew news-style article written for iton (not taken from any outlet)."""
    return files("iton.samples").joinpath("article.txt").read_text(encoding="utf-8")
