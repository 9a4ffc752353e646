"""Names stay names: the words of an entity keep their written form, one form per name in a
document, the recogniser and the normalized form agree, and a surname meets the full name."""

from __future__ import annotations

import pytest

from iton.document import Document, Entity, Morpheme, Token
from iton.morph.listed_names import listed_names
from iton.morph.name_readings import names_after_prepositions
from iton.morph.names import aliases, keep_names, merge_mentions
from iton.pipeline import Options, load_pipeline
from iton.views import normalized_text


@pytest.fixture(scope="module")
def pipeline():
    built = load_pipeline(Options(engine="model"))
    if "names" not in [stage.name for stage in built.stages]:
        pytest.skip("the entity model is not built: python -m iton.training.entities")
    return built


def test_names_lose_clitics_and_the_article_and_meet_within_a_document(pipeline) -> None:
    doc = pipeline.analyze("נתניהו יגיע לקרמלין בשבוע הבא. בקרמלין אמרו כי הקרמלין מחכה.")
    words = normalized_text(doc).split()
    assert words.count("קרמלין") == 3
    assert "הקרמלין" not in words


def test_entity_lemma_and_normalized_form_agree(pipeline) -> None:
    doc = pipeline.analyze("ראש הממשלה נפגש בירושלים עם פוטין. ירושלים חגגה.")
    normalized = normalized_text(doc).split()
    places = [e for e in doc.entities if e.label == "GPE"]
    assert {e.lemma for e in places} == {"ירושלים"}
    assert all(e.lemma in normalized for e in doc.entities)


def test_surname_takes_the_full_name_as_canonical_form(pipeline) -> None:
    doc = pipeline.analyze("ראש הממשלה בנימין נתניהו נפגש עם השר. נתניהו אמר כי יחליט מחר.")
    people = {e.text: e.canonical for e in doc.entities if e.label == "PER"}
    assert people["נתניהו"] == "בנימין נתניהו"
    assert aliases(doc.entities)[("PER", "בנימין נתניהו")] == ["בנימין נתניהו", "נתניהו"]


def _entity(label: str, lemma: str) -> Entity:
    return Entity(label, 0, 1, 0, len(lemma), lemma, lemma)


def test_shortened_mention_merges_only_when_one_longer_name_fits() -> None:
    entities = [_entity("PER", "בנימין נתניהו"), _entity("PER", "יאיר נתניהו"), _entity("PER", "נתניהו"),
                _entity("PER", "פוטין"), _entity("PER", "ולדימיר פוטין"), _entity("GPE", "יורק"),
                _entity("GPE", "ניו יורק")]
    merge_mentions(entities)
    assert [e.canonical for e in entities] == ["בנימין נתניהו", "יאיר נתניהו", "נתניהו", "ולדימיר פוטין",
                                               "ולדימיר פוטין", "יורק", "ניו יורק"]


def test_a_body_named_by_its_first_word_merges_with_its_one_full_name() -> None:
    # the sample's derby: מכבי alone is מכבי תל אביב, הפועל alone הפועל תל אביב
    entities = [_entity("ORG", "מכבי תל אביב"), _entity("ORG", "מכבי"), _entity("ORG", "הפועל תל אביב"),
                _entity("ORG", "הפועל"), _entity("ORG", 'דובר צה"ל'), _entity("ORG", 'צה"ל')]
    merge_mentions(entities)
    assert [e.canonical for e in entities] == ["מכבי תל אביב"] * 2 + ["הפועל תל אביב"] * 2 + ['דובר צה"ל', 'צה"ל']
    # a body is not named by its last word (צה"ל is no דובר צה"ל), nor by a first word two names share
    entities = [_entity("ORG", "מכבי תל אביב"), _entity("ORG", "מכבי חיפה"), _entity("ORG", "מכבי")]
    merge_mentions(entities)
    assert entities[2].canonical == "מכבי"


def test_a_first_name_alone_merges_with_the_one_full_name_it_starts() -> None:
    entities = [_entity("PER", "גלעד שליט"), _entity("PER", "גלעד"), _entity("PER", "שליט")]
    merge_mentions(entities)
    assert [e.canonical for e in entities] == ["גלעד שליט"] * 3
    # two people of that first name, or a word that also ends a longer name: left alone
    entities = [_entity("PER", "גלעד שליט"), _entity("PER", "גלעד ארדן"), _entity("PER", "גלעד")]
    merge_mentions(entities)
    assert entities[2].canonical == "גלעד"
    entities = [_entity("PER", "אבי גבאי"), _entity("PER", "גבאי משה"), _entity("PER", "גבאי")]
    merge_mentions(entities)
    assert entities[2].canonical == "אבי גבאי"


def test_a_name_written_with_a_hyphen_meets_the_same_name_without_one(pipeline) -> None:
    doc = pipeline.analyze("שר החוץ עבדאללה בן-זאיד הגיע. עבדאללה בן זאיד אמר כי ההסכם חשוב.")
    people = [e for e in doc.entities if e.label == "PER"]
    assert [e.text for e in people] == ["עבדאללה בן-זאיד", "עבדאללה בן זאיד"]
    assert {e.lemma for e in people} == {"עבדאללה בן זאיד"}


def test_a_name_read_as_a_common_word_keeps_its_written_form() -> None:
    # the morphology read לכספי as ל + כסף + suffix; tagged as a person it stays כספי
    token = Token("לכספי", 0, 5, "hebrew", True, [Morpheme("ל", "ל", "ADP"), Morpheme("כסף", "כסף", "NOUN"),
                                                  Morpheme("של", "של", "ADP"), Morpheme("אני", "הוא", "PRON")])
    doc = Document("לכספי", [token], entities=[Entity("PER", 0, 1, 0, 5, "לכספי", "לכספי")])
    keep_names(doc, {}, {})
    assert token.morphemes == [Morpheme("ל", "ל", "ADP"), Morpheme("כספי", "כספי", "PROPN")]
    assert doc.entities[0].lemma == doc.entities[0].canonical == "כספי"


def test_a_listed_name_that_starts_with_the_relative_letter_keeps_it() -> None:
    # ששון גבאי came out שון גבאי: the morphology split ש + שון, and שון is listed too; the
    # relative ש seldom stands alone before a name, far less often than ששון or שגיא are written
    token = Token("ששון", 0, 4, "hebrew", True, [Morpheme("ש", "ש", "SCONJ"), Morpheme("שון", "שון", "PROPN")])
    surname = Token("גבאי", 5, 9, "hebrew", True, [Morpheme("גבאי", "גבאי", "PROPN")])
    doc = Document("ששון גבאי", [token, surname], entities=[Entity("PER", 0, 2, 0, 9, "ששון גבאי", "ששון גבאי")])
    keep_names(doc, {}, {}, {"ששון": "PER-both", "שון": "PER-first"})
    assert token.morphemes == [Morpheme("ששון", "ששון", "PROPN")]
    assert doc.entities[0].lemma == doc.entities[0].canonical == "ששון גבאי"
    # a preposition before a listed name still comes off (ו + גיא: וגיא is no name of its own)
    token = Token("וגיא", 0, 4, "hebrew", True, [Morpheme("ו", "ו", "CCONJ"), Morpheme("גיא", "גיא", "PROPN")])
    doc = Document("וגיא", [token], entities=[Entity("PER", 0, 1, 0, 4, "וגיא", "וגיא")])
    keep_names(doc, {}, {}, {"גיא": "PER-first"})
    assert doc.entities[0].lemma == "גיא"


def test_a_later_word_of_a_persons_name_read_whole_stays_whole() -> None:
    # טל ברודי (and טל ברמן) came out טל רודי: the morphology read ברודי whole, a proper noun, but
    # the names stage took the bare name for one after a conjunction and cut a ב off before the
    # name רודי seen in training (the lists know the surname, so the tagger's person is not cut there)
    tokens = [Token("טל", 0, 2, "hebrew", True, [Morpheme("טל", "טל", "PROPN")]),
              Token("ברודי", 3, 8, "hebrew", True, [Morpheme("ברודי", "ברודי", "PROPN")])]
    doc = Document("טל ברודי", tokens, entities=[Entity("PER", 0, 2, 0, 8, "טל ברודי", "טל ברודי")])
    keep_names(doc, {"רודי": "PER"}, {}, {"ברודי": "PER-last"})
    assert tokens[1].morphemes == [Morpheme("ברודי", "ברודי", "PROPN")]
    assert doc.entities[0].lemma == "טל ברודי"
    # after the conjunction, the later word still loses it (וגיבסון)
    tokens = [Token("מל", 0, 2, "hebrew", True, [Morpheme("מל", "מל", "PROPN")]),
              Token("וגיבסון", 3, 10, "hebrew", True, [Morpheme("ו", "ו", "CCONJ"), Morpheme("גיבסון", "גיבסון", "PROPN")])]
    doc = Document("מל וגיבסון", tokens, entities=[Entity("PER", 0, 2, 0, 10, "מל וגיבסון", "מל וגיבסון")])
    keep_names(doc, {"גיבסון": "PER"}, {})
    assert tokens[1].morphemes[-1].lemma == "גיבסון"


def test_common_words_of_a_longer_place_name_keep_their_lemma() -> None:
    tokens = [Token("ברית", 0, 4, "hebrew", True, [Morpheme("ברית", "ברית", "NOUN")]),
              Token("המועצות", 5, 12, "hebrew", True, [Morpheme("ה", "ה", "DET"), Morpheme("מועצות", "מועצה", "NOUN")])]
    doc = Document("ברית המועצות", tokens, entities=[Entity("GPE", 0, 2, 0, 12, "ברית המועצות", "ברית המועצות")])
    keep_names(doc, {}, {})
    assert tokens[1].morphemes[-1].lemma == "מועצה"
    assert doc.entities[0].lemma == "ברית המועצות"


def test_a_listed_name_inside_a_longer_listed_name_keeps_its_written_form(pipeline) -> None:
    # האמירויות is listed alone too: inside איחוד האמירויות it is no common word (the emirate's
    # plural, lemma אמירות), as the common words of ברית המועצות and רשות שדות התעופה are
    doc = pipeline.analyze("נשיא איחוד האמירויות נפגש עם ראש רשות שדות התעופה.")
    assert normalized_text(doc).split()[1:3] == ["איחוד", "אמירויות"]
    assert "שדה" in normalized_text(doc).split()


def test_a_listed_persons_later_word_keeps_its_article(pipeline) -> None:
    # the ה of הלוי and הנגבי is the surname's own, though the morphology splits it off
    doc = pipeline.analyze('הרמטכ"ל הרצי הלוי נפגש עם צחי הנגבי.')
    assert normalized_text(doc).split() == ['רמטכ"ל', "הרצי", "הלוי", "נפגש", "עם", "צחי", "הנגבי", "."]
    assert [e.lemma for e in doc.entities] == ["הרצי הלוי", "צחי הנגבי"]


def test_a_definite_noun_keeps_its_article_where_its_adjective_repeats_it(pipeline) -> None:
    # רשות הפלסטינית and בית הלבן are no Hebrew: the article of a name's noun stays when the
    # adjective after it has one too, written (הרשות) or hidden (ברשות, בבית)
    doc = pipeline.analyze("נציגי הרשות הפלסטינית הגיעו לבית הלבן. ברשות הפלסטינית אמרו כי הבית הלבן שתק.")
    assert {(e.text, e.canonical) for e in doc.entities} >= {
        ("הרשות הפלסטינית", "הרשות הפלסטינית"), ("ברשות הפלסטינית", "הרשות הפלסטינית"),
        ("לבית הלבן", "הבית הלבן"), ("הבית הלבן", "הבית הלבן")}
    # a listed name keeps it behind ב though the model reads its adjective as a noun (תיכון, "high school")
    doc = pipeline.analyze("סערה צפויה בים התיכון.")
    assert [e.canonical for e in doc.entities] == ["הים התיכון"]
    # the listed names are written the same way, so that their other forms still name them
    names = {name.words: name.lemma for name in listed_names().by_first.get("הרשות", ())}
    assert names[("הרשות", "הפלסטינית")] == "הרשות הפלסטינית"
    # a name whose later word has no article loses its own, as before
    doc = pipeline.analyze("הוא נבחר לכנסת ונפגש בקרמלין עם נציגי הליכוד.")
    assert "ליכוד" in {e.canonical for e in doc.entities}


def test_a_team_keeps_the_article_hebrew_writes_behind_a_preposition(pipeline) -> None:
    # הפועל באר שבע, not פועל ("a worker") באר שבע: its article stays written behind ב (בהפועל)
    doc = pipeline.analyze("מכבי חיפה ניצחה את הפועל באר שבע. השחקן עבר מהפועל ירושלים. פועל בניין נפצע.")
    assert [e.canonical for e in doc.entities if e.label == "ORG"] == ["מכבי חיפה", "הפועל באר שבע", "הפועל ירושלים"]


def test_a_name_is_not_read_behind_a_preposition_and_the_article_it_hides(pipeline) -> None:
    # להגביר ("to increase") came out ל + ה + גביר after the minister בן גביר: Hebrew writes no
    # article behind ל
    doc = pipeline.analyze("השר איתמר בן גביר הורה למשטרה להגביר את האכיפה.")
    assert "הגביר" in normalized_text(doc).split() and normalized_text(doc).split().count("גביר") == 1



def test_a_title_before_a_name_is_no_word_of_it_and_alone_no_entity(pipeline) -> None:
    # רה"מ ("the prime minister") was taken into the person (רה"מ נתניהו) and alone made a person
    doc = pipeline.analyze('נשיא ארה"ב שוחח עם רה"מ נתניהו. רה"מ נפגש עם יו"ר הכנסת.')
    assert [(e.label, e.text) for e in doc.entities if e.label == "PER"] == [("PER", "נתניהו")]

def test_a_title_cut_off_a_listed_person_is_no_person_of_its_own(pipeline) -> None:
    # the tagger ran המדינה into מרקו; the listed name took מרקו רוביו and left המדינה a person
    doc = pipeline.analyze("מזכיר המדינה מרקו רוביו הגיע לביקור בישראל.")
    assert [(e.label, e.text) for e in doc.entities if e.label == "PER"] == [("PER", "מרקו רוביו")]
    # and soldiers of a brigade are no person, though training saw לוחמי in a body's name
    doc = pipeline.analyze("לוחמי גולני חיסלו מחבל.")
    assert "לוחמי" not in [e.text for e in doc.entities]
    assert normalized_text(doc).split()[0] == "לוחם"


def test_a_word_of_a_place_is_not_respelled(pipeline) -> None:
    # קאסם of כפר קאסם came out קסם ("magic"), a letter dropped; a common word of a place keeps
    # its lemma where it changes the ending (רמת: רמה), as HTB writes it
    words = normalized_text(pipeline.analyze("התושבים בכפר קאסם הפגינו. הוא גר ברמת גן.")).split()
    assert "קאסם" in words and "קסם" not in words and "רמה" in words


def test_a_town_behind_a_preposition_is_the_place_not_a_body(pipeline) -> None:
    doc = pipeline.analyze("הקבוצה מירושלים העפילה לגמר. בני הזוג מנתניה נעצרו בחשד להונאה.")
    assert [(e.label, e.text) for e in doc.entities] == [("GPE", "מירושלים"), ("GPE", "מנתניה")]


def test_a_listed_person_behind_a_preposition_is_no_word_of_the_name_before_it(pipeline) -> None:
    # the entity model ran "between Netanyahu and Biden" into one person, נתניהו לביידן
    doc = pipeline.analyze("הפגישה בין נתניהו לביידן נדחתה.")
    assert [(e.text, e.lemma) for e in doc.entities] == [("נתניהו", "נתניהו"), ("לביידן", "ביידן")]
    assert "ביידן" in normalized_text(doc).split()


def test_a_town_named_as_a_common_word_is_the_town_where_no_construct_follows(pipeline) -> None:
    # שדרות is a town and "avenues": a rocket that fell בשדרות הבוקר came out שדרה, and נתיבות
    # after שדרות ו as נתיבה ("path")
    doc = pipeline.analyze("רקטה נפלה בשדרות הבוקר. תושבי שדרות ונתיבות נדרשו להישאר בבית.")
    words = normalized_text(doc).split()
    assert words.count("שדרות") == 2 and "נתיבות" in words
    assert ("ונתיבות", "GPE") in [(e.text, e.label) for e in doc.entities]
    # the avenue of a name and the plural before an adjective stay the words
    doc = pipeline.analyze("הם טיילו בשדרות רוטשילד. הוא פתח אופקים חדשים.")
    assert "שדרה" in normalized_text(doc).split() and "אופק" in normalized_text(doc).split()
    assert not any(e.label == "GPE" for e in doc.entities)


def test_a_settlement_named_as_a_common_plural_is_the_place_behind_a_preposition(pipeline) -> None:
    # חדרו לרעים ולכיסופים came out רע ("bad") and כיסוף ("longing"), בנבטים נבט ("a sprout")
    doc = pipeline.analyze("המחבלים חדרו לרעים ולכיסופים בשבת בבוקר. אזעקות נשמעו בנבטים. הוא חדר לקיבוץ רעים.")
    words = normalized_text(doc).split()
    assert words.count("רעים") == 2 and "כיסופים" in words and "נבטים" in words
    assert ("לרעים", "GPE") in [(e.text, e.label) for e in doc.entities]
    # the air base חצרים (courtyards are חצרות) after a preposition or the word for a base
    doc = pipeline.analyze("הטייסים בחצרים יצאו לתקיפה. הרמטכ\"ל ביקר בבסיס חצרים.")
    assert normalized_text(doc).split().count("חצרים") == 2
    # without a preposition or a word for a place before it, the word is the adjective or the noun
    doc = pipeline.analyze("מדובר בילדים רעים. חברים ורעים באו לנחם. החומרים מזיקים לבריאות.")
    words = normalized_text(doc).split()
    assert "רעים" not in words and "רע" in words and "מזיק" in words
    assert not any(e.label == "GPE" for e in doc.entities)


def test_her_verdict_and_her_lawyer_are_no_woman_named_dina(pipeline) -> None:
    # פסק דינה ("her verdict") and עורכת דינה ("her lawyer") came out the name Dina: the memory has
    # דינה only as the name, and the entity model tagged it a person
    doc = pipeline.analyze("גזר דינה ניתן אתמול. עורכת דינה של המתלוננת אמרה כי תערער.")
    assert normalized_text(doc).split()[:2] == ["גזר", "דין"] and "דינה" not in normalized_text(doc).split()
    assert not any(e.label == "PER" for e in doc.entities)
    # the name stays a name elsewhere, after the lawyer's title too
    doc = pipeline.analyze("דינה כהן אמרה כי היא מרוצה. עורכת הדין דינה לוי ייצגה אותה.")
    assert normalized_text(doc).split().count("דינה") == 2


def test_a_noun_with_a_possessive_suffix_is_no_name(pipeline) -> None:
    # the entity model tagged ובסביבתה ("and its surroundings") a place after בחיפה, and the
    # names stage wrote it as it stands, סביבתה
    doc = pipeline.analyze("השריפה פרצה בחיפה ובסביבתה.")
    assert [(e.text, e.label) for e in doc.entities] == [("בחיפה", "GPE")]
    assert normalized_text(doc).split()[-2:] == ["סביבה", "."]


def test_an_official_after_a_title_is_cut_off_the_body_the_tagger_ran_him_into(pipeline) -> None:
    doc = pipeline.analyze("ראש עיריית תל אביב רון חולדאי הגיב להחלטה.")
    assert [(e.text, e.label) for e in doc.entities] == [("עיריית תל אביב", "ORG"), ("רון חולדאי", "PER")]
    # the tagger ran the body through the official into the sentence: the person is the first
    # name and the surname, the rest no entity
    doc = pipeline.analyze("שר הבריאות יולי אדלשטיין קיים היום (ראשון) הערכת מצב.")
    assert [(e.text, e.label) for e in doc.entities] == [("הבריאות", "ORG"), ("יולי אדלשטיין", "PER")]
    # no title before the body: a person's name inside a body's name stays (ממשלת גולדה מאיר)
    doc = pipeline.analyze("בממשלת גולדה מאיר כיהן.")
    assert [e.label for e in doc.entities] == ["ORG"]


def test_a_person_cut_off_a_listed_body_meets_the_rest_of_the_name(pipeline) -> None:
    # the tagger made מכבי חיפה ברק a body and בכר a person; the listed body gave up ברק as a
    # person, and the two are one person
    doc = pipeline.analyze("המאמן של מכבי חיפה ברק בכר שיבח את השחקנים.")
    assert [(e.text, e.label) for e in doc.entities] == [("מכבי חיפה", "ORG"), ("ברק בכר", "PER")]


def test_a_minister_the_tagger_ran_into_a_body_is_a_person(pipeline) -> None:
    # שר החוץ ישראל כ"ץ: the entity model made a body of החוץ ישראל and another of כ"ץ
    doc = pipeline.analyze('השר גלעד ארדן ושר החוץ ישראל כ"ץ נפגשו.')
    people = [e.lemma for e in doc.entities if e.label == "PER"]
    assert people == ["גלעד ארדן", 'ישראל כ"ץ']


def test_the_people_of_a_country_are_not_the_country() -> None:
    # the tagger took המצרים ("the Egyptians") for a place, and it became the country מצרים
    people = Token("המצרים", 0, 6, "hebrew", True, [Morpheme("ה", "ה", "DET"), Morpheme("מצרים", "מצרי", "NOUN")])
    place = Token("במצרים", 7, 13, "hebrew", True, [Morpheme("ב", "ב", "ADP"), Morpheme("מצרים", "מצרים", "PROPN")])
    doc = Document("המצרים במצרים", [people, place],
                   entities=[Entity("GPE", 0, 1, 0, 6, "המצרים", "המצרים"), Entity("GPE", 1, 2, 7, 13, "במצרים", "במצרים")])
    keep_names(doc, {}, {})
    assert [e.text for e in doc.entities] == ["במצרים"]
    assert people.morphemes[-1].lemma == "מצרי" and place.morphemes[-1].lemma == "מצרים"


def test_a_person_loses_the_nationality_the_tagger_ran_into_the_name(pipeline) -> None:
    # הנשיא האמריקני ג'ו ביידן: the entity model made one person of האמריקני ג'ו ביידן
    doc = pipeline.analyze("הנשיא האמריקני ג'ו ביידן נאם אתמול.")
    assert [(e.text, e.label) for e in doc.entities] == [("ג'ו ביידן", "PER")]


def test_a_name_behind_clitics_loses_the_second_vav_they_made_it_take(pipeline) -> None:
    # הוועדה, בוועדת: Hebrew doubles a first ו behind clitics; the name alone has one (ועדה),
    # while a foreign name that starts with two keeps them (וושינגטון)
    doc = pipeline.analyze("הוועדה לבחירת שופטים התכנסה. ביידן נחת בוושינגטון.")
    assert [e.canonical for e in doc.entities if e.label != "PER"] == ["ועדה לבחירת שופטים", "וושינגטון"]


def test_the_plural_of_a_nationality_is_no_country(pipeline) -> None:
    # the morphology read הקטארים as the country קטאר and המצרים as מצר ("straits"); the tagger
    # then took המצרים for the country
    doc = pipeline.analyze("המתווכים הקטארים והמצרים ניסו לגשר על הפערים.")
    hosts = [t.morphemes[-1].lemma for t in doc.tokens[1:3]]
    assert hosts == ["קטארי", "מצרי"] and doc.entities == []
    # the country itself keeps its name
    assert [e.lemma for e in pipeline.analyze("הטיל נפל במצרים.").entities] == ["מצרים"]


def test_a_name_with_one_quote_mark_of_a_pair_goes_on_to_the_other(pipeline) -> None:
    # the tagger took חטיבת and the opening mark for a body and הראל for another; NEMO labels the
    # word, the quotes and the name as one body. Its lemma form leaves the marks out
    doc = pipeline.analyze('אכן, כך עשתה חטיבת "הראל". היא כבשה את המנזר.')
    assert [(e.text, e.label, e.canonical) for e in doc.entities] == [('חטיבת "הראל"', "ORG", "חטיבת הראל")]


def test_the_state_of_is_no_word_of_the_place(pipeline) -> None:
    # NEMO labels the name after מדינת alone; so the place meets its other mentions
    doc = pipeline.analyze("הן נבחרו למושלות במדינת קנזאס ובמדינת אורגון.")
    assert [(e.text, e.label) for e in doc.entities] == [("קנזאס", "GPE"), ("אורגון", "GPE")]


def test_a_word_of_a_place_read_as_a_verb_keeps_its_written_form(pipeline) -> None:
    # מדבר of מדבר יהודה is no דיבר, מבשרת of מבשרת ציון no בישר; a place's other common words keep
    # their lemma (אדומים: אדום)
    doc = pipeline.analyze("המטיילים הגיעו לנחלי מדבר יהודה, ותושבי מבשרת ציון הצטרפו.")
    assert normalized_text(doc) == "מטייל הגיע נחל מדבר יהודה , תושב מבשרת ציון הצטרף ."
    # ... and in a listed town of several words whatever type the tagger gave it (here a body)
    doc = pipeline.analyze("המשטרה עצרה 12 מפגינים ליד מבשרת ציון.")
    assert normalized_text(doc).split()[-3:-1] == ["מבשרת", "ציון"]


def test_a_place_loses_the_clitics_the_morphology_left_on_its_first_word(pipeline) -> None:
    # מפתח of מפתח תקווה ("from Petah Tikva") came out the noun מפתח ("key") in the place פתח תקווה
    doc = pipeline.analyze("תושב מפתח תקווה נעצר אתמול.")
    assert "פתח תקווה" in {e.canonical for e in doc.entities}
    assert normalized_text(doc).split()[1:3] == ["פתח", "תקווה"]


def test_a_verb_in_the_future_or_past_tense_is_no_name() -> None:
    # תותר ("will be allowed") opening a sentence of regulations was tagged as a person, הצחיקה
    # ("made laugh") as a body
    fut = "Gender=Fem|HebBinyan=HUFAL|Number=Sing|Person=3|Tense=Fut|Voice=Pass"
    verb = Token("תותר", 0, 4, "hebrew", True, [Morpheme("תותר", "הותר", "VERB", fut)])
    past = Token("פרץ", 5, 8, "hebrew", True, [Morpheme("פרץ", "פרץ", "VERB", fut.replace("Fut", "Past"))])
    known = Token("יגאל", 9, 13, "hebrew", True, [Morpheme("יגאל", "גאל", "VERB", fut)])
    itself = Token("וייסמן", 14, 20, "hebrew", True, [Morpheme("וייסמן", "וייסמן", "VERB", fut)])
    laughed = Token("הצחיקה", 21, 27, "hebrew", True, [Morpheme("הצחיקה", "הצחיק", "VERB", fut.replace("Fut", "Past"))])
    tokens = [verb, past, known, itself, laughed]
    doc = Document("תותר פרץ יגאל וייסמן הצחיקה", tokens,
                   entities=[Entity("PER", k, k + 1, t.start, t.end, t.form, t.form) for k, t in enumerate(tokens)])
    keep_names(doc, {"יגאל": "PER"}, {})
    # a surname read as a past verb whose lemma is itself stays, and so do a word training holds
    # as a name and a "future verb" whose lemma is the word itself (no person prefix came off: a
    # misread name)
    assert [e.text for e in doc.entities] == ["פרץ", "יגאל", "וייסמן"]


def test_a_letter_with_a_geresh_is_a_numeral_and_no_name() -> None:
    # יום ג' ("Tuesday"): the tagger took ג' for a person
    tokens = [Token("ג'", 0, 2, "hebrew", True, [Morpheme("ג'", "ג'", "PROPN")]),
              Token("חזר", 3, 6, "hebrew", True, [Morpheme("חזר", "חזר", "VERB")]),
              Token("ג'ו", 7, 10, "hebrew", True, [Morpheme("ג'ו", "ג'ו", "PROPN")])]
    doc = Document("ג' חזר ג'ו", tokens, entities=[Entity("PER", 0, 1, 0, 2, "ג'", "ג'"),
                                                  Entity("PER", 2, 3, 7, 10, "ג'ו", "ג'ו")])
    keep_names(doc, {}, {})
    assert [e.text for e in doc.entities] == ["ג'ו"]


def test_an_infinitive_or_a_construct_noun_in_he_is_no_name() -> None:
    # להיערך ("to prepare") was tagged a body, מדליית ("the medal of") a place
    tokens = [Token("להיערך", 0, 6, "hebrew", True, [Morpheme("ל", "ל", "ADP"), Morpheme("היערך", "נערך", "VERB", "VerbForm=Inf")]),
              Token("במדליית", 7, 14, "hebrew", True, [Morpheme("ב", "ב", "ADP"),
                                                       Morpheme("מדליית", "מדליה", "NOUN", "Definite=Cons|Gender=Fem")]),
              Token("טוקי", 15, 19, "hebrew", True, [Morpheme("טוקי", "טוק", "NOUN", "Definite=Cons|Number=Plur")])]
    doc = Document("להיערך במדליית טוקי", tokens, entities=[Entity("ORG", 0, 1, 0, 6, "להיערך", "להיערך"),
                                                              Entity("GPE", 1, 2, 7, 14, "במדליית", "במדליית"),
                                                              Entity("PER", 2, 3, 15, 19, "טוקי", "טוקי")])
    keep_names(doc, {}, {})
    # a construct form in י stays: names end so (טוקי read as טוק)
    assert [e.text for e in doc.entities] == ["טוקי"]


def test_a_country_after_a_construct_noun_is_its_possessor_not_a_first_name(pipeline) -> None:
    # ישראל is a first name too (ישראל כ"ץ), but after נבחרת ("the team of") it is the country
    doc = pipeline.analyze("מאמן נבחרת ישראל רן בן שמעון הודיע על הסגל.")
    assert [(e.text, e.label) for e in doc.entities] == [("ישראל", "GPE"), ("רן בן שמעון", "PER")]
    doc = pipeline.analyze('שר הביטחון ישראל כ"ץ הורה לצבא להתכונן.')
    assert ('ישראל כ"ץ', "PER") in [(e.text, e.label) for e in doc.entities]


def test_a_later_word_of_a_listed_town_loses_no_preposition(pipeline) -> None:
    # כנא of כפר כנא came out כ + נא; ציון of ראשון לציון, a listed name, stays as before
    assert normalized_text(pipeline.analyze("המשטרה עצרה חשוד מכפר כנא.")).split()[-2] == "כנא"
    assert "לציון" in normalized_text(pipeline.analyze("הוא גר בראשון לציון."))


def test_a_construct_noun_before_a_person_is_no_person() -> None:
    # מקורבי ליברמן ("Liberman's associates"): the tagger took מקורבי for a person too
    tokens = [Token("מקורבי", 0, 6, "hebrew", True, [Morpheme("מקורבי", "מקורב", "NOUN", "Definite=Cons|Number=Plur")]),
              Token("ליברמן", 7, 13, "hebrew", True, [Morpheme("ליברמן", "ליברמן", "PROPN")])]
    doc = Document("מקורבי ליברמן", tokens, entities=[Entity("PER", 0, 1, 0, 6, "מקורבי", "מקורבי"),
                                                       Entity("PER", 1, 2, 7, 13, "ליברמן", "ליברמן")])
    keep_names(doc, {}, {})
    assert [e.text for e in doc.entities] == ["ליברמן"]


def test_a_body_running_into_a_listed_town_takes_the_whole_name(pipeline) -> None:
    # the tagger found עיריית קריית, crossing the listed town קריית שמונה
    doc = pipeline.analyze("ראש עיריית קריית שמונה דרש תקציב.")
    assert [(e.label, e.canonical) for e in doc.entities] == [("ORG", "עיריית קריית שמונה")]


def test_a_quoted_name_keeps_its_article(pipeline) -> None:
    # the newspaper הארץ, quoted after ב or after its own mark, is counted as הארץ, not ארץ
    for text in ('לפי דיווח ב"הארץ", השר ישקול את התפטרותו.', 'העיתון "הארץ" פרסם תחקיר.'):
        assert [(e.label, e.canonical) for e in pipeline.analyze(text).entities] == [("ORG", "הארץ")]
    # unquoted, the article is a clitic as ever
    assert [e.canonical for e in pipeline.analyze("בארץ ובעולם.").entities] == ["ארץ"]


def test_a_quoted_product_keeps_its_letters_and_names_its_other_mentions(pipeline) -> None:
    # the lander בראשית: quoted after החללית it is a product, ב inside the quotes its own letter,
    # and its later mentions, unquoted, came out ב + ראשית ("in the beginning")
    doc = pipeline.analyze('החללית "בראשית" התרסקה על הירח. צוות בראשית הודיע כי הנחיתה נכשלה.')
    assert [(e.label, e.canonical) for e in doc.entities] == [("DUC", "בראשית")]
    assert normalized_text(doc).split().count("בראשית") == 2
    assert "ראשית" not in normalized_text(doc).split()
    # with no quoted name in the document, the words are read as ever ("at the beginning of the week")
    assert "ראשית" in normalized_text(pipeline.analyze("בראשית השבוע הודיע הצוות כי הנחיתה נכשלה.")).split()


def test_a_body_keeps_a_participle_after_the_article(pipeline) -> None:
    # לבית החולים שיבא: HTB writes החולים as ה + the participle חלה, and the body was cut to בית
    doc = pipeline.analyze("הנפגעים פונו לבית החולים שיבא בתל השומר.")
    assert "בית" not in [e.canonical for e in doc.entities]


def test_the_adverb_kach_opening_a_quotation_is_no_party(pipeline) -> None:
    # NEMO's train holds the 1990s party כך, mostly in quotation marks of its own
    assert pipeline.analyze('"כך מנצחים את הקורונה", אמר השר.').entities == []
    assert [e.text for e in pipeline.analyze('פעילי "כך" הפגינו אמש.').entities] == ["כך"]


def test_an_adjective_with_the_article_or_a_function_word_is_no_name(pipeline) -> None:
    # the tagger took הבינלאומי ("the international") for a body and אנא ("please") for a person
    doc = pipeline.analyze("פסטיבל הסרטים הבינלאומי בחיפה נפתח אמש בהשתתפות אלפי צופים.")
    assert [(e.text, e.label) for e in doc.entities] == [("בחיפה", "GPE")]
    doc = pipeline.analyze("אם יש לך מיכל מים על גג הבית, אנא דאג לנעילת הכניסה אל הגג.")
    assert "אנא" not in [e.text for e in doc.entities]


@pytest.mark.parametrize("host", [Morpheme("זימי", "זים", "NOUN"), Morpheme("זימי", "זימי", "PROPN")])
def test_a_surname_with_clitic_letters_stays_whole_inside_a_full_name(host: Morpheme) -> None:
    # with hspell the morphology reads ל + the proper noun זימי: still no preposition inside a name
    tokens = [Token("נעמה", 0, 4, "hebrew", True, [Morpheme("נעמה", "נעם", "VERB")]),
              Token("לזימי", 5, 10, "hebrew", True, [Morpheme("ל", "ל", "ADP"), host])]
    doc = Document("נעמה לזימי", tokens, entities=[Entity("PER", 0, 2, 0, 10, "נעמה לזימי", "נעמה לזימי")])
    keep_names(doc, {}, {})
    assert normalized_text(doc) == "נעמה לזימי"


def _two_names(second_host: str) -> Document:
    tokens = [Token("יאיר", 0, 4, "hebrew", True, [Morpheme("יאיר", "יאיר", "PROPN")]),
              Token("ואבנר", 5, 10, "hebrew", True, [Morpheme("ו", "ו", "CCONJ"), Morpheme("אבנר", "אבנר", second_host)])]
    return Document("יאיר ואבנר", tokens, entities=[Entity("PER", 0, 2, 0, 10, "יאיר ואבנר", "יאיר ואבנר")])


def test_two_people_joined_by_and_are_two_mentions() -> None:
    doc = _two_names("PROPN")
    keep_names(doc, {}, {})
    assert [(e.text, e.lemma, e.start) for e in doc.entities] == [("יאיר", "יאיר", 0), ("ואבנר", "אבנר", 5)]


def test_a_common_word_after_and_leaves_the_name() -> None:
    # טראמפ ורעייתו: "and his wife" is no part of the name, nor a name of its own
    doc = _two_names("NOUN")
    keep_names(doc, {}, {})
    assert [e.text for e in doc.entities] == ["יאיר"]


def test_a_body_keeps_its_and() -> None:
    tokens = [Token("משרד", 0, 4, "hebrew", True, [Morpheme("משרד", "משרד", "NOUN")]),
              Token("העבודה", 5, 11, "hebrew", True, [Morpheme("ה", "ה", "DET"), Morpheme("עבודה", "עבודה", "NOUN")]),
              Token("והרווחה", 12, 19, "hebrew", True, [Morpheme("ו", "ו", "CCONJ"), Morpheme("ה", "ה", "DET"),
                                                        Morpheme("רווחה", "רווחה", "NOUN")])]
    text = "משרד העבודה והרווחה"
    doc = Document(text, tokens, entities=[Entity("ORG", 0, 3, 0, 19, text, text)])
    keep_names(doc, {}, {})
    assert [e.text for e in doc.entities] == [text]


def _one_body(words: list[tuple[str, list[Morpheme]]]) -> Document:
    """A document of ``words`` (form, morphemes), tagged as one body, after the names stage."""
    tokens, at = [], 0
    for form, morphemes in words:
        tokens.append(Token(form, at, at + len(form), "hebrew", True, morphemes))
        at += len(form) + 1
    text = " ".join(form for form, _ in words)
    doc = Document(text, tokens, entities=[Entity("ORG", 0, len(words), 0, len(text), text, text)])
    keep_names(doc, {}, {})
    return doc


def test_a_body_loses_the_verb_the_tagger_ran_it_into() -> None:
    doc = _one_body([("משרד", [Morpheme("משרד", "משרד", "NOUN")]),
                     ("הבריאות", [Morpheme("ה", "ה", "DET"), Morpheme("בריאות", "בריאות", "NOUN")]),
                     ("קורא", [Morpheme("קורא", "קרא", "VERB")])])
    assert [(e.text, e.last, e.end) for e in doc.entities] == [("משרד הבריאות", 2, 12)]


def test_a_body_ends_before_a_verb_inside_it() -> None:
    # בקיבוץ סעד נערך טקס ("a ceremony was held at kibbutz Sa'ad"): the tagger ran the body on
    # through the verb to the noun after it, which trimming only the end left in
    doc = _one_body([("סעד", [Morpheme("סעד", "סעד", "PROPN")]),
                     ("נערך", [Morpheme("נערך", "נערך", "VERB", "Tense=Past")]),
                     ("טקס", [Morpheme("טקס", "טקס", "NOUN")])])
    assert [e.text for e in doc.entities] == ["סעד"]


def test_a_surname_read_as_a_verb_stays_in_a_person_name() -> None:
    tokens = [Token("יצחק", 0, 4, "hebrew", True, [Morpheme("יצחק", "יצחק", "PROPN")]),
              Token("פרץ", 5, 8, "hebrew", True, [Morpheme("פרץ", "פרץ", "VERB")])]
    doc = Document("יצחק פרץ", tokens, entities=[Entity("PER", 0, 2, 0, 8, "יצחק פרץ", "יצחק פרץ")])
    keep_names(doc, {}, {})
    assert [e.text for e in doc.entities] == ["יצחק פרץ"]


def _person_run(second: str, morphemes: list[Morpheme]) -> Document:
    text = f"נתניהו {second}"
    tokens = [Token("נתניהו", 0, 6, "hebrew", True, [Morpheme("נתניהו", "נתניהו", "PROPN")]),
              Token(second, 7, 7 + len(second), "hebrew", True, morphemes)]
    return Document(text, tokens, entities=[Entity("PER", 0, 2, 0, len(text), text, text)])


def test_a_name_behind_a_preposition_is_a_mention_of_its_own() -> None:
    # ניגש נתניהו לבנט: the tagger ran two people together; בנט is on the surname list
    doc = _person_run("לבנט", [Morpheme("לבנט", "לבנט", "PROPN")])
    keep_names(doc, {}, {}, {"בנט": "PER-last"})
    assert [(e.label, e.text, e.lemma) for e in doc.entities] == [("PER", "נתניהו", "נתניהו"), ("PER", "לבנט", "בנט")]
    assert normalized_text(doc) == "נתניהו בנט"
    # a place seen in training takes its own type: פוטין בקרמלין
    doc = _person_run("בקרמלין", [Morpheme("בקרמלין", "בקרמלין", "PROPN")])
    keep_names(doc, {"קרמלין": "FAC"}, {})
    assert [(e.label, e.lemma) for e in doc.entities] == [("PER", "נתניהו"), ("FAC", "קרמלין")]
    # ... and after the relative ש: פוטין שבקרמלין (issue 11), read as ש + ב + קרמלין
    doc = _person_run("שבקרמלין", [Morpheme("שבקרמלין", "שבקרמלין", "PROPN")])
    keep_names(doc, {"קרמלין": "FAC"}, {})
    assert [(e.label, e.lemma) for e in doc.entities] == [("PER", "נתניהו"), ("FAC", "קרמלין")]
    assert [m.form for m in doc.tokens[1].morphemes] == ["ש", "ב", "קרמלין"]
    assert normalized_text(doc) == "נתניהו קרמלין"


def test_a_surname_that_is_a_name_itself_is_not_cut() -> None:
    # לוי is a surname on the list, though ל + וי would be one too
    doc = _person_run("לוי", [Morpheme("לוי", "לוי", "PROPN")])
    keep_names(doc, {}, {}, {"לוי": "PER-last", "וי": "PER-last"})
    assert [e.text for e in doc.entities] == ["נתניהו לוי"]
    # nor a word whose rest is no known name
    doc = _person_run("מרגי", [Morpheme("מרגי", "מרגי", "PROPN")])
    keep_names(doc, {}, {}, {"בנט": "PER-last"})
    assert [e.text for e in doc.entities] == ["נתניהו מרגי"]


def test_a_name_takes_the_form_its_document_writes_after_clitics() -> None:
    # the tagger found היורוליג once, read whole; the morphology split ה off another היורוליג
    tokens = [Token("היורוליג", 0, 8, "hebrew", True, [Morpheme("היורוליג", "היורוליג", "PROPN")]),
              Token("והיורוליג", 9, 18, "hebrew", True, [Morpheme("ו", "ו", "CCONJ"), Morpheme("ה", "ה", "DET"),
                                                        Morpheme("יורוליג", "יורוליג", "NOUN")])]
    doc = Document("היורוליג והיורוליג", tokens, entities=[Entity("ORG", 0, 1, 0, 8, "היורוליג", "היורוליג")])
    keep_names(doc, {}, {})
    assert doc.entities[0].lemma == "יורוליג"
    assert normalized_text(doc) == "יורוליג יורוליג"
    # a word the document never writes after clitics keeps its letters
    doc = Document("הרצל", [Token("הרצל", 0, 4, "hebrew", True, [Morpheme("הרצל", "הרצל", "PROPN")])],
                   entities=[Entity("PER", 0, 1, 0, 4, "הרצל", "הרצל")])
    keep_names(doc, {}, {})
    assert doc.entities[0].lemma == "הרצל"


def test_only_the_article_is_taken_off_for_a_word_the_document_writes_otherwise() -> None:
    # שרון beside ורון (ו + רון): Sharon is no ש + רון
    tokens = [Token("שרון", 0, 4, "hebrew", True, [Morpheme("שרון", "שרון", "PROPN")]),
              Token("ורון", 5, 9, "hebrew", True, [Morpheme("ו", "ו", "CCONJ"), Morpheme("רון", "רון", "PROPN")])]
    doc = Document("שרון ורון", tokens, entities=[Entity("PER", 0, 1, 0, 4, "שרון", "שרון")])
    keep_names(doc, {}, {})
    assert doc.entities[0].lemma == "שרון"


def test_a_name_keeps_no_article_the_morphology_left_behind_its_clitics() -> None:
    # ומהכנסת read as ו + מ + הכנסת: the article stays on a name seen in training (כנסת)
    token = Token("ומהכנסת", 0, 7, "hebrew", True, [Morpheme("ו", "ו", "CCONJ"), Morpheme("מ", "מ", "ADP"),
                                                    Morpheme("הכנסת", "הכנסת", "PROPN")])
    doc = Document("ומהכנסת", [token], entities=[Entity("ORG", 0, 1, 0, 7, "ומהכנסת", "ומהכנסת")])
    keep_names(doc, {"כנסת": "ORG"}, {})
    assert doc.entities[0].lemma == "כנסת"
    assert normalized_text(doc) == "כנסת"
    # a name that starts with ה is left whole when the rest is no name (להדסה: הדסה)
    token = Token("להדסה", 0, 5, "hebrew", True, [Morpheme("ל", "ל", "ADP"), Morpheme("הדסה", "הדסה", "PROPN")])
    doc = Document("להדסה", [token], entities=[Entity("ORG", 0, 1, 0, 5, "להדסה", "להדסה")])
    keep_names(doc, {"כנסת": "ORG"}, {})
    assert doc.entities[0].lemma == "הדסה"
    # any clitic letter left on, not only the article: שבקרמלין read as ש + בקרמלין (issue 11)
    token = Token("שבקרמלין", 0, 8, "hebrew", True, [Morpheme("ש", "ש", "SCONJ"),
                                                     Morpheme("בקרמלין", "בקרמלין", "PROPN")])
    doc = Document("שבקרמלין", [token], entities=[Entity("GPE", 0, 1, 0, 8, "שבקרמלין", "שבקרמלין")])
    keep_names(doc, {"קרמלין": "FAC"}, {})
    assert doc.entities[0].lemma == "קרמלין"
    assert [m.form for m in doc.tokens[0].morphemes] == ["ש", "ב", "קרמלין"]
    # ... one letter only: השוצפת ("the raging") is no ה + ש + ו + צפת
    token = Token("השוצפת", 0, 6, "hebrew", True, [Morpheme("ה", "ה", "DET"), Morpheme("שוצפת", "שוצפת", "PROPN")])
    doc = Document("השוצפת", [token], entities=[Entity("GPE", 0, 1, 0, 6, "השוצפת", "השוצפת")])
    keep_names(doc, {"צפת": "GPE"}, {})
    assert doc.entities[0].lemma == "שוצפת"
    # ... and not down to a name of two letters (בגן is no ב + גן)
    token = Token("לבגן", 0, 4, "hebrew", True, [Morpheme("ל", "ל", "ADP"), Morpheme("בגן", "בגן", "PROPN")])
    doc = Document("לבגן", [token], entities=[Entity("PER", 0, 1, 0, 4, "לבגן", "לבגן")])
    keep_names(doc, {"גן": "LOC"}, {})
    assert doc.entities[0].lemma == "בגן"
    # ... and a preposition only before what the morphology read as a proper noun: המערבית is
    # ה + מערבית ("the Western [wall]"), not ה + מ + ערבית (an entity read as the article and an
    # adjective is no name at all: drop_non_names)
    token = Token("המערבית", 0, 7, "hebrew", True, [Morpheme("ה", "ה", "DET"), Morpheme("מערבית", "מערבית", "NOUN")])
    doc = Document("המערבית", [token], entities=[Entity("ORG", 0, 1, 0, 7, "המערבית", "המערבית")])
    keep_names(doc, {"ערבית": "ANG"}, {})
    assert doc.entities[0].lemma == "מערבית"


def test_a_name_seen_with_its_clitics_in_training_still_loses_them() -> None:
    # training's names hold בשטחים as well as שטחים; the morphology reads ב + ה + שטחים
    token = Token("בשטחים", 0, 6, "hebrew", True, [Morpheme("ב", "ב", "ADP"), Morpheme("ה", "ה", "DET"),
                                                   Morpheme("שטחים", "שטח", "NOUN")])
    doc = Document("בשטחים", [token], entities=[Entity("LOC", 0, 1, 0, 6, "בשטחים", "בשטחים")])
    keep_names(doc, {"בשטחים": "LOC", "שטחים": "LOC"}, {})
    assert doc.entities[0].lemma == "שטחים"
    assert normalized_text(doc) == "שטחים"


def test_clitic_letters_come_off_a_name_only_in_the_order_hebrew_writes_them() -> None:
    # הוקינג (Hawking) is no ה + ו + קינג: the article never stands before the conjunction
    token = Token("הוקינג", 0, 6, "hebrew", True, [Morpheme("הוקינג", "הוקינג", "PROPN")])
    doc = Document("הוקינג", [token], entities=[Entity("PER", 0, 1, 0, 6, "הוקינג", "הוקינג")])
    keep_names(doc, {"קינג": "PER"}, {})
    assert doc.entities[0].lemma == "הוקינג"
    # ו before the article is a chain Hebrew writes (והקרמלין: קרמלין)
    token = Token("והקרמלין", 0, 8, "hebrew", True, [Morpheme("והקרמלין", "והקרמלין", "PROPN")])
    doc = Document("והקרמלין", [token], entities=[Entity("FAC", 0, 1, 0, 8, "והקרמלין", "והקרמלין")])
    keep_names(doc, {"קרמלין": "FAC"}, {})
    assert doc.entities[0].lemma == "קרמלין"


def test_a_listed_name_that_looks_prefixed_stays_whole() -> None:
    # בשאר אסד: the morphology read בשאר as ב + שאר ("the rest"); the name lists know בשאר
    tokens = [Token("בשאר", 0, 4, "hebrew", True, [Morpheme("ב", "ב", "ADP"), Morpheme("שאר", "שאר", "DET")]),
              Token("אסד", 5, 8, "hebrew", True, [Morpheme("אסד", "אסד", "PROPN")])]
    doc = Document("בשאר אסד", tokens, entities=[Entity("PER", 0, 2, 0, 8, "בשאר אסד", "בשאר אסד")])
    keep_names(doc, {"אסד": "PER"}, {"בשאר": 8}, {"בשאר": "PER-first"})
    assert doc.entities[0].lemma == "בשאר אסד"
    assert normalized_text(doc) == "בשאר אסד"
    # a listed form that is a clitic before another listed name is still stripped (לדוד: דוד)
    tokens = [Token("לדוד", 0, 4, "hebrew", True, [Morpheme("ל", "ל", "ADP"), Morpheme("דוד", "דוד", "PROPN")])]
    doc = Document("לדוד", tokens, entities=[Entity("PER", 0, 1, 0, 4, "לדוד", "לדוד")])
    keep_names(doc, {}, {}, {"לדוד": "PER-last", "דוד": "PER-first"})
    assert doc.entities[0].lemma == "דוד"


def test_a_listed_place_behind_clitics_loses_them_but_a_listed_person_does_not() -> None:
    # ביפן read whole as a name: יפן is a listed country
    doc = Document("ביפן", [Token("ביפן", 0, 4, "hebrew", True, [Morpheme("ביפן", "ביפן", "PROPN")])],
                   entities=[Entity("GPE", 0, 1, 0, 4, "ביפן", "ביפן")])
    keep_names(doc, {}, {}, {"יפן": "COUNTRY"})
    assert doc.entities[0].lemma == "יפן"
    # ווינר, an unlisted surname, is not ו + the listed וינר
    doc = Document("ווינר", [Token("ווינר", 0, 5, "hebrew", True, [Morpheme("ווינר", "ווינר", "PROPN")])],
                   entities=[Entity("PER", 0, 1, 0, 5, "ווינר", "ווינר")])
    keep_names(doc, {}, {}, {"וינר": "PER-last"})
    assert doc.entities[0].lemma == "ווינר"


def test_one_written_form_takes_one_stem_in_a_document() -> None:
    # the morphology read the first ביטוניה whole and split the second (ב + יטוניה): both mentions
    # of the same written form get the split one
    tokens = [Token("בביטוניה", 0, 8, "hebrew", True, [Morpheme("בביטוניה", "בביטוניה", "PROPN")]),
              Token("בביטוניה", 9, 17, "hebrew", True, [Morpheme("ב", "ב", "ADP"),
                                                        Morpheme("ביטוניה", "ביטוניה", "PROPN")])]
    doc = Document("בביטוניה בביטוניה", tokens, entities=[Entity("GPE", 0, 1, 0, 8, "בביטוניה", "בביטוניה"),
                                                         Entity("GPE", 1, 2, 9, 17, "בביטוניה", "בביטוניה")])
    keep_names(doc, {}, {})
    assert [e.lemma for e in doc.entities] == ["ביטוניה", "ביטוניה"]
    assert normalized_text(doc) == "ביטוניה ביטוניה"


def test_a_form_a_persons_full_name_keeps_whole_is_whole_in_every_mention() -> None:
    # ליונל מסי, then מסי read as מ + סי (training knows a name סי): the later mention came out סי
    tokens = [Token("ליונל", 0, 5, "hebrew", True, [Morpheme("ליונל", "ליונל", "PROPN")]),
              Token("מסי", 6, 9, "hebrew", True, [Morpheme("מסי", "מסי", "PROPN")]),
              Token("אמר", 10, 13, "hebrew", True, [Morpheme("אמר", "אמר", "VERB")]),
              Token("מסי", 14, 17, "hebrew", True, [Morpheme("מ", "מ", "ADP"), Morpheme("סי", "סי", "PROPN")])]
    doc = Document("ליונל מסי אמר מסי", tokens, entities=[Entity("PER", 0, 2, 0, 9, "ליונל מסי", "ליונל מסי"),
                                                         Entity("PER", 3, 4, 14, 17, "מסי", "מסי")])
    keep_names(doc, {"סי": "ORG"}, {})
    assert [e.lemma for e in doc.entities] == ["ליונל מסי", "מסי"]
    assert normalized_text(doc) == "ליונל מסי אמר מסי"


def test_a_listed_place_inside_a_body_keeps_its_written_form() -> None:
    # עיריית נתיבות is a body (NEMO's ORG), whose common words keep their lemma; the town in it is
    # a name (it came out נתיבה, "path")
    tokens = [Token("עיריית", 0, 6, "hebrew", True, [Morpheme("עיריית", "עירייה", "NOUN")]),
              Token("נתיבות", 7, 13, "hebrew", True, [Morpheme("נתיבות", "נתיבה", "NOUN")])]
    doc = Document("עיריית נתיבות", tokens, entities=[Entity("ORG", 0, 2, 0, 13, "עיריית נתיבות", "עיריית נתיבות")])
    keep_names(doc, {}, {}, {"נתיבות": "CITY"})
    assert normalized_text(doc) == "עירייה נתיבות"


def _before_a_person(first: str, morphemes: list[Morpheme]) -> Document:
    text = f"{first} אסד"
    tokens = [Token(first, 0, len(first), "hebrew", True, morphemes),
              Token("אסד", len(first) + 1, len(text), "hebrew", True, [Morpheme("אסד", "אסד", "PROPN")])]
    return Document(text, tokens, entities=[Entity("PER", 1, 2, len(first) + 1, len(text), "אסד", "אסד")])


def test_a_listed_first_name_before_a_person_joins_the_name() -> None:
    # בשאר אסד: the tagger leaves out בשאר, a common word ("in the rest of") and a first name
    doc = _before_a_person("בשאר", [Morpheme("ב", "ב", "ADP"), Morpheme("שאר", "שאר", "NOUN")])
    keep_names(doc, {"אסד": "PER"}, {"בשאר": 8}, {"בשאר": "PER-first"})
    assert [(e.label, e.first, e.text, e.lemma) for e in doc.entities] == [("PER", 0, "בשאר אסד", "בשאר אסד")]
    assert normalized_text(doc) == "בשאר אסד"
    # not a word listed as a surname too, nor one seen in training as another kind of name
    for lists, known in (({"בשאר": "PER-both"}, {}), ({"בשאר": "PER-first"}, {"בשאר": "GPE"})):
        doc = _before_a_person("בשאר", [Morpheme("ב", "ב", "ADP"), Morpheme("שאר", "שאר", "NOUN")])
        keep_names(doc, {"אסד": "PER", **known}, {"בשאר": 8}, lists)
        assert [e.text for e in doc.entities] == ["אסד"]
    # nor a commoner word (היא before a name), nor one read as a verb (מינה שרון: "appointed")
    doc = _before_a_person("היא", [Morpheme("היא", "הוא", "PRON")])
    keep_names(doc, {"אסד": "PER"}, {"היא": 13}, {"היא": "PER-first"})
    assert [e.text for e in doc.entities] == ["אסד"]
    doc = _before_a_person("מינה", [Morpheme("מינה", "מינה", "VERB")])
    keep_names(doc, {"אסד": "PER"}, {"מינה": 8}, {"מינה": "PER-first"})
    assert [e.text for e in doc.entities] == ["אסד"]


def test_a_later_mention_written_as_a_name_keeps_the_name_the_morphology_respelled(pipeline) -> None:
    # the singer מתי כספי: training has the name כספי under the lemma כסף, and a later mention the
    # tagger left out came out כסף
    doc = pipeline.analyze("הזמר מתי כספי הופיע אמש בתל אביב, וקהל גדול הגיע לשמוע את כספי.")
    assert normalized_text(doc).split().count("כספי") == 2
    assert "כסף" not in normalized_text(doc).split()


def test_a_listed_name_read_as_a_verb_right_after_a_preposition_is_a_name(pipeline) -> None:
    # נפגש עם יעקוב: יעקוב came out the verb עקב ("will track"); no verb follows a preposition
    words = normalized_text(pipeline.analyze("השר נפגש אתמול עם יעקוב.")).split()
    assert "יעקוב" in words and "עקב" not in words
    # after a preposition that opens a clause the verb stays (עד יעבור זעם), and so does one
    # after a preposition that the lists do not have as a person's name
    for before, lists in (("עד", {"יעבור": "PER-first"}), ("עם", {})):
        doc = Document(f"{before} יעבור", [Token(before, 0, len(before), "hebrew", True, [Morpheme(before, before, "ADP")]),
                                          Token("יעבור", len(before) + 1, len(before) + 6, "hebrew", True,
                                                [Morpheme("יעבור", "עבר", "VERB", "Tense=Fut")])])  # fmt: skip
        names_after_prepositions(doc, lists)
        assert doc.tokens[1].morphemes[0].lemma == "עבר"
    doc = Document("עם יעבור", [Token("עם", 0, 2, "hebrew", True, [Morpheme("עם", "עם", "ADP")]),
                                Token("יעבור", 3, 8, "hebrew", True, [Morpheme("יעבור", "עבר", "VERB", "Tense=Fut")])])
    names_after_prepositions(doc, {"יעבור": "PER-first"})
    assert (doc.tokens[1].morphemes[0].lemma, doc.tokens[1].morphemes[0].upos) == ("יעבור", "PROPN")


def test_an_entity_ends_before_a_preposition(pipeline) -> None:
    # וושינגטון מול בוסטון: the tagger ran the team on into מול ("against")
    doc = pipeline.analyze("דני אבדיה קלע 20 נקודות במשחק של וושינגטון מול בוסטון.")
    assert "וושינגטון" in [e.text for e in doc.entities]
    assert not any(e.text.endswith("מול") for e in doc.entities)
    # a name whose word before the preposition is one too stays whole (אל על)
    tokens = [Token("אל", 0, 2, "hebrew", True, [Morpheme("אל", "אל", "ADP")]),
              Token("על", 3, 5, "hebrew", True, [Morpheme("על", "על", "ADP")])]
    doc = Document("אל על", tokens, entities=[Entity("ORG", 0, 2, 0, 5, "אל על", "אל על")])
    keep_names(doc, {}, {}, {})
    assert [e.text for e in doc.entities] == ["אל על"]


def test_a_listed_country_alone_is_a_place_not_a_person(pipeline) -> None:
    # תייצג את ישראל: ישראל is a first name too, and the tagger took it for a person
    doc = pipeline.analyze("הזמרת נועה קירל תייצג את ישראל באירוויזיון.")
    assert ("ישראל", "GPE") in [(e.text, e.label) for e in doc.entities]
    # a person whose first name is a country stays a person
    doc = pipeline.analyze('שר הביטחון ישראל כ"ץ הורה לצבא להתכונן.')
    assert ('ישראל כ"ץ', "PER") in [(e.text, e.label) for e in doc.entities]


def _person_then(second: str, morphemes: list[Morpheme]) -> Document:
    text = f"אהרן {second}"
    tokens = [Token("אהרן", 0, 4, "hebrew", True, [Morpheme("אהרן", "אהרן", "PROPN")]),
              Token(second, 5, len(text), "hebrew", True, morphemes)]
    return Document(text, tokens, entities=[Entity("PER", 0, 1, 0, 4, "אהרן", "אהרן")])


def test_a_proper_noun_after_a_listed_name_alone_joins_the_person() -> None:
    # אהרן ברק: the tagger left out ברק ("lightning" too), which the morphology reads as a name
    doc = _person_then("ברק", [Morpheme("ברק", "ברק", "PROPN")])
    keep_names(doc, {}, {}, {"אהרן": "PER-last"})
    assert [(e.label, e.text) for e in doc.entities] == [("PER", "אהרן ברק")]
    # not a common noun, a word with clitics, a name training saw as a place, nor after an
    # unlisted word
    for morphemes, known, lists in (([Morpheme("ברק", "ברק", "NOUN")], {}, {"אהרן": "PER-last"}),
                                    ([Morpheme("ב", "ב", "ADP"), Morpheme("רק", "רק", "PROPN")], {}, {"אהרן": "PER-last"}),
                                    ([Morpheme("ברק", "ברק", "PROPN")], {"ברק": "GPE"}, {"אהרן": "PER-last"}),
                                    ([Morpheme("ברק", "ברק", "PROPN")], {}, {})):  # fmt: skip
        doc = _person_then("ברק", morphemes)
        keep_names(doc, known, {}, lists)
        assert [e.text for e in doc.entities] == ["אהרן"]


def test_a_later_mention_by_the_surname_takes_no_name_after_it(pipeline) -> None:
    # חדד שרה: "Haddad sang", not a person חדד שרה (שרה is a name too)
    doc = pipeline.analyze("הזמרת שרית חדד הופיעה בקיסריה. חדד שרה את להיטיה.")
    assert [(e.label, e.text) for e in doc.entities if e.label == "PER"] == [("PER", "שרית חדד"), ("PER", "חדד")]


def test_an_entity_ends_before_a_relative_clause() -> None:
    # כרמל שבמדינת ישראל: the tagger ran the place into the clause after it
    words = [("כרמל", [Morpheme("כרמל", "כרמל", "PROPN")]),
             ("שבמדינת", [Morpheme("ש", "ש", "SCONJ"), Morpheme("ב", "ב", "ADP"), Morpheme("מדינת", "מדינה", "NOUN")])]
    tokens, at = [], 0
    for form, morphemes in words:
        tokens.append(Token(form, at, at + len(form), "hebrew", True, morphemes))
        at += len(form) + 1
    text = " ".join(form for form, _ in words)
    for label, kept in (("LOC", "כרמל"), ("WOA", text)):  # a title keeps its clause
        doc = Document(text, list(tokens), entities=[Entity(label, 0, 2, 0, len(text), text, text)])
        keep_names(doc, {}, {})
        assert [e.text for e in doc.entities] == [kept]


def test_a_listed_name_does_not_lose_an_article_or_k_to_another_listed_name() -> None:
    # כספי (a surname) is no כ + ספי (a first name): כ and the article seldom stand before a name
    token = Token("כספי", 0, 4, "hebrew", True, [Morpheme("כספי", "כסף", "NOUN")])
    doc = Document("כספי", [token], entities=[Entity("PER", 0, 1, 0, 4, "כספי", "כספי")])
    keep_names(doc, {}, {}, {"כספי": "PER-last", "ספי": "PER-first"})
    assert doc.entities[0].lemma == "כספי" and normalized_text(doc) == "כספי"
    # ... while ב before a listed name still comes off where the morphology split it (בדוד: דוד)
    token = Token("בדוד", 0, 4, "hebrew", True, [Morpheme("ב", "ב", "ADP"), Morpheme("דוד", "דוד", "PROPN")])
    doc = Document("בדוד", [token], entities=[Entity("PER", 0, 1, 0, 4, "בדוד", "בדוד")])
    keep_names(doc, {}, {}, {"בדוד": "PER-last", "דוד": "PER-first"})
    assert doc.entities[0].lemma == "דוד"


def test_a_listed_name_does_not_lose_letters_to_a_name_of_two_letters() -> None:
    # מאי (a first name) came out אי: training's names hold אי, of the letters אי-טי
    token = Token("מאי", 0, 3, "hebrew", True, [Morpheme("מ", "מ", "ADP"), Morpheme("אי", "אי", "NOUN")])
    doc = Document("מאי", [token], entities=[Entity("PER", 0, 1, 0, 3, "מאי", "מאי")])
    keep_names(doc, {"אי": "PER"}, {}, {"מאי": "PER-both"})
    assert doc.entities[0].lemma == "מאי" and normalized_text(doc) == "מאי"


def test_two_people_side_by_side_are_one_name() -> None:
    # סטיוון הוקינג tagged as two people: one name; not after a common noun (ה[יורוליג] פאוליוס ...)
    for first, upos, people in (("סטיוון", "PROPN", ["סטיוון הוקינג"]), ("היורוליג", "NOUN", ["היורוליג", "הוקינג"])):
        text = f"{first} הוקינג"
        tokens = [Token(first, 0, len(first), "hebrew", True, [Morpheme(first, first, upos)]),
                  Token("הוקינג", len(first) + 1, len(text), "hebrew", True, [Morpheme("הוקינג", "הוקינג", "PROPN")])]
        doc = Document(text, tokens, entities=[Entity("PER", 0, 1, 0, len(first), first, first),
                                               Entity("PER", 1, 2, len(first) + 1, len(text), "הוקינג", "הוקינג")])
        keep_names(doc, {}, {})
        assert [e.text for e in doc.entities] == people


@pytest.mark.parametrize(("form", "frequency", "expected"), [
    ("בטהרן", {"טהרן": 6, "בטהרן": 5}, "טהרן"),  # the rest is the commoner word
    ("ומטהרן", {"טהרן": 6, "מטהרן": 4}, "טהרן"),  # the commonest rest, not the first one
    ("מצרים", {"מצרים": 10, "צרים": 7}, "מצרים"),  # the whole word is the commoner
    ("וויאס", {"ויאס": 3}, "וויאס"),  # a foreign name's double vav, no conjunction
    ("שלומי", {"שלומי": 8, "ומי": 10}, "שלומי"),  # של stands apart before a place
])
def test_a_one_word_place_loses_clitic_letters_that_hide_a_commoner_word(form, frequency, expected) -> None:
    tokens = [Token(form, 0, len(form), "hebrew", True, [Morpheme(form, form, "PROPN")])]
    doc = Document(form, tokens, entities=[Entity("GPE", 0, 1, 0, len(form), form, form)])
    keep_names(doc, {}, frequency)
    assert normalized_text(doc) == expected
    assert doc.entities[0].lemma == expected


def test_a_preposition_the_tagger_took_for_a_name_is_no_entity(pipeline) -> None:
    # בגין תקיפת נהג: "for assaulting a driver", tagged the person Begin
    doc = pipeline.analyze("הוגש כתב אישום נגד שני צעירים בגין תקיפת נהג אוטובוס.")
    assert "בגין" not in [e.text for e in doc.entities]
    doc = pipeline.analyze("מנחם בגין חתם על ההסכם.")
    assert ("PER", "מנחם בגין") in [(e.label, e.text) for e in doc.entities]


def test_a_body_ends_before_and_with_a_preposition_the_name_has_not_had(pipeline) -> None:
    # הרשות הפלסטינית ובאיחוד האמירויות: two names, one entity
    doc = pipeline.analyze("הוא נפגש עם נציגי הרשות הפלסטינית ובאיחוד האמירויות.")
    texts = [e.text for e in doc.entities]
    assert "הרשות הפלסטינית" in texts and not any("ובאיחוד" in t and "הרשות" in t for t in texts)
    # a body whose later word repeats its preposition stays whole
    doc = pipeline.analyze("המועצה הארצית לתכנון ולבנייה אישרה את התוכנית.")
    assert "המועצה הארצית לתכנון ולבנייה" in [e.text for e in doc.entities]


def test_a_first_name_right_after_a_relative_is_a_person(pipeline) -> None:
    # נתניהו ורעייתו שרה: the entity model left out שרה ("minister", "sang")
    doc = pipeline.analyze("ראש הממשלה נתניהו ורעייתו שרה נחתו בוושינגטון.")
    assert ("PER", "שרה") in [(e.label, e.text) for e in doc.entities]
    # not a word that is no first name
    doc = pipeline.analyze("הוא ורעייתו נחתו הבוקר.")
    assert not [e for e in doc.entities if e.label == "PER" and e.text != "הוא"]


def test_a_bodys_generic_noun_alone_is_no_entity(pipeline) -> None:
    # המשרד ("the ministry") of a ministry named before: the tagger took the noun for a body
    doc = pipeline.analyze("משרד הבריאות דיווח על מקרים חדשים, והמשרד קורא להורים לחסן. המשרד הודיע כי יבדוק.")
    assert [e.canonical for e in doc.entities] == ["משרד הבריאות"]
    # a longer name that starts with such a word stays
    doc = pipeline.analyze("הזמרת קרן פלס הופיעה אמש בקיסריה.")
    assert "קרן פלס" in {e.canonical for e in doc.entities}


def test_a_verb_is_no_word_of_a_place_or_the_end_of_a_person(pipeline) -> None:
    # ברח ("fled"), which HTB also writes for ב + רח' ("in St."): ברח מהמקום came out a place
    assert not pipeline.analyze("המחבל ברח מהמקום.").entities
    doc = pipeline.analyze("אסד ברח למוסקבה.")
    assert [e.canonical for e in doc.entities] == ["אסד", "מוסקבה"]
    # גולן הגיבה ("Golan responded") came out one person
    doc = pipeline.analyze("אליהו אמר כי לא יתפטר. גולן הגיבה בחריפות.")
    assert [e.text for e in doc.entities] == ["אליהו", "גולן"]


def test_a_rare_listed_first_name_and_surname_are_a_person(pipeline) -> None:
    # יעקוב שרעבי opening a sentence came out עקב ("heel") and ש + רעב ("that hungry"): the issue's
    doc = pipeline.analyze("יעקוב שרעבי נעצר בשדרות. שרעבי הובא לחקירה.")
    assert [(e.label, e.canonical) for e in doc.entities if e.label == "PER"] == [("PER", "יעקוב שרעבי")] * 2
    assert normalized_text(doc).split()[:2] == ["יעקוב", "שרעבי"]
    # common words on the lists are no person (רימון גז, "a gas grenade")
    assert not pipeline.analyze("הוא נפגע מרימון גז מדמיע.").entities


def test_the_charge_of_breach_of_trust_is_no_entity(pipeline) -> None:
    # מרמה והפרת אמונים: the tagger took the charge for a body (NEMO's גוש אמונים)
    doc = pipeline.analyze("העבירות המיוחסות לו כוללות שוחד, מרמה והפרת אמונים.")
    assert not [e for e in doc.entities if "אמונים" in e.text]
