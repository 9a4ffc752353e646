"""The entity CRF's outputs (Viterbi paths, label marginals): in numpy from the weights of the
crfsuite model file at run time, and from crfsuite itself in training and as the reference.

crfsuite trains the model and stays the reference (training, evaluation and a test compare with
it). At run time, handing crfsuite each token's 40 attribute names cost more than everything
else the entity stage does: python-crfsuite copies every name into C++ strings several times and
crfsuite looks each one up. Here a word's weights are summed once per role it plays (the token
itself, the word before it, the one after, ...; :mod:`iton.morph.entity_features`), a token's
label scores are the sum of a few such rows, and the Viterbi path and the label marginals are
computed as crfsuite computes them (the same recurrences and scaling), many sentences at a time.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

__all__ = [
    "MARGINAL_SLACK",
    "CrfWeights",
    "crf_outputs",
    "label_marginals",
    "read_weights",
    "score_outputs",
    "tag_scores",
]

# crfsuite's model file (crf1dm): a 48-byte header, then chunks. The features chunk ("FEAT", its
# size, the count, which the header's own count field leaves 0) holds 20-byte records: type (0:
# attribute -> label, 1: label -> label), source, destination, weight (a little-endian double). Labels and attributes are CQDB chunks whose
# backward array gives, by id, the offset of each record (id, size with the final NUL, the name).
_HEADER = struct.Struct("<4sI4sIIIIIIIII")
_CQDB_HEADER = struct.Struct("<4sIIIII")
_FEATURE = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])
_STATE, _TRANSITION = 0, 1
# Sentences tagged together: sorted by length, so that each group's padding stays short.
GROUP_SENTENCES = 256
# 1 - P(O) and the sum of the other labels' marginals differ by rounding only (about 1e-15);
# a token within this much of a decoding threshold gets all its marginals, so pruning by
# 1 - P(O) never changes a decision.
MARGINAL_SLACK = 1e-6


@dataclass(frozen=True)
class CrfWeights:
    """A crfsuite model's weights: ``state[row]``, an attribute's weight for each label (the last
    row is zeros: the row of a name the model does not know), ``transitions[i, j]`` from label
    ``i`` to label ``j``, and each attribute name's row."""

    labels: tuple[str, ...]
    rows: dict[str, int]
    state: np.ndarray
    transitions: np.ndarray

    @property
    def unknown(self) -> int:
        """The row of zeros."""
        return len(self.state) - 1


def _cqdb_names(data: bytes, at: int) -> list[bytes]:
    chunk, _, _, _, count, backward_at = _CQDB_HEADER.unpack_from(data, at)
    if chunk != b"CQDB":
        raise ValueError("no CQDB chunk where the header says")
    names = []
    for offset in struct.unpack_from(f"<{count}I", data, at + backward_at):
        size = struct.unpack_from("<I", data, at + offset + 4)[0]
        names.append(data[at + offset + 8 : at + offset + 7 + size])
    return names


def read_weights(path: Path) -> CrfWeights:
    """The weights of the crfsuite model at ``path``; ValueError when it is not one."""
    data = path.read_bytes()
    try:
        magic, _, kind, _, _, n_labels, n_attrs, features_at, labels_at, attrs_at, _, _ = _HEADER.unpack_from(data, 0)
        chunk, _, features = struct.unpack_from("<4sII", data, features_at)
        if magic != b"lCRF" or kind != b"FOMC" or chunk != b"FEAT":
            raise ValueError("no crfsuite model header")
        labels = [name.decode("utf-8") for name in _cqdb_names(data, labels_at)]
        names = _cqdb_names(data, attrs_at)
        table = np.frombuffer(data, _FEATURE, features, features_at + 12)
    except (struct.error, UnicodeDecodeError) as error:
        raise ValueError(f"{path}: not a crfsuite model ({error})") from error
    if len(labels) != n_labels or len(names) != n_attrs:
        raise ValueError(f"{path}: not a crfsuite model (label or attribute count)")
    state = np.zeros((n_attrs + 1, n_labels))
    transitions = np.zeros((n_labels, n_labels))
    kept = table[table["type"] == _STATE]
    state[kept["src"], kept["dst"]] = kept["weight"]
    moves = table[table["type"] == _TRANSITION]
    transitions[moves["src"], moves["dst"]] = moves["weight"]
    return CrfWeights(tuple(labels), {name.decode("utf-8"): row for row, name in enumerate(names)}, state, transitions)


def tag_scores(scores: list[np.ndarray], transitions: np.ndarray, marginals: bool = True
               ) -> tuple[list[list[int]], np.ndarray | None]:  # fmt: skip
    """The Viterbi path of each sentence (its tokens' label scores, ``(n, labels)``) as label
    indices, and, when ``marginals``, every token's label probabilities, ``(tokens, labels)`` in the
    order of the sentences' tokens.

    The recurrences are crfsuite's (crf1d_context.c): the path by max-sum with the first of equal
    scores kept, the marginals by scaled forward and backward sums, so the path is crfsuite's and
    the probabilities agree with its to rounding."""
    lengths = np.array([len(s) for s in scores], dtype=np.int64)
    offsets = np.cumsum(lengths) - lengths
    paths: list[list[int]] = [[] for _ in scores]
    probs = np.zeros((int(lengths.sum()), transitions.shape[0])) if marginals else None
    exp_trans = np.exp(transitions) if marginals else None
    order = [k for k in np.argsort(lengths, kind="stable").tolist() if lengths[k]]
    for g in range(0, len(order), GROUP_SENTENCES):
        group = order[g : g + GROUP_SENTENCES]
        path, group_probs = _tag_group([scores[k] for k in group], transitions, exp_trans)
        for k, labels in zip(group, path, strict=True):
            paths[k] = labels
        if probs is not None:
            at = np.concatenate([np.arange(offsets[k], offsets[k] + lengths[k]) for k in group])
            probs[at] = group_probs
    return paths, probs


def _tag_group(scores: list[np.ndarray], transitions: np.ndarray, exp_trans: np.ndarray | None
               ) -> tuple[list[list[int]], np.ndarray | None]:  # fmt: skip
    """:func:`tag_scores` of sentences padded to the longest (a position past a sentence's end
    carries its last values, which nothing reads); the probabilities sentence by sentence."""
    lengths = np.array([len(s) for s in scores])
    n, m, labels = len(scores), int(lengths.max()), transitions.shape[0]
    inside = np.arange(m)[None, :] < lengths[:, None]  # (n, m)
    state = np.zeros((n, m, labels))
    state[inside] = np.concatenate(scores)
    # Viterbi: delta[t, j] = max_i (delta[t-1, i] + trans[i, j]) + state[t, j]
    delta = np.empty((m, n, labels))
    delta[0] = state[:, 0]
    # the sums laid out (label before, sentence, label): the max runs over the outer axis, slab by
    # slab, where over the middle one it took twice the time
    sums = np.empty((labels, n, labels))
    from_label = transitions[:, None, :]
    for t in range(1, m):
        prev = delta[t - 1]
        np.add(prev.T[:, :, None], from_label, out=sums)
        step = sums.max(axis=0)
        step += state[:, t]
        delta[t] = np.where(inside[:, t, None], step, prev)
    path = np.empty((n, m), dtype=np.int64)
    path[:, m - 1] = delta[m - 1].argmax(axis=1)
    for t in range(m - 1, 0, -1):
        back = (delta[t - 1] + transitions[:, path[:, t]].T).argmax(axis=1)
        path[:, t - 1] = np.where(inside[:, t], back, path[:, t])
    paths = [row[:length] for row, length in zip(path.tolist(), lengths.tolist())]
    if exp_trans is None:
        return paths, None
    exp_state = np.exp(state)
    alpha = np.empty((m, n, labels))
    scale = np.ones((m, n))
    cur = exp_state[:, 0]
    for t in range(m):
        if t:
            cur = np.where(inside[:, t, None], (alpha[t - 1] @ exp_trans) * exp_state[:, t], alpha[t - 1])
        total = cur.sum(axis=1)
        scale[t] = np.where(inside[:, t] & (total != 0.0), 1.0 / np.where(total != 0.0, total, 1.0), 1.0)
        alpha[t] = cur * scale[t][:, None]
    beta = np.empty((m, n, labels))
    last = lengths - 1
    beta[m - 1] = scale[m - 1][:, None]
    for t in range(m - 2, -1, -1):
        step = ((beta[t + 1] * exp_state[:, t + 1]) @ exp_trans.T) * scale[t][:, None]
        # from a sentence's last token on, beta starts again: past the end (a shorter sentence of
        # the batch) it would otherwise grow unscaled, step by step, until it overflowed
        beta[t] = np.where((t >= last)[:, None], scale[t][:, None], step)
    probs = alpha * beta / scale[:, :, None]  # (m, n, labels)
    return paths, probs.transpose(1, 0, 2)[inside]


def score_outputs(weights: CrfWeights, scores: list[np.ndarray], marginals: bool = True, floor: float | None = None
                  ) -> list[tuple[list[str], list[dict[str, float]] | None]]:  # fmt: skip
    """:func:`crf_outputs` from the tokens' label scores
    (:func:`iton.morph.entity_features.token_scores`), tagged in numpy (:func:`tag_scores`): the
    same paths, and marginals equal to rounding."""
    labels = weights.labels
    paths, probs = tag_scores(scores, weights.transitions, marginals)
    named = [[labels[y] for y in path] for path in paths]
    if probs is None:
        return [(path, None) for path in named]
    others = [k for k, y in enumerate(labels) if y != "O"]
    names = [labels[k] for k in others]
    kept = np.arange(len(probs))
    if floor is not None and "O" in labels:
        kept = np.flatnonzero(1.0 - probs[:, labels.index("O")] >= floor - MARGINAL_SLACK)
    marginals: list[dict[str, float]] = [{} for _ in range(len(probs))]
    for t, row in zip(kept.tolist(), probs[kept][:, others].tolist()):
        marginals[t] = dict(zip(names, row))
    out, start = [], 0
    for path in named:
        out.append((path, marginals[start : start + len(path)]))
        start += len(path)
    return out


def label_marginals(tagger, n: int, floor: float | None = None) -> list[dict[str, float]]:
    """Per token of the sentence last given to ``tagger``, the probability of each label but O.

    With ``floor``, a token whose probability of being in an entity (1 - P(O)) is surely below it
    gets an empty dict: asking crfsuite for one marginal instead of one per label is most of the
    cost, and decoding (see :func:`decode`, :func:`propagate`) reads nothing of such a token but
    sums and types that stay below the floor, which an empty dict gives as well.
    """
    labels = [y for y in tagger.labels() if y != "O"]
    if floor is None or len(labels) == len(tagger.labels()):
        return [{y: tagger.marginal(y, t) for y in labels} for t in range(n)]
    cut = floor - MARGINAL_SLACK
    return [{y: tagger.marginal(y, t) for y in labels} if 1.0 - tagger.marginal("O", t) >= cut else {}
            for t in range(n)]


def crf_outputs(tagger, feats: list[list[list[str]]], marginals: bool = True, floor: float | None = None
                ) -> list[tuple[list[str], list[dict[str, float]] | None]]:
    """Per sentence (its features ``feats``), the CRF's Viterbi path and, when ``marginals``, its
    label marginals (see :func:`label_marginals`, which ``floor`` prunes): everything decoding
    needs, computed once."""
    out: list[tuple[list[str], list[dict[str, float]] | None]] = []
    for f in feats:
        if not f:
            out.append(([], [] if marginals else None))
            continue
        tagger.set(f)
        path = list(tagger.tag())
        # marginals after tag(): asked for before it, they leave crfsuite computing wrong ones after
        out.append((path, label_marginals(tagger, len(f), floor) if marginals else None))
    return out
