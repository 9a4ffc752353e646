"""The `iton` command line: parses options and calls the library function of the same name.

One module per group of commands (text, corpus, lexicon, store, analysis, serve); options that several commands
share are declared once in `iton.cli.options`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from iton.cli.analysis import (
    add_entities_parser,
    add_keywords_parser,
    add_stories_parser,
    add_summary_parser,
    add_trends_parser,
)
from iton.cli.collect import add_fetch_parser, add_watch_parser
from iton.cli.corpus import (
    add_duplicates_parser,
    add_export_parser,
    add_ingest_parser,
    add_search_parser,
)
from iton.cli.lexicon import add_lexicon_parser
from iton.cli.serve import add_serve_parser
from iton.cli.spark import add_spark_parser
from iton.cli.store import add_copy_parser, add_migrate_parser
from iton.cli.text import add_demo_parser, add_normalize_parser, normalize_stream
from iton.cli.topics import add_topics_parser
from iton.errors import ItonError

__all__ = ["COMMANDS", "build_parser", "main", "normalize_stream"]

# One (add-parser) function per command, in the order `iton --help` lists them.
COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [
    add_demo_parser,
    add_normalize_parser,
    add_ingest_parser,
    add_search_parser,
    add_duplicates_parser,
    add_export_parser,
    add_lexicon_parser,
    add_migrate_parser,
    add_copy_parser,
    add_fetch_parser,
    add_watch_parser,
    add_stories_parser,
    add_keywords_parser,
    add_entities_parser,
    add_trends_parser,
    add_summary_parser,
    add_topics_parser,
    add_serve_parser,
    add_spark_parser,
]


def build_parser() -> argparse.ArgumentParser:
    """The `iton` argument parser with every command of COMMANDS."""
    parser = argparse.ArgumentParser(prog="iton", description="Hebrew news analysis: normalize, analyse, ingest, search.")
    from iton.version import VERSION

    parser.add_argument("--version", action="version", version=f"iton {VERSION}")
    # `iton demo` runs other commands through this entry point (no import of it from below)
    parser.set_defaults(main=main)
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


