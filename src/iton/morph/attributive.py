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
before another verb written alone, nor before של: it is a noun (:func:`nouns_before_verbs`: שבנה
נפצע, הנחיתה של החללית).
And a verb with an object suffix takes no object marker after it (:func:`verbs_before_objects`:
הזהירו את הציבור), a question goes on with its clause (:func:`question_particles`: האם ושלושת
ילדיה is the mother), an adverb in ות after a feminine plural noun is its adjective
(:func:`adjectives_not_adverbs`: שיחות ישירות), and a noun in ש after a definite noun is a relative
clause's verb (:func:`relative_verbs`: השוטר שירה באוויר). :func:`read_by_neighbours` runs them all.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from iton.hebrew import ARTICLE_HIDING, ARTICLE_LETTER, CLITIC_LETTER_UPOS, CLITIC_UPOS
from iton.morph.acronyms import CLITIC_FEATS
from iton.morph.templates import written_letters

__all__ = [
    "adjectives_not_adverbs",
    "agreeing_noun",
    "attributive_adjectives",
    "construct_nouns",
    "definite_adjectives",
    "definite_nouns",
    "feminine_construct_nouns",
    "nouns_after_construct_nouns",
    "new_places",
    "nouns_before_verbs",
    "prepositions_before_nouns",
    "question_particles",
    "read_by_neighbours",
    "relative_verbs",
    "verbs_after_plural_nouns",
    "verbs_before_objects",
]

_AGREEING = ("Gender", "Number")
_OBJECTS = ("NOUN", "PROPN", "NUM")
# What a token in ה before a definite adjective is never read as alone (definite_nouns), nor
# after the relative ה (the verb).
_WHOLE_READINGS = ("VERB", "NOUN")
# A noun's suffix "his" (ו) as HTB writes it out, and the clitics a clause's verb may carry
# (verbs_after_plural_nouns).
_HIS = "ו"
_OF = "של"
_HIS_LEMMA = "הוא"
_HIS_FEATS = frozenset({"Gender=Masc", "Number=Sing", "Person=3"})
_SUBJECT_CLITICS = ("", "ש", "ו", "וש")
# The object marker, written alone before a definite object and inside a verb's object suffix
# (הזהירו "warned him" = הזהיר, את, הוא; verbs_before_objects).
_OBJECT_MARKER = "את"
# ... and what else a verb with an object suffix is never followed by (verbs_before_objects).
_OBJECT_OR_CLAUSE = (_OBJECT_MARKER, "כי")
# The question particle, also the article and the noun "mother" (question_particles).
_QUESTION_PARTICLE = "האם"
_AND = "ו"
# The relative clitic, as HTB writes it (relative_verbs).
_RELATIVE = ("ש", "ש", CLITIC_LETTER_UPOS["ש"], "_")
# The ending of an adjective's feminine plural, which some adverbs share (ישירות, ממושכות, קלות).
_FEMININE_PLURAL = "ות"
# The relative ה as HTB writes it (definite_nouns), and the article, a word of its own.
_RELATIVE_HE = (ARTICLE_LETTER, ARTICLE_LETTER, "SCONJ")
# The clitic letters the article is written after (ב, כ and ל hide it: ARTICLE_HIDING).
_ARTICLE_AFTER = ("", "ו", "ש", "וש", "מ", "ומ", "שמ", "ושמ")
_CLAUSE_START = ("", "ו")
# "New" of a place's name, and what follows it there (new_places).
_NEW = "ניו"
_NEW_PLACE_ENDS = frozenset({"-", "יורק", "זילנד", "ג'רזי", "ג'רסי", "גרזי", "גרסי", "דלהי", "אורלינס", "המפשייר",
                             "מקסיקו", "אינגלנד", "הייבן", "קלדוניה", "גינאה"})
# A feminine noun's ending, and the ending of its construct state (feminine_construct_nouns).
_FEMININE_ENDING = "ה"
_CONSTRUCT_ENDING = "ת"
_ARTICLE = (ARTICLE_LETTER, ARTICLE_LETTER, CLITIC_LETTER_UPOS[ARTICLE_LETTER], CLITIC_FEATS[ARTICLE_LETTER])


def read_by_neighbours(tokens: Sequence[str], words: list, sentence_starts: set[int],
                       analyses_of: Callable[[str], list], verb_of: Callable[[str], tuple | None],
                       adjective_of: Callable[[str], tuple | None],
                       noun_of: Callable[[str, str, bool], tuple | None]) -> None:  # fmt: skip
    """Run this module's rules over ``words`` (per token of the sentences' ``tokens``, its written
    words: form, lemma, UPOS, FEATS), in their order: ``analyses_of(form)``, a form's memorized
    analyses as written words; ``verb_of``, ``adjective_of`` and ``noun_of`` as
    :func:`verbs_after_plural_nouns`, :func:`adjectives_not_adverbs` and :func:`definite_nouns` ask."""
    attributive_adjectives(tokens, words, sentence_starts, analyses_of)
    construct_nouns(tokens, words, sentence_starts, analyses_of)
    feminine_construct_nouns(tokens, words, sentence_starts, analyses_of)
    nouns_before_verbs(tokens, words, sentence_starts, analyses_of)
    prepositions_before_nouns(tokens, words, sentence_starts, analyses_of)
    new_places(tokens, words, sentence_starts, analyses_of)
    nouns_after_construct_nouns(tokens, words, sentence_starts, analyses_of)
    verbs_after_plural_nouns(tokens, words, sentence_starts, verb_of)
    verbs_before_objects(tokens, words, sentence_starts, verb_of)
    question_particles(tokens, words, sentence_starts, analyses_of)
    relative_verbs(tokens, words, sentence_starts, analyses_of)
    adjectives_not_adverbs(tokens, words, sentence_starts, adjective_of)
    definite_adjectives(tokens, words, sentence_starts, analyses_of)
    definite_nouns(tokens, words, sentence_starts, noun_of)


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
        if chosen[0][:3] == _RELATIVE_HE and len(chosen) == 2 and chosen[1][2] == "VERB":
            chosen = chosen[1:]  # the relative ה and a verb (המנהלת, "who manages"), none there either
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
        article = len(chosen) >= 2 and chosen[-2][:3] == _ARTICLE[:3] and host[2] == "NOUN"
        if not article and not (host[2] == "ADJ" and "Definite=Cons" in host[3].split("|")):
            continue
        clitics = chosen[:-2] if article else chosen[:-1]
        if any(w[2] not in CLITIC_UPOS for w in clitics):
            continue
        rest = tokens[i][len(written_letters(clitics)) :]
        noun = _memorized_noun(rest[: -len(_CONSTRUCT_ENDING)] + _FEMININE_ENDING, analyses_of, definite=True)
        feats = noun[0][3].split("|") if noun else ()
        if noun is None or "Gender=Fem" not in feats or "Number=Sing" not in feats:
            continue
        state = "|".join(sorted([*feats, "Definite=Cons"], key=str.lower))
        words[i] = [*clitics, (rest, noun[0][1], "NOUN", state)]


def nouns_before_verbs(tokens: Sequence[str], words: list, sentence_starts: set[int],
                       analyses_of: Callable[[str], list]) -> None:  # fmt: skip
    """Replace in ``words`` a token read as a verb in the past or future tense (after clitics or
    none) right before another such verb written alone, or right before של ("of"), by its
    memorized reading as a noun (after the same clitics); where it has none, the second verb by
    its memorized noun in construct state where a noun follows, else the first by the article and
    the memorized noun of the rest where it is written with the article (ה, after ו, ש or מ or
    none; before a verb, after ו or none): שבנה נפצע is "that her son was wounded", not "that he
    built was wounded"; הגישה כתב אישום "filed an indictment" (כתב, "wrote"); הנחיתה של החללית "the
    landing of the spacecraft", not "she landed (it)". HTB train and dev hold
    3 such pairs of verbs, two verbs side by side with no clitic on the second; of the 4,369 tokens
    right before של in HTB and IAHLTwiki train and dev, 2 are such verbs (the copula היה, and an
    unlemmatized אבדנו). ``analyses_of(form)`` gives a form's memorized analyses as written words."""
    for i in range(len(tokens) - 1):
        chosen = words[i]
        if not _finite_verb(chosen[-1]) or i + 1 in sentence_starts \
                or any(w[2] not in CLITIC_UPOS for w in chosen[:-1]):
            continue
        after = words[i + 1]
        before_of = tokens[i + 1] == _OF
        if not before_of and (len(after) != 1 or not _finite_verb(after[0])):
            continue
        clitics = chosen[:-1]
        rest = tokens[i][len(written_letters(clitics)) :]
        noun = _memorized_noun(rest, analyses_of)
        if noun is not None:
            words[i] = [*clitics, *noun]
            continue
        if not before_of:  # הגישה כתב אישום: the second is a noun in construct state before a noun
            second = _memorized_noun(tokens[i + 1], analyses_of, construct=True)
            if second is not None and i + 2 < len(tokens) and i + 2 not in sentence_starts \
                    and words[i + 2][0][2] == "NOUN":
                words[i + 1] = second
                continue
        # the article after the clitics that can stand before it; before a verb, only at a clause's
        # start (a verb after ש opens a relative clause: שהגדילה יתרונה, "which widened its lead")
        letters = written_letters(clitics)
        if rest.startswith(ARTICLE_LETTER) and letters in (_ARTICLE_AFTER if before_of else _CLAUSE_START):
            noun = _memorized_noun(rest[len(ARTICLE_LETTER) :], analyses_of, definite=True)
            if noun is not None:
                words[i] = [*clitics, _ARTICLE, *noun]


def _memorized_noun(form: str, analyses_of: Callable[[str], list], definite: bool = False,
                    construct: bool = False) -> list | None:  # fmt: skip
    """The first memorized analysis of ``form`` (its words) that is a noun with a lemma, maybe with
    a suffix, else None; ``definite``: after the article, so one noun not in construct state;
    ``construct``: one noun in construct state."""
    for analysis in analyses_of(form):
        if analysis[0][2] != "NOUN" or analysis[0][1] == "_":
            continue
        cons = len(analysis) == 1 and "Definite=Cons" in analysis[0][3]
        if (not definite or (len(analysis) == 1 and not cons)) and (not construct or cons):
            return analysis
    return None


def prepositions_before_nouns(tokens: Sequence[str], words: list, sentence_starts: set[int],
                              analyses_of: Callable[[str], list]) -> None:  # fmt: skip
    """Replace in ``words`` a token read as one proper noun that training also memorized as a
    preposition (בגין: the surname Begin, and "for, because of") by the preposition where a noun
    follows it (with the article or none) and no proper noun stands before it: בגין תקיפת נהג is
    "for assaulting a driver". Of the 55 such tokens in HTB and IAHLTwiki train and dev, 12 of the
    21 prepositions stand before such a noun, and none of the 34 names does (they follow a first
    name, מנחם בגין, or come before a verb, punctuation or a preposition)."""
    for i in range(1, len(tokens) - 1):
        chosen = words[i]
        if len(chosen) != 1 or chosen[0][2] != "PROPN" or i + 1 in sentence_starts \
                or (i not in sentence_starts and words[i - 1][-1][2] == "PROPN"):
            continue
        after = words[i + 1]
        head = after[1] if len(after) == 2 and after[0][:3] == _ARTICLE[:3] else after[0]
        if len(after) > 2 or head[2] != "NOUN":
            continue
        preposition = next((a[0] for a in analyses_of(tokens[i]) if len(a) == 1 and a[0][2] == "ADP"), None)
        if preposition is not None:
            words[i] = [preposition]


def new_places(tokens: Sequence[str], words: list, sentence_starts: set[int],
               analyses_of: Callable[[str], list]) -> None:  # fmt: skip
    """Replace in ``words`` a token read as clitics and the name ניו ("New") by its other
    memorized reading where the rest of a place's name does not follow: בניו is ב + ניו in בניו
    יורק, and "his sons" in ושני בניו יאיר ואבנר (HTB and IAHLTwiki train and dev read בניו as ב +
    ניו 20 times, as "his sons" twice; each of their 49 ניו comes before יורק, זילנד, ג'רזי or a
    hyphen)."""
    for i in range(len(tokens)):
        chosen = words[i]
        if chosen[-1][1] != _NEW or (i + 1 < len(tokens) and i + 1 not in sentence_starts
                                     and tokens[i + 1] in _NEW_PLACE_ENDS):
            continue
        other = next((a for a in analyses_of(tokens[i]) if all(w[1] != _NEW for w in a)), None)
        if other is not None:
            words[i] = other


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
        letters = _clause_letters(clitics)
        if letters is None:
            continue
        before = words[i - 1][-1]
        feats = before[3].split("|")
        if before[2] != "NOUN" or "Number=Plur" not in feats or "Definite=Cons" in feats:
            continue
        verb = verb_of(tokens[i][len(letters):])
        if verb is not None:
            words[i] = [*clitics, verb]


def verbs_before_objects(tokens: Sequence[str], words: list, sentence_starts: set[int],
                         verb_of: Callable[[str], tuple | None]) -> None:  # fmt: skip
    """Replace in ``words`` a token in ו read as a verb with an object suffix (after ש, ו or no
    clitic) right before the object marker את or the clause כי ("that") by the past tense, third
    person plural, of the verb: הזהירו את הציבור is "they warned the public", not "warned him the
    public", and הרופאים הזהירו כי "the doctors warned that"; a verb whose object is its suffix
    takes no other. HTB train and dev and IAHLTwiki train and dev hold no suffixed verb right
    before את or כי. So is a token in ו read as the article and a word right before את: הפרו את
    התחייבותם "they broke their pledge", memorized only as ה + פרו ("pro-"); of the 152 tokens
    in those treebanks' train and dev right before את with the article in them, none ends in ו.
    ``verb_of(form)`` as in :func:`verbs_after_plural_nouns`."""
    for i in range(len(tokens) - 1):
        if tokens[i + 1] not in _OBJECT_OR_CLAUSE or i + 1 in sentence_starts or not tokens[i].endswith(_HIS):
            continue
        chosen = words[i]
        if len(chosen) >= 3 and chosen[-3][2] == "VERB" and chosen[-2][1] == _OBJECT_MARKER and chosen[-1][2] == "PRON":
            clitics = chosen[:-3]
        elif len(chosen) >= 2 and chosen[-2][:3] == _ARTICLE[:3] and tokens[i + 1] == _OBJECT_MARKER:
            clitics = chosen[:-2]
        else:
            continue
        letters = _clause_letters(clitics)
        if letters is None:
            continue
        verb = verb_of(tokens[i][len(letters):])
        if verb is not None:
            words[i] = [*clitics, verb]


def question_particles(tokens: Sequence[str], words: list, sentence_starts: set[int],
                       analyses_of: Callable[[str], list]) -> None:  # fmt: skip
    """Replace in ``words`` the question particle האם right before punctuation, the end of its
    sentence or a token in the conjunction ו by its memorized reading as the article and a noun:
    האם ושלושת ילדיה is "the mother and her three children" (a question goes on with its clause).
    HTB and IAHLTwiki train and dev hold 7 such האם before punctuation and 1 before ו, all the noun."""
    for i, token in enumerate(tokens):
        if token != _QUESTION_PARTICLE or len(words[i]) != 1:
            continue
        after = None if i + 1 == len(tokens) or i + 1 in sentence_starts else words[i + 1][0]
        if after is not None and after[2] != "PUNCT" and not (after[0] == _AND and after[2] == "CCONJ"):
            continue
        noun = next((a for a in analyses_of(token) if len(a) == 2 and a[0][2] == "DET" and a[1][2] == "NOUN"), None)
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


def relative_verbs(tokens: Sequence[str], words: list, sentence_starts: set[int],
                   analyses_of: Callable[[str], list]) -> None:  # fmt: skip
    """Replace in ``words`` a token in ש read as a noun (with a suffix or none) right after a
    definite noun by ש and the past tense verb training memorized the rest as: השוטר שירה באוויר
    is "the policeman who fired in the air", not "the policeman her song". Of HTB train and dev's
    tokens in ש after a definite noun whose rest is memorized as a past verb, 162 are ש and a verb
    (one of them שירו, memorized first as "his song"), 19 ש and the copula, 4 ש and another word,
    8 של with a pronoun, and none one noun. Memorized tokens only. ``analyses_of(form)`` gives a
    form's memorized analyses as written words."""
    for i in range(1, len(tokens)):
        chosen = words[i]
        if not tokens[i].startswith(_RELATIVE[0]) or chosen[0][2] != "NOUN" or i in sentence_starts:
            continue
        before = words[i - 1]
        if len(before) < 2 or before[-2][:3] != _ARTICLE[:3] or before[-1][2] != "NOUN":
            continue
        if not analyses_of(tokens[i]):  # an unseen word may be a verb in ש itself (שכרה, "rented")
            continue
        verb = next((a[0] for a in analyses_of(tokens[i][len(_RELATIVE[0]) :])
                     if len(a) == 1 and a[0][2] == "VERB" and "Tense=Past" in a[0][3].split("|")), None)  # fmt: skip
        if verb is not None:
            words[i] = [_RELATIVE, verb]


def _clause_letters(clitics: list) -> str | None:
    """The letters of a clause's verb's clitics (none, ש, ו or וש: _SUBJECT_CLITICS), else None."""
    letters = written_letters(clitics)
    return letters if letters in _SUBJECT_CLITICS and all(w[2] in CLITIC_UPOS for w in clitics) else None


def _finite_verb(word: tuple) -> bool:
    return word[2] == "VERB" and not {"Tense=Past", "Tense=Fut"}.isdisjoint(word[3].split("|"))


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
