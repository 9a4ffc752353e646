"""The entity model's word-list files (frequencies, name lists, clusters): gzip TSV, read at
load and written by training with reproducible bytes."""

from __future__ import annotations

import gzip
from pathlib import Path

def read_frequency(path: Path) -> dict[str, int]:
    """The word-frequency lexicon (a line per value, ``int(Zipf*2)<TAB>word<TAB>word...``, gzip);
    empty when absent."""
    if not path.exists():
        return {}
    # 365,310 words under 17 values: parsing 17 numbers, not 365,310, takes a fifth off the
    # load, which every fresh process pays
    words: list[str] = []
    values: list[int] = []
    for line in gzip.decompress(path.read_bytes()).decode("utf-8").splitlines():
        value, _, group = line.partition("\t")
        group_words = group.split("\t")
        words += group_words
        values += [int(value)] * len(group_words)
    return dict(zip(words, values))


def read_names(path: Path) -> dict[str, str]:
    """The name lists (``entry<TAB>tag`` lines, gzip); empty when absent."""
    if not path.exists():
        return {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return dict(line.rstrip("\n").split("\t", 1) for line in fh if "\t" in line)


def read_clusters(path: Path) -> dict[str, list[str]]:
    """The word clusters (``stem<TAB>id id`` lines, gzip); empty when absent."""
    if not path.exists():
        return {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return {w: ids.split() for w, _, ids in (line.rstrip("\n").partition("\t") for line in fh) if ids}


def write_clusters(path: Path, clusters: dict[str, list[str]]) -> None:
    """Write the word clusters read by :func:`read_clusters` (reproducible bytes)."""
    data = "".join(f"{w}\t{' '.join(ids)}\n" for w, ids in sorted(clusters.items())).encode("utf-8")
    path.write_bytes(gzip.compress(data, mtime=0))


def write_names(path: Path, names: dict[str, str]) -> None:
    """Write the name lists read by :func:`read_names` (reproducible bytes)."""
    data = "".join(f"{k}\t{v}\n" for k, v in sorted(names.items())).encode("utf-8")
    path.write_bytes(gzip.compress(data, mtime=0))


def write_frequency(path: Path, frequency: dict[str, int]) -> None:
    """Write the word-frequency lexicon read by :func:`read_frequency` (reproducible bytes:
    values ascending, each value's words sorted)."""
    by_value: dict[int, list[str]] = {}
    for word, value in sorted(frequency.items()):
        by_value.setdefault(value, []).append(word)
    data = "".join(f"{v}\t" + "\t".join(by_value[v]) + "\n" for v in sorted(by_value)).encode("utf-8")
    path.write_bytes(gzip.compress(data, mtime=0))
