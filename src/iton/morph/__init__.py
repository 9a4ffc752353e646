"""Morphology at run time: engines that split tokens into morphemes with lemma, POS and features."""

from __future__ import annotations

from functools import cache

from iton.errors import ModelNotFound, UnknownEngine
from iton.morph.rules import RulesEngine
from iton.morph.types import Engine, Morpheme

ENGINES = ("auto", "model", "rules")

__all__ = ["ENGINES", "Engine", "Morpheme", "load_engine"]


@cache
def load_engine(name: str = "auto") -> Engine:
    """The morphology engine ``name``, loaded once per process.

    ``auto`` is the bundled trained model when it is installed, else the rules.
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
    except (FileNotFoundError, ModelNotFound):
        if name == "model":
            raise
        return RulesEngine()
