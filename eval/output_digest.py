"""Prints a digest of the bundled model's analyses of the HTB test split, to show that a change
to the code left the model's output the same, byte for byte.

    python eval/output_digest.py            # with hspell when installed
    ITON_HSPELL=0 python eval/output_digest.py

One line: sentences, the sha256 of the analyses (``analyze_words`` on the treebank's tokens, as
JSON), and whether hspell's readings were used. docs/quality.md keeps the digests of the model
as committed; the same digest on another commit means the same output on all 716 sentences.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from iton.morph.model import load
from iton.training.htb import read_treebank


def main() -> int:
    engine = load()
    sentences = read_treebank(splits=("test",))
    analyses = engine.analyze_words([[t.surface for t in s.tokens] for s in sentences])
    digest = hashlib.sha256(json.dumps(analyses, ensure_ascii=False).encode("utf-8")).hexdigest()
    print(f"sentences={len(sentences)} sha256={digest} hspell={'yes' if engine.hspell else 'no'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
