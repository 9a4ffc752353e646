"""Stories: online grouping by time, lemmas and entities; scored on the labelled news-dev groups."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import pytest

from iton.analysis.stories import StoryOptions, StoryTracker, find_stories
from iton.corpus.article import Article, Mention

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "eval"))


def _rec(i, lemmas, published, entities=(), outlet="o"):
    return Article(id=i, body="", lemmas=lemmas.split(), published=published, outlet=outlet,
                   entities=[Mention("PER", e, e) for e in entities])


def test_same_event_joins_and_look_alike_from_another_year_does_not():
    records = [
        _rec("a", "קבינט אישר הפסקה אש עזה מבצע", "2021-05-20", ["בנימין נתניהו"]),
        _rec("b", "הפסקה אש עזה קבינט הצבעה", "2021-05-21", ["בנימין נתניהו"]),
        _rec("c", "הפסקה אש עזה קבינט", "2014-08-26"),
        _rec("d", "גשם כבד צפון הצפה", "2021-05-20"),
    ]
    story_of = {a: s.id for s in find_stories(records) for a in s.articles}
    assert story_of["a"] == story_of["b"]
    assert story_of["c"] != story_of["a"]
    assert story_of["d"] != story_of["a"]


def test_online_tracker_returns_the_story_as_articles_arrive():
    tracker = StoryTracker(StoryOptions(window_days=2))
    s1 = tracker.add(_rec("a", "גשר חיפה קישון פתיחה", "2024-03-10"))
    s2 = tracker.add(_rec("b", "גשר קישון חיפה תנועה", "2024-03-11"))
    s3 = tracker.add(_rec("c", "גשר קישון חיפה", "2024-03-20"))  # outside the window
    assert s1 is s2 and s3 is not s1
    assert s1.to_dict()["articles"] == ["a", "b"] and s1.to_dict()["start"] == "2024-03-10"


def test_a_month_in_the_metadata_yields_to_a_day_of_that_month_in_the_url_or_dateline():
    from iton.analysis.stories import publication_date

    def record(published, url=None, body=""):
        return Article(id="a", body=body, url=url, published=published)

    assert publication_date(record("2020-04", body="תקנות: החל מ-28 באפריל 2020")) == "2020-04-28"
    assert publication_date(record("2020-09", url="https://x.example/2020/09/15/a")) == "2020-09-15"
    # A day outside the month, or a URL that names only the month, leaves the metadata as it is.
    assert publication_date(record("2020-05", body="החל מ-28 באפריל 2020")) == "2020-05"
    assert publication_date(record("2020-09", url="https://x.example/2020/09/a")) == "2020-09"
    assert publication_date(record("2020-09-14", url="https://x.example/2020/09/15/a")) == "2020-09-14"


def test_undated_article_naming_a_year_after_a_dated_story_stays_apart():
    story = [_rec("a", "אסון הר מירון הילולה נמחץ", "2021-04-30", ["הר מירון"]),
             _rec("b", "אסון הר מירון הילולה הרוג", "2021-04-30", ["הר מירון"])]
    later = _rec("c", "אסון הר מירון הילולה 2023", None, ["הר מירון"])
    same = _rec("d", "אסון הר מירון הילולה", None, ["הר מירון"])
    story_of = {a: s.id for s in find_stories(story + [later, same]) for a in s.articles}
    assert story_of["a"] == story_of["b"] == story_of["d"]
    assert story_of["c"] != story_of["a"]


def test_undated_articles_need_more_similarity():
    records = [_rec("a", "גשר חיפה קישון פתיחה טקס", "2024-03-10"), _rec("b", "גשר ירושלים", None)]
    story_of = {a: s.id for s in find_stories(records) for a in s.articles}
    assert story_of["a"] != story_of["b"]


def test_options_are_checked():
    with pytest.raises(ValueError):
        StoryOptions(join_similarity=2.0)


@pytest.mark.slow
def test_news_dev_bcubed(news_dev_path):
    from stories import gold_clusters, load_items, run, score_clusters

    from iton.analysis.records import records_from_items
    from iton.pipeline import Options, load_pipeline

    items = load_items(news_dev_path)
    records = records_from_items(items, load_pipeline(Options(engine="rules")))
    result = score_clusters(gold_clusters(items), run(records, StoryOptions()))
    assert result["bcubed_f1"] >= 0.85, result
    # With the metadata dates removed, as `iton stories` reads a store (no body), the groups are
    # the ones the full text gives: years, weekdays and datelines come through the lemmas.
    undated = [dataclasses.replace(r, published=None) for r in records]
    stored = [dataclasses.replace(r, body="", subtitle=None) for r in undated]
    assert run(stored, StoryOptions()) == run(undated, StoryOptions())


def test_eval_parts_of_a_split_and_of_a_whole_file():
    from stories import parts

    records = [_rec("a", "גשר", "2024-03-10"), _rec("b", "גשר", None)]
    split = parts(records, {"a": "tuning", "b": "unseen"})
    assert list(split) == ["tuning", "tuning_undated", "unseen", "unseen_undated"]
    assert [r.published for r in split["tuning_undated"]] == [None]
    whole = parts(records, {"a": "all", "b": "all"})
    assert list(whole) == ["all", "all_undated"] and [r.id for r in whole["all"]] == ["a", "b"]


def test_scoring_perfect_and_merged():
    from stories import score_clusters

    gold = {"a": "x", "b": "x", "c": "single:c"}
    assert score_clusters(gold, {"a": 1, "b": 1, "c": 2})["bcubed_f1"] == 1.0
    merged = score_clusters(gold, {"a": 1, "b": 1, "c": 1})
    assert merged["bcubed_recall"] == 1.0 and merged["bcubed_precision"] < 1.0


def test_dates_from_url_and_dateline_when_metadata_has_none():
    from iton.analysis.dating import inferred_date

    assert inferred_date("https://news.example/2021/04/30/meron", "") == "2021-04-30"
    assert inferred_date("https://news.example/item-20210613.html", "") == "2021-06-13"
    assert inferred_date("https://news.example/2021/06/gov", "") == "2021-06"
    assert inferred_date(None, "פורסם: 13 ביוני 2021, 22:10\nהכנסת אישרה") == "2021-06-13"
    assert inferred_date("https://news.example/item/2779800", "ראש הממשלה עידכן") is None
    # A date deep in the text is about something else, not the publication.
    assert inferred_date(None, "א" * 400 + " 30.04.2021") is None


def test_specifics_read_years_hebrew_years_and_ordinals():
    from iton.analysis.dating import specifics

    found = specifics('הילולת תשפ"ג במירון; הבחירות לכנסת ה-25 ב-2022. 30.4.2021 אינו שנה')
    assert found.years == {2022, 2023}
    assert found.ordinals == {"נסת": 25}
    assert found.conflicts({2023}, {"נסת": {24}}) and not found.conflicts({2023}, {"נסת": {25}})


def test_a_day_of_the_month_is_not_an_ordinal():
    from iton.analysis.dating import specifics

    text = "עד יום ראשון ה-12.4 בשעה 8:00, ומיום שני ה-13 באפריל; הכנסת ה-23 אישרה"
    assert specifics(text).ordinals == {"נסת": 23}


def test_look_alike_elections_kept_apart_by_their_ordinal_even_undated():
    texts = {"a": "הבחירות לכנסת ה-24: הליכוד הגדולה", "b": "בחירות לכנסת ה-24 הליכוד ראשונה",
             "c": "הבחירות לכנסת ה-25: הליכוד הגדולה"}
    records = [Article(id=i, body=t, lemmas="בחירות כנסת ליכוד גדול".split(), published=None,
                             entities=[Mention("ORG", "ליכוד", "הליכוד")]) for i, t in texts.items()]
    story_of = {a: s.id for s in find_stories(records) for a in s.articles}
    assert story_of["a"] == story_of["b"] != story_of["c"]


def test_undated_article_dated_by_its_url_joins_the_story_of_that_day():
    records = [_rec("a", "גשר חיפה קישון פתיחה טקס", "2024-03-10", ["קישון"]),
               Article(id="b", body="", lemmas="גשר קישון חיפה פתיחה".split(), published=None,
                             url="https://news.example/2024/03/10/bridge", entities=[Mention("LOC", "קישון", "קישון")])]
    [story] = find_stories(records)
    d = story.to_dict()
    assert sorted(d["articles"]) == ["a", "b"] and d["start"] == d["end"] == "2024-03-10"
    assert "קישון" in d["label"] and d["label"].count(" · ") == 2


def test_event_weekday_read_after_a_time_word_in_the_lemmas():
    from iton.analysis.dating import specifics

    # "הקבינט אישר הערב (חמישי)" and "הגיע הערב (יום ג')" as the lemmatizer leaves them.
    assert specifics("", "קבינט אישר הערב חמישי את הפסקה אש".split()).weekdays == {3}
    assert specifics("", "שליט חזר הערב יום ג׳ הביתה".split()).weekdays == {1}
    assert specifics("", "הפסקה אש נכנס תוקף בוקר ב׳".split()).weekdays == {0}
    # "ביום שלישי הבא" names a day to come, not the day of the report.
    assert specifics("", "טקס צפוי התקיים יום שלישי בא".split()).weekdays == set()


def test_weekdays_apart_counts_round_the_week():
    from iton.analysis.dating import weekdays_apart

    tuesday, wednesday, thursday, saturday, sunday = 1, 2, 3, 5, 6
    assert weekdays_apart({tuesday}, {thursday})
    assert not weekdays_apart({tuesday}, {wednesday})
    assert not weekdays_apart({saturday}, {sunday})
    assert not weekdays_apart({tuesday}, {thursday, wednesday})
    assert not weekdays_apart(set(), {thursday})


def test_undated_look_alike_ceasefires_kept_apart_by_the_weekday_of_their_event():
    gaza = ["עזה", "מצרים"]
    records = [
        _rec("thu1", "קבינט אישר הערב חמישי הפסקה אש עזה מצרים יוזמה", None, gaza),
        _rec("thu2", "קבינט מדיני אישר הערב חמישי את הפסקה אש עזה מצרים", None, gaza),
        _rec("tue", "ממשלה קיבל הערב שלישי הפסקה אש עזה מצרים הצעה", None, gaza),
    ]
    story_of = {a: s.id for s in find_stories(records) for a in s.articles}
    assert story_of["thu1"] == story_of["thu2"] != story_of["tue"]


def test_reports_of_adjacent_days_stay_one_story_and_a_date_gives_its_weekday():
    # Monday's arrival and Tuesday's signing are one story; 2020-09-15 was a Tuesday.
    people = ["בנימין נתניהו", "בחריין"]
    records = [
        _rec("mon", "נתניהו נחת בוקר שני וושינגטון טקס חתימה הסכם שלום אמירויות", None, people),
        _rec("tue", "נחתם הסכם שלום אמירויות בית לבן טקס חתימה", "2020-09-15", people),
        _rec("thu", "טקס חתימה הסכם שלום אמירויות הערב חמישי בית לבן", None, people),
    ]
    story_of = {a: s.id for s in find_stories(records) for a in s.articles}
    assert story_of["mon"] == story_of["tue"] != story_of["thu"]


def test_hebrew_year_among_the_lemmas_counts_as_in_the_text():
    from iton.analysis.dating import specifics

    # `iton stories` reads no body: a Hebrew year the lemmatizer kept (תשע״א) must still count.
    lemmas = "שריפה כרמל התרחש חנוכה תשע״א".split()
    assert specifics("", lemmas).years == specifics("השריפה בכרמל התרחשה בחנוכה תשע\"א", ()).years == {2011}


def test_dateline_read_from_the_lemmas_when_the_body_is_not_there():
    from iton.analysis.stories import publication_date

    # `iton stories` reads title and lemmas only: "פורסם: 30.04.2021" and "13 ביוני 2021" as lemmatized.
    stored = Article(id="a", body="", title="אסון במירון", lemmas="פורסם 30.04.2021 אסון מירון".split())
    assert publication_date(stored) == "2021-04-30"
    stored = Article(id="b", body="", title="הממשלה אושרה", lemmas="עודכן 13 יוני 2021 22:10 כנסת".split())
    assert publication_date(stored) == "2021-06-13"
    assert publication_date(Article(id="c", body="", title="סגר", lemmas="סגר שלישי".split())) is None


def test_hebrew_calendar_dateline_dates_an_article():
    from iton.analysis.dating import inferred_date

    assert inferred_date(None, 'יום שישי, כ"ו באב תשע"ד 19:32\nהממשלה קיבלה את ההצעה המצרית') == "2014-08-22"
    assert inferred_date(None, 'עודכן: י"ט בתשרי התשע"ב | גלעד שליט בבית') == "2011-10-17"
    # The lemmas keep it too: "ו' באייר תשפ"א" as the store has it.
    assert inferred_date(None, "כותרת", ["ו׳", "באייר", "תשפ״א", "כנסת"]) == "2021-04-18"
    # A bare Hebrew year is no day: it only sets the year (see specifics).
    assert inferred_date(None, 'הילולת תשפ"ג במירון') is None


def test_iton_stories_over_a_real_store_sees_the_weekday_and_the_hebrew_dateline(tmp_path):
    # The store gives analysis no body: the weekday and the dateline must come through the lemmas.
    # (The rules engine reads "(שלישי)" as ל+ישי, so Sunday stands for another day here.)
    import json

    from iton.analysis import AnalysisOptions, CorpusAnalysis
    from iton.corpus import Corpus, IngestOptions

    articles = [
        {"id": "thu-a", "outlet": "a.example", "body": "הקבינט אישר הערב (חמישי) את הפסקת האש בעזה, 11 ימים לאחר "
         "תחילת המבצע. ראש הממשלה ושר הביטחון יקבעו עם מצרים את מועד הפסקת האש."},
        {"id": "thu-b", "outlet": "b.example", "body": "הקבינט המדיני ביטחוני אישר הערב (חמישי) את הפסקת האש בעזה "
         "אחרי 11 ימי לחימה, והמגעים עם מצרים על מועד הפסקת האש נמשכים."},
        {"id": "sun", "outlet": "c.example", "body": "הממשלה קיבלה הערב (ראשון) את ההצעה המצרית להפסקת האש בעזה "
         "אחרי 11 ימים של ירי; ראש הממשלה עדכן את שרי הקבינט."},
        {"id": "dateline", "outlet": "d.example", "body": 'יום שישי, כ"ו באב תשע"ד\nהפסקת האש ברצועה נכנסה לתוקף.'},
    ]
    path = tmp_path / "undated.jsonl"
    path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
    with Corpus(str(tmp_path / "stories.db"), engine="rules") as corpus:
        corpus.ingest([str(path)], IngestOptions(engine="rules"))
        stories = CorpusAnalysis(corpus, AnalysisOptions(engine="rules")).stories()
    story_of = {a: s.id for s in stories for a in s.articles}
    assert story_of["thu-a"] == story_of["thu-b"] != story_of["sun"]
    dated = next(s for s in stories if "dateline" in s.articles)
    assert dated.to_dict()["start"] == "2014-08-22"


def test_pruned_candidates_give_the_groups_of_a_scan_of_every_story(monkeypatch):
    """The tracker compares an article only with the stories it could join (still within the
    window, or sharing a name or number when undated); comparing with every story must give the
    same groups. Articles on few days and few names, so that windows close and names recur."""
    import random

    rng = random.Random(3)
    words = "ממשלה כנסת הפגנה שריפה רעידה בחירות תקציב שביתה חיסון גשם".split()
    names = ["בנימין נתניהו", "יאיר לפיד", "משה כהן", "רונית לוי", "ירושלים", "חיפה"]
    records = []
    for n in range(400):
        day = None if n % 7 == 0 else f"2024-{rng.randint(1, 3):02d}-{rng.randint(1, 28):02d}"
        lemmas = " ".join(rng.choices(words, k=8)) + f" {rng.randint(10, 30)}"
        records.append(_rec(f"r{n}", lemmas, day, rng.sample(names, 2)))

    def groups() -> list[list[str]]:
        return sorted(sorted(s.articles) for s in find_stories(records))

    pruned = groups()
    monkeypatch.setattr(StoryTracker, "_candidates", lambda self, when, keys: self.stories)
    assert groups() == pruned
    assert len(pruned) < len(records) - 50  # articles did join stories: the comparison means something


def test_a_story_label_leaves_out_a_common_noun_the_tagger_took_for_a_place(tmp_path):
    # ארץ (of בארץ, "in the country") is tagged as a place in every other article; the corpus's
    # entity lists leave it out, and so does a story's label
    import json

    from iton.analysis import AnalysisOptions, CorpusAnalysis
    from iton.analysis.stories import Story
    from iton.corpus import Corpus

    story = Story("s-1", centroid={"@ארץ": 5.0, "@ירושלים": 4.0, "גשם": 3.0, "שיטפון": 2.0})
    assert story.label() == "ארץ · ירושלים · גשם"
    assert story.label(lambda word: word == "ארץ") == "ירושלים · גשם · שיטפון"
    body = "גשם כבד ירד הלילה בירושלים. הגשם הכבד בירושלים נמשך עד הבוקר, ושיטפונות הציפו כבישים בארץ."
    articles = [{"id": f"rain-{k}", "outlet": f"{k}.example", "published": "2026-11-18", "body": body} for k in "ab"]
    path = tmp_path / "rain.jsonl"
    path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
    with Corpus(str(tmp_path / "rain.db")) as corpus:
        corpus.ingest([str(path)])
        analysis = CorpusAnalysis(corpus, AnalysisOptions())
        (story,) = analysis.stories(min_size=2)
        entities = {m.lemma for a in analysis.records() for m in a.entities or ()}
        label = analysis.story_data(story)["label"].split(" · ")
    # the place term would have made the label (an entity first among equals) ...
    assert "ארץ" in story.to_dict()["label"].split(" · ")
    # ... and the entity lists leave it out as the label now does
    assert "ארץ" in entities and "ארץ" not in {e.name for e in analysis.entity_index().top(10)}
    assert "ארץ" not in label and "ירושלים" in label
