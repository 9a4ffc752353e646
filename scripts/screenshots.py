"""Screenshots of the explorer pages for docs/explorer.md, taken in Debian's headless Chromium.

    python scripts/screenshots.py [--out docs/img]

Ingests the bundled sample corpus into a temporary store, serves it on a free 127.0.0.1 port,
and saves one PNG per page: a trend, a comparison of two terms, the topics with their share
per month, the stories, and a search newest first compared with a second query. Needs /usr/bin/chromium (or $ITON_CHROMIUM) and the playwright package.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path(os.environ.get("ITON_CHROMIUM", "/usr/bin/chromium"))
# What each screenshot shows: file name -> page path on the server.
PAGES = {
    "trends.png": "/trends?term=%D7%9E%D7%98%D7%95%D7%A1&bucket=month",
    "compare.png": "/compare?term=%D7%9E%D7%98%D7%95%D7%A1&term=%D7%92%D7%A9%D7%9D&bucket=week",
    "topics.png": "/topics?topics=5&over=month",
    "stories.png": "/stories",
    "search.png": "/?q=%D7%9E%D7%98%D7%95%D7%A1&sort=date&q2=%D7%98%D7%99%D7%A1%D7%94",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is absent: install Debian's chromium (apt-get install -y chromium)", file=sys.stderr)
        return 2
    sys.path.insert(0, str(ROOT / "tests"))
    from playwright.sync_api import sync_playwright
    from test_web_browser import CHROMIUM_ARGS
    from test_web_corpus import LiveServer

    from iton.corpus import Corpus, sample_path

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "sample.db"
        with Corpus(str(db), engine="rules") as corpus:
            corpus.ingest([sample_path()])
        with LiveServer(db) as server, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
            page = browser.new_page(base_url=server.url, viewport={"width": 1100, "height": 800})
            for name, path in PAGES.items():
                page.goto(path)
                page.screenshot(path=str(args.out / name), full_page=False)
                print(args.out / name)
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
