"""The corpus's own lexicon: kept in the store, applied to new articles, to query words and, on
request, to the articles already stored, without running the model again.

Stored articles keep their index tokens (lemma, written form, span) and their normalized form;
re-applying rewrites the lemma of every token whose written form is a lexicon form, with or
without clitic letters before it, exactly as the lexicon stage of the pipeline would have, and
the entity forms that hold such a word. The model's reading of the other words, the entity
spans, repeated passages and near-duplicate signatures stay as they were analysed.

>>> from iton.morph.lexicon import parse_lexicon
>>> lexicon = IndexLexicon(parse_lexicon(["כספי\\tכספי"]))
>>> relemmatize_index(["כסף", "שיר"], ["לכספי", "שיר"], [(0, 5), (6, 9)], lexicon)
(['כספי', 'שיר'], ['לכספי', 'שיר'], [(0, 5), (6, 9)], 1)
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from iton.corpus.article import Article
from iton.corpus.indexing import fold_token
from iton.corpus.provenance import lexicon_stamp
from iton.corpus.store.protocol import Store
from iton.hebrew import GERESH, GERSHAYIM, HEBREW_GERESH, HEBREW_GERSHAYIM, has_hebrew
from iton.morph.lexicon import LexiconEntry, UserLexicon, entry_of, entry_problem, read_lexicon
from iton.views import KEPT_PUNCT

__all__ = ["ApplySummary", "IndexLexicon", "Relemmatized", "add_entry", "apply_to_store", "import_lexicon",
           "relemmatize", "relemmatize_index", "store_lexicon"]  # fmt: skip

# Articles rewritten per transaction by apply_to_store: a kill loses at most one batch, and a
# rerun finds the rest (an article already right is not written again).
APPLY_BATCH = 200

_PUNCT_WORDS = frozenset(KEPT_PUNCT.values())
# Distinct written forms (and entity forms) whose lexicon answer is remembered: a year of news has
# a few hundred thousand; past this the memory is emptied and filled again (tens of MB at most).
REMEMBERED_FORMS = 500_000
# The index writes quote marks as Hebrew gershayim and geresh (fold_token); lexicon forms have the
# ASCII marks that the clean-up gives tokens.
_UNFOLD = str.maketrans({HEBREW_GERSHAYIM: GERSHAYIM, HEBREW_GERESH: GERESH})


def store_lexicon(store: Store) -> UserLexicon:
    """The lexicon kept in ``store`` (empty when none was added)."""
    return UserLexicon({entry.form: entry for entry in store.lexicon()})


def add_entry(store: Store, form: str, lemma: str, upos: str | None = None) -> LexiconEntry:
    """Add one entry to the store's lexicon (replacing the one with its form); ValueError with the
    reason when it is not an entry."""
    cells = [form.strip(), lemma.strip(), *([upos.strip()] if upos else [])]
    problem = entry_problem(cells)
    if problem:
        raise ValueError(f"{form} -> {lemma}: {problem}")
    entry = entry_of(cells)
    store.put_lexicon([entry])
    return entry


def import_lexicon(store: Store, path: str) -> UserLexicon:
    """Add every good line of the TSV file at ``path`` to the store's lexicon; returns what was
    read, its ``problems`` naming each bad line (left out) by number and reason."""
    lexicon = read_lexicon(path)
    store.put_lexicon(lexicon.entries.values())
    return lexicon


class IndexLexicon:
    """A user lexicon as the index reads it: forms written as the index writes them (״ and ׳ for the
    quote marks), with or without clitic letters before them; each answer is remembered, since a
    corpus repeats its words.

    >>> from iton.morph.lexicon import parse_lexicon
    >>> IndexLexicon(parse_lexicon(['צה"ל\\tצה"ל'])).entry("וצה״ל")
    LexiconEntry(form='צה"ל', lemma='צה"ל', upos=None)
    """

    def __init__(self, lexicon: UserLexicon) -> None:
        self.lexicon = lexicon
        self._entries: dict[str, LexiconEntry | None] = {}
        self._entity_forms: dict[str, str] = {}

    def __bool__(self) -> bool:
        return bool(self.lexicon.entries)

    def entry(self, form: str) -> LexiconEntry | None:
        """The entry the index form ``form`` is written as; None where there is none."""
        if form in self._entries:
            return self._entries[form]
        if len(self._entries) >= REMEMBERED_FORMS:
            self._entries.clear()
        hit = self.lexicon.lookup(form.translate(_UNFOLD))
        entry = self._entries[form] = hit[1] if hit else None
        return entry

    def entity_form(self, words: str) -> str:
        """An entity's lemma or canonical form with the lexicon's lemmas (UserLexicon.entity_form)."""
        if words not in self._entity_forms:
            if len(self._entity_forms) >= REMEMBERED_FORMS:
                self._entity_forms.clear()
            self._entity_forms[words] = self.lexicon.entity_form(words)
        return self._entity_forms[words]


def _tokens(lemmas: list[str], forms: list[str], spans: list[tuple[int, int]],
            lexicon: IndexLexicon) -> list[tuple[int, int, str | None]]:  # fmt: skip
    """Per written token, ``(first, end, lemma)``: its index tokens ``[first, end)`` (one span;
    a lemma of several words has several) and the lexicon's lemma where it changes them, else None."""
    tokens = []
    i = 0
    while i < len(lemmas):
        end = i + 1
        while end < len(lemmas) and spans[end] == spans[i]:
            end += 1
        entry = lexicon.entry(forms[i])
        lemma = entry.lemma if entry and lemmas[i:end] != [fold_token(entry.lemma)] else None
        tokens.append((i, end, lemma))
        i = end
    return tokens


def relemmatize_index(lemmas: list[str], forms: list[str], spans: list[tuple[int, int]],
                      lexicon: IndexLexicon) -> tuple[list[str], list[str], list[tuple[int, int]], int]:  # fmt: skip
    """Index tokens with the lexicon's lemmas: ``(lemmas, forms, spans, written tokens changed)``."""
    return _rewrite_index(lemmas, forms, spans, _tokens(lemmas, forms, spans, lexicon))


def _rewrite_index(lemmas: list[str], forms: list[str], spans: list[tuple[int, int]],
                   tokens: list[tuple[int, int, str | None]]
                   ) -> tuple[list[str], list[str], list[tuple[int, int]], int]:  # fmt: skip
    """The index tokens with each written token's lemma from ``tokens`` (see :func:`_tokens`)."""
    out_lemmas: list[str] = []
    out_forms: list[str] = []
    out_spans: list[tuple[int, int]] = []
    changed = 0
    for first, end, lemma in tokens:
        if lemma is None:
            out_lemmas += lemmas[first:end]
            out_forms += forms[first:end]
            out_spans += spans[first:end]
        else:  # one index token with the entry's lemma, as the pipeline's lexicon stage gives
            out_lemmas.append(fold_token(lemma))
            out_forms.append(forms[first])
            out_spans.append(spans[first])
            changed += 1
    return out_lemmas, out_forms, out_spans, changed


def _moved_alternatives(alternatives: list[tuple[int, str]],
                        tokens: list[tuple[int, int, str | None]]) -> list[tuple[int, str]]:  # fmt: skip
    """The alternatives at the index positions :func:`_rewrite_index` moved their tokens to; a
    token the lexicon gave its lemma keeps none (the newsroom's lemma is its reading)."""
    moved: dict[int, int] = {}
    position = 0
    for first, end, lemma in tokens:
        if lemma is None:
            moved.update((old, position + k) for k, old in enumerate(range(first, end)))
            position += end - first
        else:
            position += 1
    return [(moved[p], alternative) for p, alternative in alternatives if p in moved]


class Relemmatized(NamedTuple):
    """What :func:`relemmatize` changed in one article: index tokens, entity mentions, and whether
    the normalized form followed (False: its words did not line up with the index, left as analysed)."""

    tokens: int
    mentions: int
    normalized: bool = True


def relemmatize(article: Article, lexicon: IndexLexicon) -> Relemmatized:
    """Apply ``lexicon`` to a stored article in place: its index lemmas, normalized form and entity
    forms. An article stored from normalized text (``--normalized``) has no written forms to look
    up and is left as it is."""
    if article.input_normalized or not lexicon:
        return Relemmatized(0, 0)
    tokens = _tokens(article.lemmas, article.forms, article.spans, lexicon)
    changed = sum(lemma is not None for _, _, lemma in tokens)
    normalized = True
    if changed:
        rewritten = _rewrite_normalized(article.normalized, article.lemmas, article.forms, tokens)
        normalized = rewritten is not None
        article.normalized = rewritten if rewritten is not None else article.normalized
        article.lemmas, article.forms, article.spans, _ = _rewrite_index(article.lemmas, article.forms,
                                                                         article.spans, tokens)  # fmt: skip
        article.alternatives = _moved_alternatives(article.alternatives, tokens)
    mentions = 0
    for mention in article.entities or []:
        lemma, canonical = lexicon.entity_form(mention.lemma), lexicon.entity_form(mention.canonical)
        if (lemma, canonical) != (mention.lemma, mention.canonical):
            mention.lemma, mention.canonical = lemma, canonical
            mentions += 1
    return Relemmatized(changed, mentions, normalized)


def _rewrite_normalized(normalized: str, lemmas: list[str], forms: list[str],
                        tokens: list[tuple[int, int, str | None]]) -> str | None:  # fmt: skip
    """The normalized form with the lexicon's lemmas, or None when its words do not line up with
    the index: its words, punctuation aside, are the index lemmas of the Hebrew written tokens in order."""
    hebrew = [(lemmas[first:end], lemma) for first, end, lemma in tokens if has_hebrew(forms[first])]
    words = iter(word for old, _ in hebrew for word in old)
    # per word: keep it (None), write the new lemma, or drop it (the other words of a lemma of several)
    replacement = iter(new if new is None or k == 0 else "" for old, new in hebrew for k in range(len(old)))
    lines = []
    for line in normalized.split("\n"):
        out = []
        for word in line.split(" "):
            if not word or word in _PUNCT_WORDS:
                out.append(word)
                continue
            if fold_token(word) != next(words, None):
                return None
            new = next(replacement)
            if new is None:
                out.append(word)
            elif new:
                out.append(new)
        lines.append(" ".join(out))
    return "\n".join(lines) if next(words, None) is None else None


@dataclass(slots=True)
class ApplySummary:
    """What re-applying the lexicon did: articles read and changed, written tokens and entity
    mentions changed, the articles whose normalized form was left as analysed, and the time."""

    entries: int = 0
    read: int = 0
    articles: int = 0
    tokens: int = 0
    mentions: int = 0
    normalized_left: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def line(self) -> str:
        """The summary in one line for people."""
        text = (f"{self.entries} lexicon entries applied to {self.read} articles: {self.articles} articles, "
                f"{self.tokens} tokens and {self.mentions} entity mentions changed "
                f"in {self.seconds:.1f} s")  # fmt: skip
        if self.normalized_left:
            text += f"; the normalized form of {len(self.normalized_left)} left as analysed"
        return text

    def to_dict(self) -> dict:
        """The summary as plain data (``--json``)."""
        return {"entries": self.entries, "read": self.read, "articles": self.articles, "tokens": self.tokens,
                "mentions": self.mentions, "normalized_left": self.normalized_left,
                "seconds": round(self.seconds, 3)}  # fmt: skip


def apply_to_store(store: Store, progress: bool = False) -> ApplySummary:
    """Re-apply the store's lexicon to every stored article, writing back only those it changes
    (their search index follows), APPLY_BATCH per transaction, with a progress bar on stderr."""
    started = time.perf_counter()
    lexicon = IndexLexicon(store_lexicon(store))
    summary = ApplySummary(entries=len(lexicon.lexicon.entries))
    if not lexicon:
        return summary
    stamp = lexicon_stamp(lexicon.lexicon.entries.values())  # said in the provenance of what it changes
    bar = _progress(store.count()) if progress else None
    changed: list[Article] = []
    try:
        for article in store.iter_articles():
            summary.read += 1
            if bar is not None:
                bar.update(1)
            done = relemmatize(article, lexicon)
            if not done.tokens and not done.mentions:
                continue
            article.provenance = {**article.provenance, "lexicon": stamp}
            summary.articles += 1
            summary.tokens += done.tokens
            summary.mentions += done.mentions
            if not done.normalized:
                summary.normalized_left.append(article.id or "")
            changed.append(article)
            if len(changed) >= APPLY_BATCH:
                _write(store, changed)
                changed = []
        _write(store, changed)
    finally:
        if bar is not None:
            bar.close()
    summary.seconds = time.perf_counter() - started
    return summary


def _write(store: Store, articles: Iterable[Article]) -> None:
    with store.transaction():
        for article in articles:
            store.upsert(article)


def _progress(total: int):
    from tqdm import tqdm

    return tqdm(total=total, unit=" articles", file=sys.stderr, dynamic_ncols=True, mininterval=0.5)
