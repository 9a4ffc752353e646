"""Provenance: which iton, model, engine and options produced an article's lemmas, kept with it."""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources

__all__ = ["MODEL_DATA_PACKAGE", "lexicon_stamp", "model_hash", "provenance"]

# The package whose files are the bundled models (morphology weights, lexicon, re-rankers, entities).
MODEL_DATA_PACKAGE = "iton.morph.data"
# Engine classes by the name --engine gives them (read by class name: no model is imported here).
ENGINE_NAMES = {"ModelEngine": "model", "RulesEngine": "rules"}


@cache
def model_hash() -> str:
    """``sha256:`` and the first 16 hex digits of a digest over the bundled model's files (names
    and contents, in name order); empty when the model is not installed."""
    try:
        files = sorted((f for f in resources.files(MODEL_DATA_PACKAGE).iterdir() if f.is_file()),
                       key=lambda f: f.name)  # fmt: skip
    except (ModuleNotFoundError, FileNotFoundError):
        return ""
    digest = hashlib.sha256()
    for item in files:
        if item.name.endswith((".py", ".pyc", ".md")):  # code and notes, not the model
            continue
        digest.update(item.name.encode("utf-8") + b"\0")
        digest.update(item.read_bytes())
    return f"sha256:{digest.hexdigest()[:16]}"


def lexicon_stamp(entries) -> dict | None:
    """Which user lexicon was applied: how many entries and ``sha256:`` and the first 16 hex
    digits of a digest over them (form, lemma, UPOS, in form order); None for none or an empty one.
    ``entries``: the LexiconEntry values of a UserLexicon."""
    entries = sorted(entries, key=lambda e: e.form)
    if not entries:
        return None
    digest = hashlib.sha256("\n".join(f"{e.form}\t{e.lemma}\t{e.upos or ''}" for e in entries).encode("utf-8"))
    return {"entries": len(entries), "sha256": f"sha256:{digest.hexdigest()[:16]}"}


def provenance(engine, entities: bool, normalized_input: bool, lexicon: dict | None = None) -> dict:
    """What produced an article's analysis: the iton version, the ``engine`` that ran (``model``
    or ``rules``; ``none`` for text given already normalized), the model's hash when the model ran,
    whether hspell's readings were used, the options, and the user lexicon applied after the
    model (its :func:`lexicon_stamp`; the key is left out when there was none)."""
    from iton.version import VERSION

    if normalized_input:
        name, model, hspell = "none", "", False
    else:
        name = ENGINE_NAMES.get(type(engine).__name__, type(engine).__name__)
        model = model_hash() if name == "model" else ""
        hspell = getattr(engine, "hspell", None) is not None
    said = {"iton": VERSION, "model": model, "engine": name, "hspell": hspell,
            "options": {"entities": entities, "normalized_input": normalized_input}}
    if lexicon is not None and not normalized_input:
        said["lexicon"] = lexicon
    return said
