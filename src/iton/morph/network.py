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
# Forms whose products with the first context convolution's three taps are kept (3 KB each, so at
# most 150 MB): a token's first context layer is then three sums of cached rows, not a product.
TAPS_CACHE_SIZE = 50_000
CHAR_BATCH = 1024  # unique forms encoded per matrix product


class _FormRows:
    """Vectors of forms kept as the rows of one matrix that grows as forms come, row 0 zeros (no
    form): a call gathers its tokens' rows at once, where stacking thousands of cached arrays
    cost a third of a millisecond an article. Past ``size`` forms it starts over. (Made at its
    full size at once, it took no less CPU and reserved 360 MB of address space a process, which
    a server that does not overcommit memory counts in full.)"""

    def __init__(self, width: int, size: int) -> None:
        self.size = size
        self.index: dict[str, int] = {}
        self.matrix = np.zeros((1024, width), dtype=np.float32)

    def missing(self, forms: list[str]) -> list[str]:
        """The distinct forms not held, first seen first; when they do not fit, the rows held
        are dropped and every form of ``forms`` is missing (all stay held until the next call)."""
        index = self.index
        missing = [f for f in dict.fromkeys(forms) if f not in index]  # distinct first: fewer tests
        if missing and len(self.index) + len(missing) > self.size:
            self.index.clear()
            missing = list(dict.fromkeys(forms))
        return missing

    def add(self, forms: list[str], vectors: np.ndarray) -> None:
        start = len(self.index) + 1
        if start + len(forms) > len(self.matrix):
            rows = max(start + len(forms), min(2 * len(self.matrix), self.size + 1))  # no more than size holds
            grown = np.zeros((rows, self.matrix.shape[1]), dtype=np.float32)
            grown[:start] = self.matrix[:start]
            self.matrix = grown
        self.matrix[start : start + len(forms)] = vectors
        self.index.update(zip(forms, range(start, start + len(forms))))

    def rows(self, forms: list[str]) -> list[int]:
        """Each form's row (all held)."""
        index = self.index
        return [index[f] for f in forms]


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
        self._vectors = [_FormRows(w["mix.b"].shape[0], FORM_CACHE_SIZE) for w in nets]
        self._tap_products = [_FormRows(3 * w["ctx1.b"].shape[0], TAPS_CACHE_SIZE) for w in nets]
        # the first context convolution's kernel (3*d, d) as its three taps side by side (d, 3*d)
        self._taps = [np.concatenate(np.split(w["ctx1.w"], 3), axis=1) for w in nets]
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
        cache = self._vectors[net]
        missing = sorted(cache.missing(forms), key=lambda f: (len(f), f))
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
            cache.add(chunk, _relu(np.concatenate(parts, axis=1) @ w["mix.w"] + w["mix.b"]))
        return cache.matrix[cache.rows(forms)]

    def tap_products(self, forms: list[str], net: int) -> tuple[np.ndarray, list[int]]:
        """The matrix of forms' vectors times the first context convolution's three taps side by
        side, ``(rows, 3*d)`` with row 0 zeros (cached: a token's product depends on its form only),
        and each form's row in it. The forms' vectors must have been made (token_vectors)."""
        cache = self._tap_products[net]
        missing = cache.missing(forms)
        if missing:
            cache.add(missing, self.token_vectors(missing, net) @ self._taps[net])
        return cache.matrix, cache.rows(forms)

    def context(self, sentences: list[list[str]], need: list[int], net: int = 0) -> np.ndarray:
        """Return the context vectors of the tokens ``need`` (indices into the flattened sentences).

        The first width-3 convolution adds the cached tap products (:meth:`tap_products`) of each
        token's neighbours and its own; the second is computed only where those tokens need it.
        """
        w = self.nets[net]
        flat = [t for s in sentences for t in s]
        x = self.token_vectors(flat, net)
        d = x.shape[1]
        if not flat:
            return np.zeros((0, d), dtype=np.float32)
        products, at = self.tap_products(flat, net)
        at = np.array(at, dtype=np.intp)
        lengths = np.fromiter(map(len, sentences), dtype=np.intp, count=len(sentences))
        ends = np.cumsum(lengths)
        firsts, lasts = (ends - lengths)[lengths > 0], ends[lengths > 0] - 1
        # each token's neighbours in its sentence; row 0 (zeros) past its ends, as the zero padding in training
        left, right = np.empty_like(at), np.empty_like(at)
        left[0], left[1:], right[:-1], right[-1] = 0, at[:-1], at[1:], 0
        left[firsts], right[lasts] = 0, 0
        c1_tokens = products[left, :d] + products[at, d : 2 * d]
        c1_tokens += products[right, 2 * d :]
        c1_tokens += w["ctx1.b"]
        c1_tokens = _relu(c1_tokens) + x
        # lay sentences out with one zero row between them for the second convolution: a token's
        # row is its place in ``flat`` plus one per sentence up to its own
        rows = np.arange(1, len(flat) + 1) + np.repeat(np.arange(len(sentences)), lengths)
        c1 = np.zeros((len(flat) + len(sentences) + 1, d), dtype=np.float32)
        c1[rows] = c1_tokens
        target = rows[need]
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
