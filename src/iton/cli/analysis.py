"""Analysis commands: `iton stories`, `keywords`, `entities`, `trends`, `summary`."""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from iton.cli.options import (
    analysis_of,
    db_option,
    engine_option,
    json_option,
    outlets_option,
    period_options,
    positive,
    print_json_lines,
    read_text,
)
from iton.errors import AnalysisError


def add_stories_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "stories", help="articles about the same event from different outlets, grouped",
        description="Group the corpus into stories online, in publication order: an article joins the most "
        "similar open story within a few days (lemmas, bigrams and entities), or starts a new one.")
    db_option(p)
    period_options(p, "stories running")
    p.add_argument("--min-size", type=positive, default=1, metavar="N", help="only stories of at least N articles")
    outlets_option(p)
    json_option(p, "story (id, articles, outlets, start, end, title, label)")
    engine_option(p)
    p.set_defaults(run=stories_command)


def stories_command(args: argparse.Namespace) -> int:
    """`iton stories`: articles about the same event, grouped."""
    from iton.analysis.trends import outlet_matches

    analysis = analysis_of(args)
    stories = [s for s in analysis.stories(args.since, args.until, args.min_size)
               if not args.outlet or any(outlet_matches(o, args.outlet) for o in s.outlets)]
    if not stories:
        _say_none("stories", "story", args, ("since", "until", "min_size", "outlet"))
    if args.json:
        print_json_lines(analysis.story_data(s) for s in stories)
        return 0
    for s in stories:
        d = analysis.story_data(s)
        span = f"{d['start'] or '?'}..{d['end'] or '?'}"
        print(f"{d['id']}  {d['size']} articles  {span}  {', '.join(d['outlets'])}  [{d['label']}]  {d['title'] or ''}")
        print(f"   {' '.join(d['articles'])}")
    return 0


def add_keywords_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "keywords", help="distinctive lemmas and bigrams of an article, a story or a period",
        description="Terms (lemmas and lemma bigrams) scored by tf-idf against the whole corpus; stop words "
        "and each outlet's boilerplate are left out. Without --article/--story, the period --since..--until "
        "(of the --outlet outlets).")
    db_option(p)
    p.add_argument("--article", metavar="ID", help="keywords of this article")
    p.add_argument("--story", metavar="ID", help="keywords of this story (ids from `iton stories`)")
    period_options(p, "articles published")
    outlets_option(p)
    p.add_argument("--limit", type=positive, default=10, metavar="N", help="at most N keywords (default: %(default)s)")
    json_option(p, "keyword")
    engine_option(p)
    p.set_defaults(run=keywords_command)


def keywords_command(args: argparse.Namespace) -> int:
    """`iton keywords`: distinctive terms of an article, a story or a period."""
    if args.outlet and (args.article or args.story):
        raise AnalysisError("--outlet chooses the articles of a period", "leave it out with --article or --story")
    found = analysis_of(args).keywords(args.article, args.story, args.since, args.until, args.limit, args.outlet)
    if not found:
        _say_none("keywords", "keyword", args, ("article", "story", "since", "until", "outlet"))
    if args.json:
        print_json_lines(k.to_dict() for k in found)
    else:
        for k in found:
            print(f"{k.term}\t{k.score:.2f}\t{k.count}")
    return 0


def add_entities_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "entities", help="named entities: tag a text, or list the corpus's most covered people, places, bodies",
        description="With --text or FILEs: tag named entities (NEMO types) in the text. Otherwise: the entities "
        "of the corpus by number of articles, each with its aliases (one entity: פוטין, לפוטין and ולדימיר "
        "פוטין; a surname joins the one full name of the corpus ending with it), or with --with, the entities "
        "that share articles with one.")
    p.add_argument("files", nargs="*", metavar="FILE", help="text files to tag (UTF-8)")
    p.add_argument("--text", help="a text to tag")
    db_option(p)
    p.add_argument("--label", help="only this type (PER, ORG, GPE, LOC, FAC, WOA, EVE, DUC, ANG)")
    p.add_argument("--with", dest="with_entity", metavar="ENTITY", help="entities co-occurring with ENTITY")
    p.add_argument("--limit", type=positive, default=30, metavar="N", help="at most N entities (default: %(default)s)")
    json_option(p, "entity")
    engine_option(p)
    p.set_defaults(run=entities_command)


def entities_command(args: argparse.Namespace) -> int:
    """`iton entities`: tag a text's entities, or list the corpus's entities."""
    if args.text is not None or args.files:
        from iton.pipeline import Options, load_pipeline
        from iton.views import entity_records

        texts = [args.text] if args.text is not None else [read_text(f) for f in args.files]
        pipeline = load_pipeline(Options(engine=args.engine))
        rows = [row for text in texts for row in entity_records(pipeline.analyze(text))]
        rows = [r for r in rows if not args.label or r["label"] == args.label]
    else:
        analysis = analysis_of(args)
        rows = (analysis.cooccurring(args.with_entity, args.limit) if args.with_entity
                else [e.to_dict() for e in analysis.entities(args.limit, args.label)])
        if not rows and not args.with_entity:
            untagged = all(r.input_normalized for r in analysis.records())
            _say_none("entities", "named entity", args, ("label",),
                      " (articles ingested with --normalized are not tagged)" if untagged else "")
    if args.json:
        print_json_lines(rows)
    else:
        for r in rows:
            fields = [str(r[k]) for k in ("label", "lemma", "text", "articles", "mentions", "start") if k in r]
            print("\t".join(fields + ([" | ".join(r["aliases"])] if "aliases" in r else [])))
    return 0


def _say_none(command: str, what: str, args: argparse.Namespace, options: tuple[str, ...], why: str = "") -> None:
    """Tell on standard error that ``command`` found nothing, with the options that chose what it
    looked at and ``why`` where known (an empty output alone reads as a failure)."""
    given = []
    for name in options:
        value = getattr(args, name)
        flag = "--" + name.replace("_", "-")
        if isinstance(value, list):
            given += [f"{flag} {v}" for v in value]
        elif value and not (name == "min_size" and value == 1):
            given.append(f"{flag} {value}")
    print(f"iton {command}: no {what}" + (f" with {' '.join(given)}" if given else " in the corpus") + why, file=sys.stderr)


def add_trends_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "trends", help="how often words, phrases, entities or outlets appear per day/week/month, side by side",
        description="Each TERM is one series, normalized like the articles (so חיסונים counts חיסון, בחיסון, ...); "
        "quote a phrase to count it as one series (\"חיסון קורונה\"). Every period from the corpus's first to its "
        "last is listed, zero where nothing matched, then the undated articles. For each series and period: "
        "occurrences, articles that hold it, all articles of the period, and their share.")
    p.add_argument("term", nargs="*", metavar="TERM", help="a word or a phrase: one series each")
    db_option(p)
    p.add_argument("--entity", action="append", default=[], metavar="NAME",
                   help="an entity series: every mention of the entity NAME names, its aliases too (repeatable)")
    p.add_argument("--outlet-series", action="append", default=[], metavar="OUTLET",
                   help="a series of one outlet's articles (repeatable; prefix or domain)")
    outlets_option(p)
    p.add_argument("--by", dest="bucket", choices=("day", "week", "month"), default="week",
                   help="period length (default: %(default)s)")
    output = p.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="one JSON object per (period, series)")
    output.add_argument("--csv", action="store_true", help="CSV with a header row")
    p.add_argument("--svg", metavar="FILE", help="also draw the series as an SVG line chart (articles per period) "
                   "into FILE, titled with the query")
    engine_option(p)
    p.set_defaults(run=trends_command)


def trends_command(args: argparse.Namespace) -> int:
    """`iton trends`: counts and shares of words, phrases, entities and outlets per period, zero-filled."""
    from iton.analysis.compare import compare

    if not args.term and not args.entity and not args.outlet_series:
        raise AnalysisError("nothing to count", "give a TERM, --entity NAME or --outlet-series OUTLET")
    rows, empty = compare(analysis_of(args), args.term, args.entity, args.outlet_series, args.bucket, args.outlet)
    if args.json:
        print_json_lines(r.to_dict() for r in rows)
        return 0
    header = ["period", "series", "count", "articles", "total", "share"]
    if args.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(header)
        writer.writerows([r.period, r.series, r.count, r.articles, r.total, f"{r.share:.4f}"] for r in rows)
    else:
        print("\t".join(header))
        for r in rows:
            print(f"{r.period}\t{r.series}\t{r.count}\t{r.articles}\t{r.total}\t{r.share:.1%}")
    for name in empty:
        print(f"iton trends: no article holds {name!r}", file=sys.stderr)
    if args.svg:
        _write_chart(args, rows)
    return 0


def _write_chart(args: argparse.Namespace, rows: list) -> None:
    """The dated rows as a line chart, one line per series, titled with the command that made it."""
    from iton.analysis.trends import UNDATED, TrendPoint
    from iton.web.charts import trend_svg

    points = [TrendPoint(r.period, r.series, r.articles, r.articles) for r in rows if r.period != UNDATED]
    words = [*args.term, *(f"--entity={e}" for e in args.entity), *(f"--outlet-series={o}" for o in args.outlet_series),
             *(f"--outlet={o}" for o in args.outlet), f"--by={args.bucket}"]
    title = "iton trends " + " ".join(f'"{w}"' if " " in w else w for w in words)
    try:
        Path(args.svg).write_text(trend_svg(points, title, args.bucket), encoding="utf-8")
    except OSError as exc:
        raise AnalysisError(f"cannot write the chart to {args.svg} ({exc.strerror})", "give a writable --svg FILE") from None


def add_summary_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "summary", help="an extractive summary (lead and most central sentences) of an article or a story",
        description="The first sentence, then the sentences most similar to the rest, in text order.")
    db_option(p)
    p.add_argument("--article", metavar="ID", help="summarize this article")
    p.add_argument("--story", metavar="ID", help="summarize this story (ids from `iton stories`)")
    p.add_argument("--sentences", type=positive, default=3, metavar="N", help="sentences (default: %(default)s)")
    json_option(p, "sentence")
    engine_option(p)
    p.set_defaults(run=summary_command)


def summary_command(args: argparse.Namespace) -> int:
    """`iton summary`: an extractive summary of an article or a story."""
    sentences = analysis_of(args).summary(args.article, args.story, args.sentences)
    if args.json:
        print_json_lines(s.to_dict() for s in sentences)
    else:
        for s in sentences:
            print(s.text)
    return 0


