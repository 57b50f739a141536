"""Where an event happened: the place its sentence names after "in"/"at" (or "to", for a
visit), a place that hosts it ("Aktau hosted the summit"), a place right before its noun
("the Aktau summit"), a country after such a preposition, or a capitalized word after
"in"/"at" that no layer claimed. The prepositions and nouns are lexicon data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from spacy.tokens import Doc, Span

from caspianie.knowledge.patternfiles import lexicons
from caspianie.pipeline.extensions import sentence_of, token_texts
from caspianie.pipeline.layers import ACTORS

if TYPE_CHECKING:
    from caspianie.pipeline.docindex import DocIndex

LOCATION_PREPS = lexicons()["location_prepositions"]
HOST_VERBS = lexicons()["host_verbs"]
PLACE_PARTS = lexicons()["place_parts"]
PREMODIFIED = lexicons()["place_premodified_events"]  # "the Aktau summit", "the Awaza tripartite summit"
PREMODIFIER_GAP = 2  # lowercase words between the place and the event noun


def event_location(
    doc: Doc, trigger: Span, sentence: Span, actors: list[Span], index: "DocIndex", venues: dict[str, str]
) -> Optional[str]:
    """The nearest place after in/at (or to / directly after, for a visit), or a place that
    hosts it ("Aktau hosted the summit"); else such a country."""
    is_visit = trigger.label_ == "visit"
    preps = LOCATION_PREPS | ({"to"} if is_visit else set())
    found = []
    for span in index.places_in(sentence, first=True):
        hosts = span.end < trigger.start and doc[span.end].lower_ in HOST_VERBS  # "Aktau hosted the summit"
        if _premodifies(doc, span, trigger):
            found.append((0, written_place(span, venues)))
            continue
        if span.start == sentence.start:
            found += [(abs(span.start - trigger.start), written_place(span, venues))] if hosts else []
            continue
        direct = is_visit and span.start == trigger.end
        outskirts = span.start > 1 and doc[span.start - 1].lower_ == "of" and doc[span.start - 2].lower_ in PLACE_PARTS
        before = span.start - 2 if doc[span.start - 1].lower_ == "the" else span.start - 1  # "at the Akorda"
        if direct or outskirts or hosts or doc[before].lower_ in preps:
            found.append((abs(span.start - trigger.start), written_place(span, venues)))
    if not found:
        for actor in actors:
            if actor._.kind == "country" and actor.start > sentence.start and doc[actor.start - 1].lower_ in preps:
                found.append((abs(actor.start - trigger.start), actor._.info.name))
    if not found:
        found = _unknown_places(doc, trigger, sentence, index)
    return min(found)[1] if found else None


def _premodifies(doc: Doc, place: Span, trigger: Span) -> bool:
    """"The Aktau summit", "the Awaza tripartite summit": a place right before an event noun,
    with at most ``PREMODIFIER_GAP`` lowercase words between, names where it was held."""
    gap = range(place.end, trigger.start)
    return (trigger[-1].lower_ in PREMODIFIED and place.end <= trigger.start and len(gap) <= PREMODIFIER_GAP
            and all(doc[k].is_lower and doc[k].is_alpha for k in gap))


def scene_place(doc: Doc, date: Span, index: "DocIndex", venues: dict[str, str]) -> Optional[str]:
    """An event dated by an earlier sentence of its paragraph ("... in Astana on June 12.
    A memorandum was signed ...") happened where that date's clause says."""
    scene = sentence_of(doc, date.start)
    return event_location(doc, date, scene, index.in_sentence(ACTORS, scene), index, venues)


def _unknown_places(doc: Doc, trigger: Span, sentence: Span, index: "DocIndex") -> list[tuple[int, str]]:
    """Capitalized words after "in"/"at" that no layer claimed ("in Eskisehir"): a place
    no gazetteer lists. A month, a title word or a known name is never one."""
    found = []
    stop = lexicons()["name_stopwords"]
    texts = token_texts(doc)

    def unclaimed_word(i: int) -> bool:
        return texts[i].istitle() and texts[i].isalpha() and texts[i] not in stop and i not in index.claimed

    for i in range(sentence.start, sentence.end - 1):
        if texts[i].lower() in ("in", "at") and unclaimed_word(i + 1):
            end = i + 2
            while end < sentence.end and unclaimed_word(end):
                end += 1
            found.append((abs(i + 1 - trigger.start), doc[i + 1:end].text))
    return found


def written_place(span: Span, venues: dict[str, str]) -> str:
    """A place as the text writes it ("Teheran", "St Petersburg"), without a leading "the":
    the contract's location is the place named. A venue ("Akorda", ``venues``: casefolded
    venue -> its place's name) stands for its place."""
    text = span.text[4:] if span.text.lower().startswith("the ") else span.text
    return venues.get(text.casefold(), text)
