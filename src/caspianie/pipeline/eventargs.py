"""Attaching arguments to an event trigger: clause, date and participants (its place:
``eventplaces``).

A blank pipeline has no parser, so structure comes from punctuation: a clause
ends at ``;``, ``:`` or a dash, and ", who/which/whose ... ," is a relative
clause whose date belongs to it, not to the main clause ("Serdar
Berdimuhamedov, who was elected President in March, hosted the summit on
Wednesday": the summit is on Wednesday).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from spacy.tokens import Doc, Span

from caspianie.pipeline.extensions import (joined_to_next, paragraph_start, sentence_bounds, sentence_of, token_starts,
                                           token_texts)
from caspianie.pipeline.eventplaces import LOCATION_PREPS
from caspianie.pipeline.layers import ACTORS, PROJECTS
from caspianie.pipeline.names import POSSESSIVES
from caspianie.pipeline.newsday import days_before
from caspianie.knowledge.patternfiles import lexicons

if TYPE_CHECKING:
    from caspianie.pipeline.docindex import DocIndex

CLAUSE_BREAKS = {";", ":", "—", "–"}
DASHES = {"—", "–"}  # a dash between two words without spaces joins them ("Qazvin–Rasht"): no break
RELATIVE_OPENERS = lexicons()["relative_openers"]
APPOSITIVE_OPENERS = lexicons()["appositive_openers"]  # ", an international organization ..., was held"
APPOSITIVE_RESUMERS = lexicons()["appositive_resumers"]
COORDINATORS = lexicons()["clause_coordinators"]
SPEECH_WORDS = lexicons()["speech_words"]
FIRST_PERSON = lexicons()["first_person"]
NOT_EVENT_DATE_BEFORE = lexicons()["not_event_date_before"]
BACKWARD_WORDS = tuple(sorted(lexicons()["backward_time_words"]))
QUOTES = {'"', "“", "”", "«", "»"}
GROUP_REFERENCES = lexicons()["group_references"]
COMPANY_WORDS = tuple(sorted(lexicons()["company_title_words"]))
NOT_PARTICIPANT_BEFORE = lexicons()["not_participant_before"]
TOPIC_HEADS = lexicons()["topic_heads"]  # "cooperation between A and B": the states are the topic
TOPIC_PREPOSITIONS = lexicons()["topic_prepositions"]
TOPIC_FREE_TYPES = ("signing", "visit", "establishment")  # an instrument or a trip between states binds them
VENUE_HEADS = lexicons()["venue_heads"]
PLURAL_PRONOUNS = lexicons()["plural_subject_pronouns"]
OWNED_REACH = 4  # lowercase words between "Kazakhstan's" and the organization it owns
CONGRATULATION = tuple(lexicons()["congratulation_stems"])
STATE_LEVEL_TYPES = ("establishment", "election", "termination")  # "the leaders" take no part in relations
PRONOUN_REACH = 3  # the words a sentence's subject pronoun may come after ("And later they ...")


def breaks_clause(texts: list[str], starts: list[int], i: int) -> bool:
    """Whether token ``i`` (of a document's ``token_texts``/``token_starts``) ends a clause: a
    semicolon, colon or dash, unless the dash joins two words without spaces ("Qazvin–Rasht")."""
    text = texts[i]
    if text not in CLAUSE_BREAKS:
        return False
    if text not in DASHES or i == 0 or i + 1 >= len(texts):
        return True
    return not (joined_to_next(texts, starts, i - 1) and joined_to_next(texts, starts, i))


def relative_antecedent(sentence: Span, clauses: dict[int, int], position: int, reach: int) -> Optional[tuple[int, int]]:
    """For a token in a relative clause (", which was put into operation", ", whose ferry complex
    ..."), the ``reach`` tokens before its comma, where the noun the clause describes stands."""
    own = clauses.get(position)
    first = next((i for i in range(sentence.start, position + 1) if clauses.get(i) == own), position)
    texts = token_texts(sentence.doc)
    if first + 1 < sentence.end and texts[first] == "," and texts[first + 1].lower() in RELATIVE_OPENERS:
        return max(sentence.start, first - reach), first
    return None


def clause_ids(sentence: Span) -> dict[int, int]:
    """Clause number of every token of the sentence (relative clauses get their own)."""
    ids: dict[int, int] = {}
    current, outer, counter, in_relative = 0, 0, 0, False
    texts, starts = token_texts(sentence.doc), token_starts(sentence.doc)
    last_comma, closes_at = None, None
    for i in range(sentence.start, sentence.end):
        text = texts[i]
        following = texts[i + 1].lower() if i + 1 < sentence.end else ""
        serial = last_comma is not None and _serial_comma(texts, i, sentence.end)  # "Russia, Iran, and India"
        if text == ",":
            last_comma = i
        appositive = _appositive_close(texts, i, sentence.end) if text == "," and not in_relative else None
        if breaks_clause(texts, starts, i) or (text == "," and following in COORDINATORS and not in_relative
                                                and not serial):
            counter += 1
            current = outer = counter
            in_relative, closes_at = False, None
        elif text == "," and (following in RELATIVE_OPENERS or appositive is not None):
            counter += 1
            current, in_relative, closes_at = counter, True, appositive
        elif text == "," and in_relative and (closes_at is None or i >= closes_at):
            current, in_relative, closes_at = outer, False, None
        ids[i] = current
    return ids


def _appositive_close(texts: list[str], i: int, end: int) -> Optional[int]:
    """", an international organization established by an agreement signed among A, B and C
    in 2009, was held ...": where the appositive the comma at ``i`` opens after a name (a
    capitalized word or a bracket before it) closes: the first later comma the main clause's
    verb follows. Its dates are not the main clause's."""
    if i == 0 or i + 1 >= end or texts[i + 1].lower() not in APPOSITIVE_OPENERS:
        return None
    if not (texts[i - 1][:1].isupper() or texts[i - 1] == ")"):
        return None
    return next((k for k in range(i + 2, end - 1) if texts[k] == "," and texts[k + 1].lower() in APPOSITIVE_RESUMERS),
                None)


def _serial_comma(texts: list[str], i: int, end: int) -> bool:
    """Whether the comma at ``i`` is the last one of a list of names ("A, B, and C"): names
    on both sides, the next one after the coordinator; or of one-word fields ("trade,
    economic, and investment cooperation")."""
    if texts[i] != "," or i + 2 >= end:
        return False
    if texts[i - 1][:1].isupper() and texts[i + 2][:1].isupper():
        return True
    return i > 1 and texts[i - 2] == "," and texts[i - 1].isalpha() and texts[i - 1].islower() and texts[i + 2].islower()


def in_quotes(doc: Doc, sentence: Span) -> set[int]:
    """Token indices inside quotation marks in the sentence."""
    inside, open_ = set(), False
    texts = token_texts(doc)
    for i in range(sentence.start, sentence.end):
        if texts[i] in QUOTES:
            open_ = not open_
            continue
        if open_:
            inside.add(i)
    return inside


def _usable(span: Span) -> bool:
    """A date that can be an event's date (not "since February", not a year range)."""
    date = span._.date
    if date is None or date.value is None or "/" in date.value and date.granularity == "year":
        return False
    before = span.doc[span.start - 1].lower_ if span.start > 0 else ""
    return before not in NOT_EVENT_DATE_BEFORE and not _dates_a_statement(span)


def _dates_a_statement(span: Span) -> bool:
    """"said on Thursday that ...": the date of the report, not of what it reports."""
    doc = span.doc
    i = span.start - 1
    if i >= 0 and doc[i].lower_ in {"on", "in", "late", "earlier"}:
        i -= 1
    return i >= 0 and doc[i].lower_ in lexicons()["reporting_verbs"]


def event_date(doc: Doc, trigger: Span, sentence: Span, index: "DocIndex") -> Optional[Span]:
    """The date span that dates an event: that of a relative clause about the trigger itself ("The Days of
    Culture, which are held from 24 to 26 September, ...", "the summit, which opens on 29
    June"), else its clause's nearest date, else the main clause's, else context.

    Context is the paragraph's last usable date before the sentence, skipping backward
    references ("eight months earlier") that date a side remark rather than the story.
    """
    clauses = index.clauses(sentence)
    in_sentence = [d for d in index.dates_in(sentence) if not _dates_another_noun(d, trigger)]
    own = clauses.get(trigger.start, 0)
    same = [d for d in in_sentence if clauses.get(d.start) == own]
    about_trigger = [d for d in in_sentence if clauses.get(d.start) != own
                     and (a := relative_antecedent(sentence, clauses, d.start, 1)) is not None
                     and 0 <= a[1] - trigger.end <= 1]
    main = [d for d in in_sentence if clauses.get(d.start) == 0]
    for pool in (about_trigger, same, main):  # "the summit, which opens on 29 June": its own date
        if pool:
            return _finer_than_name_year(trigger, pool, min(pool, key=lambda d: abs(d.start - trigger.start)))
    paragraph = paragraph_start(doc, sentence.start_char)
    for d in reversed(index.dates_between(paragraph, sentence.start_char)):
        if not d.text.lower().endswith(BACKWARD_WORDS) and index.clauses(sentence_of(doc, d.start)).get(d.start) == 0:
            return d
    return _lead_news_day(doc, paragraph, index)


def _lead_news_day(doc: Doc, paragraph: int, index: "DocIndex") -> Optional[Span]:
    """The paragraph right after the lead goes on with the lead's news: its undated events
    happened on the last day the lead names ("Xi said here Wednesday ... / Xi made the
    remarks in his meeting with Tokayev"), when that day is the report's news (a day in the
    week up to the reference date), not background."""
    ref = doc._.reference_date
    if index.lead is None or ref is None or paragraph < 0:
        return None
    lead = paragraph_start(doc, doc[index.lead].idx)
    if lead >= paragraph or paragraph_start(doc, paragraph) != lead:
        return None
    news = [d for d in index.dates_between(lead, paragraph) if days_before(d._.date, ref)]
    return news[-1] if news else None


def _dates_another_noun(date: Span, trigger: Span) -> bool:
    """"by phone on the eve of today's talks": a possessive date dates the noun after it,
    not another event of the sentence."""
    doc = date.doc
    return date.end < len(doc) and doc[date.end].text in POSSESSIVES and trigger.start not in (date.end + 1, date.end + 2)


def _finer_than_name_year(trigger: Span, pool: list[Span], nearest: Span) -> Span:
    """"attended the 2022 Summit ... on Wednesday": a year in the trigger's own noun phrase
    names the event; a finer date of that year in the clause is its date."""
    date = nearest._.date
    words = trigger.doc[nearest.end:trigger.start]
    if date.granularity != "year" or nearest.start > trigger.start or any(not t.text[:1].isupper() for t in words):
        return nearest
    finer = [d for d in pool if d is not nearest and d._.date.value and d._.date.value.startswith(date.value or "-")
             and d._.date.granularity != "year"]
    return min(finer, key=lambda d: abs(d.start - trigger.start)) if finer else nearest


def event_participants(
    doc: Doc, event_type: str, sentence: Span, actors: list[Span], agreements: list[Span], index: "DocIndex"
) -> list[str]:
    """Actors of the sentence that take part: not in titles, quotes or place phrases."""
    in_titles, in_names = index.in_titles, index.in_agreements
    quoted = in_quotes(doc, sentence)
    topics = _topic_states(doc, actors) if event_type not in TOPIC_FREE_TYPES else set()
    keys = []
    for actor in actors:
        before = doc[actor.start - 1].lower_ if actor.start > 0 else ""
        if actor.start in quoted or actor.start in topics or (actor._.kind != "person" and actor.start in in_titles):
            continue
        if actor.start in in_names and event_type not in ("signing", "termination") or actor.start in index.in_projects:
            continue
        if _venue(doc, actor) or owns_organization(actor, actors):
            continue
        if actor._.kind == "country" and before in NOT_PARTICIPANT_BEFORE and event_type not in ("visit", "establishment"):
            if not _in_list_after_title(doc, actor):
                continue
        keys.append(actor._.key)
    if event_type == "signing":
        for agreement in agreements:
            keys.extend(agreement._.info.parties)
    if event_type not in STATE_LEVEL_TYPES and _names_group(sentence) and not any(a._.kind == "person" for a in actors):
        keys.extend(index.leaders_before(sentence.start))
    return unique(keys)


def _topic_states(doc: Doc, actors: list[Span]) -> set[int]:
    """Where the states of "the cooperation between Azerbaijan and Saudi Arabia" or "relations
    with Iran" start: states named as what was talked about, not as those taking part."""
    countries = {a.start: a for a in actors if a._.kind == "country"}
    joins = lexicons()["list_separators"] | {"the"}
    found: set[int] = set()
    for start in sorted(countries):
        j = start - 2 if start > 1 and doc[start - 1].lower_ == "the" else start - 1
        if (start in found or j < 1 or doc[j].lower_ not in TOPIC_PREPOSITIONS
                or doc[j - 1].lower_ not in TOPIC_HEADS):
            continue
        k = start
        while k in countries:  # the list that follows: "between A, B and C"
            found.add(k)
            k = countries[k].end
            while k < len(doc) and doc[k].lower_ in joins:
                k += 1
    return found


def owns_organization(actor: Span, actors: list[Span]) -> bool:
    """"Azerbaijan's SOCAR", "Kazakhstan's state mining company Tau-Ken Samruk": a country
    named as the owner of an organization right after it takes no part; the organization does."""
    doc, end = actor.doc, actor.end
    if actor._.kind != "country" or end >= len(doc) or doc[end].text not in POSSESSIVES:
        return False
    lower = end + 1
    while lower < len(doc) and lower - end <= OWNED_REACH and doc[lower].is_lower:
        lower += 1  # "state mining company"
    return any(a.start == lower and a._.kind == "organization" for a in actors)


def _venue(doc: Doc, actor: Span) -> bool:
    """"At the Heydar Aliyev Centre", "in the Palace of Independence": an organization named
    as the place where something happens is the venue, not one taking part."""
    if actor._.kind != "organization" or not ({t.lower_ for t in actor} & VENUE_HEADS):
        return False
    before = actor.start - 2 if actor.start > 1 and doc[actor.start - 1].lower_ == "the" else actor.start - 1
    return before >= 0 and doc[before].lower_ in LOCATION_PREPS


def pronoun_persons(doc: Doc, sentence: Span, index: "DocIndex") -> list[str]:
    """"They discussed ... by phone": a sentence whose subject is "they" and that names no
    person refers to the persons of the sentence before it in its paragraph, when that
    sentence names two or more."""
    words = [t.lower_ for t in doc[sentence.start:min(sentence.end, sentence.start + PRONOUN_REACH)]]
    before = _sentence_before(doc, sentence) if PLURAL_PRONOUNS.intersection(words) else None
    if before is None:
        return []
    persons = unique(a._.key for a in index.in_sentence(ACTORS, before) if a._.kind == "person")
    return persons if len(persons) >= 2 else []


def _sentence_before(doc: Doc, sentence: Span) -> Optional[Span]:
    """The sentence before ``sentence`` in its paragraph, where a pronoun's antecedent stands."""
    if sentence.start == 0:
        return None
    before = sentence_of(doc, sentence.start - 1)
    return None if before.start_char < paragraph_start(doc, sentence.start_char) else before


def congratulated(doc: Doc, trigger: Span, sentence: Span, actors: list[Span]) -> list[Span]:
    """"Xi congratulated Berdimuhamedov on winning the election": the one congratulated took
    office, not the one who congratulates; the persons between the verb and the trigger."""
    cue = congratulation_before(doc, trigger, sentence)
    between = [a for a in actors if cue is not None and cue < a.start < trigger.start and a._.kind == "person"]
    return between or actors


def congratulation_before(doc: Doc, trigger: Span, sentence: Span) -> Optional[int]:
    """The congratulation verb before a trigger in its sentence ("congratulated him on his
    victory"), if any: what is congratulated on happened before, on a day the sentence
    does not give."""
    return next((i for i in range(trigger.start - 1, sentence.start - 1, -1) if doc[i].lower_.startswith(CONGRATULATION)), None)


def pronoun_projects(doc: Doc, sentence: Span, index: "DocIndex") -> list[Span]:
    """"It was opened by ...": a sentence whose subject is "it" refers to the project of the
    sentence before it in its paragraph, when that sentence names exactly one."""
    before = _sentence_before(doc, sentence) if doc[sentence.start].lower_ == "it" else None
    if before is None:
        return []
    projects = index.in_sentence(PROJECTS, before)
    return projects if len({p._.key for p in projects}) == 1 else []


def document_speaker(doc: Doc) -> Optional[str]:
    """The person a transcript or statement speaks for, named in its opening heading before
    "'s statement", "'s remarks", "'s interview" ("Sergey Lavrov's statement and answers ...")."""
    texts = token_texts(doc)
    heading_end = sentence_bounds(doc)[0][1] if len(doc) else 0
    for actor in ACTORS.spans(doc):
        after = actor.end + 1 < heading_end and texts[actor.end] in ("'s", "’s") and texts[actor.end + 1].lower()
        if actor.start < heading_end and actor._.kind == "person" and after in SPEECH_WORDS:
            return actor._.key
    return None


def first_person(doc: Doc, trigger: Span, sentence: Span, clauses: dict[int, int]) -> bool:
    """Whether "I" or "we" stands before the trigger in its clause ("Today we held a meeting")."""
    texts, own = token_texts(doc), clauses.get(trigger.start, 0)
    return any(texts[i] in FIRST_PERSON and clauses.get(i) == own for i in range(sentence.start, trigger.start))


def _names_group(sentence: Span) -> bool:
    """"the two presidents", "the leaders", "heads of state": the leaders already named."""
    words = [t.lower() for t in token_texts(sentence.doc)[sentence.start:sentence.end]]
    return any(pair in GROUP_REFERENCES for pair in zip(words, words[1:]))


def _heads_of_state(doc: Doc) -> list[tuple[int, str]]:
    """(token, key) of persons titled "President" or "counterpart", in document order.

    A company's president ("SOCAR president", "President of the State Oil Company") is not one,
    nor is a president's aide ("Assistant to the President").
    """
    found = []
    for actor in ACTORS.spans(doc):
        role = actor._.role or ""
        aide = role.lower().startswith(("assistant", "adviser", "advisor", "aide", "spokesman", "spokesperson", "press secretary"))
        state_title = ("President" in role or "counterpart" in role) and not aide and not any(w in role for w in COMPANY_WORDS)
        if actor._.kind == "person" and state_title:
            found.append((actor.start, actor._.key))
    return sorted(found)


def _in_list_after_title(doc: Doc, actor: Span) -> bool:
    """"the transport ministers of Azerbaijan, Georgia ...": unnamed officials stand for their states."""
    window = doc[max(0, actor.start - 4):actor.start]
    return any(t.lower_ in {"ministers", "presidents", "leaders", "heads", "representatives", "governments"} for t in window)


def unique(items) -> list[str]:
    """The items that are not empty, each once, in order of first occurrence."""
    return list(dict.fromkeys(item for item in items if item))
