"""Query parsing and the FTS5 it writes: operators, phrases, prefixes, exact forms, clear errors."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iton.corpus.query import MAX_DEPTH, Group, Near, Not, Phrase, parse_query
from iton.corpus.search import analyse_query, explain
from iton.corpus.store import SQLiteStore
from iton.corpus.store.fts import to_fts
from iton.errors import QUERY_SHOWN_CHARS, QueryError
from iton.pipeline import Options, load_pipeline


def shape(node):
    if isinstance(node, Group):
        return [node.op, *[shape(c) for c in node.children]]
    if isinstance(node, Not):
        return ["NOT", shape(node.child)]
    if isinstance(node, Near):
        return [f"NEAR/{node.distance}", *[shape(c) for c in node.children]]
    if isinstance(node, Phrase):
        return ("=" if node.exact else "") + f'"{node.text}"'
    return node.label


@pytest.mark.parametrize(("query", "tree"), [
    ("מטוס", "מטוס"),
    ("מטוס טיל", ["AND", "מטוס", "טיל"]),
    ("מטוס AND טיל", ["AND", "מטוס", "טיל"]),
    ("מטוס OR טיל נשק", ["OR", "מטוס", ["AND", "טיל", "נשק"]]),
    ("(מטוס OR טיל) NOT נשק", ["AND", ["OR", "מטוס", "טיל"], ["NOT", "נשק"]]),
    ('"נמל התעופה" =המטוס ממשל*', ["AND", '"נמל התעופה"', "=המטוס", "ממשל*"]),
    ('="מבצע החיסונים"', '="מבצע החיסונים"'),
    ('צה"ל', 'צה"ל'),  # gershayim inside a word is not a quote
    ('"דובר צה"ל אמר"', '"דובר צה"ל אמר"'),
    ("and or not", ["AND", "and", "or", "not"]),  # operators are upper case only
    ("מטוס NEAR רוסיה", ["NEAR/10", "מטוס", "רוסיה"]),
    ('מטוס NEAR/3 "נמל התעופה" NEAR/3 טיל', ["NEAR/3", "מטוס", '"נמל התעופה"', "טיל"]),
    ("שמש NOT מטוס NEAR/2 רוסיה", ["AND", "שמש", ["NOT", ["NEAR/2", "מטוס", "רוסיה"]]]),
    ("near NEARBY", ["AND", "near", "NEARBY"]),
])
def test_parse(query: str, tree) -> None:
    assert shape(parse_query(query).tree) == tree


@pytest.mark.parametrize(("query", "position"), [
    ('מטוס "פתוח', 5), ("(מטוס", 0), ("מטוס)", 4), ("NOT מטוס", 0),
    ("מטוס NEAR/x רוסיה", 5), ("NEAR מטוס", 0), ("מטוס NEAR", 5), ("מטוס NEAR (רוסיה)", 5),
    ("מטוס NEAR/2 רוסיה NEAR/3 טיל", 18), ("(מטוס OR טיל) NEAR רוסיה", 14), ("מטוס NEAR/500 רוסיה", 5), ("=מטוס NEAR רוסיה", 0),
])  # fmt: skip
def test_errors_point_at_the_problem(query: str, position: int) -> None:
    with pytest.raises(QueryError) as error:
        parse_query(query)
    assert error.value.position == position and "^" in str(error.value)


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 248, 490])
def test_deep_nesting_is_an_error_not_a_crash(depth: int) -> None:
    with pytest.raises(QueryError, match=f"nested deeper than {MAX_DEPTH}") as error:
        parse_query("(" * depth + "מטוס" + ")" * depth)
    assert error.value.position == MAX_DEPTH
    one_line = "\n" not in str(error.value)
    assert one_line == (2 * depth + 4 > QUERY_SHOWN_CHARS), "a long query's error is one line, not echoed whole"
    assert shape(parse_query("(" * MAX_DEPTH + "מטוס" + ")" * MAX_DEPTH).tree) == "מטוס"


def test_too_long_a_query_is_an_error() -> None:
    with pytest.raises(QueryError, match="characters long"):
        parse_query("מטוס " * 300)


def test_positive_words_leave_out_negated_ones() -> None:
    query = parse_query("מטוס NOT (טיל OR נשק) =כלי")
    assert [w.label for w in query.positive_words()] == ["מטוס", "=כלי"]


def test_fts_for_each_kind() -> None:
    query = parse_query('מטוסים =במטוס ממשל* "נמל התעופה"')
    query.words[0].lemmas, query.words[0].forms = ["מטוס"], ["מטוסים"]
    query.words[1].forms = ["במטוס"]
    query.words[3].lemmas = ["נמל", "תעופה"]
    assert to_fts(query.tree) == (
        '(({index_lemmas index_alternatives} : "מטוס" OR index_forms : "מטוסים") AND index_forms : "במטוס" AND '
        '{index_lemmas index_forms} : "ממשל" * AND index_lemmas : "נמל תעופה")'
    )


def test_quotes_in_terms_are_escaped() -> None:
    query = parse_query("x")
    query.words[0].lemmas = query.words[0].forms = ['a"b']
    assert to_fts(query.tree) == '{index_lemmas index_alternatives} : "a""b"'


def test_fts_for_near() -> None:
    query = parse_query('מטוסים NEAR/4 ממשל* NEAR/4 "נמל התעופה"')
    query.words[0].lemmas, query.words[0].forms = ["מטוס"], ["מטוסים"]
    query.words[2].lemmas = ["נמל", "תעופה"]
    assert to_fts(query.tree) == 'index_lemmas : NEAR("מטוס" "ממשל" * "נמל תעופה", 4)'
    exact = parse_query("=המטוס NEAR =נחת")
    exact.words[0].forms, exact.words[1].forms = ["המטוס"], ["נחת"]
    assert to_fts(exact.tree) == 'index_forms : NEAR("המטוס" "נחת", 10)'


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_parsed_queries_produce_quoted_fts(text: str) -> None:
    try:
        query = parse_query(text)
    except QueryError:
        return
    for word in query.words:
        word.lemmas = word.forms = [w for w in text.split() if w] or ["x"]
    expression = to_fts(query.tree)
    assert expression is None or expression.count('"') % 2 == 0


def test_explain_with_the_rules_engine() -> None:
    pipeline = load_pipeline(Options(engine="rules", entities=False))
    assert explain(SQLiteStore(), "=מטוסים", pipeline=pipeline).compiled == 'index_forms : "מטוסים"'
    query = analyse_query('בין "הצבאות"', pipeline=pipeline)
    assert query.words[0].lemmas == ["בין"]  # the query goes through the article pipeline
    assert query.words[1].forms == ["הצבאות"] and query.words[1].lemmas != ["הצבאות"]


@pytest.mark.parametrize("text", ["0\x00*", "מטוס\x00", "\x00", "a\x1fb"])
def test_control_characters_are_spaces(text: str) -> None:
    try:
        query = parse_query(text)
    except QueryError:
        return
    assert all("\x00" not in w.text for w in query.words)
