"""``caspianie_events``: factual events with their arguments.

Triggers come from ``patterns/triggers.jsonl`` (label = event type, id = the
rule reported as provenance, ``requires`` = what the sentence must also name
for the trigger to count). A trigger is dropped when a cue of
``patterns/factuality.jsonl`` (modal, negation, intention, condition) stands
in its clause, or when its date lies after the document's reference date.
Arguments are attached from the trigger's sentence: the nearest date (else the
paragraph's last date), the nearest place introduced by a preposition, the
actors, agreements and projects named there. Mentions of one event are merged
(``eventmerge.py``) into ``doc._.events``. The sentences of signings found not
factual go to ``doc._.nonfactual_signings``: the record builder reads them to call
an instrument a draft.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Optional

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.pipeline import SpanRuler
from spacy.tokens import Doc, Span

from caspianie.pipeline.attendance import attach_attendees, attach_topics
from caspianie.pipeline.sides import drop_attendees, drop_represented_states, lend_sides, lend_to_follow_ons, locate_visits
from caspianie.pipeline.visitdays import span_visit_days
from caspianie.pipeline.venues import Venues, drop_domestic_trips, join_visits, locate_within_visits, narrow_visits
from caspianie.pipeline.summits import of_heads_of_state
from caspianie.pipeline.titles import plural_of_holders
from caspianie.knowledge.gazetteer import load_gazetteer
from caspianie.pipeline.ellipsis import (
    FOLLOW,
    continued_trigger,
    instruments_after,
    implied_agreements,
    listed_arguments,
    separate_guests,
)
from caspianie.pipeline.docindex import DocIndex, covered
from caspianie.pipeline.eventargs import (congratulated, congratulation_before, event_date, event_participants,
                                          first_person, pronoun_persons, pronoun_projects, relative_antecedent, unique)
from caspianie.pipeline.eventplaces import event_location, scene_place
from caspianie.pipeline.enumerated import enumerated_events
from caspianie.pipeline.eventmerge import EventCandidate, anaphoric, definite, merge
from caspianie.pipeline.factuality import COMMEMORATED, DISCOURSE, after_reference, commemorated, is_factual
from caspianie.pipeline.extensions import (
    body_end,
    doc_text,
    line_bounds,
    on_furniture,
    register_extensions,
    sentence_of,
    sentences,
    token_texts,
)
from caspianie.pipeline.fastmatch import AnchoredMatcher
from caspianie.pipeline.phrasecache import phrase_keywords
from caspianie.pipeline.ruler import add_patterns, add_phrases, filtered_matches
from caspianie.pipeline.layers import ACTORS, AGREEMENTS, DATES, ENTITIES, PROJECTS, TITLES, layer_names, wire
from caspianie.knowledge.patternfiles import SpanPattern, TriggerPattern, expand_phrases, lexicons, read_models
from caspianie.contract.records import Date

INSTITUTION_WORDS = lexicons()["institution_words"]
INSTITUTION_WINDOW = 8
MIN_SENTENCE_WORDS = 4
CLAUSE_SCOPED = ("election",)  # one takes office per clause: "X took office in 2016, and Y in 2017"
_CLOCK = re.compile(r"[ \t]*\d{1,2}:\d{2}\b")  # a live blog entry's time stamp: "11:10 Putin ..."
NOT_EVENT = "NOT_EVENT"  # trigger-file label of look-alikes ("met by" at an airport) that win by length
SENTENCE_ENDS = (".", "!", "?", ";", ":", '"', "”", ")", "]")
PASSIVE_AUX = lexicons()["passive_auxiliaries"]
SIDE_CUES = tuple(sorted(lexicons()["side_meeting_cues"]))
SEPARATE_CUES = tuple(sorted(lexicons()["separate_event_cues"]))


class EventExtractor:
    """Find triggers, filter non-factual ones, attach arguments, merge repeats."""

    def __init__(self, nlp: Language, name: str, triggers: str, factuality: str, layers: dict[str, str]) -> None:
        register_extensions()
        self.name = name
        self.layers = layer_names(layers)
        entries = read_models(triggers, TriggerPattern)
        self.requires = {e.id: e.requires for e in entries}
        self.min_participants = {e.id: e.min_participants for e in entries}
        self.not_followed_by = {e.id: (frozenset(e.not_followed_by), e.scope) for e in entries if e.not_followed_by}
        self.summit_like = {e.id for e in entries if e.leaders_make_summit}
        self.own_events = {e.id for e in entries if e.own_event}
        self.ruler = SpanRuler(nlp, name=f"{name}_triggers", spans_key=f"{name}_triggers",
                               phrase_matcher_attr="LOWER", validate=True)
        self.ruler.matcher = AnchoredMatcher(nlp.vocab)  # token patterns were validated when read
        add_patterns(nlp, self.ruler, [p for entry in entries for p in _phrase_form(entry)])
        self.cues = AnchoredMatcher(nlp.vocab)
        self.cue_phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.cue_labels: dict[int, str] = {}
        self._peers: dict[tuple[int, str], list[int]] = {}  # the document being read: (sentence start, type) -> trigger starts
        self._persons: set[str] = set()  # the document being read: its persons' keys
        cue_keys: list[str] = []
        cue_texts: list[str] = []
        for entry in read_models(factuality, SpanPattern):
            phrases = expand_phrases(entry.pattern)
            if phrases is None:
                self.cues.add(entry.id, [entry.pattern])
            else:
                cue_keys += [entry.id] * len(phrases)
                cue_texts += phrases
            self.cue_labels[nlp.vocab.strings[entry.id]] = entry.label
        add_phrases(self.cue_phrases, cue_keys, phrase_keywords(nlp, cue_texts, "LOWER"))
        self.venues = Venues()

    def __call__(self, doc: Doc) -> Doc:
        wire(doc, self.layers)
        found = (list(self.cues(doc)) if len(self.cues) else []) + list(self.cue_phrases(doc))
        cues: dict[int, str] = {}  # every token of a cue: "is due to host" counts up to "host"
        for mid, start, end in sorted(found, key=lambda m: (m[1], m[1] - m[2])):  # the longer cue first
            for i in range(start, end):
                cues.setdefault(i, self.cue_labels[mid])
        cues = {i: label for i, label in cues.items() if label != DISCOURSE}  # "it should be noted": no modal
        blocked = covered(doc, AGREEMENTS, ENTITIES)
        headline = (doc._.title or "").strip()
        lead = next((s.start for s in sentences(doc) if not _is_heading(s, headline) and not on_furniture(doc, s.start_char)), None)
        index = DocIndex.build(doc, lead=lead)
        events: list[EventCandidate] = []
        nonfactual: list[Span] = []
        headed: list[EventCandidate] = []
        matches = filtered_matches(self.ruler, doc)
        with_triggers = {sentence_of(doc, t.start).start for t in matches if t.label_ != NOT_EVENT}
        self._persons = {a._.key for a in ACTORS.spans(doc) if a._.kind == "person"}  # named in the document
        self._peers = {}  # the document's triggers by sentence and type
        for t in matches:
            self._peers.setdefault((sentence_of(doc, t.start).start, t.label_), []).append(t.start)
        for trigger in matches:
            if (trigger.label_ == NOT_EVENT or trigger.start_char >= body_end(doc) or trigger.start in blocked
                    or on_furniture(doc, trigger.start_char)):
                continue
            sentence = sentence_of(doc, trigger.start)
            if _is_heading(sentence, headline):
                if trigger.label_ != FOLLOW:
                    headed += [c for c in [self._candidate(doc, trigger, sentence, cues, index, [], with_triggers)] if c is not None]
                continue
            if trigger.label_ == FOLLOW:
                trigger = continued_trigger(doc, trigger, sentence, events)
                if trigger is None:
                    continue
            candidate = self._candidate(doc, trigger, sentence, cues, index, nonfactual, with_triggers)
            if candidate is not None:
                for event in _one_per_guest(doc, candidate, index):
                    if event.rule in self.summit_like and of_heads_of_state(index.in_sentence(ACTORS, sentence), event.participants, event.trigger):
                        event.event_type = "summit"
                    events.append(event)
        events += [e for e in enumerated_events(doc, index, self.venues.venue_places,
                                                lambda t, s: is_factual(doc, t, s, cues, index.clauses(s)))
                   if not _is_heading(e.sentence, headline) and not on_furniture(doc, e.trigger.start_char)]
        told = {e.event_type for e in events}  # a headline restates the story, unless only it tells one
        headed = list({(e.sentence.text.strip(), e.event_type): e for e in reversed(headed)}.values())[::-1]
        events = [e for e in headed if e.event_type not in told] + events  # a headline repeated is told once
        attach_attendees(
            doc, events,
            attendees=lambda s: event_participants(doc, "meeting", s, index.in_sentence(ACTORS, s), [], index),
            factual=lambda s, i: is_factual(doc, doc[i:i + 1], s, cues, index.clauses(s)),
            own_date=lambda s, i: _clause_date(doc[i:i + 1], s, index),
        )
        events = merge(events, doc)
        attach_topics(doc, events, projects=lambda s: unique(p._.key for p in index.in_sentence(PROJECTS, s)),
                      factual=lambda s, i: is_factual(doc, doc[i:i + 1], s, cues, index.clauses(s)))
        drop_attendees(doc, events)
        lend_sides(doc, events)
        lend_to_follow_ons(doc, events)
        locate_visits(doc, events)
        locate_within_visits(doc, events)
        self.venues.locate_by_dateline(doc, events)
        events = drop_domestic_trips(doc, join_visits(doc, events))
        narrow_visits(events)
        span_visit_days(doc, events)
        drop_represented_states(doc, events)
        doc._.events = [e for e in events if len(e.participants) >= self.min_participants.get(e.rule, 0)]
        doc._.nonfactual_signings = nonfactual
        return doc

    def _candidate(
        self, doc: Doc, trigger: Span, sentence: Span, cues: dict[int, str], index: DocIndex, nonfactual: list[Span],
        with_triggers: set[int],
    ) -> Optional[EventCandidate]:
        clauses = index.clauses(sentence)
        if not is_factual(doc, trigger, sentence, cues, clauses, index.instrument_ends):
            if trigger.label_ == "signing":
                nonfactual.append(sentence)  # planned or denied: its instruments exist as drafts
            return None
        actors = index.in_sentence(ACTORS, sentence)
        agreements = index.in_sentence(AGREEMENTS, sentence)
        listed, parties = listed_arguments(doc, sentence, index) if trigger.label_ == "signing" else ([], [])
        agreements = agreements + listed
        if trigger.label_ == "signing":
            agreements = agreements + instruments_after(doc, sentence, with_triggers, index)
        if not agreements and trigger.label_ == "signing" and actors:
            agreements = implied_agreements(doc, sentence, trigger.id_, index)
        own = clauses.get(trigger.start, 0)
        projects = index.in_sentence(PROJECTS, sentence) or pronoun_projects(doc, sentence, index)  # "It was opened by"
        antecedent = relative_antecedent(sentence, clauses, trigger.start, INSTITUTION_WINDOW)
        clause_projects = [p for p in projects if clauses.get(p.start) == own or p.start < sentence.start
                           or (antecedent is not None and antecedent[0] <= p.start < antecedent[1])]
        speaks = bool(index.speaker) and first_person(doc, trigger, sentence, clauses)
        they = [] if any(a._.kind == "person" for a in actors) else pronoun_persons(doc, sentence, index)
        words, scope = self.not_followed_by.get(trigger.id_, (frozenset(), 0))
        if any(t.lower_ in words for t in doc[trigger.end:min(sentence.end, trigger.end + scope)]):
            return None  # "hosted the Sixth Caspian Summit": the summit is the event, not a reception
        if not self._licensed(trigger, sentence, actors, agreements, clause_projects, clauses, speaks or bool(they)):
            return None
        event = EventCandidate(trigger.label_, trigger.id_, trigger, sentence, own_event=trigger.id_ in self.own_events)
        event.anaphoric = anaphoric(doc, trigger)
        event.definite = definite(doc, trigger)
        said = doc_text(doc)[sentence.start_char:sentence.end_char].lower()
        event.side = any(cue in said for cue in SIDE_CUES)
        event.separate = any(cue in said for cue in SEPARATE_CUES)
        dated_by = event_date(doc, trigger, sentence, index)
        event.commemorated = commemorated(doc, trigger, sentence, cues)
        if event.commemorated and dated_by is not None and (dated_by.start < trigger.start
                                                            or dated_by._.date.basis != "explicit"):
            dated_by = None  # "this year marks the 30th anniversary of the establishment": not its date
        if dated_by is not None and any(cues.get(i) == COMMEMORATED for i in range(trigger.end, dated_by.start)):
            dated_by = None  # "the visit coincides with the anniversary of the signing on 22 February 2022"
        if dated_by is not None:
            event.date = dated_by._.date
        elif not event.commemorated and congratulation_before(doc, trigger, sentence) is None:
            event.date = _lead_date(doc, sentence, index)  # not the victory one is congratulated on
        # dates of equal text and value share one ``Date`` (recognizer): the span tells where it is
        event.own_date = dated_by is not None and _within(dated_by, sentence)
        event.lead_dated = not event.own_date and _is_reference_day(doc, event.date)
        if after_reference(doc, event.date):
            return None
        if event.commemorated:  # the anniversary's venue and those marking it are not the commemorated event's
            actors = [a for a in actors if a.start > trigger.start]
        else:
            event.location = event_location(doc, trigger, sentence, actors, index, self.venues.venue_places)
            if event.location is None and dated_by is not None and dated_by.start < sentence.start:
                event.location = scene_place(doc, dated_by, index, self.venues.venue_places)
            event.location = event.location or self.venues.fallback(doc, event, projects)
            event.location = self.venues.city_of(doc, event.location, sentence, index) or event.location
        if event.event_type in CLAUSE_SCOPED:
            actors = congratulated(doc, trigger, sentence, actors)
        peers = {clauses.get(i) for i in self._peers.get((sentence.start, trigger.label_), [])}
        if event.event_type in CLAUSE_SCOPED and len(peers) > 1 and any(
                a._.kind == "person" and clauses.get(a.start) == own for a in actors):
            actors = [a for a in actors if clauses.get(a.start) == own]  # "X took office in 2016, and Y in 2017"
        event.participants = event_participants(doc, event.event_type, sentence, actors, agreements, index)
        event.participants = unique(event.participants + [p._.key for p in parties])
        event.participants = unique(event.participants + they
                                    + plural_of_holders(doc, sentence, actors, self._persons, load_gazetteer()))
        if speaks:
            event.participants = unique([index.speaker] + event.participants)
        if event.event_type in ("signing", "termination"):
            in_clause = [a for a in agreements if clauses.get(a.start) == own]
            event.agreements = unique(a._.key for a in in_clause or agreements)
        event.projects = unique(p._.key for p in projects)
        return event

    def _licensed(self, trigger: Span, sentence: Span, actors: list[Span], agreements: list[Span],
                  projects: list[Span], clauses: dict[int, int], speaks: bool = False) -> bool:
        """Does the sentence name what this trigger requires (``requires`` in triggers.jsonl)?
        A statement's "I" or "we" (``speaks``) names its speaker, a person."""
        need = self.requires.get(trigger.id_)
        checks = {
            None: lambda: True,
            "agreement": lambda: bool(agreements),
            "person": lambda: speaks or any(a._.kind == "person" for a in actors),
            "actor": lambda: speaks or bool(actors),
            "project": lambda: bool(projects),
            "project_near": lambda: _project_near(trigger, sentence, projects, clauses),
            "agreement_or_project": lambda: bool(agreements or projects),
            "agreement_or_actor": lambda: speaks or bool(agreements or actors),
            "institution_near": lambda: _institution_near(trigger, sentence, actors, clauses),
        }
        return checks.get(need, checks[None])()


def _phrase_form(entry: SpanPattern) -> list[dict]:
    """An entry as SpanRuler patterns: phrases when it only tests LOWER, else as written."""
    pattern = entry.model_dump(include={"label", "pattern", "id"})
    phrases = expand_phrases(entry.pattern)
    if phrases is None:
        return [pattern]
    return [{"label": entry.label, "pattern": phrase, "id": entry.id} for phrase in phrases]


def _is_reference_day(doc: Doc, date: Optional[Date]) -> bool:
    """A date that is the dateline's day: borrowed from outside its sentence, it only says
    the story is recent (a next-day report names the day in its body)."""
    ref = doc._.reference_date
    return date is not None and ref is not None and date.value is not None and date.value == ref.value


def _clause_date(cue: Span, sentence: Span, index: DocIndex) -> Optional[Date]:
    """The date a sentence gives in the clause of ``cue``, not one borrowed from its paragraph."""
    dated_by = event_date(cue.doc, cue, sentence, index)
    return dated_by._.date if dated_by is not None and _within(dated_by, sentence) else None


def _within(span: Span, sentence: Span) -> bool:
    """Whether ``span`` starts in ``sentence`` (a date of its own, not its paragraph's)."""
    return sentence.start <= span.start < sentence.end


def _lead_date(doc: Doc, sentence: Span, index: DocIndex) -> Optional[Date]:
    """An undated event told in the lead ("Vladimir Putin held talks with ...") or in a live
    blog's time-stamped entry ("11:10 Putin and Berdimuhamedov hold talks") happened on the
    day the dateline gives."""
    ref = doc._.reference_date
    if ref is None or ref.granularity != "day" or ref.value is None:
        return None
    text = doc_text(doc)
    stamped = _CLOCK.match(text, line_bounds(doc, sentence.start_char)[0]) is not None
    if sentence.start != index.lead and not stamped:
        return None
    return Date(text=ref.text, value=ref.value, granularity="day", basis="relative_to_reference")


def _one_per_guest(doc: Doc, event: EventCandidate, index: DocIndex) -> list[EventCandidate]:
    """"held separate talks with A, B and C": a meeting of the host with each guest."""
    persons = [a for a in index.in_sentence(ACTORS, event.sentence) if a._.kind == "person"]
    found = separate_guests(doc, event.trigger, persons) if event.event_type == "meeting" else None
    if found is None:
        return [event]
    host, guests = found
    return [replace(event, participants=[host, guest]) for guest in guests]


def _is_heading(sentence: Span, headline: str) -> bool:
    """Headlines and section headings restate the story; their triggers are not events."""
    text = doc_text(sentence.doc)[sentence.start_char:sentence.end_char].strip()
    words = token_texts(sentence.doc)[sentence.start:sentence.end]
    if sum(w.isalpha() for w in words) < MIN_SENTENCE_WORDS or text == headline:
        return True
    return "\n" not in text and not text.endswith(SENTENCE_ENDS)


def _argument_window(trigger: Span, sentence: Span, clauses: dict[int, int], before: int) -> tuple[int, int]:
    """Token range where a trigger's object or subject stands: a few tokens around it, or
    for a passive ("... were established", "... is formally commissioned") its whole clause before it."""
    doc = trigger.doc
    aux = trigger.start - 1
    while aux > sentence.start and doc[aux].lower_.endswith("ly"):  # "were officially opened"
        aux -= 1
    if aux >= 0 and doc[aux].lower_ in PASSIVE_AUX:
        own = clauses.get(trigger.start, 0)
        lo = next((i for i in range(sentence.start, trigger.start) if clauses.get(i) == own), trigger.start)
    else:
        lo = max(sentence.start, trigger.start - before)
    antecedent = relative_antecedent(sentence, clauses, trigger.start, INSTITUTION_WINDOW)
    if antecedent is not None:  # "the BTK railway, which was put into operation ..."
        lo = min(lo, antecedent[0])
    return lo, min(sentence.end, trigger.end + INSTITUTION_WINDOW)


def _institution_near(trigger: Span, sentence: Span, actors: list[Span], clauses: dict[int, int]) -> bool:
    """An organization or institution word as the trigger's object or passive subject."""
    lo, hi = _argument_window(trigger, sentence, clauses, before=2)
    if any(t.lower_ in INSTITUTION_WORDS for t in trigger.doc[lo:hi]):
        return True
    return any(a._.kind == "organization" and a.start < hi and a.end > lo for a in actors)  # "the Council, created"


def _project_near(trigger: Span, sentence: Span, projects: list[Span], clauses: dict[int, int]) -> bool:
    """A project as the trigger's object or passive subject ("the port ... is commissioned"),
    named or not ("commissioned two new railways", "the launch of a gas pipeline")."""
    lo, hi = _argument_window(trigger, sentence, clauses, before=INSTITUTION_WINDOW)
    if any(lo <= p.start < hi or p.start < sentence.start for p in projects):  # or "it" before the sentence
        return True
    return any(t.lower_ in lexicons()["infrastructure_words"] for t in trigger.doc[lo:hi])


@Language.factory(
    "caspianie_events",
    default_config={"triggers": "triggers.jsonl", "factuality": "factuality.jsonl", "layers": {}},
    requires=[ENTITIES.attr, TITLES.attr, DATES.attr, ACTORS.attr, PROJECTS.attr, AGREEMENTS.attr,
              "doc._.title", "doc._.reference_date", "doc._.furniture", "token.is_sent_start"],
    assigns=["doc._.events", "doc._.nonfactual_signings"],
)
def make_event_extractor(nlp: Language, name: str, triggers: str, factuality: str,
                         layers: dict[str, str]) -> EventExtractor:
    """Events from trigger and factuality pattern files (see the module docstring)."""
    return EventExtractor(nlp, name, triggers, factuality, layers)
