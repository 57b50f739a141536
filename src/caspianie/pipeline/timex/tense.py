"""The tense of the clause a date sits in, for dates that name no year or week.

"payable Jan. 2" in a November article is next January, "the company said
Friday" the Friday before the article. Without a tagger the tense is read from
cue words (``lexicons.jsonl``: ``date_future_cues``, ``date_past_cues``) and
regular past forms ("closed", "announced"): the nearest cue before the date in
its sentence decides, else the nearest after it; no cue leaves the tense open.
"""

from __future__ import annotations

from typing import Literal, Optional

from spacy.tokens import Doc, Span

from caspianie.knowledge.patternfiles import lexicons
from caspianie.pipeline import extensions

Tense = Optional[Literal["past", "future"]]
# How far from the date a cue is looked for (tokens), so that a long sentence's far
# clause does not decide.
REACH = 12


def word_tense(word: str) -> Tense:
    """The tense a single word signals: a future or past cue, or a regular past form."""
    lower = word.lower()
    lex = lexicons()
    if lower in lex["date_future_cues"]:
        return "future"
    if lower in lex["date_past_cues"]:
        return "past"
    if len(lower) >= 5 and lower.isalpha() and lower.endswith("ed") and not lower.endswith("eed"):
        return "past"
    return None


def _cue(texts: list[str], i: int, first: int) -> Tense:
    """The tense word ``i`` signals; a past form after a form of "be" is a passive
    ("will be paid", "to be completed"), whose auxiliary tells the tense instead."""
    found = word_tense(texts[i])
    if found == "past" and i > first and texts[i - 1].lower() in lexicons()["date_passive_auxiliaries"]:
        return None
    return found


def clause_tense(doc: Doc, span: Span) -> Tense:
    """The tense of the words around ``span`` in its sentence (see the module docstring)."""
    texts = extensions.token_texts(doc)
    first, last = 0, len(doc)
    if doc.has_annotation("SENT_START"):
        first, last = extensions.sentence_bounds(doc)[extensions.sentence_number(doc, span.start)]
    before = range(span.start - 1, max(first, span.start - REACH) - 1, -1)
    after = range(span.end, min(last, span.end + REACH))
    for i in (*before, *after):
        found = _cue(texts, i, first)
        if found is not None:
            return found
    return None
