"""``caspianie_agreements``: legal instruments named or described in the text.

Reads the agreement layer (titled names such as "Convention on the Legal
Status of the Caspian Sea", described ones such as "an agreement on
cooperation and free trade", and anaphors such as "the convention"), trims each
name where the noun phrase ends, gives it a kind and a key unique within the
document, links anaphors to the latest instrument of the same kind, and reads
the parties named inside the name ("Agreement between A and B ...").

Writes the agreement layer, each span carrying an ``AgreementInfo`` (key, kind,
rule, name, parties, and whether the text calls it a draft; see ``layers.py``).
Date, place and status come from the events that sign or end the instrument: the
record builder decides them (``build.py``).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc, Span

from caspianie.pipeline.actorrules import in_headline_case
from caspianie.pipeline.extensions import doc_text, register_extensions, sentence_of
from caspianie.pipeline.layers import (
    ACTORS,
    AGREEMENT_NAMES,
    AGREEMENTS,
    DATES,
    ENTITIES,
    AgreementInfo,
    layer_names,
    wire,
)
from caspianie.normalize import normalize_name, slugify
from caspianie.knowledge.patternfiles import lexicons
from caspianie.pipeline.distributive import distributed
from caspianie.pipeline.eventargs import owns_organization
from caspianie.pipeline.instrumentnames import KINDS, STOP_WORDS, trim
from caspianie.pipeline.topiclists import shared_head_items, topic_items

COLLECTIVE = lexicons()["collective_agreement_rules"]  # "66 bilateral agreements": one record for the set
COUNTED = ("agreement-counted", "agreement-counted-described")  # sets with their number: "four MoUs"
TOPIC_LIST = "agreement-list-topics"  # "accords on A and on B"
SHARED_HEAD = "agreement-list-shared-head"  # "the Ganja and Baku Statements"
COMPOUND = ("agreement-compound", "agreement-compound-described")  # "a production sharing agreement"
COUNT_WORDS = lexicons()["set_quantifiers"]
SUMMARY_REACH = 120  # tokens after a counted set in which instruments named one by one make it their summary
NEGATIONS = lexicons()["negations"]
PRESUPPOSING = tuple(sorted(lexicons()["presupposing_verb_stems"]))


MIN_SHARED_WORDS = 2  # the kind word and one more


@dataclass
class _Found:
    """An instrument mention before it becomes a span; ``info`` is the instrument's entry,
    shared by its mentions and completed while the document is read."""

    start: int
    end: int
    kind: str
    rule: str
    info: dict


class AgreementLinker:
    """Turn agreement-layer spans into keyed instruments."""

    def __init__(self, nlp: Language, name: str, layers: dict[str, str]) -> None:
        register_extensions()
        self.name = name
        self.layers = layer_names(layers)

    def __call__(self, doc: Doc) -> Doc:
        wire(doc, self.layers)
        stops = _stop_tokens(doc)
        actors = sorted(ACTORS.spans(doc), key=lambda s: s.start)
        actor_starts = [a.start for a in actors]
        names: dict[str, dict] = {}
        taken: set[int] = set()
        spans: list[_Found] = []
        headline = _headline_end(doc)
        in_org = {i for s in ENTITIES.spans(doc) if s.label_ == "ORG" for i in range(s.start, s.end)}
        in_dates = {i for s in DATES.spans(doc) for i in range(s.start, s.end)}
        raws = sorted((s for s in AGREEMENT_NAMES.spans(doc)
                       if s.start_char >= headline and not {s.start, s.end - 1} <= in_org  # inside "... Programme" (UNEP)
                       and not (s.id_ in COUNTED and s.start in in_dates)),  # "On 3 May 2023 agreements were signed"
                      key=lambda s: (s.start, -len(s)))
        for raw in raws:
            if raw.label_ == "AGREEMENT_REF" or raw.start in taken or in_headline_case(doc, raw.start):
                continue  # a headline in title case restates the story ("Leaders Ink Accord On Oil")
            if raw.id_ in COLLECTIVE and raw.end < len(doc) and doc[raw.end].text in (":", ","):
                continue  # "three agreements: on ..., on ...": the list names the instruments
            if raw.id_ in COMPOUND and raw.start > 0 and (doc[raw.start - 1].like_num or doc[raw.start - 1].lower_ in COUNT_WORDS):
                continue  # "13 cooperation agreements": a counted set, read as one
            for span, name in _instruments(raw, stops):
                if _negated_before(span) or any(i in taken for i in range(span.start, span.end)):
                    continue
                within = raw.start <= span.start < raw.end and span.text == name  # not one field of a counted set
                kind = _kind(span) if raw.label_ != "AGREEMENT_LIST" and within else KINDS.get(name.split()[0].lower(), _kind(raw))
                span, short = _bracketed_name(span)
                name = _display_name(span) if short is not None else name
                info = _register(names, name, kind)
                if short is not None:  # "the Framework Convention ... (Tehran Convention)": one instrument
                    names.setdefault(normalize_name(short), info)
                if not info["parties"]:
                    info["parties"], info["one_side"] = _parties_in(span, actors, actor_starts)
                info["draft"] = info.get("draft") or _negated_after(span)
                spans.append(_Found(span.start, span.end, kind, raw.id_, info))
                taken |= set(range(span.start, span.end))
        spans = _without_summaries(spans)
        spans += _anaphors(raws, spans, taken)
        AGREEMENTS.write(doc, (AGREEMENTS.span(doc, f.start, f.end, f.kind, _value(f))
                               for f in sorted(spans, key=lambda f: f.start)))
        return doc


def _without_summaries(spans: list["_Found"]) -> list["_Found"]:
    """"signed 6 intergovernmental agreements. The agreement on tourism, the agreement on
    ...": a counted set followed by its instruments named one by one is their summary, no
    instrument of its own."""
    named = sorted(f.start for f in spans if f.rule not in COLLECTIVE)
    return [f for f in spans if f.rule not in COLLECTIVE
            or not any(f.end <= start <= f.end + SUMMARY_REACH for start in named)]


def _value(found: _Found) -> AgreementInfo:
    """The typed value of a mention, from its instrument's completed entry."""
    info = found.info
    return AgreementInfo(info["key"], found.kind, found.rule, info["name"], tuple(info["parties"]), bool(info.get("draft")),
                         bool(info.get("one_side")))


def _bracketed_name(span: Span) -> tuple[Span, Optional[str]]:
    """A name that ends with its short form in brackets ("Framework Convention for the
    Protection of ... (Tehran Convention)"): the name without it, and the short form."""
    doc = span.doc
    if len(span) < 4 or doc[span.end - 1].text != ")":
        return span, None
    opening = next((i for i in range(span.end - 2, span.start, -1) if doc[i].text == "("), None)
    inner = doc[opening + 1:span.end - 1] if opening is not None else None
    if inner is None or not len(inner) or inner[-1].lower_ not in KINDS:
        return span, None
    return doc[span.start:opening], inner.text


def _anaphors(raws: list[Span], named: list[_Found], taken: set[int]) -> list[_Found]:
    """"the convention", "this agreement": the latest instrument of that kind before it."""
    out = []
    latest = _LatestBefore(named)
    for raw in raws:
        if raw.label_ != "AGREEMENT_REF" or any(i in taken for i in range(raw.start, raw.end)):
            continue
        word = raw[-1].lower_
        kind = KINDS.get(word)
        if kind is None and not word.startswith("document"):
            continue
        found = latest.find(kind, raw.start)
        if found is not None:
            out.append(_Found(raw.start, raw.end, named[found].kind, "agreement-anaphor", named[found].info))
    return out


class _LatestBefore:
    """The last instrument (in list order) of a kind, or of any kind, that ends at or before a
    token, found by bisection: one scan of every instrument per anaphor is quadratic."""

    def __init__(self, spans: list["_Found"]) -> None:
        kinds = [s.kind for s in spans]
        self._tables: dict[Optional[str], tuple[list[int], list[int]]] = {}
        for kind in (None, *set(kinds)):
            rows = sorted((s.end, n) for n, s in enumerate(spans) if kind is None or kinds[n] == kind)
            ends, latest, top = [], [], -1
            for end, n in rows:
                top = max(top, n)
                ends.append(end)
                latest.append(top)
            self._tables[kind] = (ends, latest)

    def find(self, kind: Optional[str], token: int) -> Optional[int]:
        """The list index of the last span of ``kind`` (None: any) ending at or before ``token``."""
        ends, latest = self._tables.get(kind, ([], []))
        k = bisect_right(ends, token)
        return latest[k - 1] if k else None


def _headline_end(doc: Doc) -> int:
    """Where the headline ends (0 without one): a headline's instruments are told again below."""
    title = doc._.title
    text = doc_text(doc)
    if not title or not text.lstrip().startswith(title):
        return 0
    return text.index(title) + len(title)


def _instruments(raw: Span, stops: set[int]) -> list[tuple[Span, str]]:
    """(span, display name) of each instrument a match names; a list gives several."""
    if raw.id_ == TOPIC_LIST:
        return topic_items(raw, stops)  # "agreements were signed on A, B and C": one per topic
    if raw.id_ == SHARED_HEAD:
        return shared_head_items(raw)  # "the Ganja, Kars and Baku Statements": one per name
    if raw.label_ != "AGREEMENT_LIST":
        spread = distributed(raw, stops) if raw.id_ in COUNTED else []
        if spread:
            return spread  # "four MoUs ... in the field of A, B, C and D": one per field
        span = trim(raw, stops)
        return [(span, _display_name(span))] if span is not None else []
    doc, head = raw.doc, raw[0].lower_.rstrip("s").replace("memoranda", "memorandum")
    out, start = [], raw.start + 2
    for i in range(raw.start + 2, raw.end + 1):
        at_end = i == raw.end or doc[i].lower_ in STOP_WORDS or i in stops
        boundary = at_end or (doc[i].lower_ == "on" and i > start and doc[i - 1].lower_ in {",", "and"})
        if boundary:
            end = i
            while end > start and doc[end - 1].lower_ in {",", "and"}:
                end -= 1
            if end - start > 1:
                part = doc[start:end]
                out.append((part, f"{head} {part.text}"))
            start = i
            if at_end:
                break
    return out


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    """Normalized short names of well-known instruments -> their full names (lexicon
    ``agreement_aliases``: "Tehran Convention" is the Framework Convention for the Caspian)."""
    return {normalize_name(short): normalize_name(full) for short, full in lexicons()["agreement_aliases"]}


def _canonical(norm: str) -> str:
    return _aliases().get(norm, norm)


def _register(names: dict[str, dict], name: str, kind: str) -> dict:
    """The shared info of an instrument; a name that extends a known one is the same instrument."""
    norm = _canonical(normalize_name(name))
    for known, info in names.items():
        if (norm == known or norm.startswith(known + " ") or known.startswith(norm + " ")
                or (info["kind"] == kind and _words_within(norm, known))):
            if len(name) > len(info["name"]):
                info["name"] = name
            return info
    info = {"key": _unique_key(name, {i["key"] for i in names.values()}), "name": name, "parties": [], "kind": kind}
    names[norm] = info
    return info


def _words_within(a: str, b: str) -> bool:
    """A shorter description whose every content word stands in the other name ("agreement on
    principles" and "agreement on the principles for settling the dispute"): one instrument."""
    stops = lexicons()["agreement_name_stops"] | lexicons()["title_complement_words"]
    wa, wb = ({w for w in n.split() if w not in stops} for n in (a, b))
    shorter, longer = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return len(shorter) >= MIN_SHARED_WORDS and shorter <= longer


def _negated_before(span: Span) -> bool:
    """"ended without a final declaration", "no agreement": a negated mention is no instrument.

    A negated verb that presupposes the instrument ("has not yet ratified the
    Convention", "did not implement the accord") negates the act, not the instrument.
    """
    window = span.doc[max(sentence_of(span.doc, span.start).start, span.start - 6):span.start]
    words = [t.lower_ for t in window]
    negated = [i for i, w in enumerate(words) if w in NEGATIONS]
    return bool(negated) and not any(w.startswith(PRESUPPOSING) for w in words[negated[-1] + 1:])


def _negated_after(span: Span) -> bool:
    """"..., was not signed": the instrument exists only as a draft."""
    window = span.doc[span.end:min(sentence_of(span.doc, span.start).end, span.end + 25)]
    words = [t.lower_ for t in window]
    return "draft" in words or any(w in NEGATIONS and nxt in {"signed", "be", "yet"} for w, nxt in zip(words, words[1:]))


def _stop_tokens(doc: Doc) -> set[int]:
    """Token indices where an agreement name must end: dates and place phrases."""
    stops = {s.start for s in DATES.spans(doc)}
    for span in ENTITIES.spans(doc):
        if span.label_ == "PLACE" and span.start > 0 and doc[span.start - 1].lower_ in {"in", "at"}:
            stops.add(span.start - 1)
    return stops


def _kind(span: Span) -> str:
    for token in span:
        if token.lower_ in KINDS:
            return KINDS[token.lower_]
    return "other"


def _display_name(span: Span) -> str:
    text = span.text
    for article in ("the ", "a ", "an ", "The ", "A ", "An "):
        if text.startswith(article):
            return text[len(article):]
    return text


def _unique_key(name: str, used: set[str]) -> str:
    """A short slug of the name, made unique within the document."""
    base = "-".join(slugify(name).split("-")[:8])
    key, n = base, 2
    while key in used:
        key, n = f"{base}-{n}", n + 1
    return key


def _parties_in(span: Span, actors: list[Span], starts: list[int]) -> tuple[list[str], bool]:
    """Countries and organizations a name says are its parties (``actors``: the document's
    actor spans, ``starts`` their sorted starts, so only the actors inside are read), and
    whether they are one side only. ``agreement_party_markers`` in ``patterns/lexicons.jsonl``
    says how each marker names them: "between A and B" all of them; "with A" one side, the
    signers being the other; "of A and B" all, when it coordinates two or more ("Plan for
    joint actions of Kazakhstan and Russia", not "the delineation of the Caspian Sea")."""
    lowered = [t.lower_ for t in span]
    readings = ("all", "one side", "coordinated")  # the order markers are tried in
    for marker, reading in sorted(lexicons()["agreement_party_markers"], key=lambda m: (readings.index(m[1]), m[0])):
        if marker not in lowered[1:]:
            continue
        start = span.start + 1 + lowered[1:].index(marker)
        within = actors[bisect_left(starts, start):bisect_left(starts, span.end)]
        inside = [a for a in within if a.end <= span.end and a._.kind != "person" and not owns_organization(a, within)]
        parties = list(dict.fromkeys(a._.key for a in inside))
        if reading == "coordinated" and (len(parties) < 2 or "and" not in lowered[start - span.start:]):
            continue
        if parties:
            return parties, reading == "one side"
    return [], False


@Language.factory(
    "caspianie_agreements",
    default_config={"layers": {}},
    requires=[AGREEMENT_NAMES.attr, ENTITIES.attr, DATES.attr, ACTORS.attr, "doc._.title", "token.is_sent_start"],
    assigns=[AGREEMENTS.attr, "span._.info"],
)
def make_agreement_linker(nlp: Language, name: str, layers: dict[str, str]) -> AgreementLinker:
    """Agreement records' spans from the agreement-name layer (see the module docstring)."""
    return AgreementLinker(nlp, name, layers)
