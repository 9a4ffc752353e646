"""Prepositions with a pronoun suffix whose written host is not HTB's (אותו, ביניהם, עמו, מתוכם),
written out as HTB writes them.

HTB splits a preposition with a pronoun suffix into two words, the host and the pronoun: עליו is
``על_ _הוא``, and the normalized form reads הוא. The model's label templates take a preposition
before the host as written letters at the start of the word, so where it is written otherwise
they cannot hold the split: את is written אות (אותו) or אית (איתו), בין ביני (ביניהם), and a
final letter turns medial (עם in עמו, תוך in מתוכם, מן in ממנו). Training had to leave those analyses out
(`templates.encode` refuses 422 tokens of HTB train and 431 of IAHLTwiki's, nearly all of them
these), and the model wrote the words whole or as the nearest thing it knew: אותו as the one-word
PRON "the same" (אותו יום), ביניהם as a pronoun, עמו as the noun "his people", איתם as a name.

Here each of them is written as HTB writes it. אותו, אותה, אותם and אותן are also "the same":
on HTB train the bare word (no clitic before it) is split 169 times in 194, 162 of those times
after a verb (ראיתי אותו), and 23 of the 25 "the same" follow no verb (על אותו, ביום אותו); so
those four are split only after a verb. Every other word of the table is split wherever it
stands: in HTB (all splits) אותי, אותך, אותנו, ביניהם, ביניהן, בינו, בינה, בינינו, בינם,
מתוכו, מתוכם, בתוכה, ממנה are never read otherwise, עמו once in 12 (his people), איתם once in 4
(a name), עמה, עמם, עמן, עימו never. Left out: עמי and עמנו, mostly "my/our people"; איתי and
איתן, common first names; אתה and אתם, "you"; מהם and מהן, also "what are they" (the memory's
מהם is written out by `iton.morph.blanks`). HTB writes the host of איתם and of some ממנו as the
whole token; here it is את_ and מן_, as for the rest. On train the rule is right for 218 of the
227 words of את, where the model as trained wrote 25 right. A clitic before the word other than
ו or ש (באותו, לביניהם) is left as the model reads it: HTB has באותו only as "the same"; ו and ש
before a word of the table (ובתוכה, שממנו) are written as their own words first.
"""

from __future__ import annotations

from iton.morph.templates import _unfinal, host_index

__all__ = ["POSSESSIVE_LINK", "glued_preposition", "split_glued_pronoun", "split_pronoun_suffixes"]

# The pronouns as HTB writes them after the host: form, FEATS (the lemma is always הוא).
_PRONOUNS = {
    "הוא": "Gender=Masc|Number=Sing|Person=3|PronType=Prs",
    "היא": "Gender=Fem|Number=Sing|Person=3|PronType=Prs",
    "הם": "Gender=Masc|Number=Plur|Person=3|PronType=Prs",
    "הן": "Gender=Fem|Number=Plur|Person=3|PronType=Prs",
    "אני": "Gender=Fem,Masc|Number=Sing|Person=1|PronType=Prs",
    "אתה": "Gender=Masc|Number=Sing|Person=2|PronType=Prs",
    "אנחנו": "Gender=Fem,Masc|Number=Plur|Person=1|PronType=Prs",
    "אתם": "Gender=Masc|Number=Plur|Person=2|PronType=Prs",
}
# The hosts as HTB writes them: form, lemma, UPOS, FEATS.
_HOSTS = {
    "את": ("את_", "את", "ADP", "Case=Acc"),  # the object marker
    "את-עם": ("את_", "את", "ADP", "_"),  # את "with" (איתו)
    "בין": ("בין_", "בין", "ADP", "_"),
    "עם": ("עם_", "עם", "ADP", "_"),
    "בתוך": ("בתוך_", "בתוך", "ADP", "_"),
    "מתוך": ("מתוך_", "מתוך", "ADP", "_"),
    "מן": ("מן_", "מן", "ADP", "_"),
}
# The written word -> (host, pronoun).
WORDS = {
    "אותו": ("את", "הוא"), "אותה": ("את", "היא"), "אותם": ("את", "הם"), "אותן": ("את", "הן"),
    "אותי": ("את", "אני"), "אותך": ("את", "אתה"), "אותנו": ("את", "אנחנו"),
    "איתו": ("את-עם", "הוא"), "איתה": ("את-עם", "היא"), "איתם": ("את-עם", "הם"),
    "איתנו": ("את-עם", "אנחנו"), "איתך": ("את-עם", "אתה"),
    "בינו": ("בין", "הוא"), "בינה": ("בין", "היא"), "ביניהם": ("בין", "הם"), "בינם": ("בין", "הם"),
    "ביניהן": ("בין", "הן"), "בינינו": ("בין", "אנחנו"), "ביניכם": ("בין", "אתם"),
    "עמו": ("עם", "הוא"), "עמה": ("עם", "היא"), "עמם": ("עם", "הם"), "עמן": ("עם", "הן"),
    "עימו": ("עם", "הוא"), "עימה": ("עם", "היא"), "עימם": ("עם", "הם"),
    "בתוכו": ("בתוך", "הוא"), "בתוכה": ("בתוך", "היא"), "בתוכם": ("בתוך", "הם"), "בתוכן": ("בתוך", "הן"),
    "מתוכו": ("מתוך", "הוא"), "מתוכה": ("מתוך", "היא"), "מתוכם": ("מתוך", "הם"), "מתוכן": ("מתוך", "הן"),
    "ממנו": ("מן", "הוא"), "ממנה": ("מן", "היא"), "ממני": ("מן", "אני"), "ממך": ("מן", "אתה"),
}
# The hosts whose pronoun suffix is a possessor, and the word HTB writes before it (ביתו = בית_ _של_ _הוא).
_POSSESSORS = frozenset({"NOUN", "ADJ", "PROPN", "NUM"})
POSSESSIVE_LINK = "_של_"
_OF = (POSSESSIVE_LINK, "של", "ADP", "_")
# The words that are also "the same": split only after a verb.
ALSO_SAME = frozenset({"אותו", "אותה", "אותם", "אותן"})
# The words that are also a noun today's news writes before its adjective (בינה מלאכותית, "artificial
# intelligence", which 1990s HTB never has): not split right before an adjective.
ALSO_NOUN = frozenset({"בינה"})
# The conjunctions that may stand before a word of WORDS but ALSO_SAME (ובתוכה, שביניהם, ושעימם).
_CLITICS = {"ו": [("ו", "ו", "CCONJ", "_")], "ש": [("ש", "ש", "SCONJ", "_")],
            "וש": [("ו", "ו", "CCONJ", "_"), ("ש", "ש", "SCONJ", "_")]}
# The split words of each, made once (the engine's caches key written words by identity).
_SPLITS = {word: [_HOSTS[host], ("_" + pronoun, "הוא", "PRON", _PRONOUNS[pronoun])]
           for word, (host, pronoun) in WORDS.items()}  # fmt: skip
_SPLITS.update({letters + word: [*clitics, *split] for letters, clitics in _CLITICS.items()
                for word, split in list(_SPLITS.items()) if word not in ALSO_SAME})  # fmt: skip


def split_pronoun_suffixes(tokens: list[str], words: list[list[tuple]]) -> None:
    """Write each word of WORDS in one sentence (``tokens``, and ``words``: each token's HTB words,
    changed in place) as HTB writes it, the host then the pronoun; the words of ALSO_SAME only
    where the word before is a verb (its host: a clitic before the verb does not count), and those
    of ALSO_NOUN not right before an adjective."""
    if _SPLITS.keys().isdisjoint(tokens):  # most sentences hold none of them
        return
    for i, token in enumerate(tokens):
        split = _SPLITS.get(token)
        if split is None or words[i] is split:
            continue
        if token in ALSO_SAME and (i == 0 or _host_upos(words[i - 1]) != "VERB"):
            continue
        if token in ALSO_NOUN and i + 1 < len(tokens) and _host_upos(words[i + 1]) == "ADJ":
            continue
        words[i] = split


def _host_upos(words: list[tuple]) -> str:
    """The UPOS of a token's host word (:func:`iton.morph.templates.host_index`)."""
    upos = [w[2] for w in words]
    return upos[host_index(upos)]


def glued_preposition(word: tuple) -> str | None:
    """The letters of the preposition in ``word`` (form, lemma, UPOS, FEATS), where it is a word
    glued to a pronoun suffix that :func:`split_glued_pronoun` writes as a preposition and its
    pronoun (לאחרי of לאחרי_היא); None for any other word."""
    host, glue, pronoun = word[0].strip("_").partition("_")
    if not (glue and host and pronoun in _PRONOUNS) or word[2] in _POSSESSORS:
        return None
    return host


def split_glued_pronoun(words: list[tuple]) -> list[tuple]:
    """``words`` (an unseen word's analysis) with a word glued to a pronoun suffix written as HTB
    writes it: שלאחריה came out ש + לאחרי_היא (lemma לאחריהוא), now ש + לאחרי_ + _היא. The
    classifier's suffix label of a preposition's pronoun (cut ה, write _היא, for אחריה = אחרי_
    _היא) fits any word that ends so, and after a clitic that is not the preposition it glues the
    pronoun to the rest. A glued pronoun is the object of a preposition, which keeps its letters as
    lemma; a glued noun or adjective (רגל_הם) has a possessive, written _של_ _הם."""
    for k, (form, lemma, upos, feats) in enumerate(words):
        host, glue, pronoun = form.strip("_").partition("_")
        if not (glue and host and pronoun in _PRONOUNS):
            continue
        if upos in _POSSESSORS:
            split = [(host + "_", lemma if _unfinal(host).startswith(_unfinal(lemma)) else host, upos, feats),
                     _OF, ("_" + pronoun, "הוא", "PRON", "Case=Gen|" + _PRONOUNS[pronoun])]
        else:
            split = [(host + "_", host, "ADP", "_"),
                     ("_" + pronoun, "הוא", "PRON", feats if upos == "PRON" else _PRONOUNS[pronoun])]
        return [*words[:k], *split, *words[k + 1 :]]
    return words
