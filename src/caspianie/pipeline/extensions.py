"""The ``Doc`` and ``Span`` extensions that caspianie's components write and read.

Components communicate only through these attributes and the span layers of
``layers.py``, so that each one can be tested alone on a hand-made ``Doc``.
Registration is idempotent.

Doc
  ``doc_id`` (str), ``source`` (str), ``reference_date`` (``records.Date`` or None),
  ``title`` (str or None), ``dateline_place`` (the place a dateline names, as written, or None),
  ``body_end`` (int: character offset where a references or
  bibliography section starts; text at or after it yields no records),
  ``events`` (list of ``events.EventCandidate``, filled by ``caspianie_events``),
  ``furniture`` (``furniture.Furniture``: the page's menu, byline, credit and stamp lines,
  which yield no actors or events),
  ``nonfactual_signings`` (sentences of signing triggers the factuality filter dropped),
  and one read-only attribute per layer (``doc._.actors``...: ``layers.py``).

Span
  ``info``: the typed value of a span of a derived layer (``layers.py``), read through
  ``_.key``, ``_.kind``, ``_.rule``, ``_.role`` and ``_.date``. Values are kept per span
  group: each layer's spans carry the group name as ``span.id_``, so values of spans of
  two groups over the same text stay apart.
"""

from __future__ import annotations

import re
import weakref
from array import array
from bisect import bisect_left, bisect_right
from typing import Sequence

import numpy

from spacy.attrs import IDX, LENGTH, SENT_START
from spacy.tokens import Doc, Span

from caspianie.pipeline.layers import offsets_key, register_layers, span_values

_DOC_DEFAULTS = {
    "doc_id": "",
    "source": "",
    "reference_date": None,
    "title": None,
    "body_end": None,
    "dateline_place": None,
    "events": None,
    "furniture": None,
    "nonfactual_signings": None,
}
_SPAN_DEFAULTS = {
    "info": None,
}
# ``Doc.text`` joins every token on each access; components read it many times per doc.
_TEXTS: "weakref.WeakKeyDictionary[Doc, str]" = weakref.WeakKeyDictionary()


def register_extensions() -> None:
    """Register every caspianie extension once (safe to call repeatedly)."""
    for name, default in _DOC_DEFAULTS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name, default in _SPAN_DEFAULTS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, getter=_span_getter(name, default), setter=_span_setter(name))
    register_layers()


def _span_getter(name: str, default: object):
    def get(span: Span) -> object:
        return span_values(span.doc, name, span.id).get(offsets_key(span), default)

    return get


def _span_setter(name: str):
    def set_(span: Span, value: object) -> None:
        span_values(span.doc, name, span.id, create=True)[offsets_key(span)] = value

    return set_


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per ``Doc`` (the text of a ``Doc`` never changes)."""
    text = _TEXTS.get(doc)
    if text is None:
        text = _TEXTS[doc] = doc.text
    return text


def span_text(span: Span) -> str:
    """``span.text`` sliced from the document text (``Span.text`` walks the tokens)."""
    return doc_text(span.doc)[span.start_char:span.end_char]


def remember_text(doc: Doc, text: str) -> None:
    """Record the text a ``Doc`` was tokenized from, so ``doc_text`` need not rebuild it
    from every token; spaCy's tokenizer keeps every character, so the two are equal."""
    if len(text) != (doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0):
        raise ValueError("the text is not the one this Doc was made from")
    _TEXTS[doc] = text


def remember_source(doc: Doc, text: str) -> None:
    """Record the page's own text when the ``Doc`` reads another of the same length (a
    hard-wrapped page read unwrapped, ``linewrap.unwrap``): records quote the page."""
    if len(text) != len(doc_text(doc)):
        raise ValueError("the page's text and the text read differ in length")
    _SOURCES[doc] = text


def source_text(doc: Doc) -> str:
    """The page's own text: what records quote and offsets point into."""
    return _SOURCES.get(doc) or doc_text(doc)


_SOURCES: "weakref.WeakKeyDictionary[Doc, str]" = weakref.WeakKeyDictionary()
_TOKENS: "weakref.WeakKeyDictionary[Doc, tuple[list[str], array]]" = weakref.WeakKeyDictionary()
_CHUNK = 65_536  # tokens whose offsets are Python ints at a time while the table is built


def _token_table(doc: Doc) -> tuple[list[str], array]:
    """Every token's text and start offset, built once per ``Doc``.

    ``doc[i]`` builds a ``Token`` object on every access; loops that only read
    token texts or offsets over a whole document index these instead. The offsets are
    an ``array`` of machine integers: a list would hold an int object (28 bytes) per token.
    """
    table = _TOKENS.get(doc)
    if table is None:
        text = doc_text(doc)
        starts = doc.to_array([IDX]).reshape(-1).astype(numpy.int64)
        lengths = doc.to_array([LENGTH]).reshape(-1)
        # One string object per distinct token text: a long document repeats its words.
        shared: dict[str, str] = {}
        texts: list[str] = []
        for first in range(0, len(starts), _CHUNK):
            part = slice(first, first + _CHUNK)
            texts += [shared.setdefault(word, word)
                      for word in (text[s : s + n] for s, n in zip(starts[part].tolist(), lengths[part].tolist()))]
        table = _TOKENS[doc] = (texts, array("q", starts.tobytes()))
    return table


def token_texts(doc: Doc) -> list[str]:
    """The text of every token (``[t.text for t in doc]``, built once)."""
    return _token_table(doc)[0]


def joined_to_next(texts: list[str], starts: list[int], i: int) -> bool:
    """Whether token ``i`` runs straight into the next one, no whitespace between
    ("Qazvin" in "Qazvin–Rasht"); takes the tables so hot loops look them up once."""
    return i + 1 < len(texts) and starts[i] + len(texts[i]) == starts[i + 1]


def token_starts(doc: Doc) -> Sequence[int]:
    """The character offset of every token (``[t.idx for t in doc]``, built once)."""
    return _token_table(doc)[1]


class TokenSet:
    """A set of token numbers of one document as one byte per token: ``i in tokens``."""

    __slots__ = ("_mask",)

    def __init__(self, mask: bytes) -> None:
        self._mask = mask

    @classmethod
    def union(cls, n_tokens: int, masks: list[bytes]) -> "TokenSet":
        """The tokens set in any of ``masks`` (each one byte per token, 1 for a member)."""
        if len(masks) == 1:
            return cls(masks[0])
        out = numpy.zeros(n_tokens, dtype=numpy.uint8)
        for mask in masks:
            out |= numpy.frombuffer(mask, dtype=numpy.uint8)
        return cls(out.tobytes())

    def __contains__(self, i: object) -> bool:
        return isinstance(i, int) and 0 <= i < len(self._mask) and self._mask[i] == 1


# Values hold only ints: a value that referenced its Doc would keep the weak key alive.
_SENTENCES: "weakref.WeakKeyDictionary[Doc, tuple[list[tuple[int, int]], list[int]]]" = weakref.WeakKeyDictionary()


def _sentence_table(doc: Doc) -> tuple[list[tuple[int, int]], list[int]]:
    """The document's sentence bounds and, per token, the index of its sentence (built once).

    ``Span.sent`` and ``Doc.sents`` walk the tokens on every access; components ask
    for the sentence of many spans, so they look it up here instead.
    """
    table = _SENTENCES.get(doc)
    if table is None:
        bounds = _sentence_starts_to_bounds(doc) if doc.has_annotation("SENT_START") else [(0, len(doc))]
        owner = [0] * len(doc)
        for n, (start, end) in enumerate(bounds):
            owner[start:end] = [n] * (end - start)
        table = _SENTENCES[doc] = (bounds, owner)
    return table


def _sentence_starts_to_bounds(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) of every sentence, read from the SENT_START array (``doc.sents`` makes a
    ``Token`` per token). A token whose start is unset continues the sentence, as in spaCy."""
    if not len(doc):
        return []
    starts = numpy.flatnonzero(doc.to_array([SENT_START]) == 1).tolist()
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    return list(zip(starts, starts[1:] + [len(doc)]))


def sentence_of(doc: Doc, token_index: int) -> Span:
    """The sentence that holds token ``token_index``."""
    bounds, owner = _sentence_table(doc)
    start, end = bounds[owner[token_index]]
    return doc[start:end]


def sentence_number(doc: Doc, token_index: int) -> int:
    """The 0-based number of the sentence that holds token ``token_index``."""
    return _sentence_table(doc)[1][token_index]


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) token bounds of every sentence, in order."""
    return _sentence_table(doc)[0]


def sentences(doc: Doc) -> list[Span]:
    """All sentences of the document, in order."""
    return [doc[start:end] for start, end in _sentence_table(doc)[0]]


# Per document: offsets of every newline, of every line's first non-blank character and of
# every blank line ("\n\n"), so line and paragraph look-ups bisect instead of scanning the
# text (on a one-line document a scan back to the line start reads the whole text).
_LINES: "weakref.WeakKeyDictionary[Doc, tuple[list[int], list[int], list[int]]]" = weakref.WeakKeyDictionary()
_NEWLINE = re.compile("\n")
_INDENT = re.compile(r"^[^\S\n]*", re.MULTILINE)


def _line_table(doc: Doc) -> tuple[list[int], list[int], list[int]]:
    table = _LINES.get(doc)
    if table is None:
        text = doc_text(doc)
        breaks = [m.start() for m in _NEWLINE.finditer(text)]
        content = [m.end() for m in _INDENT.finditer(text)]
        blank = [p for p, q in zip(breaks, breaks[1:]) if q == p + 1]
        table = _LINES[doc] = (breaks, content, blank)
    return table


def line_bounds(doc: Doc, offset: int) -> tuple[int, int]:
    """Start and end (its newline, or the end of the text) of the line holding ``offset``."""
    breaks = _line_table(doc)[0]
    k = bisect_left(breaks, offset)
    return (breaks[k - 1] + 1 if k else 0), (breaks[k] if k < len(breaks) else len(doc_text(doc)))


def line_of(doc: Doc, offset: int) -> tuple[int, str]:
    """The start offset and content (without newline) of the line holding ``offset``."""
    start, end = line_bounds(doc, offset)
    return start, doc_text(doc)[start:end].rstrip("\r")


def content_start(doc: Doc, offset: int) -> int:
    """The first character after the leading whitespace of the line holding ``offset``."""
    breaks, content, _ = _line_table(doc)
    return content[bisect_left(breaks, offset)]


def blank_before(doc: Doc, offset: int) -> bool:
    """Whether only whitespace precedes ``offset`` on its line."""
    return offset <= content_start(doc, offset)


def paragraph_start(doc: Doc, char: int) -> int:
    """Where the blank line before character ``char`` is (-1 in the first paragraph): two
    offsets are in one paragraph when no blank line starts between them."""
    blank = _line_table(doc)[2]
    k = bisect_right(blank, char - 2)
    return blank[k - 1] if k else -1


def paragraph_end(doc: Doc, char: int) -> int:
    """Where the blank line after character ``char`` is (the end of the text in the last
    paragraph)."""
    blank = _line_table(doc)[2]
    k = bisect_left(blank, char)
    return blank[k] if k < len(blank) else len(doc_text(doc))


def on_furniture(doc: Doc, char: int) -> bool:
    """Whether character ``char`` lies on a page-furniture line (``doc._.furniture``)."""
    furniture = doc._.furniture
    return furniture is not None and furniture.covers(char)


def body_end(doc: Doc) -> int:
    """Character offset where the mined body ends (the whole text when no references)."""
    end = doc._.body_end
    return len(doc_text(doc)) if end is None else end


register_extensions()
