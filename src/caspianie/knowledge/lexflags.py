"""Lexical tests of token patterns, computed once per word type as lexeme flags.

A token test on a lexical attribute (ORTH, LOWER, SHAPE, a regex or set on
them) depends only on the word, so ``Vocab.add_flag`` can compute it once per
vocabulary entry and spaCy's ``Matcher`` checks one bit in C instead of calling
Python at every token. A vocabulary has 46 free flag bits, shared by every
matcher on it; a test that finds none stays as written. The same tests pick
each pattern's *anchor*: the required token whose test passes least often.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Iterable, Iterator, Optional, Union

from spacy.attrs import IDS
from spacy.schemas import validate_token_pattern
from spacy.vocab import Vocab

FREE_FLAG_BITS = (13, *range(19, 64))
"""Lexeme flag bits spaCy leaves free (13 is the retired IS_OOV)."""
RESERVED_FOR_ANCHORS = 6
"""Predicate flags stop while this many bits are free, so later matchers still get an anchor flag."""
PREDICATE_OPS = frozenset({"REGEX", "IN", "NOT_IN"})
REQUIRED_OPS = frozenset({"1", "+"})

Condition = tuple[str, str, Any]
"""(attribute, operator, value): operator is ``==``, ``REGEX``, ``IN`` or ``NOT_IN``."""


def pattern_errors(pattern: list[dict[str, Any]]) -> list[str]:
    """What spaCy's pattern schema finds wrong with a token pattern (empty when it is valid).

    ``AnchoredMatcher`` takes patterns unvalidated, since flag keys are not in
    the schema; loaders call this first and report the file and line.
    """
    errors = validate_token_pattern(pattern)
    if not errors and not pattern:
        errors = ["an empty pattern matches nothing"]
    return errors


def _orth(string: str) -> str:
    return string


class LexicalTest:
    """A picklable ``str -> bool`` test of a word type, equal to any test with the same conditions.

    ``conditions`` must all hold (or, with ``any_of``, one group of them must):
    ``any_of`` tests are the union of several patterns' anchors.
    """

    def __init__(self, vocab: Vocab, groups: Iterable[tuple[Condition, ...]], any_of: bool = False) -> None:
        self.groups = tuple(sorted(set(groups), key=repr))
        self.any_of = any_of
        self.key = (any_of, repr(self.groups))
        self._getters = {attr: _getter(vocab, attr) for group in self.groups for attr, _, _ in group}
        self._build()

    def _compile(self, condition: Condition) -> Callable[[str], bool]:
        attr, op, value = condition
        get = self._getters[attr]
        if op == "REGEX":
            search = re.compile(value).search
            if attr == "ORTH":
                return lambda s: search(s) is not None
            return lambda s: search(str(get(s))) is not None
        if op == "IN":
            return value.__contains__ if attr == "ORTH" else lambda s: get(s) in value
        if op == "NOT_IN":
            return lambda s: get(s) not in value
        return lambda s: get(s) == value

    def _build(self) -> None:
        """The test as one function: it runs for every new word the vocabulary meets.

        A group with an ``==``/``IN`` condition on ORTH or LOWER is looked up by that
        word (a dict hit) before its other conditions run; only the remaining groups are
        tried one by one.
        """
        self._compiled = tuple(tuple(self._compile(c) for c in group) for group in self.groups)
        keyed: dict[str, dict[str, list[int]]] = {"ORTH": {}, "LOWER": {}}
        rest: list[int] = []
        for index, group in enumerate(self.groups):
            key = next(((attr, op, value) for attr, op, value in group
                        if attr in keyed and op in ("==", "IN") and isinstance(value, (str, frozenset))), None)
            if key is None:
                rest.append(index)
                continue
            attr, op, value = key
            for word in ([value] if op == "==" else value):
                keyed[attr].setdefault(word, []).append(index)
        compiled = self._compiled
        by_orth, by_lower = keyed["ORTH"], keyed["LOWER"]
        lower = self._getters.get("LOWER")
        others = tuple(compiled[i] for i in rest)

        def passes(tests: tuple[Callable[[str], bool], ...], string: str) -> bool:
            for test in tests:
                if not test(string):
                    return False
            return True

        def any_group(string: str) -> bool:
            for index in by_orth.get(string, ()):
                if passes(compiled[index], string):
                    return True
            if by_lower:
                for index in by_lower.get(lower(string), ()):
                    if passes(compiled[index], string):
                        return True
            for tests in others:
                if passes(tests, string):
                    return True
            return False

        if self.any_of:
            self._fast = any_group
        elif len(compiled[0]) == 1:
            self._fast = compiled[0][0]
        else:
            only = compiled[0]
            self._fast = lambda string: passes(only, string)

    def __call__(self, string: str) -> bool:
        return self._fast(string)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LexicalTest) and other.key == self.key

    def __hash__(self) -> int:
        return hash(self.key)

    def __getstate__(self) -> dict[str, Any]:
        return {"groups": self.groups, "any_of": self.any_of, "key": self.key, "_getters": self._getters}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._build()


def _attr_name(key: Union[str, int]) -> Optional[str]:
    if not isinstance(key, str):
        return None
    name = key.upper()
    return "ORTH" if name == "TEXT" else name


def _getter(vocab: Vocab, attr: str) -> Callable[[str], Any]:
    return _orth if attr == "ORTH" else vocab.lex_attr_getters[IDS[attr]]


def is_lexical(vocab: Vocab, attr: Optional[str]) -> bool:
    """Whether an attribute depends only on the word type (NORM may be set per token, so it does not)."""
    if attr is None or attr == "NORM":
        return False
    return attr == "ORTH" or (attr in IDS and IDS[attr] in vocab.lex_attr_getters)


def conditions(vocab: Vocab, spec: dict[str, Any]) -> tuple[Condition, ...]:
    """The lexical conditions of one token spec, in a form ``LexicalTest`` can evaluate."""
    out: list[Condition] = []
    for key, value in spec.items():
        attr = _attr_name(key)
        if not is_lexical(vocab, attr):
            continue
        if isinstance(value, dict):
            if not set(value) <= PREDICATE_OPS:
                continue
            for op, operand in value.items():
                out.append((attr, op, operand if op == "REGEX" else frozenset(operand)))
        elif isinstance(value, (str, bool, int)):
            out.append((attr, "==", value))
    return tuple(out)


def _common(vocab: Vocab, word: Any) -> bool:
    """Whether a word is a stop word or punctuation: frequent enough to make a poor anchor."""
    getters = vocab.lex_attr_getters
    return any(getters[IDS[flag]](str(word)) for flag in ("IS_STOP", "IS_PUNCT") if IDS[flag] in getters)


def selectivity(vocab: Vocab, group: tuple[Condition, ...]) -> float:
    """How rarely a token passes: content words beat regexes beat one function word beats flags.

    A set scores by its share of content words, so month names (one of them,
    "may", a stop word) anchor well and ``{"the", "this"}`` only as a last resort.
    """
    best = 0.0
    for attr, op, value in group:
        if op in ("==", "IN") and attr in ("ORTH", "LOWER") and isinstance(value, (str, frozenset)):
            words = [value] if isinstance(value, str) else list(value)
            content = sum(not _common(vocab, w) for w in words) / len(words)
            score = (4.0 if op == "==" else 3.0) * content
            best = max(best, score if content else (1.5 if op == "==" else 0.5))
        elif op == "REGEX":
            best = max(best, 2.0)
        elif op == "==" and value is True:
            best = max(best, 1.0)
    return best


def anchor(vocab: Vocab, pattern: list[dict[str, Any]]) -> Optional[tuple[int, tuple[Condition, ...]]]:
    """The index and lexical conditions of the most selective required token of ``pattern``, if any."""
    best: Optional[tuple[float, int, tuple[Condition, ...]]] = None
    for index, spec in enumerate(pattern):
        found = conditions(vocab, spec) if spec.get("OP", "1") in REQUIRED_OPS else ()
        score = selectivity(vocab, found) if found else 0.0
        if score > 0 and (best is None or score > best[0]):
            best = (score, index, found)
    return (best[1], best[2]) if best else None


def flag_for(vocab: Vocab, test: LexicalTest, reserve: int = 0) -> Optional[int]:
    """The lexeme flag bit computing ``test``: an existing one, a new one, or None when bits run out."""
    getters = vocab.lex_attr_getters
    for bit, getter in getters.items():
        if isinstance(getter, LexicalTest) and getter == test and bit in FREE_FLAG_BITS:
            return bit
    free = [bit for bit in FREE_FLAG_BITS if bit not in getters]
    if len(free) <= reserve:
        return None
    return vocab.add_flag(test, free[0])


def _predicates(vocab: Vocab, spec: dict[str, Any]) -> Iterator[tuple[Any, LexicalTest]]:
    """The spec's keys whose value is a lexical ``IN``/``NOT_IN``/``REGEX`` test, with that test."""
    for key, value in spec.items():
        if isinstance(value, dict) and set(value) <= PREDICATE_OPS and is_lexical(vocab, _attr_name(key)):
            yield key, LexicalTest(vocab, [conditions(vocab, {key: value})])


def repeats(spec: dict[str, Any]) -> bool:
    """Whether a spec may match more than one token (``+``, ``*`` or a ``{n,m}`` quantifier)."""
    op = str(spec.get("OP", "1"))
    return op in ("+", "*") or op.startswith("{")


def is_hot(pattern: list[dict[str, Any]], index: int) -> bool:
    """Whether a spec is tested at most tokens: the first of a pattern, or a repeated one."""
    return index == 0 or repeats(pattern[index])


def compile_spec(vocab: Vocab, spec: dict[str, Any]) -> dict[Any, Any]:
    """``spec`` with its lexical tests replaced by flag bits, existing or new while enough are free."""
    out: dict[Any, Any] = dict(spec)
    for key, test in _predicates(vocab, spec):
        bit = flag_for(vocab, test, RESERVED_FOR_ANCHORS)
        if bit is not None:
            del out[key]
            out[bit] = True
    return out
