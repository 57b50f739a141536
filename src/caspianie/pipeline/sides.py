"""Which states take part in an event: through their leaders, or as the sides of talks.

A state whose own person takes part in a meeting, summit, opening or visit is there
through that person: "President of Azerbaijan Ilham Aliyev met ..." names Aliyev as
taking part, not Azerbaijan (``drop_represented_states``; a visit keeps the host
country it names as destination, and a signing keeps the states it binds).

A signing whose sentence names nobody binds the sides of the talks it closes
(``lend_sides``).

Reports of talks often end with a passive or a bare noun: "Following the talks, a
package of agreements was signed", "The main result of the summit was the signing of
the convention", "a joint declaration was adopted". The signing binds the sides of
the meeting, summit or visit it follows (the contract: "the two sides" / "the parties"
are the sides of the meeting). Those sides are the states taking part: the states
among the event's participants, and the states its persons act for.

A signing only borrows sides when it names no participant of its own, when the frame
it follows is of a compatible date, and when that frame has at least two sides (one
visitor's state alone does not say who signed with whom).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable, Optional

from spacy.tokens import Doc, Span

from caspianie.knowledge.gazetteer import load_gazetteer
from caspianie.knowledge.patternfiles import lexicons, places
from caspianie.pipeline.eventmerge import EventCandidate, compatible_dates
from caspianie.pipeline.extensions import token_texts
from caspianie.pipeline.layers import ACTORS, info_of

FRAME_TYPES = ("meeting", "summit", "visit")
REPRESENTED_TYPES = ("meeting", "summit", "opening")
"""Events where a leader named as taking part stands for their state (the state is no
participant of its own); a signing binds the state, so it keeps both."""
"""Events whose sides a following signing binds."""
MIN_SIDES = 2
GROUP_REACH = 8  # how far before a signing verb its group subject may stand ("the leaders of the countries of the region adopted")


def lend_sides(doc: Doc, events: list[EventCandidate]) -> None:
    """Give each signing that names no participant, or whose signers are a group ("the two
    sides", "the leaders"), the states of the talks it follows; "the leaders" and "the
    presidents" are also the talks' persons."""
    speaks_for = acts_for(doc)
    states = {info_of(s).key for s in ACTORS.spans(doc) if info_of(s).kind == "country"}
    ordered = sorted(events, key=lambda e: e.trigger.start)
    for position, event in enumerate(ordered):
        group = _signing_group(event) if event.event_type == "signing" else None
        if event.event_type != "signing" or (event.participants and group is None):
            continue
        sides_of = lambda e: _states_of(e, states, speaks_for)  # noqa: E731
        found = _frame(ordered[:position], event, sides_of) or _only_frame(ordered[position + 1:], event, sides_of)
        if found is None:
            continue
        frame, sides = found
        if not set(event.participants) <= set(frame.participants) | set(sides):
            continue
        people = [p for p in frame.participants if p in speaks_for] if group in lexicons()["leader_group_words"] else []
        event.participants = list(dict.fromkeys(event.participants + people + sides))


FOLLOW_ON_TYPES = ("meeting", "cultural_event")  # gatherings a report tells as what followed the talks


def lend_to_follow_ons(doc: Doc, events: list[EventCandidate]) -> None:
    """"This was followed by a joint press conference", "After the talks, the leaders held a
    press conference": an event that names nobody, told as what followed the one before it,
    has that event's people, and its day and place when it gives none (``follow_on_openers``
    in ``patterns/lexicons.jsonl``). So does a "joint" one that names only some of them ("At
    a joint press conference, Aliyev said ...")."""
    openers = lexicons()["follow_on_openers"]
    longest = max(len(o) for o in openers)
    texts = token_texts(doc)
    ordered = sorted(events, key=lambda e: e.trigger.start)
    for before, event in zip(ordered, ordered[1:]):
        if event.event_type not in FOLLOW_ON_TYPES or not before.participants:
            continue  # "It was followed by the Moscow Protocol": an instrument follows, not a gathering
        joint = event.trigger.start > 0 and texts[event.trigger.start - 1].lower() in lexicons()["joint_event_words"]
        if event.participants and not (joint and set(event.participants) < set(before.participants)):
            continue
        start = event.sentence.start
        opening = tuple(t.lower() for t in texts[start:start + longest])
        if not (joint or any(opening[:len(o)] == o for o in openers)):
            continue
        event.participants = list(before.participants)
        event.date = event.date or before.date
        event.location = event.location or before.location


WITNESS_REACH = 4  # "witnessed the signing of": the verb's distance before the trigger


def _signing_group(event: EventCandidate) -> Optional[str]:
    """The group word that signs ("the two sides signed", "the leaders adopted"), if any."""
    doc, start = event.trigger.doc, event.trigger.start
    before = [t.lower_ for t in doc[max(event.sentence.start, start - GROUP_REACH):start]]
    leaders = [w for w in before if w in lexicons()["leader_group_words"]]  # "the leaders of the countries"
    sides = [w for w in before if w in lexicons()["side_group_words"]]
    return (leaders or sides or [None])[-1]


def drop_attendees(doc: Doc, events: list[EventCandidate]) -> None:
    """Persons who watched a signing are no signers: those named after "attended by" or "in
    the presence of" ("the contract was signed at a ceremony attended by the ambassador"; "in
    the presence of the two presidents, the ministers signed"), and those who "witnessed" or
    "attended" the signing. A signing left with no one taking part is between the watchers'
    states ("Xi and Nazarbayev witnessed the signing of 22 agreements")."""
    cues = lexicons()["attendance_cue_words"]
    witness = lexicons()["witness_verbs"]
    texts = token_texts(doc)
    people = [s for s in ACTORS.spans(doc) if info_of(s).kind == "person"]
    speaks_for = acts_for(doc)
    for event in events:
        if event.event_type != "signing":
            continue
        sentence, start, end = event.sentence, event.trigger.start, event.trigger.end
        pairs = [i for i in range(sentence.start, sentence.end - 1) if f"{texts[i].lower()} {texts[i + 1].lower()}" in cues]
        after = next((i for i in pairs if i >= end), None)
        before = next((i for i in reversed(pairs) if i < start), None)
        watching: set[str] = set()
        if after is not None:  # "signed ... attended by A and B", unless A signs too; ", by C and D" sign
            named_before = {info_of(s).key for s in people if sentence.start <= s.start < after}
            by = next((i for i in range(after + 2, sentence.end - 1) if texts[i] == "," and texts[i + 1].lower() == "by"),
                      sentence.end)
            watching |= {info_of(s).key for s in people if after < s.start < by} - named_before
        if before is not None:  # "in the presence of A and B, the ministers signed": up to the next comma
            stop = next((i for i in range(before + 2, start) if texts[i] == "," and not _apposed(people, i)), start)
            watching |= {info_of(s).key for s in people if before < s.start < stop}
        verb = next((i for i in range(max(sentence.start, start - WITNESS_REACH), start) if texts[i].lower() in witness), None)
        if verb is not None:  # "A and B witnessed the signing of ..."
            watching |= {info_of(s).key for s in people if sentence.start <= s.start < verb}
        if not watching:
            continue
        kept = [p for p in event.participants if p not in watching]
        states = [speaks_for[p] for p in event.participants if p in watching and p in speaks_for]
        event.participants = kept or list(dict.fromkeys(states))


def _apposed(people: list[Span], comma: int) -> bool:
    """A comma between a title and the name of the same person ("the Emir of Qatar, Sheikh
    Tamim bin Hamad Al Thani"): the watchers' list goes on."""
    before = [s for s in people if s.end <= comma]
    after = next((s for s in people if comma < s.start <= comma + 2), None)
    return bool(before) and after is not None and info_of(before[-1]).key == info_of(after).key


def locate_visits(doc: Doc, events: list[EventCandidate]) -> None:
    """A visit with no place named happened in the one state it names as host (the contract:
    the city if given, else the country): "Rouhani visited Azerbaijan" is in Azerbaijan."""
    speaks_for = acts_for(doc)
    states = {info_of(s).key for s in ACTORS.spans(doc) if info_of(s).kind == "country"}
    for event in events:
        if event.event_type != "visit" or event.location is not None:
            continue
        own = {speaks_for.get(p) for p in event.participants}
        hosts = [p for p in event.participants if p in states and p not in own]
        entry = load_gazetteer().countries.get(hosts[0]) if len(hosts) == 1 else None
        if entry is not None:
            event.location = entry.name


def drop_represented_states(doc: Doc, events: list[EventCandidate]) -> None:
    """A state whose own person takes part in a meeting, summit or opening is there through
    that person ("President of Azerbaijan Ilham Aliyev met ..." names Aliyev, not Azerbaijan,
    as taking part)."""
    speaks_for = acts_for(doc)
    for event in events:
        if event.event_type not in REPRESENTED_TYPES + ("visit",):
            continue
        present = {speaks_for.get(p) for p in event.participants} - {None}
        if event.event_type == "visit":  # the host country named as destination stays
            present.discard(country_of_place(event.location))
        event.participants = [p for p in event.participants if p not in present]


@lru_cache(maxsize=1)
def _place_countries() -> dict[str, str]:
    """Place or country name (casefolded) -> country key."""
    out = {form.casefold(): p.country for p in places() for form in (p.name, *p.aliases, *p.venues) if p.country}
    out.update({entry.name.casefold(): key for key, entry in load_gazetteer().countries.items()})
    return out


def country_of_place(name: Optional[str]) -> Optional[str]:
    return _place_countries().get(name.casefold()) if name else None


def acts_for(doc: Doc) -> dict[str, str]:
    """Person key -> the state they act for (the actor's country)."""
    out: dict[str, str] = {}
    for span in ACTORS.spans(doc):
        info = info_of(span)
        if info.kind == "person" and info.country:
            out.setdefault(info.key, info.country)
    return out


def _states_of(event: EventCandidate, states: set[str], speaks_for: dict[str, str]) -> list[str]:
    """The states taking part in an event: its country participants and its persons' states."""
    sides = [p if p in states else speaks_for.get(p) for p in event.participants]
    return list(dict.fromkeys(s for s in sides if s in states))


def _frame(earlier: list[EventCandidate], signing: EventCandidate,
           sides_of: Callable[[EventCandidate], list[str]]) -> Optional[tuple[EventCandidate, list[str]]]:
    """The nearest earlier meeting, summit or visit with two or more sides, and those sides;
    none when the nearest such event's date contradicts the signing's."""
    for frame in reversed(earlier):
        sides = sides_of(frame) if frame.event_type in FRAME_TYPES else []
        if len(sides) < MIN_SIDES:
            continue
        ours = signing.date.value if signing.date else None
        theirs = frame.date.value if frame.date else None
        return (frame, sides) if not ours or not theirs or compatible_dates(ours, theirs) else None
    return None


def _only_frame(later: list[EventCandidate], signing: EventCandidate,
                sides_of: Callable[[EventCandidate], list[str]]) -> Optional[tuple[EventCandidate, list[str]]]:
    """A signing told before the talks it closes ("The main event of the meeting was the
    signing of the convention. ... Aktau hosted the summit of the five presidents"): the
    meeting, summit or visit told after it, when it is the only one with two or more sides."""
    framed = [(f, sides_of(f)) for f in later if f.event_type in FRAME_TYPES]
    framed = [(f, sides) for f, sides in framed if len(sides) >= MIN_SIDES]
    if len(framed) != 1:
        return None
    return _frame([framed[0][0]], signing, sides_of)
