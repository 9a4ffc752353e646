"""Search queries: user input parsed into a small tree (words, phrases, AND, OR, NOT, NEAR)
with its filters (period, outlets). Each store backend compiles the tree into its own syntax."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from iton.corpus.period import Period
from iton.errors import QueryError
from iton.hebrew import ARTICLE_LETTER, GERSHAYIM, HEBREW_GERSHAYIM

__all__ = ["Filters", "Group", "Near", "Not", "Phrase", "Query", "Term", "describe", "outlet_matches", "parse_query"]

# Longest query accepted: a query is typed by a person; anything longer is pasted text.
MAX_QUERY_CHARS = 1000
# Deepest nesting of brackets: a person never needs more, and the parser recurses per level
# (so a pasted run of brackets gets an error instead of exhausting Python's stack).
MAX_DEPTH = 32
# Words apart a NEAR allows when no distance is written (FTS5's own default).
NEAR_DEFAULT = 10
# Largest NEAR distance: beyond it NEAR means "anywhere in the article", which AND says.
MAX_NEAR_DISTANCE = 100
OPERATORS = ("AND", "OR", "NOT")
_NEAR = re.compile(r"NEAR(?:/(\d+))?")
_WORD = re.compile(r"\w")
# The marks that open or close a phrase: the ASCII quote, typographic quotes and the Hebrew gershayim.
_PHRASE_QUOTES = GERSHAYIM + "\u201c\u201d" + HEBREW_GERSHAYIM
# Control characters and lone surrogates (undecodable bytes of a command line) are never words.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")


@dataclass(slots=True)
class Term:
    """A query word: ``kind`` is ``lemma`` (matches any inflection), ``exact`` (``=word``,
    the written form only) or ``prefix`` (``word*``). ``lemmas``/``forms`` are filled by
    analysis: the index tokens the word stands for; ``alternatives`` too, for a word of one
    lemma: its other probable lemmas, also looked for among the articles' best readings (those
    the corpus holds as often as the best lemma: search.OTHER_READING_SHARE); and ``name``, the
    index tokens it stands for read as a name (see :class:`Phrase`)."""

    text: str
    kind: str
    position: int
    lemmas: list[str] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)
    alternatives: list[str] = field(default_factory=list)
    name: list[str] = field(default_factory=list)

    @property
    def form_searched(self) -> bool:
        """Whether a lemma word also matches its written form: when analysis changed it (בקרמלין
        -> קרמלין), and when its lemma keeps the article (הקרמלין -> הקרמלין: a name the model
        does not know alone), since articles that read that written form right store it under
        another lemma (קרמלין)."""
        return self.forms != self.lemmas or bool(self.forms) and self.forms[0].startswith(ARTICLE_LETTER)

    @property
    def label(self) -> str:
        """The word as the user wrote it: ``word``, ``=word`` or ``word*``."""
        return {"exact": f"={self.text}", "prefix": f"{self.text}*"}.get(self.kind, self.text)


@dataclass(slots=True)
class Phrase:
    """A quoted phrase (``"..."``, or ``="..."`` for written forms only): its words in order.
    ``name``: the index tokens of its words read as a name, as the names stage writes the words
    of an entity (מתי כספי, where the words alone read מתי כסף); matched beside ``lemmas``, empty
    where it is the same or no word of it is a name."""

    text: str
    exact: bool
    position: int
    lemmas: list[str] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)
    name: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        """The phrase as the user wrote it, in quotes (``=`` first when exact)."""
        return f'{"=" if self.exact else ""}"{self.text}"'


@dataclass(slots=True)
class Not:
    """A part that must not match (``NOT x``); only valid next to a part that must."""

    child: object
    position: int


@dataclass(slots=True)
class Near:
    """Words or phrases (``children``) at most ``distance`` words apart (``a NEAR/5 b``)."""

    children: list
    distance: int
    position: int


@dataclass(slots=True)
class Group:
    """``op`` is ``AND`` or ``OR`` over ``children``."""

    op: str
    children: list = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Filters:
    """Restrictions on hits besides the words: the publication ``period``, the ``outlets`` (any
    of them, each the exact name a store keeps; none given means every outlet) and the
    ``entities`` (each named in the article, as a mention's canonical form, lemma form or text)."""

    period: Period = Period()
    outlets: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()


def outlet_matches(outlet: str | None, wanted: Sequence[str]) -> bool:
    """True when ``outlet`` is one of ``wanted`` (none wanted: every outlet), by prefix or by domain:
    ``ynet`` and ``www.ynet.co.il`` and ``https://ynet.co.il/news`` all match the outlet ``ynet.co.il``."""
    if not wanted:
        return True
    name = _domain(outlet or "")
    return any(name.startswith(_domain(w)) for w in wanted if w.strip())


def _domain(text: str) -> str:
    text = text.strip().lower()
    text = text.split("://", 1)[-1].split("/", 1)[0]
    return text.removeprefix("www.")


@dataclass(slots=True)
class Query:
    """A parsed query: the tree, the words in it (in order) and the filters."""

    text: str
    tree: object
    words: list = field(default_factory=list)
    filters: Filters = Filters()

    def positive_words(self) -> list:
        """The terms and phrases that are not under a NOT (those a hit shows as matched)."""
        found: list = []

        def walk(node, negated: bool) -> None:
            if isinstance(node, Not):
                walk(node.child, True)
            elif isinstance(node, (Group, Near)):
                for child in node.children:
                    walk(child, negated)
            elif not negated:
                found.append(node)

        walk(self.tree, False)
        return found


# -- lexer ------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Token:
    kind: str  # "(", ")", "op", "word", "phrase"
    text: str
    position: int
    exact: bool = False


def _lex(query: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(query)
    while i < n:
        char = query[i]
        if char.isspace():
            i += 1
            continue
        if char in "()":
            tokens.append(_Token(char, char, i))
            i += 1
            continue
        start = i
        exact = False
        if char == "=":
            exact = True
            i += 1
            if i >= n or query[i].isspace() or query[i] in "()":
                raise QueryError(query, start, "'=' must be followed by a word or a quoted phrase",
                                 "write =המטוס to match only that written form")  # fmt: skip
            char = query[i]
        if char in _PHRASE_QUOTES:
            end = _phrase_end(query, i + 1)
            if end is None:
                raise QueryError(query, i, "the quoted phrase is not closed", 'add the closing " or remove the opening one')
            tokens.append(_Token("phrase", query[i + 1 : end], start, exact))
            i = end + 1
            continue
        while i < n and not query[i].isspace() and query[i] not in "()":
            i += 1
        word = query[start + (1 if exact else 0) : i]
        if not exact and word in OPERATORS:
            tokens.append(_Token("op", word, start))
        elif not exact and word.startswith("NEAR") and (word == "NEAR" or word[4] in "/(:"):
            if not _NEAR.fullmatch(word):
                raise QueryError(query, start, f"{word!r} is not a NEAR operator",
                                 "write מטוס NEAR רוסיה, or NEAR/5 for at most 5 words apart")  # fmt: skip
            tokens.append(_Token("near", word, start))
        else:
            tokens.append(_Token("word", word, start, exact))
    return tokens


def _phrase_end(query: str, i: int) -> int | None:
    """Index of the quote closing a phrase opened before ``i``: a quote followed by a space, a
    bracket or the end (a quote between letters is a gershayim, as in צה"ל)."""
    n = len(query)
    while i < n:
        if query[i] in _PHRASE_QUOTES and (i + 1 == n or query[i + 1].isspace() or query[i + 1] in "()*"):
            return i
        i += 1
    return None


# -- parser -----------------------------------------------------------------------------------


class _Parser:
    def __init__(self, query: str, tokens: list[_Token]) -> None:
        self.query = query
        self.tokens = tokens
        self.i = 0
        self.depth = 0
        self.words: list = []

    def peek(self) -> _Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def error(self, token: _Token | None, problem: str, fix: str) -> QueryError:
        return QueryError(self.query, token.position if token else len(self.query), problem, fix)

    def parse(self):
        if not self.tokens:
            raise QueryError(self.query, None, "the query is empty", "give at least one word to search for")
        tree = self.parse_or()
        token = self.peek()
        if token is not None:
            raise self.error(token, "unexpected ')'", "remove it or add the matching '('")
        return tree

    def parse_or(self):
        children = [self.parse_and()]
        while (token := self.peek()) is not None and token.kind == "op" and token.text == "OR":
            self.take()
            children.append(self.parse_and())
        return children[0] if len(children) == 1 else Group("OR", children)

    def parse_and(self):
        children = []
        while (token := self.peek()) is not None and not (token.kind == ")" or token.kind == "op" and token.text == "OR"):
            if token.kind == "op" and token.text == "AND":
                self.take()
                if not children:
                    raise self.error(token, "AND needs a word before it", "write מטוס AND רוסיה")
                following = self.peek()
                if following is None or following.kind == ")" or following.kind == "op" and following.text != "NOT":
                    raise self.error(token, "AND needs a word after it", "write מטוס AND רוסיה")
                continue
            children.append(self.parse_unary())
        if not children:
            token = self.peek()
            what = "OR" if token is not None and token.kind == "op" else "the group"
            raise self.error(token, f"{what} has nothing on one side", "put a word on both sides: מטוס OR טיל")
        positives = [c for c in children if not isinstance(c, Not)]
        if not positives:
            raise QueryError(self.query, children[0].position, "NOT needs something to exclude from",
                             "write what must match too: מטוס NOT רוסיה")  # fmt: skip
        return children[0] if len(children) == 1 else Group("AND", children)

    def parse_unary(self):
        token = self.peek()
        if token.kind == "op" and token.text == "NOT":
            self.take()
            following = self.peek()
            if following is None or following.kind in (")", "op"):
                raise self.error(token, "NOT needs a word after it", "write מטוס NOT רוסיה")
            return Not(self.parse_near(), token.position)
        return self.parse_near()

    def parse_near(self):
        first = self.parse_primary()
        token = self.peek()
        if token is None or token.kind != "near":
            return first
        if not isinstance(first, (Term, Phrase)):
            raise self.error(token, "NEAR joins words and quoted phrases only", "write מטוס NEAR/5 רוסיה")
        children, distance = [first], None
        while (token := self.peek()) is not None and token.kind == "near":
            self.take()
            written = _NEAR.fullmatch(token.text).group(1)
            this = NEAR_DEFAULT if written is None else int(written)
            if this > MAX_NEAR_DISTANCE:
                raise self.error(token, f"NEAR/{this} is wider than {MAX_NEAR_DISTANCE} words",
                                 "use AND for words anywhere in the article")  # fmt: skip
            if distance is not None and this != distance:
                raise self.error(token, "a chain of NEAR needs one distance", "write a NEAR/5 b NEAR/5 c")
            distance = this
            following = self.peek()
            if following is None or following.kind not in ("word", "phrase"):
                raise self.error(token, "NEAR needs a word or a quoted phrase after it", "write מטוס NEAR/5 רוסיה")
            children.append(self.parse_primary())
        exact = {isinstance(c, Phrase) and c.exact or isinstance(c, Term) and c.kind == "exact" for c in children}
        if len(exact) > 1:
            raise QueryError(self.query, children[0].position, "NEAR cannot mix =exact and other words",
                             "mark all of its words with = or none")  # fmt: skip
        return Near(children, distance, children[0].position)

    def parse_primary(self):
        token = self.take()
        if token.kind == "near":
            raise self.error(token, "NEAR needs a word or a quoted phrase before it", "write מטוס NEAR/5 רוסיה")
        if token.kind == "(":
            if self.depth >= MAX_DEPTH:
                raise self.error(token, f"brackets are nested deeper than {MAX_DEPTH}", "remove brackets")
            self.depth += 1
            if (following := self.peek()) is not None and following.kind == ")":
                raise self.error(following, "empty brackets", "put words inside them or remove them")
            inner = self.parse_or()
            closing = self.peek()
            if closing is None or closing.kind != ")":
                raise self.error(token, "the bracket is not closed", "add the matching ')'")
            self.take()
            self.depth -= 1
            return inner
        if token.kind == ")":
            raise self.error(token, "unexpected ')'", "remove it or add the matching '('")
        if token.kind == "phrase":
            if not _WORD.search(token.text):
                raise self.error(token, "the quoted phrase has no words", "put words between the quotes")
            node = Phrase(token.text.strip(), token.exact, token.position)
        else:
            text, kind = token.text, "exact" if token.exact else "lemma"
            if text.endswith("*"):
                text, kind = text.rstrip("*"), "prefix"
                if token.exact:
                    raise self.error(token, "'=' and '*' cannot be combined", "use =word for one form or word* for a prefix")
                if "*" in text:
                    raise self.error(token, "'*' may only end a word", "write ממשל* for words starting with ממשל")
            elif "*" in text:
                raise self.error(token, "'*' may only end a word", "write ממשל* for words starting with ממשל")
            if not _WORD.search(text):
                raise self.error(token, f"{token.text!r} has no letters or digits to search for",
                                 "remove it, or quote it if it is part of a phrase")  # fmt: skip
            if kind == "prefix" and len(text) < 2:
                raise self.error(token, "a prefix needs at least 2 characters", "write a longer prefix: ממ*")
            node = Term(text, kind, token.position)
        self.words.append(node)
        return node


def parse_query(text: str, filters: Filters = Filters()) -> Query:
    """Parse a query: words (lemma match), ``=word`` (written form only), ``word*`` (prefix),
    ``"phrases"``, ``AND``/``OR``/``NOT`` (upper case), ``a NEAR b`` or ``a NEAR/5 b`` (at most
    that many words apart) and brackets; words side by side mean AND.

    Raises QueryError, pointing at the problem, for anything that is not a valid query.

    >>> parse_query('מטוס OR "נשיא רוסיה"').tree.op
    'OR'
    """
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(text[:40] + "…", None, f"the query is {len(text)} characters long",
                         f"keep it under {MAX_QUERY_CHARS}")  # fmt: skip
    text = _CONTROL.sub(" ", text)  # NUL would end the string inside SQLite; a surrogate cannot be encoded
    parser = _Parser(text, _lex(text))
    tree = parser.parse()
    return Query(text, tree, parser.words, filters)


def describe(node, depth: int = 0) -> list[str]:
    """The tree as indented lines, each word with what it expands to (for --explain)."""
    pad = "  " * depth
    if isinstance(node, Group):
        return [f"{pad}{node.op}"] + [line for c in node.children for line in describe(c, depth + 1)]
    if isinstance(node, Not):
        return [f"{pad}NOT"] + describe(node.child, depth + 1)
    if isinstance(node, Near):
        return [f"{pad}NEAR/{node.distance}"] + [line for c in node.children for line in describe(c, depth + 1)]
    if isinstance(node, Term):
        if node.kind == "prefix":
            return [f"{pad}prefix {node.text}* (lemmas or written forms starting with it)"]
        if node.kind == "exact":
            return [f"{pad}exact ={node.text} -> written form {' '.join(node.forms) or '(nothing searchable)'}"]
        if not node.lemmas:
            return [f"{pad}word {node.text} -> (dropped: no searchable word left after normalization)"]
        extra = f" or written form {' '.join(node.forms)}" if node.form_searched else ""
        if node.alternatives:
            extra += f" or other probable lemma {' '.join(node.alternatives)}"
        if node.name:
            extra += f" or name {' '.join(node.name)}"
        return [f"{pad}word {node.text} -> lemma {' '.join(node.lemmas)}{extra}"]
    words = node.forms if node.exact else node.lemmas
    kind = "exact phrase" if node.exact else "phrase"
    extra = f" or name {' '.join(node.name)}" if node.name and not node.exact else ""
    return [f'{pad}{kind} "{node.text}" -> {" ".join(words) or "(nothing searchable)"}{extra}']
