"""Entities users can count: the mentions of a corpus merged into one entity per name.

Within an article the pipeline already gives each mention the canonical form of the entity it
names (``Mention.canonical``: נתניהו → בנימין נתניהו when the article has the full name).
Across the corpus this module merges further, into one :class:`CorpusEntity` per name:

- a name left with clitic letters before it (בירושלים) joins the name without them
  (ירושלים) when the corpus has that name as an entity;
- a one-word person (נתניהו, in articles that never give the full name) joins the one
  person name of the corpus that ends with it (בנימין נתניהו; a longer one ending with that
  name is the same person); with two candidates (two people called כהן) it stays apart;
- the type is the one most mentions carry.

Each entity keeps its aliases (the forms its mentions take), article and mention counts.
A one-word place whose name the treebank also reads as a common noun (ארץ from בארץ, רצועה,
צפון, אזור) is not an entity users count: it is left out (measured in docs/quality.md).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from iton.corpus.article import Article, Mention
from iton.morph.entity_features import stripped_forms
from iton.morph.names import MIN_SPREAD_LETTERS, SHORTENED_TYPES

__all__ = ["CorpusEntity", "EntityIndex", "common_noun_test"]

# Types whose one-word mentions that are also common nouns are left out. On HTB test
# (eval/corpus_entities.py --htb) such GPE/LOC entities are all wrong (רחוב, אזור, מזרח); in
# the other types common words are names (the ORG מוסד, the PER ברק), so they stay.
COMMON_NOUN_TYPES = frozenset({"GPE", "LOC"})


@dataclass(frozen=True, slots=True)
class CorpusEntity:
    """One entity of a corpus: its ``name`` (canonical form), type by majority, the number of
    articles and of mentions, and the forms its mentions take (``aliases``, commonest first;
    no clitics: the written text, בירושלים, is the article's)."""

    name: str
    label: str
    articles: int
    mentions: int
    aliases: tuple[str, ...]

    def to_dict(self) -> dict:
        """The entity as plain data (the CLI's JSON lines and the API); ``lemma`` is its name."""
        return {"lemma": self.name, "label": self.label, "articles": self.articles, "mentions": self.mentions,
                "aliases": list(self.aliases)}  # fmt: skip


class _Tally:
    """What the mentions of one key (a canonical form) say: articles, types, forms."""

    __slots__ = ("articles", "forms", "labels")

    def __init__(self) -> None:
        self.articles: set[int] = set()
        self.labels: Counter = Counter()
        self.forms: Counter = Counter()

    def add(self, article: int, mention: Mention) -> None:
        self.articles.add(article)
        self.labels[mention.label] += 1
        self.forms[mention.lemma] += 1

    def merge(self, other: _Tally) -> None:
        self.articles |= other.articles
        self.labels.update(other.labels)
        self.forms.update(other.forms)

    @property
    def label(self) -> str:
        return min(self.labels, key=lambda label: (-self.labels[label], label))


class EntityIndex:
    """The merged entities of ``records`` (Articles with their mentions), built once.

    ``name_of`` maps a name as a user writes it (with or without clitics, a surname) to the
    entity's name; ``top`` ranks entities by articles; ``cooccurring`` lists those sharing
    articles with one.
    """

    def __init__(self, records: Sequence[Article], common_noun: Callable[[str], bool] | None = None) -> None:
        """``common_noun``: whether a word is a common noun (see :func:`common_noun_test`); one-word
        places it accepts are left out. None keeps every entity."""
        self._records = records
        tallies: dict[str, _Tally] = {}
        for i, record in enumerate(records):
            for mention in record.entities or ():
                tallies.setdefault(mention.key, _Tally()).add(i, mention)
        self._name = _merge(tallies)
        # a form seen only inside a longer name's mentions (נתניהו in an article with the full
        # name) names that entity when it names only one
        by_form: dict[str, set[str]] = {}
        for key, tally in tallies.items():
            for form in tally.forms:
                by_form.setdefault(form, set()).add(self._name[key])
        self._by_form = {form: names.pop() for form, names in by_form.items() if len(names) == 1}
        merged: dict[str, _Tally] = {}
        for key, tally in tallies.items():
            merged.setdefault(self._name[key], _Tally()).merge(tally)
        self._keys: dict[str, list[str]] = {}
        for key in sorted(tallies, key=lambda k: (-len(tallies[k].articles), k)):
            self._keys.setdefault(self._name[key], []).append(key)
        self.entities = {
            name: CorpusEntity(name, t.label, len(t.articles), sum(t.forms.values()),
                               tuple(f for f, _ in sorted(t.forms.items(), key=lambda kv: (-kv[1], kv[0]))))
            for name, t in merged.items()
            if not (common_noun and t.label in COMMON_NOUN_TYPES and " " not in name and common_noun(name))
        }  # fmt: skip

    def name_of(self, text: str) -> str | None:
        """The name of the entity ``text`` names (a canonical form, a surname, a form with
        clitics: לנתניהו), or None when the corpus has no such entity."""
        words = text.split()
        if not words:
            return None
        for candidate in [" ".join(words)] + [" ".join([s] + words[1:]) for s in stripped_forms(words[0])]:
            name = self._name.get(candidate) or self._by_form.get(candidate)
            if name:
                return name
        return None

    def keys_of(self, name: str) -> tuple[str, ...]:
        """The mention keys (``Mention.key``) counted as entity ``name``, its own name first."""
        keys = self._keys.get(name, [])
        return (name, *[k for k in keys if k != name])

    def names_in(self, record: Article) -> set[str]:
        """The entities an article mentions."""
        names = {self._name[m.key] for m in record.entities or () if m.key in self._name}
        return names & self.entities.keys()

    def top(self, limit: int = 50, label: str | None = None) -> list[CorpusEntity]:
        """The entities in most articles (then most mentions), of type ``label`` when given."""
        chosen = [e for e in self.entities.values() if not label or e.label == label]
        chosen.sort(key=lambda e: (-e.articles, -e.mentions, e.name))
        return chosen[:limit]

    def cooccurring(self, name: str, limit: int = 20) -> list[dict]:
        """Entities appearing in the same articles as entity ``name``, by shared article count."""
        together: Counter = Counter()
        for record in self._records:
            names = self.names_in(record)
            if name in names:
                together.update(names - {name})
        ranked = sorted(together.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        return [{"lemma": n, "label": self.entities[n].label, "articles": count,
                 "aliases": list(self.entities[n].aliases)} for n, count in ranked]  # fmt: skip


def _merge(tallies: dict[str, _Tally]) -> dict[str, str]:
    """Each key's entity name: clitic forms join their bare name, then a one-word person joins
    the one longer person name of the corpus ending with it."""
    parent: dict[str, str] = {}
    for key in tallies:
        words = key.split()
        for stem in stripped_forms(words[0]):
            bare = " ".join([stem] + words[1:])
            if len(stem) >= MIN_SPREAD_LETTERS and bare in tallies:
                parent[key] = bare
                break

    def root(key: str) -> str:
        while key in parent:
            key = parent[key]
        return key

    groups: dict[str, _Tally] = {}
    for key, tally in tallies.items():
        groups.setdefault(root(key), _Tally()).merge(tally)
    longer: dict[str, set[str]] = {}  # last word -> the person names of several words ending with it
    for name, tally in groups.items():
        words = name.split()
        if len(words) > 1 and tally.label in SHORTENED_TYPES:
            longer.setdefault(words[-1], set()).add(name)
    for name, tally in groups.items():
        # a candidate that ends with another (תם עידן בנימין נתניהו, a span read too long) is that person
        candidates = {c for c in longer.get(name, ()) if not any(c.endswith(" " + o) for o in longer[name])}
        if " " not in name and tally.label in SHORTENED_TYPES and len(candidates) == 1:
            parent[name] = candidates.pop()
    return {key: root(key) for key in tallies}


def common_noun_test(engine) -> Callable[[str], bool] | None:
    """Whether a word is a lemma the morphology ``engine``'s treebank reads as a common noun
    (ארץ: NOUN and PROPN) and no one-word name of the bundled list (נגב, which the treebank reads
    as "south" too: iton.morph.name_cues); None for an engine without a treebank lexicon (the
    rules)."""
    from iton.morph.listed_names import listed_names

    lemma_upos = getattr(engine, "lemma_upos", None)
    if not lemma_upos:
        return None
    names = listed_names().one_word
    return lambda word: word not in names and "NOUN" in lemma_upos.get(word, "").split("|")
