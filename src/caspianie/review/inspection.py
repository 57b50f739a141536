"""Read records back: select them with combinable filters, sort, summarise and format.

Everything here works on validated records (``refcheck.load_documents``), never
on spaCy objects, so it applies to predictions and gold alike. The click layer
(``cli/inspect.py``) only parses options and prints what these functions return.
"""

from __future__ import annotations

import calendar
import csv
import difflib
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable, Optional, Sequence

from caspianie.contract.datevalues import granularity_of, point_days
from caspianie.errors import CaspianieError
from caspianie.normalize import counted
from caspianie.evaluation.evalreport import align
from caspianie.contract.records import (
    RECORD_ORDER,
    ActorRecord,
    AgreementRecord,
    Date,
    DocumentRecord,
    EventRecord,
    ProjectRecord,
    Record,
    dump_record,
)

Span = tuple[date, date]
COLUMNS = ("doc_id", "type", "key", "name", "kind", "date", "place", "actors")
"""``name``: the name, title or trigger text; ``kind``: the actor, project or agreement kind or the event type."""
CELL_WIDTH = 48


class InspectError(CaspianieError):
    """A filter value that cannot be used (for example a bad ISO date)."""


# --- dates ---------------------------------------------------------------------------------


def _point_span(text: str) -> Span:
    """The first and last day a partial ISO date (``2024``, ``2024-03``, ``2024-03-12``) covers."""
    parts = [int(p) for p in text.split("-")]
    year = parts[0]
    if len(parts) == 1:
        return date(year, 1, 1), date(year, 12, 31)
    month = parts[1]
    if len(parts) == 2:
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    day = date(year, month, parts[2])
    return day, day


def date_span(value: str) -> Span:
    """The days a date value covers (ISO, or a week, quarter, ... value as
    ``contract.datevalues`` writes it); a range ``a/b`` runs from a's first to b's last day.

    Raises ``ValueError`` for text that is no such value.
    """
    pieces = value.split("/")
    if len(pieces) > 2 or not all(_looks_iso(p) or _is_period(p) for p in pieces):
        raise ValueError(f"'{value}' is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
    try:
        first, last = _point_days(pieces[0]), _point_days(pieces[-1])
    except ValueError as err:
        raise ValueError(f"'{value}' is not a valid date ({err})") from None
    return first[0], last[1]


def _is_period(text: str) -> bool:
    """Whether ``text`` is a week, quarter, half, season, decade or century value (``1998-Q3``)."""
    try:
        return granularity_of(text) not in ("day", "month", "year")
    except ValueError:
        return False


def _point_days(text: str) -> Span:
    return _point_span(text) if _looks_iso(text) else point_days(text)


def _looks_iso(text: str) -> bool:
    """Whether ``text`` has the shape YYYY, YYYY-MM or YYYY-MM-DD (values checked by ``date``)."""
    parts = text.split("-")
    return (len(parts) in (1, 2, 3) and len(parts[0]) == 4
            and all(p.isdigit() for p in parts) and all(len(p) == 2 for p in parts[1:]))


def parse_bound(option: str, value: Optional[str]) -> Optional[Span]:
    """A ``--since``/``--until`` value as a span; raise ``InspectError`` naming the option."""
    if value is None:
        return None
    try:
        if not all(_looks_iso(p) for p in value.split("/")):  # a bound is written in ISO, never "19"
            raise ValueError(f"'{value}' is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
        return date_span(value)
    except ValueError as err:
        raise InspectError(f"{option}: {err}") from None


def record_date(record: Record) -> Optional[Date]:
    """The date of an event or agreement (None for other types and undated records)."""
    if isinstance(record, (EventRecord, AgreementRecord)):
        return record.date
    return None


def record_span(record: Record) -> Optional[Span]:
    """The days a record's date covers, or None when it has no usable date value."""
    found = record_date(record)
    if found is None or found.value is None:
        return None
    return date_span(found.value)


# --- selection -----------------------------------------------------------------------------


def involved_keys(record: Record) -> set[str]:
    """Actor keys a record involves: an actor itself, an event's participants, an
    agreement's parties, a project's countries."""
    if isinstance(record, ActorRecord):
        return {record.key}
    if isinstance(record, EventRecord):
        return set(record.participants)
    if isinstance(record, AgreementRecord):
        return set(record.parties)
    if isinstance(record, ProjectRecord):
        return set(record.countries)
    return set()


def _strings(value: Any) -> Iterable[str]:
    """Every string inside a JSON-like value (dict values, list items)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def matches_text(record: Record, needle: str) -> bool:
    """Case-insensitive substring search over every string value of the record."""
    wanted = needle.casefold()
    return any(wanted in text.casefold() for text in _strings(record.model_dump(mode="json")))


@dataclass
class Filters:
    """Record filters; every one given must hold (they combine with AND).

    ``since``/``until`` keep dated events and agreements whose date span overlaps
    ``[since.start, ...)`` and ``(..., until.end]``: ``--since 2024-03`` keeps
    ``2024`` (a year that includes March) and ``2024-03-12``.
    """

    docs: Sequence[str] = ()
    types: Sequence[str] = ()
    actors: Sequence[str] = ()
    event_types: Sequence[str] = ()
    since: Optional[Span] = None
    until: Optional[Span] = None
    search: Optional[str] = None

    @property
    def active(self) -> bool:
        """Whether any filter is set."""
        return bool(self.docs or self.types or self.actors or self.event_types
                    or self.since or self.until or self.search)

    def keep(self, record: Record) -> bool:
        """Whether ``record`` passes every filter."""
        if self.docs and record.doc_id not in self.docs:
            return False
        if self.types and record.type not in self.types:
            return False
        if self.event_types and not (isinstance(record, EventRecord) and record.event_type in self.event_types):
            return False
        if self.actors and not involved_keys(record) & set(self.actors):
            return False
        if (self.since or self.until) and not self._in_range(record):
            return False
        return not self.search or matches_text(record, self.search)

    def _in_range(self, record: Record) -> bool:
        span = record_span(record)
        if span is None:
            return False
        if self.since is not None and span[1] < self.since[0]:
            return False
        return self.until is None or span[0] <= self.until[1]


def sort_key(record: Record) -> tuple[Any, ...]:
    """Non-event records by document and type; then events by date start, undated last."""
    if isinstance(record, EventRecord):
        span = record_span(record)
        return (1, 0 if span else 1, span or (date.min, date.min), record.doc_id, record.id)
    return (0, record.doc_id, RECORD_ORDER[record.type])


def select(documents: dict[str, list[Record]], filters: Filters) -> list[Record]:
    """The records that pass ``filters``, sorted by ``sort_key`` (stable within a document)."""
    chosen = [record for records in documents.values() for record in records if filters.keep(record)]
    return sorted(chosen, key=sort_key)


def check_known(documents: dict[str, list[Record]], filters: Filters) -> None:
    """Raise ``InspectError`` for a ``--doc`` or ``--actor`` value no record has, naming the nearest keys."""
    actors = {key for records in documents.values() for record in records for key in involved_keys(record)}
    for option, values, known in (("--doc", filters.docs, set(documents)), ("--actor", filters.actors, actors)):
        for value in values:
            if value not in known:
                near = nearest(value, known)
                hint = f"did you mean {', '.join(near)}?" if near else "list them with --type " + (
                    "document" if option == "--doc" else "actor")
                raise InspectError(f"{option} {value}: no record has this key; {hint}")


def nearest(value: str, known: Iterable[str], count: int = 3) -> list[str]:
    """Known keys close to ``value``: those containing it as a part (``putin`` ->
    ``vladimir-putin``), then the most similar spellings."""
    wanted = value.casefold()
    keys = sorted(known)
    found = sorted((k for k in keys if wanted in k.casefold()), key=lambda k: (len(k), k))[:count]
    for key in difflib.get_close_matches(wanted, keys, count, cutoff=0.7):
        if key not in found and len(found) < count:
            found.append(key)
    return found


# --- summary -------------------------------------------------------------------------------


@dataclass
class Summary:
    """Counts of a set of records: what ``caspianie inspect`` prints without filters."""

    documents: int = 0
    by_type: Counter = field(default_factory=Counter)
    events_by_year_type: dict[str, Counter] = field(default_factory=dict)
    actor_mentions: Counter = field(default_factory=Counter)
    actor_docs: dict[str, set] = field(default_factory=dict)
    actor_events: Counter = field(default_factory=Counter)
    actor_names: dict[str, str] = field(default_factory=dict)


def summarize(records: Iterable[Record]) -> Summary:
    """Count documents, records by type, events by year and type, and actor activity."""
    summary = Summary()
    docs: set[str] = set()
    for record in records:
        docs.add(record.doc_id)
        summary.by_type[record.type] += 1
        if isinstance(record, ActorRecord):
            summary.actor_names.setdefault(record.key, record.name)
            summary.actor_mentions[record.key] += max(1, len(record.mentions))
            summary.actor_docs.setdefault(record.key, set()).add(record.doc_id)
        elif isinstance(record, EventRecord):
            value = record.date.value if record.date is not None else None
            year = value[:4] if value else "undated"
            summary.events_by_year_type.setdefault(year, Counter())[record.event_type] += 1
            for key in set(record.participants):
                summary.actor_events[key] += 1
    summary.documents = len(docs)
    return summary


def format_summary(summary: Summary, top: int = 10) -> str:
    """The summary as aligned plain-text tables."""
    lines = [f"documents: {summary.documents}", ""]
    type_rows = [("record type", "count")]
    type_rows += [(name, str(summary.by_type[name])) for name in RECORD_ORDER if summary.by_type[name]]
    lines += align(type_rows) + [""]
    lines += _event_matrix(summary.events_by_year_type) + [""]
    actor_rows = [("actor", "mentions", "docs", "events", "name")]
    for key, count in summary.actor_mentions.most_common(top):
        actor_rows.append((key, str(count), str(len(summary.actor_docs[key])),
                           str(summary.actor_events[key]), summary.actor_names[key]))
    if len(actor_rows) > 1:
        aligned = align(row[:4] for row in actor_rows)
        lines.append(f"most frequent actors (top {top} by mentions)")
        lines += [f"{left}  {row[4]}" for left, row in zip(aligned, actor_rows)]
    return "\n".join(lines).rstrip()


def _event_matrix(by_year: dict[str, Counter]) -> list[str]:
    """Rows: years (undated last); columns: the event types that occur, and a total."""
    if not by_year:
        return ["events: none"]
    types = sorted({t for counts in by_year.values() for t in counts})
    years = sorted(by_year, key=lambda y: (y == "undated", y))
    rows = [("events by year", *types, "total")]
    for year in years:
        counts = by_year[year]
        rows.append((year, *(str(counts[t]) if counts[t] else "." for t in types), str(sum(counts.values()))))
    totals = [sum(by_year[y][t] for y in years) for t in types]
    rows.append(("total", *(str(n) for n in totals), str(sum(totals))))
    return align(rows)


# --- rows: table, CSV, JSONL ---------------------------------------------------------------


def record_row(record: Record) -> dict[str, str]:
    """One flat row (``COLUMNS``) describing a record of any type."""
    row = dict.fromkeys(COLUMNS, "")
    row.update(doc_id=record.doc_id, type=record.type)
    found = record_date(record)
    row["date"] = (found.value or f"({found.text})") if found is not None else ""
    if isinstance(record, DocumentRecord):
        row.update(key=record.doc_id, name=record.title or "", kind="document")
        ref = record.reference_date
        row["date"] = (ref.value or "") if ref is not None else ""
    elif isinstance(record, EventRecord):
        row.update(key=record.id, name=record.trigger, kind=record.event_type,
                   place=record.location or "", actors=" ".join(record.participants))
    elif isinstance(record, AgreementRecord):
        row.update(key=record.key, name=record.name, kind=record.kind,
                   place=record.place or "", actors=" ".join(record.parties))
    elif isinstance(record, ProjectRecord):
        row.update(key=record.key, name=record.name, kind=record.kind, actors=" ".join(record.countries))
    elif isinstance(record, ActorRecord):
        row.update(key=record.key, name=record.name, kind=record.kind, actors=record.country or "")
    return row


def _clip(text: str, width: int) -> str:
    """One line of at most ``width`` characters, ending with an ellipsis when cut."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def align_left(rows: Sequence[Sequence[str]]) -> list[str]:
    """Left-align every column, padded to its widest cell and separated by two spaces."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]


def format_table(records: Sequence[Record], width: int = CELL_WIDTH) -> str:
    """The records as an aligned table; long cells are clipped to ``width`` characters."""
    if not records:
        return "no records match"
    rows = [COLUMNS] + [tuple(_clip(record_row(r)[c], width) for c in COLUMNS) for r in records]
    return "\n".join(align_left(rows) + ["", counted(len(records), "record")])


def format_csv(records: Sequence[Record]) -> str:
    """The records as CSV with a header row (full cell values, no clipping)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow(record_row(record))
    return buffer.getvalue()


def format_jsonl(records: Sequence[Record]) -> str:
    """The records as JSONL, one contract record per line (extra fields kept)."""
    return "".join(dump_record(record) + "\n" for record in records)
