"""A timeline of dated events as an inline SVG drawn from records (no plotting library).

Time runs left to right; each event type has its own lane and colour. A day is a
dot; a month, a year or a range is a bar over the days it covers. Every mark is
a link to the event on its document page and carries a ``<title>`` tooltip that
describes the record. Marks that would overlap in a lane go to a new row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable, Iterable, Sequence

from caspianie.review.html import TYPE_COLOURS, esc
from caspianie.review.inspection import date_span
from caspianie.contract.records import EVENT_TYPES, EventRecord

WIDTH = 1160
LEFT = 130
RIGHT = 20
TOP = 28
ROW = 16
LANE_GAP = 10
DOT = 5
MIN_BAR = 6


@dataclass
class Mark:
    """One dated event placed on the timeline."""

    event: EventRecord
    start: date
    end: date
    x0: float = 0.0
    x1: float = 0.0
    row: int = 0


def dated_events(events: Iterable[EventRecord]) -> list[Mark]:
    """Events with a date value, as marks sorted by start day (undated events are left out)."""
    marks = []
    for event in events:
        if event.date is not None and event.date.value is not None:
            start, end = date_span(event.date.value)
            marks.append(Mark(event, start, end))
    return sorted(marks, key=lambda m: (m.start, m.end, m.event.doc_id, m.event.id))


def _year_range(marks: Sequence[Mark]) -> tuple[int, int]:
    """The first and one-past-last year on the axis."""
    return min(m.start.year for m in marks), max(m.end.year for m in marks) + 1


def _tick_step(years: int) -> int:
    """A round number of years between axis labels, about a dozen labels at most."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100):
        if years / step <= 12:
            return step
    return 200


def _place(marks: Sequence[Mark], x: Callable[[date], float]) -> None:
    """Set each mark's extent and give it the first row of its lane where it does not overlap."""
    last_end: dict[tuple[str, int], float] = {}
    for mark in marks:
        mark.x0 = x(mark.start)
        mark.x1 = max(x(mark.end), mark.x0 + MIN_BAR) if mark.start != mark.end else mark.x0
        lane = mark.event.event_type
        row = 0
        while last_end.get((lane, row), -1e9) > mark.x0 - DOT - 1:
            row += 1
        mark.row = row
        last_end[(lane, row)] = mark.x1 + DOT


def describe(event: EventRecord) -> str:
    """The tooltip text of a mark: the record in one line."""
    when = f"{event.date.value} ({event.date.text})" if event.date else "undated"
    parts = [f"{event.event_type} {event.id} · {event.doc_id}", when]
    if event.location:
        parts.append(f"at {event.location}")
    if event.participants:
        parts.append("with " + ", ".join(event.participants))
    parts.append(f"trigger: {event.trigger}")
    return " | ".join(parts)


def timeline_svg(events: Iterable[EventRecord], href: Callable[[EventRecord], str]) -> str:
    """The SVG markup (one ``.tl-mark`` per dated event); ``href`` links a mark to its page."""
    marks = dated_events(events)
    if not marks:
        return '<p class="meta">no dated events</p>'
    first, last = _year_range(marks)
    origin, span = date(first, 1, 1).toordinal(), date(last, 1, 1).toordinal() - date(first, 1, 1).toordinal()
    scale = (WIDTH - LEFT - RIGHT) / span

    def x(day: date) -> float:
        return LEFT + (day.toordinal() - origin) * scale

    _place(marks, x)
    lanes = [t for t in EVENT_TYPES if any(m.event.event_type == t for m in marks)]
    rows = {t: 1 + max(m.row for m in marks if m.event.event_type == t) for t in lanes}
    tops, y = {}, TOP
    for lane in lanes:
        tops[lane] = y
        y += rows[lane] * ROW + LANE_GAP
    height = y + 24
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
           f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label="timeline of dated events">']
    out += _axis(first, last, x, height)
    for lane in lanes:
        band = rows[lane] * ROW
        out.append(f'<rect x="{LEFT}" y="{tops[lane] - 2}" width="{WIDTH - LEFT - RIGHT}" height="{band + 4}" '
                   f'fill="{TYPE_COLOURS[lane]}" fill-opacity="0.07"/>')
        out.append(f'<text x="{LEFT - 8}" y="{tops[lane] + band / 2 + 4}" text-anchor="end" '
                   f'font-size="12">{esc(lane)}</text>')
    for mark in marks:
        out.append(_mark(mark, tops[mark.event.event_type], href(mark.event)))
    out.append("</svg>")
    return "\n".join(out)


def _axis(first: int, last: int, x: Callable[[date], float], height: int) -> list[str]:
    """Year gridlines and labels along the top."""
    step = _tick_step(last - first)
    out = []
    for year in range(first - first % step, last + 1, step):
        if year < first:
            continue
        pos = x(date(year, 1, 1))
        out.append(f'<line x1="{pos:.1f}" y1="{TOP - 10}" x2="{pos:.1f}" y2="{height - 20}" stroke="#ccc"/>')
        out.append(f'<text x="{pos:.1f}" y="{TOP - 14}" text-anchor="middle" font-size="11">{year}</text>')
    return out


def _mark(mark: Mark, lane_top: float, link: str) -> str:
    """One event: a dot (a day) or a bar (a month, a year or a range) inside a link."""
    event = mark.event
    colour = TYPE_COLOURS[event.event_type]
    cy = lane_top + mark.row * ROW + ROW / 2
    data = (f'class="tl-mark" data-doc="{esc(event.doc_id)}" data-id="{esc(event.id)}" '
            f'data-type="{esc(event.event_type)}" data-date="{esc(event.date.value if event.date else "")}" '
            f'fill="{colour}"')
    if mark.start == mark.end:
        shape = f'<circle {data} cx="{mark.x0:.1f}" cy="{cy:.1f}" r="{DOT}">'
        close = "</circle>"
    else:
        shape = (f'<rect {data} x="{mark.x0:.1f}" y="{cy - 4:.1f}" width="{mark.x1 - mark.x0:.1f}" '
                 f'height="8" rx="3">')
        close = "</rect>"
    return f'<a href="{esc(link)}">{shape}<title>{esc(describe(event))}</title>{close}</a>'


def legend() -> str:
    """The colour key of event types, as HTML."""
    return '<p class="legend">' + "".join(
        f'<span><span class="swatch" style="background:{colour}"></span>{esc(name)}</span>'
        for name, colour in TYPE_COLOURS.items()) + "</p>"
