"""Shared fixtures: paths to the development data that lives beside the repository."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# The development data lives beside the repository (never inside it); ITON_SHARED overrides.
SHARED = Path(os.environ.get("ITON_SHARED", Path(__file__).resolve().parents[2] / "shared"))
SEED = SHARED / "seed" / "000_3ae03d09336d0e0f.txt"
NEWS_DEV = SHARED / "data" / "news-dev.jsonl"


@pytest.fixture(scope="session")
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip(f"the seed article is not beside the repository ({SEED.name}); CI has it")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def news_dev_path() -> Path:
    if not NEWS_DEV.exists():
        pytest.skip("shared/data/news-dev.jsonl is not beside the repository; CI has it")
    return NEWS_DEV
