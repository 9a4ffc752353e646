"""Facts of Hebrew writing that several parts of iton read: letters, clitics, the article.

One place for them, so the tokenizer, the morphology, the entity tagger and the views agree.
"""

from __future__ import annotations

import re
from collections.abc import Container

# The 27 letter code points of the Hebrew block, final forms included (א..ת).
FIRST_LETTER = "\u05d0"
LAST_LETTER = "\u05ea"
# The letters as a range for a regular expression's character class: f"[{LETTERS}]".
LETTERS = f"{FIRST_LETTER}-{LAST_LETTER}"
# The Hebrew presentation forms (letters with points fused, as old fonts encode them), as a range.
PRESENTATION_LETTERS = "\ufb1d-\ufb4f"
HEBREW_LETTER = re.compile(f"[{LETTERS}]")

# Letters written before a word as clitics: ו (and), ה (the), ב כ ל מ (prepositions), ש (that).
CLITIC_LETTERS = frozenset("והבכלמש")
# The same letters as one string, in that order, for code that walks them.
CLITIC_LETTER_STRING = "והבכלמש"
# The part of speech each clitic letter has when written alone before a word (HTB's UPOS).
CLITIC_LETTER_UPOS = {"ו": "CCONJ", "ה": "DET", "ב": "ADP", "כ": "ADP", "ל": "ADP", "מ": "ADP", "ש": "SCONJ"}
# A chain of clitic letters in the order they are written (ו, then ש/כש/מש, then a preposition,
# then the article): ו, ל, וב, שה, וכשה. A regular expression; it also matches the empty chain.
CLITIC_CHAIN = "ו?(?:ש|כש|מש)?[בכלמ]?ה?"
# HTB's UPOS tags of clitic prefixes: prepositions, conjunctions, subordinators, the article.
CLITIC_UPOS = frozenset({"ADP", "CCONJ", "SCONJ", "DET"})
# The definite article, written as the first letter of its word (הקרמלין = ה קרמלין).
ARTICLE_LETTER = "ה"
# Prepositions that swallow a following article in writing (בבית = ב ה בית, the ה not written).
ARTICLE_HIDING = frozenset("בכל")
# At most three clitic letters stack before a word (ומה, ושב); a longer run is part of the word.
MAX_CLITIC_LETTERS = 3
# A consonant ו inside a word or at the start of a foreign name is written twice (נוותר, וויאס):
# seldom the conjunction before a word in ו.
DOUBLED_VAV = "וו"

# Gershayim marks an acronym (צה"ל), geresh an abbreviation or a foreign sound (גב', ג'ורג').
# The Hebrew marks are read as the ASCII quotes everywhere after clean-up.
GERSHAYIM = '"'
GERESH = "'"
HEBREW_GERSHAYIM = "\u05f4"
HEBREW_GERESH = "\u05f3"


def has_hebrew(text: str) -> bool:
    """Whether ``text`` holds a Hebrew letter."""
    return HEBREW_LETTER.search(text) is not None


def clitic_split(form: str, known: Container[str]) -> int | None:
    """How many clitic letters come before a ``known`` word in ``form`` (0: the form itself is
    known); None when no such word is there."""
    if form in known:
        return 0
    for n in range(1, min(MAX_CLITIC_LETTERS, len(form) - 1) + 1):
        if form[n - 1] not in CLITIC_LETTERS:
            return None
        if form[n:] in known:
            return n
    return None
