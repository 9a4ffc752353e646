"""Shared fixtures: paths to the development data that lives beside the repository, and a throwaway
PostgreSQL server (tests/postgres_server.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from postgres_server import postgres_server, postgres_url  # noqa: F401  (fixtures for every test file)

# The development data lives beside the repository (never inside it); ITON_SHARED overrides.
SHARED = Path(os.environ.get("ITON_SHARED", Path(__file__).resolve().parents[2] / "shared"))
SEED = SHARED / "seed" / "000_3ae03d09336d0e0f.txt"
NEWS_DEV = SHARED / "data" / "news-dev.jsonl"


def shared_file(path: Path) -> Path:
    """``path`` inside the shared data folder. Without the folder (a fresh clone on its own) the
    test is skipped, saying so; with it, a missing file fails the test: CI has the folder, so
    there a wrong path must not hide as a skip."""
    if not SHARED.is_dir():
        pytest.skip(f"the shared data folder ({SHARED.name}/ beside the repository, or $ITON_SHARED) is absent")
    if not path.is_file():
        pytest.fail(f"{path.relative_to(SHARED)} is missing from the shared data folder", pytrace=False)
    return path


@pytest.fixture(scope="session")
def seed_text() -> str:
    return shared_file(SEED).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def news_dev_path() -> Path:
    return shared_file(NEWS_DEV)
