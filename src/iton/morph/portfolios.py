"""A minister's portfolio named by its ministry: NEMO labels the portfolio after שר a body, and
counted as it is written the body of שר האוצר is אוצר, not משרד האוצר, the body the bundled list
names (:func:`iton.morph.names.keep_names` runs :func:`name_portfolios` last)."""

from __future__ import annotations

from iton.document import Document
from iton.hebrew import ARTICLE_LETTER
from iton.morph.entities import name_words, strip_by_morphemes
from iton.morph.listed_names import ListedNames

__all__ = ["name_portfolios"]

# A minister (שר, שרת), the type of the portfolio after the word, and the word its ministry's name
# starts with (see name_portfolios).
MINISTER_WORDS = frozenset({"שר", "שרת"})
PORTFOLIO_TYPE = "ORG"
MINISTRY_WORD = "משרד"


def name_portfolios(doc: Document, listed: ListedNames) -> None:
    """Give a minister's portfolio the canonical form of its ministry where the list holds it:
    NEMO labels the portfolio of שר האוצר a body (האוצר 12 times in train, החוץ 9, הביטחון 7),
    and counted as it is written the body is אוצר, חוץ, ביטחון; it is משרד האוצר, the body the
    list names; the portfolio of השר לביטחון לאומי names המשרד לביטחון לאומי. A portfolio with a
    country's adjective after it names that country's ministry (שר החוץ האמריקני: משרד החוץ
    האמריקני, as NEMO labels משרד החוץ האמריקאי whole). A portfolio whose ministry is not listed
    (שר המשטרה), or a party after שר, keeps its own form."""
    for entity in doc.entities:
        if entity.label != PORTFOLIO_TYPE or entity.first == 0:
            continue
        before = doc.tokens[entity.first - 1]
        minister = strip_by_morphemes(before.form, before.morphemes) if before.morphemes else before.form
        if minister not in MINISTER_WORDS:
            continue
        portfolio, *adjectives = entity.canonical.split(" ")
        if adjectives and portfolio.startswith(ARTICLE_LETTER) and adjectives[0].startswith(ARTICLE_LETTER):
            portfolio = portfolio[1:]  # the article a noun keeps before its adjective's (החוץ האמריקני)
        ministry = name_words(MINISTRY_WORD, [ARTICLE_LETTER + portfolio, *adjectives])  # משרד האוצר
        named = name_words(MINISTRY_WORD, [entity.text])  # משרד לביטחון לאומי, the list's lemma of המשרד ל...
        if (PORTFOLIO_TYPE, ministry) in listed.lemmas or (
                adjectives and all(a.startswith(ARTICLE_LETTER) for a in adjectives)
                and (PORTFOLIO_TYPE, name_words(MINISTRY_WORD, [ARTICLE_LETTER + portfolio])) in listed.lemmas):
            entity.canonical = ministry
        elif (PORTFOLIO_TYPE, named) in listed.lemmas:
            entity.canonical = named
