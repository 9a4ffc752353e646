"""Entities users can count: mentions merged across a corpus (a real SQLite store, the CLI, the API, the page)."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from test_web_corpus import LiveServer

from iton.analysis import AnalysisOptions, CorpusAnalysis, EntityIndex
from iton.cli import main
from iton.corpus import Corpus, IngestOptions
from iton.corpus.article import Article, Mention


def _article(i: int, *mentions: tuple[str, str, str, str]) -> Article:
    """An article whose mentions are (type, written text, lemma form, canonical form)."""
    return Article(body="", id=str(i), entities=[Mention(label, lemma, written, canonical=canonical)
                                                 for label, written, lemma, canonical in mentions])  # fmt: skip


def test_a_surname_joins_the_one_full_name_of_the_corpus():
    index = EntityIndex([
        _article(1, ("PER", "בנימין נתניהו", "בנימין נתניהו", "בנימין נתניהו"), ("PER", "נתניהו", "נתניהו", "בנימין נתניהו")),
        _article(2, ("PER", "לנתניהו", "נתניהו", "נתניהו")),
        _article(3, ("PER", "נתניהו", "נתניהו", "נתניהו"), ("GPE", "בירושלים", "ירושלים", "ירושלים")),
        _article(4, ("PER", "תם עידן בנימין נתניהו", "תם עידן בנימין נתניהו", "תם עידן בנימין נתניהו")),
    ])  # fmt: skip
    top = {e.name: e for e in index.top()}
    assert "נתניהו" not in top and "לנתניהו" not in top
    netanyahu = top["בנימין נתניהו"]
    assert (netanyahu.label, netanyahu.articles, netanyahu.mentions) == ("PER", 3, 4)
    assert netanyahu.aliases == ("נתניהו", "בנימין נתניהו")
    assert index.name_of("לנתניהו") == index.name_of("נתניהו") == "בנימין נתניהו"
    assert index.name_of("בירושלים") == "ירושלים" and index.name_of("פוטין") is None
    assert index.cooccurring("בנימין נתניהו") == [{"lemma": "ירושלים", "label": "GPE", "articles": 1,
                                                    "aliases": ["ירושלים"]}]  # fmt: skip


def test_a_surname_of_two_people_stays_apart_and_type_is_by_majority():
    index = EntityIndex([
        _article(1, ("PER", "יוסי כהן", "יוסי כהן", "יוסי כהן")),
        _article(2, ("PER", "אלי כהן", "אלי כהן", "אלי כהן")),
        _article(3, ("PER", "כהן", "כהן", "כהן"), ("ORG", "בחמאס", "חמאס", "חמאס")),
        _article(4, ("GPE", "חמאס", "חמאס", "חמאס")),
        _article(5, ("ORG", "חמאס", "חמאס", "חמאס")),
    ])  # fmt: skip
    names = {e.name: e for e in index.top()}
    assert {"יוסי כהן", "אלי כהן", "כהן"} <= names.keys()
    assert names["חמאס"].label == "ORG" and names["חמאס"].articles == 3
    assert [e.name for e in index.top(label="GPE")] == []


def test_a_form_with_clitics_joins_its_bare_name():
    # a store from before the names stage kept בירושלים as the lemma form
    index = EntityIndex([_article(1, ("GPE", "בירושלים", "בירושלים", "")), _article(2, ("GPE", "ירושלים", "ירושלים", ""))])
    assert [(e.name, e.articles, e.aliases) for e in index.top()] == [("ירושלים", 2, ("בירושלים", "ירושלים"))]
    assert index.keys_of("ירושלים") == ("ירושלים", "בירושלים")


def test_one_word_places_that_are_common_nouns_are_left_out():
    records = [_article(1, ("GPE", "בארץ", "ארץ", "ארץ"), ("GPE", "בירושלים", "ירושלים", "ירושלים"),
                        ("ORG", "המוסד", "מוסד", "מוסד"), ("LOC", "ארץ ישראל", "ארץ ישראל", "ארץ ישראל"))]  # fmt: skip
    nouns = {"ארץ", "מוסד"}.__contains__
    index = EntityIndex(records, nouns)
    assert {e.name for e in index.top()} == {"ירושלים", "מוסד", "ארץ ישראל"}  # only one-word places go
    assert "ארץ" not in index.names_in(records[0]) and "ארץ" in {e.name for e in EntityIndex(records).top()}


# Articles written for this test: the full name, then the surname alone and with a clitic, in
# another article; Jerusalem with and without ב; בארץ ("in the country").
ARTICLES = [
    {"id": "pm-1", "outlet": "a.example", "published": "2024-03-03",
     "title": "ראש הממשלה בנימין נתניהו נפגש בירושלים עם שר החוץ",
     "body": "ראש הממשלה בנימין נתניהו אמר היום בירושלים כי הממשלה תדון בתקציב. נתניהו הוסיף כי השיחות יימשכו."},
    {"id": "pm-2", "outlet": "b.example", "published": "2024-03-05", "title": "הביקורת גוברת",
     "body": "נתניהו אמר כי הממשלה תמשיך בדרכה. חברי האופוזיציה שלחו מכתב חריף לנתניהו. "
             "בירושלים נערכה הפגנה גדולה."},
    {"id": "rain-3", "outlet": "a.example", "published": "2024-03-12", "title": "גשם כבד בצפון הארץ",
     "body": "גשם כבד ירד אתמול בארץ. בירושלים נרשמו שיטפונות, ותושבי ירושלים התבקשו להישאר בבתיהם."},
]  # fmt: skip


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("entities")
    source = folder / "articles.jsonl"
    source.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES), encoding="utf-8")
    with Corpus(str(folder / "entities.db"), engine="rules") as corpus:
        corpus.ingest([str(source)], IngestOptions(engine="rules"))
    return folder / "entities.db"


def test_stored_mentions_carry_the_article_canonical_form(db):
    with Corpus(str(db), engine="rules") as corpus:
        first = corpus.get("pm-1")
    surname = [m for m in first.entities if m.text == "נתניהו"]
    assert surname and all(m.lemma == "נתניהו" and m.canonical == "בנימין נתניהו" for m in surname)
    assert {m.lemma for m in first.entities if m.text == "בירושלים"} == {"ירושלים"}


def test_corpus_entities_are_merged(db):
    with Corpus(str(db), engine="rules") as corpus:
        analysis = CorpusAnalysis(corpus, AnalysisOptions(engine="rules"))
        top = {e.name: e for e in analysis.entities()}
        assert top["ירושלים"].articles == 3 and top["ירושלים"].aliases == ("ירושלים",)
        netanyahu = top["בנימין נתניהו"]
        assert netanyahu.articles == 2 and set(netanyahu.aliases) == {"בנימין נתניהו", "נתניהו"}
        assert netanyahu.mentions == 5  # two full names, נתניהו in each article, לנתניהו
        assert not {"נתניהו", "בירושלים", "בארץ"} & top.keys()
        query, points = analysis.trend_for_text("לנתניהו", "entity", "month", per_outlet=False)
        assert query.terms[0] == "בנימין נתניהו" and [(p.count, p.articles) for p in points] == [(5, 2)]
        together = {e["lemma"]: e["articles"] for e in analysis.cooccurring("נתניהו")}
        assert together["ירושלים"] == 2
        assert "ארץ" in top  # the rules engine has no treebank lexicon to call ארץ a common noun


def test_the_model_leaves_out_a_common_noun_place(db):
    # the bundled model's treebank reads ארץ (from בארץ, הארץ) as a common noun, ירושלים as a name
    with Corpus(str(db), engine="rules") as corpus:
        names = {e.name for e in CorpusAnalysis(corpus, AnalysisOptions(engine="auto")).entities()}
    assert "ירושלים" in names and "בנימין נתניהו" in names and "ארץ" not in names


def test_cli_lists_merged_entities_with_aliases(db, capsys):
    assert main(["entities", "--db", str(db), "--engine", "rules", "--json", "--label", "PER"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows[0]["lemma"] == "בנימין נתניהו" and rows[0]["articles"] == 2 and "נתניהו" in rows[0]["aliases"]
    assert main(["entities", "--db", str(db), "--engine", "rules"]) == 0
    assert "PER\tבנימין נתניהו\t2\t5\tנתניהו | בנימין נתניהו" in capsys.readouterr().out.splitlines()


def test_api_and_page_show_the_merged_entity(db):
    with LiveServer(db) as server, httpx.Client(base_url=server.url, timeout=30) as client:
        listed = {e["lemma"]: e for e in client.get("/api/entities").json()["entities"]}
        assert listed["בנימין נתניהו"]["articles"] == 2 and "נתניהו" in listed["בנימין נתניהו"]["aliases"]
        together = client.get("/api/entities", params={"with": "לנתניהו"}).json()["entities"]
        assert {"lemma": "ירושלים", "label": "GPE", "articles": 2, "aliases": ["ירושלים"]} in together
        article = client.get("/api/articles/pm-2").json()
        assert {e["entity"] for e in article["entities"] if e["label"] == "PER"} == {"בנימין נתניהו"}
        page = client.get("/entities", params={"with": "נתניהו"}).text
        assert "מופיעים יחד עם „בנימין נתניהו”" in page and "נתניהו · בנימין נתניהו" in page
