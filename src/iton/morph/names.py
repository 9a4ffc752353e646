"""Names stay names: the words of a named entity keep their written form, and its mentions meet.

The morphology reads a name as the common word it resembles (כספי as כסף with a suffix, the
lander בראשית as ב + ראשית), and the same name with different clitics (ירושלים, בירושלים) would be
two words to count. After the entity stage, each word inside an entity gets one morpheme for
its host: the written form without its clitic letters and article, with the clitic morphemes
before it. Within a document a name takes one form whatever its prefixes, the entity's lemma
is built from the same forms (so the recogniser and the normalized form agree), and a shorter
mention of a person (נתניהו) takes the canonical form of the longer one (בנימין נתניהו).
Two names the tagger ran together across the conjunction ו (יאיר ואבנר) become two mentions.
Before that, names the tagger missed are found by what is written around them
(:mod:`iton.morph.name_cues`: the bundled list of bodies, parties, media and regions, quoted names
after a trigger word, a member's party, a language after ב).
"""

from __future__ import annotations

from iton.document import Document, Entity, Morpheme, Token, host_position
from iton.hebrew import ARTICLE_LETTER, CLITIC_LETTERS
from iton.morph.entities import host_upos, name_words, strip_by_morphemes
from iton.morph.entity_features import FREQ_SCALE, stripped_forms, triggers
from iton.morph.name_cues import CLITIC_CHAIN_RE, ListedNames, respan, tag_cues
from iton.morph.prefixes import prefix_morphemes

# Entity types whose words are names through and through (people, places): every word is
# kept as written. In the other types (ORG, FAC, WOA, EVE, ...) common words make up the name
# (ועדת הכספים, משרד החוץ) and keep their lemma unless the morphology read them as proper nouns.
NAME_TYPES = frozenset({"PER", "GPE", "LOC"})
PLACE_TYPES = frozenset({"GPE", "LOC"})  # places: a one-word one loses clitics a commoner word hides
# Of those, the types whose longer names are names in every word (בנימין נתניהו); a longer
# place name is often made of common words (רמת גן, ברית המועצות).
WRITTEN_TYPES = frozenset({"PER"})
# Types whose single-word mentions may stand for a longer mention in the same document: a
# surname for the full name. Places and bodies are not shortened that way.
SHORTENED_TYPES = frozenset({"PER"})
# Titles of works, which may hold a whole clause (see cut_relative_clauses).
TITLE_TYPES = frozenset({"WOA"})
# Types whose longer entities lose the verbs at their end (see trim_verbs).
VERB_TRIMMED_TYPES = frozenset({"ORG"})
# A name lends its form to prefixed words outside the entities only from three letters up:
# shorter names (בר, גל) are the tails of too many common words.
MIN_SPREAD_LETTERS = 3
DOUBLE_VAV = "וו"  # a foreign name's W or V (וויאס), seldom a conjunction before a word in ו
# The clitic letters a place's name is written behind (בטהרן, ומטהרן, שבטהרן): not של, which
# stands apart before a name, and would read שלומי as של + ומי.
PLACE_CLITICS = frozenset({"ב", "ל", "מ", "ו", "וב", "ול", "ומ", "שב", "שמ"})
# ... and only where the prefixed form is not a word in its own right: it may be at most one
# Zipf step (10x) commoner than the name (הקרמלין is, by half a step: names take the article).
SPREAD_MARGIN = FREQ_SCALE
# Prepositions a name is written behind inside a run the tagger took for one person (נתניהו לבנט,
# פוטין בקרמלין); ו is split_coordinated's.
NAME_PREPOSITIONS = frozenset("בלמכ")
# ... and the relative clitic a preposition may follow there (פוטין שבקרמלין).
RELATIVE_LETTER = "ש"
# The clitic letters that stand after ו and ש: those prepositions and the article.
INNER_CLITICS = NAME_PREPOSITIONS | {ARTICLE_LETTER}
# Clitic letters that seldom stand alone before a name (the article never does; כ "like" seldom).
RARE_BEFORE_NAMES = frozenset({ARTICLE_LETTER, "כ"})
# The word HTB writes between a noun and its possessive suffix (ביתו = בית_ _של_ _הוא).
POSSESSIVE_LINK = "של"
# The last letter of a noun or adjective of nationality's lemma (מצרי, רוסי, אמריקאי).
GENTILIC_ENDING = "י"
# The name lists' tags of places, whose names clitic letters hide less often than people's.
PLACE_TAGS = frozenset({"CITY", "COUNTRY"})
# The type a name list's tag stands for (entities.names.tsv.gz: first names, surnames, cities, countries).
LIST_TYPES = {"PER-first": "PER", "PER-last": "PER", "PER-both": "PER", "CITY": "GPE", "COUNTRY": "GPE"}
# The tag of a word listed as a first name and never as a surname, and the tags of first names.
FIRST_NAME_TAG = "PER-first"
FIRST_NAME_TAGS = frozenset({FIRST_NAME_TAG, "PER-both"})
# The commonest such word that may join a person after it: Zipf 4 (wordfreq's half-Zipf buckets,
# FREQ_SCALE a step): בשאר; not היא, אל, שרה or רואה, which stand before names as words.
FIRST_NAME_MOST_FREQUENT = 4 * FREQ_SCALE


def _keeps_written_form(label: str, single: bool, token: Token) -> bool:
    """Whether a word of an entity keeps its written form: every word of a person's name, a
    one-word place, and any word the morphology read as a proper noun. The common words of
    longer names keep their lemma (רמת in רמת גן, המועצות in ברית המועצות)."""
    if not token.is_hebrew:
        return False
    return label in WRITTEN_TYPES or (single and label in NAME_TYPES) or host_upos(token.morphemes) == "PROPN"


def name_stem(token: Token, known: dict[str, str], hosts: frozenset[str] = frozenset(),
              lists: dict[str, str] | None = None) -> str:
    """The written form of a word of a name without its clitics: whole when it is a name seen in
    training (ישראל) or a listed name that no clitic letters hide a name in (``lists``: בשאר,
    not ב + שאר), else without the clitic letters the morphology split off (לקרמלין → קרמלין)
    and then one more clitic letter it left before a name seen in training (ומהכנסת → כנסת
    where the morphology left הכנסת whole, שבקרמלין → קרמלין where it left בקרמלין), else
    without the article where the same document writes the rest after clitics (``hosts``:
    היורוליג → יורוליג beside ה + יורוליג; only the article: שרון beside ו + רון is another
    name), else without clitic letters that leave a known name (ולפוטין →
    פוטין)."""
    form, lists = token.form, lists or {}
    stem = strip_by_morphemes(form, token.morphemes) if token.morphemes else form
    if form in known:
        # training's names hold a few forms with their clitics (בשטחים beside שטחים): the
        # morphology's split wins where it leaves a name seen in training too
        return stem if stem != form and stem in known else form
    stripped = chained_stems(form)
    # a listed name stays whole unless clitic letters hide another name in it; not the article
    # or כ alone, which stand before a name far less often than the name is written (כספי: כ + ספי)
    if form in lists and not any((s in known or s in lists) and form[: len(form) - len(s)] not in RARE_BEFORE_NAMES
                                 for s in stripped):  # fmt: skip
        return form
    if stem != form:
        if stem in known or stem in lists:
            return stem
        # one more clitic letter the morphology left on, before a name seen in training
        # (שבקרמלין read as ש + בקרמלין: קרמלין; ומהכנסת read as ו + מ + הכנסת: כנסת). One
        # letter only, of those that follow ו and ש: השוצפת is no ה + ש + ו + צפת. A
        # preposition only before what the morphology read as a proper noun: המערבית is ה +
        # מערבית ("the western"), not ה + מ + ערבית.
        rest = stem[1:]
        letter_ok = stem[0] == ARTICLE_LETTER or (stem[0] in INNER_CLITICS and host_upos(token.morphemes) == "PROPN")
        return rest if letter_ok and len(rest) >= MIN_SPREAD_LETTERS and rest in known \
            and CLITIC_CHAIN_RE.fullmatch(form[: len(form) - len(rest)]) else stem
    if form.startswith(ARTICLE_LETTER) and form[1:] in hosts:
        return form[1:]
    # a listed place behind clitic letters (ביפן: יפן); not a listed person's name, which would
    # take the first letters of unlisted surnames for clitics (ווינר is no ו + וינר)
    return next((s for s in stripped if s in known or (form not in lists and lists.get(s) in PLACE_TAGS)), form)


def chained_stems(form: str) -> list[str]:
    """The forms of ``form`` without 1 to 3 leading clitic letters that Hebrew writes in that
    order (see :func:`iton.morph.entity_features.stripped_forms`, which the entity features
    take in any order).

    >>> chained_stems("ולפוטין"), chained_stems("הוקינג")
    (['לפוטין', 'פוטין'], ['וקינג'])
    """
    return [s for s in stripped_forms(form) if CLITIC_CHAIN_RE.fullmatch(form[: len(form) - len(s)])]


def _written_hosts(doc: Document) -> frozenset[str]:
    """The hosts of ``doc``'s Hebrew tokens that the morphology split clitic letters off, as
    written (יורוליג of היורוליג), of MIN_SPREAD_LETTERS letters or more."""
    hosts = set()
    for token in doc.tokens:
        morphemes = token.morphemes
        if len(morphemes) > 1 and token.is_hebrew:
            host = morphemes[host_position(morphemes)].form.strip("_")
            if len(host) >= MIN_SPREAD_LETTERS and host != token.form and token.form.endswith(host) \
                    and set(token.form[: -len(host)]) <= CLITIC_LETTERS:
                hosts.add(host)
    return frozenset(hosts)


def _commoner_stem(form: str, known: dict[str, str], lists: dict[str, str], frequency: dict[str, int]) -> str:
    """A one-word place's form without clitic letters that leave a word commoner than the form
    (בטהרן: טהרן, where neither is a name training or the lists hold); the form itself where
    none does, where it is a known or listed name (מצרים is commoner than צרים), or where it
    starts with two vavs, a foreign name's W or V more often than a conjunction (וויאס)."""
    if form in known or form in lists or form.startswith(DOUBLE_VAV):
        return form
    best, commonest = form, frequency.get(form, -1)
    for stem in chained_stems(form):  # longest first: of equals, the fewest letters taken off
        if len(stem) >= MIN_SPREAD_LETTERS and form[: len(form) - len(stem)] in PLACE_CLITICS \
                and frequency.get(stem, -1) > commonest:
            best, commonest = stem, frequency[stem]
    return best


def _prefixed_name(form: str, names: dict[str, tuple[str, bool]], frequency: dict[str, int]) -> str | None:
    """The name of ``names`` that ``form`` is written with clitic letters before, if it is one
    and ``form`` is not a commoner word in its own right (כבר is not כ + בר)."""
    for stem in chained_stems(form):
        if stem not in names or len(stem) < MIN_SPREAD_LETTERS:
            continue
        if frequency.get(form, -1) <= frequency.get(stem, -1) + SPREAD_MARGIN:
            return stem
    return None


def _conjoined_name(token: Token) -> bool:
    """Whether the morphology reads ``token`` as a proper noun after nothing but the conjunction ו."""
    morphemes = token.morphemes
    if not morphemes:
        return False
    host = host_position(morphemes)
    return morphemes[host].upos == "PROPN" and all(m.form.strip("_") == "ו" for m in morphemes[:host])


def _joined_by_and(token: Token) -> bool:
    """Whether the morphology reads ``token`` as the conjunction ו before a word (ואבנר, ופנאתינייקוס)."""
    return len(token.morphemes) > 1 and token.morphemes[0].form == "ו" and token.morphemes[0].upos == "CCONJ"


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
    """Cut a person off the end of an entity of another type where a person's title stands before
    the entity and its last word but one is a first name: the tagger ran a body into the official
    the title names (ראש עיריית תל אביב רון חולדאי: the body עיריית תל אביב, the person רון
    חולדאי). Changes ``doc.entities`` in place."""
    people: list[Entity] = []
    for entity in doc.entities:
        first_name = entity.last - 2
        if entity.label == "PER" or first_name - entity.first < 1 or entity.first == 0:
            continue
        if "PER" not in triggers(doc.tokens[entity.first - 1].form) \
                or lists.get(doc.tokens[first_name].form) not in FIRST_NAME_TAGS:
            continue
        last = entity.last
        respan(doc, entity, entity.first, first_name)
        people.append(Entity("PER", first_name, last, 0, 0, "", "", ""))
    for person in people:
        respan(doc, person, person.first, person.last)
    doc.entities = sorted([*doc.entities, *people], key=lambda e: e.first)


def split_coordinated(doc: Document) -> None:
    """Cut each person or place entity before a later word that starts with the conjunction ו:
    two names side by side (יאיר ואבנר), or a name and the common word after it. The part after
    the cut stays an entity of the same type when the morphology reads its first word as a
    proper noun, and is dropped otherwise. On NEMO's gold labels no person or GPE, and one LOC
    in 400, has such a word inside it; names of bodies do (משרד העבודה והרווחה), so those are
    left whole. Changes ``doc.entities`` in place."""
    out: list[Entity] = []
    for entity in doc.entities:
        cuts = [i for i in range(entity.first + 1, entity.last)
                if entity.label in NAME_TYPES and _joined_by_and(doc.tokens[i])]
        bounds = [entity.first, *cuts, entity.last]
        for a, b in zip(bounds, bounds[1:]):
            if a > entity.first and host_upos(doc.tokens[a].morphemes) != "PROPN":
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


def drop_gentilics(doc: Document) -> None:
    """Drop each one-word place entity that the morphology reads as the article before a noun or
    adjective of nationality (המצרים: ה + מצרי, "the Egyptians"; הרוסים): people, not the place,
    and NEMO labels such words outside any entity (HTB train and dev: 1 of 40 tagged a place).
    Kept as an entity, the word became the country (מצרים). Changes ``doc.entities`` in place."""
    doc.entities = [e for e in doc.entities
                    if not (e.label in NAME_TYPES - WRITTEN_TYPES and e.last - e.first == 1
                            and _gentilic(doc.tokens[e.first]))]  # fmt: skip


def drop_possessed(doc: Document, known: dict[str, str], lists: dict[str, str], frequency: dict[str, int]) -> None:
    """Drop each one-word entity but a person that the morphology reads as a common noun with a
    possessive suffix (ובסביבתה: ו + ב + סביבה + של + היא, "and its surroundings", tagged a place
    after בחיפה; שמועמדם, "that their candidate", a body): no name takes a possessor, and of the
    2,285 such words in NEMO's train and dev (their gold morphemes) none is a one-word entity. Kept
    as an entity, a place was written as it stands (סביבתה). The noun must be commoner than the
    word as written, which no name training or the lists hold, and the entity no person: the
    morphology reads names so too (במרוקו as ב + מרוק + his, the singer לכספי as ל + כסף + my).
    Changes ``doc.entities`` in place."""
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

    doc.entities = [e for e in doc.entities
                    if not (e.label not in WRITTEN_TYPES and e.last - e.first == 1
                            and possessed_noun(doc.tokens[e.first]))]  # fmt: skip


def drop_future_verbs(doc: Document, known: dict[str, str]) -> None:
    """Drop each one-word entity that the morphology reads as a verb in the future tense with a
    lemma of its own (תותר: הותר, יופסקו: הופסק, opening sentences of regulations, tagged as
    people): a name is no such form, and of NEMO's 3,942 one-word entities in train and dev none
    is read so. A future form always has a person prefix its lemma lacks, so a reading whose
    lemma is the written word (the surname וייסמן) is a misread name and stays, as does a word
    seen in training as a name. Changes ``doc.entities`` in place."""
    doc.entities = [e for e in doc.entities
                    if not (e.last - e.first == 1 and doc.tokens[e.first].form not in known
                            and _future_verb(doc.tokens[e.first]))]  # fmt: skip


def _future_verb(token: Token) -> bool:
    morphemes = token.morphemes
    if not morphemes:
        return False
    host = morphemes[host_position(morphemes)]
    return host.upos == "VERB" and "Tense=Fut" in host.feats.split("|") and host.lemma != host.form.strip("_")


def _gentilic(token: Token) -> bool:
    """Whether the morphology reads ``token`` as the article and a noun or adjective whose lemma
    ends as one of nationality does (מצרי, רוסי, אמריקאי)."""
    morphemes = token.morphemes
    k = host_position(morphemes) if morphemes else 0
    if k == 0 or morphemes[k - 1].upos != "DET":
        return False
    host = morphemes[k]
    return host.upos in ("NOUN", "ADJ") and host.lemma.endswith(GENTILIC_ENDING)


def cut_relative_clauses(doc: Document) -> None:
    """End each entity before a later word that the morphology opens with the relative ש: the
    tagger ran a name on into the clause after it (כרמל שבמדינת ...). Titles of works keep
    theirs (האיש הזקן שאמר למה?): on NEMO's gold labels those are the only entities with such a
    word inside. Changes ``doc.entities`` in place."""
    for entity in doc.entities:
        if entity.label in TITLE_TYPES:
            continue
        cut = next((i for i in range(entity.first + 1, entity.last) if _opens_relative(doc.tokens[i])), None)
        if cut is not None:
            respan(doc, entity, entity.first, cut)


def _opens_relative(token: Token) -> bool:
    first = token.morphemes[0] if token.morphemes else None
    return token.is_hebrew and len(token.morphemes) > 1 and first.form == RELATIVE_LETTER and first.upos == "SCONJ"


def trim_verbs(doc: Document, known: dict[str, str]) -> None:
    """Cut from the end of each longer ORG entity the words the morphology reads as verbs: the
    tagger runs a body's name on into its sentence (משרד הבריאות קורא לציבור). Only bodies: a
    person's surname is often read as a verb (יצחק פרץ, דוד מנע), and on NEMO dev and test
    through the pipeline cutting those lost right entities; for ORG it changed none that were
    right. A word seen in training as a name stays. Changes ``doc.entities`` in place."""
    for entity in doc.entities:
        if entity.label not in VERB_TRIMMED_TYPES:
            continue
        last = entity.last
        while last - entity.first > 1 and doc.tokens[last - 1].form not in known \
                and host_upos(doc.tokens[last - 1].morphemes) == "VERB":
            last -= 1
        if last != entity.last:
            respan(doc, entity, entity.first, last)


def keep_names(doc: Document, known: dict[str, str] | None = None, frequency: dict[str, int] | None = None,
               lists: dict[str, str] | None = None, listed: ListedNames | None = None) -> None:
    """Give the words of ``doc``'s entities their written form, and its entities one canonical form.

    ``known``: names seen in training (word → type); ``frequency``: word → Zipf bucket (see
    :func:`iton.morph.entities.entity_head`); ``lists``: the name lists (word → tag, see
    :data:`LIST_TYPES`); ``listed``: the bundled names of bodies, parties, media and regions (see
    :mod:`iton.morph.name_cues`, whose cue rules run first). A word outside the entities written
    with clitics before one of their names (הקרמלין beside the entity קרמלין) takes the name too.
    Changes ``doc`` in place.
    """
    frequency = frequency or {}
    known = known or {}
    lists = lists or {}
    join_adjacent_people(doc, lists)
    cut_officials(doc, lists)
    split_coordinated(doc)
    split_prefixed(doc, known, lists)
    join_first_names(doc, known, lists, frequency)
    cut_relative_clauses(doc)
    trim_verbs(doc, known)
    drop_gentilics(doc)
    drop_possessed(doc, known, lists, frequency)
    drop_future_verbs(doc, known)
    listed_stems = tag_cues(doc, listed, lambda word: lists.get(word) in FIRST_NAME_TAGS)
    # the cues may cut a person off a body right before the rest of the name (מכבי חיפה | ברק | בכר)
    join_adjacent_people(doc, lists, bare=True)
    stems: dict[int, str] = {}
    labels: dict[int, tuple[str, bool]] = {}
    hosts = _written_hosts(doc)
    shorter: dict[str, str] = {}  # written form -> the stem it took without clitics in some mention
    kept_whole: set[int] = set(listed_stems)
    for entity in doc.entities:
        for i in range(entity.first, entity.last):
            token = doc.tokens[i]
            labels[i] = (entity.label, entity.last - entity.first == 1)
            if i in listed_stems:
                stems[i] = listed_stems[i]
                continue
            # the later words of a person's name carry only the conjunction, and only where the
            # morphology read a proper noun after it (וגיבסון); לזימי in נעמה לזימי is a surname,
            # not ל + זימי, however the morphology read it
            whole = entity.label in WRITTEN_TYPES and i > entity.first and not _conjoined_name(token)
            stems[i] = token.form if whole else name_stem(token, known, hosts, lists)
            if stems[i] == token.form and entity.label in PLACE_TYPES and entity.last - entity.first == 1:
                stems[i] = _commoner_stem(token.form, known, lists, frequency)
            if whole:
                kept_whole.add(i)
            elif stems[i] != token.form:
                shorter.setdefault(token.form, stems[i])
    # one name, one form: a written form the morphology read whole in one mention and split in
    # another (ביפן as a name, then ב + יפן) takes the split one in every mention
    for i, stem in stems.items():
        form = doc.tokens[i].form
        if stem == form and form in shorter and i not in kept_whole:
            stems[i] = shorter[form]
    # a listed word is a name by the list, as a longer listed name's common words are not (שדות of
    # רשות שדות התעופה keeps its lemma, as in an entity the model found), unless the word is a
    # listed name alone too (האמירויות of איחוד האמירויות: אמירויות, not the emirate's אמירות)
    one_word = listed.one_word if listed else frozenset()
    written = {i for i in stems
               if (i in listed_stems and (labels[i][1] or stems[i] in one_word))
               or _keeps_written_form(*labels[i], doc.tokens[i])}
    names = {stems[i]: labels[i] for i in written}
    # one form per name: a word that is another name in use with clitics before it takes that name
    # (it ends as the name does: most words are turned away by their last letters), but not the
    # people of a country (המצרים beside מצרים: see drop_gentilics)
    endings = {name[-MIN_SPREAD_LETTERS:] for name in names}
    for i, token in enumerate(doc.tokens):
        form = stems.get(i, token.form)
        if token.is_hebrew and form[-MIN_SPREAD_LETTERS:] in endings and (i not in stems or stems[i] not in names) \
                and not _gentilic(token):
            name = _prefixed_name(form, names, frequency)
            if name:
                stems[i], labels[i] = name, names[name]
    for i, stem in stems.items():
        token = doc.tokens[i]
        label, single = labels[i]
        if i not in written and not _keeps_written_form(label, single, token):
            continue
        letters = token.form[: len(token.form) - len(stem)]
        if not token.form.endswith(stem) or not set(letters) <= CLITIC_LETTERS:
            continue
        upos = "PROPN" if label in NAME_TYPES else host_upos(token.morphemes)
        token.morphemes = [*prefix_morphemes(token, letters), Morpheme(stem, stem, upos)]
    for entity in doc.entities:
        first = stems.get(entity.first, doc.tokens[entity.first].form)
        entity.lemma = name_words(first, [t.form for t in doc.tokens[entity.first + 1 : entity.last]])
    merge_mentions(doc.entities)
    if listed is not None:  # another form of a listed name names its entity (ארה"ב: ארצות הברית)
        for entity in doc.entities:
            entity.canonical = listed.canonical.get((entity.label, entity.canonical), entity.canonical)


def merge_mentions(entities: list[Entity]) -> None:
    """Set each entity's ``canonical`` form: its own lemma, or for a shortened mention of a person
    the one longer mention in the list that it shortens: by the surname (נתניהו: בנימין נתניהו),
    or, for one word that is no longer name's last, by the first name (גלעד: גלעד שליט, where
    no other גלעד is named)."""
    lemmas = {(e.label, e.lemma) for e in entities}
    for entity in entities:
        entity.canonical = entity.lemma
        if entity.label not in SHORTENED_TYPES:
            continue
        longer = [lemma for label, lemma in lemmas if label == entity.label and lemma != entity.lemma]
        ending = {lemma for lemma in longer if lemma.endswith(" " + entity.lemma)}
        starting = {lemma for lemma in longer if lemma.startswith(entity.lemma + " ")}
        if len(ending) == 1:
            entity.canonical = ending.pop()
        elif not ending and " " not in entity.lemma and len(starting) == 1:
            entity.canonical = starting.pop()


def aliases(entities: list[Entity]) -> dict[tuple[str, str], list[str]]:
    """Each merged entity, (type, canonical form), with the distinct forms its mentions take."""
    out: dict[tuple[str, str], list[str]] = {}
    for entity in entities:
        forms = out.setdefault((entity.label, entity.canonical), [])
        if entity.lemma not in forms:
            forms.append(entity.lemma)
    return out
