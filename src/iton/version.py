"""The installed iton's version, read once from the package metadata (pyproject.toml's)."""

from __future__ import annotations

from importlib.metadata import version

VERSION = version("iton")
