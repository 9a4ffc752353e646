"""Stories: articles about the same event, grouped online as they arrive (time, entities, lemmas)."""

from __future__ import annotations

import hashlib
import heapq
import math
import operator
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from datetime import date, timedelta

from iton.analysis.dating import Specifics, inferred_date, specifics, weekdays_apart
from iton.analysis.keywords import terms
from iton.corpus.article import Article
from iton.corpus.period import day_range

__all__ = ["Story", "StoryOptions", "StoryTracker", "find_stories", "publication_date", "story_terms"]

# Numbers of one digit (3 ministers, 5 years) recur in unrelated stories; from two digits on they are specific.
MIN_NUMBER_DIGITS = 2


@dataclass(frozen=True)
class StoryOptions:
    """Settings of story grouping, checked once.

    ``window_days``: an article joins a story only if its date is at most this many days
    from the story's span (a month-precision date counts as the whole month).
    ``join_similarity``: cosine similarity to the story needed to join it.
    ``undated_similarity``: the same for an article, or story, with no date: higher, since
    time cannot rule out a look-alike from another year. ``month_similarity``: the same when
    either date is known only to the month.
    ``entity_weight``: how much a shared entity counts against a shared lemma.
    ``number_weight``: the same for a shared number (a death toll, a sum, a year).
    ``label_terms``: how many of a story's strongest terms make its label.
    """

    # Reports of one event cluster within days; follow-ups a week later are usually a new story.
    window_days: int = 3
    # Chosen on the tuning part of news-dev.jsonl's labelled groups (eval/stories.py --sweep);
    # the unseen part and the figures with dates removed are in docs/quality.md.
    join_similarity: float = 0.12
    undated_similarity: float = 0.15
    # A date known only to the month (2021-04) cannot tell the 1st from the 30th: in between.
    month_similarity: float = 0.3
    # Names are the strongest sign of one event (גלעד שליט, מצפה הילה): count them double.
    entity_weight: float = 2.0
    # A number two outlets both print (44 dead, 5,140,000 vaccinated) is as telling as a name.
    number_weight: float = 1.0
    label_terms: int = 3

    def __post_init__(self) -> None:
        if self.window_days < 0:
            raise ValueError(f"window_days must be >= 0, not {self.window_days}")
        for name in ("join_similarity", "undated_similarity", "month_similarity"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1, not {value}")


@dataclass
class Story:
    """A group of articles about one event: ids in arrival order, outlets, time span, centroid."""

    id: str
    articles: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    start: date | None = None
    end: date | None = None
    centroid: Counter = field(default_factory=Counter)
    # The centroid's length, updated as it grows: every later article is compared with it.
    centroid_norm: float = 1.0
    precise_start: date | None = None
    precise_end: date | None = None
    years: set[int] = field(default_factory=set)
    ordinals: dict[str, set[int]] = field(default_factory=dict)
    weekdays: set[int] = field(default_factory=set)
    label_size: int = 3

    def label(self, common_noun: Callable[[str], bool] | None = None) -> str:
        """A readable name: the story's strongest terms (entities first among equals), joined by " · ".
        ``common_noun``: whether a one-word entity is a common noun the tagger took for a name
        (ארץ of בארץ; see :func:`iton.analysis.entities.common_noun_test`): its entity term, which
        outweighs a word's, is left out, as the corpus's entity lists leave such places out; the
        word's own term still competes with the other words."""
        chosen: list[str] = []
        # a heap, not a sort: a story of many articles has thousands of terms and needs a few
        ranked = [(-weight, not term.startswith("@"), term) for term, weight in self.centroid.items()]
        heapq.heapify(ranked)
        while ranked:
            term = heapq.heappop(ranked)[2]
            if term.startswith("#"):
                continue
            words = term.lstrip("@")
            if common_noun is not None and term.startswith("@") and " " not in words and common_noun(words):
                continue
            key = _label_key(words)
            if any(key in _label_key(c) or _label_key(c) in key for c in chosen):
                continue
            chosen.append(words)
            if len(chosen) == self.label_size:
                break
        return " · ".join(chosen)

    def span(self) -> tuple[date, date] | None:
        """The days the story runs: from day-precise dates when it has any, else from vaguer ones."""
        if self.precise_start and self.precise_end:
            return self.precise_start, self.precise_end
        if self.start and self.end:
            return self.start, self.end
        return None

    def to_dict(self, common_noun: Callable[[str], bool] | None = None) -> dict:
        """The story as plain data (JSON-ready); ``start``/``end`` from day-precise dates when there
        are any; ``common_noun`` as :meth:`label` reads it."""
        span = self.span()
        return {
            "id": self.id,
            "articles": list(self.articles),
            "size": len(self.articles),
            "outlets": sorted(set(self.outlets)),
            "start": span[0].isoformat() if span else None,
            "end": span[1].isoformat() if span else None,
            "title": next((t for t in self.titles if t), None),
            "label": self.label(common_noun),
        }


def _label_key(words: str) -> str:
    """``words`` without the article ה on each word: חיל האוויר (an entity) and חיל אוויר (a bigram) are one."""
    return " ".join(w[1:] if w.startswith("ה") and len(w) > 3 else w for w in words.split())


def _norm(vec: dict[str, float]) -> float:
    return math.sqrt(sum(v * v for v in vec.values())) or 1.0


def _cosine(a: dict[str, float], a_norm: float, b: dict[str, float], b_norm: float) -> float:
    """Cosine similarity of two vectors whose lengths are known (a story's is kept, not recomputed)."""
    if len(a) > len(b):
        a, b = b, a
    # map() with C functions instead of a generator: the same products summed in the same order
    # (the same float), several times faster; this dot product is most of the grouping's time
    dot = sum(map(operator.mul, a.values(), map(b.get, a.keys(), repeat(0.0))))
    return dot / (a_norm * b_norm)


def _gap_days(a: tuple[date, date], b: tuple[date, date]) -> int:
    """Days between two date intervals (0 when they overlap)."""
    if a[1] < b[0]:
        return (b[0] - a[1]).days
    if b[1] < a[0]:
        return (a[0] - b[1]).days
    return 0


class StoryTracker:
    """Online story grouping: :meth:`add` one article at a time, in publication order.

    Each article is a tf-idf vector of its content lemmas, lemma bigrams and entity lemmas.
    It joins the most similar open story within the time window when the cosine similarity
    to the story's centroid reaches the threshold, and starts a new story otherwise.
    ``df``/``size``: document frequencies of terms in a background corpus (optional; the
    tracker also counts what it has seen).
    """

    def __init__(self, options: StoryOptions | None = None, df: Counter | None = None, size: int = 0,
                 learn: bool = True) -> None:
        self.options = options or StoryOptions()
        self.learn = learn
        self.df: Counter = Counter(df or {})
        self.size = size
        self.stories: list[Story] = []
        self.story_of: dict[str, str] = {}
        # What keeps add() from comparing an article with every story (the same stories are found,
        # in the same order, as by a scan of them all): dated articles arrive in date order, so a
        # story that ended more than window_days before one can be joined by no later dated one
        # and leaves ``_open``; an undated article joins only a story sharing a name or a number,
        # found through ``_holders``.
        self._open: list[Story] = []
        self._latest: date | None = None
        self._holders: dict[str, list[Story]] = {}
        self._position: dict[int, int] = {}  # id(story) -> its place in ``stories``

    def vector(self, record: Article) -> dict[str, float]:
        """The tf-idf vector of ``record`` (entities as ``@lemma`` terms, numbers as ``#number``)."""
        counts = story_terms(record)
        vec: dict[str, float] = {}
        for term, tf in counts.items():
            idf = math.log((1 + self.size) / (1 + self.df.get(term, 0))) + 1.0
            weight = (1 + math.log(tf)) * idf
            if term.startswith("@"):
                weight *= self.options.entity_weight
            elif term.startswith("#"):
                weight *= self.options.number_weight
            vec[term] = weight
        return vec

    def _observe(self, record: Article) -> None:
        self.df.update(story_terms(record).keys())
        self.size += 1

    def add(self, record: Article) -> Story:
        """Place ``record`` in a story (an open one or a new one) and return that story."""
        if self.learn:
            self._observe(record)
        vec = self.vector(record)
        when = day_range(publication_date(record))
        found = specifics(record.text, record.lemmas)
        best: tuple[float, Story] | None = None
        precise = when is not None and (when[1] - when[0]).days <= 1
        weekdays = set(found.weekdays) | ({when[0].weekday()} if when and precise else set())
        vec_norm = _norm(vec)
        names_and_numbers = [k for k in vec if k[0] in "@#"]
        for story in self._candidates(when, names_and_numbers):
            if found.conflicts(story.years, story.ordinals) or (when is None and _names_a_later_year(found, story)):
                continue
            span = story.span()
            if when and span:
                if _gap_days(when, span) > self.options.window_days:
                    continue
                exact = precise and story.precise_start is not None
                threshold = self.options.join_similarity if exact else self.options.month_similarity
            else:
                # No time to rule out a look-alike: besides the higher threshold, the article must
                # share a name or a number with the story, not only common words, and give its
                # event a weekday near the story's (the ceasefire of Tuesday is not Thursday's).
                if not any(k in story.centroid for k in names_and_numbers):
                    continue
                if weekdays_apart(weekdays, story.weekdays):
                    continue
                threshold = self.options.undated_similarity
            sim = _cosine(vec, vec_norm, story.centroid, story.centroid_norm)
            if sim >= threshold and (best is None or sim > best[0]):
                best = (sim, story)
        if best is None:
            story = Story(id="s-" + hashlib.sha1(record.id.encode("utf-8")).hexdigest()[:10],
                          label_size=self.options.label_terms)
            self._position[id(story)] = len(self.stories)
            self.stories.append(story)
            self._open.append(story)
        else:
            story = best[1]
        for k, v in vec.items():
            if k[0] in "@#" and k not in story.centroid:
                self._holders.setdefault(k, []).append(story)
            story.centroid[k] += v / vec_norm
        story.centroid_norm = _norm(story.centroid)
        story.articles.append(record.id)
        story.outlets.append(record.outlet or "")
        story.titles.append(record.title or "")
        _merge_specifics(story, found)
        story.weekdays |= weekdays
        if when:
            story.start = min(story.start, when[0]) if story.start else when[0]
            story.end = max(story.end, when[1]) if story.end else when[1]
            if precise:
                story.precise_start = min(story.precise_start, when[0]) if story.precise_start else when[0]
                story.precise_end = max(story.precise_end, when[1]) if story.precise_end else when[1]
        self.story_of[record.id] = story.id
        return story


    def _candidates(self, when: tuple[date, date] | None, names_and_numbers: list[str]) -> list[Story]:
        """The stories an article could join, in the order they were started."""
        if when is None:  # undated: only a story sharing a name or a number can take it
            found = {id(story): story for key in names_and_numbers for story in self._holders.get(key, ())}
            return sorted(found.values(), key=lambda story: self._position[id(story)])
        if self._latest is not None and when[0] < self._latest:  # out of date order: every story
            return self.stories
        self._latest = when[0]
        horizon = when[0] - timedelta(days=self.options.window_days)
        self._open = [story for story in self._open if not ((span := story.span()) and span[1] < horizon)]
        return self._open


def _names_a_later_year(found: Specifics, story: Story) -> bool:
    """True when an undated article names a year after the last date of a story that names no year
    itself: הילולת תשפ"ג is not a report of the Meron disaster of 2021. (A story that names years is
    compared by them, in ``Specifics.conflicts``; a dated article by its date, since a report can
    name a year to come: the elections of 2022.)"""
    span = story.span()
    return bool(found.years) and not story.years and span is not None and max(found.years) > span[1].year


def _merge_specifics(story: Story, found: Specifics) -> None:
    story.years |= found.years
    for word, number in found.ordinals.items():
        story.ordinals.setdefault(word, set()).add(number)


def publication_date(record: Article) -> str | None:
    """The record's date: its metadata, else what its URL or dateline says (None when neither does).
    Metadata that gives only the month or the year yields to a URL or dateline day inside it: a
    page dated 2020-04 whose dateline says 28 באפריל 2020 is about the 28th, not any day of April."""
    if record.published and len(record.published) >= 10:
        return record.published
    found = inferred_date(record.url, record.text, record.lemmas)
    if not record.published:
        return found
    vague, inside = day_range(record.published), day_range(found)
    if vague and inside and (inside[1] - inside[0]).days == 0 and vague[0] <= inside[0] <= vague[1]:
        return found
    return record.published


def story_terms(record: Article) -> Counter:
    """What a story vector counts: content lemmas and bigrams, entities (``@lemma``) and numbers of
    two digits or more (``#44``; one-digit numbers are too common to tell events apart)."""
    counts = terms(record.lemmas)
    for m in record.entities or ():
        counts[f"@{m.lemma}"] += 1
    for lemma in record.lemmas:
        digits = lemma.replace(",", "")
        if digits.isdigit() and len(digits) >= MIN_NUMBER_DIGITS:
            counts[f"#{digits}"] += 1
    return counts


def _arrival_key(record: Article) -> tuple:
    when = day_range(publication_date(record))
    return (when is None, when[0] if when else date.min, record.published or "", record.id)


def find_stories(records: Iterable[Article], options: StoryOptions | None = None,
                 background: Sequence[Article] | None = None) -> list[Story]:
    """Group ``records`` into stories, feeding them in publication order (undated last).

    ``background``: records whose term frequencies seed the idf (for example the whole store).
    Stories are returned largest first, then by start date.
    """
    df: Counter = Counter()
    size = 0
    for record in background or ():
        df.update(story_terms(record).keys())
        size += 1
    tracker = StoryTracker(options, df, size, learn=background is None)
    for record in sorted(records, key=_arrival_key):
        tracker.add(record)
    return sorted(tracker.stories, key=lambda s: (-len(s.articles), s.start or date.max, s.id))
