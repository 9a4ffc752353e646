"""Near-duplicates: MinHash/LSH at ingest, groups with reasons, rebuilds, and updates that split groups."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from iton.corpus import Corpus, IngestOptions, sample_path
from iton.corpus.duplicates import DUPLICATE_THRESHOLD, shingles, signature, similarity

ENGINE = os.environ.get("ITON_CORPUS_TEST_ENGINE", "auto")


def options(**fields) -> IngestOptions:
    return IngestOptions(engine=ENGINE, **fields)


def member_ids(corpus: Corpus) -> list[list[str]]:
    return [[m.id for m in group.members] for group in corpus.duplicates()]


@pytest.fixture()
def corpus(tmp_path: Path):
    with Corpus(str(tmp_path / "d.db"), engine=ENGINE) as corpus:
        yield corpus


def test_sample_groups_and_reasons(corpus: Corpus) -> None:
    corpus.ingest(sample_path(), options())
    assert member_ids(corpus) == [["sample-01", "sample-02"], ["sample-06", "sample-07"]]
    second = corpus.duplicates()[0].members[1]
    assert second.closest == "sample-01" and second.similarity >= DUPLICATE_THRESHOLD
    assert "estimated similarity" in second.reason and "shared passage" in second.reason
    assert "תרכוש שמונה מטוסים חדשים" in second.shared_passage
    assert corpus.duplicates()[0].members[0].reason == "first ingested article of the group"


def test_same_story_in_other_words_is_not_a_duplicate(corpus: Corpus, news_dev_path: Path) -> None:
    corpus.ingest(news_dev_path, options())
    assert corpus.duplicates() == []  # 14 articles in 5 story groups, each outlet in its own words


def test_syndicated_copy_is_found(corpus: Corpus, news_dev_path: Path, tmp_path: Path) -> None:
    records = [json.loads(line) for line in news_dev_path.read_text(encoding="utf-8").splitlines()]
    original = next(r for r in records if r["id"] == "shalit_ynet")
    copy = dict(original, id="shalit_copy", outlet="copy.example", url="https://copy.example/1",
                body=original["body"].replace("שליט", "גלעד שליט", 1) + " (מאת סוכנות הידיעות)")
    path = tmp_path / "n.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in [*records, copy]), encoding="utf-8")
    corpus.ingest(path, options())
    assert member_ids(corpus) == [["shalit_ynet", "shalit_copy"]]
    # the copy changes into a different article: it leaves the group
    copy["body"] = "כתבה אחרת לגמרי על מזג האוויר בגליל ועל הגשם שירד הלילה ברוב חלקי הארץ."
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in [*records, copy]), encoding="utf-8")
    summary = corpus.ingest(path, options())
    assert summary.updated == 1 and corpus.duplicates() == []


def test_rebuild_gives_the_same_groups(corpus: Corpus) -> None:
    corpus.ingest(sample_path(), options())
    before = member_ids(corpus)
    assert [[m.id for m in g.members] for g in corpus.duplicates(rebuild=True)] == before


def test_ingest_without_duplicates_then_rebuild(corpus: Corpus) -> None:
    corpus.ingest(sample_path(), options(duplicates=False))
    assert corpus.duplicates() == []
    assert member_ids_after_rebuild(corpus) == [["sample-01", "sample-02"], ["sample-06", "sample-07"]]


def member_ids_after_rebuild(corpus: Corpus) -> list[list[str]]:
    return [[m.id for m in group.members] for group in corpus.duplicates(rebuild=True)]


def test_signature_estimates_jaccard() -> None:
    words = [f"מילה{i}" for i in range(200)]
    edited = words[:150] + [f"אחרת{i}" for i in range(50)]
    exact = len(shingles(words) & shingles(edited)) / len(shingles(words) | shingles(edited))
    assert abs(similarity(signature(words), signature(edited)) - exact) < 0.12
    assert similarity(signature(words), signature(words)) == 1.0
    assert signature([]) is None
    assert signature(["קצר"]) is not None  # a text shorter than a shingle is one shingle


def test_pairs_just_over_the_threshold_are_candidates_whatever_their_bands() -> None:
    from iton.corpus.duplicates import band_keys

    # 40 pairs edited to a shingle Jaccard of about 0.57: every one shares a band with its original
    for seed in range(40):
        words = [f"מילה{seed}_{i}" for i in range(300)]
        edited = words[:]
        for k in range(0, 300, 19):
            edited[k] = f"אחרת{seed}_{k}"
        exact = len(shingles(words) & shingles(edited)) / len(shingles(words) | shingles(edited))
        assert 0.5 < exact < 0.6
        assert set(band_keys(signature(words))) & set(band_keys(signature(edited)))


def _as_banded_by_the_old_scheme(path: Path) -> None:
    """Band numbers under BAND_BASE and keys no new article's bands meet, as an older iton wrote."""
    import sqlite3

    from iton.corpus.duplicates import BAND_BASE

    db = sqlite3.connect(path)
    with db:
        db.execute("UPDATE minhash_bands SET band = band - ?, key = key + 1", (BAND_BASE,))
    db.close()


def _copy_of_first_sample(tmp_path: Path) -> Path:
    first = next(json.loads(line) for line in Path(sample_path()).read_text(encoding="utf-8").splitlines())
    copy = tmp_path / "copy.jsonl"
    copy.write_text(json.dumps(dict(first, id="copy-01", url="https://copy.example/1"), ensure_ascii=False) + "\n",
                    encoding="utf-8")
    return copy


def test_a_store_banded_by_the_old_scheme_is_rebanded_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with Corpus(str(path), engine=ENGINE) as corpus:
        corpus.ingest(sample_path(), options())
    _as_banded_by_the_old_scheme(path)
    with Corpus(str(path), engine=ENGINE) as corpus:
        assert not corpus.store.has_bands_below(100)
        corpus.ingest(_copy_of_first_sample(tmp_path), options())
        assert ["sample-01", "sample-02", "copy-01"] in member_ids(corpus)


def test_iton_migrate_and_iton_copy_reband_an_old_store(tmp_path: Path) -> None:
    from iton.cli import main

    old, moved = tmp_path / "old.db", tmp_path / "moved.db"
    with Corpus(str(old), engine=ENGINE) as corpus:
        corpus.ingest(sample_path(), options())
    _as_banded_by_the_old_scheme(old)
    assert main(["copy", "--from", str(old), "--to", str(moved)]) == 0
    with Corpus(str(moved), engine=ENGINE) as corpus:  # the copy's bands are computed anew
        corpus.ingest(_copy_of_first_sample(tmp_path), options())
        assert ["sample-01", "sample-02", "copy-01"] in member_ids(corpus)
    assert main(["migrate", "--db", str(old)]) == 0
    from iton.corpus.store import open_store

    store = open_store(str(old))
    try:
        assert not store.has_bands_below(100)
    finally:
        store.close()
