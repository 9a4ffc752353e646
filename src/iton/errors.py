"""Every error iton raises on purpose, each saying what went wrong and how to fix it."""

from __future__ import annotations

__all__ = [
    "AnalysisError",
    "ApiError",
    "CollectError",
    "CorpusError",
    "ExportError",
    "FieldMapError",
    "InputNotReadable",
    "InvalidOption",
    "ItonError",
    "ModelNotFound",
    "PeriodError",
    "PipelineGap",
    "QueryError",
    "SourceNotFound",
    "StoreVersionError",
    "UnknownEngine",
    "UnknownFormat",
]


class ItonError(Exception):
    """Base class of iton's own errors; the command line prints them without a traceback."""


# -- language pipeline --------------------------------------------------------------------------


class ModelNotFound(ItonError):
    """A bundled model file is missing."""

    def __init__(self, path: str) -> None:
        super().__init__(
            f"model file {path} is missing from the installed package; reinstall iton "
            "(pip install --force-reinstall iton) or rebuild it with `python -m iton.training.morph`, "
            "or pass --engine rules"
        )


class UnknownEngine(ItonError):
    """A morphology engine name that is not one of the known ones."""

    def __init__(self, name: str, known: list[str]) -> None:
        super().__init__(f"unknown morphology engine {name!r}; choose one of: {', '.join(known)}")


class PipelineGap(ItonError):
    """Pipeline stages whose needs no earlier stage provides."""

    def __init__(self, gaps: list[str]) -> None:
        super().__init__("pipeline stages are missing what they need: " + "; ".join(gaps))


# -- input and options --------------------------------------------------------------------------


class InputNotReadable(ItonError):
    """An input file that cannot be opened or is not valid UTF-8."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}; check the path, or re-save the file as UTF-8")


class InvalidOption(ItonError, ValueError):
    """A setting outside its allowed values (also a ValueError, as a bad argument is)."""

    def __init__(self, name: str, value: object, expected: str) -> None:
        super().__init__(f"option {name}={value!r} is invalid: expected {expected}")


# -- corpus -------------------------------------------------------------------------------------


class CorpusError(ItonError):
    """Base class of the corpus errors: each names what is wrong (the record, the query, the file) and the fix."""


# A query up to this long is echoed in its error with a caret under the place; a longer one is
# named by its start only, so the error stays one line a terminal or a log can show.
QUERY_SHOWN_CHARS = 80


class QueryError(CorpusError):
    """A search query that cannot be read; the message points at the place and says the fix."""

    def __init__(self, query: str, position: int | None, problem: str, fix: str) -> None:
        where = f" at character {position + 1}" if position is not None else ""
        if len(query) <= QUERY_SHOWN_CHARS:
            pointer = f"\n  {query}\n  {' ' * position}^" if position is not None else ""
            shown = repr(query)
        else:
            pointer = ""
            shown = f"{query[:QUERY_SHOWN_CHARS]!r}... ({len(query):,} characters)"
        super().__init__(f"query {shown}: {problem}{where}; {fix}{pointer}")
        self.query = query
        self.position = position


class PeriodError(CorpusError, ValueError):
    """A ``since``/``until`` bound that is not a date, or a period that ends before it starts."""

    def __init__(self, name: str, value: str, problem: str) -> None:
        super().__init__(f"{name} {value!r}: {problem}")
        self.name, self.value = name, value


class SourceNotFound(CorpusError):
    """An ingest source that is no file, directory, glob match or URL."""

    def __init__(self, source: str) -> None:
        super().__init__(
            f"{source}: no such file, directory, glob match or URL; check the path "
            "(globs need quotes in the shell: 'news/*.jsonl')"
        )


class UnknownFormat(CorpusError):
    """An input format name that is not one of the readers'."""

    def __init__(self, value: str, known: tuple[str, ...]) -> None:
        super().__init__(f"unknown input format {value!r}; choose one of: {', '.join(known)}")


class FieldMapError(CorpusError):
    """A --field-map that is not FIELD=NAME pairs."""

    def __init__(self, value: str, known: tuple[str, ...]) -> None:
        super().__init__(
            f"field map {value!r} is invalid: write FIELD=NAME pairs separated by commas, "
            f"e.g. body=content,published=date,section=category; FIELD is one of: {', '.join(known)}, "
            "or any other name, which keeps the source field in the article's meta"
        )


class ExportError(CorpusError):
    """An export that cannot be written as asked."""

    def __init__(self, problem: str, fix: str) -> None:
        super().__init__(f"export: {problem}; {fix}")


class StoreVersionError(CorpusError):
    """A store written by a newer iton (migrations unknown here)."""

    def __init__(self, path: str, unknown: list[str]) -> None:
        super().__init__(
            f"{path}: the store was written by a newer iton (migrations {', '.join(unknown)} are "
            "unknown here); upgrade iton (pip install -U iton) to open it"
        )


# -- analysis and the HTTP API ------------------------------------------------------------------


class AnalysisError(ItonError, ValueError):
    """A request analysis cannot answer: names the problem and the fix (``status``: the HTTP status)."""

    def __init__(self, problem: str, fix: str, status: int = 400) -> None:
        super().__init__(f"{problem}. Fix: {fix}")
        self.problem = problem
        self.fix = fix
        self.status = status


class ApiError(ItonError):
    """An error answered as JSON by the HTTP API: HTTP status, the problem and the fix."""

    def __init__(self, status: int, problem: str, fix: str) -> None:
        super().__init__(problem)
        self.status, self.problem, self.fix = status, problem, fix


class EntityModelError(ItonError, RuntimeError):
    """The bundled entity model file is missing or unreadable (the message names the fix)."""


# -- collection ---------------------------------------------------------------------------------


class CollectError(ItonError):
    """A feeds file or collection setting that cannot be used; the message names the entry and the fix."""
