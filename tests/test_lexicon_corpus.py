"""The lexicon kept with a corpus, on a real SQLite file and a real PostgreSQL server: it changes
what search finds and how entities count, at ingest, for query words, and when re-applied to the
stored articles without the model; the commands report bad lines and the API lists it."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from test_web_corpus import LiveServer

from iton.cli import main
from iton.corpus import Corpus, IngestOptions
from iton.corpus.article import Article, Mention
from iton.corpus.lexicon import (
    IndexLexicon,
    add_entry,
    apply_to_store,
    relemmatize,
    relemmatize_index,
    store_lexicon,
)
from iton.morph.lexicon import LexiconEntry, parse_lexicon

# Our own sentences: a singer whose name the model reads as "money", a Moon lander read as
# "beginning" (ב + ראשית: before an adjective, as in בראשית השנה), and
# a president whose name two outlets spell two ways (the model respells one into the other).
ARTICLES = [
    {"id": "caspi", "title": "מתי כספי בהופעה",
     "body": "הזמר מתי כספי הופיע אמש בתל אביב. הקהל שר עם כספי את כל השירים, ולכספי היה ערב מוצלח."},
    {"id": "budget", "title": "תקציב לבתי הספר", "body": "הממשלה העבירה כסף רב לעיר. הכסף יגיע לבתי הספר בשבוע הבא."},
    {"id": "lander", "title": "החללית התרסקה",
     "body": "החללית בראשית הישראלית התרסקה על הירח. מהנדסי בראשית הישראלית הודיעו כי ינסו שוב."},
    {"id": "start", "title": "צעד ראשון", "body": "ראשית, יש לציין את המאמץ של הצוות. זו רק ראשית הדרך."},
    {"id": "assad-a", "title": "נשיא סוריה",
     "body": "נשיא סוריה בשאר אסאד נפגש אתמול עם שר החוץ של רוסיה. אסאד אמר כי המלחמה תסתיים."},
    {"id": "assad-b", "title": "דמשק", "body": "בדמשק נערך מצעד צבאי. אסד צפה במצעד מהבמה, ואחר כך נאם בפני הקהל."},
]  # fmt: skip
# The newsroom's fixes, and one line that is not an entry (two words in one column).
LEXICON = ("# names the model misreads\nכספי\tכספי\tPROPN\nבראשית\tבראשית\tPROPN\nאסאד\tאסד\tPROPN\n"
           "אסד\tאסד\tPROPN\nשורה שבורה\n")


def _write(folder: Path) -> tuple[Path, Path]:
    articles = folder / "news.jsonl"
    articles.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES), encoding="utf-8")
    lexicon = folder / "lexicon.tsv"
    lexicon.write_text(LEXICON, encoding="utf-8")
    return articles, lexicon


@pytest.fixture(params=["sqlite", "postgresql"])
def store_path(request, tmp_path: Path) -> str:
    """A new store of each backend: a SQLite file, a database of the test PostgreSQL server."""
    if request.param == "sqlite":
        return str(tmp_path / "corpus.db")
    server = request.getfixturevalue("postgres_server")
    return server.url(server.create_database())


def _ids(corpus: Corpus, query: str) -> list[str]:
    return sorted(hit.id for hit in corpus.search(query, limit=20))


def _entities(corpus: Corpus) -> dict[str, int]:
    """Entity name -> number of articles, from the stored mentions as `iton entities` counts them."""
    from iton.analysis import AnalysisOptions, CorpusAnalysis

    return {e.name: e.articles for e in CorpusAnalysis(corpus, AnalysisOptions()).entities(limit=50)}


def _keywords(corpus: Corpus, article_id: str) -> list[str]:
    from iton.analysis import AnalysisOptions, CorpusAnalysis

    return [k.term for k in CorpusAnalysis(corpus, AnalysisOptions()).keywords(article_id)]


def test_apply_fixes_search_and_entities_of_stored_articles(store_path: str, tmp_path: Path) -> None:
    articles, lexicon_file = _write(tmp_path)
    with Corpus(store_path) as corpus:
        corpus.ingest(articles, IngestOptions(progress=False))
        assert _ids(corpus, "כספי") == ["budget", "caspi"]  # כספי read as כסף (money)
        assert _ids(corpus, "בראשית") == ["lander", "start"]  # the lander read as ב + ראשית
        before = _entities(corpus)
        assert before["בשאר אסאד"] == 1 and before["אסד"] == 1  # one man, two entities
        assert "אסאד" in _keywords(corpus, "assad-a")

        assert main(["lexicon", "import", str(lexicon_file), "--db", store_path]) == 1  # the bad line
        # query words go through the lexicon at once; the stored words wait for apply (the lander's
        # were stored as ראשית, so its name finds nothing until then, and "beginning" no longer)
        assert _ids(corpus, "כספי") == ["caspi"]
        assert _ids(corpus, "בראשית") == []

        summary = apply_to_store(corpus.store)
        assert (summary.entries, summary.read) == (4, len(ARTICLES))
        assert summary.articles >= 1 and summary.mentions >= 2 and not summary.normalized_left
        assert _ids(corpus, "אסד") == ["assad-a", "assad-b"]
        assert _ids(corpus, "בראשית") == ["lander"]
        assert _ids(corpus, "=אסאד") == ["assad-a"]  # the written form is still searchable
        assert _ids(corpus, '"בשאר אסד"') == ["assad-a"]  # a phrase's words go through the lexicon too
        after = _entities(corpus)
        assert after["בשאר אסד"] == 2 and not any("אסאד" in name for name in after)  # אסד counted as the full name
        assert "אסד" in _keywords(corpus, "assad-a") and "אסאד" not in _keywords(corpus, "assad-a")
        stored = corpus.get("assad-a")
        assert "אסאד" not in stored.normalized and stored.normalized.count("אסד") == 2
        assert [m.canonical for m in stored.entities if m.label == "PER"] == ["בשאר אסד", "בשאר אסד"]
        # the provenance of what apply changed says which lexicon; what it left alone says none
        assert stored.provenance["lexicon"]["entries"] == 4 and stored.provenance["lexicon"]["sha256"].startswith("sha256:")
        assert "lexicon" not in corpus.get("budget").provenance
        # applied once: a second run finds nothing left to change
        assert apply_to_store(corpus.store).articles == 0


def test_ingest_applies_the_lexicon_of_the_store(store_path: str, tmp_path: Path) -> None:
    articles, lexicon_file = _write(tmp_path)
    with Corpus(store_path) as corpus:
        corpus.store.put_lexicon(parse_lexicon(LEXICON.splitlines()).entries.values())
        corpus.ingest(articles, IngestOptions(progress=False))
        assert apply_to_store(corpus.store).articles == 0  # nothing left to fix
        assert _ids(corpus, "אסד") == ["assad-a", "assad-b"]
        assert {corpus.get(a["id"]).provenance["lexicon"]["entries"] for a in ARTICLES} == {4}
        assert _entities(corpus)["בשאר אסד"] == 2


def test_lexicon_commands_on_each_backend(store_path: str, tmp_path: Path, capsys) -> None:
    _, lexicon_file = _write(tmp_path)
    assert main(["lexicon", "import", str(lexicon_file), "--db", store_path]) == 1
    out, err = capsys.readouterr()
    assert f"{lexicon_file}:6: expected form<TAB>lemma[<TAB>UPOS], found 1 column(s); line left out" in err
    assert "4 entries added, 1 lines left out" in out
    assert main(["lexicon", "add", "הקרמלין", "קרמלין", "--db", store_path]) == 0
    assert main(["lexicon", "add", "abc", "x", "--db", store_path]) == 1
    assert "has no Hebrew letter" in capsys.readouterr().err
    assert main(["lexicon", "remove", "אסאד", "אין", "--db", store_path]) == 1  # אין was not there
    out, err = capsys.readouterr()
    assert "removed אסאד" in out and "אין is not in the lexicon" in err
    assert main(["lexicon", "export", "--db", store_path]) == 0
    exported = capsys.readouterr().out
    assert exported == "אסד\tאסד\tPROPN\nבראשית\tבראשית\tPROPN\nהקרמלין\tקרמלין\nכספי\tכספי\tPROPN\n"
    assert parse_lexicon(exported.splitlines()).entries == {e.form: e for e in store_lexicon_of(store_path)}
    assert main(["lexicon", "list", "--json", "--db", store_path]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[2]) == {"form": "הקרמלין", "lemma": "קרמלין", "upos": None}


def store_lexicon_of(path: str) -> list[LexiconEntry]:
    with Corpus(path) as corpus:
        return corpus.store.lexicon()


def test_apply_command_prints_its_summary(tmp_path: Path, capsys) -> None:
    articles, lexicon_file = _write(tmp_path)
    db = str(tmp_path / "c.db")
    assert main(["ingest", str(articles), "--db", db, "--no-progress"]) == 0
    assert main(["lexicon", "import", str(lexicon_file), "--db", db]) == 1
    capsys.readouterr()
    assert main(["lexicon", "apply", "--json", "--no-progress", "--db", db]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["entries"] == 4 and summary["read"] == len(ARTICLES) and summary["articles"] >= 1


def test_copy_carries_the_lexicon(tmp_path: Path, postgres_url: str) -> None:
    db = str(tmp_path / "c.db")
    with Corpus(db) as corpus:
        add_entry(corpus.store, "כספי", "כספי", "PROPN")
    assert main(["copy", "--from", db, "--to", postgres_url]) == 0
    assert store_lexicon_of(postgres_url) == [LexiconEntry("כספי", "כספי", "PROPN")]


def test_api_lists_the_lexicon(tmp_path: Path) -> None:
    articles, lexicon_file = _write(tmp_path)
    db = tmp_path / "c.db"
    with Corpus(str(db), engine="rules") as corpus:
        corpus.ingest(articles, IngestOptions(engine="rules", progress=False))
        corpus.store.put_lexicon([LexiconEntry("כספי", "כספי", "PROPN"), LexiconEntry("חלליות", "חללית")])
    with LiveServer(db) as server:
        body = httpx.get(server.url + "/api/lexicon", timeout=30).json()
    assert body == {"total": 2, "entries": [{"form": "חלליות", "lemma": "חללית", "upos": None},
                                            {"form": "כספי", "lemma": "כספי", "upos": "PROPN"}]}  # fmt: skip


# -- re-applying to one stored article, without a store


def test_a_token_read_as_several_lemmas_becomes_one() -> None:
    lexicon = IndexLexicon(parse_lexicon(["אותו\tאותו"]))
    lemmas, forms, spans, changed = relemmatize_index(["את", "הוא", "ראה"], ["אותו", "אותו", "ראה"],
                                                      [(0, 4), (0, 4), (5, 8)], lexicon)  # fmt: skip
    assert (lemmas, forms, spans, changed) == (["אותו", "ראה"], ["אותו", "ראה"], [(0, 4), (5, 8)], 1)


def test_alternatives_follow_the_tokens_and_leave_the_ones_the_lexicon_fixed() -> None:
    lexicon = IndexLexicon(parse_lexicon(["אותו\tאותו"]))
    article = Article(body="אותו ראה במתחם", lemmas=["את", "הוא", "ראה", "מתח"], forms=["אותו", "אותו", "ראה", "במתחם"],
                      spans=[(0, 4), (0, 4), (5, 8), (9, 14)], alternatives=[(0, "אות"), (3, "מתחם")])  # fmt: skip
    relemmatize(article, lexicon)
    assert article.lemmas == ["אותו", "ראה", "מתח"] and article.alternatives == [(2, "מתחם")]


def test_quote_marks_match_as_the_index_writes_them() -> None:
    lexicon = IndexLexicon(parse_lexicon(['בל״ד\tבל"ד\tPROPN']))
    assert relemmatize_index(["בג״ץ"], ["ובל״ד"], [(0, 5)], lexicon)[0] == ["בל״ד"]


def test_normalized_form_follows_and_a_misaligned_one_is_left() -> None:
    lexicon = IndexLexicon(parse_lexicon(["כספי\tכספי"]))
    article = Article(body="שר לכספי, היום.", lemmas=["שר", "כסף", "היום"], forms=["שר", "לכספי", "היום"],
                      spans=[(0, 2), (3, 8), (10, 14)], normalized="שר כסף , היום .",
                      entities=[Mention("PER", "כספי", "לכספי", 3, 8, "כספי")])  # fmt: skip
    done = relemmatize(article, lexicon)
    assert done.tokens == 1 and done.normalized and article.normalized == "שר כספי , היום ."
    odd = Article(body="שר לכספי", lemmas=["שר", "כסף"], forms=["שר", "לכספי"], spans=[(0, 2), (3, 8)],
                  normalized="שר משהו")  # not the index's words: left as it was, the index still fixed
    done = relemmatize(odd, lexicon)
    assert not done.normalized and odd.normalized == "שר משהו" and odd.lemmas == ["שר", "כספי"]


def test_entity_forms_follow_first_word_under_clitics_the_rest_as_written() -> None:
    lexicon = parse_lexicon(["קרמלין\tקרמלין", "ממשלה\tממשלה", "אסאד\tאסד"])
    assert lexicon.entity_form("הקרמלין") == "קרמלין"
    assert lexicon.entity_form("ראש הממשלה") == "ראש הממשלה"  # a clitic inside a name belongs to it
    assert lexicon.entity_form("בשאר אסאד") == "בשאר אסד"


def test_normalized_input_is_left_alone() -> None:
    article = Article(body="כסף", lemmas=["כסף"], forms=["כסף"], spans=[(0, 3)], input_normalized=True)
    assert relemmatize(article, IndexLexicon(parse_lexicon(["כסף\tכספי"]))).tokens == 0 and article.lemmas == ["כסף"]


def test_store_lexicon_is_empty_on_a_new_store(tmp_path: Path) -> None:
    with Corpus(str(tmp_path / "new.db")) as corpus:
        assert store_lexicon(corpus.store).entries == {}
        assert apply_to_store(corpus.store).read == 0


def test_a_name_is_found_as_the_names_stage_writes_it(store_path: str, tmp_path: Path) -> None:
    # The names stage writes מתי כספי where the entity model tags the singer, though the words
    # alone read מתי כסף; a query reads them alone, so it also asks for them read as a name.
    articles, _ = _write(tmp_path)
    with Corpus(store_path) as corpus:
        corpus.ingest(articles, IngestOptions(progress=False))
        assert _ids(corpus, '"מתי כספי"') == ["caspi"]
        assert _ids(corpus, '"בשאר אסאד"') == ["assad-a"]  # בשאר kept whole, not ב + שאר
        assert _ids(corpus, "אסד") == ["assad-a", "assad-b"]  # the model respells אסד as אסאד
        assert 'phrase "מתי כספי" -> מתי כסף or name מתי כספי' in corpus.explain('"מתי כספי"').lines
        # a phrase of common words has no name reading
        assert not any("or name" in line for line in corpus.explain('"נשיא סוריה"').lines)
