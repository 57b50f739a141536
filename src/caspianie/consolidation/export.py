"""Exports of a consolidation database: PLOVER JSONL, dyadic CSV, and CSV or Parquet of every table."""

from __future__ import annotations

import csv
import json
import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Iterator, Optional

from caspianie.consolidation.dates import span
from caspianie.contract.datevalues import granularity_of
from caspianie.consolidation.places import place_countries, plover_codes
from caspianie.consolidation.plover import DyadicRow, PloverActor, PloverEvent, PloverLocation, as_dict
from caspianie.errors import CaspianieError
from caspianie.normalize import normalize_name

FORMATS = ("plover", "dyadic-csv", "csv", "parquet")


def connect(db_path: str | Path) -> sqlite3.Connection:
    """A read-only connection to a consolidation database, or a clear error."""
    if not Path(db_path).is_file():
        raise CaspianieError(f"{db_path}: no such database (run caspianie consolidate first)")
    conn = sqlite3.connect(f"file:{Path(db_path).resolve()}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        conn.execute("SELECT 1 FROM consolidated_events LIMIT 1")
    except sqlite3.DatabaseError as err:
        raise CaspianieError(f"{db_path}: not a consolidation database ({err})") from None
    return conn


@dataclass
class Actors:
    """Names, kinds and countries of actor keys (from ``actor_profiles``)."""

    rows: dict[str, sqlite3.Row]

    def country(self, key: str) -> Optional[str]:
        row = self.rows.get(key)
        if row is None or row["kind"] == "country":
            return key if row is not None else None
        return row["country"]

    def plover(self, key: str, reports: int) -> PloverActor:
        row = self.rows.get(key)
        iso = plover_codes()["country"]
        country = self.country(key)
        code = iso.get(country) if country else ("IGO" if row is not None and row["kind"] == "organization" else None)
        return PloverActor(code=code, name=row["name"] if row else key, key=key, kind=row["kind"] if row else None,
                           reports=reports)


# PLOVER's precisions are day, month and year; a v1.1 period takes the finest one that its
# first and last day (``date``, ``enddate``) still express.
PLOVER_PRECISION = {"week": "day", "quarter": "month", "half": "month", "season": "month",
                    "decade": "year", "century": "year"}


def _dates(value: str) -> tuple[str, str, str]:
    first, last = span(value)
    granularity = granularity_of(value.split("/")[0])
    return (date.fromordinal(first).isoformat(), date.fromordinal(last).isoformat(),
            PLOVER_PRECISION.get(granularity, granularity))


def roles(event_type: str, participants: list[dict[str, Any]], location: Optional[str], actors: Actors
          ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(sources, recipients): a visit's host country and its people receive the visitors; in every
    other event all participants are sources (PLOVER's rule when no side hosts)."""
    if plover_codes()["event"].get(event_type, {}).get("source") != "visit":
        return participants, []
    hosts = {p["key"] for p in participants if actors.rows.get(p["key"]) is not None
             and actors.rows[p["key"]]["kind"] == "country"}
    if not hosts and location:
        hosts = {place_countries().get(normalize_name(location))} - {None}
    visitors_countries = {actors.country(p["key"]) for p in participants if p["key"] not in hosts}
    hosts -= visitors_countries if len(hosts) > 1 else set()
    recipients = [p for p in participants if p["key"] in hosts or actors.country(p["key"]) in hosts]
    sources = [p for p in participants if p not in recipients]
    return (sources, recipients) if sources else (participants, [])


def _events(conn: sqlite3.Connection) -> Iterator[tuple[sqlite3.Row, list[dict[str, Any]]]]:
    for row in conn.execute("SELECT * FROM consolidated_events WHERE date_value IS NOT NULL ORDER BY date_value, id"):
        yield row, json.loads(row["participants"] or "[]")


def plover_events(conn: sqlite3.Connection) -> Iterator[PloverEvent]:
    """Dated consolidated events with participants and a PLOVER category (elections have none)."""
    actors = Actors({r["key"]: r for r in conn.execute("SELECT key, name, kind, country FROM actor_profiles")})
    events = plover_codes()["event"]
    for row, participants in _events(conn):
        code = events.get(row["event_type"], {})
        if not participants or not code.get("plover"):
            continue
        sources, recipients = roles(row["event_type"], participants, row["location"], actors)
        first, last, precision = _dates(row["date_value"])
        members = conn.execute("SELECT doc_id, event_id, evidence_text FROM consolidated_event_sources "
                               "WHERE consolidated_id = ? ORDER BY doc_id, event_id", [row["id"]]).fetchall()
        location = None
        if row["location"]:
            country = place_countries().get(normalize_name(row["location"]))
            location = PloverLocation(placename=row["location"], country_code=plover_codes()["country"].get(country))
        yield PloverEvent(
            id=row["id"], date=first, enddate=last if last != first else None, date_precision=precision,
            source=[actors.plover(p["key"], p["reports"]) for p in sources],
            recipient=[actors.plover(p["key"], p["reports"]) for p in recipients],
            event=[code["plover"]], mode=code.get("modes", []), quad_code=code["quad"], event_loc=location,
            event_text=sorted({m["evidence_text"] for m in members if m["evidence_text"]}),
            cameo=row["cameo"], link=row["id"], n_sources=row["n_sources"],
            sources=[f"{m['doc_id']}#{m['event_id']}" for m in members])


def dyadic_rows(conn: sqlite3.Connection) -> Iterator[DyadicRow]:
    """One row per source-target pair per dated consolidated event (every unordered pair of
    participants when no side receives; a lone participant gets an empty target)."""
    actors = Actors({r["key"]: r for r in conn.execute("SELECT key, name, kind, country FROM actor_profiles")})
    events = plover_codes()["event"]
    for row, participants in _events(conn):
        if not participants:
            continue
        sources, recipients = roles(row["event_type"], participants, row["location"], actors)
        keys = sorted(p["key"] for p in sources)
        if recipients:
            pairs = [(s, r["key"], True) for s in keys for r in sorted(recipients, key=lambda p: p["key"])]
        elif len(keys) > 1:
            pairs = [(a, b, False) for i, a in enumerate(keys) for b in keys[i + 1:]]
        else:
            pairs = [(keys[0], None, False)]
        first, last, precision = _dates(row["date_value"])
        for source, target, directed in pairs:
            yield DyadicRow(event_id=row["id"], date=first, enddate=last, date_precision=precision,
                            event_type=row["event_type"], plover=events.get(row["event_type"], {}).get("plover"),
                            cameo=row["cameo"], source=source, source_country=actors.country(source),
                            target=target, target_country=actors.country(target) if target else None,
                            directed=directed, location=row["location"], n_sources=row["n_sources"],
                            n_documents=row["n_documents"])


def tables(conn: sqlite3.Connection) -> list[str]:
    """The data tables of the database (not the full-text index's own tables)."""
    return [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                       "AND name NOT LIKE 'events_fts%' AND name NOT LIKE 'sqlite_%' ORDER BY name")]


def _write_csv(path: Path, header: list[str], rows: Iterator[Any]) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def export(db_path: str | Path, fmt: str, output: str | Path) -> list[tuple[Path, int]]:
    """Write ``fmt`` (one of ``FORMATS``) to ``output`` (a file for plover and dyadic-csv, a directory
    for csv and parquet); returns (path, rows) for every file written."""
    conn = connect(db_path)
    out = Path(output)
    if fmt == "plover":
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8") as handle:
            count = 0
            for event in plover_events(conn):
                handle.write(json.dumps(as_dict(event), ensure_ascii=False) + "\n")
                count += 1
        return [(out, count)]
    if fmt == "dyadic-csv":
        out.parent.mkdir(parents=True, exist_ok=True)
        header = list(DyadicRow.model_fields)
        rows = ([getattr(r, f) for f in header] for r in dyadic_rows(conn))
        return [(out, _write_csv(out, header, rows))]
    if fmt not in ("csv", "parquet"):
        raise CaspianieError(f"--format {fmt}: choose one of {', '.join(FORMATS)}")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for table in tables(conn):
        cursor = conn.execute(f"SELECT * FROM [{table}]")
        header = [c[0] for c in cursor.description]
        if fmt == "csv":
            written.append((out / f"{table}.csv", _write_csv(out / f"{table}.csv", header, cursor)))
        else:
            written.append((out / f"{table}.parquet", _write_parquet(out / f"{table}.parquet", header, cursor)))
    return written


def _write_parquet(path: Path, header: list[str], cursor: sqlite3.Cursor) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise CaspianieError('--format parquet needs pyarrow: pip install "caspianie[parquet]"') from None
    writer, count = None, 0
    while True:
        batch = cursor.fetchmany(50_000)
        if not batch and writer is not None:
            break
        columns = {name: [row[i] for row in batch] for i, name in enumerate(header)}
        table = pa.table(columns)
        if writer is None:
            writer = pq.ParquetWriter(str(path), table.schema)
        writer.write_table(table.cast(writer.schema) if table.num_rows else table)
        count += len(batch)
        if not batch:
            break
    writer.close()
    return count
