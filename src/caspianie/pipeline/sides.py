"""Who a signing binds when its sentence names nobody: the sides of the talks it closes.

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

from typing import Optional

from spacy.tokens import Doc

from caspianie.pipeline.eventmerge import EventCandidate, compatible_dates
from caspianie.pipeline.layers import ACTORS, info_of

FRAME_TYPES = ("meeting", "summit", "visit")
"""Events whose sides a following signing binds."""
MIN_SIDES = 2


def lend_sides(doc: Doc, events: list[EventCandidate]) -> None:
    """Give each signing that names no participant the states of the talks it follows."""
    kinds: dict[str, str] = {}
    acts_for: dict[str, str] = {}
    for span in ACTORS.spans(doc):
        info = info_of(span)
        kinds.setdefault(info.key, info.kind)
        if info.kind == "person" and info.country:
            acts_for.setdefault(info.key, info.country)
    states = {key for key, kind in kinds.items() if kind == "country"}
    ordered = sorted(events, key=lambda e: e.trigger.start)
    for position, event in enumerate(ordered):
        if event.event_type != "signing" or event.participants:
            continue
        frame = _frame(ordered[:position], event)
        if frame is None:
            continue
        sides = [p if p in states else acts_for.get(p) for p in frame.participants]
        sides = list(dict.fromkeys(s for s in sides if s in states))
        if len(sides) >= MIN_SIDES:
            event.participants = sides


def _frame(earlier: list[EventCandidate], signing: EventCandidate) -> Optional[EventCandidate]:
    """The nearest earlier meeting, summit or visit; none when its date contradicts the signing's."""
    frame = next((e for e in reversed(earlier) if e.event_type in FRAME_TYPES), None)
    if frame is None:
        return None
    ours = signing.date.value if signing.date else None
    theirs = frame.date.value if frame.date else None
    return frame if not ours or not theirs or compatible_dates(ours, theirs) else None
