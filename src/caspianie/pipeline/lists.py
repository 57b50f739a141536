"""List items: the lines a sentence ending in a colon introduces ("the following documents were signed:")."""

from __future__ import annotations

import re
from typing import Optional

from spacy.tokens import Doc, Span

from caspianie.pipeline.extensions import (
    blank_before,
    doc_text,
    line_bounds,
    sentence_bounds,
    sentence_number,
    token_starts,
    token_texts,
)

# A list item or numbered heading: "1. ...", "2) ...", "[3] ...", "- ...", "• ...".
LIST_ITEM = re.compile(r"^[ \t]*(?:\d{1,3}[.)]|\[\d{1,3}\]|[-•*–—])[ \t]+\S")


def list_after(doc: Doc, sentence: Span) -> Optional[tuple[int, int]]:
    """Token bounds of the list items ("- Agreement on ...;", "1. Memorandum ...") that a
    sentence ending in a colon introduces ("the following documents were signed:"), or None."""
    texts = token_texts(doc)
    last = sentence.end - 1
    while last > sentence.start and texts[last].isspace():
        last -= 1
    if texts[last] != ":":
        return None
    text, starts = doc_text(doc), token_starts(doc)
    bounds = sentence_bounds(doc)
    number, end = sentence_number(doc, sentence.start) + 1, None
    while number < len(bounds):
        first = next_content_index(texts, bounds[number][0])
        if first is None or first >= bounds[number][1]:
            break
        if not blank_before(doc, starts[first]):
            break
        line_start, line_end = line_bounds(doc, starts[first])
        if not LIST_ITEM.match(text[line_start:line_end].rstrip("\r")):
            break
        end, number = bounds[number][1], number + 1
    return (sentence.end, end) if end is not None else None


def next_content_index(texts: list[str], index: int) -> Optional[int]:
    """The index of the first non-space token at or after ``index``."""
    while index < len(texts):
        if not texts[index].isspace():
            return index
        index += 1
    return None
