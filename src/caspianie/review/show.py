"""One document as a review page: the article with its mentions highlighted, events
beside it, and with gold records the error-analysis marks (matched, false positive,
false negative) and the evaluator's figures for that document.

``build_view`` computes what to show from records and the article text only;
``render_document`` turns it into a self-contained HTML page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Sequence, Union

from caspianie.errors import CaspianieError
from caspianie.evaluation.evaluate import evaluate_documents
from caspianie.review.html import STATUS_LABELS, TYPE_COLOURS, Span, esc, page, percent, render_spans, table
from caspianie.evaluation.matching import EventMaps, key_map, match_actors, match_agreements, match_events, match_projects
from caspianie.batch.reading import Article, iter_articles, require_articles
from caspianie.review.datemarks import date_spans, document_warnings, event_date_html
from caspianie.review.inspection import nearest
from caspianie.contract.records import (
    ActorRecord,
    AgreementRecord,
    DocumentRecord,
    EventRecord,
    ProjectRecord,
    Record,
    text_sha256,
)

Keyed = Union[ActorRecord, ProjectRecord, AgreementRecord]
KEYED_TYPES: tuple[type, ...] = (ActorRecord, ProjectRecord, AgreementRecord)
FIGURES = (("actors", "actors"), ("projects", "projects"), ("agreements", "agreements"),
           ("events", "events"), ("event arguments", "args"))


class ShowError(CaspianieError):
    """A document or its article text cannot be found."""


# --- finding article text ------------------------------------------------------------------


def corpus_texts(corpus: Union[str, Path]) -> dict[str, str]:
    """Article texts under a corpus path by doc_id (``.txt`` files and JSONL article files;
    record files and unreadable articles are skipped)."""
    require_articles([corpus])
    return {item.doc_id: item.text for item in iter_articles([corpus]) if isinstance(item, Article)}


def source_text(records: Sequence[Record], base: Optional[Path] = None) -> Optional[str]:
    """The text at the document record's ``source`` path (as given, else under ``base``)."""
    document = next((r for r in records if isinstance(r, DocumentRecord)), None)
    if document is None:
        return None
    for candidate in (Path(document.source), (base or Path.cwd()) / document.source):
        if candidate.suffix == ".txt" and candidate.is_file():
            try:
                return candidate.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError):
                return None
    return None


# --- the view model ------------------------------------------------------------------------


@dataclass
class Row:
    """A record as listed beside the article, with its review status and its gold twin."""

    record: Record
    status: str = "none"
    side: str = "pred"
    twin: Optional[Record] = None


@dataclass
class DocumentView:
    """Everything a document page shows."""

    doc_id: str
    text: Optional[str]
    document: Optional[DocumentRecord]
    rows: list[Row] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    figures: Optional[dict[str, Any]] = None
    warnings: list[str] = field(default_factory=list)

    @property
    def events(self) -> list[Row]:
        return [row for row in self.rows if isinstance(row.record, EventRecord)]

    @property
    def keyed(self) -> list[Row]:
        return [row for row in self.rows if isinstance(row.record, KEYED_TYPES)]


def _split(records: Sequence[Record], cls: type) -> list[Any]:
    return [r for r in records if isinstance(r, cls)]


def _rows_from_pairs(gold: Sequence[Record], pred: Sequence[Record], pairs: Sequence[tuple[int, int]]) -> list[Row]:
    """Predicted records as matched or false positive, then unmatched gold as false negative."""
    twin = {p: g for g, p in pairs}
    rows = [Row(r, "tp" if p in twin else "fp", "pred", gold[twin[p]] if p in twin else None)
            for p, r in enumerate(pred)]
    matched_gold = set(twin.values())
    rows += [Row(r, "fn", "gold") for g, r in enumerate(gold) if g not in matched_gold]
    return rows


def review_rows(pred: Sequence[Record], gold: Optional[Sequence[Record]]) -> list[Row]:
    """Every actor, project, agreement and event of a document with its status, matched
    with the evaluator's own matchers; without gold every status is ``none``."""
    if gold is None:
        return [Row(r) for r in pred if not isinstance(r, DocumentRecord)]
    rows: list[Row] = []
    maps = {}
    for cls, matcher in ((ActorRecord, match_actors), (ProjectRecord, match_projects),
                         (AgreementRecord, match_agreements)):
        g, p = _split(gold, cls), _split(pred, cls)
        pairs = matcher(g, p)
        maps[cls] = key_map(g, p, pairs)
        rows += _rows_from_pairs(g, p, pairs)
    g, p = _split(gold, EventRecord), _split(pred, EventRecord)
    pairs = match_events(g, p, EventMaps(maps[ActorRecord], maps[AgreementRecord], maps[ProjectRecord]))
    return rows + _rows_from_pairs(g, p, pairs)


def _names(record: Keyed) -> list[str]:
    names = [record.name, *getattr(record, "aliases", [])]
    return sorted({n for n in names if len(n) >= 3}, key=len, reverse=True)


def locate_names(text: str, record: Keyed) -> list[tuple[int, int]]:
    """Where a record without mentions (gold may omit them) is named: every whole-word
    occurrence of its name or an alias, longest names first, without overlaps."""
    taken: list[tuple[int, int]] = []
    for name in _names(record):
        for found in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text):
            if not any(found.start() < e and s < found.end() for s, e in taken):
                taken.append((found.start(), found.end()))
    return sorted(taken)


def _title(row: Row) -> str:
    record = row.record
    label = STATUS_LABELS[row.status]
    what = f"{record.type} {record.key}" if isinstance(record, KEYED_TYPES) else record.type
    kind = getattr(record, "kind", "")
    return " · ".join(part for part in (what, kind, label) if part)


def _mention_spans(view: DocumentView, row: Row) -> None:
    """Highlight spans of one keyed record: its mentions, or located names for gold without them."""
    text = view.text or ""
    record = row.record
    located = [(m.start, m.end) for m in record.mentions if text[m.start:m.end] == m.text]
    bad = len(record.mentions) - len(located)
    if bad:
        view.warnings.append(f"{record.type} {record.key}: {bad} mention(s) do not match the article text")
    if not record.mentions and row.side == "gold":
        located = locate_names(text, record)
    for start, end in located:
        view.spans.append(Span(start, end, "mark", {
            "class": f"m m-{record.type} st-{row.status}", "data-type": record.type,
            "data-key": record.key, "data-status": row.status, "data-side": row.side,
            "title": _title(row)}))


def _event_spans(view: DocumentView, row: Row) -> None:
    """The evidence sentence (an anchor to scroll to) and the trigger inside it."""
    text = view.text or ""
    event = row.record
    evidence = event.evidence
    if evidence is None or text[evidence.start:evidence.end] != evidence.text:
        if evidence is not None:
            view.warnings.append(f"event {event.id}: evidence does not match the article text")
        return
    view.spans.append(Span(evidence.start, evidence.end, "span", {"class": "sent"},
                           anchor=sentence_id(evidence.start, evidence.end)))
    offset = evidence.text.lower().find(event.trigger.lower()) if event.trigger else -1
    if offset >= 0:
        start = evidence.start + offset
        view.spans.append(Span(start, start + len(event.trigger), "span", {
            "class": f"m m-trigger st-{row.status}", "data-type": "trigger", "data-event": event.id,
            "data-status": row.status, "style": f"text-decoration-color: {TYPE_COLOURS[event.event_type]}",
            "title": f"{event.event_type} {event.id} · {STATUS_LABELS[row.status]}".strip(" ·")}))


def sentence_id(start: int, end: int) -> str:
    """The element id of an evidence sentence."""
    return f"s-{start}-{end}"


def _sentences_unique(spans: list[Span]) -> list[Span]:
    """One sentence span per (start, end): events sharing a sentence share its anchor."""
    seen: set[tuple[int, int]] = set()
    kept = []
    for span in spans:
        if span.anchor is not None:
            if (span.start, span.end) in seen:
                continue
            seen.add((span.start, span.end))
        kept.append(span)
    return kept


def build_view(doc_id: str, pred: Sequence[Record], text: Optional[str],
               gold: Optional[Sequence[Record]] = None) -> DocumentView:
    """The review model of one document. ``gold`` switches on the error analysis."""
    document = next((r for r in pred if isinstance(r, DocumentRecord)), None)
    view = DocumentView(doc_id, text, document, review_rows(pred, gold))
    if text is None:
        view.warnings.append("article text not found: pass --corpus with the articles")
    elif document is not None and text_sha256(text) != document.sha256:
        view.warnings.append("the article text differs from the one the records were extracted from")
    view.warnings += [f"extraction warning: {w}" for w in document_warnings(document)]
    if text is not None:
        for row in view.rows:
            if isinstance(row.record, KEYED_TYPES):
                _mention_spans(view, row)
            elif isinstance(row.record, EventRecord):
                _event_spans(view, row)
        view.spans += date_spans(text, document, [r.record for r in view.events if r.side == "pred"])
        view.spans = _sentences_unique(view.spans)
    if gold is not None:
        view.figures = evaluate_documents({doc_id: list(gold)}, {doc_id: list(pred)})
    return view


# --- rendering -----------------------------------------------------------------------------


def badge(status: str) -> str:
    """A small coloured label for a review status (empty without gold)."""
    if status == "none":
        return ""
    return f'<span class="badge st-{esc(status)}" data-status="{esc(status)}">{esc(STATUS_LABELS[status])}</span>'


def _date(record: Any) -> str:
    found = getattr(record, "date", None)
    if found is None:
        return "undated"
    return f"{found.value or '?'} ({found.text})"


def actor_links(keys: Sequence[str], actors_page: Optional[str]) -> str:
    """Actor keys, each a link to its entry on the site's actor page when there is one."""
    if actors_page is None:
        return esc(", ".join(keys))
    return ", ".join(f'<a class="actor-link" href="{esc(actors_page)}#actor-{esc(k)}">{esc(k)}</a>' for k in keys)


def event_item(row: Row, actors_page: Optional[str] = None) -> str:
    """One event beside the article: type, date and its basis, place, participants, links, evidence."""
    event = row.record
    prefix = "gold-ev-" if row.side == "gold" else "ev-"
    colour = TYPE_COLOURS[event.event_type]
    parts = [f'<div class="ev-head"><span class="swatch" style="background:{colour}"></span>'
             f"{esc(event.event_type)} <small>{esc(event.id)}</small> {badge(row.status)}</div>",
             f"<div>{event_date_html(event)} · {esc(event.location or 'no place')}</div>",
             f"<div>participants: {actor_links(event.participants, actors_page) or '-'}</div>"]
    links = [*event.agreements, *event.projects]
    if links:
        parts.append(f"<div>agreements/projects: {esc(', '.join(links))}</div>")
    parts.append(f"<div>trigger: <b>{esc(event.trigger)}</b></div>")
    if event.evidence is not None:
        target = sentence_id(event.evidence.start, event.evidence.end)
        parts.append(f'<div class="ev-quote"><a class="goto" href="#{esc(target)}" data-target="{esc(target)}">'
                     f"\u201c{esc(event.evidence.text.strip())}\u201d</a></div>")
    else:
        parts.append('<div class="ev-quote">no evidence sentence in the record</div>')
    if row.twin is not None:
        twin = row.twin
        parts.append(f'<div class="ev-gold">gold {esc(twin.id)}: {esc(_date(twin))} · '
                     f"{esc(twin.location or 'no place')} · {esc(', '.join(twin.participants) or '-')}</div>")
    return (f'<li class="event st-{esc(row.status)}" id="{esc(prefix + event.id)}" data-id="{esc(event.id)}" '
            f'data-status="{esc(row.status)}" data-type="{esc(event.event_type)}" style="--c:{colour}">'
            + "".join(parts) + "</li>")


def record_table(rows: Sequence[Row], with_status: bool, actors_page: Optional[str] = None) -> str:
    """Actors, projects and agreements with kind, mention count and status; actor keys link
    to the actor page when there is one."""
    header = ["type", "key", "name", "kind", "mentions"] + (["status"] if with_status else [])
    cells, attrs = [], []
    for row in rows:
        r = row.record
        key = actor_links([r.key], actors_page) if isinstance(r, ActorRecord) else esc(r.key)
        cell = [esc(r.type), key, esc(r.name), esc(r.kind), str(len(r.mentions))]
        cells.append(cell + ([badge(row.status)] if with_status else []))
        attrs.append(f'data-status="{esc(row.status)}" data-key="{esc(r.key)}"')
    return table(header, cells, row_attrs=attrs)


def figures_table(figures: dict[str, Any]) -> str:
    """The evaluator's P/R/F figures (and event date accuracy) for this document."""
    rows = []
    for label, name in FIGURES:
        rows.append([esc(label), *(percent(figures[f"{name}_{k}"]) for k in ("p", "r", "f")),
                     *(str(figures[f"{name}_{k}"]) for k in ("tp", "fp", "fn"))])
    rows.append(["event date accuracy", percent(figures["events_date_acc"]), "", "",
                 str(figures["events_date_correct"]), "", str(figures["events_date_total"])])
    return table(["figure", "P", "R", "F", "TP", "FP", "FN"], rows, cls="grid figures")


LEGEND = ('<p class="legend"><span><mark class="m m-actor">actor</mark></span>'
          '<span><mark class="m m-project">project</mark></span>'
          '<span><mark class="m m-agreement">agreement</mark></span>'
          '<span><span class="m m-trigger">event trigger</span></span>'
          '<span><mark class="m m-date">date (hover: value and basis)</mark></span>{status}</p>')
STATUS_LEGEND = ('<span><mark class="m st-tp">matched</mark></span><span><mark class="m st-fp">false positive'
                 '</mark></span><span><mark class="m st-fn">false negative (gold)</mark></span>')


def document_body(view: DocumentView, actors_page: Optional[str] = None, pager: str = "") -> str:
    """The page body of one document (without the page shell); in a site, ``actors_page``
    is the actor page's address and ``pager`` the previous/next links."""
    document = view.document
    title = (document.title if document and document.title else None) or view.doc_id
    parts = [pager, f"<h1>{esc(title)}</h1>", f'<p class="meta">doc_id <code>{esc(view.doc_id)}</code>']
    if document is not None:
        ref = document.reference_date.value if document.reference_date else None
        parts[-1] += f" · source {esc(document.source)} · reference date {esc(ref or '-')}"
    parts[-1] += "</p>"
    if view.figures is not None:
        parts.append('<section id="figures"><h2>Scores against gold</h2>' + figures_table(view.figures) + "</section>")
    parts += [f'<p class="warn">{esc(w)}</p>' for w in view.warnings]
    parts.append(LEGEND.format(status=STATUS_LEGEND if view.figures is not None else ""))
    article = render_spans(view.text, view.spans) if view.text is not None else ""
    events = "".join(event_item(row, actors_page) for row in _event_order(view.events))
    side = (f"<h2>Events ({len(view.events)})</h2><ol class=\"events\">{events}</ol>"
            f"<h2>Actors, projects, agreements</h2>"
            f"{record_table(view.keyed, view.figures is not None, actors_page)}")
    parts.append(f'<div class="layout"><article class="text" id="text">{article}</article>'
                 f'<aside class="side">{side}</aside></div>')
    return "\n".join(parts)


def _event_order(rows: list[Row]) -> list[Row]:
    """Events in text order of their evidence; those without evidence last."""
    return sorted(rows, key=lambda r: (r.record.evidence is None,
                                       r.record.evidence.start if r.record.evidence else 0))


def render_document(view: DocumentView, nav: Optional[Sequence[tuple[str, str]]] = None,
                    actors_page: Optional[str] = None, pager: str = "") -> str:
    """A complete, self-contained HTML page for one document (see ``document_body``)."""
    return page(f"{view.doc_id} · caspianie", document_body(view, actors_page, pager), nav)


def show_document(doc_id: str, pred: dict[str, list[Record]], texts: dict[str, str],
                  gold: Optional[dict[str, list[Record]]] = None, base: Optional[Path] = None) -> str:
    """The page of ``doc_id`` from records grouped by document; raise ``ShowError`` if the
    document has no records or its article text is neither in ``texts`` nor at its
    ``source`` path (as given, or under ``base``)."""
    if doc_id not in pred:
        near = nearest(doc_id, pred)
        known = ", ".join(near or sorted(pred)[:5]) + ("" if near or len(pred) <= 5 else " ...")
        raise ShowError(f"{doc_id}: no records for this doc_id ({'did you mean' if near else 'known:'} {known})")
    text = texts.get(doc_id) or source_text(pred[doc_id], base)
    if text is None:
        raise ShowError(f"{doc_id}: article text not found (not at the document record's source path). "
                        "Pass --corpus with the articles.")
    gold_records = gold.get(doc_id, []) if gold is not None else None
    return render_document(build_view(doc_id, pred[doc_id], text, gold_records))
