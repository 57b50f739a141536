"""The record contract's validation: gold validates, bad records are named by field,
and file errors carry ``file:line``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from caspianie.errors import RecordFileError
from caspianie.contract.records import iter_records, parse_record
from caspianie.contract.refcheck import load_documents

GOLD_FILES = sorted((Path(__file__).resolve().parent.parent / "corpus" / "gold").glob("*.jsonl"))
EVENT = {"type": "event", "doc_id": "d", "id": "e1", "event_type": "visit", "trigger": "visited"}
ACTOR = {"type": "actor", "doc_id": "d", "key": "kazakhstan", "name": "Kazakhstan", "kind": "country"}


def test_there_is_gold() -> None:
    assert len(GOLD_FILES) >= 6


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_gold_file_validates(path: Path) -> None:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    records = list(iter_records(path))
    assert len(records) == len(lines)
    assert {record.doc_id for record in records} == {path.stem}


@pytest.mark.parametrize(
    "record, field",
    [
        ({**ACTOR, "key": "Kazakhstan"}, "actor.key"),
        ({**ACTOR, "country": "south kazakhstan"}, "actor.country"),
        ({**EVENT, "date": {"text": "6 May", "value": "2024/05/06", "granularity": "day"}}, "event.date.value"),
        ({**EVENT, "date": {"text": "May 2024", "value": "2024-05", "granularity": "day"}}, "granularity 'day'"),
        ({**EVENT, "event_type": "party"}, "event.event_type"),
        ({**ACTOR, "type": "person"}, "'type'"),
        ({k: v for k, v in EVENT.items() if k != "type"}, "'type'"),
    ],
)
def test_invalid_record_is_rejected_naming_the_field(record: dict[str, Any], field: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_record(record)
    assert field in str(caught.value)


def test_valid_records_parse() -> None:
    date = {"text": "September 7 - 8, 1998", "value": "1998-09-07/1998-09-08", "granularity": "day"}
    assert parse_record({**EVENT, "date": date}).date.value == "1998-09-07/1998-09-08"
    assert parse_record(ACTOR).kind == "country"


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_iter_records_reports_file_and_line_of_bad_json(tmp_path: Path) -> None:
    path = _write(tmp_path / "pred.jsonl", [json.dumps(ACTOR), "{not json", json.dumps(EVENT)])
    with pytest.raises(RecordFileError) as caught:
        list(iter_records(path))
    assert str(caught.value).startswith(f"{path}:2: invalid JSON")
    assert (caught.value.path, caught.value.line) == (str(path), 2)


def test_iter_records_reports_file_and_line_of_invalid_record(tmp_path: Path) -> None:
    path = _write(tmp_path / "pred.jsonl", [json.dumps(ACTOR), "", json.dumps({**EVENT, "event_type": "party"})])
    with pytest.raises(RecordFileError) as caught:
        list(iter_records(path))
    assert str(caught.value).startswith(f"{path}:3: event.event_type")
    assert caught.value.line == 3


def test_load_documents_groups_a_directory_by_doc_id(tmp_path: Path) -> None:
    _write(tmp_path / "one.jsonl", [json.dumps(ACTOR), json.dumps({**ACTOR, "doc_id": "e"})])
    _write(tmp_path / "two.jsonl", [json.dumps(EVENT)])
    grouped = load_documents(tmp_path)
    assert {doc_id: [r.type for r in records] for doc_id, records in grouped.items()} == {
        "d": ["actor", "event"], "e": ["actor"]}


def test_missing_path_is_a_record_file_error(tmp_path: Path) -> None:
    with pytest.raises(RecordFileError, match="no such file or directory"):
        load_documents(tmp_path / "absent.jsonl")


def test_every_v1_1_date_value_the_extractor_writes_is_read_back(nlp) -> None:
    """A week ("last week" -> 2011-W29), quarter, decade or century value is a calendar
    period: the reader accepts what the writer wrote (and still rejects 2021-W54)."""
    import json as _json

    from caspianie.contract.records import calendar_problem, parse_record
    from caspianie.batch.extract import extract_text

    records = extract_text(nlp, "Turkish Prime Minister Recep Tayyip Erdogan visited Baku last week.", doc_id="t",
                           reference="2011-07-27")
    [event] = [r for r in records if r.type == "event"]
    assert (event.date.value, event.date.granularity) == ("2011-W29", "week")
    for record in records:
        assert parse_record(_json.loads(record.model_dump_json())) == record
    assert [calendar_problem(v) is None for v in ("1998-Q3", "197", "19", "2021-W54")] == [True, True, True, False]
