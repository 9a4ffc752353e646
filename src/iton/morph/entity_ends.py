"""Where an entity ends and starts, for the names stage (:func:`iton.morph.names.keep_names` runs
these after the rules of :mod:`iton.morph.entity_spans`): the tagger runs a name on into the clause,
verbs or phrase after it, takes one quote mark of a pair, takes in the title or the verb before it,
or takes a body's generic noun alone (המשרד) for a name. Each rule
was checked on NEMO's gold labels, or through the pipeline on NEMO dev and the news mentions,
before it was kept (docs/quality.md).
"""

from __future__ import annotations

from iton.document import Document, Token, host_position
from iton.hebrew import ARTICLE_LETTER
from iton.morph.clause_words import FEMININE_PAST_FEATS
from iton.morph.entities import QUOTE_MARKS, host_upos
from iton.morph.entity_spans import RELATIVE_LETTER, SURNAME_TAGS, article_before_host
from iton.morph.listed_names import CLITIC_CHAIN_RE
from iton.morph.name_cues import MAX_QUOTED_WORDS, claim, enclosed, respan

# Titles of works, which may hold a whole clause (see cut_relative_clauses).
TITLE_TYPES = frozenset({"WOA"})
# Types whose longer entities lose the verbs at their end (see trim_verbs), those that lose a
# verb of these tenses at their start (see cut_leading_verbs).
VERB_TRIMMED_TYPES = frozenset({"ORG"})
VERB_FIRST_CUT_TYPES = frozenset({"GPE", "LOC", "FAC"})
FINITE_TENSES = frozenset({"Tense=Past", "Tense=Fut"})
# Words before a name that NEMO labels outside it 90% of the time or more, in its train and dev
# labels (the word seen before or at the start of an entity, clitics allowed; outside / inside):
# שר 84/0, ח"כ 35/0, יו"ר 33/0, מנכ"ל 28/0, ד"ר 26/0, ראש 20/0, הנשיא 18/0, אמר 17/0, עו"ד 17/0,
# הרב 16/1, חבר 15/0, השר 13/0, הנהלת 13/1, קיבוץ 10/1, נשיא 10/0, ניצב 10/0, העיר 9/0, המאמן 7/0,
# מזכיר 6/0, השופטת 5/0, המדינה 5/0; and מדינת 21/3 (see drop_leading_titles).
# A body's spokesperson too (דובר 6/0, דוברת 1/0, not counting דובר צה"ל, the army's spokesperson
# unit, which NEMO labels a body of its own 11 times of 11: the bundled list holds it). And רה"מ
# ("the prime minister"), which NEMO's 1990s text never writes; alone, such a word is no entity.
# Phrases of the news that the tagger takes for names and no name is: the charge הפרת אמונים
# ("breach of trust"), tagged a body after NEMO's גוש אמונים (its only אמונים, 4 times a body).
NOT_NAMES = ("הפרת אמונים",)
# Nouns that head a body's name and are no name alone: NEMO's train and dev labels each as the
# first word of a longer entity (משרד 77 times with its clitics and article, בית 61, בנק 44, ועדת
# 42, מועצת 30, מרכז 23, רשות 20, חברת 20) and never as an entity of one word; the tagger took
# המשרד, השירות, המכון, הבנק alone for bodies (18 of the pipeline's entities on NEMO train and
# dev, none right). Not מוסד (the Mossad) nor צבא, which NEMO labels alone.
GENERIC_HEADS = frozenset({"משרד", "שירות", "חברה", "בית", "ועדה", "רשות", "מועצה", "מכון", "ארגון", "מפלגה",
                           "קרן", "בנק", "מרכז", "לשכה", "קופה", "אגף", "איגוד", "התאחדות", "עירייה",
                           "ממשלה", "אוניברסיטה", "מחוז"})
WORDS_OUTSIDE_NAMES = ("שר", 'ח"כ', 'יו"ר', 'מנכ"ל', 'ד"ר', "ראש", "הנשיא", "אמר", 'עו"ד', "הרב", "חבר", "השר",
                       "הנהלת", "קיבוץ", "נשיא", "ניצב", "העיר", "המאמן", "מזכיר", "השופטת", "המדינה", "מדינת",
                       "דובר", "דוברת", 'רה"מ')


def cut_relative_clauses(doc: Document, lists: dict[str, str]) -> None:
    """End each entity before a later word that the morphology opens with the relative ש: the
    tagger ran a name on into the clause after it (כרמל שבמדינת ...). Titles of works keep
    theirs (האיש הזקן שאמר למה?): on NEMO's gold labels those are the only entities with such a
    word inside. So does a person whose word is on the lists as a surname (``lists``): יעקוב
    שרעבי, whose שרעבי the morphology read as ש + רעב ("that hungry"). Changes ``doc.entities``
    in place."""
    for entity in doc.entities:
        if entity.label in TITLE_TYPES:
            continue
        cut = next((i for i in range(entity.first + 1, entity.last) if _opens_relative(doc.tokens[i])
                    and not (entity.label == "PER" and lists.get(doc.tokens[i].form) in SURNAME_TAGS)), None)
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
    right. A word seen in training as a name stays, and so does a participle after ה, which HTB
    writes for the article of a name's noun (בית החולים: ה + the participle חלה; the body לבית
    החולים was cut to בית). A person loses a last word read as a verb in the feminine past under
    a lemma of its own, where a word follows: the tagger ran גולן הגיבה בחריפות ("Golan responded
    sharply") into one person; of the pipeline's people on NEMO train and dev, none ends in such
    a word. Not before punctuation, where a list of names may end so (עומר כיאם פרמה, Fermat read
    as פרם, "tore"). Changes ``doc.entities`` in place."""
    for entity in doc.entities:
        if entity.label == "PER" and entity.last - entity.first > 1 and _feminine_past(doc.tokens[entity.last - 1]) \
                and entity.last < len(doc.tokens) and doc.tokens[entity.last].is_hebrew:
            respan(doc, entity, entity.first, entity.last - 1)
        if entity.label not in VERB_TRIMMED_TYPES:
            continue
        # a verb in the past or future tense inside ends the body before it (קיבוץ סעד נערך טקס)
        last = next((k for k in range(entity.first + 1, entity.last) if _finite_verb(doc.tokens[k])
                     and doc.tokens[k].form not in known), entity.last)  # fmt: skip
        while last - entity.first > 1 and doc.tokens[last - 1].form not in known \
                and host_upos(doc.tokens[last - 1].morphemes) == "VERB" and not _after_he(doc.tokens[last - 1]):
            last -= 1
        if last != entity.last:
            respan(doc, entity, entity.first, last)


def cut_leading_verbs(doc: Document, lists: dict[str, str]) -> None:
    """Cut from the start of each place entity a first word the morphology reads as a verb in the
    past or future tense, written alone and no name of the lists: the tagger took ברח ("fled"),
    which HTB also writes for ב + רח' ("in St."), for a street, and המחבל ברח מהמקום gave the place
    ברח מהמקום. The rest stays a place where the morphology reads its first word as a proper noun
    (אסד ברח | למוסקבה), and is dropped otherwise. Of the pipeline's places on NEMO train and dev,
    one starts with such a verb: הודו (India, a listed country). Changes ``doc.entities`` in place."""
    kept = []
    for entity in doc.entities:
        token = doc.tokens[entity.first]
        if entity.label in VERB_FIRST_CUT_TYPES and _finite_verb(token) and token.form not in lists:
            if entity.last - entity.first == 1 or host_upos(doc.tokens[entity.first + 1].morphemes) != "PROPN":
                continue
            respan(doc, entity, entity.first + 1, entity.last)
        kept.append(entity)
    doc.entities = kept


def _finite_verb(token: Token) -> bool:
    morphemes = token.morphemes
    return len(morphemes) == 1 and morphemes[0].upos == "VERB" and bool(FINITE_TENSES & set(morphemes[0].feats.split("|")))


def _feminine_past(token: Token) -> bool:
    morphemes = token.morphemes
    return len(morphemes) == 1 and morphemes[0].upos == "VERB" and morphemes[0].lemma != token.form \
        and FEMININE_PAST_FEATS <= set(morphemes[0].feats.split("|"))


def _after_he(token: Token) -> bool:
    """Whether ``token``'s host comes right after ה (the article, or HTB's ה before a participle)."""
    morphemes = token.morphemes
    k = host_position(morphemes) if morphemes else 0
    return k > 0 and morphemes[k - 1].form.strip("_") == ARTICLE_LETTER


def trim_prepositions(doc: Document) -> None:
    """Cut from the end of each longer entity a preposition written alone: the tagger runs a name on
    into the phrase after it (וושינגטון מול בוסטון gave the body וושינגטון מול). Of NEMO's 7,720
    entities, 3 end in one, each the airline אל על, whose word before it is a preposition too: the
    rule leaves a preposition after another. Changes ``doc.entities`` in place."""
    for entity in doc.entities:
        last = entity.last
        while last - entity.first > 1 and _preposition(doc.tokens[last - 1]) and not _preposition(doc.tokens[last - 2]):
            last -= 1
        if last != entity.last:
            respan(doc, entity, entity.first, last)


def _preposition(token: Token) -> bool:
    return len(token.morphemes) == 1 and token.morphemes[0].upos == "ADP"


def close_quotes(doc: Document) -> None:
    """Mend each entity that holds one quote mark of a pair: the tagger took a word and the quote
    mark that opens a quoted name after it (חטיבת "הראל": the body חטיבת " and, apart, הראל), or
    stopped inside the quotes (חטיבת "גולני). The entity goes on to the closing mark, the entities
    inside giving way, as NEMO labels such a name with its word and quotes (חטיבת " הראל ", מלון "
    הס "); a mark that closes nothing is left out of it. Changes ``doc.entities`` in place."""
    tokens = doc.tokens
    for entity in list(doc.entities):
        marks = [k for k in range(entity.first, entity.last) if tokens[k].form in QUOTE_MARKS]
        # an entity an earlier claim took in is gone (identity: another may hold the same span)
        if len(marks) % 2 == 0 or not any(e is entity for e in doc.entities):
            continue
        opening = marks[-1]
        close = enclosed(tokens, opening, tokens[opening].form, MAX_QUOTED_WORDS)
        if close is not None and close >= entity.last:
            claim(doc, entity.first, close + 1, entity.label)
        elif opening == entity.last - 1 and entity.last - entity.first > 1:
            respan(doc, entity, entity.first, entity.last - 1)
        elif marks[0] == entity.first and entity.last - entity.first > 1:
            respan(doc, entity, entity.first + 1, entity.last)


def drop_leading_titles(doc: Document) -> None:
    """Leave out of an entity a first word that NEMO keeps outside the name it announces: a title
    (השר, ח"כ, יו"ר, ד"ר, הרב), a spokesperson (דובר [בזק]; דובר צה"ל, a body, is listed), the verb אמר,
    or מדינת and העיר before a place (מדינת [ישראל], במדינת [קנזאס]); so the name is counted with
    its other mentions; such a word alone is no entity (רה"מ). Clitic letters may stand before the
    word, but not the article. Changes ``doc.entities`` in place."""
    titles_alone = []
    for entity in doc.entities:
        token = doc.tokens[entity.first]
        form = token.form
        if not article_before_host(token) and any(
                form.endswith(word) and _clitics_but_article(form[: len(form) - len(word)]) for word in WORDS_OUTSIDE_NAMES):
            if entity.last - entity.first > 1:
                respan(doc, entity, entity.first + 1, entity.last)
            else:
                titles_alone.append(entity)
    doc.entities = [e for e in doc.entities if all(e is not t for t in titles_alone)]


def drop_phrases(doc: Document) -> None:
    """Drop each entity that is one of NOT_NAMES, clitic letters before it or none: phrases of the
    news that the tagger takes for names. Changes ``doc.entities`` in place."""
    doc.entities = [e for e in doc.entities if not any(
        e.text.endswith(phrase) and CLITIC_CHAIN_RE.fullmatch(e.text[: len(e.text) - len(phrase)]) for phrase in NOT_NAMES)]


def drop_generic_heads(doc: Document) -> None:
    """Drop each one-word entity but a person that the morphology reads as one of GENERIC_HEADS, a
    common noun, clitics and the article before it or none: the ministry of המשרד הודיע or the
    service of השירות פועל is a body named earlier, not a name of its own (a person stays: קרן is a
    first name too). Joining such a noun with a name right after it instead (עיריית | בני ברק)
    was tried: on NEMO's train, through the pipeline, it made two right bodies and six wrong ones
    (מנכ"ל המשרד | אבי דורון, משרד | אלמגור, a law firm NEMO labels without משרד). Changes
    ``doc.entities`` in place."""
    doc.entities = [e for e in doc.entities if not (
        e.label != "PER" and e.last - e.first == 1 and _generic_head(doc.tokens[e.first]))]


def _generic_head(token: Token) -> bool:
    morphemes = token.morphemes
    if not morphemes:
        return False
    k = host_position(morphemes)
    # the host last: with a suffix after it, a noun is no head of a name either way
    return k == len(morphemes) - 1 and morphemes[k].upos == "NOUN" and morphemes[k].lemma in GENERIC_HEADS


def _clitics_but_article(letters: str) -> bool:
    """Whether ``letters`` are clitic letters in Hebrew's order without the article: with it, a
    title is a common noun in a name (הקיבוץ הדתי, a movement, against קיבוץ [בארי])."""
    return ARTICLE_LETTER not in letters and CLITIC_CHAIN_RE.fullmatch(letters) is not None
