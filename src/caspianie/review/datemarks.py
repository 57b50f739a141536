"""Date expressions on the review pages: where each record's date is written and on what it rests.

Records carry a date's text, value and ``basis`` but no offsets, so a date is
highlighted where its text occurs in the event's evidence sentence; the
document's reference date where its text first occurs in the article. A date
that its sentence does not contain came from elsewhere (the dateline, the
narrative), and the event's basis says so.
"""

from __future__ import annotations

from typing import Any, Optional, Sequence

from caspianie.contract.records import Date, DocumentRecord, EventRecord
from caspianie.review.html import Span, esc

BASIS_LABELS = {
    "explicit": "stated in the text",
    "relative_to_reference": "counted from the reference date",
    "relative_to_narrative": "counted from the narrative's last date",
    "reference": "the document's reference date",
}


def basis_of(found: Optional[Date]) -> Optional[str]:
    """The ``basis`` extra field of a date (None when absent)."""
    if found is None:
        return None
    return (found.model_extra or {}).get("basis")


def basis_label(basis: Optional[str]) -> str:
    """A reader's wording of a basis (the raw value when it is not a known one)."""
    return BASIS_LABELS.get(basis or "", basis or "basis not recorded")


def _mark(start: int, end: int, found: Date, basis: Optional[str], owner: str) -> Span:
    value = found.value or "no value"
    return Span(start, end, "mark", {
        "class": "m m-date", "data-type": "date", "data-value": found.value or "", "data-basis": basis or "",
        "data-owner": owner, "title": f"date {value} · {basis_label(basis)} · {owner}"})


def date_spans(text: str, document: Optional[DocumentRecord], events: Sequence[EventRecord]) -> list[Span]:
    """Highlight spans of the reference date and of every event date written in its evidence sentence."""
    spans: dict[tuple[int, int], Span] = {}
    reference = document.reference_date if document is not None else None
    if reference is not None and reference.text:
        start = text.find(reference.text)
        if start >= 0:
            spans[(start, start + len(reference.text))] = _mark(start, start + len(reference.text), reference,
                                                                "reference", "reference date")
    for event in events:
        found, evidence = event.date, event.evidence
        if found is None or evidence is None or not found.text:
            continue
        offset = evidence.text.find(found.text)
        if offset < 0 or text[evidence.start:evidence.end] != evidence.text:
            continue
        start = evidence.start + offset
        spans.setdefault((start, start + len(found.text)), _mark(start, start + len(found.text), found,
                                                                 basis_of(found), f"event {event.id}"))
    return list(spans.values())


def event_date_html(event: EventRecord) -> str:
    """An event's date line: value, the words it was read from, and its basis as a labelled badge."""
    found = event.date
    if found is None:
        return '<span class="ev-date undated">undated</span>'
    basis = basis_of(found)
    in_sentence = event.evidence is not None and found.text and found.text in event.evidence.text
    where = "" if in_sentence else " (not in this sentence)"
    return (f'<span class="ev-date" data-value="{esc(found.value or "")}">{esc(found.value or "no value")}</span> '
            f"\u201c{esc(found.text)}\u201d "
            f'<span class="basis basis-{esc(basis or "none")}" data-basis="{esc(basis or "")}">'
            f"{esc(basis_label(basis))}{esc(where)}</span>")


def undated(events: Sequence[Any]) -> list[Any]:
    """Events without a date value."""
    return [e for e in events if e.date is None or e.date.value is None]


def document_warnings(document: Optional[DocumentRecord]) -> list[str]:
    """The extractor's warnings on a document record (its ``warnings`` extra field)."""
    if document is None:
        return []
    return list((document.model_extra or {}).get("warnings", []))
