"""The bundled list of names news writes every day (``data/names-listed.tsv``): bodies, parties,
media, companies, teams, products, events, regions, towns and people, each with its NEMO type,
a group, and the name it is another form of (ארה"ב: ארצות הברית). :class:`ListedNames` finds them in
a document's forms, behind clitic letters and the article where a name takes one; the cue rules
of :mod:`iton.morph.name_cues` tag what it finds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from iton.hebrew import ARTICLE_LETTER, CLITIC_CHAIN
from iton.morph.entities import DASH, name_words
from iton.morph.prefixes import quoted_word

__all__ = ["CLITIC_CHAIN_RE", "COUNTRY_GROUP", "LISTED_FILE", "TOWN_GROUP", "ListedName", "ListedNames",
           "listed_names", "read_listed"]

LISTED_FILE = Path(__file__).resolve().parent / "data" / "names-listed.tsv"
# Clitic letters in the order Hebrew writes them (before a listed name's first word, a title).
CLITIC_CHAIN_RE = re.compile(CLITIC_CHAIN)
# How many last letters of a token are looked up before its clitic letters are tried.
ENDING = 3
# Letters after which Hebrew hides the article of the word that follows (בליכוד = ב + ה + ליכוד).
_HIDING = frozenset("בכל")
FIRST_WORDS_KEPT = 100_000  # forms whose listed first words ListedNames.find keeps
# The group of the list's Israeli towns, which NEMO types as a body where they stand for their
# team or council (ראשון לציון: 8 times ORG, 4 times GPE in its train and test labels).
TOWN_GROUP = "town"
COUNTRY_GROUP = "country"


@dataclass(frozen=True, slots=True)
class ListedName:
    """A listed name: its words as written bare (the article of the first included), NEMO type,
    and the listed name it is another form of (``same_as``: ארה"ב of ארצות הברית), if any."""

    words: tuple[str, ...]
    label: str
    same_as: ListedName | None = None
    group: str = ""
    # the words after the first without the dashes between them: a name is found written with or
    # without them (הפיינל-פור and הפיינל פור, בן-גוריון and בן גוריון)
    later_words: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "later_words", tuple(word for word in self.words[1:] if word != DASH))

    @property
    def takes_article(self) -> bool:
        """Whether the first word begins with the article: a person's name takes none, so its ה
        is its own (הרצוג, הנייה; בנייה, "construction", is not ב + הנייה)."""
        first = self.words[0]
        return self.label != "PER" and first.startswith(ARTICLE_LETTER) and len(first) > 3

    @property
    def first_stem(self) -> str:
        """The first word as the names stage writes it: without its article (ליכוד of הליכוד)."""
        return self.words[0][1:] if self.takes_article else self.words[0]

    @property
    def lemma(self) -> str:
        """The name as the names stage writes an entity's lemma form: its first word's stem, then
        the other words as written; a definite noun whose next word repeats the article keeps its
        own (הרשות הפלסטינית, not רשות הפלסטינית)."""
        repeated = self.takes_article and bool(self.later_words) and self.later_words[0].startswith(ARTICLE_LETTER)
        return name_words(self.words[0] if repeated else self.first_stem, self.words[1:])


@dataclass(frozen=True)
class ListedNames:
    """The listed names by first word, for :func:`find`; build it with :func:`listed_names`."""

    by_first: dict[str, tuple[ListedName, ...]]
    # the last ENDING letters of each first word; None where one is shorter (no quick look-up then)
    endings: frozenset[str] | None = None
    # the one-word names as the names stage writes them (נגב of הנגב)
    one_word: frozenset[str] = frozenset()
    # the one-word names of countries (group country: קטאר)
    countries: frozenset[str] = frozenset()
    # (type, lemma form) of each name listed as another form of a name -> that name's lemma form
    # (אמירויות -> איחוד האמירויות): the entity both name
    canonical: dict[tuple[str, str], str] = field(default_factory=dict)
    # (type, lemma form) of every listed name
    lemmas: frozenset[tuple[str, str]] = frozenset()
    # each form's listed first words (_first_words), kept: a document's forms are mostly met before
    _firsts: dict[str, list[tuple[str, bool, bool]]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        if all(len(word) >= ENDING for word in self.by_first):
            object.__setattr__(self, "endings", frozenset(word[-ENDING:] for word in self.by_first))
        names = [name for named in self.by_first.values() for name in named]
        object.__setattr__(self, "one_word", frozenset(name.first_stem for name in names if len(name.words) == 1))
        object.__setattr__(self, "countries", frozenset(name.words[0] for name in names
                                                        if len(name.words) == 1 and name.group == COUNTRY_GROUP))  # fmt: skip
        object.__setattr__(self, "canonical", {(name.label, name.lemma): name.same_as.lemma
                                               for name in names if name.same_as is not None})  # fmt: skip
        object.__setattr__(self, "lemmas", frozenset((name.label, name.lemma) for name in names))

    def find(self, forms: list[str]) -> list[tuple[int, int, ListedName]]:
        """Where ``forms`` (a document's token forms) spell listed names, longest first at each
        token and never overlapping: (first token, end token, name). A first word may carry
        clitic letters in Hebrew's order (וב, מה, ש) and lose its article after ב, כ, ל (בליכוד);
        the article, written or hidden, only before a name listed with it."""
        out: list[tuple[int, int, ListedName]] = []
        firsts = self._firsts
        if len(firsts) > FIRST_WORDS_KEPT:
            firsts.clear()
        i = 0
        while i < len(forms):
            words = firsts.get(forms[i])
            if words is None:
                words = firsts[forms[i]] = self._first_words(forms[i])
            if not words:
                i += 1
                continue
            found = None
            for first, hidden, article in words:
                for name in self.by_first.get(first, ()):
                    # the article, written or hidden, only before a name that takes it: הראשון
                    # לציון is the chief rabbi's title, not the town
                    if (hidden or article) and not name.takes_article:
                        continue
                    later = name.later_words
                    end = i + 1 + len(later)
                    if tuple(forms[i + 1 : end]) != later:  # written otherwise, or with dashes
                        end = _spelled_to(forms, i + 1, later) if DASH in forms[i + 1 : end + len(later)] else None
                    if end is not None and (found is None or end > found[1]):
                        found = (i, end, name)
            if found:
                out.append(found)
                i = found[1]
            else:
                i += 1
        return out

    def _first_words(self, form: str) -> list[tuple[str, bool, bool]]:
        """The listed first words ``form`` may be: itself, or behind clitic letters (and a quotation
        mark after them: ב"ידיעות); each with
        whether its article is the one ב, כ, ל hide (בליכוד), and whether the clitic letters end
        with the article (הראשון)."""
        by_first = self.by_first
        out = [(form, False, False)] if form in by_first else []
        # most tokens end otherwise than every listed first word: one look-up turns them away
        if self.endings is not None and form[-ENDING:] not in self.endings:
            return out
        quoted = quoted_word(form)  # a name quoted after its clitics: ב"ידיעות אחרונות"
        if quoted is not None and quoted[2] in by_first:
            out.append((quoted[2], False, False))
        for k in range(1, min(len(form) - 1, 4)):
            rest = form[k:]
            readings = ((rest, False), (ARTICLE_LETTER + rest, True)) if form[k - 1] in _HIDING else ((rest, False),)
            for word, hidden in readings:
                if word in by_first and CLITIC_CHAIN_RE.fullmatch(form[:k]):
                    out.append((word, hidden, form[k - 1] == ARTICLE_LETTER))
        return out


def _spelled_to(forms: list[str], start: int, words: tuple[str, ...]) -> int | None:
    """Where ``words`` end when ``forms`` spell them from ``start`` on (the word before ``start``
    being the name's first), a dash allowed before each (the tokenizer makes every dash and maqaf
    a token "-"); None where they do not."""
    at = start
    for word in words:
        if at < len(forms) and forms[at] == DASH:
            at += 1
        if at >= len(forms) or forms[at] != word:
            return None
        at += 1
    return at


def read_listed(path: Path = LISTED_FILE) -> ListedNames:
    """The names of ``path`` (``name<TAB>type<TAB>group[<TAB>the name it is another form of]``
    lines, ``#`` comments), their words as iton's tokenizer splits them."""
    from iton.text.tokenize import tokenize

    def words_of(name: str) -> tuple[str, ...]:
        return tuple(t.form for t in tokenize(name))

    by_first: dict[str, list[ListedName]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        name, label, group, *same_as = line.split("\t")
        if same_as and not same_as[0]:
            raise ValueError(f"{path}:{number}: an empty fourth column; give the name {name} is another form of")
        other = ListedName(words_of(same_as[0]), label, None, group) if same_as else None
        words = words_of(name)
        by_first.setdefault(words[0], []).append(ListedName(words, label, other, group))
    return ListedNames({k: tuple(v) for k, v in by_first.items()})


@lru_cache(maxsize=1)
def listed_names() -> ListedNames:
    """The bundled list, read once per process."""
    return read_listed()
