"""`iton normalize` and `iton demo`: text in, the normalized form (or CoNLL-U, JSON) out."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from typing import BinaryIO, TextIO

from iton.cli.options import engine_option
from iton.errors import BinaryInput, InputNotReadable

# Lines analysed together when streaming: enough to batch the engine, small enough that
# memory stays flat on inputs of any size.
STREAM_BATCH_LINES = 256
# How much of a file is inspected for NUL bytes to call it binary.
BINARY_SNIFF_BYTES = 8192

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
    p.add_argument("--lexicon", metavar="FILE", default=None,
                   help="your own readings, TSV form<TAB>lemma[<TAB>UPOS] a line; they win over the model's")
    engine_option(p)
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
                     normalized_input: bool = False, engine: str = "auto", lexicon: str | None = None) -> int:
    """Write each line of ``lines`` in ``fmt`` to ``out``; returns the number of lines written."""
    from iton.pipeline import Options, load_pipeline
    from iton.views import normalized_text, read_normalized, to_conllu, to_json

    pipeline = None if normalized_input else load_pipeline(Options(engine=engine, lexicon=lexicon))
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
    if args.lexicon:
        from iton.morph.lexicon import read_lexicon

        try:
            problems = read_lexicon(args.lexicon).problems
        except InputNotReadable as exc:
            print(f"iton normalize: --lexicon {exc}", file=sys.stderr)
            return 2
        for problem in problems:
            print(f"iton normalize: {problem}", file=sys.stderr)
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
                             args.keep_foreign, args.input == "normalized", args.engine, args.lexicon)
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
    engine_option(p)
    p.set_defaults(run=demo_command)


# What the demo searches for: a lemma query, a phrase, a prefix and an exact form.
DEMO_QUERIES = ("מטוסים", '"ראש הממשלה"', "בחיר*", "=הממשלה")


def demo_command(args: argparse.Namespace) -> int:
    """`iton demo`: the main job on the bundled samples, printed step by step."""
    import iton
    from iton.cli import main
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


