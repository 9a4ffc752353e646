"""The clitic morphemes written before a word's host, rebuilt when a stage replaces the host."""

from __future__ import annotations

import re

from iton.document import Morpheme, Token
from iton.hebrew import ARTICLE_HIDING, CLITIC_CHAIN, CLITIC_LETTER_UPOS, CLITIC_UPOS


def prefix_morphemes(token: Token, letters: str) -> list[Morpheme]:
    """The clitic morphemes ``token`` writes as ``letters`` (clitic letters) before its host: the
    morphology's when their letters match, an article hidden after ב/כ/ל included (לקרמלין =
    ל ה קרמלין), else one morpheme per letter."""
    prefix: list[Morpheme] = []
    written = ""
    for m in token.morphemes:
        hidden = m.form == "ה" and m.upos == "DET" and bool(prefix) and prefix[-1].form in ARTICLE_HIDING
        if not hidden and (written == letters or m.upos not in CLITIC_UPOS):
            break
        prefix.append(m)
        written += "" if hidden else m.form
    return prefix if written == letters else letter_morphemes(letters)


def letter_morphemes(letters: str) -> list[Morpheme]:
    """One clitic morpheme per letter of ``letters``, with the part of speech HTB gives it alone."""
    return [Morpheme(ch, ch, CLITIC_LETTER_UPOS[ch]) for ch in letters]


# Clitic letters written before a quotation mark that opens a quotation on the next word:
# ל"הארץ, מ"כחול לבן", ו'הצהרת שלום'. A chain in its written order (ו, then ש/כש/מש, then a
# preposition, then the article), then the mark, then at least two letters: an acronym has its
# gershayim before its last letter (ש"ס, מ"ר, ל"ג), and no listed acronym has this shape.
_QUOTED_WORD = re.compile(f"({CLITIC_CHAIN})([\"'])(?=[\u05d0-\u05ea]{{2}})")


def quoted_word(form: str) -> tuple[str, str, str] | None:
    """(clitic letters, quotation mark, word) of a token that opens a quotation after its
    clitics (ל"הארץ → ל, ", הארץ), else None. The word is what the morphology should read."""
    match = _QUOTED_WORD.match(form)
    if match is None or not match.group(1):
        return None
    return match.group(1), match.group(2), form[match.end() :]


def quoted_morphemes(letters: str, mark: str, word: list[Morpheme]) -> list[Morpheme]:
    """The morphemes of a quotation opened after clitics, as HTB writes them (ב"רצח = ב " רצח):
    one per clitic letter, the mark, then the word's own analysis."""
    return [*letter_morphemes(letters), Morpheme(mark, mark, "PUNCT"), *word]
