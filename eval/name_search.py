"""Searching for a name: does a query of an entity's name find every article that names it?

    python eval/name_search.py [--data ../shared/data/news-dev.jsonl] [--json] [--errors]
    python eval/name_search.py --check    # exit 1 when recall is below eval/floors.json ("floors_name_search")

The names are the labelled mentions of news-dev (eval/data/news-dev-entities.jsonl, rules in
docs/entities-labelling.md: the name without its clitic letters and leading article, as a user
would type it). Every article of news-dev is ingested into a temporary SQLite corpus by the real
ingest (entities on, as `iton ingest` runs), and each distinct name is searched as a user writes
it: a quoted phrase when it has several words (`"בנימין נתניהו"`), a word when one
(`נתניהו`), through ``Corpus.search`` with no limit. A name counts as found in an article when
the article is among the hits; the relevant articles of a name are those labelled with a
mention of exactly that text (so `נתניהו` is judged on the articles that write נתניהו alone, not
on those that only write בנימין נתניהו, which it finds as well). Figures: ``recall`` over the
(name, article) pairs, ``names_all_found`` (names whose every article is found), and per entity
type the recall. ``--errors`` lists each pair not found with the name's --explain line.

hspell changes the model's readings: run once as is and once with ``ITON_HSPELL=0``. The
articles are read from the shared folder beside the repository (never copied into it); without
it the script says so and exits 2.
"""

from __future__ import annotations

import sys
import tempfile
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from news_entities import below_floors, label_problems, labelled_articles, news_arguments, read_labels, report


def names(labels: list[dict] | None = None) -> dict[str, dict]:
    """Each labelled name: its type (the commonest of its mentions') and the articles naming it."""
    found: dict[str, dict] = {}
    for label in read_labels() if labels is None else labels:
        entry = found.setdefault(label["text"], {"types": defaultdict(int), "articles": set()})
        entry["types"][label["label"]] += 1
        entry["articles"].add(label["id"])
    return {text: {"type": max(e["types"], key=e["types"].get), "articles": e["articles"]} for text, e in found.items()}


def query_of(name: str) -> str:
    """The query a user writes for a name: a quoted phrase when it has several words."""
    return f'"{name}"' if len(name.split()) > 1 else name


def run(data: Path) -> dict:
    """The figures, and under ``misses`` each (name, article) pair not found."""
    from iton.corpus import Corpus
    from iton.morph.model import load

    wanted = names()
    pairs = found = whole = 0
    by_type: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses = []
    with tempfile.TemporaryDirectory() as folder:
        with Corpus(Path(folder) / "names.db", engine="model") as corpus:
            corpus.ingest([data])
            for name, entry in sorted(wanted.items()):
                query = query_of(name)
                hits = {hit.id for hit in corpus.search(query, limit=1000)}
                right = entry["articles"] & hits
                pairs += len(entry["articles"])
                found += len(right)
                by_type[entry["type"]][0] += len(right)
                by_type[entry["type"]][1] += len(entry["articles"])
                whole += right == entry["articles"]
                misses += [f"{name} ({entry['type']}) in {article}: {' | '.join(corpus.explain(query).lines)}"
                           for article in sorted(entry["articles"] - hits)]  # fmt: skip
    return {"names": len(wanted), "pairs": pairs, "recall": round(found / pairs, 4),
            "names_all_found": round(whole / len(wanted), 4),
            **{f"recall_{kind}": round(f / n, 4) for kind, (f, n) in sorted(by_type.items())},
            "hspell": load().hspell is not None, "misses": misses}  # fmt: skip


def check(result: dict) -> list[str]:
    """The figures below their floors in eval/floors.json ("floors_name_search"); empty when all hold."""
    return below_floors(result, "floors_name_search")


def main(argv: list[str] | None = None) -> int:
    args = news_arguments(__doc__.splitlines()[0], "list each (name, article) pair not found", argv)
    articles = labelled_articles(args.data, read_labels(), label_problems)
    if isinstance(articles, int):
        return articles
    result = run(args.data)
    misses = result.pop("misses")
    return report(result, args, lambda: misses, check)


if __name__ == "__main__":
    raise SystemExit(main())
