"""The normalized form on real news: iton's lemmas against our own labels of news-dev sentences.

    python eval/news_lemmas.py [--data news-dev.jsonl] [--errors] [--json]
    python eval/news_lemmas.py --check    # exit 1 below eval/floors.json ("floors_news_lemmas" or
                                          # "floors_news_lemmas_hspell", as the machine has hspell)

The labels (eval/data/news-dev-lemmas.jsonl, rules in docs/quality.md, "The normalized form on
real news") give, for two sentences of each news-dev article (the first two of its body with six
Hebrew tokens or more, by iton's sentence splitter, chosen before any output was read), every
Hebrew token's character span in the body, its written form, and the lemma its normalized form
should have, or null where the normalized form should drop it (a clitic stub such as the ה of
ה-36). Each article is analysed as ingest analyses it (title and body, one per line, default
engine, entities and names stages), and its normalized form is scored as
``../shared/docs/normalized-text.md`` scores it:

- ``lemma_bag``: per sentence, the multiset of lemmas of the Hebrew tokens iton writes inside the
  sentence's span against the labels' multiset; micro P/R/F1 over the sentences;
- ``token_accuracy``: the share of labelled tokens (gold not null) whose span iton also made a
  token of and whose lemma it writes as labelled.

The articles are split once, before any change was tuned on them, as ``eval/stories.py`` splits
singles: by the SHA-1 of their id, the last 40% ``unseen``; each figure is given for all, for
``tuning`` and for ``unseen``. ``--errors`` lists every token whose lemma differs. The articles
are read from the shared folder beside the repository (never copied into it); without it the
script says so and exits 2.
"""

from __future__ import annotations

import hashlib
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

from news_entities import (  # noqa: E402
    FLOORS,
    analysed_text,
    below_floors,
    field_offsets,
    labelled_articles,
    news_arguments,
    read_articles,
    report,
)
from news_entities import read_labels as read_jsonl  # noqa: E402  (any labels file, one record a line)

LABELS = HERE / "data" / "news-dev-lemmas.jsonl"
PARTS = ("all", "tuning", "unseen")
# The share of articles, last by the SHA-1 of their id, kept apart as unseen (as eval/stories.py does).
UNSEEN_SHARE = 0.4


def read_labels(path: Path = LABELS) -> list[dict]:
    """The labelled sentences: id, field, start, end, tokens [[start, end, form, lemma or None], ...]."""
    return read_jsonl(path)


def label_problems(labels: list[dict], articles: dict[str, dict]) -> list[str]:
    """Labels whose article is unknown or whose token spans do not hold their written form."""
    problems = []
    for n, sentence in enumerate(labels, 1):
        record = articles.get(sentence["id"])
        if record is None:
            problems.append(f"sentence {n}: no article {sentence['id']!r}")
            continue
        text = record.get(sentence["field"]) or ""
        for start, end, form, _ in sentence["tokens"]:
            if not sentence["start"] <= start < end <= sentence["end"] or text[start:end] != form:
                problems.append(f"sentence {n} ({sentence['id']} {sentence['field']} {start}): "
                                f"the text there is {text[start:end]!r}, not {form!r}")
    return problems


def split_of(ids) -> dict[str, str]:
    """Article id -> ``tuning`` or ``unseen``: sorted by the SHA-1 of the id, the last 40% unseen."""
    ordered = sorted(ids, key=lambda i: hashlib.sha1(i.encode("utf-8")).hexdigest())
    unseen = set(ordered[len(ordered) - round(len(ordered) * UNSEEN_SHARE):])
    return {i: "unseen" if i in unseen else "tuning" for i in ordered}


def predictions(articles: dict[str, dict], labels: list[dict]) -> list[list[tuple[int, int, str, str]]]:
    """For each labelled sentence, the Hebrew tokens iton writes inside it: (start, end, form,
    lemma), offsets into the sentence's field."""
    from iton.document import ACRONYM, HEBREW
    from iton.pipeline import Options, load_pipeline
    from iton.views import normalized_tokens

    ids = sorted({s["id"] for s in labels})
    docs = dict(zip(ids, load_pipeline(Options()).analyze_many(analysed_text(articles[i]) for i in ids),
                    strict=True))
    out = []
    for sentence in labels:
        doc = docs[sentence["id"]]
        at = field_offsets(articles[sentence["id"]])[sentence["field"]]
        start, end = at + sentence["start"], at + sentence["end"]
        written = normalized_tokens(doc)
        out.append([(t.start - at, t.end - at, t.form, lemma)
                    for t, lemma in zip(doc.tokens, written, strict=True)
                    if start <= t.start and t.end <= end and t.kind in (HEBREW, ACRONYM) and lemma is not None])
    return out


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return round(p, 4), round(r, 4), round(2 * p * r / (p + r) if p + r else 0.0, 4)


def score(labels: list[dict], predicted: list[list[tuple]]) -> dict:
    """Lemma-bag P/R/F1 and token accuracy, for all sentences and per part of the split."""
    parts = split_of({s["id"] for s in labels})
    counts = {part: Counter() for part in PARTS}
    for sentence, tokens in zip(labels, predicted, strict=True):
        gold = Counter(lemma for *_, lemma in sentence["tokens"] if lemma is not None)
        bag = Counter(lemma for *_, lemma in tokens)
        by_span = {(start, end): lemma for start, end, _, lemma in tokens}
        right = sum(by_span.get((start, end)) == lemma for start, end, _, lemma in sentence["tokens"]
                    if lemma is not None)
        for part in ("all", parts[sentence["id"]]):
            c = counts[part]
            c["sentences"] += 1
            c["tp"] += sum((gold & bag).values())
            c["pred"] += sum(bag.values())
            c["gold"] += sum(gold.values())
            c["right"] += right
    result: dict = {}
    for part, c in counts.items():
        p, r, f = _prf(c["tp"], c["pred"], c["gold"])
        result.update({f"{part}.sentences": c["sentences"], f"{part}.tokens": c["gold"],
                       f"{part}.lemma_bag_precision": p, f"{part}.lemma_bag_recall": r,
                       f"{part}.lemma_bag_f1": f,
                       f"{part}.token_accuracy": round(c["right"] / c["gold"], 4) if c["gold"] else 0.0})
    return result


def errors(labels: list[dict], predicted: list[list[tuple]]) -> list[str]:
    """One line per labelled token whose lemma iton writes otherwise (or not at all), and per
    token iton writes where the labels have none: article, part, form, iton's lemma, the label's."""
    parts = split_of({s["id"] for s in labels})
    lines = []
    for sentence, tokens in zip(labels, predicted, strict=True):
        by_span = {(start, end): (form, lemma) for start, end, form, lemma in tokens}
        labelled = set()
        for start, end, form, lemma in sentence["tokens"]:
            labelled.add((start, end))
            got = by_span.get((start, end), (form, None))[1]
            if got != lemma:
                lines.append(f"{sentence['id']}\t{parts[sentence['id']]}\t{start}\t{form}\t{got}\t{lemma}")
        for (start, end), (form, lemma) in sorted(by_span.items()):
            if (start, end) not in labelled:
                lines.append(f"{sentence['id']}\t{parts[sentence['id']]}\t{start}\t{form}\t{lemma}\t(not a labelled token)")
    return lines


def floor_set() -> str:
    """The floors that apply: the engine with hspell's readings has its own, as in eval/morph.py."""
    from iton.morph.model import load

    return "floors_news_lemmas_hspell" if load().hspell is not None else "floors_news_lemmas"


def check(result: dict) -> list[str]:
    """The figures below their floors in eval/floors.json (the set for this machine's hspell); empty when all hold."""
    return below_floors(result, floor_set())


def main(argv: list[str] | None = None) -> int:
    args = news_arguments(__doc__.splitlines()[0], "list every token whose lemma differs from its label", argv)
    labels = read_labels()
    articles = labelled_articles(args.data, labels, label_problems)
    if isinstance(articles, int):
        return articles
    predicted = predictions(articles, labels)
    return report(score(labels, predicted), args,
                  lambda: ["article\tpart\tstart\tform\titon\tlabel", *errors(labels, predicted)], check)


if __name__ == "__main__":
    sys.exit(main())
