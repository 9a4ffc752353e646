"""iton: Hebrew news analysis — normalization, morphology, entities and a searchable corpus."""

from __future__ import annotations

from typing import TYPE_CHECKING

from iton.document import Document
from iton.pipeline import Options, load_pipeline
from iton.views import normalized_text

__all__ = ["Corpus", "Document", "Options", "analyze", "normalize"]

if TYPE_CHECKING:
    from iton.corpus import Corpus


def __getattr__(name: str):
    # Corpus is imported on first use: iton.normalize and iton.analyze need none of the store,
    # ingest and search modules, a third of what `import iton` imported
    if name == "Corpus":
        from iton.corpus import Corpus

        return Corpus
    if name == "__version__":  # the package metadata, read when asked (importlib.metadata: 20 ms)
        from iton.version import VERSION

        return VERSION
    raise AttributeError(f"module 'iton' has no attribute {name!r}")


def analyze(text: str, options: Options = Options()) -> Document:
    """Analyse raw Hebrew ``text`` into a Document: sentences, tokens, morphemes, entities.

    >>> doc = analyze("נתניהו יגיע לקרמלין.", Options(engine="rules"))
    >>> [t.form for t in doc.tokens]
    ['נתניהו', 'יגיע', 'לקרמלין', '.']
    """
    return load_pipeline(options).analyze(text)


def normalize(text: str, keep_foreign: bool = False, options: Options = Options()) -> str:
    """Raw Hebrew ``text`` in the normalized form: lemmas, no clitics, punctuation kept.

    One output line per input line; non-Hebrew tokens are dropped unless ``keep_foreign``.
    """
    return normalized_text(analyze(text, options), keep_foreign)
