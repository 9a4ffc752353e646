"""The CPU-bound part of storing articles: analyse, index, tag and sign them, and say what
produced the analysis. Shared by ingest (in its worker processes with --jobs) and by the rows
`iton spark normalize` writes, so both store the same thing."""

from __future__ import annotations

from iton.corpus.article import Article, Mention
from iton.corpus.duplicates import signature
from iton.corpus.indexing import index_document
from iton.corpus.provenance import lexicon_stamp, provenance
from iton.document import Document
from iton.morph.lexicon import UserLexicon, apply_lexicon

__all__ = ["analyse_articles", "load_pipeline_for", "prepare_articles"]


def prepare_articles(articles: list[Article], engine: str, entities: bool, pipeline=None,
                     lexicon: UserLexicon | None = None) -> list[Article]:  # fmt: skip
    """Analyse, index, tag and sign articles, a store's ``lexicon`` applied after the model: the
    CPU-bound part of ingest (run in workers with --jobs, which return their copies of the articles filled)."""
    return [article for article, _ in analyse_articles(articles, engine, entities, pipeline, lexicon)]


def analyse_articles(articles: list[Article], engine: str, entities: bool, pipeline=None,
                     lexicon: UserLexicon | None = None) -> list[tuple[Article, Document]]:  # fmt: skip
    """``prepare_articles`` keeping each article's Document beside it (`iton spark normalize`'s
    rows summarize its morphology); the articles are filled in place and say what analysed them."""
    raw = any(not a.input_normalized for a in articles)
    engine_used = getattr(load_pipeline_for(engine, entities, pipeline), "engine", None) if raw else None
    stamp = lexicon_stamp(lexicon.entries.values()) if lexicon is not None else None
    done = []
    for article, doc in zip(articles, _analyse(articles, engine, entities, pipeline), strict=True):
        if lexicon is not None and not article.input_normalized:  # normalized text is lemmas already
            apply_lexicon(doc, lexicon)
        index_document(doc, article)
        article.provenance = provenance(engine_used, entities and "entities" in doc.stages, article.input_normalized, stamp)
        if "entities" in doc.stages:
            article.entities = [Mention.of(e) for e in doc.entities]
        else:  # normalized text has no names to tag (the tagger reads raw text): none, not "not tagged yet",
            # so the analysis commands do not try to tag lemmas when they load the corpus
            article.entities = [] if article.input_normalized else None
        article.minhash = signature(article.lemmas)
        done.append((article, doc))
    return done


def _analyse(articles: list[Article], engine: str, entities: bool, pipeline) -> list:
    """One Document per article, in order: raw text through the pipeline, normalized text as is."""
    from iton.views import read_normalized

    raw = [a.text for a in articles if not a.input_normalized]
    documents = iter(load_pipeline_for(engine, entities, pipeline).analyze_many(raw) if raw else [])
    return [read_normalized(a.text) if a.input_normalized else next(documents) for a in articles]


def load_pipeline_for(engine: str, entities: bool = False, pipeline=None):
    """``pipeline`` when given, else the process's pipeline for ``engine`` (loaded once and kept),
    which gives each word's other probable lemmas for the index."""
    if pipeline is not None:
        return pipeline
    from iton.pipeline import Options, load_pipeline

    return load_pipeline(Options(engine=engine, entities=entities, alternatives=True))
