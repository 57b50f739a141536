"""A long text tokenized in pieces into a ``Doc`` of exactly its length.

spaCy's tokenizer grows its ``Doc`` by doubling the token array (128 bytes a token),
so a text of 800,000 tokens ends in room for 1.3 million and, while the array is
copied into the doubled one, holds both: about 250 MB at its peak for 100 MB of
tokens. Here a long text is cut into pieces of about ``PIECE_CHARS`` characters, each
piece is tokenized alone, and the pieces' tokens (word, trailing space, norm) fill one
``Doc`` made at the final size.

The tokens are the same as the tokenizer's on the whole text. spaCy splits a text at
whitespace first and tokenizes each stretch between spaces alone; the one step that
looks across stretches is the special cases matched on the tokens (a rule with
punctuation or a space, such as "a.m."), which could match across a single space. So a
piece ends only after a single space between two words of letters alone or of digits
alone (each one token) where neither word occurs in any special-case rule; and a
tokenizer with a rule that holds whitespace and other characters gets the whole text.
"""

from __future__ import annotations

import re
from typing import Optional

import numpy
from spacy.attrs import NORM, ORTH, SPACY
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

PIECE_CHARS = 1 << 16
"""About how many characters are tokenized at a time; shorter texts go in whole."""
_WORD = r"(?:[A-Za-z]+|[0-9]+)"
_CUT = re.compile(rf"(?<=\s)({_WORD}) (?=({_WORD})\s)")  # a piece ends after the space
_RUN = re.compile(r"[A-Za-z]+|[0-9]+")


def tokenize(nlp: Language, text: str) -> Doc:
    """``nlp.make_doc(text)``, with a long text tokenized in pieces (see the module docstring)."""
    tokenizer = nlp.tokenizer
    if len(text) <= 2 * PIECE_CHARS or not isinstance(tokenizer, Tokenizer):
        return nlp.make_doc(text)
    words = rule_words(tokenizer)
    if words is None:
        return nlp.make_doc(text)
    parts = []
    for start, end in pieces(text, words, PIECE_CHARS):
        parts.append(tokenizer(text[start:end]).to_array([ORTH, SPACY, NORM]))
    table = numpy.concatenate(parts)
    del parts
    doc = Doc(nlp.vocab, words=table[:, 0], spaces=table[:, 1].astype(bool))
    doc.from_array([NORM], table[:, 2:3])  # special cases ("n't") give a token its own norm
    return doc


def rule_words(tokenizer: Tokenizer) -> Optional[frozenset[str]]:
    """The runs of letters and of digits in the tokenizer's special-case rules, which a piece
    may not end or start with; ``None`` when a rule holds whitespace among other characters."""
    rules = list(tokenizer.rules)
    if any(not rule.isspace() and any(c.isspace() for c in rule) for rule in rules):
        return None
    return frozenset(run for rule in rules for run in _RUN.findall(rule))


def pieces(text: str, avoid: frozenset[str] = frozenset(), size: int = PIECE_CHARS) -> list[tuple[int, int]]:
    """(start, end) of consecutive pieces covering ``text``: each ends after the first single
    space, at least ``size`` characters in, between two words of letters or digits not in
    ``avoid``; a piece that would be shorter than ``size`` joins the one before."""
    out: list[tuple[int, int]] = []
    start = 0
    while start < len(text):
        end = len(text)
        if len(text) - start > 2 * size:
            found = _CUT.search(text, start + size)
            while found is not None and (found.group(1) in avoid or found.group(2) in avoid):
                found = _CUT.search(text, found.end())
            end = found.end() if found is not None else end
        out.append((start, end))
        start = end
    return out
