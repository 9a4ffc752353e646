"""Searching for a name: does a query of an entity's name find every article that names it?

    python eval/name_search.py [--data ../shared/data/news-dev.jsonl] [--json] [--misses]
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
type the recall. ``--misses`` lists each pair not found with the name's --explain line.

hspell changes the model's readings: run once as is and once with ``ITON_HSPELL=0``. The
articles are read from the shared folder beside the repository (never copied into it); without
it the script says so and exits 2.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

LABELS = HERE / "data" / "news-dev-entities.jsonl"
DEFAULT_DATA = HERE.parent.parent / "shared" / "data" / "news-dev.jsonl"
FLOORS = HERE / "floors.json"


def names(path: Path = LABELS) -> dict[str, dict]:
    """Each labelled name: its type (the commonest of its mentions') and the articles naming it."""
    found: dict[str, dict] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                label = json.loads(line)
                entry = found.setdefault(label["text"], {"types": defaultdict(int), "articles": set()})
                entry["types"][label["label"]] += 1
                entry["articles"].add(label["id"])
    return {text: {"type": max(e["types"], key=e["types"].get), "articles": e["articles"]} for text, e in found.items()}


def query_of(name: str) -> str:
    """The query a user writes for a name: a quoted phrase when it has several words."""
    return f'"{name}"' if len(name.split()) > 1 else name


def run(data: Path, show_misses: bool = False) -> dict:
    from iton.corpus import Corpus
    from iton.morph.model import load

    wanted = names()
    pairs = found = 0
    by_type: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    whole = 0
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
                for article in sorted(entry["articles"] - hits):
                    misses.append({"name": name, "type": entry["type"], "article": article,
                                   "explain": corpus.explain(query).lines})  # fmt: skip
    result = {"names": len(wanted), "pairs": pairs, "recall": round(found / pairs, 4),
              "names_all_found": round(whole / len(wanted), 4),
              **{f"recall_{kind}": round(f / n, 4) for kind, (f, n) in sorted(by_type.items())},
              "hspell": load().hspell is not None}  # fmt: skip
    if show_misses:
        result["misses"] = misses
    return result


def check(result: dict) -> list[str]:
    """The figures below their floors in eval/floors.json ("floors_name_search"); empty when all hold."""
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))["floors_name_search"]
    return [f"{key} = {result.get(key, 0.0)} is below its floor {floor}"
            for key, floor in floors.items() if result.get(key, 0.0) < floor]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--json", action="store_true", help="one JSON object")
    parser.add_argument("--misses", action="store_true", help="list the (name, article) pairs not found")
    parser.add_argument("--check", action="store_true", help="exit 1 when recall is below eval/floors.json")
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"{args.data}: not found (news-dev lives in the shared folder beside the repository)", file=sys.stderr)
        return 2
    result = run(args.data, args.misses)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for miss in result.pop("misses", []):
            print(f"missed {miss['name']} ({miss['type']}) in {miss['article']}: {' | '.join(miss['explain'])}")
        print(" ".join(f"{key}={value}" for key, value in result.items()))
    problems = check(result) if args.check else []
    for problem in problems:
        print("FAIL:", problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
