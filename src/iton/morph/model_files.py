"""The bundled morphology model's files: the networks, the vocabulary and labels, the memorized
analyses and word priors, and the optional re-rankers (see :mod:`iton.morph.model`, which builds
the engine from them)."""

from __future__ import annotations

import gzip
import io
import json
from contextlib import suppress
from importlib import resources
from pathlib import Path

import numpy as np

from iton.errors import ModelNotFound
from iton.morph.unseen import RERANK_FEATURES
from iton.morph.word_values import grouped_lines, read_grouped

__all__ = ["BUNDLE_FILE", "LEX_FILE", "RERANK_FILE", "RERANK_HSPELL_FILE", "WEIGHTS_FILE", "prior_text", "read_bundle",
           "read_files"]

WEIGHTS_FILE = "morph.npz"
BUNDLE_FILE = "morph.json.gz"
LEX_FILE = "morph.lex.gz"
RERANK_FILE = "morph.rerank.json"  # learned re-ranker of unseen words' candidates (optional)
RERANK_HSPELL_FILE = "morph.rerank.hspell.json"  # the same, fitted with hspell's readings (used when hspell is installed)


def prior_text(prior: dict[str, float]) -> str:
    """The lexicon prior as ``morph.lex.gz`` holds it: a line per value (two decimals), the value
    and then its words (see :mod:`iton.morph.word_values`). The bundled 193,678 words take 442
    values, so ``morph.lex.gz`` reads in half the time a line per word took."""
    return grouped_lines((word, f"{freq:.2f}") for word, freq in prior.items())


def _parse_lex(raw: bytes, bundle: dict) -> dict:
    memory_text, _, prior_lines = gzip.decompress(raw).decode("utf-8").partition("\n\f\n")
    bundle["memory"] = dict(line.split("\t", 1) for line in memory_text.splitlines())
    bundle["prior"] = read_grouped(prior_lines, float)
    return bundle


def _read_rerank(text: str) -> dict:
    """Return the re-ranker record; its feature list must be the one this code computes."""
    record = json.loads(text)
    if tuple(record["features"]) != RERANK_FEATURES:
        raise ValueError("morph.rerank.json was trained with other features than iton.morph.model computes")
    return record


def read_files(read, bundle: dict) -> tuple[list[dict[str, np.ndarray]], dict]:
    """The networks, memory and re-rankers that complete ``bundle``, each file's bytes from
    ``read(name)`` (FileNotFoundError when there is none: the re-rankers are optional)."""
    weights = []
    for name in bundle["meta"].get("networks", [WEIGHTS_FILE]):
        npz = np.load(io.BytesIO(read(name)))
        weights.append({k: npz[k].astype(np.float32) for k in npz.files})
    bundle = _parse_lex(read(LEX_FILE), bundle)
    for key, name in (("rerank", RERANK_FILE), ("rerank_hspell", RERANK_HSPELL_FILE)):
        with suppress(FileNotFoundError):
            bundle[key] = _read_rerank(read(name).decode("utf-8"))
    return weights, bundle


def read_bundle(package: str = "iton.morph.data") -> tuple[list[dict[str, np.ndarray]], dict]:
    base = resources.files(package)
    try:
        bundle = json.loads(gzip.decompress(base.joinpath(BUNDLE_FILE).read_bytes()).decode("utf-8"))
        return read_files(lambda name: base.joinpath(name).read_bytes(), bundle)
    except FileNotFoundError as exc:
        raise ModelNotFound(f"iton/morph/data/{Path(exc.filename or WEIGHTS_FILE).name}") from exc
