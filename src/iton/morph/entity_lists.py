"""The entity model's word-list files (frequencies, name lists, clusters): gzip TSV, read at
load and written by training with reproducible bytes."""

from __future__ import annotations

import gzip
from pathlib import Path

def read_frequency(path: Path) -> dict[str, int]:
    """The word-frequency lexicon (``word<TAB>int(Zipf*2)`` lines, gzip); empty when absent."""
    if not path.exists():
        return {}
    # one split of the whole file: a third faster than line by line, and loading is part of every fresh process
    fields = gzip.decompress(path.read_bytes()).decode("utf-8").replace("\t", "\n").split("\n")
    if fields[-1] == "":
        fields.pop()
    return dict(zip(fields[::2], map(int, fields[1::2])))


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
    """Write the word-frequency lexicon read by :func:`read_frequency` (reproducible bytes)."""
    data = "".join(f"{w}\t{v}\n" for w, v in sorted(frequency.items())).encode("utf-8")
    path.write_bytes(gzip.compress(data, mtime=0))
