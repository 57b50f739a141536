"""When a meeting is a summit: the contract's "summit or meeting of heads of state".

A meeting becomes a summit when a summit body takes part ("the CIS Council of Heads of
State", linked to the CIS by the actors component), when four or more heads of state or
government take part (by the gazetteer's offices), or when it is "a meeting of the heads
of" three or more states the sentence names. Three leaders' talks are often a meeting
beside a summit, and two leaders meet.
"""

from __future__ import annotations

from spacy.tokens import Span

from caspianie.knowledge.gazetteer import load_gazetteer
from caspianie.knowledge.patternfiles import lexicons

LEADER_OFFICES = ("President of", "Prime Minister of")
MIN_SUMMIT_LEADERS = 4
MIN_SUMMIT_STATES = 3


def of_heads_of_state(actors: list[Span], participants: list[str], trigger: Span) -> bool:
    """A meeting of a summit body ("the CIS Council of Heads of State"), of four or more
    heads of state or government, or "of the heads of" three or more states named is a
    summit (the contract's "meeting of heads of state"); three leaders' talks are often a
    meeting beside the summit, and two leaders meet."""
    if any(a._.rule == "summit-body" and a._.key in participants for a in actors):
        return True
    after = [t.lower_ for t in trigger.doc[trigger.end:trigger.end + 4]]
    heads_of = after[:1] == ["of"] and any(w in lexicons()["plural_leader_words"] for w in after[1:3])
    countries = [a for a in actors if a._.kind == "country" and a._.key in participants]
    if heads_of and len({a._.key for a in countries}) >= MIN_SUMMIT_STATES:
        return True
    persons = load_gazetteer().persons
    leaders = [p for p in participants if p in persons
               and any(o.title.startswith(LEADER_OFFICES) for o in persons[p].offices)]
    return len(leaders) >= MIN_SUMMIT_LEADERS
