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
                    entry.documents.add(doc_id)
                    entry.partners.update(k for k in keys if k != key)
    return sorted(stats.values(), key=lambda s: (-s.mentions, -s.events, s.key))


def _nav(prefix: str = "") -> list[tuple[str, str]]:
    return [(f"{prefix}index.html", "documents"), (f"{prefix}timeline.html", "timeline"),
            (f"{prefix}actors.html", "actors")]


def index_body(documents: Documents, names: dict[str, str], scores: Optional[dict[str, Any]]) -> str:
    """The list of documents with their counts and, given gold, their scores."""
    header = ["document", "title", *(label for label, _ in COUNTED), "dated events"]
    if scores is not None:
        header += ["actors F", "projects F", "agreements F", "events F", "arguments F"]
    rows, attrs = [], []
    for doc_id in sorted(documents):
        records = documents[doc_id]
        document = next((r for r in records if isinstance(r, DocumentRecord)), None)
        events = [r for r in records if isinstance(r, EventRecord)]
        row = [f'<a class="doc-link" href="docs/{esc(names[doc_id])}">{esc(doc_id)}</a>',
               esc(document.title if document and document.title else ""),
               *(str(sum(isinstance(r, cls) for r in records)) for _, cls in COUNTED),
               str(len(dated_events(events)))]
        if scores is not None:
            figures = scores["per_doc"].get(doc_id, {})
            row += [percent(figures.get(f"{name}_f")) for name in ("actors", "projects", "agreements", "events", "args")]
        rows.append(row)
        attrs.append(f'class="doc-row" data-doc="{esc(doc_id)}"')
    parts = ["<h1>caspianie report</h1>",
             f'<p class="meta">{len(documents)} documents · '
             f'<a href="timeline.html">timeline of dated events</a> · <a href="actors.html">actor table</a></p>']
    if scores is not None:
        overall = [[esc(label), *(percent(scores[f"{name}_{k}"]) for k in ("p", "r", "f"))]
                   for label, name in (("actors", "actors"), ("projects", "projects"),
                                       ("agreements", "agreements"), ("events", "events"),
                                       ("event arguments", "args"))]
        parts.append('<h2>Scores against gold (all documents)</h2>'
                     + table(["figure", "P", "R", "F"], overall, cls="grid figures"))
    parts.append("<h2>Documents</h2>" + table(header, rows, cls="grid documents", row_attrs=attrs))
    return "\n".join(parts)


def actors_body(stats: Sequence[ActorStats], top_partners: int = 3) -> str:
    """The actor table: mentions, documents, events and the most frequent co-participants."""
    rows = []
    for entry in stats:
        partners = ", ".join(f"{esc(k)} ({n})" for k, n in entry.partners.most_common(top_partners))
        rows.append([f"<code>{esc(entry.key)}</code>", esc(entry.name), esc(entry.kind), str(entry.mentions),
                     str(len(entry.documents)), str(entry.events), partners])
    return (f"<h1>Actors</h1><p class=\"meta\">{len(stats)} actor keys across all documents; events count "
            f"the events an actor takes part in.</p>"
            + table(["key", "name", "kind", "mentions", "documents", "events", "most frequent co-participants"],
                    rows, cls="grid actors"))


def timeline_body(documents: Documents, names: dict[str, str]) -> str:
    """The timeline page: every dated event, one mark each, linked to its document page."""
    events = [r for doc_id in sorted(documents) for r in documents[doc_id] if isinstance(r, EventRecord)]
    dated = len(dated_events(events))
    svg = timeline_svg(events, lambda e: f"docs/{names[e.doc_id]}#ev-{e.id}")
    return (f"<h1>Timeline</h1><p class=\"meta\">{dated} dated events of {len(events)} "
            f"(undated events are not drawn). Hover a mark for the record, click it for its document.</p>"
            f"{legend()}<div class=\"timeline\">{svg}</div>")


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
    for doc_id in sorted(pred):
        text = (texts or {}).get(doc_id) or source_text(pred[doc_id], base)
        if text is None:
            missing.append(doc_id)
        gold_records = gold.get(doc_id, []) if gold is not None else None
        view = build_view(doc_id, pred[doc_id], text, gold_records)
        written.append(_write(out / "docs" / names[doc_id], render_document(view, _nav("../"))))
    written.append(_write(out / "index.html", page("caspianie report", index_body(pred, names, scores), _nav())))
    written.append(_write(out / "timeline.html", page("timeline · caspianie", timeline_body(pred, names), _nav())))
    written.append(_write(out / "actors.html", page("actors · caspianie", actors_body(actor_stats(pred)), _nav())))
    return ReportResult(out, written, missing)


def _write(path: Path, content: str) -> Path:
    path.write_text(content, encoding="utf-8")
    return path
