"""Single words whose reading their neighbour decides, where the memory gives another.

המנוחה that a verb in the feminine past or her age follows is the deceased, not "the rest"
(:func:`deceased_women`); דינה after פסק or עורכת is "her verdict", "her lawyer", not the name Dina
(:func:`judgements`); לבנה after a feminine verb "to her son", not "white" (:func:`her_sons`); הרכב
before a verb "the vehicle", not "composition" (:func:`vehicles`); ישנה before את "will change", not
"there is" (:func:`changes_before_objects`); לעולם before a definite word "to the world"
(:func:`worlds`), and אוכל before an infinitive the modal "I can" (:func:`able_before_infinitives`).
:func:`iton.morph.attributive.read_by_neighbours` runs these with the rules of
:mod:`iton.morph.clause_words` and of nouns and their adjectives.
"""

from __future__ import annotations

from collections.abc import Sequence

from iton.morph.clause_words import (
    ARTICLE_WORD,
    CLAUSE_START,
    FEMININE_PAST_FEATS,
    OBJECT_MARKER,
    OF,
    SUBJECT_CLITICS,
    finite_verb,
    is_article,
)
from iton.morph.pronoun_suffixes import POSSESSIVE_LINK
from iton.morph.templates import written_letters

__all__ = ["JUDGEMENT", "able_before_infinitives", "changes_before_objects", "deceased_women", "her_sons",
           "judgement_head", "judgements", "vehicles", "worlds"]

# The lemma of "her", as HTB writes a possessive suffix out (בנה = בן_ _של_ _היא).
_HER_LEMMA = "הוא"
# "Rest", "the deceased" and "aged" (of a woman; deceased_women).
_REST = "מנוחה"
_DECEASED = "מנוח"
_AGED = "בת"
# דינה after the head of a compound of דין ("judgement, law") is "her judgement": פסק דינה ("her
# verdict"), גזר דינה ("her sentence"), עורכת דינה ("her lawyer"); HTB and IAHLTwiki have the form
# only as the name Dina (twice), and דינו and דינם 8 times as דין + "his", "their", 7 of them after
# פסק, גזר or עורך.
_HER_JUDGEMENT = "דינה"
JUDGEMENT = "דין"
_JUDGEMENT_HEADS = frozenset({"פסק", "גזר", "עורך", "עורכת", "עורכי", "עורכות"})
_HEAD_CLITICS = frozenset("וש")
_HER_JUDGEMENT_WORDS = [
    (JUDGEMENT + "_", JUDGEMENT, "NOUN", "Definite=Def|Gender=Masc|Number=Sing"),
    (POSSESSIVE_LINK, OF, "ADP", "_"),
    ("_היא", _HER_LEMMA, "PRON", "Case=Gen|Gender=Fem|Number=Sing|Person=3|PronType=Prs"),
]
# לבנה is "white" (feminine), "moon", "brick", the name Livne, and ל + בן + "her", "to her son", which
# a feminine verb other than a copula comes before (אמרה לבנה, "she told her son"), where "white"
# could be only a predicate (נראתה לבנה, "looked white"; her_sons), and a name the verb's subject
# (ארגן לבנה, "Livne organized"; a surname after it: the name Livna), or a definite noun "white"
# does not agree with (נתן את הספר לבנה). The memory has no "to her son".
_TO_HER_SON = "לבנה"
_TO_HER_SON_TOKENS = frozenset(letters + _TO_HER_SON for letters in CLAUSE_START)
_TO_HER_SON_WORDS = [
    ("ל", "ל", "ADP", "_"),
    ("בן_", "בן", "NOUN", "Definite=Def|Gender=Masc|Number=Sing"),
    (POSSESSIVE_LINK, OF, "ADP", "_"),
    ("_היא", _HER_LEMMA, "PRON", "Case=Gen|Gender=Fem|Number=Sing|Person=3|PronType=Prs"),
]
_COPULAS = frozenset({"היה", "נראה", "נהיה", "הפך", "נשאר", "נותר", "נצבע", "צבע"})
# הרכב is "the composition" (of a panel, a team: הרכב השופטים) and ה + רכב, "the vehicle", which
# news writes in every report of a road accident or an arrest; a construct's noun follows the
# composition, while the vehicle comes before a verb, an adjective or the end (vehicles).
_COMPOSITION = "הרכב"
_THE_VEHICLE = [ARTICLE_WORD, ("רכב", "רכב", "NOUN", "Gender=Masc|Number=Sing")]
_VEHICLE_CLITICS = frozenset({"", "ו", "ש", "וש", "מ", "ומ", "שמ", "כש", "וכש"})  # ב, כ, ל hide the article
_AFTER_VEHICLE = frozenset({"VERB", "AUX", "PUNCT"})  # maybe after ו or ש (ירד מהרכב ונמלט)
_CONJUNCTIONS = frozenset({"CCONJ", "SCONJ"})
# ישנה is "there is" (יש with her suffix: ישנה תחושה, the memory's reading), "sleeps" (feminine) and
# "will change" (the future of שינה), which alone of the three takes an object after את (לא ישנה
# את ההרכב, "will not change the line-up"; changes_before_objects).
_THERE_IS = "ישנה"
_WILL_CHANGE = (_THERE_IS, "שינה", "VERB", "Gender=Masc|HebBinyan=PIEL|Number=Sing|Person=3|Tense=Fut|Voice=Act")
_THERE_IS_OR_SLEEPS = frozenset({"יש", "ישן"})
# לעולם is the adverb "ever" (16 of its 18 memorized readings) and ל + עולם, "to the world", which
# a definite word or an adjective follows (חזר לעולם העסקים, לעולם הבא, לעולם טוב יותר: HTB and
# IAHLTwiki train and dev have 2 of 2 before an adjective, and the adverb before adverbs, verbs,
# pronouns and punctuation only).
_EVER = "לעולם"
_TO_WORLD = [("ל", "ל", "ADP", "_"), ("עולם", "עולם", "NOUN", "Gender=Masc|Number=Sing")]
# אוכל is "food", "I (will) eat" and "I will be able" (the modal יכול); before an infinitive it is the
# modal (שאוכל לעזור, "that I can help"): in HTB and IAHLTwiki train and dev its 3 tokens before an
# infinitive mean so, though their lemmas are written three ways (יכול, אכל, and אוכל beside the
# modal's features), and the memory gave the food.
_ABLE = "אוכל"
_ABLE_WORD = (_ABLE, "יכול", "AUX", "Gender=Fem,Masc|Number=Sing|Person=1|Tense=Fut|VerbType=Mod")


def deceased_women(tokens: Sequence[str], words: list, sentence_starts: set[int]) -> None:
    """Replace in ``words`` the noun מנוחה ("rest") after the article, ו before it or none,
    by the noun מנוח ("the deceased"), feminine, where a verb in the feminine past follows it
    (המנוחה הותירה אחריה, "the deceased left behind") or a comma and בת, her age (המנוחה, בת 84):
    a clause's subject or a person's apposition, which "the rest" (יום המנוחה, שעות המנוחה) is not
    in news. HTB writes the deceased ה + מנוח (המנוח, המנוחים); its one המנוחה is "the day of rest"."""
    for i in range(len(tokens) - 1):
        chosen = words[i]
        if len(chosen) < 2 or chosen[-1][1] != _REST or not is_article(chosen[-2]) \
                or any(w[1] not in CLAUSE_START for w in chosen[:-2]) or i + 1 in sentence_starts:
            continue
        after = words[i + 1]
        verb = len(after) == 1 and after[0][2] == "VERB" and FEMININE_PAST_FEATS <= set(after[0][3].split("|"))
        age = tokens[i + 1] == "," and i + 2 < len(tokens) and i + 2 not in sentence_starts and tokens[i + 2] == _AGED
        if verb or age:
            words[i] = [*chosen[:-1], (chosen[-1][0], _DECEASED, "NOUN", "Gender=Fem|Number=Sing")]


def judgements(tokens: Sequence[str], words: list, sentence_starts: set[int]) -> None:
    """Replace in ``words`` the name דינה right after the head of a compound of דין (פסק, גזר,
    עורך, עורכת, maybe after ו or ש) by דין and "her": פסק דינה is "her verdict", עורכת דינה "her
    lawyer", where the memory has only the name. The head is read by its letters, for the model
    may read it as a verb or a name (ופסק, גזר at a sentence's start): a masculine verb before a
    woman's name, its subject, would not agree."""
    for i in range(1, len(tokens)):
        if tokens[i] != _HER_JUDGEMENT or i in sentence_starts or len(words[i]) != 1 or words[i][0][2] != "PROPN":
            continue
        if judgement_head(tokens[i - 1]):
            words[i] = list(_HER_JUDGEMENT_WORDS)


def her_sons(tokens: Sequence[str], words: list, sentence_starts: set[int]) -> None:
    """Replace in ``words`` לבנה (maybe after ו) read as "white" or "moon" right after a feminine verb
    in the past or future tense that is no copula, or after a definite noun that is not feminine
    singular, and before no name, by ל + בן + "her": אמרה לבנה is "she told her son", נתן את הספר
    לבנה "gave the book to her son"."""
    for i in [k for k, token in enumerate(tokens) if token in _TO_HER_SON_TOKENS]:
        chosen = words[i]
        if i == 0 or i in sentence_starts or chosen[-1][2] not in ("ADJ", "NOUN") or written_letters(chosen[:-1]) not in CLAUSE_START:
            continue
        before, after = words[i - 1], words[i + 1][0] if i + 1 < len(tokens) and i + 1 not in sentence_starts else None
        verb = before[-1]
        after_verb = finite_verb(verb) and "Gender=Fem" in verb[3] and verb[1] not in _COPULAS
        if (after_verb or _disagreeing_definite_noun(before)) and (after is None or after[2] != "PROPN"):
            words[i] = [*chosen[:-1], *_TO_HER_SON_WORDS]


def _disagreeing_definite_noun(words: list) -> bool:
    """Whether ``words`` (a token's) are the article and a noun that is not feminine singular, which
    "white" (feminine singular) cannot describe, nor "moon" follow as its construct's noun."""
    if len(words) < 2 or not is_article(words[-2]) or words[-1][2] != "NOUN":
        return False
    feats = words[-1][3].split("|")
    return "Gender=Fem" not in feats or "Number=Plur" in feats


def vehicles(tokens: Sequence[str], words: list, sentence_starts: set[int]) -> None:
    """Replace in ``words`` the noun הרכב ("composition"), after clitics that leave the article
    written or none, by the article and רכב ("the vehicle") where a verb, an adjective with the
    article, punctuation or the sentence's end follows: הרכב סטה מנתיבו is "the vehicle veered off its
    lane", ירד מהרכב "got out of the vehicle". A construct's noun, של, a preposition or an adjective
    without the article follow the composition (הרכב השופטים, בהרכב מורחב)."""
    for i in [k for k, token in enumerate(tokens) if token.endswith(_COMPOSITION)]:
        chosen = words[i]
        # a construct state the model read is undone by what follows: no construct ends a clause
        if chosen[-1][1] != _COMPOSITION or chosen[-1][2] != "NOUN" or tokens[i][: -len(_COMPOSITION)] not in _VEHICLE_CLITICS:
            continue
        after = words[i + 1] if i + 1 < len(tokens) and i + 1 not in sentence_starts else None
        if after is None or (after[-1][2] in _AFTER_VEHICLE and all(w[2] in _CONJUNCTIONS for w in after[:-1])) \
                or (len(after) == 2 and is_article(after[0]) and after[1][2] == "ADJ"):
            words[i] = [*chosen[:-1], *_THE_VEHICLE]


def changes_before_objects(tokens: Sequence[str], words: list, sentence_starts: set[int]) -> None:
    """Replace in ``words`` ישנה (after ו, ש or none) read as יש ("there is") or ישן ("slept") right
    before the object marker את by the future of שינה: לא ישנה את ההרכב is "will not change the
    line-up"."""
    for i in [k for k, token in enumerate(tokens[:-1]) if token.endswith(_THERE_IS) and tokens[k + 1] == OBJECT_MARKER]:
        chosen = words[i]
        if i + 1 in sentence_starts or chosen[-1][1] not in _THERE_IS_OR_SLEEPS \
                or tokens[i][: -len(_THERE_IS)] not in SUBJECT_CLITICS:
            continue
        words[i] = [*chosen[:-1], _WILL_CHANGE]


def worlds(tokens: Sequence[str], words: list, sentence_starts: set[int]) -> None:
    """Replace in ``words`` the adverb לעולם ("ever"), maybe after ו or ש, by ל + עולם ("to the
    world") where a word with the article or an adjective follows it: חזר לעולם העסקים."""
    for i in range(len(tokens) - 1):
        chosen = words[i]
        if not chosen or chosen[-1][1] != _EVER or chosen[-1][2] != "ADV" or i + 1 in sentence_starts:
            continue
        after = words[i + 1]
        if (len(after) > 1 and is_article(after[0]) and after[1][2] in ("NOUN", "PROPN", "ADJ")) \
                or (len(after) == 1 and after[0][2] == "ADJ"):
            words[i] = [*chosen[:-1], *_TO_WORLD]


def able_before_infinitives(tokens: Sequence[str], words: list, sentence_starts: set[int]) -> None:
    """Replace in ``words`` the host אוכל (after ו, ש or none) right before an infinitive by the
    modal יכול: שאוכל לעזור is "that I can help", not food or eating."""
    for i in range(len(tokens) - 1):
        chosen = words[i]
        if not chosen or chosen[-1][0] != _ABLE or i + 1 in sentence_starts \
                or any(w[1] not in SUBJECT_CLITICS for w in chosen[:-1]):
            continue
        after = words[i + 1]
        if len(after) == 1 and after[0][2] == "VERB" and "VerbForm=Inf" in after[0][3].split("|"):
            words[i] = [*chosen[:-1], _ABLE_WORD]


def judgement_head(form: str) -> bool:
    """Whether ``form`` is the head of a compound of דין (פסק, גזר, עורך, עורכת), maybe after ו or ש."""
    return form in _JUDGEMENT_HEADS or (form[:1] in _HEAD_CLITICS and form[1:] in _JUDGEMENT_HEADS)
