"""The features of the entity CRF: what each written token and its neighbours look like, and the
word lists they consult (training's gazetteer, wordfreq's frequencies, name lists, clusters;
their files are read and written by :mod:`iton.morph.entity_lists`).

Both training (``iton.training.entities``) and tagging (``iton.morph.entities``) compute features
here, so a model always sees at run time the features it was trained on; at run time they come
as each token's label scores (:func:`token_scores`), summed from the same per-word views.
Kept whole, about 690 lines: the per-word views, the templates that read them and the sums of
their weights change together.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat

import numpy as np

from iton.hebrew import CLITIC_LETTER_STRING, HEBREW_LETTER, MAX_CLITIC_LETTERS
from iton.morph.crf import CrfWeights

# Letters that may be written before a Hebrew word as clitics (ו, ה, ב, כ, ל, מ, ש and כש).
CLITICS = CLITIC_LETTER_STRING
# A remainder shorter than two letters is never a name: keeps ה/ב/ל words whole.
MIN_STEM_LETTERS = 2
# Word frequencies are stored as int(Zipf * FREQ_SCALE): half-Zipf steps.
FREQ_SCALE = 2
# A variant (with ה, with a plural ending) counts as attested within 2 Zipf (100x) of the word.
CUE_MARGIN = 2 * FREQ_SCALE
# Longest name-list entry matched, in words (איחוד האמירויות הערביות, בית יצחק-שער חפר).
MAX_NAME_WORDS = 4
# Feature sets: 1 is the first bundled model's; 2 adds trigger words, conjunctions of an unseen
# word with its neighbours, and spelling patterns of transliterated names. A model's metadata
# says which it was trained with ("feature_set", 1 when absent).
FEATURE_SET = 2

# Words that announce an entity of a type next to them (titles before a person, heads of
# organisation and place names). Matched on the token or a clitic-stripped form of it.
TRIGGERS = {
    "PER": ("מר", "גב'", "גברת", "ח\"כ", "ד\"ר", "פרופ'", "פרופסור", "עו\"ד", "רב", "הרב", "השר", "שר", "שרת",
            "הנשיא", "נשיא", "נשיאת", "ראש", "רה\"מ", "יו\"ר", "מנכ\"ל", "המנכ\"ל", "סגן", "סגנית", "אלוף", "האלוף",
            "תא\"ל", "אל\"מ", "סא\"ל", "רס\"ן", "סרן", "סמל", "רב-סרן", "מזכיר", "המזכיר", "דובר", "הדובר", "דוברת",
            "מאמן", "המאמן", "שחקן", "השחקן", "הזמר", "הזמרת", "הסופר", "הסופרת", "המשורר", "הבמאי", "השופט",
            "שופט", "השופטת", "הנאשם", "עורך", "העורך", "כתב", "הכתב", "מלך", "המלך", "מלכת", "נסיך", "הנסיך",
            "קנצלר", "הקנצלר", "שגריר", "השגריר", "ניצב", "רב-ניצב", "המפכ\"ל", "הרמטכ\"ל", "רמטכ\"ל", "אמר", "אמרה",
            "בן", "בת", "אחיו", "אשתו", "בנו", "בתו", "אביו", "אמו", "חבר", "חברת", "השחקנית", "הפרופסור"),
    "ORG": ("עיריית", "חברת", "אוניברסיטת", "משרד", "בנק", "מפלגת", "תנועת", "ארגון", "ועדת", "רשות", "קבוצת",
            "עמותת", "מועצת", "איגוד", "הסתדרות", "התאחדות", "בית-ספר", "מכון", "תאגיד", "קונצרן", "סוכנות",
            "עיתון", "העיתון", "בעיתון", "הנהלת", "מטה", "קרן", "אגודת", "לשכת", "מערכת", "ממשלת", "צבא", "משטרת",
            "חטיבת", "פיקוד", "אגף", "מפלגה", "המפלגה", "ערוץ", "רשת", "הקבוצה", "קבוצה", "מכבי", "הפועל", "בית\"ר"),
    "GPE": ("עיר", "העיר", "מדינת", "המדינה", "כפר", "הכפר", "מחוז", "שכונת", "מושב", "קיבוץ", "הקיבוץ",
            "עיריית", "בירת", "תושבי", "ממשלת", "נשיא", "שגרירות", "ארצות", "יישוב", "היישוב", "מחנה"),
    "LOC": ("הר", "הרי", "נהר", "ים", "עמק", "מדבר", "רחוב", "ברחוב", "כביש", "אזור", "באזור", "חבל", "מפרץ",
            "אגם", "חוף", "רמת", "בקעת", "יער", "גבעת", "כיכר", "שדרות", "נחל", "האי", "אי", "איי", "מזרח", "מערב",
            "צפון", "דרום"),
    "FAC": ("נמל", "שדה", "כלא", "בית-חולים", "בית", "אצטדיון", "איצטדיון", "גשר", "מלון", "מגדל", "ארמון",
            "מוזיאון", "תיאטרון", "אולם", "מסגד", "כנסיית", "קולנוע", "מחנה", "בסיס", "מנהרת", "תחנת"),
    "WOA": ("ספר", "הספר", "סרט", "הסרט", "הצגה", "ההצגה", "המחזה", "מחזה", "השיר", "שיר", "אלבום", "האלבום",
            "תוכנית", "התוכנית", "הרומן", "רומן", "סדרה", "הסדרה", "אופרה", "האופרה", "המחזמר"),
    "EVE": ("מלחמת", "מבצע", "אינתיפאדת", "ועידת", "טורניר", "אליפות", "משחקי", "אולימפיאדת", "פסטיבל",
            "מונדיאל", "גביע", "פרשת", "מרד", "מהפכת", "טבח", "אסון", "הסכם", "הסכמי", "הצהרת"),
}  # fmt: skip
_TRIGGER_INDEX: dict[str, tuple[str, ...]] = {}
for _kind, _words in TRIGGERS.items():
    for _w in _words:
        _TRIGGER_INDEX[_w] = _TRIGGER_INDEX.get(_w, ()) + (_kind,)
# Spelling patterns of transliterated (foreign) names: endings and letter clusters Hebrew words rarely have.
_TRANSLIT_ENDINGS = ("יץ", "ביץ", "סקי", "צקי", "סון", "מן", "מאן", "ון", "בורג", "שטיין", "ברג", "לד", "יה", "ו",
                     "אן", "ין", "ס", "וס", "ר", "טון", "לי", "נו", "יו", "אנו", "ק", "ד", "ף")  # fmt: skip
_ENDING_RANK = {e: k for k, e in enumerate(_TRANSLIT_ENDINGS)}
_ENDING_LENGTHS = sorted({len(e) for e in _TRANSLIT_ENDINGS})
# letter pairs of transliterated names, each with its feature
_TRANSLIT_PART_NAMES = tuple((p, f"tlp={p}") for p in ("וו", "יי", "ג'", "צ'", "ז'", "ת'", "ט'", "או", "אי", "אה", "ק", "טס",
                                                      "קס", "פס", "גו"))  # fmt: skip

_LATIN = re.compile("[A-Za-z]")
_DIGIT = re.compile("[0-9]")


def _CUE_VARIANTS(stem: str) -> tuple[tuple[str, str], ...]:  # noqa: N802 - a table, read as one
    """Inflected variants whose attestation marks a common word: article, plurals, suffixes, gentilic."""
    return (
        ("def", "ה" + stem), ("pl", stem + "ים"), ("plf", stem + "ות"), ("fem", stem + "ה"),
        ("femt", stem + "ת"), ("poss", stem + "ו"), ("poss1", stem + "נו"), ("gent", stem + "י"),
        ("gentf", stem + "ית"), ("defpl", "ה" + stem + "ים"),
    )  # fmt: skip


def stripped_forms(form: str) -> list[str]:
    """The forms of ``form`` with 1..3 leading clitic letters removed, shortest prefix first.

    >>> stripped_forms("ולפוטין")
    ['לפוטין', 'פוטין']
    """
    return list(_stripped(form))


# Word-level features are recomputed for every occurrence of a word; news vocabulary is
# Zipfian, so a per-process cache of this size serves most tokens and stays a few MB.
WORD_CACHE_SIZE = 100_000


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _stripped(form: str) -> tuple[str, ...]:
    out = []
    for n in range(1, MAX_CLITIC_LETTERS + 1):
        if len(form) - n < MIN_STEM_LETTERS or form[n - 1] not in CLITICS:
            break
        out.append(form[n:])
    return tuple(out)


def _shape(form: str) -> str:
    """A coarse shape: Hebrew, acronym, Latin, digit, punctuation or mixed."""
    if '"' in form and HEBREW_LETTER.search(form):
        return "ACR"
    if form.endswith("'") and HEBREW_LETTER.search(form):
        return "GER"
    if HEBREW_LETTER.search(form):
        return "HEB" if "-" not in form else "HEB-"
    if _LATIN.search(form):
        return "LAT"
    if _DIGIT.search(form):
        return "NUM"
    return "P" if len(form) == 1 else "SYM"


# each affix length with the names of its features (p1=, s1= ...), written once
_AFFIX_NAMES = tuple((k, f"p{k}=", f"s{k}=") for k in (1, 2, 3))


def _word_features(form: str, prefix: str, shape: str, stripped: tuple[str, ...]) -> list[str]:
    """The features of one token as seen from a position (``prefix`` like ``-1:``), given its
    shape and clitic-stripped forms."""
    return [f"{prefix}w={form}", f"{prefix}sh={shape}", *[f"{prefix}st={s}" for s in stripped]]


@dataclass
class Lexicon:
    """Word lists the features consult: entity words seen in training and a word-frequency bucket."""

    gazetteer: dict[str, str]
    frequency: dict[str, int]
    # Name lists from outside the treebank: phrase (space-joined forms) -> tag (PER-first, GPE, ...).
    names: dict[str, str] = field(default_factory=dict)
    # Written forms seen in training: an unseen word is where the gazetteer and cues must carry.
    vocabulary: frozenset[str] = frozenset()
    # Distributional word clusters learned without labels (stem -> cluster ids like "32:7").
    clusters: dict[str, list[str]] = field(default_factory=dict)
    # The loaded CRF model's weights (iton.morph.crf) and the feature set it was trained with; None
    # in training. When set, each word's view also sums its weights per role (see token_scores).
    weights: CrfWeights | None = None
    feature_set: int = 1
    # Each cached view's summed weights per role (_RoleSums); not part of the lexicon.
    _sums: _RoleSums | None = field(default=None, repr=False, compare=False)
    # Per-word feature lists already computed (see WORD_CACHE_SIZE); not part of the lexicon.
    _cache: dict[tuple[str, str], object] = field(default_factory=dict, repr=False, compare=False)
    # Per-word views of the token features (see _WordView); not part of the lexicon.
    _views: dict[str, _WordView] = field(default_factory=dict, repr=False, compare=False)
    # The weights' rows of word pairs (see pair_rows), with the weights they were read from.
    _pairs: tuple[CrfWeights, dict[str, tuple[int, int]]] | None = field(default=None, repr=False, compare=False)

    def pair_rows(self) -> dict[str, tuple[int, int]]:
        """Each word pair ``a|b`` the weights know, as the rows of its features ``bi-=a|b`` (seen
        by b) and ``bi+=a|b`` (seen by a), the zero row where there is none: one look-up a token
        pair instead of two names built and looked up."""
        weights = self.weights
        if self._pairs is None or self._pairs[0] is not weights:
            rows, unknown = weights.rows, weights.unknown
            pairs = {name[4:] for name in rows if name.startswith(("bi-=", "bi+="))}
            self._pairs = (weights, {pair: (rows.get("bi-=" + pair, unknown), rows.get("bi+=" + pair, unknown))
                                     for pair in pairs})  # fmt: skip
        return self._pairs[1]

    def cached(self, kind: str, form: str, compute):
        """``compute()`` for word ``form``, remembered under ``kind`` (the lexicon never changes)."""
        key = (kind, form)
        value = self._cache.get(key)
        if value is None:
            if len(self._cache) >= 4 * WORD_CACHE_SIZE:
                self._cache.clear()
            value = self._cache[key] = compute()
        return value

    def name_heads(self) -> dict[str, frozenset[int]]:
        """The first words of the name-list entries, each with the word counts of the entries it
        starts (see :func:`name_matches`)."""
        return self.cached("name-heads", "", self._name_heads)

    def _name_heads(self) -> dict[str, frozenset[int]]:
        lengths: dict[str, set[int]] = {}
        for name in self.names:
            lengths.setdefault(name.split(" ", 1)[0], set()).add(name.count(" ") + 1)
        return {head: frozenset(counts) for head, counts in lengths.items()}

    def stem(self, form: str) -> str:
        """The commonest reading of ``form`` in wordfreq: itself or a clitic-stripped form."""
        best = form
        for s in _stripped(form):
            if self.frequency.get(s, -1) >= self.frequency.get(best, -1):
                best = s
        return best

    def unseen(self, form: str) -> bool:
        """Neither ``form`` nor any clitic-stripped form of it was seen in training."""
        if not self.vocabulary:
            return False
        return form not in self.vocabulary and not any(s in self.vocabulary for s in _stripped(form))

    def gaz(self, form: str) -> str | None:
        """The entity type ``form`` (or a clitic-stripped form of it) usually has in training."""
        hit = self.gazetteer.get(form)
        if hit:
            return hit
        for s in _stripped(form):
            hit = self.gazetteer.get(s)
            if hit:
                return "~" + hit
        return None

    def freq(self, form: str) -> str:
        """The frequency bucket of ``form``'s best-known reading (itself or a stripped form)."""
        best = self.frequency.get(form, -1) // FREQ_SCALE
        for s in _stripped(form):
            best = max(best, self.frequency.get(s, -1) // FREQ_SCALE - 1)
        return str(best) if best >= 0 else "none"

    def cues(self, form: str) -> list[str]:
        """Distributional cues: does the word (or its stem) take the article ה or a plural ending?

        Common nouns and adjectives do (הממשלה, ממשלות); names rarely do (הפוטין), so these
        generalise to names never seen in training.
        """
        out = []
        for stem in (form, *_stripped(form)):
            z = self.frequency.get(stem)
            if z is None:
                continue
            for cue, variant in _CUE_VARIANTS(stem):
                v = self.frequency.get(variant)
                if v is not None and v >= z - CUE_MARGIN:
                    out.append(cue)
            break
        return out


def _lex_pieces(form: str, lexicon: Lexicon | None, freq: str
                ) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:  # fmt: skip
    """Lexicon features of one word (whose frequency bucket is ``freq``) in three pieces: what
    every position sees before the gazetteer, the word's letter trigrams (seen by the token
    itself only), and the gazetteer."""
    if lexicon is None:
        return (), (), ()
    cues = lexicon.cues(form)
    feats = [f"fq={freq}", *cues]
    trigrams: tuple[str, ...] = ()
    if lexicon.unseen(form):
        feats.append("unseen")
        feats.extend(f"unseen_{c}" for c in cues)
        # Letter trigrams of an unseen word: transliterated names have their own spelling
        # patterns (יי, ון, סקי, ג'), which carry to names never seen in training.
        padded = f"<{form}>"
        trigrams = tuple(f"c3={padded[k:k + 3]}" for k in range(len(padded) - 2))
    g = lexicon.gaz(form)
    return tuple(feats), trigrams, (f"gz={g}",) if g else ()


def name_matches(forms: list[str], names: dict[str, str], heads: dict[str, frozenset[int]] | None = None,
                 may_start: list[bool] | None = None) -> list[list[str]]:  # fmt: skip
    """Per token, the name-list features of the longest list entries covering it (``xg=GPE:B`` ...).

    The first word of an entry may carry clitics (בבאר שבע matches באר שבע). ``heads``: the
    first words of the entries with their entries' word counts (see :meth:`Lexicon.name_heads`);
    a token that starts none is passed over, and only the lengths a first word has are looked up.
    ``may_start``: per token, whether it is or hides one of them, where the caller knows (a
    word's view does).
    """
    hits = _name_hits(forms, names, heads, may_start)
    return [hits.get(i, []) for i in range(len(forms))]


def _name_hits(forms: list[str], names: dict[str, str], heads: dict[str, frozenset[int]] | None = None,
               may_start: list[bool] | None = None) -> dict[int, list[str]]:  # fmt: skip
    """:func:`name_matches` of the tokens that have any, by token (in token order)."""
    hits: dict[int, list[str]] = {}
    if not names:
        return hits
    n = len(forms)
    if may_start is None and heads is not None:
        may_start = [form in heads or not heads.keys().isdisjoint(_stripped(form)) for form in forms]
    for i in range(n) if may_start is None else [k for k, may in enumerate(may_start) if may]:
        form = forms[i]
        most = min(MAX_NAME_WORDS, n - i)
        if heads is None:
            firsts = [(head, None) for head in (form, *_stripped(form))]
            lengths: Iterable[int] = range(most, 0, -1)
        else:  # each first word with the word counts of its entries: only those are looked up
            firsts = [(head, heads.get(head, ())) for head in (form, *_stripped(form))]
            lengths = sorted({k for _, counts in firsts for k in counts if k <= most}, reverse=True)
        for length in lengths:
            rest = forms[i + 1 : i + length]
            tag = None
            for head, counts in firsts:
                if counts is not None and length not in counts:
                    continue  # no entry of this many words starts with it
                tag = names.get(" ".join([head, *rest]))
                if tag:
                    pre = "" if head == form else "~"
                    if length == 1:
                        hits.setdefault(i, []).append(f"xg={pre}{tag}:S")
                    else:
                        hits.setdefault(i, []).append(f"xg={pre}{tag}:B")
                        for j in range(i + 1, i + length - 1):
                            hits.setdefault(j, []).append(f"xg={tag}:I")
                        hits.setdefault(i + length - 1, []).append(f"xg={tag}:E")
                    break
            if tag:
                break
    return dict(sorted(hits.items()))


@lru_cache(maxsize=WORD_CACHE_SIZE)
def triggers(form: str) -> tuple[str, ...]:
    """The entity types ``form`` (or a clitic-stripped form of it) announces (see TRIGGERS)."""
    hit = _TRIGGER_INDEX.get(form)
    if hit:
        return hit
    for s in _stripped(form):
        hit = _TRIGGER_INDEX.get(s)
        if hit:
            return hit
    return ()


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _translit(form: str) -> tuple[str, ...]:
    """Spelling-pattern features of a (clitic-stripped) form that mark transliterated names."""
    # one look-up per ending length instead of an endswith per ending; listed in the table's order
    endings = [e for n in _ENDING_LENGTHS if len(form) > n + 1 and (e := form[-n:]) in _ENDING_RANK]
    out = [f"tle={e}" for e in sorted(endings, key=_ENDING_RANK.__getitem__)]
    inner = form[1:]
    out += [name for p, name in _TRANSLIT_PART_NAMES if p in inner]
    if form.startswith(("או", "אי", "וו")):
        out.append(f"tlb={form[:2]}")
    return tuple(out)


def _prefix_profile(stem: str, frequency: dict[str, int]) -> list[str]:
    """How often the stem is written with each clitic relative to bare (wordfreq, half-Zipf steps).

    Places take ב/מ/ל (בירושלים, מירושלים), people ל/ש/ו; common nouns take ה. This carries to
    words never seen in training when wordfreq knows them.
    """
    z = frequency.get(stem)
    if z is None:
        return []
    get = frequency.get
    out = []
    for clitic, steps, unknown in _PROFILE_NAMES:
        v = get(clitic + stem)
        out.append(unknown if v is None else steps[max(-4, min(2, v - z)) + 4])
    return out


# each clitic of _prefix_profile with its features, written once: by step (-4 to 2) and unknown
_PROFILE_NAMES = tuple((c, tuple(f"pp{c}={d}" for d in range(-4, 3)), f"pp{c}=none")
                       for c in ("ב", "ל", "מ", "ו", "ש", "ה", "וב", "של"))


class _WordView:
    """The features of one word that do not depend on its sentence, as each position sees them.

    A token's features (see :func:`token_features`) are these pieces joined in a fixed order
    with the few that depend on its neighbours; words two to the left and right are seen by
    their form only (a wider window stopped improving dev F1). Computing the pieces once per
    distinct word, not once per occurrence and neighbour, is most of the entity stage's speed.
    """

    __slots__ = (
        "as_next",
        "as_next2",
        "as_prev",
        "as_prev2",
        "cl",
        "cl_next",
        "cl_prev",
        "freq",
        "head",
        "lex_next",
        "lex_prev",
        "own_lex",
        "spelling",
        "stems",
        "trg",
        "trg_next",
        "trg_next2",
        "trg_prev",
        "trg_prev2",
        "u_clitic",
        "u_prev_stems",
        "u_shape",
        "u_trg_prev",
        "name_head",
        "slot",
        "unseen",
    )

    def __init__(self, form: str, lexicon: Lexicon | None) -> None:
        shape = _shape(form)
        stripped = _stripped(form)
        self.head = ("bias", f"w={form}", f"sh={shape}", f"len={min(len(form), 8)}")
        self.freq = lexicon.freq(form) if lexicon is not None else ""
        lex, trigrams, gaz = _lex_pieces(form, lexicon, self.freq)
        self.own_lex = lex + trigrams + gaz
        self.lex_prev = tuple(["-1:" + f for f in lex + gaz])
        self.lex_next = tuple(["+1:" + f for f in lex + gaz])
        stems = []
        for s in stripped:
            stems += (f"st={s}", f"st_suf3={s[-3:]}", f"st_suf2={s[-2:]}", f"st_pre2={s[:2]}")
        for k, first, last in _AFFIX_NAMES[: max(len(form) - 1, 0)]:  # 1-3 letters, each shorter than the form
            stems += (first + form[:k], last + form[-k:])
        self.stems = tuple(stems)
        self.as_prev = tuple(_word_features(form, "-1:", shape, stripped))
        self.as_next = tuple(_word_features(form, "+1:", shape, stripped))
        self.as_prev2 = (f"-2:w={form}",)
        self.as_next2 = (f"+2:w={form}",)
        # feature set 2 (see _extra_features); most words announce no type
        trig = triggers(form)
        if trig:
            self.trg = tuple([f"trg={k}" for k in trig])
            self.trg_prev = tuple([f"-1:trg={k}" for k in trig])
            self.trg_next = tuple([f"+1:trg={k}" for k in trig])
            self.trg_prev2 = tuple([f"-2:trg={k}" for k in trig])
            self.trg_next2 = tuple([f"+2:trg={k}" for k in trig])
            self.u_trg_prev = tuple([f"u|-1trg={k}" for k in trig])
        else:
            self.trg = self.trg_prev = self.trg_next = self.trg_prev2 = self.trg_next2 = self.u_trg_prev = ()
        self.unseen = bool(lexicon is not None and lexicon.unseen(form))
        stem = lexicon.stem(form) if lexicon is not None else (stripped or (form,))[-1]
        clusters = lexicon.clusters.get(stem, ("none",)) if lexicon is not None and lexicon.clusters else None
        self.cl = None if clusters is None else tuple([f"cl{c}" for c in clusters])
        self.cl_prev = None if clusters is None else tuple([f"-1:cl{c}" for c in clusters])
        self.cl_next = None if clusters is None else tuple([f"+1:cl{c}" for c in clusters])
        spelling: list[str] = []
        if HEBREW_LETTER.search(form):
            spelling.extend(_translit(form))
            if stem != form:
                spelling += ["~" + f for f in _translit(stem)]
        if lexicon is not None and HEBREW_LETTER.search(stem):
            spelling.extend(lexicon.cached("profile", stem, lambda: _prefix_profile(stem, lexicon.frequency)))
        self.spelling = tuple(spelling)
        self.u_shape = f"u|fq={self.freq}|sh={shape}"
        self.u_prev_stems = tuple([f"u|-1st={s}" for s in stripped])
        self.u_clitic = f"u|clitic={form[: len(form) - len(stem)]}"
        self.slot = 0  # its row of the lexicon's _RoleSums, given by _views
        # whether the word is, or hides behind clitics, the first word of a listed name (name_matches)
        heads = lexicon.name_heads() if lexicon is not None else {}
        self.name_head = form in heads or not heads.keys().isdisjoint(stripped)

    def _roles(self, feature_set: int) -> tuple[tuple[str, ...], ...]:
        """The word's features in each of ROLES, as :func:`token_features` joins them."""
        extra = feature_set >= 2
        return (
            self.head + self.own_lex + self.stems + ((*self.trg, *(self.cl or ()), *self.spelling) if extra else ()),
            self.lex_prev + self.as_prev + ((*self.trg_prev, *(self.cl_prev or ())) if extra else ()),
            self.lex_next + self.as_next + ((*self.trg_next, *(self.cl_next or ())) if extra else ()),
            self.as_prev2 + (self.trg_prev2 if extra else ()),
            self.as_next2 + (self.trg_next2 if extra else ()),
            self.u_prev_stems + self.u_trg_prev if extra else (),
        )


# What a word's features are to a token: its own, the word before it, after it, two before, two
# after, and the word before an unseen token (feature set 2). Every cluster feature is in or out
# together: a lexicon has clusters for every word or for none.
ROLES = ("own", "before", "after", "before2", "after2", "before_unseen")


SUM_CHUNK = 128  # words summed at once by _RoleSums.add: their gathered weights, about 0.9 MB, stay in
# the core's cache (1,024 words at once, 7 MB, took a third longer)


class _RoleSums:
    """The summed weights of each cached word's features per role: row ``slot`` of a table that
    grows as words come, row 0 zeros (no word there)."""

    def __init__(self, labels: int) -> None:
        self.table = np.zeros((1024, len(ROLES), labels))
        self.used = 1

    def add(self, weights: CrfWeights, words: list[tuple[tuple[str, ...], ...]]) -> range:
        """Sum the features' weights of ``words`` (each word's features per role) into new rows;
        returns their slots. One gather and one reduceat for SUM_CHUNK words at a time: a word at a time, the
        numpy calls cost more than the sums."""
        get, unknown = weights.rows.get, weights.unknown
        first = self.used
        self.used += len(words)
        if self.used > len(self.table):
            grown = np.zeros((max(self.used, 2 * len(self.table)), *self.table.shape[1:]))
            grown[:first] = self.table[:first]
            self.table = grown
        for k in range(0, len(words), SUM_CHUNK):
            # each role ends with the zero row, so none is empty for reduceat, and adding it changes nothing
            ids: list[int] = []
            starts: list[int] = []
            for roles in words[k : k + SUM_CHUNK]:
                for names in roles:
                    starts.append(len(ids))
                    ids += map(get, names, repeat(unknown))  # get(name, unknown), called from C
                    ids.append(unknown)
            sums = np.add.reduceat(weights.state[ids], starts)
            self.table[first + k : first + k + len(starts) // len(ROLES)] = sums.reshape(-1, len(ROLES), sums.shape[1])
        return range(first, self.used)

    def clear(self) -> None:
        self.used = 1


# Views of words with no lexicon (training's first feature set, tests); a lexicon keeps its own.
_PLAIN_VIEWS: dict[str, _WordView] = {}


def _views(forms: list[str], lexicon: Lexicon | None) -> list[_WordView]:
    """The :class:`_WordView` of each form, computed once per word and lexicon."""
    cache = _PLAIN_VIEWS if lexicon is None else lexicon._views
    summed = lexicon is not None and lexicon.weights is not None
    if summed and lexicon._sums is None:
        lexicon._sums = _RoleSums(len(lexicon.weights.labels))
    missing = [form for form in dict.fromkeys(forms) if form not in cache]
    if missing and len(cache) + len(missing) > WORD_CACHE_SIZE:
        cache.clear()  # start over, with every form of this call
        if summed:
            lexicon._sums.clear()
        missing = list(dict.fromkeys(forms))
    if missing:
        views = [_WordView(form, lexicon) for form in missing]
        if summed:
            for view, slot in zip(views, lexicon._sums.add(lexicon.weights, [v._roles(lexicon.feature_set)
                                                                             for v in views])):  # fmt: skip
                view.slot = slot
        cache.update(zip(missing, views))
    return [cache[form] for form in forms]


def _extra_features(forms: list[str], views: list[_WordView]) -> list[list[str]]:
    """Feature set 2: triggers around a token, unseen-word conjunctions, transliteration patterns."""
    n = len(forms)
    out: list[list[str]] = []
    for i, v in enumerate(views):
        feats = list(v.trg)
        if i >= 1:
            feats.extend(views[i - 1].trg_prev)
        if i + 1 < n:
            feats.extend(views[i + 1].trg_next)
        if i >= 2:
            feats.extend(views[i - 2].trg_prev2)
        if i + 2 < n:
            feats.extend(views[i + 2].trg_next2)
        if v.cl is not None:
            feats.extend(v.cl)
            if i >= 1:
                feats.extend(views[i - 1].cl_prev)
            if i + 1 < n:
                feats.extend(views[i + 1].cl_next)
        feats.extend(v.spelling)
        if v.unseen:
            feats.append(f"u|-1w={forms[i - 1] if i > 0 else '<s>'}")
            feats.append(f"u|+1w={forms[i + 1] if i < n - 1 else '</s>'}")
            if i > 0:
                feats.extend(views[i - 1].u_prev_stems)
            feats.append(v.u_shape)
            feats.append(f"u|-1u={int(i > 0 and views[i - 1].unseen)}|+1u={int(i < n - 1 and views[i + 1].unseen)}")
            if i > 0:
                feats.extend(views[i - 1].u_trg_prev)
            feats.append(v.u_clitic)
        feats.append(f"fq|-1fq={v.freq}|{views[i - 1].freq if i > 0 else 'bos'}")
        out.append(feats)
    return out


def token_features(forms: list[str], lexicon: Lexicon | None = None,
                   propn: list[bool] | None = None, feature_set: int = 1) -> list[list[str]]:
    """CRF features for a sentence of cleaned token forms (the same at training and run time).

    ``propn``: per token, whether the morphology tagged its host morpheme PROPN (None when no
    trained morphology ran: the features are then left out). ``feature_set``: 1 as the first
    model, 2 adds :func:`_extra_features` (the model's metadata says which).
    """
    n = len(forms)
    views = _views(forms, lexicon)
    extra = _extra_features(forms, views) if feature_set >= 2 else None
    listed = name_matches(forms, lexicon.names, lexicon.name_heads()) if lexicon is not None else [[] for _ in forms]
    out: list[list[str]] = []
    for i, v in enumerate(views):
        feats = list(v.head)
        if propn is not None:
            feats.append(f"propn={int(propn[i])}")
            if i > 0:
                feats.append(f"-1:propn={int(propn[i - 1])}")
            if i < n - 1:
                feats.append(f"+1:propn={int(propn[i + 1])}")
        feats.extend(listed[i])
        if i > 0 and listed[i - 1]:
            feats.extend("-1:" + f for f in listed[i - 1])
        if i < n - 1 and listed[i + 1]:
            feats.extend("+1:" + f for f in listed[i + 1])
        feats.extend(v.own_lex)
        if i > 0:
            feats.extend(views[i - 1].lex_prev)
        if i < n - 1:
            feats.extend(views[i + 1].lex_next)
        feats.extend(v.stems)
        if i == 0:
            feats.append("BOS")
        if i == n - 1:
            feats.append("EOS")
        if i > 0:
            feats.extend(views[i - 1].as_prev)
        if i < n - 1:
            feats.extend(views[i + 1].as_next)
        if i > 1:
            feats.extend(views[i - 2].as_prev2)
        if i < n - 2:
            feats.extend(views[i + 2].as_next2)
        if i > 0:
            feats.append(f"bi-={forms[i - 1]}|{forms[i]}")
        if i < n - 1:
            feats.append(f"bi+={forms[i]}|{forms[i + 1]}")
        if extra is not None:
            feats.extend(extra[i])
        out.append(feats)
    return out


def token_scores(sentences: list[list[str]], lexicon: Lexicon, propn: list[list[bool] | None] | None = None
                 ) -> list[np.ndarray]:  # fmt: skip
    """Per sentence, each token's score for each label of ``lexicon.weights``, ``(tokens, labels)``:
    the sum of the weights of its :func:`token_features`, without listing them. A word's features
    that do not depend on its sentence come summed per role from its view; the few that do
    (neighbouring forms, proper-noun flags, name lists, sentence ends) are looked up by kind, for
    all the tokens at once."""
    weights = lexicon.weights
    if weights is None:
        raise ValueError("token_scores needs a lexicon with the model's weights")
    lengths = [len(sentence) for sentence in sentences]
    forms = [form for sentence in sentences for form in sentence]
    if not forms:
        return [np.zeros((0, len(weights.labels))) for _ in sentences]
    views = _views(forms, lexicon)
    rows, unknown, state = weights.rows, weights.unknown, weights.state
    total = len(forms)
    ends = np.cumsum(lengths)
    position = np.arange(total) - np.repeat(ends - lengths, lengths)  # of each token in its sentence
    size = np.repeat(lengths, lengths)
    first, last = position == 0, position == size - 1
    slots = np.fromiter((v.slot for v in views), dtype=np.int64, count=total)
    table = lexicon._sums.table
    scores = table[slots, 0].copy()
    for role, offset in ((1, -1), (2, 1), (3, -2), (4, 2)):  # the words before and after, one and two away
        inside = (position + offset >= 0) & (position + offset < size)
        at = np.flatnonzero(inside)
        scores[at] += table[slots[at + offset], role]

    def add(at, names) -> None:  # one name a token at most: fancy indexing adds each once
        scores[at] += state[list(map(rows.get, names, repeat(unknown)))]

    scores[first] += state[rows.get("BOS", unknown)]
    scores[last] += state[rows.get("EOS", unknown)]
    pairs_at = np.flatnonzero(~last)  # a token and the next one in its sentence
    known_pairs, no_pair = lexicon.pair_rows(), (unknown, unknown)
    # every two neighbours' rows, in C (those across a sentence's end are built and dropped)
    neighbours = map(known_pairs.get, map("|".join, zip(forms, forms[1:])), repeat(no_pair))
    pair_rows = np.array(list(neighbours), dtype=np.int64).reshape(-1, 2)[pairs_at]
    scores[pairs_at + 1] += state[pair_rows[:, 0]]  # bi-=a|b, a feature of b
    scores[pairs_at] += state[pair_rows[:, 1]]  # bi+=a|b, a feature of a
    if propn is not None and any(flags is not None for flags in propn):
        # a sentence without flags has no proper-noun features; each feature's row by flag (0, 1)
        flagged = np.repeat([flags is not None for flags in propn], lengths)
        flags = np.array([int(f) for sentence, p in zip(sentences, propn) for f in (p or [False] * len(sentence))])
        at, pairs_flagged = np.flatnonzero(flagged), pairs_at[flagged[pairs_at]]
        for where, name, of in ((at, "propn=", at), (pairs_flagged + 1, "-1:propn=", pairs_flagged),
                                (pairs_flagged, "+1:propn=", pairs_flagged + 1)):  # fmt: skip
            by_flag = np.array([rows.get(f"{name}0", unknown), rows.get(f"{name}1", unknown)])
            scores[where] += state[by_flag[flags[of]]]
    listed_at, listed = [], []  # the name lists: several names a token, so np.add.at
    heads = lexicon.name_heads()
    may_start = [v.name_head for v in views]
    start = 0
    for sentence, n in zip(sentences, lengths):
        if not any(may_start[start : start + n]):
            start += n
            continue
        for i, names in _name_hits(sentence, lexicon.names, heads, may_start[start : start + n]).items():
            for at, prefix in ((i, ""), (i - 1, "+1:"), (i + 1, "-1:")):
                if 0 <= at < n:
                    listed_at.extend([start + at] * len(names))
                    listed.extend(prefix + name for name in names)
        start += n
    if listed:
        np.add.at(scores, listed_at, state[list(map(rows.get, listed, repeat(unknown)))])
    if lexicon.feature_set >= 2:
        starts, ends_here = first.tolist(), last.tolist()
        freq = [v.freq for v in views]
        # fq|-1fq=<bucket>|<bucket before, or bos>: a few dozen names, built once each
        codes = {bucket: k for k, bucket in enumerate(dict.fromkeys(freq))}
        code = np.array([codes[bucket] for bucket in freq], dtype=np.int64)
        before = np.where(first, len(codes), np.roll(code, 1))
        used, pair = np.unique(code * (len(codes) + 1) + before, return_inverse=True)
        buckets = [*codes, "bos"]
        fq_rows = np.array([rows.get(f"fq|-1fq={buckets[u // (len(codes) + 1)]}|{buckets[u % (len(codes) + 1)]}",
                                     unknown) for u in used.tolist()], dtype=np.int64)  # fmt: skip
        scores += state[fq_rows[pair.reshape(-1)]]
        unseen = [v.unseen for v in views]
        at = [k for k in range(total) if unseen[k]]
        if at:
            after_word = np.array([k for k in at if not starts[k]], dtype=np.int64)
            scores[after_word] += table[slots[after_word - 1], 5]  # the word before an unseen token
            add(at, [f"u|-1w={forms[k - 1] if not starts[k] else '<s>'}" for k in at])
            add(at, [f"u|+1w={forms[k + 1] if not ends_here[k] else '</s>'}" for k in at])
            add(at, [views[k].u_shape for k in at])
            add(at, [f"u|-1u={int(not starts[k] and unseen[k - 1])}|+1u={int(not ends_here[k] and unseen[k + 1])}"
                     for k in at])  # fmt: skip
            add(at, [views[k].u_clitic for k in at])
    return np.split(scores, ends[:-1])
