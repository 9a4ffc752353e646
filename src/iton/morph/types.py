"""The interface every morphology engine implements."""

from __future__ import annotations

from typing import Protocol

from iton.document import Morpheme

__all__ = ["Engine", "Morpheme"]


class Engine(Protocol):
    """Analyses sentences of cleaned token strings into morphemes, one non-empty list per token."""

    name: str

    def analyze(self, sentences: list[list[str]]) -> list[list[list[Morpheme]]]: ...
