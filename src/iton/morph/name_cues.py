"""Names the entity model leaves untagged, found by what is written around them, for the names
stage (:func:`iton.morph.names.keep_names`).

- The bundled list of names of bodies, parties, media, companies, teams, products, events and
  regions (``data/names-listed.tsv``): the model was trained on 1990s treebank text, misses names
  today's news writes every day (חדשות 12, כאן חדשות, פיקוד העורף), and the morphology reads
  some of their words as common words (האמירויות as the plural of אמירה). A one-word listed
  name keeps its written form; the words of a longer one are treated as those of any entity.
  A listed acronym or short form names the entity of the name it is listed as another form of
  (ארה"ב: ארצות הברית; ``ListedNames.canonical``).
- A quoted name after a word that announces a body, a work or an operation (העיתון "בוסטון
  גלוב", מבצע "שומר החומות"), the party in parentheses after a member of the Knesset or a
  minister (ח"כ רן כהן (רץ)), and a language after ב (באנגלית).

Each rule was checked on NEMO's train and dev labels before it was built (docs/quality.md).
"""

from __future__ import annotations

from collections.abc import Callable

from iton.document import Document, Entity, Token
from iton.hebrew import ARTICLE_LETTER
from iton.morph.entities import QUOTE_MARKS, host_upos, strip_by_morphemes
from iton.morph.entity_features import triggers
from iton.morph.listed_names import CLITIC_CHAIN_RE, TOWN_GROUP, ListedName, ListedNames

# The word before a quoted operation's name (מבצע "שומר החומות"), and the most words a quoted
# name has (a longer quotation is a quoted sentence).
OPERATION_WORD = "מבצע"
MAX_QUOTED_WORDS = 6
# The types whose trigger words name the quoted words after them, the quotes outside (העיתון "בוסטון
# גלוב", בספר "רועה הזאבים"): in NEMO's train and dev labels 28 of 29 such spans after a trigger of
# one type; bodies, places and people (מלון "הס" is FAC with its trigger and quotes) are left out.
QUOTED_TYPES = frozenset({"ORG", "WOA"})
# Words for a kind of product (a craft, a vehicle, a drug, a weapon, an app) that name the quoted
# words after them, a product (NEMO's DUC: מכונית "סובארו", the Sputnik): the lander החללית "בראשית"
# was read as ב + ראשית ("in the beginning"). The entity model's triggers have no such words.
PRODUCT_WORDS = frozenset({"חללית", "גשושית", "לוויין", "מטוס", "מטוסי", "מכונית", "מכוניות", "דגם",
                           "תרופה", "תרופת", "טיל", "טילי", "רובה", "אפליקציה", "אפליקציית"})  # fmt: skip
# Titles of members of the Knesset and ministers, after which a party stands in parentheses behind
# the name (ח"כ רן כהן (רץ)): in NEMO's train and dev labels 9 of 9 such parentheses are a body.
MEMBER_TITLES = frozenset({'ח"כ', "השר", "השרה", "שר", "שרת", "חבר הכנסת", "חברת הכנסת"})
MAX_PARTY_WORDS = 3
# Languages, which NEMO tags ANG where a preposition ב stands before them (באנגלית: 7 of 7 in its
# train and dev labels; alone, אנגלית is as often the adjective "English", 10 of 17).
LANGUAGES = frozenset({
    "עברית", "ערבית", "אנגלית", "רוסית", "צרפתית", "גרמנית", "ספרדית", "יידיש", "אידיש", "אמהרית", "איטלקית",
    "סינית", "יפנית", "פרסית", "טורקית", "פולנית", "הונגרית", "רומנית", "לטינית", "יוונית", "הולנדית",
    "פורטוגזית", "ארמית", "אוקראינית", "הינדית", "קוריאנית", "תאית",
})  # fmt: skip
# ... and the clitic letters before such a word that make it the language (ב "in", וב "and in").
LANGUAGE_PREFIXES = ("ב", "וב")
# Towns whose names are also common plural words (avenues, horizons, paths): the entity model,
# trained on 1990s text that names them seldom, leaves them untagged and the morphology reads the
# words (שדרות as שדרה). The list leaves them out (names-listed.tsv): a list cannot tell them
# from the words; what follows them can (tag_word_towns).
WORD_TOWNS = ("שדרות", "אופקים", "נתיבות")
TOWN_ENDING = 4
# ... the clitic letters they are written behind: prepositions and conjunctions, not the article
# (השדרות is the avenues), nor כ.
TOWN_CLITICS = frozenset({"", "ב", "ל", "מ", "ו", "וב", "ול", "ומ", "ש", "שב", "של", "שמ"})
# ... the hosts after them that make them the common word: the words of a construct (שדרות
# רוטשילד, "Rothschild avenue") or an adjective (אופקים חדשים, "new horizons")...
COMMON_WORD_FOLLOWERS = frozenset({"NOUN", "PROPN", "ADJ", "NUM"})
# ... but for a time word, which no construct takes (נפלה בשדרות הבוקר, "fell in Sderot this morning").
TIME_WORDS = frozenset({"הבוקר", "הלילה", "היום", "אתמול", "אמש", "הערב", "השבוע", "מחר", "בבוקר", "בלילה",
                        "בערב", "בצהריים", "הצהריים", "לפנות", "כעת", "עכשיו"})
# Kibbutzim, moshavim and air bases whose names are common plural words too, which news of the
# Gaza border and the north names every day (חדרו לרעים, "broke into Re'im", came out רע, "bad";
# בנבטים as נבט, "a sprout"): the same test of what follows, and a sign of a place before them as
# well, for in plain text the word is the adjective or the noun (ילדים רעים, חברים ורעים). The sign is
# a preposition on the word (ברעים, לכיסופים; not מ, which begins words of their own: מזיקים,
# "harmful", מאורים) or a word that announces a place right before it (קיבוץ רעים, ליד רעים).
# חצרים (the air base; courtyards are חצרות) too. מבטחים is left out (למבטחים: "to the insurers").
SETTLEMENT_TOWNS = ("רעים", "כיסופים", "נירים", "זיקים", "אורים", "עלומים", "מבקיעים", "נבטים", "להבים",
                    "רכסים", "מרגליות", "אביבים", "חצרים")  # fmt: skip
SETTLEMENT_CLITICS = frozenset({"ב", "ל", "וב", "ול", "שב", "של"})
PLACE_SIGNS = frozenset({"ליד", "קיבוץ", "מושב", "יישוב", "תושבי", "בסיס", "אזור"})
# ... and the letters such a word may carry (בקיבוץ, ולמושב, הקיבוץ).
PLACE_SIGN_LETTERS = frozenset("ובלמה")
# Words for a person's relatives with his or her suffix, which a relative's first name follows
# (ורעייתו שרה; tag_relatives).
KIN_WORDS = frozenset({"רעייתו", "רעייתה", "אשתו", "בעלה", "בנו", "בנה", "בתו", "בתה", "בניו", "בנותיו", "אחיו",
                       "אחיה", "אחותו", "אחותה", "אביו", "אביה", "אמו", "אמה", "נכדו", "נכדתו", "אלמנתו"})
PLACE_TYPES = frozenset({"GPE", "LOC"})  # the entity types of places
# The clitic letters a later word of a listed name may lose: the conjunction and the article.
INNER_NAME_LETTERS = frozenset({"ו", ARTICLE_LETTER})


def _towns_by_ending() -> dict[str, list[tuple[str, frozenset[str]]]]:
    """Each town of WORD_TOWNS and SETTLEMENT_TOWNS by its last TOWN_ENDING letters, with the clitic
    letters it may carry (a settlement bare too, after a word for a place)."""
    out: dict[str, list[tuple[str, frozenset[str]]]] = {}
    for towns, clitics in ((WORD_TOWNS, TOWN_CLITICS), (SETTLEMENT_TOWNS, SETTLEMENT_CLITICS | {""})):
        for town in towns:
            out.setdefault(town[-TOWN_ENDING:], []).append((town, clitics))
    return out


# one look-up of a token's last letters turns away nearly every token
_TOWNS_BY_ENDING = _towns_by_ending()


def respan(doc: Document, entity: Entity, first: int, last: int) -> None:
    """Set ``entity`` to the tokens ``[first, last)`` of ``doc``: its token range, offsets and text."""
    entity.first, entity.last = first, last
    entity.start, entity.end = doc.tokens[first].start, doc.tokens[last - 1].end
    entity.text = doc.text[entity.start : entity.end]


def claim(doc: Document, first: int, end: int, label: str) -> bool:
    """Make the tokens ``[first, end)`` an entity of ``label``, the entities inside them giving way;
    nothing changes (False) where an entity crosses their bounds. Keeps ``doc.entities`` in order."""
    inside = [e for e in doc.entities if e.first < end and e.last > first]
    if any(e.first < first or e.last > end for e in inside):
        return False
    start, stop = doc.tokens[first].start, doc.tokens[end - 1].end
    text = doc.text[start:stop]
    doc.entities = sorted([e for e in doc.entities if all(e is not x for x in inside)]
                          + [Entity(label, first, end, start, stop, text, text, text)], key=lambda e: e.first)  # fmt: skip
    return True


def enclosed(tokens: list[Token], opening: int, closing_mark: str, most: int) -> int | None:
    """The token that closes, with ``closing_mark``, the one to ``most`` Hebrew words after the
    token ``opening`` (a quote mark, a parenthesis), or None."""
    close = next((k for k in range(opening + 1, min(len(tokens), opening + most + 2))
                  if tokens[k].form == closing_mark), None)  # fmt: skip
    if close is None or close == opening + 1 or not all(t.is_hebrew for t in tokens[opening + 1 : close]):
        return None
    return close


def tag_listed(doc: Document, listed: ListedNames, first_name: Callable[[str], bool] = lambda word: False
               ) -> dict[int, str]:  # fmt: skip
    """Tag the listed names (:mod:`iton.morph.listed_names`) in ``doc``: one the entity model left
    untagged, or tagged only in part (עזה of עוטף עזה), becomes an entity of the list's type; one
    it found whole takes the list's type. A longer entity around a listed name stays as the model
    found it (דובר צה"ל), unless it starts with the name and goes on with a word ``first_name``
    accepts: the model ran a body into its official (משרד הבריאות | חזי לוי), and the rest
    becomes a person; on NEMO's gold labels no entity starts with a listed name and a first name.
    Nor does a body or place that ends with a listed person after a name or a title
    (:func:`_runs_into_person`: האו"ם | אנטוניו גוטרש), and a person around a listed full name is
    that name (משה ליאון | חנך, תם עידן | בנימין נתניהו). An entity that crosses a listed name's start or end gives the name its words and keeps the
    rest (נשיא ארה"ב דונלד | טראמפ: the place ארה"ב); on NEMO's gold labels none crosses one. A
    body that runs into a place's name is the place's body and takes the whole name (עיריית קריית
    | שמונה: the body עיריית קריית שמונה; NEMO labels a town's council or university so). So
    does a person that ends with a listed name written behind clitic letters (נתניהו | לביידן).
    A town (TOWN_GROUP) the model found whole as a body stays a body, unless a word that announces
    a place stands before it. A name is never taken across a sentence's start. Returns the written stem of each
    token of those names: the first word without its clitics and article (ליכוד of בליכוד, which
    hides it), a later one without the conjunction and article the morphology split off (משותפת
    of המשותפת, שיכון of והשיכון), but as written in a person's name (הלוי of הרצי הלוי).
    Changes ``doc.entities`` in place."""
    starts = {s.first for s in doc.sentences}
    stems: dict[int, str] = {}
    for first, end, name in listed.find([t.form for t in doc.tokens]):
        if any(first < s < end for s in starts):
            continue
        inside = [e for e in doc.entities if e.first < end and e.last > first]
        if name.group == TOWN_GROUP and [(e.first, e.last, e.label) for e in inside] == [(first, end, "ORG")] \
                and not (first and "GPE" in triggers(doc.tokens[first - 1].form)):
            continue  # a town the model read whole as a body is its team or council (רמת השרון ניצחה), not after העיר
        if len(inside) == 1 and inside[0].first == first and inside[0].last > end \
                and first_name(doc.tokens[end].form):
            respan(doc, inside[0], end, inside[0].last)  # the rest is the official (חזי לוי)
            inside[0].label = "PER"
        elif name.label == "PER" and len(name.words) > 1 and len(inside) == 1 and inside[0].label == "PER" \
                and (inside[0].first == first) != (inside[0].last == end):
            # a listed full name is the whole person: it ends it (משה ליאון | חנך) and starts it
            # (תם עידן | בנימין נתניהו, "the era ... ended": עידן is a first name too)
            respan(doc, inside[0], first, end)
        behind_clitics = doc.tokens[first].form != name.words[0]
        body = next((e for e in inside if e.label == "ORG" and e.first < first < e.last < end
                     and name.label in PLACE_TYPES and not behind_clitics), None)  # fmt: skip
        if body is not None:  # a body running into a place's name is the place's body (עיריית | קריית שמונה)
            respan(doc, body, body.first, end)
            continue
        for entity in inside:  # crossing the name: the words outside it stay the entity's
            if entity.first < first < entity.last < end:
                respan(doc, entity, entity.first, first)
            elif entity.label == "PER" and entity.first < first and entity.last == end and behind_clitics:
                # no word of a person's name carries a preposition: the tagger ran two people
                # together (בין נתניהו | לביידן)
                respan(doc, entity, entity.first, first)
            elif first < entity.first < end < entity.last:
                respan(doc, entity, end, entity.last)
            elif _runs_into_person(doc, entity, first, end, name):
                respan(doc, entity, entity.first, first)
        if not claim(doc, first, end, name.label):
            continue
        stems[first] = name.first_stem
        for k in range(first + 1, end):
            token = doc.tokens[k]
            inner = strip_by_morphemes(token.form, token.morphemes) if token.morphemes else token.form
            # a later word loses only the conjunction and article the morphology split off (והשיכון),
            # and a person's none: the ה of הרצי הלוי and צחי הנגבי is the surname's own
            own = name.label == "PER" or not set(token.form[: len(token.form) - len(inner)]) <= INNER_NAME_LETTERS
            stems[k] = token.form if own else inner
    return stems


def tag_quoted_names(doc: Document) -> None:
    """Tag the quoted name right after a word that announces a body or a work (העיתון "בוסטון גלוב",
    בספר "צדקה מתחילה מבית"; one type in :data:`iton.morph.entity_features.TRIGGERS`, of
    QUOTED_TYPES) or a product (PRODUCT_WORDS: החללית "בראשית"), and after the word מבצע as an
    event (במבצע "עופרת יצוקה", מבצע 'לתת כתף'): Hebrew news writes its military operations and
    public campaigns so, and the entity model, trained on text that names almost none (NEMO's train
    and dev hold one, במבצע סיני), leaves them untagged.
    One to MAX_QUOTED_WORDS Hebrew words between a pair of the same quote mark; an entity inside the
    quotes gives way, one that crosses them stays. Changes ``doc.entities`` in place."""
    tokens = doc.tokens
    for i, token in enumerate(tokens[:-2]):
        if not token.is_hebrew or tokens[i + 1].form not in QUOTE_MARKS:
            continue
        operation = token.form.endswith(OPERATION_WORD) \
            and CLITIC_CHAIN_RE.fullmatch(token.form[: len(token.form) - len(OPERATION_WORD)]) is not None
        kinds = set(triggers(token.form))
        label = "EVE" if operation else next(iter(kinds)) if len(kinds) == 1 and kinds <= QUOTED_TYPES \
            else "DUC" if _product_word(token.form) else None
        close = enclosed(tokens, i + 1, tokens[i + 1].form, MAX_QUOTED_WORDS) if label else None
        if close is not None:
            claim(doc, i + 2, close, label)


def _product_word(form: str) -> bool:
    """Whether ``form`` is a word of PRODUCT_WORDS, after clitic letters and the article or none."""
    return any(form.endswith(word) and CLITIC_CHAIN_RE.fullmatch(form[: len(form) - len(word)]) is not None
               for word in PRODUCT_WORDS)  # fmt: skip


def tag_parties(doc: Document) -> None:
    """Tag as a body (ORG) the one to MAX_PARTY_WORDS Hebrew words in parentheses right after a
    person whose title (MEMBER_TITLES, clitics allowed) stands just before the name: the party of a
    member of the Knesset or a minister (ח"כ מיקי לוי (יש עתיד)). An entity inside the parentheses
    gives way. Changes ``doc.entities`` in place."""
    tokens = doc.tokens
    for person in [e for e in doc.entities if e.label == "PER"]:
        before = [t.form for t in tokens[max(0, person.first - 2) : person.first]]
        titled = bool(before) and (" ".join(before) in MEMBER_TITLES or any(
            CLITIC_CHAIN_RE.fullmatch(before[-1][:k]) and before[-1][k:] in MEMBER_TITLES for k in range(len(before[-1]))))
        opening = person.last
        if titled and opening < len(tokens) and tokens[opening].form == "(":
            close = enclosed(tokens, opening, ")", MAX_PARTY_WORDS)
            if close is not None:
                claim(doc, opening + 1, close, "ORG")


def tag_languages(doc: Document) -> None:
    """Tag as a language (ANG) each untagged word that is ב, or וב, before a language's name
    (באנגלית, ובערבית): the entity model tags few of them, and NEMO's train and dev labels tag
    every such word. Changes ``doc.entities`` in place."""
    taken = {i for e in doc.entities for i in range(e.first, e.last)}
    for i, token in enumerate(doc.tokens):
        if i in taken or not token.is_hebrew or not token.form.startswith(LANGUAGE_PREFIXES):
            continue
        if any(token.form.startswith(p) and token.form[len(p) :] in LANGUAGES for p in LANGUAGE_PREFIXES):
            claim(doc, i, i + 1, "ANG")


def _place_sign(token: Token) -> bool:
    """Whether ``token`` is a word that announces a place (PLACE_SIGNS, maybe behind its letters)."""
    form = token.form
    return any(form.endswith(sign) and set(form[: len(form) - len(sign)]) <= PLACE_SIGN_LETTERS for sign in PLACE_SIGNS)


def tag_word_towns(doc: Document) -> None:
    """Tag as a place (GPE) each untagged town of WORD_TOWNS (behind TOWN_CLITICS) that no noun,
    name, adjective or number follows in its sentence, a time word aside, and no word that starts
    with the conjunction ו or a preposition: the town, where the common word would begin a construct
    or take an adjective (תושבי שדרות ונתיבות, רקטה נפלה בשדרות הבוקר; not בשדרות רוטשילד, אופקים
    חדשים). A settlement of SETTLEMENT_TOWNS needs, besides, a preposition on it (SETTLEMENT_CLITICS)
    or a word that announces a place right before it (חדרו לרעים, קיבוץ רעים; not ילדים רעים).
    Changes ``doc.entities`` in place."""
    tokens = doc.tokens
    found = [(i, letters) for i, token in enumerate(tokens) if (letters := _town_letters(token.form)) is not None]
    if not found:
        return
    taken = {i for e in doc.entities for i in range(e.first, e.last)}
    last = {k: s.last for s in doc.sentences for k in range(s.first, s.last)}
    starts = {s.first for s in doc.sentences}
    for i, letters in found:
        if i in taken:
            continue
        form = tokens[i].form
        bare_settlement = letters == "" and form in SETTLEMENT_TOWNS
        if bare_settlement and (i in starts or not _place_sign(tokens[i - 1])):
            continue
        after = tokens[i + 1] if i + 1 < last.get(i, 0) else None
        if after is not None and after.is_hebrew and after.form not in TIME_WORDS \
                and not after.form.startswith("ו") and not _behind_preposition(after) \
                and host_upos(after.morphemes) in COMMON_WORD_FOLLOWERS:
            continue
        claim(doc, i, i + 1, "GPE")


def _town_letters(form: str) -> str | None:
    """The clitic letters before a town of WORD_TOWNS or SETTLEMENT_TOWNS that ``form`` spells behind
    letters that town may carry ("" for none), else None."""
    for town, clitics in _TOWNS_BY_ENDING.get(form[-TOWN_ENDING:], ()):
        letters = form[: len(form) - len(town)]
        if form.endswith(town) and letters in clitics:
            return letters
    return None


def _behind_preposition(token: Token) -> bool:
    """Whether ``token`` starts with a preposition, which neither a construct's second word nor an
    adjective carries (נפלה בשדרות בשעות הבוקר, נפתח ברכסים בשנה הבאה)."""
    return len(token.morphemes) > 1 and token.morphemes[0].upos == "ADP"


def tag_relatives(doc: Document, first_name: Callable[[str], bool]) -> None:
    """Tag as a person each untagged word ``first_name`` accepts (a first name on the lists),
    written without clitics right after a word for a person's family with its suffix (KIN_WORDS,
    maybe after ו), with the proper noun after it when the morphology reads one there: נתניהו
    ורעייתו שרה, whose שרה ("minister", "sang") the entity model leaves out. NEMO's one such
    first name in train and dev is a person (רעייתו ווליה). Changes ``doc.entities`` in place."""
    tokens = doc.tokens
    taken = {i for e in doc.entities for i in range(e.first, e.last)}
    starts = {s.first for s in doc.sentences}
    for i in range(len(tokens) - 1):
        form = tokens[i].form
        if form.removeprefix("ו") not in KIN_WORDS or i + 1 in taken or i + 1 in starts \
                or not first_name(tokens[i + 1].form):
            continue
        end = i + 2
        if end < len(tokens) and end not in taken and end not in starts and len(tokens[end].morphemes) == 1 \
                and tokens[end].morphemes[0].upos == "PROPN":
            end += 1
        if claim(doc, i + 1, end, "PER"):
            taken.update(range(i + 1, end))


def _runs_into_person(doc: Document, entity: Entity, first: int, end: int, name: ListedName) -> bool:
    """Whether ``entity``, not a person, ends with the listed name of a person ``[first, end)``
    that the tagger ran a body or a place into: a full name right after a proper noun (מזכ"ל
    האו"ם | אנטוניו גוטרש, ממשלת בריטניה | קיר סטרמר), or any listed name where a person's title
    stands before the entity (שר האוצר | סמוטריץ'). After a noun in construct, with no title, the
    person is the body's own name (ממשלת גולדה מאיר, a body in NEMO's labels), and stays in it."""
    if entity.label == "PER" or name.label != "PER" or not entity.first < first < end == entity.last \
            or doc.tokens[first].form != name.words[0]:
        return False
    if len(name.words) > 1 and host_upos(doc.tokens[first - 1].morphemes) == "PROPN":
        return True
    return entity.first > 0 and "PER" in triggers(doc.tokens[entity.first - 1].form)


def tag_cues(doc: Document, listed: ListedNames | None, first_name: Callable[[str], bool] = lambda word: False
             ) -> dict[int, str]:  # fmt: skip
    """Run every cue rule on ``doc`` (quoted names, languages, towns named as words, parties,
    relatives' first names, then the bundled list when ``listed`` is given); returns the written
    stems of the listed names' tokens (see :func:`tag_listed`). Changes ``doc.entities`` in place."""
    tag_quoted_names(doc)
    tag_languages(doc)
    tag_word_towns(doc)
    tag_parties(doc)
    tag_relatives(doc, first_name)
    return tag_listed(doc, listed, first_name) if listed else {}
