"""Past events listed under one plural noun: "the Caspian summits in Ashgabat (2002), Tehran
(2007), Baku (2010) and Astrakhan (2014)", "the trilateral meetings on May 26, 2014, in
Baku, on January 29, 2015, in Ashgabat ...".

A report of a summit often recalls the earlier ones of its format in one sentence. Each
date in the list, paired with the place written next to it, is an event of the noun's type
(``plural_event_nouns`` in ``patterns/lexicons.jsonl``): one record per date and place.
"""

from __future__ import annotations

from typing import Callable, Optional

from spacy.tokens import Doc, Span

from caspianie.knowledge.patternfiles import lexicons
from caspianie.pipeline.docindex import DocIndex
from caspianie.pipeline.eventplaces import written_place
from caspianie.pipeline.eventmerge import EventCandidate
from caspianie.pipeline.extensions import sentence_of, token_texts

MIN_LISTED = 2  # dates a list must give to be one
PLACE_REACH = 3  # tokens between a date and the place written with it
ITEM_REACH = 6  # tokens between one listed date and the next (or the noun and the first)


def enumerated_events(doc: Doc, index: DocIndex, venues: dict[str, str],
                      factual: Callable[[Span, Span], bool]) -> list[EventCandidate]:
    """One event per (date, place) pair listed after a plural event noun in its sentence."""
    nouns = dict(lexicons()["plural_event_nouns"])
    out: list[EventCandidate] = []
    for i, word in enumerate(token_texts(doc)):
        event_type = nouns.get(word.lower())
        if event_type is None:
            continue
        noun, sentence = doc[i:i + 1], sentence_of(doc, i)
        dates = _listed(i, [d for d in index.dates_in(sentence) if d.start > i])
        if len(dates) < MIN_LISTED or not factual(noun, sentence):
            continue
        places = [p for p in index.places_in(sentence) if p.start > i]
        after = bool(places) and places[0].start > dates[0].start  # "May 26, 2014, in Baku", not "Baku (2002)"
        for date in dates:
            place = _written_with(date, places, after)
            event = EventCandidate(event_type, f"{event_type}-listed", noun, sentence, date=date._.date, own_date=True)
            event.location = written_place(place, venues) if place is not None else None
            out.append(event)
    return out


def _listed(noun: int, dates: list[Span]) -> list[Span]:
    """The dates of the list that starts after the noun: each within ``ITEM_REACH`` tokens
    of the one before (the list ends where the sentence goes on to other things)."""
    listed: list[Span] = []
    last = noun
    for date in dates:
        if date.start - last > ITEM_REACH:
            break
        listed.append(date)
        last = date.end
    return listed


def _written_with(date: Span, places: list[Span], after: bool) -> Optional[Span]:
    """The place written with a date: right after it ("May 26, 2014, in Baku") when the list
    gives places after dates, else right before it ("Ashgabat (2002)")."""
    if after:
        near = [p for p in places if 0 <= p.start - date.end <= PLACE_REACH]
        return near[0] if near else None
    near = [p for p in places if 0 <= date.start - p.end <= PLACE_REACH]
    return near[-1] if near else None
