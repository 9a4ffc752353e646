"""Scores morphological analyses: lemma-bag F1 of the normalized form and CoNLL 2018 style F1.

Both scorers read plain records, so the bundled model, YAP's outputs and any other engine
are measured the same way.

A *token* here is ``(surface, words)`` where ``words`` is a list of ``(form, lemma, upos)``.
"""

from __future__ import annotations

from collections import Counter

__all__ = ["conll_f1", "f1", "lemma_bag", "lemma_bag_f1", "normalized_key"]

CLITIC_UPOS = frozenset({"ADP", "CCONJ", "SCONJ", "DET"})
CLITIC_LETTERS = frozenset("והבכלמש")


def _hebrew(text: str) -> bool:
    return any("\u05d0" <= ch <= "\u05ea" for ch in text)


def normalized_key(words) -> str:
    """Return the normalized-form lemma of one token: drop leading clitics, keep at least one."""
    k = 0
    while k < len(words) - 1 and words[k][2] in CLITIC_UPOS:
        k += 1
    return words[k][1]


def lemma_bag(tokens, skip=frozenset()) -> Counter:
    """Return the multiset of normalized Hebrew lemmas of one sentence (tokens in ``skip`` left out)."""
    bag: Counter = Counter()
    for i, (surface, words) in enumerate(tokens):
        if not _hebrew(surface) or not words or i in skip:
            continue
        nxt = tokens[i + 1][0] if i + 1 < len(tokens) else ""
        if surface in CLITIC_LETTERS and nxt.startswith("-"):
            continue  # a lone clitic letter split off by a hyphen (the ה of ה-37)
        key = normalized_key(words)
        if _hebrew(key):
            bag[key] += 1
    return bag


def f1(correct: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    """Return precision, recall and F1."""
    p = correct / n_pred if n_pred else 0.0
    r = correct / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _missing_spans(gold) -> tuple[set[int], set[int]]:
    """Return gold token indices whose normalized lemma is HTB's "no lemma" mark ``_``."""
    return {i for i, (surface, words) in enumerate(gold) if _hebrew(surface) and words and normalized_key(words) == "_"}


def lemma_bag_f1(gold_sents, pred_sents, skip_missing: bool = False) -> dict:
    """Return micro precision/recall/F1 of the per-sentence lemma bags.

    With ``skip_missing``, tokens whose gold lemma is missing (``_`` in the treebank file) are
    left out on both sides: the gold token, and the predicted tokens inside its characters.
    """
    tp = n_pred = n_gold = 0
    for gold, pred in zip(gold_sents, pred_sents, strict=True):
        g_skip, p_skip = set(), set()
        if skip_missing:
            g_skip = _missing_spans(gold)
            gs, ps = _spans(gold), _spans(pred)
            holes = [gs[i] for i in g_skip]
            p_skip = {j for j, (a, b) in enumerate(ps) if any(s <= a and b <= e for s, e in holes)}
        g, p = lemma_bag(gold, g_skip), lemma_bag(pred, p_skip)
        tp += sum((g & p).values())
        n_gold += sum(g.values())
        n_pred += sum(p.values())
    prec, rec, score = f1(tp, n_pred, n_gold)
    return {"precision": prec, "recall": rec, "f1": score, "gold": n_gold, "pred": n_pred}


def _spans(tokens):
    """Return (start, end) of every token over the sentence letters with spaces removed."""
    spans, pos = [], 0
    for surface, _ in tokens:
        n = len("".join(surface.split()))
        spans.append((pos, pos + n))
        pos += n
    return spans


def _lcs_pairs(a, b):
    """Return index pairs of a longest common subsequence of form lists ``a`` and ``b``."""
    n, m = len(a), len(b)
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            table[i][j] = table[i + 1][j + 1] + 1 if a[i] == b[j] else max(table[i + 1][j], table[i][j + 1])
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if a[i] == b[j]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def _form(form: str) -> str:
    stripped = form.strip("_")
    return (stripped or form).lower()


def conll_f1(gold_sents, pred_sents) -> dict[str, tuple[float, float, float]]:
    """Return CoNLL 2018 shared-task style Tokens, Words, UPOS and Lemmas (P, R, F1).

    Tokens are matched by character span (whitespace removed). Words of tokens that span the
    same characters and are single words on both sides match directly; inside a group of
    overlapping tokens where either side has a multi-word token, words are aligned by the
    longest common subsequence of their (lower-cased) forms, as the official script does.
    """
    counts = Counter()
    for gold, pred in zip(gold_sents, pred_sents, strict=True):
        gs, ps = _spans(gold), _spans(pred)
        counts["gold_tokens"] += len(gold)
        counts["pred_tokens"] += len(pred)
        counts["tokens"] += len(set(gs) & set(ps))
        counts["gold_words"] += sum(len(w) for _, w in gold)
        counts["gold_missing"] += sum(1 for _, ws in gold for w in ws if w[1] == "_" and w[2] != "PUNCT")
        counts["pred_words"] += sum(len(w) for _, w in pred)
        i = j = 0
        while i < len(gold) and j < len(pred):
            # grow a group of overlapping tokens until both sides end at the same character
            gi, pj = i, j
            g_end, p_end = gs[i][1], ps[j][1]
            while g_end != p_end:
                if g_end < p_end and i + 1 < len(gold):
                    i += 1
                    g_end = gs[i][1]
                elif p_end < g_end and j + 1 < len(pred):
                    j += 1
                    p_end = ps[j][1]
                else:  # the texts differ in length (clean-up changed letters): close the group
                    break
            g_words = [w for _, ws in gold[gi : i + 1] for w in ws]
            p_words = [w for _, ws in pred[pj : j + 1] for w in ws]
            if i == gi and j == pj and len(g_words) == 1 and len(p_words) == 1 and gs[gi] == ps[pj]:
                pairs = [(0, 0)]
            else:
                pairs = _lcs_pairs([_form(w[0]) for w in g_words], [_form(w[0]) for w in p_words])
            for a, b in pairs:
                counts["words"] += 1
                counts["upos"] += g_words[a][2] == p_words[b][2]
                counts["lemmas"] += g_words[a][1] == p_words[b][1]
                missing = g_words[a][1] == "_" and g_words[a][2] != "PUNCT"
                counts["aligned_to_missing"] += missing
                counts["missing_correct"] += missing and p_words[b][1] == "_"
            i, j = i + 1, j + 1
    out = {"Tokens": f1(counts["tokens"], counts["pred_tokens"], counts["gold_tokens"])}
    for name, key in (("Words", "words"), ("UPOS", "upos"), ("Lemmas", "lemmas")):
        out[name] = f1(counts[key], counts["pred_words"], counts["gold_words"])
    # Lemmas leaving out gold words whose lemma is missing (and the words aligned to them)
    out["Lemmas_known"] = f1(counts["lemmas"] - counts["missing_correct"],
                             counts["pred_words"] - counts["aligned_to_missing"], counts["gold_words"] - counts["gold_missing"])
    return out
