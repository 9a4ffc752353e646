"""Repeated passages inside one article: later copies found, one copy kept, the removal recorded."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from iton.corpus.indexing import index_document
from iton.corpus.repeats import MIN_REPEAT_TOKENS, find_repeats
from iton.views import read_normalized


def test_find_repeats_edge_cases() -> None:
    assert find_repeats(["a"] * 5, min_tokens=3) == []  # too short to hold two copies
    run = [f"w{i}" for i in range(16)]
    repeats = find_repeats(run + ["x"] + run + ["y"] + run)
    assert [(r.start, r.end, r.source) for r in repeats] == [(17, 33, 0), (34, 50, 0)]
    assert find_repeats(run + run[:15]) == []  # one token short of a passage


def test_index_document_drops_only_the_copy() -> None:
    from iton.views import read_normalized

    text = " ".join(f"מילה{i}" for i in range(20)) + " . אמצע . " + " ".join(f"מילה{i}" for i in range(20))
    indexed = index_document(read_normalized(text))
    assert len(indexed.lemmas) == 21 and indexed.repeats[0]["tokens"] == 20
    assert indexed.normalized == " ".join(f"מילה{i}" for i in range(20)) + " . אמצע ."


def test_seed_like_repeat_records_offsets_of_both_copies() -> None:
    lead = " ".join(f"מילה{i}" for i in range(MIN_REPEAT_TOKENS + 4))
    text = f"{lead} : גוף הכתבה ממשיך כאן . {lead}"
    indexed = index_document(read_normalized(text))
    (record,) = indexed.repeats
    assert text[record["start"] : record["end"]] == lead and record["start"] == len(text) - len(lead)
    assert text[record["copy_of"][0] : record["copy_of"][1]] == lead
    assert indexed.normalized == f"{lead} : גוף הכתבה ממשיך כאן ."


@given(st.lists(st.sampled_from(["א", "ב", "ג", "ד"]), max_size=80))
def test_repeats_never_overlap_and_copy_real_text(keys: list[str]) -> None:
    repeats = find_repeats(keys, min_tokens=4)
    last_end = 0
    for repeat in repeats:
        assert repeat.start >= last_end and repeat.length >= 4
        assert repeat.source + repeat.length <= repeat.start  # the kept copy comes first, whole
        assert keys[repeat.start : repeat.end] == keys[repeat.source : repeat.source + repeat.length]
        last_end = repeat.end


@given(st.lists(st.sampled_from("אבגד"), max_size=60), st.integers(min_value=2, max_value=6))
def test_the_quick_check_lets_every_repeat_through(keys, min_tokens):
    # _may_repeat turns texts away before the search: it must never turn away one with a repeat,
    # and it holds exactly where min_tokens - 1 consecutive word pairs were each seen before
    from itertools import pairwise

    from iton.corpus.repeats import _may_repeat

    pairs = list(pairwise(keys))
    flags = [pair in pairs[:k] for k, pair in enumerate(pairs)]
    runs = any(all(flags[k : k + min_tokens - 1]) for k in range(len(flags) - min_tokens + 2))
    assert _may_repeat(keys, min_tokens) == runs
    if find_repeats(keys, min_tokens):
        assert _may_repeat(keys, min_tokens)
