"""Turns tokens into the integer arrays the morphology model reads (training and run time)."""

from __future__ import annotations

import numpy as np

__all__ = ["BOW", "EOW", "MAX_CHARS", "PAD", "UNK", "char_ids", "word_key"]

# Longer tokens keep their first and last letters: prefixes and suffixes carry the morphology.
MAX_CHARS = 20
PAD, UNK, BOW, EOW = 0, 1, 2, 3


def word_key(form: str) -> str:
    """Return the key a form is looked up under in the word vocabulary (digits folded)."""
    if form.isalpha():  # letters only, so no digit: most forms
        return form
    return "".join("0" if ch.isdigit() else ch for ch in form)


def char_ids(form: str, chars: dict[str, int]) -> np.ndarray:
    """Return BOW + letter ids + EOW, the middle cut when the form is longer than MAX_CHARS."""
    if len(form) > MAX_CHARS:
        half = MAX_CHARS // 2
        form = form[:half] + form[-half:]
    return np.array([BOW, *(chars.get(ch, UNK) for ch in form), EOW], dtype=np.int32)


# The word left after dropping the first k letters (k < LEX_SPLITS) is looked up in the
# wordfreq lexicon: how frequent a word it is tells the network where prefixes end.
LEX_SPLITS = 4
LEX_FEATURES = 2 * LEX_SPLITS


def lex_features(form: str, prior: dict[str, float]) -> list[float]:
    """Return [present?, scaled log10 frequency] of form[k:] in the lexicon, for k < LEX_SPLITS."""
    out = []
    for k in range(LEX_SPLITS):
        freq = prior.get(form[k:]) if k < len(form) else None
        out.extend((1.0, (freq + 8.0) / 8.0) if freq is not None else (0.0, 0.0))
    return out
