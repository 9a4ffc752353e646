"""The `iton` command line: parses options and calls the library function of the same name."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, TextIO

from iton.errors import BinaryInput, ItonError
from iton.morph import ENGINES

# Lines analysed together when streaming: enough to batch the engine, small enough that
# memory stays flat on inputs of any size.
STREAM_BATCH_LINES = 256
# How much of a file is inspected for NUL bytes to call it binary.
BINARY_SNIFF_BYTES = 8192


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
    p = subparsers.add_parser("demo", help="the main job on the bundled sample: normalize a sample article",
                              description="Normalize the bundled sample article and print it beside the original.")
    _engine_option(p)
    p.set_defaults(run=demo_command)


def demo_command(args: argparse.Namespace) -> int:
    from iton.samples import sample_article

    import iton
    from iton.pipeline import Options

    text = sample_article()
    print("# sample article (raw):")
    print(text)
    print("\n# normalized:")
    print(iton.normalize(text, options=Options(engine=args.engine)))
    return 0


# --- entry point ---------------------------------------------------------------------

# One (add-parser) function per command, in the order `iton --help` lists them.
COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [
    add_demo_parser,
    add_normalize_parser,
]


def build_parser() -> argparse.ArgumentParser:
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
