"""Consolidation across articles: exact clusters for hand-made reports, order independence,
incremental updates, SQL over the database, exports validated against their models."""

from __future__ import annotations

import csv
import json
import random
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic import ValidationError

from caspianie.cli import main
from caspianie.consolidation.build import consolidate
from caspianie.consolidation.dates import most_precise
from caspianie.consolidation.export import export
from caspianie.consolidation.plover import DyadicRow, PloverEvent
from caspianie.contract.datevalues import granularity_of
from caspianie.evaluation.clusters import score_clusters

GOLD = Path(__file__).resolve().parent.parent / "corpus" / "gold"
CLUSTERS = GOLD.parent / "clusters"
TABLES = ("consolidated_events", "consolidated_event_sources", "consolidated_event_participants",
          "consolidated_agreements", "consolidated_agreement_sources", "merge_links", "actor_profiles")


def dump(db: Path) -> dict[str, list[tuple]]:
    """Every consolidated table as sorted rows: what 'identical output' compares."""
    with sqlite3.connect(db) as conn:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in TABLES}


def actor(doc: str, key: str, kind: str = "country", country: str | None = None) -> dict:
    return {"type": "actor", "doc_id": doc, "key": key, "name": key.replace("-", " ").title(), "kind": kind,
            "country": country, "aliases": [], "roles": [], "mentions": []}


def signing(doc: str, value: str, place: str | None = "Baku", ident: str = "e1") -> list[dict]:
    gran = granularity_of(value)
    return [actor(doc, "azerbaijan"), actor(doc, "kazakhstan"),
            {"type": "agreement", "doc_id": doc, "key": "decl", "name": "Declaration on Allied Relations",
             "kind": "declaration", "parties": ["azerbaijan", "kazakhstan"],
             "date": {"text": value, "value": value, "granularity": gran}, "place": place, "status": "signed"},
            {"type": "event", "doc_id": doc, "id": ident, "event_type": "signing",
             "date": {"text": value, "value": value, "granularity": gran, "basis": "stated"}, "location": place,
             "participants": ["azerbaijan", "kazakhstan"], "agreements": ["decl"], "projects": [], "trigger": "signed",
             "evidence": {"text": "signed", "start": 0, "end": 6}}]


def write(folder: Path, records: list[dict]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    by_doc: dict[str, list[dict]] = {}
    for record in records:
        by_doc.setdefault(record["doc_id"], []).append(record)
    for doc, rows in by_doc.items():
        (folder / f"{doc}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return folder


def test_month_and_day_reports_become_one_event_at_the_day(tmp_path):
    folder = write(tmp_path / "in", signing("a", "2024-03") + signing("b", "2024-03-12"))
    consolidate([folder], tmp_path / "db.sqlite")
    with sqlite3.connect(tmp_path / "db.sqlite") as conn:
        rows = conn.execute("SELECT date_value, date_granularity, n_sources, date_conflicts FROM consolidated_events"
                            ).fetchall()
        sources = conn.execute("SELECT doc_id, date_value, date_basis FROM consolidated_event_sources ORDER BY doc_id"
                               ).fetchall()
        agreed = conn.execute("SELECT agreed FROM merge_links WHERE kind = 'event'").fetchall()
        names = conn.execute("SELECT n_sources, status FROM consolidated_agreements").fetchall()
    assert rows == [("2024-03-12", "day", 2, "[]")]
    assert sources == [("a", "2024-03", "stated"), ("b", "2024-03-12", "stated")]
    assert set(json.loads(agreed[0][0])) >= {"date_period", "agreements", "participants", "location"}
    assert names == [(2, "signed")]


def test_a_week_report_consolidates_and_exports(tmp_path):
    """v1.1 values ("last week" -> 2011-W29) are day spans like any other: a week report and a
    day inside it are one event at the day; a week alone exports as its first and last day."""
    db = tmp_path / "db.sqlite"
    consolidate([write(tmp_path / "in", signing("a", "2011-W29") + signing("b", "2011-07-20"))], db)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT date_value, date_granularity FROM consolidated_events").fetchall() == [
            ("2011-07-20", "day")]
    consolidate([write(tmp_path / "week", signing("c", "2011-W29"))], tmp_path / "week.sqlite")
    export(tmp_path / "week.sqlite", "plover", tmp_path / "plover.jsonl")
    [row] = [json.loads(line) for line in (tmp_path / "plover.jsonl").read_text(encoding="utf-8").splitlines()]
    assert (row["date"], row["enddate"], row["date_precision"]) == ("2011-07-18", "2011-07-24", "day")


def test_conflicting_days_are_kept_and_recorded_only_with_overwhelming_evidence(tmp_path):
    records = signing("a", "2024-03-12") + signing("b", "2024-03-12") + signing("c", "2024-03-14")
    other = signing("d", "2024-03-20")
    other[2]["name"] = "Agreement on International Road Transport"
    consolidate([write(tmp_path / "in", records + other)], tmp_path / "db.sqlite")
    with sqlite3.connect(tmp_path / "db.sqlite") as conn:
        rows = conn.execute("SELECT date_value, n_sources, date_conflicts FROM consolidated_events "
                            "ORDER BY n_sources DESC").fetchall()
    assert rows[0][:2] == ("2024-03-12", 3)
    assert json.loads(rows[0][2]) == [{"value": "2024-03-14", "reports": 1, "sources": ["c#e1"]}]
    assert rows[1][:2] == ("2024-03-20", 1)


def test_different_pairs_on_one_day_stay_apart(tmp_path):
    def meeting(doc, people):
        return [actor(doc, p, "person", c) for p, c in people] + [
            {"type": "event", "doc_id": doc, "id": "e1", "event_type": "meeting",
             "date": {"text": "5 December 2023", "value": "2023-12-05", "granularity": "day"}, "location": "Moscow",
             "participants": [p for p, _ in people], "agreements": [], "projects": [], "trigger": "met"}]
    records = (meeting("a", [("lavrov", "russia"), ("bayramov", "azerbaijan")])
               + meeting("b", [("abdollahian", "iran"), ("bayramov", "azerbaijan")])
               + meeting("c", [("bayramov", "azerbaijan"), ("lavrov", "russia")]))
    consolidate([write(tmp_path / "in", records)], tmp_path / "db.sqlite")
    with sqlite3.connect(tmp_path / "db.sqlite") as conn:
        groups = sorted(tuple(sorted(json.loads(r[0]))) for r in conn.execute(
            "SELECT json_group_array(doc_id) FROM consolidated_event_sources GROUP BY consolidated_id"))
    assert groups == [("a", "c"), ("b",)]


def _shuffled_copy(source: Path, target: Path, seed: int) -> Path:
    """All gold records in one file, documents and lines in a random order."""
    lines = [line for file in sorted(source.glob("*.jsonl")) for line in file.read_text(encoding="utf-8").splitlines()
             if line.strip()]
    random.Random(seed).shuffle(lines)
    target.mkdir(parents=True, exist_ok=True)
    (target / "all.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def test_shuffled_input_gives_identical_database(tmp_path):
    consolidate([GOLD], tmp_path / "a.db")
    consolidate([_shuffled_copy(GOLD, tmp_path / "shuffled", 7)], tmp_path / "b.db")
    first, second = dump(tmp_path / "a.db"), dump(tmp_path / "b.db")
    assert first == second
    assert len(first["consolidated_events"]) < sum(1 for _ in GOLD.glob("*.jsonl")) * 12


def test_name_weights_sum_the_same_in_any_order():
    """A set's iteration order follows the hash seed: the weight of a word set must not."""
    from caspianie.consolidation.agreements import Weights

    weights = Weights([frozenset({"a"})])
    weights.idf = {"big": 1e16, "one": 1.0, "minus": -1e16}
    assert weights.mass(["one", "big", "minus"]) == weights.mass(["big", "minus", "one"]) == 1.0


def test_hash_seed_does_not_change_the_database(tmp_path):
    """Name weights were summed in a set's order, which the hash seed changes; two runs
    with different seeds now give the same rows (``math.fsum`` is order-independent)."""
    import os
    import subprocess
    import sys

    for seed in ("1", "2"):
        subprocess.run([sys.executable, "-c", "from caspianie.cli.main import main; main()", "consolidate",
                        str(GOLD), "-o", str(tmp_path / f"{seed}.db")], check=True, capture_output=True,
                       env={**os.environ, "PYTHONHASHSEED": seed})
    assert dump(tmp_path / "1.db") == dump(tmp_path / "2.db")


def test_adding_articles_later_equals_building_at_once(tmp_path):
    files = sorted(GOLD.glob("*.jsonl"))
    half = tmp_path / "half"
    half.mkdir()
    for file in files[: len(files) // 2]:
        (half / file.name).write_bytes(file.read_bytes())
    consolidate([half], tmp_path / "step.db")
    summary = consolidate([GOLD], tmp_path / "step.db")
    assert summary.unchanged == len(files) // 2
    again = consolidate([GOLD], tmp_path / "step.db")
    assert (again.documents, again.blocks) == (0, 0)
    consolidate([GOLD], tmp_path / "once.db")
    assert dump(tmp_path / "step.db") == dump(tmp_path / "once.db")


@pytest.fixture(scope="module")
def gold_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("gold") / "gold.db"
    consolidate([GOLD], db)
    return db


def test_sql_counts_real_meetings_not_articles(gold_db):
    query = """
        SELECT COUNT(*), SUM(c.n_sources) FROM consolidated_events c
        WHERE c.event_type = 'visit' AND c.date_value LIKE '2024-03%'
          AND c.id IN (SELECT consolidated_id FROM consolidated_event_participants WHERE key = 'kassym-jomart-tokayev')
    """
    with sqlite3.connect(gold_db) as conn:
        assert conn.execute(query).fetchone() == (1, 3)
        hits = conn.execute("SELECT doc_id, id FROM events_fts JOIN events ON events.rowid = events_fts.rowid "
                            "WHERE events_fts MATCH 'ratified' ORDER BY doc_id, id").fetchall()
    assert hits == [("az-president-phone-call-and-reception-2024", "e6"),
                    ("caspian-energy-milestones-analysis-2021", "e17"),
                    ("mid-ru-lavrov-caspian-fm-statement-2023", "e5"), ("turkmenistan-azerbaijan-tcgp-analysis", "e18")]


def test_cluster_gold_is_met_on_gold_records(gold_db):
    result = CliRunner().invoke(main, ["evaluate", "--clusters", str(CLUSTERS), "--db", str(gold_db)])
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line.split() for line in result.output.splitlines()[1:]}
    assert float(rows["events"][5]) >= 85.0 and float(rows["agreements"][5]) >= 90.0


def test_plover_and_dyadic_exports_validate(gold_db, tmp_path):
    [(plover, n_events)] = export(gold_db, "plover", tmp_path / "plover.jsonl")
    events = [PloverEvent.model_validate(json.loads(line)) for line in plover.read_text().splitlines()]
    assert len(events) == n_events > 100
    visit = next(e for e in events if e.mode == ["visit"] and e.date == "2024-03-12")
    assert [a.key for a in visit.source] == ["kassym-jomart-tokayev"] and visit.recipient[0].code == "AZE"
    [(dyads, n_rows)] = export(gold_db, "dyadic-csv", tmp_path / "dyads.csv")
    with dyads.open(encoding="utf-8") as handle:
        rows = [DyadicRow.model_validate({k: (v if v != "" else None) for k, v in row.items()})
                for row in csv.DictReader(handle)]
    assert len(rows) == n_rows and any(r.directed and r.target == "azerbaijan" for r in rows)


def test_plover_model_refuses_a_mode_of_another_category():
    with pytest.raises(ValidationError, match="not a PLOVER mode"):
        PloverEvent(id="x", date="2024-01-01", date_precision="day", source=[{"name": "A", "key": "a"}],
                    event=["SUPPORT"], mode=["visit"], quad_code=1, n_sources=1, sources=["d#e1"])


def test_csv_and_parquet_write_every_table(gold_db, tmp_path):
    written = export(gold_db, "csv", tmp_path / "csv")
    names = {p.stem for p, _ in written}
    assert {"events", "consolidated_events", "actor_profiles", "consolidated_agreements"} <= names
    pytest.importorskip("pyarrow")
    parquet = dict(export(gold_db, "parquet", tmp_path / "pq"))
    assert parquet[tmp_path / "pq" / "consolidated_events.parquet"] == dict(written)[tmp_path / "csv" /
                                                                                     "consolidated_events.csv"]


def test_most_precise_date_keeps_conflicts():
    assert most_precise(["2022-11", "2022-11-25", "2022-11-25", "2022-11-28"]) == (
        "2022-11-25", [{"value": "2022-11-28", "reports": 1}])
    assert most_precise(["2024-03", "2024-03-11/2024-03-12", "2024-03-12"]) == ("2024-03-12", [])
    assert most_precise([None]) == (None, [])


def test_pairwise_and_bcubed_scores():
    gold = [{"a", "b", "c"}]
    pred = [{"a", "b"}, {"c", "d"}]
    result = score_clusters(gold, pred, {"a", "b", "c", "d"})
    assert result["pairwise"]["p"] == 0.5 and result["pairwise"]["r"] == pytest.approx(1 / 3)
    assert result["bcubed"]["p"] == pytest.approx((1 + 1 + 0.5 + 0.5) / 4)
    assert result["bcubed"]["r"] == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4)


def test_cli_errors_are_one_line(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["export", str(tmp_path / "missing.db"), "--format", "plover", "-o", "x"])
    assert result.exit_code == 2 and result.output.startswith("error: ") and "Traceback" not in result.output
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "x.jsonl").write_text('{"type": "event", "doc_id": "x"}\n', encoding="utf-8")
    result = runner.invoke(main, ["consolidate", str(bad), "-o", str(tmp_path / "db.sqlite")])
    assert result.exit_code == 2 and f"{bad / 'x.jsonl'}:1:" in result.output


def test_inspect_reads_a_database(gold_db):
    result = CliRunner().invoke(main, ["inspect", str(gold_db), "--event-type", "summit", "--since", "2022"])
    assert result.exit_code == 0, result.output
    assert "2022-06-29" in result.output and "Ashgabat" in result.output


def test_report_draws_consolidated_events_with_links_to_sources(gold_db, tmp_path):
    result = CliRunner().invoke(main, ["report", str(GOLD), "-o", str(tmp_path / "site"), "--db", str(gold_db)])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "site" / "consolidated.html").read_text(encoding="utf-8")
    with sqlite3.connect(gold_db) as conn:
        dated = conn.execute("SELECT COUNT(*) FROM consolidated_events WHERE date_value IS NOT NULL").fetchone()[0]
        [(cid,)] = conn.execute("SELECT consolidated_id FROM consolidated_event_sources "
                                "WHERE doc_id = 'mid-ru-lavrov-caspian-fm-statement-2023' AND event_id = 'e4'")
    assert html.count('class="ce-mark"') == dated
    assert f'data-id="{cid}" data-sources="9"' in html
    assert 'href="docs/mid-ru-lavrov-caspian-fm-statement-2023.html#ev-e4"' in html


def test_dask_partitions_give_the_same_database(tmp_path):
    pytest.importorskip("dask.distributed")
    consolidate([GOLD], tmp_path / "local.db")
    consolidate([GOLD], tmp_path / "dask.db", dask="local:1")
    assert dump(tmp_path / "local.db") == dump(tmp_path / "dask.db")
