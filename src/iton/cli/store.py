"""Store commands: `iton migrate` and `iton copy`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from iton.cli.options import db_option
from iton.errors import CorpusError


def add_migrate_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "migrate", help="bring a store's schema up to date (SQLite file or PostgreSQL database)",
        description="Apply the schema migrations the store at --db lacks, each in its own transaction, and "
        "list them. Every command does this when it opens a store; run it on its own to upgrade a store "
        "before a server or several ingests use it. A new store is created with the whole schema.")  # fmt: skip
    db_option(p)
    p.add_argument("--json", action="store_true", help="print the result as JSON on standard output")
    p.set_defaults(run=migrate_command)


def migrate_command(args: argparse.Namespace) -> int:
    """`iton migrate`: apply and list the migrations the store lacked."""
    from iton.corpus.duplicates import rebuild_stale_bands
    from iton.corpus.store import open_store

    store = open_store(args.db)
    try:
        rebuild_stale_bands(store)
        applied, names = store.applied, store.migrations()
    finally:
        store.close()
    if args.json:
        print(json.dumps({"store": store.path, "applied": applied, "migrations": names}, ensure_ascii=False))
    elif applied:
        print(f"{store.path}: applied {', '.join(applied)}; {len(names)} migrations in all")
    else:
        print(f"{store.path}: up to date ({len(names)} migrations, the last {names[-1]})")
    return 0


def add_copy_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "copy", help="copy a corpus between stores (SQLite <-> PostgreSQL) without analysing it again",
        description="Copy every article of the store SRC into the store DST as it is stored (text, "
        "normalized form, index, entities, near-duplicate signatures and groups): nothing is analysed "
        "again. A store is a SQLite file or a postgresql:// URL. Articles already in DST (same id) are "
        "replaced, so a copy that was stopped can be run again.")  # fmt: skip
    p.add_argument("--from", dest="source", required=True, metavar="SRC", help="the store to copy from (it must exist)")
    p.add_argument("--to", dest="destination", required=True, metavar="DST",
                   help="the store to copy into (created when new)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON on standard output")
    p.set_defaults(run=copy_command)


def copy_command(args: argparse.Namespace) -> int:
    """`iton copy`: every article of --from into --to, without analysis."""
    from iton.corpus.duplicates import rebuild_stale_bands
    from iton.corpus.store import is_postgres_url, open_store
    from iton.corpus.store.transfer import copy_store

    if args.source == args.destination:
        raise CorpusError(f"--from and --to are the same store ({args.source}); give two different stores")
    if not is_postgres_url(args.source) and (args.source == ":memory:" or not Path(args.source).exists()):
        raise CorpusError(f"no corpus at {args.source}; give an existing SQLite file or a postgresql:// URL as --from")
    source = open_store(args.source)
    try:
        destination = open_store(args.destination)
        try:
            summary = copy_store(source, destination)
            rebuild_stale_bands(destination)  # its own articles' bands, when an older scheme wrote them
        finally:
            destination.close()
    finally:
        source.close()
    if args.json:
        print(json.dumps(summary.to_dict()))
    else:
        print(f"{source.path} -> {destination.path}: {summary.line()}")
    return 0
