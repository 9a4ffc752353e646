"""Entity mentions on real news: iton's pipeline against our own labels of the news-dev articles.

    python eval/news_entities.py [--data news-dev.jsonl] [--errors] [--json]
    python eval/news_entities.py --check    # exit 1 when a figure is below eval/floors.json ("floors_news_entities")

The labels (eval/data/news-dev-entities.jsonl, rules in docs/entities-labelling.md) give each
mention's character span in the record's title or body, without its clitic letters and leading
article (ב[ירושלים], ה[כנסת]). Each article is analysed as ingest analyses it (title and body,
one per line) with the default engine and entities on; a predicted mention's span starts after
the letters the names stage stripped from its first word (its ``lemma``), so a tagged בירושלים
whose lemma is ירושלים matches the label ירושלים. Three matchings, micro P/R/F1 in percent:

- ``exact``: span and type equal;
- ``span``: span equal, any type;
- ``tokens``: both spans widened to whole written tokens, type equal: whether the tagger found
  the mention, whatever clitics the names stage left on it.

``--errors`` lists every missed and every spurious mention of the exact matching. The articles
are read from the shared folder beside the repository (never copied into it); without it the
script says so and exits 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from iton.hebrew import ARTICLE_LETTER  # noqa: E402 (the source tree first)

LABELS = HERE / "data" / "news-dev-entities.jsonl"
DEFAULT_DATA = HERE.parent.parent / "shared" / "data" / "news-dev.jsonl"
FLOORS = HERE / "floors.json"
MATCHINGS = ("exact", "span", "tokens")
# The parts of a record that are analysed, in the order ingest joins them (one per line).
FIELDS = ("title", "body")


def read_articles(path: Path) -> dict[str, dict]:
    """The news records by id."""
    with path.open(encoding="utf-8") as fh:
        return {r["id"]: r for r in map(json.loads, fh)}


def read_labels(path: Path = LABELS) -> list[dict]:
    """The labels of a JSON Lines file, one record a line (default: the labelled mentions: id,
    field, start, end, text, label)."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def label_problems(labels: list[dict], articles: dict[str, dict]) -> list[str]:
    """Labels whose article is unknown or whose span's characters are not its ``text``; empty when all hold."""
    problems = []
    for n, label in enumerate(labels, 1):
        record = articles.get(label["id"])
        if record is None:
            problems.append(f"label {n}: no article {label['id']!r}")
            continue
        written = (record.get(label["field"]) or "")[label["start"] : label["end"]]
        if written != label["text"]:
            problems.append(f"label {n} ({label['id']} {label['field']} {label['start']}): "
                            f"the text there is {written!r}, not {label['text']!r}")
    return problems


def field_offsets(record: dict) -> dict[str, int]:
    """Where each field starts in the analysed text (title, then body, one per line)."""
    offsets, at = {}, 0
    for field in FIELDS:
        if record.get(field):
            offsets[field] = at
            at += len(record[field]) + 1
    return offsets


def analysed_text(record: dict) -> str:
    return "\n".join(record[f] for f in FIELDS if record.get(f))


def predicted_span(doc, entity) -> tuple[int, int]:
    """The character span of ``entity`` without the clitic letters its lemma dropped from its first
    word (a definite noun's article the lemma keeps, הבית הלבן, is not written behind ב, כ or ל:
    לבית הלבן is ל and the span בית הלבן, as the labels have it)."""
    stem = entity.lemma.split(" ", 1)[0]  # the first word's stem (a token holds no space)
    form = doc.tokens[entity.first].form
    if not form.endswith(stem) and stem.startswith(ARTICLE_LETTER) and form.endswith(stem[1:]):
        stem = stem[1:]
    stripped = len(form) - len(stem) if form.endswith(stem) else 0
    return entity.start + stripped, entity.end


def _widen(doc, start: int, end: int) -> tuple[int, int]:
    """``start``-``end`` widened to the written tokens it touches."""
    touched = [t for t in doc.tokens if t.start < end and t.end > start]
    return (touched[0].start, touched[-1].end) if touched else (start, end)


def mentions(articles: dict[str, dict], labels: list[dict]) -> tuple[set, set, dict]:
    """Gold and predicted mentions as (id, start, end, type, tokens-start, tokens-end), offsets
    into each article's analysed text, and the analysed texts by id."""
    from iton.pipeline import Options, load_pipeline

    ids = sorted({label["id"] for label in labels} | set(articles))
    pipeline = load_pipeline(Options())
    if "entities" not in [s.name for s in pipeline.stages]:
        sys.exit("the entity model is not built: python -m iton.training.entities")
    docs = dict(zip(ids, pipeline.analyze_many(analysed_text(articles[i]) for i in ids), strict=True))
    gold, predicted = set(), set()
    for label in labels:
        at = field_offsets(articles[label["id"]])[label["field"]]
        start, end = at + label["start"], at + label["end"]
        gold.add((label["id"], start, end, label["label"], *_widen(docs[label["id"]], start, end)))
    for aid, doc in docs.items():
        for entity in doc.entities:
            start, end = predicted_span(doc, entity)
            predicted.add((aid, start, end, entity.label, entity.start, entity.end))
    return gold, predicted, {aid: doc.text for aid, doc in docs.items()}


def _key(mention: tuple, matching: str) -> tuple:
    aid, start, end, kind, token_start, token_end = mention
    return {"exact": (aid, start, end, kind), "span": (aid, start, end),
            "tokens": (aid, token_start, token_end, kind)}[matching]


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return round(100 * p, 2), round(100 * r, 2), round(100 * (2 * p * r / (p + r) if p + r else 0.0), 2)


def score(gold: set, predicted: set) -> dict:
    """P/R/F1 per matching, exact F1 per type, and the counts."""
    result: dict = {"gold_mentions": len(gold), "predicted_mentions": len(predicted)}
    for matching in MATCHINGS:
        g = Counter(_key(m, matching) for m in gold)
        p = Counter(_key(m, matching) for m in predicted)
        tp = sum((g & p).values())
        result.update(zip((f"{matching}_precision", f"{matching}_recall", f"{matching}_f1"),
                          _prf(tp, sum(p.values()) - tp, sum(g.values()) - tp)))
    for kind in sorted({m[3] for m in gold | predicted}):
        g = {_key(m, "exact") for m in gold if m[3] == kind}
        p = {_key(m, "exact") for m in predicted if m[3] == kind}
        result[f"exact_f1_{kind}"] = _prf(len(g & p), len(p - g), len(g - p))[2]
        result[f"gold_{kind}"] = len(g)
    return result


def errors(gold: set, predicted: set, texts: dict[str, str]) -> list[str]:
    """One line per missed (``-``) and spurious (``+``) mention of the exact matching, by article and place."""
    g = {_key(m, "exact") for m in gold}
    p = {_key(m, "exact") for m in predicted}
    lines = []
    for sign, (aid, start, end, kind) in sorted([("-", k) for k in g - p] + [("+", k) for k in p - g],
                                                key=lambda x: (x[1][0], x[1][1], x[0])):
        text = texts[aid]
        context = text[max(0, start - 20) : start] + "[" + text[start:end] + "]" + text[end : end + 20]
        lines.append(f"{sign} {aid}\t{kind}\t{text[start:end]}\t{context.replace(chr(10), ' ')}")
    return lines


def below_floors(result: dict, floor_set: str) -> list[str]:
    """The figures of ``result`` below their floors in eval/floors.json's ``floor_set``; empty when all hold."""
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))[floor_set]
    return [f"{key} = {result.get(key, 0.0)} is below its floor {floor}"
            for key, floor in floors.items() if result.get(key, 0.0) < floor]


def check(result: dict) -> list[str]:
    """The figures below their floors in eval/floors.json ("floors_news_entities"); empty when all hold."""
    return below_floors(result, "floors_news_entities")


def news_arguments(description: str, errors_help: str, argv: list[str] | None) -> argparse.Namespace:
    """The options every news-dev evaluation takes: --data, --errors, --json, --check."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the news records (default: the shared folder's news-dev.jsonl)")
    parser.add_argument("--errors", action="store_true", help=errors_help)
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    parser.add_argument("--check", action="store_true", help="exit 1 when a figure is below eval/floors.json")
    return parser.parse_args(argv)


def labelled_articles(data: Path, labels: list[dict], problems_of) -> dict[str, dict] | int:
    """The news records by id, or the exit code after saying why not: 2 when the file is absent
    (it lives in the shared folder), 1 when a label does not fit its text (``problems_of``)."""
    if not data.is_file():
        print(f"{data} is absent: the news articles live in the project's shared folder "
              "beside the repository (shared/data/news-dev.jsonl); pass --data FILE", file=sys.stderr)
        return 2
    articles = read_articles(data)
    problems = problems_of(labels, articles)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    return articles


def report(result: dict, args: argparse.Namespace, error_lines, failed_floors) -> int:
    """Print ``result`` (and ``error_lines()`` with --errors); with --check, the exit code of the floors."""
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key}\t{value}")
    if args.errors:
        print("\n".join(error_lines()))
    if args.check:
        failed = failed_floors(result)
        for problem in failed:
            print("FAIL:", problem, file=sys.stderr)
        return 1 if failed else 0
    return 0


def main(argv: list[str] | None = None) -> int:
    args = news_arguments(__doc__.splitlines()[0], "list the missed (-) and spurious (+) mentions", argv)
    labels = read_labels()
    articles = labelled_articles(args.data, labels, label_problems)
    if isinstance(articles, int):
        return articles
    gold, predicted, texts = mentions(articles, labels)
    return report(score(gold, predicted), args, lambda: errors(gold, predicted, texts), check)


if __name__ == "__main__":
    sys.exit(main())
