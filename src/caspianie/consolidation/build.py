"""``consolidate``: record folders in, an up-to-date consolidation database out.

Steps: ingest changed documents; re-cluster all agreements (few, cheap) with
stable ids; re-cluster only the event blocks (type, year) that changed, or whose
events name an instrument whose cluster changed; attach undated reports of the
affected types; rewrite the summary rows of the clusters touched and the actor
profiles of the keys involved. Blocks that did not change are not rebuilt.
"""

from __future__ import annotations

import gc
import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Optional

import sqlite_utils

from caspianie.consolidation import agreements as agreement_matching
from caspianie.consolidation import events as event_matching
from caspianie.consolidation import reattach
from caspianie.consolidation.blocks import attach_undated, cluster_id, run_blocks
from caspianie.consolidation.matching import MAX_BUCKET
from caspianie.consolidation.profiles import actor_profiles, create_consolidated, create_indexes, drop_indexes
from caspianie.consolidation.store import BATCH, Ingested, finish_schema, ingest, insert_rows, open_db

LIST_FIELDS = ("participants", "agreements", "projects")
# The tables the dated blocks write; on a full rebuild their secondary indexes are built after the writes.
EVENT_TABLES = ("consolidated_events", "consolidated_event_sources", "consolidated_event_participants", "merge_links")


@dataclass
class Consolidated:
    """What one run did, for the command's summary line."""

    documents: int
    unchanged: int
    blocks: int
    events: int
    agreements: int
    profiles: int

    def describe(self) -> str:
        return (f"{self.documents} documents written ({self.unchanged} unchanged), {self.blocks} event blocks "
                f"re-clustered; database: {self.events} consolidated events, {self.agreements} consolidated "
                f"agreements, {self.profiles} actor profiles")


def _rows(db: sqlite_utils.Database, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
    rows = list(db.query(sql, list(params)))
    for row in rows:
        for name in LIST_FIELDS + ("parties",):
            if isinstance(row.get(name), str):
                row[name] = json.loads(row[name])
    return rows


def countries_of_actors(db: sqlite_utils.Database) -> dict[str, str]:
    """Person or organization key -> the country most documents give it."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for row in db.query("SELECT key, country, COUNT(*) AS n FROM actors WHERE country IS NOT NULL GROUP BY key, country"):
        counts[row["key"]][row["country"]] = row["n"]
    return {key: min(c, key=lambda k: (-c[k], k)) for key, c in counts.items()}


def consolidate_agreements(db: sqlite_utils.Database) -> tuple[dict, set]:
    """Re-cluster every agreement: one year (of the date's start) at a time, then the second looks
    of ``reattach`` (lone conflicting dates, undated reports); returns (doc_id, key) -> id and the
    (doc_id, key) whose id changed."""
    old = {(r["doc_id"], r["key"]): r["consolidated_id"]
           for r in db.query("SELECT doc_id, key, consolidated_id FROM consolidated_agreement_sources")}
    weights = agreement_matching.Weights(agreement_matching.words(r["name"])
                                         for r in db.query("SELECT name FROM agreements"))
    years = [r["year"] for r in db.query("SELECT DISTINCT substr(date_value, 1, 4) AS year FROM agreements")]
    dated: list[Any] = []
    undated: list[Any] = []
    for year in sorted(years, key=lambda y: (y is None, y or "")):
        where = "date_value IS NULL" if year is None else "date_value >= ? AND date_value < ?"
        params = [] if year is None else [year, str(int(year) + 1)]
        instruments = agreement_matching.with_crowds(agreement_matching.instrument_of(r) for r in _rows(
            db, f"SELECT * FROM agreements WHERE {where}", params))
        if year is None:
            undated = instruments
        else:
            dated += agreement_matching.cluster_instruments(instruments, weights)
    mapping: dict[tuple[str, str], str] = {}
    with db.conn:
        for table in ("consolidated_agreements", "consolidated_agreement_sources"):
            db.execute(f"DELETE FROM [{table}]")
        db.execute("DELETE FROM merge_links WHERE kind = 'agreement'")
        for chunk in _chunks(reattach.settle(dated, undated, weights), BATCH):
            _write_instruments(db, chunk, mapping)
    changed = {ref for ref in set(old) | set(mapping) if old.get(ref) != mapping.get(ref)}
    return mapping, changed


def _write_instruments(db: sqlite_utils.Database, clusters: list[Any], mapping: dict) -> None:
    """Write the consolidated rows of some clusters of agreement records."""
    # The wanted keys go to a temporary table joined on the primary key: each row is read once.
    # (Reading whole documents by doc_id read every agreement of a document once per chunk its
    # clusters fell in, which grew with the number of chunks: superlinear at a million reports.)
    db.execute("CREATE TEMP TABLE IF NOT EXISTS wanted_agreements (doc_id TEXT, key TEXT)")
    db.execute("DELETE FROM temp.wanted_agreements")
    db.conn.executemany("INSERT INTO temp.wanted_agreements VALUES (?, ?)",
                        sorted({(m.doc_id, m.key) for cluster in clusters for m in cluster.members}))
    rows: dict[tuple[str, str], dict[str, Any]] = {(r["doc_id"], r["key"]): r for r in _rows(
        db, "SELECT a.* FROM temp.wanted_agreements w JOIN agreements a ON a.doc_id = w.doc_id AND a.key = w.key")}
    summaries, sources, links = [], [], []
    for cluster in clusters:
        refs = [m.ref for m in cluster.members]
        cid = cluster_id("ag", refs)
        members = [rows[(m.doc_id, m.key)] for m in cluster.members]
        summaries.append({"id": cid, **agreement_matching.summary(members), "sources": sorted(refs)})
        for member, row, agreed in zip(cluster.members, members, cluster.agreed):
            mapping[(member.doc_id, member.key)] = cid
            sources.append({"consolidated_id": cid, "doc_id": member.doc_id, "key": member.key, "name": row["name"],
                            "date_value": row["date_value"], "status": row["status"], "agreed": list(agreed)})
        links += [{"kind": "agreement", "consolidated_id": cid, "source": refs[i], "agreed": list(fields),
                   "score": round(score, 3)} for i, fields, score in cluster.links]
    insert_rows(db, "consolidated_agreements", summaries)
    insert_rows(db, "consolidated_agreement_sources", sources)
    insert_rows(db, "merge_links", links)


def _affected(db: sqlite_utils.Database, ingested: Ingested, changed_refs: set, rebuild: bool) -> set[str]:
    """Blocks to re-cluster: those of changed documents and of events naming a re-clustered instrument."""
    if rebuild:
        return {r["partition"] for r in db.query("SELECT DISTINCT partition FROM events")}
    blocks = set(ingested.partitions)
    by_doc: dict[str, set[str]] = defaultdict(set)
    for doc_id, key in changed_refs:
        by_doc[doc_id].add(key)
    for doc_id, keys in by_doc.items():
        for row in _rows(db, "SELECT partition, agreements FROM events WHERE doc_id = ?", [doc_id]):
            if keys & set(row["agreements"]):
                blocks.add(row["partition"])
    return blocks


def _drop_clusters(db: sqlite_utils.Database, where: str, params: list[Any]) -> set[str]:
    """Delete consolidated events selected by ``where`` and everything hanging on them; returns their ids."""
    ids = [r["id"] for r in db.query(f"SELECT id FROM consolidated_events WHERE {where}", params)]
    for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
        marks = ",".join("?" * len(chunk))
        for table in ("consolidated_event_sources", "consolidated_event_participants"):
            db.execute(f"DELETE FROM [{table}] WHERE consolidated_id IN ({marks})", chunk)
        db.execute(f"DELETE FROM merge_links WHERE kind = 'event' AND consolidated_id IN ({marks})", chunk)
        db.execute(f"DELETE FROM consolidated_events WHERE id IN ({marks})", chunk)
    return set(ids)


class EventWriter:
    """Builds the rows of a cluster from its member event rows and writes them in batches."""

    def __init__(self, db: sqlite_utils.Database, mapping: dict, country_of: dict[str, str]) -> None:
        self.db, self.mapping, self.country_of = db, mapping, country_of
        self.pending: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.keys: set[str] = set()

    def summarize(self, cid: str, partition: str, members: list[dict[str, Any]]) -> None:
        """The ``consolidated_events`` row and the participant rows of a cluster."""
        summary = event_matching.summary(members)
        agreements = Counter(self.mapping.get((m["doc_id"], k), f"{m['doc_id']}#{k}")
                             for m in members for k in set(m["agreements"]))
        codes = Counter((m["cameo"], m["plover"], m["plover_mode"]) for m in members)
        cameo, plover, mode = min(codes, key=lambda c: (-codes[c], str(c)))
        self.pending["consolidated_events"].append({
            "id": cid, "partition": partition, "event_type": members[0]["event_type"], **summary,
            "agreements": [{"id": a, "reports": n} for a, n in sorted(agreements.items(), key=lambda kv: (-kv[1], kv[0]))],
            "cameo": cameo, "plover": plover, "plover_mode": mode})
        for entry in summary["participants"]:
            self.keys.add(entry["key"])
            self.pending["consolidated_event_participants"].append({
                "consolidated_id": cid, "key": entry["key"], "country": self.country_of.get(entry["key"], entry["key"]),
                "reports": entry["reports"]})

    def sources(self, cid: str, members: list[dict[str, Any]], agreed: list[Any], links: list[dict[str, Any]]) -> None:
        """The source rows of reports joining a cluster, and why they joined."""
        for member, fields in zip(members, agreed):
            self.pending["consolidated_event_sources"].append({
                "consolidated_id": cid, "doc_id": member["doc_id"], "event_id": member["id"],
                "partition": member["partition"], "date_value": member["date_value"],
                "date_granularity": member["date_granularity"], "date_basis": member["date_basis"],
                "location": member["location"], "trigger": member["trigger"],
                "evidence_text": member["evidence_text"], "agreed": list(fields)})
        self.pending["merge_links"] += [{"kind": "event", "consolidated_id": cid, **link} for link in links]
        if len(self.pending["consolidated_event_sources"]) >= 10 * BATCH:
            self.flush()

    def write(self, partition: str, data: dict[str, Any], rows: dict[str, dict[str, Any]]) -> str:
        members = [rows[k] for k in data["members"]]
        cid = cluster_id("ev", data["members"])
        self.summarize(cid, partition, members)
        self.sources(cid, members, data["agreed"], data["links"])
        return cid

    def flush(self) -> None:
        with self.db.conn:
            for table, rows in self.pending.items():
                insert_rows(self.db, table, rows, replace=table == "consolidated_events")
        self.pending.clear()


def _dated_blocks(db: sqlite_utils.Database, blocks: list[str], country_of: dict, mapping: dict) -> Iterable:
    for partition in blocks:
        rows = _rows(db, "SELECT * FROM events WHERE partition = ?", [partition])
        keys = {k for r in rows for k in r["participants"]}
        ids = {(r["doc_id"], k): mapping[(r["doc_id"], k)] for r in rows for k in r["agreements"]
               if (r["doc_id"], k) in mapping}
        yield partition, rows, {k: country_of[k] for k in keys if k in country_of}, ids


def _chunks(items: list[Any], size: int) -> Iterable[list[Any]]:
    return (items[i:i + size] for i in range(0, len(items), size))


def _seed_ids(db: sqlite_utils.Database, event_type: str, undated: list[dict[str, Any]], mapping: dict) -> set[str]:
    """Dated clusters an undated report could join: those sharing an instrument with one, or a
    project named by at most ``MAX_BUCKET`` clusters (the blocking cap)."""
    if not undated:
        return set()
    instruments = {mapping.get((r["doc_id"], k)) for r in undated for k in r["agreements"]} - {None}
    projects = {k for r in undated for k in r["projects"]}
    found: set[str] = set()
    by_project: dict[str, list[str]] = defaultdict(list)
    for row in db.query("SELECT id, agreements, projects FROM consolidated_events WHERE event_type = ? "
                        "AND partition NOT LIKE '%:undated'", [event_type]):
        if instruments & {a["id"] for a in json.loads(row["agreements"] or "[]")}:
            found.add(row["id"])
        for project in json.loads(row["projects"] or "[]"):
            if project["key"] in projects:
                by_project[project["key"]].append(row["id"])
    for ids in by_project.values():
        if len(ids) <= MAX_BUCKET:
            found.update(ids)
    return found


def _undated(db: sqlite_utils.Database, event_type: str, writer: EventWriter, country_of: dict, mapping: dict) -> None:
    """Attach the undated reports of one type to its clusters (rewriting the clusters they join or leave)."""
    partition = f"{event_type}:undated"
    _drop_clusters(db, "partition = ?", [partition])
    holders = [r["consolidated_id"] for r in db.query(
        "SELECT DISTINCT consolidated_id FROM consolidated_event_sources WHERE partition = ?", [partition])]
    for row in list(db.query("SELECT doc_id, event_id FROM consolidated_event_sources WHERE partition = ?", [partition])):
        db.execute("DELETE FROM merge_links WHERE kind = 'event' AND source = ?", [f"{row['doc_id']}#{row['event_id']}"])
    db.execute("DELETE FROM consolidated_event_sources WHERE partition = ?", [partition])
    undated = _rows(db, "SELECT * FROM events WHERE partition = ?", [partition])
    members_of: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for chunk in _chunks(sorted(set(holders) | _seed_ids(db, event_type, undated, mapping)), 500):
        for row in _rows(db, "SELECT e.*, s.consolidated_id FROM consolidated_event_sources s JOIN events e "
                             f"ON e.doc_id = s.doc_id AND e.id = s.event_id WHERE s.consolidated_id IN "
                             f"({','.join('?' * len(chunk))})", chunk):
            members_of[row["consolidated_id"]].append(row)
    seeds = sorted(members_of)
    report = lambda r: event_matching.report_of(r, country_of, mapping)  # noqa: E731
    results = attach_undated([[report(r) for r in members_of[cid]] for cid in seeds],
                             [report(r) for r in undated]) if undated else []
    rows = {f"{r['doc_id']}#{r['id']}": r for r in undated}
    gained = {seeds[d["seed"]]: d for d in results if d["seed"] is not None}
    for cid in sorted(set(holders) | set(gained)):
        db.execute("DELETE FROM consolidated_events WHERE id = ?", [cid])
        db.execute("DELETE FROM consolidated_event_participants WHERE consolidated_id = ?", [cid])
        data = gained.get(cid)
        new = [rows[k] for k in data["new_members"]] if data else []
        writer.summarize(cid, members_of[cid][0]["partition"], members_of[cid] + new)
        if data:
            writer.sources(cid, new, data["agreed"][-len(new):], data["links"])
    for data in results:
        if data["seed"] is None:
            writer.write(partition, data, rows)


def consolidate(paths: Iterable[str | Path], db_path: str | Path, dask: Optional[str] = None,
                rebuild: bool = False) -> Consolidated:
    """Read record folders into the database at ``db_path`` and bring the consolidated layer up to date."""
    # The run keeps hundreds of thousands of small objects alive (rows, reports, clusters), which the
    # cyclic collector would otherwise walk again and again: it collects less often while it runs
    # (a quarter of the CPU time at 100k and 300k synthetic records; it still runs, less often).
    thresholds = gc.get_threshold()
    gc.set_threshold(100_000, 50, 1000)
    try:
        return _consolidate(paths, db_path, dask, rebuild)
    finally:
        gc.set_threshold(*thresholds)


def _consolidate(paths: Iterable[str | Path], db_path: str | Path, dask: Optional[str], rebuild: bool) -> Consolidated:
    db = open_db(db_path)
    create_consolidated(db)
    before = countries_of_actors(db)
    ingested = ingest(db, paths)
    finish_schema(db)
    country_of = countries_of_actors(db)
    mapping, changed_refs = consolidate_agreements(db)
    moved = {k for k in set(before) | set(country_of) if before.get(k) != country_of.get(k)}
    blocks = _affected(db, ingested, changed_refs, rebuild or not before)
    everything = {r["partition"] for r in db.query("SELECT DISTINCT partition FROM events")}
    for key in sorted(moved) if blocks != everything else []:
        blocks |= {r["partition"] for r in db.query("SELECT DISTINCT partition FROM events WHERE participants LIKE ?",
                                                    [f'%"{key}"%'])}
    blocks = sorted(blocks)
    dated = [b for b in blocks if not b.endswith(":undated")]
    writer = EventWriter(db, mapping, country_of)
    for partition in dated:
        writer.keys |= {r["key"] for r in db.query(
            "SELECT p.key FROM consolidated_event_participants p JOIN consolidated_events c ON c.id = p.consolidated_id "
            "WHERE c.partition = ?", [partition])}
        with db.conn:
            _drop_clusters(db, "partition = ?", [partition])
    # Every dated block is rewritten (a first load, a rebuild): nothing reads the event tables until
    # the undated step, so their indexes are built once after the writes instead of row by row.
    bulk = set(dated) == {b for b in everything if not b.endswith(":undated")}
    if bulk:
        drop_indexes(db, EVENT_TABLES)
    for partition, clusters, block_rows in run_blocks(_dated_blocks(db, dated, country_of, mapping), dask):
        if block_rows is None:
            block_rows = _rows(db, "SELECT * FROM events WHERE partition = ?", [partition])
        rows = {f"{r['doc_id']}#{r['id']}": r for r in block_rows}
        for data in clusters:
            writer.write(partition, data, rows)
    writer.flush()
    if bulk:
        create_indexes(db, EVENT_TABLES)
    for event_type in sorted({b.split(":")[0] for b in blocks}):
        with db.conn:
            _undated(db, event_type, writer, country_of, mapping)
        writer.flush()
    keys = writer.keys | moved | {r["key"] for doc_id in ingested.changed
                          for r in db.query("SELECT key FROM actors WHERE doc_id = ?", [doc_id])}
    if rebuild:
        keys |= {r["key"] for r in db.query("SELECT DISTINCT key FROM actors")}
    profiles = actor_profiles(db, keys)
    counts = {t: db[t].count for t in ("consolidated_events", "consolidated_agreements", "actor_profiles")}
    return Consolidated(len(ingested.changed), ingested.unchanged, len(dated), counts["consolidated_events"],
                        counts["consolidated_agreements"], counts["actor_profiles"] if profiles >= 0 else 0)
