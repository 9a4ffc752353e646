"""Analysis templates: a token's morphemes written as rules relative to its surface form.

A treebank analysis of one written token is split in four labels that a classifier can
predict and that apply to unseen words:

* ``prefix``  the leading clitic morphemes (ו, ב, ה, the hidden article ``ה_``, כש …) as literals;
* ``suffix``  how the host's written form is cut from the rest of the token, plus the trailing
  morphemes (``_של_``, ``_הוא`` …) as literals;
* ``tag``     the host's UPOS and FEATS;
* ``lemma``   an edit script turning the rest of the token (after the prefix letters) into the
  host's lemma.

The host is the first morpheme that is not ADP, CCONJ, SCONJ or DET (the last one when all
are), which is the morpheme whose lemma the normalized form keeps.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from iton.hebrew import CLITIC_UPOS, FIRST_LETTER, LAST_LETTER

__all__ = [
    "CLITIC_UPOS",
    "apply_form_rule",
    "apply_lemma_rule",
    "build",
    "decode",
    "encode",
    "host_index",
    "lemma_rule",
    "parse_lemma",
    "parse_prefix",
    "parse_suffix",
    "parse_tag",
    "prefix_length",
    "written_letters",
]

# The article that is not written after ב/כ/ל: HTB writes it ``ה_``.
HIDDEN_ARTICLE = "ה_"
FIELD = "\x1f"  # separates the fields of one morpheme inside a label
ITEM = "\x1e"  # separates morphemes inside a label


def host_index(upos: list[str]) -> int:
    """Return the index of the host morpheme: the first that is not a clitic, else the last."""
    for i, tag in enumerate(upos):
        if tag not in CLITIC_UPOS:
            return i
    return len(upos) - 1


def _written(form: str) -> str:
    """Return the letters a morpheme form takes in the surface (none for the hidden article)."""
    return "" if form == HIDDEN_ARTICLE else form.strip("_")


def written_letters(words) -> str:
    """The letters HTB words (form first) take in the surface, one after another: a token's
    clitics (ו, ש, ב, but not the hidden article) are the letters their host comes after."""
    return "".join(_written(w[0]) for w in words)


def _join(words) -> str:
    return ITEM.join(FIELD.join(w) for w in words)


def _split(label: str) -> list[tuple[str, ...]]:
    return [tuple(item.split(FIELD)) for item in label.split(ITEM)] if label else []


_UNFINAL = str.maketrans("ךםןףץ", "כמנפצ")
_FINAL = dict(zip("כמנפצ", "ךםןףץ"))


def _unfinal(text: str) -> str:
    """Write final letters (ך ם ן ף ץ) as their plain forms, so rules do not depend on them."""
    return text.translate(_UNFINAL)


def final_letter(letter: str) -> str:
    """``letter`` in its final form where it has one (an acronym's last letter too: כטב"ם)."""
    return _FINAL.get(letter, letter)


def _finalize(text: str) -> str:
    """Write the last letter in its final form when it has one (not after ' or ")."""
    if len(text) >= 2 and text[-1] in _FINAL and FIRST_LETTER <= text[-2] <= LAST_LETTER:
        return text[:-1] + _FINAL[text[-1]]
    return text


def lemma_rule(rest: str, lemma: str) -> str:
    """Return an edit script from ``rest`` to ``lemma``.

    The script lists the changed stretches of a character alignment, each anchored to the
    start or to the end of the word, whichever is nearer, so that one script serves every
    word of a pattern (תופס → תפס and רותח → רתח share "drop the ו after the first letter").
    Final letters are compared as plain letters. A lemma sharing no letter is a literal.
    """
    src, dst = _unfinal(rest), _unfinal(lemma)
    opcodes = SequenceMatcher(None, src, dst, autojunk=False).get_opcodes()
    if not any(tag == "equal" for tag, *_ in opcodes) or _finalize(dst) != lemma:
        return "=" + lemma
    ops = []
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            continue
        anchor = f"s{i1}" if i1 <= len(src) - i2 else f"e{len(src) - i1}"
        ops.append(f"{anchor}{FIELD}{src[i1:i2]}{FIELD}{dst[j1:j2]}")
    return ITEM.join(ops)


def apply_lemma_rule(rest: str, rule: str) -> str | None:
    """Apply a lemma edit script; ``None`` when it does not fit ``rest``."""
    return _apply_ops(rest, parse_lemma(rule))


def _apply_ops(rest: str, parsed: tuple) -> str | None:
    if not parsed:
        return rest
    if parsed[0] is None:
        return parsed[1]
    src = _unfinal(rest)
    n = len(src)
    out, pos = [], 0
    for from_start, offset, old, new in parsed:
        start = offset if from_start else n - offset
        if start < pos or start + len(old) > n or src[start : start + len(old)] != old:
            return None
        out.append(src[pos:start])
        out.append(new)
        pos = start + len(old)
    out.append(src[pos:])
    lemma = "".join(out)
    return _finalize(lemma) if lemma else None


def _form_rule(rest: str, form: str) -> str:
    k = 0
    while k < len(rest) and k < len(form) and rest[k] == form[k]:
        k += 1
    return f"{len(rest) - k}{FIELD}{form[k:]}"


def apply_form_rule(rest: str, rule: str) -> str | None:
    """Apply a host-form rule (cut letters at the end, add a tail); ``None`` when it does not fit."""
    cut, add = rule.split(FIELD, 1)
    c = int(cut)
    if c > len(rest) or (c == len(rest) and not add):
        return None
    return rest[: len(rest) - c] + add


def prefix_length(prefix: str) -> str:
    """Return the surface letters the prefix label takes (empty string for no prefix)."""
    return written_letters(_split(prefix))


def encode(surface: str, words) -> tuple[str, str, str, str] | None:
    """Return the (prefix, suffix, tag, lemma) labels of a token, ``None`` when they do not fit.

    ``words`` are the treebank words of the token, objects with form/lemma/upos/feats.
    """
    h = host_index([w.upos for w in words])
    prefix = _join((w.form, w.lemma, w.upos, w.feats) for w in words[:h])
    letters = prefix_length(prefix)
    if not surface.startswith(letters) or len(letters) >= len(surface):
        return None
    rest = surface[len(letters) :]
    host = words[h]
    suffix = _form_rule(rest, host.form) + ITEM + _join((w.form, w.lemma, w.upos, w.feats) for w in words[h + 1 :])
    return prefix, suffix, f"{host.upos}{FIELD}{host.feats}", lemma_rule(rest, host.lemma)


def decode(surface: str, prefix: str, suffix: str, tag: str, lemma: str) -> list[tuple[str, str, str, str]] | None:
    """Return the words (form, lemma, upos, feats) the labels give for ``surface``; ``None`` when they do not fit."""
    letters = prefix_length(prefix)
    if not surface.startswith(letters) or len(letters) >= len(surface):
        return None
    rest = surface[len(letters) :]
    host_lemma = apply_lemma_rule(rest, lemma)
    form_rule, _, trailing = suffix.partition(ITEM)
    host_form = apply_form_rule(rest, form_rule)
    if not host_lemma or host_form is None:
        return None
    upos, feats = tag.split(FIELD)
    words = [tuple(w) for w in _split(prefix)]
    words.append((host_form, host_lemma, upos, feats))
    words.extend(tuple(w) for w in _split(trailing))
    return words


# ---- pre-parsed labels: the run-time decoder parses each label once -------------------


def parse_prefix(label: str) -> tuple[str, tuple]:
    """Return (surface letters, morphemes) of a prefix label."""
    words = tuple(tuple(w) for w in _split(label))
    return "".join(_written(w[0]) for w in words), words


def parse_suffix(label: str) -> tuple[int, str, tuple]:
    """Return (letters cut from the end, tail added, trailing morphemes) of a suffix label."""
    form_rule, _, trailing = label.partition(ITEM)
    cut, add = form_rule.split(FIELD, 1)
    return int(cut), add, tuple(tuple(w) for w in _split(trailing))


def parse_tag(label: str) -> tuple[str, str]:
    """Return (upos, feats) of a tag label."""
    upos, feats = label.split(FIELD)
    return upos, feats


def parse_lemma(label: str) -> tuple:
    """Return a lemma rule as a tuple of (from start?, offset, old, new) edits, or (None, literal)."""
    if label.startswith("="):
        return None, label[1:]
    if not label:
        return ()
    edits = []
    for item in label.split(ITEM):
        anchor, old, new = item.split(FIELD)
        edits.append((anchor[0] == "s", int(anchor[1:]), old, new))
    return tuple(edits)


def build(surface: str, prefix: tuple, suffix: tuple, tag: tuple, lemma: tuple) -> list | None:
    """Return the morphemes that pre-parsed labels give for ``surface``; ``None`` when they do not fit."""
    letters, words = prefix
    n = len(letters)
    if n and (n >= len(surface) or not surface.startswith(letters)):
        return None
    rest = surface[n:] if n else surface
    r = len(rest)
    host_lemma = _apply_ops(rest, lemma) if lemma else rest
    if not host_lemma:
        return None
    cut, add, trailing = suffix
    if cut > r or (cut == r and not add):
        return None
    host = (rest[: r - cut] + add, host_lemma, tag[0], tag[1])
    if not trailing and not words:
        return [host]
    return [*words, host, *trailing]
