"""What the store keeps of an analysed article: index tokens with spans, normalized form, repeats."""

from __future__ import annotations

import re
from functools import lru_cache

from iton.corpus.article import Article
from iton.corpus.repeats import MIN_REPEAT_TOKENS, find_repeats
from iton.document import PUNCT, Document
from iton.hebrew import GERESH, GERSHAYIM, HEBREW_GERESH, HEBREW_GERSHAYIM
from iton.views import normalized_tokens

__all__ = ["fold_token", "index_document", "name_reading"]

# How much of a removed repeated passage is kept in its record: enough to recognise it.
REPEAT_EXCERPT_CHARS = 160

_WORD = re.compile(r"\w")
# Folded forms kept: a news vocabulary is Zipfian, and every token is folded twice (lemma, form).
FOLD_CACHE_SIZE = 100_000
_FOLD = str.maketrans({GERSHAYIM: HEBREW_GERSHAYIM, GERESH: HEBREW_GERESH, "\u201d": HEBREW_GERSHAYIM, "\u2019": HEBREW_GERESH})


@lru_cache(maxsize=FOLD_CACHE_SIZE)
def fold_token(text: str) -> str:
    """The form a token has in the index: lower case, quote marks as Hebrew gershayim/geresh.

    >>> fold_token('צה"ל')
    'צה״ל'
    """
    return text.lower().translate(_FOLD)


def index_document(doc: Document, article: Article | None = None, min_repeat: int = MIN_REPEAT_TOKENS) -> Article:
    """Fill ``article`` (a new one holding ``doc.text`` when None) with the index tokens and
    normalized form of ``doc``, its analysed text, keeping one copy of repeated passages, and the
    other probable lemmas of its tokens (``Token.alternatives``) that differ from the chosen ones.

    Foreign tokens (Latin words, numbers) are indexed too, so ``S-300`` can be searched; the
    normalized form drops them, as the normalize command does.
    """
    normal = normalized_tokens(doc, keep_foreign=True)
    entries: list[tuple[int, str]] = []  # (token index, lemma) per index token
    for i, (token, lemma) in enumerate(zip(doc.tokens, normal, strict=True)):
        if lemma is None or token.kind == PUNCT or not _WORD.search(lemma):
            continue
        for part in lemma.split():
            entries.append((i, fold_token(part)))
    repeats = find_repeats([lemma for _, lemma in entries], min_repeat)
    removed_tokens: set[int] = set()
    removed_entries: set[int] = set()
    records = []
    for repeat in repeats:
        first_token = entries[repeat.start][0]
        last_token = entries[repeat.end - 1][0]
        # the copy runs to the token before the next index token (trailing punctuation included)
        stop = entries[repeat.end][0] if repeat.end < len(entries) else len(doc.tokens)
        removed_tokens.update(range(first_token, max(stop, last_token + 1)))
        removed_entries.update(range(repeat.start, repeat.end))
        start, end = doc.tokens[first_token].start, doc.tokens[last_token].end
        source_start = doc.tokens[entries[repeat.source][0]].start
        source_end = doc.tokens[entries[repeat.source + repeat.length - 1][0]].end
        text = doc.text[start:end]
        records.append({
            "start": start, "end": end, "tokens": repeat.length,
            "copy_of": [source_start, source_end],
            "text": text if len(text) <= REPEAT_EXCERPT_CHARS else text[:REPEAT_EXCERPT_CHARS] + "…",
        })  # fmt: skip
    indexed = article if article is not None else Article(body=doc.text)
    indexed.repeats, indexed.lemmas, indexed.forms, indexed.spans = records, [], [], []
    indexed.alternatives = []
    chosen: dict[int, set[str]] = {}  # token index -> its index lemmas, for tokens with alternatives
    for i, lemma in entries:
        if doc.tokens[i].alternatives:
            chosen.setdefault(i, set()).add(lemma)
    for k, (i, lemma) in enumerate(entries):
        if k in removed_entries:
            continue
        token = doc.tokens[i]
        if token.alternatives and (k == 0 or entries[k - 1][0] != i):  # once per token, at its first index token
            for other in dict.fromkeys(fold_token(part) for alt in token.alternatives for part in alt.split()):
                if other not in chosen[i] and _WORD.search(other):
                    indexed.alternatives.append((len(indexed.lemmas), other))
        indexed.lemmas.append(lemma)
        indexed.forms.append(fold_token(token.form) if _WORD.search(token.form) else lemma)
        indexed.spans.append((token.start, token.end))
    indexed.normalized = _normalized(doc, normal, removed_tokens)
    return indexed


def _normalized(doc: Document, normal: list[str | None], removed: set[int]) -> str:
    """The normalized form (foreign tokens dropped), one line per input line, minus ``removed``."""
    line_of = [0] * len(doc.tokens)
    for sentence in doc.sentences:
        for i in range(sentence.first, sentence.last):
            line_of[i] = sentence.line
    lines: list[list[str]] = [[] for _ in range(max(doc.line_count, 1))]
    for i, (token, form) in enumerate(zip(doc.tokens, normal, strict=True)):
        if form is None or i in removed or not token.is_hebrew and token.kind != PUNCT:
            continue
        lines[line_of[i]].append(form)
    return "\n".join(" ".join(words) for words in lines)


def name_reading(doc: Document) -> tuple[str, ...]:
    """The index lemmas of ``doc``'s words (a query's) read as one person's name, as the names
    stage writes the words of an entity (iton.morph.names: כספי stays כספי where the words alone
    read כסף; בשאר stays whole where they read ב + שאר), so that a query finds the articles where
    the entity model tagged the name as well as those where it did not. Empty where no word would
    change, where no entity model is installed, and where it is not a name's: kept where every
    word it changes becomes a name the entity model or its lists know or one the morphology read
    as a proper noun, or, for several words, where one of them is on the lists or read as a
    proper noun (מצפה הילה, for הילה: an article writes במצפה הילה with the noun מצפה, where the
    phrase alone reads the verb, ציפה), or where the words are a name of the bundled list
    (iton.morph.name_cues: אמירויות, read alone as the common אמירות)."""
    from copy import deepcopy

    from iton.document import Entity
    from iton.errors import EntityModelError
    from iton.morph.entities import host_upos, load_model
    from iton.morph.listed_names import listed_names
    from iton.morph.names import keep_names

    words = [i for i, token in enumerate(doc.tokens) if token.is_hebrew]
    if not words:
        return ()
    try:
        model = load_model()
    except EntityModelError:
        return ()
    known, lexicon = model.lemmas, model.lexicon
    frequency, lists = (lexicon.frequency, lexicon.names) if lexicon else ({}, {})
    named = deepcopy(doc)
    start, end = doc.tokens[words[0]].start, doc.tokens[words[-1]].end
    named.entities = [Entity("PER", words[0], words[-1] + 1, start, end, doc.text[start:end], doc.text[start:end])]
    keep_names(named, known, frequency, lists, listed_names())
    before, after = normalized_tokens(doc, keep_foreign=True), normalized_tokens(named, keep_foreign=True)
    # the words are one name of the bundled list (האמירויות): the names stage gave the person
    # over all of them the list's type
    one_listed = any(e.first <= words[0] and e.last > words[-1] and e.label != "PER" for e in named.entities)

    def name_like(i: int) -> bool:  # on the name lists, or read as a proper noun
        return after[i] in lists or host_upos(doc.tokens[i].morphemes) == "PROPN"

    changed = [i for i in words if before[i] != after[i]]
    named_words = one_listed or all(after[i] in known or name_like(i) for i in changed) \
        or len(words) > 1 and any(map(name_like, words))
    if not changed or not named_words:
        return ()
    return tuple(index_document(named, min_repeat=10**9).lemmas)
