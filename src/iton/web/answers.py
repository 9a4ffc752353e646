"""What the API and the pages answer, shaped once for both: search hits, an article, a story."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import astuple

from iton.analysis.corpus_view import CorpusAnalysis
from iton.corpus.results import Comparison, ResultPage, download_lines
from iton.corpus.search import SearchOptions
from iton.web.limits import check_query

__all__ = ["article_details", "compared", "download", "search_options", "search_page", "story_details"]


def search_options(analysis: CorpusAnalysis, outlets: list[str], entities: list[str], since: str | None,
                   until: str | None, limit: int = 10, page: int = 1, sort: str = "relevance",
                   collapse: bool = False, mark: tuple[str, str] = ("[", "]")) -> SearchOptions:  # fmt: skip
    """The options of one search request: every field checked for length, empty fields left out."""
    for value in outlets:
        check_query(value, "outlet")
    for value in entities:
        check_query(value, "entity")
    return SearchOptions(outlets=tuple(o for o in outlets if o.strip()), entities=tuple(e for e in entities if e.strip()),
                         since=check_query(since, "since") or None, until=check_query(until, "until") or None,
                         limit=limit, offset=(page - 1) * limit, sort=sort, collapse=collapse, mark=mark,
                         engine=analysis.options.engine)  # fmt: skip


def search_page(analysis: CorpusAnalysis, q: str, options: SearchOptions) -> ResultPage:
    """The total and one page of hits of a search request."""
    check_query(q, "q")
    return analysis.read_answer(("search", q, astuple(options)), lambda corpus: corpus.search_page(q, options))


def compared(analysis: CorpusAnalysis, first: str, second: str, options: SearchOptions) -> Comparison:
    """Two queries' totals and overlap, with the filters of one request."""
    check_query(first, "q")
    check_query(second, "q2")
    return analysis.read_answer(("compare", first, second, astuple(options)),
                                lambda corpus: corpus.compare(first, second, options))


def download(analysis: CorpusAnalysis, q: str, options: SearchOptions, fmt: str, snippets: bool = True) -> Iterator[str]:
    """Every match of a search request as CSV or JSON Lines, streamed: the order is read now (a
    bad query fails before the response starts), the articles chunk by chunk as the client reads."""
    check_query(q, "q")
    query, order = analysis.read(lambda corpus: corpus.result_order(q, options))
    return download_lines(lambda fn: analysis.read(lambda corpus: fn(corpus.store)), query, order, fmt, options.mark,
                          snippets)


def article_details(analysis: CorpusAnalysis, article_id: str) -> dict:
    """Everything about one article: the stored record, its text, entities (each with the name of
    the corpus entity it counts under), keywords, story, summary."""
    article = analysis.article(check_query(article_id, "article id") or "")
    story = analysis.story_of(article.id)
    return {
        "article": article.to_record(),
        "text": article.text,
        "entities": [{**m.to_dict(), "entity": analysis.entity_name(m.key)} for m in analysis.entities_of(article)],
        "keywords": [k.to_dict() for k in analysis.keywords(article_id=article.id)],
        "story": analysis.story_data(story) if story else None,
        "summary": [s.to_dict() for s in analysis.summary(article_id=article.id)],
    }


def story_details(analysis: CorpusAnalysis, story_id: str) -> dict:
    """Everything about one story: the story, its articles (id, title, outlet, published), keywords, summary."""
    story = analysis.story(check_query(story_id, "story id") or "")
    records = [analysis.record(a) for a in story.articles]
    return {
        "story": analysis.story_data(story),
        "articles": [{"id": r.id, "title": r.title, "outlet": r.outlet, "published": r.published} for r in records],
        "keywords": [k.to_dict() for k in analysis.keywords(story_id=story.id)],
        "summary": [s.to_dict() for s in analysis.summary(story_id=story.id)],
    }
