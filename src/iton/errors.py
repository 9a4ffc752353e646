"""Every error iton raises on purpose, each saying what went wrong and how to fix it."""

from __future__ import annotations


class ItonError(Exception):
    """Base class of iton's own errors; the command line prints them without a traceback."""


class ModelNotFound(ItonError):
    def __init__(self, path: str) -> None:
        super().__init__(
            f"model file {path} is missing from the installed package; reinstall iton "
            "(pip install --force-reinstall iton) or rebuild it with `python -m iton.training.morph`, "
            "or pass --engine rules"
        )


class UnknownEngine(ItonError):
    def __init__(self, name: str, known: list[str]) -> None:
        super().__init__(f"unknown morphology engine {name!r}; choose one of: {', '.join(known)}")


class PipelineGap(ItonError):
    def __init__(self, gaps: list[str]) -> None:
        super().__init__("pipeline stages are missing what they need: " + "; ".join(gaps))


class BinaryInput(ItonError):
    def __init__(self, source: str) -> None:
        super().__init__(f"{source}: looks binary (NUL bytes), not text; skipped. Give a UTF-8 text file")


class InvalidOption(ItonError):
    def __init__(self, name: str, value: object, expected: str) -> None:
        super().__init__(f"option {name}={value!r} is invalid: expected {expected}")
