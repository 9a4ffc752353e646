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
(:func:`construct_nouns`: שרת התחבורה is "the minister of transport"). A verb never stands right
before another verb written alone: the first is a noun (:func:`nouns_before_verbs`: שבנה נפצע).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from iton.hebrew import ARTICLE_HIDING, ARTICLE_LETTER, CLITIC_LETTER_UPOS, CLITIC_UPOS
from iton.morph.acronyms import CLITIC_FEATS

__all__ = [
    "agreeing_noun",
    "attributive_adjectives",
    "construct_nouns",
    "definite_adjectives",
    "definite_nouns",
    "nouns_after_construct_nouns",
    "nouns_before_verbs",
    "verbs_after_plural_nouns",
]

_AGREEING = ("Gender", "Number")
_OBJECTS = ("NOUN", "PROPN", "NUM")
# What a token in ה before a definite adjective is never read as alone (definite_nouns).
_WHOLE_READINGS = ("VERB", "NOUN")
# A noun's suffix "his" (ו) as HTB writes it out, and the clitics a clause's verb may carry
# (verbs_after_plural_nouns).
_HIS = "ו"
_OF = "של"
_HIS_LEMMA = "הוא"
_HIS_FEATS = frozenset({"Gender=Masc", "Number=Sing", "Person=3"})
_SUBJECT_CLITICS = ("", "ש", "ו", "וש")
# The article as HTB writes it, a word of its own.
_ARTICLE = (ARTICLE_LETTER, ARTICLE_LETTER, CLITIC_LETTER_UPOS[ARTICLE_LETTER], CLITIC_FEATS[ARTICLE_LETTER])


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
    suffix). ``noun_of(form, feats, guess)`` gives the noun reading (form, lemma, UPOS, FEATS) of
    the rest of the token that agrees with an adjective of those features, or None; ``guess``:
    whether a reading training has not memorized may be given (not against a noun the model chose:
    הסכם הקיבוצי is no סכם)."""
    for i in range(len(tokens) - 1):
        chosen = words[i]
        if len(chosen) != 1 or chosen[0][2] not in _WHOLE_READINGS or not tokens[i].startswith(ARTICLE_LETTER) \
                or i + 1 in sentence_starts:
            continue
        after = words[i + 1]
        if len(after) != 2 or after[0][2] != "DET" or after[1][2] != "ADJ":
            continue
        noun = noun_of(tokens[i][len(ARTICLE_LETTER):], after[1][3], chosen[0][2] == "VERB")
        if noun is not None:
            words[i] = [_ARTICLE, noun]


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
            words[i] = [_ARTICLE, adjective]


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


def nouns_before_verbs(tokens: Sequence[str], words: list, sentence_starts: set[int],
                       analyses_of: Callable[[str], list]) -> None:  # fmt: skip
    """Replace in ``words`` a token read as a verb in the past or future tense (after clitics or
    none) right before another such verb written alone by its memorized reading as a noun (after
    the same clitics): שבנה נפצע is "that her son was wounded", not "that he built was wounded".
    HTB train and dev hold 3 such pairs of verbs, two verbs side by side with no clitic on the
    second. ``analyses_of(form)`` gives a form's memorized analyses as written words."""
    for i in range(len(tokens) - 1):
        chosen = words[i]
        if not _finite_verb(chosen[-1]) or i + 1 in sentence_starts \
                or any(w[2] not in CLITIC_UPOS for w in chosen[:-1]):
            continue
        after = words[i + 1]
        if len(after) != 1 or not _finite_verb(after[0]):
            continue
        clitics = chosen[:-1]
        rest = tokens[i][len("".join(w[0].strip("_") for w in clitics)):]
        noun = next((a for a in analyses_of(rest) if a[0][2] == "NOUN" and a[0][1] != "_"), None)
        if noun is not None:
            words[i] = [*clitics, *noun]


def nouns_after_construct_nouns(tokens: Sequence[str], words: list, sentence_starts: set[int],
                                analyses_of: Callable[[str], list]) -> None:  # fmt: skip
    """Replace in ``words`` a token read as the article and an adjective right after a noun in
    construct state by its memorized reading as the article and a noun: a construct noun is
    followed by its noun, not by an adjective (מהדורת החדשות is "the news edition", not "the new
    ones'"). Of HTB train and dev's 72 tokens after a construct noun whose form the treebank has
    both as the article and an adjective and as the article and a noun, 47 are the noun, 24 the
    verb החולים of בית החולים (HTB's own reading, left as chosen) and 1 the adjective.
    ``analyses_of(token)`` gives the token's memorized analyses as written words."""
    for i in range(1, len(tokens)):
        chosen = words[i]
        if len(chosen) != 2 or chosen[0][2] != "DET" or chosen[1][2] != "ADJ" or i in sentence_starts:
            continue
        before = words[i - 1][-1]
        if before[2] != "NOUN" or "Definite=Cons" not in before[3].split("|"):
            continue
        for analysis in analyses_of(tokens[i]):
            if len(analysis) == 2 and analysis[0][2] == "DET" and analysis[1][2] == "NOUN" and analysis[1][1] != "_":
                words[i] = analysis
                break


def verbs_after_plural_nouns(tokens: Sequence[str], words: list, sentence_starts: set[int],
                             verb_of: Callable[[str], tuple | None]) -> None:  # fmt: skip
    """Replace in ``words`` a token in ו read as a noun with the suffix "his" (after ש, ו or no
    clitic) right after a plural noun by the past tense, third person plural, of a verb: מפגינים
    צעדו is "protesters marched", not "protesters his step". Of HTB train and dev's tokens in ו
    right after a plural noun not in construct state, written alone or after ש, ו or וש, 177 are
    such a verb and 3 a noun with that suffix. ``verb_of(form)`` gives the verb reading (form,
    lemma, UPOS, FEATS) of a form in ו, or None where the verb is not known."""
    for i in range(1, len(tokens)):
        chosen = words[i]
        if len(chosen) < 3 or not tokens[i].endswith(_HIS) or i in sentence_starts:
            continue
        noun, of, his = chosen[-3:]
        if noun[2] != "NOUN" or of[1] != _OF or his[1] != _HIS_LEMMA or not _HIS_FEATS <= set(his[3].split("|")):
            continue
        clitics = chosen[:-3]
        letters = "".join(w[0].strip("_") for w in clitics)
        if letters not in _SUBJECT_CLITICS or any(w[2] not in CLITIC_UPOS for w in clitics):
            continue
        before = words[i - 1][-1]
        feats = before[3].split("|")
        if before[2] != "NOUN" or "Number=Plur" not in feats or "Definite=Cons" in feats:
            continue
        verb = verb_of(tokens[i][len(letters):])
        if verb is not None:
            words[i] = [*clitics, verb]


def _finite_verb(word: tuple) -> bool:
    return word[2] == "VERB" and not {"Tense=Past", "Tense=Fut"}.isdisjoint(word[3].split("|"))


def agreeing_noun(form: str, feats: str, analyses: list, known_word: bool, upos_of_lemma: str | None) -> tuple | None:
    """The noun reading of ``form`` that agrees with an adjective's ``feats``: its memorized one
    (one word, not in construct state), else, for a singular adjective, ``form`` itself as a noun
    where it is a known word (``known_word``) whose lemma training gives no other part of speech
    (``upos_of_lemma``: the UPOS training gives ``form`` as a lemma, "|"-joined, or None)."""
    for analysis in analyses:
        noun = analysis[-1]
        if len(analysis) == 1 and noun[2] == "NOUN" and noun[1] != "_" and "Definite=Cons" not in noun[3] \
                and _agree(noun[3], feats):
            return noun
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
