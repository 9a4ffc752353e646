"""A transparent rule-based morphology engine: prefix stripping and plural folding.

It is the fallback when no trained model is bundled and stays available as
``--engine rules`` so that the trained model's gain can always be measured against it.
"""

from __future__ import annotations

import re

from iton.document import Morpheme
from iton.hebrew import HEBREW_LETTER

# Words that start with a prefix letter but are not prefixed (HTB keeps them whole).
# Kept short on purpose: these are the frequent function words and the seed's cases.
_WHOLE = frozenset(
    """
    בין בית ברית באמצעות בעקבות בגלל בלי בעוד בתוך במקום במהלך בערך ביותר בכל בעצם
    לא לפני לאחר לפי לגבי למרות למען למעשה לכן לעומת לבין לעבר לצד לעתים ליד לו לה להם
    כי כל כך כמו כן כאשר כבר כדי כמה כלל כיוון כנגד כגון כלומר
    מה מי מאוד מול מאז מעל מתחת מפני משום מכל מדי מנת מאחר מטוס מטוסים מנהיג מדינה מצב
    של שלא שלו שלה שלהם שני שתי שניים שתיים שם שוב שבוע שנה שנים שלוש שלושה שר שרים
    הוא היא הם הן היה הייתה היו הזה הזאת האם הרבה היום הנה
    וכו ועוד
    """.split()
)
# Leading clitics in the order they chain (ו, then ש/כש/מש, then ב/כ/ל/מ, then ה).
_PREFIX = re.compile("^(ו)?(כש|מש|ש)?([בכלמ])?(ה)?")
_TAGS = {"ו": "CCONJ", "ש": "SCONJ", "כש": "SCONJ", "מש": "SCONJ", "ה": "DET"}
# A host shorter than this after stripping is more likely a word that only looks prefixed.
_MIN_HOST = 3
_FINAL = str.maketrans("כמנפצ", "ךםןףץ")
_KIND_TAGS = {"punct": "PUNCT", "number": "NUM", "symbol": "SYM", "latin": "X", "url": "X", "email": "X", "other": "X"}


def _final_form(word: str) -> str:
    return word[:-1] + word[-1].translate(_FINAL) if word else word


def _host_lemma(host: str) -> str:
    # Plural endings fold to the singular: מטוסים -> מטוס, חברות -> חברה.
    if len(host) > 4 and host.endswith("ים"):
        return _final_form(host[:-2])
    if len(host) > 4 and host.endswith("ות"):
        return host[:-2] + "ה"
    return host


def analyze_word(form: str) -> list[Morpheme]:
    """Split one cleaned Hebrew token into clitics and a host with a guessed lemma."""
    if form in _WHOLE or '"' in form or "'" in form or not HEBREW_LETTER.match(form):
        return [Morpheme(form, form, "X")]
    match = _PREFIX.match(form)
    assert match is not None
    prefixes = [p for p in match.groups() if p]
    # ש starts many words (שלום, שמש): strip it only before a longer host.
    while prefixes and len(form) - sum(map(len, prefixes)) < _MIN_HOST + any(p.endswith("ש") for p in prefixes):
        prefixes.pop()
    host = form[sum(map(len, prefixes)) :]
    if host in _WHOLE:
        return [Morpheme(p, p, _TAGS.get(p, "ADP")) for p in prefixes] + [Morpheme(host, host, "X")]
    return [Morpheme(p, p, _TAGS.get(p, "ADP")) for p in prefixes] + [Morpheme(host, _host_lemma(host), "X")]


class RulesEngine:
    """Rule-based engine: strips leading clitics, folds plural endings, tags hosts ``X``."""

    name = "rules"

    def analyze(self, sentences: list[list[str]]) -> list[list[list[Morpheme]]]:
        return [[self._token(form) for form in sentence] for sentence in sentences]

    @staticmethod
    def _token(form: str) -> list[Morpheme]:
        if HEBREW_LETTER.search(form):
            return analyze_word(form)
        if form.isdigit() or any(c.isdigit() for c in form[:1]):
            return [Morpheme(form, form, "NUM")]
        if form.isalnum():
            return [Morpheme(form, form, "X")]
        return [Morpheme(form, form, "PUNCT" if len(form) <= 3 else "X")]
