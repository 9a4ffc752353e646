"""The corpus errors: each names what is wrong (the record, the query, the file) and the fix."""

from __future__ import annotations

from iton.errors import ItonError

__all__ = [
    "CorpusError",
    "ExportError",
    "FieldMapError",
    "QueryError",
    "SourceNotFound",
    "StoreVersionError",
    "UnknownFormat",
]


class CorpusError(ItonError):
    """Base class of the corpus errors."""


class QueryError(CorpusError):
    """A search query that cannot be read; the message points at the place and says the fix."""

    def __init__(self, query: str, position: int | None, problem: str, fix: str) -> None:
        where = f" at character {position + 1}" if position is not None else ""
        pointer = ""
        if position is not None:
            pointer = f"\n  {query}\n  {' ' * position}^"
        super().__init__(f"query {query!r}: {problem}{where}; {fix}{pointer}")
        self.query = query
        self.position = position


class SourceNotFound(CorpusError):
    def __init__(self, source: str) -> None:
        super().__init__(
            f"{source}: no such file, directory, glob match or URL; check the path "
            "(globs need quotes in the shell: 'news/*.jsonl')"
        )


class UnknownFormat(CorpusError):
    def __init__(self, value: str, known: tuple[str, ...]) -> None:
        super().__init__(f"unknown input format {value!r}; choose one of: {', '.join(known)}")


class FieldMapError(CorpusError):
    def __init__(self, value: str, known: tuple[str, ...]) -> None:
        super().__init__(
            f"field map {value!r} is invalid: write FIELD=NAME pairs separated by commas, "
            f"e.g. body=content,published=date; FIELD is one of: {', '.join(known)}"
        )


class ExportError(CorpusError):
    def __init__(self, problem: str, fix: str) -> None:
        super().__init__(f"export: {problem}; {fix}")


class StoreVersionError(CorpusError):
    def __init__(self, path: str, unknown: list[str]) -> None:
        super().__init__(
            f"{path}: the store was written by a newer iton (migrations {', '.join(unknown)} are "
            "unknown here); upgrade iton (pip install -U iton) to open it"
        )
