"""What a sentence leaves to the one before: an implied instrument, an elliptical event.

Chronologies and briefs tell a ratification once and then shorten it:

- "26 December 2018: the Mazhilis approves the ratification bill." names no
  instrument; it is the one the previous sentences named
  (``implied_agreements``);
- "The Senate followed on 31 January 2019.", "Kazakhstan had done so earlier" and "the Federation Council follows
  on 25 September" repeat the previous event with a new actor and date
  (``continued_trigger``);
- "Xi held separate talks with Japarov, Rahmon and Mirziyoyev" tells one
  meeting per guest (``separate_guests``);
- "the following documents were signed:" leaves the instruments and their
  parties to the list items after it (``listed_arguments``);
- "A and B signed six agreements." leaves the instruments to the sentences right
  after it that name them without a trigger of their own (``instruments_after``).

The first two look back at most ``LOOKBACK_SENTENCES`` sentences, and only for signings
(ratifications are signings in the contract), where the instrument is what
makes the event: elsewhere a missing object is left missing.
"""

from __future__ import annotations

from typing import Optional, Protocol

from spacy.tokens import Doc, Span

from caspianie.knowledge.patternfiles import lexicons
from caspianie.pipeline.extensions import paragraph_start, sentence_bounds, sentence_number, token_texts
from caspianie.pipeline.layers import ACTORS, AGREEMENTS
from caspianie.pipeline.lists import list_after

FOLLOW = "follow"
"""Trigger-file label of "followed", "follows", "followed suit"."""
FOLLOW_RULES = {"follow-elliptical", "follow-did-so", "follow-done-so"}
SEPARATE = {"separate", "bilateral", "individual"}
LOOKBACK_SENTENCES = 3
# What may come after an elliptical "followed": a date, a time phrase, "suit" or punctuation;
# an object ("followed the ceremony") or "by" (a passive) makes it an ordinary verb.
FOLLOW_NEXT = {"on", "in", "suit", "later", "shortly", "soon", "within", "after", "a", "an", "two", "three",
               "weeks", "months", "days", "next", "last", "earlier", "before"}
RATIFY_PREFIX = "ratif"


class PriorEvent(Protocol):
    event_type: str
    sentence: Span


class SpanIndex(Protocol):
    """The document's spans by group and start (``docindex.DocIndex``)."""

    def between(self, key: str, start: int, end: int) -> list[Span]: ...


def speaks_of_ratification(doc: Doc, sentence: Span) -> bool:
    """Whether the sentence says "ratify", "ratified", "ratification"..."""
    return any(t.lower().startswith(RATIFY_PREFIX) for t in token_texts(doc)[sentence.start:sentence.end])


def implied_agreements(doc: Doc, sentence: Span, rule: str, index: SpanIndex) -> list[Span]:
    """The instrument a signing sentence without one refers to: the last one named in the
    previous ``LOOKBACK_SENTENCES`` sentences, for a ratification or an elliptical event."""
    if rule not in FOLLOW_RULES and not speaks_of_ratification(doc, sentence):
        return []
    first = sentence_bounds(doc)[max(0, sentence_number(doc, sentence.start) - LOOKBACK_SENTENCES)][0]
    earlier = [a for a in index.between(AGREEMENTS, first, sentence.start) if a._.key]
    return earlier[-1:] if earlier else []


def listed_arguments(doc: Doc, sentence: Span, index: SpanIndex) -> tuple[list[Span], list[Span]]:
    """The agreements and actors of the list a signing sentence ending in a colon introduces."""
    bounds = list_after(doc, sentence)
    if bounds is None:
        return [], []
    start, end = bounds
    inside = lambda group: [s for s in index.between(group, start, end) if s._.key]  # noqa: E731
    return inside(AGREEMENTS), inside(ACTORS)


def continued_trigger(doc: Doc, trigger: Span, sentence: Span, events: list[PriorEvent]) -> Optional[Span]:
    """"X followed (on DATE)": the previous event's trigger type for a new event, when that
    event is a signing told in this sentence or the ``LOOKBACK_SENTENCES`` before it."""
    if not events or events[-1].event_type != "signing":
        return None
    texts = token_texts(doc)
    following = texts[trigger.end].lower() if trigger.end < len(texts) else "."
    if following not in FOLLOW_NEXT and following.isalnum():
        return None
    back = sentence_number(doc, sentence.start) - sentence_number(doc, events[-1].sentence.start)
    if back > LOOKBACK_SENTENCES:
        return None
    return Span(doc, trigger.start, trigger.end, label="signing", span_id=trigger.id_)


def separate_guests(doc: Doc, trigger: Span, persons: list[Span]) -> Optional[tuple[str, list[str]]]:
    """For "held separate talks/meetings with A, B and C", "held meetings with A, B and C" or
    "met respectively with A and B":
    the host (the person named before the trigger) and the guests after it, one meeting
    each; None for any other trigger."""
    texts = token_texts(doc)
    plural = any(t.lower() in lexicons()["one_each_meeting_nouns"] for t in texts[trigger.start:trigger.end])  # "held meetings with A, B and C"
    each = trigger.end < len(texts) and texts[trigger.end].lower() in lexicons()["distributive_adverbs"]  # "met respectively with A and B"
    if not (plural or each) and (trigger.start == 0 or texts[trigger.start - 1].lower() not in SEPARATE):
        return None
    host = [p._.key for p in persons if p.end <= trigger.start]
    guests = [p._.key for p in persons if p.start >= trigger.end]
    if not host or len(guests) < 2:
        return None
    return host[-1], list(dict.fromkeys(guests))


def instruments_after(doc: Doc, sentence: Span, with_triggers: set[int], index: SpanIndex) -> list[Span]:
    """The instruments that the sentences right after a collective signing ("signed six
    agreements", "a package of documents was signed") name without an event of their own:
    up to ``LOOKBACK_SENTENCES`` sentences of one paragraph (this one or the next), stopping
    at one that has a trigger or names no instrument."""
    words = {t.lower() for t in token_texts(doc)[sentence.start:sentence.end]}
    if not words & lexicons()["collective_instrument_words"]:
        return []
    bounds = sentence_bounds(doc)
    number, found = sentence_number(doc, sentence.start) + 1, []
    paragraph = None
    for start, end in bounds[number:number + LOOKBACK_SENTENCES]:
        named = [a for a in index.between(AGREEMENTS, start, end) if a._.key]
        paragraph = paragraph_start(doc, doc[start].idx) if paragraph is None else paragraph
        if start in with_triggers or not named or paragraph_start(doc, doc[start].idx) != paragraph:
            break
        found += named
    return found
