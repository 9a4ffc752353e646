"""Mending the entity tagger's spans before the names stage writes names
(:func:`iton.morph.names.keep_names` runs these rules first, in its order): two people the tagger
split (סטיוון | הוקינג) or ran together (יאיר ואבנר, נתניהו לבנט), an official run into a body, a
first name or surname left out, and one-word entities that are no names (the people of a country,
a noun with a possessive suffix, a verb in the future tense). Where an entity ends and starts (a
clause, verbs or a preposition run on into a name, a title before it) is :mod:`iton.morph.entity_ends`.
Each rule was checked on NEMO's gold labels, or through the pipeline on NEMO dev and the news
mentions, before it was kept (docs/quality.md).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from iton.document import Document, Entity, Morpheme, Token, host_position
from iton.morph.word_senses import JUDGEMENT, judgement_head
from iton.morph.entities import QUOTE_MARKS, host_upos, strip_by_morphemes
from iton.morph.entity_features import FREQ_SCALE, triggers
from iton.morph.name_cues import claim, respan
from iton.morph.prefixes import prefix_morphemes

# Entity types whose words are names through and through (people, places): every word is
# kept as written. In the other types (ORG, FAC, WOA, EVE, ...) common words make up the name
# (ועדת הכספים, משרד החוץ) and keep their lemma unless the morphology read them as proper nouns.
NAME_TYPES = frozenset({"PER", "GPE", "LOC"})
# PLACE_TYPES (name_cues): places; a one-word one loses clitics a commoner word hides
# Of those, the types whose longer names are names in every word (בנימין נתניהו); a longer
# place name is often made of common words (רמת גן, ברית המועצות).
WRITTEN_TYPES = frozenset({"PER"})
# A Hebrew letter with a geresh: a numeral (יום ג', כיתה ד'), never a name (see drop_non_names).
LETTER_NUMERAL = re.compile("[א-ת]['׳]")
SO_ADVERB = "כך"  # also the name of a 1990s party in NEMO's train (see drop_non_names)
# What the morphology reads function words as; no name is one (see drop_non_names).
FUNCTION_UPOS = frozenset({"ADV", "INTJ", "ADP", "SCONJ", "CCONJ", "PRON", "AUX"})
LANGUAGE_TYPES = frozenset({"ANG"})  # NEMO's type of languages, adjectives in Hebrew (האנגלית)
# Words that begin a surname of more than one word (איתמר בן גביר; see cut_officials).
SURNAME_PARTICLES = frozenset({"בן", "בר", "אבו", "בית", "אל", "דה", "ון", "פון", "ואן"})
# A name lends its form to prefixed words outside the entities only from three letters up:
# shorter names (בר, גל) are the tails of too many common words.
MIN_SPREAD_LETTERS = 3
# Prepositions a name is written behind inside a run the tagger took for one person (נתניהו לבנט,
# פוטין בקרמלין); ו is split_coordinated's.
NAME_PREPOSITIONS = frozenset("בלמכ")
# Those a town is written behind where it is the place (בירושלים, מחיפה; countries_are_places).
PLACE_PREPOSITIONS = frozenset("בלמ")
# ... and the relative clitic a preposition may follow there (פוטין שבקרמלין).
RELATIVE_LETTER = "ש"
# The word HTB writes between a noun and its possessive suffix (ביתו = בית_ _של_ _הוא).
POSSESSIVE_LINK = "של"
# The last letter of a noun or adjective of nationality's lemma (מצרי, רוסי, אמריקאי).
GENTILIC_ENDING = "י"
# The type a name list's tag stands for (entities.names.tsv.gz: first names, surnames, cities, countries).
LIST_COUNTRY = "COUNTRY"  # the name lists' tag of a country
LIST_CITY = "CITY"  # ... and of a town
LIST_TYPES = {"PER-first": "PER", "PER-last": "PER", "PER-both": "PER", LIST_CITY: "GPE", LIST_COUNTRY: "GPE"}
# The tag of a word listed as a first name and never as a surname, and the tags of first names.
FIRST_NAME_TAG = "PER-first"
FIRST_NAME_TAGS = frozenset({FIRST_NAME_TAG, "PER-both"})
SURNAME_TAGS = frozenset({"PER-last", "PER-both"})
# The commonest such word that may join a person after it: Zipf 4 (wordfreq's half-Zipf buckets,
# FREQ_SCALE a step): בשאר; not היא, אל, שרה or רואה, which stand before names as words.
FIRST_NAME_MOST_FREQUENT = 4 * FREQ_SCALE


def _joined_by_and(token: Token) -> bool:
    """Whether the morphology reads ``token`` as the conjunction ו before a word (ואבנר, ופנאתינייקוס)."""
    return len(token.morphemes) > 1 and token.morphemes[0].form == "ו" and token.morphemes[0].upos == "CCONJ"


def _new_preposition(token: Token, before: Sequence[Token]) -> bool:
    """Whether the morphology reads ``token`` as ו and a preposition that none of ``before`` starts with."""
    morphemes = token.morphemes
    if not _joined_by_and(token) or len(morphemes) < 3 or morphemes[1].upos != "ADP":
        return False
    return not any(t.morphemes and t.morphemes[0].form == morphemes[1].form for t in before)


def join_adjacent_people(doc: Document, lists: dict[str, str], bare: bool = False) -> None:
    """Make one person of two person entities side by side in a sentence, where the second's first
    word is not joined by the conjunction ו and the first's last word is a first name (on the
    lists as one, or read as a proper noun): the tagger split a foreign name (סטיוון | הוקינג).
    Not after a word read as a common noun: ה[יורוליג] | פאוליוס מונטיונאס is a league, wrongly
    typed, and its chief. ``bare``: only where the morphology reads no clitic before the second's
    first word (after the cues, which part a person written behind a preposition: נתניהו | לביידן).
    Changes ``doc.entities`` in place."""
    starts = {s.first for s in doc.sentences}
    out: list[Entity] = []
    for entity in doc.entities:
        last = out[-1] if out else None
        if last is not None and last.label == entity.label == "PER" and last.last == entity.first \
                and entity.first not in starts and not _joined_by_and(doc.tokens[entity.first]) \
                and _first_name(doc.tokens[last.last - 1], lists) \
                and not (bare and host_position(doc.tokens[entity.first].morphemes)):  # fmt: skip
            respan(doc, last, last.first, entity.last)
            continue
        out.append(entity)
    doc.entities = out


def _first_name(token: Token, lists: dict[str, str]) -> bool:
    """Whether ``token`` may be a first name: listed as one, or read as a proper noun."""
    return lists.get(token.form) in FIRST_NAME_TAGS or host_upos(token.morphemes) == "PROPN"


def cut_officials(doc: Document, lists: dict[str, str]) -> None:
    """Cut a person off an entity of another type where a person's title stands before the entity
    and a later word of it, the last that is, is a first name: the tagger ran a body into the
    official the title names (ראש עיריית תל אביב רון חולדאי: the body עיריית תל אביב, the person רון
    חולדאי). The person is the first name and the surname after it (with its בן, בר or אבו); the
    words after those are the sentence the tagger ran on into, and no entity (שר הבריאות יולי
    אדלשטיין קיים היום: the body הבריאות, the person יולי אדלשטיין). Changes ``doc.entities`` in place."""
    for entity in list(doc.entities):
        if entity.label == "PER" or entity.last - entity.first < 3 or entity.first == 0:
            continue
        if "PER" not in triggers(doc.tokens[entity.first - 1].form):
            continue
        first_name = next((k for k in range(entity.last - 2, entity.first, -1)
                           if lists.get(doc.tokens[k].form) in FIRST_NAME_TAGS), None)  # fmt: skip
        if first_name is None:
            continue
        end = first_name + 2
        while end < entity.last and doc.tokens[end - 1].form in SURNAME_PARTICLES:
            end += 1
        respan(doc, entity, entity.first, first_name)
        claim(doc, first_name, end, "PER")


def cut_possessor_country(doc: Document, lists: dict[str, str]) -> None:
    """Cut a country off the front of a person entity where the word before it is a noun in
    construct state: the country is that noun's possessor (מאמן נבחרת ישראל רן בן שמעון, "the
    coach of Israel's team": the country ישראל, the person רן בן שמעון), however often it is a
    first name too. Of NEMO's 80 mentions of a listed country after such a noun (מדינת, נבחרת,
    אזרחי), 32 of them ישראל, all are places. Changes ``doc.entities`` in place."""
    for entity in list(doc.entities):
        if entity.label != "PER" or entity.last - entity.first < 2 or entity.first == 0:
            continue
        if lists.get(doc.tokens[entity.first].form) != LIST_COUNTRY \
                or _construct_noun(doc.tokens[entity.first - 1]) is None:
            continue
        country = entity.first
        respan(doc, entity, country + 1, entity.last)
        claim(doc, country, country + 1, "GPE")


def countries_are_places(doc: Document, lists: dict[str, str]) -> None:
    """Type as a place each one-word person entity whose word (with or without clitics) the name
    lists have as a country: ישראל is a first name too, and the tagger took תייצג את ישראל for a
    person. Of NEMO's one-word entities that are a listed country, 291 are places and one a person.
    And each one-word body whose word is a preposition before a listed town (הקבוצה מירושלים,
    בני הזוג מנתניה, tagged bodies): of NEMO's one-word entities in train and dev that are a listed
    town behind ב, ל or מ (and ו before them), 123 are places and 6 bodies, where the bare town is
    a body 35 times in 73 (a team, a council). Changes ``doc.entities`` in place."""
    for entity in doc.entities:
        if entity.last - entity.first != 1 or entity.label not in ("PER", "ORG"):
            continue
        token = doc.tokens[entity.first]
        stem = strip_by_morphemes(token.form, token.morphemes) if token.morphemes else token.form
        if entity.label == "PER" and lists.get(stem) == LIST_COUNTRY:
            entity.label = "GPE"
        elif entity.label == "ORG" and lists.get(stem) == LIST_CITY and _behind_preposition(token, stem):
            entity.label = "GPE"


def _behind_preposition(token: Token, stem: str) -> bool:
    """Whether ``token`` is ``stem`` behind ב, ל or מ (PLACE_PREPOSITIONS), the conjunction ו
    before it or not (מירושלים, ובאשקלון)."""
    letters = token.form[: len(token.form) - len(stem)]
    return letters.removeprefix("ו") in PLACE_PREPOSITIONS


def split_coordinated(doc: Document) -> None:
    """Cut each person or place entity before a later word that starts with the conjunction ו:
    two names side by side (יאיר ואבנר), or a name and the common word after it. The part after
    the cut stays an entity of the same type when the morphology reads its first word as a
    proper noun, and is dropped otherwise. On NEMO's gold labels no person or GPE, and one LOC
    in 400, has such a word inside it; names of bodies do (משרד העבודה והרווחה), so those are
    left whole, unless the later word is ו and a preposition that no word of the name before it
    has: הרשות הפלסטינית ובאיחוד האמירויות is two names, and both stay (of NEMO's 13 bodies with
    such a word, all repeat an earlier preposition: המועצה הארצית לתכנון ולבנייה). Changes
    ``doc.entities`` in place."""
    out: list[Entity] = []
    for entity in doc.entities:
        tokens = doc.tokens[entity.first : entity.last]
        if entity.label in NAME_TYPES:
            cuts = [entity.first + k for k, token in enumerate(tokens) if k and _joined_by_and(token)]
        else:
            cuts = [entity.first + k for k, token in enumerate(tokens) if k and _new_preposition(token, tokens[1:k])]
        bounds = [entity.first, *cuts, entity.last]
        for a, b in zip(bounds, bounds[1:]):
            if a > entity.first and entity.label in NAME_TYPES and host_upos(doc.tokens[a].morphemes) != "PROPN":
                continue
            start, end = doc.tokens[a].start, doc.tokens[b - 1].end
            text = doc.text[start:end]
            out.append(Entity(entity.label, a, b, start, end, text, text, text) if cuts else entity)
    doc.entities = out


def split_prefixed(doc: Document, known: dict[str, str], lists: dict[str, str]) -> None:
    """Cut each person entity before a later word that is a preposition (ב, ל, מ, כ), alone or
    after the relative ש, written before a known name, where the word itself is no known name:
    the tagger ran two mentions together (נתניהו לבנט: נתניהו, then ל + בנט; פוטין בקרמלין;
    פוטין שבקרמלין: ש + ב + קרמלין). The part after the cut is an
    entity of the name's type (``known``: names seen in training, word → type; ``lists``: the name
    lists, word → tag), its first word read as the preposition and the name. On NEMO's gold labels
    this fires inside 2 of the person names of all 6,153 sentences (נילי מנדלר, חיים באשרי); a
    surname that is itself on a list (לוי, ברק) is never cut. Changes ``doc.entities`` in place."""
    def name_type(word: str) -> str | None:
        return known.get(word) or LIST_TYPES.get(lists.get(word, ""))

    out: list[Entity] = []
    for entity in doc.entities:
        cuts = ((i, _letters_before_name(doc.tokens[i].form, name_type)) for i in range(entity.first + 1, entity.last))
        cut, letters = next(((i, letters) for i, letters in cuts if entity.label == "PER" and letters), (None, ""))
        if cut is None:
            out.append(entity)
            continue
        token = doc.tokens[cut]
        name = token.form[len(letters) :]
        token.morphemes = [*prefix_morphemes(token, letters), Morpheme(name, name, "PROPN")]
        for a, b, label in ((entity.first, cut, entity.label), (cut, entity.last, name_type(name))):
            start, end = doc.tokens[a].start, doc.tokens[b - 1].end
            text = doc.text[start:end]
            out.append(Entity(label, a, b, start, end, text, text, text))
    doc.entities = out


def _letters_before_name(form: str, name_type) -> str:
    """The clitic letters of ``form`` before a known name, when they are a preposition, alone or
    after the relative ש, and ``form`` is no known name itself (else "")."""
    for letters in (form[:1], form[:2] if form.startswith(RELATIVE_LETTER) else ""):
        name = form[len(letters) :]
        if letters and letters[-1] in NAME_PREPOSITIONS and len(name) >= MIN_SPREAD_LETTERS \
                and name_type(form) is None and name_type(name) is not None:  # fmt: skip
            return letters
    return ""


def join_first_names(doc: Document, known: dict[str, str], lists: dict[str, str], frequency: dict[str, int]) -> None:
    """Take into each person entity the word just before it when that word is on the name lists
    as a first name only, was seen in training as no other kind of name, is no commoner than
    FIRST_NAME_MOST_FREQUENT and is not read as a verb: the tagger left the first name out
    where it is also a common word (בשאר אסד, where בשאר reads "in the rest of"). On NEMO's gold
    labels, the rule without its frequency and verb tests would join 13 words wrongly (היא, אל,
    שרה, מינה before a name) and 1 rightly; with them, none. Not across a sentence's start, and
    not a word of another entity. Changes ``doc.entities`` in place."""
    starts = {s.first for s in doc.sentences}
    taken = {i for e in doc.entities for i in range(e.first, e.last)}
    for entity in doc.entities:
        before = entity.first - 1
        if entity.label != "PER" or before < 0 or entity.first in starts or before in taken:
            continue
        token = doc.tokens[before]
        if token.is_hebrew and lists.get(token.form) == FIRST_NAME_TAG and known.get(token.form, "PER") == "PER" \
                and frequency.get(token.form, -1) <= FIRST_NAME_MOST_FREQUENT and host_upos(token.morphemes) != "VERB":
            respan(doc, entity, before, entity.last)
            taken.add(before)


def tag_rare_name_pairs(doc: Document, lists: dict[str, str], frequency: dict[str, int]) -> None:
    """Tag as a person two untagged words side by side in a sentence, each written without clitics,
    the first on the lists as a first name and the second as a surname, neither commoner than
    FIRST_NAME_MOST_FREQUENT: יעקוב שרעבי opening a sentence came out two words (עקב, "heel", and ש +
    רעב, "that hungry") and no entity. Common words are on the lists too (היא, אדם, רימון גז), and
    are commoner. Of such rare pairs in NEMO's train and dev, the pipeline had tagged all 64
    already, 62 of them a person. Changes ``doc.entities`` in place."""
    taken = {i for e in doc.entities for i in range(e.first, e.last)}
    starts = {s.first for s in doc.sentences}
    tokens = doc.tokens
    for i in range(len(tokens) - 1):
        if i in taken or i + 1 in taken or i + 1 in starts:
            continue
        first, last = tokens[i].form, tokens[i + 1].form
        if lists.get(first) in FIRST_NAME_TAGS and lists.get(last) in SURNAME_TAGS \
                and max(frequency.get(first, 0), frequency.get(last, 0)) <= FIRST_NAME_MOST_FREQUENT \
                and claim(doc, i, i + 2, "PER"):
            taken.update((i, i + 1))


def join_surnames(doc: Document, known: dict[str, str], lists: dict[str, str]) -> None:
    """Take into a one-word person entity whose word the name lists have as a person's name the
    word right after it, where the morphology reads that word as one proper noun with no
    clitics, training saw it as no other kind of name, and it is in no entity: the tagger left
    out a surname that is also a common word (אהרן | ברק, "lightning"). Not across a sentence's start,
    nor after a longer person's surname (שרית חדד, then חדד | שרה, "sang"). Changes ``doc.entities``."""
    starts = {s.first for s in doc.sentences}
    taken = {i for e in doc.entities for i in range(e.first, e.last)}
    surnames = {doc.tokens[e.last - 1].form for e in doc.entities if e.label == "PER" and e.last - e.first > 1}
    for entity in doc.entities:
        after = entity.last
        word = doc.tokens[entity.first].form
        if entity.label != "PER" or after - entity.first != 1 or after >= len(doc.tokens) or after in starts \
                or after in taken or LIST_TYPES.get(lists.get(word, "")) != "PER" or word in surnames:
            continue
        token = doc.tokens[after]
        if token.is_hebrew and len(token.morphemes) == 1 and token.morphemes[0].upos == "PROPN" \
                and known.get(token.form, "PER") == "PER":
            respan(doc, entity, entity.first, after + 1)
            taken.add(after)


def drop_gentilics(doc: Document) -> None:
    """Drop each one-word name entity that the morphology reads as the article before a noun or
    adjective of nationality (המצרים: ה + מצרי, "the Egyptians"; הרוסים): people, not the place,
    and NEMO labels such words outside any entity (HTB train and dev: 1 of 40 tagged a place).
    Kept as an entity, the word became the country (מצרים). A longer person loses such a first
    word: the tagger runs a title's nationality into the name after it (הנשיא האמריקני | דונלד).
    Changes ``doc.entities`` in place."""
    kept = []
    for e in doc.entities:
        if e.label in WRITTEN_TYPES and e.last - e.first > 1 and gentilic(doc.tokens[e.first]):
            respan(doc, e, e.first + 1, e.last)
        if not (e.label in NAME_TYPES and e.last - e.first == 1 and gentilic(doc.tokens[e.first])):
            kept.append(e)
    doc.entities = kept


def drop_possessed(doc: Document, known: dict[str, str], lists: dict[str, str], frequency: dict[str, int]) -> None:
    """Drop each one-word entity but a person that the morphology reads as a common noun with a
    possessive suffix (ובסביבתה: ו + ב + סביבה + של + היא, "and its surroundings", tagged a place
    after בחיפה; שמועמדם, "that their candidate", a body): no name takes a possessor, and of the
    2,285 such words in NEMO's train and dev (their gold morphemes) none is a one-word entity. Kept
    as an entity, a place was written as it stands (סביבתה). The noun must be commoner than the
    word as written, which no name training or the lists hold, and the entity no person: the
    morphology reads names so too (במרוקו as ב + מרוק + his, the singer לכספי as ל + כסף + my),
    but for דינה read as דין and "her" right after the head of a compound of דין (פסק דינה, עורכת
    דינה: "her verdict", "her lawyer"; :func:`iton.morph.word_senses.judgements`), which the entity
    model took for the name Dina, alone or with the head. Changes ``doc.entities`` in place."""
    def possessed_noun(token: Token) -> bool:
        morphemes = token.morphemes
        if len(morphemes) < 3 or morphemes[-1].upos != "PRON":
            return False
        k = host_position(morphemes)
        host, written = morphemes[k], strip_by_morphemes(token.form, morphemes)
        if host.upos not in ("NOUN", "ADJ") or not any(m.lemma == POSSESSIVE_LINK for m in morphemes[k + 1 : -1]):
            return False
        if any(form in known or form in lists for form in (token.form, written)):
            return False
        return frequency.get(host.lemma, -1) > frequency.get(written, -1)

    def her_judgement(entity: Entity) -> bool:  # פסק דינה, with its head or alone
        i = entity.last - 1
        morphemes = doc.tokens[i].morphemes
        return entity.label == "PER" and i > 0 and entity.last - entity.first <= 2 and len(morphemes) > 1 \
            and morphemes[0].lemma == JUDGEMENT and judgement_head(doc.tokens[i - 1].form)

    doc.entities = [e for e in doc.entities
                    if not (e.label not in WRITTEN_TYPES and e.last - e.first == 1
                            and possessed_noun(doc.tokens[e.first])) and not her_judgement(e)]  # fmt: skip


def drop_non_names(doc: Document, known: dict[str, str]) -> None:
    """Drop each one-word entity that the morphology reads as a verb in the future or past tense
    or an infinitive with a lemma of its own (תותר: הותר, יופסקו: הופסק, opening sentences of
    regulations, tagged as people; ריצארדס הצחיקה, "made laugh", tagged a body; הורה לצבא להיערך,
    "to prepare", tagged a body), as a function word (אנא, "please", tagged a person), as a noun
    in ה in construct state (זכה במדליית ארד, "a bronze medal", tagged a place), or as an adjective
    with the article or in the plural (פסטיבל הסרטים הבינלאומי, לשכנתה הליטאית, השמרנים): of
    NEMO's 3,942 one-word entities in train and dev none is read as such a verb or a function word
    (their gold morphemes), one as a noun in construct state (במפרץ, "in the Gulf"), and 5 as such
    an adjective, languages and a theatre (האנגלית, הקאמרי); a language stays. A verb whose lemma is
    the written word (the surnames וייסמן, פרץ) is a misread name and stays, as does a word seen
    in training as a name; so does an adjective without the article, as surnames are read so
    (סרוסי). So does a letter with a geresh, a numeral (יום ג', Tuesday, tagged a person): none of
    NEMO's is one. And כך ("so") opening a quotation: NEMO's train holds the 1990s party כך, 21 of
    its 30 mentions in quotation marks of their own ("כך"), and the model tags the adverb after an
    opening mark ("כך מנצחים את הקורונה") as the party. And a person read as a noun in construct
    state, or after the article, right before another person (:func:`_title_before_person`): the
    people around the person (מקורבי ליברמן, "Liberman's associates"); none of NEMO's one-word
    people is such a noun. A word the morphology reads as one
    preposition goes even where training saw it as a name (בגין תקיפת נהג, "for assaulting a
    driver", tagged the person Begin; see :func:`iton.morph.clause_words.prepositions_before_nouns`).
    Changes ``doc.entities`` in place."""
    people = {e.first for e in doc.entities if e.label == "PER"}
    doc.entities = [e for e in doc.entities
                    if not (e.last - e.first == 1
                            and (_opens_quotation(doc, e.first)
                                 or _preposition(doc.tokens[e.first].morphemes)
                                 or _title_before_person(doc, e, people, known)
                                 or (doc.tokens[e.first].form not in known
                                     and (_verb_of_its_own_lemma(doc.tokens[e.first])
                                          or _construct_in_he(doc.tokens[e.first])
                                          or LETTER_NUMERAL.fullmatch(doc.tokens[e.first].form)
                                          or host_upos(doc.tokens[e.first].morphemes) in FUNCTION_UPOS
                                          or (e.label not in LANGUAGE_TYPES
                                              and _marked_adjective(doc.tokens[e.first]))))))]  # fmt: skip


def drop_titles_before_people(doc: Document, known: dict[str, str]) -> None:
    """Drop each one-word person that ends a title right before another person, as
    :func:`drop_non_names` does: the name cues may cut it off a person the tagger ran on into a
    listed name (המדינה | מרקו רוביו). Changes ``doc.entities`` in place."""
    people = {e.first for e in doc.entities if e.label == "PER"}
    doc.entities = [e for e in doc.entities if not _title_before_person(doc, e, people, known)]


def _title_before_person(doc: Document, entity: Entity, people: set[int], known: dict[str, str]) -> bool:
    """Whether ``entity`` is one word tagged a person, that training never saw as a person's
    name, read as a common noun in construct state or after the article, right before a person
    (``people``: the first tokens of the persons): מקורבי | ליברמן, "Liberman's associates";
    לוחמי | גולני, "Golani's soldiers", a word training saw in a body's name (לוחמי הגטאות)."""
    return entity.label == "PER" and entity.last - entity.first == 1 and entity.last in people \
        and known.get(doc.tokens[entity.first].form) != "PER" and _noun_before_name(doc.tokens[entity.first])


def _opens_quotation(doc: Document, i: int) -> bool:
    """Whether token ``i`` is the adverb כך right after a quotation mark with no mark after it."""
    tokens = doc.tokens
    return tokens[i].form == SO_ADVERB and i > 0 and tokens[i - 1].form in QUOTE_MARKS \
        and (i + 1 == len(tokens) or tokens[i + 1].form not in QUOTE_MARKS)


def _preposition(morphemes) -> bool:
    """Whether the morphology reads a token as one preposition and nothing else."""
    return len(morphemes) == 1 and morphemes[0].upos == "ADP"


def _marked_adjective(token: Token) -> bool:
    """Whether the morphology reads ``token`` as an adjective after the article, or in the plural."""
    morphemes = token.morphemes
    if not morphemes:
        return False
    host = morphemes[host_position(morphemes)]
    return host.upos == "ADJ" and (article_before_host(token) or "Number=Plur" in host.feats)


def _verb_of_its_own_lemma(token: Token) -> bool:
    """Whether the morphology reads ``token`` as a verb in the past or future tense or an
    infinitive whose lemma is not its written form."""
    morphemes = token.morphemes
    if not morphemes:
        return False
    host = morphemes[host_position(morphemes)]
    feats = host.feats.split("|")
    return host.upos == "VERB" and ("Tense=Fut" in feats or "Tense=Past" in feats or "VerbForm=Inf" in feats) \
        and host.lemma != host.form.strip("_")


def _construct_noun(token: Token) -> Morpheme | None:
    """The host of ``token`` where the morphology reads it as a common noun in construct state."""
    morphemes = token.morphemes
    if not morphemes:
        return None
    host = morphemes[host_position(morphemes)]
    return host if host.upos == "NOUN" and "Definite=Cons" in host.feats.split("|") else None


def _noun_before_name(token: Token) -> bool:
    """Whether the morphology reads ``token`` as a common noun in construct state or after the
    article: the end of a title before a name (מזכיר המדינה | מרקו רוביו)."""
    host = token.morphemes[host_position(token.morphemes)] if token.morphemes else None
    return _construct_noun(token) is not None or (host is not None and host.upos == "NOUN" and article_before_host(token))


def _construct_in_he(token: Token) -> bool:
    """Whether the morphology reads ``token`` as a noun in ה in construct state, its ה written ת
    (מדליית, מדליה). Not one in י (מפקדי): names end so (טוקי, misread טוק)."""
    host = _construct_noun(token)
    return host is not None and host.form.endswith("ת") and host.lemma.endswith("ה")


def gentilic(token: Token) -> bool:
    """Whether the morphology reads ``token`` as the article and a noun or adjective whose lemma
    ends as one of nationality does (מצרי, רוסי, אמריקאי)."""
    morphemes = token.morphemes
    k = host_position(morphemes) if morphemes else 0
    if k == 0 or morphemes[k - 1].upos != "DET":
        return False
    host = morphemes[k]
    return host.upos in ("NOUN", "ADJ") and host.lemma.endswith(GENTILIC_ENDING)


def article_before_host(token: Token) -> bool:
    """Whether the morphology reads the article before the token's host, written or hidden
    behind ב, כ, ל (בקיבוץ הארצי: ב + ה + קיבוץ)."""
    morphemes = token.morphemes
    return bool(morphemes) and any(m.upos == "DET" for m in morphemes[: host_position(morphemes)])
