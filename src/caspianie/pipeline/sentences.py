"""Rule-based sentence segmentation for a blank English pipeline (no parser).

A sentence ends after ``.``, ``!`` or ``?`` (with any closing quotes, brackets
and citation markers such as ``[8]`` that follow), at every blank line, at a
line break that ends a heading, list item or dateline, and after an opening
dateline (``BAKU, 12 March 2024 —``). It does not end after initials, the
abbreviations of ``patterns/abbreviations.jsonl``, list numbers (``1.``) or
before a lowercase word. Rules and their reasons: docs/reading.md.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Callable, Iterator, Optional

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

from caspianie.errors import Errors
from caspianie.pipeline.extensions import (
    blank_before,
    doc_text,
    joined_to_next,
    line_bounds,
    line_of,
    register_extensions,
    token_starts,
    token_texts,
)
from caspianie.pipeline.lists import LIST_ITEM, next_content_index
from caspianie.pipeline.timex.datelines import find_dateline
from caspianie.pipeline.furniture import stamp_ends
from caspianie.knowledge.patternfiles import Abbreviation, entry_error, read_located, resolve

_TERMINALS = frozenset({".", "!", "?", "…", "...", "?!", "!?"})
_CLOSERS = frozenset({")", "]", "}", "»", "”", "’", '"', "'"})
_QUOTES = frozenset({'"', "'"})
# Punctuation that ends a line of prose (a line break after it is a boundary).
_LINE_FINAL = ".!?…;:"
# Initials: "N.", "A.K.", "Л.М." (uppercase letters of any script, each with a period).
_INITIALS = re.compile(r"^(?:[^\W\d_]\.){1,3}$")
# A blank line inside the whitespace between two tokens.
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
# Lines shorter than this without final punctuation are headings or datelines, not wrapped prose.
_SHORT_LINE = 60
# A trailing hyphen after a letter ("Baku- Tbilisi") is split off by customize_tokenizer.
_TRAILING_HYPHEN = r"(?<=[^\W\d_])-"
_NUMBER_DASH = r"(?<=[0-9])[–—](?=[0-9])"
_GLUED_PARENTHESIS = r"(?<=[^\W\d_])\((?=[^\W\d_])"  # "Baku-Tbilisi-Ceyhan(BTC)": the bracket opens a token
_ABBREVIATION_RULES = ("never", "if_next_upper")
# No sentence is longer than this many tokens: a run-on text (a scraped page without
# punctuation, a 1 MB single line) is cut into pieces so that components that scan a
# sentence per match stay linear in the document's length. Prose sentences of the
# corpus have at most 86 tokens.
MAX_SENTENCE_TOKENS = 250
_SOFT_BREAKS = frozenset({",", ";", ":", "—", "–", ")"})


@dataclass(frozen=True)
class Abbreviations:
    """Abbreviations whose period may not end a sentence, by rule.

    ``never``: the period never ends a sentence (``Nov.``, ``Dr.``, ``e.g.``);
    ``if_next_upper``: it ends one only before a capitalized word (``etc.``, ``Ltd.``).
    """

    rules: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, source: Optional[str | Path] = None) -> "Abbreviations":
        """Read a JSONL file of ``{"text": ..., "ends_sentence": ...}`` (default: the packaged one)."""
        path = resolve(source or "abbreviations.jsonl")
        rules: dict[str, str] = {}
        for lineno, entry in read_located(path, Abbreviation):
            rule, text = entry.ends_sentence, entry.text
            if rule not in _ABBREVIATION_RULES or not text.endswith("."):
                reason = f"'{text}' needs a final period and ends_sentence in {_ABBREVIATION_RULES}"
                raise entry_error(Errors.E004, path, lineno, reason)
            rules[text] = rule
            if text[0].islower():
                rules.setdefault(text[0].upper() + text[1:], rule)
        return cls(rules)

    @cached_property
    def longest(self) -> int:
        """The length of the longest abbreviation."""
        return max(map(len, self.rules), default=0)

    def rule_for(self, before: str) -> Optional[str]:
        """The rule of the abbreviation that ``before`` (text up to a period) ends with, if any."""
        for text, rule in self.rules.items():
            if before.endswith(text):
                head = before[: len(before) - len(text)]
                if not head or not head[-1].isalnum():
                    return rule
        return None


def _next_content(doc: Doc, index: int) -> Optional[Token]:
    """The first non-space token at or after ``index``."""
    while index < len(doc):
        if not doc[index].is_space:
            return doc[index]
        index += 1
    return None


def _citation_end(doc: Doc, index: int) -> Optional[int]:
    """If a citation marker ``[1]``, ``[2, 3]``, ``[4–6]`` starts at ``index``, the index after it."""
    if doc[index].text != "[":
        return None
    for j in range(index + 1, min(index + 12, len(doc))):
        tok = doc[j]
        if tok.text == "]":
            return j + 1 if j > index + 1 else None
        if not (tok.is_digit or tok.text in {",", ";", "-", "–"}):
            return None
    return None


def _absorb(doc: Doc, index: int) -> int:
    """Skip the closing quotes, brackets and citation markers (with a period) after a terminal."""
    while index < len(doc):
        tok = doc[index]
        if tok.text in _CLOSERS and (tok.text not in _QUOTES or not doc[index - 1].whitespace_):
            index += 1
            continue
        end = _citation_end(doc, index)
        if end is None:
            break
        index = end + 1 if end < len(doc) and doc[end].text == "." else end
    return index


def _is_list_number(doc: Doc, period: Token) -> bool:
    """Whether ``period`` closes a list number at the start of a line (``1.`` in ``1. Agreement``)."""
    if period.i == 0 or period.text != "." or not doc[period.i - 1].is_digit:
        return False
    return blank_before(doc, doc[period.i - 1].idx)


def _ends_after_terminal(doc: Doc, tok: Token, abbreviations: Abbreviations) -> Optional[int]:
    """The token index where a sentence starts after the terminal ``tok``, or None."""
    attached = tok.text not in _TERMINALS
    if attached and not (tok.text.endswith(".") and len(tok.text) > 1 and not tok.text[-2].isdigit()):
        return None
    text, end = doc_text(doc), tok.idx + len(tok.text)
    line_start = line_bounds(doc, tok.idx)[0]
    rule = None
    if tok.text.endswith(".") and tok.text != "...":
        word = _last_word(text, line_start, end).lstrip("([{«“\"'")
        if _INITIALS.match(word) and word[0].isupper() or _is_list_number(doc, tok):
            return None
        # An abbreviation is read from a window of the line as long as the longest one
        # and the character before it: reading back to the line start would make a
        # one-line document quadratic.
        rule = abbreviations.rule_for(text[max(line_start, end - abbreviations.longest - 1) : end])
        if rule == "never":
            return None
    nxt = _next_content(doc, _absorb(doc, tok.i + 1))
    if nxt is None or nxt.text[0].islower():
        return None
    if rule == "if_next_upper" and not nxt.text[0].isupper():
        return None
    return nxt.i


def _last_word(text: str, line_start: int, end: int) -> str:
    """The last whitespace-separated word of ``text[line_start:end]``, read from the end."""
    window = 32
    while True:
        start = max(line_start, end - window)
        parts = text[start:end].rsplit(None, 1)
        if len(parts) == 2 or start == line_start or text[start].isspace():
            return parts[-1] if parts else ""
        window *= 4


def breaks_line(line: str, next_line: str) -> bool:
    """Whether a single line break between ``line`` and ``next_line`` ends a sentence."""
    stripped, following = line.strip(), next_line.strip()
    if LIST_ITEM.match(line) or LIST_ITEM.match(next_line):
        return True
    if stripped.rstrip("".join(_CLOSERS))[-1:] in tuple(_LINE_FINAL):
        return True
    if following[:1].islower() or stripped.endswith((",", "-")):
        return False
    return len(stripped) < _SHORT_LINE


def _line_break_starts(doc: Doc, body_end: int) -> Iterator[int]:
    """Token indices where a sentence starts because of a blank line or a line break.

    At or after ``body_end`` (a references section) every line is one sentence.
    """
    text, texts, starts = doc_text(doc), token_texts(doc), token_starts(doc)
    for i, token in enumerate(texts):
        if i == 0 or "\n" not in token or not token.isspace():
            continue
        nxt = next_content_index(texts, i)
        if nxt is None or texts[i - 1].isspace():
            continue
        prev_idx, nxt_idx = starts[i - 1], starts[nxt]
        gap = text[prev_idx + len(texts[i - 1]) : nxt_idx]
        if _BLANK_LINE.search(gap) or nxt_idx >= body_end:
            yield nxt
            continue
        _, line = line_of(doc, prev_idx)
        _, next_line = line_of(doc, nxt_idx)
        if breaks_line(line, next_line):
            yield nxt


def sentence_starts(doc: Doc, abbreviations: Abbreviations) -> set[int]:
    """Indices of the (non-space) tokens that start a sentence, the first one excluded.

    Within a references section (from ``doc._.body_end``, set by ``caspianie_metadata``
    when it runs first) only line breaks end sentences: one citation, one sentence.
    """
    body_end = doc._.body_end if doc._.body_end is not None else len(doc_text(doc))
    texts, offsets = token_texts(doc), token_starts(doc)
    starts = set(_line_break_starts(doc, body_end))
    for i, token in enumerate(texts):
        if offsets[i] >= body_end:
            break
        if token in _TERMINALS or token.endswith("."):
            start = _ends_after_terminal(doc, doc[i], abbreviations)
            if start is not None:
                starts.add(start)
    found = find_dateline(doc_text(doc))
    breaks = [found[0][1]] if found is not None else []  # the story starts after a dateline
    if doc._.furniture is not None:  # ... and after a stamp that opens a line
        breaks += stamp_ends(doc._.furniture, doc_text(doc))
    for end in breaks:
        after = next_content_index(texts, bisect_left(offsets, end))
        if after is not None:
            starts.add(after)
    first = next_content_index(texts, 0)
    starts.discard(first if first is not None else 0)
    return starts | _forced_starts(doc, starts, first if first is not None else 0)


def _forced_starts(doc: Doc, starts: set[int], first: int, limit: int = MAX_SENTENCE_TOKENS) -> set[int]:
    """Extra sentence starts that cut every run of more than ``limit`` tokens without one.

    A cut goes after the last comma, semicolon, colon, dash, closing bracket or
    whitespace of the second half of the run, else at the limit itself.
    """
    texts, offsets = token_texts(doc), token_starts(doc)
    forced: set[int] = set()
    last_start, soft = first, None
    for i in range(first + 1, len(texts)):
        if i in starts:
            last_start, soft = i, None
            continue
        space = texts[i].isspace()
        if i > last_start + limit // 2 and not space:
            prev = texts[i - 1]
            spaced = not joined_to_next(texts, offsets, i - 1)
            if prev in _SOFT_BREAKS or prev.isspace() or spaced:
                soft = i if prev in _SOFT_BREAKS or prev.isspace() or soft is None else soft
        if i - last_start >= limit and not space:
            cut = soft if soft is not None else i
            forced.add(cut)
            last_start, soft = cut, None
    return forced


class SentenceSegmenter:
    """Sets ``is_sent_start`` on every token; whitespace joins the sentence before it."""

    def __init__(self, abbreviations: Abbreviations) -> None:
        self.abbreviations = abbreviations

    def __call__(self, doc: Doc) -> Doc:
        starts = sentence_starts(doc, self.abbreviations)
        # One array write: setting ``tok.is_sent_start`` re-scans the doc on every token.
        flags = numpy.full(len(doc), -1, dtype="int64")
        flags[[0, *starts] if len(doc) else []] = 1
        doc.from_array([SENT_START], flags.astype("uint64"))
        return doc


@Language.factory("caspianie_sentences", default_config={"abbreviations": None}, requires=["doc._.body_end", "doc._.furniture"],
                  assigns=["token.is_sent_start"])
def make_sentences(nlp: Language, name: str, abbreviations: Optional[str]) -> SentenceSegmenter:
    """The ``caspianie_sentences`` component; ``abbreviations`` is a JSONL path (None: packaged)."""
    register_extensions()
    return SentenceSegmenter(Abbreviations.load(abbreviations))


def iter_sentences(doc: Doc) -> Iterator[Span]:
    """The document's sentences without leading or trailing whitespace tokens; empty ones skipped."""
    for sent in doc.sents:
        start, end = sent.start, sent.end
        while start < end and doc[start].is_space:
            start += 1
        while end > start and doc[end - 1].is_space:
            end -= 1
        if end > start:
            yield doc[start:end]


def _affixes(defaults: type) -> tuple[list[str], list[str]]:
    """The language's suffixes and infixes with caspianie's additions (``customize_tokenizer``)."""
    return list(defaults.suffixes or []) + [_TRAILING_HYPHEN], list(defaults.infixes or []) + [_NUMBER_DASH, _GLUED_PARENTHESIS]


def customize_tokenizer(nlp: Language) -> Language:
    """Split a hyphen that ends a word (``Baku- Tbilisi`` -> ``Baku`` ``-`` ``Tbilisi``) and an
    en or em dash between numbers (``21–22 December`` -> ``21`` ``–`` ``22``), as spaCy
    already does for a hyphen, so date ranges read the same whichever dash is typed.

    For a loaded pipeline (``--model``); the blank pipeline's tokenizer is built with these
    rules from the start (``caspianie.Tokenizer.v1``)."""
    # Each setter reloads every special case; without them loaded, the two cost nothing
    # and the special cases load once (a sizeable part of start-up otherwise).
    rules = nlp.tokenizer.rules
    nlp.tokenizer.rules = {}
    suffixes, infixes = _affixes(nlp.Defaults)
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    nlp.tokenizer.rules = rules
    return nlp


@spacy.registry.tokenizers("caspianie.Tokenizer.v1")
def create_tokenizer() -> Callable[[Language], Tokenizer]:
    """Config ``[nlp.tokenizer]``: spaCy's default tokenizer for the language with the affixes of
    ``customize_tokenizer``, each regex compiled once (customizing spaCy's own compiles the
    suffix and infix regexes twice, a tenth of a second of start-up)."""

    def tokenizer_factory(nlp: Language) -> Tokenizer:
        defaults = nlp.Defaults
        suffixes, infixes = _affixes(defaults)
        return Tokenizer(
            nlp.vocab,
            rules=defaults.tokenizer_exceptions,
            prefix_search=compile_prefix_regex(defaults.prefixes).search if defaults.prefixes else None,
            suffix_search=compile_suffix_regex(suffixes).search,
            infix_finditer=compile_infix_regex(infixes).finditer,
            token_match=defaults.token_match,
            url_match=defaults.url_match,
        )

    return tokenizer_factory


@spacy.registry.callbacks("caspianie.tokenizer.v1")
def create_tokenizer_customizer() -> Callable[[Language], Language]:
    """Config callback for ``[nlp.after_creation]`` that applies ``customize_tokenizer``
    (pipelines saved with an earlier caspianie config name it)."""
    return customize_tokenizer
