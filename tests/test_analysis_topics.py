"""Topics: LDA over lemmas (real tomotopy), NPMI coherence, and the `iton topics` command."""

from __future__ import annotations

import json
import math
import random

import pytest
from test_web_corpus import build_db

from iton.corpus.article import Article
from iton.analysis.topics import TopicOptions, corpus_topics, document_stoplist, fit_topics, month_of, npmi
from iton.cli import main

SPORT = ("כדורגל שער שחקן מאמן ליגה אוהד משחק אצטדיון כדור שופט עונה אליפות גביע קבוצה בעיטה נבחרת מגרש "
         "שחקנית ניצחון הפסד").split()
WEATHER = ("גשם סערה שלג רוח טמפרטורה חזאי ענן שיטפון ברק רעם חום קור לחות ערפל שרב אביך תחזית מעלה "
           "משקע קרה").split()


def _articles(n: int = 40, seed: int = 3) -> tuple[list[str], list[list[str]]]:
    rng = random.Random(seed)
    ids, docs = [], []
    for i in range(n):
        words = SPORT if i % 2 == 0 else WEATHER
        ids.append(f"{'sport' if i % 2 == 0 else 'weather'}-{i}")
        docs.append(rng.sample(words, 5) + ["אמר"] * 3)  # אמר: in every article
    return ids, docs


def test_two_clear_subjects_become_two_topics_and_each_article_gets_its_mix():
    ids, docs = _articles()
    model = fit_topics(ids, docs, TopicOptions(topics=2, iterations=100))
    sport = {model.main_topic(i) for i in ids if i.startswith("sport")}
    weather = {model.main_topic(i) for i in ids if i.startswith("weather")}
    assert len(sport) == len(weather) == 1 and sport != weather
    names = {t.id: t.name for t in model.topics}
    assert set(names[sport.pop()].split()) <= set(SPORT)
    assert all(math.isclose(sum(mix), 1.0, abs_tol=1e-4) for mix in model.mixes.values())
    # The corpus stoplist: a lemma in every article names no topic.
    assert all("אמר" not in [w for w, _ in t.terms] for t in model.topics)


def test_one_worker_and_one_seed_give_the_same_topics():
    ids, docs = _articles()
    first = fit_topics(ids, docs, TopicOptions(topics=3, iterations=30, seed=5))
    again = fit_topics(ids, docs, TopicOptions(topics=3, iterations=30, seed=5))
    assert [t.to_dict() for t in first.topics] == [t.to_dict() for t in again.topics]


def test_document_stoplist_drops_too_common_and_too_rare_terms():
    assert document_stoplist([["א"], ["א"], ["ב"]], max_share=0.3, min_articles=1) == set()  # 2 articles: not common
    docs = [["א", "ב", "נדיר"], ["א", "ב"], ["א", "ג"], ["א", "ג"]] * 25  # 100 articles
    docs.append(["נדיר"])
    assert document_stoplist(docs, max_share=0.6, min_articles=30) == {"א", "נדיר"}
    assert document_stoplist(docs[:4], max_share=0.6, min_articles=30) == {"א"}  # small: rare terms count


def test_npmi_by_hand():
    docs = [["a", "b"], ["a", "b"], ["c"], ["d"]]
    # p(a)=p(b)=p(a,b)=1/2: log(0.5 / 0.25) / -log(0.5) = 1
    assert npmi([["a", "b"]], docs) == pytest.approx(1.0)
    assert npmi([["a", "c"]], docs) == -1.0  # never together
    assert npmi([["a", "b"], ["a", "c"]], docs) == pytest.approx(0.0)


def test_options_are_checked_and_an_empty_corpus_is_an_error():
    with pytest.raises(ValueError):
        TopicOptions(topics=0)
    with pytest.raises(ValueError, match="no article has a term"):
        fit_topics(["x", "y"], [[], []])
    model = fit_topics(["x"], [["מילה", "אחרת"]], TopicOptions(topics=1, iterations=5))  # one article still works
    assert model.main_topic("x") == 0


def test_shares_over_months_count_undated_articles_apart():
    ids, docs = _articles(20)
    records = [Article("", id=i, lemmas=d, published=None if n == 0 else f"2024-0{1 + n % 2}-05", outlet="o")
               for n, (i, d) in enumerate(zip(ids, docs))]
    model = corpus_topics(records, TopicOptions(topics=2, iterations=50))
    shares = model.shares_by(records, month_of)
    assert shares[None]["articles"] == 1
    assert shares["2024-01"]["articles"] + shares["2024-02"]["articles"] == 19
    assert all(math.isclose(sum(g["shares"]), 1.0, abs_tol=1e-3) for g in shares.values())


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return str(build_db(tmp_path_factory.mktemp("topics")))


def test_topics_command_lists_k_topics_and_mixes(db, capsys):
    assert main(["topics", "--db", db, "--engine", "rules", "--topics", "3", "--iterations", "20", "--json"]) == 0
    topics = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [t["id"] for t in topics] == [0, 1, 2] and all(t["name"] and t["terms"] for t in topics)
    assert main(["topics", "--db", db, "--engine", "rules", "--topics", "3", "--iterations", "20", "--mixes",
                 "--json"]) == 0
    mixes = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert mixes and all(len(m["mix"]) == 3 and m["topic"] in (0, 1, 2) for m in mixes)


def test_topics_command_over_months_shows_undated(db, capsys):
    assert main(["topics", "--db", db, "--engine", "rules", "--topics", "2", "--iterations", "20",
                 "--over", "month"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split("\t")[:2] == ["month", "articles"]
    assert len(lines) >= 2


def test_topics_on_an_empty_corpus_says_so(tmp_path, capsys):
    from iton.corpus import Corpus

    db = tmp_path / "empty.db"
    Corpus(str(db)).close()
    assert main(["topics", "--db", str(db)]) == 1
    assert "no articles" in capsys.readouterr().err


def test_topics_of_some_outlets_only(db, capsys):
    assert main(["topics", "--db", db, "--engine", "rules", "--topics", "2", "--iterations", "20",
                 "--over", "outlet", "--outlet", "news-a", "--outlet", "https://news-b.example/x", "--json"]) == 0
    outlets = {json.loads(line)["outlet"] for line in capsys.readouterr().out.splitlines()}
    assert outlets == {"news-a.example", "news-b.example"}
    assert main(["topics", "--db", db, "--engine", "rules", "--outlet", "nowhere"]) == 1
    assert "no article of nowhere" in capsys.readouterr().err
