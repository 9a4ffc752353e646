"""What analysis reads of an article: its content lemmas, and Articles analysed from plain dicts."""

from __future__ import annotations

import re
from collections.abc import Iterable

from iton.corpus.article import Article, Mention
from iton.corpus.indexing import index_document
from iton.hebrew import LETTERS

__all__ = ["STOP_LEMMAS", "content_lemmas", "records_from_items"]

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

_WORD = re.compile(f"[{LETTERS}A-Za-z]")
_NUMERIC = re.compile(r"^[\d.,:/\-]+$")


def content_lemmas(lemmas: Iterable[str]) -> list[str | None]:
    """``lemmas`` with stop words, numbers and punctuation replaced by None (positions kept for bigrams)."""
    out: list[str | None] = []
    for lemma in lemmas:
        if len(lemma) < 2 or lemma in STOP_LEMMAS or not _WORD.search(lemma) or _NUMERIC.match(lemma):
            out.append(None)
        else:
            out.append(lemma)
    return out


def records_from_items(items: Iterable[dict], pipeline=None) -> list[Article]:
    """Analyse plain dicts (id, outlet, published, url, title, subtitle, body or text) into
    Articles with their index lemmas and entities, by ``pipeline`` (the full one when None)."""
    if pipeline is None:
        from iton.pipeline import Options, load_pipeline

        pipeline = load_pipeline(Options())
    out = []
    for item in items:
        article = Article(body=item.get("body") or item.get("text") or "", id=str(item["id"]),
                          outlet=item.get("outlet"), url=item.get("url"), title=item.get("title"),
                          subtitle=item.get("subtitle"), published=item.get("published"))  # fmt: skip
        doc = pipeline.analyze(article.text)
        index_document(doc, article)
        article.entities = [Mention.of(e) for e in doc.entities]
        out.append(article)
    return out
