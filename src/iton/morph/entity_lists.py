"""The entity model's word-list files (frequencies, name lists, clusters): gzip TSV, read at
load and written by training with reproducible bytes."""

from __future__ import annotations

import gzip
from pathlib import Path

from iton.morph.word_values import grouped_lines, read_grouped


def read_frequency(path: Path) -> dict[str, int]:
    """The word-frequency lexicon (``int(Zipf*2)`` values, a line per value: see
    :mod:`iton.morph.word_values`; gzip); empty when absent."""
    if not path.exists():
        return {}
    return read_grouped(gzip.decompress(path.read_bytes()).decode("utf-8"), int)


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
    data = grouped_lines((word, str(value)) for word, value in sorted(frequency.items(), key=lambda wv: (wv[1], wv[0])))
    path.write_bytes(gzip.compress(data.encode("utf-8"), mtime=0))
