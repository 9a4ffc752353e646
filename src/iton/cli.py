"""The `iton` command line: parses options and calls the library function of the same name."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, TextIO

from iton.errors import BinaryInput, CorpusError, InputNotReadable, ItonError
from iton.morph import ENGINES

# Lines analysed together when streaming: enough to batch the engine, small enough that
# memory stays flat on inputs of any size.
STREAM_BATCH_LINES = 256
# How much of a file is inspected for NUL bytes to call it binary.
BINARY_SNIFF_BYTES = 8192


def _positive(text: str) -> int:
    """argparse type of counts (--limit, --min-size, --sentences): a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number; give 1 or more") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is too small; give 1 or more")
    return value


def _engine_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--engine", choices=ENGINES, default="auto",
                        help="morphology engine: the bundled model, or the transparent rules (default: %(default)s)")


# --- normalize -----------------------------------------------------------------------

def add_normalize_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "normalize",
        help="raw Hebrew text to the normalized form (lemmas, no clitics), one line out per line in",
        description="Read FILEs (or standard input) line by line and write the normalized form, "
        "CoNLL-U or JSON. Invalid UTF-8 is replaced and reported with its line; binary files are skipped.",
    )
    p.add_argument("files", nargs="*", metavar="FILE", help="text files (UTF-8); standard input when none")
    p.add_argument("--format", choices=("text", "conllu", "json"), default="text",
                   help="text: the normalized form; conllu: morphemes per token; json: one Document per line")
    p.add_argument("--keep-foreign", action="store_true", help="keep non-Hebrew tokens (numbers, Latin, URLs) unchanged")
    p.add_argument("--input", choices=("raw", "normalized"), default="raw",
                   help="normalized: the input is already in the normalized form and is taken as it is")
    _engine_option(p)
    p.set_defaults(run=normalize_command)


def _decoded_lines(stream: BinaryIO, source: str, errors: TextIO) -> Iterator[str]:
    head = stream.peek(BINARY_SNIFF_BYTES)[:BINARY_SNIFF_BYTES] if hasattr(stream, "peek") else b""
    if b"\0" in head:
        raise BinaryInput(source)
    for number, raw in enumerate(stream, 1):
        raw = raw.rstrip(b"\r\n")
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            print(f"{source}:{number}: invalid UTF-8 at byte {exc.start}; undecodable bytes replaced with U+FFFD",
                  file=errors)
            yield raw.decode("utf-8", errors="replace")


def _batches(lines: Iterable[str], size: int) -> Iterator[list[str]]:
    batch: list[str] = []
    for line in lines:
        batch.append(line)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def normalize_stream(lines: Iterable[str], out: TextIO, fmt: str = "text", keep_foreign: bool = False,
                     normalized_input: bool = False, engine: str = "auto") -> int:
    """Write each line of ``lines`` in ``fmt`` to ``out``; returns the number of lines written."""
    from iton.pipeline import Options, load_pipeline
    from iton.views import normalized_text, read_normalized, to_conllu, to_json

    pipeline = None if normalized_input else load_pipeline(Options(engine=engine, entities=fmt == "json"))
    count = 0
    sentence_id = 1
    for batch in _batches(lines, STREAM_BATCH_LINES):
        docs = map(read_normalized, batch) if pipeline is None else pipeline.analyze_many(batch, batch_docs=len(batch))
        for doc in docs:
            if fmt == "text":
                out.write(normalized_text(doc, keep_foreign) + "\n")
            elif fmt == "json":
                out.write(json.dumps(to_json(doc, keep_foreign), ensure_ascii=False) + "\n")
            else:
                out.write(to_conllu(doc, first_id=sentence_id))
                sentence_id += len(doc.sentences)
            count += 1
    return count


def normalize_command(args: argparse.Namespace) -> int:
    """`iton normalize`: each FILE (or standard input) in the normalized form, CoNLL-U or JSON."""
    sources: list[tuple[str, BinaryIO]] = []
    status = 0
    if not args.files:
        sources.append(("<stdin>", sys.stdin.buffer))
    for name in args.files:
        try:
            sources.append((name, open(name, "rb")))  # noqa: SIM115 - closed below
        except OSError as exc:
            print(f"iton normalize: {name}: {exc.strerror}; skipped", file=sys.stderr)
            status = 1
    for name, stream in sources:
        try:
            normalize_stream(_decoded_lines(stream, name, sys.stderr), sys.stdout, args.format,
                             args.keep_foreign, args.input == "normalized", args.engine)
        except BinaryInput as exc:
            print(f"iton normalize: {exc}", file=sys.stderr)
            status = 1
        finally:
            if stream is not sys.stdin.buffer:
                stream.close()
    return status


# --- demo ----------------------------------------------------------------------------

def add_demo_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "demo", help="the main job on the bundled samples: normalize, ingest, search, duplicates, stories",
        description="Normalize the bundled sample article, ingest the bundled sample corpus into a SQLite "
        "file, and run a few searches, the near-duplicate listing and the story grouping on it.")
    p.add_argument("--db", metavar="FILE", default="iton-demo.db",
                   help="the SQLite file the sample corpus goes into (default: %(default)s)")
    _engine_option(p)
    p.set_defaults(run=demo_command)


# What the demo searches for: a lemma query, a phrase, a prefix and an exact form.
DEMO_QUERIES = ("מטוסים", '"ראש הממשלה"', "בחיר*", "=הממשלה")


def demo_command(args: argparse.Namespace) -> int:
    """`iton demo`: the main job on the bundled samples, printed step by step."""
    import iton
    from iton.pipeline import Options
    from iton.samples import sample_article

    text = sample_article()
    print("## sample article, raw\n" + text)
    print("## normalized\n" + iton.normalize(text, options=Options(engine=args.engine)) + "\n")
    steps = [["ingest", "--sample"]] + [["search", q, "--limit", "3"] for q in DEMO_QUERIES] + [["duplicates"], ["stories", "--min-size", "2"]]
    status = 0
    for step in steps:
        argv = step + ["--db", args.db] + (["--engine", args.engine] if step[0] not in ("duplicates",) else [])
        print("## iton " + " ".join(argv), flush=True)
        status |= main(argv)
        print(flush=True)
    return status


# --- corpus: ingest, search, duplicates, export ------------------------------------

def _db_option(parser: argparse.ArgumentParser) -> None:
    import os

    parser.add_argument("--db", metavar="FILE", default=os.environ.get("ITON_DB", "iton.db"),
                        help="the corpus store, a SQLite file (default: $ITON_DB or %(default)s)")


def _existing_corpus(args: argparse.Namespace):
    from iton.corpus import Corpus

    if args.db != ":memory:" and not Path(args.db).exists():
        raise CorpusError(f"no corpus at {args.db}; run `iton ingest SOURCE --db {args.db}` first, or give --db FILE")
    return Corpus(args.db, engine=getattr(args, "engine", "auto"))


def add_ingest_parser(subparsers: argparse._SubParsersAction) -> None:
    from iton.corpus.readers import FORMATS

    p = subparsers.add_parser(
        "ingest", help="read news articles (jsonl, csv, txt, html, rss/atom) into a searchable corpus",
        description="Read SOURCEs (files, directories, globs, .gz files, feed URLs) into the corpus store. "
        "Each article is analysed once and indexed by lemma. Re-ingesting changes nothing; a changed article "
        "is updated under its id. Bad records are reported with source and line and written to the rejects "
        "file; exit status 1 when anything was rejected.")
    p.add_argument("sources", nargs="*", metavar="SOURCE", help="file, directory, glob, .gz file or feed URL")
    p.add_argument("--sample", action="store_true",
                   help="also ingest the bundled sample corpus (26 short Hebrew news articles)")
    _db_option(p)
    p.add_argument("--format", choices=FORMATS, help="input format (default: detected from the name, then the content)")
    p.add_argument("--field-map", metavar="MAP",
                   help="source field names for article fields, e.g. body=content,published=date")
    p.add_argument("--encoding", default="utf-8", help="text encoding of the sources (default: %(default)s)")
    p.add_argument("--normalized", action="store_true",
                   help="the sources are already in the normalized form (like the seed corpus): index them as they are")
    p.add_argument("--rejects", metavar="FILE", help="where bad records go, as JSON Lines (default: DB.rejects.jsonl)")
    p.add_argument("--strict-dates", action="store_true",
                   help="reject articles whose date does not parse (default: keep them, with the raw date)")
    p.add_argument("--force", action="store_true",
                   help="analyse and store again articles that did not change (after an iton or model update)")
    p.add_argument("--no-entities", action="store_true",
                   help="do not tag named entities (faster ingest; the analysis commands then tag them when loading)")
    p.add_argument("--jobs", "-j", type=int, default=1, metavar="N",
                   help="analyse articles in N processes (default: %(default)s; the store is written by one)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--json", action="store_true", help="print the summary as JSON on standard output")
    _engine_option(p)
    p.set_defaults(run=ingest_command)


# Problems printed on the terminal; the rest are only in the rejects file.
SHOWN_PROBLEMS = 20


def ingest_command(args: argparse.Namespace) -> int:
    """`iton ingest`: read SOURCEs into the corpus; exit status 1 when anything was rejected."""
    from iton.corpus import Corpus, IngestOptions, sample_path
    from iton.corpus.readers import parse_field_map

    sources = list(args.sources) + ([sample_path()] if args.sample else [])
    if not sources:
        raise CorpusError("nothing to ingest; give SOURCE files, directories or feed URLs, or --sample")
    rejects = args.rejects or (None if args.db == ":memory:" else f"{args.db}.rejects.jsonl")
    options = IngestOptions(format=args.format, field_map=parse_field_map(args.field_map), encoding=args.encoding,
                            normalized=args.normalized, rejects=rejects, strict_dates=args.strict_dates,
                            engine=args.engine, progress=not args.no_progress and sys.stderr.isatty(),
                            jobs=args.jobs, entities=not args.no_entities, force=args.force)
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
        print(json.dumps(summary.to_dict(), ensure_ascii=False))
    return 0 if summary.ok else 1


def add_search_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "search", help="search the corpus by lemma: מטוסים finds המטוס and במטוס",
        description="Words match any inflection (the query is normalized like the articles). "
        '"quoted phrase", AND, OR, NOT (upper case), brackets, word* (prefix), =word (only that written form). '
        "Hits are ranked by BM25 with a snippet of the original text, matched words marked.")
    p.add_argument("query", nargs="+", metavar="QUERY", help="the query (quote it in the shell)")
    _db_option(p)
    p.add_argument("--outlet", help="only articles of this outlet")
    p.add_argument("--since", metavar="DATE", help="only articles published on or after DATE")
    p.add_argument("--until", metavar="DATE", help="only articles published on or before DATE")
    p.add_argument("--limit", type=_positive, default=10, metavar="N", help="at most N hits (default: %(default)s)")
    p.add_argument("--collapse", action="store_true", help="show one hit per near-duplicate group")
    p.add_argument("--json", action="store_true", help="one JSON object per hit (id, score, snippet, matches, ...)")
    p.add_argument("--explain", action="store_true", help="show the expanded query (lemmas, forms, FTS5) and stop")
    _engine_option(p)
    p.set_defaults(run=search_command)


def search_command(args: argparse.Namespace) -> int:
    """`iton search`: ranked hits with snippets, or with --explain the expanded query."""
    from iton.corpus import SearchOptions

    query = " ".join(args.query)
    if args.explain:
        from iton.corpus.search import explain

        explanation = explain(query, args.engine)
        print(json.dumps(explanation.to_dict(), ensure_ascii=False) if args.json else explanation.text())
        return 0
    mark = ("\033[1m", "\033[0m") if sys.stdout.isatty() and not args.json else ("[", "]")
    options = SearchOptions(outlet=args.outlet, since=args.since, until=args.until, limit=args.limit,
                            collapse=args.collapse, mark=mark, engine=args.engine)
    with _existing_corpus(args) as corpus:
        hits = corpus.search(query, options)
    for rank, hit in enumerate(hits, 1):
        if args.json:
            print(json.dumps(hit.to_dict(), ensure_ascii=False))
            continue
        meta = " · ".join(x for x in (hit.outlet, hit.published, hit.title) if x)
        print(f"{rank}. {hit.id}  ({hit.score:.2f})  {meta}")
        print(f"   {hit.snippet}")
        found = "; ".join(f"{word}{f' (lemma {hit.lemmas[word]})' if word in hit.lemmas else ''} ← {', '.join(forms)}"
                          for word, forms in hit.matches.items() if forms)
        if found:
            print(f"   matched: {found}")
        if hit.duplicates:
            print(f"   near-duplicates: {', '.join(hit.duplicates)}")
    if not hits and not args.json:
        print("no hits", file=sys.stderr)
    elif hits and hits[0].ranked_among and not args.json:
        print(f"(a very common query: ranked among its {hits[0].ranked_among:,} newest matches)", file=sys.stderr)
    return 0


def add_duplicates_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "duplicates", help="list groups of near-duplicate articles and why each member is in its group",
        description="Near-duplicates (syndicated or lightly edited copies) are found at ingest with MinHash/LSH "
        "over normalized 5-lemma shingles. Each member shows its estimated similarity and a shared passage.")
    _db_option(p)
    p.add_argument("--rebuild", action="store_true", help="recompute all groups from the stored signatures first")
    p.add_argument("--json", action="store_true", help="one JSON object per group")
    p.set_defaults(run=duplicates_command)


def duplicates_command(args: argparse.Namespace) -> int:
    """`iton duplicates`: near-duplicate groups and why each member is in its group."""
    with _existing_corpus(args) as corpus:
        groups = corpus.duplicates(rebuild=args.rebuild)
    for number, group in enumerate(groups, 1):
        if args.json:
            print(json.dumps(group.to_dict(), ensure_ascii=False))
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
        description="Stream every article of the corpus, in ingest order, never truncated.")
    _db_option(p)
    p.add_argument("--format", choices=EXPORT_FORMATS, default="jsonl", help="output format (default: %(default)s)")
    p.add_argument("--output", "-o", metavar="FILE", help="output file (default: standard output; parquet needs a file)")
    p.set_defaults(run=export_command)


def export_command(args: argparse.Namespace) -> int:
    """`iton export`: every article with its normalized form, to a file or standard output."""
    with _existing_corpus(args) as corpus:
        count = corpus.export(args.output, args.format)
    print(f"exported {count} articles" + (f" to {args.output}" if args.output else ""), file=sys.stderr)
    return 0


# --- analysis: stories, keywords, entities, trends, summary; serve ---------------------

def _analysis(args: argparse.Namespace):
    from iton.analysis import AnalysisOptions, CorpusAnalysis

    return CorpusAnalysis(_existing_corpus(args), AnalysisOptions(engine=args.engine))


def _print_json_lines(rows: Iterable[dict]) -> None:
    for row in rows:
        print(json.dumps(row, ensure_ascii=False))


def add_stories_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "stories", help="articles about the same event from different outlets, grouped",
        description="Group the corpus into stories online, in publication order: an article joins the most "
        "similar open story within a few days (lemmas, bigrams and entities), or starts a new one.")
    _db_option(p)
    p.add_argument("--since", metavar="DATE", help="only stories that run on or after DATE")
    p.add_argument("--until", metavar="DATE", help="only stories that start on or before DATE")
    p.add_argument("--min-size", type=_positive, default=1, metavar="N", help="only stories of at least N articles")
    p.add_argument("--json", action="store_true", help="one JSON object per story (id, articles, outlets, start, end)")
    _engine_option(p)
    p.set_defaults(run=stories_command)


def stories_command(args: argparse.Namespace) -> int:
    """`iton stories`: articles about the same event, grouped."""
    stories = _analysis(args).stories(args.since, args.until, args.min_size)
    if args.json:
        _print_json_lines(s.to_dict() for s in stories)
        return 0
    for s in stories:
        d = s.to_dict()
        span = f"{d['start'] or '?'}..{d['end'] or '?'}"
        print(f"{d['id']}  {d['size']} articles  {span}  {', '.join(d['outlets'])}  {d['title'] or ''}")
        print(f"   {' '.join(d['articles'])}")
    return 0


def add_keywords_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "keywords", help="distinctive lemmas and bigrams of an article, a story or a period",
        description="Terms (lemmas and lemma bigrams) scored by tf-idf against the whole corpus; stop words "
        "and each outlet's boilerplate are left out. Without --article/--story, the period --since..--until.")
    _db_option(p)
    p.add_argument("--article", metavar="ID", help="keywords of this article")
    p.add_argument("--story", metavar="ID", help="keywords of this story (ids from `iton stories`)")
    p.add_argument("--since", metavar="DATE", help="period start")
    p.add_argument("--until", metavar="DATE", help="period end")
    p.add_argument("--limit", type=_positive, default=10, metavar="N", help="at most N keywords (default: %(default)s)")
    p.add_argument("--json", action="store_true", help="one JSON object per keyword")
    _engine_option(p)
    p.set_defaults(run=keywords_command)


def keywords_command(args: argparse.Namespace) -> int:
    """`iton keywords`: distinctive terms of an article, a story or a period."""
    found = _analysis(args).keywords(args.article, args.story, args.since, args.until, args.limit)
    if args.json:
        _print_json_lines(k.to_dict() for k in found)
    else:
        for k in found:
            print(f"{k.term}\t{k.score:.2f}\t{k.count}")
    return 0


def add_entities_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "entities", help="named entities: tag a text, or list the corpus's most covered people, places, bodies",
        description="With --text or FILEs: tag named entities (NEMO types) in the text. Otherwise: the entities "
        "of the corpus by number of articles (their lemma form: פוטין, לפוטין and ופוטין are one), or with "
        "--with, the entities that share articles with one.")
    p.add_argument("files", nargs="*", metavar="FILE", help="text files to tag (UTF-8)")
    p.add_argument("--text", help="a text to tag")
    _db_option(p)
    p.add_argument("--label", help="only this type (PER, ORG, GPE, LOC, FAC, WOA, EVE, DUC, ANG)")
    p.add_argument("--with", dest="with_entity", metavar="ENTITY", help="entities co-occurring with ENTITY")
    p.add_argument("--limit", type=_positive, default=30, metavar="N", help="at most N entities (default: %(default)s)")
    p.add_argument("--json", action="store_true", help="one JSON object per entity")
    _engine_option(p)
    p.set_defaults(run=entities_command)


def _read_text(path: str) -> str:
    """The UTF-8 text of the file at ``path``; InputNotReadable (no traceback) when it cannot be read."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise InputNotReadable(path, exc.strerror or str(exc)) from exc
    except UnicodeDecodeError as exc:
        raise InputNotReadable(path, f"invalid UTF-8 at byte {exc.start}") from exc


def entities_command(args: argparse.Namespace) -> int:
    """`iton entities`: tag a text's entities, or list the corpus's entities."""
    if args.text is not None or args.files:
        from iton.pipeline import Options, load_pipeline

        from iton.views import entity_records

        texts = [args.text] if args.text is not None else [_read_text(f) for f in args.files]
        pipeline = load_pipeline(Options(engine=args.engine))
        rows = [row for text in texts for row in entity_records(pipeline.analyze(text))]
        rows = [r for r in rows if not args.label or r["label"] == args.label]
    else:
        analysis = _analysis(args)
        rows = (analysis.cooccurring(args.with_entity, args.limit) if args.with_entity
                else analysis.entities(args.limit, args.label))
    if args.json:
        _print_json_lines(rows)
    else:
        for r in rows:
            print("\t".join(str(r[k]) for k in ("label", "lemma", "text", "articles", "start") if k in r))
    return 0


def add_trends_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "trends", help="how often a word, phrase or entity appears per day/week/month and outlet",
        description="TERM is normalized like the articles (so חיסונים counts חיסון, בחיסון, ...). "
        "--kind entity counts an entity by its lemma form.")
    p.add_argument("term", nargs="+", metavar="TERM", help="a word, a phrase or an entity name")
    _db_option(p)
    p.add_argument("--kind", choices=("lemma", "phrase", "entity"), default="lemma",
                   help="what TERM is (several words count as a phrase; default: %(default)s)")
    p.add_argument("--by", dest="bucket", choices=("day", "week", "month"), default="week",
                   help="period length (default: %(default)s)")
    p.add_argument("--all-outlets", action="store_true", help="one series for all outlets together")
    p.add_argument("--json", action="store_true", help="one JSON object per (period, outlet)")
    _engine_option(p)
    p.set_defaults(run=trends_command)


def trends_command(args: argparse.Namespace) -> int:
    """`iton trends`: counts of a word, phrase or entity per period and outlet."""
    _, points = _analysis(args).trend_for_text(" ".join(args.term), args.kind, args.bucket, not args.all_outlets)
    if args.json:
        _print_json_lines(p.to_dict() for p in points)
    else:
        for p in points:
            print(f"{p.period}\t{p.outlet}\t{p.count}\t{p.articles}")
    return 0


def add_summary_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "summary", help="an extractive summary (lead and most central sentences) of an article or a story",
        description="The first sentence, then the sentences most similar to the rest, in text order.")
    _db_option(p)
    p.add_argument("--article", metavar="ID", help="summarize this article")
    p.add_argument("--story", metavar="ID", help="summarize this story (ids from `iton stories`)")
    p.add_argument("--sentences", type=_positive, default=3, metavar="N", help="sentences (default: %(default)s)")
    p.add_argument("--json", action="store_true", help="one JSON object per sentence")
    _engine_option(p)
    p.set_defaults(run=summary_command)


def summary_command(args: argparse.Namespace) -> int:
    """`iton summary`: an extractive summary of an article or a story."""
    sentences = _analysis(args).summary(args.article, args.story, args.sentences)
    if args.json:
        _print_json_lines(s.to_dict() for s in sentences)
    else:
        for s in sentences:
            print(s.text)
    return 0


def add_serve_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "serve", help="the HTTP API and web pages (search, articles, stories, entities, trends)",
        description="Serve the corpus over HTTP: JSON API under /api (schema at /api/openapi.json) and Hebrew pages. "
        "Listens on 127.0.0.1 unless --host says otherwise.")
    _db_option(p)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s, this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port (default: %(default)s)")
    _engine_option(p)
    p.set_defaults(run=serve_command)


def serve_command(args: argparse.Namespace) -> int:
    """`iton serve`: the HTTP API and web pages until interrupted."""
    from iton.web.app import ServeOptions, serve

    options = ServeOptions(db=args.db, host=args.host, port=args.port, engine=args.engine)
    _existing_corpus(args).close()
    print(f"iton: serving {args.db} on http://{args.host}:{args.port}/ (Ctrl-C stops)", file=sys.stderr)
    serve(options)
    return 0


# --- entry point ---------------------------------------------------------------------

# One (add-parser) function per command, in the order `iton --help` lists them.
COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [
    add_demo_parser,
    add_normalize_parser,
    add_ingest_parser,
    add_search_parser,
    add_duplicates_parser,
    add_export_parser,
    add_stories_parser,
    add_keywords_parser,
    add_entities_parser,
    add_trends_parser,
    add_summary_parser,
    add_serve_parser,
]


def build_parser() -> argparse.ArgumentParser:
    """The `iton` argument parser with every command of COMMANDS."""
    parser = argparse.ArgumentParser(prog="iton", description="Hebrew news analysis: normalize, analyse, ingest, search.")
    from iton import __version__

    parser.add_argument("--version", action="version", version=f"iton {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for add in COMMANDS:
        add(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 some input failed, 2 usage)."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except ItonError as exc:
        print(f"iton {args.command}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
