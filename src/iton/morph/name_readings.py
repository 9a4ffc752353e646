"""Readings the names stage gives words before it looks at the entities
(:func:`iton.morph.names.keep_names` runs these first): a verb after a preposition that the name
lists have as a person is the person, and the plural of a nationality is its people, not the
country.
"""

from __future__ import annotations

from collections.abc import Callable

from iton.document import Document, Morpheme, host_position
from iton.morph.entity_spans import GENTILIC_ENDING, LIST_TYPES, MIN_SPREAD_LETTERS
from iton.morph.templates import _finalize as final_form

__all__ = ["names_after_prepositions", "nationality_plurals"]

# The plural ending of a country's people (לבנונים).
PLURAL_ENDING = "ים"
# Prepositions that open a clause, and may stand before a verb (עד יעבור, בטרם יופיע, לפני הגיעו):
# names_after_prepositions passes over them.
CLAUSE_PREPOSITIONS = frozenset({"עד", "לפני", "אחרי", "בטרם", "מאז", "כמו", "למרות"})


def names_after_prepositions(doc: Document, lists: dict[str, str]) -> None:
    """Read as a name a token the morphology read as one verb in the past or future tense right
    after a preposition written alone, where the name lists have the token as a person's name:
    נפגש עם יעקוב is "met with Yaakov", not "with he will track". Of HTB train and dev's one-word
    tokens right after a one-word preposition, 774 are names and 6 such verbs, 5 of them after a
    preposition that opens a clause (עד יעבור, בטרם יופיע; see CLAUSE_PREPOSITIONS), which the rule
    passes over. Changes the tokens' morphemes in place."""
    for before, token in zip(doc.tokens, doc.tokens[1:]):
        morphemes = token.morphemes
        if len(morphemes) != 1 or morphemes[0].upos != "VERB" or LIST_TYPES.get(lists.get(token.form, "")) != "PER":
            continue
        if not {"Tense=Past", "Tense=Fut"} & set(morphemes[0].feats.split("|")):
            continue
        if len(before.morphemes) != 1 or before.morphemes[0].upos != "ADP" or before.form in CLAUSE_PREPOSITIONS:
            continue
        token.morphemes = [Morpheme(token.form, token.form, "PROPN")]


def nationality_plurals(doc: Document, is_country: Callable[[str], bool]) -> None:
    """Give a plural of a nationality that the morphology read as its country (הלבנונים: לבנון,
    הקטארים: קטאר) or, written as the country is, as a common noun or the country behind the
    article (המצרים: מצר, "straits", or מצרים) the lemma of the nationality (לבנוני, קטארי, מצרי),
    as HTB writes it: a country takes no plural, and no article. Kept so, the word was the country to search, count and the names below (the
    entity tagger's place המצרים became מצרים). Changes the tokens' morphemes in place."""
    # most tokens end otherwise: the host of one that ends so, with no suffix, ends so too
    for token in [t for t in doc.tokens if t.form.endswith(PLURAL_ENDING)]:
        morphemes = token.morphemes
        if not token.is_hebrew or not morphemes:
            continue
        k = host_position(morphemes)
        host = morphemes[k]
        written = host.form.strip("_")
        if k != len(morphemes) - 1 or host.upos not in ("NOUN", "ADJ", "PROPN") or not written.endswith(PLURAL_ENDING):
            continue
        stem = written[: -len(PLURAL_ENDING)]
        country = final_form(stem)
        read_as_country = host.lemma == country and is_country(country)
        written_as_country = k > 0 and morphemes[k - 1].upos == "DET" and is_country(written)
        if len(stem) >= MIN_SPREAD_LETTERS and (read_as_country or written_as_country):
            # the people are a noun to the stages after (drop_gentilics), not a proper noun
            morphemes[k] = host._replace(lemma=stem + GENTILIC_ENDING, upos="NOUN" if host.upos == "PROPN" else host.upos)
