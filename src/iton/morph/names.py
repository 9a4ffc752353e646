"""Names stay names: the words of a named entity keep their written form, and its mentions meet.

The morphology reads a name as the common word it resembles (כספי as כסף with a suffix, the
lander בראשית as ב + ראשית), and the same name with different clitics (ירושלים, בירושלים) would be
two words to count. After the entity stage, each word inside an entity gets one morpheme for
its host: the written form without its clitic letters and article, with the clitic morphemes
before it. Within a document a name takes one form whatever its prefixes, the entity's lemma
is built from the same forms (so the recogniser and the normalized form agree), and a shorter
mention of a person (נתניהו) takes the canonical form of the longer one (בנימין נתניהו).
Before that, the tagger's spans are mended (:mod:`iton.morph.entity_spans`: two names run together
across the conjunction ו, יאיר ואבנר, become two mentions; :mod:`iton.morph.entity_ends`: a name
ends before the clause run on into it), and names the tagger missed are found by what is written
around them (:mod:`iton.morph.name_cues`: the bundled list of :mod:`iton.morph.listed_names`,
quoted names after a trigger word, a member's party, a language after ב, towns named as words).
"""

from __future__ import annotations

from iton.document import Document, Entity, Morpheme, Token, host_position
from iton.hebrew import ARTICLE_HIDING, ARTICLE_LETTER, CLITIC_LETTERS, DOUBLED_VAV
from iton.morph.entities import QUOTE_MARKS, bare_spelling, host_upos, name_words, strip_by_morphemes
from iton.morph.entity_features import FREQ_SCALE, stripped_forms
from iton.morph.entity_ends import (
    close_quotes,
    cut_leading_verbs,
    cut_relative_clauses,
    drop_generic_heads,
    drop_leading_titles,
    drop_phrases,
    trim_prepositions,
    trim_verbs,
)
from iton.morph.entity_spans import (
    FIRST_NAME_TAGS,
    LIST_CITY,
    LIST_COUNTRY,
    MIN_SPREAD_LETTERS,
    NAME_PREPOSITIONS,
    NAME_TYPES,
    WRITTEN_TYPES,
    cut_officials,
    countries_are_places,
    cut_possessor_country,
    drop_non_names,
    drop_titles_before_people,
    drop_gentilics,
    drop_possessed,
    gentilic,
    join_adjacent_people,
    join_first_names,
    join_surnames,
    split_coordinated,
    split_prefixed,
    tag_rare_name_pairs,
)
from iton.morph.listed_names import CLITIC_CHAIN_RE, ListedNames
from iton.morph.name_cues import PLACE_TYPES, tag_cues
from iton.morph.name_readings import names_after_prepositions, nationality_plurals
from iton.morph.portfolios import name_portfolios
from iton.morph.prefixes import prefix_morphemes, quoted_morphemes, quoted_word

# The letters Hebrew writes vowels with, which a spelling may add or leave out (_respelled).
MATRES = frozenset("אוי")
# Types whose single-word mentions may stand for a longer mention in the same document: a
# surname for the full name (places are not shortened that way); a body's by its first word only
# (מכבי: מכבי תל אביב; not צה"ל: דובר צה"ל).
SHORTENED_TYPES = frozenset({"PER"})
OPENED_TYPES = SHORTENED_TYPES | {"ORG"}
# The clitic letters a place's name is written behind (בטהרן, ומטהרן, שבטהרן): not של, which
# stands apart before a name, and would read שלומי as של + ומי.
PLACE_CLITICS = frozenset({"ב", "ל", "מ", "ו", "וב", "ול", "ומ", "שב", "שמ"})
# ... and only where the prefixed form is not a word in its own right: it may be at most one
# Zipf step (10x) commoner than the name (הקרמלין is, by half a step: names take the article).
SPREAD_MARGIN = FREQ_SCALE
# The clitic letters that stand after ו and ש: those prepositions and the article.
INNER_CLITICS = NAME_PREPOSITIONS | {ARTICLE_LETTER}
# Clitic letters that seldom stand alone before a name (the article never does; כ "like" and the
# relative ש seldom): a listed name that starts with one is the name (ששון, שגיא), not ש + שון.
RARE_BEFORE_NAMES = frozenset({ARTICLE_LETTER, "כ", "ש"})
# Names whose article is their own, written even behind a preposition (בהפועל, not בפועל): an
# entity that starts with one keeps it (הפועל באר שבע, the team; פועל is "a worker").
OWN_ARTICLE_NAMES = frozenset({"פועל"})
# Types whose names hold no verb: a word of theirs read as one is a misread name (see _keeps_written_form).
VERBLESS_TYPES = PLACE_TYPES | {"FAC"}
# The name lists' tags of places, whose names clitic letters hide less often than people's.
PLACE_TAGS = frozenset({LIST_CITY, LIST_COUNTRY})


def _keeps_written_form(label: str, single: bool, token: Token) -> bool:
    """Whether a word of an entity keeps its written form: every word of a person's name, a
    one-word place, any word the morphology read as a proper noun, and a word of a place's name
    read as a verb (מדבר of מדבר יהודה is no דיבר, מעלה of מעלה אדומים no העלה; a work's title
    is a sentence, and keeps its verbs' lemmas). The common words of longer names keep their
    lemma (רמת in רמת גן, המועצות in ברית המועצות)."""
    if not token.is_hebrew:
        return False
    host = host_upos(token.morphemes)
    return label in WRITTEN_TYPES or (single and label in NAME_TYPES) or host == "PROPN" \
        or (host == "VERB" and label in VERBLESS_TYPES) or (label in PLACE_TYPES and _respelled(token))


def _respelled(token: Token) -> bool:
    """Whether the morphology gave ``token``'s host a lemma that only respells it, one of the
    letters that write vowels (MATRES) added or dropped: a place's word is spelled as written (קאסם
    of כפר קאסם came out קסם, "magic"; זכרון of זכרון יעקב, זיכרון), where a common word's lemma
    changes its ending (רמת: רמה). Not in a body's name, whose common words take the treebank's
    spellings (ביטחוני of הקבינט המדיני ביטחוני: בטחוני, as HTB writes it)."""
    if not token.morphemes:
        return False
    host = token.morphemes[host_position(token.morphemes)]
    form, lemma = host.form.strip("_"), host.lemma
    if abs(len(form) - len(lemma)) != 1:
        return False
    shorter, longer = (form, lemma) if len(form) < len(lemma) else (lemma, form)
    return any(longer[k] in MATRES and longer[:k] + longer[k + 1 :] == shorter for k in range(1, len(longer) - 1))


def _clitics_left_on(token: Token, stem: str) -> bool:
    """Whether the morphology read ``token`` as one word with no clitics where the names stage
    found clitic letters before the name's ``stem``: מפתח of מפתח תקווה ("from Petah Tikva")
    came out the noun מפתח ("key") inside the place פתח תקווה. Read for places only: inside a
    person's or a body's name the stem may be a wrong entity's (מיכל מים, "a water tank", taken
    for a person, would give מ + ים)."""
    return len(token.morphemes) == 1 and stem != token.form and token.form.endswith(stem)


def _preposition_in_listed_place(doc: Document, entity: Entity, i: int, stems: dict[int, str],
                                 lists: dict[str, str]) -> bool:  # fmt: skip
    """Whether the stem of token ``i``, a later word of the place ``entity`` (``stems``: its words'
    stems so far), lost a preposition where the lists name the place as written: כנא of כפר כנא
    is no כ + נא (the common words of longer names keep their lemmas: המועצות of ברית המועצות)."""
    form = doc.tokens[i].form
    letters = form[: len(form) - len(stems[i])]
    if not letters or set(letters).isdisjoint(NAME_PREPOSITIONS):
        return False
    name = " ".join([stems[entity.first], *(t.form for t in doc.tokens[entity.first + 1 : entity.last])])
    return lists.get(name) in PLACE_TAGS


def name_stem(token: Token, known: dict[str, str], hosts: frozenset[str] = frozenset(),
              lists: dict[str, str] | None = None, person: bool = False) -> str:
    """The written form of a word of a name without its clitics: whole when it is a name seen in
    training (ישראל) or a listed name that no clitic letters hide a name in (``lists``: בשאר,
    not ב + שאר), else without the clitic letters the morphology split off (לקרמלין → קרמלין)
    and then one more clitic letter it left before a name seen in training (ומהכנסת → כנסת
    where the morphology left הכנסת whole, שבקרמלין → קרמלין where it left בקרמלין), else
    without the article where the same document writes the rest after clitics (``hosts``:
    היורוליג → יורוליג beside ה + יורוליג; only the article: שרון beside ו + רון is another
    name), else without clitic letters that leave a known name (ולפוטין →
    פוטין). In a ``person``'s name a name of two letters hides in no listed name (מאי is no מ + אי)."""
    form, lists = token.form, lists or {}
    stem = strip_by_morphemes(form, token.morphemes) if token.morphemes else form
    if form in known:
        # training's names hold a few forms with their clitics (בשטחים beside שטחים): the
        # morphology's split wins where it leaves a name seen in training too
        return stem if stem != form and stem in known else form
    stripped = chained_stems(form)
    # a listed name stays whole unless clitic letters hide another name in it; not the article
    # or כ alone, which stand before a name far less often than the name is written (כספי: כ + ספי),
    # and in a person's name not a name of two letters (training's names hold אי, of אי-טי); a
    # place's may hide one (בהר of בהר מירון: הר)
    if form in lists and not any((s in known or s in lists) and form[: len(form) - len(s)] not in RARE_BEFORE_NAMES
                                 and (len(s) >= MIN_SPREAD_LETTERS or not person) for s in stripped):  # fmt: skip
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
    if form in known or form in lists or form.startswith(DOUBLED_VAV):
        return form
    best, commonest = form, frequency.get(form, -1)
    for stem in chained_stems(form):  # longest first: of equals, the fewest letters taken off
        if len(stem) >= MIN_SPREAD_LETTERS and form[: len(form) - len(stem)] in PLACE_CLITICS \
                and frequency.get(stem, -1) > commonest:
            best, commonest = stem, frequency[stem]
    return best


def _respelled_name(token: Token, names: dict[str, tuple[str, bool]]) -> bool:
    """Whether ``token``, written as one of the document's names, is read by the morphology as a
    proper noun under another lemma, or as clitics and a word: the singer כספי of מתי כספי came
    out כסף where the tagger left a later mention out (training has the name under that lemma),
    and the lander בראשית, a quoted name once, ב + ראשית ("in the beginning") where it was not."""
    morphemes = token.morphemes
    return token.form in names and (len(morphemes) > 1 or (
        len(morphemes) == 1 and morphemes[0].upos == "PROPN" and morphemes[0].lemma != token.form))


def _prefixed_name(form: str, names: dict[str, tuple[str, bool]], frequency: dict[str, int]) -> str | None:
    """The name of ``names`` that ``form`` is written with clitic letters before, if it is one
    and ``form`` is not a commoner word in its own right (כבר is not כ + בר). Not behind ב, כ or
    ל and the article, which Hebrew hides behind them (להגביר is no ל + ה + גביר)."""
    for stem in chained_stems(form):
        if stem not in names or len(stem) < MIN_SPREAD_LETTERS:
            continue
        letters = form[: len(form) - len(stem)]
        if letters[-2:-1] in ARTICLE_HIDING and letters.endswith(ARTICLE_LETTER):
            continue
        if frequency.get(form, -1) <= frequency.get(stem, -1) + SPREAD_MARGIN:
            return stem
    return None


def _conjoined_name(token: Token) -> bool:
    """Whether the morphology reads ``token`` as a proper noun after the conjunction ו and nothing
    else (a bare proper noun is not: ברמן of טל ברמן is no ב + רמן)."""
    morphemes = token.morphemes
    if not morphemes:
        return False
    host = host_position(morphemes)
    return host > 0 and morphemes[host].upos == "PROPN" and all(m.form.strip("_") == "ו" for m in morphemes[:host])


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
    nationality_plurals(doc, lambda word: lists.get(word) == LIST_COUNTRY or (listed is not None and word in listed.countries))
    names_after_prepositions(doc, lists)
    join_adjacent_people(doc, lists)
    cut_officials(doc, lists)
    cut_possessor_country(doc, lists)
    split_coordinated(doc)
    split_prefixed(doc, known, lists)
    join_first_names(doc, known, lists, frequency)
    join_surnames(doc, known, lists)
    tag_rare_name_pairs(doc, lists, frequency)
    cut_relative_clauses(doc, lists)
    cut_leading_verbs(doc, lists)
    trim_verbs(doc, known)
    trim_prepositions(doc)
    drop_gentilics(doc)
    drop_leading_titles(doc)
    drop_phrases(doc)
    drop_generic_heads(doc)
    drop_possessed(doc, known, lists, frequency)
    drop_non_names(doc, known)
    listed_stems = tag_cues(doc, listed, lambda word: lists.get(word) in FIRST_NAME_TAGS)
    # the cues may cut a person off a body right before the rest of the name (מכבי חיפה | ברק | בכר)
    join_adjacent_people(doc, lists, bare=True)
    # ... and leave a title's last word where a listed name ended the person (המדינה | מרקו רוביו)
    drop_titles_before_people(doc, known)
    close_quotes(doc)
    countries_are_places(doc, lists)
    stems: dict[int, str] = {}
    labels: dict[int, tuple[str, bool]] = {}
    hosts = _written_hosts(doc)
    shorter: dict[str, str] = {}  # written form -> the stem it took without clitics in some mention
    kept_whole: set[int] = set(listed_stems)
    quoted_whole: set[int] = set()  # a quoted name's first word, its letters inside the quotes its own
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
            stems[i] = token.form if whole else name_stem(token, known, hosts, lists, entity.label in WRITTEN_TYPES)
            if i > entity.first and entity.label in PLACE_TYPES \
                    and _preposition_in_listed_place(doc, entity, i, stems, lists):
                stems[i] = token.form
            if stems[i] == token.form and entity.label in PLACE_TYPES and entity.last - entity.first == 1:
                stems[i] = _commoner_stem(token.form, known, lists, frequency)
            # a one-word quoted name is written as quoted (a longer one's words keep their lemmas:
            # מבצע "חוזרים לחיים"); with only the article inside, it is a clitic in the text
            quoted = _quoted_first_word(doc, entity) if i == entity.first == entity.last - 1 else None
            if quoted is not None and quoted != ARTICLE_LETTER + stems[i]:
                stems[i] = quoted
                quoted_whole.add(i)
            if whole or i in quoted_whole:
                kept_whole.add(i)
            elif stems[i] != token.form:
                shorter.setdefault(token.form, stems[i])
    # one name, one form: a written form the morphology read whole in one mention and split in
    # another (ביפן as a name, then ב + יפן) takes the split one in every mention
    for i, stem in stems.items():
        form = doc.tokens[i].form
        if stem == form and form in shorter and i not in kept_whole:
            stems[i] = shorter[form]
    # ... but a form a person's longer name or a listed name keeps whole stays whole in a person's
    # every mention (מסי of ליונל מסי is no מ + סי where the morphology split a later מסי)
    whole_forms = {doc.tokens[i].form for i in kept_whole if stems[i] == doc.tokens[i].form}
    for i in stems:
        if i not in kept_whole and labels[i][0] in WRITTEN_TYPES and doc.tokens[i].form in whole_forms:
            stems[i] = doc.tokens[i].form
    # a listed word is a name by the list, as a longer listed name's common words are not (שדות of
    # רשות שדות התעופה keeps its lemma, as in an entity the model found), unless the word is a
    # listed name alone too (האמירויות of איחוד האמירויות: אמירויות, not the emirate's אמירות) or
    # the morphology read it as a verb (מנורה of מנורה מבטחים is no נורה, "was shot"); and a town
    # or country of the name lists is a name inside any entity (נתיבות of עיריית נתיבות, not נתיבה),
    # and so is a word read as a verb in a listed town of several words, whatever its type (the body
    # מבשרת ציון: no בישר)
    one_word = listed.one_word if listed else frozenset()
    towns = {i for e in doc.entities if e.last - e.first > 1 and lists.get(
        name_words(stems[e.first], [t.form for t in doc.tokens[e.first + 1 : e.last]])) in PLACE_TAGS
        for i in range(e.first, e.last)}  # fmt: skip
    written = {i for i in stems
               if ((i in listed_stems or i in towns)
                   and (labels[i][1] or stems[i] in one_word or host_upos(doc.tokens[i].morphemes) == "VERB"))
               or lists.get(stems[i]) in PLACE_TAGS or i in quoted_whole
               or _keeps_written_form(*labels[i], doc.tokens[i])}
    names = {stems[i]: labels[i] for i in written}
    # one form per name: a word that is another name in use with clitics before it takes that name
    # (it ends as the name does: most words are turned away by their last letters), but not the
    # people of a country (המצרים beside מצרים: see drop_gentilics)
    endings = {name[-MIN_SPREAD_LETTERS:] for name in names}
    for i, token in enumerate(doc.tokens):
        form = stems.get(i, token.form)
        if token.is_hebrew and form[-MIN_SPREAD_LETTERS:] in endings and (i not in stems or stems[i] not in names) \
                and not gentilic(token):
            if i not in stems and _respelled_name(token, names):
                name = form
                written.add(i)  # the name as written, whatever its type
            else:
                name = _prefixed_name(form, names, frequency)
            if name:
                stems[i], labels[i] = name, names[name]
    for i, stem in stems.items():
        token = doc.tokens[i]
        label, single = labels[i]
        if i not in written and not _keeps_written_form(label, single, token) \
                and not (label in PLACE_TYPES and _clitics_left_on(token, stem)):
            continue
        letters = token.form[: len(token.form) - len(stem)]
        quoted = quoted_word(token.form)  # ב"ידיעות: ב, the quotation mark, ידיעות
        quoted = quoted if quoted is not None and quoted[2] == stem else None
        if not token.form.endswith(stem) or not (set(letters) <= CLITIC_LETTERS or quoted):
            continue
        upos = "PROPN" if label in NAME_TYPES else host_upos(token.morphemes)
        host = Morpheme(stem, stem, upos)
        token.morphemes = quoted_morphemes(quoted[0], quoted[1], [host]) if quoted \
            else [*prefix_morphemes(token, letters), host]
    for entity in doc.entities:
        token = doc.tokens[entity.first]
        first = _quoted_first_word(doc, entity) or bare_spelling(stems.get(entity.first, token.form), token)
        rest = [t.form for t in doc.tokens[entity.first + 1 : entity.last]]
        if _keeps_article(doc, entity, first, rest, listed):
            first = ARTICLE_LETTER + first
        entity.lemma = name_words(first, rest)
    merge_mentions(doc.entities)
    if listed is not None:  # another form of a listed name names its entity (ארה"ב: ארצות הברית)
        for entity in doc.entities:
            entity.canonical = listed.canonical.get((entity.label, entity.canonical), entity.canonical)
        name_portfolios(doc, listed)


def _keeps_article(doc: Document, entity: Entity, first: str, rest: list[str], listed: ListedNames | None) -> bool:
    """Whether the lemma form of ``entity``, whose first word is ``first`` without its clitics,
    keeps that word's article: a name's own (OWN_ARTICLE_NAMES: הפועל), or a definite noun's whose
    next word repeats the article (הבית הלבן, ברשות הפלסטינית), as ListedName.lemma does. Behind
    ב, כ or ל the model reads the hidden article, and the next word must be an adjective too (not
    the construct בבית המשפט), unless the name with the article, then ``rest``, is ``listed``
    (בים התיכון, where התיכון may be read as the noun "high school")."""
    token = doc.tokens[entity.first]
    if first in OWN_ARTICLE_NAMES and token.form.endswith(ARTICLE_LETTER + first):
        return True
    if entity.last - entity.first < 2 or first.startswith(ARTICLE_LETTER) or not token.form.endswith(first):
        return False
    letters, after = token.form[: len(token.form) - len(first)], doc.tokens[entity.first + 1].morphemes
    explicit = letters.endswith(ARTICLE_LETTER)
    if (explicit or letters[-1:] in ARTICLE_HIDING) and listed is not None \
            and (entity.label, name_words(ARTICLE_LETTER + first, rest)) in listed.lemmas:
        return True
    hidden = letters[-1:] in ARTICLE_HIDING and any(m.upos == "DET" and m.lemma == ARTICLE_LETTER for m in token.morphemes)
    return (explicit or hidden) and len(after) > 1 and after[0].upos == "DET" and after[0].form == ARTICLE_LETTER \
        and (explicit or after[host_position(after)].upos == "ADJ")


def _quoted_first_word(doc: Document, entity: Entity) -> str | None:
    """The first word of ``entity`` as written inside its quotes, where the entity is a name quoted
    whole: the letters inside the quotes are the name's own, the article too (ב"הארץ, העיתון "הארץ":
    the newspaper הארץ, not ארץ; החללית "בראשית": the lander, not ב + ראשית); else None. Not a
    quotation that opens with a name ("הקבינט קיבל את ההחלטה")."""
    i, tokens = entity.first, doc.tokens
    if entity.last >= len(tokens) or tokens[entity.last].form not in QUOTE_MARKS:
        return None
    quoted = quoted_word(tokens[i].form)
    if quoted is not None:
        return quoted[2]
    opened = i > 0 and tokens[i - 1].form in QUOTE_MARKS and tokens[i - 1].end == tokens[i].start
    return tokens[i].form if opened and tokens[i].is_hebrew else None


def merge_mentions(entities: list[Entity]) -> None:
    """Set each entity's ``canonical`` form: its own lemma, or for a shortened mention of a person
    the one longer mention in the list that it shortens: by the surname (נתניהו: בנימין נתניהו),
    or, for one word that is no longer name's last, by the first name (גלעד: גלעד שליט, where
    no other גלעד is named); a body's one word, by the first (מכבי: מכבי תל אביב)."""
    lemmas = {(e.label, e.lemma) for e in entities}
    for entity in entities:
        entity.canonical = entity.lemma
        if entity.label not in OPENED_TYPES:
            continue
        longer = [lemma for label, lemma in lemmas if label == entity.label and lemma != entity.lemma]
        ending = {lemma for lemma in longer if lemma.endswith(" " + entity.lemma)} \
            if entity.label in SHORTENED_TYPES else set()
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
