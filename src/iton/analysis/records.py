"""Plain article records that analysis works on, built from a Document, raw text or the store."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from iton.document import Document

__all__ = [
    "ArticleRecord",
    "Mention",
    "STOP_LEMMAS",
    "content_lemmas",
    "mentions",
    "record_from_document",
    "records_from_items",
    "records_from_store",
]

# Function words, auxiliaries and news filler that say nothing about what an article is about.
# Lemmas (the normalized form), so one entry covers every inflection and clitic combination.
STOP_LEMMAS = frozenset(
    """
    את של על עם אל אם כי גם לא לו אין יש היה הוא היא הם הן אני אנחנו אתה את אתם זה זו זאת אלה אלו
    כל כמו אבל או רק עוד כבר מאוד יותר פחות בין לפני אחרי אחר אחרת אחרים תחת מול ליד בתוך אצל עד
    כדי כך כן לכן אשר ש ה ו ב כ ל מ מן איזה מי מה מתי איפה איך למה כאשר כש אז שם פה כאן עכשיו היום
    אתמול מחר גם_כן אף אפילו רבים רב הרבה מעט כמה אחד אחת שני שתי שלוש ארבע חמש שש שבע שמונה תשע עשר
    עשרות מאות אלף אלפי ראשון ראשונה אמר אמרה אמרו לומר טען ציין הוסיף נמסר נאמר כתב דיווח פי לפי
    עצמו עצמה עצם בלי ללא נגד בשביל בגלל למרות לגבי אודות כלל אך אלא דרך בעד יחד שוב תמיד אולי גם
    עלה עשה נתן הלך בא יכול צריך רצה ניתן זמן שנה שנים יום ימים חודש פעם פעמים דבר דברים חלק שלב
    הזה הזאת הללו אותו אותה אותם עליו עליה שלו שלה שלהם לה להם בו בה בהם ממנו ממנה
    כתבה תמונה צילום קרדיט פרסום עדכון קישור לחצו לחץ תגובה תגובות שתף שיתוף
    """.split()
)

_WORD = re.compile(r"[\u05d0-\u05eaA-Za-z]")
_NUMERIC = re.compile(r"^[\d.,:/\-]+$")


@dataclass(frozen=True, slots=True)
class Mention:
    """One entity mention in an article: NEMO type, lemma form (the key), and the written text."""

    label: str
    lemma: str
    text: str


@dataclass(slots=True)
class ArticleRecord:
    """What analysis needs of an article: metadata, the text, its lemmas in order, its entities.

    ``published`` is ISO 8601 at any precision (``2021``, ``2021-04``, ``2021-04-30``,
    ``2021-04-30T10:00``) or None; ``lemmas`` are the normalized index lemmas in text order.
    """

    id: str
    text: str
    lemmas: list[str]
    entities: list[Mention] = field(default_factory=list)
    outlet: str | None = None
    published: str | None = None
    title: str | None = None
    url: str | None = None


def content_lemmas(lemmas: Iterable[str]) -> list[str | None]:
    """``lemmas`` with stop words, numbers and punctuation replaced by None (positions kept for bigrams)."""
    out: list[str | None] = []
    for lemma in lemmas:
        if len(lemma) < 2 or lemma in STOP_LEMMAS or not _WORD.search(lemma) or _NUMERIC.match(lemma):
            out.append(None)
        else:
            out.append(lemma)
    return out


def mentions(entities: Iterable) -> list[Mention]:
    """Mentions of tagged entities: Entity objects, or the dicts the store keeps (label, lemma, text)."""
    return [Mention(e["label"], e["lemma"], e["text"]) if isinstance(e, dict) else Mention(e.label, e.lemma, e.text)
            for e in entities]


def record_from_document(doc: Document, article_id: str, *, outlet: str | None = None,
                         published: str | None = None, title: str | None = None,
                         url: str | None = None) -> ArticleRecord:
    """An ArticleRecord from an analysed Document (lemmas as the store indexes them, entities as tagged)."""
    from iton.corpus.indexing import index_document

    indexed = index_document(doc)
    return ArticleRecord(article_id, doc.text, indexed.lemmas, mentions(doc.entities), outlet, published, title, url)


def _item_text(item: dict) -> str:
    parts = [item.get("title"), item.get("subtitle"), item.get("body") or item.get("text")]
    return "\n".join(p for p in parts if p)


def records_from_items(items: Iterable[dict], pipeline=None) -> list[ArticleRecord]:
    """Analyse plain dicts (id, outlet, published, title, body) into records with ``pipeline``."""
    if pipeline is None:
        from iton.pipeline import Options, load_pipeline

        pipeline = load_pipeline(Options())
    out = []
    for item in items:
        doc = pipeline.analyze(_item_text(item))
        out.append(record_from_document(doc, str(item["id"]), outlet=item.get("outlet"),
                                        published=item.get("published"), title=item.get("title"),
                                        url=item.get("url")))
    return out


def records_from_store(store, pipeline=None) -> Iterator[ArticleRecord]:
    """Records of every stored article, streamed.

    Lemmas come from the store's index. Entities come from the store when it keeps them
    (an ``entities`` attribute on the stored article); otherwise the article text is tagged
    again with ``pipeline`` (its entities stage), or left without entities when ``pipeline`` is None.
    """
    for stored in store.iter_articles():
        found: list[Mention] = []
        kept = getattr(stored, "entities", None)
        if kept is not None:  # an empty list is an article tagged with no entities: not tagged again
            found = mentions(kept)
        elif pipeline is not None:
            found = mentions(pipeline.analyze(stored.text).entities)
        yield ArticleRecord(stored.id, stored.text, list(stored.lemmas), found, stored.outlet,
                            stored.published, stored.title, stored.url)
