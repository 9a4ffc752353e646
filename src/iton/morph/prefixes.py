"""The clitic morphemes written before a word's host, rebuilt when a stage replaces the host."""

from __future__ import annotations

from iton.document import Morpheme, Token
from iton.hebrew import ARTICLE_HIDING, CLITIC_LETTER_UPOS, CLITIC_UPOS


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
    if written == letters:
        return prefix
    return [Morpheme(ch, ch, CLITIC_LETTER_UPOS[ch]) for ch in letters]
