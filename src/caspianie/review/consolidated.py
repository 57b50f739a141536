"""The report's page of consolidated events: one mark per real event, sized by its number of
sources, and a table linking every source report to its article's page.

Input is plain rows read from a consolidation database (``consolidated_timeline_rows``),
so the page knows nothing of how events were matched.
"""

from __future__ import annotations

import json
import math
import sqlite3
from dataclasses import dataclass
from datetime import date
from typing import Callable, Sequence

from caspianie.review.html import TYPE_COLOURS, esc, page, table
from caspianie.review.inspection import date_span
from caspianie.review.timeline import LANE_GAP, LEFT, RIGHT, ROW, TOP, WIDTH, _axis, legend

DOT = 4


@dataclass
class Consolidated:
    """One consolidated event and its source reports (doc_id, event id)."""

    id: str
    event_type: str
    date_value: str
    location: str
    participants: list[str]
    sources: list[tuple[str, str]]


def consolidated_timeline_rows(conn: sqlite3.Connection) -> list[Consolidated]:
    """Dated consolidated events with their sources, by date."""
    sources: dict[str, list[tuple[str, str]]] = {}
    for cid, doc_id, event_id in conn.execute("SELECT consolidated_id, doc_id, event_id FROM consolidated_event_sources "
                                              "ORDER BY consolidated_id, doc_id, event_id"):
        sources.setdefault(cid, []).append((doc_id, event_id))
    rows = conn.execute("SELECT id, event_type, date_value, location, participants FROM consolidated_events "
                        "WHERE date_value IS NOT NULL ORDER BY date_value, id").fetchall()
    return [Consolidated(r[0], r[1], r[2], r[3] or "", [p["key"] for p in json.loads(r[4] or "[]")], sources.get(r[0], []))
            for r in rows]


def timeline_svg(events: Sequence[Consolidated]) -> str:
    """One lane per event type; a circle per event (radius grows with its sources), linking to its row."""
    if not events:
        return '<p class="meta">no dated consolidated events</p>'
    spans = {e.id: date_span(e.date_value) for e in events}
    first = min(s[0].year for s in spans.values())
    last = max(s[1].year for s in spans.values()) + 1
    origin, total = date(first, 1, 1).toordinal(), date(last, 1, 1).toordinal() - date(first, 1, 1).toordinal()

    def x(day: date) -> float:
        return LEFT + (day.toordinal() - origin) * (WIDTH - LEFT - RIGHT) / total

    lanes = [t for t in TYPE_COLOURS if any(e.event_type == t for e in events)]
    rows: dict[tuple[str, int], float] = {}
    placed = []
    for event in events:
        start, end = spans[event.id]
        cx = (x(start) + x(end)) / 2
        radius = DOT + 2 * math.log2(max(1, len(event.sources)))
        row = 0
        while rows.get((event.event_type, row), -1e9) > cx - 2 * radius:
            row += 1
        rows[(event.event_type, row)] = cx + radius
        placed.append((event, cx, radius, row))
    heights = {t: 1 + max([r for (lane, r) in rows if lane == t] or [0]) for t in lanes}
    tops, y = {}, TOP
    for lane in lanes:
        tops[lane] = y
        y += heights[lane] * ROW * 1.5 + LANE_GAP
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{y + 24:.0f}" role="img" '
           f'aria-label="timeline of consolidated events">']
    out += _axis(first, last, x, int(y + 24))
    for lane in lanes:
        out.append(f'<text x="{LEFT - 8}" y="{tops[lane] + 10}" text-anchor="end" font-size="12">{esc(lane)}</text>')
    for event, cx, radius, row in placed:
        cy = tops[event.event_type] + row * ROW * 1.5 + ROW / 2
        tip = f"{event.event_type} {event.date_value} · {len(event.sources)} sources · {event.location}"
        out.append(f'<a href="#{esc(event.id)}"><circle class="ce-mark" data-id="{esc(event.id)}" '
                   f'data-sources="{len(event.sources)}" cx="{cx:.1f}" cy="{cy:.1f}" r="{radius:.1f}" '
                   f'fill="{TYPE_COLOURS[event.event_type]}" fill-opacity="0.8"><title>{esc(tip)}</title></circle></a>')
    out.append("</svg>")
    return "\n".join(out)


def consolidated_body(events: Sequence[Consolidated], page_of: Callable[[str], str]) -> str:
    """The page body: the timeline and a table with a link to each source report's document page."""
    rows, attrs = [], []
    for event in events:
        links = ", ".join(f'<a href="docs/{esc(page_of(doc))}#ev-{esc(ev)}">{esc(doc)}#{esc(ev)}</a>'
                          for doc, ev in event.sources)
        rows.append([esc(event.date_value), esc(event.event_type), str(len(event.sources)), esc(event.location),
                     esc(", ".join(event.participants[:6])), links])
        attrs.append(f'id="{esc(event.id)}" class="ce-row"')
    n_sources = sum(len(e.sources) for e in events)
    return (f"<h1>Consolidated events</h1><p class=\"meta\">{len(events)} dated real events from {n_sources} "
            f"reports. A mark's size grows with its number of sources; click it for its row, where each "
            f"source links to its article.</p>{legend()}<div class=\"timeline\">{timeline_svg(events)}</div>"
            + table(["date", "type", "sources", "location", "participants", "source reports"], rows,
                    cls="grid consolidated", row_attrs=attrs))


def consolidated_page(events: Sequence[Consolidated], page_of: Callable[[str], str],
                      nav: Sequence[tuple[str, str]]) -> str:
    return page("consolidated events · caspianie", consolidated_body(events, page_of), list(nav))

