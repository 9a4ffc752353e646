"""Optional lexicon: the analyses of Debian's ``hspell`` (``hspell -l``), when it is installed.

hspell is a Hebrew spell checker and morphological analyzer under the AGPL-3.0. iton never ships,
links or copies it: when the ``hspell`` program is on the PATH (``apt-get install hspell``), the
model engine runs it as a separate process on the words it has never seen in training and the
re-ranker of unseen words reads its analyses as evidence (is this prefix split one that hspell
knows, is this lemma one of hspell's lemmas for it). Without hspell the engine works as before,
with the re-ranker weights fitted without those features. ``ITON_HSPELL=0`` turns it off.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections import OrderedDict
from typing import NamedTuple

from iton.hebrew import GERESH, GERSHAYIM, LETTERS

__all__ = ["HspellLexicon", "Reading", "find_hspell", "parse"]

CACHE_SIZE = 50_000  # words whose analyses are kept between calls
ENCODING = "iso-8859-8"  # hspell reads and writes this
# what hspell can take: Hebrew letters with an optional geresh/gershayim inside
WORD = re.compile(rf"[{LETTERS}]+(?:[{GERSHAYIM}{GERESH}][{LETTERS}]*)?")
# hspell's part-of-speech codes, as the UPOS classes they match
POS_CLASS = {"ע": "NOUN", "פ": "VERB", "ת": "ADJ", "x": "OTHER"}


class Reading(NamedTuple):
    """One analysis: the prefix letters hspell split off, the host's lemma and its class
    (NOUN, PROPN, VERB, ADJ or OTHER)."""

    prefix: str
    lemma: str
    pos: str


def find_hspell() -> str | None:
    """Return the path of the hspell program, or None (not installed, or ITON_HSPELL=0)."""
    if os.environ.get("ITON_HSPELL", "1") == "0":
        return None
    return shutil.which("hspell")


def parse(output: str) -> dict[str, list[Reading]]:
    """Parse ``hspell -l`` output into each word's readings (words hspell rejects get none)."""
    result: dict[str, list[Reading]] = {}
    word, prefix = None, ""
    for line in output.splitlines():
        if not line.startswith("\t"):
            head, sep, rest = line.partition(": ")
            if not sep:
                continue
            rest = rest.strip()
            prefix, plus, host = rest.partition("+")
            if not plus:
                prefix, host = "", rest
            word = prefix + host
            result.setdefault(word, [])
            if plus and not host:  # the whole word is a prefix chain (של+, כל+)
                result[word].append(Reading(prefix, prefix, "OTHER"))
            continue
        if word is None:
            continue
        lemma, _, fields = line.strip().partition("(")
        codes = fields.rstrip(")").split(",")
        pos = POS_CLASS.get(codes[0], "OTHER")
        if pos == "NOUN" and "פרטי" in codes:
            pos = "PROPN"
        if codes[0] == "x" and lemma == "שונות":  # hspell's placeholder for function words
            lemma = word[len(prefix):]
        result[word].append(Reading(prefix, lemma, pos))
    return result


class HspellLexicon:
    """hspell's readings of words, asked in batches (one process per batch) and cached."""

    def __init__(self, program: str, cache_size: int = CACHE_SIZE):
        self.program = program
        self.cache_size = cache_size
        self._cache: OrderedDict[str, tuple[Reading, ...]] = OrderedDict()

    def prepare(self, words) -> None:
        """Ask hspell about the words not yet cached (one process for all of them)."""
        todo = sorted({w for w in words if w not in self._cache and WORD.fullmatch(w)})
        if not todo:
            return
        try:
            done = subprocess.run([self.program, "-l"], input="\n".join(todo).encode(ENCODING) + b"\n",
                                  capture_output=True, timeout=60, check=False)
            found = parse(done.stdout.decode(ENCODING, errors="replace"))
        except (OSError, subprocess.SubprocessError):
            found = {}
        for w in todo:
            self._cache[w] = tuple(found.get(w, ()))
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)

    def readings(self, word: str) -> tuple[Reading, ...]:
        """The word's readings (asking hspell if it was not prepared); () when hspell rejects it."""
        got = self._cache.get(word)
        if got is None:
            self.prepare([word])
            got = self._cache.get(word, ())
        return got
