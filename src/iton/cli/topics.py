"""`iton topics`: an LDA topic model over the corpus's lemmas; topics, article mixes, shares over time and outlets."""

from __future__ import annotations

import argparse
import sys

from iton.cli.options import analysis_of, db_option, engine_option, outlets_option, positive, print_json_lines
from iton.errors import AnalysisError


def add_topics_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "topics", help="topics of the corpus (LDA over lemmas), each named by its top lemmas",
        description="Fit a topic model on the articles' lemmas (clitics and inflections folded, stop words and "
        "lemmas in more than a third of the articles left out). Lists the topics; --mixes gives each article's "
        "topic mix; --over month|outlet the share of each topic per month or per outlet.")
    db_option(p)
    p.add_argument("--topics", type=positive, default=20, metavar="K", help="number of topics (default: %(default)s)")
    p.add_argument("--iterations", type=positive, default=200, metavar="N",
                   help="sampling sweeps (default: %(default)s)")
    p.add_argument("--terms", type=positive, default=10, metavar="N", help="lemmas per topic (default: %(default)s)")
    p.add_argument("--seed", type=int, default=1, help="random seed (default: %(default)s)")
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="sampling threads, 0 for one per core (faster; topics then vary a little between runs; "
                   "default: %(default)s)")
    outlets_option(p)
    view = p.add_mutually_exclusive_group()
    view.add_argument("--mixes", action="store_true", help="each article's topic mix instead of the topic list")
    view.add_argument("--over", choices=("month", "outlet"), help="each topic's share per month or per outlet")
    p.add_argument("--json", action="store_true", help="one JSON object per topic, article or period/outlet")
    engine_option(p)
    p.set_defaults(run=topics_command)


def _progress():
    from tqdm import tqdm

    bar = tqdm(total=None, unit=" sweeps", file=sys.stderr, dynamic_ncols=True, mininterval=0.5, leave=False,
               disable=not sys.stderr.isatty())

    def update(done: int, total: int) -> None:
        bar.total = total
        bar.update(done - bar.n)
        if done >= total:
            bar.close()

    return update


def topics_command(args: argparse.Namespace) -> int:
    """`iton topics`: fit topics and print them, the article mixes, or shares per month or outlet."""
    from iton.analysis.topics import TopicOptions, corpus_topics, month_of
    from iton.analysis.trends import outlet_matches

    records = [r for r in analysis_of(args).records() if outlet_matches(r.outlet, args.outlet)]
    if not records:
        raise AnalysisError(f"no article of {', '.join(args.outlet)} in {args.db}",
                            "see the outlets with iton topics --over outlet")
    try:
        options = TopicOptions(topics=args.topics, iterations=args.iterations, top_terms=args.terms, seed=args.seed,
                               workers=args.workers)
    except ValueError as exc:
        raise AnalysisError(str(exc), "see iton topics --help") from None
    try:
        model = corpus_topics(records, options, _progress())
    except ValueError as exc:  # no article has a term left to model
        raise AnalysisError(str(exc), "ingest more articles, or choose more outlets") from None
    if args.mixes:
        rows = [{"id": r.id, "topic": model.main_topic(r.id), "mix": [round(x, 4) for x in model.mixes[r.id]]}
                for r in records if r.id in model.mixes]
        if args.json:
            print_json_lines(rows)
        else:
            for row in rows:
                top = sorted(range(len(row["mix"])), key=row["mix"].__getitem__, reverse=True)[:3]
                print(f"{row['id']}\t" + "  ".join(f"{k}:{row['mix'][k]:.2f}" for k in top))
        return 0
    if args.over:
        key = month_of if args.over == "month" else (lambda r: r.outlet)
        groups = model.shares_by(records, key)
        order = sorted(groups, key=lambda g: (g is None, g or ""))
        if args.json:
            print_json_lines({args.over: g, "articles": groups[g]["articles"],
                              "shares": [round(x, 4) for x in groups[g]["shares"]]} for g in order)
            return 0
        print(f"{args.over}\tarticles\t" + "\t".join(str(t.id) for t in model.topics))
        for g in order:
            label = g if g is not None else ("undated" if args.over == "month" else "no outlet")
            print(f"{label}\t{groups[g]['articles']}\t" + "\t".join(f"{x:.2f}" for x in groups[g]["shares"]))
        return 0
    if args.json:
        print_json_lines(t.to_dict() for t in model.topics)
        return 0
    for t in sorted(model.topics, key=lambda t: -t.share):
        print(f"{t.id}\t{t.share:.1%}\t{' '.join(term for term, _ in t.terms)}")
    return 0
