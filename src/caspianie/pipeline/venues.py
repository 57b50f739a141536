"""Where an event happened when its own sentence names no place.

Two readings a careful reader makes of a report:

- **During a visit.** Talks, signings and awards told around a visit happen where the
  visit goes: "Tokayev arrived in Baku on a state visit. The presidents held talks and
  signed six documents." A meeting, signing or award with no place of its own takes the
  place of a visit of a compatible date (``locate_within_visits``) when it shares a
  participant with the visit, or when one of its persons acts for the state the visit
  goes to (the host received the guest).
- **From the dateline.** A report filed from a dateline city ("BAKU, 23 August –",
  "TEHRAN (Agency) –", "NUR-SULTAN –") tells that day's events where they happened
  (``locate_by_dateline``): an event of the reference day with no place, or placed only
  in the dateline city's country, takes the city.

- **The most specific place.** A visit placed only in a country takes the one city of
  that country where the talks held during it are placed (``narrow_visits``).
- **One trip.** A report tells a visit again in other words and with other companions
  ("visited Azerbaijan" ... "arrived in Baku on an official visit on 16 March"):
  ``join_visits`` makes them one visit when they share a visitor, a country and a week.

All run after the mentions of one event are merged, so a date told in a later mention
counts, and after ``sides.locate_visits`` has placed visits in their host country.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache
from datetime import timedelta
from typing import Optional

from spacy.tokens import Doc, Span

from caspianie.contract.datevalues import value_days
from caspianie.knowledge.gazetteer import load_gazetteer
from caspianie.knowledge.patternfiles import places
from caspianie.pipeline.docindex import DocIndex
from caspianie.pipeline.eventplaces import written_place
from caspianie.pipeline.eventmerge import EventCandidate
from caspianie.pipeline.extensions import paragraph_end, paragraph_start
from caspianie.pipeline.sides import acts_for, country_of_place

FIELD_KINDS = {"oil_field", "gas_field"}

DURING_VISIT_TYPES = ("meeting", "signing", "award")


def _overlap(a: Optional[str], b: Optional[str]) -> bool:
    """Whether two date values can be the same time: one unknown, or their days overlap."""
    return not a or not b or _days_meet(a, b) is not False


def _days_meet(a: str, b: str, slack_days: int = 0) -> Optional[bool]:
    """Whether the days of two date values overlap, or lie at most ``slack_days`` apart;
    None when a value names no days."""
    try:
        (first_a, last_a), (first_b, last_b) = value_days(a), value_days(b)
    except ValueError:
        return None
    slack = timedelta(days=slack_days)
    return first_a - slack <= last_b and first_b - slack <= last_a


def _value(event: EventCandidate) -> Optional[str]:
    return event.date.value if event.date is not None else None


def locate_within_visits(doc: Doc, events: list[EventCandidate]) -> None:
    """Give each placeless meeting, signing or award held during a visit the visit's place."""
    visits = [e for e in events if e.event_type == "visit" and e.location]
    if not visits:
        return
    speaks_for = acts_for(doc)
    for event in events:
        if event.event_type not in DURING_VISIT_TYPES or event.location is not None:
            continue
        states = {speaks_for.get(p) for p in event.participants} | set(event.participants)

        def during(visit: EventCandidate) -> bool:
            shared = set(visit.participants) & set(event.participants)
            hosted = country_of_place(visit.location) in states
            return bool(shared or hosted) and _overlap(_value(event), _value(visit))

        fitting = [v for v in visits if during(v)]
        if len({v.location for v in fitting}) == 1:
            event.location = fitting[0].location


def narrow_visits(events: list[EventCandidate]) -> None:
    """A visit placed only in a country takes the one city of that country where the events
    held during it (sharing a participant, on a day of the visit) are placed: the most
    specific place named for it ("state visit to Kazakhstan" ... "talks in Astana")."""
    for visit in events:
        if visit.event_type != "visit" or not visit.location or not _is_country(visit.location):
            continue
        country = country_of_place(visit.location)
        cities = {e.location for e in events if e.event_type in DURING_VISIT_TYPES and e.location
                  and not _is_country(e.location) and country_of_place(e.location) == country
                  and set(e.participants) & set(visit.participants) and _overlap(_value(e), _value(visit))}
        if len(cities) == 1:
            visit.location = cities.pop()


class Venues:
    """The place tables (``patterns/places.jsonl`` and the countries) and the readings that
    place an event whose own words name no place."""

    def __init__(self) -> None:
        self.venue_places = {form.casefold(): p.name for p in places() for form in p.venues}
        self.place_country = {p.key: p.country for p in places()}
        self.country_by_name = {entry.name: key for key, entry in load_gazetteer().countries.items()}
        self.place_by_text = {form.casefold(): p.name for p in places() for form in (p.name, *p.aliases, *p.venues)}

    def city_of(self, doc: Doc, location: Optional[str], sentence: Span, index: DocIndex) -> Optional[str]:
        """A city of the country an event is placed in, named in the same paragraph ("visit
        to Azerbaijan ... the talks in Baku"): the most specific place the text names."""
        country = self.country_by_name.get(location or "")
        if country is None:
            return None
        start, end = paragraph_start(doc, sentence.start_char), paragraph_end(doc, sentence.end_char)
        chars, spans = index.places_of(self.place_country, country)
        k = bisect_right(chars, start)  # the first place of the country after the paragraph's start
        city = spans[k] if k < len(spans) and chars[k] < end else None
        return written_place(city, self.venue_places) if city is not None else None

    def fallback(self, doc: Doc, event: EventCandidate, projects: list[Span]) -> Optional[str]:
        """Where the sentence names no place: the country of the one field named ("first oil
        from Tengiz" -> Kazakhstan), else the dateline's city for an event dated on the
        dateline's day (``locate_by_dateline`` places the rest once mentions are merged)."""
        countries = {c for p in projects if p._.kind in FIELD_KINDS for c in p._.info.known_countries}
        if len(countries) == 1:
            entry = load_gazetteer().countries.get(next(iter(countries)))
            return entry.name if entry else None
        place, day = self._dateline(doc)
        return place if place is not None and _value(event) == day else None

    def _dateline(self, doc: Doc) -> tuple[Optional[str], Optional[str]]:
        """The dateline's known place and the reference day, or Nones."""
        written = doc._.dateline_place
        place = self.place_by_text.get(written.casefold()) if written else None
        ref = doc._.reference_date
        if place is None or ref is None or ref.granularity != "day" or ref.value is None:
            return None, None
        return place, ref.value

    def locate_by_dateline(self, doc: Doc, events: list[EventCandidate]) -> None:
        """Place the reference day's events that name no place, or only the dateline city's
        country, in the dateline's city."""
        place, day = self._dateline(doc)
        if place is None:
            return
        country = country_of_place(place)
        for event in events:
            if _value(event) != day:
                continue
            if event.location is None or (country is not None and country_of_place(event.location) == country
                                          and event.location in self.country_by_name):
                event.location = place


def drop_domestic_trips(doc: Doc, events: list[EventCandidate]) -> list[EventCandidate]:
    """A leader's trip inside their own country ("the President visited the Fuzuli district",
    "a working trip to the Mary province") is no visit: the contract's visit goes to another
    country or to a host of another country. Only visits whose place lies in the state every
    person taking part acts for, and that name no other state, are dropped."""
    known = load_gazetteer().persons
    kept = []
    for event in events:
        if event.event_type == "visit" and event.location:
            home = country_of_place(event.location)
            persons = [known.get(p) for p in event.participants if p in known]
            states = {p.country for p in persons} | {p for p in event.participants if p not in known}
            # every one taking part is a known person of the place's state, or that state
            if home is not None and persons and states <= {home}:
                continue
        kept.append(event)
    return kept


TRIP_DAYS = 7  # two dated mentions of one trip lie at most this many days apart


def join_visits(doc: Doc, events: list[EventCandidate]) -> list[EventCandidate]:
    """One visit per visitor and destination: mentions told apart ("visited Azerbaijan",
    "the PM's official visit to Baku on 16 March") that share a visitor (a person who does
    not act for the country visited), whose places lie in that one country and whose days
    can be one trip (an undated mention must name the place)."""
    speaks_for = acts_for(doc)
    kept: list[EventCandidate] = []
    for event in events:
        twin = next((k for k in kept if k.event_type == "visit" == event.event_type
                     and _one_trip(k, event, speaks_for)), None)
        if twin is None:
            kept.append(event)
            continue
        twin.told_in += [event.sentence, *event.told_in]
        twin.participants = list(dict.fromkeys(twin.participants + event.participants))
        if twin.date is None or event.date is not None and _starts_before(event.date.value, twin.date.value):
            twin.date, twin.lead_dated = event.date, event.lead_dated  # a trip is dated by its first day
        if twin.location is None or _is_country(twin.location):
            twin.location = event.location or twin.location  # the city rather than the country
    return kept


def _starts_before(a: Optional[str], b: Optional[str]) -> bool:
    try:
        return bool(a and b) and value_days(a)[0] < value_days(b)[0]
    except ValueError:
        return False


def _is_country(place: str) -> bool:
    return place.casefold() in _country_names()


@lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    return frozenset(entry.name.casefold() for entry in load_gazetteer().countries.values())


def _one_trip(a: EventCandidate, b: EventCandidate, speaks_for: dict[str, str]) -> bool:
    places = {country_of_place(e.location) for e in (a, b) if e.location}
    if len(places) != 1 or None in places:
        return False
    (country,) = places
    known = load_gazetteer().persons
    shared = set(a.participants) & set(b.participants)
    if not any((p in known or p in speaks_for) and speaks_for.get(p) != country for p in shared):
        return False  # no shared visitor: the host receives many guests
    va, vb = _value(a), _value(b)
    if not va or not vb:  # an undated mention must name the place ("the visit to Baku")
        return bool(a.location and b.location)
    return bool(_days_meet(va, vb, TRIP_DAYS))
