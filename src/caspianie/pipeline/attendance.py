"""Attendance and topics told in a sentence of their own: "X, Y and Z attended the
ceremonies", "The sides also discussed the Trans-Caspian pipeline".

A report often names the event in one sentence and who took part, or what was talked
about, in the next. Such a sentence has a cue (``attendance_cues`` or ``topic_cues`` in
``patterns/lexicons.jsonl``) and no trigger of its own. It reports on the events just told:
those of the sentences before it in the same paragraph, else those of the paragraph before.
An attendance sentence's actors take part in them; a topic sentence's projects are the
projects discussed at the meetings, visits and summits among them.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Callable, Optional, Sequence

from spacy.tokens import Doc, Span

from caspianie.knowledge.patternfiles import lexicons
from caspianie.pipeline.eventargs import unique
from caspianie.contract.records import Date
from caspianie.pipeline.eventmerge import EventCandidate
from caspianie.pipeline.newsday import days_before
from caspianie.pipeline.extensions import paragraph_start, sentences, token_texts

ATTENDING_TYPES = {"opening", "meeting", "summit", "signing", "cultural_event", "award"}
DISCUSSING_TYPES = {"meeting", "summit", "visit"}


def attendance_sentences(doc: Doc, with_events: set[int], lexicon: str = "attendance_cues") -> list[tuple[Span, int]]:
    """(sentence, cue token) of every sentence with a cue of ``lexicon`` and no event trigger."""
    by_first: dict[str, list[tuple[str, ...]]] = {}  # the cues by their first word
    for cue in lexicons()[lexicon]:
        cue = tuple(cue) if isinstance(cue, tuple) else (cue,)
        by_first.setdefault(cue[0], []).append(cue)
    texts = token_texts(doc)  # lowered one word at a time: a lowered copy of every token costs ~50 bytes each
    found = []
    for sentence in sentences(doc):
        if sentence.start in with_events:
            continue
        for i in range(sentence.start, sentence.end):
            cues = by_first.get(texts[i].lower())
            if cues and any(tuple(t.lower() for t in texts[i:i + len(c)]) == c for c in cues):
                found.append((sentence, i))
                break
    return found


def attach_attendees(
    doc: Doc,
    events: Sequence[EventCandidate],
    attendees: Callable[[Span], list[str]],
    factual: Callable[[Span, int], bool],
    own_date: Callable[[Span, int], Optional[Date]] = lambda sentence, cue: None,
) -> None:
    """Add the actors of each attendance sentence to the events it reports on, and its
    own date (``own_date``: the date in the cue's clause) to those without a date of their own."""
    with_events = {e.sentence.start for e in events if not e.commemorated}  # "as they mark the anniversary of ..."
    told = sorted((e for e in events if e.event_type in ATTENDING_TYPES), key=lambda e: e.sentence.start_char)
    starts = [e.sentence.start_char for e in told]
    # A one-line document is one paragraph: each attendance sentence reaches every event
    # before it. An event's participants are made unique once; after that a set of them
    # tells which keys are new, instead of ``unique`` over the whole list again.
    known: dict[int, set[str]] = {}
    for sentence, cue in attendance_sentences(doc, with_events):
        if not factual(sentence, cue):
            continue
        keys = attendees(sentence)
        fresh = unique(keys)
        date = own_date(sentence, cue)
        for event in _reported(doc, sentence, told, starts):
            if date is not None and (event.date is None or event.lead_dated and days_before(date, event.date)):
                event.date, event.lead_dated = date, False
            have = known.get(id(event))
            if have is None:
                event.participants = unique(event.participants + keys)
                known[id(event)] = set(event.participants)
            elif not have.issuperset(fresh):
                added = [k for k in fresh if k not in have]
                event.participants = event.participants + added
                have.update(added)


def attach_topics(
    doc: Doc,
    events: Sequence[EventCandidate],
    projects: Callable[[Span], list[str]],
    factual: Callable[[Span, int], bool],
) -> None:
    """Add the projects of each topic sentence ("the parties discussed X") to the meetings,
    visits and summits it reports on."""
    with_events = {s.start for e in events for s in [e.sentence, *e.told_in]}
    mentions = sorted(((s.start_char, i) for i, e in enumerate(events) if e.event_type in DISCUSSING_TYPES
                       for s in [e.sentence, *e.told_in]))  # a merged event is told where each mention is
    told = [events[i] for _, i in mentions]
    starts = [start for start, _ in mentions]
    for sentence, cue in attendance_sentences(doc, with_events, "topic_cues"):
        keys = projects(sentence)
        if not keys or not factual(sentence, cue):
            continue
        reported = list({id(e): e for e in _reported(doc, sentence, told, starts)}.values())
        talks = [e for e in reported if e.event_type != "visit"]  # the talks of a visit, not the trip
        for event in talks or reported:
            event.projects = unique(event.projects + keys)


def _reported(doc: Doc, sentence: Span, told: list[EventCandidate], starts: list[int]) -> list[EventCandidate]:
    """The events an attendance sentence reports on (``told``: events by position, ``starts``
    their sentences' offsets): those told earlier in its paragraph, else in the one before."""
    end = bisect_left(starts, sentence.start_char)
    start = paragraph_start(doc, sentence.start_char)
    same = told[bisect_left(starts, start):end]
    if same or start < 0:
        return same
    return told[bisect_left(starts, paragraph_start(doc, start)):end]
