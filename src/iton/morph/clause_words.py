"""Verbs and the words around a clause's verb, read by their neighbours.

A verb never stands right before another verb written alone, nor before של: it is a noun
(:func:`nouns_before_verbs`: שבנה נפצע, הנחיתה של החללית). A verb with an object suffix takes no
object marker after it (:func:`verbs_before_objects`: הזהירו את הציבור), a noun with "his" after a
plural noun is a plural verb (:func:`verbs_after_plural_nouns`: מפגינים צעדו), a question goes on
with its clause (:func:`question_particles`: האם ושלושת ילדיה is the mother), and a noun in ש after
a definite noun is a relative clause's verb (:func:`relative_verbs`: השוטר שירה באוויר). A word
memorized as a name and a preposition is the preposition before a noun
(:func:`prepositions_before_nouns`: בגין תקיפת נהג), ניו ("New") needs the rest of its place's
name (:func:`new_places`), and ראשית ("the beginning of") a noun after it, or בראשית is a name
(:func:`beginnings_as_names`: the lander בראשית). An unseen word after a name that is a known
verb and ה is that verb's feminine past, no name (:func:`feminine_past_after_names`: גולן הגיבה).
After the object marker את no verb stands (:func:`nouns_after_objects`: את הנחיתה is "the
landing"), and a verb that takes an infinitive is read before one (:func:`verbs_before_infinitives`:
הרכבת הפסיקה לפעול, "the train stopped running"). Single words that a neighbour reads are
:mod:`iton.morph.word_senses`'s; :func:`iton.morph.attributive.read_by_neighbours` runs both with the
rules of nouns and their adjectives.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from iton.hebrew import ARTICLE_LETTER, CLITIC_LETTER_UPOS, CLITIC_UPOS
from iton.morph.acronyms import CLITIC_FEATS
from iton.morph.templates import written_letters

__all__ = [
    "ARTICLE_WORD",
    "CLAUSE_START",
    "FEMININE_PAST_FEATS",
    "OBJECT_MARKER",
    "OF",
    "SUBJECT_CLITICS",
    "beginnings_as_names",
    "feminine_past_after_names",
    "finite_verb",
    "his_noun_clitics",
    "is_article",
    "memorized_noun",
    "new_places",
    "nouns_after_objects",
    "nouns_before_verbs",
    "prepositions_before_nouns",
    "question_particles",
    "relative_verbs",
    "returned_after_plurals",
    "verbs_after_plural_nouns",
    "verbs_before_infinitives",
    "verbs_before_objects",
]

# A noun's suffix "his" (ו) as HTB writes it out, and the clitics a clause's verb may carry
# (verbs_after_plural_nouns).
_HIS = "ו"
# "Of", the genitive preposition written apart (and inside a suffix HTB writes out: _של_).
OF = "של"
_HIS_LEMMA = "הוא"
# What a plural subject right before its verb is read as: a noun, a pronoun (הם), a number (השניים).
_PLURAL_SUBJECTS = frozenset({"NOUN", "PRON", "NUM"})
_HIS_FEATS = frozenset({"Gender=Masc", "Number=Sing", "Person=3"})
SUBJECT_CLITICS = ("", "ש", "ו", "וש")
# The object marker, written alone before a definite object and inside a verb's object suffix
# (הזהירו "warned him" = הזהיר, את, הוא; verbs_before_objects).
OBJECT_MARKER = "את"
# ... and what else a verb with an object suffix is never followed by (verbs_before_objects).
_OBJECT_OR_CLAUSE = (OBJECT_MARKER, "כי")
# The question particle, also the article and the noun "mother" (question_particles).
_QUESTION_PARTICLE = "האם"
_AND = "ו"
# The relative clitic, as HTB writes it (relative_verbs).
_RELATIVE = ("ש", "ש", CLITIC_LETTER_UPOS["ש"], "_")
# The clitic letters the article is written after (ב, כ and ל hide it: ARTICLE_HIDING), and those
# a clause's first word takes (nouns_before_verbs).
_ARTICLE_AFTER = ("", "ו", "ש", "וש", "מ", "ומ", "שמ", "ושמ")
CLAUSE_START = ("", "ו")
# The name בראשית read as "at the beginning of", and the first words that are no complement of
# that construct noun (beginnings_as_names).
_BERESHEET = "בראשית"
_IN_BEGINNING = ("ב", "ראשית")
_NO_COMPLEMENT = frozenset({"VERB", "AUX", "PUNCT", "CCONJ"})
# The ending of a verb's feminine past after its masculine (הגיב, הגיבה), and the features of that
# masculine (feminine_past_after_names).
_FEMININE_PAST = "ה"
_MASCULINE_PAST = frozenset({"Gender=Masc", "Number=Sing", "Person=3", "Tense=Past"})
# A verb's feminine past (feminine_past_after_names, and deceased_women in iton.morph.word_senses).
FEMININE_PAST_FEATS = frozenset({"Gender=Fem", "Number=Sing", "Tense=Past"})
# Verbs written with ה that an infinitive (in ל) follows (הפסיקה לפעול, "stopped running"), where
# the article and a noun could be read (הפסיקה, "the ruling"; verbs_before_infinitives).
_INFINITIVE_LETTER = "ל"
_INFINITIVE_VERBS = frozenset({"הפסיק", "המשיך", "הצליח", "החליט", "הבטיח", "הספיק", "התחיל", "העדיף", "הסכים",
                               "התכוון", "הרשה", "התחייב", "הוסיף"})
# שבו, "in which" and "(they) returned", and the preposition ל as HTB writes it (returned_after_plurals).
_RETURNED = "שבו"
_TO = ("ל", "ל", "ADP")
# "New" of a place's name, and what follows it there (new_places).
_NEW = "ניו"
_NEW_PLACE_ENDS = frozenset({"-", "יורק", "זילנד", "ג'רזי", "ג'רסי", "גרזי", "גרסי", "דלהי", "אורלינס", "המפשייר",
                             "מקסיקו", "אינגלנד", "הייבן", "קלדוניה", "גינאה"})
# The article, a word of its own as HTB writes it.
ARTICLE_WORD = (ARTICLE_LETTER, ARTICLE_LETTER, CLITIC_LETTER_UPOS[ARTICLE_LETTER], CLITIC_FEATS[ARTICLE_LETTER])


def nouns_before_verbs(tokens: Sequence[str], words: list, sentence_starts: set[int],
                       analyses_of: Callable[[str], list]) -> None:  # fmt: skip
    """Replace in ``words`` a token read as a verb in the past or future tense (after clitics or
    none) right before another such verb written alone, or right before של ("of"), by its
    memorized reading as a noun (after the same clitics); where it has none, the second verb by
    its memorized noun in construct state where a noun follows, else the first by the article and
    the memorized noun of the rest where it is written with the article (ה, after ו, ש or מ or
    none; before a verb, after ו or none): שבנה נפצע is "that her son was wounded", not "that he
    built was wounded"; הגישה כתב אישום "filed an indictment" (כתב, "wrote"); הנחיתה של החללית "the
    landing of the spacecraft", not "she landed (it)". HTB train and dev hold 3 such pairs of
    verbs, two verbs side by side with no clitic on the second; of the 4,369 tokens right before
    של in HTB and IAHLTwiki train and dev, 2 are such verbs (the copula היה, and an
    unlemmatized אבדנו). ``analyses_of(form)`` gives a form's memorized analyses as written words."""
    for i in range(len(tokens) - 1):
        chosen = words[i]
        if not finite_verb(chosen[-1]) or i + 1 in sentence_starts \
                or any(w[2] not in CLITIC_UPOS for w in chosen[:-1]):
            continue
        after = words[i + 1]
        before_of = tokens[i + 1] == OF
        if not before_of and (len(after) != 1 or not finite_verb(after[0])):
            continue
        clitics = chosen[:-1]
        rest = tokens[i][len(written_letters(clitics)) :]
        noun = memorized_noun(rest, analyses_of)
        if noun is not None:
            words[i] = [*clitics, *noun]
            continue
        if not before_of:  # הגישה כתב אישום: the second is a noun in construct state before a noun
            second = memorized_noun(tokens[i + 1], analyses_of, construct=True)
            if second is not None and i + 2 < len(tokens) and i + 2 not in sentence_starts \
                    and words[i + 2][0][2] == "NOUN":
                words[i + 1] = second
                continue
        # the article after the clitics that can stand before it; before a verb, only at a clause's
        # start (a verb after ש opens a relative clause: שהגדילה יתרונה, "which widened its lead")
        letters = written_letters(clitics)
        if rest.startswith(ARTICLE_LETTER) and letters in (_ARTICLE_AFTER if before_of else CLAUSE_START):
            noun = memorized_noun(rest[len(ARTICLE_LETTER) :], analyses_of, definite=True)
            if noun is not None:
                words[i] = [*clitics, ARTICLE_WORD, *noun]


def nouns_after_objects(tokens: Sequence[str], words: list, sentence_starts: set[int],
                        analyses_of: Callable[[str], list]) -> None:  # fmt: skip
    """Replace in ``words`` a token read as a verb in the past or future tense, with no clitic, right
    after the object marker את by its memorized reading as a noun, or by the article and the
    memorized noun of the rest where it is written with the article: את הנחיתה is "the landing",
    not "she landed (it)". The object marker is followed by what it marks, never by a finite
    verb (where את is "you", the model reads it as a pronoun)."""
    for i in [k + 1 for k, token in enumerate(tokens[:-1]) if token == OBJECT_MARKER]:
        chosen, before = words[i], words[i - 1]
        if len(chosen) != 1 or not finite_verb(chosen[0]) or i in sentence_starts \
                or len(before) != 1 or before[0][2] != "ADP":
            continue
        noun = memorized_noun(tokens[i], analyses_of)
        if noun is None and tokens[i].startswith(ARTICLE_LETTER):
            noun = memorized_noun(tokens[i][len(ARTICLE_LETTER) :], analyses_of, definite=True)
            noun = noun and [ARTICLE_WORD, *noun]
        if noun:
            words[i] = noun


def memorized_noun(form: str, analyses_of: Callable[[str], list], definite: bool = False,
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
        head = after[1] if len(after) == 2 and is_article(after[0]) else after[0]
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


def beginnings_as_names(tokens: Sequence[str], words: list, sentence_starts: set[int]) -> None:
    """Replace in ``words`` the token בראשית read as ב + ראשית ("at the beginning of") by the
    name בראשית (the Moon lander, the Biblical book) where a word that is no part of its complement
    follows: a verb, punctuation or ו (החללית בראשית נחתה, "the lander Beresheet landed"). Alone
    (a one-word query) it keeps the model's reading. ראשית is a construct noun: of the 18 tokens
    בראשית in HTB and IAHLTwiki train and dev, 16 stand before a noun (with the article or none) or
    a number; the other two are the book, one before its chapter's number and one before a comma,
    which HTB splits (ב + the name ראשית)."""
    for i, token in enumerate(tokens):
        if token != _BERESHEET or [w[1] for w in words[i]] != list(_IN_BEGINNING) \
                or i + 1 == len(tokens) or i + 1 in sentence_starts:
            continue
        if words[i + 1][0][2] in _NO_COMPLEMENT:
            words[i] = [(token, token, "PROPN", "_")]


def feminine_past_after_names(tokens: Sequence[str], words: list, sentence_starts: set[int],
                              analyses_of: Callable[[str], list]) -> None:  # fmt: skip
    """Replace in ``words`` an unseen token in ה read as one proper noun right after a proper noun
    by the past tense, feminine, of the verb its letters without ה are memorized as (third person
    masculine singular past), where a word follows it: ח"כ גולן הגיבה לדברים ("MK Golan responded")
    came out the name הגיבה, and the tagger ran it into the person. Of HTB and IAHLTwiki train and
    dev's tokens right after a proper noun written as such a verb and ה, and before a word, 124 are
    that verb's feminine (and 12 an auxiliary, יכולה, עלולה), 6 a name (שרה, שמחה: memorized, so
    left alone); before a comma 5 and 1, and a list of names is read so: עומר כיאם, פרמה (Fermat:
    פרם, "tore")."""
    for i in range(1, len(tokens) - 1):
        token, chosen = tokens[i], words[i]
        if i in sentence_starts or i + 1 in sentence_starts or words[i + 1][0][2] == "PUNCT" \
                or not token.endswith(_FEMININE_PAST) or len(chosen) != 1 or chosen[0][2] != "PROPN" \
                or words[i - 1][-1][2] != "PROPN" or analyses_of(token):
            continue
        for analysis in analyses_of(token[: -len(_FEMININE_PAST)]):
            feats = set(analysis[0][3].split("|"))
            if len(analysis) == 1 and analysis[0][2] == "VERB" and _MASCULINE_PAST <= feats:
                feminine = sorted(feats - {"Gender=Masc"} | {"Gender=Fem"}, key=str.lower)
                words[i] = [(token, analysis[0][1], "VERB", "|".join(feminine))]
                break


def verbs_before_infinitives(tokens: Sequence[str], words: list, sentence_starts: set[int],
                             analyses_of: Callable[[str], list]) -> None:  # fmt: skip
    """Replace in ``words`` a token read as the article and a noun right before an infinitive by its
    memorized reading as a verb that takes one (הפסיק, המשיך, הצליח ...), and a noun in construct
    state right before it by its memorized reading with the article: הרכבת הפסיקה לפעול is "the
    train stopped running", not "the assembly of the ruling to run"."""
    for i in [k for k, (token, after) in enumerate(zip(tokens, tokens[1:]))
              if token[:1] == ARTICLE_LETTER and after[:1] == _INFINITIVE_LETTER]:  # fmt: skip
        chosen, after = words[i], words[i + 1]
        if len(chosen) != 2 or not is_article(chosen[0]) or chosen[1][2] != "NOUN" or i + 1 in sentence_starts \
                or len(after) != 1 or after[0][2] != "VERB" or "VerbForm=Inf" not in after[0][3].split("|"):
            continue
        verb = next((a for a in analyses_of(tokens[i]) if len(a) == 1 and finite_verb(a[0])
                     and a[0][1] in _INFINITIVE_VERBS), None)  # fmt: skip
        if verb is None:
            continue
        words[i] = verb
        before = words[i - 1] if i and i not in sentence_starts else None
        if before and len(before) == 1 and before[0][2] == "NOUN" and "Definite=Cons" in before[0][3].split("|"):
            noun = next((a for a in analyses_of(tokens[i - 1]) if len(a) == 2 and is_article(a[0])
                         and a[1][2] == "NOUN" and a[1][1] != "_"), None)  # fmt: skip
            if noun is not None:
                words[i - 1] = noun


def verbs_after_plural_nouns(tokens: Sequence[str], words: list, sentence_starts: set[int],
                             verb_of: Callable[[str], tuple | None]) -> None:  # fmt: skip
    """Replace in ``words`` a token in ו read as a noun with the suffix "his" (after ש, ו or no
    clitic) right after a plural noun by the past tense, third person plural, of a verb: מפגינים
    צעדו is "protesters marched", not "protesters his step". Of HTB train and dev's tokens in ו
    right after a plural noun not in construct state, written alone or after ש, ו or וש, 177 are
    such a verb and 3 a noun with that suffix. So after a plural pronoun or number standing alone
    (הם בנו, "they built", not "his son"; IAHLTwiki train: 1 mended, none broken). ``verb_of(form)``
    gives the verb reading (form, lemma, UPOS, FEATS) of a form in ו, or None where the verb is not
    known."""
    for i in range(1, len(tokens)):
        chosen = words[i]
        if len(chosen) < 3 or not tokens[i].endswith(_HIS) or i in sentence_starts:
            continue
        letters = his_noun_clitics(chosen)
        if letters is None:
            continue
        clitics = chosen[:-3]
        before = words[i - 1][-1]
        feats = before[3].split("|")
        if before[2] not in _PLURAL_SUBJECTS or "Number=Plur" not in feats or "Definite=Cons" in feats:
            continue
        # a pronoun or number is a subject standing alone: not a possessive suffix (הריסותיהם), nor
        # after a preposition (בהם)
        if before[2] != "NOUN" and ("Case=Gen" in feats or any(w[2] == "ADP" for w in words[i - 1])):
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
        if len(chosen) >= 3 and chosen[-3][2] == "VERB" and chosen[-2][1] == OBJECT_MARKER and chosen[-1][2] == "PRON":
            clitics = chosen[:-3]
        elif len(chosen) >= 2 and is_article(chosen[-2]) and tokens[i + 1] == OBJECT_MARKER:
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
        if len(before) < 2 or not is_article(before[-2]) or before[-1][2] != "NOUN":
            continue
        if not analyses_of(tokens[i]):  # an unseen word may be a verb in ש itself (שכרה, "rented")
            continue
        verb = next((a[0] for a in analyses_of(tokens[i][len(_RELATIVE[0]) :])
                     if len(a) == 1 and a[0][2] == "VERB" and "Tense=Past" in a[0][3].split("|")), None)  # fmt: skip
        if verb is not None:
            words[i] = [_RELATIVE, verb]


def returned_after_plurals(tokens: Sequence[str], words: list, sentence_starts: set[int],
                           analyses_of: Callable[[str], list]) -> None:  # fmt: skip
    """Replace in ``words`` שבו read as ש + ב + "him" ("in which") right after a plural noun and
    right before a word with ל by its memorized reading as the verb שב, "returned": התלמידים שבו
    ללימודים is "the students returned to school". "In which" would take the plural pronoun after a
    plural noun (שבהם); of HTB and IAHLTwiki train's שבו after a plural noun, the one before a word
    with ל is the verb."""
    for i in range(1, len(tokens) - 1):
        if tokens[i] != _RETURNED or i in sentence_starts or i + 1 in sentence_starts or words[i][-1][2] != "PRON":
            continue
        before, after = words[i - 1][-1], words[i + 1]
        if before[2] != "NOUN" or "Number=Plur" not in before[3].split("|") or after[0][:3] != _TO:
            continue
        verb = next((a for a in analyses_of(tokens[i]) if len(a) == 1 and a[0][2] == "VERB"), None)
        if verb is not None:
            words[i] = verb


def is_article(word: tuple) -> bool:
    """Whether an HTB word (form, lemma, UPOS, FEATS) is the article, whatever its features."""
    return word[:3] == ARTICLE_WORD[:3]


def his_noun_clitics(words: list) -> str | None:
    """The written letters of the clitics before a noun with the suffix "his" (HTB's noun, _של_,
    _הוא) that ends ``words`` where they are those a clause's verb may carry (none, ש, ו or וש):
    the reading a plural past verb in ו gets mistaken for (צעדו, "his step"); else None."""
    if len(words) < 3:
        return None
    noun, of, his = words[-3:]
    if noun[2] != "NOUN" or of[1] != OF or his[1] != _HIS_LEMMA or not _HIS_FEATS <= set(his[3].split("|")):
        return None
    return _clause_letters(words[:-3])


def _clause_letters(clitics: list) -> str | None:
    """The letters of a clause's verb's clitics (none, ש, ו or וש: SUBJECT_CLITICS), else None."""
    letters = written_letters(clitics)
    return letters if letters in SUBJECT_CLITICS and all(w[2] in CLITIC_UPOS for w in clitics) else None


def finite_verb(word: tuple) -> bool:
    """Whether ``word`` is a verb in the past or future tense."""
    return word[2] == "VERB" and not {"Tense=Past", "Tense=Fut"}.isdisjoint(word[3].split("|"))
