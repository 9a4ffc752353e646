"""Morphology at run time: engines that split tokens into morphemes with lemma, POS and features."""

from __future__ import annotations

import warnings
from functools import cache

from iton.errors import ModelNotFound, UnknownEngine
from iton.morph.rules import RulesEngine
from iton.morph.types import Engine, Morpheme

ENGINES = ("auto", "model", "rules")

__all__ = ["ENGINES", "Engine", "Morpheme", "load_engine"]


@cache
def load_engine(name: str = "auto") -> Engine:
    """The morphology engine ``name``, loaded once per process.

    ``auto`` is the bundled trained model; only when its files are missing from the
    installation does it fall back to the rules, with a warning that names the fix.
    """
    if name not in ENGINES:
        raise UnknownEngine(name, list(ENGINES))
    if name == "rules":
        return RulesEngine()
    try:
        from iton.morph.model import ModelEngine
    except ImportError:
        if name == "model":
            raise ModelNotFound("iton/morph/model.py") from None
        return RulesEngine()
    try:
        return ModelEngine.load()
    except (FileNotFoundError, ModelNotFound) as exc:
        if name == "model":
            raise
        warnings.warn(f"{exc}; using the rules engine instead", stacklevel=2)
        return RulesEngine()
