"""`iton serve`: the HTTP API and web pages over a corpus."""

from __future__ import annotations

import argparse
import sys

from iton.cli.options import db_option, engine_option, existing_corpus


def add_serve_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "serve", help="the HTTP API and web pages (search, articles, stories, entities, trends)",
        description="Serve the corpus over HTTP: JSON API under /api (schema at /api/openapi.json) and Hebrew pages. "
        "Listens on 127.0.0.1 unless --host says otherwise.")
    db_option(p)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s, this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port (default: %(default)s)")
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="serve from N processes sharing the port, so one slow request does not hold up the "
                   "others (default: %(default)s; about one per core)")
    engine_option(p)
    p.set_defaults(run=serve_command)


def serve_command(args: argparse.Namespace) -> int:
    """`iton serve`: the HTTP API and web pages until interrupted."""
    from iton.corpus.store import shown_path
    from iton.web.app import ServeOptions
    from iton.web.serving import serve

    options = ServeOptions(db=args.db, host=args.host, port=args.port, engine=args.engine)
    existing_corpus(args).close()
    processes = f" in {args.workers} processes" if args.workers > 1 else ""
    print(f"iton: serving {shown_path(args.db)} on http://{args.host}:{args.port}/{processes} (Ctrl-C stops)", file=sys.stderr)
    serve(options, args.workers)
    return 0


