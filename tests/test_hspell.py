"""hspell's readings as optional evidence for the morphology model (iton.morph.hspell)."""

from __future__ import annotations

import pytest

from iton.morph.hspell import HspellLexicon, Reading, find_hspell, parse

# `hspell -l` output for three words, as hspell 1.4 writes it (decoded from ISO-8859-8)
SAMPLE = """מילה חוקית: מוחזר
\tמוחזר(פ,ז,3,יחיד,עבר)
\tהוחזר(פ,ז,יחיד,הווה)
צירוף חוקי: ו+צעקות
\tצעקה(ע,נ,רבים)
מילה חוקית: של
\tנשל(פ,ז,2,יחיד,ציווי)
\tשל(x)
צירוף חוקי: של+
מילה חוקית: אם
\tשונות(x)
\tאם(ע,נ,יחיד)
\tשונות(ע,פרטי)
"""


def test_parse_reads_prefix_splits_lemmas_and_classes():
    got = parse(SAMPLE)
    assert got["מוחזר"] == [Reading("", "מוחזר", "VERB"), Reading("", "הוחזר", "VERB")]
    assert got["וצעקות"] == [Reading("ו", "צעקה", "NOUN")]
    # a word that is a whole prefix chain, and hspell's placeholder lemma of function words
    assert Reading("של", "של", "OTHER") in got["של"] and Reading("", "של", "OTHER") in got["של"]
    assert Reading("", "אם", "OTHER") in got["אם"] and Reading("", "שונות", "PROPN") in got["אם"]


def test_off_switch(monkeypatch):
    monkeypatch.setenv("ITON_HSPELL", "0")
    assert find_hspell() is None


hspell = pytest.mark.skipif(find_hspell() is None, reason="hspell is not installed (apt-get install hspell)")


@hspell
def test_real_hspell_readings_and_rejections():
    lexicon = HspellLexicon(find_hspell())
    lexicon.prepare(["וצעקות", "קרמלין", "S-300", "מעיינות"])
    assert Reading("ו", "צעקה", "NOUN") in lexicon.readings("וצעקות")
    assert {r.lemma for r in lexicon.readings("מעיינות")} >= {"מעיין", "עין"}
    assert lexicon.readings("קרמלין") == ()  # a name hspell does not know
    assert lexicon.readings("S-300") == ()  # not Hebrew: never sent to hspell


# words whose replies differ in shape: split with a prefix, a gematria line before the verdict
# (ג'), gershayim, a rejected word, a word ispell would suggest corrections for, and the sentinel
# word itself (never asked: its reply would end the chunk's early)
ASKED = ["וצעקות", "ג'", "צה\"ל", "מע\"מ", "קרמלין", "אבגדהו", "שלום", "בבית", "ג'ג'", "ףףףף", "מעיינות"]


def _plain_hspell(words: list[str]) -> dict[str, tuple[Reading, ...]]:
    """What ``hspell -l`` gives the words in one process of its own (the way iton asked before)."""
    import subprocess

    done = subprocess.run([find_hspell(), "-l"], input="\n".join(words).encode("iso-8859-8") + b"\n",
                          capture_output=True, check=True)
    found = parse(done.stdout.decode("iso-8859-8"))
    return {w: tuple(found.get(w, ())) for w in words}


@hspell
def test_one_process_answers_every_call_as_plain_hspell_does(monkeypatch):
    import iton.morph.hspell as module

    monkeypatch.setattr(module, "CHUNK_BYTES", 20)  # a few words a chunk: the chunks' replies are read apart
    lexicon = HspellLexicon(find_hspell())
    lexicon.prepare(ASKED[:5])
    process = lexicon._process
    lexicon.prepare(ASKED)
    assert lexicon._process is process and process.poll() is None  # kept between calls
    assert {w: lexicon.readings(w) for w in ASKED} == _plain_hspell(ASKED)
    lexicon.close()
    assert process.poll() is not None


@hspell
def test_a_dead_hspell_is_started_again_and_a_forked_child_asks_its_own():
    import os

    lexicon = HspellLexicon(find_hspell())
    lexicon.prepare(["שלום"])
    first = lexicon._process
    first.kill()
    first.wait()
    lexicon.prepare(["וצעקות"])  # the dead process is noticed before it is written to
    assert lexicon._process is not first and Reading("ו", "צעקה", "NOUN") in lexicon.readings("וצעקות")
    parent_pid = lexicon._process.pid
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: its own process, the parent's left alone
        try:
            lexicon.prepare(["מעיינות"])
            ok = lexicon._process.pid != parent_pid and bool(lexicon.readings("מעיינות"))
            os.write(write, b"1" if ok else b"0")
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
    assert os.read(read, 1) == b"1"
    lexicon.prepare(["מע\"מ"])
    assert lexicon._process.pid == parent_pid and lexicon.readings("מע\"מ")


@hspell
def test_engine_uses_hspell_and_a_word_it_rejects_keeps_the_plain_weights():
    from iton.morph.model import load

    engine = load()
    assert engine.hspell is not None and engine.rerank_plain is not None
    assert engine.rerank_weights("קרמלין") is engine.rerank_plain
    assert engine.rerank_weights("מעיינות") is engine.rerank


@hspell
def test_hspell_fixes_unseen_words_the_network_alone_gets_wrong(monkeypatch):
    """A form absent from the training data (the network alone reads לספריות as ספר, "book") whose
    HTB lemma ספרייה ("library") hspell knows; without hspell every token is still analysed."""
    from iton.morph.model import ModelEngine
    from iton.morph.model_files import read_bundle
    from iton.views import host_lemma

    weights, bundle = read_bundle()
    with_hspell = ModelEngine(weights, bundle)
    monkeypatch.setenv("ITON_HSPELL", "0")
    plain = ModelEngine(weights, bundle)
    sentence = ["הכסף", "מופנה", "לספריות", "ולמכוני", "מחקר", "."]
    assert "לספריות" not in with_hspell.memory
    assert host_lemma(with_hspell.analyze([sentence])[0][2]) == "ספרייה"
    assert plain.hspell is None
    plain_reading = plain.analyze([sentence])[0]
    assert len(plain_reading) == len(sentence) and host_lemma(plain_reading[2]) == "ספר"
