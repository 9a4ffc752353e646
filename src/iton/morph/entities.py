"""Named entities: a CRF over written tokens, trained on the NEMO labels of the Hebrew Treebank.

This module tags and decodes; the features the CRF reads are in :mod:`iton.morph.entity_features`.

The bundled model (``morph/data/entities.crfsuite``, metadata in ``entities.json``) is
reproduced by ``python -m iton.training.entities``. It was trained on NEMO / HTB data,
licence CC BY-NC-SA 4.0. Inference needs python-crfsuite only (no torch, no download).

>>> from iton.document import Document, Token
>>> doc = Document("פוטין נפגש עם ביידן", [Token("פוטין", 0, 5, "hebrew"), ...])  # doctest: +SKIP
>>> [e.label for e in tag_entities(doc)]  # doctest: +SKIP
['PER', 'PER']
"""

from __future__ import annotations

import gc
import json
import re
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from iton.document import Document, Entity, Morpheme, Token, host_position
from iton.errors import EntityModelError
from iton.hebrew import DOUBLED_VAV, LETTERS
from iton.morph.crf import crf_outputs, read_weights, score_outputs
from iton.morph.entity_features import (
    MIN_STEM_LETTERS,
    WORD_CACHE_SIZE,
    Lexicon,
    stripped_forms,
    token_features,
    token_scores,
)
from iton.morph.entity_lists import read_clusters, read_frequency, read_names

__all__ = [
    "ENTITY_LABELS",
    "EntityModel",
    "bare_spelling",
    "entity_lemma",
    "name_words",
    "load_model",
    "model_path",
    "spans_from_bioes",
    "labels_of_text",
    "tag_documents",
    "tag_entities",
    "tag_tokens",
]

DATA_DIR = Path(__file__).parent / "data"
MODEL_FILE = "entities.crfsuite"
META_FILE = "entities.json"
LEXICON_FILE = "entities.lexicon.tsv.gz"
NAMES_FILE = "entities.names.tsv.gz"
CLUSTERS_FILE = "entities.clusters.tsv.gz"

# The NEMO entity types (Bareket & Tsarfaty 2021).
ENTITY_LABELS = ("PER", "ORG", "GPE", "LOC", "FAC", "WOA", "EVE", "DUC", "ANG")

# A word tagged as an entity lends its type to its untagged occurrences within this many
# sentences, where the CRF gives that type at least the model's "propagate_threshold" (chosen on
# dev): names recur through an article, and a mention missed in one sentence is plain in another.
PROPAGATE_SENTENCES = 10



# A token the threshold may add to an entity has a letter or a digit (never a lone hyphen or quote).
_WORDY = re.compile(f"[{LETTERS}A-Za-z0-9]")
# The morpheme POS tags that are clitic prefixes in HTB segmentation.
_PREFIX_UPOS = frozenset({"ADP", "CCONJ", "SCONJ", "DET", "ADV", "PRON", "PUNCT"})
# ... and the quotation mark a quoted word holds after its clitics (ל"הארץ)
_PREFIX_FORMS = frozenset({"ו", "ה", "ב", "כ", "ל", "מ", "ש", "כש", "לכש", "מש", "וכש", '"', "'"})


def span_labels(label: str, length: int) -> list[str]:
    """BIOES tags of one entity of ``length`` tokens.

    >>> span_labels("PER", 3)
    ['B-PER', 'I-PER', 'E-PER']
    """
    if length == 1:
        return [f"S-{label}"]
    return [f"B-{label}"] + [f"I-{label}"] * (length - 2) + [f"E-{label}"]


def spans_from_bioes(labels: list[str]) -> list[tuple[str, int, int]]:
    """Entity spans ``(label, first, last)`` (``last`` exclusive) from BIOES tags; lenient on bad sequences.

    >>> spans_from_bioes(["B-PER", "E-PER", "O", "S-GPE"])
    [('PER', 0, 2), ('GPE', 3, 4)]
    """
    spans: list[tuple[str, int, int]] = []
    if labels.count("O") == len(labels):  # most sentences name nothing
        return spans
    start, kind = -1, ""
    for i, tag in enumerate(labels + ["O"]):
        if start < 0 and tag == "O":
            continue
        pos, _, lab = tag.partition("-")
        if start >= 0 and (pos in ("O", "B", "S") or lab != kind):
            spans.append((kind, start, i))
            start = -1
        if pos in ("B", "S") or (pos in ("I", "E") and start < 0):
            start, kind = i, lab
        if pos in ("E", "S") and start >= 0:
            spans.append((kind, start, i + 1))
            start = -1
    return spans


@dataclass
class EntityModel:
    """A loaded CRF tagger; thread-safe (one lock around the crfsuite tagger)."""

    path: Path
    meta: dict

    def __post_init__(self) -> None:
        try:
            import pycrfsuite
        except ImportError as exc:  # pragma: no cover - dependency check
            raise EntityModelError(
                "python-crfsuite is not installed: the entity tagger needs it. Fix: pip install 'python-crfsuite>=0.9.10'"
            ) from exc
        self._tagger = pycrfsuite.Tagger()
        try:
            self._tagger.open(str(self.path))
            weights = read_weights(self.path)  # what tags at run time (crfsuite trains and checks)
        except Exception as exc:
            raise EntityModelError(
                f"cannot read the entity model {self.path}: {exc}. Fix: rebuild it with "
                "`python -m iton.training.entities` or reinstall iton"
            ) from exc
        self._lock = threading.Lock()
        self.lemmas: dict[str, str] = self.meta.get("lemmas", {})
        self.lexicon: Lexicon | None = None
        if "gazetteer" in self.meta:
            self.lexicon = Lexicon(self.meta["gazetteer"], read_frequency(self.path.parent / LEXICON_FILE),
                                   read_names(self.path.parent / NAMES_FILE),
                                   frozenset(self.meta.get("vocabulary", ())),
                                   read_clusters(self.path.parent / CLUSTERS_FILE) if self.meta.get("feature_set", 1) >= 2 else {},
                                   weights, self.meta.get("feature_set", 1))

    def tag(self, forms: list[str], propn: list[bool] | None = None) -> list[str]:
        """BIO or BIOES labels (as trained) for one sentence of token forms (``propn``: see :func:`token_features`)."""
        return self.tag_sentences([forms], [propn])[0]

    def tag_sentences(self, sentences: list[list[str]], propn: list[list[bool] | None] | None = None) -> list[list[str]]:
        """Labels for the sentences of one text, in order (see :func:`labels_of_text`)."""
        return self.tag_texts([sentences], [propn] if propn is not None else None)[0]

    def tag_texts(self, texts: list[list[list[str]]], propn: list[list[list[bool] | None] | None] | None = None
                  ) -> list[list[list[str]]]:  # fmt: skip
        """Labels for the sentences of each text (its sentences' token forms), in order; names are
        propagated within a text only. The texts' sentences are scored and tagged together: the
        Viterbi and forward-backward steps then run over many sentences at once."""
        uses_propn = self.meta.get("uses_propn")
        flags = [flag for text, p in zip(texts, propn or [None] * len(texts)) for flag in (p or [None] * len(text))]
        sentences = [sentence for text in texts for sentence in text]
        threshold, spread = self.meta.get("decode_threshold"), self.meta.get("propagate_threshold")
        cuts = [c for c in (spread, threshold if threshold is not None and threshold < 0.5 else None) if c is not None]
        floor = min(cuts) if cuts else None
        with self._lock:
            if self.lexicon is not None:
                scores = token_scores(sentences, self.lexicon, flags if uses_propn else None)
                outputs = score_outputs(self.lexicon.weights, scores, bool(cuts), floor)
            else:  # a model without word lists (the first bundled model's kind): crfsuite tags its features
                feats = [token_features(forms, self.lexicon, p if uses_propn else None, self.meta.get("feature_set", 1))
                         for forms, p in zip(sentences, flags)]  # fmt: skip
                outputs = crf_outputs(self._tagger, feats, bool(cuts), floor)
        out, k = [], 0
        for text in texts:
            out.append(labels_of_text(outputs[k : k + len(text)], text, threshold, spread))
            k += len(text)
        return out


def _by_kind(marg: dict[str, float]) -> dict[str, float]:
    """Label probabilities summed per entity type (B-PER and I-PER into PER)."""
    out: dict[str, float] = {}
    for y, p in marg.items():
        out[y[2:]] = out.get(y[2:], 0.0) + p
    return out


def labels_from_kinds(kinds: list[str | None], starts: list[bool]) -> list[str]:
    """BIOES labels from each token's entity type (None: outside) and whether an entity starts there."""
    out = ["O"] * len(kinds)
    t = 0
    while t < len(kinds):
        if kinds[t] is None:
            t += 1
            continue
        end = t + 1
        while end < len(kinds) and kinds[end] == kinds[t] and not starts[end]:
            end += 1
        out[t:end] = span_labels(kinds[t], end - t)
        t = end
    return out


def decode(path: list[str], marginals: list[dict[str, float]] | None, threshold: float | None = None,
           forms: list[str] | None = None) -> list[str]:
    """Labels of one sentence: the CRF's Viterbi ``path``, plus tokens whose probability of being
    in an entity (1 - P(O), from ``marginals``, see :func:`label_marginals`) reaches ``threshold``.

    The CRF is precise but shy (precision well above recall on dev); a threshold under 0.5
    trades some precision for recall. None keeps the Viterbi path.
    """
    if threshold is None or threshold >= 0.5 or marginals is None:
        return path
    kinds: list[str | None] = []
    starts: list[bool] = []
    for t, label in enumerate(path):
        marg = marginals[t]
        if label != "O":
            kind = label[2:]
        elif sum(marg.values()) >= threshold and (forms is None or _WORDY.search(forms[t])):  # not wordless
            by_kind = _by_kind(marg)
            kind = max(by_kind, key=by_kind.__getitem__)
        else:
            kind = None
        kinds.append(kind)
        if kind is None:
            starts.append(False)
        elif label != "O":
            starts.append(label[0] in "BS")
        elif t > 0 and path[t - 1][:1] in ("E", "S"):
            starts.append(True)  # the Viterbi path closed the entity before: never extend it
        else:
            begin = marg.get(f"B-{kind}", 0.0) + marg.get(f"S-{kind}", 0.0)
            inside = marg.get(f"I-{kind}", 0.0) + marg.get(f"E-{kind}", 0.0)
            starts.append(begin >= inside)
    if all(kind is None for kind in kinds):  # nothing in an entity (most sentences)
        return ["O"] * len(path)
    # A hyphen or quote joins an entity only between two words of the same entity (באב אל - ואד).
    for t in range(1, len(path) - 1):
        if kinds[t] is None and kinds[t - 1] is not None and kinds[t - 1] == kinds[t + 1] \
                and forms is not None and not _WORDY.search(forms[t]):
            if sum(marginals[t].values()) >= threshold:
                kinds[t], starts[t] = kinds[t - 1], False
                starts[t + 1] = starts[t + 1] and path[t + 1] != "O"
    return labels_from_kinds(kinds, starts)


def labels_of_text(outputs: list[tuple[list[str], list[dict[str, float]] | None]], sentences: list[list[str]],
                   threshold: float | None = None, spread: float | None = None) -> list[list[str]]:
    """Labels of the sentences of one text from their :func:`crf_outputs`: each decoded (see
    :func:`decode`), then, when ``spread`` is set, entity types propagated between occurrences of
    a word (see :func:`propagate`)."""
    labels = [decode(path, marginals, threshold, forms) for (path, marginals), forms in zip(outputs, sentences)]
    if spread is None:
        return labels
    # summed by type only where propagate may read them: untagged words of three letters or more
    by_kind = [[_by_kind(m) if m and y == "O" and len(form) >= 3 else {} for m, y, form in zip(marginals, ys, forms)]
               for (_, marginals), ys, forms in zip(outputs, labels, sentences)]  # fmt: skip
    return propagate(sentences, labels, by_kind, spread)


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _word_keys(form: str) -> set[str]:
    """The word and its clitic-stripped forms of three letters or more (ולפוטין: פוטין); one set
    per word, which callers only read."""
    return {form, *(s for s in stripped_forms(form) if len(s) >= 3)}


def propagate(sentences: list[list[str]], labels: list[list[str]], marginals: list[list[dict[str, float]]],
              spread: float, reach: int = PROPAGATE_SENTENCES) -> list[list[str]]:
    """``labels`` with untagged words of three letters or more given the type their other
    occurrences within ``reach`` sentences were tagged with, when their own probability of
    that type (``marginals``) is at least ``spread``.

    >>> propagate([["פוטין", "אמר"], ["לפוטין", "אין"]], [["B-PER", "O"], ["O", "O"]],
    ...           [[{"PER": 0.9}, {"PER": 0.0}], [{"PER": 0.1}, {"PER": 0.0}]], 0.05)
    [['B-PER', 'O'], ['S-PER', 'O']]
    """
    tagged: list[list[tuple[set[str], str]]] = [
        [(_word_keys(forms[t]), kind) for kind, a, b in spans_from_bioes(sent_labels) for t in range(a, b)]
        for forms, sent_labels in zip(sentences, labels)
    ]
    out = []
    for i, (forms, sent_labels) in enumerate(zip(sentences, labels)):
        # the words that could take a type: untagged, and with some type's probability at least
        # ``spread`` (most have none: their marginals were pruned); only then are votes gathered
        marg = marginals[i]
        candidates = [t for t, form in enumerate(forms) if marg[t] and sent_labels[t] == "O" and len(form) >= 3
                      and max(marg[t].values()) >= spread and _WORDY.search(form)]  # fmt: skip
        if not candidates:
            out.append(sent_labels)
            continue
        # each key's tagged kinds in text order: counted into the votes below in that order,
        # so ties go to the kind met first
        types: dict[str, list[str]] = {}
        for j in range(max(0, i - reach), min(len(sentences), i + reach + 1)):
            for keys, kind in tagged[j]:
                for key in keys:
                    types.setdefault(key, []).append(kind)
        if not types:  # no tagged word within reach: nothing to lend
            out.append(sent_labels)
            continue
        kinds = [y[2:] if y != "O" else None for y in sent_labels]
        starts = [y[:1] in ("B", "S") for y in sent_labels]
        changed = False
        for t in candidates:
            form = forms[t]
            keys = _word_keys(form)
            if types.keys().isdisjoint(keys):
                continue
            votes: Counter = Counter()
            for key in keys:
                votes.update(types.get(key, ()))
            if votes:
                kind = votes.most_common(1)[0][0]
                if marg[t].get(kind, 0.0) >= spread:
                    kinds[t], changed = kind, True
                    # known only without its clitics (לבנט beside בנט): a mention of its own,
                    # not the next word of the name before it (נתניהו לבנט)
                    starts[t] = form not in types
        out.append(labels_from_kinds(kinds, starts) if changed else sent_labels)
    return out


def model_path() -> Path:
    """Where the bundled entity model lives."""
    return DATA_DIR / MODEL_FILE


@lru_cache(maxsize=4)
def load_model(path: Path | None = None) -> EntityModel:
    """Load the entity model once per process (``path`` defaults to the bundled one)."""
    path = Path(path) if path else model_path()
    if not path.exists():
        raise EntityModelError(
            f"the entity model {path} is missing. Fix: run `python -m iton.training.entities` "
            "(needs the train extra: pip install 'iton[train]') or reinstall iton"
        )
    meta_path = path.with_suffix(".json")
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
    model = EntityModel(path, meta)
    gc.freeze()  # its word lists live as long as the process (see iton.morph.model.load)
    return model


def tag_tokens(forms: list[str], model: EntityModel | None = None, propn: list[bool] | None = None) -> list[str]:
    """BIO or BIOES entity labels for one sentence of cleaned token forms (read with :func:`spans_from_bioes`)."""
    return (model or load_model()).tag(forms, propn)


def host_upos(morphemes: list[Morpheme]) -> str:
    """The POS of a token's host: its first morpheme after the clitic prefixes (and the quotation
    mark of a quoted word, ל"הארץ)."""
    return morphemes[host_position(morphemes)].upos if morphemes else "X"


def proper_nouns(tokens: list[Token]) -> list[bool] | None:
    """Per token, whether the morphology tagged its host PROPN; None when no trained morphology
    ran (no morphemes, or the rules engine, which leaves hosts untagged as X)."""
    hosts = [host_upos(t.morphemes) for t in tokens]
    if not any(h not in ("X", "PUNCT") for h in hosts):
        return None
    return [h == "PROPN" for h in hosts]


def strip_by_morphemes(form: str, morphemes: list[Morpheme]) -> str:
    """``form`` without the written letters of its leading clitic morphemes (a hidden ה costs none)."""
    i, pos = 0, 0
    while i < len(morphemes) - 1 and morphemes[i].form in _PREFIX_FORMS and morphemes[i].upos in _PREFIX_UPOS:
        seg = morphemes[i].form
        if form.startswith(seg, pos):
            pos += len(seg)
        elif seg != "ה":  # the analysis does not match the letters: keep the token whole
            return form
        i += 1
    return form[pos:] if len(form) - pos >= MIN_STEM_LETTERS else form


def entity_lemma(tokens: list[Token], known: dict[str, str] | None = None,
                 frequency: dict[str, int] | None = None) -> str:
    """The lemma form of an entity: its token forms with the first token's leading clitics stripped.

    Uses the token's morphemes when the morphology stage ran; otherwise strips clitic letters
    when the remainder is a name seen in training (``known``), so פוטין, לפוטין and ופוטין meet.

    >>> entity_lemma([Token("ולפוטין", 0, 7, "hebrew")], {"פוטין": "PER"})
    'פוטין'
    """
    if not tokens:
        return ""
    return name_words(entity_head(tokens[0], known, frequency), [t.form for t in tokens[1:]])


# Punctuation tokens as iton's tokenizer writes them: every dash and maqaf as "-", and the quote
# marks; a name's lemma form leaves them out.
DASH = "-"
QUOTE_MARKS = frozenset({'"', "'"})
MARKS_OUTSIDE_NAMES = QUOTE_MARKS | {DASH}


def name_words(first: str, rest: Iterable[str]) -> str:
    """An entity's lemma form: ``first`` (its first word without clitics), then the ``rest`` of
    its words as written but for dashes and quote marks, so a name written with a hyphen meets the
    same name written without one (בן-זאיד, בן זאיד; the tokenizer makes every dash and the maqaf a
    token of its own), and a quoted one the same name unquoted (חטיבת "גולני", חטיבת גולני)."""
    return " ".join([first, *(form for form in rest if form not in MARKS_OUTSIDE_NAMES)])


def bare_spelling(stem: str, token: Token) -> str:
    """``stem`` as written without clitics: a word doubles its first ו behind them (הוועדה) and
    is written with one alone (ועדה), as the morphology's lemma shows; a name that starts with
    two (וושינגטון) keeps them, its lemma being its written form."""
    if stem != token.form and stem.startswith(DOUBLED_VAV) and token.morphemes:
        lemma = token.morphemes[host_position(token.morphemes)].lemma
        if lemma.startswith(DOUBLED_VAV[0]) and not lemma.startswith(DOUBLED_VAV):
            return stem[1:]
    return stem


def entity_head(token: Token, known: dict[str, str] | None = None, frequency: dict[str, int] | None = None) -> str:
    """The first word of an entity without its clitics, when the evidence says they are clitics.

    Candidates are the stem the morphology gives and the clitic-stripped forms. A name seen
    in training wins (ישראל stays whole, לפוטין becomes פוטין); otherwise a stem is taken only
    when it is at least as frequent a word as the whole form, so ולדימיר and לפיד stay whole.
    """
    form = token.form
    known = known or {}
    frequency = frequency or {}
    if form in known:
        return form
    candidates = []
    if token.morphemes:
        stem = strip_by_morphemes(form, token.morphemes)
        if stem != form:
            candidates.append(stem)
    candidates += [s for s in stripped_forms(form) if s not in candidates]
    for stem in candidates:
        if stem in known:
            return stem
    if not frequency:
        return candidates[0] if token.morphemes and candidates else form
    whole = frequency.get(form, -1)
    best = max(candidates, key=lambda c: frequency.get(c, -1), default=None)
    if best is not None and frequency.get(best, -1) >= max(whole, 0):
        return best
    return form


def tag_entities(doc: Document, model: EntityModel | None = None) -> list[Entity]:
    """Find the named entities of ``doc`` (its sentences as one text) and return them in text order.

    Each :class:`~iton.document.Entity` has the NEMO type, the token range ``[first, last)``,
    character offsets into ``doc.text``, the original text and the lemma form.
    Does not modify ``doc``; the pipeline's entities stage stores the result.
    """
    return tag_documents([doc], model)[0]


def tag_documents(docs: list[Document], model: EntityModel | None = None) -> list[list[Entity]]:
    """:func:`tag_entities` of each document, their sentences tagged together (EntityModel.tag_texts)."""
    model = model or load_model()
    uses_propn = model.meta.get("uses_propn")
    spans, texts, flags = [], [], []
    for doc in docs:
        bounds = [(s.first, s.last) for s in doc.sentences if s.last > s.first] or [(0, len(doc.tokens))]
        sentences = [doc.tokens[first:last] for first, last in bounds]
        spans.append((bounds, sentences))
        texts.append([[t.form for t in tokens] for tokens in sentences])
        flags.append([proper_nouns(tokens) for tokens in sentences] if uses_propn else None)
    out = []
    for doc, (bounds, sentences), all_labels in zip(docs, spans, model.tag_texts(texts, flags), strict=True):
        entities: list[Entity] = []
        for (first, _), tokens, labels in zip(bounds, sentences, all_labels):
            for label, a, b in spans_from_bioes(labels):
                span = tokens[a:b]
                start, end = span[0].start, span[-1].end
                lemma = entity_lemma(span, model.lemmas, model.lexicon.frequency if model.lexicon else None)
                # each mention its own entity until the names stage merges them (iton.morph.names)
                entities.append(Entity(label, first + a, first + b, start, end, doc.text[start:end], lemma, lemma))
        out.append(entities)
    return out
