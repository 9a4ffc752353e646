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

# Each command's add-parser function, in the order `iton --help` lists them.
COMMANDS: dict[str, Callable[[argparse._SubParsersAction], None]] = {
    "demo": add_demo_parser,
    "normalize": add_normalize_parser,
    "ingest": add_ingest_parser,
    "search": add_search_parser,
    "duplicates": add_duplicates_parser,
    "export": add_export_parser,
    "lexicon": add_lexicon_parser,
    "migrate": add_migrate_parser,
    "copy": add_copy_parser,
    "fetch": add_fetch_parser,
    "watch": add_watch_parser,
    "stories": add_stories_parser,
    "keywords": add_keywords_parser,
    "entities": add_entities_parser,
    "trends": add_trends_parser,
    "summary": add_summary_parser,
    "topics": add_topics_parser,
    "serve": add_serve_parser,
    "spark": add_spark_parser,
}


class _Version(argparse.Action):
    """--version, reading the installed version only when asked (package metadata takes a while)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):  # noqa: A002
        super().__init__(option_strings, dest, nargs=0, default=default, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        from iton.version import VERSION

        print(f"iton {VERSION}")
        parser.exit()


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The `iton` argument parser with every command of COMMANDS, or with ``command`` alone: the
    parsers of the others read their modules' constants, which a run of one command need not load."""
    parser = argparse.ArgumentParser(prog="iton", description="Hebrew news analysis: normalize, analyse, ingest, search.")
    parser.add_argument("--version", action=_Version, help="show the version and exit")
    # `iton demo` runs other commands through this entry point (no import of it from below)
    parser.set_defaults(main=main)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, add in COMMANDS.items():
        if command is None or name == command:
            add(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 some input failed, 2 usage)."""
    words = sys.argv[1:] if argv is None else argv
    args = build_parser(words[0] if words and words[0] in COMMANDS else None).parse_args(words)
    try:
        return int(args.run(args) or 0)
    except ItonError as exc:
        print(f"iton {args.command}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


