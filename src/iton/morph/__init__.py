"""Morphology at run time: engines that split tokens into morphemes with lemma, POS and features.

:data:`ENGINE_LOADERS` is the one registry of engines (name → loader); :func:`load_engine` loads
one once per process and :func:`iton.pipeline.load_pipeline` builds the pipeline around it.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from functools import cache

from iton.errors import ModelNotFound, UnknownEngine
from iton.morph.rules import RulesEngine
from iton.morph.types import Engine, Morpheme

__all__ = ["ENGINES", "ENGINE_LOADERS", "Engine", "Morpheme", "load_engine"]


def _model() -> Engine:
    """The bundled trained model; raises ModelNotFound when its files are missing."""
    try:
        from iton.morph.model import ModelEngine
    except ImportError:
        raise ModelNotFound("iton/morph/model.py") from None
    return ModelEngine.load()


def _auto() -> Engine:
    """The bundled model; only when its files are missing from the installation, the rules,
    with a warning that names the fix."""
    try:
        return _model()
    except (FileNotFoundError, ModelNotFound) as exc:
        warnings.warn(f"{exc}; using the rules engine instead", stacklevel=3)
        return RulesEngine()


# Engine name -> loader: what --engine accepts everywhere.
ENGINE_LOADERS: dict[str, Callable[[], Engine]] = {"auto": _auto, "model": _model, "rules": RulesEngine}
ENGINES = tuple(ENGINE_LOADERS)


@cache
def load_engine(name: str = "auto") -> Engine:
    """The morphology engine ``name`` (one of :data:`ENGINES`), loaded once per process."""
    if name not in ENGINE_LOADERS:
        raise UnknownEngine(name, list(ENGINES))
    return ENGINE_LOADERS[name]()
