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


def test_a_quotation_opened_after_clitics_is_read_as_its_word() -> None:
    # news quotes names after a preposition or conjunction: ל"הארץ, מ"כחול לבן", ו'הצהרת שלום'
    text = 'ח"כים מ"כחול לבן" אמרו ל"הארץ" כי מבצע ו"שומר החומות" ו\'הצהרת שלום\' הסתיימו ב-ל"ג בעומר'
    doc = load_pipeline(Options()).analyze(text)
    by_form = {t.form: t.morphemes for t in doc.tokens}
    assert [(m.form, m.upos) for m in by_form['ל"הארץ']] == [("ל", "ADP"), ('"', "PUNCT"), ("ה", "DET"), ("ארץ", "NOUN")]
    assert [(m.form, m.upos) for m in by_form['מ"כחול'][:2]] == [("מ", "ADP"), ('"', "PUNCT")]
    normalized = iton.normalize(text).split()
    assert ["כחול", "לבן"] == normalized[1:3] and "ארץ" in normalized and "שומר" in normalized
    assert ["הצהרה", "שלום"] == normalized[normalized.index("חומה") + 2 : normalized.index("חומה") + 4]
    # acronyms keep their letters: the gershayim stands before their last letter (ל"ג, ח"כ)
    assert normalized[0] == 'ח"כ' and 'ל"ג' in normalized
    assert not any(form.startswith(('"', "'")) for form in normalized if len(form) > 1)


def test_a_quoted_word_is_indexed_by_its_lemma_in_the_rules_engine_too() -> None:
    doc = load_pipeline(RULES).analyze('הוא אמר ל"ידיעות"')
    quoted = doc.tokens[2]
    assert [m.upos for m in quoted.morphemes[:2]] == ["ADP", "PUNCT"]
    assert iton.normalize('הוא אמר ל"ידיעות"', options=RULES).split()[2] != '"'


def test_a_batch_runs_without_automatic_collection_and_its_cycles_are_freed_after() -> None:
    import gc
    import weakref

    from iton.workers import call_then_freeze

    class Node:
        pass

    def batch() -> tuple[bool, weakref.ref]:
        node = Node()
        node.itself = node  # a cycle, which only a collection frees
        return gc.isenabled(), weakref.ref(node)

    was_enabled = gc.isenabled()
    try:
        gc.enable()
        enabled_inside, ref = call_then_freeze(batch)
        assert not enabled_inside
        assert ref() is None  # the collection after the call freed it
        assert gc.isenabled()  # and the collector is as it was
    finally:
        gc.unfreeze()
        if not was_enabled:
            gc.disable()
