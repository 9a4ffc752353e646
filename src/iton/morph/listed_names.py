"""The bundled list of names of bodies, parties, media, companies, teams, products and regions
(``data/names-listed.tsv``) and where a document's tokens spell one of them.

The entity model was trained on 1990s treebank text: it misses names that today's news writes
every day (חדשות 12, כאן חדשות, פיקוד העורף) and the morphology reads their words as common
words (האמירויות as the plural of אמירה). The names stage (:func:`iton.morph.names.tag_listed`)
tags a listed name the model left untagged or found in part; a one-word listed name keeps its
written form, and the words of a longer one are treated as those of any entity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from iton.hebrew import ARTICLE_LETTER, CLITIC_CHAIN

LISTED_FILE = Path(__file__).resolve().parent / "data" / "names-listed.tsv"
# Clitic letters in the order Hebrew writes them, before a listed name's first word.
_CHAIN = re.compile(CLITIC_CHAIN)
# How many last letters of a token are looked up before its clitic letters are tried.
ENDING = 3
# Letters after which Hebrew hides the article of the word that follows (בליכוד = ב + ה + ליכוד).
_HIDING = frozenset("בכל")


@dataclass(frozen=True, slots=True)
class ListedName:
    """A listed name: its words as written bare (the article of the first included), NEMO type."""

    words: tuple[str, ...]
    label: str

    @property
    def first_stem(self) -> str:
        """The first word as the names stage writes it: without its article (ליכוד of הליכוד)."""
        first = self.words[0]
        return first[1:] if first.startswith(ARTICLE_LETTER) and len(first) > 3 else first


@dataclass(frozen=True)
class ListedNames:
    """The listed names by first word, for :func:`find`; build it with :func:`listed_names`."""

    by_first: dict[str, tuple[ListedName, ...]]
    # the last ENDING letters of each first word; None where one is shorter (no quick look-up then)
    endings: frozenset[str] | None = None
    # the one-word names as the names stage writes them (נגב of הנגב)
    one_word: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if all(len(word) >= ENDING for word in self.by_first):
            object.__setattr__(self, "endings", frozenset(word[-ENDING:] for word in self.by_first))
        names = (name for named in self.by_first.values() for name in named)
        object.__setattr__(self, "one_word", frozenset(name.first_stem for name in names if len(name.words) == 1))

    def find(self, forms: list[str]) -> list[tuple[int, int, ListedName]]:
        """Where ``forms`` (a document's token forms) spell listed names, longest first at each
        token and never overlapping: (first token, end token, name). A first word may carry
        clitic letters in Hebrew's order (וב, מה, ש) and lose its article after ב, כ, ל (בליכוד)."""
        out: list[tuple[int, int, ListedName]] = []
        i = 0
        while i < len(forms):
            found = None
            for first in self._first_words(forms[i]):
                for name in self.by_first.get(first, ()):
                    end = i + len(name.words)
                    if tuple(forms[i + 1 : end]) == name.words[1:] and (found is None or end > found[1]):
                        found = (i, end, name)
            if found:
                out.append(found)
                i = found[1]
            else:
                i += 1
        return out

    def _first_words(self, form: str) -> list[str]:
        """The listed first words ``form`` may be: itself, or behind clitic letters."""
        by_first = self.by_first
        out = [form] if form in by_first else []
        # most tokens end otherwise than every listed first word: one look-up turns them away
        if self.endings is not None and form[-ENDING:] not in self.endings:
            return out
        for k in range(1, min(len(form) - 1, 4)):
            rest = form[k:]
            for word in (rest, ARTICLE_LETTER + rest) if form[k - 1] in _HIDING else (rest,):
                if word in by_first and _CHAIN.fullmatch(form[:k]):
                    out.append(word)
        return out


def read_listed(path: Path = LISTED_FILE) -> ListedNames:
    """The names of ``path`` (``name<TAB>type<TAB>group`` lines, ``#`` comments), their words as
    iton's tokenizer splits them."""
    from iton.text.tokenize import tokenize

    by_first: dict[str, list[ListedName]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, label, *_ = line.split("\t")
        words = tuple(t.form for t in tokenize(name))
        by_first.setdefault(words[0], []).append(ListedName(words, label))
    return ListedNames({k: tuple(v) for k, v in by_first.items()})


@lru_cache(maxsize=1)
def listed_names() -> ListedNames:
    """The bundled list, read once per process."""
    return read_listed()
