"""Analysis over many articles: stories, keywords, trends, entities and summaries."""

from __future__ import annotations

from iton.analysis.corpus_view import AnalysisError, AnalysisOptions, CorpusAnalysis
from iton.analysis.entities import CorpusEntity, EntityIndex
from iton.analysis.keywords import Background, Keyword, keywords
from iton.analysis.records import records_from_items
from iton.analysis.stories import Story, StoryOptions, StoryTracker, find_stories
from iton.analysis.summary import summarize, summarize_documents
from iton.analysis.trends import TrendQuery, trend

__all__ = [
    "AnalysisError",
    "AnalysisOptions",
    "Background",
    "CorpusAnalysis",
    "CorpusEntity",
    "EntityIndex",
    "Keyword",
    "Story",
    "StoryOptions",
    "StoryTracker",
    "TrendQuery",
    "find_stories",
    "keywords",
    "records_from_items",
    "summarize",
    "summarize_documents",
    "trend",
]
