"""One record per real event: candidates found in several sentences joined into one.

A report tells one meeting several times ("held talks", "during the talks", "the two
presidents also discussed"); ``merge`` joins the mentions of one event and keeps apart
two events that only look alike (two signings of different instruments, a side meeting,
one host's meetings with two guests on the same day). ``anaphoric`` and ``definite`` tell
the back-references ("after the talks", "the meeting") that join an event told before.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Optional

from spacy.tokens import Doc, Span

from caspianie.pipeline.eventargs import unique
from caspianie.pipeline.newsday import days_before
from caspianie.pipeline.extensions import paragraph_start, token_texts
from caspianie.knowledge.patternfiles import lexicons
from caspianie.contract.records import Date


DETERMINERS = lexicons()["anaphor_determiners"]
PREPOSITIONS = lexicons()["anaphor_prepositions"]
DEFINITE_GAP = 2
ANTECEDENT_REACH = 20  # how many earlier events of its type a definite mention may refer back to


HOSTING_TYPES = {"meeting", "summit", "visit", "cultural_event"}  # events that have sidelines


@dataclass
class EventCandidate:
    """One event before it becomes a record; ``trigger`` and ``sentence`` are spans."""

    event_type: str
    rule: str
    trigger: Span
    sentence: Span
    date: Optional[Date] = None
    location: Optional[str] = None
    participants: list[str] = field(default_factory=list)
    agreements: list[str] = field(default_factory=list)
    projects: list[str] = field(default_factory=list)
    anaphoric: bool = False
    definite: bool = False
    own_date: bool = False
    lead_dated: bool = False  # dated only by the dateline, as the lead's news: another mention's own date wins
    side: bool = False  # told "on the sidelines" of another event, which it is not
    separate: bool = False  # told as another event than those before ("Separately, ...")
    told_in: list[Span] = field(default_factory=list)  # the sentences of its later mentions
    own_event: bool = False  # its rule's mentions are one event only with each other (``own_event``)
    commemorated: bool = False  # told as "the anniversary of ...": happened, on no date the context gives

    @property
    def kind(self) -> str:
        """What mentions must share to be one event: the type, and an ``own_event`` rule."""
        return f"{self.event_type}/{self.rule}" if self.own_event else self.event_type


def merge(events: list[EventCandidate], doc: Optional[Doc] = None) -> list[EventCandidate]:
    """One record per real event.

    Back-references ("after the talks") and receptions inside a summit's paragraph join
    the event they refer to, and lend its date and place to the other events of their
    sentence ("Following the talks, the ministers signed ..."); other mentions join a
    twin of the same type whose date is compatible and which shares participants,
    location or agreements.
    """
    merged: list[EventCandidate] = []
    # The merged events by type, in merged order: only events of one type can be one event,
    # so a long document's events are compared within their type, not with every other one.
    by_type: dict[str, list[EventCandidate]] = {}
    referred: dict[int, EventCandidate] = {}
    for event in events:
        same_type = by_type.setdefault(event.kind, [])
        twin = (_host_summit(event, by_type.get("summit", []), doc)
                or next((m for m in same_type if _same_event(m, event)), None))
        if twin is None and event.anaphoric:  # "since the signing of <another instrument>" is no back-reference
            twin = next((m for m in reversed(same_type) if not _different_instruments(m, event)), None)
        if twin is None and event.definite and not event.own_date:
            twin = _antecedent(event, by_type)
        if twin is None:
            merged.append(event)
            same_type.append(event)
            continue
        if event.anaphoric or event.definite:  # "the talks ended with the signing of ...": the talks' day
            referred[event.sentence.start] = twin
        twin.told_in.append(event.sentence)
        twin.participants = unique(twin.participants + event.participants)
        twin.agreements = unique(twin.agreements + event.agreements)
        twin.projects = unique(twin.projects + event.projects)
        if twin.lead_dated and event.own_date and days_before(event.date, twin.date):
            twin.date, twin.lead_dated = event.date, False
        elif not (event.lead_dated and twin.own_date and days_before(twin.date, event.date)):
            twin.date = _more_precise(twin.date, event.date)
        twin.location = twin.location or event.location
    for event in merged:
        context = referred.get(event.sentence.start)
        if context is not None and event is not context:
            event.date = event.date or context.date
            event.location = event.location or context.location
    _date_from_paragraph(merged, doc)
    return merged


def _antecedent(event: EventCandidate, by_type: dict[str, list[EventCandidate]]) -> Optional[EventCandidate]:
    """The event a definite mention ("the meeting", "the talks", "today's summit") refers
    back to: the nearest earlier one of its type whose date fits and whose people include
    the mention's; talks or a meeting with no earlier meeting are the summit's sessions."""
    def fits(m: EventCandidate, event_type: str) -> bool:
        da, db = (m.date.value if m.date else None), (event.date.value if event.date else None)
        people = set(event.participants)  # a list of attendees adds people; one guest must be known
        return (m.kind == event_type and (not da or not db or compatible_dates(da, db))
                and (len(people) > 2 or people <= set(m.participants)) and not _different_instruments(m, event))

    def nearest(event_type: str) -> Optional[EventCandidate]:
        recent = by_type.get(event_type, [])[-ANTECEDENT_REACH:]
        return next((m for m in reversed(recent) if fits(m, event_type)), None)

    found = nearest(event.kind)
    return found if found is not None or event.kind != "meeting" else nearest("summit")


def _date_from_paragraph(events: list[EventCandidate], doc: Optional[Doc]) -> None:
    """An undated event told right after a dated one in the same paragraph ("... was signed
    by the three Presidents. In their presence, the following documents were also signed:")
    happened then too; so did one told in the paragraph after the day's news. "Right after"
    counts every mention of the earlier event, not only its first (a summit named in the
    headline and told again just before the signings)."""
    if doc is None:
        return
    told = sorted(((s.start_char, i) for i, e in enumerate(events) for s in (e.sentence, *e.told_in)))
    starts = [char for char, _ in told]
    for event in sorted(events, key=lambda e: e.trigger.start):
        if event.date is not None or event.commemorated:
            continue
        k = bisect_left(starts, event.sentence.start_char)
        before = next((events[i] for _, i in reversed(told[:k]) if events[i] is not event), None)
        if before is None or before.date is None:
            continue
        mention = max(char for char, i in told[:k] if events[i] is before)
        own_start = paragraph_start(doc, event.sentence.start_char)
        same_paragraph = own_start < mention
        reach = paragraph_start(doc, own_start) if own_start > 0 else own_start
        if same_paragraph or (reach < mention and _is_current(before.date, doc)):
            event.date = before.date
            event.location = event.location or before.location


def _is_current(date: Date, doc: Doc) -> bool:
    """Whether a day-precise date lies in the days just before the reference date: the news of
    the report, which a story carries over into its next paragraph (a dated background
    paragraph does not lend its date to the next)."""
    ref = doc._.reference_date
    return ref is not None and days_before(date, ref)


def _host_summit(event: EventCandidate, summits: list[EventCandidate], doc: Optional[Doc]) -> Optional[EventCandidate]:
    """A reception ("hosted Putin", "received Aliyev") told in a summit's paragraph is the summit."""
    if doc is None or event.rule != "meeting-received":
        return None
    start = paragraph_start(doc, event.sentence.start_char)
    return next((m for m in reversed(summits) if m.sentence.start_char > start), None)


def compatible_dates(a: Optional[str], b: Optional[str]) -> bool:
    """Equal dates, or one a coarser prefix of the other ("2018" and "2018-08-12")."""
    return a == b or a.startswith(b) or b.startswith(a)


def _more_precise(a: Optional[Date], b: Optional[Date]) -> Optional[Date]:
    if a is None or a.value is None:
        return b or a
    if b is None or b.value is None:
        return a
    return b if len(b.value) > len(a.value) and b.value.startswith(a.value) else a


def _same_event(a: EventCandidate, b: EventCandidate) -> bool:
    if a.kind != b.kind:
        return False
    da, db = _date_value(a, b), _date_value(b, a)
    if da and db and not compatible_dates(da, db):
        return False
    if a.trigger is b.trigger:  # one "separate talks" trigger, one meeting per guest
        return False
    if a.sentence == b.sentence:
        return True
    if a.separate or b.separate:  # "Separately, the ministers signed ...": another event
        return False
    if (a.side or b.side) and a.event_type in HOSTING_TYPES:  # "on the sidelines of the meeting, A and B held talks"
        return False
    if _different_instruments(a, b):
        return False  # two instruments signed: two signings
    if _told_apart(a, b):
        return False
    if a.agreements and set(a.agreements) & set(b.agreements):
        return True
    if a.event_type == "opening" and (da or db) and _retold_opening(a, b):
        return True  # "the railways were commissioned" retells the day's ceremony: one opening
    if a.commemorated != b.commemorated and _within_people(a, b):
        return True  # "the 33rd anniversary of diplomatic relations" ... "relations were established in 1992"
    shared = set(a.participants) & set(b.participants)
    if da and db:
        return bool(shared) and _nested(a, b) or not (a.participants and b.participants)
    same_place = a.location is not None and a.location == b.location
    return len(shared) >= 2 or (same_place and bool(shared or not (a.participants and b.participants)))


def _date_value(event: EventCandidate, other: EventCandidate) -> Optional[str]:
    """The date a mention is compared by: a lead's dateline day says nothing against
    another mention's own day in the week before it (a next-day report tells "on
    Wednesday" in its body)."""
    if event.date is None:
        return None
    if (event.lead_dated and other.own_date and days_before(other.date, event.date)
            and not compatible_dates(event.date.value, other.date.value)):
        return None
    return event.date.value


def _bare(event: EventCandidate) -> bool:
    """A mention that names no one, no instrument, no project and no place."""
    return not (event.participants or event.agreements or event.projects or event.location)


def _retold_opening(a: EventCandidate, b: EventCandidate) -> bool:
    """One of two openings names no project and no one the other does not: it retells it."""
    return any(not x.projects and set(x.participants) <= set(y.participants) for x, y in ((a, b), (b, a)))


def _different_instruments(a: EventCandidate, b: EventCandidate) -> bool:
    """Both name instruments, and none in common."""
    return bool(a.agreements and b.agreements and not set(a.agreements) & set(b.agreements))


def _within_people(a: EventCandidate, b: EventCandidate) -> bool:
    """One mention's people are all among the other's (or it names none)."""
    pa, pb = set(a.participants), set(b.participants)
    return pa <= pb or pb <= pa


def _nested(a: EventCandidate, b: EventCandidate) -> bool:
    """One meeting's people include the other's ("Putin meets A" and "Putin and A hold
    talks"); "Putin meets A" and "Putin meets B" share Putin but are two meetings."""
    pa, pb = set(a.participants), set(b.participants)
    return a.event_type != "meeting" or len(pa) < 2 or len(pb) < 2 or pa <= pb or pb <= pa


def _told_apart(a: EventCandidate, b: EventCandidate) -> bool:
    """Two dated mentions with different triggers ("held talks", "chaired the first meeting")
    are two events of the same day; a repeat uses a back-reference or the same words."""
    if a.anaphoric or b.anaphoric or not (a.own_date and b.own_date):
        return False
    return a.trigger.text.lower() != b.trigger.text.lower()


def anaphoric(doc: Doc, trigger: Span) -> bool:
    """"after the talks", "during the visit": a back-reference to an event already told."""
    i = trigger.start
    return i >= 2 and doc[i - 1].lower_ in DETERMINERS and doc[i - 2].lower_ in PREPOSITIONS


def definite(doc: Doc, trigger: Span) -> bool:
    """"the meeting", "the narrow format talks", "today's summit": a determiner (or a
    possessive) at most ``DEFINITE_GAP`` lowercase words before a trigger noun."""
    texts = token_texts(doc)
    determiners = lexicons()["event_determiners"]
    for i in range(trigger.start - 1, max(-1, trigger.start - DEFINITE_GAP - 2), -1):
        if texts[i].lower() in determiners:
            return True
        if not (texts[i].isalpha() and texts[i].islower()):
            return False
    return False
