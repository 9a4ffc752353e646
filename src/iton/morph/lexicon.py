"""A user lexicon: a newsroom's own readings of words, applied after the model, no retraining.

The file is UTF-8 TSV, one entry a line: ``form<TAB>lemma[<TAB>UPOS]``; blank lines and lines
starting with ``#`` are skipped. A token written as ``form``, or as ``form`` with clitic letters
before it (בקרמלין for קרמלין), gets ``lemma`` (and ``UPOS`` when given) for its host, whatever
the model read; a named entity's form follows the lexicon too (its first word under clitics,
the others only as written). A bad line is reported with its line number and reason and left
out; the other entries still apply.

>>> lexicon = parse_lexicon(["כספי\\tכספי\\tPROPN", "חלליות\\tחללית"])
>>> lexicon.entries["חלליות"]
LexiconEntry(form='חלליות', lemma='חללית', upos=None)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from iton.document import Document, Morpheme
from iton.errors import InputNotReadable
from iton.hebrew import GERESH, GERSHAYIM, HEBREW_GERESH, HEBREW_GERSHAYIM, clitic_split, has_hebrew
from iton.morph.entities import host_upos
from iton.morph.prefixes import prefix_morphemes

__all__ = ["LexiconEntry", "UserLexicon", "apply_lexicon", "entry_of", "entry_problem", "format_lexicon",
           "parse_lexicon", "read_lexicon"]

# The universal POS tags of UD v2: a lexicon's third column must be one of them.
UPOS_TAGS = frozenset("ADJ ADP ADV AUX CCONJ DET INTJ NOUN NUM PART PRON PROPN PUNCT SCONJ SYM VERB X".split())
# The Hebrew quote marks as the clean-up writes them (the tokens a lexicon form is matched against).
_QUOTES = str.maketrans({HEBREW_GERSHAYIM: GERSHAYIM, HEBREW_GERESH: GERESH})


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    """One reading: the written ``form``, its ``lemma``, and its UPOS (None: keep the model's)."""

    form: str
    lemma: str
    upos: str | None = None


@dataclass
class UserLexicon:
    """The entries by form, and the problems of the lines left out (``source:line: reason``)."""

    entries: dict[str, LexiconEntry] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def lookup(self, form: str) -> tuple[str, LexiconEntry] | None:
        """The clitic letters before an entry and the entry ``form`` is written as, or None."""
        n = clitic_split(form, self.entries)
        return None if n is None else (form[:n], self.entries[form[n:]])

    def entity_form(self, words: str) -> str:
        """An entity's lemma or canonical form with the lexicon's lemmas: its first word looked up
        under clitics (the form already lost them, or the tagger kept them), the others only as
        written (clitic letters inside a name belong to it: בית המשפט)."""
        if not self.entries or not words:
            return words
        out = words.split(" ")
        for i, word in enumerate(out):
            hit = self.lookup(word) if i == 0 else ("", self.entries[word]) if word in self.entries else None
            if hit is not None:
                out[i] = hit[1].lemma
        return " ".join(out)


def parse_lexicon(lines: Iterable[str], source: str = "<lexicon>") -> UserLexicon:
    """Read TSV lines into a :class:`UserLexicon`; bad lines go to its ``problems``."""
    lexicon = UserLexicon()
    for number, line in enumerate(lines, 1):
        line = line.rstrip("\r\n")
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        problem = entry_problem(cells)
        if problem:
            lexicon.problems.append(f"{source}:{number}: {problem}; line left out")
            continue
        entry = entry_of(cells)
        lexicon.entries[entry.form] = entry
    return lexicon


def entry_of(cells: list[str]) -> LexiconEntry:
    """The entry of checked cells (see :func:`entry_problem`); Hebrew gershayim and geresh are
    written as the quote marks the clean-up reads them as, so צה״ל finds צה"ל."""
    form, lemma = (cell.translate(_QUOTES) for cell in cells[:2])
    return LexiconEntry(form, lemma, cells[2] if len(cells) > 2 and cells[2] else None)


def format_lexicon(entries: Iterable[LexiconEntry]) -> str:
    """Entries as the TSV that :func:`parse_lexicon` reads back, one line each."""
    return "".join("\t".join([e.form, e.lemma, *([e.upos] if e.upos else [])]) + "\n" for e in entries)


def entry_problem(cells: list[str]) -> str | None:
    """Why ``cells`` (form, lemma and maybe UPOS) are not a lexicon entry; None when they are."""
    if len(cells) < 2 or len(cells) > 3:
        return f"expected form<TAB>lemma[<TAB>UPOS], found {len(cells)} column(s)"
    form, lemma = cells[0], cells[1]
    if not form or not lemma:
        return "empty form or lemma"
    if " " in form or " " in lemma:
        return "a form and a lemma are one word each (no spaces)"
    if not has_hebrew(form):
        return f"form {form!r} has no Hebrew letter"
    if len(cells) == 3 and cells[2] and cells[2] not in UPOS_TAGS:
        return f"UPOS {cells[2]!r} is not a UD tag ({' '.join(sorted(UPOS_TAGS))})"
    return None


def read_lexicon(path: str | Path) -> UserLexicon:
    """Read a lexicon file; raises :class:`~iton.errors.InputNotReadable` when it cannot be read."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputNotReadable(str(path), getattr(exc, "strerror", None) or str(exc)) from None
    return parse_lexicon(text.splitlines(), str(path))


def apply_lexicon(doc: Document, lexicon: UserLexicon) -> None:
    """Give every Hebrew token of ``doc`` found in ``lexicon`` the entry's reading (in place)."""
    if not lexicon.entries:
        return
    for token in doc.tokens:
        if not token.is_hebrew:
            continue
        hit = lexicon.lookup(token.form)
        if hit is None:
            continue
        letters, entry = hit
        host = Morpheme(entry.form, entry.lemma, entry.upos or host_upos(token.morphemes))
        token.morphemes = [*prefix_morphemes(token, letters), host]
        token.alternatives = ()  # the newsroom's lemma is the reading; the model's others are not
    for entity in doc.entities:
        entity.lemma = lexicon.entity_form(entity.lemma)
        entity.canonical = lexicon.entity_form(entity.canonical)
