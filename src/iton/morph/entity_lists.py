"""The entity model's word-list files (frequencies, name lists, clusters): gzip TSV, read at
load and written by training with reproducible bytes; and the attribute names of the CRF model file."""

from __future__ import annotations

import gzip
import struct
from pathlib import Path

# crfsuite's model file (crf1dm): a 48-byte header whose tenth field is the offset of the
# attribute names, a CQDB chunk; the chunk's backward array lists the offset of each name's
# record (id, size with the final NUL, the UTF-8 name).
_CRF_HEADER = struct.Struct("<4sI4sIIIIIIIII")
_CQDB_HEADER = struct.Struct("<4sIIIII")


def read_attributes(path: Path) -> frozenset[bytes]:
    """The attribute (feature) names the CRF model at ``path`` has weights for, as crfsuite stores
    them (UTF-8). Read from the file itself: python-crfsuite's ``Tagger.info()`` gives the same
    names from a text dump of the whole model, twenty times slower. ValueError when the file is
    not a crfsuite model."""
    data = path.read_bytes()
    try:
        magic, *_, attrs_at, _, _ = _CRF_HEADER.unpack_from(data, 0)
        chunk, _, _, _, count, backward_at = _CQDB_HEADER.unpack_from(data, attrs_at)
        if magic != b"lCRF" or chunk != b"CQDB":
            raise ValueError("no crfsuite model header")
        names = []
        for at in struct.unpack_from(f"<{count}I", data, attrs_at + backward_at):
            size = struct.unpack_from("<I", data, attrs_at + at + 4)[0]
            names.append(data[attrs_at + at + 8 : attrs_at + at + 7 + size])
    except struct.error as error:
        raise ValueError(f"{path}: not a crfsuite model ({error})") from error
    return frozenset(names)


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
