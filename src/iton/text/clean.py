"""Unicode clean-up of Hebrew text: niqqud, cantillation, bidi controls, presentation forms, quotes."""

from __future__ import annotations

import re
import unicodedata

from iton.hebrew import GERESH, GERSHAYIM, HEBREW_GERESH, HEBREW_GERSHAYIM, LETTERS, PRESENTATION_LETTERS

# Hebrew points and cantillation marks (U+0591..U+05C7) that are not letters or
# punctuation: maqaf (05BE), paseq (05C0), sof pasuq (05C3) and nun hafukha (05C6) stay.
_MARKS = "".join(
    chr(c) for c in range(0x0591, 0x05C8) if chr(c) not in "\u05be\u05c0\u05c3\u05c6"
)
# Bidi controls and zero-width characters carry no text; they only confuse matching.
_INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u00ad"
_DROP_TABLE = {ord(c): None for c in _MARKS + _INVISIBLE}
# Hebrew punctuation read as its ASCII counterpart (rule 3 of the normalized form).
_MAP_TABLE = {
    ord(HEBREW_GERSHAYIM): GERSHAYIM,
    ord(HEBREW_GERESH): GERESH,
    ord("\u05be"): "-",  # maqaf
    ord("\u201c"): '"',
    ord("\u201d"): '"',
    ord("\u201e"): '"',
    ord("\u2018"): "'",
    ord("\u2019"): "'",
    ord("\u201a"): "'",
    ord("\u2013"): "-",  # en dash
    ord("\u2014"): "-",  # em dash
    ord("\u00a0"): " ",
    ord("\u202f"): " ",
    ord("\u2009"): " ",
}
_TABLE = {**_DROP_TABLE, **_MAP_TABLE}
_PRESENTATION = re.compile(f"[{PRESENTATION_LETTERS}]")
# Hebrew letters alone: nothing to drop, map or compose (most tokens of Hebrew news)
_LETTERS_ONLY = re.compile(f"[{LETTERS}]+")


def _decompose_presentation(match: re.Match[str]) -> str:
    # Alphabetic presentation forms (e.g. U+FB2A shin with shin dot) decompose to a
    # letter plus marks; the marks are then dropped like any niqqud.
    return unicodedata.normalize("NFKD", match.group())


def clean_token(form: str) -> str:
    """Clean one token: presentation forms decomposed, niqqud and bidi controls dropped,
    ״ ׳ and typographic quotes read as ASCII, two apostrophes as one ", NFC.

    >>> clean_token("שָׁלוֹם")
    'שלום'
    >>> clean_token("צה״ל")
    'צה"ל'
    """
    if form.isascii():
        return form.replace("''", '"') if "''" in form else form
    if _LETTERS_ONLY.fullmatch(form):
        return form
    if _PRESENTATION.search(form):
        form = _PRESENTATION.sub(_decompose_presentation, form)
    form = unicodedata.normalize("NFC", form.translate(_TABLE))
    # two apostrophes (or gereshes) written for a gershayim or a quotation mark: צה''ל, ''שלום''
    return form.replace("''", '"') if "''" in form else form


def clean_text(text: str) -> str:
    """Clean a whole text the same way as :func:`clean_token` (offsets are not kept)."""
    return clean_token(text)
