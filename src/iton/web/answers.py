"""What the API and the pages answer, shaped once for both: search hits, an article, a story."""

from __future__ import annotations

from iton.analysis.corpus_view import CorpusAnalysis
from iton.corpus.search import Hit, SearchOptions
from iton.web.limits import check_query

__all__ = ["article_details", "search_hits", "story_details"]


def search_hits(analysis: CorpusAnalysis, q: str, outlet: str | None, since: str | None, until: str | None,
                limit: int, collapse: bool = False, mark: tuple[str, str] = ("[", "]")) -> list[Hit]:  # fmt: skip
    """The hits of one search request: every field checked for length, empty fields left out."""
    check_query(q, "q")
    options = SearchOptions(outlet=check_query(outlet, "outlet") or None, since=check_query(since, "since") or None,
                            until=check_query(until, "until") or None, limit=limit, collapse=collapse, mark=mark,
                            engine=analysis.options.engine)  # fmt: skip
    return analysis.search(q, options)


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
        "story": story.to_dict() if story else None,
        "summary": [s.to_dict() for s in analysis.summary(article_id=article.id)],
    }


def story_details(analysis: CorpusAnalysis, story_id: str) -> dict:
    """Everything about one story: the story, its articles (id, title, outlet, published), keywords, summary."""
    story = analysis.story(check_query(story_id, "story id") or "")
    records = [analysis.record(a) for a in story.articles]
    return {
        "story": story.to_dict(),
        "articles": [{"id": r.id, "title": r.title, "outlet": r.outlet, "published": r.published} for r in records],
        "keywords": [k.to_dict() for k in analysis.keywords(story_id=story.id)],
        "summary": [s.to_dict() for s in analysis.summary(story_id=story.id)],
    }
