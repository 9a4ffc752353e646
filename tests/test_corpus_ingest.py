"""Ingest into a real SQLite file: stable ids, idempotence, updates, rejects, kills, repeated passages."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iton.corpus import Corpus, IngestOptions
from iton.pipeline import Options, load_pipeline
from iton.views import normalized_text

# The morphology engine the corpus tests run with (the default one unless the environment says).
ENGINE = os.environ.get("ITON_CORPUS_TEST_ENGINE", "auto")


@pytest.fixture()
def corpus(tmp_path: Path):
    with Corpus(str(tmp_path / "corpus.db"), engine=ENGINE) as corpus:
        yield corpus


def options(**fields) -> IngestOptions:
    return IngestOptions(engine=ENGINE, **fields)


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def news(news_dev_path: Path) -> list[dict]:
    return [json.loads(line) for line in news_dev_path.read_text(encoding="utf-8").splitlines()]


def test_ingest_twice_changes_nothing(corpus: Corpus, news_dev_path: Path) -> None:
    first = corpus.ingest(news_dev_path, options())
    assert (first.read, first.added, first.updated, first.rejected) == (33, 33, 0, 0) and first.ok
    before = [a.to_record() for a in corpus.store.iter_articles()]
    second = corpus.ingest(news_dev_path, options())
    assert (second.added, second.updated, second.unchanged) == (0, 0, 33)
    assert [a.to_record() for a in corpus.store.iter_articles()] == before
    assert len(corpus) == 33


def test_changed_article_is_updated_not_duplicated(corpus: Corpus, news_dev_path: Path, tmp_path: Path) -> None:
    records = news(news_dev_path)[:5]
    path = write_jsonl(tmp_path / "a.jsonl", records)
    corpus.ingest(path, options())
    records[2]["body"] += " עדכון: מספר הנפגעים עלה לשבעה."
    summary = corpus.ingest(write_jsonl(path, records), options())
    assert (summary.added, summary.updated, summary.unchanged) == (0, 1, 4)
    assert len(corpus) == 5 and corpus.get(records[2]["id"]).body.endswith("עלה לשבעה.")
    assert [h.id for h in corpus.search("עדכון")] == [records[2]["id"]]


def test_ids_given_url_or_hash(corpus: Corpus, tmp_path: Path) -> None:
    body = "הכנסת אישרה הלילה את התקציב בקריאה ראשונה."
    path = write_jsonl(tmp_path / "a.jsonl", [
        {"id": "given-1", "body": body},
        {"url": "http://www.example.co.il/news/7/?utm_source=x", "body": body + " א"},
        {"title": "כותרת", "body": body + " ב"},
    ])
    corpus.ingest(path, options(duplicates=False))
    ids = [a.id for a in corpus.store.iter_articles()]
    assert ids[:2] == ["given-1", "https://example.co.il/news/7"] and ids[2].startswith("sha256:")
    corpus.ingest(path, options(duplicates=False))
    assert [a.id for a in corpus.store.iter_articles()] == ids


def test_rejects_are_reported_and_written(corpus: Corpus, news_dev_path: Path, tmp_path: Path) -> None:
    good = [json.dumps(r, ensure_ascii=False) for r in news(news_dev_path)[:3]]
    path = tmp_path / "mixed.jsonl"
    path.write_bytes("\n".join([good[0], "{oops", good[1], '{"id": "nobody"}', good[2]]).encode() + b"\n" + "עברית".encode("cp1255"))
    (tmp_path / "empty.txt").write_bytes(b"")
    rejects = tmp_path / "rejects.jsonl"
    summary = corpus.ingest([path, tmp_path / "empty.txt"], options(rejects=rejects))
    assert (summary.added, summary.rejected, summary.ok) == (3, 4, False)
    written = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
    assert [(Path(w["source"]).name, w["line"]) for w in written] == [
        ("mixed.jsonl", 2), ("mixed.jsonl", 4), ("mixed.jsonl", 6), ("empty.txt", None)]
    assert all(w["reason"] and w["kind"] == "rejected" for w in written)
    assert "read 7, added 3" in summary.line() and str(rejects) in summary.line()


def test_bad_date_is_kept_with_a_warning_or_rejected_when_strict(corpus: Corpus, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [{"id": "d1", "body": "גוף הכתבה כאן.", "published": "מחר בבוקר"}])
    rejects = tmp_path / "r.jsonl"
    summary = corpus.ingest(path, options(rejects=rejects))
    assert (summary.added, summary.warnings, summary.ok) == (1, 1, True)
    article = corpus.get("d1")
    assert article.published is None and article.published_raw == "מחר בבוקר" and "did not parse" in article.warnings[0]
    assert json.loads(rejects.read_text(encoding="utf-8"))["kind"] == "warning"
    with Corpus(str(tmp_path / "strict.db"), engine=ENGINE) as strict:
        summary = strict.ingest(path, options(strict_dates=True))
        assert (summary.added, summary.rejected) == (0, 1)


def test_a_crash_mid_ingest_leaves_whole_batches_and_a_rerun_completes(corpus: Corpus, news_dev_path: Path) -> None:
    real = load_pipeline(Options(engine=ENGINE, entities=False))

    class Crashing:
        def __init__(self) -> None:
            self.seen = 0

        def analyze_many(self, texts):
            for doc in real.analyze_many(texts):
                self.seen += 1
                if self.seen > 12:
                    raise RuntimeError("power cut")
                yield doc

    from iton.corpus.ingest import ingest

    with pytest.raises(RuntimeError, match="power cut"):
        ingest(corpus.store, [news_dev_path], options(batch_size=5), pipeline=Crashing())
    assert len(corpus) == 10  # two whole batches, nothing of the third
    assert _fts_ok(corpus)
    summary = corpus.ingest(news_dev_path, options())
    assert (summary.added, summary.unchanged, len(corpus)) == (23, 10, 33) and _fts_ok(corpus)


def test_an_article_the_analysis_fails_on_is_rejected_alone(corpus: Corpus, tmp_path: Path) -> None:
    real = load_pipeline(Options(engine="rules", entities=False))

    class FailsOnOne:
        def analyze_many(self, texts):
            for text in texts:
                if "פצצה" in text:
                    raise ValueError("cannot analyse this text")
            return real.analyze_many(texts)

    from iton.corpus.ingest import ingest

    records = [{"id": f"a{i}", "body": f"כתבה מספר {i} על הממשלה."} for i in range(5)]
    records[2]["body"] = "כתבה על פצצה."
    summary = ingest(corpus.store, [write_jsonl(tmp_path / "in.jsonl", records)], options(), pipeline=FailsOnOne())
    assert (summary.added, summary.rejected, len(corpus)) == (4, 1, 4)
    assert summary.problems[0].line == 3 and "a2: analysis failed (ValueError: cannot analyse" in summary.problems[0].reason


def _prepare_failing_on_bombs(articles, *rest):
    from iton.corpus.prepare import prepare_articles

    if any("פצצה" in article.body for article in articles):
        raise ValueError("cannot analyse this text")
    return prepare_articles(articles, *rest)


def test_an_article_the_workers_fail_on_is_rejected_alone(tmp_path: Path, monkeypatch) -> None:
    import iton.corpus.ingest as ingest_module

    # the workers are forked after this, so they call it too
    monkeypatch.setattr(ingest_module, "prepare_articles", _prepare_failing_on_bombs)
    records = [{"id": f"a{i}", "body": f"כתבה מספר {i} על הממשלה."} for i in range(10)]
    records[6]["body"] = "כתבה על פצצה."
    with Corpus(str(tmp_path / "workers.db"), engine="rules") as corpus:
        summary = corpus.ingest(write_jsonl(tmp_path / "in.jsonl", records),
                                IngestOptions(engine="rules", entities=False, jobs=2, batch_size=2))  # fmt: skip
        assert (summary.added, summary.rejected, len(corpus)) == (9, 1, 9)
        assert summary.problems[0].line == 7 and "a6: analysis failed (ValueError" in summary.problems[0].reason
        assert sorted(a.id for a in corpus.store.iter_articles()) == sorted(f"a{i}" for i in range(10) if i != 6)


def _fts_ok(corpus: Corpus) -> bool:
    corpus.store.connection.execute("INSERT INTO article_fts(article_fts) VALUES ('integrity-check')")
    indexed = corpus.store.connection.execute("SELECT count(*) FROM article_fts").fetchone()[0]
    return indexed == len(corpus)


def test_kill_minus_nine_leaves_a_consistent_store(tmp_path: Path, news_dev_path: Path) -> None:
    records = news(news_dev_path)
    many = [dict(r, id=f"{r['id']}-{i}", body=f"{r['body']} ({i})") for i in range(12) for r in records]
    source = write_jsonl(tmp_path / "many.jsonl", many)
    db = tmp_path / "k.db"
    command = [sys.executable, "-m", "iton.cli", "ingest", str(source), "--db", str(db), "--engine", ENGINE, "--no-progress", "--no-entities"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and process.poll() is None:
        if db.exists() and _stored(db) > 0:
            break
        time.sleep(0.05)
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL  # killed mid-run, not finished
    with Corpus(str(db), engine=ENGINE) as corpus:
        stored = len(corpus)
        assert _fts_ok(corpus)
        summary = corpus.ingest(source, options(entities=False))
        assert summary.unchanged == stored and len(corpus) == len(many) and _fts_ok(corpus)


def _stored(db: Path) -> int:
    with contextlib.suppress(sqlite3.Error), sqlite3.connect(db, timeout=0.1) as connection:
        return connection.execute("SELECT count(*) FROM articles").fetchone()[0]
    return 0  # the schema may be half-way through its first transaction


def test_seed_repeated_lead_is_kept_once(corpus: Corpus, seed_text: str, tmp_path: Path) -> None:
    path = tmp_path / "000_3ae03d09336d0e0f.txt"
    path.write_text(seed_text, encoding="utf-8")
    corpus.ingest(path, options(normalized=True))
    article = corpus.get("000_3ae03d09336d0e0f")
    assert len(article.repeats) == 1
    repeat = article.repeats[0]
    assert repeat["text"].startswith("לראשונה אז הפלה מטוס : נתניהו יגיע קרמלין")
    assert repeat["copy_of"][0] == 0 and repeat["end"] == len(seed_text.strip())
    head = "לראשונה אז הפלה מטוס : נתניהו יגיע קרמלין"
    assert seed_text.count(head) == 2 and article.normalized.count(head) == 1
    assert article.body == seed_text.strip()  # the original is kept whole
    assert article.lemmas.count("לראשונה") == 1


def test_normalized_form_is_the_normalize_commands(corpus: Corpus, news_dev_path: Path) -> None:
    corpus.ingest(news_dev_path, options())
    pipeline = load_pipeline(Options(engine=ENGINE))
    for article in list(corpus.store.iter_articles())[:10]:
        assert not article.repeats
        assert article.normalized == normalized_text(pipeline.analyze(article.text))


def test_spans_point_at_the_written_words(corpus: Corpus, news_dev_path: Path) -> None:
    corpus.ingest(news_dev_path, options())
    from iton.corpus.indexing import fold_token
    from iton.text.clean import clean_token

    for article in corpus.store.iter_articles():
        assert len(article.lemmas) == len(article.forms) == len(article.spans)
        for form, (start, end) in zip(article.forms, article.spans, strict=True):
            written = article.text[start:end]
            assert form == fold_token(clean_token(written))


def test_progress_bar_runs(corpus: Corpus, news_dev_path: Path, capsys) -> None:
    corpus.ingest(news_dev_path, options(progress=True))
    assert "articles" in capsys.readouterr().err


clean_text = st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), min_size=1, max_size=60).map(
    str.strip).filter(bool)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.fixed_dictionaries(
    {"body": clean_text},
    optional={"title": clean_text, "subtitle": clean_text, "outlet": clean_text, "author": clean_text,
              "url": clean_text, "published": clean_text},
), min_size=1, max_size=4, unique_by=lambda r: r["body"]))
def test_ingested_articles_read_back_unchanged(tmp_path_factory, records: list[dict]) -> None:
    folder = tmp_path_factory.mktemp("roundtrip")
    for number, record in enumerate(records):
        record["id"] = f"r{number}"
    path = write_jsonl(folder / "in.jsonl", records)
    with Corpus(str(folder / "r.db"), engine="rules") as corpus:
        summary = corpus.ingest(path, IngestOptions(engine="rules"))
        assert summary.added == len(records) and summary.rejected == 0
        for record in records:
            stored = corpus.get(record["id"])
            for name in ("body", "title", "subtitle", "outlet", "author", "url"):
                assert getattr(stored, name) == record.get(name), name
            assert stored.published_raw == record.get("published")
        assert [a.id for a in corpus.store.iter_articles()] == [r["id"] for r in records]


def test_a_missing_source_stops_before_anything_is_written(corpus: Corpus, news_dev_path: Path, tmp_path: Path) -> None:
    from iton.errors import SourceNotFound

    with pytest.raises(SourceNotFound):
        corpus.ingest([news_dev_path, tmp_path / "missing.jsonl"], options())
    assert len(corpus) == 0


def test_parallel_jobs_store_the_same(tmp_path: Path, news_dev_path: Path) -> None:
    with Corpus(str(tmp_path / "one.db"), engine=ENGINE) as one, Corpus(str(tmp_path / "two.db"), engine=ENGINE) as two:
        one.ingest(news_dev_path, options())
        summary = two.ingest(news_dev_path, options(jobs=2, batch_size=8))
        assert summary.added == 33
        strip = lambda a: {k: v for k, v in a.to_record(with_index=True).items() if not k.endswith("_at")}
        assert [strip(a) for a in one.store.iter_articles()] == [strip(a) for a in two.store.iter_articles()]


@pytest.mark.parametrize("batch", [8, 4])
def test_parallel_jobs_count_repeated_ids_as_one_process_does(tmp_path: Path, news_dev_path: Path, batch: int) -> None:
    # With workers, batches are analysed before the ones read ahead of them are stored: a later
    # copy of an id must still count as unchanged (same content) or updated (changed).
    records = news(news_dev_path)[:12]
    same = dict(records[5])
    changed = dict(records[6], body=records[6]["body"] + " עדכון אחרון.")
    path = write_jsonl(tmp_path / "repeats.jsonl", [*records, same, changed])
    counts, stored = [], []
    for jobs in (1, 2):
        with Corpus(str(tmp_path / f"jobs{jobs}.db"), engine=ENGINE) as corpus:
            # batches of 8: the copies come one batch after their first copies, which the workers
            # still hold; of 4: two batches after, while the workers hold both batches between
            summary = corpus.ingest(path, options(jobs=jobs, batch_size=batch // jobs))
            counts.append((summary.added, summary.updated, summary.unchanged, summary.warnings))
            stored.append({a.id: (a.body, a.content_hash) for a in corpus.store.iter_articles()})
    assert counts[0] == counts[1] == (12, 1, 1, 2)
    assert stored[0] == stored[1]
    assert stored[1][changed["id"]][0].endswith("עדכון אחרון.")


def test_jobs_out_of_range() -> None:
    from iton.errors import InvalidOption

    with pytest.raises(InvalidOption, match="jobs"):
        IngestOptions(jobs=0)


def test_entities_are_tagged_once_at_ingest(corpus: Corpus, news_dev_path: Path, tmp_path: Path) -> None:
    from iton.corpus.ingest import entities_unavailable

    if (missing := entities_unavailable()) is not None:
        pytest.skip(f"the entity tagger is not usable here: {missing}")
    corpus.ingest(news_dev_path, options())
    article = corpus.get("abraham_inn")
    assert article.entities and all(e.label and e.lemma for e in article.entities)
    for entity in article.entities:
        assert article.text[entity.start : entity.end] == entity.text
    with Corpus(str(tmp_path / "plain.db"), engine=ENGINE) as plain:
        plain.ingest(news_dev_path, options(entities=False))
        assert plain.get("abraham_inn").entities is None


def test_normalized_input_has_no_entities(corpus: Corpus, seed_text: str, tmp_path: Path) -> None:
    path = tmp_path / "seed.txt"
    path.write_text(seed_text, encoding="utf-8")
    corpus.ingest(path, options(normalized=True))
    assert corpus.get("seed").entities == []  # none to find, and none tagged later from lemmas


def test_store_from_before_entities_is_migrated(tmp_path: Path) -> None:
    import sqlite3

    from iton.corpus.store import SQLiteStore
    from iton.corpus.store.migrations import MIGRATIONS

    path = tmp_path / "old.db"
    with sqlite3.connect(path) as db:  # a store written before migration 0004
        db.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        for name, sql in MIGRATIONS[:3]:
            db.executescript(sql)
            db.execute("INSERT INTO migrations VALUES (?, 'then')", (name,))
    store = SQLiteStore(str(path))
    assert store.migrations()[3] == "0004_entities"
    assert "entities" in {row[1] for row in store.connection.execute("PRAGMA table_info(articles)")}
    store.close()


def test_force_reanalyses_unchanged_articles(corpus: Corpus, news_dev_path: Path) -> None:
    corpus.ingest(news_dev_path, options(entities=False))
    assert corpus.get("abraham_inn").entities is None
    summary = corpus.ingest(news_dev_path, options(force=True))
    assert (summary.added, summary.updated, len(corpus)) == (0, 33, 33)
    from iton.corpus.ingest import entities_unavailable

    if entities_unavailable() is None:
        assert corpus.get("abraham_inn").entities is not None
