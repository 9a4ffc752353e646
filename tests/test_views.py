"""The views made from one Document: normalized text, CoNLL-U, JSON, and normalized input."""

from __future__ import annotations

import json

import conllu
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iton.document import Morpheme, Token
from iton.pipeline import Options, load_pipeline
from iton.views import host_lemma, normalized_text, read_normalized, to_conllu, to_json, token_lemma

RULES = Options(engine="rules", entities=False)


def analyze(text: str):
    return load_pipeline(RULES).analyze(text)


def test_host_lemma_drops_clitics_but_keeps_one() -> None:
    assert host_lemma([Morpheme("ו", "ו", "CCONJ"), Morpheme("ה", "ה", "DET"), Morpheme("כוחות", "כוח", "NOUN")]) == "כוח"
    assert host_lemma([Morpheme("ב", "ב", "ADP")]) == "ב"
    # a clitic letter HTB tags otherwise: כ "about" before a number, ו before an adverb
    assert host_lemma([Morpheme("כ", "כ", "ADV"), Morpheme("מיליון", "מיליון", "NUM")]) == "מיליון"
    assert host_lemma([Morpheme("ו", "ו", "ADV"), Morpheme("כך", "כך", "ADV")]) == "כך"
    assert host_lemma([Morpheme("כ", "כ", "ADV")]) == "כ"


def test_token_lemma_punctuation_and_foreign() -> None:
    assert token_lemma(Token(",", 0, 1, "punct")) == ","
    assert token_lemma(Token("/", 0, 1, "punct")) is None
    assert token_lemma(Token("S-300", 0, 5, "latin")) is None
    assert token_lemma(Token("S-300", 0, 5, "latin"), keep_foreign=True) == "S-300"


def test_line_alignment_kept() -> None:
    text = "שלום עולם\n\nS-300\nמה נשמע?"
    out = normalized_text(analyze(text))
    assert out.split("\n")[1:3] == ["", ""]
    assert len(out.split("\n")) == 4


def test_lone_clitic_before_hyphen_dropped() -> None:
    assert normalized_text(analyze("ה-37 נהרגו"), keep_foreign=True).split() == ["37", "נהרגו"]


def test_acronym_stays_whole() -> None:
    assert normalized_text(analyze('דובר צה"ל')) == 'דובר צה"ל'


def test_niqqud_removed_and_nfc() -> None:
    assert normalized_text(analyze("שָׁלוֹם")) == "שלום"


def test_seed_passes_through_as_normalized_input(seed_text: str) -> None:
    assert normalized_text(read_normalized(seed_text)).split() == seed_text.split()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["שלום", "צה\"ל", "מטוס", ",", ".", ":", "\"", "בין", "ארה\"ב"]), max_size=30))
def test_normalized_input_passes_unchanged(words: list[str]) -> None:
    text = " ".join(words)
    assert normalized_text(read_normalized(text)) == text


def test_conllu_parses_with_multiword_tokens_and_space_after() -> None:
    text = "ובבית הספר, שלום."
    parsed = conllu.parse(to_conllu(analyze(text)))
    assert len(parsed) == 1
    sentence = parsed[0]
    multiword = [t for t in sentence if isinstance(t["id"], tuple)]
    assert multiword[0]["form"] == "ובבית"
    assert [t["form"] for t in sentence if isinstance(t["id"], int)][:3] == ["ו", "ב", "בית"]
    no_space = [t["form"] for t in sentence if t["misc"] and t["misc"].get("SpaceAfter") == "No"]
    assert no_space == ["הספר", "שלום"]
    assert sentence.metadata["text"] == text


def test_json_round_trips_offsets() -> None:
    text = "נתניהו יגיע לקרמלין."
    data = json.loads(json.dumps(to_json(analyze(text)), ensure_ascii=False))
    assert data["text"] == text
    for token in data["tokens"]:
        assert text[token["start"] : token["end"]] == token["text"]
        assert token["morphemes"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("שילם ל1,000 איש", ["שילם", "1,000", "איש"]),
        ("ב2019 וב-2020", ["2019", "2020"]),
        ("כשב-S-300 ירו", ["S-300", "ירו"]),
        # a clitic letter with a space after it, or before Hebrew, is not a stub
        ("מה 5", ["מה", "5"]),
        ("ב. לבית", ["ב", ".", "בית"]),
    ],
)
def test_clitic_stub_before_a_number_or_latin_dropped(raw: str, expected: list[str]) -> None:
    assert normalized_text(analyze(raw), keep_foreign=True).split() == expected


def test_is_clitic_stub_rule() -> None:
    from iton.views import is_clitic_stub

    assert is_clitic_stub("ל", "1,000", attached=True)
    assert is_clitic_stub("וב", "-", attached=True)
    assert not is_clitic_stub("ל", "1,000", attached=False)
    assert not is_clitic_stub("מה", "?", attached=True)
    assert not is_clitic_stub("בית", "2", attached=True)
