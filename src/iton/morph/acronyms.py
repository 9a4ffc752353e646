"""Acronyms keep their letters: an unseen word written as an acronym (כפ"ס, בל"ד) is never
respelled into another acronym the network knows (אש"ף, בג"ץ).

The network writes an unseen word's lemma by an edit script learned from the treebank; on an
acronym it knows nothing about, the script can change letters. For a word not memorized in
training and shaped like an acronym (letters, a gershayim, one or two letters) whose reading
loses its letters, the host keeps its written letters. A reading that keeps them stands (מנכ"לה
as מנכ"ל with a suffix, במד"א as ב + מד"א). Otherwise which leading letters are clitics is read
from a bundled list of Hebrew acronyms (``data/acronyms.txt``): the whole word when it is listed
(בג"ץ, not ב + ג"ץ), else the word without one to three clitic letters when that is listed
(בכפ"ס → ב + כפ"ס), else the network's split; never all the letters before the gershayim.
An acronym's plural is read the same way and takes its singular as lemma, its last letter in
final form, as HTB writes ח"כים (ח"כ) and דו"חות (דו"ח): כטב"מים came out כ + טב"מים.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from iton.hebrew import CLITIC_LETTER_UPOS, clitic_split
from iton.morph.templates import HIDDEN_ARTICLE, final_letter, host_index

__all__ = ["ACRONYM_SHAPE", "acronym_reading", "known_acronyms"]

ACRONYMS_FILE = "acronyms.txt"
# Letters, a gershayim (as the clean-up writes it), one or two letters: the shape of an acronym.
ACRONYM_SHAPE = re.compile(r'[\u05d0-\u05ea]+"[\u05d0-\u05ea]{1,2}')
# An acronym and a plural ending after it (כטב"מים, דו"חות), and HTB's features of such a plural.
PLURAL_ACRONYM = re.compile(r'([\u05d0-\u05ea]+"[\u05d0-\u05ea]{1,2})(ים|ות)')
PLURAL_ACRONYM_FEATS = {"ים": "Abbr=Yes|Gender=Masc|Number=Plur", "ות": "Abbr=Yes|Number=Plur"}
# HTB's features of a clitic letter's morpheme (the article; the others have none).
CLITIC_FEATS = {"ה": "PronType=Art"}


@lru_cache(maxsize=1)
def known_acronyms() -> frozenset[str]:
    """The bundled acronyms (written with ``"``), read once."""
    text = resources.files("iton.morph.data").joinpath(ACRONYMS_FILE).read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def acronym_reading(surface: str, words: list, known: frozenset[str] | None = None) -> list:
    """``words`` (HTB words: form, lemma, UPOS, FEATS) of an unseen ``surface``, with an acronym's
    host written as it is; other words, and readings that keep the acronym's letters, are
    returned unchanged."""
    plural = PLURAL_ACRONYM.fullmatch(surface)
    if plural is not None:
        return _plural_acronym(surface, plural, words, known if known is not None else known_acronyms())
    if not ACRONYM_SHAPE.fullmatch(surface):
        return words
    h = host_index([w[2] for w in words])
    prefix, host = words[:h], words[h]
    written = "".join(w[0] for w in prefix if w[0] != HIDDEN_ARTICLE)
    own_split = surface.startswith(written)
    if own_split and surface[len(written):].startswith(host[1]) and '"' in host[1]:
        return words  # the network kept the letters (מנכ"לה → מנכ"ל with its suffix): its reading stands
    n = clitic_split(surface, known if known is not None else known_acronyms())
    if n is None:
        n = len(written) if own_split else 0
    n = min(n, surface.index('"') - 1)  # at least one letter of the acronym before its gershayim
    stem = surface[n:]
    if n != len(written) or not own_split:
        prefix = _clitic_words(surface[:n])
    return [*prefix, (stem, stem, host[2], host[3])]


def _plural_acronym(surface: str, plural: re.Match, words: list, known: frozenset[str]) -> list:
    """The reading of an unseen acronym's plural whose singular, clitic letters before it or none,
    is a known acronym: the clitics, and the plural with its singular as lemma; ``words``
    where the network read it so already, or where no such singular is known."""
    written = plural.group(1)
    singular = written[:-1] + final_letter(written[-1])
    n = clitic_split(singular, known)
    if n is None:
        return words
    if words[host_index([w[2] for w in words])][1] == singular[n:]:
        return words
    return [*_clitic_words(surface[:n]), (surface[n:], singular[n:], "NOUN", PLURAL_ACRONYM_FEATS[plural.group(2)])]


def _clitic_words(letters: str) -> list:
    """HTB's words of clitic ``letters`` written before an acronym (the article with its feature)."""
    return [(ch, ch, CLITIC_LETTER_UPOS[ch], CLITIC_FEATS.get(ch, "_")) for ch in letters]
