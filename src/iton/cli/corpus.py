"""Corpus commands: `iton ingest`, `search`, `duplicates`, `export`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from iton.cli.options import (
    db_option,
    engine_option,
    existing_corpus,
    fewer_collections,
    jobs_option,
    json_option,
    outlets_option,
    period_options,
    positive,
)
from iton.errors import CorpusError
from iton.jsonlines import json_line


def add_ingest_parser(subparsers: argparse._SubParsersAction) -> None:
    from iton.corpus.fields import MAX_RECORD_BYTES
    from iton.corpus.ingest import DUPLICATE_POLICIES
    from iton.corpus.inputs import FORMATS

    p = subparsers.add_parser(
        "ingest", help="read news articles (jsonl, csv, txt, html, rss/atom) into a searchable corpus",
        description="Read SOURCEs (files, directories, globs, .gz files, feed URLs) into the corpus store. "
        "Each article is analysed once and indexed by lemma. Re-ingesting changes nothing; a changed article "
        "is updated under its id. Bad records are reported with source and line and written to the rejects "
        "file; exit status 1 when anything was rejected. The Parquet output of `iton spark normalize` is stored "
        "as it is, without analysing it again.")
    p.add_argument("sources", nargs="*", metavar="SOURCE", help="file, directory, glob, .gz file or feed URL")
    p.add_argument("--sample", action="store_true",
                   help="also ingest the bundled sample corpus (26 short Hebrew news articles)")
    db_option(p)
    p.add_argument("--format", choices=FORMATS, help="input format (default: detected from the name, then the content)")
    p.add_argument("--field-map", metavar="MAP",
                   help="source field names for article fields, e.g. body=content,published=date; any other "
                   "FIELD keeps that source field in the article's meta under the name FIELD (section=category)")
    p.add_argument("--encoding", default="utf-8", help="text encoding of the sources (default: %(default)s)")
    p.add_argument("--normalized", action="store_true",
                   help="the sources are already in the normalized form (like the seed corpus): index them as they are")
    p.add_argument("--rejects", metavar="FILE", help="where bad records go, as JSON Lines (default: DB.rejects.jsonl "
                   "beside a SQLite store, iton.rejects.jsonl in this folder for PostgreSQL)")
    p.add_argument("--strict-dates", action="store_true",
                   help="reject articles whose date does not parse (default: keep them, with the raw date)")
    p.add_argument("--force", action="store_true",
                   help="analyse and store again articles that did not change (after an iton or model update)")
    p.add_argument("--no-entities", action="store_true",
                   help="do not tag named entities (faster ingest; the analysis commands then tag them when loading)")
    p.add_argument("--duplicates", choices=DUPLICATE_POLICIES, default="last",
                   help="two records with one id in this run: keep the last (default), the first, or reject the "
                   "later one (error); every duplicate is reported")
    p.add_argument("--max-record-bytes", type=positive, default=MAX_RECORD_BYTES, metavar="N",
                   help="reject records larger than N bytes, with the reason (default: %(default)s)")
    jobs_option(p, "analyse articles in N processes, one batch ahead of the one process that writes the store")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    json_option(p, "ingest (its counts and problems)")
    engine_option(p)
    p.set_defaults(run=ingest_command)


# Problems printed on the terminal; the rest are only in the rejects file.
SHOWN_PROBLEMS = 20


def ingest_command(args: argparse.Namespace) -> int:
    """`iton ingest`: read SOURCEs into the corpus; exit status 1 when anything was rejected."""
    from iton.corpus import Corpus, IngestOptions, sample_path
    from iton.corpus.fields import parse_field_map
    from iton.corpus.inputs import expand_sources
    from iton.corpus.store import is_postgres_url

    sources = list(args.sources) + ([sample_path()] if args.sample else [])
    if not sources:
        raise CorpusError("nothing to ingest; give SOURCE files, directories or feed URLs, or --sample")
    sources = list(expand_sources(sources))  # a missing source stops here, before the store is created
    rejects = args.rejects or (None if args.db == ":memory:" else
                               "iton.rejects.jsonl" if is_postgres_url(args.db) else f"{args.db}.rejects.jsonl")
    options = IngestOptions(format=args.format, field_map=parse_field_map(args.field_map), encoding=args.encoding,
                            normalized=args.normalized, rejects=rejects, strict_dates=args.strict_dates,
                            engine=args.engine, progress=not args.no_progress and sys.stderr.isatty(),
                            jobs=args.jobs, entities=not args.no_entities, force=args.force,
                            duplicate_ids=args.duplicates, max_record_bytes=args.max_record_bytes)
    fewer_collections()
    with Corpus(args.db, engine=args.engine) as corpus:
        summary = corpus.ingest(sources, options)
    for source, how in summary.formats.items():
        print(f"{source}: read as {how}", file=sys.stderr)
    for problem in summary.problems[:SHOWN_PROBLEMS]:
        where = f"{problem.source}:{problem.line}" if problem.line else problem.source
        print(f"{where}: {problem.kind}: {problem.reason}", file=sys.stderr)
    if len(summary.problems) > SHOWN_PROBLEMS:
        print(f"... {len(summary.problems) - SHOWN_PROBLEMS} more in {summary.rejects_path}", file=sys.stderr)
    print(summary.line(), file=sys.stderr)
    if args.json:
        print(json_line(summary.to_dict()))
    return 0 if summary.ok else 1


def add_search_parser(subparsers: argparse._SubParsersAction) -> None:
    from iton.corpus.results import DOWNLOAD_FORMATS
    from iton.corpus.search import SORTS

    p = subparsers.add_parser(
        "search", help="search the corpus by lemma: מטוסים finds המטוס and במטוס",
        description="Words match any inflection (the query is normalized like the articles). "
        '"quoted phrase", AND, OR, NOT (upper case), brackets, word* (prefix), =word (only that written form). '
        "Hits are ranked by BM25 (or newest first with --sort date) with a snippet of the original text, matched "
        "words marked; the total number of matches goes to stderr. --page goes as deep as the matches do; "
        "--format csv or jsonl writes every match, never cut.")
    p.add_argument("query", nargs="+", metavar="QUERY", help="the query (quote it in the shell)")
    db_option(p)
    outlets_option(p)
    p.add_argument("--entity", action="append", default=[], metavar="NAME",
                   help="only articles naming this entity (its full name, lemma form or text as written); "
                   "repeatable: every one named")
    period_options(p, "articles published")
    p.add_argument("--sort", choices=SORTS, default="relevance",
                   help="best first, or newest first by publication date, undated last (default: %(default)s)")
    p.add_argument("--limit", type=positive, default=10, metavar="N", help="N hits per page (default: %(default)s)")
    p.add_argument("--page", type=positive, default=1, metavar="P", help="page P of the hits (default: %(default)s)")
    p.add_argument("--format", choices=DOWNLOAD_FORMATS,
                   help="every match (no --limit, no --page) as CSV or JSON Lines: rank, id, published, outlet, "
                   "title, url, score, snippet")
    p.add_argument("--no-snippets", dest="snippets", action="store_false",
                   help="with --format: no snippet column (the articles' text is not read: many times faster "
                   "on many matches)")
    p.add_argument("--collapse", action="store_true", help="show one hit per near-duplicate group")
    json_option(p, "hit (id, score, snippet, matches, ...)")
    p.add_argument("--explain", action="store_true", help="show the expanded query (lemmas, forms, the store's query) and stop")
    engine_option(p)
    p.set_defaults(run=search_command)


def search_command(args: argparse.Namespace) -> int:
    """`iton search`: a page of ranked hits with snippets, every match as CSV or JSON Lines, or
    with --explain the expanded query."""
    from iton.corpus import SearchOptions
    from iton.corpus.search import MAX_LIMIT

    query = " ".join(args.query)
    if args.explain:
        from iton.corpus import Corpus
        from iton.corpus.store import is_postgres_url

        # explaining needs no articles: an empty store in memory when there is no corpus yet
        present = is_postgres_url(args.db) or Path(args.db).exists()
        with Corpus(args.db if present else ":memory:", engine=args.engine) as corpus:
            explanation = corpus.explain(query)
        print(json_line(explanation.to_dict()) if args.json else explanation.text())
        return 0
    if args.limit > MAX_LIMIT:
        raise CorpusError(f"--limit {args.limit} is more than {MAX_LIMIT} hits a page; use --page, or --format "
                          "csv/jsonl for every match")
    mark = ("\033[1m", "\033[0m") if sys.stdout.isatty() and not (args.json or args.format) else ("[", "]")
    options = SearchOptions(outlets=tuple(args.outlet), entities=tuple(args.entity), since=args.since,
                            until=args.until, limit=args.limit, offset=(args.page - 1) * args.limit, sort=args.sort,
                            collapse=args.collapse, mark=mark, engine=args.engine)  # fmt: skip
    with existing_corpus(args) as corpus:
        if args.format:
            for text in corpus.download(query, args.format, options, snippets=args.snippets):
                sys.stdout.write(text)
            return 0
        page = corpus.search_page(query, options)
    for rank, hit in enumerate(page.hits, page.offset + 1):
        if args.json:
            print(json_line(hit.to_dict()))
            continue
        meta = " · ".join(x for x in (hit.outlet, hit.published, hit.title) if x)
        score = "unranked" if hit.score is None else f"{hit.score:.2f}"
        print(f"{rank}. {hit.id}  ({score})  {meta}")
        print(f"   {hit.snippet}")
        found = "; ".join(f"{word}{f' (lemma {hit.lemmas[word]})' if word in hit.lemmas else ''} ← {', '.join(forms)}"
                          for word, forms in hit.matches.items() if forms)
        if found:
            print(f"   matched: {found}")
        if hit.duplicates:
            print(f"   near-duplicates: {', '.join(hit.duplicates)}")
    if not args.json:
        if page.total:
            matches = f"{page.total:,} match{'' if page.total == 1 else 'es'}"
            where = (f"page {page.page} of {page.pages} (hits {page.offset + 1}-{page.offset + len(page.hits)})"
                     if page.hits else f"page {page.page} is past the last page, {page.pages}")  # fmt: skip
            print(f"{matches}; {where}", file=sys.stderr)
        else:
            print("no hits", file=sys.stderr)
        if page.hits and page.hits[0].ranked_among:
            print(f"(a very common query: ranked among its {page.hits[0].ranked_among:,} newest matches, the older "
                  "ones follow newest first)", file=sys.stderr)
    return 0


def add_duplicates_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "duplicates", help="list groups of near-duplicate articles and why each member is in its group",
        description="Near-duplicates (syndicated or lightly edited copies) are found at ingest with MinHash/LSH "
        "over normalized 5-lemma shingles. Each member shows its estimated similarity and a shared passage.")
    db_option(p)
    p.add_argument("--rebuild", action="store_true", help="recompute all groups from the stored signatures first")
    json_option(p, "group")
    p.set_defaults(run=duplicates_command)


def duplicates_command(args: argparse.Namespace) -> int:
    """`iton duplicates`: near-duplicate groups and why each member is in its group."""
    with existing_corpus(args) as corpus:
        groups = corpus.duplicates(rebuild=args.rebuild)
    for number, group in enumerate(groups, 1):
        if args.json:
            print(json_line(group.to_dict()))
            continue
        print(f"group {number} ({len(group.members)} articles)")
        for member in group.members:
            meta = " · ".join(x for x in (member.outlet, member.published, member.title) if x)
            print(f"  {member.id}  {meta}")
            print(f"    {member.reason}")
    if not groups and not args.json:
        print("no near-duplicates", file=sys.stderr)
    return 0


def add_export_parser(subparsers: argparse._SubParsersAction) -> None:
    from iton.corpus.export import EXPORT_FORMATS

    p = subparsers.add_parser(
        "export", help="write every article with its normalized form and metadata (jsonl, csv, parquet)",
        description="Stream every article of the corpus (or those matching a search query, of a period and some "
        "outlets), in ingest order, never truncated, each with its meta (the source's other fields) and its "
        "provenance (iton version, model hash, engine, hspell, options).")
    db_option(p)
    p.add_argument("--format", choices=EXPORT_FORMATS, default="jsonl", help="output format (default: %(default)s)")
    p.add_argument("--output", "-o", metavar="FILE", help="output file (default: standard output; parquet needs a file)")
    p.add_argument("--query", "-q", metavar="QUERY",
                   help="only the articles this search query matches (the syntax of iton search), all of them")
    period_options(p, "articles published")
    outlets_option(p)
    engine_option(p)
    p.set_defaults(run=export_command)


def export_command(args: argparse.Namespace) -> int:
    """`iton export`: every article (matching a query, of a period, of some outlets) with its normalized form."""
    from iton.analysis.trends import outlet_matches
    from iton.corpus.period import Period

    period = Period.parse(args.since, args.until)
    keep = None
    if period.bounded or args.outlet:
        def keep(article) -> bool:
            return period.contains(article.published) and outlet_matches(article.outlet, args.outlet)
    with existing_corpus(args) as corpus:
        count = corpus.export(args.output, args.format, keep, args.query)
    print(f"exported {count} articles" + (f" to {args.output}" if args.output else ""), file=sys.stderr)
    return 0


