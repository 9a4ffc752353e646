"""Readers: real files of each format, broken ones included, all giving the same Article record."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pytest

from iton.corpus.article import Article, Reject, canonical_url, stable_id
from iton.corpus.fields import ReadOptions, parse_field_map
from iton.corpus.inputs import detect_format
from iton.corpus.readers import SourceInfo, read_sources
from iton.errors import FieldMapError, InvalidOption, SourceNotFound, UnknownFormat

BODY = "ראש הממשלה נפגש היום עם נשיא המדינה בירושלים. השניים דנו במצב הביטחוני."

HTML_ARTICLE = """<!DOCTYPE html>
<html lang="he" dir="rtl"><head><meta charset="utf-8">
<title>סערה בצפון: גשם כבד ושיטפונות | חדשות היום</title>
<meta property="og:title" content="סערה בצפון: גשם כבד ושיטפונות">
<meta property="og:site_name" content="חדשות היום">
<meta name="author" content="דנה לוי">
<meta property="article:published_time" content="2026-11-18T07:30:00+02:00">
<meta name="description" content="הגשם הכבד הציף רחובות בגליל">
</head><body>
<nav><a href="/">ראשי</a> | <a href="/news">חדשות</a> | <a href="/sport">ספורט</a></nav>
<article><h1>סערה בצפון: גשם כבד ושיטפונות</h1>
<p>סערת חורף ראשונה פוקדת את הארץ: גשם כבד ירד הלילה בצפון ובמרכז, ובכמה יישובים בגליל הוצפו רחובות ובתים.</p>
<p>בשירות המטאורולוגי מזהירים מפני שיטפונות בנחלים ובמדבר יהודה, וקוראים למטיילים להימנע מהגעה לאזורים אלה.</p>
<p>ביום שישי צפויה התבהרות הדרגתית וירידה בטמפרטורות. המשטרה קוראת לנהגים להימנע מנסיעה בכבישים מוצפים.</p>
</article>
<footer>כל הזכויות שמורות לחדשות היום</footer></body></html>"""

HTML_NO_ARTICLE = """<!DOCTYPE html><html><head><title>404</title></head><body><nav><a href="/">ראשי</a></nav></body></html>"""

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>חדשות היום</title><link>https://hadashot.example/</link>
<item><title>מטוס נחת בשלום אחרי תקלה</title><link>https://hadashot.example/a/1?utm_source=rss</link>
<guid>https://hadashot.example/a/1</guid><pubDate>Tue, 24 Nov 2026 10:00:00 +0200</pubDate>
<description>&lt;p&gt;מטוס שיצא לאילת חזר לנתב"ג בשל תקלה במנוע. איש לא נפגע.&lt;/p&gt;</description></item>
<item><title>הכנסת אישרה את התקציב</title><link>https://hadashot.example/a/2</link>
<pubDate>not a date</pubDate><description>מליאת הכנסת אישרה הלילה את התקציב בקריאה ראשונה.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>קול הדרום</title>
<entry><title>אזעקות בעוטף עזה</title><link href="https://darom.example/x/9"/><id>tag:darom.example,2026:9</id>
<updated>2026-11-19T20:15:00Z</updated><content type="html">&lt;p&gt;שתי רקטות יורטו מעל שדרות.&lt;/p&gt;&lt;p&gt;לא היו נפגעים.&lt;/p&gt;</content></entry>
</feed>"""


def records(path, **options) -> list:
    return [r for r in read_sources([path], ReadOptions(**options)) if not isinstance(r, SourceInfo)]


def articles(path, **options) -> list[Article]:
    return [r for r in records(path, **options) if isinstance(r, Article)]


def rejects(path, **options) -> list[Reject]:
    return [r for r in records(path, **options) if isinstance(r, Reject)]


@pytest.fixture()
def news_records(news_dev_path) -> list[dict]:
    return [json.loads(line) for line in news_dev_path.read_text(encoding="utf-8").splitlines()[:6]]


def test_jsonl_real_news(news_dev_path) -> None:
    found = articles(news_dev_path)
    assert len(found) == 33
    first = found[0]
    assert first.id == "meron_inn" and first.outlet == "inn.co.il" and first.published == "2021-04"
    assert first.source == str(news_dev_path) and first.line == 1


def test_jsonl_broken_lines(tmp_path: Path, news_records) -> None:
    path = tmp_path / "news.jsonl"
    good = [json.dumps(r, ensure_ascii=False).encode() for r in news_records[:3]]
    no_body = json.dumps({"id": "x1", "title": "כותרת בלבד"}, ensure_ascii=False).encode()
    bad_date = json.dumps({"id": "x2", "body": BODY, "published": "אתמול בערב"}, ensure_ascii=False).encode()
    path.write_bytes(b"\n".join([good[0], b"{not json", good[1], no_body, "שלום".encode("cp1255"),
                                 b"[1, 2]", bad_date, good[2]]) + b"\n")
    found = records(path)
    kinds = [(type(r).__name__, r.line) for r in found]
    assert kinds == [("Article", 1), ("Reject", 2), ("Article", 3), ("Reject", 4), ("Reject", 5),
                     ("Reject", 6), ("Article", 7), ("Article", 8)]
    reasons = {r.line: r.reason for r in found if isinstance(r, Reject)}
    assert "invalid JSON" in reasons[2]
    assert "missing body" in reasons[4] and "--field-map body=" in reasons[4]
    assert "wrong encoding" in reasons[5] and "cp1255" in reasons[5]
    assert "not an object" in reasons[6]
    dated = found[6]
    assert dated.published is None and dated.published_raw == "אתמול בערב" and "did not parse" in dated.warnings[0]


def test_csv_with_field_map_and_quoted_newlines(tmp_path: Path, news_records) -> None:
    path = tmp_path / "news.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["article_id", "site", "headline", "content", "date"])
        for r in news_records[:3]:
            writer.writerow([r["id"], r["outlet"], r["title"] or "", r["body"], r["published"] or ""])
        writer.writerow(["empty", "x", "כותרת", "", "2026-01-01"])
    found = records(path, field_map=parse_field_map("id=article_id,outlet=site,title=headline,body=content,published=date"))
    assert [type(r).__name__ for r in found] == ["Article", "Article", "Article", "Reject"]
    assert found[0].id == news_records[0]["id"] and found[0].body == news_records[0]["body"].strip()
    assert found[3].line == 5 or found[3].line > 4  # the record's first physical line
    assert "missing body" in found[3].reason


def test_csv_with_a_long_body(tmp_path: Path) -> None:
    # a body past the csv module's 128 kB default used to reject the rest of the file
    path = tmp_path / "long.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "body"])
        writer.writerow(["long", BODY * 2000])
        writer.writerow(["short", BODY])
    found = records(path)
    assert [type(r).__name__ for r in found] == ["Article", "Article"]
    assert len(found[0].body) > 131072 and found[1].id == "short"


def test_csv_default_names_and_bad_encoding_line(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    rows = ["id,outlet,title,text,published", f"a1,ynet,כותרת,{BODY},24.11.2026"]
    data = ("\n".join(rows) + "\n").encode() + "a2,ynet,כותרת,גוף".encode("cp1255") + b",24.11.2026\n"
    path.write_bytes(data)
    found = records(path)
    assert isinstance(found[0], Article) and found[0].published == "2026-11-24" and found[0].body == BODY
    assert isinstance(found[1], Reject) and found[1].line == 3 and "wrong encoding" in found[1].reason


def test_cp1255_file_with_encoding_option(tmp_path: Path) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes(f"כותרת ישנה\n{BODY}\n".encode("cp1255"))
    assert "wrong encoding" in rejects(path)[0].reason
    article = articles(path, encoding="cp1255")[0]
    assert article.title == "כותרת ישנה" and article.body == BODY


def test_txt_first_line_is_the_title(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(f"הכותרת\n\n{BODY}\n", encoding="utf-8")
    article = articles(path)[0]
    assert (article.title, article.body, article.id) == ("הכותרת", BODY, None)


def test_txt_only_a_title_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("רק כותרת\n", encoding="utf-8")
    assert "missing body" in rejects(path)[0].reason


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("empty.jsonl", b"", "empty file"),
    ("blank.txt", b"\n \n", "empty file"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    ("data.bin", b"\x00\x01\x02\x03", "binary file"),
])
def test_empty_and_binary_files(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    found = rejects(path)
    assert len(found) == 1 and reason in found[0].reason and found[0].source == str(path)


def test_html_article(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML_ARTICLE, encoding="utf-8")
    article = articles(path)[0]
    assert "גשם כבד ירד הלילה" in article.body and "כל הזכויות" not in article.body
    assert article.title.startswith("סערה בצפון")
    assert article.published == "2026-11-18"
    assert article.outlet == "חדשות היום"


def test_html_with_no_article(tmp_path: Path) -> None:
    path = tmp_path / "404.html"
    path.write_text(HTML_NO_ARTICLE, encoding="utf-8")
    assert "no article found" in rejects(path)[0].reason


def test_rss_feed(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(RSS, encoding="utf-8")
    found = articles(path)
    assert [a.title for a in found] == ["מטוס נחת בשלום אחרי תקלה", "הכנסת אישרה את התקציב"]
    assert found[0].published == "2026-11-24T10:00:00+02:00" and found[0].outlet == "חדשות היום"
    assert found[0].body == 'מטוס שיצא לאילת חזר לנתב"ג בשל תקלה במנוע. איש לא נפגע.'
    assert found[1].published is None and found[1].published_raw == "not a date" and found[1].warnings


def test_atom_feed_detected_by_content(tmp_path: Path) -> None:
    path = tmp_path / "feed"
    path.write_text(ATOM, encoding="utf-8")
    items = list(read_sources([path]))
    assert items[0] == SourceInfo(str(path), "feed", "content")
    article = items[1]
    assert article.body == "שתי רקטות יורטו מעל שדרות.\nלא היו נפגעים." and article.published == "2026-11-19T20:15:00+00:00"


def test_not_a_feed(tmp_path: Path) -> None:
    path = tmp_path / "feed.rss"
    path.write_text("<rss><channel><title>ריק</title></channel></rss>", encoding="utf-8")
    assert "no entries" in rejects(path)[0].reason


def test_gz_directory_and_glob(tmp_path: Path, news_dev_path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    lines = news_dev_path.read_bytes().splitlines()[:4]
    with gzip.open(folder / "a.jsonl.gz", "wb") as handle:
        handle.write(b"\n".join(lines[:2]) + b"\n")
    (folder / "sub" / "b.jsonl").write_bytes(b"\n".join(lines[2:]) + b"\n")
    (folder / ".hidden.jsonl").write_bytes(lines[0])
    assert len(articles(folder)) == 4
    assert len(articles(str(folder / "**" / "*.jsonl*"))) == 4
    infos = [r for r in read_sources([folder]) if isinstance(r, SourceInfo)]
    assert [i.format for i in infos] == ["jsonl", "jsonl"]


def test_json_array(tmp_path: Path) -> None:
    path = tmp_path / "news.json"
    path.write_text(json.dumps([{"id": "1", "body": BODY}, {"id": "2"}, 3], ensure_ascii=False), encoding="utf-8")
    assert [type(r).__name__ for r in records(path)] == ["Article", "Reject", "Reject"]


def test_normalized_corpus_file(seed_text: str, tmp_path: Path) -> None:
    path = tmp_path / "000_3ae03d09336d0e0f.txt"
    path.write_text(seed_text, encoding="utf-8")
    article = articles(path, normalized=True)[0]
    assert article.id == "000_3ae03d09336d0e0f" and article.input_normalized and article.body == seed_text.strip()


def test_missing_source_and_bad_options(tmp_path: Path) -> None:
    with pytest.raises(SourceNotFound, match="no such file"):
        list(read_sources([tmp_path / "nope.jsonl"]))
    with pytest.raises(SourceNotFound):
        list(read_sources([str(tmp_path / "*.nothing")]))
    with pytest.raises(UnknownFormat, match="choose one of"):
        ReadOptions(format="docx")
    with pytest.raises(FieldMapError, match="FIELD=NAME"):
        parse_field_map("body")
    with pytest.raises(FieldMapError):
        parse_field_map("=red")
    assert parse_field_map("colour=red") == {"colour": "red"}  # not an article field: kept in meta


@pytest.mark.parametrize(("name", "head", "expected"), [
    ("a.jsonl", b"", ("jsonl", "extension")), ("a.csv.gz", b"", ("csv", "extension")),
    ("a", b'  {"id": 1}', ("jsonl", "content")), ("a", b"[{}]", ("json", "content")),
    ("a", b'<?xml version="1.0"?><rss>', ("feed", "content")), ("a", b"<!DOCTYPE html><html>", ("html", "content")),
    ("a", "שלום".encode(), ("txt", "content")),
])
def test_detect_format(name: str, head: bytes, expected) -> None:
    assert detect_format(name, head) == expected


def test_stable_ids() -> None:
    assert stable_id(Article(body="x", id=" 42 ")) == "42"
    assert stable_id(Article(body="x", url="http://www.Ynet.co.il/a/1/?utm_medium=x#c")) == "https://ynet.co.il/a/1"
    hashed = stable_id(Article(body="גוף", title="כותרת"))
    assert hashed.startswith("sha256:") and hashed == stable_id(Article(body="גוף", title="כותרת", outlet="other"))
    assert canonical_url("https://x.example/p?b=2&a=1&fbclid=z") == "https://x.example/p?a=1&b=2"


@pytest.mark.parametrize("url", ["http://x.example:abc/a", "http://[broken/a", "https://x.example:99999/a"])
def test_unparseable_url_is_kept_as_the_id(url: str) -> None:
    # a bad port or IPv6 host used to raise ValueError and stop the whole ingest
    assert canonical_url(f" {url} ") == url
    assert stable_id(Article(body="x", url=url)) == url


def test_unknown_encoding_is_a_clear_error() -> None:
    # used to surface as a LookupError traceback from the first decode
    with pytest.raises(InvalidOption, match="cp1255"):
        ReadOptions(encoding="no-such-codec")


def test_field_map_names_any_case(tmp_path: Path) -> None:
    # record keys are matched case-insensitively, so a mapped name in capitals must find its column
    path = tmp_path / "news.jsonl"
    path.write_text(json.dumps({"ID": "c1", "Content": BODY}, ensure_ascii=False) + "\n", encoding="utf-8")
    found = records(path, field_map=parse_field_map("id=ID,body=Content"))
    assert isinstance(found[0], Article) and found[0].body == BODY and found[0].id == "c1"


def test_feed_from_a_url(tmp_path: Path) -> None:
    import functools
    import http.server
    import threading

    (tmp_path / "feed.xml").write_text(RSS, encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/feed.xml"
        items = list(read_sources([url]))
    finally:
        server.shutdown()
    assert items[0] == SourceInfo(url, "feed", "url")
    assert [a.title for a in items[1:]] == ["מטוס נחת בשלום אחרי תקלה", "הכנסת אישרה את התקציב"]


def test_unpaired_surrogate_escapes_are_replaced_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text('{"id": "s1", "body": "גוף \\ud800 הכתבה", "title": "ok"}\n', encoding="utf-8")
    article = articles(path)[0]
    assert article.body == "גוף \ufffd הכתבה" and "surrogate" in article.warnings[0]


def test_expected_records_counts_lines_and_pages_for_a_progress_total(tmp_path):
    import gzip as gz

    from iton.corpus.inputs import expected_records

    (tmp_path / "a.jsonl").write_text('{"id": 1, "body": "א"}\n{"id": 2, "body": "ב"}\n', encoding="utf-8")
    (tmp_path / "b.csv").write_text("id,body\n1,א\n2,ב\n3,ג\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text("כותרת\nגוף", encoding="utf-8")
    with gz.open(tmp_path / "d.jsonl.gz", "wb") as handle:
        handle.write(b'{"id": 4, "body": "x"}\n')
    files = [str(tmp_path / n) for n in ("a.jsonl", "b.csv", "c.txt", "d.jsonl.gz")]
    assert expected_records(files) == 2 + 3 + 1 + 1
    (tmp_path / "e.rss").write_text("<rss></rss>", encoding="utf-8")
    assert expected_records([*files, str(tmp_path / "e.rss")]) is None  # a feed's entries are not counted
    good = gz.compress(b'{"id": 5, "body": "y"}\n' * 100)
    (tmp_path / "f.jsonl.gz").write_bytes(good[:20] + b"\xff" * 30 + good[50:])  # corrupt inside
    assert expected_records([str(tmp_path / "a.jsonl"), str(tmp_path / "f.jsonl.gz")]) == 2  # skipped, no raise
