"""The consolidated tables' schema, and actor profiles: one row per canonical actor key."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any, Iterable

import sqlite_utils

CONSOLIDATED: dict[str, tuple[dict[str, Any], Any, list[list[str]]]] = {
    "consolidated_events": ({"id": str, "partition": str, "event_type": str, "date_value": str,
                             "date_granularity": str, "date_conflicts": str, "location": str, "locations": str,
                             "participants": str, "agreements": str, "projects": str, "n_sources": int,
                             "n_documents": int, "cameo": str, "plover": str, "plover_mode": str}, "id",
                            [["partition"], ["event_type", "date_value"]]),
    "consolidated_event_sources": ({"consolidated_id": str, "doc_id": str, "event_id": str, "partition": str,
                                    "date_value": str, "date_granularity": str, "date_basis": str, "location": str,
                                    "trigger": str, "evidence_text": str, "agreed": str}, None,
                                   [["consolidated_id"], ["partition"], ["doc_id", "event_id"]]),
    "consolidated_event_participants": ({"consolidated_id": str, "key": str, "country": str, "reports": int}, None,
                                        [["consolidated_id"], ["key"], ["country"]]),
    "consolidated_agreements": ({"id": str, "name": str, "name_variants": str, "kind": str, "date_value": str,
                                 "date_conflicts": str, "place": str, "parties": str, "status": str,
                                 "status_history": str, "n_sources": int, "sources": str}, "id", []),
    "consolidated_agreement_sources": ({"consolidated_id": str, "doc_id": str, "key": str, "name": str,
                                        "date_value": str, "status": str, "agreed": str}, None,
                                       [["consolidated_id"], ["doc_id", "key"]]),
    "merge_links": ({"kind": str, "consolidated_id": str, "source": str, "agreed": str, "score": float}, None,
                    [["consolidated_id"], ["source"]]),
    "actor_profiles": ({"key": str, "name": str, "kind": str, "country": str, "names": str, "aliases": str,
                        "roles": str, "documents": str, "n_documents": int, "events": str, "n_events": int}, "key", []),
}


def create_consolidated(db: sqlite_utils.Database) -> None:
    """Create the consolidated tables and their indexes if they are missing."""
    for name, (columns, pk, _indexes) in CONSOLIDATED.items():
        if not db[name].exists():
            db[name].create(columns, pk=pk)
    create_indexes(db, CONSOLIDATED)


def drop_indexes(db: sqlite_utils.Database, tables: Iterable[str]) -> None:
    """Drop the secondary indexes of some consolidated tables (before a bulk write: building an
    index once is much cheaper than keeping it up to date over a million inserts of random keys)."""
    with db.conn:
        for name in tables:
            wanted = {tuple(index) for index in CONSOLIDATED[name][2]}
            for index in db[name].indexes:
                if tuple(index.columns) in wanted and not index.name.startswith("sqlite_autoindex"):
                    db.execute(f"DROP INDEX [{index.name}]")


def create_indexes(db: sqlite_utils.Database, tables: Iterable[str]) -> None:
    """Create the secondary indexes of some consolidated tables that are missing."""
    for name in tables:
        existing = {tuple(index.columns) for index in db[name].indexes}
        for index in CONSOLIDATED[name][2]:
            if tuple(index) not in existing:
                db[name].create_index(index)


def _most(counter: Counter) -> Any:
    return min(counter, key=lambda v: (-counter[v], str(v))) if counter else None


def profile(key: str, actors: list[dict[str, Any]], events: list[str]) -> dict[str, Any]:
    """One actor's profile from its actor rows (with their document's reference date) and its event ids."""
    names = Counter(a["name"] for a in actors)
    aliases = sorted({alias for a in actors for alias in json.loads(a["aliases"] or "[]")} - set(names))
    roles: dict[str, dict[str, Any]] = {}
    for actor in actors:
        for role in json.loads(actor["roles"] or "[]"):
            entry = roles.setdefault(role, {"role": role, "first_seen": None, "last_seen": None, "documents": 0})
            entry["documents"] += 1
            seen = actor["reference_date"]
            if seen:
                entry["first_seen"] = min(filter(None, [entry["first_seen"], seen]))
                entry["last_seen"] = max(filter(None, [entry["last_seen"], seen]))
    documents = sorted({a["doc_id"] for a in actors})
    return {"key": key, "name": _most(names) or key, "kind": _most(Counter(a["kind"] for a in actors)),
            "country": _most(Counter(a["country"] for a in actors if a["country"])),
            "names": sorted(names), "aliases": aliases,
            "roles": sorted(roles.values(), key=lambda r: (r["first_seen"] or "", r["role"])),
            "documents": documents, "n_documents": len(documents), "events": events, "n_events": len(events)}


def actor_profiles(db: sqlite_utils.Database, keys: Iterable[str]) -> int:
    """Rewrite the profiles of ``keys``; returns how many were written."""
    rows = []
    for key in sorted(set(keys)):
        actors = list(db.query("SELECT a.*, d.reference_date FROM actors a JOIN documents d ON d.doc_id = a.doc_id "
                               "WHERE a.key = ?", [key]))
        events = sorted({r["consolidated_id"] for r in db.query(
            "SELECT consolidated_id FROM consolidated_event_participants WHERE key = ?", [key])})
        db.execute("DELETE FROM actor_profiles WHERE key = ?", [key])
        if actors or events:
            rows.append(profile(key, actors, events))
    with db.conn:
        db["actor_profiles"].insert_all(rows, batch_size=1000, replace=True)
    return len(rows)
