"""A present participle right after the noun it describes is read as HTB's adjective.

Many Hebrew participles are also adjectives with their own lemma: מתקדמת is the adjective מתקדם
("advanced") or the participle of התקדם ("advancing"), חוזרת the adjective חוזר or the participle
of חזר. Where a memorized form has both readings, the classifier chooses, and after a noun it
often chooses the verb: סוללה מתקדמת (the seed's regression row) came out התקדם. Right after a
noun that is not in construct state and agrees with it in gender, number and definiteness (a
participle after a definite noun, without the article, is a clause's verb: הצבא מתקדם), HTB and IAHLTwiki
annotate the adjective far more often (on the two dev sets, 57 adjectives against 8 participles
among such forms), so there the adjective reading is taken, unless a noun, name or number follows:
a participle with its object is a verb (40 ש"ח כולל שירות, "including"). On HTB dev the rule
changes four lemmas, all to the gold (בנוי, חוזרת twice, תומכת); on IAHLTwiki dev none.

A definite adjective also tells a noun before it from a verb: a token in ה read as a verb right
before one is the article and a noun (:func:`definite_nouns`: הבינה המלאכותית is "the artificial
intelligence", not "she understood"), and a definite noun a name before it from a construct noun
(:func:`construct_nouns`: שרת התחבורה is "the minister of transport"; :func:`feminine_construct_nouns`:
הגברת הכוננות is "the raising of the alert"), and a noun behind ב, כ or ל the hidden article
(:func:`hidden_articles`: בבית הלבן is "in the White House"). An adverb in ות after a feminine plural noun is its
adjective (:func:`adjectives_not_adverbs`: שיחות ישירות). After a construct noun comes its noun, not
an adjective or a time adverb (:func:`nouns_after_construct_nouns`: עד סוף השבוע is "until the end of
the week"), and after ללא ("without") a noun without the article (:func:`nouns_after_without`: ללא
היתר is "without a permit"). :func:`read_by_neighbours` runs these, the rules of verbs and the words
around them (:mod:`iton.morph.clause_words`) and those of single words whose neighbour decides
their reading (:mod:`iton.morph.word_senses`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from iton.hebrew import ARTICLE_HIDING, ARTICLE_LETTER, CLITIC_UPOS
from iton.morph.clause_words import (
    ARTICLE_WORD,
    OBJECT_MARKER,
    OF,
    beginnings_as_names,
    feminine_past_after_names,
    is_article,
    memorized_noun,
    new_places,
    nouns_after_objects,
    nouns_before_verbs,
    prepositions_before_nouns,
    question_particles,
    relative_verbs,
    returned_after_plurals,
    verbs_after_plural_nouns,
    verbs_before_infinitives,
    verbs_before_objects,
)
from iton.morph.templates import HIDDEN_ARTICLE, written_letters
from iton.morph.word_senses import (
    able_before_infinitives,
    changes_before_objects,
    deceased_women,
    her_sons,
    judgements,
    vehicles,
    worlds,
)

__all__ = [
    "adjectives_not_adverbs",
    "agreeing_noun",
    "attributive_adjectives",
    "construct_nouns",
    "definite_adjectives",
    "definite_nouns",
    "hidden_articles",
    "feminine_construct_nouns",
    "nouns_in_it_after_prepositions",
    "nouns_after_construct_nouns",
    "read_by_neighbours",
]

_AGREEING = ("Gender", "Number")
_OBJECTS = ("NOUN", "PROPN", "NUM")
# What a token in ה before a definite adjective is never read as alone (definite_nouns), nor
# after the relative ה (the verb).
_WHOLE_READINGS = ("VERB", "NOUN", "ADV")
# What follows such a token with the article: an adjective, or an ordinal (השבוע העשרים).
_DEFINITE_MODIFIERS = ("ADJ", "NUM")
# The ending of an adjective's feminine plural, which some adverbs share (ישירות, ממושכות, קלות).
_FEMININE_PLURAL = "ות"
# A token read whole that is no word right after a construct noun: an adverb (העונה, "this
# season": תחילת העונה), or an adjective in ה (המוניות, "massive": נהגי המוניות, "taxi drivers").
_READ_WHOLE_AFTER_CONSTRUCT = frozenset({"ADV", "ADJ"})
# "Of" and the object marker, after which a word in ה is the article and a noun, and "today",
# an adverb after של too (של היום, "of today").
_BEFORE_DEFINITE_NOUNS = frozenset({OF, OBJECT_MARKER})
_TODAY = "היום"
# The relative ה as HTB writes it (definite_nouns).
_RELATIVE_HE = (ARTICLE_LETTER, ARTICLE_LETTER, "SCONJ")
# A feminine noun's ending, and the ending of its construct state (feminine_construct_nouns).
_FEMININE_ENDING = "ה"
_CONSTRUCT_ENDING = "ת"
# A noun's ending ית, and that of the construct state of a noun in ייה (nouns_in_it_after_prepositions).
_NOUN_IN_IT = "ית"
_NOUN_IN_IYYA = "יית"
# The article after ב, כ or ל, as HTB writes it where the letters leave it out (hidden_articles).
HIDDEN_ARTICLE_WORD = (HIDDEN_ARTICLE, ARTICLE_LETTER, ARTICLE_WORD[2], ARTICLE_WORD[3])
# "Without", a definite noun seldom after it (nouns_after_without).
_WITHOUT = frozenset({"ללא", "בלי", "וללא", "ובלי"})


def read_by_neighbours(tokens: Sequence[str], words: list, sentence_starts: set[int],
                       analyses_of: Callable[[str], list], verb_of: Callable[[str], tuple | None],
                       adjective_of: Callable[[str], tuple | None],
                       noun_of: Callable[[str, str, bool], tuple | None]) -> None:  # fmt: skip
    """Run the neighbour rules, this module's, :mod:`iton.morph.clause_words`'s and
    :mod:`iton.morph.word_senses`'s, over ``words`` (per token of the sentences' ``tokens``, its
    written words: form, lemma, UPOS, FEATS), in their order: ``analyses_of(form)``, a form's
    memorized analyses as written words; ``verb_of``, ``adjective_of`` and ``noun_of`` as
    :func:`verbs_after_plural_nouns`, :func:`adjectives_not_adverbs` and :func:`definite_nouns` ask."""
    attributive_adjectives(tokens, words, sentence_starts, analyses_of)
    construct_nouns(tokens, words, sentence_starts, analyses_of)
    feminine_construct_nouns(tokens, words, sentence_starts, analyses_of)
    nouns_in_it_after_prepositions(tokens, words, sentence_starts)
    nouns_before_verbs(tokens, words, sentence_starts, analyses_of)
    nouns_after_objects(tokens, words, sentence_starts, analyses_of)
    prepositions_before_nouns(tokens, words, sentence_starts, analyses_of)
    new_places(tokens, words, sentence_starts, analyses_of)
    beginnings_as_names(tokens, words, sentence_starts)
    feminine_past_after_names(tokens, words, sentence_starts, analyses_of)
    deceased_women(tokens, words, sentence_starts)
    judgements(tokens, words, sentence_starts)
    her_sons(tokens, words, sentence_starts)
    vehicles(tokens, words, sentence_starts)
    changes_before_objects(tokens, words, sentence_starts)
    worlds(tokens, words, sentence_starts)
    able_before_infinitives(tokens, words, sentence_starts)
    verbs_before_infinitives(tokens, words, sentence_starts, analyses_of)
    nouns_after_construct_nouns(tokens, words, sentence_starts, analyses_of)
    nouns_after_without(tokens, words, sentence_starts, analyses_of)
    verbs_after_plural_nouns(tokens, words, sentence_starts, verb_of)
    verbs_before_objects(tokens, words, sentence_starts, verb_of)
    question_particles(tokens, words, sentence_starts, analyses_of)
    relative_verbs(tokens, words, sentence_starts, analyses_of)
    returned_after_plurals(tokens, words, sentence_starts, analyses_of)
    adjectives_not_adverbs(tokens, words, sentence_starts, adjective_of)
    definite_adjectives(tokens, words, sentence_starts, analyses_of)
    definite_nouns(tokens, words, sentence_starts, noun_of)
    hidden_articles(tokens, words, sentence_starts, analyses_of)


def attributive_adjectives(tokens: Sequence[str], words: list, sentence_starts: set[int],
                           analyses_of: Callable[[str], list]) -> None:  # fmt: skip
    """Replace in ``words`` (per token, its written words: form, lemma, UPOS, FEATS) a participle
    that follows an agreeing noun by its form's memorized adjective reading. ``analyses_of(token)``
    gives the token's memorized analyses as written words (empty where it has none)."""
    # the participles first, in one pass (most tokens are none)
    participles = [i for i, chosen in enumerate(words) if chosen[-1][2] == "VERB" and "VerbForm=Part" in chosen[-1][3]]
    for i in participles:
        if i == 0 or i in sentence_starts:
            continue
        chosen, before = words[i], words[i - 1][-1]
        if before[2] != "NOUN" or "Definite=Cons" in before[3]:
            continue
        # an adjective agrees in definiteness too: הצבא מתקדם is "the army advances"
        if _definite(words[i - 1]) != _definite(chosen):
            continue
        # a participle with its object after it is a verb: 40 ש"ח כולל שירות ("including")
        after = words[i + 1] if i + 1 < len(tokens) and i + 1 not in sentence_starts else None
        if after is not None and len(after) == 1 and after[0][2] in _OBJECTS:
            continue
        clitics = [w[0] for w in chosen[:-1]]
        for analysis in analyses_of(tokens[i]):
            adjective = analysis[-1]
            if (adjective[2] == "ADJ" and adjective[1] != "_" and len(analysis) == len(chosen)
                    and [w[0] for w in analysis[:-1]] == clitics and _agree(adjective[3], before[3])):  # fmt: skip
                words[i] = analysis
                break


def definite_nouns(tokens: Sequence[str], words: list, sentence_starts: set[int],
                   noun_of: Callable[[str, str], tuple | None]) -> None:  # fmt: skip
    """Replace in ``words`` a token in ה read as one verb (הבינה, "she understood") or one noun
    (הרכב, "the composition") by the article and a noun (בינה, "intelligence": הבינה המלאכותית;
    רכב, "car": הרכב הגנוב) where a definite adjective follows it: of HTB train and dev's 1,475
    tokens in ה before a definite adjective, none is a verb or a noun of its own (1,320 are the
    article and a noun; the rest the copula, the article and another word, or a noun with a
    suffix). So is a time adverb (השבוע, "this week") before a definite adjective or ordinal: זה
    השבוע העשרים is "this is the twentieth week"; the treebanks' 27 such time words before one are
    all the article and a noun, and no token of HTB or IAHLTwiki train and dev changes.
    ``noun_of(form, feats, guess)`` gives the noun reading (form, lemma, UPOS, FEATS) of
    the rest of the token that agrees with an adjective of those features, or None; ``guess``:
    whether a reading training has not memorized may be given (not against a noun the model chose:
    הסכם הקיבוצי is no סכם)."""
    for i in range(len(tokens) - 1):
        chosen = words[i]
        if chosen[0][:3] == _RELATIVE_HE and len(chosen) == 2 and chosen[1][2] == "VERB":
            chosen = chosen[1:]  # the relative ה and a verb (המנהלת, "who manages"), none there either
        if len(chosen) != 1 or chosen[0][2] not in _WHOLE_READINGS or not tokens[i].startswith(ARTICLE_LETTER) \
                or i + 1 in sentence_starts:
            continue
        after = words[i + 1]
        if len(after) != 2 or after[0][2] != "DET" or after[1][2] not in _DEFINITE_MODIFIERS:
            continue
        noun = noun_of(tokens[i][len(ARTICLE_LETTER):], after[1][3], chosen[0][2] == "VERB")
        if noun is not None:
            words[i] = [ARTICLE_WORD, noun]


def hidden_articles(tokens: Sequence[str], words: list, sentence_starts: set[int],
                    analyses_of: Callable[[str], list]) -> None:  # fmt: skip
    """Add in ``words`` the article hidden behind ב, כ or ל to a noun read without it where a
    definite adjective that agrees with it follows: בבית הלבן is ב + ה_ + בית, "in the White
    House", even where the model read the noun's construct state ("the house of the white"). Of HTB
    train and dev's 541 tokens of ב, כ or ל and a noun before the article and an adjective, 539
    hold the hidden article (בלחץ הטטרים, "under the Tatars' pressure", is one of the two that do
    not). A noun in ת read as the construct state of a noun in ה is then the noun its letters
    write (:func:`_absolute_lemma`: למנהלת החדשה is "to the new manager", not מנהלה)."""
    for i in range(len(tokens) - 1):
        chosen, after = words[i], words[i + 1]
        if len(chosen) < 2 or chosen[-1][2] != "NOUN" or i + 1 in sentence_starts:
            continue
        # the noun's article: read already (written, or hidden behind ב, כ, ל), or to add behind them
        if is_article(chosen[-2]) or chosen[-2][:3] == HIDDEN_ARTICLE_WORD[:3]:
            clitics = chosen[:-1]
        elif chosen[-2][2] == "ADP" and chosen[-2][0] in ARTICLE_HIDING:
            clitics = [*chosen[:-1], HIDDEN_ARTICLE_WORD]
        else:
            continue
        noun = chosen[-1]
        if len(after) == 2 and is_article(after[0]) and after[1][2] == "ADJ" and _agree(after[1][3], noun[3]):
            # a construct state the model read is undone: the noun is definite
            feats = "|".join(f for f in noun[3].split("|") if f != "Definite=Cons") or "_"
            words[i] = [*clitics, (noun[0], _absolute_lemma(noun, analyses_of, tokens[i]), noun[2], feats)]


def _absolute_lemma(noun: tuple, analyses_of: Callable[[str], list], token: str) -> str:
    """The lemma of a singular noun that is not in construct state: where the model read a form
    in ת as the construct state of a noun in ה (מנהלת of מנהלה), the noun the letters write, as
    training memorized it alone or after the article (מנהלת, העובדת: מנהל, עובד), else the form
    itself, as most such nouns are lemmatized (מערכת, רשת). Of HTB and IAHLTwiki's singular nouns
    in ת behind ב, כ or ל and their hidden article before a definite adjective, 96 are their own
    lemma, 3 another (a woman's title, יועצת: יועץ; a spelling, וועדת: ועדה) and 1 a noun in ה.
    But where training memorized the whole ``token`` only as that construct noun, the noun in ה
    stays: לטענת ("according to the claim of", 19 times so) before a noun the model read as an
    adjective (לטענת המתלוננת, "according to the complainant") gave the lemma טענת."""
    form, lemma = noun[0], noun[1]
    if not (form.endswith(_CONSTRUCT_ENDING) and lemma == form[: -len(_CONSTRUCT_ENDING)] + _FEMININE_ENDING):
        return lemma
    for analysis in [*analyses_of(form), *analyses_of(ARTICLE_LETTER + form)]:
        word = analysis[-1]
        if (len(analysis) == 1 or (len(analysis) == 2 and is_article(analysis[0]))) and word[2] == "NOUN" \
                and word[1] not in (lemma, "_"):
            return word[1]
    memorized = analyses_of(token)
    if memorized and all(a[-1][2] == "NOUN" and "Definite=Cons" in a[-1][3].split("|") for a in memorized):
        return lemma
    return form


def definite_adjectives(tokens: Sequence[str], words: list, sentence_starts: set[int],
                        analyses_of: Callable[[str], list]) -> None:  # fmt: skip
    """Replace in ``words`` a token in ה read as one noun right after a token that is, or may be
    read as, the article and a noun by the article and the rest's memorized adjective, where the
    adjective agrees with that noun: הרכבת הקלה is "the light rail", not "the assembly of relief"
    (:func:`definite_nouns` then reads the noun before it). Of HTB train and dev's 1,039 tokens in
    ה whose rest training has as an adjective agreeing with an article-and-noun reading of the
    token before, 972 are the article and the adjective and none one noun. ``analyses_of(token)``
    gives a token's memorized analyses as written words."""
    for i in range(1, len(tokens)):
        chosen = words[i]
        if len(chosen) != 1 or chosen[0][2] != "NOUN" or not tokens[i].startswith(ARTICLE_LETTER) \
                or i in sentence_starts:
            continue
        # the article and a noun; after ב, ל or כ the article is not written (ברכבת הקלה)
        nouns = [a[-1] for a in (words[i - 1], *analyses_of(tokens[i - 1]))
                 if len(a) >= 2 and a[-1][2] == "NOUN" and (a[-2][2] == "DET" or a[-2][0] in ARTICLE_HIDING)
                 and "Definite=Cons" not in a[-1][3].split("|")]  # fmt: skip
        if not nouns:
            continue
        adjective = next((a[0] for a in analyses_of(tokens[i][len(ARTICLE_LETTER):])
                          if len(a) == 1 and a[0][2] == "ADJ" and a[0][1] != "_"
                          and any(_agree(a[0][3], noun[3]) for noun in nouns)), None)  # fmt: skip
        if adjective is not None:
            words[i] = [ARTICLE_WORD, adjective]


def construct_nouns(tokens: Sequence[str], words: list, sentence_starts: set[int],
                    analyses_of: Callable[[str], list]) -> None:  # fmt: skip
    """Replace in ``words`` a token read as one proper noun by its memorized reading as a noun in
    construct state where a definite noun follows it: שרת התחבורה is "the minister of transport",
    not Moshe Sharett. Of HTB train and dev's 51 tokens before a definite noun whose form the
    treebank has both as a name and as a construct noun (בני, פי, שלום, גל), none is the name.
    ``analyses_of(token)`` gives the token's memorized analyses as written words."""
    for i in range(len(tokens) - 1):
        chosen = words[i]
        if len(chosen) != 1 or chosen[0][2] != "PROPN" or i + 1 in sentence_starts:
            continue
        after = words[i + 1]
        if len(after) < 2 or after[0][2] != "DET" or after[1][2] != "NOUN":
            continue
        for analysis in analyses_of(tokens[i]):
            if len(analysis) == 1 and analysis[0][2] == "NOUN" and "Definite=Cons" in analysis[0][3].split("|"):
                words[i] = analysis
                break


def feminine_construct_nouns(tokens: Sequence[str], words: list, sentence_starts: set[int],
                             analyses_of: Callable[[str], list]) -> None:  # fmt: skip
    """Replace in ``words`` a token in ת (after clitics or none) read as the article and a noun, or
    as an adjective in construct state, right before a definite noun, by the construct state of the
    feminine noun in ה that training memorized (its ה written ת): הגברת הכוננות is "the raising of
    the alert" (הגברה), not "the lady the alert"; עתירת הארגונים "the organisations' petition"
    (עתירה), not "rich in". Of HTB and IAHLTwiki train and dev's 614 tokens in ת before a definite
    noun whose form in ה is memorized first as a noun, 606 are a noun in construct state (562 that
    noun), none the article and a noun, none an adjective."""
    for i in range(len(tokens) - 1):
        after = words[i + 1]
        if not tokens[i].endswith(_CONSTRUCT_ENDING) or len(after) < 2 or after[0][2] != "DET" \
                or after[1][2] != "NOUN" or i + 1 in sentence_starts:
            continue
        chosen, host = words[i], words[i][-1]
        article = len(chosen) >= 2 and is_article(chosen[-2]) and host[2] == "NOUN"
        if not article and not (host[2] == "ADJ" and "Definite=Cons" in host[3].split("|")):
            continue
        clitics = chosen[:-2] if article else chosen[:-1]
        if any(w[2] not in CLITIC_UPOS for w in clitics):
            continue
        rest = tokens[i][len(written_letters(clitics)) :]
        noun = memorized_noun(rest[: -len(_CONSTRUCT_ENDING)] + _FEMININE_ENDING, analyses_of, definite=True)
        feats = noun[0][3].split("|") if noun else ()
        if noun is None or "Gender=Fem" not in feats or "Number=Sing" not in feats:
            continue
        state = "|".join(sorted([*feats, "Definite=Cons"], key=str.lower))
        words[i] = [*clitics, (rest, noun[0][1], "NOUN", state)]


def nouns_in_it_after_prepositions(tokens: Sequence[str], words: list, sentence_starts: set[int]) -> None:
    """Replace in ``words`` a token read as a preposition and an adjective in ית right before a
    definite noun by the preposition and a noun in construct state, written as its lemma (a noun in
    ייה's ית as ייה): בקרקעית הים is "on the sea floor" (קרקעית), not the adjective קרקעי. Of HTB and
    IAHLTwiki train and dev's 236 tokens so written before the article and a noun, none is an
    adjective; 183 are a noun or name written as its lemma, and most of the rest nouns in ייה
    (בתעשיית, תעשייה)."""
    for i in range(len(tokens) - 1):
        chosen, after = words[i], words[i + 1]
        if not tokens[i].endswith(_NOUN_IN_IT) or len(chosen) < 2 or chosen[-1][2] != "ADJ" \
                or any(w[2] != "ADP" for w in chosen[:-1]) or len(after) < 2 or after[0][2] != "DET" \
                or after[1][2] not in ("NOUN", "PROPN") or i + 1 in sentence_starts:
            continue
        rest = tokens[i][len(written_letters(chosen[:-1])) :]
        lemma = rest[: -len(_CONSTRUCT_ENDING)] + _FEMININE_ENDING if rest.endswith(_NOUN_IN_IYYA) else rest
        words[i] = [*chosen[:-1], (rest, lemma, "NOUN", "Definite=Cons|Gender=Fem|Number=Sing")]


def nouns_after_construct_nouns(tokens: Sequence[str], words: list, sentence_starts: set[int],
                                analyses_of: Callable[[str], list]) -> None:  # fmt: skip
    """Replace in ``words`` a token read as the article and an adjective, or as an adverb, right
    after a noun in construct state by its memorized reading as the article and a noun: a construct
    noun is followed by its noun, not by an adjective (מהדורת החדשות is "the news edition", not "the
    new ones'") nor by a time adverb (סוף השבוע is "the end of the week", not "end this week"). Of
    HTB train and dev's 72 tokens after a construct noun whose form the treebank has both as the
    article and an adjective and as the article and a noun, 47 are the noun, 24 the verb החולים of
    בית החולים (HTB's own reading, left as chosen) and 1 the adjective; of the adverbs the rule
    reads on HTB and IAHLTwiki train and dev, 3 are the noun (סוף השבוע twice, בבוא היום) and 2 the
    treebank's adverb (בשעות הערב, and היום after a verb the model took for a construct noun).
    A token in ה that training memorized only whole (העונה, "this season", as an adverb; המוניות,
    "massive", as an adjective) is read as the article and its rest's memorized noun (תחילת העונה,
    "the start of the season"; נהגי המוניות, "taxi drivers"): no such token on HTB or IAHLTwiki
    train and dev changes. So is an adverb in ה after של, "of" (של השבוע, "of the week"; של האם,
    "of the mother", not "whether"): HTB and IAHLTwiki train and dev write the article and a noun
    after it (השבוע 7 times, השנה 6, הלילה 3), but for היום, "of today" (6 times the adverb); the
    rule mends 2 tokens of HTB dev and 1 of IAHLTwiki train, and breaks none. And after the object
    marker את, which only a definite noun follows (סיימה את העונה, "finished the season"; the
    treebanks' 3 tokens after it that training memorized as an adverb are all nouns).
    ``analyses_of(token)`` gives the token's memorized analyses as written words."""
    for i in range(1, len(tokens)):
        chosen = words[i]
        adjective = len(chosen) == 2 and chosen[0][2] == "DET" and chosen[1][2] == "ADJ"
        whole = len(chosen) == 1 and chosen[0][2] in _READ_WHOLE_AFTER_CONSTRUCT
        if not (adjective or whole) or i in sentence_starts:
            continue
        before = words[i - 1][-1]
        after_of = tokens[i - 1] in _BEFORE_DEFINITE_NOUNS and chosen[0][2] == "ADV" and tokens[i] != _TODAY
        if not after_of and (before[2] != "NOUN" or "Definite=Cons" not in before[3].split("|")):
            continue
        noun = next((a for a in analyses_of(tokens[i]) if len(a) == 2 and a[0][2] == "DET" and a[1][2] == "NOUN"
                     and a[1][1] != "_"), None) or (_article_and_noun(tokens[i], analyses_of) if whole else None)  # fmt: skip
        if noun is not None:
            words[i] = noun


def _article_and_noun(token: str, analyses_of: Callable[[str], list]) -> list | None:
    """``token`` in ה as the article and the noun training memorized its rest as (alone, one
    word, not in construct state: :func:`iton.morph.clause_words.memorized_noun`), or None."""
    if not token.startswith(ARTICLE_LETTER):
        return None
    noun = memorized_noun(token[len(ARTICLE_LETTER):], analyses_of, definite=True)
    return [ARTICLE_WORD, *noun] if noun is not None else None


def nouns_after_without(tokens: Sequence[str], words: list, sentence_starts: set[int],
                        analyses_of: Callable[[str], list]) -> None:  # fmt: skip
    """Replace in ``words`` a token read as the article and a noun right after ללא or בלי ("without",
    maybe after ו) by its memorized reading as one noun: ללא היתר is "without a permit", not
    "without the rest". Of HTB and IAHLTwiki train's tokens after them that the treebanks have both
    ways, all 5 are the one noun (היתר, הפסקה)."""
    for i in [k + 1 for k, token in enumerate(tokens[:-1]) if token in _WITHOUT]:
        chosen = words[i]
        if len(chosen) != 2 or not is_article(chosen[0]) or chosen[1][2] != "NOUN" or i in sentence_starts:
            continue
        noun = next((a for a in analyses_of(tokens[i]) if len(a) == 1 and a[0][2] == "NOUN" and a[0][1] != "_"), None)
        if noun is not None:
            words[i] = noun


def adjectives_not_adverbs(tokens: Sequence[str], words: list, sentence_starts: set[int],
                           adjective_of: Callable[[str], tuple | None]) -> None:  # fmt: skip
    """Replace in ``words`` a token in ות read as an adverb right after a feminine plural noun not
    in construct state by its reading as the adjective: שיחות ישירות is "direct talks", הפסקות
    ממושכות "long outages" (ממושכות is memorized once, as the adverb "at length"). Of such tokens in
    HTB train and dev whose form is memorized first as an adverb, 2 are adjectives (קלות, ישירות)
    and 6 the adverbs פחות and לפחות, which have no adjective reading. ``adjective_of(form)`` gives
    the adjective reading of a form in ות, or None."""
    for i in range(1, len(tokens)):
        chosen = words[i]
        if len(chosen) != 1 or chosen[0][2] != "ADV" or not tokens[i].endswith(_FEMININE_PLURAL) \
                or i in sentence_starts:  # fmt: skip
            continue
        before = words[i - 1][-1]
        feats = set(before[3].split("|"))
        if before[2] != "NOUN" or not {"Number=Plur", "Gender=Fem"} <= feats or "Definite=Cons" in feats:
            continue
        adjective = adjective_of(tokens[i])
        if adjective is not None:
            words[i] = [adjective]


def agreeing_noun(form: str, feats: str, analyses: list, known_word: bool, upos_of_lemma: str | None) -> tuple | None:
    """The noun reading of ``form`` that agrees with an adjective's ``feats``: its memorized one
    (one word, not in construct state; else in construct state, the state dropped), else, for a
    singular adjective, ``form`` itself as a noun where it is a known word (``known_word``) whose
    lemma training gives no other part of speech (``upos_of_lemma``: the UPOS training gives
    ``form`` as a lemma, "|"-joined, or None)."""
    nouns = [a[0] for a in analyses if len(a) == 1 and a[0][2] == "NOUN" and a[0][1] != "_" and _agree(a[0][3], feats)]
    for noun in nouns:
        if "Definite=Cons" not in noun[3]:
            return noun
    # else a noun memorized only in construct state, where the state is not written (מנהלת, which
    # the article makes "the manager"): as it stands after the article
    if nouns:
        return nouns[0][:3] + ("|".join(f for f in nouns[0][3].split("|") if f != "Definite=Cons"),)
    if analyses or not known_word or (upos_of_lemma is not None and "NOUN" not in upos_of_lemma.split("|")):
        return None
    agreement = _features(feats)
    if agreement.get("Number") != "Sing":
        return None
    return (form, form, "NOUN", "|".join(f"{name}={agreement[name]}" for name in _AGREEING if name in agreement))


def _agree(first: str, second: str) -> bool:
    """Whether two FEATS strings agree in gender and number (a value either leaves open agrees)."""
    a, b = _features(first), _features(second)
    for name in _AGREEING:
        x, y = a.get(name), b.get(name)
        if x is not None and y is not None and not set(x.split(",")) & set(y.split(",")):
            return False
    return True


def _definite(words: list) -> bool:
    """Whether a token is definite: it holds the article (HTB writes it as its own word, ה DET),
    or its last word is marked so (a noun with a possessive suffix written whole: תפריטו)."""
    return any(w[2] == "DET" and w[1] == "ה" for w in words) or "Definite=Def" in words[-1][3]


def _features(feats: str) -> dict[str, str]:
    return dict(item.split("=", 1) for item in feats.split("|") if "=" in item)
