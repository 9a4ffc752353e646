"""eval/iahltwiki.py reads HebPipe's one-word-a-line files into written tokens and maps the
current UD conventions only where asked."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "eval"))

from iahltwiki import _current_ud, read_hebpipe, word_hash

# Two sentences as HebPipe writes them: form, UPOS, B-SENT, place in the token, features, form, lemma.
TAB = "\n".join([
    "ילדים\tNOUN\tB-SENT\tO\tNumber=Plur\tילדים\tילד",
    "ב\tADP\tO\tB\tDefinite=Def\tב\tב",
    "בית\tNOUN\tO\tE\t_\tבית\tבית",
    ".\tPUNCT\tO\tO\t\t.\t.",
    "ו\tCCONJ\tB-SENT\tB\t\tו\tו",
    "זו\tPRON\tO\tE\t\tזו\tזה",
])  # fmt: skip


def test_words_join_into_their_written_tokens_and_sentences_split(tmp_path):
    path = tmp_path / "dev.tab"
    path.write_text(TAB + "\n", encoding="utf-8")
    first, second = read_hebpipe(path)
    assert [surface for surface, _ in first] == ["ילדים", "בבית", "."]
    assert first[1][1] == [("ב", "ב", "ADP"), ("בית", "בית", "NOUN")]
    assert second == [("וזו", [("ו", "ו", "CCONJ"), ("זו", "זה", "PRON")])]
    assert word_hash(second) == hashlib.sha256("ו זו".encode()).hexdigest()


def test_conventions_map_demonstratives_and_numbers_only():
    assert _current_ud("זאת", "PRON") == "זה"
    assert _current_ud("שלושה", "NUM") == "שלוש"
    assert _current_ud("שני", "ADJ") == "שני"  # "second", not the number two
    assert _current_ud("בית", "NOUN") == "בית"
