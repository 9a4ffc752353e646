"""The analysis commands in-process: stories, keywords, entities, trends, summary, serve's options."""

from __future__ import annotations

import json

import pytest
from test_web_corpus import build_db

from iton.cli import build_parser, main


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return str(build_db(tmp_path_factory.mktemp("cli")))


def _json_lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_stories_json_has_article_ids(db, capsys):
    assert main(["stories", "--db", db, "--engine", "rules", "--json"]) == 0
    stories = _json_lines(capsys.readouterr().out)
    together = [s for s in stories if "bridge-a" in s["articles"]]
    assert together and "bridge-b" in together[0]["articles"]
    assert all({"id", "articles", "outlets", "start", "end"} <= s.keys() for s in stories)


def test_stories_since_filters(db, capsys):
    assert main(["stories", "--db", db, "--engine", "rules", "--json", "--since", "2024-03-01"]) == 0
    ids = {a for s in _json_lines(capsys.readouterr().out) for a in s["articles"]}
    assert "rain-c" not in ids and "bridge-a" in ids


def test_keywords_of_some_outlets(db, capsys):
    def terms(*outlets: str) -> list[str]:
        assert main(["keywords", "--db", db, "--engine", "rules", "--json", "--limit", "50",
                     *(f"--outlet={o}" for o in outlets)]) == 0  # fmt: skip
        return [k["term"] for k in _json_lines(capsys.readouterr().out)]

    assert any("גשם" in t for t in terms("news-a"))  # the rain article is news-a.example's
    assert not any("גשם" in t for t in terms("news-b", "evil.example")) and terms("news-b", "evil.example")
    assert main(["keywords", "--db", db, "--engine", "rules", "--article", "rain-c", "--outlet", "news-a"]) == 1


def test_keywords_of_an_article(db, capsys):
    assert main(["keywords", "--db", db, "--engine", "rules", "--article", "rain-c", "--json"]) == 0
    terms = [k["term"] for k in _json_lines(capsys.readouterr().out)]
    assert any("גשם" in t for t in terms)


def test_trends_and_summary(db, capsys):
    assert main(["trends", "גשר", "--db", db, "--engine", "rules", "--by", "month", "--json"]) == 0
    rows = _json_lines(capsys.readouterr().out)
    # Every month from the first article (January) to the last (March), February zero-filled.
    assert [(r["period"], r["articles"], r["total"]) for r in rows] == [
        ("2024-01-01", 0, 1), ("2024-02-01", 0, 0), ("2024-03-01", 3, 3)]
    assert main(["summary", "--db", db, "--engine", "rules", "--article", "bridge-a"]) == 0
    assert "הגשר" in capsys.readouterr().out


def test_entities_of_a_text(capsys):
    assert main(["entities", "--engine", "rules", "--json", "--text", "ראש הממשלה בנימין נתניהו נפגש עם נשיא צרפת."]) == 0
    rows = _json_lines(capsys.readouterr().out)
    assert any(r["label"] == "PER" for r in rows)


def test_unknown_article_is_a_clear_error(db, capsys):
    assert main(["summary", "--db", db, "--engine", "rules", "--article", "nope"]) == 1
    assert "no article with id 'nope'" in capsys.readouterr().err


def test_missing_store_is_a_clear_error(tmp_path, capsys):
    assert main(["stories", "--db", str(tmp_path / "none.db")]) == 1
    assert "iton ingest" in capsys.readouterr().err


def test_serve_defaults_to_loopback():
    args = build_parser().parse_args(["serve", "--port", "9999"])
    assert (args.host, args.port) == ("127.0.0.1", 9999)


@pytest.mark.parametrize("argv", [
    ["stories", "--since", "garbage"],
    ["stories", "--since", "2024-01-01", "--until", "junk"],
    ["keywords", "--since", "garbage"],
])
def test_bad_date_is_a_clear_error(db, capsys, argv):
    # a date that does not parse used to crash with a TypeError traceback
    assert main([*argv, "--db", db, "--engine", "rules"]) == 1
    err = capsys.readouterr().err
    assert "is not a date" in err and "Traceback" not in err
    assert repr(argv[-1]) in err  # names the bad value, not the other one


def test_entities_of_a_missing_file_is_a_clear_error(tmp_path, capsys):
    assert main(["entities", "--engine", "rules", str(tmp_path / "none.txt")]) == 1
    assert "none.txt" in capsys.readouterr().err


def test_entities_of_a_non_utf8_file_is_a_clear_error(tmp_path, capsys):
    path = tmp_path / "cp1255.txt"
    path.write_bytes("שלום".encode("cp1255"))
    assert main(["entities", "--engine", "rules", str(path)]) == 1
    assert "UTF-8" in capsys.readouterr().err


def test_serve_port_out_of_range_is_a_clear_error(db, capsys):
    assert main(["serve", "--db", db, "--port", "70000"]) == 1
    assert "port=70000" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [
    ["keywords", "--limit", "0"],
    ["entities", "--limit", "-1"],
    ["stories", "--min-size", "0"],
    ["summary", "--sentences", "x"],
    ["search", "גשר", "--limit", "-3"],
])
def test_counts_below_one_are_usage_errors(db, capsys, argv):
    # --limit 0 used to mean the default and --limit -1 to drop the last row silently
    with pytest.raises(SystemExit) as exit_:
        main([*argv, "--db", db])
    assert exit_.value.code == 2 and "give 1 or more" in capsys.readouterr().err


def test_trends_compare_several_series_as_csv(db, capsys):
    assert main(["trends", "גשר", "גשם כבד", "--outlet-series", "news-a", "--db", db, "--engine", "rules",
                 "--by", "month", "--csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "period,series,count,articles,total,share"
    assert "2024-01-01,גשם כבד,2,1,1,1.0000" in lines  # a multi-word phrase counts (title and body)
    assert "2024-03-01,outlet:news-a,1,1,3,0.3333" in lines


def test_trends_outlet_filter_by_prefix_or_domain_and_repeatable(db, capsys):
    for wanted in (["--outlet", "news-b"], ["--outlet", "https://www.news-b.example/x"]):
        assert main(["trends", "גשר", "--db", db, "--engine", "rules", "--by", "month", "--json", *wanted]) == 0
        assert [(r["period"], r["articles"], r["total"]) for r in _json_lines(capsys.readouterr().out)] == [
            ("2024-03-01", 1, 1)]
    assert main(["trends", "גשר", "--db", db, "--engine", "rules", "--by", "month", "--json",
                 "--outlet", "news-a", "--outlet", "news-b"]) == 0
    assert sum(r["articles"] for r in _json_lines(capsys.readouterr().out)) == 2


def test_trends_with_nothing_to_count_or_no_hit(db, capsys):
    assert main(["trends", "--db", db]) == 1
    assert "nothing to count" in capsys.readouterr().err
    assert main(["trends", "צוללת", "--db", db, "--engine", "rules", "--by", "month"]) == 0
    captured = capsys.readouterr()
    assert "no article holds 'צוללת'" in captured.err and captured.out.count("\t0\t0\t") == 3


@pytest.mark.parametrize("command", [["stories"], ["keywords"], ["entities"], ["trends", "גשר"], ["topics"]])
def test_analysis_on_an_empty_corpus_is_a_clear_error(tmp_path, capsys, command):
    from iton.corpus import Corpus

    db = tmp_path / "empty.db"
    Corpus(str(db)).close()
    assert main([*command, "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "has no articles" in err and "iton ingest" in err


def test_story_summary_json_names_article_ids(db, capsys):
    assert main(["stories", "--db", db, "--engine", "rules", "--json"]) == 0
    story = next(s for s in _json_lines(capsys.readouterr().out) if "bridge-a" in s["articles"])
    assert story["label"]
    assert main(["summary", "--db", db, "--engine", "rules", "--story", story["id"], "--json"]) == 0
    sentences = _json_lines(capsys.readouterr().out)
    assert sentences and all(s["article"] in story["articles"] for s in sentences)


def test_trends_draws_an_svg_chart_titled_with_the_query(db, tmp_path, capsys):
    chart = tmp_path / "chart.svg"
    assert main(["trends", "גשר", "גשם", "--db", db, "--engine", "rules", "--by", "month", "--svg", str(chart)]) == 0
    svg = chart.read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "iton trends גשר גשם --by=month" in svg
    assert "<script" not in svg and svg.count("<polyline") + svg.count("<path") >= 2


def test_stories_with_an_article_of_some_outlet(db, capsys):
    assert main(["stories", "--db", db, "--engine", "rules", "--json", "--outlet", "news-b"]) == 0
    stories = _json_lines(capsys.readouterr().out)
    assert stories and all("news-b.example" in s["outlets"] for s in stories)


def test_an_empty_list_says_so(tmp_path, capsys):
    # articles ingested as normalized text carry no entities: an empty list alone reads as a failure
    source = tmp_path / "normalized.jsonl"
    source.write_text(json.dumps({"id": "n-1", "body": "ממשלה החליט על תקציב חדש"}, ensure_ascii=False) + "\n",
                      encoding="utf-8")
    store = str(tmp_path / "n.db")
    assert main(["ingest", str(source), "--db", store, "--normalized"]) == 0
    capsys.readouterr()
    assert main(["entities", "--db", store]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "iton entities: no named entity in the corpus (articles ingested with --normalized are not tagged)\n"
    # the other lists say so too, with the options that chose what they looked at
    assert main(["stories", "--db", store, "--since", "2030-01-01"]) == 0
    assert capsys.readouterr().err == "iton stories: no story with --since 2030-01-01\n"
