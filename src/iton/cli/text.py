"""`iton normalize` and `iton demo`: text in, the normalized form (or CoNLL-U, JSON) out."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from typing import BinaryIO, TextIO

from iton.cli.options import engine_option, fewer_collections, jobs_option, positive
from iton.errors import InputNotReadable
from iton.jsonlines import json_line

# Lines analysed together when streaming: enough to batch the engine, small enough that
# memory stays flat on inputs of any size.
STREAM_BATCH_LINES = 256
# Longest line analysed, in characters: a paragraph of news is under 2,000; analysis takes about
# 10 s per 100,000 characters on one core, so a longer line is most likely not text (a dump, an
# encoded blob) and would stall the stream. Raise it with --max-line-chars.
MAX_LINE_CHARS = 100_000
# Problem lines named one by one on standard error before only a count is given.
SHOWN_PROBLEMS = 20

def add_normalize_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "normalize",
        help="raw Hebrew text to the normalized form (lemmas, no clitics), one line out per line in",
        description="Read FILEs (or standard input) line by line and write the normalized form, "
        "CoNLL-U or JSON, one output line per input line whatever the line holds. Invalid UTF-8 is replaced, NUL "
        "bytes read as spaces and over-long lines written as empty lines, each reported with its line on standard "
        "error; exit status 1 when any line was not analysed.",
    )
    p.add_argument("files", nargs="*", metavar="FILE", help="text files (UTF-8); standard input when none or -")
    p.add_argument("--format", choices=("text", "conllu", "json"), default="text",
                   help="text: the normalized form; conllu: morphemes per token; json: one Document per line")
    p.add_argument("--keep-foreign", action="store_true", help="keep non-Hebrew tokens (numbers, Latin, URLs) unchanged")
    p.add_argument("--input", choices=("raw", "normalized"), default="raw",
                   help="normalized: the input is already in the normalized form and is taken as it is")
    p.add_argument("--lexicon", metavar="FILE", default=None,
                   help="your own readings, TSV form<TAB>lemma[<TAB>UPOS] a line; they win over the model's")
    p.add_argument("--max-line-chars", type=positive, default=MAX_LINE_CHARS, metavar="N",
                   help="longer lines are not analysed: an empty line is written and the line reported "
                   "(default: %(default)s)")
    jobs_option(p, "analyse in N processes; the output keeps the input's order")
    engine_option(p)
    p.set_defaults(run=normalize_command)


class _LineProblems:
    """Problem lines of one input, written to ``errors`` (the first SHOWN_PROBLEMS) and counted."""

    def __init__(self, source: str, errors: TextIO) -> None:
        self.source, self.errors = source, errors
        self.warnings = self.skipped = 0

    def report(self, number: int, reason: str, skipped: bool = False) -> None:
        if self.warnings + self.skipped < SHOWN_PROBLEMS:
            print(f"{self.source}:{number}: {reason}", file=self.errors)
        self.skipped += skipped
        self.warnings += not skipped

    def summary(self) -> str | None:
        if not self.warnings + self.skipped:
            return None
        return (f"{self.source}: {self.skipped} lines not analysed (empty lines written in their place), "
                f"{self.warnings} lines with replaced characters")


def _decoded_lines(stream: BinaryIO, problems: _LineProblems, max_chars: int) -> Iterator[str]:
    """Every line of ``stream`` as text: one per input line, whatever it holds, so the output stays aligned."""
    for number, raw in enumerate(stream, 1):
        raw = raw.rstrip(b"\r\n")
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.report(number, f"invalid UTF-8 at byte {exc.start}; undecodable bytes replaced with U+FFFD")
            line = raw.decode("utf-8", errors="replace")
        if len(line) > max_chars:
            problems.report(number, f"line of {len(line):,} characters is over the limit of {max_chars:,} "
                            "(--max-line-chars); not analysed, an empty line written", skipped=True)  # fmt: skip
            line = ""
        elif "\0" in line:
            problems.report(number, f"{line.count(chr(0))} NUL bytes (binary data) read as spaces")
            line = line.replace("\0", " ")
        yield line


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
                     normalized_input: bool = False, engine: str = "auto", lexicon: str | None = None,
                     jobs: int = 1) -> int:  # fmt: skip
    """Write each line of ``lines`` in ``fmt`` to ``out``; returns the number of lines written.
    ``jobs`` > 1: the lines are analysed in that many processes, and written in their order."""
    from iton.views import numbered_conllu

    settings = (fmt, keep_foreign, normalized_input, engine, lexicon)
    _start_rendering(*settings)
    count = 0
    sentence_id = 1
    # normalized input is only read back, too little work to share out
    for rendered in _rendered(_batches(lines, STREAM_BATCH_LINES), 1 if normalized_input else jobs, settings):
        for item in rendered:
            if fmt == "conllu":
                out.write(numbered_conllu(item, sentence_id))
                sentence_id += len(item)
            else:
                out.write(item)
            count += 1
    return count


# What this process renders with (its pipeline, None for normalized input; the format; keep_foreign),
# set by _start_rendering in the process itself and in each worker.
_rendering: tuple = (None, "text", False)


def _start_rendering(fmt: str, keep_foreign: bool, normalized_input: bool, engine: str, lexicon: str | None) -> None:
    from iton.pipeline import Options, load_pipeline

    global _rendering
    pipeline = None if normalized_input else load_pipeline(Options(engine=engine, lexicon=lexicon))
    _rendering = (pipeline, fmt, keep_foreign)


def _render_batch(batch: list[str]) -> list:
    """Each line of ``batch`` analysed and rendered: a line of text or JSON, or CoNLL-U's
    sentences (numbered by the writer, which alone knows how many came before)."""
    from iton.views import conllu_sentences, normalized_text, read_normalized, to_json

    pipeline, fmt, keep_foreign = _rendering
    docs = map(read_normalized, batch) if pipeline is None else pipeline.analyze_many(batch, batch_docs=len(batch))
    if fmt == "text":
        return [normalized_text(doc, keep_foreign) + "\n" for doc in docs]
    if fmt == "json":
        return [json_line(to_json(doc, keep_foreign)) + "\n" for doc in docs]
    return [conllu_sentences(doc) for doc in docs]


def _rendered(batches: Iterator[list[str]], jobs: int, settings: tuple) -> Iterator[list]:
    """The rendered batches in input order: here, or in ``jobs`` processes with at most two
    batches a process in flight, so memory stays flat on inputs of any size."""
    from iton.workers import analysis_pool, call_then_freeze

    if jobs == 1:  # frozen after each batch too: the collector's walks over the caches cost as in a worker
        yield from (call_then_freeze(_render_batch, batch) for batch in batches)
        return
    from collections import deque

    pool = analysis_pool(jobs, _start_rendering, settings)  # forked workers find the pipeline loaded
    try:
        pending: deque = deque()
        for batch in batches:
            pending.append(pool.apply_async(call_then_freeze, (_render_batch, batch)))
            if len(pending) >= 2 * jobs:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()
    finally:  # every result is in, or the run stopped: the workers are not needed either way
        pool.terminate()
        pool.join()


def normalize_command(args: argparse.Namespace) -> int:
    """`iton normalize`: each FILE (or standard input) in the normalized form, CoNLL-U or JSON."""
    sources: list[tuple[str, BinaryIO]] = []
    status = 0
    fewer_collections()
    if args.lexicon:
        from iton.morph.lexicon import read_lexicon

        try:
            lexicon_problems = read_lexicon(args.lexicon).problems
        except InputNotReadable as exc:
            print(f"iton normalize: --lexicon {exc}", file=sys.stderr)
            return 2
        for problem in lexicon_problems:
            print(f"iton normalize: {problem}", file=sys.stderr)
    for name in args.files or ["-"]:
        if name == "-":
            sources.append(("<stdin>", sys.stdin.buffer))
            continue
        try:
            sources.append((name, open(name, "rb")))  # noqa: SIM115 - closed below
        except OSError as exc:
            print(f"iton normalize: {name}: {exc.strerror}; skipped", file=sys.stderr)
            status = 1
    for name, stream in sources:
        problems = _LineProblems(name, sys.stderr)
        try:
            normalize_stream(_decoded_lines(stream, problems, args.max_line_chars), sys.stdout, args.format,
                             args.keep_foreign, args.input == "normalized", args.engine, args.lexicon, args.jobs)
        finally:
            if stream is not sys.stdin.buffer:
                stream.close()
        if summary := problems.summary():
            print(f"iton normalize: {summary}", file=sys.stderr)
        if problems.skipped:
            status = 1
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
        status |= args.main(argv)
        print(flush=True)
    return status


