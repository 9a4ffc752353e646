"""eval/corpus_entities.py runs against the store as it is today (it once called a store argument
that had been renamed, and nothing noticed): the bundled sample corpus, ranked both ways."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "eval"))

import corpus_entities  # noqa: E402

from iton.corpus import sample_path


def test_the_sample_corpus_is_ranked_and_listed(capsys) -> None:
    assert corpus_entities.main([sample_path(), "--top", "20", "--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("articles 26 mentions ")
    assert any(line.startswith("merged top 20 clitic ") for line in lines)
    # the listed entities: type, name, articles, mentions, aliases
    listed = [line.split("\t") for line in lines if line.count("\t") == 4]
    assert listed and all(row[0] in {"PER", "ORG", "GPE", "LOC", "FAC", "EVE", "WOA", "ANG", "DUC"} for row in listed)
    assert ("GPE", "ירושלים") in {(row[0], row[1]) for row in listed}
