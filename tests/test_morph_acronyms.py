"""Acronyms keep their letters: an unseen acronym is not respelled into a known one."""

from __future__ import annotations

from iton.morph.acronyms import acronym_reading, known_acronyms

KNOWN = frozenset({'בג"ץ', 'כפ"ס', 'ג"ץ'})


def test_a_listed_acronym_stays_whole_even_when_its_tail_is_listed_too() -> None:
    # the network split ב and respelled the rest; the list says בג"ץ is one word
    words = [("ב", "ב", "ADP", "_"), ('ג"ץ', 'אש"ף', "PROPN", "_")]
    assert acronym_reading('בג"ץ', words, KNOWN) == [('בג"ץ', 'בג"ץ', "PROPN", "_")]


def test_a_reading_that_keeps_the_letters_stands() -> None:
    # a split that leaves a listed acronym, though the whole word is listed too (Wiktionary's במד"א)
    split = [("ב", "ב", "ADP", "_"), ('מד"א', 'מד"א', "PROPN", "_")]
    assert acronym_reading('במד"א', split, KNOWN | {'במד"א', 'מד"א'}) is split
    # an inflected acronym: the network's lemma and suffix, not the written word
    inflected = [('מנכ"ל_', 'מנכ"ל', "NOUN", "Definite=Def"), ("_של_", "של", "ADP", "_"),
                 ("_היא", "הוא", "PRON", "Case=Gen|Gender=Fem|Number=Sing|Person=3|PronType=Prs")]  # fmt: skip
    assert acronym_reading('מנכ"לה', inflected, KNOWN) is inflected
    # never every letter before the gershayim as clitics
    assert acronym_reading('ל"א', [("ל", "ל", "ADP", "_"), ('"א', 'אש"ף', "NOUN", "_")], KNOWN) == [
        ('ל"א', 'ל"א', "NOUN", "_")]  # fmt: skip


def test_clitics_before_a_listed_acronym_are_split_and_the_host_keeps_its_letters() -> None:
    words = [("ב", "ב", "ADP", "_"), ('באש"ף', 'אש"ף', "PROPN", "_")]
    assert acronym_reading('בכפ"ס', words, KNOWN) == [("ב", "ב", "ADP", "_"), ('כפ"ס', 'כפ"ס', "PROPN", "_")]
    # the network left ו and ה on the word: rebuilt from the letters, the article with HTB's feature
    assert acronym_reading('והכפ"ס', [('והכפ"ס', 'אש"ף', "NOUN", "_")], KNOWN) == [
        ("ו", "ו", "CCONJ", "_"), ("ה", "ה", "DET", "PronType=Art"), ('כפ"ס', 'כפ"ס', "NOUN", "_")]  # fmt: skip


def test_an_unlisted_acronym_keeps_the_networks_split_and_its_own_letters() -> None:
    words = [("ל", "ל", "ADP", "_"), ("ה_", "ה", "DET", "PronType=Art"), ('רע"ם', 'רע"ן', "PROPN", "_")]
    assert acronym_reading('לרע"ם', words, KNOWN) == [*words[:2], ('רע"ם', 'רע"ם', "PROPN", "_")]


def test_an_acronyms_plural_takes_its_singular_as_lemma() -> None:
    known = KNOWN | {'כטב"ם'}
    # the network read כ as a clitic and kept the plural whole (כטב"מים, "drones")
    words = [("כ", "כ", "ADP", "_"), ('טב"מים', 'טב"מים', "NOUN", "_")]
    assert acronym_reading('כטב"מים', words, known) == [('כטב"מים', 'כטב"ם', "NOUN", "Abbr=Yes|Gender=Masc|Number=Plur")]
    assert acronym_reading('הכטב"מים', words, known) == [
        ("ה", "ה", "DET", "PronType=Art"), ('כטב"מים', 'כטב"ם', "NOUN", "Abbr=Yes|Gender=Masc|Number=Plur")]  # fmt: skip
    # a reading with the singular stands, and a quoted plural word is no acronym's
    right = [("ו", "ו", "CCONJ", "_"), ('כפ"סים', 'כפ"ס', "NOUN", "_")]
    assert acronym_reading('וכפ"סים', right, known) is right
    quoted = [("ה", "ה", "DET", "PronType=Art"), ('"מבנים', "מבנה", "NOUN", "_")]
    assert acronym_reading('ה"מבנים', quoted, known) is quoted


def test_words_that_are_not_acronyms_and_right_readings_are_left_alone() -> None:
    words = [("ב", "ב", "ADP", "_"), ("בית", "בית", "NOUN", "_")]
    assert acronym_reading("בבית", words, KNOWN) is words
    right = [('בג"ץ', 'בג"ץ', "PROPN", "_")]
    assert acronym_reading('בג"ץ', right, KNOWN) is right
    # a quote opening a quoted word is not an acronym
    quoted = [("ל", "ל", "ADP", "_"), ('"שפיגל', '"שפיגל', "PROPN", "_")]
    assert acronym_reading('ל"שפיגל', quoted, KNOWN) is quoted


def test_the_bundled_list_and_the_model_use_it() -> None:
    from iton.morph.model import load

    known = known_acronyms()
    assert {'בג"ץ', 'בל"ד', 'צה"ל'} <= known and len(known) > 3000
    [[readings]] = load().analyze_words([['בכפ"ס']])
    assert [(w[0], w[1]) for w in readings] == [("ב", "ב"), ('כפ"ס', 'כפ"ס')]
    for surface, lemma in (('מנכ"לה', 'מנכ"ל'), ('במד"א', 'מד"א'), ('דו"חו', 'דו"ח')):
        [[readings]] = load().analyze_words([[surface]])
        assert lemma in [w[1] for w in readings], surface
