"""`iton lexicon`: the corpus's own lexicon (add, list, remove, import, export, apply)."""

from __future__ import annotations

import argparse
import json
import sys

from iton.cli.options import db_option, existing_corpus, json_option, print_json_lines
from iton.errors import CorpusError

_FORMAT = "form<TAB>lemma[<TAB>UPOS] per line, # for comments"


def add_lexicon_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "lexicon", help="the corpus's own lexicon: fix a wrong lemma without retraining",
        description="A lexicon kept with the corpus: each entry gives a written form its lemma (and "
        "optionally its UPOS), whatever the model reads, also under clitics (כספי fixes לכספי). New "
        "articles (iton ingest) and search queries use it at once; `iton lexicon apply` rewrites the "
        "articles already stored, without running the model again.")  # fmt: skip
    commands = p.add_subparsers(dest="lexicon_command", metavar="ACTION", required=True,
                                help="what to do with the lexicon")

    add = commands.add_parser("add", help="add an entry (or replace the one with its form)",
                              description="Add FORM -> LEMMA [UPOS] to the corpus's lexicon.")
    add.add_argument("form", metavar="FORM", help="the word as written, without clitics (כספי)")
    add.add_argument("lemma", metavar="LEMMA", help="its lemma (כספי)")
    add.add_argument("upos", metavar="UPOS", nargs="?", help="its universal POS tag (PROPN); default: the model's")
    add.set_defaults(run=add_command)

    listing = commands.add_parser("list", help="list the entries", description="List the corpus's lexicon by form.")
    json_option(listing, "entry")
    listing.set_defaults(run=list_command)

    remove = commands.add_parser(
        "remove", help="remove entries by form",
        description="Remove the entries of the FORMs. Stored articles keep the lemmas the entry gave them "
        "until they are analysed again (iton ingest --force).")  # fmt: skip
    remove.add_argument("forms", nargs="+", metavar="FORM", help="a form to remove")
    remove.set_defaults(run=remove_command)

    load = commands.add_parser(
        "import", help="add every entry of a TSV file",
        description=f"Add the entries of FILE ({_FORMAT}); a bad line is reported with its number and reason "
        "and left out, the good ones are kept.")  # fmt: skip
    load.add_argument("file", metavar="FILE", help="the lexicon file (UTF-8 TSV)")
    load.set_defaults(run=import_command)

    dump = commands.add_parser("export", help="print the lexicon as TSV",
                               description=f"Print the corpus's lexicon as TSV ({_FORMAT}), as import reads it.")
    dump.set_defaults(run=export_command)

    apply = commands.add_parser(
        "apply", help="re-apply the lexicon to the stored articles",
        description="Rewrite the lemmas of every stored token whose written form is in the lexicon (with or "
        "without clitics), the articles' search index, normalized form and entity forms, without running "
        "the model again; only the articles that change are written. The model's readings of the other words, "
        "entity spans, repeated passages and near-duplicate signatures stay as analysed.")  # fmt: skip
    apply.add_argument("--no-progress", action="store_true", help="no progress bar")
    json_option(apply, "summary")
    apply.set_defaults(run=apply_command)

    for command in (add, listing, remove, load, dump, apply):
        db_option(command)


def add_command(args: argparse.Namespace) -> int:
    """`iton lexicon add`: one entry into the store's lexicon."""
    from iton.corpus import Corpus
    from iton.corpus.lexicon import add_entry

    with Corpus(args.db) as corpus:  # a new corpus may get its lexicon before its first ingest
        try:
            entry = add_entry(corpus.store, args.form, args.lemma, args.upos)
        except ValueError as error:
            raise CorpusError(f"{error}; nothing added") from None
    print(f"{entry.form} -> {entry.lemma}{' ' + entry.upos if entry.upos else ''}: added. New articles and searches "
          f"use it now; `iton lexicon apply --db {args.db}` fixes the stored articles")  # fmt: skip
    return 0


def list_command(args: argparse.Namespace) -> int:
    """`iton lexicon list`: the entries by form."""
    with existing_corpus(args) as corpus:
        entries = corpus.store.lexicon()
    if args.json:
        print_json_lines({"form": e.form, "lemma": e.lemma, "upos": e.upos} for e in entries)
    elif not entries:
        print(f"the lexicon of {args.db} is empty; add an entry with `iton lexicon add FORM LEMMA --db {args.db}`")
    else:
        for e in entries:
            print(f"{e.form}\t{e.lemma}\t{e.upos or ''}".rstrip("\t"))
    return 0


def remove_command(args: argparse.Namespace) -> int:
    """`iton lexicon remove`: entries by form; 1 when a form was not there."""
    with existing_corpus(args) as corpus:
        removed = corpus.store.remove_lexicon(args.forms)
    missing = [form for form in args.forms if form not in removed]
    if removed:
        print(f"removed {' '.join(removed)}; stored articles keep the lemmas it gave them until analysed again "
              f"(iton ingest --force)")  # fmt: skip
    for form in missing:
        print(f"iton lexicon remove: {form} is not in the lexicon (see `iton lexicon list --db {args.db}`)",
              file=sys.stderr)
    return 1 if missing else 0


def import_command(args: argparse.Namespace) -> int:
    """`iton lexicon import`: the good lines of a TSV file; 1 when some line was left out."""
    from iton.corpus import Corpus
    from iton.corpus.lexicon import import_lexicon

    with Corpus(args.db) as corpus:  # a new corpus may get its lexicon before its first ingest
        lexicon = import_lexicon(corpus.store, args.file)
    for problem in lexicon.problems:
        print(f"iton lexicon import: {problem}", file=sys.stderr)
    print(f"{args.file}: {len(lexicon.entries)} entries added, {len(lexicon.problems)} lines left out")
    return 1 if lexicon.problems else 0


def export_command(args: argparse.Namespace) -> int:
    """`iton lexicon export`: the lexicon as TSV on standard output."""
    from iton.morph.lexicon import format_lexicon

    with existing_corpus(args) as corpus:
        sys.stdout.write(format_lexicon(corpus.store.lexicon()))
    return 0


def apply_command(args: argparse.Namespace) -> int:
    """`iton lexicon apply`: the lexicon re-applied to the stored articles, with a summary."""
    from iton.corpus.lexicon import apply_to_store

    with existing_corpus(args) as corpus:
        summary = apply_to_store(corpus.store, progress=not args.no_progress and sys.stderr.isatty())
    if args.json:
        print(json.dumps(summary.to_dict(), ensure_ascii=False))
    else:
        print(summary.line())
    return 0
