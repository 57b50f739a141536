"""A static review site for a whole output: index, one page per document, a timeline
of dated events and an actor table. Every page is a self-contained HTML file (no
network, no CDN), so the directory can be opened from disk on an offline machine.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Sequence

from caspianie.evaluation.evaluate import evaluate_documents
from caspianie.review.html import esc, page, percent, table
from caspianie.contract.records import ActorRecord, AgreementRecord, DocumentRecord, EventRecord, ProjectRecord, Record
from caspianie.review.show import build_view, render_document, source_text
from caspianie.review.datemarks import document_warnings, undated
from caspianie.review.timeline import dated_events, legend, timeline_svg

Documents = dict[str, list[Record]]
COUNTED = (("actors", ActorRecord), ("projects", ProjectRecord), ("agreements", AgreementRecord),
           ("events", EventRecord))


def page_name(doc_id: str) -> str:
    """The file name of a document page: the doc_id with unsafe characters made ``_``."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", doc_id).lstrip(".") + ".html"


def _page_names(doc_ids: Sequence[str]) -> dict[str, str]:
    """Unique page file names for all documents (a suffix settles collisions)."""
    names: dict[str, str] = {}
    used: set[str] = set()
    for doc_id in doc_ids:
        name = page_name(doc_id)
        n = 1
        while name.lower() in used:
            n += 1
            name = page_name(doc_id)[:-5] + f"-{n}.html"
        used.add(name.lower())
        names[doc_id] = name
    return names


@dataclass
class ActorStats:
    """One actor across the output: what the actor table shows."""

    key: str
    name: str = ""
    kind: str = ""
    mentions: int = 0
    documents: set[str] = field(default_factory=set)
    events: int = 0
    partners: Counter = field(default_factory=Counter)
    event_ids: list[tuple[str, str]] = field(default_factory=list)


def actor_stats(documents: Documents) -> list[ActorStats]:
    """Mentions, documents, events and co-participants of every actor key, most mentioned first."""
    stats: dict[str, ActorStats] = {}
    for doc_id, records in documents.items():
        for record in records:
            if isinstance(record, ActorRecord):
                entry = stats.setdefault(record.key, ActorStats(record.key))
                entry.name = entry.name or record.name
                entry.kind = entry.kind or record.kind
                entry.mentions += len(record.mentions)
                entry.documents.add(doc_id)
            elif isinstance(record, EventRecord):
                keys = sorted(set(record.participants))
                for key in keys:
                    entry = stats.setdefault(key, ActorStats(key, name=key))
                    entry.events += 1
                    entry.event_ids.append((doc_id, record.id))
                    entry.documents.add(doc_id)
                    entry.partners.update(k for k in keys if k != key)
    return sorted(stats.values(), key=lambda s: (-s.mentions, -s.events, s.key))


def _nav(prefix: str = "") -> list[tuple[str, str]]:
    return [(f"{prefix}index.html", "documents"), (f"{prefix}timeline.html", "timeline"),
            (f"{prefix}actors.html", "actors")]


def _flags(document: Optional[DocumentRecord], events: Sequence[EventRecord]) -> list[tuple[str, str]]:
    """(flag id, label) pairs of what a reader should check in a document."""
    flags = [(w.replace(" ", "-"), w) for w in document_warnings(document)]
    if document is not None and document.n_chars and document.reference_date is None and not flags:
        flags.append(("no-reference-date", "no reference date"))
    missing = len(undated(events))
    if missing:
        flags.append(("undated-events", f"{missing} undated event{'s' if missing > 1 else ''}"))
    return flags


def _num(value: int) -> str:
    return f'<span class="num">{value}</span>'


def index_body(documents: Documents, names: dict[str, str], scores: Optional[dict[str, Any]]) -> str:
    """The document index: counts, reference date, warning flags and, given gold, scores;
    sortable by any column, filterable by text or to flagged documents, with totals."""
    soft = "\u00ad"  # narrow columns break long headings at a soft hyphen
    header = ["document and title", "reference date", *(label.replace("ments", soft + "ments") for label, _ in COUNTED),
              "dated events", "undated events", "flags"]
    if scores is not None:
        header += ["actors F", "projects F", f"agree{soft}ments F", "events F", f"argu{soft}ments F"]
    rows, attrs = [], []
    totals = [0] * (len(COUNTED) + 2)
    flagged = 0
    for doc_id in sorted(documents):
        records = documents[doc_id]
        document = next((r for r in records if isinstance(r, DocumentRecord)), None)
        events = [r for r in records if isinstance(r, EventRecord)]
        counts = [sum(isinstance(r, cls) for r in records) for _, cls in COUNTED]
        counts += [len(dated_events(events)), len(undated(events))]
        totals = [t + n for t, n in zip(totals, counts)]
        flags = _flags(document, events)
        flagged += bool(flags)
        reference = document.reference_date.value if document and document.reference_date else None
        title = document.title if document and document.title else ""
        row = [f'<a class="doc-link" href="docs/{esc(names[doc_id])}">{esc(doc_id)}</a>'
               f'<div class="doc-title">{esc(title)}</div>', esc(reference or "-"),
               *(_num(n) for n in counts),
               " ".join(f'<span class="flag" data-flag="{esc(f)}">{esc(label)}</span>' for f, label in flags)]
        if scores is not None:
            figures = scores["per_doc"].get(doc_id, {})
            row += [percent(figures.get(f"{name}_f")) for name in ("actors", "projects", "agreements", "events", "args")]
        rows.append(row)
        attrs.append(f'class="doc-row" data-doc="{esc(doc_id)}" data-flags="{esc(" ".join(f for f, _ in flags))}"')
    foot = [f"total: {len(documents)} documents", "", *(_num(n) for n in totals), f"{flagged} flagged"]
    parts = ["<h1>caspianie report</h1>",
             f'<p class="meta">{len(documents)} documents · {totals[3]} events ({totals[5]} undated) · '
             f'<a href="timeline.html">timeline of dated events</a> · <a href="actors.html">actor table</a></p>']
    if scores is not None:
        overall = [[esc(label), *(percent(scores[f"{name}_{k}"]) for k in ("p", "r", "f"))]
                   for label, name in (("actors", "actors"), ("projects", "projects"),
                                       ("agreements", "agreements"), ("events", "events"),
                                       ("event arguments", "args"))]
        parts.append('<h2>Scores against gold (all documents)</h2>'
                     + table(["figure", "P", "R", "F"], overall, cls="grid figures"))
    parts.append("<h2>Documents</h2>" + FILTER.format(what="documents", target="documents")
                 + table(header, rows, cls="grid documents sortable filterable", row_attrs=attrs, foot=foot))
    return "\n".join(parts)


FILTER = ('<p class="filters" data-for="{target}"><input type="search" class="filter-text" '
          'placeholder="filter {what} (any text)" aria-label="filter {what}"> '
          '<label><input type="checkbox" class="filter-flagged"> flagged only</label> '
          '<span class="shown"></span> <span class="hint">click a column heading to sort</span></p>')


def actors_body(stats: Sequence[ActorStats], names: dict[str, str], top_partners: int = 3) -> str:
    """The actor table: one anchored row per key with its documents and events linked."""
    rows, attrs = [], []
    for entry in stats:
        partners = ", ".join(f'<a href="#actor-{esc(k)}">{esc(k)}</a> ({n})'
                             for k, n in entry.partners.most_common(top_partners))
        docs = " ".join(f'<a class="actor-doc" href="docs/{esc(names[d])}">{esc(d)}</a>'
                        for d in sorted(entry.documents))
        events = " ".join(f'<a class="actor-event" href="docs/{esc(names[d])}#ev-{esc(i)}">{esc(d)}#{esc(i)}</a>'
                          for d, i in entry.event_ids)
        rows.append([f'<code>{esc(entry.key)}</code>', esc(entry.name), esc(entry.kind), _num(entry.mentions),
                     _num(len(entry.documents)), _num(entry.events), partners,
                     f'<details><summary>{len(entry.documents)} documents, {entry.events} events</summary>'
                     f'<div class="links">{docs}</div><div class="links">{events}</div></details>'])
        attrs.append(f'id="actor-{esc(entry.key)}" class="actor-row" data-key="{esc(entry.key)}" data-flags=""')
    return (f"<h1>Actors</h1><p class=\"meta\">{len(stats)} actor keys across all documents; events count "
            f"the events an actor takes part in.</p>" + FILTER.format(what="actors", target="actors")
            + table(["key", "name", "kind", "mentions", "documents", "events", "most frequent co-participants",
                     "documents and events"], rows, cls="grid actors sortable filterable", row_attrs=attrs))


def timeline_body(documents: Documents, names: dict[str, str]) -> str:
    """The timeline page: every dated event, one mark each, linked to its document page;
    the undated events listed under it."""
    events = [r for doc_id in sorted(documents) for r in documents[doc_id] if isinstance(r, EventRecord)]
    dated = len(dated_events(events))
    svg = timeline_svg(events, lambda e: f"docs/{names[e.doc_id]}#ev-{e.id}")
    missing = undated(events)
    items = "".join(
        f'<li class="undated-event" data-doc="{esc(e.doc_id)}" data-id="{esc(e.id)}">'
        f'<a href="docs/{esc(names[e.doc_id])}#ev-{esc(e.id)}">{esc(e.doc_id)} {esc(e.id)}</a> '
        f"{esc(e.event_type)} \u00b7 {esc(e.trigger)}"
        f"{' · date text “' + esc(e.date.text) + '” has no value' if e.date is not None else ''}</li>"
        for e in missing)
    return (f"<h1>Timeline</h1><p class=\"meta\">{dated} dated events of {len(events)} "
            f"(the {len(missing)} undated ones are listed below the chart). Hover a mark for the record, "
            f"click it for its document.</p>"
            f"{legend()}<div class=\"timeline\">{svg}</div>"
            f'<h2 id="undated">Undated events ({len(missing)})</h2><ul class="undated">{items}</ul>')


def pager(doc_ids: Sequence[str], index: int, names: dict[str, str]) -> str:
    """Previous/next links between document pages (in index order)."""
    links = []
    if index > 0:
        links.append(f'<a class="prev" rel="prev" href="{esc(names[doc_ids[index - 1]])}">\u2190 '
                     f"{esc(doc_ids[index - 1])}</a>")
    links.append(f'<span class="pos">document {index + 1} of {len(doc_ids)}</span>')
    if index + 1 < len(doc_ids):
        links.append(f'<a class="next" rel="next" href="{esc(names[doc_ids[index + 1]])}">'
                     f"{esc(doc_ids[index + 1])} \u2192</a>")
    return '<nav class="pager">' + " ".join(links) + "</nav>"


@dataclass
class ReportResult:
    """What ``write_report`` wrote."""

    out_dir: Path
    pages: list[Path]
    missing_text: list[str]

    def describe(self) -> str:
        line = f"wrote {len(self.pages)} pages to {self.out_dir} (open {self.out_dir / 'index.html'})"
        if self.missing_text:
            line += f"; article text not found for: {', '.join(self.missing_text)}"
        return line


def write_report(pred: Documents, out_dir: str | Path, gold: Optional[Documents] = None,
                 texts: Optional[dict[str, str]] = None, base: Optional[Path] = None) -> ReportResult:
    """Write the site into ``out_dir``: ``index.html``, ``timeline.html``, ``actors.html``
    and ``docs/<doc_id>.html``. Article text comes from ``texts`` (by doc_id), else from
    each document record's ``source`` path (as given, else under ``base``)."""
    out = Path(out_dir)
    (out / "docs").mkdir(parents=True, exist_ok=True)
    names = _page_names(sorted(pred))
    scores = evaluate_documents(gold, pred) if gold is not None else None
    written, missing = [], []
    doc_ids = sorted(pred)
    for index, doc_id in enumerate(doc_ids):
        text = (texts or {}).get(doc_id) or source_text(pred[doc_id], base)
        if text is None:
            missing.append(doc_id)
        gold_records = gold.get(doc_id, []) if gold is not None else None
        view = build_view(doc_id, pred[doc_id], text, gold_records)
        html = render_document(view, _nav("../"), "../actors.html", pager(doc_ids, index, names))
        written.append(_write(out / "docs" / names[doc_id], html))
    written.append(_write(out / "index.html", page("caspianie report", index_body(pred, names, scores), _nav())))
    written.append(_write(out / "timeline.html", page("timeline · caspianie", timeline_body(pred, names), _nav())))
    written.append(_write(out / "actors.html", page("actors · caspianie", actors_body(actor_stats(pred), names), _nav())))
    return ReportResult(out, written, missing)


def _write(path: Path, content: str) -> Path:
    path.write_text(content, encoding="utf-8")
    return path
