"""The database: the tables as extracted, and reading record folders into them.

``ingest`` streams record files through the contract wing (validated, grouped
by document, checked with ``refcheck``) and replaces the rows of every document
whose records changed; unchanged documents (same fingerprint) are skipped, so a
second run over the same folders writes nothing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

import sqlite_utils

from caspianie.contract.records import Record, dump_record, record_files
from caspianie.contract.refcheck import load_documents
from caspianie.errors import CaspianieError

EXTRACTED = ("documents", "actors", "projects", "agreements", "events", "mentions")
SCHEMA: dict[str, tuple[dict[str, Any], Any]] = {
    "documents": ({"doc_id": str, "input": str, "fingerprint": str, "source": str, "sha256": str, "title": str,
                   "reference_date": str, "n_chars": int, "n_sentences": int, "pipeline": str}, "doc_id"),
    "actors": ({"doc_id": str, "key": str, "name": str, "kind": str, "country": str, "aliases": str, "roles": str,
                "n_mentions": int}, ("doc_id", "key")),
    "projects": ({"doc_id": str, "key": str, "name": str, "kind": str, "aliases": str, "countries": str,
                  "n_mentions": int}, ("doc_id", "key")),
    "agreements": ({"doc_id": str, "key": str, "name": str, "kind": str, "parties": str, "date_text": str,
                    "date_value": str, "place": str, "status": str}, ("doc_id", "key")),
    "events": ({"doc_id": str, "id": str, "event_type": str, "partition": str, "date_text": str, "date_value": str,
                "date_granularity": str, "date_basis": str, "location": str, "participants": str, "agreements": str,
                "projects": str, "trigger": str, "evidence_text": str, "evidence_start": int, "evidence_end": int,
                "cameo": str, "plover": str, "plover_mode": str}, ("doc_id", "id")),
    "mentions": ({"doc_id": str, "record_type": str, "record_key": str, "text": str, "start": int, "end": int}, None),
}
INDEXES = {"events": [["partition"], ["event_type", "date_value"]], "mentions": [["doc_id"], ["record_key"]],
           "actors": [["key"]], "agreements": [["date_value"]]}
BATCH = 2000


def insert_rows(db: sqlite_utils.Database, table: str, rows: list[dict[str, Any]], replace: bool = False) -> None:
    """Insert rows into an existing table in one ``executemany`` (lists and dicts stored as JSON):
    sqlite-utils' per-value conversion costs more than the insert itself at a million rows."""
    if not rows:
        return
    columns = list(rows[0])
    verb = "INSERT OR REPLACE" if replace else "INSERT"
    sql = f"{verb} INTO [{table}] ({', '.join(f'[{c}]' for c in columns)}) VALUES ({', '.join('?' * len(columns))})"
    db.conn.executemany(sql, ([json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v
                               for v in (row[c] for c in columns)] for row in rows))


def partition_of(event_type: str, date_value: str | None) -> str:
    """The block an event is matched in: its type and the year its date starts, or ``undated``."""
    return f"{event_type}:{date_value[:4] if date_value else 'undated'}"


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) a consolidation database with the extracted tables.

    A new database gets its secondary indexes and full-text index only after the
    first load (``finish_schema``): building them once is much cheaper than
    maintaining them row by row over a million inserts.
    """
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA cache_size=-262144")  # 256 MiB of pages: block reads stay in memory at a million events
    for name, (columns, pk) in SCHEMA.items():
        if not db[name].exists():
            db[name].create(columns, pk=pk)
    return db


def finish_schema(db: sqlite_utils.Database) -> None:
    """Create the secondary indexes and the full-text index (with its triggers) if missing."""
    for name, indexes in INDEXES.items():
        existing = {tuple(index.columns) for index in db[name].indexes}
        for index in indexes:
            if tuple(index) not in existing:
                db[name].create_index(index)
    if not db["events_fts"].exists():
        db["events"].enable_fts(["evidence_text", "trigger"], create_triggers=True)


def fingerprint(records: Iterable[Record]) -> str:
    """A hash of a document's records that does not depend on their order."""
    digest = hashlib.sha256()
    for line in sorted(dump_record(r) for r in records):
        digest.update(line.encode("utf-8"))
    return digest.hexdigest()


def _date(record: Any) -> tuple[Any, Any, Any, Any]:
    date = getattr(record, "date", None)
    if date is None:
        return None, None, None, None
    return date.text, date.value, date.granularity, getattr(date, "basis", None)


def _mentions(record: Any, key: str) -> list[dict[str, Any]]:
    return [{"doc_id": record.doc_id, "record_type": record.type, "record_key": key, "text": m.text,
             "start": m.start, "end": m.end} for m in (getattr(record, "mentions", None) or [])]


def rows_of(records: list[Record], input_path: str) -> dict[str, list[dict[str, Any]]]:
    """The rows of every extracted table for one document's records."""
    out: dict[str, list[dict[str, Any]]] = {name: [] for name in EXTRACTED}
    doc_id = records[0].doc_id
    document = next((r for r in records if r.type == "document"), None)
    out["documents"].append({
        "doc_id": doc_id, "input": input_path, "fingerprint": fingerprint(records),
        "source": getattr(document, "source", None), "sha256": getattr(document, "sha256", None),
        "title": getattr(document, "title", None),
        "reference_date": document.reference_date.value if document and document.reference_date else None,
        "n_chars": getattr(document, "n_chars", None), "n_sentences": getattr(document, "n_sentences", None),
        "pipeline": json.dumps(document.pipeline.model_dump()) if document else None})
    for r in records:
        if r.type == "actor":
            out["actors"].append({"doc_id": doc_id, "key": r.key, "name": r.name, "kind": r.kind, "country": r.country,
                                  "aliases": r.aliases, "roles": r.roles, "n_mentions": len(r.mentions)})
            out["mentions"] += _mentions(r, r.key)
        elif r.type == "project":
            out["projects"].append({"doc_id": doc_id, "key": r.key, "name": r.name, "kind": r.kind,
                                    "aliases": r.aliases, "countries": r.countries, "n_mentions": len(r.mentions)})
            out["mentions"] += _mentions(r, r.key)
        elif r.type == "agreement":
            text, value, _granularity, _basis = _date(r)
            out["agreements"].append({"doc_id": doc_id, "key": r.key, "name": r.name, "kind": r.kind,
                                      "parties": r.parties, "date_text": text, "date_value": value,
                                      "place": r.place, "status": r.status})
            out["mentions"] += _mentions(r, r.key)
        elif r.type == "event":
            text, value, granularity, basis = _date(r)
            extra = r.model_extra or {}
            out["events"].append({
                "doc_id": doc_id, "id": r.id, "event_type": r.event_type, "partition": partition_of(r.event_type, value),
                "date_text": text, "date_value": value, "date_granularity": granularity, "date_basis": basis,
                "location": r.location, "participants": r.participants, "agreements": r.agreements,
                "projects": r.projects, "trigger": r.trigger,
                "evidence_text": r.evidence.text.strip() if r.evidence else None,
                "evidence_start": r.evidence.start if r.evidence else None,
                "evidence_end": r.evidence.end if r.evidence else None,
                "cameo": extra.get("cameo"), "plover": extra.get("plover"), "plover_mode": extra.get("plover_mode")})
    return out


def iter_documents(paths: Iterable[str | Path]) -> Iterator[tuple[str, list[Record], str]]:
    """(doc_id, records, input path) per document, one record file at a time (streaming).

    A document must lie in one file; the same doc_id in two files (or two inputs)
    is an error, since which of them is right cannot be known.
    """
    seen: dict[str, Path] = {}
    for path in paths:
        for file in record_files(path):
            for doc_id, records in load_documents(file).items():
                if doc_id in seen:
                    raise CaspianieError(f"{file}: document '{doc_id}' is also in {seen[doc_id]}; "
                                         "give each document's records once")
                seen[doc_id] = file
                yield doc_id, records, str(path)


@dataclass
class Ingested:
    """What ``ingest`` changed: documents written and the blocks their old and new events were in."""

    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    partitions: set[str] = field(default_factory=set)


def _flush(db: sqlite_utils.Database, pending: dict[str, list[dict[str, Any]]], replaced: list[str]) -> None:
    with db.conn:
        for doc_ids in (replaced[i:i + 500] for i in range(0, len(replaced), 500)):
            marks = ",".join("?" * len(doc_ids))
            for name in EXTRACTED:
                db.execute(f"DELETE FROM [{name}] WHERE doc_id IN ({marks})", doc_ids)
        for name in EXTRACTED:
            insert_rows(db, name, pending[name])
    for rows in pending.values():
        rows.clear()
    replaced.clear()


def ingest(db: sqlite_utils.Database, paths: Iterable[str | Path]) -> Ingested:
    """Write the records of every new or changed document; report what changed."""
    known = {row["doc_id"]: row["fingerprint"] for row in db.query("SELECT doc_id, fingerprint FROM documents")}
    result = Ingested()
    pending: dict[str, list[dict[str, Any]]] = {name: [] for name in EXTRACTED}
    replaced: list[str] = []
    for doc_id, records, input_path in iter_documents(paths):
        rows = rows_of(records, input_path)
        if known.get(doc_id) == rows["documents"][0]["fingerprint"]:
            result.unchanged += 1
            continue
        if doc_id in known:
            replaced.append(doc_id)
            result.partitions.update(r["partition"] for r in db.query(
                "SELECT DISTINCT partition FROM events WHERE doc_id = ?", [doc_id]))
        result.changed.append(doc_id)
        result.partitions.update(e["partition"] for e in rows["events"])
        for name in EXTRACTED:
            pending[name] += rows[name]
        if len(pending["events"]) + len(pending["actors"]) >= 20 * BATCH:
            _flush(db, pending, replaced)
    _flush(db, pending, replaced)
    return result
