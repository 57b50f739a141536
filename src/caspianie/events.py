"""``caspianie_events``: factual events with their arguments.

Triggers come from ``patterns/triggers.jsonl`` (label = event type, id = the
rule reported as provenance, ``requires`` = what the sentence must also name
for the trigger to count). A trigger is dropped when a cue of
``patterns/factuality.jsonl`` (modal, negation, intention, condition) stands
in its clause, or when its date lies after the document's reference date.
Arguments are attached from the trigger's sentence: the nearest date (else the
paragraph's last date), the nearest place introduced by a preposition, the
actors, agreements and projects named there. Mentions of one event are merged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import SpanRuler
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .extensions import ACTORS, AGREEMENTS, DATES, PROJECTS, body_end, register_extensions
from .patternfiles import SpanPattern, packaged, places, read_models
from .records import Date

ENTITIES, TITLES = "caspianie_entities", "caspianie_titles"
INSTITUTION_WORDS = {"relations", "embassy", "embassies", "association", "council", "academy", "organization",
                     "organisation", "committee", "commission", "company", "consortium", "union", "fund", "bank"}
LOCATION_PREPS = {"in", "at", "near", "outside"}
CLAUSE_BREAKS = {";", ":", "—", "–"}
CUE_WINDOW = 6


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


class EventExtractor:
    """Find triggers, filter non-factual ones, attach arguments, merge repeats."""

    def __init__(self, nlp: Language, name: str, triggers: str, factuality: str) -> None:
        register_extensions()
        self.name = name
        entries = read_models(packaged(triggers), SpanPattern)
        self.requires = {e.id: getattr(e, "requires", None) for e in entries}
        self.ruler = SpanRuler(nlp, name=f"{name}_triggers", spans_key=f"{name}_triggers", validate=True)
        self.ruler.add_patterns([e.model_dump(include={"label", "pattern", "id"}) for e in entries])
        self.cues = Matcher(nlp.vocab, validate=True)
        for entry in read_models(packaged(factuality), SpanPattern):
            self.cues.add(entry.id, [entry.pattern])
        self.place_names = {p.key: p.name for p in places()}

    def __call__(self, doc: Doc) -> Doc:
        cue_tokens = {start for _, start, _ in self.cues(doc)}
        blocked = _covered(doc, (AGREEMENTS, ENTITIES))
        events: list[EventCandidate] = []
        for trigger in filter_spans(self.ruler.match(doc)):
            if trigger.start_char >= body_end(doc) or trigger.start in blocked:
                continue
            candidate = self._candidate(doc, trigger, cue_tokens)
            if candidate is not None:
                events.append(candidate)
        doc._.events = merge(events)
        return doc

    def _candidate(self, doc: Doc, trigger: Span, cues: set[int]) -> Optional[EventCandidate]:
        sentence = trigger.sent
        if not is_factual(doc, trigger, sentence, cues):
            return None
        actors = [a for a in doc.spans.get(ACTORS, []) if sentence.start <= a.start < sentence.end]
        agreements = [a for a in doc.spans.get(AGREEMENTS, []) if sentence.start <= a.start < sentence.end]
        projects = [p for p in doc.spans.get(PROJECTS, []) if sentence.start <= p.start < sentence.end]
        if not self._licensed(trigger.id_, sentence, actors, agreements, projects):
            return None
        event = EventCandidate(trigger.label_, trigger.id_, trigger, sentence)
        event.date = self._date(doc, trigger, sentence)
        if _after_reference(doc, event.date):
            return None
        event.location = self._location(doc, trigger, sentence, actors)
        event.participants = _participants(doc, event, actors, agreements)
        if event.event_type in ("signing", "termination"):
            event.agreements = _unique(a._.key for a in agreements)
        event.projects = _unique(p._.key for p in projects)
        return event

    def _licensed(self, rule: str, sentence: Span, actors: list[Span], agreements: list[Span], projects: list[Span]) -> bool:
        """Does the sentence name what this trigger requires?"""
        need = self.requires.get(rule)
        if need is None:
            return True
        if need == "agreement":
            return bool(agreements)
        if need == "person":
            return any(a._.kind == "person" for a in actors)
        if need == "actor":
            return bool(actors)
        if need == "project":
            return bool(projects)
        if need == "agreement_or_project":
            return bool(agreements or projects)
        if need == "institution":
            return any(t.lower_ in INSTITUTION_WORDS for t in sentence) or any(a._.kind == "organization" for a in actors)
        return True

    def _date(self, doc: Doc, trigger: Span, sentence: Span) -> Optional[Date]:
        """The nearest date of the sentence (outside agreement names), else the paragraph's last."""
        inside = _covered(doc, (AGREEMENTS,))
        dates = [d for d in doc.spans.get(DATES, []) if d._.date is not None and d.start not in inside]
        in_sentence = [d for d in dates if sentence.start <= d.start < sentence.end]
        if in_sentence:
            return min(in_sentence, key=lambda d: abs(d.start - trigger.start))._.date
        paragraph_start = doc.text.rfind("\n\n", 0, sentence.start_char)
        earlier = [d for d in dates if paragraph_start < d.start_char < sentence.start_char]
        return earlier[-1]._.date if earlier else None

    def _location(self, doc: Doc, trigger: Span, sentence: Span, actors: list[Span]) -> Optional[str]:
        """The nearest place after in/at (or to, for a visit); else a country so introduced."""
        preps = LOCATION_PREPS | ({"to"} if trigger.label_ == "visit" else set())
        found = []
        for span in doc.spans.get(ENTITIES, []):
            direct = trigger.label_ == "visit" and span.start == trigger.end
            if span.label_ == "PLACE" and sentence.start < span.start < sentence.end and (direct or doc[span.start - 1].lower_ in preps):
                found.append((abs(span.start - trigger.start), self.place_names.get(span.id_, span.text)))
        if not found:
            for actor in actors:
                if actor._.kind == "country" and actor.start > sentence.start and doc[actor.start - 1].lower_ in preps:
                    found.append((abs(actor.start - trigger.start), actor._.info["name"]))
        return min(found)[1] if found else None


def is_factual(doc: Doc, trigger: Span, sentence: Span, cues: set[int]) -> bool:
    """False when a modality/negation cue stands in the trigger's clause just before it."""
    start = max(sentence.start, trigger.start - CUE_WINDOW)
    for i in range(trigger.start - 1, start - 1, -1):
        if doc[i].text in CLAUSE_BREAKS:
            break
        if i in cues:
            return False
    after = doc[trigger.end:min(sentence.end, trigger.end + 3)]
    return not any(t.i in cues and t.lower_ in {"to", "is", "are"} for t in after)


def _after_reference(doc: Doc, date: Optional[Date]) -> bool:
    """An event dated after the document's reference date has not happened yet."""
    ref = doc._.reference_date
    if date is None or date.value is None or ref is None or ref.value is None:
        return False
    start, reference = date.value.split("/")[0], ref.value
    n = min(len(start), len(reference))
    return start[:n] > reference[:n]


def _participants(doc: Doc, event: EventCandidate, actors: list[Span], agreements: list[Span]) -> list[str]:
    """Actors of the sentence that take part: not inside titles, not mere locations."""
    in_titles = _covered(doc, (TITLES,))
    in_names = _covered(doc, (AGREEMENTS,))
    keys = []
    for actor in actors:
        before = doc[actor.start - 1].lower_ if actor.start > 0 else ""
        if actor._.kind != "person" and actor.start in in_titles:
            continue
        if actor.start in in_names and event.event_type != "signing":
            continue
        if actor._.kind == "country" and before in {"in", "from", "through", "across", "via", "of"} and event.event_type != "visit":
            continue
        keys.append(actor._.key)
    if event.event_type == "signing":
        for agreement in agreements:
            keys.extend(agreement._.info.get("parties", []))
    return _unique(keys)


def merge(events: list[EventCandidate]) -> list[EventCandidate]:
    """One record per real event: same type, same (or missing) date, shared participants."""
    merged: list[EventCandidate] = []
    for event in events:
        twin = next((m for m in merged if _same_event(m, event)), None)
        if twin is None:
            merged.append(event)
            continue
        twin.participants = _unique(twin.participants + event.participants)
        twin.agreements = _unique(twin.agreements + event.agreements)
        twin.projects = _unique(twin.projects + event.projects)
        twin.date = twin.date or event.date
        twin.location = twin.location or event.location
    return merged


def _same_event(a: EventCandidate, b: EventCandidate) -> bool:
    if a.event_type != b.event_type:
        return False
    if a.sentence == b.sentence:
        return True
    da = a.date.value if a.date else None
    db = b.date.value if b.date else None
    if da and db and da != db:
        return False
    if a.agreements and set(a.agreements) & set(b.agreements):
        return True
    shared = set(a.participants) & set(b.participants)
    return bool(da and db and shared) or len(shared) >= 2 and not (da and db)


def _covered(doc: Doc, keys: tuple[str, ...]) -> set[int]:
    return {i for key in keys for s in doc.spans.get(key, []) for i in range(s.start, s.end)}


def _unique(items: Any) -> list[str]:
    out: list[str] = []
    for item in items:
        if item and item not in out:
            out.append(item)
    return out


@Language.factory(
    "caspianie_events",
    default_config={"triggers": "triggers.jsonl", "factuality": "factuality.jsonl"},
)
def make_event_extractor(nlp: Language, name: str, triggers: str, factuality: str) -> EventExtractor:
    """Events from trigger and factuality pattern files (see the module docstring)."""
    return EventExtractor(nlp, name, triggers, factuality)
