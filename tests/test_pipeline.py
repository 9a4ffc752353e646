"""The pipeline: options checked once, stages chained, engines chosen by name."""

from __future__ import annotations

import pytest

import iton
from iton.errors import InvalidOption, PipelineGap
from iton.pipeline import MAX_MORPH_CHARS, Options, Pipeline, Stage, load_pipeline

RULES = Options(engine="rules", entities=False)


def test_unknown_engine_is_a_clear_error() -> None:
    with pytest.raises(InvalidOption, match="engine"):
        Options(engine="yap")


def test_pipeline_is_loaded_once() -> None:
    assert load_pipeline(RULES) is load_pipeline(RULES)


def test_gaps_are_listed_together() -> None:
    pipeline = Pipeline(RULES)
    pipeline.stages = [Stage("late", ("a", "b"), ("c",), lambda docs: None)]
    with pytest.raises(PipelineGap, match="late needs a; late needs b"):
        pipeline._check()


def test_analyze_many_keeps_order() -> None:
    texts = ["שלום", "", "עולם ומלואו", "S-300"]
    docs = list(load_pipeline(RULES).analyze_many(texts, batch_docs=2))
    assert [d.text for d in docs] == texts


def test_very_long_token_passes_through() -> None:
    word = "א" * (MAX_MORPH_CHARS * 1000)
    doc = load_pipeline(RULES).analyze(word)
    assert doc.tokens[0].morphemes[0].lemma == word


def test_public_api() -> None:
    assert iton.normalize("שני המנהיגים", options=RULES) == "שני מנהיג"
    assert iton.analyze("שלום", RULES).tokens[0].form == "שלום"
