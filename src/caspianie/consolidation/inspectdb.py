"""``caspianie inspect DB``: a summary of a consolidation database, or its consolidated events
selected with the same filters as for record folders."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Optional, Sequence

SQLITE_MAGIC = b"SQLite format 3\x00"


def is_database(path: str | Path) -> bool:
    """Whether ``path`` is an SQLite file (rather than a record file or folder)."""
    p = Path(path)
    if not p.is_file():
        return False
    with p.open("rb") as handle:
        return handle.read(16) == SQLITE_MAGIC


def summary(conn: sqlite3.Connection) -> str:
    """Row counts of every table and the most reported consolidated events."""
    lines = ["table                              rows"]
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'events_fts_%' "
                                "AND name NOT LIKE 'sqlite_%' ORDER BY name"):
        lines.append(f"{name:32} {conn.execute(f'SELECT COUNT(*) FROM [{name}]').fetchone()[0]:>6}")
    lines += ["", "most reported consolidated events:"]
    for row in conn.execute("SELECT date_value, event_type, n_sources, location, participants FROM consolidated_events "
                            "ORDER BY n_sources DESC, date_value, id LIMIT 10"):
        keys = ", ".join(p["key"] for p in json.loads(row[4] or "[]")[:4])
        lines.append(f"  {row[0] or 'undated':22} {row[1]:14} {row[2]:>3} sources  {row[3] or '':12} {keys}")
    return "\n".join(lines)


def select_events(conn: sqlite3.Connection, event_types: Sequence[str], actors: Sequence[str], since: Optional[str],
                  until: Optional[str], search: Optional[str]) -> str:
    """An aligned table of consolidated events matching every given filter (a repeated one: any value)."""
    where, params = ["1 = 1"], []
    if event_types:
        where.append(f"c.event_type IN ({','.join('?' * len(event_types))})")
        params += list(event_types)
    if actors:
        where.append(f"c.id IN (SELECT consolidated_id FROM consolidated_event_participants WHERE key IN "
                     f"({','.join('?' * len(actors))}) OR country IN ({','.join('?' * len(actors))}))")
        params += list(actors) * 2
    if since:
        where.append("c.date_value >= ?")
        params.append(since)
    if until:
        where.append("substr(c.date_value, 1, ?) <= ?")
        params += [len(until), until]
    if search:
        where.append("c.id IN (SELECT s.consolidated_id FROM consolidated_event_sources s JOIN events_fts f "
                     "ON f.rowid = (SELECT rowid FROM events e WHERE e.doc_id = s.doc_id AND e.id = s.event_id) "
                     "WHERE events_fts MATCH ?)")
        params.append(search)
    rows = conn.execute(f"SELECT c.date_value, c.event_type, c.n_sources, c.location, c.participants, c.id "
                        f"FROM consolidated_events c WHERE {' AND '.join(where)} ORDER BY c.date_value IS NULL, "
                        f"c.date_value, c.id", params).fetchall()
    lines = [f"{'date':22} {'type':14} {'src':>3}  {'location':14} participants"]
    for row in rows:
        keys = ", ".join(p["key"] for p in json.loads(row[4] or "[]"))
        lines.append(f"{row[0] or 'undated':22} {row[1]:14} {row[2]:>3}  {(row[3] or '')[:14]:14} {keys[:70]}")
    lines.append(f"{len(rows)} consolidated events")
    return "\n".join(lines)
