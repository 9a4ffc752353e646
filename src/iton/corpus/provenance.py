"""Provenance: which iton, model, engine and options produced an article's lemmas, kept with it."""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources

__all__ = ["MODEL_DATA_PACKAGE", "model_hash", "provenance"]

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


def provenance(engine, entities: bool, normalized_input: bool) -> dict:
    """What produced an article's analysis: the iton version, the ``engine`` that ran (``model``
    or ``rules``; ``none`` for text given already normalized), the model's hash when the model ran,
    whether hspell's readings were used, and the options."""
    from iton.version import VERSION

    if normalized_input:
        name, model, hspell = "none", "", False
    else:
        name = ENGINE_NAMES.get(type(engine).__name__, type(engine).__name__)
        model = model_hash() if name == "model" else ""
        hspell = getattr(engine, "hspell", None) is not None
    return {"iton": VERSION, "model": model, "engine": name, "hspell": hspell,
            "options": {"entities": entities, "normalized_input": normalized_input}}
