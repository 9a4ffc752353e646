"""Keywords: distinctive lemmas and bigrams, no stop words, no outlet boilerplate."""

from __future__ import annotations

from iton.analysis.keywords import Background, keywords, terms
from iton.corpus.article import Article


def _rec(i, lemmas, outlet="a"):
    return Article(id=str(i), body="", lemmas=lemmas.split(), outlet=outlet)


def test_terms_skip_stop_words_and_numbers():
    counts = terms("את הפסקה אש של 2021 ממשלה".split())
    assert "את" not in counts and "של" not in counts and "2021" not in counts
    assert counts["הפסקה אש"] == 1
    assert "אש ממשלה" not in counts  # not adjacent in the text: של and a number stand between


def test_article_keywords_prefer_distinctive_terms():
    corpus = [
        _rec(1, "גשר חדש חיפה גשר קישון נחל נחל"),
        _rec(2, "גשם כבד צפון גשם כביש"),
        _rec(3, "ממשלה כנסת הצבעה ממשלה"),
        _rec(4, "ממשלה שר אוצר תקציב"),
    ]
    bg = Background(corpus)
    top = [k.term for k in keywords([corpus[0]], bg, 3)]
    assert top[0] in ("גשר", "נחל")
    assert "ממשלה" not in top


def test_boilerplate_of_an_outlet_is_left_out():
    corpus = [_rec(i, f"הירשמו ניוזלטר נושא{i} מילה{i}", outlet="x") for i in range(6)]
    corpus += [_rec(10 + i, f"נושא{i} אחר{i}", outlet="y") for i in range(6)]
    bg = Background(corpus)
    terms_ = [k.term for k in keywords([corpus[0]], bg, 5)]
    assert "ניוזלטר" not in terms_ and "הירשמו" not in terms_
    assert "נושא0" in terms_ or "מילה0" in terms_


def test_story_keywords_prefer_repeated_bigrams():
    story = [_rec(1, "הפסקה אש עזה קבינט"), _rec(2, "קבינט אישר הפסקה אש"), _rec(3, "הפסקה אש נכנסה")]
    other = [_rec(9, "גשם כבד צפון")]
    bg = Background(story + other)
    top = keywords(story, bg, 3)
    assert top[0].term == "הפסקה אש" and top[0].count == 3
    assert all(k.term not in ("הפסקה", "אש") for k in top)


def test_generic_words_of_the_corpus_are_left_out():
    # דיווח-like filler in every article of a 40-article corpus: generic there, whatever its idf.
    corpus = [_rec(i, f"הודעה נושא{i % 20} פרט{i}") for i in range(40)]
    bg = Background(corpus)
    assert "הודעה" not in [k.term for k in keywords(corpus[:5], bg, 10)]


def test_a_repeated_three_word_phrase_is_one_keyphrase():
    story = [_rec(1, "ועדה חוץ ביטחון דנה תקציב", "a"), _rec(2, "ועדה חוץ ביטחון אישרה", "b"),
             _rec(3, "דיון ועדה חוץ ביטחון", "c")]
    bg = Background(story + [_rec(9, "גשם כבד צפון", "d"), _rec(8, "ועדה כספים תקציב", "e")])
    top = [k.term for k in keywords(story, bg, 3)]
    assert top[0] == "ועדה חוץ ביטחון"
    assert not {"ועדה חוץ", "חוץ ביטחון", "חוץ", "ביטחון"} & set(top)
