"""``caspianie_actors``: actor mentions with canonical keys, kinds, roles and countries.

Inputs (layers written by earlier components, see ``layers.py``): the entity layer
(gazetteer matches and generic organization patterns), the title layer and the
date layer. Output: the actor layer, each span carrying an ``ActorInfo`` (key,
kind, the pattern or linking rule that produced it, display name, country, and
the title given in the text).

Persons are found four ways, most reliable first: a gazetteer name; a title
followed by a name ("Foreign Minister Jeyhun Bayramov"); a name followed by
", <title>"; an untitled name whose shape says person (a known first name or
a surname suffix). Surname-only and abbreviation mentions are then linked to
actors of the same document.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc, Span

from caspianie.pipeline.actorindex import ActorIndex, abbreviation_links, misspelled_organizations, spelled_out_known
from caspianie.pipeline.statebodies import is_state_body, joint_body, owner_country, qualified
from caspianie.pipeline.actorrules import (EntityTable, Mention, PersonIndex, attach_roles, byline_author, credited_source,
                                           cut_after_country, cut_before_known, full_names, hyphenated_end, in_headline_case,
                                           merge_partial_names, names_a_thing, narrative_date, second_conjunct,
                                           title_segments, trim_generic, units_before)
from caspianie.pipeline.orglists import listed_organizations
from caspianie.pipeline.extensions import on_furniture, register_extensions, sentence_of, token_texts
from caspianie.pipeline.layers import ACTORS, DATES, ENTITIES, TITLES, ActorInfo, layer_names, wire
from caspianie.knowledge.gazetteer import load_gazetteer
from caspianie.pipeline.titles import plural_title_mentions, title_only_mentions
from caspianie.pipeline.names import (HYPHENS, NameRun, could_be_name, is_name_text, looks_like_person, name_units,
                                     after_title_words, particle_run_end)
from caspianie.knowledge.patternfiles import lexicons
from caspianie.normalize import normalize_name, slugify

ENTITY_KINDS = {"COUNTRY": "country", "ORG": "organization", "PERSON": "person"}
STATE_BODIES = {"government", "cabinet"}
STATE_GOVERNMENT_RULE = "org-state-government"  # "the Kazakh government": the state, or nothing
JOINED_RULES = lexicons()["and_joined_org_rules"]  # names read over "and" ("Engineering and Construction Company")
CURRENCY_WORDS = {"dollar", "dollars", "cent", "cents"}
KIND_OF_TABLE = {"countries": "country", "organizations": "organization", "persons": "person"}
LEADER_TITLES = ("President of", "Prime Minister of")
RESCAN_WORDS = 10


class ActorLinker:
    """Resolve entity, title and name spans into keyed actor mentions."""

    def __init__(self, nlp: Language, name: str, layers: dict[str, str]) -> None:
        register_extensions()
        self.name = name
        self.layers = layer_names(layers)
        self.gazetteer = load_gazetteer()
        self.index = ActorIndex.build(self.gazetteer)
        self._entities = EntityTable([])  # the entity spans of the document being linked

    def __call__(self, doc: Doc) -> Doc:
        wire(doc, self.layers)
        self._entities = EntityTable(ENTITIES.spans(doc))
        try:
            return self._link(doc)
        finally:
            self._entities = EntityTable([])

    def _link(self, doc: Doc) -> Doc:
        mentions, freed = self._entity_mentions(doc)
        blocked = {i for m in mentions for i in range(m.start, m.end)}
        blocked |= {i for s in ENTITIES.spans(doc) for i in range(s.start, s.end)} - freed
        attach_roles(doc, mentions, TITLES.spans(doc))
        mentions += self._titled_persons(doc, mentions, blocked)
        blocked |= {i for m in mentions for i in range(m.start, m.end)}
        mentions += self._shaped_persons(doc, blocked)
        mentions = spelled_out_known(doc, mentions, self.gazetteer)
        mentions += abbreviation_links(doc, mentions)
        mentions += self._surname_links(doc, mentions)
        mentions += misspelled_organizations(doc, {i for m in mentions for i in range(m.start, m.end)} | blocked,
                                             self.index.typos, self.gazetteer)
        mentions += self._title_only(doc, mentions)
        mentions += listed_organizations(doc, mentions, {i for m in mentions for i in range(m.start, m.end)} | blocked)
        self._write(doc, [m for m in mentions if not byline_author(doc, m) and not credited_source(doc, m)
                          and not on_furniture(doc, doc[m.start].idx)])
        return doc

    def _operator(self, span: Span) -> Optional[Mention]:
        """The company a project mention names too, by the ``operator`` forms of its entry."""
        entry = self.gazetteer.projects.get(span.id_)
        operator = entry.operator if entry is not None else None
        if operator is None or normalize_name(span.text) not in {normalize_name(f) for f in operator.forms}:
            return None
        return Mention(span.start, span.end, operator.key, "organization", "project-operator", operator.name, operator.country)

    def _known(self, span: Span) -> Optional[str]:
        """The gazetteer key of a generic span's name, also without leading lowercase words
        ("national oil company KazMunayGas" -> KazMunayGas) or a legal form at its end
        ("Kazakhstan Temir Zholy JSC" -> Kazakhstan Temir Zholy)."""
        end = span.end - 1 if len(span) > 1 and span[-1].text in lexicons()["org_suffixes"] else span.end
        words = [t for t in span.doc[span.start:end]]
        while words:
            key = self.index.by_name.get(normalize_name(span.doc[words[0].i:end].text))
            if key is not None and self.gazetteer.get(key) is not None:
                return key
            if not words[0].is_lower:
                return None
            words = words[1:]
        return None

    def _rescan(self, doc: Doc, start: int, end: int) -> list[Mention]:
        """Known names in the part a generic span lost to trimming ("... and the Government of
        Turkmenistan"): the ruler's longest-match filter had hidden them."""
        out, i = [], start
        while i < end:
            for n in range(min(RESCAN_WORDS, end - i), 0, -1):
                key = self.index.by_name.get(normalize_name(doc[i:i + n].text))
                entry = self.gazetteer.get(key) if key and doc[i].text[:1].isupper() else None
                if entry is not None:
                    kind = KIND_OF_TABLE.get(self.gazetteer.kind_of(key))
                    if kind:
                        out.append(Mention(i, i + n, key, kind, "gazetteer", entry.name, getattr(entry, "country", None)))
                    i += n
                    break
            else:
                i += 1
        return out

    def _summit_body_of(self, doc: Doc, span: Span) -> Optional[Mention]:
        """The known organization a summit body belongs to ("Council of Heads of State of the
        OTS"): its sessions are the organization's summits, the body is no actor of its own."""
        words = normalize_name(span.text).split()
        if not any(tuple(words[i:i + len(p)]) == p for p in lexicons()["summit_bodies"] for i in range(len(words))):
            return None
        return next((m for m in self._rescan(doc, span.start, span.end) if m.kind == "organization"), None)

    def _country_after_of(self, span: Span) -> Optional[str]:
        """"Government of Kazakhstan": the country named after the last "of"."""
        lowered = [t.lower_ for t in span]
        return self._country_key(span[len(lowered) - lowered[::-1].index("of"):].text) if "of" in lowered else None

    def _country_key(self, text: str) -> Optional[str]:
        key = self.index.by_name.get(normalize_name(text))
        return key if key in self.gazetteer.countries else None

    # -- sources -------------------------------------------------------------------------

    def _entity_mentions(self, doc: Doc) -> tuple[list[Mention], set[int]]:
        """Gazetteer matches (id = key) and generic organizations (id = rule), and the tokens of
        entity spans a trimmed name gave back."""
        out, freed = [], set()
        spans = list(ENTITIES.spans(doc))
        for span in spans:  # grows: a coordinated second name is read like the others
            kind = ENTITY_KINDS.get(span.label_)
            if span.label_ == "PROJECT" and (operator := self._operator(span)) is not None:
                out.append(operator)  # "Caspian Pipeline Consortium": the company as well as its pipeline
            if kind is None:
                continue
            if kind == "person" and names_a_thing(doc, span):
                continue
            entry = self.gazetteer.get(span.id_)
            if kind == "country" and span.end < len(doc) and doc[span.end].lower_ in CURRENCY_WORDS:
                continue  # "US dollars", "Hong Kong dollars": a currency, not the country
            if entry is not None:
                country = getattr(entry, "country", None)
                out.append(Mention(span.start, span.end, span.id_, kind, "gazetteer", entry.name, country))
                continue
            if in_headline_case(doc, span.start):
                continue  # "Gas Takes Centre Stage ...": capitals that name nothing
            if span.id_ in JOINED_RULES and (known := self._rescan(doc, span.start, span.end)):
                out += known  # "Kazakhstan and Azerbaijan Railways": two names, not one over "and"
                continue
            whole, span = span, cut_before_known(  # "the Government of Kazakhstan and Chevron": two names
                trim_generic(span), lambda s: (k := self._known(s)) is not None and self.gazetteer.kind_of(k) != "countries")
            second = second_conjunct(whole, span.end if span is not None else whole.end)
            if second is not None:
                spans.append(second)
            rescan_end = second.start if second is not None else whole.end
            out += self._rescan(doc, span.end if span is not None else whole.start + 1, rescan_end)
            if span is None:
                continue
            cut = cut_after_country(span, self._country_key)
            freed |= set(range(cut.end, span.end))  # the person's name that ran on is free for the person rules
            span = cut
            key = self._known(span)
            if key is not None:
                entry = self.gazetteer.get(key)
                kind = KIND_OF_TABLE.get(self.gazetteer.kind_of(key), kind)
                out.append(Mention(span.start, span.end, key, kind, span.id_, entry.name, getattr(entry, "country", None)))
                continue
            parent = self._summit_body_of(doc, span) if kind == "organization" else None
            if parent is not None:  # "CIS Council of Heads of State": the CIS meeting as a summit
                out.append(replace(parent, start=span.start, end=span.end, rule="summit-body"))
                continue
            country = self._country_in(doc, span) or self._country_after_of(span)
            if kind == "organization" and (span[0].lower_ in STATE_BODIES or span.id_ == STATE_GOVERNMENT_RULE):
                country = country or (self._country_key(span[:-1].text) if span.id_ == STATE_GOVERNMENT_RULE else None)
                if country:
                    entry = self.gazetteer.countries[country]
                    out.append(Mention(span.start, span.end, country, "country", "government-of-state", entry.name))
                continue
            joint = joint_body(span, self._country_key) if kind == "organization" else span
            country, span = (None, joint) if joint is not span else (country, span)  # a body of two states
            name = span.text
            owner = None if country or kind != "organization" or not is_state_body(name) else owner_country(
                doc, span, self.gazetteer, self._country_ending)
            if owner is not None:  # "Kazakhstan's Ministry of Energy": the body of that state
                country, name = owner, qualified(name, self.gazetteer.countries[owner].name)
            key = self.index.by_name.get(normalize_name(name)) if owner else None
            entry = self.gazetteer.get(key) if key else None
            out.append(Mention(span.start, span.end, key if entry else slugify(name), kind, span.id_,
                               entry.name if entry else name, country))
        return merge_partial_names(out), freed

    def _country_ending(self, end: int) -> Optional[str]:
        """The country whose entity span ends at token ``end``, if any."""
        return next((ent_id for ent_id, label in self._entities.within(max(0, end - 6), end)
                     if label == "COUNTRY"), None)

    def _titled_persons(self, doc: Doc, known: list[Mention], blocked: set[int]) -> list[Mention]:
        """Persons named inside or right after a title span, or right before ", <title>".

        A title span may hold a list ("Minister of Energy A B and Chairman of ... C D"):
        every run of two or more name units inside it is a person whose role is the text
        since the previous person.
        """
        out: list[Mention] = []
        persons = PersonIndex(known)  # ``known`` and then ``out``, as they grow
        named_from = {m.start for m in known if m.kind == "person"}
        for title in TITLES.spans(doc):
            for role, run in title_segments(doc, title, blocked):
                if run.end in named_from:
                    continue  # "Ayatollah Seyyed Ali Khamenei": honorifics before a name, no name of their own
                person = self._person(doc, run.start, particle_run_end(doc, run.end, blocked), "title-name", role, persons)
                if person is not None:
                    out.append(person)
                    persons.add(person)
                    blocked |= set(range(person.start, person.end))
        for title in TITLES.spans(doc):
            before = title.start - 1
            before -= before > 2 and doc[before].lower_ == "the" and doc[before - 1].text == ","  # "A B, the CEO of C"
            if before > 1 and doc[before].text == ",":
                units = units_before(doc, before, blocked)
                if len(units) >= 2:
                    person = self._person(doc, units[0][0], units[-1][1], "name-comma-title", title, persons)
                    if person is not None:
                        out.append(person)
                        persons.add(person)
        return out

    def _shaped_persons(self, doc: Doc, blocked: set[int]) -> list[Mention]:
        """Untitled two- or three-unit names with a person shape."""
        out, i = [], 0
        persons = PersonIndex()
        texts = token_texts(doc)
        while i < len(texts):
            if i in blocked or not is_name_text(texts[i]):  # no unit starts here: skip the call
                i += 1
                continue
            units = name_units(doc, i, len(texts), blocked)
            if len(units) in (2, 3):
                run_start, run_end = units[0][0], units[-1][1]
                if looks_like_person(doc, NameRun(run_start, run_end, len(units))):
                    person = self._person(doc, run_start, run_end, "name-shape", None, persons)
                    if person is not None:
                        out.append(person)
                        persons.add(person)
                    i = run_end
                    continue
            i = units[-1][1] if units else i + 1
        return out

    def _person(self, doc: Doc, start: int, end: int, rule: str, role: Optional[Span], known: PersonIndex) -> Optional[Mention]:
        """A person mention for tokens [start, end), keyed via the gazetteer when known
        (``known``: the persons found so far)."""
        start = after_title_words(doc, start, end)  # "Trade Laziz Kudratov" ends "Minister of ... and Trade"
        span = doc[start:end]
        if rule != "gazetteer" and (names_a_thing(doc, span) or len(span) > 1 and in_headline_case(doc, start)
                                    or not could_be_name(span, self.gazetteer)):
            return None  # "Order of Alexander Nevsky"; "... As His Father Keeps A Grip On Power"
        units = span.text.split()
        if len(units) == 1:
            return self._resolve_surname(doc, span, rule, role, known.full_names_of(span.text))
        key = self.index.person_key(span.text)
        entry = self.gazetteer.persons.get(key) if key else None
        country = entry.country if entry else self._role_country(doc, role, known, start)
        return Mention(start, end, key if entry else slugify(span.text), "person", rule,
                       entry.name if entry else span.text, country, role.text if role is not None else None)

    # -- linking ---------------------------------------------------------------------------

    def _resolve_surname(self, doc: Doc, span: Span, rule: str, role: Optional[Span], local: list[Mention]) -> Optional[Mention]:
        """A surname-only mention: a person of this document (``local``: those with this
        surname), else a dated office holder."""
        name = span.text
        on = narrative_date(doc, span.start_char)
        candidates = {m.key: m for m in local}
        holders = [k for k in self.index.by_surname.get(name, []) if self._in_office(k, on)]
        if len(holders) > 1:
            leaders = [k for k in holders if self._in_office(k, on, heads_only=True)]
            holders = leaders if len(leaders) == 1 else holders
        chosen = next((k for k in holders if k in candidates), None)
        if chosen is None and local:
            preceding = [m for m in local if m.start < span.start]
            chosen = (preceding[-1] if preceding else local[0]).key
        if chosen is None and len(holders) == 1:
            chosen = holders[0]
        if chosen is None:
            return None
        entry = self.gazetteer.persons.get(chosen)
        ref = candidates.get(chosen)
        display = entry.name if entry else ref.name
        country = entry.country if entry else ref.country
        return Mention(span.start, span.end, chosen, "person", f"{rule}+surname", display, country,
                       role.text if role is not None else None)

    def _in_office(self, key: str, on: Optional[str], heads_only: bool = False) -> bool:
        """Did this person hold an office on ``on`` (a head of state or government's, if asked)?"""
        entry = self.gazetteer.persons.get(key)
        if entry is None:
            return False
        offices = [o for o in entry.offices if not heads_only or o.title.startswith(LEADER_TITLES)]
        return bool(offices) and (on is None or any(o.covers(on) for o in offices))

    def _surname_links(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """Bare surnames ("Tokayev") of persons in this document or of dated office holders."""
        taken = {i for m in mentions for i in range(m.start, m.end)}
        local = full_names(mentions, self.index.family_names)
        surnames = set(local) | set(self.index.by_surname)
        out: list[Mention] = []
        texts = token_texts(doc)
        for i, text in enumerate(texts):
            end = i + 1
            if i + 1 < len(texts) and texts[i + 1] in HYPHENS:  # "Amir-Abdollahian" is three tokens
                joined = hyphenated_end(doc, i)
                if joined != end and doc[i:joined].text in surnames and not taken.intersection(range(i, joined)):
                    end, text = joined, doc[i:joined].text
            if i in taken or text not in surnames or not text[:1].isupper():
                continue
            if end < len(texts) and texts[end].istitle() and texts[end].isalpha():
                continue
            linked = self._resolve_surname(doc, doc[i:end], "surname", None, local.get(text, []))
            if linked is not None:
                out.append(linked)
                local.setdefault(text, []).append(linked)
                taken.update(range(i, end))
        return out

    def _title_only(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """Titles without a name, resolved to the dated office holder (see ``titles.py``)."""
        return (title_only_mentions(doc, mentions, list(TITLES.spans(doc)), self.gazetteer,
                                    self._country_in, self._entities.within)
                + plural_title_mentions(doc, mentions, self.gazetteer))

    # -- helpers ---------------------------------------------------------------------------

    def _country_in(self, doc: Doc, span: Span) -> Optional[str]:
        """The one country a name or title refers to, by country names and adjectives in it."""
        found = set()
        for ent_id, label in self._entities.within(span.start, span.end):
            entry = self.gazetteer.get(ent_id)
            if label == "COUNTRY":
                found.add(ent_id)
            elif entry is not None and getattr(entry, "country", None) and label == "ORG":
                found.add(entry.country)
        for token in span:
            adjective = self.gazetteer.country_for_adjective(token.text) if token.text[:1].isupper() else None
            if adjective:
                found.add(adjective)
        return found.pop() if len(found) == 1 else None

    def _role_country(self, doc: Doc, role: Optional[Span], known: PersonIndex, start: int) -> Optional[str]:
        """Country of a new person: from the title, else from the previous person in the sentence."""
        earlier = known.last_with_country(sentence_of(doc, start).start, start)
        return (self._country_in(doc, role) if role is not None else None) or (earlier.country if earlier else None)

    def _write(self, doc: Doc, mentions: list[Mention]) -> None:
        ACTORS.write(doc, (ACTORS.span(doc, m.start, m.end, m.kind, ActorInfo(m.key, m.kind, m.rule, m.name, m.country, m.role))
                           for m in sorted(mentions, key=lambda m: (m.start, m.end))))


@Language.factory(
    "caspianie_actors",
    default_config={"layers": {}},
    requires=[ENTITIES.attr, TITLES.attr, DATES.attr, "doc._.furniture", "token.is_sent_start"],
    assigns=[ACTORS.attr, "span._.info"],
)
def make_actor_linker(nlp: Language, name: str, layers: dict[str, str]) -> ActorLinker:
    """Actor mentions from the entity and title layers (see the module docstring)."""
    return ActorLinker(nlp, name, layers)
