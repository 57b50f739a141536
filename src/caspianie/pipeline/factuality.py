"""Whether a trigger tells something that happened: the cues of ``patterns/factuality.jsonl``
around it (modality, negation, intention, condition, "is to be held"), the reference date
(an event after it has not happened yet) and commemoration ("the 30th anniversary of the
establishment of relations": the establishment happened, on no date its clause gives).
"""

from __future__ import annotations

from typing import Iterator, Optional

from spacy.tokens import Doc, Span

from caspianie.contract.datevalues import point_days
from caspianie.contract.records import Date
from caspianie.knowledge.patternfiles import lexicons
from caspianie.pipeline.eventargs import breaks_clause
from caspianie.pipeline.extensions import token_starts, token_texts

CUE_WINDOW, AFTER_WINDOW = 6, 15  # how far before / after a trigger its cues stand
NONFACTUAL_NEXT = "NONFACTUAL_NEXT"  # label of cues that reach only the event noun after them
NEXT_REACH = 4  # "ahead of the 24th SCO summit": the cue's last token at most this far before the trigger
DISCOURSE = "DISCOURSE"  # label of discourse markers that only look modal
COMMEMORATED = "COMMEMORATED"  # label of "the anniversary of": the event after it happened, not on that date


def is_factual(doc: Doc, trigger: Span, sentence: Span, cues: dict[int, str], clauses: dict[int, int],
               instrument_ends: frozenset[int] = frozenset()) -> bool:
    """False when a modality/negation cue stands in the trigger's clause just before it,
    or a future/unrealized cue ("is to be held", "has not yet taken place") after it.

    An infinitive right after an instrument named after the trigger (``instrument_ends``: the
    token after each instrument's name) describes the instrument, not the trigger: "signed an
    agreement on cables to be laid" was signed."""
    own = clauses.get(trigger.start, 0)
    texts, starts = token_texts(doc), token_starts(doc)
    for i in _clause_before(doc, trigger, sentence):
        if i in cues and cues[i] != COMMEMORATED and (cues[i] != NONFACTUAL_NEXT or trigger.start - i <= NEXT_REACH):
            return False
    if cues.get(trigger.end) == "MODAL":  # "the forum would become", "the summit will ..."
        return False
    for i in range(trigger.end, min(sentence.end, trigger.end + AFTER_WINDOW)):
        if breaks_clause(texts, starts, i) or i in instrument_ends and texts[i].lower() in lexicons()["infinitive_markers"]:
            break
        if cues.get(i) == "NONFACTUAL_AFTER" and clauses.get(i, own) in (own, own + 1):
            return False
    return True


def commemorated(doc: Doc, trigger: Span, sentence: Span, cues: dict[int, str]) -> bool:
    """Whether an anniversary cue ("the 30th anniversary of") stands just before the trigger:
    the event happened, and the dates before it are the anniversary's."""
    return any(cues.get(i) == COMMEMORATED for i in _clause_before(doc, trigger, sentence))


def _clause_before(doc: Doc, trigger: Span, sentence: Span) -> Iterator[int]:
    """The tokens before a trigger where its cues stand, nearest first: at most
    ``CUE_WINDOW`` of them, within its sentence and clause."""
    texts, starts = token_texts(doc), token_starts(doc)
    for i in range(trigger.start - 1, max(sentence.start, trigger.start - CUE_WINDOW) - 1, -1):
        if breaks_clause(texts, starts, i):
            return
        yield i


def after_reference(doc: Doc, date: Optional[Date]) -> bool:
    """An event dated after the document's reference date has not happened yet."""
    ref = doc._.reference_date
    if date is None or date.value is None or ref is None or ref.value is None:
        return False
    return point_days(date.value.split("/")[0])[0] > point_days(ref.value)[1]
