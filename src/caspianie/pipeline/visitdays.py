"""The days a visit spans when the text gives its length: "arrived in Seoul on Wednesday for a
four-day visit" is Wednesday to Saturday; "left Astana on Wednesday, concluding a three-day
state visit" is Monday to Wednesday. A length word ("four-day", "3-day") before a visit noun
(``visit_nouns``) and a single day for the visit make a day range; a cue of its end before the length
(``visit_end_cues`` in ``patterns/lexicons.jsonl``) makes the day its last one.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Optional

from spacy.tokens import Doc, Span

from caspianie.contract.records import Date
from caspianie.knowledge.patternfiles import lexicons
from caspianie.pipeline.eventmerge import EventCandidate
from caspianie.pipeline.extensions import token_texts
from caspianie.pipeline.names import HYPHENS

LENGTH_REACH = 4  # tokens between the length word and the visit noun ("two-day official visit")
END_REACH = 6  # tokens between an end cue and the length word ("concluding a three-day state visit")


def span_visit_days(doc: Doc, events: list[EventCandidate]) -> None:
    """Give each visit dated by one day, whose length the text states, its day range."""
    for event in events:
        if event.event_type != "visit" or event.date is None or event.date.granularity != "day":
            continue
        value = event.date.value
        if not value or "/" in value:
            continue
        found = next((f for f in (_length(doc, sentence) for sentence in [event.sentence, *event.told_in]) if f), None)
        if found is None:
            continue
        days, at = found
        day = date.fromisoformat(value)
        if _ends(doc, at):
            first, last = day - timedelta(days=days - 1), day
        else:
            first, last = day, day + timedelta(days=days - 1)
        event.date = Date(text=event.date.text, value=f"{first.isoformat()}/{last.isoformat()}",
                          granularity="day", basis=event.date.basis)


def _length(doc: Doc, sentence: Span) -> Optional[tuple[int, int]]:
    """(days, token of the length word) of "<N>-day" before a visit noun in the sentence."""
    texts = token_texts(doc)
    numbers = dict(lexicons()["number_words"])
    nouns = set(lexicons()["visit_nouns"])
    for i in range(sentence.start + 2, sentence.end):
        if texts[i].lower() != "day" or texts[i - 1] not in HYPHENS:
            continue
        if not any(t.lower() in nouns for t in texts[i + 1:min(sentence.end, i + 1 + LENGTH_REACH)]):
            continue
        word = texts[i - 2].lower()
        days = int(word) if word.isdigit() else int(numbers.get(word, "0"))
        return (days, i - 2) if days > 1 else None
    return None


def _ends(doc: Doc, at: int) -> bool:
    """Whether an end cue stands just before the length word ("concluding a three-day ...")."""
    texts = token_texts(doc)
    cues = set(lexicons()["visit_end_cues"])
    return any(texts[i].lower() in cues for i in range(max(0, at - END_REACH), at))
