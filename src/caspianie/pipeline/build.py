"""Records from an annotated ``Doc``: the only place spans become contract records.

Reads the span groups and ``doc._.events`` written by the components and
returns validated pydantic records, ``document`` first, then actors, projects,
agreements and events, each in order of first mention. Provenance (``rule``),
the date ``basis`` and the event codes travel as extra fields.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache
from typing import Any, Iterable

from spacy.tokens import Doc, Span

from caspianie import PIPELINE_NAME, __version__
from caspianie.pipeline.events import EventCandidate
from caspianie.pipeline.extensions import doc_text, sentences, source_text, span_text
from caspianie.pipeline.layers import ACTORS, AGREEMENTS, PROJECTS, info_of
from caspianie.normalize import normalize_name
from caspianie.knowledge.patternfiles import EventCode, lexicons, read_models
from caspianie.contract.records import (
    ActorRecord,
    AgreementRecord,
    DocumentRecord,
    EventRecord,
    Mention,
    ProjectRecord,
    Record,
    text_sha256,
)

LEADING_ARTICLES = ("the ", "The ")
RATIFICATION_RULES = {"signing-ratify", "signing-completed-ratification", "signing-approve"}
EVENT_BOUND = set(lexicons()["event_bound_agreement_rules"])  # instruments that are records only when signed or ended


@lru_cache(maxsize=None)
def event_codes() -> dict[str, dict[str, Any]]:
    """CAMEO and PLOVER codes per event type (``patterns/event_codes.jsonl``)."""
    return {code.id: code.model_dump(exclude={"id"}) for code in read_models("event_codes.jsonl", EventCode)}


def mention(span: Span) -> Mention:
    """A span as evidence: its text as the page has it (``source_text``: a hard-wrapped page keeps its
    line breaks) and offsets."""
    start, end = span.start_char, span.end_char
    return Mention(text=source_text(span.doc)[start:end], start=start, end=end)


def _groups(spans: Iterable[Span]) -> dict[str, list[Span]]:
    """Spans grouped by ``_.key`` in order of first mention."""
    groups: dict[str, list[Span]] = {}
    for span in sorted(spans, key=lambda s: s.start):
        if info_of(span).key:
            groups.setdefault(info_of(span).key, []).append(span)
    return groups


def _aliases(name: str, spans: list[Span], skip_rules: tuple[str, ...] = ()) -> list[str]:
    """Distinct surface forms other than the name (a leading "the" dropped)."""
    seen = {normalize_name(name)}
    out: list[str] = []
    for span in spans:
        text = span_text(span)
        if info_of(span).rule in skip_rules or "(" in text:
            continue
        for article in LEADING_ARTICLES:
            text = text.removeprefix(article)
        norm = normalize_name(text)
        if norm and norm not in seen:
            seen.add(norm)
            out.append(text)
    return out


def _legal_forms(spans: list[Span]) -> list[str]:
    """A company's name with the legal form the text writes after it ("Pakistan State Oil
    Company Limited") and without the one it writes in it ("Uzbekistan Temir Yullari JSC"):
    both are names of the company."""
    suffixes = lexicons()["org_suffixes"]
    out: list[str] = []
    for span in spans:
        doc, text = span.doc, span_text(span)
        if span.end < len(doc) and doc[span.end].text in suffixes:
            out.append(f"{text} {doc[span.end].text}")
        if len(span) > 1 and span[-1].text in suffixes:
            out.append(span_text(span[:-1]))
        if len(span) > 1 and span[0].text in suffixes:
            out.append(span_text(span[1:]))
    return list(dict.fromkeys(out))


NO_REFERENCE_DATE = "no reference date"


def document_warnings(doc: Doc) -> list[str]:
    """What a reader should know before trusting the document's records (empty for most).

    Without a reference date (no dateline, metadata or ``--reference-date``) every
    relative date ("last October", "on Friday") is left without a value.
    """
    reference = doc._.reference_date
    if doc_text(doc).strip() and (reference is None or reference.value is None):
        return [NO_REFERENCE_DATE]
    return []


def document_record(doc: Doc) -> DocumentRecord:
    warnings = document_warnings(doc)
    extra = {"warnings": warnings} if warnings else {}
    return DocumentRecord(
        doc_id=doc._.doc_id,
        source=doc._.source,
        sha256=text_sha256(source_text(doc)),
        reference_date=doc._.reference_date,
        title=doc._.title,
        n_chars=len(doc_text(doc)),
        n_sentences=_count_sentences(doc),
        pipeline={"name": PIPELINE_NAME, "version": __version__},
        **extra,
    )


def _count_sentences(doc: Doc) -> int:
    """Sentences with some non-space text (0 for a ``Doc`` never split into sentences)."""
    if not doc.has_annotation("SENT_START"):
        return 0
    text = doc_text(doc)
    return sum(1 for s in sentences(doc) if not text[s.start_char:s.end_char].isspace())


def actor_records(doc: Doc) -> list[ActorRecord]:
    out = []
    for key, spans in _groups(ACTORS.spans(doc)).items():
        first = spans[0]
        name = info_of(first).name
        kind = info_of(first).kind
        country = None if kind == "country" else next((info_of(s).country for s in spans if info_of(s).country), None)
        roles = list(dict.fromkeys(info_of(s).role for s in spans if info_of(s).role))
        aliases = _aliases(name, spans, skip_rules=("government-of-state", "title-only", "title-plural"))
        if kind == "organization":
            known = {normalize_name(a) for a in (name, *aliases)}
            aliases += [form for form in _legal_forms(spans) if normalize_name(form) not in known]
        out.append(ActorRecord(
            doc_id=doc._.doc_id, key=key, name=name, kind=kind, country=country, aliases=aliases, roles=roles,
            mentions=[mention(s) for s in spans], rules=sorted({info_of(s).rule for s in spans}),
        ))
    return out


def project_records(doc: Doc) -> list[ProjectRecord]:
    out = []
    for key, spans in _groups(PROJECTS.spans(doc)).items():
        info = info_of(spans[0])
        extra = [a for s in spans for a in info_of(s).aliases]
        aliases = _aliases(info.name, spans) + [a for a in dict.fromkeys(extra) if a not in _aliases(info.name, spans)]
        out.append(ProjectRecord(
            doc_id=doc._.doc_id, key=key, name=info.name, kind=info_of(spans[0]).kind, aliases=aliases,
            mentions=[mention(s) for s in spans], rules=sorted({info_of(s).rule for s in spans}),
        ))
    return out


def agreement_records(doc: Doc, events: list[EventCandidate]) -> list[AgreementRecord]:
    """One record per instrument; its status is decided here, once, from the events: ended,
    else signed, else a draft (the text says so, or a signing of it was found not factual)."""
    out = []
    party_keys = _party_keys(doc)
    signers = _signs_for(doc, party_keys)
    drafts = _draft_keys(doc)
    by_agreement: dict[tuple[str, str], list[EventCandidate]] = {}  # (event type, instrument) -> events, in order
    for event in events:
        for key in dict.fromkeys(event.agreements):
            by_agreement.setdefault((event.event_type, key), []).append(event)
    for key, spans in _groups(AGREEMENTS.spans(doc)).items():
        named = [s for s in spans if info_of(s).rule != "agreement-anaphor"]
        if not named:
            continue
        info = info_of(named[0])
        signings = by_agreement.get(("signing", key), [])
        signing = next((e for e in signings if e.rule not in RATIFICATION_RULES), None)
        ended = ("termination", key) in by_agreement
        if not (signings or ended) and {info_of(s).rule for s in named} <= EVENT_BOUND:
            continue  # "swap deals", "a transit agreement" told in passing: no instrument without its signing
        parties = list(info.parties)
        if signings and (not parties or info.one_side):  # "an agreement with X": its signers are the other side
            signed = signing_parties((signing or signings[0]).participants, party_keys, signers)
            parties = list(dict.fromkeys(parties + signed))
        out.append(AgreementRecord(
            doc_id=doc._.doc_id, key=key, name=info.name, kind=info_of(named[0]).kind, parties=parties,
            date=signing.date if signing else None, place=signing.location if signing else None,
            status="terminated" if ended else ("signed" if signings else ("draft" if key in drafts else None)),
            mentions=[mention(s) for s in spans], rules=sorted({info_of(s).rule for s in spans}),
        ))
    return out


def signing_parties(participants: list[str], party_keys: set[str], signers: dict[str, str]) -> list[str]:
    """The parties a signing binds: the states and organizations taking part, and those its
    signers sign for ("the two presidents signed" binds their states)."""
    bodies = [p for p in participants if p in party_keys]
    return list(dict.fromkeys(bodies + [signers[p] for p in participants if p in signers]))


def _signs_for(doc: Doc, party_keys: set[str]) -> dict[str, str]:
    """Person key -> the actor a signature of theirs binds: the organization their title
    names ("CEO of SOCAR"), else their state when they hold a state office or no title.

    Only actors of the document count, so a state named only as an adjective binds nothing.
    """
    actors = ACTORS.spans(doc)
    organizations = {normalize_name(form): info_of(s).key for s in actors if info_of(s).kind == "organization"
                     for form in (info_of(s).name, span_text(s))}
    state_titles = lexicons()["state_signatory_titles"]
    out: dict[str, str] = {}
    for person in (s for s in actors if info_of(s).kind == "person"):
        role = normalize_name(info_of(person).role or "")
        body = next((key for name, key in organizations.items() if name and f" {name} " in f" {role} "), None)
        state = info_of(person).country if not role or any(t in role.split() for t in state_titles) else None
        choice = body or state
        if choice in party_keys:
            out.setdefault(info_of(person).key, choice)
    return out


def _draft_keys(doc: Doc) -> set[str]:
    """Instruments the text calls drafts, or named in the sentence of a signing that the
    events component found not factual (planned, denied, conditional)."""
    agreements = sorted(AGREEMENTS.spans(doc), key=lambda s: s.start)
    keys = {info_of(s).key for s in agreements if info_of(s).draft}
    starts = [s.start for s in agreements]
    for sentence in doc._.nonfactual_signings or []:
        inside = agreements[bisect_left(starts, sentence.start):bisect_left(starts, sentence.end)]
        keys |= {info_of(s).key for s in inside}
    return keys


def _party_keys(doc: Doc) -> set[str]:
    """Keys of the states and organizations named: they can be parties; persons sign for them."""
    return {info_of(s).key for s in ACTORS.spans(doc) if info_of(s).kind != "person"}


def event_records(doc: Doc, events: list[EventCandidate]) -> list[EventRecord]:
    out = []
    party_keys = _party_keys(doc)
    signers = _signs_for(doc, party_keys)
    for i, event in enumerate(events, start=1):
        participants = event.participants
        if event.event_type == "signing":  # the contract: the persons signing, and the agreement's parties
            participants = list(dict.fromkeys(participants + signing_parties(participants, party_keys, signers)))
        out.append(EventRecord(
            doc_id=doc._.doc_id, id=f"e{i}", event_type=event.event_type, date=event.date,
            location=event.location, participants=participants, agreements=event.agreements,
            projects=event.projects, trigger=event.trigger.text, evidence=mention(event.sentence),
            rule=event.rule, **event_codes().get(event.event_type, {}),
        ))
    return out


def build_records(doc: Doc) -> list[Record]:
    """Every record of one document, validated, ``document`` first."""
    events: list[EventCandidate] = doc._.events or []
    records: list[Record] = [document_record(doc)]
    records += actor_records(doc)
    records += project_records(doc)
    records += agreement_records(doc, events)
    records += event_records(doc, events)
    return records

