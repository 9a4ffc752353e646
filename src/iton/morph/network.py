"""The morphology network in numpy: letters and a word embedding give each distinct form a
vector (cached), two width-3 convolutions over the sentence give each token its context vector,
and four heads give the log-probabilities of HTB's prefix, suffix, tag and lemma labels (see
:mod:`iton.morph.model`, which decodes them)."""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from threadpoolctl import ThreadpoolController

from iton.morph.features import char_ids, lex_features, word_key

__all__ = ["FORM_CACHE_SIZE", "Network"]

FORM_CACHE_SIZE = 200_000  # token vectors kept per process; news vocabulary is Zipfian
CHAR_BATCH = 1024  # unique forms encoded per matrix product


def _relu(x: np.ndarray) -> np.ndarray:
    return np.maximum(x, 0, out=x)


def _conv(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Width-3 convolution along axis -2 with zero padding; ``w`` is (3*in, out), applied as one
    2-D product (numpy multiplies a stack of matrices one small product at a time)."""
    pad = np.zeros(x.shape[:-2] + (1, x.shape[-1]), dtype=x.dtype)
    xp = np.concatenate([pad, x, pad], axis=-2)
    n = x.shape[-2]
    windows = np.concatenate([xp[..., 0:n, :], xp[..., 1 : n + 1, :], xp[..., 2 : n + 2, :]], axis=-1)
    return (windows.reshape(-1, windows.shape[-1]) @ w + b).reshape(*x.shape[:-1], w.shape[1])


def _windows(x: np.ndarray, at: np.ndarray) -> np.ndarray:
    """Rows ``at`` - 1, ``at``, ``at`` + 1 of ``x`` side by side (one gather from a sliding view, not three)."""
    return sliding_window_view(x, (3, x.shape[1]))[at - 1].reshape(len(at), 3 * x.shape[1])


def _char_tables(w: dict[str, np.ndarray]) -> list[np.ndarray]:
    """Return embedding @ kernel slice for the 3 taps of the first letter convolution."""
    emb = w["cemb"]
    c = emb.shape[1]
    return [emb @ w["conv1.w"][k * c : (k + 1) * c] for k in range(3)]


def _log_softmax(x: np.ndarray) -> np.ndarray:
    x = x - x.max(axis=-1, keepdims=True)
    return x - np.log(np.exp(x).sum(axis=-1, keepdims=True))


class Network:
    """One network, or several whose log-probabilities are averaged (an ensemble): ``nets`` are
    their weights, ``widths`` the label count of each of ``heads``."""

    def __init__(self, nets: list[dict[str, np.ndarray]], heads: list[str], widths: list[int], chars: list[str],
                 words: list[str], prior: dict[str, float]) -> None:  # fmt: skip
        self.nets = nets
        self.chars = {c: i for i, c in enumerate(chars)}
        self.words = {w: i for i, w in enumerate(words)}
        self.prior = prior
        self._blas = ThreadpoolController()  # numpy's BLAS, whose threads the network limits (contexts)
        self.lex = [w["mix.w"].shape[0] > w["tok.b"].shape[0] + w["wemb"].shape[1] for w in nets]
        self._caches: list[dict[str, np.ndarray]] = [{} for _ in nets]
        self._tables = [_char_tables(w) for w in nets]
        self._heads = [(np.concatenate([w[f"head.{h}.w"] for h in heads], axis=1),  # four heads, one product
                        np.concatenate([w[f"head.{h}.b"] for h in heads])) for w in nets]
        # each label's weights as a row, for one logit at a time (label_logits)
        self._label_rows = [([np.ascontiguousarray(w[f"head.{h}.w"].T) for h in heads],
                             [w[f"head.{h}.b"] for h in heads]) for w in nets]
        ends = np.cumsum(widths)
        self._head_slices = list(zip([0, *ends[:-1]], ends))

    def token_vectors(self, forms: list[str], net: int) -> np.ndarray:
        """Return the context-free vector of each form: letters and word embedding (cached)."""
        cache = self._caches[net]
        missing = sorted({f for f in forms if f not in cache}, key=lambda f: (len(f), f))
        w = self.nets[net]
        for k in range(0, len(missing), CHAR_BATCH):
            chunk = missing[k : k + CHAR_BATCH]
            ids = [char_ids(f, self.chars) for f in chunk]
            # one PAD after the longest form too: in training nearly every form had padding
            # after it, and the last convolution sees one position past the end mark
            width = max(len(i) for i in ids) + 1
            mat = np.zeros((len(ids), width), dtype=np.int32)
            for r, i in enumerate(ids):
                mat[r, : len(i)] = i
            lengths = np.array([len(i) for i in ids])
            # the first convolution over embeddings is three table look-ups (see _char_tables)
            tables = self._tables[net]
            padded = np.pad(mat, ((0, 0), (1, 1)))
            h1 = tables[0][padded[:, :-2]] + tables[1][padded[:, 1:-1]] + tables[2][padded[:, 2:]]
            h1 += w["conv1.b"]
            _relu(h1)
            h2 = _relu(_conv(h1, w["conv2.w"], w["conv2.b"]))
            h2m = np.where((mat != 0)[..., None], h2, 0)
            pooled = h2m.max(axis=1)
            n = lengths - 2
            rows = np.arange(len(ids))
            picks = [h2[rows, np.ones_like(n)], h2[rows, np.minimum(2, n)], h2[rows, n], h2[rows, np.maximum(n - 1, 1)]]
            feats = np.concatenate([pooled, *picks], axis=1)
            vec = _relu(feats @ w["tok.w"] + w["tok.b"])
            wid = np.array([self.words.get(word_key(f), 1) for f in chunk], dtype=np.int64)
            parts = [vec, w["wemb"][wid]]
            if self.lex[net]:
                parts.append(np.array([lex_features(f, self.prior) for f in chunk], dtype=np.float32))
            mixed = _relu(np.concatenate(parts, axis=1) @ w["mix.w"] + w["mix.b"])
            if len(cache) + len(chunk) > FORM_CACHE_SIZE:
                cache.clear()
            cache.update(zip(chunk, mixed))
        return np.stack([cache[f] for f in forms]) if forms else np.zeros((0, w["mix.b"].shape[0]), np.float32)

    def context(self, sentences: list[list[str]], need: list[int], net: int = 0) -> np.ndarray:
        """Return the context vectors of the tokens ``need`` (indices into the flattened sentences).

        The two width-3 context convolutions are computed only where those tokens need them.
        """
        w = self.nets[net]
        flat = [t for s in sentences for t in s]
        x = self.token_vectors(flat, net)
        # lay sentences out with one zero row between them, as the zero padding in training
        d = x.shape[1]
        total = len(flat) + len(sentences) + 1
        rows = np.empty(len(flat), dtype=np.int64)
        pos, k = 1, 0
        for s in sentences:
            rows[k : k + len(s)] = np.arange(pos, pos + len(s))
            pos += len(s) + 1
            k += len(s)
        is_token = np.zeros(total, dtype=bool)
        is_token[rows] = True
        c0 = np.zeros((total, d), dtype=np.float32)
        c0[rows] = x
        target = rows[need]
        r1 = np.unique(np.concatenate([target - 1, target, target + 1]))
        r1 = r1[is_token[r1]]
        c1 = np.zeros((total, d), dtype=np.float32)
        c1[r1] = _relu(_windows(c0, r1) @ w["ctx1.w"] + w["ctx1.b"]) + c0[r1]
        return _relu(_windows(c1, target) @ w["ctx2.w"] + w["ctx2.b"]) + c1[target]

    def contexts(self, sentences: list[list[str]], need: list[int]) -> list[np.ndarray]:
        """Each network's context vectors of the tokens ``need``."""
        # One BLAS thread: OpenBLAS's spinning threads cost ingest CPU for no speed (docs/performance.md)
        with self._blas.limit(limits=1, user_api="blas"):
            return [self.context(sentences, need, net) for net in range(len(self.nets))]

    def head_log_probs(self, contexts: list[np.ndarray], rows: list[int]) -> list[np.ndarray]:
        """Per head, the log-probabilities of the labels for the rows ``rows`` of ``contexts``
        (averaged over the networks)."""
        total = None
        with self._blas.limit(limits=1, user_api="blas"):
            for (head_w, head_b), ctx in zip(self._heads, contexts, strict=True):
                logits = ctx[rows] @ head_w + head_b
                lps = [_log_softmax(logits[:, a:b]) for a, b in self._head_slices]
                total = lps if total is None else [a + b for a, b in zip(total, lps)]
        if len(self.nets) > 1:
            total = [t / len(self.nets) for t in total]
        return total

    def label_logits(self, contexts: list[np.ndarray], at: np.ndarray, labels: np.ndarray) -> np.ndarray:
        """The logits of the labels ``labels[j, h]`` (of head h) at row ``at[j]`` of ``contexts``:
        one dot product each, the context rows gathered once (averaged over the networks)."""
        total = None
        for (head_w, head_b), ctx in zip(self._label_rows, contexts, strict=True):
            rows = ctx[at]
            logits = np.stack([np.einsum("ij,ij->i", rows, head_w[h][labels[:, h]]) + head_b[h][labels[:, h]]
                               for h in range(labels.shape[1])], axis=1)
            total = logits if total is None else total + logits
        return total / len(self.nets) if len(self.nets) > 1 else total

    def normalizers(self, contexts: list[np.ndarray], rows: np.ndarray, h: int) -> np.ndarray:
        """log Σ exp(logits) of head ``h`` at the rows ``rows`` of ``contexts``: what a label's
        logit less is its log-probability (averaged over the networks, as the log-probabilities are)."""
        total = None
        a, b = self._head_slices[h]
        with self._blas.limit(limits=1, user_api="blas"):
            for (head_w, head_b), ctx in zip(self._heads, contexts, strict=True):
                logits = ctx[rows] @ head_w[:, a:b] + head_b[a:b]
                top = logits.max(axis=1)
                lse = top + np.log(np.exp(logits - top[:, None]).sum(axis=1))
                total = lse if total is None else total + lse
        return total / len(self.nets) if len(self.nets) > 1 else total
