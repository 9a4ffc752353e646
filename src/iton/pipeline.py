"""Text to Document: named stages that declare what they need and add, run in one fixed order."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from iton.document import ACRONYM, Document, Morpheme, Token
from iton.errors import InvalidOption, PipelineGap
from iton.morph import ENGINES, Engine, load_engine
from iton.morph.lexicon import UserLexicon, apply_lexicon, read_lexicon
from iton.morph.prefixes import quoted_morphemes, quoted_word
from iton.text.sentences import split_sentences
from iton.text.tokenize import tokenize

# Tokens longer than this are not words (1 MB runs without a space exist in scraped
# text); the engine would waste time on them, so they pass through as they are.
MAX_MORPH_CHARS = 48
# Sentences sent to the engine in one call: large enough to amortise per-call work,
# small enough to keep memory flat when streaming.
BATCH_TOKENS = 4096


@dataclass(frozen=True)
class Options:
    """Settings of one pipeline, checked once when it is built.

    ``engine``: morphology engine (``auto``, ``model``, ``rules``); ``entities``: tag
    named entities (needs the bundled entity model); ``lexicon``: a user lexicon file (TSV
    form, lemma, optional UPOS; :mod:`iton.morph.lexicon`) whose readings override the model's;
    ``alternatives``: fill each token's other probable lemmas (engines that give them; the
    corpus indexes them).
    """

    engine: str = "auto"
    entities: bool = True
    lexicon: str | None = None
    alternatives: bool = False

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise InvalidOption("engine", self.engine, " | ".join(ENGINES))


@dataclass(frozen=True)
class Stage:
    """One named stage: what it needs on the document, what it adds, and the function."""

    name: str
    needs: tuple[str, ...]
    adds: tuple[str, ...]
    run: Callable[[list[Document]], None]


def _tokenize(docs: list[Document]) -> None:
    for doc in docs:
        doc.tokens = tokenize(doc.text)
        doc.line_count = doc.text.count("\n") + 1


def _split(docs: list[Document]) -> None:
    for doc in docs:
        doc.sentences = split_sentences(doc.text, doc.tokens)


def _morphology(engine: Engine, alternatives: bool = False) -> Callable[[list[Document]], None]:
    def run(docs: list[Document]) -> None:
        batch: list[list[Token]] = []
        size = 0
        for doc in docs:
            for sentence in doc.sentences:
                batch.append(doc.tokens[sentence.first : sentence.last])
                size += sentence.last - sentence.first
                if size >= BATCH_TOKENS:
                    _analyze_batch(engine, batch, alternatives)
                    batch, size = [], 0
        if batch:
            _analyze_batch(engine, batch, alternatives)

    return run


def _engine_form(token: Token) -> str:
    """What the engine reads for ``token``: the word after a quotation mark opened behind clitics
    (הארץ of ל"הארץ), "_" for a run too long to be a word, else the form."""
    if len(token.form) > MAX_MORPH_CHARS:
        return "_"
    quoted = quoted_word(token.form) if token.kind == ACRONYM else None
    return quoted[2] if quoted else token.form


def _analyze_batch(engine: Engine, batch: list[list[Token]], alternatives: bool = False) -> None:
    forms = [[_engine_form(t) for t in sentence] for sentence in batch]
    if alternatives and getattr(engine, "gives_alternatives", False):  # the rules engine has none
        others: list = []
        analyses = engine.analyze(forms, alternatives=others)
        tokens = [t for sentence in batch for t in sentence]
        for token, lemmas in zip(tokens, others, strict=True):
            if len(token.form) <= MAX_MORPH_CHARS:
                token.alternatives = lemmas
    else:
        analyses = engine.analyze(forms)
    for sentence, analysis in zip(batch, analyses, strict=True):
        for token, morphemes in zip(sentence, analysis, strict=True):
            if len(token.form) > MAX_MORPH_CHARS or not morphemes:
                morphemes = [Morpheme(token.form, token.form, "X")]
            elif token.kind == ACRONYM and (quoted := quoted_word(token.form)):
                morphemes = quoted_morphemes(quoted[0], quoted[1], morphemes)
            token.morphemes = morphemes


def _entities(docs: list[Document]) -> None:
    from iton.morph.entities import tag_documents

    for doc, entities in zip(docs, tag_documents(docs), strict=True):
        doc.entities = entities


def _user_lexicon(lexicon: UserLexicon) -> Callable[[list[Document]], None]:
    def run(docs: list[Document]) -> None:
        for doc in docs:
            apply_lexicon(doc, lexicon)

    return run


def _names(docs: list[Document]) -> None:
    from iton.morph.entities import load_model
    from iton.morph.listed_names import listed_names
    from iton.morph.names import keep_names

    model = load_model()
    frequency = model.lexicon.frequency if model.lexicon else None
    lists = model.lexicon.names if model.lexicon else None
    for doc in docs:
        keep_names(doc, model.lemmas, frequency, lists, listed_names())


class Pipeline:
    """The analysis stages in order, built once per process and passed around.

    >>> pipeline = load_pipeline(Options(engine="rules", entities=False))
    >>> [t.form for t in pipeline.analyze("שלום עולם.").tokens]
    ['שלום', 'עולם', '.']
    """

    def __init__(self, options: Options = Options()) -> None:
        self.options = options
        self.engine = load_engine(options.engine)
        stages = [
            Stage("tokenize", (), ("tokens",), _tokenize),
            Stage("sentences", ("tokens",), ("sentences",), _split),
            Stage("morphology", ("sentences",), ("morphemes",), _morphology(self.engine, options.alternatives)),
        ]
        if options.entities and _entity_model_available():
            stages.append(Stage("entities", ("morphemes",), ("entities",), _entities))
            stages.append(Stage("names", ("entities",), ("names",), _names))
        # the user's lexicon runs last: its readings win over the model's and the names stage's
        self.lexicon = read_lexicon(options.lexicon) if options.lexicon else None
        if self.lexicon is not None:
            stages.append(Stage("lexicon", ("morphemes",), ("lexicon",), _user_lexicon(self.lexicon)))
        self.stages = stages
        self._check()

    def _check(self) -> None:
        have: set[str] = set()
        gaps = []
        for stage in self.stages:
            gaps += [f"{stage.name} needs {need}" for need in stage.needs if need not in have]
            have.update(stage.adds)
        if gaps:
            raise PipelineGap(gaps)

    def analyze(self, text: str) -> Document:
        """Analyse one text into a :class:`Document`."""
        return next(self.analyze_many([text], batch_docs=1))

    def analyze_many(self, texts: Iterable[str], batch_docs: int = 64) -> Iterator[Document]:
        """Analyse many texts, batching them through each stage; yields in input order."""
        chunk: list[Document] = []
        for text in texts:
            chunk.append(Document(text))
            if len(chunk) >= batch_docs:
                yield from self._run(chunk)
                chunk = []
        if chunk:
            yield from self._run(chunk)

    def _run(self, docs: list[Document]) -> list[Document]:
        for stage in self.stages:
            stage.run(docs)
        names = [stage.name for stage in self.stages]
        for doc in docs:
            doc.stages = names
        return docs


def _entity_model_available() -> bool:
    # The entity model is optional at build time: without its file the stage is left out.
    try:
        from iton.morph.entities import model_path
    except ImportError:
        return False
    return model_path().exists()


@cache
def load_pipeline(options: Options = Options()) -> Pipeline:
    """The pipeline for ``options``, built once per process."""
    return Pipeline(options)
