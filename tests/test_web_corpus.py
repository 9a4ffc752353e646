"""A small corpus written for the web and analysis tests (our own sentences, no outlet's text)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

# Two outlets report one (invented) event on the same days; a third article is about something else;
# the last one carries markup that must never run in a page.
ARTICLES = [
    {
        "id": "bridge-a", "outlet": "news-a.example", "published": "2024-03-10",
        "title": "גשר חדש נפתח בחיפה",
        "body": "ראש העירייה פתח אתמול את הגשר החדש מעל נחל הקישון בחיפה. "
                "הגשר החדש יקצר את הנסיעה בין שכונות העיר בעשרים דקות. "
                "משרד התחבורה מימן את רוב עלות הגשר, שנבנה במשך שלוש שנים. "
                "תושבי חיפה הגיעו לטקס הפתיחה ועברו ברגל על הגשר.",
    },
    {
        "id": "bridge-b", "outlet": "news-b.example", "published": "2024-03-11",
        "title": "הגשר מעל הקישון נפתח לתנועה",
        "body": "הגשר החדש מעל נחל הקישון בחיפה נפתח הבוקר לתנועה. "
                "לדברי משרד התחבורה, הגשר יקצר את הנסיעה בעיר. "
                "בטקס הפתיחה השתתפו ראש העירייה ותושבים רבים מחיפה.",
    },
    {
        "id": "rain-c", "outlet": "news-a.example", "published": "2024-01-05",
        "title": "גשם כבד בצפון",
        "body": "גשם כבד ירד הלילה בגליל ובגולן. השירות המטאורולוגי צופה שהגשם יימשך עד סוף השבוע. "
                "בכמה כבישים בצפון נרשמו הצפות, והמשטרה ביקשה מהנהגים לנהוג בזהירות.",
    },
    {
        "id": "xss-d", "outlet": "evil.example", "published": "2024-03-12",
        "title": "<script>window.__pwned = 1</script>כותרת עם גשר",
        "body": "טקסט על הגשר <img src=x onerror=\"window.__pwned = 2\"> ועוד "
                "<script>window.__pwned = 3</script> סוף הכתבה על הגשר.",
    },
]  # fmt: skip


def write_corpus(folder: Path) -> Path:
    """Write the articles as JSON Lines into ``folder``; returns the file."""
    path = folder / "web-corpus.jsonl"
    path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES), encoding="utf-8")
    return path


def build_db(folder: Path, engine: str = "rules") -> Path:
    """A SQLite corpus of the articles in ``folder``."""
    from iton.corpus import Corpus

    db = folder / "web.db"
    with Corpus(str(db), engine=engine) as corpus:
        corpus.ingest([str(write_corpus(folder))])
    return db


def free_port() -> int:
    """A TCP port free on the loopback interface right now."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """uvicorn serving the app in a background thread on a free loopback port."""

    def __init__(self, db: Path, engine: str = "rules") -> None:
        import threading

        import uvicorn

        from iton.web.app import ServeOptions, create_app

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        app = create_app(ServeOptions(db=str(db), port=self.port, engine=engine))
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> "LiveServer":
        import time

        import httpx

        self.thread.start()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("the test server did not start within 20 s")

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """A running iton server over the test corpus (session-wide: started once)."""
    folder = tmp_path_factory.mktemp("web")
    with LiveServer(build_db(folder)) as server:
        yield server


def test_corpus_builds(tmp_path):
    from iton.corpus import Corpus

    db = build_db(tmp_path)
    with Corpus(str(db), engine="rules") as corpus:
        assert len(corpus) == len(ARTICLES)
