"""``caspianie_agreements``: legal instruments named or described in the text.

Reads the agreement layer (titled names such as "Convention on the Legal
Status of the Caspian Sea", described ones such as "an agreement on
cooperation and free trade", and anaphors such as "the convention"), trims each
name where the noun phrase ends, gives it a kind and a key unique within the
document, links anaphors to the latest instrument of the same kind, and reads
the parties named inside the name ("Agreement between A and B ...").

Writes ``doc.spans["caspianie_agreements"]`` with ``_.key``, ``_.kind``,
``_.rule`` and ``_.info`` (``{"name", "parties"}``). Date, place and status come
from the events that sign or end the instrument (see ``events.py``).
"""

from __future__ import annotations

from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc, Span

from .extensions import ACTORS, AGREEMENTS, DATES, register_extensions
from .normalize import normalize_name, slugify

KINDS = {
    "agreement": "agreement", "agreements": "agreement", "accord": "agreement", "pact": "agreement",
    "convention": "convention", "conventions": "convention", "treaty": "treaty",
    "protocol": "protocol", "memorandum": "memorandum", "declaration": "declaration",
    "communiqué": "declaration", "communique": "declaration", "statement": "declaration",
    "contract": "contract", "charter": "charter", "roadmap": "other", "road": "other",
    "programme": "other", "program": "other",
}
STOP_WORDS = {
    "signed", "sign", "oversaw", "was", "were", "is", "are", "which", "that", "by", "during", "with",
    "when", "while", "after", "before", "as", "has", "have", "had", "will", "would", "remains",
    "at", "under", "last", "this", "next", "pledging", "ruling", "commits", "calls",
}
MAX_WORDS = 40


class AgreementLinker:
    """Turn agreement-layer spans into keyed instruments."""

    def __init__(self, nlp: Language, name: str, agreements_key: str) -> None:
        register_extensions()
        self.name = name
        self.agreements_key = agreements_key

    def __call__(self, doc: Doc) -> Doc:
        stops = _stop_tokens(doc)
        spans: list[Span] = []
        keys: dict[str, str] = {}
        last_by_kind: dict[str, Span] = {}
        for raw in doc.spans.get(self.agreements_key, []):
            if raw.label_ == "AGREEMENT_REF":
                ref = _antecedent(raw, last_by_kind)
                if ref is not None:
                    spans.append(_copy(raw, ref, "agreement-anaphor"))
                continue
            span = trim(raw, stops)
            if span is None:
                continue
            kind = _kind(span)
            name = _display_name(span)
            norm = normalize_name(name)
            key = keys.get(norm) or _unique_key(name, set(keys.values()))
            keys[norm] = key
            out = Span(doc, span.start, span.end, label=kind)
            out._.key, out._.kind, out._.rule = key, kind, raw.id_
            out._.info = {"name": name, "parties": _parties_in(doc, span)}
            spans.append(out)
            last_by_kind[kind] = out
            last_by_kind["any"] = out
        doc.spans[AGREEMENTS] = spans
        return doc


def _stop_tokens(doc: Doc) -> set[int]:
    """Token indices where an agreement name must end: dates and place phrases."""
    stops = {s.start for s in doc.spans.get(DATES, [])}
    for span in doc.spans.get("caspianie_entities", []):
        if span.label_ == "PLACE" and span.start > 0 and doc[span.start - 1].lower_ in {"in", "at"}:
            stops.add(span.start - 1)
    return stops


def trim(span: Span, stops: set[int]) -> Optional[Span]:
    """Cut a greedy agreement match where its noun phrase ends."""
    doc = span.doc
    end = min(span.end, span.start + MAX_WORDS)
    for i in range(span.start + 2, end):
        token = doc[i]
        if i in stops or token.lower_ in STOP_WORDS:
            end = i
            break
        if token.lower_ == "and" and i + 2 < len(doc) and _starts_instrument(doc, i + 1):
            end = i
            break
    while end > span.start + 1 and (doc[end - 1].is_punct and doc[end - 1].text != ")" or doc[end - 1].lower_ in {"and", "the", "of", "on", "a"}):
        end -= 1
    if end - span.start < 2 and span.label_ != "AGREEMENT":
        return None
    return doc[span.start:end] if end > span.start else None


def _starts_instrument(doc: Doc, i: int) -> bool:
    """"and the Comprehensive Programme", "and a protocol": a second instrument starts."""
    j = i + 1 if doc[i].lower_ in {"the", "a", "an"} else i
    while j < len(doc) and doc[j].text[:1].isupper() and doc[j].lower_ not in KINDS:
        j += 1
    return j < len(doc) and doc[j].lower_ in KINDS


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


def _parties_in(doc: Doc, span: Span) -> list[str]:
    """Countries and organizations named inside "between A and B"."""
    lowered = [t.lower_ for t in span]
    if "between" not in lowered:
        return []
    start = span.start + lowered.index("between")
    parties: list[str] = []
    for actor in doc.spans.get(ACTORS, []):
        if start <= actor.start and actor.end <= span.end and actor._.kind != "person" and actor._.key not in parties:
            parties.append(actor._.key)
    return parties


def _antecedent(ref: Span, last_by_kind: dict[str, Span]) -> Optional[Span]:
    word = ref[-1].lower_
    kind = KINDS.get(word)
    return last_by_kind.get(kind) if kind else last_by_kind.get("any") if word.startswith("document") else None


def _copy(raw: Span, ref: Span, rule: str) -> Span:
    out = Span(raw.doc, raw.start, raw.end, label=ref.label_)
    out._.key, out._.kind, out._.rule = ref._.key, ref._.kind, rule
    out._.info = ref._.info
    return out


@Language.factory("caspianie_agreements", default_config={"agreements_key": "caspianie_agreement_names"})
def make_agreement_linker(nlp: Language, name: str, agreements_key: str) -> AgreementLinker:
    """Agreement records' spans from the agreement layer (see the module docstring)."""
    return AgreementLinker(nlp, name, agreements_key)
