"""Optional lexicon: the analyses of Debian's ``hspell`` (``hspell -l``), when it is installed.

hspell is a Hebrew spell checker and morphological analyzer under the AGPL-3.0. iton never ships,
links or copies it: when the ``hspell`` program is on the PATH (``apt-get install hspell``), the
model engine runs it as a separate process on the words it has never seen in training and the
re-ranker of unseen words reads its analyses as evidence (is this prefix split one that hspell
knows, is this lemma one of hspell's lemmas for it). Without hspell the engine works as before,
with the re-ranker weights fitted without those features. ``ITON_HSPELL=0`` turns it off.

The process is started once and kept (``hspell -a -l``: ispell's pipe protocol, which answers
each line as it comes, with ``-l``'s analyses in the replies): starting hspell loads its
dictionary, about 70 ms, which a new process per batch paid again for every search query with a
word the model had not seen.
"""

from __future__ import annotations

import os
import re
import select
import shutil
import subprocess
import threading
import time
import weakref
from collections import OrderedDict
from typing import NamedTuple

from iton.hebrew import GERESH, GERSHAYIM, LETTERS

__all__ = ["HspellLexicon", "Reading", "find_hspell", "parse"]

CACHE_SIZE = 50_000  # words whose analyses are kept between calls
ENCODING = "iso-8859-8"  # hspell reads and writes this
# Words written to hspell before its replies are read: their bytes stay far below a pipe's
# buffer (64 KiB), so writing them never waits on hspell, which may wait on us to read.
CHUNK_BYTES = 16_384
# Seconds hspell may take to answer one chunk before it is stopped (its words then get no
# readings, as when hspell is not installed, and the next call starts it again).
REPLY_TIMEOUT = 60
# Written after each chunk: a word hspell rejects with the one-line reply SENTINEL_REPLY, so
# reading up to it reads the chunk's whole reply however many lines each word got.
SENTINEL = "ףףףף"
SENTINEL_REPLY = f"# {SENTINEL} 0\n\n".encode(ENCODING)
# The first character of ispell's verdict lines, which plain ``hspell -l`` does not write.
VERDICTS = frozenset("*+-&?#")
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
    """hspell's readings of words, asked of one long-lived ``hspell -a -l`` process and cached.
    Thread-safe; a forked child starts a process of its own instead of sharing the parent's pipes."""

    def __init__(self, program: str, cache_size: int = CACHE_SIZE):
        self.program = program
        self.cache_size = cache_size
        self._cache: OrderedDict[str, tuple[Reading, ...]] = OrderedDict()
        self._lock = threading.Lock()
        self._process: subprocess.Popen | None = None
        self._owner = 0  # the pid that started _process

    def prepare(self, words) -> None:
        """Ask hspell about the words not yet cached."""
        with self._lock:
            todo = sorted({w for w in words if w not in self._cache and WORD.fullmatch(w) and w != SENTINEL})
            if not todo:
                return
            found: dict[str, tuple[Reading, ...]] = {}
            try:
                for chunk in _chunks(todo):
                    found.update(self._ask(chunk))
            except (OSError, ValueError, subprocess.SubprocessError):
                self._stop()  # the words not answered get no readings; the next call starts afresh
            for w in todo:
                self._cache[w] = found.get(w, ())
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)

    def readings(self, word: str) -> tuple[Reading, ...]:
        """The word's readings (asking hspell if it was not prepared); () when hspell rejects it."""
        got = self._cache.get(word)
        if got is None:
            self.prepare([word])
            got = self._cache.get(word, ())
        return got

    def close(self) -> None:
        """Stop the hspell process (a later call starts a new one)."""
        with self._lock:
            self._stop()

    def _ask(self, words: list[str]) -> dict[str, tuple[Reading, ...]]:
        """The words' readings, parsed as ``hspell -l``'s output once ispell's verdicts are dropped."""
        process = self._running()
        data = memoryview("".join(w + "\n" for w in [*words, SENTINEL]).encode(ENCODING))
        while data:  # an unbuffered pipe may take part of it at a time
            data = data[process.stdin.write(data):]
        reply = _read_until(process, SENTINEL_REPLY).decode(ENCODING, errors="replace")
        found = parse("\n".join(line for line in reply.splitlines() if line[:1] not in VERDICTS))
        return {w: tuple(found.get(w, ())) for w in words}

    def _running(self) -> subprocess.Popen:
        if self._process is not None and (self._owner != os.getpid() or self._process.poll() is not None):
            if self._owner == os.getpid():
                self._stop()
            self._process = None  # a parent's process: its pipes are left to the parent
        if self._process is None:
            process = subprocess.Popen([self.program, "-a", "-l"], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, bufsize=0)
            weakref.finalize(self, _end, process)
            self._process, self._owner = process, os.getpid()
            _read_until(process, b"\n")  # ispell's banner line
        return self._process

    def _stop(self) -> None:
        if self._process is not None and self._owner == os.getpid():
            _end(self._process)
        self._process = None


def _chunks(words: list[str]):
    chunk: list[str] = []
    size = 0
    for word in words:
        size += len(word) + 1
        if chunk and size > CHUNK_BYTES:
            yield chunk
            chunk, size = [], len(word) + 1
        chunk.append(word)
    if chunk:
        yield chunk


def _read_until(process: subprocess.Popen, end: bytes) -> bytes:
    """What hspell writes up to and including ``end`` (the last thing it writes for a chunk)."""
    fd = process.stdout.fileno()
    data = bytearray()
    deadline = time.monotonic() + REPLY_TIMEOUT
    while not data.endswith(end):
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            raise subprocess.TimeoutExpired(process.args, REPLY_TIMEOUT)
        got = os.read(fd, 65536)
        if not got:
            raise subprocess.SubprocessError("hspell stopped")
        data += got
    return bytes(data)


def _end(process: subprocess.Popen) -> None:
    """Close hspell's input (it exits at the end of it) and reap it."""
    try:
        process.stdin.close()
        process.wait(timeout=5)
    except (OSError, subprocess.TimeoutExpired):
        process.kill()
